"""Completing a listed person's missing kind of disability, where the gap is met.

A village list may say "disabilitas" and not which; recording that person is refused
until it is known (issue 59 §2).  The ketua completes it in Perencanaan → Sasaran the
evening before, and the petugas who meets the refusal in Perekaman is asked it on the
spot, then recording starts.  The store call is :func:`fieldkit.planning.target_edit.
complete_disability_kind`: one function for both screens.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from fieldkit.errors import KnownError
from fieldkit.planning import target_edit
from ui.design import clear_field_error, keep_field_error_room, mark_primary, show_field_error
from ui.messages import explain

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

translate = QCoreApplication.translate

DIALOG_WIDTH_PX = 520


def missing_kind_text() -> str:
    """The list's empty cell, as the target list shows it: something to complete."""
    return "⚠ " + translate("TargetCompletion", "not filled in")


class DisabilityKindDialog(QDialog):
    """Ask the kind of disability of one listed person, and store it; Enter saves."""

    # Emitted once the kind is stored, with the target as the store now has it.
    completed = Signal(object)

    def __init__(
        self, workspace: Workspace, target_id: str, name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.target_id = target_id
        title = translate("TargetCompletion", "Complete the kind of disability")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(DIALOG_WIDTH_PX)
        note = QLabel(
            translate(
                "TargetCompletion",
                "%1 is listed as disabilitas, but the list does not say which. Type it as"
                " the person or the family says it: recording needs it.",
            ).replace("%1", name)
        )
        note.setWordWrap(True)
        self.kind = QLineEdit()
        self.kind.setMaxLength(target_edit.MAX_DISABILITY_KIND)
        self.kind.setAccessibleName(translate("TargetCompletion", "Kind of disability"))
        self.kind.setPlaceholderText(
            translate(
                "TargetCompletion",
                "for example: disabilitas netra, fisik, rungu, wicara, intelektual or mental",
            )
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(
            translate("TargetCompletion", "Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        mark_primary(self.save_button)
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)
        self.kind.textChanged.connect(lambda text: self.save_button.setEnabled(bool(text.strip())))
        self.kind.textEdited.connect(lambda _text: clear_field_error(self.kind))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow(translate("TargetCompletion", "Kind of disability"), self.kind)
        keep_field_error_room(self.kind)  # a refusal under the field moves nothing
        form.addRow(self.buttons)
        # As tall as its words at its width: the size hint wraps them at half of it, and
        # left a band of nothing under the buttons.
        form.activate()
        self.resize(DIALOG_WIDTH_PX, form.totalHeightForWidth(DIALOG_WIDTH_PX))
        self.kind.setFocus()

    def save(self) -> None:
        try:
            info = target_edit.complete_disability_kind(
                self.workspace, self.target_id, self.kind.text()
            )
        except KnownError as error:
            show_field_error(self.kind, explain(error))
            return
        self.accept()
        self.completed.emit(info)
