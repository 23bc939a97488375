"""Perekaman's Draf tab: the visit's paused recordings, resumed or discarded with a reason.

Its own widget since issue 36 grew the start screen (the visit-day question, the
walk-in form's field errors) past the 600-line rule; the start screen fills the
table with the rest of the visit (:meth:`ui.enrollment.start.StartScreen.load_visit`),
so both read the store once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.enrollment import flow
from fieldkit.errors import KnownError
from ui.common import read_only_table, row_key
from ui.design.empty import empty_state
from ui.design.pill import pill_column
from ui.enrollment.dialogs import DiscardDraftDialog
from ui.messages import explain

if TYPE_CHECKING:
    from ui.enrollment.host import EnrollmentHost


class DraftsTab(QWidget):
    """The drafts table with Lanjutkan and Hapus; says when a draft went (``discarded``)."""

    #: A draft was discarded: the visit's lists are read again.
    discarded = Signal()

    def __init__(self, host: EnrollmentHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("NIK"), self.tr("Status"), self.tr("Still to do")]
        )
        read_only_table(self.table)
        name_and_whole_nik(self.table)
        pill_column(self.table, 2)  # its state: ◐ dijeda
        self.empty = empty_state(
            self.table,
            self.tr("No recording is paused on this visit."),
            self.tr("A recording paused with the Pause button appears here, to be resumed later."),
        )
        self.table.activated.connect(lambda _index: self.resume_selected())
        self.resume_button = QPushButton(self.tr("Resume the selected draft"))
        self.resume_button.clicked.connect(self.resume_selected)
        self.discard_button = QPushButton(self.tr("Discard the selected draft…"))
        self.discard_button.clicked.connect(self.discard_selected)
        self.discard_dialog: DiscardDraftDialog | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.resume_button)
        buttons.addStretch(1)
        buttons.addWidget(self.discard_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def resume_selected(self) -> None:
        draft_id = row_key(self.table)
        if draft_id is None:
            self.host.status.error(self.tr("Pick a draft first."))
            return
        ws = self.host.workspace
        self.host.status.clear()  # "Paused. The draft is kept" no longer holds
        view = flow.get_enrollment(ws, draft_id)
        if view.status == "paused":
            self.host.run(lambda: flow.resume_enrollment(ws, draft_id))
        else:
            self.host.show_view(view)

    def discard_selected(self) -> DiscardDraftDialog | None:
        """Ask why, then erase the chosen draft (the action the outcome's refusal names)."""
        draft_id = row_key(self.table)
        if draft_id is None:
            self.host.status.error(self.tr("Pick a draft first."))
            return None
        self.host.status.clear()
        row = self.table.currentRow()
        cells = (self.table.item(row, column) for column in (0, 1))
        person = " · ".join(cell.text() for cell in cells if cell is not None)
        dialog = DiscardDraftDialog(person, self)
        dialog.accepted.connect(lambda: self._discard(draft_id, dialog.reason.text()))
        self.discard_dialog = dialog
        dialog.open()
        return dialog

    def _discard(self, draft_id: str, reason: str) -> None:
        try:
            flow.discard_enrollment(self.host.workspace, draft_id, reason)
        except KnownError as error:
            self.host.status.error(explain(error))
            return
        self.host.status.ok(self.tr("Draft discarded; its captures are erased."))
        self.discarded.emit()


def name_and_whole_nik(table: QTableWidget) -> None:
    """The name takes the room left; the masked NIK is always whole.

    Two drafts of one family read "Demo …" / "3315*****…" alike when the NIK was cut:
    its last digits are what tells them apart.
    """
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
