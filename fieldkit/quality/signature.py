"""Signature quality: is there a real signature in the pen samples, before the signer leaves.

A signature pad cannot tell a signature from a tap, a slip of the stylus or a
grandchild's 0.1 s scribble, and a record sealed with one of those is useless
as proof of consent.  These checks run on the pen samples a pad returns
(``drivers.base.PenSample``: x/y in device units, pressure 0..1, ``t_ms``
since the first ink; a pressure-0 sample closes each stroke), so they judge
what was actually written, not a rendered picture of it.

Measures (docs/quality.md): strokes and inked samples (none at all is
``empty``; all ink inside a 2 mm square is ``single_dot``), duration from the
first ink to the last lift (under 0.3 s is ``too_short``), width of the ink's
bounding box (under 10 mm is ``too_small``) and ink length (under 15 mm is
``too_small``).  Height is reported, not judged: a flat signature is still a
signature.  An unusually long signing (over 30 s, e.g. a tremor) is noted,
never failed.

No standard grades signature quality (ISO/IEC 19794-7 only defines the data
format), so the limits are ours, chosen against the simulator's recordings and
a KTP-el signature box of about 40 x 15 mm.  The scale follows face and iris:
each measure scores exactly ``SIGNATURE_THRESHOLD`` (50) at its limit, 0 where
it is hopeless and 100 where it is comfortably good; the score is the weakest.
"""

from __future__ import annotations

import itertools
import logging
import math
from typing import TYPE_CHECKING

from drivers.pen import DEFAULT_UNITS_PER_MM, split_strokes
from fieldkit.quality.result import (
    PASS_MARKS,
    Check,
    Instruction,
    QualityModality,
    QualityReport,
)
from fieldkit.quality.scoring import Measure, Ramp, build_report, rounded

if TYPE_CHECKING:
    from collections.abc import Sequence

    from drivers.base import CaptureResult, PenSample

log = logging.getLogger(__name__)

#: Default pass mark on our 0-100 scale: each measure exactly at its limit scores 50.
SIGNATURE_THRESHOLD = PASS_MARKS[QualityModality.SIGNATURE]

# --- limits and anchors (bad, limit, good) ---------------------------------------------
#: Seconds from the first ink to the last pen lift; a real signature takes about 1-5 s.
DURATION = Ramp(bad=0.1, limit=0.3, good=0.8)
#: Width of the ink's bounding box, mm; the KTP-el signature box is about 40 mm wide.
WIDTH = Ramp(bad=4.0, limit=10.0, good=25.0)
#: Total length of the pen's path while touching, mm.
INK_LENGTH = Ramp(bad=5.0, limit=15.0, good=40.0)
#: All ink inside a square this size (mm) is a dot, whatever its duration.
DOT_MM = 2.0
#: Longer than this (s) is noted in the checks, never failed.
LONG_S = 30.0

PRIORITY = ("empty", "single_dot", "too_short", "too_small")

#: One instruction per problem; its words are in the UI's catalogue (context "quality").
INSTRUCTIONS: dict[str, Instruction] = {
    "empty": Instruction("signature.empty"),
    "single_dot": Instruction("signature.single_dot"),
    "too_short": Instruction("signature.too_short"),
    "too_small": Instruction("signature.too_small"),
}


def assess_signature(
    samples: Sequence[PenSample],
    *,
    units_per_mm: float = DEFAULT_UNITS_PER_MM,
    threshold: float = SIGNATURE_THRESHOLD,
) -> QualityReport:
    """Judge one captured signature; ``units_per_mm`` is the pad's (ISDV4: 100).

    ``samples`` is ``CaptureResult.pen_samples`` as a pad returns it;
    ``assess_signature_capture`` reads the pad's scale from the capture itself.
    """
    if not units_per_mm > 0:
        raise ValueError(f"units_per_mm must be positive, not {units_per_mm!r}")
    strokes = split_strokes(samples)
    inked = [sample for stroke in strokes for sample in stroke]
    extra = {
        "strokes": Check(len(strokes), bool(strokes)),
        "inked_samples": Check(len(inked), bool(inked)),
    }
    if not inked:
        return _report([], threshold, extra=extra, hard=["empty"], scorable=False)

    xs = [s.x / units_per_mm for s in inked]
    ys = [s.y / units_per_mm for s in inked]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    length = sum(_path_length(stroke) for stroke in strokes) / units_per_mm
    end_ms = max(s.t_ms for s in samples)
    duration = max(0, end_ms - min(s.t_ms for s in inked)) / 1000.0
    dot = max(width, height) < DOT_MM
    extra["strokes"] = Check(len(strokes), not dot)
    extra["height_mm"] = Check(rounded(height, 1), ok=True)
    extra["unusually_long"] = Check(duration > LONG_S, ok=True)
    if duration > LONG_S:
        log.info("a signature took %.0f s (tremor or hesitation?); kept", duration)
    measures = [
        Measure(
            "duration_s",
            rounded(duration),
            DURATION.score(duration, SIGNATURE_THRESHOLD),
            "too_short",
        ),
        Measure(
            "width_mm", rounded(width, 1), WIDTH.score(width, SIGNATURE_THRESHOLD), "too_small"
        ),
        Measure(
            "ink_length_mm",
            rounded(length, 1),
            INK_LENGTH.score(length, SIGNATURE_THRESHOLD),
            "too_small",
        ),
    ]
    return _report(measures, threshold, extra=extra, hard=["single_dot"] if dot else [])


def assess_signature_capture(
    result: CaptureResult, *, threshold: float = SIGNATURE_THRESHOLD
) -> QualityReport:
    """``assess_signature`` on a pad's capture, at the scale the pad wrote in its metadata."""
    try:
        units_per_mm = float(result.metadata.get("units_per_mm", DEFAULT_UNITS_PER_MM))
    except ValueError:
        log.warning("a signature capture has an unreadable units_per_mm; using the default")
        units_per_mm = DEFAULT_UNITS_PER_MM
    return assess_signature(result.pen_samples, units_per_mm=units_per_mm, threshold=threshold)


def _path_length(stroke: Sequence[PenSample]) -> float:
    return sum(math.dist((a.x, a.y), (b.x, b.y)) for a, b in itertools.pairwise(stroke))


def _report(
    measures: list[Measure],
    threshold: float,
    *,
    extra: dict[str, Check],
    hard: list[str],
    scorable: bool = True,
) -> QualityReport:
    return build_report(
        QualityModality.SIGNATURE,
        measures,
        threshold=threshold,
        priority=PRIORITY,
        instructions=INSTRUCTIONS,
        extra_checks=extra,
        hard_problems=hard,
        scorable=scorable,
    )
