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

import functools
import math
import struct
from typing import TYPE_CHECKING, Any

import numpy as np
import threadpoolctl

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping, Sequence

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


#: Rows a block of the index holds: the index grows a block at a time (never copying what
#: it holds, so memory does not double while it grows), and a search widens one block of
#: bytes to floats at a time.
BLOCK = 4096
#: The mean finger is taken again once the gallery has grown by this share since: at a
#: regency's size it moves by nothing a ranking sees, and each row's product with it is
#: then kept instead of computed again at every search.
_MEAN_DRIFT = 0.01
#: An image's SHA-256, kept whole: a replay is decided on it (``matcher.compare``).
_DIGEST_BYTES = 32


@functools.cache
def one_blas_thread() -> None:
    """Penunggalan's matrix products on one BLAS thread, for this process's life.

    The products are small (a block of 4,096 rows against one vector; MCC's 64 cylinders
    of 1,536 cells a side); OpenBLAS's own threads buy nothing there and spin against
    everything else on the host: on a 2-core machine at load 8, a finger pair took 270 ms
    with them and 64 ms without, and a block of the index 22 ms against 6.  A data center
    runs its searcher beside its workers, so the search keeps to its one thread.
    """
    threadpoolctl.threadpool_limits(limits=1, user_api="blas")


def quantised(values: NDArray[np.float32]) -> tuple[NDArray[np.uint8], NDArray[np.float32]]:
    """Non-negative vectors (last axis) as bytes of their own largest value, and that scale.

    A pair histogram and a face's LBP histograms are square roots of counts, never
    negative: each vector keeps 256 levels of its own range (value ~= scale * byte), a
    quarter of the memory of floats.  Ranks do not move: the rounding is about 0.2 % of a
    vector's largest value, while a mate and a stranger differ by tenths of a cosine.
    """
    top = values.max(axis=-1, initial=0.0).astype(np.float32)
    scale = top / np.float32(255.0)
    divisor = np.where(scale > 0, scale, np.float32(1.0))
    codes = np.rint(values / divisor[..., None]).clip(0, 255).astype(np.uint8)
    return codes, scale.astype(np.float32)


def image_digests(hashes: Iterable[str]) -> NDArray[np.uint8]:
    """SHA-256 hashes (hex) as rows of 32 bytes; anything that is not one is left out."""
    digests = []
    for text in hashes:
        try:
            digest = bytes.fromhex(text)
        except ValueError:
            continue
        if len(digest) == _DIGEST_BYTES:
            digests.append(digest)
    return np.frombuffer(b"".join(digests), dtype=np.uint8).reshape(-1, _DIGEST_BYTES)


#: Image hashes added since the last sort, searched one by one until this many wait.
_PENDING_HASHES = 65_536
_NO_KEYS = np.zeros(0, dtype=np.uint64)
_NO_DIGESTS = np.zeros((0, _DIGEST_BYTES), dtype=np.uint8)
_NO_ROWS = np.zeros(0, dtype=np.int64)


def _keys(digests: NDArray[np.uint8]) -> NDArray[np.uint64]:
    """Each digest's first eight bytes as a number: what the lookup sorts on."""
    return np.ascontiguousarray(digests[:, :8]).view(">u8").reshape(-1).astype(np.uint64)


class Index:
    """The gallery's vectors, faces and image hashes, compact, grown as records are added.

    Per person: ten vectors of :data:`DIMENSIONS` bytes and their scales (8.3 kB where a
    float matrix took 33 kB), the face's descriptor as bytes, and each image's SHA-256
    (32 bytes, where a set of hex strings in each entry took about 160).  100,000 people
    hold about 0.85 GB of fingers and 0.25 GB of faces; a search reads every row once
    (``benchmarks/README.md`` has the figures).
    """

    def __init__(self) -> None:
        self._codes: list[NDArray[np.uint8]] = []  # (FINGERS, BLOCK, DIMENSIONS) each
        self._scales: list[NDArray[np.float32]] = []  # (BLOCK, FINGERS); 0: no finger
        self._face_codes: list[NDArray[np.uint8]] = []  # (BLOCK, face dimensions)
        self._face_scales: list[NDArray[np.float32]] = []  # (BLOCK,); 0: no face
        self._face_dimensions = 0
        #: Every image's SHA-256 (n, 32) and its row, sorted by the digest's first eight
        #: bytes (``_hash_keys``), held once; the latest additions wait unsorted in
        #: ``_pending_*`` until there are :data:`_PENDING_HASHES` of them, so that a search
        #: after each added record neither sorts again nor keeps a second, sorted copy
        #: (1.4 million hashes at 100,000 people: 45 MB a copy).
        self._hash_keys, self._hash_digests, self._hash_rows = _NO_KEYS, _NO_DIGESTS, _NO_ROWS
        self._pending_digests: list[NDArray[np.uint8]] = []
        self._pending_rows: list[NDArray[np.int64]] = []
        self._pending_count = 0
        self._size = 0
        #: Sum and count of every present finger vector: the mean finger is their ratio.
        self._sum = np.zeros(DIMENSIONS, dtype=np.float64)
        self._fingers = 0
        #: The mean the rows' products below were taken with, and at which size.
        self._mean = np.zeros(DIMENSIONS, dtype=np.float32)
        self._mean_size = 0
        self._toward: list[NDArray[np.float32]] = []  # (BLOCK, FINGERS): row . mean
        self._toward_rows = 0

    def __len__(self) -> int:
        return self._size

    def _grow(self) -> None:
        self._codes.append(np.zeros((FINGERS, BLOCK, DIMENSIONS), dtype=np.uint8))
        self._scales.append(np.zeros((BLOCK, FINGERS), dtype=np.float32))
        self._face_scales.append(np.zeros(BLOCK, dtype=np.float32))
        self._toward.append(np.zeros((BLOCK, FINGERS), dtype=np.float32))
        if self._face_dimensions:
            self._face_codes.append(np.zeros((BLOCK, self._face_dimensions), dtype=np.uint8))

    def _faces_of_width(self, dimensions: int) -> bool:
        """Room for faces of ``dimensions`` values; False for a descriptor of another size."""
        if not self._face_dimensions:
            self._face_dimensions = dimensions
            self._face_codes = [np.zeros((BLOCK, dimensions), dtype=np.uint8) for _ in self._codes]
        return dimensions == self._face_dimensions

    def add(
        self,
        vectors: NDArray[np.float32],
        face: NDArray[np.float32] | None = None,
        hashes: Iterable[str] = (),
    ) -> int:
        """Add one record's vectors (:func:`person_vectors`), face and image hashes; its row."""
        codes, scales = quantised(np.asarray(vectors, dtype=np.float32))
        present = np.linalg.norm(vectors, axis=1) > 0
        scales = np.where(present, np.maximum(scales, np.float32(1e-12)), np.float32(0.0))
        face_codes = face_scale = None
        if face is not None and self._faces_of_width(len(face)):
            face_codes, face_scale = quantised(np.asarray(face, dtype=np.float32))
        row = self._append(codes, scales.astype(np.float32), face_codes, face_scale)
        digests = image_digests(hashes)
        if len(digests):
            self._pending_digests.append(digests)
            self._pending_rows.append(np.full(len(digests), row, dtype=np.int64))
            self._pending_count += len(digests)
            if self._pending_count >= _PENDING_HASHES:
                self._settle_hashes()
        self._sum += vectors[present].sum(axis=0, dtype=np.float64)
        self._fingers += int(present.sum())
        return row

    def _append(
        self,
        codes: NDArray[np.uint8],
        scales: NDArray[np.float32],
        face_codes: NDArray[np.uint8] | None,
        face_scale: Any,
    ) -> int:
        row = self._size
        block, at = divmod(row, BLOCK)
        if block == len(self._codes):
            self._grow()
        self._codes[block][:, at] = codes
        self._scales[block][at] = scales
        if face_codes is not None and face_scale:
            self._face_codes[block][at] = face_codes
            self._face_scales[block][at] = face_scale
        self._size += 1
        return row

    def extend(self, many: Iterable[NDArray[np.float32]]) -> None:
        for vectors in many:
            self.add(vectors)

    def mean(self) -> NDArray[np.float32]:
        """The gallery's mean finger vector (zeros for an empty gallery)."""
        if not self._fingers:
            return np.zeros(DIMENSIONS, dtype=np.float32)
        return (self._sum / self._fingers).astype(np.float32)

    def _blocks(self) -> Iterator[tuple[int, int]]:
        """Each block's number and how many of its rows are used."""
        for block in range(len(self._codes)):
            yield block, min(BLOCK, self._size - block * BLOCK)

    def _mean_now(self) -> NDArray[np.float32]:
        """The mean the search centres on, each row's product with it kept up to date."""
        if self._size > self._mean_size * (1 + _MEAN_DRIFT) or not self._mean_size:
            self._mean, self._mean_size, self._toward_rows = self.mean(), self._size, 0
        if self._toward_rows < self._size:
            first = self._toward_rows // BLOCK
            for block, used in self._blocks():
                if block < first:
                    continue
                # One position at a time: a whole block widened to floats is 136 MB,
                # which a regency's searcher paid on top of its gallery at every drift.
                for position in range(FINGERS):
                    widened = self._codes[block][position, :used].astype(np.float32)
                    scales = self._scales[block][:used, position]
                    self._toward[block][:used, position] = (widened @ self._mean) * scales
            self._toward_rows = self._size
        return self._mean

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
        |mean|^2) and its centred dot product v.q' - mean.q': one pass over the rows, and
        only over the positions the probe holds.
        """
        one_blas_thread()
        mean = self._mean_now()
        positions = np.flatnonzero(np.linalg.norm(probe, axis=1) > 0)
        centred = (probe[positions] - mean).astype(np.float32)
        lengths = np.linalg.norm(centred, axis=1)
        lengths[lengths == 0] = 1.0
        centred /= lengths[:, None]
        along_mean = centred @ mean
        mean_square = float(mean @ mean)
        summed = np.zeros(self._size, dtype=np.float32)
        shared = np.zeros(self._size, dtype=np.float32)
        for block, used in self._blocks():
            rows = slice(block * BLOCK, block * BLOCK + used)
            scales = self._scales[block][:used]
            toward = self._toward[block][:used]
            for k, position in enumerate(positions):
                present = scales[:, position] > 0
                widened = self._codes[block][position, :used].astype(np.float32)
                dots = (widened @ centred[k]) * scales[:, position] - along_mean[k]
                norms = np.sqrt(np.maximum(1.0 - 2.0 * toward[:, position] + mean_square, 1e-12))
                summed[rows] += np.where(present, dots / norms, 0.0)
                shared[rows] += present
        return np.asarray(summed / np.sqrt(np.maximum(shared, 1.0)), dtype=np.float32)

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

    def _settle_hashes(self) -> None:
        """Sort the waiting hashes in with the others (the old arrays let go first)."""
        if not self._pending_count:
            return
        digests = np.concatenate([self._hash_digests, *self._pending_digests])
        rows = np.concatenate([self._hash_rows, *self._pending_rows])
        self._hash_keys, self._hash_digests, self._hash_rows = _NO_KEYS, _NO_DIGESTS, _NO_ROWS
        self._pending_digests, self._pending_rows, self._pending_count = [], [], 0
        self._set_hashes(digests, rows)

    def _set_hashes(self, digests: NDArray[np.uint8], rows: NDArray[np.int64]) -> None:
        keys = _keys(digests)
        if len(keys) > 1 and not bool(np.all(keys[1:] >= keys[:-1])):
            order = np.argsort(keys, kind="stable")
            keys, digests, rows = keys[order], digests[order], rows[order]
        self._hash_keys, self._hash_digests, self._hash_rows = keys, digests, rows

    def _all_hashes(self) -> tuple[NDArray[np.uint8], NDArray[np.int64]]:
        """Every image hash and its row, sorted by the hash's first eight bytes."""
        self._settle_hashes()
        return self._hash_digests, self._hash_rows

    def sharing_images(self, hashes: Iterable[str]) -> set[int]:
        """The rows holding an image whose SHA-256 is one of ``hashes`` (a replay)."""
        wanted = image_digests(hashes)
        found: set[int] = set()
        if not len(wanted):
            return found
        keys, digests, rows = self._hash_keys, self._hash_digests, self._hash_rows
        if len(self._pending_digests) > 1:  # one array, not a Python loop over thousands
            self._pending_digests = [np.concatenate(self._pending_digests)]
            self._pending_rows = [np.concatenate(self._pending_rows)]
        for key, digest in zip(_keys(wanted), wanted, strict=True):
            at = int(np.searchsorted(keys, key))
            while at < len(keys) and keys[at] == key:
                if np.array_equal(digests[at], digest):
                    found.add(int(rows[at]))
                at += 1
            for waiting, owners in zip(self._pending_digests, self._pending_rows, strict=True):
                same = np.all(waiting == digest, axis=1)
                found.update(int(r) for r in owners[same])
        return found

    def hashes_of(self, row: int) -> frozenset[str]:
        """A row's image hashes (hex), as added."""
        digests, rows = self._all_hashes()
        return frozenset(bytes(d).hex() for d in digests[rows == row])

    def similar_faces(
        self,
        face: NDArray[np.float32] | None,
        probe: NDArray[np.float32],
        fewer_than: int,
        at_least: float,
    ) -> dict[int, float]:
        """The rows whose face is ``at_least`` this alike (cosine), and how alike.

        Only rows sharing fewer than ``fewer_than`` finger positions with ``probe`` are
        compared: with enough shared fingers the face decides nothing
        (``matcher.compare``).  The mark is applied here, in the arrays: a face-only
        probe compares every row, and a dict of 100,000 similarities per search would be
        a Python loop over the gallery again.
        """
        if face is None or not self._face_dimensions or len(face) != self._face_dimensions:
            return {}
        probe_present = np.linalg.norm(probe, axis=1) > 0
        similar: dict[int, float] = {}
        for block, used in self._blocks():
            shared = np.count_nonzero((self._scales[block][:used] > 0) & probe_present, axis=1)
            wanted = np.flatnonzero((shared < fewer_than) & (self._face_scales[block][:used] > 0))
            if not len(wanted):
                continue
            widened = self._face_codes[block][wanted].astype(np.float32)
            values = (widened @ face) * self._face_scales[block][wanted]
            close = values >= at_least
            for at, value in zip(wanted[close], values[close], strict=True):
                similar[block * BLOCK + int(at)] = float(value)
        return similar

    def vectors_of(self, row: int) -> NDArray[np.float32]:
        """A row's vectors as held (each within its rounding of what was added)."""
        block, at = divmod(row, BLOCK)
        codes = self._codes[block][:, at].astype(np.float32)
        return np.asarray(codes * self._scales[block][at][:, None], dtype=np.float32)

    def face_of(self, row: int) -> NDArray[np.float32] | None:
        """A row's face descriptor as held, or None."""
        block, at = divmod(row, BLOCK)
        scale = self._face_scales[block][at]
        if not scale or not self._face_dimensions:
            return None
        return np.asarray(self._face_codes[block][at].astype(np.float32) * scale, np.float32)

    def take(self, rows: Sequence[int]) -> Index:
        """A new index of ``rows`` only, in that order (a record left the gallery)."""
        kept = Index()
        kept._face_dimensions = self._face_dimensions
        renumbered = np.full(self._size, -1, dtype=np.int64)
        for new, row in enumerate(rows):
            block, at = divmod(row, BLOCK)
            face_codes = self._face_codes[block][at] if self._face_dimensions else None
            scales = self._scales[block][at]
            kept._append(
                self._codes[block][:, at], scales, face_codes, self._face_scales[block][at]
            )
            present = scales > 0
            kept._sum += (self.vectors_of(row)[present]).sum(axis=0, dtype=np.float64)
            kept._fingers += int(present.sum())
            renumbered[row] = new
        digests, owners = self._all_hashes()
        if len(digests):
            moved = renumbered[owners]
            kept._set_hashes(digests[moved >= 0], moved[moved >= 0])
        return kept

    def prepare(self) -> None:
        """Take the mean and every row's product with it now, not at the next search."""
        one_blas_thread()
        self._mean_now()

    def parts(self) -> Iterator[tuple[str, NDArray[Any]]]:
        """What a snapshot keeps, array by array (``sync.server.dedup.snapshot``).

        With the mean the rows were last prepared with and their products with it, so a
        searcher started from the snapshot does not take them again (seconds at 100,000).
        """
        self.prepare()
        yield "size", np.asarray([self._size, self._fingers, self._face_dimensions], np.int64)
        yield "sum", self._sum
        yield "mean", self._mean
        yield "mean_size", np.asarray([self._mean_size], np.int64)
        for block, used in self._blocks():
            yield f"toward.{block}", self._toward[block][:used]
            yield f"codes.{block}", self._codes[block][:, :used]
            yield f"scales.{block}", self._scales[block][:used]
            yield f"face_scales.{block}", self._face_scales[block][:used]
            if self._face_dimensions:
                yield f"face_codes.{block}", self._face_codes[block][:used]
        digests, rows = self._all_hashes()
        if len(digests):
            yield "hash_digests", digests
            yield "hash_rows", rows

    @classmethod
    def from_parts(cls, parts: Mapping[str, NDArray[Any]]) -> Index:
        """The index :meth:`parts` described; full blocks are the given arrays, not copies.

        A snapshot's reader hands over what it decrypted: copying a regency's index would
        hold it twice while the searcher starts.
        """
        made = cls()
        size, fingers, face_dimensions = (int(v) for v in parts["size"])
        made._face_dimensions = face_dimensions
        for block in range(math.ceil(size / BLOCK)):
            used = min(BLOCK, size - block * BLOCK)
            if used == BLOCK:  # a full block is never written again: its arrays as read
                made._codes.append(parts[f"codes.{block}"])
                made._scales.append(parts[f"scales.{block}"])
                made._face_scales.append(parts[f"face_scales.{block}"])
                made._toward.append(np.array(parts[f"toward.{block}"]))
                if face_dimensions:
                    made._face_codes.append(parts[f"face_codes.{block}"])
                continue
            made._grow()
            made._toward[block][:used] = parts[f"toward.{block}"]
            made._codes[block][:, :used] = parts[f"codes.{block}"]
            made._scales[block][:used] = parts[f"scales.{block}"]
            made._face_scales[block][:used] = parts[f"face_scales.{block}"]
            if face_dimensions:
                made._face_codes[block][:used] = parts[f"face_codes.{block}"]
        made._size, made._fingers = size, fingers
        made._mean = np.array(parts["mean"], dtype=np.float32)
        made._mean_size = int(parts["mean_size"][0])
        made._toward_rows = size
        made._sum = np.array(parts["sum"], dtype=np.float64)  # a copy: it is added to
        if "hash_digests" in parts:
            made._set_hashes(
                np.asarray(parts["hash_digests"], dtype=np.uint8),
                np.asarray(parts["hash_rows"], dtype=np.int64),
            )
        return made
