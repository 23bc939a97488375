"""Penunggalan's pre-filter: which few people of a large gallery Bozorth3 looks at.

Bozorth3 costs about a millisecond for two different fingers (``benchmarks/
bench_dedup.py`` measures it in each run), so a record searched finger by finger against
10,000 people would take 100,000 comparisons: over a minute and a half of one core, where
the issue asks for 5 s.  Every record's fingers are therefore also described by a
fixed-length vector, and the probe's vectors are scored against the whole gallery's at
once (one matrix product); Bozorth3 and MCC then compare only the best few people
(:func:`shortlist_size`).

The vector is a histogram of the finger's minutia *pairs*, the features Bozorth3 itself
matches on (its "pair table"): each pair's distance, and each minutia's direction
relative to the line joining them.  Those do not change when the finger is placed
elsewhere or turned, so two captures of a finger share most of their histogram, while
another finger's pairs fall elsewhere.  The counts are square-rooted (a few dense areas
must not dominate) and the vector normalised.

Every finger shares much of one shape (short pairs, directions along the ridges): on real
prints two strangers' raw histograms scored a cosine of 0.72 at the median against 0.82 for
two impressions of one finger, and a real mate ranked far down among 10,000 people.  So
the score is the cosine of the vectors *centred* on the gallery's own mean finger (kept as
a running sum, so nothing is stored twice): what is left is what sets a finger apart.  A
person scores the sum over the finger positions both records hold, divided by the square
root of their count (two shared fingers and ten then compare fairly).  Measured with two real
fingers a person (FVC B sets) among 10,000 simulated people: the mate within the best 30
for 92.9 % of searches centred, 53.6 % raw (``benchmarks/README.md``).

The vectors identify a person as the templates do: they are kept sealed beside them
(``sync.server.dedup.gallery``), never on a disk in the clear.
"""

from __future__ import annotations

import math
import struct
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from numpy.typing import NDArray

#: Pair distances (pixels at 500 ppi) binned from the first to the last edge: closer pairs
#: move too much with skin stretch, farther ones rarely both touch the glass.
DISTANCE_EDGES = np.linspace(15.0, 215.0, 14)
#: Bins of each minutia's direction relative to the pair's line.
DIRECTION_BINS = 8
DIMENSIONS = (len(DISTANCE_EDGES) - 1) * DIRECTION_BINS * DIRECTION_BINS
#: Finger pairs a search compares after the pre-filter: the shortlist's people times the
#: probe's fingers.  Each pair costs about 9 ms (MCC's cylinders of the gallery's finger
#: are made afresh, then MCC and Bozorth3 compare), so a ten-finger probe against 30
#: people took 2.6 s, where the issue asks for 1 s at 10,000 people.  Sixty pairs keep
#: two-finger people at a shortlist of 30 (measured: the mate within it for 98.7 % of
#: real FVC searches among 10,000) and give ten-finger people 8.
COMPARISONS = 60
#: The fewest people a shortlist holds, however many fingers the probe has.  With ten
#: real fingers (FVC and Neurotechnology composites, 36 searches among 10,000 people) the
#: mate was always first, with four never below second (``benchmarks/README.md``).
FEWEST_PEOPLE = 8
#: ISO/IEC 19794-2:2005 as nbis-py writes it: a 26-byte header, then six bytes a minutia.
_HEADER = 26
_COUNT_AT = 25
_MINUTIA = struct.Struct(">HHBB")
FINGERS = 10
_ROW = np.dtype([("x", ">u2"), ("y", ">u2"), ("angle", "u1"), ("quality", "u1")])


def minutiae(template: bytes) -> tuple[NDArray[np.float64], ...]:
    """A template's minutiae: x, y (pixels) and direction (radians, anticlockwise).

    A template too short for the count its header gives is read as far as it goes.
    """
    if len(template) < _HEADER:
        empty = np.zeros(0)
        return empty, empty, empty
    count = min(template[_COUNT_AT], (len(template) - _HEADER) // _MINUTIA.size)
    rows = np.frombuffer(template, dtype=_ROW, count=count, offset=_HEADER)
    x = (rows["x"] & 0x3FFF).astype(np.float64)
    y = (rows["y"] & 0x3FFF).astype(np.float64)
    return x, y, rows["angle"].astype(np.float64) * (2 * np.pi / 256)


def minutiae_quality(template: bytes) -> NDArray[np.int64]:
    """Each minutia's quality (0-100, as MINDTCT judged its reliability), template order."""
    if len(template) < _HEADER:
        return np.zeros(0, dtype=np.int64)
    count = min(template[_COUNT_AT], (len(template) - _HEADER) // _MINUTIA.size)
    rows = np.frombuffer(template, dtype=_ROW, count=count, offset=_HEADER)
    return rows["quality"].astype(np.int64)


def finger_vector(template: bytes) -> NDArray[np.float32]:
    """The template's pair histogram, square-rooted and normalised (zeros: no pairs)."""
    x, y, angle = minutiae(template)
    first, second = np.triu_indices(len(x), 1)
    dx, dy = x[second] - x[first], y[second] - y[first]
    distance = np.hypot(dx, dy)
    line = np.arctan2(-dy, dx)  # the image's y runs down; directions run anticlockwise
    band = np.digitize(distance, DISTANCE_EDGES) - 1
    inside = (band >= 0) & (band < len(DISTANCE_EDGES) - 1)
    band, line = band[inside], line[inside]
    a, b = angle[first][inside], angle[second][inside]
    counts = np.zeros(DIMENSIONS, dtype=np.float64)
    # Each pair both ways round: which minutia is "first" is an accident of the order.
    for one, other in ((a - line, b - line), (b - line - np.pi, a - line - np.pi)):
        i = (np.mod(one, 2 * np.pi) * (DIRECTION_BINS / (2 * np.pi))).astype(np.int64)
        j = (np.mod(other, 2 * np.pi) * (DIRECTION_BINS / (2 * np.pi))).astype(np.int64)
        cell = (band * DIRECTION_BINS + i % DIRECTION_BINS) * DIRECTION_BINS + j % DIRECTION_BINS
        counts += np.bincount(cell, minlength=DIMENSIONS)
    vector = np.sqrt(counts)
    norm = float(np.linalg.norm(vector))
    return (vector / norm if norm else vector).astype(np.float32)


def person_vectors(fingers: Mapping[int, bytes]) -> NDArray[np.float32]:
    """A record's ten positions' vectors (FINGERS x DIMENSIONS); zeros where none."""
    matrix = np.zeros((FINGERS, DIMENSIONS), dtype=np.float32)
    for position, template in fingers.items():
        if 1 <= position <= FINGERS:
            matrix[position - 1] = finger_vector(template)
    return matrix


def shortlist_size(fingers: int) -> int:
    """How many people the pre-filter passes on for a probe with ``fingers`` fingers.

    The more fingers the probe has, the surer the pre-filter's sum of cosines and the
    dearer each person's comparison: the budget of :data:`COMPARISONS` finger pairs is
    shared among the probe's fingers, never below :data:`FEWEST_PEOPLE` people.
    """
    return max(FEWEST_PEOPLE, math.ceil(COMPARISONS / max(1, fingers)))


def fingers_of(vectors: NDArray[np.float32]) -> int:
    """How many positions of a record's vectors hold a finger."""
    return int(np.count_nonzero(np.linalg.norm(vectors, axis=1)))


class Index:
    """The gallery's vectors in one matrix, grown as records are added; scored at once."""

    def __init__(self) -> None:
        self._rows = np.zeros((0, FINGERS, DIMENSIONS), dtype=np.float32)
        self._present = np.zeros((0, FINGERS), dtype=bool)
        self._size = 0
        #: Sum and count of every present finger vector: the mean finger is their ratio.
        self._sum = np.zeros(DIMENSIONS, dtype=np.float64)
        self._fingers = 0

    def __len__(self) -> int:
        return self._size

    def add(self, vectors: NDArray[np.float32]) -> int:
        """Add one record's vectors (:func:`person_vectors`); its row number."""
        if self._size == len(self._rows):
            grown = np.zeros((max(64, 2 * self._size), FINGERS, DIMENSIONS), dtype=np.float32)
            grown[: self._size] = self._rows[: self._size]
            self._rows = grown
            present_grown = np.zeros((len(grown), FINGERS), dtype=bool)
            present_grown[: self._size] = self._present[: self._size]
            self._present = present_grown
        self._rows[self._size] = vectors
        present = np.linalg.norm(vectors, axis=1) > 0
        self._present[self._size] = present
        self._sum += vectors[present].sum(axis=0, dtype=np.float64)
        self._fingers += int(present.sum())
        self._size += 1
        return self._size - 1

    def extend(self, many: Iterable[NDArray[np.float32]]) -> None:
        for vectors in many:
            self.add(vectors)

    def mean(self) -> NDArray[np.float32]:
        """The gallery's mean finger vector (zeros for an empty gallery)."""
        if not self._fingers:
            return np.zeros(DIMENSIONS, dtype=np.float32)
        return (self._sum / self._fingers).astype(np.float32)

    def scores(self, probe: NDArray[np.float32]) -> NDArray[np.float32]:
        """Every row's score: its shared positions' centred cosines, summed, over sqrt(shared).

        Both sides are centred on the gallery's mean finger.  A stranger's centred cosines
        scatter around zero, so a sum over ten shared fingers scatters sqrt(10) times wider
        than over two: raw sums put a record enrolled with two usable fingers far behind
        ten-finger strangers when searched with ten (real composites: the mate within its
        shortlist in 14 % of such searches among 10,000; 89 % with the sum divided by the
        square root of the shared count, which changes nothing when every row shares as
        many fingers with the probe).
        A row's vectors are unit length, so its centred norm is sqrt(1 - 2 v.mean +
        |mean|^2) and its centred dot product v.q' - mean.q': one pass over the rows, with
        nothing rewritten when the mean moves.
        """
        rows = self._rows[: self._size]
        mean = self.mean()
        probe_present = np.linalg.norm(probe, axis=1) > 0
        centred = np.where(probe_present[:, None], probe - mean, 0.0).astype(np.float32)
        lengths = np.linalg.norm(centred, axis=1)
        lengths[lengths == 0] = 1.0
        centred /= lengths[:, None]
        dots = np.einsum("npd,pd->np", rows, centred) - (centred @ mean)[None, :]
        toward_mean = rows @ mean
        present = self._present[: self._size]
        norms = np.sqrt(np.maximum(1.0 - 2.0 * toward_mean + float(mean @ mean), 1e-12))
        summed = np.sum(np.where(present, dots / norms, 0.0), axis=1)
        shared = np.count_nonzero(present & probe_present[None, :], axis=1)
        return np.asarray(summed / np.sqrt(np.maximum(shared, 1)), dtype=np.float32)

    def shortlist(self, probe: NDArray[np.float32], size: int | None = None) -> list[int]:
        """The rows of the ``size`` best-scoring records, best first.

        ``size`` by default: :func:`shortlist_size` of the probe's fingers.
        """
        if size is None:
            size = shortlist_size(fingers_of(probe))
        if self._size <= size:
            return list(range(self._size))
        scores = self.scores(probe)
        best = np.argpartition(-scores, size)[:size]
        return [int(r) for r in best[np.argsort(-scores[best])]]
