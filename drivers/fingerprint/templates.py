"""Synthetic people's fingerprint *templates*, drawn without drawing a print (numpy only).

Why: the office's dedup benchmark (issue 48 part 5) needs a gallery of 10,000 people's
ten fingers and second captures of some of them.  Drawing a print and extracting its
minutiae costs about a tenth of a second a finger (``drivers.fingerprint.synth``); a
gallery's hundred thousand would take hours.  Here a finger is what a minutiae matcher
sees of it: 48 to 80 minutiae spread over a finger's contact area (one in every few
ridge lengths, never two closer than about a ridge), each along its finger's ridge flow
(the same class and singular-point model ``synth`` draws its prints with), endings and
bifurcations.  A second impression is the same minutiae as another capture finds them:
the finger placed elsewhere and turned a little, the skin stretched (each minutia moved
a few pixels and turned a few degrees), a part not touching (its minutiae gone), some
missed and some false ones found, an ending read as a bifurcation now and then.

The record is ISO/IEC 19794-2:2005 as ``nbis-py`` writes and reads it
(``NbisExtractor.load_iso_19794_2_2005``, then ``Minutiae.compare`` for Bozorth3).
Same arguments, same template; a second impression takes its own ``rng``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from drivers.fingerprint.synth import orientation_at

if TYPE_CHECKING:
    from numpy.typing import NDArray

#: The window a template is read in: an enrollment slap scanner's segmented finger at
#: 500 ppi (``drivers.sbi.images.SLAP_FINGER_SIZE``).
WIDTH = 320
HEIGHT = 400
_SALT = 0x7E3F_1A7E
#: Minutiae a finger has in that window (mindtct finds 40-80 on a good real one, 75 on ``synth``'s).
_COUNT = (48, 80)
#: No two minutiae closer than this (pixels): about one and a half ridges.
_SPACING = 14.0
_BIFURCATION_SHARE = 0.45
_ENDING, _BIFURCATION = 1, 2
#: How often another capture reads an ending as a bifurcation or the other way round.
_KIND_MISREAD = 0.1


@dataclass(frozen=True)
class Minutiae:
    """One finger's minutiae: positions (pixels), directions (radians) and kinds (1, 2)."""

    x: NDArray[np.float64]
    y: NDArray[np.float64]
    angle: NDArray[np.float64]
    kind: NDArray[np.int64]
    quality: NDArray[np.int64]


def finger_minutiae(subject: int, finger: int) -> Minutiae:
    """The minutiae of ``subject``'s ``finger`` (1-10), centred in the window."""
    if subject < 0 or not 1 <= finger <= 10:  # noqa: PLR2004
        raise ValueError(f"no finger {finger} of subject {subject}")
    rng = np.random.default_rng([_SALT, subject, finger])
    count = int(rng.integers(_COUNT[0], _COUNT[1] + 1))
    # Candidates over the contact ellipse; one is kept unless an earlier one lies closer
    # than the spacing (Matern's thinning: no two kept are close, all at once in numpy).
    cx, cy, rx, ry = WIDTH / 2, HEIGHT / 2, WIDTH * 0.44, HEIGHT * 0.46
    radius = np.sqrt(rng.uniform(0.0, 1.0, count * 3))
    turn = rng.uniform(0.0, 2 * np.pi, count * 3)
    cand_x = cx + rx * radius * np.cos(turn)
    cand_y = cy + ry * radius * np.sin(turn)
    px, py = cand_x.astype(np.float32), cand_y.astype(np.float32)
    apart = np.square(px[:, None] - px[None, :]) + np.square(py[:, None] - py[None, :])
    kept = np.flatnonzero(~np.tril(apart < _SPACING**2, -1).any(axis=1))[:count]
    x, y = cand_x[kept], cand_y[kept]
    flow = orientation_at(x, y, WIDTH, HEIGHT, rng)
    # A minutia points along its ridge, one way or the other; ISO counts its angle
    # anticlockwise on the page, the flow's is clockwise (the image's y runs down).
    angle = np.mod(
        -flow + np.pi * rng.integers(0, 2, len(x)) + rng.normal(0.0, 0.05, len(x)), 2 * np.pi
    )
    kind = np.where(rng.uniform(0.0, 1.0, len(x)) < _BIFURCATION_SHARE, _BIFURCATION, _ENDING)
    quality = rng.integers(40, 101, len(x))
    return Minutiae(x, y, angle, kind.astype(np.int64), quality)


def impression(
    minutiae: Minutiae,
    rng: np.random.Generator,
    *,
    max_rotation_deg: float = 15.0,
    max_shift_px: float = 20.0,
) -> Minutiae:
    """``minutiae`` as another capture of the finger finds them (see the module's text)."""
    n = len(minutiae.x)
    angle = np.deg2rad(float(np.clip(rng.normal(0.0, 6.0), -max_rotation_deg, max_rotation_deg)))
    shift_x, shift_y = rng.uniform(-max_shift_px, max_shift_px, 2)
    cos, sin = np.cos(angle), np.sin(angle)
    dx, dy = minutiae.x - WIDTH / 2, minutiae.y - HEIGHT / 2
    x = WIDTH / 2 + cos * dx - sin * dy + shift_x + rng.normal(0.0, 1.5, n)
    y = HEIGHT / 2 + sin * dx + cos * dy + shift_y + rng.normal(0.0, 1.5, n)
    direction = np.mod(minutiae.angle - angle + rng.normal(0.0, np.deg2rad(3.0), n), 2 * np.pi)
    kind = np.where(rng.uniform(0.0, 1.0, n) < _KIND_MISREAD, 3 - minutiae.kind, minutiae.kind)
    # The part that touched this time: an ellipse moved and shrunk, in the capture's frame.
    ex, ey = WIDTH / 2 + rng.uniform(-20, 20), HEIGHT / 2 + rng.uniform(-25, 25)
    scale = rng.uniform(0.88, 1.0)
    inside = ((x - ex) / (WIDTH * 0.46 * scale)) ** 2 + ((y - ey) / (HEIGHT * 0.48 * scale)) ** 2
    keep = (inside < 1.0) & (rng.uniform(0.0, 1.0, n) > rng.uniform(0.04, 0.12))
    keep &= (x >= 0) & (x < WIDTH) & (y >= 0) & (y < HEIGHT)
    false = int(rng.integers(0, max(2, n // 10)))
    fx = rng.uniform(WIDTH * 0.15, WIDTH * 0.85, false)
    fy = rng.uniform(HEIGHT * 0.15, HEIGHT * 0.85, false)
    return Minutiae(
        np.concatenate([x[keep], fx]),
        np.concatenate([y[keep], fy]),
        np.concatenate([direction[keep], rng.uniform(0.0, 2 * np.pi, false)]),
        np.concatenate([kind[keep], rng.integers(1, 3, false)]),
        np.concatenate([minutiae.quality[keep], rng.integers(20, 60, false)]),
    )


def iso_template(minutiae: Minutiae, finger: int = 0) -> bytes:
    """``minutiae`` as an ISO/IEC 19794-2:2005 record in nbis-py's layout.

    nbis-py writes (and reads) the 2005 record's header without the number of finger
    views and its reserved byte, and no extended-data length after the minutiae; its
    ``load_iso_19794_2_2005`` reads this back exactly (tested).
    """
    n = min(len(minutiae.x), 255)
    x = np.clip(np.rint(minutiae.x[:n]), 0, WIDTH - 1).astype(np.uint16)
    y = np.clip(np.rint(minutiae.y[:n]), 0, HEIGHT - 1).astype(np.uint16)
    records = np.empty(n, dtype=[("x", ">u2"), ("y", ">u2"), ("angle", "u1"), ("quality", "u1")])
    records["x"] = (minutiae.kind[:n].astype(np.uint16) << 14) | x
    records["y"] = y
    records["angle"] = np.rint(minutiae.angle[:n] / (2 * np.pi) * 256).astype(np.int64) % 256
    records["quality"] = minutiae.quality[:n]
    body = records.tobytes()
    header_length = 26
    header = struct.pack(
        ">4s4sIHHHHHBBBB",
        b"FMR\x00",
        b" 20\x00",
        header_length + len(body),
        0,
        WIDTH,
        HEIGHT,
        0,
        0,
        finger,
        0,
        0,
        n,
    )
    return header + bytes(body)


def person_templates(subject: int) -> list[bytes]:
    """``subject``'s ten fingers' templates (right thumb first, ISO finger positions 1-10)."""
    return [iso_template(finger_minutiae(subject, f), f) for f in range(1, 11)]


def second_impressions(subject: int, rng: np.random.Generator) -> list[bytes]:
    """Another capture of ``subject``'s ten fingers, as templates."""
    return [iso_template(impression(finger_minutiae(subject, f), rng), f) for f in range(1, 11)]
