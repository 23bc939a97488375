"""Quitting: ask first when it means more than closing a window, and say what happens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from fieldkit.errors import KnownError

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace


def quit_warning(workspace: Workspace, *, demo: bool) -> str | None:
    """What quitting now would mean: the demo's data goes, unfinished drafts stay."""
    if demo:
        return QCoreApplication.translate(
            "MainWindow", "This is the demo: its training data is deleted when FieldKit closes."
        )
    from fieldkit.enrollment import flow  # noqa: PLC0415 - only when quitting

    try:
        drafts = flow.list_drafts(workspace)
    except KnownError:
        return None
    if drafts:
        return QCoreApplication.translate(
            "MainWindow",
            "%n enrollment(s) are not finished. They stay on this laptop, encrypted, "
            "and can be resumed from the Drafts tab after the next login.",
            "",
            len(drafts),
        )
    return None


def confirm_quit(parent: QWidget, workspace: Workspace, *, demo: bool) -> bool:
    """Ask before quitting with unfinished work or from the demo; True to go on."""
    warning = quit_warning(workspace, demo=demo)
    if warning is None:
        return True
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("MainWindow", "Quit FieldKit?"),
        warning,
        parent=parent,
    )
    leave = box.addButton(
        QCoreApplication.translate("MainWindow", "Quit"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(
        QCoreApplication.translate("MainWindow", "Stay"), QMessageBox.ButtonRole.RejectRole
    )
    box.exec()
    return box.clickedButton() is leave
