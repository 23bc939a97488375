"""The sync screen's table of records a push or a USB stick left with a problem.

Apart from the sync screen (which is at its size limit) because it is one list with
its own words: each record's state as a pill, and what the empty table means.  Its
words keep the sync screen's translation context (``SyncPage``), so the catalogue's
translations carry over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from ui.common import read_only_table, tip_cells
from ui.design.empty import empty_state
from ui.design.pill import PillKind, mark_pill_cell, pill_column
from ui.sync_catalogue import record_text

if TYPE_CHECKING:
    from sync.client.outcomes import RecordOutcome

#: A bare call, which lupdate extracts with its literal context.
translate = QCoreApplication.translate

#: Each outcome's pill: done is OK, waiting is neutral, refused is danger, held back needs action.
OUTCOME_LOOKS: dict[str, tuple[PillKind, str]] = {
    "purged": (PillKind.OK, "✔"),
    "accepted": (PillKind.OK, "✔"),
    "sent": (PillKind.OK, "✔"),
    "pending": (PillKind.NEUTRAL, "◌"),
    "sealed": (PillKind.NEUTRAL, "◌"),
    "rejected": (PillKind.DANGER, "✖"),
    "skipped": (PillKind.WARNING, "⚠"),
}


class ProblemsTable(QTableWidget):
    """Records the last push or stick did not deliver: which, their state, what to do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels(
            [
                translate("SyncPage", "Record"),
                translate("SyncPage", "State"),
                translate("SyncPage", "What to do"),
            ]
        )
        read_only_table(self)
        self.setMinimumHeight(96)  # a few rows; the page must fit 1280x720 whole
        self.setAccessibleName(translate("SyncPage", "Records with problems"))
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        pill_column(self, 1)
        self.empty = empty_state(
            self,
            translate("SyncPage", "No record with a problem."),
            translate(
                "SyncPage",
                "Click Push records now or Export to USB…: a record that could not go "
                "is listed here with what to do.",
            ),
        )
        #: A record's outcome in words (``sync.client.progress`` names them).
        self.outcomes = {
            "purged": translate("SyncPage", "purged"),
            "accepted": translate("SyncPage", "accepted"),
            "sent": translate("SyncPage", "sent"),
            "rejected": translate("SyncPage", "rejected"),
            "pending": translate("SyncPage", "pending"),
        }

    def show_problems(self, problems: list[RecordOutcome]) -> None:
        self.setRowCount(len(problems))
        for n, problem in enumerate(problems):
            outcome = str(problem.outcome)
            kind, symbol = OUTCOME_LOOKS.get(outcome, (PillKind.WARNING, "⚠"))
            words = f"{symbol} {self.outcomes.get(outcome, outcome)}"
            cells = (problem.record_id[:8], words, record_text(problem))
            items = [QTableWidgetItem(value) for value in cells]
            mark_pill_cell(items[1], kind)
            for column, item in enumerate(items):
                self.setItem(n, column, item)
        tip_cells(self)
