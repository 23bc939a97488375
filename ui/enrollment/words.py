"""The enrollment screen's words: steps, slot states, outcomes, fingers and eyes.

One place for them, so the start list, the capture step and the review say a
thing the same way; the core's own lists are English and only for the log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from fieldkit.enrollment.exceptions import ExceptionReason
from fieldkit.enrollment.machine import SlotState, Step
from fieldkit.enrollment.outcomes import Outcome
from fieldkit.formats.positions import FingerPosition
from fieldkit.quality.result import QualityModality
from ui.quality_catalogue import finger_name

if TYPE_CHECKING:
    from fieldkit.enrollment.machine import Progress, Slot, SlotProgress


class EnrollmentWords(QObject):
    """Built once per screen, after the language is chosen."""

    def __init__(self) -> None:
        super().__init__()
        self.steps = {
            Step.CONSENT: self.tr("Consent"),
            Step.FACE: self.tr("Face"),
            Step.FINGERS: self.tr("Fingers"),
            Step.IRIS: self.tr("Irises"),
            Step.SIGNATURE: self.tr("Signature"),
            Step.REVIEW: self.tr("Review"),
        }
        self.states = {
            SlotState.MISSING: "○ " + self.tr("not captured"),
            SlotState.BELOW_THRESHOLD: "✖ " + self.tr("below the threshold"),
            SlotState.OK: "✔ " + self.tr("good"),
            SlotState.FORCED: "⚑ " + self.tr("kept below threshold (flagged)"),
            SlotState.EXCEPTED: "⊘ " + self.tr("exception (flagged)"),
        }
        self.outcomes = {
            Outcome.RECORDED: "✔ " + self.tr("recorded"),
            Outcome.NOT_AT_HOME: "⌂ " + self.tr("not at home"),
            Outcome.REFUSED: "✖ " + self.tr("refused"),
            Outcome.DECEASED: "✝ " + self.tr("deceased"),
            Outcome.MOVED: "→ " + self.tr("moved away"),
            Outcome.UNABLE: "✖ " + self.tr("unable to record"),
            Outcome.REVISIT: "↻ " + self.tr("to visit again"),
        }
        self.exception_reasons = {
            ExceptionReason.AMPUTATED: self.tr("Amputated / missing"),
            ExceptionReason.BANDAGED_OR_INJURED: self.tr("Bandaged / injured"),
            ExceptionReason.WORN_OR_UNREADABLE: self.tr("Worn / unreadable"),
            ExceptionReason.TREMOR: self.tr("Tremor"),
            ExceptionReason.BLIND_OR_EYE_DISEASE: self.tr("Blind / eye disease"),
            ExceptionReason.UNABLE_TO_COOPERATE: self.tr("Unable to cooperate"),
            ExceptionReason.OTHER: self.tr("Other"),
        }

    def slot(self, slot: Slot) -> str:
        """A capture slot as the officer calls it: "Empat jari kiri", "Kedua mata"."""
        if slot.modality is QualityModality.FINGER and slot.position.isdigit():
            return finger_name(FingerPosition(int(slot.position)))
        if slot.modality is QualityModality.IRIS:
            return self.tr("Both eyes")
        return self.steps[slot.step]

    def slot_state(self, state: SlotProgress) -> str:
        return f"{self.slot(state.slot)} · {self.states[state.state]}"

    def part(self, part: str) -> str:
        """``finger:9`` or ``eye:left`` as the officer reads it."""
        if part.startswith("finger:"):
            code = int(part.split(":")[1])
            return f"{code}: {finger_name(FingerPosition(code))}"
        return self.tr("Right eye") if part == "eye:right" else self.tr("Left eye")

    def caption(self, part: str) -> str:
        """A kept image's part (``face``, ``7``, ``left``, ``signature``) in words."""
        if part.isdigit():
            return self.part(f"finger:{part}")
        if part in {"left", "right"}:
            return self.part(f"eye:{part}")
        return {"face": self.steps[Step.FACE], "signature": self.steps[Step.SIGNATURE]}.get(
            part, part
        )

    def missing(self, progress: Progress) -> list[str]:
        """What a draft still needs, in the UI's words (the core's list is for logs)."""
        left = [] if progress.consent else [self.tr("Consent: not recorded")]
        left += [
            f"{self.slot(s.slot)}: {self.states[s.state]}" for s in progress.slots if not s.resolved
        ]
        return left
