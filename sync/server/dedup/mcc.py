"""Minutia Cylinder-Code: how penunggalan scores two prints of one finger position.

Why not Bozorth3 alone: on real prints (FVC B sets, ``benchmarks/bench_real_prints.py``)
Bozorth3's score of two impressions of one finger falls below any threshold that keeps
strangers out far too often (40 % of genuine pairs under the old mark of 80).  MCC
(Cappelli, Ferrara and Maltoni, "Minutia Cylinder-Code: a new representation and matching
technique for fingerprint recognition", IEEE TPAMI 32(12), 2010) describes each minutia by
its neighbourhood: a cylinder of 16 x 16 spatial cells around it, turned to its direction,
with 6 direction sections, each cell saying how strongly some neighbour lies there with
that relative direction.  Two minutiae of two prints are compared cylinder to cylinder
(on the cells both cylinders can see), which tolerates skin stretch and a partial
overlap; the prints' score comes from the best one-to-one pairs of minutiae, kept only
when their relative geometry agrees ("LSA-R": local similarity assignment, then
relaxation).

The parameters are the paper's (its Table 2), at 500 ppi: a cylinder of radius 70 px.
Everything is NumPy: one template's cylinders are a small matrix, and a comparison is
four matrix products and a few dozen small steps, so no native matcher and no lock.

A cylinder is as identifying as the minutiae it is built from: it is kept sealed like
them (``sync.server.dedup.gallery``), never written anywhere in the clear.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import cv2
import numpy as np

from sync.server.dedup import index

if TYPE_CHECKING:
    from numpy.typing import NDArray

#: Cylinder radius (pixels at 500 ppi) and cells along its diameter; direction sections.
RADIUS = 70.0
SPATIAL_CELLS = 16
DIRECTION_CELLS = 6
SIGMA_SPACE = 28.0 / 3.0
SIGMA_DIRECTION = 2.0 * math.pi / 9.0
#: The sigmoid that turns a cell's summed contribution into a value in [0, 1].
MU_PSI = 0.01
TAU_PSI = 400.0
#: A cell farther than this outside the minutiae's convex hull is not valid (unseen skin).
HULL_MARGIN = 50.0
#: A cylinder needs this share of valid cells, and this many neighbours, to be used.
MIN_VALID_SHARE = 0.75
MIN_NEIGHBOURS = 2
#: Two cylinders are compared only when both see this share of the cells, and their
#: minutiae's directions differ by at most DIRECTION_LIMIT.
MIN_MATCHABLE_SHARE = 0.6
DIRECTION_LIMIT = math.pi / 2.0
#: The most minutiae a print's cylinders are made from (its most reliable ones): a noisy
#: print's extra "minutiae" (MINDTCT finds up to 150 in a smudged background) cost the
#: square of their number and add nothing; on real prints 64 kept MCC's accuracy (EER
#: 6.97 % against 6.96 % with all) while 48 lost some (7.54 %).
MOST_MINUTIAE = 64
#: How many best pairs make the score: from MIN_PAIRS to MAX_PAIRS as minutiae grow.
MIN_PAIRS = 4
MAX_PAIRS = 12
MU_PAIRS = 20.0
TAU_PAIRS = 0.4
#: Relaxation: weight of a pair's own value, rounds, and the three compatibility sigmoids
#: (distance, direction difference, radial angle).
RELAX_WEIGHT = 0.5
RELAX_ROUNDS = 5
RELAX_DISTANCE = (5.0, -8.0 / 5.0)
RELAX_DIRECTION = (math.pi / 12.0, -30.0)
RELAX_RADIAL = (math.pi / 12.0, -70.0)

_CELL = 2.0 * RADIUS / SPATIAL_CELLS
_SECTION = 2.0 * math.pi / DIRECTION_CELLS


def _cell_offsets() -> NDArray[np.float64]:
    """The centres of the cells inside the cylinder's radius, relative to its minutia."""
    steps = (np.arange(1, SPATIAL_CELLS + 1) - (SPATIAL_CELLS + 1) / 2.0) * _CELL
    across, along = np.meshgrid(steps, steps, indexing="xy")
    offsets = np.stack([across.ravel(), along.ravel()], axis=1)
    return np.asarray(offsets[np.hypot(offsets[:, 0], offsets[:, 1]) <= RADIUS], dtype=np.float64)


_OFFSETS = _cell_offsets()
#: Values a cylinder holds: cells inside the radius times direction sections.
CYLINDER_SIZE = len(_OFFSETS) * DIRECTION_CELLS
_SECTION_CENTRES = -math.pi + (np.arange(DIRECTION_CELLS) + 0.5) * _SECTION


def _angle(value: NDArray[np.float64]) -> NDArray[np.float64]:
    """Angles folded into [-pi, pi)."""
    return np.asarray(np.mod(value + math.pi, 2.0 * math.pi) - math.pi, dtype=np.float64)


def _sigmoid(value: NDArray[np.float64], mu: float, tau: float) -> NDArray[np.float64]:
    # Clipped: past 60 the sigmoid is 0 or 1 to float precision, and exp would overflow.
    return np.asarray(
        1.0 / (1.0 + np.exp(np.clip(-tau * (value - mu), -60.0, 60.0))), dtype=np.float64
    )


#: The directional contribution depends only on the two minutiae's relative direction:
#: tabulated once over this many steps of a turn (each about 0.35 degrees).
_DIRECTION_STEPS = 1024


def _directional_table() -> NDArray[np.float32]:
    """Each section's share of a Gaussian (sigma SIGMA_DIRECTION) around a relative direction."""
    relative = -math.pi + (np.arange(_DIRECTION_STEPS) + 0.5) * (2.0 * math.pi / _DIRECTION_STEPS)
    gap = _angle(_SECTION_CENTRES[None, :] - relative[:, None])
    scale = SIGMA_DIRECTION * math.sqrt(2.0)
    erf = np.vectorize(math.erf)
    return np.asarray(
        0.5 * (erf((gap + _SECTION / 2) / scale) - erf((gap - _SECTION / 2) / scale)),
        dtype=np.float32,
    )


_DIRECTIONAL = _directional_table()


@dataclass(frozen=True)
class Cylinders:
    """One print's valid cylinders, with the minutiae they belong to.

    ``values``: (n, CYLINDER_SIZE) float32, zero on invalid cells; ``valid``: the same
    shape, 1 where a cell is valid; ``x``, ``y``, ``direction``: the minutiae (the image's
    y turned upwards, so directions run anticlockwise as in the template).
    """

    values: NDArray[np.float32]
    valid: NDArray[np.float32]
    x: NDArray[np.float64]
    y: NDArray[np.float64]
    direction: NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.x)

    @functools.cached_property
    def cells_seen(self) -> NDArray[np.float32]:
        """(n, spatial cells): 1 where a cell is valid; every direction section shares it."""
        return np.ascontiguousarray(
            self.valid.reshape(len(self.valid), -1, DIRECTION_CELLS)[:, :, 0], dtype=np.float32
        )

    @functools.cached_property
    def square_sums(self) -> NDArray[np.float32]:
        """(n, spatial cells): the values squared, summed over each cell's direction sections.

        A cell is valid in all its sections or none, so a norm over the cells both
        cylinders see is this against the other's :attr:`cells_seen`: a sixth of the
        product over every section.
        """
        squares = self.values * self.values
        return np.asarray(
            squares.reshape(len(self.values), -1, DIRECTION_CELLS).sum(axis=2), dtype=np.float32
        )


#: The grid (pixels) on which the minutiae's hull and its margin are drawn to be looked up.
_HULL_STEP = 4.0


def _inside_hull(
    points: NDArray[np.float64], corners: NDArray[np.float64], margin: float
) -> NDArray[np.bool_]:
    """Which points lie within ``margin`` of the convex hull of ``corners``.

    The hull is drawn on a coarse grid and widened by the margin (a disc), then each
    point looks its square up: a cylinder's hundreds of cells cost one lookup each.
    """
    if len(corners) < 3:  # noqa: PLR2004 - a hull needs three corners
        return np.ones(len(points), dtype=bool)
    low = corners.min(axis=0) - margin - _HULL_STEP
    size = np.ceil((corners.max(axis=0) + margin + _HULL_STEP - low) / _HULL_STEP).astype(int) + 1
    canvas = np.zeros((int(size[1]), int(size[0])), dtype=np.uint8)
    hull = cv2.convexHull(np.round((corners - low) / _HULL_STEP).astype(np.int32))
    cv2.fillConvexPoly(canvas, hull, 1)
    reach = round(margin / _HULL_STEP)
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * reach + 1, 2 * reach + 1))
    widened = np.asarray(cv2.dilate(canvas, disc), dtype=np.uint8)
    column = np.round((points[:, 0] - low[0]) / _HULL_STEP).astype(np.int64)
    row = np.round((points[:, 1] - low[1]) / _HULL_STEP).astype(np.int64)
    within = (column >= 0) & (column < widened.shape[1]) & (row >= 0) & (row < widened.shape[0])
    inside = np.zeros(len(points), dtype=bool)
    inside[within] = widened[row[within], column[within]] > 0
    return inside


def cylinders(template: bytes) -> Cylinders:
    """The MCC cylinders of an ISO 19794-2 template (only the valid ones are kept).

    At most :data:`MOST_MINUTIAE`, the template's most reliable (its quality byte).
    """
    raw_x, raw_y, direction = index.minutiae(template)
    quality = index.minutiae_quality(template)
    if len(quality) > MOST_MINUTIAE:
        kept = np.sort(np.argsort(-quality, kind="stable")[:MOST_MINUTIAE])
        raw_x, raw_y, direction = raw_x[kept], raw_y[kept], direction[kept]
    return cylinders_of(raw_x, -raw_y, direction)


def cylinders_of(
    x: NDArray[np.float64], y: NDArray[np.float64], direction: NDArray[np.float64]
) -> Cylinders:
    """MCC cylinders of minutiae given in a frame whose angles run anticlockwise."""
    count = len(x)
    if count == 0:
        empty = np.zeros((0, CYLINDER_SIZE), dtype=np.float32)
        nothing = np.zeros(0)
        return Cylinders(empty, empty.copy(), nothing, nothing, nothing)
    points = np.stack([x, y], axis=1)
    cos, sin = np.cos(direction), np.sin(direction)
    # Cell centres: each minutia's offsets turned to its direction (count, cells, 2).
    centre_x = (
        x[:, None] + cos[:, None] * _OFFSETS[None, :, 0] - sin[:, None] * _OFFSETS[None, :, 1]
    )
    centre_y = (
        y[:, None] + sin[:, None] * _OFFSETS[None, :, 0] + cos[:, None] * _OFFSETS[None, :, 1]
    )
    cells = len(_OFFSETS)
    inside = _inside_hull(
        np.stack([centre_x.ravel(), centre_y.ravel()], axis=1), points, HULL_MARGIN
    ).reshape(count, cells)
    # Which cylinders are usable: enough valid cells, and enough neighbours to say anything.
    # Only those are computed (a print's edge minutiae see mostly unseen skin).
    neighbour_distance = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])
    np.fill_diagonal(neighbour_distance, np.inf)
    near = neighbour_distance <= RADIUS + 3.0 * SIGMA_SPACE
    neighbours = np.sum(near, axis=1)
    usable = (inside.sum(axis=1) >= MIN_VALID_SHARE * cells) & (neighbours >= MIN_NEIGHBOURS)
    if not usable.any():
        return cylinders_of(np.zeros(0), np.zeros(0), np.zeros(0))
    centre_x, centre_y, inside = centre_x[usable], centre_y[usable], inside[usable]
    near, own = near[usable], direction[usable]
    # Each cylinder looks at its own nearest ``reach`` neighbours (padded with none): only
    # those within RADIUS + 3 sigma can reach its cells.
    reach = max(1, int(neighbours[usable].max()))
    nearest = np.argsort(neighbour_distance[usable], axis=1)[:, :reach]  # (m, reach)
    present = np.take_along_axis(near, nearest, axis=1)
    # Spatial contribution of each neighbour t to every cell of its cylinder m.
    dx = (centre_x[:, :, None] - x[nearest][:, None, :]).astype(np.float32)
    dy = (centre_y[:, :, None] - y[nearest][:, None, :]).astype(np.float32)
    squared = dx * dx + dy * dy
    spatial = np.exp(squared * np.float32(-1.0 / (2.0 * SIGMA_SPACE**2))) * np.float32(
        1.0 / (SIGMA_SPACE * math.sqrt(2 * math.pi))
    )
    spatial[(squared > (3.0 * SIGMA_SPACE) ** 2) | ~present[:, None, :]] = 0.0
    # Directional contribution of t to each section of m: a Gaussian's area over it.
    relative = _angle(direction[nearest] - own[:, None])  # (m, reach)
    step = ((relative + math.pi) * (_DIRECTION_STEPS / (2.0 * math.pi))).astype(np.int64)
    directional = _DIRECTIONAL[np.clip(step, 0, _DIRECTION_STEPS - 1)]  # (m, reach, k)
    summed = np.matmul(spatial, directional)
    exponent = np.clip(np.float32(-TAU_PSI) * (summed - np.float32(MU_PSI)), -60.0, 60.0)
    values = 1.0 / (1.0 + np.exp(exponent))
    kept = len(own)
    valid = np.repeat(inside[:, :, None], DIRECTION_CELLS, axis=2).reshape(kept, -1)
    return Cylinders(
        (values.reshape(kept, -1) * valid).astype(np.float32),
        valid.astype(np.float32),
        x[usable],
        y[usable],
        own,
    )


def local_similarities(first: Cylinders, second: Cylinders) -> NDArray[np.float64]:
    """Every cylinder of ``first`` against every one of ``second``: 0 (unlike) to 1."""
    if not len(first) or not len(second):
        return np.zeros((len(first), len(second)))
    seen_a, seen_b = first.cells_seen, second.cells_seen
    # Validity is per spatial cell (all direction sections alike): these three products
    # run over the spatial cells only, a sixth of the work over every section.
    matchable = DIRECTION_CELLS * (seen_a @ seen_b.T)
    squared_a = np.maximum(first.square_sums @ seen_b.T, 0.0)
    squared_b = np.maximum(seen_a @ second.square_sums.T, 0.0)
    norm_a, norm_b = np.sqrt(squared_a), np.sqrt(squared_b)
    difference = np.sqrt(
        np.maximum(squared_a + squared_b - 2.0 * (first.values @ second.values.T), 0)
    )
    denominator = norm_a + norm_b
    with np.errstate(divide="ignore", invalid="ignore"):
        similarity = np.where(denominator > 0, 1.0 - difference / denominator, 0.0)
    turned = np.abs(_angle(first.direction[:, None] - second.direction[None, :]))
    similarity[turned > DIRECTION_LIMIT] = 0.0
    similarity[matchable < MIN_MATCHABLE_SHARE * CYLINDER_SIZE] = 0.0
    return np.asarray(similarity)


def _pairs_to_keep(first: int, second: int) -> int:
    smaller = float(min(first, second))
    share = 1.0 / (1.0 + math.exp(-TAU_PAIRS * (smaller - MU_PAIRS)))
    return MIN_PAIRS + round(share * (MAX_PAIRS - MIN_PAIRS))


def _assignment(similarity: NDArray[np.float64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """One-to-one pairs, best first, each minutia used once (a greedy assignment)."""
    left = similarity.copy()
    rows: list[int] = []
    columns: list[int] = []
    for _ in range(min(left.shape)):
        row, column = divmod(int(np.argmax(left)), left.shape[1])
        if left[row, column] <= 0:
            break
        rows.append(row)
        columns.append(column)
        left[row, :] = 0.0
        left[:, column] = 0.0
    return np.asarray(rows, dtype=np.int64), np.asarray(columns, dtype=np.int64)


def score(first: Cylinders, second: Cylinders) -> float:
    """How alike two prints are, 0 to 1: MCC's LSA-R global score.

    The best one-to-one minutia pairs (by cylinder similarity) are relaxed: a pair keeps
    its value only as far as the other pairs agree with it on distance, direction
    difference and radial angle, so a set of look-alike neighbourhoods scattered with no
    common geometry (a stranger's) falls away while one finger's pairs hold each other up.
    """
    similarity = local_similarities(first, second)
    rows, columns = _assignment(similarity)
    kept = _pairs_to_keep(len(first), len(second))
    if len(rows) < MIN_PAIRS:
        return 0.0
    start = similarity[rows, columns]
    ax, ay, ad = first.x[rows], first.y[rows], first.direction[rows]
    bx, by, bd = second.x[columns], second.y[columns], second.direction[columns]
    distance_a = np.hypot(ax[:, None] - ax[None, :], ay[:, None] - ay[None, :])
    distance_b = np.hypot(bx[:, None] - bx[None, :], by[:, None] - by[None, :])
    turn_a = _angle(ad[:, None] - ad[None, :])
    turn_b = _angle(bd[:, None] - bd[None, :])
    radial_a = _angle(
        ad[:, None] - np.arctan2(ay[None, :] - ay[:, None], ax[None, :] - ax[:, None])
    )
    radial_b = _angle(
        bd[:, None] - np.arctan2(by[None, :] - by[:, None], bx[None, :] - bx[:, None])
    )
    compatibility = (
        _sigmoid(np.abs(distance_a - distance_b), *RELAX_DISTANCE)
        * _sigmoid(np.abs(_angle(turn_a - turn_b)), *RELAX_DIRECTION)
        * _sigmoid(np.abs(_angle(radial_a - radial_b)), *RELAX_RADIAL)
    )
    np.fill_diagonal(compatibility, 0.0)
    value = start.copy()
    for _ in range(RELAX_ROUNDS):
        value = RELAX_WEIGHT * value + (1.0 - RELAX_WEIGHT) * (compatibility @ value) / (
            len(value) - 1
        )
    efficiency = value / start
    best = np.argsort(-efficiency)[:kept]
    return float(np.sum(value[best]) / kept)


__all__ = ["CYLINDER_SIZE", "Cylinders", "cylinders", "cylinders_of", "local_similarities", "score"]
