"""How Perekaman's lists look: each person's outcome and each draft's state as a pill.

Apart from the start screen, which fills the lists, because the looks follow the
app's one set of pills (:mod:`ui.design.pill`, issue 36): a state reads the same
here as on Tinjauan, by its symbol as much as by its colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from fieldkit.enrollment.outcomes import Outcome
from ui.design.pill import PillKind, mark_pill_cell, pill_column

# The visit list's column with what the data center last said of the person's record.
DATA_CENTER_COLUMN = 4

#: The kind of pill each recorded outcome is drawn as; its words and symbol are the
#: enrollment words' (✔ terekam, ⌂ tidak di rumah, ✖ menolak, …).  Green is done, amber
#: means the team comes back, red that the person cannot be recorded, grey that nobody will.
OUTCOME_KINDS: dict[Outcome, PillKind] = {
    Outcome.RECORDED: PillKind.OK,
    Outcome.NOT_AT_HOME: PillKind.WARNING,
    Outcome.REVISIT: PillKind.WARNING,
    Outcome.REFUSED: PillKind.DANGER,
    Outcome.UNABLE: PillKind.DANGER,
    Outcome.DECEASED: PillKind.NEUTRAL,
    Outcome.MOVED: PillKind.NEUTRAL,
}


@dataclass(frozen=True)
class Row:
    """One row of a list: its key, its cells, the tooltip, and its state cell's pill."""

    key: str
    cells: list[str]
    tooltip: str = ""
    #: (column, kind) of the cell drawn as a pill, if any.
    pill: tuple[int, PillKind] | None = None
    #: More cells drawn as pills (the data center's state beside the outcome).
    more_pills: tuple[tuple[int, PillKind], ...] = ()


def fill_rows(table: QTableWidget, rows: list[Row]) -> None:
    """Rows of cells keyed by ``Row.key``; a cut-off cell still reads in full on hover."""
    table.setRowCount(len(rows))
    for n, row in enumerate(rows):
        own = dict(row.more_pills)
        pills = own | (dict([row.pill]) if row.pill is not None else {})
        for column, value in enumerate(row.cells):
            cell = QTableWidgetItem(value)
            cell.setData(Qt.ItemDataRole.UserRole, row.key)
            # The data center's words are their own: the outcome's reason is not theirs.
            cell.setToolTip(value if column in own else row.tooltip or value)
            if column in pills:
                mark_pill_cell(cell, pills[column])
            table.setItem(n, column, cell)


def visit_list_columns(table: QTableWidget, *, outcome: int, data_center: int) -> None:
    """The outcome's and the data center's pills; the outcome's whole, never "✔ terek…".

    The data center's words (issue 48) came after the outcome and took the stretch the
    outcome had had, which cut its pill at 1366x768.
    """
    pill_column(table, outcome)
    pill_column(table, data_center)
    table.horizontalHeader().setSectionResizeMode(outcome, QHeaderView.ResizeMode.ResizeToContents)
