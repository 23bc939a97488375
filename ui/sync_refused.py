"""The records the data center refused, kept in sight on the sync screen; one may go again.

Apart from the sync screen's enrolling and sending because it follows the
delivery's requeue rule (``fieldkit.delivery.requeue``: who may, what it asks),
not the transfer.  Its words keep the sync screen's translation context
(``SyncPage``), so the catalogue's translations carry over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from fieldkit.delivery.flow import DeliveryOutcome
from fieldkit.delivery.requeue import refused as refused_records
from fieldkit.delivery.requeue import requeue as requeue_record
from fieldkit.errors import KnownError
from fieldkit.permissions import may_requeue
from sync.client.outcomes import outcome_of
from ui.common import read_only_table, tip_cells
from ui.dates import moment_text
from ui.design.pill import PillKind, mark_pill_cell, pill_column
from ui.messages import explain_any
from ui.sync_catalogue import record_text

if TYPE_CHECKING:
    from fieldkit.records.outbox import RecordInfo
    from fieldkit.workspace import Workspace
    from ui.common import StatusLine

#: A bare call, which lupdate extracts with its literal context.
translate = QCoreApplication.translate


class RefusedBox(QGroupBox):
    """Records the data center refused, kept in sight; the office may send one again.

    Shown only when there is one.  A petugas reads why; an operator or an admin
    (``may_requeue``) may also put a record refused by mistake back in the queue,
    after a question whose safe answer is the default.
    """

    #: A record was put back in the queue: the screen's counts changed.
    requeued = Signal()

    def __init__(self, workspace: Workspace, status: StatusLine) -> None:
        super().__init__(translate("SyncPage", "Refused by the data center"))
        self.workspace = workspace
        self.status = status
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [
                translate("SyncPage", "Record"),
                translate("SyncPage", "State"),
                translate("SyncPage", "Why"),
                translate("SyncPage", "Sealed on"),
            ]
        )
        read_only_table(self.table)
        self.table.setMinimumHeight(96)
        self.table.setAccessibleName(translate("SyncPage", "Records refused by the data center"))
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        pill_column(self.table, 1)
        self.table.itemSelectionChanged.connect(self._chosen)
        self.requeue_button = QPushButton(translate("SyncPage", "Put back in the queue…"))
        self.requeue_button.setEnabled(False)
        # As wide as its words: alone in its row it stretched across the whole screen.
        self.requeue_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.requeue_button.clicked.connect(self.requeue)
        self.requeue_question: QMessageBox | None = None
        self.requeue_note = QLabel(
            translate(
                "SyncPage",
                "A record refused by mistake can be sent again: an operator or an admin decides.",
            )
        )
        self.requeue_note.setWordWrap(True)
        allowed = may_requeue(workspace.officer)
        self.requeue_button.setVisible(allowed)
        self.requeue_note.setVisible(not allowed)
        self._rows: list[RecordInfo] = []
        row = QHBoxLayout()
        row.addWidget(self.requeue_button, 0, Qt.AlignmentFlag.AlignLeft)
        row.addWidget(self.requeue_note, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.setVisible(False)

    def _chosen(self) -> None:
        self.requeue_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def reload(self) -> None:
        self._rows = refused_records(self.workspace)
        self.table.setRowCount(len(self._rows))
        for n, info in enumerate(self._rows):
            sealed = moment_text(info.sealed_at)
            state = "✖ " + translate("SyncPage", "refused")
            items = [QTableWidgetItem(v) for v in (info.record_id[:8], state, _why(info), sealed)]
            mark_pill_cell(items[1], PillKind.DANGER)
            for column, item in enumerate(items):
                self.table.setItem(n, column, item)
        tip_cells(self.table)
        self.setVisible(bool(self._rows))
        self._chosen()

    def requeue(self) -> None:
        """Ask, then put the chosen refused record back among those waiting to be sent."""
        row = self.table.currentRow()
        if not 0 <= row < len(self._rows):
            return
        info = self._rows[row]
        short = info.record_id[:8]
        title = translate("SyncPage", "Put back in the queue")
        question = QMessageBox(
            QMessageBox.Icon.Question,
            title,
            translate("SyncPage", "Put record %1 back in the queue to send?").replace("%1", short),
            parent=self,
        )
        question.setInformativeText(
            translate(
                "SyncPage",
                "The data center refused it: %1 It goes out again with the next sync or USB "
                "export. If the data center refuses it again, it says why again.",
            ).replace("%1", _why(info))
        )
        put_back = question.addButton(
            translate("SyncPage", "Put back"), QMessageBox.ButtonRole.AcceptRole
        )
        cancel = question.addButton(
            translate("SyncPage", "Cancel"), QMessageBox.ButtonRole.RejectRole
        )
        question.setDefaultButton(cancel)  # Enter must not send a refused record again
        self.requeue_question = question
        question.exec()
        self.requeue_question = None
        if question.clickedButton() is not put_back:
            return
        try:
            requeue_record(self.workspace, info.record_id)
        except KnownError as error:
            self.status.error(explain_any(error))
        else:
            self.status.ok(
                translate("SyncPage", "Record %1 is waiting to be sent again.").replace("%1", short)
            )
        self.requeued.emit()


def _why(info: RecordInfo) -> str:
    return record_text(outcome_of(info, DeliveryOutcome.REJECTED, info.reason or "rejected"))
