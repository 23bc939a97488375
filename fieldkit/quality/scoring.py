"""How measures become a 0-100 score: one weakest-link scale for face, iris and signature.

Each measure is mapped onto 0-100 by a ``Ramp``: 0 where it is hopeless, the
modality's *default threshold* exactly at the standard's limit (ICAO 9303 for
faces, ISO/IEC 29794-6 for irises), 100 where it is comfortably good.  The
score is the lowest of those numbers, so:

* at the default threshold a capture passes exactly when every measure is
  within its standard's limit, and the failing measures are the problems;
* a stricter (higher) configured threshold raises the bar on every measure
  alike, a laxer one lowers it, and ``passed``, ``problems`` and each check's
  ``ok`` stay consistent with each other.

docs/quality.md explains the anchors and how they were calibrated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fieldkit.quality.result import (
    OK_INSTRUCTION,
    Check,
    Instruction,
    QualityModality,
    QualityReport,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence


@dataclass(frozen=True, slots=True)
class Ramp:
    """Piecewise-linear map: ``bad`` -> 0, ``limit`` -> the default threshold, ``good`` -> 100.

    Works in either direction (``bad`` above ``good`` for "less is better").
    """

    bad: float
    limit: float
    good: float

    def __post_init__(self) -> None:
        rising = self.bad < self.limit < self.good
        falling = self.bad > self.limit > self.good
        if not (rising or falling):
            raise ValueError(f"ramp anchors must be monotonic: {self}")

    def score(self, value: float, at_limit: float) -> float:
        value = float(value)  # numpy scalars would leak numpy bools into the report
        if self.bad < self.good:
            x, bad, limit, good = value, self.bad, self.limit, self.good
        else:
            x, bad, limit, good = -value, -self.bad, -self.limit, -self.good
        if x <= bad:
            return 0.0
        if x >= good:
            return 100.0
        if x <= limit:
            return at_limit * (x - bad) / (limit - bad)
        return at_limit + (100.0 - at_limit) * (x - limit) / (good - limit)


@dataclass(frozen=True, slots=True)
class Measure:
    """One measured value, its 0-100 sub-score and the problem code it raises when too low."""

    name: str
    value: float | int | str | bool | None
    subscore: float
    problem: str


def rounded(value: float, digits: int = 2) -> float:
    """JSON-friendly numbers: a Python float, not numpy's, with sensible precision."""
    return round(float(value), digits)


def build_report(
    modality: QualityModality,
    measures: Sequence[Measure],
    *,
    threshold: float,
    priority: Sequence[str],
    instructions: Mapping[str, Instruction],
    extra_checks: Mapping[str, Check] | None = None,
    hard_problems: Sequence[str] = (),
    scorable: bool = True,
) -> QualityReport:
    """Weakest-link score, checks, problems (in ``priority`` order) and the top instruction.

    ``hard_problems`` are failures no threshold can excuse (no face, two faces);
    ``scorable=False`` gives score None (nothing to measure).
    """
    checks: dict[str, Check] = {}
    problems = set(hard_problems)
    for m in measures:
        ok = bool(m.subscore >= threshold)
        checks[m.name] = Check(m.value, ok)
        if not ok:
            problems.add(m.problem)
    if extra_checks:
        checks.update(extra_checks)
    score: float | None = None
    if scorable:
        score = rounded(min((m.subscore for m in measures), default=0.0), 1)
        if hard_problems:
            score = 0.0
    ordered = tuple(sorted(problems, key=lambda p: priority.index(p) if p in priority else 999))
    passed = scorable and not ordered and score is not None and score >= threshold
    instruction = instructions[ordered[0]] if ordered else OK_INSTRUCTION
    return QualityReport(
        modality=modality,
        score=score,
        passed=passed,
        checks=checks,
        problems=ordered,
        instruction=instruction,
    )
