"""Sync: enroll this laptop with the data center, push the sealed records, or export to USB.

The buttons call ``sync.client`` (``enroll_laptop``, ``SyncClient.push``,
``export_records``) on the thread pool; the push's progress events
(``BatchEvent``, ``RecordEvent``) come back by signal, so the bar moves while
the GUI stays free.  Problems are shown per record in the officer's words:
a ``SyncError``'s reason and hint from ``ui.sync_catalogue``.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit import devices
from fieldkit.errors import KnownError
from fieldkit.events import RecordSealed
from fieldkit.office import release_status
from fieldkit.permissions import may_enroll_laptop
from fieldkit.records.states import RecordStatus
from sync.bundle import (
    GROUPS,
    EnrollmentBundle,
    bad_groups,
    find_bundles,
    fingerprint_groups,
    group_fingerprint,
)
from sync.client.client import SyncClient
from sync.client.enroll import EnrollResult, enroll_laptop, load_bundle, read_bundle_from_camera
from sync.client.errors import SyncError
from sync.client.outcomes import PushEnding, PushSummary
from sync.client.progress import BatchEvent, RecordEvent, SyncEvent
from sync.client.usb import ExportResult, ReceiptsResult, export_records, import_receipts
from sync.drives import first_usb_root
from ui import workers
from ui.common import StatusLine
from ui.dates import moment_text
from ui.design import mark_primary
from ui.design.theme import current_theme
from ui.i18n import count_words, size_words
from ui.messages import explain_any
from ui.office_lines import office_text, release_text
from ui.sync_catalogue import audit_text, sync_error_text
from ui.sync_problems import ProblemsTable
from ui.sync_refused import RefusedBox
from ui.unsaved import mark_saved
from ui.update_box import UpdateBox

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace
    from sync.client.office import OfficeResult
    from ui.bridge import EventBridge

log = logging.getLogger(__name__)

# Sync errors worded in ``ui.messages`` (the rest use the sync client's own two languages).
_CATALOGUED = frozenset(
    {
        "sync_fingerprint_mismatch",
        "sync_fingerprint_required",
        "sync_invalid_fingerprint",
        "sync_bundle_invalid",
    }
)


class _Progress(QObject):
    """Carries the push's events from the worker thread to the GUI thread."""

    arrived = Signal(object)


class SyncPage(QWidget):
    enrolled = Signal(object)
    pushed = Signal(object)
    exported = Signal(object)
    imported = Signal(object)
    failed = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        #: Enrolling pins the data center's CA and may replace the device key: the office's.
        self._may_enroll = may_enroll_laptop(workspace.officer)
        self._tasks: list[workers.Task] = []
        self._progress = _Progress(self)
        self._progress.arrived.connect(self.show_progress)
        self.summary: PushSummary | None = None
        self._office_line: str | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self._bundle_box())
        layout.addWidget(self._server_box())
        self.update_box = UpdateBox(workspace)  # the installer the office offers
        layout.addWidget(self.update_box)
        layout.addWidget(self._push_box(), 1)
        self.status = StatusLine()
        self.refused_box = RefusedBox(workspace, self.status)
        self.refused_box.requeued.connect(self.refresh)
        layout.addWidget(self.refused_box)
        layout.addWidget(self.status)

    def _server_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Data center"))
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://dc.disdukcapil.example:8443")
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("one-time code from the operator"))
        self.fingerprint = QLineEdit()
        self.fingerprint.setPlaceholderText(self.tr("ab12 cd34 ef56 … (16 groups of 4)"))
        self.fingerprint.setToolTip(
            self.tr("CA fingerprint (SHA-256) from the operator, in 16 groups of 4")
        )
        # Checked as typed, group by group, before anything is sent.
        self.fingerprint_check = QLabel()
        self.fingerprint_check.setObjectName("fingerprint_check")
        self.fingerprint_check.setWordWrap(True)
        self.fingerprint_check.setTextFormat(Qt.TextFormat.RichText)
        for field in (self.url, self.code, self.fingerprint):
            field.textChanged.connect(self.check_form)
        self.enroll_button = QPushButton(self.tr("Enroll this laptop"))
        self.enroll_button.clicked.connect(self.enroll)
        self.server_state = QLabel()
        self.server_state.setWordWrap(True)
        form = QFormLayout(box)
        form.addRow(self.tr("Server address"), self.url)
        form.addRow(self.tr("One-time code"), self.code)
        form.addRow(self.tr("CA fingerprint"), self.fingerprint)
        form.addRow("", self.fingerprint_check)
        form.addRow(self.enroll_button, self.server_state)
        self.check_form()
        return box

    # --- the enrollment file (bundle) ----------------------------------------------------

    def _bundle_box(self) -> QGroupBox:
        """The easy way: the file the operator wrote fills in address, code and fingerprint."""
        box = QGroupBox(self.tr("Enrollment file from the operator"))
        self.bundle_button = QPushButton(self.tr("Open enrollment file…"))
        self.bundle_button.clicked.connect(self.choose_bundle_file)
        self.usb_bundle_button = QPushButton(self.tr("Find it on a USB stick"))
        self.usb_bundle_button.clicked.connect(self.find_bundle_on_usb)
        self.camera_bundle_button = QPushButton(self.tr("Read its QR code with the camera"))
        self.camera_bundle_button.clicked.connect(self.read_bundle_with_camera)
        self.bundle_state = QLabel(
            self.tr(
                "The data center's operator makes one for this laptop: a .json file, and its "
                "QR code as a .png picture. Nothing needs typing."
            )
        )
        self.bundle_state.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.bundle_button)
        row.addWidget(self.usb_bundle_button)
        row.addWidget(self.camera_bundle_button)
        row.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.bundle_state)
        if not self._may_enroll:
            self.bundle_state.setText(
                self.tr("An operator or an admin enrolls this laptop with the data center.")
            )
        self._enrollment_allowed()
        return box

    def _enrollment_allowed(self) -> None:
        """Only an enroller reads enrollment files; the others see why not."""
        for button in (self.bundle_button, self.usb_bundle_button, self.camera_bundle_button):
            button.setEnabled(self._may_enroll and not self._tasks)

    def choose_bundle_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Open the enrollment file"),
            "",
            self.tr("Enrollment file (*.json *.png)"),
        )
        if path:
            self.load_bundle_file(Path(path))

    def find_bundle_on_usb(self, roots: tuple[Path, ...] | None = None) -> None:
        found = find_bundles(roots) if roots else find_bundles()
        if not found:
            self.status.error(
                self.tr("No enrollment file was found on a USB stick. Is the stick plugged in?")
            )
            return
        self.load_bundle_file(found[0])

    def load_bundle_file(self, path: Path) -> bool:
        """Fill the form from the bundle; the officer then only presses Enroll."""
        try:
            bundle = load_bundle(path)
        except SyncError as error:
            self.status.error(self.error_text(error))
            return False
        self._fill_from(bundle, path.name)
        return True

    def read_bundle_with_camera(self) -> None:
        """Where a webcam is attached: hold the operator's QR code (screen or print) up to it."""
        home = self.workspace.directory

        def scan() -> object:
            camera = devices.attached_camera(devices.DeviceConfig.load(home))
            return None if camera is None else read_bundle_from_camera(camera)

        def scanned(result: object) -> None:
            if isinstance(result, EnrollmentBundle):
                self._fill_from(result, self.tr("the camera"))
            else:
                self.status.error(
                    self.tr("No camera is attached. Open the enrollment file instead.")
                )

        self.status.info(self.tr("Hold the enrollment QR code up to the camera…"))
        self._start(scan, scanned)

    def _fill_from(self, bundle: EnrollmentBundle, source: str) -> None:
        self.url.setText(bundle.url)
        self.code.setText(bundle.code)
        self.fingerprint.setText(group_fingerprint(bundle.ca_fingerprint))
        self.bundle_state.setText(
            "✔ "
            + self.tr("Read from %1. Check the address, then press Enroll.").replace("%1", source)
        )
        self.status.info(self.tr("Enrollment file read."))

    def fingerprint_problem(self) -> str | None:
        """What is wrong with the typed fingerprint, naming the groups; None when complete."""
        typed = self.fingerprint.text()
        if not typed.strip():
            return self.tr("Type the 16 groups, or open the enrollment file.")
        wrong = bad_groups(typed)
        if not wrong:
            return None
        named = [str(n + 1) for n in wrong if n < GROUPS] or [str(GROUPS)]
        return self.tr("Check group(s) %1 against the operator's.", "", len(named)).replace(
            "%1", ", ".join(named)
        )

    def check_form(self) -> None:
        """Mark the wrong fingerprint groups, and allow Enroll only with a complete form."""
        groups = fingerprint_groups(self.fingerprint.text())
        wrong = set(bad_groups(self.fingerprint.text()))
        cells, colours = [], current_theme().colours
        for index in range(max(GROUPS, len(groups))):
            group = html.escape(groups[index]) if index < len(groups) else "····"
            if index in wrong:
                cells.append(f"<span style='color:{colours.danger}'><u>{group}</u>✖</span>")
            else:
                cells.append(f"<span style='color:{colours.success}'>{group}</span>")
        problem = self.fingerprint_problem()
        if not self.fingerprint.text().strip():
            # Nothing typed is nothing wrong yet: sixteen red crosses under an empty field
            # read as an error, on every enrolled laptop's sync screen.
            self.fingerprint_check.setText("")
        else:
            self.fingerprint_check.setText(
                " ".join(cells) + ("<br>" + html.escape(problem) if problem else " ✔")
            )
        ready = bool(self.url.text().strip() and self.code.text().strip()) and problem is None
        self.enroll_button.setEnabled(ready and not self._tasks and self._may_enroll)

    def _push_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Send records"))
        self.push_button = QPushButton(self.tr("Push records now"))
        mark_primary(self.push_button)
        self.push_button.setMinimumHeight(40)
        self.push_button.clicked.connect(self.push)
        self.export_button = QPushButton(self.tr("Export to USB…"))
        self.export_button.clicked.connect(self.choose_export_folder)
        self.import_button = QPushButton(self.tr("Import from USB…"))
        self.import_button.setToolTip(
            self.tr("The data center's receipts and the office's package, from a USB stick")
        )
        self.import_button.clicked.connect(self.choose_import_folder)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setValue(0)
        self.bar.setFormat("%p%")
        self.progress_text = QLabel()
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet("font-weight: bold;")
        # The office's package after a push or a stick, and a FieldKit older than it requires.
        self.office_label = QLabel()
        self.office_label.setWordWrap(True)
        self.problems = ProblemsTable()
        self.bar.setAccessibleName(self.tr("Sync progress"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.push_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addLayout(buttons)
        layout.addWidget(self.bar)
        layout.addWidget(self.progress_text)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.office_label)
        layout.addWidget(QLabel(self.tr("Records with a problem")))
        layout.addWidget(self.problems, 1)
        return box

    # --- state -------------------------------------------------------------------------

    def follow(self, bridge: EventBridge) -> None:
        """A new sealed record changes what is waiting to be sent."""
        bridge.subscribe(RecordSealed, lambda _e: self.refresh(), self)

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
                .replace("%2", _moment_or(status.last_success_at, self.tr("never")))
            )
        else:
            self.server_state.setText("○ " + self.tr("Not enrolled yet."))
        words = {
            RecordStatus.AWAITING_REVIEW: self.tr("waiting for the ketua tim's review"),
            RecordStatus.RETURNED: self.tr("returned for recapture, not sent"),
            RecordStatus.SEALED: self.tr("waiting to be sent"),
            RecordStatus.SENT: self.tr("sent, awaiting acceptance"),
            RecordStatus.ACCEPTED: self.tr("accepted"),
            RecordStatus.REJECTED: self.tr("rejected"),
            RecordStatus.PURGED: self.tr("accepted and removed from this laptop"),
        }
        counts = ", ".join(
            f"{words[state]}: {status.counts[state.value]}"
            for state in RecordStatus  # life-cycle order
            if status.counts.get(state.value)
        )
        self.progress_text.setText(
            self.tr("On this laptop: %1").replace("%1", counts or self.tr("no records"))
        )
        self.refused_box.reload()
        self.show_office(None)

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
        for button in (
            self.enroll_button,
            self.push_button,
            self.export_button,
            self.import_button,
            self.camera_bundle_button,
        ):
            button.setEnabled(not busy)
        if not busy:
            self.check_form()
            self._enrollment_allowed()

    def error_text(self, error: object) -> str:
        if isinstance(error, SyncError) and error.code in _CATALOGUED:
            return explain_any(error)  # one language, and never the presented fingerprint
        if isinstance(error, SyncError):
            return sync_error_text(error)
        return explain_any(error)

    # --- enroll ---------------------------------------------------------------------

    def enroll(self) -> None:
        url, code = self.url.text().strip(), self.code.text().strip()
        problem = self.fingerprint_problem()
        if problem is not None:  # nothing is sent with a fingerprint that cannot be right
            self.status.error(problem)
            return
        fingerprint = self.fingerprint.text()
        self.status.info(self.tr("Enrolling…"))
        self._start(
            lambda: enroll_laptop(self.workspace, url, code, ca_fingerprint_expected=fingerprint),
            self._enrolled,
        )

    def _enrolled(self, result: object) -> None:
        assert isinstance(result, EnrollResult)  # noqa: S101 - the worker's result
        self.code.clear()
        mark_saved(self)  # the address and fingerprint are the enrolment's now
        text = self.tr("Enrolled with the data center as %1.").replace("%1", result.device_id)
        if result.stranded:
            text += " " + self.tr(
                "%n record(s) were signed by this laptop's revoked key and cannot be delivered; "
                "they stay on this laptop. Record these people again: %1",
                "",
                len(result.stranded),
            ).replace("%1", ", ".join(r[:8] for r in result.stranded))
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
                .replace("%1", count_words(event.batch))
                .replace("%2", count_words(event.batches))
                .replace("%3", count_words(event.to_upload))
                .replace("%4", count_words(event.already_have))
            )
        elif isinstance(event, RecordEvent):
            if event.records_total:
                self.bar.setValue(round(100 * event.records_done / event.records_total))
            eta = "-" if event.eta_s is None else f"{event.eta_s:.0f} s"
            self.progress_text.setText(
                self.tr("%1 of %2 records · %3 of %4 · %5/s · %6 left")
                .replace("%1", count_words(event.records_done))
                .replace("%2", count_words(event.records_total))
                .replace("%3", size_words(event.bytes_done))
                .replace("%4", size_words(event.bytes_total))
                .replace("%5", size_words(event.rate_bps))
                .replace("%6", eta)
            )

    def _pushed(self, result: object) -> None:
        assert isinstance(result, PushSummary)  # noqa: S101 - the worker's result
        self.summary = result
        if result.error is None and result.pending == 0:
            self.bar.setValue(100)
        self.summary_label.setText(
            self.tr("Accepted %1 · rejected %2 · pending %3 · purged from this laptop %4")
            .replace("%1", count_words(result.accepted))
            .replace("%2", count_words(result.rejected))
            .replace("%3", count_words(result.pending))
            .replace("%4", count_words(result.purged))
        )
        self.problems.show_problems(result.problems)
        self._say_ending(result)
        if result.audit is not None and result.audit.differs:
            self.status.error(audit_text(result.audit))
        self.refresh()
        self.show_office(result.office)
        self.pushed.emit(result)

    def _say_ending(self, result: PushSummary) -> None:
        """The push's news by how it ended (the core's ``ending``), never more than happened."""
        ending = result.ending
        if ending is PushEnding.STOPPED and result.error is not None:
            self.status.error(self.error_text(result.error))
        elif ending is PushEnding.STILL_WAITING:
            self.status.error(self.tr("Some records are still waiting; see the table."))
        elif ending is PushEnding.REFUSED:
            self.status.error(
                self.tr(
                    "The data center refused %n record(s): see the table; record these "
                    "people again.",
                    "",
                    result.rejected,
                )
            )
        elif ending is PushEnding.HELD_BACK:
            held = [
                self.tr("%n waiting for the ketua tim's review", "", result.awaiting_review),
                self.tr("%n returned for recapture", "", result.returned),
            ]
            counts = (result.awaiting_review, result.returned)
            self.status.info(
                self.tr("Sent and confirmed: %1. Not sent: %2.")
                .replace("%1", count_words(result.accepted))
                .replace("%2", ", ".join(h for h, n in zip(held, counts, strict=True) if n))
            )
        elif ending is PushEnding.NOTHING_SENT:
            self.status.info(self.tr("Nothing was waiting to be sent."))
        else:
            self.status.ok(self.tr("Every record was sent and confirmed."))

    def show_office(self, result: OfficeResult | None) -> None:
        """The office package's line (kept until the next one) and the minimum version's."""
        line = office_text(result)
        if line is not None:
            self._office_line = line
        status = release_status(self.workspace)
        self.update_box.set_minimum(status.min_version)
        lines = [self._office_line, release_text(status)]
        self.office_label.setText("\n".join(t for t in lines if t))

    # --- USB ------------------------------------------------------------------------

    def choose_export_folder(self) -> None:
        stick = first_usb_root()  # the first removable drive (Windows), /media… (Linux)
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Export to which folder (USB)?"), str(stick) if stick else ""
        )
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> None:
        self.status.info(self.tr("Writing the export…"))
        self._start(lambda: export_records(self.workspace, folder), self._exported)

    def _exported(self, result: object) -> None:
        assert isinstance(result, ExportResult)  # noqa: S101 - the worker's result
        self.status.ok(
            self.tr("%n record(s) written to %1.", "", result.records).replace(
                "%1", str(result.path)
            )
        )
        self.exported.emit(result)

    def choose_import_folder(self) -> None:
        stick = first_usb_root()
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Import from which folder (USB)?"), str(stick) if stick else ""
        )
        if folder:
            self.import_from(Path(folder))

    def import_from(self, folder: Path) -> None:
        """The data center's receipts, then the office's package, from the stick."""
        self.status.info(self.tr("Reading the stick…"))
        self.problems.setRowCount(0)
        self._start(lambda: import_receipts(self.workspace, folder), self._imported)

    def _imported(self, result: object) -> None:
        assert isinstance(result, ReceiptsResult)  # noqa: S101 - the worker's result
        self.problems.show_problems(result.problems)
        if result.files:
            self.status.ok(
                self.tr("Receipts read: accepted %1 · rejected %2 · pending %3")
                .replace("%1", count_words(result.accepted))
                .replace("%2", count_words(result.rejected))
                .replace("%3", count_words(result.pending))
            )
        else:
            self.status.info(self.tr("No receipts on the stick; the office's package was read."))
        for refused in result.refused_files:
            self.status.error(self.error_text(refused.error))
        self.refresh()
        self.show_office(result.office)
        self.imported.emit(result)


def _moment_or(stamp: str | None, otherwise: str) -> str:
    """A stored ISO timestamp in the laptop's time, as every screen shows a moment.

    The raw value is UTC with seconds and an offset (``2026-11-25T02:24:37+00:00``),
    which reads as seven hours off to an officer in WIB.
    """
    if not stamp:
        return otherwise
    try:
        return moment_text(dt.datetime.fromisoformat(stamp))
    except ValueError:
        return stamp
