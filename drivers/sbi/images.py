"""Synthetic face, iris and slap images for the simulators (numpy + OpenCV).

Training mode and the tests need pictures that the real quality checks accept
for the right reasons, not noise:

* ``synth_face`` draws a frontal passport-style portrait on the uniform KTP-el
  background (red for odd birth years, blue for even).  It is shaded so that
  OpenCV's Haar frontal-face and eye cascades find exactly one face and two
  eyes, with the eyes about 100 px apart (ICAO 9303 asks for at least 90).
* ``synth_iris`` draws an ISO 19794-6 K2 style near-infrared eye (640 x 480
  grey): dark pupil with a specular spot, a radially textured iris at least
  210 px across, bright sclera, skin and an upper eyelid with lashes.  Low
  quality adds what the field sees: defocus, low contrast, droopy lids, noise.
* ``synth_slap`` lays four (or two thumb) prints from
  ``drivers.fingerprint.synth`` side by side like a 500 ppi slap scanner.

Everything is deterministic for a given seed.  OpenCV is needed here; the
camera and SBI simulators import this module, the backends never do.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import cv2
import numpy as np

from drivers.fingerprint.synth import ImageQuality, capture_finger, synthesize

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

Background = Literal["red", "blue"]

#: Uniform KTP-el photo backgrounds, BGR.  Odd birth year: red; even: blue.
BACKGROUNDS: dict[str, tuple[int, int, int]] = {
    "red": (36, 28, 196),
    "blue": (196, 112, 20),
}

IRIS_WIDTH = 640
IRIS_HEIGHT = 480
_LIMBUS_HALF_WIDTH = 3
_GLINT_RADIUS = 7


def background_for_birth_year(year: int) -> Background:
    """The KTP-el rule: red for odd birth years, blue for even ones."""
    return "red" if year % 2 else "blue"


# --- face -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FaceLayout:
    """Where ``synth_face`` put things, so tests and trainers can check geometry."""

    centre: tuple[int, int]
    axes: tuple[int, int]
    left_eye: tuple[int, int]
    right_eye: tuple[int, int]

    @property
    def inter_eye_px(self) -> float:
        return math.dist(self.left_eye, self.right_eye)


def face_layout(size: tuple[int, int] = (640, 480), seed: int = 0) -> FaceLayout:
    width, height = size
    rng = np.random.default_rng(seed)
    scale = min(width / 640, height / 480)
    cx = int(width / 2 + rng.integers(-6, 7) * scale)
    cy = int(height * 0.47 + rng.integers(-5, 6) * scale)
    ax = int(112 * scale * rng.uniform(0.97, 1.03))
    ay = int(148 * scale * rng.uniform(0.97, 1.03))
    half_gap = int(52 * scale)
    eye_y = cy - int(22 * scale)
    return FaceLayout((cx, cy), (ax, ay), (cx - half_gap, eye_y), (cx + half_gap, eye_y))


def _shade(
    canvas: NDArray[np.float32],
    centre: tuple[int, int],
    axes: tuple[int, int],
    factor: float,
    blur: int,
) -> None:
    """Darken (factor < 1) or lighten an elliptical region with soft edges."""
    mask = np.zeros(canvas.shape[:2], np.float32)
    cv2.ellipse(mask, centre, axes, 0, 0, 360, 1.0, -1)
    soft = np.asarray(cv2.GaussianBlur(mask, (0, 0), blur), dtype=np.float32)
    canvas *= (1.0 - soft * (1.0 - factor))[:, :, None]


def synth_face(
    background: Background = "red",
    size: tuple[int, int] = (640, 480),
    seed: int = 0,
) -> NDArray[np.uint8]:
    """A frontal portrait, BGR ``size`` = (width, height), on a uniform background.

    Haar-detectable (one face, two eyes) at 640 x 480; ``seed`` varies skin,
    hair and a few pixels of pose, as consecutive preview frames would.
    """
    if background not in BACKGROUNDS:
        raise ValueError(f"background must be 'red' or 'blue', not {background!r}")
    width, height = size
    rng = np.random.default_rng(seed)
    layout = face_layout(size, seed)
    scale = min(width / 640, height / 480)
    s = functools.partial(_scaled, scale)
    cx, cy = layout.centre
    ax, ay = layout.axes
    bg = np.array(BACKGROUNDS[background], np.float32)
    canvas = np.empty((height, width, 3), np.float32)
    canvas[:] = bg

    skin = np.array([95, 140, 190], np.float32) * rng.uniform(0.9, 1.1)
    skin_t = tuple(float(v) for v in np.clip(skin, 0, 255))
    hair_t = tuple(float(v) for v in rng.uniform(15, 35, 3))
    light_shirt = bool(rng.integers(0, 2))
    shirt_t = (235.0, 235.0, 235.0) if light_shirt else (70.0, 60.0, 55.0)

    # Shoulders and neck first, the head over them.
    cv2.ellipse(canvas, (cx, height + s(40)), (s(260), s(150)), 0, 180, 360, shirt_t, -1)
    cv2.rectangle(canvas, (cx - s(45), cy + s(100)), (cx + s(45), height), skin_t, -1)
    _shade(canvas, (cx, cy + s(150)), (s(50), s(25)), 0.75, s(10))
    # Hair behind the head, ears, then the face.
    cv2.ellipse(canvas, (cx, cy - s(25)), (ax + s(14), ay - s(5)), 0, 180, 360, hair_t, -1)
    for side in (-1, 1):
        cv2.ellipse(canvas, (cx + side * ax, cy), (s(16), s(30)), 0, 0, 360, skin_t, -1)
    cv2.ellipse(canvas, (cx, cy), (ax, ay), 0, 0, 360, skin_t, -1)
    # Fringe over the forehead.
    cv2.ellipse(canvas, (cx, cy - ay + s(25)), (ax - s(6), s(42)), 0, 180, 360, hair_t, -1)
    cv2.ellipse(canvas, (cx, cy - ay + s(24)), (ax - s(8), s(20)), 0, 0, 180, hair_t, -1)

    # Soft side shading makes the face a rounded, lit-from-the-front object.
    _shade(canvas, (cx - ax, cy + s(10)), (s(35), ay), 0.8, s(18))
    _shade(canvas, (cx + ax, cy + s(10)), (s(35), ay), 0.8, s(18))
    # Eye sockets darker than the cheeks and the nose bridge (what Haar keys on).
    for ex, ey in (layout.left_eye, layout.right_eye):
        _shade(canvas, (ex, ey), (s(36), s(20)), 0.62, s(7))
    for ex, ey in (layout.left_eye, layout.right_eye):
        brow_y = ey - s(28)
        cv2.ellipse(canvas, (ex, brow_y + s(8)), (s(30), s(10)), 0, 200, 340, hair_t, s(6))
        cv2.ellipse(canvas, (ex, ey), (s(22), s(11)), 0, 0, 360, (225.0, 230.0, 235.0), -1)
        cv2.circle(canvas, (ex, ey), s(10), (30.0, 50.0, 70.0), -1)
        cv2.circle(canvas, (ex, ey), s(5), (10.0, 10.0, 10.0), -1)
        cv2.circle(canvas, (ex + s(3), ey - s(3)), max(1, s(2)), (250.0, 250.0, 250.0), -1)
        cv2.ellipse(canvas, (ex, ey), (s(23), s(12)), 0, 180, 360, (40.0, 40.0, 50.0), s(3))
    # Nose: a lit bridge, shaded flanks and dark nostrils.
    _shade(canvas, (cx, cy + s(5)), (s(10), s(45)), 1.12, s(5))
    _shade(canvas, (cx - s(17), cy + s(25)), (s(7), s(28)), 0.8, s(5))
    _shade(canvas, (cx + s(17), cy + s(25)), (s(7), s(28)), 0.8, s(5))
    for side in (-1, 1):
        cv2.ellipse(canvas, (cx + side * s(11), cy + s(52)), (s(7), s(4)), 0, 0, 360,
                    tuple(v * 0.35 for v in skin_t), -1)  # fmt: skip
    # Mouth.
    lips = (70.0, 70.0, 150.0)
    cv2.ellipse(canvas, (cx, cy + s(88)), (s(34), s(11)), 0, 0, 360, lips, -1)
    cv2.line(canvas, (cx - s(32), cy + s(88)), (cx + s(32), cy + s(88)), (30.0, 30.0, 60.0), s(3))

    blurred = np.asarray(cv2.GaussianBlur(canvas, (0, 0), 1.2 * scale), dtype=np.float32)
    blurred += rng.normal(0.0, 2.0, blurred.shape).astype(np.float32)
    out: NDArray[np.uint8] = np.clip(blurred, 0, 255).astype(np.uint8)
    return out


def _scaled(scale: float, value: int) -> int:
    return max(1, round(value * scale))


# --- iris -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IrisLayout:
    """Geometry ``synth_iris`` used, in pixels of the 640 x 480 image."""

    centre: tuple[int, int]
    iris_radius: int
    pupil_radius: int
    #: Row of the upper eyelid's lowest point over the iris centre.
    upper_lid_y: int

    @property
    def iris_diameter(self) -> int:
        return 2 * self.iris_radius

    @property
    def pupil_iris_ratio(self) -> float:
        """ISO 29794-6 pupil/iris ratio in percent (acceptable: 20-70)."""
        return 100.0 * self.pupil_radius / self.iris_radius


def iris_layout(seed: int = 0, quality: ImageQuality = ImageQuality.HIGH) -> IrisLayout:
    rng = np.random.default_rng(seed)
    cx = IRIS_WIDTH // 2 + int(rng.integers(-12, 13))
    cy = IRIS_HEIGHT // 2 + int(rng.integers(-8, 9))
    iris_r = int(rng.integers(112, 126))
    pupil_r = int(iris_r * rng.uniform(0.32, 0.45))
    droop = 0.55 if quality is ImageQuality.LOW else 0.85
    lid_y = cy - int(iris_r * droop)
    return IrisLayout((cx, cy), iris_r, pupil_r, lid_y)


def _iris_texture(
    radius: NDArray[np.float64], angle: NDArray[np.float64], rng: np.random.Generator
) -> NDArray[np.float64]:
    """Radial fibres, crypts and a collarette in polar coordinates."""
    texture = np.zeros_like(radius)
    for _ in range(40):
        freq = int(rng.integers(8, 90))
        phase = rng.uniform(0, 2 * np.pi)
        radial = rng.uniform(0.5, 3.0)
        texture += rng.uniform(0.2, 1.0) * np.cos(freq * angle + phase + radial * radius * 2.0)
    texture /= np.abs(texture).max() + 1e-9
    for _ in range(14):  # crypts: dark blobs between collarette and limbus
        a = rng.uniform(0, 2 * np.pi)
        r = rng.uniform(0.45, 0.85)
        width = rng.uniform(0.04, 0.09)
        # The angle to the crypt, wrapped to [-pi, pi) without complex numbers: Wine's
        # ucrtbase has no cexp, so np.exp(1j * x) aborts the simulator there.
        turn = (angle - a + np.pi) % (2 * np.pi) - np.pi
        dist = (radius - r) ** 2 / width**2 + turn**2 / 0.02
        texture -= 1.2 * np.exp(-dist)
    collarette = np.exp(-((radius - 0.38) ** 2) / 0.002)
    out: NDArray[np.float64] = texture + 0.8 * collarette
    return out


def synth_iris(seed: int = 0, quality: ImageQuality | str = ImageQuality.HIGH) -> NDArray[np.uint8]:
    """A 640 x 480 8-bit near-infrared eye; the iris is 224-250 px across.

    ``quality`` "low" adds defocus, low contrast, a droopy lid and noise.
    """
    quality = ImageQuality(quality)
    rng = np.random.default_rng(seed)
    layout = iris_layout(seed, quality)
    cx, cy = layout.centre
    y, x = np.mgrid[0:IRIS_HEIGHT, 0:IRIS_WIDTH].astype(np.float64)
    dx, dy = x - cx, y - cy
    dist = np.hypot(dx, dy)
    angle = np.arctan2(dy, dx)

    # Skin, then the almond-shaped eye opening with sclera.
    image = np.full((IRIS_HEIGHT, IRIS_WIDTH), 150.0) + 12.0 * np.cos(y / 90.0)
    half_width = layout.iris_radius * 2.3
    opening = layout.iris_radius * 1.15
    eye_top = cy - opening * np.clip(1 - (dx / half_width) ** 2, 0, None)
    eye_bottom = cy + 0.85 * opening * np.clip(1 - (dx / half_width) ** 2, 0, None)
    eye = (y > eye_top) & (y < eye_bottom)
    image[eye] = 205.0 - 25.0 * (np.abs(dx[eye]) / half_width)

    # Iris annulus with texture, darker towards the limbus.
    norm_r = (dist - layout.pupil_radius) / (layout.iris_radius - layout.pupil_radius)
    iris = (dist <= layout.iris_radius) & eye
    # The texture's forty waves are drawn only over the iris's square, a fifth of the frame:
    # the same pixels where they show, a fifth of the time (simulators draw many eyes).
    reach = math.ceil(layout.iris_radius) + 1
    rows = slice(max(int(cy) - reach, 0), min(int(cy) + reach + 1, IRIS_HEIGHT))
    cols = slice(max(int(cx) - reach, 0), min(int(cx) + reach + 1, IRIS_WIDTH))
    ring = np.clip(norm_r[rows, cols], 0, 1)
    texture = _iris_texture(ring, angle[rows, cols], rng)
    iris_grey = 115.0 + 28.0 * texture - 25.0 * ring
    inside = iris[rows, cols]
    image[rows, cols][inside] = iris_grey[inside]
    limbus = np.abs(dist - layout.iris_radius) < _LIMBUS_HALF_WIDTH
    image[limbus & eye] = 70.0
    pupil = dist <= layout.pupil_radius
    image[pupil & eye] = 18.0
    # Specular reflection of the NIR illuminator inside the pupil.
    glint = np.hypot(dx + layout.pupil_radius * 0.3, dy + layout.pupil_radius * 0.3) < _GLINT_RADIUS
    image[glint] = 250.0

    # Upper eyelid: skin down to the lid curve, lashes along its edge.
    lid_curve = layout.upper_lid_y + (dx / half_width) ** 2 * (cy - layout.upper_lid_y) * 1.6
    lid = y < lid_curve
    image[lid & eye] = 140.0
    for _ in range(70):
        lx = cx + rng.uniform(-half_width * 0.8, half_width * 0.8)
        ly = layout.upper_lid_y + ((lx - cx) / half_width) ** 2 * (cy - layout.upper_lid_y) * 1.6
        tilt = rng.uniform(-0.5, 0.5) + (lx - cx) / half_width * 0.6
        length = rng.uniform(18, 40)
        end = (int(lx + length * math.sin(tilt)), int(ly + length * math.cos(tilt) * 0.6))
        cv2.line(image, (int(lx), int(ly)), end, 35.0, 2)

    if quality is ImageQuality.LOW:
        image = np.asarray(cv2.GaussianBlur(image, (0, 0), 3.5), dtype=np.float64)
        image = 150.0 + (image - 150.0) * 0.55
        noise_sigma = 9.0
    else:
        image = np.asarray(cv2.GaussianBlur(image, (0, 0), 0.8), dtype=np.float64)
        noise_sigma = 3.0
    image += rng.normal(0.0, noise_sigma, image.shape)
    out: NDArray[np.uint8] = np.clip(image, 0, 255).astype(np.uint8)
    return out


# --- fingerprint slaps ------------------------------------------------------

SLAP_WIDTH = 1600
SLAP_HEIGHT = 1000
#: Fingertip height offsets on a slap (index, middle, ring, little), in pixels.
_SLAP_RISE = (60, 0, 40, 150)
#: One segmented finger of an enrollment-grade slap scanner (w x h at 500 ppi, 0.64 x 0.8
#: inch), larger than the ZFM sensor's 256 x 288 window that ``synthesize`` defaults to.
SLAP_FINGER_SIZE = (320, 400)
#: A cooperative person presses each finger flat on the platen: a tenth more contact than
#: ``synthesize``'s default.  With the default window and contact, a third of the SBI
#: simulator's good fingers scored 35-39 on NFIQ 2, under MOSIP's default threshold of 40
#: (issue 47 B5); with these, the forty fingers of persons (seeds) 1, 2, 3 and 30 score
#: 44-63 (``tests/fieldkit/quality/test_simulators_pass.py`` holds 1 and 30 to it).
SLAP_FINGER_CONTACT = 1.1


def slap_finger(seed: int, quality: ImageQuality = ImageQuality.HIGH) -> NDArray[np.uint8]:
    """One finger as the simulated slap scanner serves it: good, or poor for training."""
    return synthesize(seed, quality, size=SLAP_FINGER_SIZE, contact=SLAP_FINGER_CONTACT)


def synth_slap(
    seeds: Sequence[int], quality: ImageQuality = ImageQuality.HIGH
) -> NDArray[np.uint8]:
    """Prints for ``seeds`` side by side on a 1600 x 1000 (500 ppi) platen."""
    canvas = np.full((SLAP_HEIGHT, SLAP_WIDTH), 244, np.uint8)
    count = len(seeds)
    if count == 0:
        return canvas
    pitch = SLAP_WIDTH // max(count, 1)
    for i, seed in enumerate(seeds):
        print_ = synthesize(seed, quality)
        height, width = print_.shape
        rise = _SLAP_RISE[i] if count == len(_SLAP_RISE) else 60
        x0 = i * pitch + (pitch - width) // 2
        y0 = 200 + rise
        canvas[y0 : y0 + height, x0 : x0 + width] = np.minimum(
            canvas[y0 : y0 + height, x0 : x0 + width], print_
        )
    return canvas


# --- subjects: one simulated person, captured again and again -----------------------------

#: Face seeds of subjects, apart from the seeds the fixed images and previews use.
_SUBJECT_FACE_BASE = 7_000_000
_SUBJECT_IRIS_BASE = 8_000_000
#: A person's eye turns a little in its socket between captures (degrees) and sits a few
#: pixels elsewhere in the camera's window.
_IRIS_ROLL_DEG = 1.5
_IRIS_SHIFT_PX = 6
_FACE_SHIFT_PX = 4
_FACE_ROLL_DEG = 1.5


def subject_face_seed(subject: int) -> int:
    """The seed of ``synth_face`` that draws ``subject``'s face (skin, hair, shape)."""
    return _SUBJECT_FACE_BASE + subject


@functools.lru_cache(maxsize=8)
def _subject_face_master(subject: int, background: Background) -> NDArray[np.uint8]:
    """``synth_face``'s face for the subject, in the subject's own skin tone."""
    from drivers.camera.sim import tone_skin  # noqa: PLC0415 - the clip camera's tone, shared

    face = tone_skin(synth_face(background, seed=subject_face_seed(subject)), subject)
    face.setflags(write=False)
    return face


@functools.lru_cache(maxsize=16)
def _subject_iris_master(subject: int, eye: str, quality: ImageQuality) -> NDArray[np.uint8]:
    side = 1 if eye == "left" else 2
    iris = synth_iris(_SUBJECT_IRIS_BASE + subject * 4 + side, quality)
    iris.setflags(write=False)
    return iris


def _moved(
    image: NDArray[np.uint8],
    centre: tuple[float, float],
    roll_deg: float,
    shift_px: float,
    rng: np.random.Generator,
) -> NDArray[np.float32]:
    """``image`` turned about ``centre`` and moved, as a person never sits twice the same."""
    angle = float(np.clip(rng.normal(0.0, roll_deg / 2.0), -roll_deg, roll_deg))
    matrix = np.asarray(cv2.getRotationMatrix2D(centre, angle, 1.0), dtype=np.float64)
    matrix[:, 2] += rng.uniform(-shift_px, shift_px, 2)
    height, width = image.shape[:2]
    moved = cv2.warpAffine(
        image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return np.asarray(moved, dtype=np.float32)


def subject_face(
    subject: int, background: Background | str = "red", rng: np.random.Generator | None = None
) -> NDArray[np.uint8]:
    """One capture of ``subject``'s face: their own face, a little moved, lit, and noisy."""
    rng = rng if rng is not None else np.random.default_rng()
    master = _subject_face_master(subject, "red" if background == "red" else "blue")
    layout = face_layout(seed=subject_face_seed(subject))
    centre = (float(layout.centre[0]), float(layout.centre[1]))
    moved = _moved(master, centre, _FACE_ROLL_DEG, _FACE_SHIFT_PX, rng)
    face = moved * rng.uniform(0.98, 1.02) + rng.normal(0.0, 2.0, moved.shape)
    out: NDArray[np.uint8] = np.clip(face, 0, 255).astype(np.uint8)
    return out


def subject_iris(
    subject: int,
    eye: str,
    quality: ImageQuality = ImageQuality.HIGH,
    rng: np.random.Generator | None = None,
) -> NDArray[np.uint8]:
    """One capture of ``subject``'s ``eye`` ("left"/"right"): its own texture, re-taken.

    The eye turns a few degrees, sits elsewhere in the window, the light and the
    sensor's noise change; the texture (crypts, fibres, collarette) stays the person's.
    """
    rng = rng if rng is not None else np.random.default_rng()
    side = eye.lower()
    master = _subject_iris_master(subject, side, quality)
    layout = iris_layout(_SUBJECT_IRIS_BASE + subject * 4 + (1 if side == "left" else 2), quality)
    centre = (float(layout.centre[0]), float(layout.centre[1]))
    moved = _moved(master, centre, _IRIS_ROLL_DEG, _IRIS_SHIFT_PX, rng)
    iris = moved * rng.uniform(0.95, 1.05) + rng.normal(0.0, 2.0, moved.shape)
    out: NDArray[np.uint8] = np.clip(iris, 0, 255).astype(np.uint8)
    return out


def subject_slap_finger(
    subject: int,
    finger: int,
    quality: ImageQuality = ImageQuality.HIGH,
    rng: np.random.Generator | None = None,
) -> NDArray[np.uint8]:
    """One capture of ``subject``'s ``finger`` (1-10) as the slap scanner segments it."""
    return capture_finger(
        subject, finger, quality, size=SLAP_FINGER_SIZE, contact=SLAP_FINGER_CONTACT, rng=rng
    )
