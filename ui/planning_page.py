"""Planning: requests, visits and their teams, and the imported target lists.

Every button calls the function the CLI's ``request``, ``visit`` and
``targets`` commands call; the page only collects fields and shows results.
A target list is imported on a worker thread (a village list can hold
thousands of rows) and its report lists every row's problems.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QDate,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.enrollment import visits as field_visits
from fieldkit.errors import KnownError
from fieldkit.events import OfficersChanged, RequestsChanged, TargetsChanged, VisitsChanged
from fieldkit.planning import kinds, requests, schedule
from ui.common import (
    ReasonDialog,
    StatusLine,
    date_of,
    fit_columns,
    read_only_table,
    row_key,
    tip_cells,
    visit_label,
    visit_place,
)
from ui.dates import date_edit, date_text
from ui.design import clear_field_error, mark_primary, show_field_error
from ui.design.empty import empty_state
from ui.design.pill import mark_pill_cell, pill_column
from ui.design.tokens import Spacing
from ui.labels_catalogue import (
    place_type_text,
    requester_type_text,
)
from ui.messages import explain
from ui.planning_catalogue import team_reason_text
from ui.planning_targets import TargetsTab
from ui.planning_widgets import (
    VISIT_STATE_LOOKS,
    DesaSearch,
    RescheduleDialog,
    TeamPicker,
    clear_when_edited,
    field_at_fault,
)
from ui.unsaved import mark_saved

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace
    from ui.bridge import EventBridge

log = logging.getLogger(__name__)


def _narrow(box: QComboBox) -> None:
    """A long choice elides in the box (its list shows it whole) rather than widening the form.

    The visit form beside the visits table asked for so much width that the table's
    columns were cut in a 1280-px window (1920 at 150 %, issue 47 D9).
    """
    box.setMinimumContentsLength(20)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)


class PlanningPage(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._reason_dialog: ReasonDialog | None = None
        self._move_dialog: RescheduleDialog | None = None
        # Each request's region code, for the visit form's codes (see _codes_from_request).
        self._request_regions: dict[str, str] = {}
        self._visit_states = {
            "planned": self.tr("planned"),
            "cancelled": self.tr("cancelled"),
            "done": self.tr("done"),
        }
        self.status = StatusLine()
        self.targets = TargetsTab(workspace, self.status)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._requests_tab(), self.tr("Requests"))
        self.tabs.addTab(self._visits_tab(), self.tr("Visits and teams"))
        self.tabs.addTab(self.targets, self.tr("Targets"))
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
        for kind in kinds.RequesterType:
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
        mark_primary(self.create_request_button)  # the Permohonan tab's main action
        self.create_request_button.clicked.connect(self.create_request)
        form.addRow(self.create_request_button)
        # Which field each refusal of the form is about: the message stands under it.
        self._request_faults: dict[str, QWidget] = {
            "letter_number_required": self.request_number,
            "letter_date_in_future": self.request_date,
            "requester_type_unknown": self.request_type,
            "requester_name_required": self.request_name,
            "region_code_format": self.request_region,
            "region_code_unknown": self.request_region,
        }
        clear_when_edited(*self._request_faults.values())

        self.requests_table = QTableWidget(0, 4)
        self.requests_table.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Number"), self.tr("Requester"), self.tr("Visits")]
        )
        read_only_table(self.requests_table)
        self.requests_table.setAccessibleName(self.tr("Requests table"))
        fit_columns(self.requests_table, stretch=(1, 2))
        empty_state(
            self.requests_table,
            self.tr("No request letters yet."),
            self.tr("Fill in the form and click Save request."),
        )
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.addWidget(box, 2)
        layout.addWidget(self.requests_table, 3)
        return page

    def create_request(self) -> None:
        self._clear_faults(self._request_faults)
        try:
            info = requests.create_request(
                self.workspace,
                number=self.request_number.text(),
                letter_date=date_of(self.request_date),
                requester_type=kinds.RequesterType(self.request_type.currentData()),
                requester_name=self.request_name.text(),
                region_code=self.request_region.text(),
                subject=self.request_subject.text() or None,
            )
        except KnownError as error:
            self._refuse(error, self._request_faults)
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
        pill_column(self.visits_table, 4)
        # The day and time may wrap too: beside the form, at 1280 px, there is no room for
        # the five whole (issue 47 D9).
        day = self.visits_table.fontMetrics().horizontalAdvance("00-00-0000") + 2 * Spacing.s
        fit_columns(self.visits_table, stretch=(0, 1, 2), minimum={0: day}, wrap=True)
        empty_state(
            self.visits_table,
            self.tr("No visits planned yet."),
            self.tr("Fill in the New visit form and click Plan visit."),
        )
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
        _narrow(self.visit_request)
        self.visit_request.currentIndexChanged.connect(lambda _index: self._codes_from_request())
        self.visit_date = date_edit(QDate.currentDate())
        self.visit_time = QLineEdit(kinds.DEFAULT_START_TIME)
        self.visit_place = QComboBox()
        _narrow(self.visit_place)
        for place in kinds.PlaceType:
            self.visit_place.addItem(place_type_text(place), place.value)
        self.visit_place_name = QLineEdit()
        self.visit_place_name.setPlaceholderText(self.tr("hospital or panti name"))
        self.visit_desa = QLineEdit()
        self.desa_search = DesaSearch(self.visit_desa, self._desa_chosen)
        self.visit_desa_code = QLineEdit()
        self.visit_desa_code.setPlaceholderText("3315012005")
        self.visit_kecamatan = QLineEdit()
        self.visit_kecamatan.setPlaceholderText("331501")
        self.visit_terrain = QComboBox()
        for terrain in kinds.Terrain:
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
        mark_primary(self.create_visit_button)
        self.create_visit_button.clicked.connect(self.create_visit)
        self.assign_button = QPushButton(self.tr("Give this team to the chosen visit"))
        self.assign_button.clicked.connect(self.assign_team)
        # One above the other: side by side they made the form so wide that the visits
        # beside it were cut in a 1280-px window (1920 at 150 %, issue 47 D9).
        form.addRow(self.create_visit_button)
        form.addRow(self.assign_button)
        self._visit_faults: dict[str, QWidget] = {
            "id_not_found": self.visit_request,
            "id_prefix_too_short": self.visit_request,
            "visit_date_in_past": self.visit_date,
            "time_format": self.visit_time,
            "desa_name_required": self.visit_desa,
            "desa_not_in_kecamatan": self.visit_desa_code,
            "kecamatan_code_format": self.visit_kecamatan,
            "visits_count_range": self.visit_weeks,
            "officer_not_ketua": self.team.ketua,
            "team_needs_petugas": self.team.petugas,
            "team_duplicate_officer": self.team.petugas,
            "officer_not_active": self.team.petugas,
            "officer_not_field": self.team.petugas,
        }
        clear_when_edited(*self._visit_faults.values(), self.visit_desa_code)
        return box

    def _clear_faults(self, faults: dict[str, QWidget]) -> None:
        for field in {*faults.values(), self.visit_desa_code}:
            clear_field_error(field)

    def _refuse(
        self, error: KnownError, faults: dict[str, QWidget], *, region: QWidget | None = None
    ) -> None:
        """Say a refusal under the field that caused it, or in the status line if none did."""
        field = field_at_fault(error, faults)
        if field is None and error.code.startswith("region_code_") and region is not None:
            field = region
        if field is None:
            self.status.error(explain(error))
            return
        self.status.info("")  # the message stands under its field, not twice
        show_field_error(field, explain(error))

    def _region_at_fault(self, error: KnownError) -> QWidget:
        """Which of the visit's two codes a region-code refusal is about (the one it names)."""
        named = error.params.get("code", "").strip()
        if named and named == self.visit_desa_code.text().strip():
            return self.visit_desa_code
        return self.visit_kecamatan

    def create_visit(self) -> None:
        self._clear_faults(self._visit_faults)
        try:
            visits = schedule.create_visit(
                self.workspace,
                str(self.visit_request.currentData() or ""),
                visit_date=date_of(self.visit_date),
                start_time=self.visit_time.text(),
                place_type=kinds.PlaceType(self.visit_place.currentData()),
                place_name=self.visit_place_name.text() or None,
                desa_name=self.visit_desa.text(),
                desa_code=self.visit_desa_code.text().strip() or None,
                kecamatan_code=self.visit_kecamatan.text(),
                terrain=kinds.Terrain(self.visit_terrain.currentData()),
                team=self.team.plan(),
                weeks=self.visit_weeks.value(),
            )
        except KnownError as error:
            self._refuse(error, self._visit_faults, region=self._region_at_fault(error))
            return
        self.status.ok(
            self.tr("%n visit(s) planned, the first on %1.", "", len(visits)).replace(
                "%1", date_text(visits[0].visit_date)
            )
        )  # the VisitsChanged event has refreshed the lists
        mark_saved(self.visit_form)
        self.targets.target_visit.select(visits[0].id)

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
            self._refuse(error, self._visit_faults)
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
        self.desa_search.reload(requests.office_desa(self.workspace))
        self.refresh_visits()

    def _visits_changed(self) -> None:
        self.refresh_requests()  # each request shows how many visits it has
        self.refresh_visits()

    def _targets_changed(self, event: TargetsChanged) -> None:
        self._fill_visits()  # each visit shows how many targets it has
        if event.visit_id == self.targets.target_visit.visit_id():
            self.targets.load_targets()

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

    def _desa_chosen(self, code: str, name: str) -> None:
        """A desa picked from the office's list: its name and both codes, as the office has them."""
        self.visit_desa.setText(name)
        self.visit_desa_code.setText(code)
        self.visit_kecamatan.setText(code[:6])
        self.visit_desa_code.setModified(True)  # chosen here: a change of request keeps it
        self.visit_kecamatan.setModified(True)

    def _codes_from_request(self) -> None:
        """The visit's kecamatan and desa codes, from the chosen request's region code.

        Typed once, on the request (finding 15).  A code the person typed here is
        theirs and stays: only a field nobody typed into follows the request.
        """
        region = self._request_regions.get(str(self.visit_request.currentData() or ""), "")
        kecamatan, desa = kinds.region_levels(region)
        for field, value in ((self.visit_kecamatan, kecamatan), (self.visit_desa_code, desa)):
            if not field.isModified():
                field.setText(value or "")

    def refresh_visits(self) -> None:
        """The visits table and the targets tab's visit list (which reloads its targets)."""
        self._fill_visits()
        self.targets.target_visit.reload()

    def _fill_visits(self) -> None:
        visits = schedule.list_visits(self.workspace)
        self.visits_table.setRowCount(len(visits))
        for row, visit in enumerate(visits):
            first = QTableWidgetItem(f"{date_text(visit.visit_date)} {visit.start_time}")
            first.setData(Qt.ItemDataRole.UserRole, visit.id)
            self.visits_table.setItem(row, 0, first)
            state = visit.status.value
            kind, symbol = VISIT_STATE_LOOKS.get(state, VISIT_STATE_LOOKS["planned"])
            cells = [
                visit_place(visit),
                ", ".join(m.full_name for m in visit.team),
                str(visit.targets),
                f"{symbol} {self._visit_states.get(state, state)}",
            ]
            items = [QTableWidgetItem(value) for value in cells]
            mark_pill_cell(items[-1], kind)
            for column, item in enumerate(items, start=1):
                self.visits_table.setItem(row, column, item)
        tip_cells(self.visits_table)
