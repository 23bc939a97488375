"""The iris step's two eyes, each captured, pending or excepted, and why.

Apart from the capture step's module so that module stays one screen's worth of code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from fieldkit.enrollment.machine import SlotState
from ui.enrollment.dialogs import BOTH_EYES_PARTS

if TYPE_CHECKING:
    from fieldkit.enrollment.machine import SlotProgress
    from ui.enrollment.words import EnrollmentWords

# An eye's line on the iris step takes the finger map's colours.
_EYE_COLOURS = {
    SlotState.OK: "#1b7f3b",
    SlotState.FORCED: "#1b7f3b",
    SlotState.BELOW_THRESHOLD: "#b00020",
    SlotState.MISSING: "#5f6368",
    SlotState.EXCEPTED: "#8a6d00",
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
                colour = _EYE_COLOURS[SlotState.EXCEPTED]
            else:
                words = self.words.states[state.state]
                colour = _EYE_COLOURS[state.state]
            line.setText(f"{self.words.part(part)}: {words}")
            line.setStyleSheet(f"color: {colour}; font-weight: bold;")
