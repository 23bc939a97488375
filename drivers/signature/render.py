"""Pen samples -> signature image: anti-aliased ink, width by pressure, white paper.

Protocol-independent, so every signature backend (ISDV4 serial today, a USB
HID pad later) renders alike, and the UI's live mirror draws the same ink as
the stored image.  Two entry points:

* ``render_signature`` for the stored image: drawn 4x supersampled and
  area-downscaled (smooth edges, sub-pixel stroke widths), cropped to the ink
  plus a margin;
* ``InkCanvas`` for live mirroring: a fixed pad-sized canvas that only draws
  the segments added since the last frame, so a preview frame costs well
  under a millisecond.

Samples follow the ``drivers.base.PenSample`` convention used by the pads:
x/y in device units, pressure 0..1, and a pressure-0 sample marks a pen lift
(the end of a stroke).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import cv2
import numpy as np

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from numpy.typing import NDArray

    from drivers.base import PenSample

    GreyImage = NDArray[np.uint8]

WHITE = 255
#: ISDV4 digitisers report 100 points per mm; other pads pass their own.
DEFAULT_UNITS_PER_MM = 100.0


@dataclass(frozen=True, slots=True)
class RenderStyle:
    """Ink geometry in millimetres on the pad, so output looks alike across pads."""

    #: 8 px/mm is about 200 dpi: legible, and small enough to store with every record.
    px_per_mm: float = 8.0
    #: Ballpoint-like: a feather touch still leaves a visible line.
    min_width_mm: float = 0.2
    max_width_mm: float = 0.7
    margin_mm: float = 3.0
    supersample: int = 4

    def width_px(self, pressure: float) -> float:
        p = min(1.0, max(0.0, pressure))
        return (self.min_width_mm + (self.max_width_mm - self.min_width_mm) * p) * self.px_per_mm


def split_strokes(samples: Iterable[PenSample]) -> list[list[PenSample]]:
    """Inked samples grouped by stroke; a pressure-0 sample ends the current stroke."""
    strokes: list[list[PenSample]] = []
    current: list[PenSample] = []
    for sample in samples:
        if sample.pressure > 0:
            current.append(sample)
        elif current:
            strokes.append(current)
            current = []
    if current:
        strokes.append(current)
    return strokes


def _draw_stroke(
    canvas: GreyImage,
    points: NDArray[np.float64],
    widths: NDArray[np.float64],
    colour: int,
) -> None:
    """Draw one stroke as round-capped segments whose width follows the pressure."""
    pts = np.rint(points).astype(np.int32)
    if len(pts) == 1 or np.all(pts == pts[0]):
        radius = max(1, round(float(widths.max()) / 2))
        cv2.circle(canvas, (int(pts[0, 0]), int(pts[0, 1])), radius, colour, -1, cv2.LINE_AA)
        return
    for i in range(1, len(pts)):
        thickness = max(1, round(float(widths[i - 1] + widths[i]) / 2))
        start = (int(pts[i - 1, 0]), int(pts[i - 1, 1]))
        end = (int(pts[i, 0]), int(pts[i, 1]))
        cv2.line(canvas, start, end, colour, thickness, cv2.LINE_AA)


def _stroke_arrays(
    stroke: Sequence[PenSample], scale: float, origin: tuple[float, float], offset: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    xy = np.array([(s.x, s.y) for s in stroke], dtype=np.float64)
    points = (xy - np.array(origin)) * scale + offset
    pressure = np.array([s.pressure for s in stroke], dtype=np.float64)
    return points, pressure


def render_signature(
    samples: Sequence[PenSample],
    *,
    units_per_mm: float = DEFAULT_UNITS_PER_MM,
    style: RenderStyle | None = None,
    area: tuple[float, float] | None = None,
) -> GreyImage:
    """Render black ink on white, cropped to the ink plus ``style.margin_mm``.

    With ``area`` (the pad's max x, y in device units) the whole pad is drawn
    instead, uncropped, e.g. to show where on the pad someone signed.  No ink
    gives a blank margin-sized image, so callers never get an empty array.
    """
    style = style or RenderStyle()
    ss = max(1, style.supersample)
    scale = style.px_per_mm / units_per_mm * ss
    margin = style.margin_mm * style.px_per_mm * ss
    strokes = split_strokes(samples)
    if area is not None:
        origin = (0.0, 0.0)
        span = area
    elif strokes:
        xs = [s.x for stroke in strokes for s in stroke]
        ys = [s.y for stroke in strokes for s in stroke]
        origin = (min(xs), min(ys))
        span = (max(xs) - origin[0], max(ys) - origin[1])
    else:
        origin, span = (0.0, 0.0), (0.0, 0.0)
    width = math.ceil((span[0] * scale + 2 * margin) / ss) * ss + ss
    height = math.ceil((span[1] * scale + 2 * margin) / ss) * ss + ss
    ink = np.zeros((height, width), dtype=np.uint8)
    for stroke in strokes:
        points, pressure = _stroke_arrays(stroke, scale, origin, margin)
        widths = np.array([style.width_px(p) * ss for p in pressure])
        _draw_stroke(ink, points, widths, WHITE)
    if ss > 1:
        small = cv2.resize(ink, (width // ss, height // ss), interpolation=cv2.INTER_AREA)
        ink = np.asarray(small, dtype=np.uint8)
    return (WHITE - ink).astype(np.uint8)


class InkCanvas:
    """Incremental pad-sized canvas for live mirroring; not thread-safe, one per stream."""

    def __init__(
        self,
        max_x: float,
        max_y: float,
        *,
        width_px: int = 640,
        style: RenderStyle | None = None,
        units_per_mm: float = DEFAULT_UNITS_PER_MM,
    ) -> None:
        self.style = style or RenderStyle()
        self.scale = (width_px - 1) / max(1.0, max_x)
        self._width_factor = self.scale * units_per_mm / self.style.px_per_mm
        height_px = max(1, round(max_y * self.scale) + 1)
        self.image: GreyImage = np.full((height_px, width_px), WHITE, dtype=np.uint8)
        self._last: PenSample | None = None

    def clear(self) -> None:
        self.image.fill(WHITE)
        self._last = None

    def add(self, samples: Iterable[PenSample]) -> None:
        """Draw samples that follow the ones already drawn."""
        for sample in samples:
            if sample.pressure <= 0:
                self._last = None
                continue
            width = self.style.width_px(sample.pressure) * self._width_factor
            here = np.array([[sample.x, sample.y]], dtype=np.float64) * self.scale
            if self._last is None:
                _draw_stroke(self.image, here, np.array([width]), 0)
            else:
                before = np.array([[self._last.x, self._last.y]], dtype=np.float64) * self.scale
                last_width = self.style.width_px(self._last.pressure) * self._width_factor
                _draw_stroke(
                    self.image,
                    np.vstack([before, here]),
                    np.array([last_width, width]),
                    0,
                )
            self._last = sample
