"""Planning: requests, visits and their teams, and the imported target lists.

Every button calls the function the CLI's ``request``, ``visit`` and
``targets`` commands call; the page only collects fields and shows results.
A target list is imported on a worker thread (a village list can hold
thousands of rows) and its report lists every row's problems.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QDate,
    Qt,
    Signal,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit import nik
from fieldkit.enrollment import visits as field_visits
from fieldkit.errors import KnownError
from fieldkit.events import OfficersChanged, RequestsChanged, TargetsChanged, VisitsChanged
from fieldkit.planning import requests, schedule, targets_import
from fieldkit.planning.targets_import import ImportReport, Status
from ui import workers
from ui.common import (
    ReasonDialog,
    StatusLine,
    VisitPicker,
    date_of,
    fit_columns,
    read_only_table,
    row_key,
    tip_cells,
    visit_label,
)
from ui.dates import date_edit, date_text
from ui.labels_catalogue import (
    categories_text,
    category_texts,
    place_type_text,
    requester_type_text,
)
from ui.messages import explain, explain_any
from ui.planning_catalogue import message_text, note_text, team_reason_text
from ui.planning_widgets import (
    CATEGORIES_ROLE,
    NIK_ROLE,
    SORT_ROLE,
    RescheduleDialog,
    TargetFilter,
    TeamPicker,
)
from ui.unsaved import mark_saved, not_work

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace
    from ui.bridge import EventBridge

log = logging.getLogger(__name__)

#: The target list's columns: NIK, name, sex, born, address, condition, disability, notes.
_TARGET_WIDTHS = {0: 150, 2: 40, 3: 95, 5: 110, 6: 140}
_STRETCHED_TARGET_COLUMNS = (1, 4, 7)


class PlanningPage(QWidget):
    import_finished = Signal(object)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._task: workers.Task | None = None
        self._reason_dialog: ReasonDialog | None = None
        self._move_dialog: RescheduleDialog | None = None
        # Each request's region code, for the visit form's codes (see _codes_from_request).
        self._request_regions: dict[str, str] = {}
        self._visit_states = {
            "planned": self.tr("planned"),
            "cancelled": self.tr("cancelled"),
            "done": self.tr("done"),
        }
        self.tabs = QTabWidget()
        self.tabs.addTab(self._requests_tab(), self.tr("Requests"))
        self.tabs.addTab(self._visits_tab(), self.tr("Visits and teams"))
        self.tabs.addTab(self._targets_tab(), self.tr("Targets"))
        self.status = StatusLine()
        # A message belongs to the tab it came from: another tab starts without it.
        self.tabs.currentChanged.connect(lambda _index: self.status.info(""))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

    # --- requests --------------------------------------------------------------------

    def _requests_tab(self) -> QWidget:
        box = QGroupBox(self.tr("New request (surat permohonan)"))
        self.request_form = box
        form = QFormLayout(box)
        self.request_number = QLineEdit()
        self.request_number.setPlaceholderText("470/123/409.20.1.2/2026")
        self.request_date = date_edit(QDate.currentDate())
        self.request_type = QComboBox()
        for kind in requests.RequesterType:
            self.request_type.addItem(requester_type_text(kind), kind.value)
        self.request_name = QLineEdit()
        self.request_name.setPlaceholderText("Pemerintah Desa Sumberjo")
        self.request_region = QLineEdit()
        self.request_region.setPlaceholderText("33.15.01.2005")
        self.request_subject = QLineEdit()
        form.addRow(self.tr("Letter number"), self.request_number)
        form.addRow(self.tr("Letter date"), self.request_date)
        form.addRow(self.tr("Requester type"), self.request_type)
        form.addRow(self.tr("Requester"), self.request_name)
        form.addRow(self.tr("Region code"), self.request_region)
        form.addRow(self.tr("Subject"), self.request_subject)
        self.create_request_button = QPushButton(self.tr("Save request"))
        self.create_request_button.clicked.connect(self.create_request)
        form.addRow(self.create_request_button)

        self.requests_table = QTableWidget(0, 4)
        self.requests_table.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Number"), self.tr("Requester"), self.tr("Visits")]
        )
        read_only_table(self.requests_table)
        self.requests_table.setAccessibleName(self.tr("Requests table"))
        fit_columns(self.requests_table, stretch=(1, 2))
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.addWidget(box, 2)
        layout.addWidget(self.requests_table, 3)
        return page

    def create_request(self) -> None:
        try:
            info = requests.create_request(
                self.workspace,
                number=self.request_number.text(),
                letter_date=date_of(self.request_date),
                requester_type=requests.RequesterType(self.request_type.currentData()),
                requester_name=self.request_name.text(),
                region_code=self.request_region.text(),
                subject=self.request_subject.text() or None,
            )
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.status.ok(self.tr("Request %1 saved.").replace("%1", info.number))
        self.request_number.clear()  # the RequestsChanged event has refreshed the lists
        mark_saved(self.request_form)
        self.visit_request.setCurrentIndex(self.visit_request.findData(info.id))

    # --- visits ----------------------------------------------------------------------

    def _visits_tab(self) -> QWidget:
        self.visits_table = QTableWidget(0, 5)
        self.visits_table.setHorizontalHeaderLabels(
            [
                self.tr("Date"),
                self.tr("Place"),
                self.tr("Team"),
                self.tr("Targets"),
                self.tr("Status"),
            ]
        )
        read_only_table(self.visits_table)
        self.visits_table.setAccessibleName(self.tr("Visits table"))
        fit_columns(self.visits_table, stretch=(1, 2))
        self.visits_table.itemSelectionChanged.connect(self._show_suggestion)
        self.suggestion = QLabel()
        self.suggestion.setWordWrap(True)
        self.cancel_visit_button = QPushButton(self.tr("Cancel visit…"))
        self.cancel_visit_button.clicked.connect(self.cancel_visit)
        self.move_visit_button = QPushButton(self.tr("Reschedule…"))
        self.move_visit_button.clicked.connect(self.move_visit)
        visit_actions = QHBoxLayout()
        visit_actions.addWidget(self.move_visit_button)
        visit_actions.addWidget(self.cancel_visit_button)
        visit_actions.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.visits_table, 1)
        right.addWidget(self.suggestion)
        right.addLayout(visit_actions)
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.addWidget(self._visit_form(), 2)
        layout.addLayout(right, 3)
        return page

    def _visit_form(self) -> QGroupBox:
        box = QGroupBox(self.tr("New visit"))
        self.visit_form = box
        form = QFormLayout(box)
        self.visit_request = QComboBox()
        self.visit_request.currentIndexChanged.connect(lambda _index: self._codes_from_request())
        self.visit_date = date_edit(QDate.currentDate())
        self.visit_time = QLineEdit(schedule.DEFAULT_START_TIME)
        self.visit_place = QComboBox()
        for place in schedule.PlaceType:
            self.visit_place.addItem(place_type_text(place), place.value)
        self.visit_place_name = QLineEdit()
        self.visit_place_name.setPlaceholderText(self.tr("hospital or panti name"))
        self.visit_desa = QLineEdit()
        self.visit_desa_code = QLineEdit()
        self.visit_desa_code.setPlaceholderText("3315012005")
        self.visit_kecamatan = QLineEdit()
        self.visit_kecamatan.setPlaceholderText("331501")
        self.visit_terrain = QComboBox()
        for terrain in schedule.Terrain:
            self.visit_terrain.addItem(terrain.value, terrain.value)
        self.visit_weeks = QSpinBox()
        self.visit_weeks.setRange(1, 52)
        # "1" read as a number of visits (finding 15): say weeks, and that 1 means once.
        self.visit_weeks.setSuffix(self.tr(" weeks"))
        self.visit_weeks.setSpecialValueText(self.tr("once (not repeated)"))
        self.team = TeamPicker()
        form.addRow(self.tr("Request"), self.visit_request)
        form.addRow(self.tr("Date"), self.visit_date)
        form.addRow(self.tr("Start time"), self.visit_time)
        form.addRow(self.tr("Place"), self.visit_place)
        form.addRow(self.tr("Place name"), self.visit_place_name)
        form.addRow(self.tr("Desa/kelurahan"), self.visit_desa)
        form.addRow(self.tr("Desa code"), self.visit_desa_code)
        form.addRow(self.tr("Kecamatan code"), self.visit_kecamatan)
        form.addRow(self.tr("Terrain"), self.visit_terrain)
        form.addRow(self.tr("Repeat every week for"), self.visit_weeks)
        form.addRow(self.team)
        self.create_visit_button = QPushButton(self.tr("Plan visit"))
        self.create_visit_button.clicked.connect(self.create_visit)
        self.assign_button = QPushButton(self.tr("Give this team to the chosen visit"))
        self.assign_button.clicked.connect(self.assign_team)
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_visit_button)
        buttons.addWidget(self.assign_button)
        form.addRow(buttons)
        return box

    def create_visit(self) -> None:
        try:
            visits = schedule.create_visit(
                self.workspace,
                str(self.visit_request.currentData() or ""),
                visit_date=date_of(self.visit_date),
                start_time=self.visit_time.text(),
                place_type=schedule.PlaceType(self.visit_place.currentData()),
                place_name=self.visit_place_name.text() or None,
                desa_name=self.visit_desa.text(),
                desa_code=self.visit_desa_code.text().strip() or None,
                kecamatan_code=self.visit_kecamatan.text(),
                terrain=schedule.Terrain(self.visit_terrain.currentData()),
                team=self.team.plan(),
                weeks=self.visit_weeks.value(),
            )
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.status.ok(
            self.tr("%n visit(s) planned, the first on %1.", "", len(visits)).replace(
                "%1", date_text(visits[0].visit_date)
            )
        )  # the VisitsChanged event has refreshed the lists
        mark_saved(self.visit_form)
        self.target_visit.select(visits[0].id)

    def chosen_visit_id(self) -> str | None:
        return row_key(self.visits_table)

    def assign_team(self) -> None:
        visit_id = self.chosen_visit_id()
        if visit_id is None:
            self.status.error(self.tr("Choose a visit in the list first."))
            return
        try:
            visit = schedule.assign_team(self.workspace, visit_id, self.team.plan())
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.status.ok(
            self.tr("Team of the visit on %1 updated.").replace("%1", date_text(visit.visit_date))
        )  # the VisitsChanged event has refreshed the lists

    def cancel_visit(self) -> None:
        """Call off the chosen visit, with a reason; one with work on it is refused in words."""
        visit_id = self.chosen_visit_id()
        if visit_id is None:
            self.status.error(self.tr("Choose a visit in the list first."))
            return
        visit = schedule.get_visit(self.workspace, visit_id)
        dialog = ReasonDialog(
            title=self.tr("Cancel a visit"),
            note=self.tr(
                "The visit %1 will be cancelled: nobody can record on it any more. "
                "It stays in the list as cancelled."
            ).replace("%1", visit_label(visit)),
            action=self.tr("Cancel the visit"),
            placeholder=self.tr("why, e.g. planned twice, the family moved (required)"),
            parent=self,
        )
        dialog.accepted.connect(lambda: self._cancel(visit_id, dialog.reason.text()))
        dialog.open()
        self._reason_dialog = dialog

    def move_visit(self) -> None:
        """Another day or hour for the chosen visit; one with work on it is refused in words."""
        visit_id = self.chosen_visit_id()
        if visit_id is None:
            self.status.error(self.tr("Choose a visit in the list first."))
            return
        visit = schedule.get_visit(self.workspace, visit_id)
        dialog = RescheduleDialog(visit, visit_label(visit), self)
        dialog.move_button.clicked.connect(lambda: self._move(dialog))
        dialog.open()
        self._move_dialog = dialog

    def _move(self, dialog: RescheduleDialog) -> None:
        try:
            field_visits.reschedule_visit(
                self.workspace,
                dialog.visit.id,
                visit_date=date_of(dialog.date),
                start_time=dialog.time.text(),
            )
        except KnownError as error:
            dialog.status.error(explain(error))  # the dialog stays, with what was typed
            return
        dialog.accept()
        self.status.ok(
            self.tr("The visit moves to %1.").replace(
                "%1", f"{date_text(date_of(dialog.date))} {dialog.time.text().strip()}"
            )
        )

    def _cancel(self, visit_id: str, reason: str) -> None:
        try:
            field_visits.cancel_visit(self.workspace, visit_id, reason)
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.status.ok(self.tr("Visit cancelled."))  # VisitsChanged has refreshed the lists

    def _show_suggestion(self) -> None:
        visit_id = self.chosen_visit_id()
        if visit_id is None:
            self.suggestion.clear()
            return
        try:
            advice = schedule.suggest_for_visit(self.workspace, visit_id)
        except KnownError as error:
            self.suggestion.setText(explain(error))
            return
        headline = (
            self.tr("Suggested team: 1 ketua tim and %1 petugas, about %2 minutes of work.")
            .replace("%1", str(advice.petugas))
            .replace("%2", str(advice.minutes))
        )
        self.suggestion.setText(
            "\n".join([headline, *(f"- {team_reason_text(r)}" for r in advice.reasons)])
        )

    # --- targets ---------------------------------------------------------------------

    def _targets_tab(self) -> QWidget:
        self.target_visit = VisitPicker(self.workspace)
        self.target_visit.currentIndexChanged.connect(self.load_targets)
        self.import_button = QPushButton(self.tr("Import target list (CSV/XLSX)…"))
        self.target_visit.setAccessibleName(self.tr("Visit of the target list"))
        self.import_button.clicked.connect(self.choose_import_file)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Visit")))
        top.addWidget(self.target_visit, 1)
        top.addWidget(self.import_button)

        self.import_summary = QLabel()
        self.import_summary.setWordWrap(True)
        self.import_problems = QTableWidget(0, 3)
        self.import_problems.setHorizontalHeaderLabels(
            [self.tr("Row"), self.tr("Result"), self.tr("Problem")]
        )
        read_only_table(self.import_problems)
        self.import_problems.setAccessibleName(self.tr("Import problems"))
        self.import_problems.setWordWrap(True)
        header = self.import_problems.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # A long problem wraps onto more lines instead of being cut off; its tooltip has it too.
        self.import_problems.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        report = QGroupBox(self.tr("Import report"))
        report_layout = QVBoxLayout(report)
        report_layout.addWidget(self.import_summary)
        report_layout.addWidget(self.import_problems, 1)

        # The list gets the whole width (eight columns); the report sits below it.
        body = QVBoxLayout()
        body.addLayout(self._target_list(), 3)
        body.addWidget(report, 1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        return page

    def _target_list(self) -> QVBoxLayout:
        self.search = not_work(QLineEdit())
        self.search.setPlaceholderText(self.tr("Search name, NIK or address…"))
        self.search.setClearButtonEnabled(True)
        self.category = QComboBox()
        self.category.addItem(self.tr("All conditions"), None)
        for category, name in category_texts().items():
            self.category.addItem(name, category.value)
        self.targets_model = QStandardItemModel(0, 8, self)
        self.targets_model.setHorizontalHeaderLabels(
            [
                self.tr("NIK"),
                self.tr("Name"),
                self.tr("Sex"),
                self.tr("Born"),
                self.tr("Address"),
                self.tr("Condition"),
                self.tr("Disability"),
                self.tr("Notes"),
            ]
        )
        self.targets_proxy = TargetFilter(self)
        self.targets_proxy.setSourceModel(self.targets_model)
        self.search.textChanged.connect(self.targets_proxy.set_search)
        self.category.currentIndexChanged.connect(
            lambda _i: self.targets_proxy.set_category(self.category.currentData())
        )
        self.targets_view = QTableView()
        self.targets_view.setModel(self.targets_proxy)
        self.targets_view.setSortingEnabled(True)
        self.targets_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.targets_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.targets_view.setAccessibleName(self.tr("Targets table"))
        self.targets_view.setWordWrap(False)
        self.targets_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.targets_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        for column, width in _TARGET_WIDTHS.items():
            self.targets_view.setColumnWidth(column, width)
        for column in _STRETCHED_TARGET_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.search.setAccessibleName(self.tr("Search targets"))
        self.category.setAccessibleName(self.tr("Condition filter"))
        self.targets_count = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.category, 1)
        filters.addWidget(self.targets_count)
        targets = QVBoxLayout()
        targets.addLayout(filters)
        targets.addWidget(self.targets_view, 1)
        self.targets_proxy.rowsInserted.connect(self._count_targets)
        self.targets_proxy.rowsRemoved.connect(self._count_targets)
        self.targets_proxy.modelReset.connect(self._count_targets)
        self.targets_proxy.layoutChanged.connect(self._count_targets)
        return targets

    def choose_import_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the target list"),
            str(Path.home()),
            self.tr("Target lists (*.csv *.xlsx *.txt);;All files (*)"),
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Import on a worker thread; :attr:`import_finished` fires with the report."""
        visit_id = self.target_visit.visit_id()
        if visit_id is None:
            self.status.error(self.tr("Plan a visit first: targets belong to a visit."))
            return
        self.import_button.setEnabled(False)
        self.status.info(self.tr("Importing %1…").replace("%1", path.name))
        self._task = workers.start(
            lambda: targets_import.import_targets(self.workspace, visit_id, path),
            self._imported,
            self._import_failed,
        )

    def _imported(self, result: object) -> None:
        self.import_button.setEnabled(True)
        if not isinstance(result, ImportReport):
            return
        self.show_report(result)  # the TargetsChanged event (before this) reloaded the list
        self.import_finished.emit(result)

    def _import_failed(self, error: object) -> None:
        self.import_button.setEnabled(True)
        self.status.error(explain_any(error))
        self.import_finished.emit(error)

    def show_report(self, report: ImportReport) -> None:
        counts = {s: report.count(s) for s in Status}
        summary = (
            self.tr("%1 ok, %2 with warnings, %3 with errors.")
            .replace("%1", str(counts[Status.OK]))
            .replace("%2", str(counts[Status.WARNING]))
            .replace("%3", str(counts[Status.ERROR]))
        )
        if report.accepted:
            self.status.ok(
                self.tr("Imported %n target(s): %1", "", report.imported).replace("%1", summary)
            )
        else:
            self.status.error(
                self.tr("Nothing was imported: %1 Fix the file and import it again.").replace(
                    "%1", summary
                )
            )
        self.import_summary.setText(
            "\n".join(message_text(m) for m in report.file_messages) or summary
        )
        status_words = {
            Status.OK: self.tr("ok"),
            Status.WARNING: self.tr("warning"),
            Status.ERROR: self.tr("error"),
        }
        problems = [
            (row.row, row.status, m)
            for row in report.rows
            if row.status is not Status.OK
            for m in row.messages
        ]
        self.import_problems.setRowCount(len(problems))
        for n, (number, status, message) in enumerate(problems):
            symbol = "✖ " if status is Status.ERROR else "⚠ "
            cells = [
                str(number),
                symbol + status_words[status],
                note_text(message),
            ]
            for column, value in enumerate(cells):
                self.import_problems.setItem(n, column, QTableWidgetItem(value))
        tip_cells(self.import_problems)

    def load_targets(self) -> None:
        visit_id = self.target_visit.visit_id()
        self.targets_model.removeRows(0, self.targets_model.rowCount())
        if visit_id is None:
            self._count_targets()
            return
        for target in targets_import.list_targets(self.workspace, visit_id):
            conditions = categories_text(target.categories)
            cells = [
                nik.mask(target.nik),  # lists are on screens other people can see
                target.name,
                target.sex or "",
                date_text(target.birth_date) if target.birth_date else "",
                ", ".join(filter(None, [target.address, target.desa])),
                conditions,
                target.disability_kind or "",
                target.note or "",
            ]
            items = [QStandardItem(c) for c in cells]
            for item in items:
                item.setData(item.text(), SORT_ROLE)
                if item.text():
                    item.setToolTip(item.text())
            # Sorted by the real number; the mask stays on screen and in the tooltip.
            items[0].setData(target.nik, SORT_ROLE)
            items[0].setData(target.nik, NIK_ROLE)
            # The filter matches the codes, whatever the language the names are shown in.
            items[0].setData(",".join(c.value for c in target.categories), CATEGORIES_ROLE)
            self.targets_model.appendRow(items)
        self._count_targets()

    def _count_targets(self) -> None:
        self.targets_count.setText(
            self.tr("%1 of %2 shown")
            .replace("%1", str(self.targets_proxy.rowCount()))
            .replace("%2", str(self.targets_model.rowCount()))
        )

    # --- reloading -------------------------------------------------------------------

    def follow(self, bridge: EventBridge) -> None:
        """Refresh what an event changed, whoever caused it (this screen, another, the CLI)."""
        bridge.subscribe(RequestsChanged, lambda _e: self.refresh_requests(), self)
        bridge.subscribe(VisitsChanged, lambda _e: self._visits_changed(), self)
        bridge.subscribe(OfficersChanged, lambda _e: self.team.reload(self.workspace), self)
        bridge.subscribe(TargetsChanged, self._targets_changed, self)

    def refresh(self) -> None:
        self.refresh_requests()
        self.team.reload(self.workspace)
        self.refresh_visits()

    def _visits_changed(self) -> None:
        self.refresh_requests()  # each request shows how many visits it has
        self.refresh_visits()

    def _targets_changed(self, event: TargetsChanged) -> None:
        self._fill_visits()  # each visit shows how many targets it has
        if event.visit_id == self.target_visit.visit_id():
            self.load_targets()

    def refresh_requests(self) -> None:
        request_rows = requests.list_requests(self.workspace)
        self._request_regions = {info.id: info.region_code for info in request_rows}
        chosen = self.visit_request.currentData()
        self.visit_request.clear()
        self.requests_table.setRowCount(len(request_rows))
        for row, info in enumerate(request_rows):
            self.visit_request.addItem(f"{info.number} · {info.requester_name}", info.id)
            cells = [date_text(info.letter_date), info.number, info.requester_name]
            for column, value in enumerate([*cells, str(info.visits)]):
                self.requests_table.setItem(row, column, QTableWidgetItem(value))
        tip_cells(self.requests_table)
        if chosen is not None and self.visit_request.findData(chosen) >= 0:
            self.visit_request.setCurrentIndex(self.visit_request.findData(chosen))

    def _codes_from_request(self) -> None:
        """The visit's kecamatan and desa codes, from the chosen request's region code.

        Typed once, on the request (finding 15).  A code the person typed here is
        theirs and stays: only a field nobody typed into follows the request.
        """
        region = self._request_regions.get(str(self.visit_request.currentData() or ""), "")
        kecamatan, desa = requests.region_levels(region)
        for field, value in ((self.visit_kecamatan, kecamatan), (self.visit_desa_code, desa)):
            if not field.isModified():
                field.setText(value or "")

    def refresh_visits(self) -> None:
        """The visits table and the targets tab's visit list (which reloads its targets)."""
        self._fill_visits()
        self.target_visit.reload()

    def _fill_visits(self) -> None:
        visits = schedule.list_visits(self.workspace)
        self.visits_table.setRowCount(len(visits))
        for row, visit in enumerate(visits):
            first = QTableWidgetItem(f"{date_text(visit.visit_date)} {visit.start_time}")
            first.setData(Qt.ItemDataRole.UserRole, visit.id)
            self.visits_table.setItem(row, 0, first)
            cells = [
                visit_label(visit).split(" · ", 1)[1],
                ", ".join(m.full_name for m in visit.team),
                str(visit.targets),
                self._visit_states.get(visit.status.value, visit.status.value),
            ]
            for column, value in enumerate(cells, start=1):
                self.visits_table.setItem(row, column, QTableWidgetItem(value))
        tip_cells(self.visits_table)
