"""Sync: enroll this laptop with the data center, push the sealed records, or export to USB.

The buttons call ``sync.client`` (``enroll_laptop``, ``SyncClient.push``,
``export_records``) on the thread pool; the push's progress events
(``BatchEvent``, ``RecordEvent``) come back by signal, so the bar moves while
the GUI stays free.  Problems are shown per record in the officer's words:
``SyncError.message_id`` in Indonesian, with its hint.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import KnownError
from sync.client.client import PushSummary, SyncClient
from sync.client.enroll import EnrollResult, enroll_laptop
from sync.client.errors import SyncError
from sync.client.progress import BatchEvent, RecordEvent, SyncEvent
from sync.client.usb import ExportResult, export_records
from ui import i18n, workers
from ui.common import StatusLine, read_only_table, tip_cells
from ui.messages import explain_any

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

_MIB = 1024 * 1024


def _size(count: float) -> str:
    return f"{count / _MIB:.1f} MiB" if count >= _MIB / 10 else f"{count / 1024:.0f} KiB"


class _Progress(QObject):
    """Carries the push's events from the worker thread to the GUI thread."""

    arrived = Signal(object)


class SyncPage(QWidget):
    enrolled = Signal(object)
    pushed = Signal(object)
    exported = Signal(object)
    failed = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._tasks: list[workers.Task] = []
        self._progress = _Progress(self)
        self._progress.arrived.connect(self.show_progress)
        self.summary: PushSummary | None = None
        self._reasons = {
            "duplicate": self.tr("The data center already has this record."),
            "bad_signature": self.tr("The record's signature does not check out."),
            "unknown_kid": self.tr("The record was sealed to a key the data center does not know."),
            "demo": self.tr("A training (demo) record: it is never sent."),
        }
        #: A record's outcome in the problems table (``sync.client.progress`` names them).
        self._outcomes = {
            "purged": self.tr("purged"),
            "accepted": self.tr("accepted"),
            "sent": self.tr("sent"),
            "rejected": self.tr("rejected"),
            "pending": self.tr("pending"),
        }
        layout = QVBoxLayout(self)
        layout.addWidget(self._server_box())
        layout.addWidget(self._push_box(), 1)
        self.status = StatusLine()
        layout.addWidget(self.status)

    def _server_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Data center"))
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://dc.disdukcapil.example:8443")
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("one-time code from the operator"))
        self.fingerprint = QLineEdit()
        self.fingerprint.setPlaceholderText(self.tr("CA fingerprint (SHA-256) from the operator"))
        self.enroll_button = QPushButton(self.tr("Enroll this laptop"))
        self.enroll_button.clicked.connect(self.enroll)
        self.server_state = QLabel()
        self.server_state.setWordWrap(True)
        form = QFormLayout(box)
        form.addRow(self.tr("Server address"), self.url)
        form.addRow(self.tr("One-time code"), self.code)
        form.addRow(self.tr("CA fingerprint"), self.fingerprint)
        form.addRow(self.enroll_button, self.server_state)
        return box

    def _push_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Send records"))
        self.push_button = QPushButton(self.tr("Push records now"))
        self.push_button.setMinimumHeight(40)
        self.push_button.clicked.connect(self.push)
        self.export_button = QPushButton(self.tr("Export to USB…"))
        self.export_button.clicked.connect(self.choose_export_folder)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setValue(0)
        self.bar.setFormat("%p%")
        self.progress_text = QLabel()
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet("font-weight: bold;")
        self.problems = QTableWidget(0, 3)
        self.problems.setHorizontalHeaderLabels(
            [self.tr("Record"), self.tr("State"), self.tr("What to do")]
        )
        read_only_table(self.problems)
        self.problems.setAccessibleName(self.tr("Records with problems"))
        self.bar.setAccessibleName(self.tr("Sync progress"))
        self.problems.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QHBoxLayout()
        buttons.addWidget(self.push_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addLayout(buttons)
        layout.addWidget(self.bar)
        layout.addWidget(self.progress_text)
        layout.addWidget(self.summary_label)
        layout.addWidget(QLabel(self.tr("Records with a problem")))
        layout.addWidget(self.problems, 1)
        return box

    # --- state -------------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            status = SyncClient(self.workspace).local_status()
        except KnownError as error:
            self.server_state.setText("⚠ " + explain_any(error))
            return
        if status.enrolled:
            self.url.setText(status.url or "")
            self.server_state.setText(
                "✔ "
                + self.tr("Enrolled as %1. Last successful sync: %2.")
                .replace("%1", status.device_id or "")
                .replace("%2", status.last_success_at or self.tr("never"))
            )
        else:
            self.server_state.setText("○ " + self.tr("Not enrolled yet."))
        words = {
            "SEALED": self.tr("waiting to be sent"),
            "SENT": self.tr("sent, awaiting acceptance"),
            "ACCEPTED": self.tr("accepted"),
            "REJECTED": self.tr("rejected"),
            "PURGED": self.tr("accepted and removed from this laptop"),
        }
        shown = [*words, *sorted(set(status.counts) - set(words))]  # life-cycle order
        counts = ", ".join(
            f"{words.get(state, state)}: {status.counts[state]}"
            for state in shown
            if status.counts.get(state)
        )
        self.progress_text.setText(
            self.tr("On this laptop: %1").replace("%1", counts or self.tr("no records"))
        )

    def _start(self, work: object, done: object) -> None:
        def finished(result: object) -> None:
            self._tasks = [t for t in self._tasks if t is not task]
            self._busy(busy=False)
            done(result)  # type: ignore[operator]

        def broke(error: object) -> None:
            self._tasks = [t for t in self._tasks if t is not task]
            self._busy(busy=False)
            text = self.error_text(error)
            self.status.error(text)
            self.failed.emit(text)

        self._busy(busy=True)
        task = workers.start(work, finished, broke)  # type: ignore[arg-type]
        self._tasks.append(task)

    def _busy(self, *, busy: bool) -> None:
        for button in (self.enroll_button, self.push_button, self.export_button):
            button.setEnabled(not busy)

    def error_text(self, error: object) -> str:
        if isinstance(error, SyncError):
            words = error.message_id if i18n.active_language() == "id" else error.message
            return f"{words} {error.hint or ''}".strip()
        return explain_any(error)

    # --- enroll ---------------------------------------------------------------------

    def enroll(self) -> None:
        url, code = self.url.text().strip(), self.code.text().strip()
        fingerprint = self.fingerprint.text().strip() or None
        self.status.info(self.tr("Enrolling…"))
        self._start(
            lambda: enroll_laptop(self.workspace, url, code, ca_fingerprint_expected=fingerprint),
            self._enrolled,
        )

    def _enrolled(self, result: object) -> None:
        assert isinstance(result, EnrollResult)  # noqa: S101 - the worker's result
        self.code.clear()
        text = self.tr("Enrolled with the data center as %1.").replace("%1", result.device_id)
        if result.trusted_on_first_use:
            text += " " + self.tr("Compare this CA fingerprint with the operator's: %1").replace(
                "%1", result.ca_fingerprint
            )
        self.status.ok(text)
        self.refresh()
        self.enrolled.emit(result)

    # --- push -----------------------------------------------------------------------

    def push(self) -> None:
        self.bar.setValue(0)
        self.problems.setRowCount(0)
        self.summary_label.setText("")
        self.status.info(self.tr("Sending…"))
        signal = self._progress.arrived
        self._start(lambda: SyncClient(self.workspace).push(progress=signal.emit), self._pushed)

    def show_progress(self, event: SyncEvent) -> None:
        if isinstance(event, BatchEvent):
            self.progress_text.setText(
                self.tr("Batch %1 of %2: %3 to upload, %4 already at the data center.")
                .replace("%1", str(event.batch))
                .replace("%2", str(event.batches))
                .replace("%3", str(event.to_upload))
                .replace("%4", str(event.already_have))
            )
        elif isinstance(event, RecordEvent):
            if event.records_total:
                self.bar.setValue(round(100 * event.records_done / event.records_total))
            eta = "-" if event.eta_s is None else f"{event.eta_s:.0f} s"
            self.progress_text.setText(
                self.tr("%1 of %2 records · %3 of %4 · %5/s · %6 left")
                .replace("%1", str(event.records_done))
                .replace("%2", str(event.records_total))
                .replace("%3", _size(event.bytes_done))
                .replace("%4", _size(event.bytes_total))
                .replace("%5", _size(event.rate_bps))
                .replace("%6", eta)
            )

    def _pushed(self, result: object) -> None:
        assert isinstance(result, PushSummary)  # noqa: S101 - the worker's result
        self.summary = result
        if result.error is None and result.pending == 0:
            self.bar.setValue(100)
        self.summary_label.setText(
            self.tr("Accepted %1 · rejected %2 · pending %3 · purged from this laptop %4")
            .replace("%1", str(result.accepted))
            .replace("%2", str(result.rejected))
            .replace("%3", str(result.pending))
            .replace("%4", str(result.purged))
        )
        self.problems.setRowCount(len(result.problems))
        for n, problem in enumerate(result.problems):
            reason = problem.reason or ""
            words = self._reasons.get(reason) or problem.message or reason
            outcome = self._outcomes.get(problem.outcome, problem.outcome)
            for column, value in enumerate((problem.record_id[:8], outcome, words)):
                self.problems.setItem(n, column, QTableWidgetItem(value))
        tip_cells(self.problems)
        if result.error is not None:
            self.status.error(self.error_text(result.error))
        elif result.ok:
            self.status.ok(self.tr("Every record was sent and confirmed."))
        else:
            self.status.error(self.tr("Some records are still waiting; see the table."))
        self.refresh()
        self.pushed.emit(result)

    # --- USB ------------------------------------------------------------------------

    def choose_export_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export to which folder (USB)?"))
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> None:
        self.status.info(self.tr("Writing the export…"))
        self._start(lambda: export_records(self.workspace, folder), self._exported)

    def _exported(self, result: object) -> None:
        assert isinstance(result, ExportResult)  # noqa: S101 - the worker's result
        self.status.ok(
            self.tr("%1 record(s) written to %2.")
            .replace("%1", str(result.records))
            .replace("%2", str(result.path))
        )
        self.exported.emit(result)
