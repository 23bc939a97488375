"""Iris image quality: a subset of ISO/IEC 29794-6 on a near-infrared eye image.

Why our own segmentation: nothing offline in our wheels segments an iris, and
the live preview needs an answer in a few milliseconds, not a model.  The
steps, all on small copies so ``IrisAnalyzer.live`` stays far inside a 15 fps
frame budget:

1. **pupil**: the darkest compact blob on a copy about 160 px wide (rising
   thresholds; the first round, dark, uniform blob darker than its
   surroundings wins), then refined by the innermost strong dark-to-bright
   step on 64 rays, after a grey opening that erases the illuminator glints;
2. **iris**: the strongest dark-to-bright step (iris to sclera) on 48 rays
   of the left, right and lower sectors, which eyelids rarely cover, with a
   robust circle fit so rays that hit a lid or lashes are dropped;
3. **rubber sheet**: the annulus between the two circles unwrapped to
   128 angles x 24 radii (Daugman's normalisation); contrasts, usable area
   and occlusion are read from it.

``live`` works on a copy 320 px wide, ``assess`` (the final capture) at full
resolution up to 1280 px; sharpness and grey-scale read the full-resolution
pixels in both, so the two agree.  Sharpness is the blur width of the pupil
edge, not texture energy: texture differs from person to person and sensor
noise inflates it, while the pupil boundary is a step in every eye.

The measures and their limits (docs/quality.md): iris diameter (ISO/IEC
19794-6 K2 and DESIGN.md: 210 px for registration, 150 px the least usable),
pupil/iris ratio 20-70 %, iris-pupil concentricity >= 90, iris-sclera contrast
> 5, iris-pupil contrast >= 30, grey-scale utilisation >= 6 bits, usable iris
area >= 70 % (all ISO/IEC 29794-6:2015), margin (ISO/IEC 19794-6: 0.6 R left
and right, 0.2 R above and below) and the pupil edge's blur (ours: 2 px).
Each becomes a 0-100 sub-score that is exactly ``IRIS_THRESHOLD`` (MOSIP's
default, 60) at the limit; the score is the weakest one.
"""

from __future__ import annotations

import functools
import logging
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import cv2
import numpy as np

from fieldkit.quality.result import (
    PASS_MARKS,
    Check,
    Instruction,
    QualityModality,
    QualityReport,
)
from fieldkit.quality.scoring import Measure, Ramp, build_report, rounded

if TYPE_CHECKING:
    from numpy.typing import NDArray

    GreyImage = NDArray[np.uint8]
    FloatImage = NDArray[np.float32]

log = logging.getLogger(__name__)

#: MOSIP's default iris pass mark; every measure exactly at its ISO limit scores this.
IRIS_THRESHOLD = PASS_MARKS[QualityModality.IRIS]

# --- the standards' limits and our anchors (bad, limit, good) -----------------------
#: Iris diameter in pixels: 210 for registration (DESIGN.md, ISO/IEC 19794-6 K2);
#: 150, the least the ISO/IEC 19794-6 capture guidance accepts at all, scores 0.
IRIS_DIAMETER = Ramp(bad=150.0, limit=210.0, good=240.0)
#: ISO/IEC 29794-6 pupil/iris ratio, percent: acceptable 20-70.
PUPIL_DILATED = Ramp(bad=80.0, limit=70.0, good=60.0)
PUPIL_CONSTRICTED = Ramp(bad=10.0, limit=20.0, good=25.0)
#: ISO/IEC 29794-6 iris-pupil concentricity, 100 = same centre: at least 90.
CONCENTRICITY = Ramp(bad=80.0, limit=90.0, good=96.0)
#: ISO/IEC 29794-6 iris-sclera contrast: more than 5.
IRIS_SCLERA = Ramp(bad=2.0, limit=5.0, good=10.0)
#: ISO/IEC 29794-6 iris-pupil contrast (Weber ratio form): at least 30.
IRIS_PUPIL = Ramp(bad=15.0, limit=30.0, good=45.0)
#: ISO/IEC 29794-6 grey-scale utilisation (histogram entropy, bits): at least 6.
GREY_SCALE = Ramp(bad=4.5, limit=6.0, good=7.0)
#: ISO/IEC 29794-6 usable iris area, percent of the annulus: at least 70.
USABLE_AREA = Ramp(bad=40.0, limit=70.0, good=85.0)
#: Margin around the iris as a percent of ISO/IEC 19794-6's (0.6 R sides, 0.2 R top/bottom).
MARGIN = Ramp(bad=40.0, limit=80.0, good=95.0)
#: Blur of the pupil edge, Gaussian sigma in pixels of the captured image (the
#: ``sharpness`` check reports 1 / sigma).  ISO/IEC 29794-6 gives no portable
#: limit; 2 px keeps the finest iris texture at K2 resolution (calibrated: a sharp
#: synthetic eye measures 0.9 px, a Gaussian defocus of sigma 2.5 px 2.6 px).
EDGE_BLUR = Ramp(bad=3.5, limit=2.0, good=1.2)

# --- segmentation -------------------------------------------------------------------
DETECT_WIDTH = 160
LIVE_WIDTH = 320
ASSESS_MAX_WIDTH = 1280
#: Smaller images than this cannot hold an iris worth measuring.
MIN_SIDE = 64
#: A "circle" smaller than this (px) is texture or a speck, not an iris.
MIN_IRIS_DIAMETER = 60.0
_MIN_PUPIL_RADIUS_DETECT = 2.0  # px on the detection copy
_MIN_FILL = 0.4  # blob area / area of the circle around its bounding box
_MIN_PUPIL_STEP = 15.0  # grey levels the pupil's surroundings are brighter by
_MIN_SPREAD = 20.0  # the detection copy's dark-to-median range; less is a blank image
_THRESHOLD_STEPS = 14
_PUPIL_RAYS = 64
_IRIS_RAYS_PER_SIDE = 24
#: Iris rays fan from 30 degrees above horizontal to 60 below, on both sides.
_IRIS_SECTOR = (math.radians(-30.0), math.radians(60.0))
_MIN_EDGE_STEP = 6.0  # grey levels across a boundary, smallest counted
_MIN_INLIERS = 0.45  # of rays, for a circle to be believed
_RANSAC_TRIALS = 160
#: The same "random" triples of ray indices on every call, for repeatable results.
_TRIPLE_PICKS = np.random.default_rng(29794).integers(0, 1 << 20, size=(_RANSAC_TRIALS, 3))
_SHEET_ANGLES = 128
_SHEET_RADII = 24
#: Rubber-sheet rows used as the "clean iris" reference: 15 degrees above to 35 below
#: horizontal on both sides, where lids and lashes seldom reach.
_REFERENCE_SIN = (-0.26, 0.57)
_OCCLUSION_MIN_DELTA = 18.0
_OCCLUSION_SIGMAS = 3.5
#: Less texture across the fibres than this fraction of the clean iris's is skin.
_TEXTURE_FRACTION = 0.4
_SPECULAR = 235
_EDGE_STEP = 0.25  # px between samples across the pupil edge
_EDGE_LOCATE_SIGMA = 2.5  # px of smoothing used only to find each profile's step
_MIN_EDGE_HEIGHT = 8.0
_EDGE_ANGLES = np.concatenate(
    [
        np.linspace(*_IRIS_SECTOR, _IRIS_RAYS_PER_SIDE),
        np.pi - np.linspace(*_IRIS_SECTOR, _IRIS_RAYS_PER_SIDE),
    ]
)
_DARK_FRAME = 30.0
_BRIGHT_FRAME = 225.0
#: Mean grey of the iris region below / above which low grey-scale use is an exposure fault.
_DARK_IRIS = 45.0
_BRIGHT_IRIS = 200.0

PRIORITY = (
    "unscorable",
    "too_dark",
    "too_bright",
    "no_iris",
    "occluded",
    "too_close",
    "iris_too_small",
    "not_centred",
    "blurred",
    "low_contrast",
    "pupil_dilation",
    "not_concentric",
)

#: One instruction per problem; its words are in the UI's catalogue (context "quality").
INSTRUCTIONS: dict[str, Instruction] = {
    "unscorable": Instruction("iris.unscorable"),
    "too_dark": Instruction("iris.too_dark"),
    "too_bright": Instruction("iris.too_bright"),
    "no_iris": Instruction("iris.no_iris"),
    "occluded": Instruction("iris.occluded"),
    "too_close": Instruction("iris.too_close"),
    "iris_too_small": Instruction("iris.iris_too_small"),
    "not_centred": Instruction("iris.not_centred"),
    "blurred": Instruction("iris.blurred"),
    "low_contrast": Instruction("iris.low_contrast"),
    "pupil_dilation": Instruction("iris.pupil_dilation"),
    "not_concentric": Instruction("iris.not_concentric"),
}
_DILATED = Instruction("iris.pupil_dilated")
_CONSTRICTED = Instruction("iris.pupil_constricted")


# --- results --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Circle:
    x: float
    y: float
    r: float

    def scaled(self, factor: float) -> Circle:
        return Circle(self.x * factor, self.y * factor, self.r * factor)


@dataclass(frozen=True, slots=True)
class IrisGeometry:
    """Pupil and iris (limbus) circles, in pixels of the analysed image."""

    pupil: Circle
    iris: Circle

    @property
    def iris_diameter_px(self) -> float:
        return 2.0 * self.iris.r

    @property
    def pupil_iris_ratio(self) -> float:
        """ISO/IEC 29794-6 pupil/iris ratio in percent (acceptable 20-70)."""
        return 100.0 * self.pupil.r / self.iris.r

    @property
    def concentricity(self) -> float:
        """ISO/IEC 29794-6: 100 less the pupil-iris centre offset in percent of the iris radius."""
        offset = math.hypot(self.pupil.x - self.iris.x, self.pupil.y - self.iris.y)
        return max(0.0, 100.0 * (1.0 - offset / self.iris.r))


@dataclass(frozen=True, slots=True)
class IrisAssessment:
    """The final capture's verdict and where the pupil and iris were found."""

    report: QualityReport
    geometry: IrisGeometry | None


# --- the analyzer ----------------------------------------------------------------------


class IrisAnalyzer:
    """Iris quality for the live preview (``live``) and the final capture (``assess``).

    ``threshold`` is the configured pass mark (``QualityPolicy.threshold(IRIS)``).
    """

    def __init__(self, *, threshold: float = IRIS_THRESHOLD) -> None:
        self.threshold = threshold

    def live(self, frame: NDArray[np.uint8]) -> QualityReport:
        """A preview frame's verdict, segmented on a copy 320 px wide (a few ms at 640 x 480)."""
        grey = as_grey(frame)
        return self._analyse(grey, min(1.0, LIVE_WIDTH / grey.shape[1]))[0]

    def assess(self, image: NDArray[np.uint8]) -> IrisAssessment:
        """The final capture's verdict, segmented at full resolution (up to 1280 px wide)."""
        grey = as_grey(image)
        report, geometry = self._analyse(grey, min(1.0, ASSESS_MAX_WIDTH / grey.shape[1]))
        return IrisAssessment(report, geometry)

    def _report(
        self,
        measures: list[Measure],
        *,
        hard: list[str],
        extra: dict[str, Check],
        instructions: dict[str, Instruction] | None = None,
        scorable: bool = True,
    ) -> QualityReport:
        return build_report(
            QualityModality.IRIS,
            measures,
            threshold=self.threshold,
            priority=PRIORITY,
            instructions=instructions or INSTRUCTIONS,
            extra_checks=extra,
            hard_problems=hard,
            scorable=scorable,
        )

    def _analyse(self, grey: GreyImage, scale: float) -> tuple[QualityReport, IrisGeometry | None]:
        height, width = grey.shape
        if min(height, width) < MIN_SIDE:
            extra = {"image_px": Check(f"{width}x{height}", ok=False)}
            return self._report([], hard=["unscorable"], extra=extra, scorable=False), None
        work = _resized(grey, scale)
        found = segment(work)
        if found is not None and 2 * found.iris.r / scale < MIN_IRIS_DIAMETER:
            found = None  # a speck of texture, not an eye anyone could enrol
        if found is None:
            log.debug("no pupil and iris found in a %dx%d image", width, height)
            hard = ["no_iris", *_frame_exposure(work)]
            extra = {"iris_found": Check(value=False, ok=False)}
            return self._report([], hard=hard, extra=extra, scorable=False), None
        geometry = IrisGeometry(found.pupil.scaled(1 / scale), found.iris.scaled(1 / scale))
        sheet = _RubberSheet.sample(work, found)
        measures = [
            *_geometry_measures(geometry, width, height),
            *_contrast_measures(sheet),
            _grey_scale_measure(grey, geometry),
            _sharpness_measure(grey, geometry),
            _usable_measure(sheet),
        ]
        instructions = dict(INSTRUCTIONS)
        if geometry.pupil_iris_ratio < (PUPIL_CONSTRICTED.limit + PUPIL_DILATED.limit) / 2:
            instructions["pupil_dilation"] = _CONSTRICTED
        else:
            instructions["pupil_dilation"] = _DILATED
        extra = {"iris_found": Check(value=True, ok=True)}
        report = self._report(measures, hard=[], extra=extra, instructions=instructions)
        return report, geometry


def assess_iris(image: NDArray[np.uint8], *, threshold: float = IRIS_THRESHOLD) -> QualityReport:
    """The final-capture verdict for one grey or BGR eye image."""
    return _analyzer(threshold).assess(image).report


def warm_up() -> None:
    """Build the analyzer for the default threshold now, so a first check is not slower."""
    _analyzer(IRIS_THRESHOLD)


@functools.lru_cache(maxsize=4)
def _analyzer(threshold: float) -> IrisAnalyzer:
    return IrisAnalyzer(threshold=threshold)


def as_grey(image: NDArray[np.uint8]) -> GreyImage:
    """Grey (H, W) or BGR (H, W, 3) 8-bit in, grey out; anything else is a caller's bug."""
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8:
        raise ValueError("iris images must be 8-bit (numpy uint8)")
    if image.ndim == 2:  # noqa: PLR2004 - grey
        return image
    if image.ndim == 3 and image.shape[2] == 3:  # noqa: PLR2004 - BGR
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    raise ValueError(f"iris images must be grey (H, W) or BGR (H, W, 3), not {image.shape}")


def _resized(grey: GreyImage, scale: float) -> GreyImage:
    if scale == 1.0:
        return grey
    height, width = grey.shape
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return np.asarray(cv2.resize(grey, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)


def _frame_exposure(work: GreyImage) -> list[str]:
    """When nothing was found, say so more usefully if the whole frame is black or white."""
    mean = float(work.mean())
    if mean < _DARK_FRAME:
        return ["too_dark"]
    if mean > _BRIGHT_FRAME:
        return ["too_bright"]
    return []


# --- segmentation -----------------------------------------------------------------------


def segment(work: GreyImage) -> IrisGeometry | None:
    """Pupil and iris circles in ``work``'s pixels, or None when no eye is there."""
    scale = min(1.0, DETECT_WIDTH / work.shape[1])
    coarse = _find_pupil(_resized(work, scale))
    if coarse is None:
        return None
    pupil = _refine_pupil(work, coarse.scaled(1 / scale))
    if pupil is None:
        return None
    iris = _find_iris(work, pupil)
    if iris is None:
        return None
    return IrisGeometry(pupil, iris)


def _find_pupil(small: GreyImage) -> Circle | None:
    """The first round, uniform blob that appears as the threshold rises from the darkest grey."""
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
    opened = np.asarray(cv2.morphologyEx(small, cv2.MORPH_OPEN, kernel), dtype=np.uint8)
    darkest = float(np.percentile(opened, 0.5))
    median = float(np.median(opened))
    if median - darkest < _MIN_SPREAD:
        return None
    height, width = opened.shape
    min_area = math.pi * _MIN_PUPIL_RADIUS_DETECT**2
    step = (median - darkest) / _THRESHOLD_STEPS
    for level in np.arange(darkest + step, median, step):
        mask = (opened <= level).astype(np.uint8)
        count, labels, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
        best: tuple[float, Circle] | None = None
        for i in range(1, count):
            x, y, w, h, area = (int(v) for v in stats[i])
            if area < min_area or x == 0 or y == 0 or x + w >= width or y + h >= height:
                continue
            radius = max(w, h) / 2.0
            fill = area / (math.pi * radius * radius)
            if fill < _MIN_FILL or not 0.4 <= w / h <= 2.5:  # noqa: PLR2004 - roughly round
                continue
            cx, cy = float(centroids[i][0]), float(centroids[i][1])
            inside = float(np.median(opened[labels == i]))
            ring = _ring_median(opened, cx, cy, radius)
            if ring - inside < _MIN_PUPIL_STEP:
                continue
            merit = area * fill
            if best is None or merit > best[0]:
                best = (merit, Circle(cx, cy, radius))
        if best is not None:
            return best[1]
    return None


def _ring_median(image: GreyImage, cx: float, cy: float, radius: float) -> float:
    """Median grey on a ring from 1.3 to 1.8 radii around (cx, cy)."""
    angles = np.linspace(0.0, 2 * np.pi, 32, endpoint=False)
    radii = radius * np.array([1.3, 1.55, 1.8])
    values = _polar(image, cx, cy, angles, radii)
    return float(np.median(values))


def _polar(
    image: NDArray[np.uint8] | FloatImage,
    cx: float,
    cy: float,
    angles: NDArray[np.float64],
    radii: NDArray[np.float64],
) -> FloatImage:
    """``image`` sampled on rays: rows are angles, columns radii (bilinear, edges replicated)."""
    map_x = (cx + np.outer(np.cos(angles), radii)).astype(np.float32)
    map_y = (cy + np.outer(np.sin(angles), radii)).astype(np.float32)
    sampled = cv2.remap(
        image.astype(np.float32, copy=False),
        map_x,
        map_y,
        cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE,
    )
    return np.asarray(sampled, dtype=np.float32)


def _edges(
    image: FloatImage,
    centre: tuple[float, float],
    angles: NDArray[np.float64],
    r_range: tuple[float, float],
    gap: int,
    *,
    first: bool = False,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per ray: the radius of a dark-to-bright step and that step's size.

    The strongest step, or with ``first`` the innermost one at least half as
    strong (the pupil edge, not the limbus beyond it when the pupil is wide).
    """
    radii = np.arange(r_range[0], r_range[1], 1.0)
    if len(radii) <= 2 * gap + 1:
        return np.zeros(len(angles)), np.zeros(len(angles))
    profiles = _polar(image, centre[0], centre[1], angles, radii)
    steps = profiles[:, 2 * gap :] - profiles[:, : -2 * gap]
    rows = np.arange(len(angles))
    best = np.argmax(steps, axis=1)
    if first:
        strong = steps >= 0.5 * steps[rows, best][:, None]
        start = np.argmax(strong, axis=1)
        window = np.clip(start[:, None] + np.arange(2 * gap + 1)[None, :], 0, steps.shape[1] - 1)
        best = window[rows, np.argmax(steps[rows[:, None], window], axis=1)]
    strength = steps[rows, best].astype(np.float64)
    return radii[gap:-gap][best], strength


def _fit_circle(xs: NDArray[np.float64], ys: NDArray[np.float64]) -> Circle | None:
    """Algebraic (Kasa) least-squares circle."""
    design = np.column_stack([xs, ys, np.ones_like(xs)])
    target = -(xs * xs + ys * ys)
    (d, e, f), *_ = np.linalg.lstsq(design, target, rcond=None)
    cx, cy = -d / 2.0, -e / 2.0
    r2 = cx * cx + cy * cy - f
    if not r2 > 0:
        return None
    return Circle(float(cx), float(cy), float(math.sqrt(r2)))


def _circumcircles(
    xs: NDArray[np.float64], ys: NDArray[np.float64], triples: NDArray[np.intp]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Centres and radii of the circles through each triple of points (NaN when collinear)."""
    x1, x2, x3 = xs[triples[:, 0]], xs[triples[:, 1]], xs[triples[:, 2]]
    y1, y2, y3 = ys[triples[:, 0]], ys[triples[:, 1]], ys[triples[:, 2]]
    s1, s2, s3 = x1 * x1 + y1 * y1, x2 * x2 + y2 * y2, x3 * x3 + y3 * y3
    d = 2.0 * (x1 * (y2 - y3) + x2 * (y3 - y1) + x3 * (y1 - y2))
    with np.errstate(divide="ignore", invalid="ignore"):
        ux = (s1 * (y2 - y3) + s2 * (y3 - y1) + s3 * (y1 - y2)) / d
        uy = (s1 * (x3 - x2) + s2 * (x1 - x3) + s3 * (x2 - x1)) / d
    return ux, uy, np.hypot(x1 - ux, y1 - uy)


def _robust_circle(
    centre: tuple[float, float],
    angles: NDArray[np.float64],
    radii: NDArray[np.float64],
    strength: NDArray[np.float64],
    max_offset: float,
) -> Circle | None:
    """A circle through the edge points, ignoring rays that hit lids, lashes or glints.

    RANSAC over a fixed set of point triples (so results are repeatable), then
    least squares on the inliers; a circle whose centre is more than
    ``max_offset`` from ``centre`` is not the one looked for.
    """
    valid = np.flatnonzero(strength >= _MIN_EDGE_STEP)
    needed = max(6, math.ceil(_MIN_INLIERS * len(angles)))
    if len(valid) < needed:
        return None
    xs_all = centre[0] + radii * np.cos(angles)
    ys_all = centre[1] + radii * np.sin(angles)
    xs, ys = xs_all[valid], ys_all[valid]
    triples = _TRIPLE_PICKS[:_RANSAC_TRIALS] % len(valid)
    ux, uy, ur = _circumcircles(xs, ys, triples)
    plausible = np.isfinite(ur) & (np.hypot(ux - centre[0], uy - centre[1]) <= max_offset)
    if not plausible.any():
        return None
    ux, uy, ur = ux[plausible], uy[plausible], ur[plausible]
    residual = np.abs(np.hypot(xs[None, :] - ux[:, None], ys[None, :] - uy[:, None]) - ur[:, None])
    tolerance = np.maximum(1.5, 0.05 * ur)[:, None]
    best = int(np.argmax((residual <= tolerance).sum(axis=1)))
    circle: Circle | None = Circle(float(ux[best]), float(uy[best]), float(ur[best]))
    for fraction in (0.05, 0.035):
        assert circle is not None  # noqa: S101 - checked below each round
        off = np.abs(np.hypot(xs - circle.x, ys - circle.y) - circle.r)
        inliers = off <= max(1.0, fraction * circle.r)
        if np.count_nonzero(inliers) < needed:
            return None
        circle = _fit_circle(xs[inliers], ys[inliers])
        if circle is None:
            return None
    if circle is None or math.hypot(circle.x - centre[0], circle.y - centre[1]) > max_offset:
        return None
    return circle


def _refine_pupil(work: GreyImage, coarse: Circle) -> Circle | None:
    """The pupil boundary from rays, after an opening that removes the glints inside it.

    Twice: a lid cutting the pupil pulls the blob's centroid off centre, and the
    second pass casts its rays from the first fit's centre.
    """
    height, width = work.shape
    half = int(2.2 * coarse.r) + 4
    x0, y0 = max(0, int(coarse.x) - half), max(0, int(coarse.y) - half)
    x1, y1 = min(width, int(coarse.x) + half), min(height, int(coarse.y) + half)
    roi = work[y0:y1, x0:x1]
    side = max(5, int(0.5 * coarse.r) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (side, side))
    opened = cv2.morphologyEx(roi, cv2.MORPH_OPEN, kernel)
    smooth = np.asarray(cv2.GaussianBlur(opened.astype(np.float32), (0, 0), 1.0), np.float32)
    angles = np.linspace(0.0, 2 * np.pi, _PUPIL_RAYS, endpoint=False)
    gap = max(1, round(coarse.r / 12))
    circle: Circle | None = Circle(coarse.x - x0, coarse.y - y0, coarse.r)
    for _ in range(2):
        assert circle is not None  # noqa: S101 - the loop exits on None
        centre = (circle.x, circle.y)
        r_range = (0.5 * circle.r, 1.8 * circle.r + 2)
        radii, strength = _edges(smooth, centre, angles, r_range, gap, first=True)
        circle = _robust_circle(centre, angles, radii, strength, max_offset=0.6 * circle.r)
        if circle is None:
            return None
    assert circle is not None  # noqa: S101 - see the loop
    return Circle(circle.x + x0, circle.y + y0, circle.r)


def _find_iris(work: GreyImage, pupil: Circle) -> Circle | None:
    """The limbus from rays in the lateral and lower sectors, which lids seldom cover."""
    sigma = max(1.0, pupil.r / 15)
    smooth = np.asarray(cv2.GaussianBlur(work.astype(np.float32), (0, 0), sigma), np.float32)
    right = np.linspace(*_IRIS_SECTOR, _IRIS_RAYS_PER_SIDE)
    angles = np.concatenate([right, np.pi - right])
    # Start just outside the pupil's edge, so a dilated pupil's narrow iris is found too.
    gap = min(5, max(2, round(pupil.r / 10)))
    r_range = (1.06 * pupil.r + 2, min(8.0 * pupil.r, 0.75 * max(work.shape)))
    radii, strength = _edges(smooth, (pupil.x, pupil.y), angles, r_range, gap)
    circle = _robust_circle((pupil.x, pupil.y), angles, radii, strength, max_offset=pupil.r)
    if circle is None or circle.r <= pupil.r * 1.1:
        return None
    return circle


# --- the rubber sheet -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _RubberSheet:
    """The iris annulus unwrapped: rows are angles, columns run from pupil to limbus."""

    raw: FloatImage
    usable: NDArray[np.bool_]
    weights: NDArray[np.float64]
    #: Median grey of pupil and of the sclera beside the iris.
    pupil_grey: float
    sclera_grey: float

    @classmethod
    def sample(cls, work: GreyImage, geometry: IrisGeometry) -> _RubberSheet:
        pupil, iris = geometry.pupil, geometry.iris
        angles = np.linspace(0.0, 2 * np.pi, _SHEET_ANGLES, endpoint=False)
        cos, sin = np.cos(angles), np.sin(angles)
        t = (np.arange(_SHEET_RADII) + 0.5) / _SHEET_RADII
        inner_x, inner_y = pupil.x + pupil.r * cos, pupil.y + pupil.r * sin
        outer_x, outer_y = iris.x + iris.r * cos, iris.y + iris.r * sin
        map_x = (inner_x[:, None] * (1 - t) + outer_x[:, None] * t).astype(np.float32)
        map_y = (inner_y[:, None] * (1 - t) + outer_y[:, None] * t).astype(np.float32)
        raw = np.asarray(
            cv2.remap(work, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE),
            dtype=np.float32,
        )
        usable = _unoccluded(raw, sin)
        radius = pupil.r * (1 - t) + iris.r * t
        weights = np.broadcast_to(radius, raw.shape).astype(np.float64)
        pupil_grey = float(
            np.median(_polar(work, pupil.x, pupil.y, angles[::4], pupil.r * np.linspace(0, 0.8, 6)))
        )
        lateral = np.concatenate([np.linspace(-0.35, 0.35, 9), np.pi + np.linspace(-0.35, 0.35, 9)])
        sclera = _polar(work, iris.x, iris.y, lateral, iris.r * np.array([1.1, 1.15, 1.2]))
        return cls(raw, usable, weights, pupil_grey, float(np.median(sclera)))

    def iris_grey(self, inner: float, outer: float) -> float:
        """Median grey of the usable sheet between two fractions of the pupil-limbus distance."""
        t = (np.arange(_SHEET_RADII) + 0.5) / _SHEET_RADII
        band = (t >= inner) & (t < outer)
        values = self.raw[:, band][self.usable[:, band]]
        if values.size == 0:
            values = self.raw[:, band].ravel()
        return float(np.median(values))

    @property
    def usable_pct(self) -> float:
        return 100.0 * float((self.weights * self.usable).sum() / self.weights.sum())


def _unoccluded(raw: FloatImage, sin: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Sheet cells that look like the iris beside the pupil: not lid, lashes or glint.

    The reference is the left and right sectors, slightly below horizontal.
    A cell is occluded when its smoothed grey differs from the reference at
    the same radius by much more than the texture varies there (lid skin,
    lashes), or when it has far less texture across the fibres than the
    reference (smooth skin of a lid in the same grey as the iris).  Texture is
    compared with the same image's iris, so a defocused eye is not "occluded".
    """
    rows = (sin >= _REFERENCE_SIN[0]) & (sin <= _REFERENCE_SIN[1])
    smooth = _wrapped_blur(raw, 1.5, 2.0)
    reference = np.median(smooth[rows], axis=0)
    deviation = smooth - reference
    spread = 1.4826 * float(np.median(np.abs(deviation[rows])))
    limit = max(_OCCLUSION_MIN_DELTA, _OCCLUSION_SIGMAS * spread)
    across = np.abs(np.roll(raw, -1, axis=0) - np.roll(raw, 1, axis=0))
    texture = _wrapped_blur(across, 1.5, 3.0)
    texture_reference = np.median(texture[rows], axis=0)
    smooth_skin = texture < _TEXTURE_FRACTION * texture_reference
    specular = raw >= _SPECULAR
    usable: NDArray[np.bool_] = (np.abs(deviation) <= limit) & ~smooth_skin & ~specular
    return usable


def _wrapped_blur(sheet: FloatImage, sigma_radius: float, sigma_angle: float) -> FloatImage:
    """Gaussian blur of a rubber sheet whose rows wrap around (angle 0 follows 359)."""
    pad = 3 * math.ceil(sigma_angle)
    wrapped = np.vstack([sheet[-pad:], sheet, sheet[:pad]])
    blurred = cv2.GaussianBlur(wrapped, (0, 0), sigmaX=sigma_radius, sigmaY=sigma_angle)
    return np.asarray(blurred[pad:-pad], dtype=np.float32)


# --- measures ---------------------------------------------------------------------------


def _geometry_measures(geometry: IrisGeometry, width: int, height: int) -> list[Measure]:
    at = IRIS_THRESHOLD
    diameter = geometry.iris_diameter_px
    ratio = geometry.pupil_iris_ratio
    ratio_score = min(PUPIL_DILATED.score(ratio, at), PUPIL_CONSTRICTED.score(ratio, at))
    concentric = geometry.concentricity
    margin, centred_fits = _margin(geometry.iris, width, height)
    margin_problem = "not_centred" if centred_fits else "too_close"
    return [
        Measure(
            "iris_diameter_px",
            rounded(diameter, 1),
            IRIS_DIAMETER.score(diameter, at),
            "iris_too_small",
        ),
        Measure("pupil_iris_ratio", rounded(ratio, 1), ratio_score, "pupil_dilation"),
        Measure(
            "concentricity_pct",
            rounded(concentric, 1),
            CONCENTRICITY.score(concentric, at),
            "not_concentric",
        ),
        Measure("margin_pct", rounded(margin, 1), MARGIN.score(margin, at), margin_problem),
    ]


def _margin(iris: Circle, width: int, height: int) -> tuple[float, bool]:
    """ISO/IEC 19794-6 margins met, in percent (capped at 100); and whether centring would do."""
    side, vertical = 0.6 * iris.r, 0.2 * iris.r
    ratios = (
        (iris.x - iris.r) / side,
        (width - iris.x - iris.r) / side,
        (iris.y - iris.r) / vertical,
        (height - iris.y - iris.r) / vertical,
    )
    margin = 100.0 * min(1.0, max(0.0, min(ratios)))
    fits = 2 * (iris.r + side) <= width and 2 * (iris.r + vertical) <= height
    return margin, fits


def _contrast_measures(sheet: _RubberSheet) -> list[Measure]:
    """ISO/IEC 29794-6 iris-sclera and iris-pupil contrast from region medians."""
    at = IRIS_THRESHOLD
    pupil = sheet.pupil_grey
    iris_outer = sheet.iris_grey(0.5, 0.85)
    iris_inner = sheet.iris_grey(0.05, 0.5)
    sclera = sheet.sclera_grey
    if pupil >= iris_outer or pupil >= sclera:
        sclera_contrast = 0.0
    else:
        sclera_contrast = 100.0 * abs(sclera - iris_outer) / (sclera + iris_outer - 2 * pupil)
    weber = abs(iris_inner - pupil) / (20.0 + pupil)
    pupil_contrast = 100.0 * weber / (0.75 + weber)
    return [
        Measure(
            "iris_sclera_contrast",
            rounded(sclera_contrast, 1),
            IRIS_SCLERA.score(sclera_contrast, at),
            "low_contrast",
        ),
        Measure(
            "iris_pupil_contrast",
            rounded(pupil_contrast, 1),
            IRIS_PUPIL.score(pupil_contrast, at),
            "low_contrast",
        ),
    ]


def _iris_crop(grey: GreyImage, iris: Circle) -> GreyImage:
    height, width = grey.shape
    x0, x1 = max(0, int(iris.x - iris.r)), min(width, math.ceil(iris.x + iris.r))
    y0, y1 = max(0, int(iris.y - iris.r)), min(height, math.ceil(iris.y + iris.r))
    return grey[y0:y1, x0:x1]


def _grey_scale_measure(grey: GreyImage, geometry: IrisGeometry) -> Measure:
    """ISO/IEC 29794-6 grey-scale utilisation: entropy of the iris region's histogram, in bits."""
    crop = _iris_crop(grey, geometry.iris)
    counts = np.bincount(crop.ravel(), minlength=256).astype(np.float64)
    total = counts.sum()
    if total == 0:
        return Measure("grey_scale_bits", 0.0, 0.0, "low_contrast")
    p = counts[counts > 0] / total
    bits = float(-(p * np.log2(p)).sum())
    mean = float(crop.mean())
    if mean < _DARK_IRIS:
        problem = "too_dark"
    elif mean > _BRIGHT_IRIS:
        problem = "too_bright"
    else:
        problem = "low_contrast"
    return Measure(
        "grey_scale_bits", rounded(bits), GREY_SCALE.score(bits, IRIS_THRESHOLD), problem
    )


def edge_blur_px(grey: GreyImage, geometry: IrisGeometry) -> float:
    """Blur of the pupil boundary as a Gaussian sigma in pixels of ``grey`` (inf: no edge).

    Why the pupil edge and not the iris texture: texture energy depends on
    the person (fine or coarse fibres) and sensor noise inflates it, while
    the pupil boundary is a step in every eye, so how wide it is measures
    defocus alone.  240 short profiles across the boundary (lateral and lower
    sectors, away from the lids) are aligned on their own steepest point,
    found after heavy smoothing so noise cannot pick it, and averaged; a step
    of height H blurred by sigma has a slope of H / (sigma * sqrt(2 pi)).
    """
    pupil = geometry.pupil
    half = max(10.0, 0.4 * pupil.r)
    radii = np.arange(pupil.r - half, pupil.r + half, _EDGE_STEP)
    if radii[0] <= 0:
        return math.inf
    tangential = np.arange(-2, 3) / pupil.r  # five profiles one pixel apart
    angles = (_EDGE_ANGLES[:, None] + tangential[None, :]).ravel()
    count = len(_EDGE_ANGLES)
    profiles = _polar(grey, pupil.x, pupil.y, angles, radii).reshape(count, 5, -1).mean(axis=1)
    smooth = cv2.GaussianBlur(profiles, (0, 0), sigmaX=_EDGE_LOCATE_SIGMA / _EDGE_STEP, sigmaY=0.01)
    slope = np.diff(np.asarray(smooth, np.float32), axis=1)
    lo, hi = int(len(radii) * 0.3), int(len(radii) * 0.7)
    located = lo + np.argmax(slope[:, lo:hi], axis=1)
    reach = int(0.6 * half / _EDGE_STEP)
    index = np.clip(located[:, None] + np.arange(-reach, reach + 1)[None, :], 0, len(radii) - 1)
    mean = np.take_along_axis(profiles, index, axis=1).mean(axis=0)
    tail = len(mean) // 5
    height = float(mean[-tail:].mean() - mean[:tail].mean())
    window = int(3.0 / _EDGE_STEP)
    steepest = float(np.gradient(mean)[reach - window : reach + window + 1].max()) / _EDGE_STEP
    if height < _MIN_EDGE_HEIGHT or steepest <= 0:
        return math.inf
    return height / (steepest * math.sqrt(2 * math.pi))


def _sharpness_measure(grey: GreyImage, geometry: IrisGeometry) -> Measure:
    blur = edge_blur_px(grey, geometry)
    sharpness = 0.0 if math.isinf(blur) else 1.0 / max(blur, 1e-3)
    subscore = EDGE_BLUR.score(blur if math.isfinite(blur) else EDGE_BLUR.bad, IRIS_THRESHOLD)
    return Measure("sharpness", rounded(sharpness, 3), subscore, "blurred")


def _usable_measure(sheet: _RubberSheet) -> Measure:
    usable = sheet.usable_pct
    return Measure(
        "usable_iris_pct", rounded(usable, 1), USABLE_AREA.score(usable, IRIS_THRESHOLD), "occluded"
    )
