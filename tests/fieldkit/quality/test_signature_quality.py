"""Signature quality on real recorded pen strokes (the ISDV4 simulator's recordings).

Recordings are in millimetres; the pads report device units (ISDV4: 100 per
mm) and close every stroke with a pressure-0 sample, so ``pen_samples`` turns
a recording into exactly what ``PenSignaturePad.capture`` returns.
"""

from __future__ import annotations

import json
import math

import pytest

from drivers.base import CaptureRequest, PenSample
from drivers.signature.isdv4 import POINTS_PER_MM
from drivers.signature.pad_sim import Recording, SimIsdv4SignaturePad, load_recordings
from fieldkit.quality.result import OK_INSTRUCTION, QualityModality
from fieldkit.quality.signature import (
    INSTRUCTIONS,
    SIGNATURE_THRESHOLD,
    assess_signature,
    assess_signature_capture,
)

REAL = ("flourish", "initials", "loops")


def pen_samples(
    recording: Recording,
    *,
    scale: float = 1.0,
    time_scale: float = 1.0,
    units_per_mm: float = POINTS_PER_MM,
) -> list[PenSample]:
    """A recording as a pad captures it: device units, a pen-up sample after each stroke."""
    samples: list[PenSample] = []
    for stroke in recording.strokes:
        samples.extend(
            PenSample(
                point.x_mm * scale * units_per_mm,
                point.y_mm * scale * units_per_mm,
                point.pressure,
                round(point.t_ms * time_scale),
            )
            for point in stroke
        )
        last = samples[-1]
        samples.append(PenSample(last.x, last.y, 0.0, last.t_ms + 7))
    return samples


def recording(name: str) -> Recording:
    return load_recordings([name])[0]


def zigzag(*, width_mm: float, duration_ms: int, points: int = 40) -> list[PenSample]:
    """One stroke sweeping back and forth across ``width_mm`` in ``duration_ms``."""
    samples = []
    for i in range(points):
        phase = i / (points - 1)
        x = width_mm * (0.5 + 0.5 * math.sin(phase * 6 * math.pi)) * POINTS_PER_MM
        y = (10 + 8 * phase) * POINTS_PER_MM
        samples.append(PenSample(x, y, 0.6, round(phase * duration_ms)))
    samples.append(PenSample(samples[-1].x, samples[-1].y, 0.0, duration_ms + 7))
    return samples


@pytest.mark.parametrize("name", REAL)
def test_recorded_signatures_pass(name: str) -> None:
    report = assess_signature(pen_samples(recording(name)))
    assert report.modality is QualityModality.SIGNATURE
    assert report.passed, report.problems
    assert report.problems == ()
    assert report.instruction == OK_INSTRUCTION
    assert report.score is not None
    assert report.score >= SIGNATURE_THRESHOLD
    assert report.checks["strokes"].value == len(recording(name).strokes)
    assert report.checks["inked_samples"].value == recording(name).sample_count
    assert report.checks["duration_s"].value == pytest.approx(recording(name).duration_s, abs=0.02)
    assert report.checks["width_mm"].value > 40
    assert report.checks["unusually_long"].value is False


def test_the_report_is_plain_json() -> None:
    data = json.loads(json.dumps(assess_signature(pen_samples(recording("loops"))).as_json()))
    assert data["modality"] == "signature"
    assert {"strokes", "duration_s", "width_mm", "height_mm", "ink_length_mm"} <= set(
        data["checks"]
    )


def test_no_ink_is_empty_and_unscored() -> None:
    for samples in ([], pen_samples(recording("empty")), [PenSample(10.0, 10.0, 0.0, 0)]):
        report = assess_signature(samples)
        assert report.problems == ("empty",)
        assert report.score is None
        assert not report.passed
        assert report.instruction == INSTRUCTIONS["empty"]
        assert report.instruction.english() == "Signature is empty; ask for it again"


def test_a_tap_is_a_single_dot() -> None:
    report = assess_signature(pen_samples(recording("dot")))
    assert not report.passed
    assert report.score == 0.0
    assert report.problems[0] == "single_dot"
    assert report.instruction == INSTRUCTIONS["single_dot"]
    assert report.checks["strokes"].value == 1
    assert not report.checks["strokes"].ok


def test_a_tenth_of_a_second_scribble_is_too_short() -> None:
    report = assess_signature(zigzag(width_mm=30, duration_ms=100))
    assert not report.passed
    assert report.problems == ("too_short",)
    assert report.instruction == INSTRUCTIONS["too_short"]
    assert report.checks["duration_s"].value == pytest.approx(0.107, abs=0.01)
    assert assess_signature(zigzag(width_mm=30, duration_ms=900)).passed


def test_a_signature_replayed_ten_times_faster_is_too_short() -> None:
    quick = assess_signature(pen_samples(recording("initials"), time_scale=0.04))
    assert "too_short" in quick.problems


def test_a_tiny_signature_is_too_small() -> None:
    tiny = assess_signature(pen_samples(recording("initials"), scale=0.12))
    assert not tiny.passed
    assert tiny.problems == ("too_small",)
    assert tiny.instruction == INSTRUCTIONS["too_small"]
    assert tiny.checks["width_mm"].value < 10
    assert not tiny.checks["width_mm"].ok
    assert tiny.checks["duration_s"].ok


def test_sizes_are_measured_in_millimetres_whatever_the_pad() -> None:
    """The same ink on a pad with 40 units per mm measures the same."""
    name = "loops"
    isdv4 = assess_signature(pen_samples(recording(name)))
    other = assess_signature(pen_samples(recording(name), units_per_mm=40.0), units_per_mm=40.0)
    for check in ("width_mm", "height_mm", "ink_length_mm"):
        assert other.checks[check].value == pytest.approx(isdv4.checks[check].value, abs=0.2)
    misread = assess_signature(pen_samples(recording(name), units_per_mm=40.0))
    width = isdv4.checks["width_mm"].value
    assert misread.checks["width_mm"].value == pytest.approx(width / 2.5, abs=0.2)


def test_a_very_long_signing_is_noted_not_failed() -> None:
    slow = assess_signature(pen_samples(recording("loops"), time_scale=20.0))
    assert slow.passed
    assert slow.checks["unusually_long"].value is True
    assert slow.checks["unusually_long"].ok


def test_the_threshold_moves_the_pass_mark() -> None:
    borderline = zigzag(width_mm=9, duration_ms=1200, points=60)
    assert not assess_signature(borderline).passed
    assert assess_signature(borderline, threshold=30.0).passed
    assert not assess_signature(pen_samples(recording("loops")), threshold=101.0).passed


def test_a_bad_scale_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="units_per_mm"):
        assess_signature(pen_samples(recording("loops")), units_per_mm=0.0)


def test_a_capture_from_the_simulated_pad_is_judged_at_its_own_scale() -> None:
    pad = SimIsdv4SignaturePad(strokes="initials", speed=4.0, idle_s=0.3, lead_in_s=0.05)
    with pad:
        result = pad.capture(CaptureRequest(timeout_s=10.0))
    report = assess_signature_capture(result)
    assert result.metadata["units_per_mm"] == "100"
    assert report.passed, report.problems
    assert report.checks["strokes"].value == 4
    assert report.checks["width_mm"].value == pytest.approx(60.0, abs=1.0)
