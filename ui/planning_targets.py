"""Planning's third tab: a visit's target list, imported from a file, searched and filtered.

Apart from the planning screen's requests and visits because it follows the
target import (``fieldkit.planning.targets_import``: its columns, its report,
its worker thread), not the planning of visits.  Its words keep the planning
screen's translation context (``PlanningPage``), so the catalogue's
translations carry over.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit import nik
from fieldkit.planning import target_edit, targets_import
from fieldkit.planning.targets_import import ImportReport, Status
from ui import workers
from ui.common import VisitPicker, read_only_table, tip_cells
from ui.dates import date_text
from ui.design import clear_field_error, mark_primary, show_field_error
from ui.design.empty import empty_state
from ui.design.pill import PillKind, mark_pill_cell, pill_column
from ui.labels_catalogue import categories_text, category_texts
from ui.messages import explain_any
from ui.planning_catalogue import message_text, note_text
from ui.planning_widgets import CATEGORIES_ROLE, NIK_ROLE, SORT_ROLE, TargetFilter
from ui.target_completion import DisabilityKindDialog, missing_kind_text
from ui.unsaved import not_work

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace
    from ui.common import StatusLine

#: A bare call, which lupdate extracts with its literal context.
translate = QCoreApplication.translate

#: The target list's columns: NIK, name, sex, born, address, condition, disability, notes
#: (its title whole in bold, as a chosen row shows the headers).
_TARGET_WIDTHS = {0: 150, 2: 40, 3: 95, 5: 110, 6: 165}
_STRETCHED_TARGET_COLUMNS = (1, 4, 7)
# The item data role holding a row's target id (on its first cell).
TARGET_ID_ROLE = Qt.ItemDataRole.UserRole + 40


class TargetsTab(QWidget):
    """A visit's targets: the import, its report, and the list, searched and filtered.

    The import runs on a worker thread (a village list can hold thousands of rows)
    and its report lists every row's problems.
    """

    #: The import's report (``ImportReport``), or the error that stopped it.
    import_finished = Signal(object)

    def __init__(self, workspace: Workspace, status: StatusLine) -> None:
        super().__init__()
        self.workspace = workspace
        self.status = status
        self._task: workers.Task | None = None
        # The visit's targets as listed, by id (what a row's completion starts from).
        self._targets: dict[str, targets_import.TargetInfo] = {}
        self.target_visit = VisitPicker(self.workspace)
        self.target_visit.currentIndexChanged.connect(self.load_targets)
        self.target_visit.currentIndexChanged.connect(
            lambda _index: clear_field_error(self.target_visit)
        )
        self.import_button = QPushButton(
            translate("PlanningPage", "Import target list (CSV/XLSX)…")
        )
        mark_primary(self.import_button)  # the Sasaran tab's main action
        self.target_visit.setAccessibleName(translate("PlanningPage", "Visit of the target list"))
        self.import_button.clicked.connect(self.choose_import_file)
        top = QHBoxLayout()
        top.addWidget(QLabel(translate("PlanningPage", "Visit")))
        top.addWidget(self.target_visit, 1)
        top.addWidget(self.import_button)

        self.import_summary = QLabel()
        self.import_summary.setWordWrap(True)
        self.import_problems = QTableWidget(0, 3)
        self.import_problems.setHorizontalHeaderLabels(
            [
                translate("PlanningPage", "Row"),
                translate("PlanningPage", "Result"),
                translate("PlanningPage", "Problem"),
            ]
        )
        read_only_table(self.import_problems)
        self.import_problems.setAccessibleName(translate("PlanningPage", "Import problems"))
        self.import_problems.setWordWrap(True)
        pill_column(self.import_problems, 1)
        self.problems_empty = empty_state(self.import_problems, *self._no_problems_words())
        header = self.import_problems.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # A long problem wraps onto more lines instead of being cut off; its tooltip has it too.
        self.import_problems.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        report = QGroupBox(translate("PlanningPage", "Import report"))
        report_layout = QVBoxLayout(report)
        report_layout.addWidget(self.import_summary)
        report_layout.addWidget(self.import_problems, 1)

        # The list gets the whole width (eight columns); the report sits below it.
        body = QVBoxLayout()
        body.addLayout(self._target_list(), 3)
        body.addWidget(report, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)

    def _target_list(self) -> QVBoxLayout:
        self.search = not_work(QLineEdit())
        self.search.setPlaceholderText(translate("PlanningPage", "Search name, NIK or address…"))
        self.search.setClearButtonEnabled(True)
        self.category = QComboBox()
        self.category.addItem(translate("PlanningPage", "All conditions"), None)
        for category, name in category_texts().items():
            self.category.addItem(name, category.value)
        self.targets_model = QStandardItemModel(0, 8, self)
        self.targets_model.setHorizontalHeaderLabels(
            [
                translate("PlanningPage", "NIK"),
                translate("PlanningPage", "Name"),
                translate("PlanningPage", "Sex"),
                translate("PlanningPage", "Born"),
                translate("PlanningPage", "Address"),
                translate("PlanningPage", "Condition"),
                translate("PlanningPage", "Disability"),
                translate("PlanningPage", "Notes"),
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
        self.targets_view.setAccessibleName(translate("PlanningPage", "Targets table"))
        self.targets_view.setWordWrap(False)
        self.targets_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.targets_empty = empty_state(self.targets_view, "")
        header = self.targets_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        for column, width in _TARGET_WIDTHS.items():
            self.targets_view.setColumnWidth(column, width)
        for column in _STRETCHED_TARGET_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.search.setAccessibleName(translate("PlanningPage", "Search targets"))
        self.category.setAccessibleName(translate("PlanningPage", "Condition filter"))
        self.targets_count = QLabel()
        self.complete_button = QPushButton(
            translate("PlanningPage", "Complete the kind of disability…")
        )
        self.complete_button.setToolTip(
            translate(
                "PlanningPage",
                "For the chosen person listed as disabilitas without the kind: recording"
                " needs it. A double click on the row does the same.",
            )
        )
        self.complete_button.clicked.connect(self.complete_chosen)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.category, 1)
        filters.addWidget(self.targets_count)
        filters.addWidget(self.complete_button)
        targets = QVBoxLayout()
        targets.addLayout(filters)
        targets.addWidget(self.targets_view, 1)
        self.targets_view.selectionModel().selectionChanged.connect(self._show_complete_button)
        self.targets_view.doubleClicked.connect(lambda _index: self.complete_chosen())
        self.completion: DisabilityKindDialog | None = None
        self._show_complete_button()
        self.targets_proxy.rowsInserted.connect(self._count_targets)
        self.targets_proxy.rowsRemoved.connect(self._count_targets)
        self.targets_proxy.modelReset.connect(self._count_targets)
        self.targets_proxy.layoutChanged.connect(self._count_targets)
        return targets

    def choose_import_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            translate("PlanningPage", "Choose the target list"),
            str(Path.home()),
            translate("PlanningPage", "Target lists (*.csv *.xlsx *.txt);;All files (*)"),
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Import on a worker thread; :attr:`import_finished` fires with the report."""
        visit_id = self.target_visit.visit_id()
        if visit_id is None:  # about the Visit field: said under it (issue 36)
            show_field_error(
                self.target_visit,
                translate("PlanningPage", "Plan a visit first: targets belong to a visit."),
            )
            return
        clear_field_error(self.target_visit)
        self.import_button.setEnabled(False)
        self.status.info(translate("PlanningPage", "Importing %1…").replace("%1", path.name))
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

    @staticmethod
    def _no_problems_words() -> tuple[str, str]:
        return (
            translate("PlanningPage", "No import problems to show."),
            translate(
                "PlanningPage", "Import a target list: every row with a problem is listed here."
            ),
        )

    def show_report(self, report: ImportReport) -> None:
        if not report.file_ok or not report.rows:
            self._show_refused_file(report)
            return
        self.problems_empty.set_words(*self._no_problems_words())
        counts = {s: report.count(s) for s in Status}
        summary = (
            translate("PlanningPage", "%1 ok, %2 with warnings, %3 with errors.")
            .replace("%1", str(counts[Status.OK]))
            .replace("%2", str(counts[Status.WARNING]))
            .replace("%3", str(counts[Status.ERROR]))
        )
        if report.accepted:
            self.status.ok(
                translate("PlanningPage", "Imported %n target(s): %1", "", report.imported).replace(
                    "%1", summary
                )
            )
        else:
            self.status.error(
                translate(
                    "PlanningPage", "Nothing was imported: %1 Fix the file and import it again."
                ).replace("%1", summary)
            )
        self.import_summary.setText(
            "\n".join(message_text(m) for m in report.file_messages) or summary
        )
        status_words = {
            Status.OK: translate("PlanningPage", "ok"),
            Status.WARNING: translate("PlanningPage", "warning"),
            Status.ERROR: translate("PlanningPage", "error"),
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
            items = [QTableWidgetItem(value) for value in cells]
            mark_pill_cell(
                items[1], PillKind.DANGER if status is Status.ERROR else PillKind.WARNING
            )
            for column, item in enumerate(items):
                self.import_problems.setItem(n, column, item)
        tip_cells(self.import_problems)

    def _show_refused_file(self, report: ImportReport) -> None:
        """A file refused whole: its reason, and no row counts nor "no problems" (issue 47).

        It used to read "0 ok, 0 with warnings, 0 with errors" above "No import
        problems to show" for a file no row of which was ever read.
        """
        why = "\n".join(message_text(m) for m in report.file_messages) or translate(
            "PlanningPage", "The file holds no rows to import."
        )
        self.status.error(translate("PlanningPage", "Nothing was imported: %1").replace("%1", why))
        self.import_summary.setText(why)
        self.import_problems.setRowCount(0)
        self.problems_empty.set_words(
            translate("PlanningPage", "No row was read: the file itself was refused."),
            translate("PlanningPage", "Its reason is above. Fix the file and import it again."),
        )

    def _chosen_target(self) -> targets_import.TargetInfo | None:
        """The person chosen in the list, as the store has them."""
        rows = self.targets_view.selectionModel().selectedRows()
        if not rows:
            return None
        target_id = self.targets_proxy.index(rows[0].row(), 0).data(TARGET_ID_ROLE)
        return self._targets.get(str(target_id))

    def _show_complete_button(self) -> None:
        target = self._chosen_target()
        self.complete_button.setEnabled(
            target is not None and target_edit.needs_disability_kind(target)
        )

    def complete_chosen(self) -> None:
        """The ketua completes the chosen person's missing kind of disability, in place."""
        target = self._chosen_target()
        if target is None or not target_edit.needs_disability_kind(target):
            return
        dialog = DisabilityKindDialog(self.workspace, target.id, target.name, self)
        dialog.completed.connect(self._completed)
        self.completion = dialog
        dialog.open()

    def _completed(self, info: object) -> None:
        assert isinstance(info, targets_import.TargetInfo)  # noqa: S101 - the dialog's signal
        self.status.ok(
            translate("PlanningPage", "Kind of disability of %1 saved: %2.")
            .replace("%1", info.name)
            .replace("%2", info.disability_kind or "")
        )
        self.load_targets()  # the store's event reloads it too; the choice is kept below
        self._choose(info.id)

    def _choose(self, target_id: str) -> None:
        for row in range(self.targets_proxy.rowCount()):
            if self.targets_proxy.index(row, 0).data(TARGET_ID_ROLE) == target_id:
                self.targets_view.selectRow(row)
                return

    def load_targets(self) -> None:
        visit_id = self.target_visit.visit_id()
        self._targets = {}
        self.targets_model.removeRows(0, self.targets_model.rowCount())
        if visit_id is None:
            self._count_targets()
            return
        for target in targets_import.list_targets(self.workspace, visit_id):
            self._targets[target.id] = target
            conditions = categories_text(target.categories)
            missing = target_edit.needs_disability_kind(target)
            cells = [
                nik.mask(target.nik),  # lists are on screens other people can see
                target.name,
                target.sex or "",
                date_text(target.birth_date) if target.birth_date else "",
                ", ".join(filter(None, [target.address, target.desa])),
                conditions,
                missing_kind_text() if missing else target.disability_kind or "",
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
            items[0].setData(target.id, TARGET_ID_ROLE)
            # The filter matches the codes, whatever the language the names are shown in.
            items[0].setData(",".join(c.value for c in target.categories), CATEGORIES_ROLE)
            self.targets_model.appendRow(items)
        self._count_targets()
        self._show_complete_button()

    def _count_targets(self) -> None:
        self._say_why_empty()
        self.targets_count.setText(
            translate("PlanningPage", "%1 of %2 shown")
            .replace("%1", str(self.targets_proxy.rowCount()))
            .replace("%2", str(self.targets_model.rowCount()))
        )

    def _say_why_empty(self) -> None:
        """Why the target list shows nothing now, and the next step (issue 36)."""
        if self.target_visit.visit_id() is None:
            words = (
                translate("PlanningPage", "No visit planned yet."),
                translate("PlanningPage", "Plan a visit on the Visits and teams tab first."),
            )
        elif self.targets_model.rowCount() == 0:
            words = (
                translate("PlanningPage", "No targets for this visit yet."),
                translate("PlanningPage", "Click Import target list (CSV/XLSX)… to add the list."),
            )
        else:
            words = (
                translate("PlanningPage", "No target matches the search."),
                translate("PlanningPage", "Clear the search or choose All conditions."),
            )
        self.targets_empty.set_words(*words)
