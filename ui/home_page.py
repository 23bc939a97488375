"""Home: the state of the laptop and of today's work, at one glance.

Everything here is decided in ``fieldkit.overview`` (the outbox counts, the freeze
outlook, today's visits with their progress); this page picks the words.  Warnings
are sentences with a symbol, never a colour alone.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit import audit, overview, regions
from fieldkit.events import OutcomesChanged, RecordSealed, TargetsChanged, VisitsChanged
from fieldkit.permissions import may_administer
from fieldkit.store import database
from ui import workers
from ui.common import fit_columns, tip_cells
from ui.dates import moment_text
from ui.design import mark_banner, mark_status
from ui.devices_panel import DevicesPanel
from ui.labels_catalogue import place_type_text, role_text
from ui.messages import explain_any

if TYPE_CHECKING:
    from fieldkit.audit import VerifyResult
    from fieldkit.store.database import IntegrityReport
    from fieldkit.workspace import Workspace
    from ui.bridge import EventBridge

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Health:
    store: IntegrityReport
    audit: VerifyResult
    #: The office's address or contact is not set: the family's receipt prints "-".
    letterhead_missing: bool


def _letterhead_missing(workspace: Workspace) -> bool:
    """Read on the worker thread, with the health check: the letters module loads ReportLab."""
    from fieldkit.reports import letters  # noqa: PLC0415 - ReportLab, off the first paint

    profile = letters.office_profile(workspace)
    return not (profile.address and profile.contact)


class HomePage(QWidget):
    #: The store's and the audit chain's check has answered and the labels show it.
    health_shown = Signal()
    # The officer asked to go to Sinkronisasi (to enroll this laptop).
    sync_requested = Signal()
    # The admin asked to fill the office's letterhead (Laporan's "Kop surat" dialog).
    letterhead_requested = Signal()

    def __init__(
        self, workspace: Workspace, bridge: EventBridge, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._health_tasks: list[workers.Task] = []  # referenced until each reports
        self._health_asked = 0  # which check the labels wait for; older answers are dropped
        self.devices_panel = DevicesPanel(bridge)
        self.follow(bridge)
        left = QVBoxLayout()
        left.addWidget(self._status_box())
        left.addWidget(self._queue_box())
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self._visits_box(), 1)
        right.addWidget(self.devices_panel)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self._banner())
        layout.addWidget(self._enroll_prompt())
        layout.addWidget(self._letterhead_prompt())
        layout.addLayout(columns, 1)

    def _banner(self) -> QLabel:
        self.demo_banner = QLabel(
            "⚠ " + self.tr("Data center not enrolled: records are sealed with the demo key")
        )
        self.demo_banner.setObjectName("demo_banner")
        self.demo_banner.setWordWrap(True)
        mark_banner(self.demo_banner)
        return self.demo_banner

    def _enroll_prompt(self) -> QWidget:
        """On a real store not yet enrolled: recording waits, and the way to Sinkronisasi."""
        self.enroll_prompt = QWidget()
        self.enroll_prompt.setObjectName("enroll_prompt")
        mark_banner(self.enroll_prompt)
        text = QLabel(
            "⚠ "
            + self.tr(
                "This laptop is not enrolled with a data center yet, so recording cannot start: "
                "what it recorded could never be delivered. Enroll it on the Sync screen with "
                "the enrollment file from the operator."
            )
        )
        text.setWordWrap(True)
        self.enroll_button = QPushButton(self.tr("Open Sync"))
        self.enroll_button.clicked.connect(self.sync_requested.emit)
        row = QHBoxLayout(self.enroll_prompt)
        row.addWidget(text, 1)
        row.addWidget(self.enroll_button)
        self.enroll_prompt.setVisible(False)
        return self.enroll_prompt

    def _letterhead_prompt(self) -> QWidget:
        """Until the office's address and contact are set, the family's receipt prints "-"."""
        self.letterhead_prompt = QWidget()
        self.letterhead_prompt.setObjectName("letterhead_prompt")
        # The box alone is the banner: its label and button keep their own look.
        mark_banner(self.letterhead_prompt)
        self.letterhead_text = QLabel()
        self.letterhead_text.setWordWrap(True)
        mark_status(self.letterhead_text, "warning")
        self.letterhead_button = QPushButton(self.tr("Fill in the letterhead"))
        self.letterhead_button.clicked.connect(self.letterhead_requested.emit)
        self._letterhead_for_officer()
        row = QHBoxLayout(self.letterhead_prompt)
        row.addWidget(self.letterhead_text, 1)
        row.addWidget(self.letterhead_button)
        self.letterhead_prompt.setVisible(False)
        return self.letterhead_prompt

    def _status_box(self) -> QGroupBox:
        workspace = self.workspace
        status = QGroupBox(self.tr("This laptop"))
        form = QFormLayout(status)
        office = workspace.keyring.office_code
        region = regions.regency(office[:4])
        self.office_label = QLabel(f"{office} · {region.name}" if region else office)
        self.officer_label = QLabel()
        self._show_officer()
        self.store_label = QLabel()
        self.audit_label = QLabel()
        self.backups_label = QLabel()
        for label in (self.store_label, self.audit_label, self.backups_label):
            label.setWordWrap(True)
        form.addRow(self.tr("Office"), self.office_label)
        form.addRow(self.tr("Officer"), self.officer_label)
        form.addRow(self.tr("Data store"), self.store_label)
        form.addRow(self.tr("Audit log"), self.audit_label)
        form.addRow(self.tr("Backups"), self.backups_label)
        return status

    def _queue_box(self) -> QGroupBox:
        queue = QGroupBox(self.tr("Records and sync"))
        queue_form = QFormLayout(queue)
        self.records_label = QLabel()
        self.waiting_label = QLabel()
        self.last_sync_label = QLabel()
        self.freeze_label = QLabel()
        self.freeze_label.setWordWrap(True)
        queue_form.addRow(self.tr("Sealed records"), self.records_label)
        queue_form.addRow(self.tr("Waiting for the data center"), self.waiting_label)
        queue_form.addRow(self.tr("Last sync"), self.last_sync_label)
        queue_form.addRow(self.freeze_label)
        return queue

    def _visits_box(self) -> QGroupBox:
        visits_box = QGroupBox(self.tr("Today's visits"))
        visits_layout = QVBoxLayout(visits_box)
        self.visits_table = QTableWidget(0, 6)
        self.visits_table.setAccessibleName(self.tr("Today's visits"))
        self.visits_table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Place"),
                self.tr("Team"),
                self.tr("Targets"),
                self.tr("Done"),
                self.tr("Left"),
            ]
        )
        self.visits_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.visits_table.verticalHeader().hide()
        # The place and the team wrap onto a second line: the box has height to spare.
        fit_columns(self.visits_table, stretch=(1, 2), wrap=True)
        self.no_visits_label = QLabel(self.tr("No visits planned for today."))
        visits_layout.addWidget(self.visits_table)
        visits_layout.addWidget(self.no_visits_label)
        return visits_box

    # --- refreshing ----------------------------------------------------------------

    def follow(self, bridge: EventBridge) -> None:
        """The queue after a seal or an outcome; today's visits when visits or targets change.

        Never the store's health check on an event: it reads every page of the store.
        """
        bridge.subscribe(RecordSealed, lambda _e: self._records_changed(), self)
        bridge.subscribe(OutcomesChanged, lambda _e: self.refresh_visits(), self)
        bridge.subscribe(VisitsChanged, lambda _e: self.refresh_visits(), self)
        bridge.subscribe(TargetsChanged, lambda _e: self.refresh_visits(), self)

    def _records_changed(self) -> None:
        self.refresh_queue()
        self.refresh_visits()  # each visit counts its records

    def refresh(self) -> None:
        self._show_officer()  # another officer may have taken the laptop (Ganti pengguna)
        self._letterhead_for_officer()
        self.refresh_store()
        self.refresh_queue()
        self.refresh_visits()

    def _show_officer(self) -> None:
        officer = self.workspace.officer
        self.officer_label.setText(
            f"{officer.full_name} ({officer.username}) · {role_text(officer.role)}"
        )

    def _letterhead_for_officer(self) -> None:
        """The letterhead prompt for the officer at the laptop now, not the first one.

        Only an admin may change the letterhead, so only an admin is offered "Isi kop
        surat"; anyone else is told whom to ask.  A petugas would expect a button to do
        what it says, and the dialog it opened was read-only without saying why (issue
        47, finding 10): Beranda is built once, and after "Ganti pengguna" it offered
        the admin's button to the next officer.
        """
        admin = may_administer(self.workspace.officer)
        self.letterhead_text.setText(
            "⚠ "
            + (
                self.tr(
                    "The office's address and contact are not set: the family's receipt and "
                    'the letters print "-" where they go.'
                )
                if admin
                else self.tr(
                    "The office's address and contact are not set: the family's receipt prints "
                    '"-" where they go. Ask the admin to fill in the letterhead in Laporan.'
                )
            )
        )
        self.letterhead_button.setVisible(admin)

    def refresh_store(self) -> None:
        """The backups at once; the store's and the audit chain's checks on a worker thread.

        Both checks read all of the store (every page's HMAC, every audit event's
        hash), so they grow with it: months of audit events would hold the main
        window's first paint, and every return to Home, for a good part of a second.
        """
        backups = database.list_backups(self.workspace.directory)
        latest = moment_text(backups[0].taken_at) if backups else "-"
        self.backups_label.setText(
            self.tr("%n backup(s), latest %1", "", len(backups)).replace("%1", latest)
        )
        if not self.store_label.text():
            checking = QCoreApplication.translate("DevicesPanel", "◌ Checking…")
            self.store_label.setText(checking)
            self.audit_label.setText(checking)
        self._health_asked += 1
        asked = self._health_asked
        workspace = self.workspace

        def answered(answer: object) -> None:
            self._health_tasks = [t for t in self._health_tasks if t is not task]
            self._show_health(asked, answer)

        task = workers.start(
            lambda: _Health(
                workspace.check(), workspace.verify_audit(), _letterhead_missing(workspace)
            ),
            answered,
            answered,
        )
        self._health_tasks.append(task)

    def _show_health(self, asked: int, answer: object) -> None:
        if asked != self._health_asked:
            return  # a newer check is on its way
        if not isinstance(answer, _Health):
            text = "✖ " + explain_any(answer)
            self.store_label.setText(text)
            self.audit_label.setText(text)
            self.health_shown.emit()
            return
        self.letterhead_prompt.setVisible(answer.letterhead_missing)
        report = answer.store
        self.store_label.setText(
            self.tr("✔ healthy, encrypted")
            if report.ok
            else self.tr("✖ DAMAGED: %1").replace("%1", "; ".join(report.problems))
        )
        chain = answer.audit
        if chain.ok:
            self.audit_label.setText(self.tr("✔ intact, %n event(s)", "", chain.events))
        else:
            self.audit_label.setText(self._broken_chain_text(chain.first_bad))
        self.health_shown.emit()

    def _broken_chain_text(self, finding: audit.Finding | None) -> str:
        """Which break: the two the data center's anchors reveal say what probably happened."""
        seq = str(finding.seq if finding else 0)
        if finding is not None and finding.problem is audit.Problem.ROLLED_BACK:
            return self.tr(
                "✖ OLDER than the data center saw: the events from %1 on are missing "
                "(an older copy of the store?). Tell the admin."
            ).replace("%1", seq)
        if finding is not None and finding.problem is audit.Problem.REWRITTEN:
            return self.tr(
                "✖ REWRITTEN: the events up to %1 differ from what the data center saw. "
                "Tell the admin."
            ).replace("%1", seq)
        return self.tr("✖ BROKEN at event %1").replace("%1", seq)

    def refresh_queue(self) -> None:
        queue = overview.queue_overview(self.workspace)
        self.demo_banner.setVisible(not queue.enrolled and queue.training_store)
        self.enroll_prompt.setVisible(not queue.enrolled and not queue.training_store)
        self.records_label.setText(
            self.tr("%1 on this laptop (%2 not sent yet, %3 accepted)")
            .replace("%1", str(queue.records))
            .replace("%2", str(queue.not_sent))
            .replace("%3", str(queue.accepted))
        )
        self.waiting_label.setText(
            self.tr("%1 of at most %2")
            .replace("%1", str(queue.waiting))
            .replace("%2", str(queue.freeze.waiting_limit))
        )
        if queue.last_sync_at is None:
            self.last_sync_label.setText(self.tr("never"))
        else:
            when = moment_text(queue.last_sync_at)
            self.last_sync_label.setText(
                self.tr("%n day(s) ago (%1)", "", queue.days_since_sync or 0).replace("%1", when)
            )
        self._show_freeze(queue.freeze)

    def _show_freeze(self, outlook: overview.FreezeOutlook) -> None:
        level = outlook.level
        if level is overview.FreezeLevel.FROZEN:
            text = "⛔ " + self.tr(
                "New enrollments are blocked: this laptop has gone too long without a sync, "
                "or holds too many records. Sync with the data center now. Recordings already "
                "started can still be finished."
            )
            status = "error"
        elif level is overview.FreezeLevel.DAYS_RUNNING_OUT:
            text = "⚠ " + self.tr(
                "Sync soon: in %n day(s) new enrollments will be blocked until this laptop syncs.",
                "",
                outlook.days_left or 0,
            )
            status = "warning"
        elif level is overview.FreezeLevel.RECORDS_RUNNING_OUT:
            text = "⚠ " + self.tr(
                "Sync soon: after %n more record(s) new enrollments will be blocked.",
                "",
                outlook.records_left,
            )
            status = "warning"
        else:
            text = "✔ " + self.tr("Within the sync limits: %1 days, %2 waiting records.").replace(
                "%1", str(outlook.days_limit)
            ).replace("%2", str(outlook.waiting_limit))
            status = None
        self.freeze_label.setText(text)
        mark_status(self.freeze_label, status)  # the theme's colours, readable in each

    def refresh_visits(self) -> None:
        today = dt.datetime.now().astimezone().date()
        visits = overview.visits_on(self.workspace, today)
        self.visits_table.setRowCount(len(visits))
        for row, progress in enumerate(visits):
            visit = progress.visit
            place = f"{visit.desa_name} · {place_type_text(visit.place_type)}"
            if visit.place_name:
                place = f"{visit.place_name}, {place}"
            team = ", ".join(m.full_name for m in visit.team)
            cells = [
                visit.start_time,
                place,
                team,
                str(visit.targets),
                str(progress.recorded),
                str(progress.remaining),
            ]
            for column, value in enumerate(cells):
                self.visits_table.setItem(row, column, QTableWidgetItem(value))
        tip_cells(self.visits_table)
        self.visits_table.setVisible(bool(visits))
        self.no_visits_label.setVisible(not visits)
