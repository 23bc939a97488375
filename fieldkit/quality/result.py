"""The shape every quality check returns, whatever the modality.

Problem codes are stable snake_case English words (docs/quality.md lists
them); the UI and the CLI key their messages on them.  The instruction is the
one thing the officer should do next, in Indonesian and English.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class QualityModality(enum.StrEnum):
    FACE = "face"
    FINGER = "finger"
    IRIS = "iris"
    SIGNATURE = "signature"


@dataclass(frozen=True)
class Check:
    """One measured property: its value (a number, text or flag) and whether it is acceptable."""

    value: float | int | str | bool | None
    ok: bool

    def as_json(self) -> dict[str, object]:
        value = self.value
        to_python = getattr(value, "item", None)  # a numpy scalar: JSON wants a Python number
        if callable(to_python):
            value = to_python()
        return {"value": value, "ok": bool(self.ok)}


@dataclass(frozen=True)
class Instruction:
    id: str  # Bahasa Indonesia, shown by default
    en: str

    def as_json(self) -> dict[str, str]:
        return {"id": self.id, "en": self.en}


OK_INSTRUCTION = Instruction(id="Kualitas baik", en="Quality is good")


@dataclass(frozen=True)
class QualityReport:
    modality: QualityModality
    #: 0-100 on the modality's own scale (NFIQ 2 for fingers); None when unscorable.
    score: float | None
    passed: bool
    checks: dict[str, Check] = field(default_factory=dict)
    #: Problem codes, most important first.
    problems: tuple[str, ...] = ()
    instruction: Instruction = OK_INSTRUCTION

    def as_json(self) -> dict[str, object]:
        return {
            "modality": self.modality.value,
            "score": self.score,
            "passed": self.passed,
            "checks": {name: check.as_json() for name, check in self.checks.items()},
            "problems": list(self.problems),
            "instruction": self.instruction.as_json(),
        }
