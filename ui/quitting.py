"""Quitting: ask first when it means more than closing a window, and say what happens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from fieldkit.errors import KnownError
from ui import workers

if TYPE_CHECKING:
    from collections.abc import Sequence

    from fieldkit.devices import DeviceSupervisor
    from fieldkit.workspace import Workspace
    from ui.bridge import EventBridge


def quit_warning(
    workspace: Workspace,
    *,
    demo: bool,
    unsaved: Sequence[str] = (),
    recording: str | None = None,
) -> str | None:
    """What quitting now would mean: unsaved typing goes, demo data goes, drafts stay.

    ``recording`` names the person whose recording is open: what is at stake first,
    before any typing elsewhere (issue 36: the demo named Sinkronisasi's fields and
    not the recording on screen).
    """
    parts = []
    if recording is not None:
        parts.append(open_recording(recording, demo=demo))
    if unsaved:
        parts.append(lost_typing(unsaved))
    if demo:
        parts.append(
            QCoreApplication.translate(
                "MainWindow",
                "This is the demo: its training data is deleted when FieldKit closes.",
            )
        )
    else:
        drafts = _unfinished_drafts(workspace)
        if drafts:
            parts.append(
                QCoreApplication.translate(
                    "MainWindow",
                    "%n enrollment(s) are not finished. They stay on this laptop, encrypted, "
                    "and can be resumed from the Drafts tab after the next login.",
                    "",
                    drafts,
                )
            )
    return "\n\n".join(parts) if parts else None


def open_recording(person: str, *, demo: bool) -> str:
    """The open recording, by the person's name, and what quitting does to it."""
    if demo:
        text = QCoreApplication.translate(
            "MainWindow",
            "The recording of %1, open now, is deleted with the training data.",
        )
    else:
        text = QCoreApplication.translate(
            "MainWindow",
            "The recording of %1, open now, is kept as a draft: resume it from the Drafts "
            "tab after the next login.",
        )
    return text.replace("%1", person)


def lost_typing(screens: Sequence[str]) -> str:
    """The screens whose typed, unsaved fields would be lost, in one sentence."""
    return QCoreApplication.translate(
        "MainWindow", "What was typed and not saved on %1 will be lost."
    ).replace("%1", ", ".join(screens))


def _unfinished_drafts(workspace: Workspace) -> int:
    from fieldkit.enrollment import flow  # noqa: PLC0415 - only when quitting

    try:
        return len(flow.list_drafts(workspace))
    except KnownError:
        return 0


def confirm_quit(
    parent: QWidget,
    workspace: Workspace,
    *,
    demo: bool,
    unsaved: Sequence[str] = (),
    recording: str | None = None,
) -> bool:
    """Ask before quitting with unfinished work or from the demo; True to go on."""
    warning = quit_warning(workspace, demo=demo, unsaved=unsaved, recording=recording)
    if warning is None:
        return True
    question = QCoreApplication.translate("MainWindow", "Quit FieldKit?")
    box = QMessageBox(QMessageBox.Icon.Question, question, question, parent=parent)
    box.setInformativeText(warning)  # the title bar may not show: the question is in the box
    leave = box.addButton(
        QCoreApplication.translate("MainWindow", "Quit"), QMessageBox.ButtonRole.AcceptRole
    )
    stay = box.addButton(
        QCoreApplication.translate("MainWindow", "Stay"), QMessageBox.ButtonRole.RejectRole
    )
    if unsaved or recording is not None:  # Enter must not throw work away
        box.setDefaultButton(stay)
    box.exec()
    return box.clickedButton() is leave


def shut_down(
    enrollment: object,
    supervisor: DeviceSupervisor | None,
    bridge: EventBridge,
    workspace: Workspace,
) -> None:
    """The window closes for good: stop what reads the devices and the store, then close it.

    The enrollment screen's preview thread reads a device the supervisor stops, and
    background work writes to the store closed last.
    """
    shutdown = getattr(enrollment, "shutdown", None)
    if callable(shutdown):
        shutdown()
    if supervisor is not None:
        supervisor.stop()
    workers.wait_for_all()
    bridge.detach()
    workspace.close()
