"""Small widgets the screens share: a visit picker, a status line, elided texts with tooltips."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSignalBlocker, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QWidget,
)
from shiboken6 import isValid

from fieldkit.planning import schedule
from ui.dates import date_text
from ui.design import mark_status
from ui.design.tokens import Spacing
from ui.labels_catalogue import place_type_text

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent

    from fieldkit.workspace import Workspace

#: Lines a status line keeps room for while empty: a one-line message moves nothing.
_RESERVED_LINES = 1


def visit_place(visit: schedule.VisitInfo) -> str:
    """Where a visit goes: the desa, the kind of place, and its name when it has one.

    A dot between them, not brackets: "Rumah sasaran (dari rumah ke rumah)" brings its
    own, and "Sumberjo (Rumah sasaran (dari rumah ke rumah))" read badly (issue 36).
    """
    parts = [visit.desa_name, place_type_text(visit.place_type)]
    if visit.place_name:
        parts.append(visit.place_name)
    return " · ".join(parts)


def visit_label(visit: schedule.VisitInfo) -> str:
    """How a visit is named in every list: what a person tells visits apart by.

    Date and time, the place, and whose team goes.  The id's first characters
    ("· e144a858") told an officer nothing (issue 36).
    """
    label = f"{date_text(visit.visit_date)} {visit.start_time} · {visit_place(visit)}"
    if visit.ketua is not None:
        team = QCoreApplication.translate("VisitLabel", "team of %1")
        label += " · " + team.replace("%1", visit.ketua.full_name)
    return label


class VisitPicker(QComboBox):
    """The visits a screen works on, newest plans included; keeps the choice on reload."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setMinimumContentsLength(40)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

    def reload(self) -> None:
        """The visits again, keeping the choice; with none yet, today's visit, else the newest.

        Today's first (issue 36): with next week's visit already planned, the newest
        was chosen, and a petugas recorded people on it without noticing.
        """
        chosen = self.visit_id()
        today = dt.datetime.now().astimezone().date()
        todays: str | None = None
        with QSignalBlocker(self):
            self.clear()
            for visit in schedule.list_visits(self.workspace):
                if visit.status is not schedule.VisitStatus.CANCELLED:  # nothing to do there
                    self.addItem(visit_label(visit), visit.id)
                    if visit.visit_date == today and todays is None:
                        todays = visit.id
            found = [self.findData(v) for v in (chosen, todays) if v]
            index = next((i for i in found if i >= 0), self.count() - 1)
            self.setCurrentIndex(index)
        self.currentIndexChanged.emit(self.currentIndex())

    def visit_id(self) -> str | None:
        data = self.currentData()
        return str(data) if data else None

    def select(self, visit_id: str) -> None:
        index = self.findData(visit_id)
        if index >= 0:
            self.setCurrentIndex(index)


class ElidedLabel(QLabel):
    """One line that shortens itself with "…" to the room it has; the whole text is its tooltip.

    A long item name or path never widens the window: the label asks for little
    width and shows as much as fits, and the officer reads the rest by hovering.
    """

    MIN_CHARS = 12

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self.setAccessibleName(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        return QSize(self.fontMetrics().averageCharWidth() * self.MIN_CHARS, hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.width(), self.minimumWidth())
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        if shown != self.text():
            self.setText(shown)


def size_to_current(stack: QStackedWidget) -> None:
    """A stack asks for its shown page's room only (Qt's asks for its largest page's)."""
    current = stack.currentWidget()
    for i in range(stack.count()):
        page = stack.widget(i)
        if page is None:
            continue
        policy = QSizePolicy.Policy.Preferred if page is current else QSizePolicy.Policy.Ignored
        page.setSizePolicy(policy, policy)
    stack.updateGeometry()


class StatusLine(QLabel):
    """What the last action did, in words with a symbol; colour is only a second signal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Drawn as a bar (the theme's tint and border) while it says something; the
        # room inside the bar is kept while silent too, so speaking moves nothing.
        self.setProperty("statusLine", "true")
        self.setContentsMargins(Spacing.s, Spacing.xs, Spacing.s, Spacing.xs)
        self._fit_height()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """Ask for every wrapped line's height, and never less than the space kept for it.

        Below an expanding table a layout gave the label one line, and a two-line
        warning was cut off at the window's edge.  Empty, it took no room, so the first
        message pushed the controls around it (issue 36): it keeps a line's room.
        """
        needed = self.heightForWidth(self.width()) if self.text() else 0
        needed = max(needed, self.reserved_height())
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def reserved_height(self) -> int:
        """A line of bold text (a message is bold) and the label's margins."""
        bold = QFont(self.font())
        bold.setBold(True)
        margins = self.contentsMargins().top() + self.contentsMargins().bottom()
        return _RESERVED_LINES * QFontMetrics(bold).lineSpacing() + margins

    def ok(self, text: str) -> None:
        self.setText("✔ " + text)
        mark_status(self, "ok")
        self._come_into_view()

    def error(self, text: str) -> None:
        self.setText("⚠ " + text)
        mark_status(self, "error")
        self._come_into_view()

    def info(self, text: str) -> None:
        self.setText(text)
        mark_status(self, None)
        if text:
            self._come_into_view()

    def _come_into_view(self) -> None:
        """Scroll the screen to these words: an answer below the fold reads as no answer.

        Done once the layout has placed the new text (a longer message moves the line).
        """
        QTimer.singleShot(0, self, self._scroll_to_self)

    def _scroll_to_self(self) -> None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if isinstance(parent, QScrollArea) and self.isVisible():
            # Lay out first: a wrapped second line grows the page, and scrolling to the old
            # size cut it off at the bottom edge.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            parent.ensureWidgetVisible(self, 0, 8)

    def clear(self) -> None:
        """Nothing to say: a new step or a new person starts without the last one's words."""
        self.info("")


def read_only_table(table: QTableWidget) -> None:
    """A list to look at and pick one row from, not to type into.

    Tab leaves the list for the next control (arrows move between rows): a keyboard user
    who picked an officer and pressed Tab to type the NIP was moving from cell to cell
    instead, and typed into nothing.
    """
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)


def fit_columns(
    table: QTableView,
    *,
    stretch: tuple[int, ...],
    minimum: dict[int, int] | None = None,
    wrap: bool = False,
) -> None:
    """Short columns as wide as their contents, the ``stretch`` ones share the rest.

    So a table never needs a horizontal scroll bar and its long texts (names,
    places) get the room, elided with their tooltip when even that is too little.
    The rest is shared in proportion to what each long column holds, not in equal
    parts: "Kendaraan dinas (bahan …" was cut beside an empty Catatan column as wide
    (issue 47).  :class:`ColumnFit` does it again whenever the table is resized or
    its rows change.  ``minimum``: widths a column never goes under (a pill column's).
    ``wrap``: where the page has height to spare, a long text wraps onto a second line
    instead of being cut, and each row is as tall as its text.
    """
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for column in range(header.count()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    table.setWordWrap(wrap)
    if wrap:
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    ColumnFit(table, stretch, minimum or {})


#: What a dialog leaves free of the screen's width when it grows for its table.
SCREEN_MARGIN_PX = 48


def widen_for_columns(table: QTableView) -> None:
    """The table's window grows, within the screen, until every column shows whole.

    A dialog opened at its minimum width cut "Rudi Hartono" to "Rudi …" beside a
    horizontal scroll bar at 1366x768 while half the screen was free (Kelola petugas,
    issue 47).  It never shrinks (nothing jumps as rows change).
    """
    window = table.window()
    header = table.horizontalHeader()
    needed = sum(
        max(header.sectionSizeHint(c), table.sizeHintForColumn(c))
        for c in range(header.count())
        if not header.isSectionHidden(c)
    )
    short = needed - table.viewport().width()
    if short <= 0 or window is table:
        return
    screen = window.screen() or QGuiApplication.primaryScreen()
    limit = window.width() + short
    if screen is not None:
        limit = min(limit, screen.availableGeometry().width() - SCREEN_MARGIN_PX)
    if limit > window.width():
        window.resize(limit, window.height())


class ColumnFit(QObject):
    """Keeps a table's columns fitted (see :func:`fit_columns`); lives as its child."""

    def __init__(
        self, table: QTableView, stretch: tuple[int, ...], minimum: dict[int, int]
    ) -> None:
        super().__init__(table)
        self.table = table
        self.stretch = stretch
        self.minimum = minimum
        self._pending = False
        table.viewport().installEventFilter(self)
        self._watch_model()
        self.refit()

    def _watch_model(self) -> None:
        model = self.table.model()
        if model is None:
            return
        for signal in (
            model.modelReset,
            model.rowsInserted,
            model.rowsRemoved,
            model.dataChanged,
            model.layoutChanged,
            model.headerDataChanged,
        ):
            signal.connect(self.later)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize and isValid(self.table):
            self.later()
        return super().eventFilter(watched, event)

    def later(self, *_args: object) -> None:
        """Refit once the current burst of changes is over (a table fills row by row)."""
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self.refit)  # dropped if the table goes first

    def wanted(self, column: int) -> int:
        """How wide the column would be to show its header and every cell whole."""
        header = self.table.horizontalHeader()
        shown = max(header.sectionSizeHint(column), self.table.sizeHintForColumn(column))
        return max(shown, self.minimum.get(column, 0))

    def _share(self, long: list[int], wanted: dict[int, int], room: int) -> dict[int, int]:
        """The long columns' widths out of ``room``: each at least its header (or minimum).

        Slack is shared in proportion to what each holds; a shortage is taken from what
        each holds beyond its floor, in the same proportion, so the sum stays in the room.
        """
        header = self.table.horizontalHeader()
        floor = {c: max(header.sectionSizeHint(c), self.minimum.get(c, 0)) for c in long}
        asked = sum(wanted[c] for c in long) or 1
        if room >= asked:
            return {c: wanted[c] + (room - asked) * wanted[c] // asked for c in long}
        beyond = {c: max(wanted[c] - floor[c], 0) for c in long}
        over = sum(beyond.values()) or 1
        left = max(room - sum(floor.values()), 0)
        return {c: floor[c] + left * beyond[c] // over for c in long}

    def refit(self) -> None:
        self._pending = False
        if not isValid(self.table):  # the table went first (a page being destroyed)
            return
        header = self.table.horizontalHeader()
        columns = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        if not columns:
            return
        wanted = {c: self.wanted(c) for c in columns}
        long = [c for c in columns if c in self.stretch] or columns[-1:]
        room = self.table.viewport().width() - sum(w for c, w in wanted.items() if c not in long)
        widths = wanted | self._share(long, wanted, room)
        for column in columns:
            header.resizeSection(column, widths[column])


def tip_cells(table: QTableWidget) -> None:
    """Each cell's whole text as its tooltip: a column too narrow for it elides, never hides it."""
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            cell = table.item(row, column)
            if cell is not None and cell.text() and not cell.toolTip():
                cell.setToolTip(cell.text())


def date_of(edit: QDateEdit) -> dt.date:
    """The date a QDateEdit shows, as the core's ``datetime.date``."""
    value = edit.date()
    return dt.date(value.year(), value.month(), value.day())


def row_key(table: QTableWidget) -> str | None:
    """The id kept in the first cell of a table's selected row, if a row is selected."""
    rows = table.selectionModel().selectedRows()
    item = table.item(rows[0].row(), 0) if rows else None
    return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))


class ReasonDialog(QDialog):
    """An act that cannot be undone, asked with its reason: who, why, and a button that says so.

    The reason is required (it goes to the audit log), so the act's button stays grey
    until there is one; neither button is Enter's, since Enter must never erase a
    draft or cancel a visit, nor drop the reason typed.
    """

    def __init__(
        self, *, title: str, note: str, action: str, placeholder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)  # the reason's hint reads whole
        words = QLabel(note)
        words.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(placeholder)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.action_button = self.buttons.addButton(
            action, QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.action_button.setEnabled(False)
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        self.action_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(
            lambda text: self.action_button.setEnabled(bool(text.strip()))
        )
        form = QFormLayout(self)
        form.addRow(words)
        form.addRow(QCoreApplication.translate("ReasonDialog", "Reason"), self.reason)
        form.addRow(self.buttons)
        self.reason.setFocus()
