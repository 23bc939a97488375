"""Iris quality (ISO/IEC 29794-6 subset) on synthetic near-infrared eyes drawn with OpenCV.

Two sources of eyes: ``drivers.sbi.images.synth_iris`` (what the SBI simulator
sends) and ``draw_eye`` below, whose pupil and iris radii, centres and eyelid
are known exactly, so measured geometry can be checked against the truth.
"""

from __future__ import annotations

import json
import math

import cv2
import numpy as np
import pytest

from drivers.base import CaptureRequest
from drivers.camera.sim import SimIrisCamera
from drivers.fingerprint.synth import ImageQuality
from drivers.sbi.images import IRIS_HEIGHT, IRIS_WIDTH, iris_layout, synth_iris
from fieldkit.quality import iris
from fieldkit.quality.iris import INSTRUCTIONS, IRIS_THRESHOLD, IrisAnalyzer, assess_iris
from fieldkit.quality.result import OK_INSTRUCTION, QualityModality

#: synth_iris paints a dark limbus ring 3 px wide outside ``iris_radius``, so the
#: visible iris is about 3 px larger than the layout says.
SYNTH_LIMBUS_PX = 3


def draw_eye(
    *,
    centre: tuple[float, float] = (320.0, 240.0),
    iris_r: float = 120.0,
    pupil_r: float = 45.0,
    pupil_offset: tuple[float, float] = (0.0, 0.0),
    lid_y: float | None = None,
    iris_grey: float = 110.0,
    pupil_grey: float = 18.0,
    sclera_grey: float = 195.0,
    seed: int = 0,
) -> np.ndarray:
    """A 640 x 480 NIR-style eye with exactly known circles; ``lid_y`` drops an upper lid."""
    rng = np.random.default_rng(seed)
    cx, cy = centre
    yy, xx = np.mgrid[0:IRIS_HEIGHT, 0:IRIS_WIDTH].astype(np.float64)
    image = 150.0 + 6.0 * np.cos(xx / 37.0) * np.sin(yy / 53.0)  # skin
    half_width = iris_r * 2.3
    spread = np.clip(1 - ((xx - cx) / half_width) ** 2, 0, None)
    opening = (yy > cy - 1.2 * iris_r * spread) & (yy < cy + 1.05 * iris_r * spread)
    image[opening] = (sclera_grey - 20 * np.abs(xx - cx) / half_width)[opening]
    dist = np.hypot(xx - cx, yy - cy)
    angle = np.arctan2(yy - cy, xx - cx)
    fibres = np.zeros_like(dist)
    for _ in range(30):  # radial fibres
        freq = int(rng.integers(10, 80))
        fibres += rng.uniform(0.3, 1) * np.cos(
            freq * angle + rng.uniform(0, 2 * np.pi) + dist / rng.uniform(8, 30)
        )
    fibres /= np.abs(fibres).max()
    towards_limbus = np.clip((dist - pupil_r) / (iris_r - pupil_r), 0, 1)
    disc = (dist <= iris_r) & opening
    image[disc] = (iris_grey + 35 * fibres - 20 * towards_limbus)[disc]
    px, py = cx + pupil_offset[0], cy + pupil_offset[1]
    image[(np.hypot(xx - px, yy - py) <= pupil_r) & opening] = pupil_grey
    glint = np.hypot(xx - (px - 0.3 * pupil_r), yy - (py - 0.3 * pupil_r)) <= max(3, 0.12 * pupil_r)
    image[glint] = 250.0
    if lid_y is not None:
        image[(yy < lid_y) & opening] = 150.0
        ends = (round(cx - half_width), round(lid_y)), (round(cx + half_width), round(lid_y))
        cv2.line(image, *ends, 40.0, 5)  # lash line
    image = cv2.GaussianBlur(image, (0, 0), 0.8)
    image += rng.normal(0, 3.0, image.shape)
    return np.clip(image, 0, 255).astype(np.uint8)


def far_away(image: np.ndarray, factor: float) -> np.ndarray:
    """The same eye seen from further away: shrunk into a skin-coloured 640 x 480 frame."""
    small = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    canvas = np.full_like(image, 150)
    top = (canvas.shape[0] - small.shape[0]) // 2
    left = (canvas.shape[1] - small.shape[1]) // 2
    canvas[top : top + small.shape[0], left : left + small.shape[1]] = small
    return canvas


def blotchy_noise(seed: int) -> np.ndarray:
    """Smoothed noise stretched to full range: dark round blobs everywhere, no eye."""
    noise = np.random.default_rng(seed).normal(128, 40, (IRIS_HEIGHT, IRIS_WIDTH))
    blotches = cv2.GaussianBlur(noise, (0, 0), 3)
    return cv2.normalize(blotches, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)


def sim_frames(clip: str, count: int) -> list[np.ndarray]:
    """Preview frames exactly as the simulated iris camera streams them."""
    frames = []
    with SimIrisCamera(clip) as camera:
        for frame in camera.stream():
            frames.append(frame.image)
            if len(frames) == count:
                break
    return frames


# --- good captures and geometry --------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_a_synthetic_k2_eye_passes_and_its_geometry_is_measured(seed: int) -> None:
    layout = iris_layout(seed)
    result = IrisAnalyzer().assess(synth_iris(seed))
    report = result.report
    assert report.modality is QualityModality.IRIS
    assert report.passed, report.problems
    assert report.problems == ()
    assert report.instruction == OK_INSTRUCTION
    assert report.score is not None
    assert report.score >= IRIS_THRESHOLD
    assert all(check.ok for check in report.checks.values())
    geometry = result.geometry
    assert geometry is not None
    visible = 2 * (layout.iris_radius + SYNTH_LIMBUS_PX)
    assert geometry.iris_diameter_px == pytest.approx(visible, rel=0.03)
    assert report.checks["iris_diameter_px"].value == pytest.approx(visible, rel=0.03)
    truth_ratio = 100 * layout.pupil_radius / (layout.iris_radius + SYNTH_LIMBUS_PX)
    assert report.checks["pupil_iris_ratio"].value == pytest.approx(truth_ratio, rel=0.05)
    assert math.dist((geometry.pupil.x, geometry.pupil.y), layout.centre) < 2.0
    assert math.dist((geometry.iris.x, geometry.iris.y), layout.centre) < 2.0


@pytest.mark.parametrize(
    ("iris_r", "pupil_r"),
    [(120, 45), (110, 30), (125, 70), (115, 25)],
)
def test_diameter_and_pupil_ratio_are_within_a_few_percent(iris_r: int, pupil_r: int) -> None:
    report = assess_iris(draw_eye(iris_r=iris_r, pupil_r=pupil_r))
    assert report.checks["iris_diameter_px"].value == pytest.approx(2 * iris_r, rel=0.02)
    assert report.checks["pupil_iris_ratio"].value == pytest.approx(
        100 * pupil_r / iris_r, rel=0.03
    )
    assert report.checks["concentricity_pct"].value > 97


def test_live_and_final_assessments_agree() -> None:
    analyzer = IrisAnalyzer()
    for seed in (0, 5):
        image = synth_iris(seed)
        live = analyzer.live(image)
        final = analyzer.assess(image).report
        assert live.passed
        assert final.passed
        assert live.score == pytest.approx(final.score, abs=5)
        for name in ("iris_diameter_px", "pupil_iris_ratio", "sharpness", "usable_iris_pct"):
            assert live.checks[name].value == pytest.approx(final.checks[name].value, rel=0.05)


def test_bgr_and_grey_inputs_give_the_same_verdict() -> None:
    grey = draw_eye()
    bgr = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
    assert assess_iris(bgr).as_json() == assess_iris(grey).as_json()


def test_the_report_is_plain_json() -> None:
    report = assess_iris(synth_iris(1))
    data = json.loads(json.dumps(report.as_json()))
    assert data["modality"] == "iris"
    assert set(data["checks"]) >= {
        "iris_diameter_px",
        "pupil_iris_ratio",
        "concentricity_pct",
        "iris_sclera_contrast",
        "iris_pupil_contrast",
        "grey_scale_bits",
        "sharpness",
        "usable_iris_pct",
    }


# --- failures ----------------------------------------------------------------------


def test_an_iris_too_small_in_the_frame_fails_with_iris_too_small() -> None:
    report = assess_iris(far_away(synth_iris(3), 0.7))
    assert not report.passed
    assert report.problems[0] == "iris_too_small"
    assert report.instruction == INSTRUCTIONS["iris_too_small"]
    assert report.checks["iris_diameter_px"].value < 190
    assert not report.checks["iris_diameter_px"].ok
    assert report.checks["sharpness"].ok  # only the size is wrong


def test_a_diameter_at_the_registration_limit_scores_the_threshold() -> None:
    at_limit = iris.IRIS_DIAMETER.score(210.0, IRIS_THRESHOLD)
    assert at_limit == pytest.approx(IRIS_THRESHOLD)
    assert iris.IRIS_DIAMETER.score(209.0, IRIS_THRESHOLD) < IRIS_THRESHOLD


def test_blur_fails_with_blurred_and_orders_below_sharp() -> None:
    sharp = synth_iris(1)
    images = [sharp, cv2.GaussianBlur(sharp, (0, 0), 1.5), cv2.GaussianBlur(sharp, (0, 0), 3.0)]
    reports = [assess_iris(image) for image in images]
    scores = [r.score for r in reports]
    sharpness = [r.checks["sharpness"].value for r in reports]
    assert scores[0] > scores[1] > scores[2]
    assert sharpness[0] > sharpness[1] > sharpness[2]
    assert reports[0].passed
    assert reports[1].passed
    assert not reports[2].passed
    assert reports[2].problems == ("blurred",)
    assert reports[2].instruction == INSTRUCTIONS["blurred"]


def test_sensor_noise_is_not_mistaken_for_sharpness() -> None:
    """A defocused, noisy eye (what the SBI simulator sends at low quality) is still blurred."""
    report = assess_iris(synth_iris(2, ImageQuality.LOW))
    assert not report.passed
    assert "blurred" in report.problems
    noisy_sharp = synth_iris(2).astype(np.float64)
    noisy_sharp += np.random.default_rng(0).normal(0, 9, noisy_sharp.shape)
    assert assess_iris(np.clip(noisy_sharp, 0, 255).astype(np.uint8)).checks["sharpness"].ok


def test_a_lowering_eyelid_lowers_the_usable_iris_area() -> None:
    usable = []
    for lid_y in (None, 165.0, 200.0, 240.0):
        report = assess_iris(draw_eye(lid_y=lid_y))
        usable.append(report.checks["usable_iris_pct"].value)
    assert usable[0] > 95
    assert usable == sorted(usable, reverse=True)
    assert usable[-1] < 60
    final = assess_iris(draw_eye(lid_y=240.0))
    assert not final.passed
    assert final.problems[0] == "occluded"
    assert final.instruction == INSTRUCTIONS["occluded"]


@pytest.mark.parametrize(
    "image",
    [
        pytest.param(np.full((480, 640), 128, np.uint8), id="flat-grey"),
        pytest.param(np.random.default_rng(7).integers(0, 256, (480, 640), np.uint8), id="noise"),
        pytest.param(blotchy_noise(8), id="blotchy-noise"),
    ],
)
def test_no_eye_is_no_iris_with_no_score(image: np.ndarray) -> None:
    for report in (assess_iris(image), IrisAnalyzer().live(image)):
        assert report.problems == ("no_iris",)
        assert report.score is None
        assert not report.passed
        assert report.instruction == INSTRUCTIONS["no_iris"]
        assert report.checks["iris_found"].ok is False


def test_a_black_frame_says_too_dark_first() -> None:
    report = assess_iris(np.full((480, 640), 6, np.uint8))
    assert report.problems == ("too_dark", "no_iris")
    assert report.instruction == INSTRUCTIONS["too_dark"]
    assert not report.passed


def test_an_image_too_small_to_hold_an_iris_is_unscorable() -> None:
    report = assess_iris(np.full((40, 60), 100, np.uint8))
    assert report.problems == ("unscorable",)
    assert report.score is None
    assert not report.passed


@pytest.mark.parametrize(
    ("pupil_r", "instruction"),
    [(92, iris._DILATED), (20, iris._CONSTRICTED)],
)
def test_pupil_outside_20_to_70_percent_fails_with_pupil_dilation(
    pupil_r: int, instruction: object
) -> None:
    report = assess_iris(draw_eye(iris_r=120, pupil_r=pupil_r))
    assert not report.passed
    assert report.problems == ("pupil_dilation",)
    assert report.instruction == instruction
    assert not report.checks["pupil_iris_ratio"].ok


def test_an_off_centre_pupil_fails_with_not_concentric() -> None:
    report = assess_iris(draw_eye(pupil_offset=(18.0, 0.0)))
    assert report.problems == ("not_concentric",)
    assert report.checks["concentricity_pct"].value == pytest.approx(85.0, abs=1.5)
    assert assess_iris(draw_eye(pupil_offset=(6.0, 0.0))).checks["concentricity_pct"].ok


def test_an_eye_at_the_frame_edge_or_too_close_fails_the_margin() -> None:
    edge = assess_iris(draw_eye(centre=(140.0, 240.0)))
    assert edge.problems == ("not_centred",)
    assert edge.instruction == INSTRUCTIONS["not_centred"]
    close = assess_iris(draw_eye(iris_r=215.0, pupil_r=80.0))
    assert "too_close" in close.problems
    assert close.checks["iris_diameter_px"].ok


def test_a_washed_out_eye_fails_with_low_contrast() -> None:
    report = assess_iris(draw_eye(iris_grey=170.0, sclera_grey=178.0, pupil_grey=80.0))
    assert not report.passed
    assert report.problems == ("low_contrast",)
    assert report.instruction == INSTRUCTIONS["low_contrast"]
    assert not report.checks["grey_scale_bits"].ok


def test_the_threshold_moves_the_pass_mark_consistently() -> None:
    slightly_soft = cv2.GaussianBlur(synth_iris(1), (0, 0), 2.5)
    default = assess_iris(slightly_soft)
    lax = assess_iris(slightly_soft, threshold=20.0)
    strict = assess_iris(synth_iris(1), threshold=99.0)
    assert not default.passed
    assert default.problems == ("blurred",)
    assert lax.passed
    assert lax.problems == ()
    assert lax.score == default.score
    assert not strict.passed
    assert strict.problems
    failing = [name for name, check in strict.checks.items() if not check.ok]
    assert failing
    assert assess_iris(synth_iris(1)).passed


@pytest.mark.parametrize(
    "image",
    [
        pytest.param(np.zeros((480, 640), np.float32), id="float"),
        pytest.param(np.zeros((480, 640), np.uint16), id="16-bit"),
        pytest.param(np.zeros((480, 640, 4), np.uint8), id="four-channels"),
        pytest.param(np.zeros((480 * 640,), np.uint8), id="flat-vector"),
    ],
)
def test_wrong_inputs_are_a_clear_value_error(image: np.ndarray) -> None:
    with pytest.raises(ValueError, match="iris images must be"):
        assess_iris(image)
    with pytest.raises(ValueError, match="iris images must be"):
        IrisAnalyzer().live(image)


# --- the simulated iris camera ------------------------------------------------------


def test_the_live_path_works_on_what_the_simulated_camera_streams() -> None:
    analyzer = IrisAnalyzer()
    good = [analyzer.live(frame) for frame in sim_frames("good", 4)]
    assert all(report.passed for report in good), [r.problems for r in good]
    occluded = [analyzer.live(frame) for frame in sim_frames("occluded", 3)]
    assert all(report.problems[:1] == ("occluded",) for report in occluded)
    blurred = [analyzer.live(frame) for frame in sim_frames("blurred", 3)]
    assert all(report.problems[:1] == ("blurred",) for report in blurred)


def test_the_simulated_cameras_final_capture_passes_with_k2_geometry() -> None:
    with SimIrisCamera("good") as camera:
        result = camera.capture(CaptureRequest(timeout_s=2.0))
    assessment = IrisAnalyzer().assess(result.images[0])
    assert assessment.report.passed
    assert assessment.geometry is not None
    assert assessment.geometry.iris_diameter_px == pytest.approx(244, rel=0.03)  # the clip's 244 px
