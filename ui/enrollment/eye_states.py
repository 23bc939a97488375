"""The iris step's two eyes, each captured, pending or excepted, and why.

Apart from the capture step's module so that module stays one screen's worth of code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from fieldkit.enrollment.machine import SlotState
from ui.design import mark_status
from ui.enrollment.dialogs import BOTH_EYES_PARTS

if TYPE_CHECKING:
    from fieldkit.enrollment.machine import SlotProgress
    from ui.enrollment.words import EnrollmentWords

#: Each state's look (ui.design's status colours, readable in every theme).
_EYE_STATUS: dict[SlotState, str | None] = {
    SlotState.OK: "ok",
    SlotState.FORCED: "ok",
    SlotState.BELOW_THRESHOLD: "error",
    SlotState.MISSING: None,
    SlotState.EXCEPTED: "warning",
}


class EyeStates(QWidget):
    """The iris step's two eyes: each captured, pending or excepted, and why.

    What the finger map is to the fingers: an eye with an exception (blind, an eye
    disease) is not captured, and the officer reads which one and the reason recorded
    instead of wondering why the step asks for one eye only.
    """

    def __init__(self, words: EnrollmentWords, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = words
        self.lines: dict[str, QLabel] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        for part in BOTH_EYES_PARTS:
            # No word wrap: a wrapped label in this column was given one line's height
            # and its words overlapped the buttons above; the reason has a line of its own.
            line = QLabel()
            self.lines[part] = line
            column.addWidget(line)

    def show_eyes(self, state: SlotProgress, reasons: dict[str, str]) -> None:
        """``state`` is the iris slot's; ``reasons`` the excepted eyes' reasons, in words."""
        for part, line in self.lines.items():
            if part in state.excepted_parts:
                why = reasons.get(part)
                words = "⊘ " + self.tr("exception, not captured")
                if why:
                    words += f"\n    ({why})"
                status = _EYE_STATUS[SlotState.EXCEPTED]
            else:
                words = self.words.states[state.state]
                status = _EYE_STATUS.get(state.state)
            line.setText(f"{self.words.part(part)}: {words}")
            mark_status(line, status)
