"""Face quality on images with known properties: synthetic portraits and a real photograph.

The real photograph is scikit-image's ``astronaut`` (NASA portrait of Eileen
Collins, public domain), shipped inside the scikit-image wheel.
"""

from __future__ import annotations

import json
import math
import threading
from concurrent.futures import ThreadPoolExecutor

import cv2
import numpy as np
import pytest
from skimage import data

from drivers.sbi.images import synth_face
from fieldkit.quality.face import (
    CROP_ASPECT,
    CROP_EYE_HEIGHT,
    FaceAnalyzer,
    assess_face,
    expected_background,
)

ODD, EVEN = 1961, 1990


@pytest.fixture(scope="module")
def analyzer() -> FaceAnalyzer:
    return FaceAnalyzer()


@pytest.fixture(scope="module")
def astronaut() -> np.ndarray:
    return cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)


def rotate(image: np.ndarray, degrees: float) -> np.ndarray:
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(image, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE)


def test_the_background_rule_follows_the_birth_year() -> None:
    assert expected_background(ODD) == "red"
    assert expected_background(EVEN) == "blue"
    assert expected_background(None) is None


@pytest.mark.parametrize(("colour", "year"), [("red", ODD), ("blue", EVEN)])
def test_a_good_portrait_passes_and_is_cropped_to_the_ktp_geometry(
    analyzer: FaceAnalyzer, colour: str, year: int
) -> None:
    result = analyzer.assess(synth_face(colour, seed=3), birth_year=year)
    report = result.report
    assert report.passed, report.problems
    assert report.score is not None
    assert report.score >= analyzer.threshold
    assert report.problems == ()
    assert report.instruction.code == "ok"
    assert report.checks["background_color"].value == colour
    assert result.crop is not None
    height, width = result.crop.shape[:2]
    assert width / height == pytest.approx(CROP_ASPECT, abs=0.01)
    # The crop levels the eyes and puts them 45 % from the top: re-detect them in it.
    geometry = analyzer.assess(result.crop).geometry
    assert geometry is not None
    assert geometry.eyes is not None
    (_, y1), (_, y2) = geometry.eyes
    assert abs(y1 - y2) < 0.03 * height
    assert (y1 + y2) / 2 / height == pytest.approx(CROP_EYE_HEIGHT, abs=0.06)


def test_the_wrong_background_for_the_birth_year_fails_and_says_which(
    analyzer: FaceAnalyzer,
) -> None:
    report = analyzer.assess(synth_face("red", seed=3), birth_year=EVEN).report
    assert not report.passed
    assert report.problems == ("background_color",)
    assert report.instruction.code == "face.background_blue"
    assert "blue" in report.instruction.english()


def test_an_uneven_backdrop_fails(analyzer: FaceAnalyzer) -> None:
    image = synth_face("blue", seed=3)
    image[0:200, 0:150] = (40, 200, 40)  # a green cloth hanging beside the head
    image[0:100, 500:640] = (255, 255, 255)  # a window
    report = analyzer.assess(image, birth_year=EVEN).report
    assert "background_uneven" in report.problems
    assert not report.checks["background_uneven_pct"].ok


@pytest.mark.parametrize(
    ("name", "damage", "problem", "instruction_code"),
    [
        ("blurred", lambda i: cv2.GaussianBlur(i, (0, 0), 5), "blurred", "face.blurred"),
        ("dark", lambda i: (i * 0.3).astype(np.uint8), "too_dark", "face.too_dark"),
        (
            "bright",
            lambda i: cv2.convertScaleAbs(i, alpha=1.0, beta=120),
            "too_bright",
            "face.too_bright",
        ),
        ("rotated", lambda i: rotate(i, 15), "rolled", "face.rolled"),
        (
            "small",
            lambda i: cv2.copyMakeBorder(
                cv2.resize(i, (320, 240)), 120, 120, 160, 160, cv2.BORDER_REPLICATE
            ),
            "too_small",
            "face.too_small",
        ),
    ],
)
def test_each_defect_is_named_with_an_instruction(
    analyzer: FaceAnalyzer, name: str, damage, problem: str, instruction_code: str
) -> None:
    good = synth_face("blue", seed=2)
    sharp = analyzer.assess(good, birth_year=EVEN).report
    report = analyzer.assess(damage(good), birth_year=EVEN).report
    assert not report.passed, name
    assert report.problems[0] == problem
    assert report.instruction.code == instruction_code
    assert report.score is not None
    assert sharp.score is not None
    assert report.score < sharp.score


def test_two_faces_and_no_face_are_refused_without_a_score(analyzer: FaceAnalyzer) -> None:
    portrait = synth_face("red", seed=1)
    two = analyzer.assess(np.hstack([portrait, portrait]), birth_year=ODD).report
    assert two.problems == ("multiple_faces",)
    assert two.score is None
    assert not two.passed
    assert two.checks["faces"].value == 2
    empty = analyzer.assess(np.full((480, 640, 3), (200, 50, 20), np.uint8)).report
    assert empty.problems == ("no_face",)
    assert empty.instruction.english().startswith("No face")


def test_live_and_final_agree_on_a_preview_frame(analyzer: FaceAnalyzer) -> None:
    frame = synth_face("red", seed=5)
    live = analyzer.live(frame, birth_year=ODD)
    final = analyzer.assess(frame, birth_year=ODD).report
    assert live.passed == final.passed
    assert live.problems == final.problems


def test_the_report_is_plain_json(analyzer: FaceAnalyzer) -> None:
    report = analyzer.assess(synth_face("red", seed=1), birth_year=ODD).report
    decoded = json.loads(json.dumps(report.as_json()))
    assert decoded["modality"] == "face"
    assert set(decoded) == {"modality", "score", "passed", "checks", "problems", "instruction"}
    assert all(isinstance(c["ok"], bool) for c in decoded["checks"].values())


def test_a_grey_image_is_refused_with_a_clear_error(analyzer: FaceAnalyzer) -> None:
    with pytest.raises(ValueError, match="BGR"):
        analyzer.assess(np.zeros((480, 640), np.uint8))


def test_the_preview_and_a_capture_can_share_one_analyzer_at_once(
    analyzer: FaceAnalyzer, astronaut: np.ndarray
) -> None:
    # The enrollment screen judges preview frames on one worker while a capture is
    # assessed on another; different frame sizes give the cascades different pyramids.
    frame = synth_face("red", seed=5)
    expected_live = analyzer.live(frame, birth_year=ODD)
    expected_final = analyzer.assess(astronaut).report
    rounds = 25
    start = threading.Barrier(2)

    def preview() -> list[object]:
        start.wait()
        return [analyzer.live(frame, birth_year=ODD) for _ in range(rounds)]

    def capture() -> list[object]:
        start.wait()
        return [analyzer.assess(astronaut).report for _ in range(rounds)]

    with ThreadPoolExecutor(max_workers=2) as pool:
        live_reports, final_reports = pool.submit(preview), pool.submit(capture)
        assert live_reports.result(timeout=120) == [expected_live] * rounds
        assert final_reports.result(timeout=120) == [expected_final] * rounds


# --- a real photograph ------------------------------------------------------------------


def test_a_real_portrait_is_measured(analyzer: FaceAnalyzer, astronaut: np.ndarray) -> None:
    result = analyzer.assess(astronaut, birth_year=1956)
    report = result.report
    assert report.checks["faces"].value == 1
    assert result.geometry is not None
    assert result.geometry.eyes is not None
    inter_eye = report.checks["inter_eye_px"].value
    assert isinstance(inter_eye, float)
    assert 35 < inter_eye < 60  # the eyes are about 45 px apart in this 512 px photo
    roll = report.checks["roll_deg"].value
    assert isinstance(roll, float)
    assert abs(roll) < 8
    assert report.checks["sharpness"].ok
    assert report.checks["exposure_mean"].ok
    # An office photo, not a KTP-el one: a flag and a spacesuit, not a red backdrop;
    # and at 45 px between the eyes the face is too small for ICAO's 90.
    assert not report.passed
    assert {"too_small", "background_color", "background_uneven"} <= set(report.problems)
    assert report.checks["background_color"].value == "other"


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda i: cv2.GaussianBlur(i, (0, 0), 4), "blurred"),
        (lambda i: (i * 0.25).astype(np.uint8), "too_dark"),
        (lambda i: np.hstack([i, i]), "multiple_faces"),
    ],
)
def test_a_degraded_real_portrait_is_caught(
    analyzer: FaceAnalyzer, astronaut: np.ndarray, damage, problem: str
) -> None:
    report = analyzer.assess(damage(astronaut), birth_year=1956).report
    assert problem in report.problems


def test_a_tilted_real_portrait_reports_its_roll(
    analyzer: FaceAnalyzer, astronaut: np.ndarray
) -> None:
    upright = analyzer.assess(astronaut).report.checks["roll_deg"].value
    tilted = analyzer.assess(rotate(astronaut, 18)).report
    assert isinstance(upright, float)
    roll = tilted.checks["roll_deg"].value
    assert isinstance(roll, float)
    assert math.isclose(roll, upright - 18, abs_tol=4)
    assert "rolled" in tilted.problems


def test_assess_face_uses_the_configured_threshold() -> None:
    portrait = synth_face("red", seed=3)
    lenient = assess_face(portrait, birth_year=ODD, threshold=50)
    strict = assess_face(portrait, birth_year=ODD, threshold=99)
    assert lenient.passed
    assert not strict.passed
    assert strict.problems  # the measures short of the stricter bar are named
