"""Splitting a four-finger slap (or the two thumbs) into single fingertips.

The 4-4-2 capture takes the left slap (14), the right slap (13) and both
thumbs (15); the data center wants one image per finger (1-10).  Each finger
in a slap is a tilted blob of ridges with its tip at the top, sometimes
followed by the middle phalanx below a crease.  The method:

1. ridge area: band-pass ridge energy (``finger.ridge_area``), so smudges,
   platen dirt and the palm's blank background do not count;
2. connected components, small ones dropped; a blob lying below another one
   in line with it is that finger's lower phalanx and is dropped too;
3. two touching fingers make one blob twice as wide as the others: it is
   split at the weakest column of the ridge-area projection;
4. each blob's axis from its second moments (PCA); the crop is a rectangle
   along that axis starting at the tip and about 1.4 finger-widths long (the
   distal phalanx), resampled upright;
5. blobs are ordered left to right and given the slap's positions, skipping
   the fingers declared missing (amputated, bandaged).

Image orientation (``fieldkit.formats.positions``): live-scan slaps are shown
like an inked print seen from the print side, so a right slap reads index,
middle, ring, little (2, 3, 4, 5) from left to right and a left slap little
... index (10, 9, 8, 7); the thumbs read left thumb, right thumb (6, 1).  This
is the layout of the FBI/NIST inked card and of NIST's slap segmenter NFSEG
(NBIS), and what MOSIP's SBI returns for "Right"/"Left" slaps.

Wrong hand: in a four-finger slap the little finger's tip sits clearly lower
(here: at least 2 mm) than the index finger's, at the hand's outer edge.  If
the lower end finger is at the wrong end for the declared hand, the slap is
flagged ``wrong_hand``.  A hand held level gives no verdict (None), never a
false alarm.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np

from fieldkit.formats.positions import FingerPosition, Hand, slap_members
from fieldkit.quality.finger import as_grey, ridge_area

if TYPE_CHECKING:
    from collections.abc import Iterable

    from numpy.typing import NDArray

log = logging.getLogger(__name__)

#: Smallest fingertip blob at 500 ppi, ~0.2 x 0.25 inch.
_MIN_BLOB_PIXELS_500PPI = 12_000
#: Distal phalanx length as a multiple of the finger's width.
_PHALANX_LENGTH = 1.4
_MARGIN_PX_500PPI = 12
_CLOSE_KERNEL = np.ones((21, 21), np.uint8)
#: A blob this many times wider than the median is two fingers touching.
_TOUCHING_WIDTH = 1.6
#: The narrowest an adult fingertip's contact is at 500 ppi (~0.4 inch): with no other
#: finger to compare with, a blob is only split if it is wider than two of these would
#: allow, so one finger on a slap scanner is never cut into four.
_MIN_FINGER_WIDTH_500PPI = 200
#: The little finger's tip must sit at least this much (0.08 inch) lower than
#: the index finger's to tell the hand apart.
_HAND_TIP_DROP_500PPI = 40
_FOUR = 4
_BACKGROUND = 255


@dataclass(frozen=True)
class FingerCrop:
    """One fingertip: its position and the upright crop (tip at the top)."""

    position: FingerPosition
    image: NDArray[np.uint8]
    #: Axis-aligned bounds of the finger's blob in the source image: x, y, width, height.
    box: tuple[int, int, int, int]
    #: Tilt of the finger axis from vertical, degrees; positive leans the tip to the right.
    angle: float


@dataclass(frozen=True)
class SlapSegmentation:
    slap: FingerPosition
    fingers: tuple[FingerCrop, ...]
    #: Positions declared missing (amputated or bandaged), not looked for.
    missing: tuple[FingerPosition, ...]
    #: ``finger_count_mismatch`` (positions then unknown) and/or ``wrong_hand``.
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def by_position(self) -> dict[FingerPosition, NDArray[np.uint8]]:
        return {
            crop.position: crop.image
            for crop in self.fingers
            if crop.position is not FingerPosition.UNKNOWN
        }


@dataclass(frozen=True, eq=False)
class _Blob:
    # eq=False: blobs are told apart by identity; a generated __eq__ would compare the
    # numpy masks and raise "truth value of an array is ambiguous" (issue 14).
    mask: NDArray[np.bool_]
    x: int
    y: int
    width: int
    height: int
    area: int

    @property
    def centre_x(self) -> float:
        return self.x + self.width / 2


def single_finger(image: NDArray[Any], position: FingerPosition) -> FingerCrop:
    """One-finger-at-a-time capture: the whole image is the finger, no segmentation."""
    if not position.is_single_finger:
        raise ValueError(f"{position!r} is not a single finger position")
    grey = as_grey(image)
    height, width = grey.shape
    return FingerCrop(position=position, image=grey.copy(), box=(0, 0, width, height), angle=0.0)


def segment_slap(
    image: NDArray[Any],
    slap: FingerPosition,
    *,
    missing: Iterable[FingerPosition] = (),
    ppi: int = 500,
) -> SlapSegmentation:
    """Split a slap (13, 14 or 15) into fingertip crops labelled with their positions."""
    members = slap_members(slap)
    missing_set = set(missing)
    stray = missing_set - set(members)
    if stray:
        names = ", ".join(sorted(p.name for p in stray))
        raise ValueError(f"{names} not part of {slap.name}")
    expected = tuple(p for p in members if p not in missing_set)
    grey = as_grey(image)
    scale = ppi / 500.0

    blobs = _blobs(grey, min_pixels=int(_MIN_BLOB_PIXELS_500PPI * scale * scale))
    blobs = _split_touching(blobs, len(expected), scale=scale)
    if len(blobs) > len(expected):
        # Extra blobs: keep the biggest (a stray palm edge or smudge is smaller).
        blobs = sorted(blobs, key=lambda b: -b.area)[: len(expected)]
    blobs = sorted(blobs, key=lambda b: b.centre_x)

    problems: list[str] = []
    if len(blobs) == len(expected):
        positions: tuple[FingerPosition, ...] = expected
    else:
        log.info("slap %s: %d fingers found, %d expected", slap.name, len(blobs), len(expected))
        problems.append("finger_count_mismatch")
        positions = (FingerPosition.UNKNOWN,) * len(blobs)

    margin = max(1, round(_MARGIN_PX_500PPI * scale))
    crops = tuple(
        _crop(grey, blob, position, margin) for blob, position in zip(blobs, positions, strict=True)
    )
    if (
        len(members) == _FOUR
        and len(crops) == _FOUR
        and _looks_like_hand(blobs, drop=_HAND_TIP_DROP_500PPI * scale) not in {None, slap.hand}
    ):
        problems.append("wrong_hand")
    return SlapSegmentation(
        slap=slap,
        fingers=crops,
        missing=tuple(p for p in members if p in missing_set),
        problems=tuple(problems),
    )


def _blobs(grey: NDArray[np.uint8], *, min_pixels: int) -> list[_Blob]:
    area = ridge_area(grey).astype(np.uint8)
    closed = cv2.morphologyEx(area, cv2.MORPH_CLOSE, _CLOSE_KERNEL)
    count, labels, stats, _centroids = cv2.connectedComponentsWithStats(closed, connectivity=8)
    blobs = []
    for label in range(1, count):
        x, y, width, height, pixels = (int(v) for v in stats[label])
        if pixels < min_pixels:
            continue
        blobs.append(_Blob(labels == label, x, y, width, height, pixels))
    return _drop_lower_phalanges(blobs)


def _drop_lower_phalanges(blobs: list[_Blob]) -> list[_Blob]:
    """A blob below another one and overlapping it in x is that finger's next phalanx."""
    kept = []
    for blob in blobs:
        under_another = any(
            other is not blob
            and other.y + other.height <= blob.y + blob.height // 4
            and other.y < blob.y
            and _x_overlap(blob, other) > 0.5 * min(blob.width, other.width)
            for other in blobs
        )
        if not under_another:
            kept.append(blob)
    return kept


def _x_overlap(a: _Blob, b: _Blob) -> int:
    return max(0, min(a.x + a.width, b.x + b.width) - max(a.x, b.x))


def _split_touching(blobs: list[_Blob], expected: int, *, scale: float = 1.0) -> list[_Blob]:
    """Split blobs that are two (or more) fingers touching, while fingers are still missing."""
    blobs = list(blobs)
    while 0 < len(blobs) < expected:
        widest = max(blobs, key=lambda b: b.width)
        others = [b.width for b in blobs if b is not widest]
        typical = (
            float(np.median(others))
            if others
            else max(widest.width / (expected - len(blobs) + 1), _MIN_FINGER_WIDTH_500PPI * scale)
        )
        if widest.width < _TOUCHING_WIDTH * typical:
            break
        parts = _split_at_valley(widest)
        if parts is None:
            break
        blobs = [b for b in blobs if b is not widest]
        blobs.extend(parts)
    return blobs


def _split_at_valley(blob: _Blob) -> tuple[_Blob, _Blob] | None:
    columns = blob.mask[:, blob.x : blob.x + blob.width].sum(axis=0).astype(np.float64)
    quarter = blob.width // 4
    if quarter < 1:
        return None
    middle = columns[quarter : blob.width - quarter]
    cut = blob.x + quarter + int(np.argmin(middle))
    left = blob.mask.copy()
    left[:, cut:] = False
    right = blob.mask.copy()
    right[:, :cut] = False
    parts = tuple(_from_mask(part) for part in (left, right))
    if parts[0] is None or parts[1] is None:
        return None
    return parts[0], parts[1]


def _from_mask(mask: NDArray[np.bool_]) -> _Blob | None:
    ys, xs = np.nonzero(mask)
    if xs.size == 0:
        return None
    x0, x1, y0, y1 = int(xs.min()), int(xs.max()), int(ys.min()), int(ys.max())
    return _Blob(mask, x0, y0, x1 - x0 + 1, y1 - y0 + 1, int(xs.size))


def _axis(blob: _Blob) -> tuple[float, float, float, float]:
    """Centre (cx, cy) and the unit vector (ux, uy) along the finger, from tip to base."""
    ys, xs = np.nonzero(blob.mask)
    cx, cy = float(xs.mean()), float(ys.mean())
    cov = np.cov(np.stack([xs - cx, ys - cy]))
    eigenvalues, eigenvectors = np.linalg.eigh(cov)
    ux, uy = (float(v) for v in eigenvectors[:, int(np.argmax(eigenvalues))])
    if abs(uy) < abs(ux):
        # A fingertip wider than long (short crop): keep the axis vertical.
        ux, uy = 0.0, 1.0
    if uy < 0:
        ux, uy = -ux, -uy
    return cx, cy, ux, uy


def _crop(
    grey: NDArray[np.uint8], blob: _Blob, position: FingerPosition, margin: int
) -> FingerCrop:
    cx, cy, ux, uy = _axis(blob)
    vx, vy = uy, -ux  # across the finger
    ys, xs = np.nonzero(blob.mask)
    along = (xs - cx) * ux + (ys - cy) * uy
    across = (xs - cx) * vx + (ys - cy) * vy
    tip = float(along.min())
    finger_width = float(np.percentile(across, 99) - np.percentile(across, 1))
    length = min(float(along.max()) - tip, _PHALANX_LENGTH * finger_width)
    out_w = math.ceil(finger_width) + 2 * margin
    out_h = math.ceil(length) + 2 * margin
    # Destination (0, 0) is the crop's top-left, a margin above the tip and half a
    # width to the side: src = tip + (x' - out_w / 2) * v + (y' - margin) * u.
    ox = cx + (tip - margin) * ux - (out_w / 2) * vx
    oy = cy + (tip - margin) * uy - (out_w / 2) * vy
    to_source = np.array([[vx, ux, ox], [vy, uy, oy]], np.float64)
    upright = cv2.warpAffine(
        grey,
        to_source,
        (out_w, out_h),
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=_BACKGROUND,
    )
    angle = math.degrees(math.atan2(-ux, uy))
    return FingerCrop(
        position=position,
        image=np.asarray(upright, dtype=np.uint8),
        box=(blob.x, blob.y, blob.width, blob.height),
        angle=round(angle, 1),
    )


def _looks_like_hand(blobs: list[_Blob], *, drop: float) -> Hand | None:
    """Which hand a four-finger slap looks like: the little finger's tip is the lower end."""
    first, last = blobs[0], blobs[-1]
    if last.y - first.y >= drop:
        return Hand.RIGHT  # little finger at the right end
    if first.y - last.y >= drop:
        return Hand.LEFT
    return None
