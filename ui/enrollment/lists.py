"""How Perekaman's lists look: each person's outcome and each draft's state as a pill.

Apart from the start screen, which fills the lists, because the looks follow the
app's one set of pills (:mod:`ui.design.pill`, issue 36): a state reads the same
here as on Tinjauan, by its symbol as much as by its colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from fieldkit.enrollment.outcomes import Outcome
from ui.design.pill import PillKind, mark_pill_cell

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


def fill_rows(table: QTableWidget, rows: list[Row]) -> None:
    """Rows of cells keyed by ``Row.key``; a cut-off cell still reads in full on hover."""
    table.setRowCount(len(rows))
    for n, row in enumerate(rows):
        for column, value in enumerate(row.cells):
            cell = QTableWidgetItem(value)
            cell.setData(Qt.ItemDataRole.UserRole, row.key)
            cell.setToolTip(row.tooltip or value)
            if row.pill is not None and row.pill[0] == column:
                mark_pill_cell(cell, row.pill[1])
            table.setItem(n, column, cell)
