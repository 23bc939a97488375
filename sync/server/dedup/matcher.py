"""A record's templates, and how two records compare (penunggalan's matcher).

Fingers: NBIS's MINDTCT minutiae extraction and Bozorth3 matcher through ``nbis-py``
(the pinned wheel the laptop's quality check uses too).  Each single finger (FGP 1-10) of
the record's kept attempt becomes an ISO 19794-2 template; a finger with fewer than
:data:`MIN_MINUTIAE` minutiae is *poor* and is not searched.  Two records are compared
only finger position by finger position (a right thumb with a right thumb), never across
positions: one record against a gallery of N costs at most 10 N Bozorth3 comparisons.
The slaps (13-15) are not searched: their single fingers are already there.

Face: a second opinion, consulted only for a pair of records that share fewer than
:data:`MIN_USABLE_FINGERS` usable finger positions (a bed-bound elderly person whose
prints are worn, an amputee).  It is deliberately simple: OpenCV's Haar cascades find
one face and both eyes (as the laptop's quality check does), the face is aligned on the
eyes (rotated level, scaled to a fixed eye distance), and described by uniform local
binary pattern histograms on a grid (Ahonen, Hadid and Pietikäinen, 2004), compared by
cosine similarity.  What it can do: tell the same photograph taken again (a small
sway, roll and light change) from a face with another shape or texture.  What it
cannot: LBP describes texture, not identity; it is fooled by look-alikes, glasses,
age and lighting, and it has never been measured on real faces here (no set of
different real faces, and no face-recognition model, is available offline).  So a
face match is only ever a *candidate* for a person to judge, never a verdict.

Replay: every kept image's SHA-256 travels with the templates.  A record with an image
byte for byte another record's holds a file sent again (a copied record, a bug), not a
second capture of a person (two captures of a real finger never agree to the byte): it is
flagged as ``replay`` and not also scored as a match of that record.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import json
import logging
import math
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import cv2
import nbis
import numpy as np
from PIL import Image, UnidentifiedImageError

from fieldkit.quality.face import FaceAnalyzer
from fieldkit.quality.finger import MIN_MINUTIAE as QUALITY_MIN_MINUTIAE
from sync.server.dedup import index

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

log = logging.getLogger(__name__)

#: Bozorth3 score from which one finger position of two records is a candidate match.
#: Measured here (``tests/sync/server/test_dedup.py`` keeps the check): synthetic prints
#: (``drivers.fingerprint.synth``, 40 fingers) against a second impression of themselves
#: (rotated up to 6°, shifted up to 15 px, a fifth cropped away, eroded or dilated, new
#: noise) score 194-389; against every other finger (2,340 pairs) at most 52, 99th
#: percentile 38.  On the two real impressions in ``tests/data/fingerprints`` a finger
#: scores 101 against itself and 13-15 against others; NBIS's guide calls > 40 a true
#: match.  80 sits above every impostor score seen (52) with room for the many more
#: comparisons a gallery makes, and below the real genuine pair (101).
FINGER_MATCH_THRESHOLD = 80
#: Fewer minutiae than this and a finger is *poor*: not searched (the laptop's own mark).
MIN_MINUTIAE = QUALITY_MIN_MINUTIAE
#: A pair of records sharing fewer usable finger positions than this is also compared by
#: face; a record with fewer usable fingers than this and no usable face cannot be
#: searched (ENROLL_FAILURE).  Two, because one finger alone is what a single worn or
#: bandaged print leaves, and one Bozorth3 score is a weak basis for "nobody else".
MIN_USABLE_FINGERS = 2
#: Cosine similarity of two face descriptors from which the faces are a candidate match.
#: Measured on the drawn face of the simulator's clips (``assets/sim/face_*``, every fifth
#: frame): its frames, swaying ±8 px and rolling ±2°, score 0.93-0.96 against each other on
#: red and blue backdrops alike; the same face at a fifth of the light (``face_dark``)
#: only 0.80-0.82 (LBP is light-sensitive after all: such a photo fails the laptop's
#: exposure check anyway).  No different face was available to measure impostors
#: (see the module's words), so this mark comes from the genuine side alone.
FACE_MATCH_THRESHOLD = 0.9

#: The aligned face: FACE_SIZE (w, h) pixels, eyes FACE_EYE_DISTANCE apart at FACE_EYE_ROW.
FACE_SIZE = (96, 112)
FACE_EYE_DISTANCE = 40.0
FACE_EYE_ROW = 40.0
#: LBP histograms on a grid of FACE_GRID (columns, rows) cells.
FACE_GRID = (6, 7)
_SINGLE_FINGERS = range(1, 11)
_JP2 = "image/jp2"
#: Bozorth3 in NBIS keeps its work in static arrays, and the binding promises no thread
#: safety: one call at a time in a process (extraction and comparison alike).
_NBIS_LOCK = threading.Lock()
_FORMAT = 1


def _uniform_table() -> NDArray[np.uint8]:
    """The 256 LBP codes mapped to 59 bins: the 58 uniform patterns, and one for the rest."""
    table = np.full(256, 58, dtype=np.uint8)
    index = 0
    for code in range(256):
        bits = [(code >> k) & 1 for k in range(8)]
        changes = sum(bits[k] != bits[(k + 1) % 8] for k in range(8))
        if changes <= 2:  # noqa: PLR2004 - the definition of a uniform pattern
            table[code] = index
            index += 1
    return table


_UNIFORM = _uniform_table()


@functools.cache
def _extractor() -> Any:
    """One NBIS extractor per process (no NFIQ 2: the search needs minutiae only)."""
    settings = nbis.NbisExtractorSettings(
        min_quality=0.0,
        get_center=False,
        check_fingerprint=False,
        compute_nfiq2=False,
        ppi=500.0,
    )
    return nbis.new_nbis_extractor(settings)


def _pgm(image: NDArray[np.uint8]) -> bytes:
    """Binary PGM: the cheapest container nbis-py decodes."""
    height, width = image.shape
    return b"P5\n%d %d\n255\n" % (width, height) + np.ascontiguousarray(image).tobytes()


def decoded_image(data: bytes, mode: str) -> NDArray[np.uint8] | None:
    """A stored image as grey ("L") or BGR ("RGB" read, turned BGR); None if unreadable."""
    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
            array = np.asarray(picture.convert(mode), dtype=np.uint8)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    if mode == "RGB":
        return np.ascontiguousarray(array[:, :, ::-1])
    return np.ascontiguousarray(array)


# --- a record's templates ---------------------------------------------------------------


@dataclass(frozen=True)
class Templates:
    """What the search keeps of one record: never an image, only what is compared.

    ``fingers``: finger position → ISO 19794-2 template, usable fingers only; ``poor``:
    positions captured but with too few minutiae; ``face``: the descriptor, or None when
    no single face with both eyes was found; ``hashes``: SHA-256 of every kept image.
    """

    fingers: dict[int, bytes] = field(default_factory=dict)
    poor: tuple[int, ...] = ()
    face: tuple[float, ...] | None = None
    hashes: frozenset[str] = frozenset()

    @property
    def searchable(self) -> bool:
        """Enough to search with: MIN_USABLE_FINGERS usable fingers, or a usable face."""
        return len(self.fingers) >= MIN_USABLE_FINGERS or self.face is not None

    def to_bytes(self) -> bytes:
        """Canonical JSON, for sealing (``sync.server.dedup.gallery``)."""
        face = None
        if self.face is not None:
            face = base64.b64encode(np.asarray(self.face, dtype="<f4").tobytes()).decode()
        return json.dumps(
            {
                "format": _FORMAT,
                "fingers": {
                    str(p): base64.b64encode(t).decode() for p, t in sorted(self.fingers.items())
                },
                "poor": list(self.poor),
                "face": face,
                "hashes": sorted(self.hashes),
            },
            sort_keys=True,
            separators=(",", ":"),
        ).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Templates:
        value = json.loads(data)
        if not isinstance(value, dict) or value.get("format") != _FORMAT:
            raise ValueError("not a penunggalan template of this format")
        face = value.get("face")
        return cls(
            fingers={int(p): base64.b64decode(t) for p, t in value["fingers"].items()},
            poor=tuple(int(p) for p in value["poor"]),
            face=None
            if face is None
            else tuple(float(v) for v in np.frombuffer(base64.b64decode(face), dtype="<f4")),
            hashes=frozenset(str(h) for h in value["hashes"]),
        )


def _kept_images(header: dict[str, Any], blobs: list[bytes]) -> list[tuple[str, str, bytes]]:
    """(slot, part, bytes) of every JPEG 2000 image of each slot's kept attempt."""
    found: list[tuple[str, str, bytes]] = []
    for capture in header.get("captures") or []:
        if not isinstance(capture, dict):
            continue
        for attempt in capture.get("attempts") or []:
            if not isinstance(attempt, dict) or not attempt.get("kept"):
                continue
            for image in attempt.get("images") or []:
                index = image.get("blob") if isinstance(image, dict) else None
                if image.get("media_type") != _JP2 or type(index) is not int:
                    continue
                if 0 <= index < len(blobs):
                    found.append((str(capture.get("slot")), str(image.get("part")), blobs[index]))
    return found


def finger_template(image: NDArray[np.uint8]) -> bytes | None:
    """The print's ISO 19794-2 template, or None when it has fewer than MIN_MINUTIAE."""
    try:
        with _NBIS_LOCK:
            minutiae = _extractor().extract_minutiae(_pgm(image))
            count = len(minutiae.get())
            template: bytes = minutiae.to_iso_19794_2_2005()
    except nbis.NbisError as error:
        log.debug("no minutiae: %s", type(error).__name__)
        return None
    return template if count >= MIN_MINUTIAE else None


def face_descriptor(image: NDArray[np.uint8]) -> tuple[float, ...] | None:
    """The LBP descriptor of the one face in a BGR picture, or None (no face, no eyes)."""
    grey = np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    analyzer = FaceAnalyzer()
    faces = analyzer.detect(grey)
    if len(faces) != 1:
        return None
    eyes = analyzer.find_eyes(grey, faces[0])
    if eyes is None:
        return None
    (lx, ly), (rx, ry) = eyes
    distance = math.hypot(rx - lx, ry - ly)
    if distance < 1:
        return None
    centre = ((lx + rx) / 2, (ly + ry) / 2)
    angle = math.degrees(math.atan2(ry - ly, rx - lx))
    matrix = cv2.getRotationMatrix2D(centre, angle, FACE_EYE_DISTANCE / distance)
    matrix[0, 2] += FACE_SIZE[0] / 2 - centre[0]
    matrix[1, 2] += FACE_EYE_ROW - centre[1]
    aligned = cv2.warpAffine(grey, matrix, FACE_SIZE, flags=cv2.INTER_AREA)
    equalised = np.asarray(cv2.equalizeHist(aligned), dtype=np.uint8)
    return tuple(float(v) for v in _lbp_histograms(equalised))


def _lbp_histograms(grey: NDArray[np.uint8]) -> NDArray[np.float32]:
    """Uniform LBP (8 neighbours, radius 1) histograms per grid cell, Hellinger-normalised."""
    centre = grey[1:-1, 1:-1].astype(np.int16)
    codes = np.zeros(centre.shape, dtype=np.uint8)
    offsets = ((-1, -1), (-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1))
    height, width = grey.shape
    for bit, (dy, dx) in enumerate(offsets):
        neighbour = grey[1 + dy : height - 1 + dy, 1 + dx : width - 1 + dx].astype(np.int16)
        codes |= ((neighbour >= centre).astype(np.uint8) << bit).astype(np.uint8)
    bins = _UNIFORM[codes]
    columns, rows = FACE_GRID
    cell_h, cell_w = bins.shape[0] // rows, bins.shape[1] // columns
    parts = [
        np.bincount(
            bins[r * cell_h : (r + 1) * cell_h, c * cell_w : (c + 1) * cell_w].ravel(),
            minlength=59,
        )
        for r in range(rows)
        for c in range(columns)
    ]
    vector = np.sqrt(np.concatenate(parts).astype(np.float32))
    norm = float(np.linalg.norm(vector)) or 1.0
    return np.asarray(vector / norm, dtype=np.float32)


def templates_of(header: dict[str, Any], blobs: list[bytes]) -> Templates:
    """Everything the search needs from an opened record (its header and blobs)."""
    fingers: dict[int, bytes] = {}
    poor: list[int] = []
    face: tuple[float, ...] | None = None
    hashes: set[str] = set()
    for slot, part, data in _kept_images(header, blobs):
        if slot == "signature":
            continue
        hashes.add(hashlib.sha256(data).hexdigest())
        if slot.startswith("finger:") and part.isdigit() and int(part) in _SINGLE_FINGERS:
            position = int(part)
            grey = decoded_image(data, "L")
            template = None if grey is None else finger_template(grey)
            if template is None:
                poor.append(position)
            else:
                fingers[position] = template
        elif slot == "face" and face is None:
            picture = decoded_image(data, "RGB")
            face = None if picture is None else face_descriptor(picture)
    return Templates(fingers, tuple(sorted(poor)), face, frozenset(hashes))


# --- comparing ------------------------------------------------------------------------


@dataclass
class Loaded:
    """A gallery entry ready to compare: NBIS's templates loaded, the face as an array."""

    device_id: str
    record_id: str
    fingers: dict[int, Any]
    face: NDArray[np.float32] | None
    hashes: frozenset[str]
    #: The pre-filter's vectors of the ten positions (``sync.server.dedup.index``).
    vectors: NDArray[np.float32] = field(
        default_factory=lambda: np.zeros((index.FINGERS, index.DIMENSIONS), dtype=np.float32)
    )


def load(device_id: str, record_id: str, templates: Templates) -> Loaded:
    with _NBIS_LOCK:
        fingers = {
            position: _extractor().load_iso_19794_2_2005(data)
            for position, data in templates.fingers.items()
        }
    face = None if templates.face is None else np.asarray(templates.face, dtype=np.float32)
    vectors = index.person_vectors(templates.fingers)
    return Loaded(device_id, record_id, fingers, face, templates.hashes, vectors)


@dataclass(frozen=True)
class Match:
    """One reason to call another record a candidate: a part and its score."""

    part: str  # "1".."10", "face", or "replay"
    score: float


REPLAY = "replay"
FACE = "face"


def compare(probe: Loaded, other: Loaded, *, fingers: bool = True) -> list[Match]:
    """Why ``other`` is a candidate for ``probe``'s person; empty when it is not.

    A shared image's bytes make it a replay, and nothing else is scored.  Otherwise the
    fingers both records have are compared position by position; the face too when
    they share fewer than MIN_USABLE_FINGERS positions.  A part is reported only at or
    above its threshold.  ``fingers=False``: the cheap checks only (replay, face), for a
    record the pre-filter left out of Bozorth3's shortlist (``sync.server.dedup.index``).
    """
    if probe.hashes & other.hashes:
        return [Match(REPLAY, 1.0)]
    found: list[Match] = []
    shared = sorted(set(probe.fingers) & set(other.fingers))
    for position in shared if fingers else ():
        with _NBIS_LOCK:
            score = int(probe.fingers[position].compare(other.fingers[position]))
        if score >= FINGER_MATCH_THRESHOLD:
            found.append(Match(str(position), float(score)))
    if len(shared) < MIN_USABLE_FINGERS and probe.face is not None and other.face is not None:
        similarity = float(np.dot(probe.face, other.face))
        if similarity >= FACE_MATCH_THRESHOLD:
            found.append(Match(FACE, round(similarity, 4)))
    return found


def search(
    probe: Loaded, entries: Sequence[Loaded], prefilter: index.Index
) -> list[tuple[Loaded, Match]]:
    """Every entry's reasons to be ``probe``'s candidate, the probe's own entry left out.

    ``prefilter`` holds the entries' vectors row for row.  Bozorth3 compares the
    fingers of its :data:`~sync.server.dedup.index.SHORTLIST` best people only (one
    more, since the probe itself may be among the entries); a replay or a face-only
    pair is checked against everyone, as those checks cost next to nothing.  The
    office's search and its ABIS engine (``sync.server.dedup.engine``) both search so.
    """
    shortlisted = set(prefilter.shortlist(probe.vectors, index.SHORTLIST + 1))
    found: list[tuple[Loaded, Match]] = []
    for row, entry in enumerate(entries):
        if (entry.device_id, entry.record_id) == (probe.device_id, probe.record_id):
            continue
        found.extend((entry, m) for m in compare(probe, entry, fingers=row in shortlisted))
    return found


def face_similarity(first: tuple[float, ...], second: tuple[float, ...]) -> float:
    """Cosine similarity of two descriptors (both unit length): 1 is the same picture."""
    return float(np.dot(np.asarray(first, np.float32), np.asarray(second, np.float32)))


__all__ = [
    "FACE_MATCH_THRESHOLD",
    "FINGER_MATCH_THRESHOLD",
    "MIN_MINUTIAE",
    "MIN_USABLE_FINGERS",
    "Loaded",
    "Match",
    "Templates",
    "compare",
    "decoded_image",
    "face_descriptor",
    "finger_template",
    "load",
    "search",
    "templates_of",
]
