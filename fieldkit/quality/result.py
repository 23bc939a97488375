"""The shape every quality check returns, whatever the modality.

Problem codes are stable snake_case English words (docs/quality.md lists
them); the UI and the CLI key their messages on them.  The instruction is the
one thing the officer should do next, as a code and its parameters: the
sentence itself is written once, in ``fieldkit/quality/sentences.py`` (context
"quality"), translated by Qt for the screens, and the CLI and logs read its English from
:mod:`fieldkit.sentences`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from fieldkit import sentences
from fieldkit.formats.positions import FingerPosition

if TYPE_CHECKING:
    from collections.abc import Mapping

#: The catalogue context every instruction code lives in.
QUALITY_CONTEXT = "quality"
#: A parameter whose name ends so holds a finger position number (``"7"``); a
#: sentence names the finger, so each reader turns the number into its own words.
FINGER_PARAM_SUFFIX = "_finger"


class QualityModality(enum.StrEnum):
    FACE = "face"
    FINGER = "finger"
    IRIS = "iris"
    SIGNATURE = "signature"


#: The pass mark of each modality's 0-100 score, written once: each analyser scores its
#: measures against it and the quality policy starts from it until an office sets its own.
PASS_MARKS: Mapping[QualityModality, float] = MappingProxyType(
    {
        # NFIQ 2: MOSIP's default for single fingers, slaps and thumbs (DESIGN.md §3).
        QualityModality.FINGER: 40.0,
        # MOSIP's default; every measure exactly at its ISO limit scores this.
        QualityModality.IRIS: 60.0,
        # Our scale: every measure exactly at its ICAO limit scores 50.
        QualityModality.FACE: 50.0,
        # Our scale, as for the face: each measure exactly at its limit scores 50.
        QualityModality.SIGNATURE: 50.0,
    }
)


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
    """What the officer should do next: a catalogue code and the values its sentence names.

    No sentence is held here, so the screen says it in the officer's language
    and the CLI in English, both from the one catalogue.
    """

    code: str
    params: Mapping[str, str] = field(default_factory=dict)

    def english(self) -> str:
        """The sentence in English, for the CLI, ``--json`` and logs."""
        return sentences.english(QUALITY_CONTEXT, self.code, english_params(self.params))

    def as_json(self) -> dict[str, object]:
        return {"code": self.code, "params": dict(self.params), "en": self.english()}


def english_params(params: Mapping[str, str]) -> dict[str, str]:
    """The params with each finger position named in English (the UI names it in its own)."""
    return {
        name: finger_name_en(value) if name.endswith(FINGER_PARAM_SUFFIX) else value
        for name, value in params.items()
    }


def finger_name_en(value: str) -> str:
    """A finger position number as its English name; anything else as it came."""
    try:
        return FingerPosition(int(value)).en
    except ValueError:
        return value


OK_INSTRUCTION = Instruction("ok")


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
