"""A record's templates, and how two records compare (penunggalan's matcher).

Fingers: NBIS's MINDTCT minutiae extraction through ``nbis-py`` (the pinned wheel the
laptop's quality check uses too).  Each single finger (FGP 1-10) of the record's kept
attempt becomes an ISO 19794-2 template; a finger with fewer than :data:`MIN_MINUTIAE`
minutiae is *poor* and is not searched.  Two records are compared only finger position by
finger position (a right thumb with a right thumb), never across positions.  The slaps
(13-15) are not searched: their single fingers are already there.

Two opinions on each shared finger, fused (:func:`finger_score`): NBIS's Bozorth3 and
Minutia Cylinder-Code (``sync.server.dedup.mcc``), each divided by its own score at a
false match rate of 0.01 % on real prints, so that 1.0 means "as alike as one stranger
pair in 10,000".  The *person* is decided on the sum over the shared fingers
(:data:`PERSON_THRESHOLDS`): one finger alone must be far above any stranger seen, ten
ordinary genuine fingers clear their mark many times over.  Every figure comes from real
public prints (``benchmarks/bench_real_prints.py``; ``benchmarks/README.md`` keeps them):
Bozorth3's old mark of 80, set on the simulator's prints, let 59 % of real genuine finger
pairs through.

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
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import cv2
import nbis
import numpy as np
from PIL import Image, UnidentifiedImageError

from drivers.image_size import check_declared_size
from fieldkit.quality.face import FaceAnalyzer
from fieldkit.quality.finger import MIN_MINUTIAE as QUALITY_MIN_MINUTIAE
from sync.server.dedup import index, mcc

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

log = logging.getLogger(__name__)

#: Each matcher's score at a false match rate of 0.01 % on real prints (eight FVC B sets,
#: 2,240 genuine and 25,059 impostor pairs; ``benchmarks/README.md``): the fused score's
#: unit.  There Bozorth3 misses 28.0 % of genuine pairs, MCC 19.5 %, the two fused 18.6 %.
BOZORTH_AT_TEN_THOUSAND = 33.0
MCC_AT_TEN_THOUSAND = 0.0305
#: The fused score's weights: MCC is the better of the two on real prints (EER 6.8 %
#: against 8.0 %); Bozorth3's share (0.3 was best of 0, 0.3, 0.5, 0.7 and 1) still removes
#: some of MCC's misses.
BOZORTH_WEIGHT = 0.3
#: The sum of the shared fingers' fused scores from which two records are one person, by
#: how many usable finger positions they share.  Two to ten: the sum that that many real
#: stranger fingers reach once in a million pairs of people
#: (``evaluation.person_mark(impostor, shared, 1e-6)``, the exact distribution of the sum
#: of that many of the 25,059 impostor scores of the eight FVC B sets,
#: ``benchmarks/bench_real_prints.py``).  A search compares its shortlist only (8 to 30
#: people, :func:`~sync.server.dedup.index.shortlist_size`), however large the gallery,
#: so it meets a false candidate a few times in 100,000 searches if the shortlisted
#: strangers were as unlike as any, and an adjudicator dismisses it.  One finger: far
#: above the highest stranger seen (1.16): one finger's tail cannot be measured at that
#: rate from 25,000 pairs, and such a pair is also compared by face.  The marks until
#: 2026-11-29 (2.2 for two ... 6.0 for ten) were drawn for an earlier MCC whose
#: strangers scored higher; on today's scores they stood at a few in a billion (two
#: fingers: 1.6e-9) and let 6.5 % of real two-finger duplicates through on the FVC sets.
PERSON_THRESHOLDS = {
    1: 1.7,
    2: 1.77,
    3: 2.275,
    4: 2.765,
    5: 3.24,
    6: 3.71,
    7: 4.175,
    8: 4.64,
    9: 5.1,
    10: 5.555,
}
#: A finger is named among a candidate's reasons from this fused score (its own FMR 0.01 %).
FINGER_MATCH_THRESHOLD = 1.0
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
        check_declared_size(data)  # before Pillow allocates what the header claims (57.1)
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
            array = np.asarray(picture.convert(mode), dtype=np.uint8)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
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


def attempt_ppi(attempt: dict[str, Any]) -> float:
    """The resolution an attempt's device reported (its signed metadata's ``ppi``).

    A device that says nothing is taken at :data:`PPI` (the simulators and the ZFM
    scanner say 500); a value that is not a number is unknown too.
    """
    chain = attempt.get("chain")
    metadata = chain.get("metadata") if isinstance(chain, dict) else None
    value = metadata.get("ppi") if isinstance(metadata, dict) else None
    try:
        ppi = float(value) if value is not None else PPI
    except (TypeError, ValueError):
        return PPI
    return ppi if math.isfinite(ppi) and ppi > 0 else PPI


def supported_resolution(ppi: float) -> bool:
    """Whether a print taken at ``ppi`` can be rescaled to :data:`PPI` and still matched.

    Below 250 ppi the ridges (about 9 px apart at 500) are under five pixels apart and
    MINDTCT finds no reliable minutiae; past 1500 the rescale throws most of it away and
    such a device is not a fingerprint scanner for enrolment (ISO/IEC 19794-4 classes
    run from 500 to 1000).
    """
    return MIN_PPI <= ppi <= MAX_PPI


def _kept_images(header: dict[str, Any], blobs: list[bytes]) -> list[tuple[str, str, bytes, float]]:
    """(slot, part, bytes, ppi) of every JPEG 2000 image of each slot's kept attempt."""
    found: list[tuple[str, str, bytes, float]] = []
    for capture in header.get("captures") or []:
        if not isinstance(capture, dict):
            continue
        for attempt in capture.get("attempts") or []:
            if not isinstance(attempt, dict) or not attempt.get("kept"):
                continue
            ppi = attempt_ppi(attempt)
            for image in attempt.get("images") or []:
                index = image.get("blob") if isinstance(image, dict) else None
                if image.get("media_type") != _JP2 or type(index) is not int:
                    continue
                if 0 <= index < len(blobs):
                    slot, part = str(capture.get("slot")), str(image.get("part"))
                    found.append((slot, part, blobs[index], ppi))
    return found


#: The resolution every template is made at: the matchers' distances are in its pixels.
PPI = 500.0
#: The resolutions a print may come at to be rescaled to PPI (see supported_resolution).
MIN_PPI = 250.0
MAX_PPI = 1500.0


def at_standard_resolution(image: NDArray[np.uint8], ppi: float) -> NDArray[np.uint8]:
    """The print rescaled to :data:`PPI` (an image already at it comes back unchanged)."""
    if abs(ppi - PPI) < 1.0:
        return image
    factor = PPI / ppi
    height, width = image.shape
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    shrink = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    return np.asarray(cv2.resize(image, size, interpolation=shrink), dtype=np.uint8)


def finger_template(image: NDArray[np.uint8], ppi: float = PPI) -> bytes | None:
    """The print's ISO 19794-2 template, or None when it has fewer than MIN_MINUTIAE.

    ``ppi``: the image's resolution; another than :data:`PPI` is rescaled to it first.
    """
    image = at_standard_resolution(image, ppi)
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
    for slot, part, data, ppi in _kept_images(header, blobs):
        if slot == "signature":
            continue
        hashes.add(hashlib.sha256(data).hexdigest())
        if slot.startswith("finger:") and part.isdigit() and int(part) in _SINGLE_FINGERS:
            position = int(part)
            grey = decoded_image(data, "L") if supported_resolution(ppi) else None
            if not supported_resolution(ppi):
                log.warning("finger %d taken at %.0f ppi: not searched", position, ppi)
            template = None if grey is None else finger_template(grey, ppi)
            if template is None:
                poor.append(position)
            else:
                fingers[position] = template
        elif slot == "face" and face is None:
            picture = decoded_image(data, "RGB")
            face = None if picture is None else face_descriptor(picture)
    return Templates(fingers, tuple(sorted(poor)), face, frozenset(hashes))


# --- comparing ------------------------------------------------------------------------


@dataclass(slots=True)
class Loaded:
    """A gallery entry ready to compare: the templates' bytes, the face as an array.

    ``templates`` keeps each finger's ISO bytes (about 400 bytes).  What a comparison
    needs of them, NBIS's loaded template for Bozorth3 and MCC's cylinders, is made when a
    comparison needs it: a gallery entry is compared only when the pre-filter shortlists
    it, and holding every person's cylinders (hundreds of kilobytes a finger) would not
    fit a regency's gallery in memory, while loading every finger into NBIS at start-up
    cost 2.8 ms a person for what most people never use.
    """

    device_id: str
    record_id: str
    face: NDArray[np.float32] | None
    hashes: frozenset[str]
    #: The pre-filter's vectors of the ten positions (``sync.server.dedup.index``).
    vectors: NDArray[np.float32] = field(
        default_factory=lambda: np.zeros((index.FINGERS, index.DIMENSIONS), dtype=np.float32)
    )
    templates: dict[int, bytes] = field(default_factory=dict)
    _kept_cylinders: dict[int, mcc.Cylinders] | None = field(default=None, repr=False)
    _kept_bozorth: dict[int, Any] | None = field(default=None, repr=False)

    @property
    def fingers(self) -> frozenset[int]:
        """The finger positions this entry holds a usable template of."""
        return frozenset(self.templates)

    def cylinders(self, position: int) -> mcc.Cylinders:
        """This finger's MCC cylinders: made afresh, or from :meth:`with_kept_cylinders`' cache."""
        if self._kept_cylinders is not None:
            if position not in self._kept_cylinders:
                self._kept_cylinders[position] = mcc.cylinders(self.templates[position])
            return self._kept_cylinders[position]
        return mcc.cylinders(self.templates[position])

    def bozorth(self, position: int) -> Any:
        """This finger loaded into NBIS for Bozorth3 (call with ``_NBIS_LOCK`` held)."""
        if self._kept_bozorth is not None:
            if position not in self._kept_bozorth:
                self._kept_bozorth[position] = _nbis_template(self.templates[position])
            return self._kept_bozorth[position]
        return _nbis_template(self.templates[position])

    def with_kept_cylinders(self) -> Loaded:
        """A copy that keeps what it makes: a probe compared with a whole shortlist.

        A copy, not this entry: the ABIS engine's probe is a gallery entry, which must not
        carry a search's cylinders (hundreds of kilobytes a finger) after it.
        """
        return replace(self, _kept_cylinders={}, _kept_bozorth={})


_NO_VECTORS = np.zeros((0, index.DIMENSIONS), dtype=np.float32)


def _nbis_template(data: bytes) -> Any:
    return _extractor().load_iso_19794_2_2005(data)


def load(device_id: str, record_id: str, templates: Templates) -> Loaded:
    """A record's templates ready for the search (its pre-filter vectors computed)."""
    face = None if templates.face is None else np.asarray(templates.face, dtype=np.float32)
    vectors = index.person_vectors(templates.fingers)
    return Loaded(device_id, record_id, face, templates.hashes, vectors, dict(templates.fingers))


@dataclass(frozen=True)
class Match:
    """One reason to call another record a candidate: a part and its score."""

    part: str  # "1".."10", "face", or "replay"
    score: float


REPLAY = "replay"
FACE = "face"


def finger_score(bozorth: float, cylinder_code: float) -> float:
    """Two matchers' scores of one finger pair fused: 1.0 is each one's FMR 0.01 % mark."""
    return (
        BOZORTH_WEIGHT * bozorth / BOZORTH_AT_TEN_THOUSAND
        + (1.0 - BOZORTH_WEIGHT) * cylinder_code / MCC_AT_TEN_THOUSAND
    )


def person_threshold(shared: int) -> float:
    """The fused sum two records sharing ``shared`` usable fingers must reach."""
    return PERSON_THRESHOLDS[max(1, min(shared, max(PERSON_THRESHOLDS)))]


def finger_scores(probe: Loaded, other: Loaded) -> dict[int, float]:
    """The fused score of every finger position both records hold."""
    index.one_blas_thread()
    scores: dict[int, float] = {}
    for position in sorted(set(probe.fingers) & set(other.fingers)):
        with _NBIS_LOCK:
            bozorth = float(probe.bozorth(position).compare(other.bozorth(position)))
        cylinder_code = 0.0
        if position in probe.templates and position in other.templates:
            cylinder_code = mcc.score(probe.cylinders(position), other.cylinders(position))
        scores[position] = round(finger_score(bozorth, cylinder_code), 4)
    return scores


def compare(
    probe: Loaded,
    other: Loaded,
    *,
    fingers: bool = True,
    face: float | None = None,
    replay: bool = False,
) -> list[Match]:
    """Why ``other`` is a candidate for ``probe``'s person; empty when it is not.

    A shared image's bytes make it a replay, and nothing else is scored.  Otherwise the
    fingers both records have are scored position by position and the person decided on
    their sum (:func:`person_threshold`); the reasons named are the fingers at or above
    :data:`FINGER_MATCH_THRESHOLD` (the best one when none is).  The face is compared too
    when they share fewer than MIN_USABLE_FINGERS positions: ``face`` is that similarity
    when the index already measured it (a gallery entry keeps its face there, not in
    itself).  ``replay``: the index found an image of ``probe`` among ``other``'s (a
    gallery entry keeps its hashes there too).  ``fingers=False``: the cheap checks only
    (replay, face), for a record the pre-filter left out of the shortlist
    (``sync.server.dedup.index``).
    """
    if replay or probe.hashes & other.hashes:
        return [Match(REPLAY, 1.0)]
    found: list[Match] = []
    shared = sorted(set(probe.fingers) & set(other.fingers))
    if fingers and shared:
        scores = finger_scores(probe, other)
        if sum(scores.values()) >= person_threshold(len(scores)):
            named = [p for p, v in scores.items() if v >= FINGER_MATCH_THRESHOLD]
            reasons = named or [max(scores, key=lambda p: scores[p])]
            found.extend(Match(str(position), scores[position]) for position in reasons)
    if len(shared) < MIN_USABLE_FINGERS and probe.face is not None:
        if face is None and other.face is not None:
            face = float(np.dot(probe.face, other.face))
        if face is not None and face >= FACE_MATCH_THRESHOLD:
            found.append(Match(FACE, round(face, 4)))
    return found


def held(entry: Loaded) -> Loaded:
    """A gallery entry as the gallery keeps it once its index holds its vectors and face.

    The index keeps them as bytes, and the image hashes as digests
    (``sync.server.dedup.index``); the entry keeps what a comparison reads, its
    templates.  At 100,000 people the vectors and faces kept twice would be 4 GB, and
    the hashes as sets of hex strings 0.2 GB.
    """
    return replace(entry, vectors=_NO_VECTORS, face=None, hashes=frozenset())


def search(
    probe: Loaded, entries: Sequence[Loaded], prefilter: index.Index
) -> list[tuple[Loaded, Match]]:
    """Every entry's reasons to be ``probe``'s candidate, the probe's own entry left out.

    ``prefilter`` holds the entries' vectors, faces and image hashes row for row.  The
    fingers of its best people only are scored, as many as
    :func:`~sync.server.dedup.index.shortlist_size` gives for the probe's fingers (one
    more, since the probe itself may be among the entries); a replay (a shared image) or
    a face-only pair is looked up in the index for everyone, and only those rows are
    compared.  The office's search and its ABIS engine (``sync.server.dedup.engine``)
    both search so.
    """
    probe = probe.with_kept_cylinders()
    size = index.shortlist_size(index.fingers_of(probe.vectors)) + 1
    shortlisted = set(prefilter.shortlist(probe.vectors, size))
    faces = prefilter.similar_faces(
        probe.face, probe.vectors, MIN_USABLE_FINGERS, FACE_MATCH_THRESHOLD
    )
    replays = prefilter.sharing_images(probe.hashes)
    found: list[tuple[Loaded, Match]] = []
    for row in sorted(shortlisted | set(faces) | replays):
        entry = entries[row]
        if (entry.device_id, entry.record_id) == (probe.device_id, probe.record_id):
            continue
        matches = compare(
            probe, entry, fingers=row in shortlisted, face=faces.get(row), replay=row in replays
        )
        found.extend((entry, m) for m in matches)
    return found


def face_similarity(first: tuple[float, ...], second: tuple[float, ...]) -> float:
    """Cosine similarity of two descriptors (both unit length): 1 is the same picture."""
    return float(np.dot(np.asarray(first, np.float32), np.asarray(second, np.float32)))


__all__ = [
    "FACE_MATCH_THRESHOLD",
    "FINGER_MATCH_THRESHOLD",
    "MIN_MINUTIAE",
    "MIN_USABLE_FINGERS",
    "PERSON_THRESHOLDS",
    "Loaded",
    "Match",
    "Templates",
    "attempt_ppi",
    "compare",
    "decoded_image",
    "face_descriptor",
    "finger_score",
    "finger_scores",
    "finger_template",
    "held",
    "load",
    "person_threshold",
    "search",
    "supported_resolution",
    "templates_of",
]
