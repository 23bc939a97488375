"""The planning screen's own widgets: the team picker and the target list's filter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from fieldkit.accounts import Accounts
from fieldkit.permissions import may_join_team, may_lead_team
from fieldkit.planning import schedule
from ui.common import StatusLine
from ui.dates import date_edit
from ui.design import clear_field_error, mark_primary
from ui.design.pill import PillKind
from ui.enter_key import enter_presses

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from fieldkit.errors import KnownError
    from fieldkit.workspace import Workspace

NIK_ROLE = Qt.ItemDataRole.UserRole + 1
CATEGORIES_ROLE = Qt.ItemDataRole.UserRole + 2
#: What a column sorts by: the real NIK under its mask, the ISO date, the text otherwise.
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
_TEAM_ROWS = 4
#: A petugas row's own words, kept apart from the ketua's mark added to them.
_NAME_ROLE = Qt.ItemDataRole.UserRole + 4


#: A visit's state in the visits table: its pill kind and symbol (colour is a second signal).
VISIT_STATE_LOOKS: dict[str, tuple[PillKind, str]] = {
    "planned": (PillKind.NEUTRAL, "◌"),
    "done": (PillKind.OK, "✔"),
    "cancelled": (PillKind.DANGER, "✖"),
}


class TeamPicker(QWidget):
    """One ketua tim and the petugas who go with them, from the laptop's active officers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ketua = QComboBox()
        self.petugas = QListWidget()
        # Four names without scrolling (the list is empty when built: measure a line of text).
        rows_height = (self.petugas.fontMetrics().lineSpacing() + 6) * _TEAM_ROWS
        self.petugas.setFixedHeight(rows_height + 2 * self.petugas.frameWidth())
        self.petugas.setAccessibleName(self.tr("Petugas of the team"))
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(self.tr("Ketua tim"), self.ketua)
        layout.addRow(self.tr("Petugas"), self.petugas)
        self.ketua.currentIndexChanged.connect(self._mark_the_ketua)

    def reload(self, workspace: Workspace) -> None:
        officers = [o for o in Accounts(workspace).list_officers() if o.active]
        chosen = self.ketua.currentData()
        ticked = set(self.chosen_petugas())
        self.ketua.clear()
        for officer in officers:
            if may_lead_team(officer):
                self.ketua.addItem(f"{officer.full_name} ({officer.username})", officer.username)
        if chosen is not None and self.ketua.findData(chosen) >= 0:
            self.ketua.setCurrentIndex(self.ketua.findData(chosen))
        self.petugas.clear()
        for officer in officers:
            if may_join_team(officer):
                name = f"{officer.full_name} ({officer.username})"
                item = QListWidgetItem(name)
                item.setData(Qt.ItemDataRole.UserRole, officer.username)
                item.setData(_NAME_ROLE, name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = officer.username in ticked
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.petugas.addItem(item)
        self._mark_the_ketua()

    def _mark_the_ketua(self) -> None:
        """The officer chosen as ketua stands in the list as the ketua, not as a petugas.

        Offered ticked-able, the ketua was then refused ("an officer can hold only one place
        on a team", issue 36): their row says they lead the team and cannot be ticked.
        """
        ketua = self.ketua.currentData()
        for i in range(self.petugas.count()):
            item = self.petugas.item(i)
            username = item.data(Qt.ItemDataRole.UserRole)
            name = item.data(_NAME_ROLE)
            if username == ketua:
                item.setCheckState(Qt.CheckState.Unchecked)
                item.setFlags(
                    item.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsUserCheckable
                )
                item.setText(self.tr("%1 (ketua tim of this team)").replace("%1", name))
            else:
                item.setFlags(
                    item.flags() | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                )
                item.setText(name)

    def chosen_petugas(self) -> list[str]:
        return [
            str(self.petugas.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.petugas.count())
            if self.petugas.item(i).checkState() is Qt.CheckState.Checked
            and self.petugas.item(i).flags() & Qt.ItemFlag.ItemIsEnabled
        ]

    def tick(self, username: str) -> None:
        for i in range(self.petugas.count()):
            item = self.petugas.item(i)
            enabled = item.flags() & Qt.ItemFlag.ItemIsEnabled
            if item.data(Qt.ItemDataRole.UserRole) == username and enabled:
                item.setCheckState(Qt.CheckState.Checked)

    def plan(self) -> schedule.TeamPlan:
        return schedule.TeamPlan(str(self.ketua.currentData() or ""), tuple(self.chosen_petugas()))


class DesaSearch(QCompleter):
    """The office's desa/kelurahan, found by a part of the name typed in the desa field.

    Desa codes were typed by hand from memory (issue 36): a chosen desa fills its name,
    its 10-digit code and its kecamatan's code, as the office package gives them.
    """

    def __init__(self, name_field: QLineEdit, on_chosen: Callable[[str, str], None]) -> None:
        self._model = QStandardItemModel()
        super().__init__(self._model, name_field)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        popup = self.popup()
        if popup is not None:
            popup.setAccessibleName(self.tr("Desa of the office"))
        self._name_field = name_field
        self._on_chosen = on_chosen
        self._by_line: dict[str, tuple[str, str]] = {}
        name_field.setCompleter(self)
        self.activated.connect(self._chosen)

    def reload(self, desa: list[tuple[str, str]]) -> None:
        self._model.clear()
        self._by_line = {f"{name} · {code}": (code, name) for code, name in desa}
        for line in self._by_line:
            self._model.appendRow(QStandardItem(line))
        self._name_field.setPlaceholderText(
            self.tr("type part of the name to search the office's desa")
            if desa
            else self.tr("no desa list from the office yet: type the name and code")
        )

    def _chosen(self, line: str) -> None:
        if line not in self._by_line:
            return
        code, name = self._by_line[line]
        # After the completer has put its own line ("Sumberjo · 3315012005") in the field.
        QTimer.singleShot(0, self, lambda: self._on_chosen(code, name))


class TargetFilter(QSortFilterProxyModel):
    """Search by name, place or NIK, and keep one condition (lansia, ODGJ, …) if chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = ""
        self.category: str | None = None
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortRole(SORT_ROLE)

    def set_search(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "search", text.strip().casefold()))

    def set_category(self, category: str | None) -> None:
        self._refilter(lambda: setattr(self, "category", category))

    def _refilter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+, where invalidateFilter is deprecated
            self.beginFilterChange()
            change()
            self.endFilterChange()
        else:
            change()
            self.invalidateFilter()

    def filterAcceptsRow(  # noqa: N802 - Qt's name
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        first = model.index(source_row, 0, source_parent)
        if self.category and self.category not in str(model.data(first, CATEGORIES_ROLE)):
            return False
        if not self.search:
            return True
        texts = [str(model.data(first, NIK_ROLE) or "")]
        texts += [
            str(model.data(model.index(source_row, c, source_parent)) or "")
            for c in range(model.columnCount())
        ]
        return any(self.search in t.casefold() for t in texts)


RESCHEDULE_MIN_WIDTH_PX = 460


class RescheduleDialog(QDialog):
    """Another day or hour for a planned visit nobody has worked on (the family asked)."""

    def __init__(
        self, visit: schedule.VisitInfo, label: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Move a visit"))
        self.setMinimumWidth(RESCHEDULE_MIN_WIDTH_PX)  # the visit's name reads on two lines
        self.visit = visit
        words = QLabel(label)
        words.setWordWrap(True)
        self.date = date_edit(
            QDate(visit.visit_date.year, visit.visit_date.month, visit.visit_date.day)
        )
        self.time = QLineEdit(visit.start_time)
        self.status = StatusLine()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.move_button = self.buttons.addButton(
            self.tr("Move the visit"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        mark_primary(self.move_button)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(words)
        form.addRow(self.tr("New date"), self.date)
        form.addRow(self.tr("Start time"), self.time)
        form.addRow(self.status)
        form.addRow(self.buttons)
        enter_presses(self, self.move_button)


def field_at_fault(error: KnownError, by_code: Mapping[str, QWidget]) -> QWidget | None:
    """The form field an error is about, so the message stands under it (issue 36).

    ``by_code`` names the field of each error code a form's fields can cause; an error
    about no single field (a role, the database) has none and goes to the status line.
    """
    return by_code.get(error.code)


def clear_when_edited(*fields: QWidget) -> None:
    """A field's red border and message go as soon as the person changes that field."""
    for field in fields:
        clear = _clearer(field)
        if isinstance(field, QLineEdit):
            field.textEdited.connect(clear)
        elif isinstance(field, QComboBox):
            field.currentIndexChanged.connect(clear)
        elif isinstance(field, QListWidget):
            field.itemChanged.connect(clear)
        elif isinstance(field, QDateEdit):
            field.dateChanged.connect(clear)
        elif isinstance(field, QSpinBox):
            field.valueChanged.connect(clear)


def _clearer(field: QWidget) -> Callable[..., None]:
    return lambda *_args: clear_field_error(field)
