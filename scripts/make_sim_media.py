"""Generate the camera simulator's media into ``assets/sim/`` (synthetic, no real person).

The simulator (``drivers.camera.sim``) plays these clips through the same
``cv2.VideoCapture`` path as a real camera, so training offices without
hardware and the tests exercise the real reader thread.  Each clip is a
folder of ``frame_000.jpg``... read with ``cv2.CAP_IMAGES``.  Everything is
drawn with OpenCV primitives from a fixed seed, so a re-run writes identical
files (libjpeg is deterministic for identical input).

Face clips follow the KTP-el photo rule: a uniform RED background for odd
birth years and BLUE for even ones.  The drawn face is tuned until OpenCV's
Haar frontal-face and eye cascades find exactly one face and both eyes
(``tests/drivers/test_camera.py`` checks this), with the eyes about 120 px
apart (ICAO 9303 recommends at least 120 px, and requires 90).

Iris clips are ISO 19794-6 K2 sized (640 x 480, grey) with an iris diameter
of about 240 px (at least 210 px is needed for registration).

Usage::

    .venv/bin/python scripts/make_sim_media.py            # writes assets/sim/
    .venv/bin/python scripts/make_sim_media.py --out /tmp/sim
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

logger = logging.getLogger("make_sim_media")

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "assets" / "sim"

WIDTH, HEIGHT = 640, 480
FPS = 20.0
#: Three seconds at the simulator's 25 fps: one slow sway and one blink, so the loop is
#: seamless and the person blinks 20 times a minute, as people at rest do (15-20).  The
#: clip was 20 frames (0.8 s, 75 blinks a minute), which no steady spell of 0.5 s could
#: fit before the first blink.
FACE_FRAMES = 75
#: The blink: two frames (80 ms, a quick one), 2.4 s into the loop.
BLINK_FRAMES = (60, 61)
#: The empty backdrop needs no blink: its light drifts over 20 frames.
EMPTY_FRAMES = 20
IRIS_FRAMES = 16
JPEG_QUALITY = 80
SEED = 19_794

Image = NDArray[np.uint8]

# BGR.  KTP-el red and blue backdrops as photographed: saturated, slightly uneven.
BACKGROUNDS: dict[str, tuple[int, int, int]] = {
    "red": (45, 35, 200),
    "blue": (190, 110, 30),
}
SKIN = np.array([120, 158, 212], dtype=np.float32)
HAIR = (22, 22, 28)
SHIRT = (60, 55, 50)


@dataclass(frozen=True)
class Pose:
    """Where the head is in one frame: sway (px), roll (degrees), eyes open or shut."""

    dx: float
    dy: float
    roll: float
    blink: bool


def face_poses(frames: int) -> list[Pose]:
    """Gentle head sway over one full period, with one blink, so the clip loops cleanly."""
    poses = []
    for i in range(frames):
        phase = 2 * math.pi * i / frames
        poses.append(
            Pose(
                dx=8.0 * math.sin(phase),
                dy=3.0 * math.sin(2 * phase),
                roll=2.0 * math.sin(phase),
                blink=i in BLINK_FRAMES,
            )
        )
    return poses


def _ellipse_mask(
    shape: tuple[int, int], centre: tuple[float, float], axes: tuple[float, float]
) -> NDArray[np.float32]:
    """Normalised ellipse distance: below 1 inside, 1 on the outline."""
    yy, xx = np.mgrid[0 : shape[0], 0 : shape[1]].astype(np.float32)
    return ((xx - centre[0]) / axes[0]) ** 2 + ((yy - centre[1]) / axes[1]) ** 2


def _pt(x: float, y: float) -> tuple[int, int]:
    return round(x), round(y)


def draw_face(background: str, pose: Pose, rng: np.random.Generator) -> Image:
    """One portrait frame: head and shoulders on a uniform backdrop."""
    img = np.empty((HEIGHT, WIDTH, 3), dtype=np.float32)
    img[:] = BACKGROUNDS[background]
    # A studio backdrop is never perfectly flat: a soft vertical light falloff.
    img *= np.linspace(1.04, 0.94, HEIGHT, dtype=np.float32)[:, None, None]

    cx, cy = 320 + pose.dx, 250 + pose.dy
    canvas = img

    # Shoulders and shirt, then the neck.
    shoulders = np.array(
        [_pt(cx - 230, HEIGHT), _pt(cx - 170, 405), _pt(cx + 170, 405), _pt(cx + 230, HEIGHT)]
    )
    cv2.fillConvexPoly(canvas, shoulders, SHIRT, cv2.LINE_AA)
    cv2.ellipse(canvas, _pt(cx, 405), (175, 40), 0, 180, 360, SHIRT, -1, cv2.LINE_AA)
    neck = SKIN * 0.78
    cv2.rectangle(canvas, _pt(cx - 55, 340), _pt(cx + 55, 420), neck.tolist(), -1)
    cv2.ellipse(canvas, _pt(cx, 420), (55, 22), 0, 0, 180, neck.tolist(), -1, cv2.LINE_AA)

    # Hair behind the head.
    cv2.ellipse(canvas, _pt(cx, cy - 30), (142, 160), 0, 0, 360, HAIR, -1, cv2.LINE_AA)

    # Ears.
    for side in (-1, 1):
        cv2.ellipse(
            canvas, _pt(cx + side * 128, cy - 5), (18, 34), 0, 0, 360, (SKIN * 0.85).tolist(), -1
        )

    # Face: an ellipse with a soft radial shade, lit from the front.
    face_axes = (125.0, 160.0)
    dist = _ellipse_mask((HEIGHT, WIDTH), (cx, cy), face_axes)
    inside = dist <= 1.0
    shade = (1.0 - 0.28 * dist**1.5)[..., None]
    canvas[inside] = (SKIN * shade)[inside]

    # Hair line over the forehead.
    cv2.ellipse(canvas, _pt(cx, cy - 120), (128, 62), 0, 180, 360, HAIR, -1, cv2.LINE_AA)

    eye_y = cy - 22
    for side in (-1, 1):
        ex = cx + side * 60
        # Eye socket: a darker, blurred patch (the Haar features key on this).
        socket = np.zeros((HEIGHT, WIDTH), dtype=np.float32)
        cv2.ellipse(socket, _pt(ex, eye_y - 3), (40, 24), 0, 0, 360, 1.0, -1, cv2.LINE_AA)
        socket = cv2.GaussianBlur(socket, (0, 0), 9)
        canvas *= (1.0 - 0.35 * socket)[..., None]
        # Eyebrow.
        brow = np.array(
            [_pt(ex - side * 36, eye_y - 26), _pt(ex, eye_y - 36), _pt(ex + side * 40, eye_y - 28)]
        )
        cv2.polylines(canvas, [brow], isClosed=False, color=HAIR, thickness=9, lineType=cv2.LINE_AA)
        if pose.blink:
            cv2.ellipse(
                canvas, _pt(ex, eye_y), (26, 6), 0, 0, 180, (SKIN * 0.55).tolist(), 3, cv2.LINE_AA
            )
            continue
        cv2.ellipse(canvas, _pt(ex, eye_y), (26, 12), 0, 0, 360, (215, 220, 225), -1, cv2.LINE_AA)
        cv2.circle(canvas, _pt(ex, eye_y), 11, (35, 45, 70), -1, cv2.LINE_AA)
        cv2.circle(canvas, _pt(ex, eye_y), 5, (10, 10, 12), -1, cv2.LINE_AA)
        cv2.circle(canvas, _pt(ex + 3, eye_y - 3), 2, (240, 240, 240), -1, cv2.LINE_AA)
        # Upper lid and lashes, lower lid.
        cv2.ellipse(canvas, _pt(ex, eye_y), (27, 13), 0, 180, 360, (25, 25, 30), 3, cv2.LINE_AA)
        cv2.ellipse(
            canvas, _pt(ex, eye_y), (26, 12), 0, 10, 170, (SKIN * 0.6).tolist(), 1, cv2.LINE_AA
        )

    # Nose: shaded sides, a lit bridge, nostrils.
    for side in (-1, 1):
        cv2.line(
            canvas,
            _pt(cx + side * 14, eye_y + 10),
            _pt(cx + side * 20, cy + 38),
            (SKIN * 0.78).tolist(),
            5,
            cv2.LINE_AA,
        )
        cv2.ellipse(canvas, _pt(cx + side * 12, cy + 45), (7, 4), 0, 0, 360, (40, 50, 80), -1)
    cv2.ellipse(canvas, _pt(cx, cy + 38), (22, 10), 0, 0, 180, (SKIN * 0.8).tolist(), 2)

    # Mouth.
    cv2.ellipse(canvas, _pt(cx, cy + 88), (38, 11), 0, 0, 360, (85, 85, 165), -1, cv2.LINE_AA)
    cv2.line(canvas, _pt(cx - 38, cy + 88), _pt(cx + 38, cy + 88), (40, 40, 90), 2, cv2.LINE_AA)

    # Head roll, then the camera: a little blur and sensor noise.
    rot = cv2.getRotationMatrix2D((cx, cy), pose.roll, 1.0)
    canvas = cv2.warpAffine(canvas, rot, (WIDTH, HEIGHT), borderMode=cv2.BORDER_REFLECT)
    canvas = cv2.GaussianBlur(canvas, (0, 0), 1.1)
    canvas += rng.normal(0.0, 0.5, canvas.shape).astype(np.float32)
    return np.clip(canvas, 0, 255).astype(np.uint8)


def darken(frame: Image, rng: np.random.Generator) -> Image:
    """Under-exposure as a cheap sensor shows it: a quarter of the light, gain noise."""
    dark = frame.astype(np.float32) * 0.22 + rng.normal(0.0, 1.5, frame.shape)
    return np.clip(dark, 0, 255).astype(np.uint8)


def draw_empty(background: str, i: int, rng: np.random.Generator) -> Image:
    """The backdrop with nobody in front of it; the light drifts a little."""
    img = np.empty((HEIGHT, WIDTH, 3), dtype=np.float32)
    img[:] = BACKGROUNDS[background]
    img *= np.linspace(1.04, 0.94, HEIGHT, dtype=np.float32)[:, None, None]
    img *= 1.0 + 0.01 * math.sin(2 * math.pi * i / EMPTY_FRAMES)
    img += rng.normal(0.0, 0.5, img.shape).astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)


# --- iris -------------------------------------------------------------------

IRIS_CENTRE = (320.0, 240.0)
IRIS_RADIUS = 122  # diameter 244 px >= 210 px (ISO 19794-6 registration)
PUPIL_RADIUS = 46  # pupil/iris ratio ~0.38, inside ISO 29794-6's 0.2-0.7
DROOPING_LID = -60.0  # an upper lid lower than this (px above the centre) droops


def iris_texture(rng: np.random.Generator) -> NDArray[np.float32]:
    """Iris, pupil and sclera as NIR shows them, centred; eyelids come later.

    The texture is made in polar coordinates (rows = angle, columns = radius)
    so that noise blurred along the radius becomes radial fibres, then mapped
    to the image with ``cv2.warpPolar``'s inverse.
    """
    angles, radii = 1024, 256
    max_radius = IRIS_RADIUS + 8
    fibres = rng.normal(0.0, 1.0, (angles, radii)).astype(np.float32)
    fibres = cv2.GaussianBlur(fibres, (0, 0), sigmaX=9.0, sigmaY=1.2)
    fibres /= fibres.std()
    r = np.linspace(0.0, max_radius, radii, dtype=np.float32)[None, :]
    polar = 118.0 + 22.0 * fibres
    # Crypts: dark lacunae between the pupil and the collarette.
    crypts = np.zeros((angles, radii), dtype=np.float32)
    for _ in range(40):
        a = int(rng.integers(0, angles))
        c = int(rng.integers(int(radii * 0.42), int(radii * 0.85)))
        cv2.ellipse(
            crypts, (c, a), (int(rng.integers(4, 10)), int(rng.integers(6, 16))), 0, 0, 360, 1.0, -1
        )
    polar -= 38.0 * cv2.GaussianBlur(crypts, (0, 0), 2.0)
    collarette = 1.65 * PUPIL_RADIUS
    polar += 25.0 * np.exp(-(((r - collarette) / 5.0) ** 2))
    polar -= 45.0 * np.clip((r - (IRIS_RADIUS - 18)) / 18.0, 0.0, 1.0)  # dark limbus
    # Sclera outside the limbus, the pupil inside.
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    dist = np.hypot(xx - IRIS_CENTRE[0], yy - IRIS_CENTRE[1])
    # Polar -> Cartesian by hand: cv2.warpPolar's inverse leaves pixels beyond
    # its radius uninitialised (NaN now and then), which breaks reproducibility.
    map_x = (dist * (radii / max_radius)).astype(np.float32)
    theta = np.arctan2(yy - IRIS_CENTRE[1], xx - IRIS_CENTRE[0]) % (2 * np.pi)
    map_y = (theta * (angles / (2 * np.pi))).astype(np.float32)
    cart = cv2.remap(polar, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    sclera = 200.0 - 0.08 * np.abs(xx - IRIS_CENTRE[0])
    edge = np.clip((dist - IRIS_RADIUS) / 2.0 + 0.5, 0.0, 1.0)  # anti-aliased limbus
    return (cart * (1.0 - edge) + sclera * edge).astype(np.float32)


def eyelid_mask(upper: float, lower: float) -> NDArray[np.float32]:
    """1 inside the eye opening, 0 on the lids; parabolic lids meeting at the canthi."""
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    cx, cy = IRIS_CENTRE
    half_width = 300.0
    t = np.clip(((xx - cx) / half_width) ** 2, 0.0, 1.0)
    top = cy + upper + (-upper + 10.0) * t
    bottom = cy + lower - (lower - 10.0) * t
    inside = np.clip(np.minimum(yy - top, bottom - yy) / 3.0 + 0.5, 0.0, 1.0)
    return inside.astype(np.float32)


def skin_texture(rng: np.random.Generator) -> NDArray[np.float32]:
    low = cv2.GaussianBlur(rng.normal(0.0, 1.0, (HEIGHT, WIDTH)).astype(np.float32), (0, 0), 25)
    fine = cv2.GaussianBlur(rng.normal(0.0, 1.0, (HEIGHT, WIDTH)).astype(np.float32), (0, 0), 1.5)
    return (150.0 + 12.0 * low / low.std() + 4.0 * fine / fine.std()).astype(np.float32)


def draw_lashes(img: NDArray[np.float32], upper: float, rng: np.random.Generator) -> None:
    """Dark lash line and lashes along the upper lid (a mask was made with the same curve)."""
    cx, cy = IRIS_CENTRE
    xs = np.arange(30, WIDTH - 30, 2, dtype=np.float32)
    t = np.clip(((xs - cx) / 300.0) ** 2, 0.0, 1.0)
    ys = cy + upper + (-upper + 10.0) * t
    line = np.stack([xs, ys], axis=1).round().astype(np.int32)
    cv2.polylines(img, [line], isClosed=False, color=45.0, thickness=7, lineType=cv2.LINE_AA)
    for x, y in line[::3]:
        length = float(rng.uniform(18, 40))
        angle = math.radians(float(rng.uniform(-115, -65)) + 0.1 * (x - cx) / 3)
        droop = 0.6 if upper > DROOPING_LID else 0.0  # its lashes hang over the iris
        end = (x + length * math.cos(angle), y + length * (math.sin(angle) + 2 * droop))
        cv2.line(img, (int(x), int(y)), _pt(*end), 35.0, 1, cv2.LINE_AA)


def draw_iris_frames(kind: str, rng: np.random.Generator) -> list[Image]:
    """``kind`` is good, occluded or blurred; the eye drifts a few pixels and the pupil breathes."""
    eye = iris_texture(rng)
    skin = skin_texture(rng)
    upper = -15.0 if kind == "occluded" else -112.0
    lids = eyelid_mask(upper, 118.0)
    frames = []
    for i in range(IRIS_FRAMES):
        phase = 2 * math.pi * i / IRIS_FRAMES
        dx, dy = 3.0 * math.sin(phase), 2.0 * math.sin(2 * phase)
        shift = np.float32([[1, 0, dx], [0, 1, dy]])
        moved = cv2.warpAffine(eye, shift, (WIDTH, HEIGHT), borderMode=cv2.BORDER_REPLICATE)
        centre = _pt(IRIS_CENTRE[0] + dx, IRIS_CENTRE[1] + dy)
        pupil = PUPIL_RADIUS + round(1.5 * math.sin(phase))
        cv2.circle(moved, centre, pupil, 14.0, -1, cv2.LINE_AA)
        # The camera's two NIR illuminators reflect in the cornea, inside the pupil.
        for off in (-14, 14):
            cv2.circle(moved, (centre[0] + off, centre[1] - 10), 5, 252.0, -1, cv2.LINE_AA)
        img = moved * lids + skin * (1.0 - lids)
        draw_lashes(img, upper, rng)
        img = cv2.GaussianBlur(img, (0, 0), 0.8)
        if kind == "blurred":
            img = cv2.GaussianBlur(img, (0, 0), 5.0)
        img += rng.normal(0.0, 1.5, img.shape).astype(np.float32)
        frames.append(np.clip(img, 0, 255).astype(np.uint8))
    return frames


# --- writing ------------------------------------------------------------------


def write_sequence(directory: Path, frames: list[Image]) -> int:
    """Write ``frame_000.jpg``... for ``cv2.CAP_IMAGES``; return the bytes written.

    JPEG with 4:2:0 chroma and optimised Huffman tables is about half the
    size of OpenCV's built-in MJPG .avi writer for the same quality.
    """
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("frame_*.jpg"):
        old.unlink()
    params = [
        cv2.IMWRITE_JPEG_QUALITY,
        JPEG_QUALITY,
        cv2.IMWRITE_JPEG_OPTIMIZE,
        1,
        cv2.IMWRITE_JPEG_SAMPLING_FACTOR,
        cv2.IMWRITE_JPEG_SAMPLING_FACTOR_420,
    ]
    size = 0
    for i, frame in enumerate(frames):
        ok, data = cv2.imencode(".jpg", frame, params)
        if not ok:
            raise RuntimeError(f"OpenCV cannot encode frame {i} of {directory.name}")
        (directory / f"frame_{i:03d}.jpg").write_bytes(data.tobytes())
        size += data.size
    logger.info("wrote %s/: %d frames, %.0f KiB", directory.name, len(frames), size / 1024)
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    out: Path = args.out
    rng = np.random.default_rng(SEED)
    poses = face_poses(FACE_FRAMES)
    clips: dict[str, list[Image]] = {}
    for background in ("red", "blue"):
        clips[f"face_{background}"] = [draw_face(background, pose, rng) for pose in poses]
    clips["face_dark"] = [darken(frame, rng) for frame in clips["face_red"]]
    clips["no_face"] = [draw_empty("red", i, rng) for i in range(EMPTY_FRAMES)]
    for kind in ("good", "occluded", "blurred"):
        clips[f"iris_{kind}"] = draw_iris_frames(kind, rng)
    total = sum(write_sequence(out / name, frames) for name, frames in clips.items())
    print(f"{total / 1024:.0f} KiB in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
