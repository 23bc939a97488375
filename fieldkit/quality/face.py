"""Face photo quality (ICAO 9303 / ISO 19794-5 subset) and the KTP-el crop.

OpenCV's Haar cascades find the face and eyes: they ship inside the
``opencv-python-headless`` wheel, so this works offline (YuNet does not ship).
Detection runs on a copy scaled to 320 px wide, which keeps a live preview
frame well inside the 66 ms a 15 fps preview allows; ``FaceAnalyzer.live``
also finds the eyes on a half-resolution face crop, ``assess`` (the final
capture) at full resolution.

Measures (docs/quality.md gives the limits and their sources): one face, both
eyes, inter-eye distance, roll from the eye line, sharpness, exposure and
clipped highlights on the face, framing (centred, not too close), and the
backdrop: uniform, and red for an odd birth year or blue for an even one.
The backdrop is judged by hue and saturation only, never by lightness.
"""

from __future__ import annotations

import functools
import logging
import math
import threading
from dataclasses import dataclass
from pathlib import Path
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

    BGRImage = NDArray[np.uint8]
    GreyImage = NDArray[np.uint8]

log = logging.getLogger(__name__)

#: Default pass mark on our 0-100 scale: every measure exactly at its ICAO limit scores 50.
FACE_THRESHOLD = PASS_MARKS[QualityModality.FACE]

# --- the standard's limits and our anchors (bad, limit, good) ---------------------
#: ICAO 9303: at least 90 px between the eye centres, 120 recommended.
INTER_EYE = Ramp(bad=60.0, limit=90.0, good=120.0)
#: ICAO 9303: roll within +-8 degrees.
ROLL = Ramp(bad=16.0, limit=8.0, good=2.0)
#: Normalised Laplacian energy of the face; calibrated, see docs/quality.md.
SHARPNESS = Ramp(bad=0.015, limit=0.04, good=0.08)
#: Mean grey of the central face region (0-255).
DARKNESS = Ramp(bad=35.0, limit=70.0, good=100.0)
BRIGHTNESS = Ramp(bad=235.0, limit=205.0, good=180.0)
#: Fraction of face pixels at 250 or more (clipped highlights), in percent.
CLIPPING = Ramp(bad=8.0, limit=2.0, good=0.5)
#: Horizontal offset of the eye midpoint from the frame centre, percent of the width.
CENTRING = Ramp(bad=30.0, limit=15.0, good=5.0)
#: How much of the ideal KTP-el crop fits in the frame (percent of its width).
FRAMING = Ramp(bad=60.0, limit=74.0, good=90.0)
#: Percent of backdrop pixels that differ clearly from the backdrop's median colour.
UNEVEN = Ramp(bad=35.0, limit=12.0, good=4.0)

# --- detection ----------------------------------------------------------------------
DETECT_WIDTH = 320
_SCALE_FACTOR = 1.1
_MIN_NEIGHBOURS = 5
#: A face narrower than this fraction of the detection image is not looked for.
_MIN_FACE_FRACTION = 0.12
_EYE_MIN_NEIGHBOURS = 5
#: Colour distance (Lab, 8-bit units) beyond which a backdrop pixel counts as different.
_BACKDROP_DELTA = 22.0
#: OpenCV hue (0-180) ranges; saturation must be at least _MIN_SATURATION to be a colour.
_RED_HUES = ((0, 12), (165, 180))
_BLUE_HUES = ((90, 135),)
_MIN_SATURATION = 70
_MIN_VALUE = 12
_COLOUR_MAJORITY = 0.6
_MIN_BACKDROP_PIXELS = 200
_CLIP_LEVEL = 250
_SHARP_SIZE = 128

# --- KTP-el crop geometry ------------------------------------------------------------
#: Portrait 3:4; eyes level, their midpoint centred and 45 % from the top;
#: the crop is 3.5x the inter-eye distance wide, so the face (about 2.1x the
#: inter-eye distance from cheek to cheek) is about 60 % of it.
CROP_ASPECT = 3 / 4
CROP_EYE_HEIGHT = 0.45
CROP_WIDTH_PER_EYE_DISTANCE = 3.5
#: When the frame is too small for the ideal crop, accept down to this width
#: (face about 80 % of the width): 2.6 / 3.5 = 74 %, the FRAMING limit.
CROP_MIN_WIDTH_PER_EYE_DISTANCE = 2.6

PRIORITY = (
    "no_face",
    "multiple_faces",
    "too_dark",
    "too_bright",
    "eyes_not_found",
    "too_close",
    "too_small",
    "not_centred",
    "rolled",
    "blurred",
    "background_color",
    "background_uneven",
    "low_quality",
)

#: One instruction per problem; its words are in the UI's catalogue (context "quality").
INSTRUCTIONS: dict[str, Instruction] = {
    "no_face": Instruction("face.no_face"),
    "multiple_faces": Instruction("face.multiple_faces"),
    "too_dark": Instruction("face.too_dark"),
    "too_bright": Instruction("face.too_bright"),
    "eyes_not_found": Instruction("face.eyes_not_found"),
    "too_close": Instruction("face.too_close"),
    "too_small": Instruction("face.too_small"),
    "not_centred": Instruction("face.not_centred"),
    "rolled": Instruction("face.rolled"),
    "blurred": Instruction("face.blurred"),
    "background_color": Instruction("face.background_color"),
    "background_uneven": Instruction("face.background_uneven"),
    "low_quality": Instruction("face.low_quality"),
}
_BACKGROUND_FOR = {
    "red": Instruction("face.background_red"),
    "blue": Instruction("face.background_blue"),
    None: Instruction("face.background_red_or_blue"),
}


def expected_background(birth_year: int | None) -> str | None:
    """The KTP-el rule: red for an odd birth year, blue for an even one."""
    if birth_year is None:
        return None
    return "red" if birth_year % 2 else "blue"


# --- results --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FaceGeometry:
    """Where the face and eyes are, in pixels of the analysed image."""

    box: tuple[int, int, int, int]  # x, y, w, h
    #: Eye centres, the one with the smaller x first (the subject's right eye).
    eyes: tuple[tuple[float, float], tuple[float, float]] | None

    @property
    def inter_eye_px(self) -> float | None:
        return math.dist(*self.eyes) if self.eyes else None

    @property
    def roll_deg(self) -> float | None:
        if not self.eyes:
            return None
        (x1, y1), (x2, y2) = self.eyes
        return math.degrees(math.atan2(y2 - y1, x2 - x1))


@dataclass(frozen=True, slots=True)
class FaceAssessment:
    """The final capture's verdict, and the KTP-el crop when the eyes were found."""

    report: QualityReport
    geometry: FaceGeometry | None
    crop: BGRImage | None


# --- the analyzer ----------------------------------------------------------------------


_FACE_CASCADE = "haarcascade_frontalface_default.xml"
_EYE_CASCADE = "haarcascade_eye.xml"
_per_thread = threading.local()


def _cascade(name: str) -> cv2.CascadeClassifier:
    """This thread's own copy of an OpenCV cascade.

    ``detectMultiScale`` keeps its scale pyramid inside the classifier, so one
    classifier shared by the preview worker and a capture trips OpenCV's
    ``scaleIdx`` assertion (opencv/opencv#4287).  A copy per thread keeps both
    cores busy where a lock would make the capture wait for the preview.
    """
    loaded: dict[str, cv2.CascadeClassifier] = _per_thread.__dict__.setdefault("cascades", {})
    if name not in loaded:
        # ``cv2.data.haarcascades`` is missing from OpenCV's type stubs; it is this folder.
        path = Path(cv2.__file__).parent / "data" / name
        classifier = cv2.CascadeClassifier(str(path))
        if classifier.empty():
            msg = f"OpenCV cascade {name} is missing from the installed wheel"
            raise RuntimeError(msg)
        loaded[name] = classifier
    return loaded[name]


class FaceAnalyzer:
    """Face quality for the live preview (``live``) and the final capture (``assess``).

    Safe to share between threads: each thread gets its own cascades.  ``threshold`` is the
    configured pass mark (``QualityPolicy.threshold(FACE)``).
    """

    def __init__(self, *, threshold: float = FACE_THRESHOLD) -> None:
        self.threshold = threshold
        # Load both now so a missing cascade shows at start-up, not at the first frame.
        _cascade(_FACE_CASCADE)
        _cascade(_EYE_CASCADE)

    def live(self, frame: BGRImage, *, birth_year: int | None = None) -> QualityReport:
        """A preview frame's verdict: eyes searched at half resolution, no crop."""
        return self._analyse(frame, birth_year, eye_scale=0.5)[0]

    def assess(self, image: BGRImage, *, birth_year: int | None = None) -> FaceAssessment:
        """The final capture's verdict, with full-resolution eyes and the KTP-el crop."""
        report, geometry = self._analyse(image, birth_year, eye_scale=1.0)
        crop = crop_ktp(image, geometry) if geometry is not None and geometry.eyes else None
        return FaceAssessment(report, geometry, crop)

    # --- steps ---------------------------------------------------------------------

    def detect(self, grey: GreyImage) -> list[tuple[int, int, int, int]]:
        """Face boxes in ``grey``'s pixels, found on a copy at most 320 px wide."""
        height, width = grey.shape
        scale = min(1.0, DETECT_WIDTH / width)
        small = (
            grey
            if scale == 1.0
            else cv2.resize(
                grey, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA
            )
        )
        side = max(24, int(min(small.shape) * _MIN_FACE_FRACTION))
        found = _cascade(_FACE_CASCADE).detectMultiScale(
            small, scaleFactor=_SCALE_FACTOR, minNeighbors=_MIN_NEIGHBOURS, minSize=(side, side)
        )
        return [
            (round(x / scale), round(y / scale), round(w / scale), round(h / scale))
            for x, y, w, h in np.asarray(found, dtype=np.int64).reshape(-1, 4)
        ]

    def find_eyes(
        self, grey: GreyImage, box: tuple[int, int, int, int], scale: float = 1.0
    ) -> tuple[tuple[float, float], tuple[float, float]] | None:
        """The most plausible eye pair in the upper part of the face box, or None."""
        x, y, w, h = box
        top = max(0, y)
        roi = grey[top : y + int(h * 0.62), max(0, x) : x + w]
        if roi.size == 0:
            return None
        if scale != 1.0:
            roi = np.asarray(
                cv2.resize(roi, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), np.uint8
            )
        w_s = w * scale
        found = _cascade(_EYE_CASCADE).detectMultiScale(
            roi,
            scaleFactor=_SCALE_FACTOR,
            minNeighbors=_EYE_MIN_NEIGHBOURS,
            minSize=(max(8, int(w_s / 9)), max(8, int(w_s / 9))),
            maxSize=(int(w_s / 2.5), int(w_s / 2.5)),
        )
        centres = [
            (max(0, x) + (ex + ew / 2) / scale, top + (ey + eh / 2) / scale, ew / scale)
            for ex, ey, ew, eh in np.asarray(found, dtype=np.int64).reshape(-1, 4)
        ]
        mid = x + w / 2
        best: tuple[float, tuple[tuple[float, float], tuple[float, float]]] | None = None
        for lx, ly, lsize in (c for c in centres if c[0] < mid):
            for rx, ry, rsize in (c for c in centres if c[0] >= mid):
                distance = math.hypot(rx - lx, ry - ly)
                angle = abs(math.degrees(math.atan2(ry - ly, rx - lx)))
                if not 0.22 * w <= distance <= 0.7 * w or angle > 35:  # noqa: PLR2004 - anatomy
                    continue
                merit = (
                    lsize + rsize - abs(lsize - rsize) - 0.5 * abs((ly + ry) / 2 - (y + 0.4 * h))
                )
                if best is None or merit > best[0]:
                    best = (merit, ((lx, ly), (rx, ry)))
        return best[1] if best else None

    def _analyse(
        self, image: BGRImage, birth_year: int | None, *, eye_scale: float
    ) -> tuple[QualityReport, FaceGeometry | None]:
        if image.ndim != 3 or image.shape[2] != 3:  # noqa: PLR2004 - BGR
            raise ValueError("face images must be BGR colour (H, W, 3)")
        grey = np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), np.uint8)
        faces = self.detect(grey)
        instructions = dict(INSTRUCTIONS)
        expected = expected_background(birth_year)
        instructions["background_color"] = _BACKGROUND_FOR[expected]
        extra = {"faces": Check(len(faces), len(faces) == 1)}
        if len(faces) != 1:
            problem = "no_face" if not faces else "multiple_faces"
            report = build_report(
                QualityModality.FACE,
                [],
                threshold=self.threshold,
                priority=PRIORITY,
                instructions=instructions,
                extra_checks=extra,
                hard_problems=[problem],
                scorable=False,
            )
            return report, None
        box = faces[0]
        eyes = self.find_eyes(grey, box, eye_scale)
        geometry = FaceGeometry(box, eyes)
        measures = [
            *_exposure_measures(grey, box),
            _sharpness_measure(grey, box),
            *_backdrop_measures(image, box, expected),
        ]
        hard: list[str] = []
        extra["eyes"] = Check(eyes is not None, eyes is not None)
        if eyes is None:
            hard.append("eyes_not_found")
        else:
            measures += _eye_measures(geometry, image.shape[1], image.shape[0])
        report = build_report(
            QualityModality.FACE,
            measures,
            threshold=self.threshold,
            priority=PRIORITY,
            instructions=instructions,
            extra_checks=extra,
            hard_problems=hard,
        )
        return report, geometry


def assess_face(
    image_bgr: BGRImage, *, birth_year: int | None = None, threshold: float = FACE_THRESHOLD
) -> QualityReport:
    """The final-capture verdict for one BGR photo (see ``FaceAnalyzer`` for the crop)."""
    return _analyzer(threshold).assess(image_bgr, birth_year=birth_year).report


@functools.lru_cache(maxsize=4)
def _analyzer(threshold: float) -> FaceAnalyzer:
    return FaceAnalyzer(threshold=threshold)


# --- measures -------------------------------------------------------------------------


def _inner(box: tuple[int, int, int, int], shape: tuple[int, ...]) -> tuple[slice, slice]:
    """Cheeks, nose, mouth and eyes: the Haar box without hair, ears and background."""
    x, y, w, h = box
    rows = slice(max(0, y + int(0.2 * h)), min(shape[0], y + int(0.9 * h)))
    cols = slice(max(0, x + int(0.2 * w)), min(shape[1], x + int(0.8 * w)))
    return rows, cols


def _exposure_measures(grey: GreyImage, box: tuple[int, int, int, int]) -> list[Measure]:
    rows, cols = _inner(box, grey.shape)
    face = grey[rows, cols]
    mean = float(face.mean()) if face.size else 0.0
    clipped = 100.0 * float(np.count_nonzero(face >= _CLIP_LEVEL)) / max(face.size, 1)
    at = FACE_THRESHOLD
    return [
        Measure(
            "exposure_mean", rounded(mean, 1), _exposure_subscore(mean, at), _exposure_problem(mean)
        ),
        Measure(
            "clipped_highlights_pct", rounded(clipped), CLIPPING.score(clipped, at), "too_bright"
        ),
    ]


def _exposure_subscore(mean: float, at: float) -> float:
    return min(DARKNESS.score(mean, at), BRIGHTNESS.score(mean, at))


def _exposure_problem(mean: float) -> str:
    return "too_dark" if mean < (DARKNESS.limit + BRIGHTNESS.limit) / 2 else "too_bright"


def sharpness(grey: GreyImage, box: tuple[int, int, int, int]) -> float:
    """Laplacian energy of the face relative to its contrast, at a fixed 128 px size.

    Resizing the face to a fixed size makes the number independent of how far
    the camera is; dividing by the grey-level variance makes it independent of
    the light, so a dark but sharp face is not called blurred.
    """
    rows, cols = _inner(box, grey.shape)
    face = grey[rows, cols]
    if face.size == 0:
        return 0.0
    face = np.asarray(
        cv2.resize(face, (_SHARP_SIZE, _SHARP_SIZE), interpolation=cv2.INTER_AREA), np.uint8
    )
    face_f = face.astype(np.float32)
    lap = cv2.Laplacian(face_f, cv2.CV_32F, ksize=1)
    variance = float(face_f.var())
    return float(lap.var()) / (variance + 25.0)


def _sharpness_measure(grey: GreyImage, box: tuple[int, int, int, int]) -> Measure:
    value = sharpness(grey, box)
    return Measure(
        "sharpness", rounded(value, 4), SHARPNESS.score(value, FACE_THRESHOLD), "blurred"
    )


def _eye_measures(geometry: FaceGeometry, width: int, height: int) -> list[Measure]:
    at = FACE_THRESHOLD
    distance = geometry.inter_eye_px or 0.0
    roll = geometry.roll_deg or 0.0
    assert geometry.eyes is not None  # noqa: S101 - only called with eyes
    (x1, y1), (x2, y2) = geometry.eyes
    mid_x, mid_y = (x1 + x2) / 2, (y1 + y2) / 2
    offset = 100.0 * abs(mid_x - width / 2) / width
    fit, centred_fit = _crop_fit(distance, mid_x, mid_y, width, height)
    framing_problem = "too_close" if centred_fit < FRAMING.limit else "not_centred"
    return [
        Measure("inter_eye_px", rounded(distance, 1), INTER_EYE.score(distance, at), "too_small"),
        Measure("roll_deg", rounded(roll, 1), ROLL.score(abs(roll), at), "rolled"),
        Measure(
            "centring_offset_pct", rounded(offset, 1), CENTRING.score(offset, at), "not_centred"
        ),
        Measure("crop_fit_pct", rounded(fit, 1), FRAMING.score(fit, at), framing_problem),
    ]


def _largest_crop_width(eye_x: float, eye_y: float, width: int, height: int) -> float:
    """The widest KTP-el crop with its eye point at (eye_x, eye_y) that stays in the frame."""
    crop_height_for = 1 / CROP_ASPECT  # crop height per unit width
    limits = (
        2 * eye_x,
        2 * (width - eye_x),
        eye_y / (CROP_EYE_HEIGHT * crop_height_for),
        (height - eye_y) / ((1 - CROP_EYE_HEIGHT) * crop_height_for),
    )
    return max(0.0, min(limits))


def _crop_fit(
    distance: float, eye_x: float, eye_y: float, width: int, height: int
) -> tuple[float, float]:
    """Percent of the ideal crop width that fits here, and that would fit if centred."""
    ideal = CROP_WIDTH_PER_EYE_DISTANCE * distance
    if ideal <= 0:
        return 0.0, 0.0
    here = min(ideal, _largest_crop_width(eye_x, eye_y, width, height))
    centred = min(ideal, _largest_crop_width(width / 2, height * CROP_EYE_HEIGHT, width, height))
    return 100.0 * here / ideal, 100.0 * centred / ideal


def _backdrop_mask(shape: tuple[int, ...], box: tuple[int, int, int, int]) -> NDArray[np.bool_]:
    """Pixels beside and above the head, down to the chin: the backdrop, not the shoulders."""
    height, width = shape[:2]
    x, y, w, h = box
    mask = np.zeros((height, width), bool)
    bottom = min(height, y + h)
    left = max(0, x - int(0.3 * w))
    right = min(width, x + w + int(0.3 * w))
    mask[:bottom, :left] = True
    mask[:bottom, right:] = True
    top = max(0, y - int(0.5 * h))
    mask[:top, :] = True
    return mask


def _backdrop_measures(
    image: BGRImage, box: tuple[int, int, int, int], expected: str | None
) -> list[Measure]:
    height, width = image.shape[:2]
    scale = min(1.0, DETECT_WIDTH / width)
    small = (
        image
        if scale == 1.0
        else cv2.resize(
            image, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA
        )
    )
    small_box = (int(box[0] * scale), int(box[1] * scale), int(box[2] * scale), int(box[3] * scale))
    mask = _backdrop_mask(small.shape, small_box)
    pixels = small[mask]
    at = FACE_THRESHOLD
    if len(pixels) < _MIN_BACKDROP_PIXELS:
        # The face fills the frame: "too close" says so; the backdrop cannot be judged.
        return [Measure("background_color", "unknown", 0.0, "background_color")]
    hsv = np.asarray(cv2.cvtColor(pixels.reshape(-1, 1, 3), cv2.COLOR_BGR2HSV), np.uint8).reshape(
        -1, 3
    )
    colour = _classify_colour(hsv)
    colour_ok = colour in {"red", "blue"} if expected is None else colour == expected
    lab = cv2.cvtColor(pixels.reshape(-1, 1, 3), cv2.COLOR_BGR2LAB).reshape(-1, 3)
    lab_f = lab.astype(np.float32)
    median = np.median(lab_f, axis=0)
    delta = np.sqrt(((lab_f - median) ** 2).sum(axis=1))
    uneven = 100.0 * float(np.count_nonzero(delta > _BACKDROP_DELTA)) / len(delta)
    return [
        Measure("background_color", colour, 100.0 if colour_ok else 0.0, "background_color"),
        Measure(
            "background_uneven_pct",
            rounded(uneven, 1),
            UNEVEN.score(uneven, at),
            "background_uneven",
        ),
    ]


def _classify_colour(hsv: NDArray[np.uint8]) -> str:
    """Red, blue or other, by the saturated pixels' majority hue; lightness is ignored."""
    hue, sat, val = hsv[:, 0], hsv[:, 1], hsv[:, 2]
    coloured = (sat >= _MIN_SATURATION) & (val >= _MIN_VALUE)
    total = len(hsv)
    for name, ranges in (("red", _RED_HUES), ("blue", _BLUE_HUES)):
        inside = np.zeros(total, bool)
        for low, high in ranges:
            inside |= (hue >= low) & (hue <= high)
        if np.count_nonzero(inside & coloured) >= _COLOUR_MAJORITY * total:
            return name
    return "other"


# --- the crop -------------------------------------------------------------------------


def crop_ktp(image: BGRImage, geometry: FaceGeometry) -> BGRImage:
    """The KTP-el photo: 3:4 portrait, eyes levelled, centred and 45 % from the top.

    Width is 3.5x the inter-eye distance (the face is then about 60 % of the
    width), or the widest crop down to 2.6x that
    the frame allows, so nothing outside the camera's view is invented.  One
    affine warp levels the eyes (removes roll) and crops at native resolution.
    """
    if geometry.eyes is None:
        raise ValueError("the KTP-el crop needs both eyes")
    height, width = image.shape[:2]
    (x1, y1), (x2, y2) = geometry.eyes
    mid_x, mid_y = (x1 + x2) / 2, (y1 + y2) / 2
    distance = math.dist((x1, y1), (x2, y2))
    crop_w = CROP_WIDTH_PER_EYE_DISTANCE * distance
    fitting = _largest_crop_width(mid_x, mid_y, width, height)
    crop_w = max(min(crop_w, fitting), min(CROP_MIN_WIDTH_PER_EYE_DISTANCE * distance, crop_w))
    out_w = max(3, round(crop_w))
    out_h = max(4, round(crop_w / CROP_ASPECT))
    angle = math.atan2(y2 - y1, x2 - x1)
    cos, sin = math.cos(angle), math.sin(angle)
    # Map output (u, v) to source: rotate by the roll about the eye midpoint.
    du, dv = out_w / 2, out_h * CROP_EYE_HEIGHT
    forward = np.array(
        [
            [cos, sin, -(cos * mid_x + sin * mid_y) + du],
            [-sin, cos, -(-sin * mid_x + cos * mid_y) + dv],
        ],
        dtype=np.float64,
    )
    crop = cv2.warpAffine(
        image, forward, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return np.asarray(crop, dtype=np.uint8)
