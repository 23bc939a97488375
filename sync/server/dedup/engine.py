"""The office's own search behind MOSIP's ABIS API: an ABIS engine (``dedup.abis.answerer``).

Issue 48 asks that the data center's own search answer through the same interface an
external ABIS does, so that an office replaces one with the other without a code
change.  This engine takes exactly what an external ABIS takes: the insert's
ANSI/NIST-ITL transaction (read here with :func:`sync.server.an2.decode`, never from the
data center's records), and nothing else.  From it:

* each single finger (Type-14, FGP 1-10) is decoded from WSQ and turned into a MINDTCT
  template, as ``sync.server.dedup.matcher`` does for a record; a Type-14 that carries
  AMP instead of an image is simply not there;
* the face (Type-10) gives the LBP descriptor, the face's second opinion;
* every image's bytes give a SHA-256, so a file sent twice is a replay.

``identify`` searches with :func:`sync.server.dedup.matcher.search` (the pre-filter,
then the fingers of the shortlist, position by position), and answers each candidate
with ``internalScore`` (its best part's score) and one ``modalities`` entry per kind
that matched (``FIR`` fingers, ``FID`` face), as MOSIP's ABIS API has them.  Its probe
is the reference held under that id or, when none is, the transaction the request's
``referenceURL`` names, searched and never kept.  A ``gallery`` restricts the search
*before* the pre-filter: only the listed references are searched, as a gallery of their
own (with its own pre-filter), so a reference outside the list never takes a place on
the shortlist from one inside it.  ``delete`` forgets a reference (its sealed file is
removed; the pre-filter is rebuilt before the next search).

What it holds is biometric: each reference's templates are sealed to the data center's
active key (bound to the reference) in a file of their own under ``root`` (0600, written
whole); they are opened into this process's memory only, when the engine starts.
``docs/threat-model.md`` ("Penunggalan") says who may run it.
"""

from __future__ import annotations

import binascii
import contextlib
import hashlib
import json
import logging
import threading
from dataclasses import replace
from typing import TYPE_CHECKING

import _wsq  # the wsq wheel's own codec (no stubs: see mypy's overrides)
import numpy as np
from filelock import FileLock, Timeout

from drivers.image_size import check_declared_size
from fieldkit.durable import atomic_write, fsync_dir
from fieldkit.sealing import SealError, open_from, seal_to
from sync.protocol import Reason, b64decode, b64encode
from sync.server.dedup import an2, index, matcher
from sync.server.dedup.abis.answerer import EngineRefused
from sync.server.dedup.abis.messages import Candidate, FailureReason, Modality
from sync.server.errors import DataCenterError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from pathlib import Path

    from numpy.typing import NDArray

    from sync.server.keys import DataCenterKeys

log = logging.getLogger(__name__)

_SINGLE_FINGERS = {str(n) for n in range(1, 11)}
_SUFFIX = ".sealed"
#: Held by the one process answering with this engine's folder (``abis answer``).
_LOCK = ".answerer.lock"
#: The modality MOSIP's API names for a matching part.
_FINGER, _FACE = "FIR", "FID"


def _info(reference_id: str, kid: str) -> bytes:
    """Binds a sealed file to its reference: copied under another, it does not open."""
    return f"fieldkit-dc-abis-engine-v1|{reference_id}|{kid}".encode()


def templates_of_transaction(transaction: bytes) -> matcher.Templates:
    """What the search keeps of an ANSI/NIST-ITL transaction, or :class:`EngineRefused`.

    16 (invalid CBEFF format) for bytes that are not a transaction or an image that does
    not decode; 11 (no data) for a transaction with no finger or face image at all.
    """
    try:
        read = an2.decode(transaction)
    except an2.TransactionError as exc:
        log.warning("ABIS engine: transaction refused: %s", exc)
        raise EngineRefused(FailureReason.INVALID_CBEFF_FORMAT) from None
    fingers: dict[int, bytes] = {}
    poor: list[int] = []
    face: tuple[float, ...] | None = None
    hashes: set[str] = set()
    images = 0
    for record in read:
        data = record.fields.get(an2.IMAGE_FIELD)
        if record.type not in {an2.FACE, an2.FINGER, an2.IRIS} or not data:
            continue
        images += 1
        hashes.add(hashlib.sha256(data).hexdigest())
        position = record.text(13)
        if record.type == an2.FINGER and position in _SINGLE_FINGERS:
            pixels, ppi = _wsq_pixels(data)
            template = matcher.finger_template(pixels, ppi)
            if template is None:
                poor.append(int(position))
            else:
                fingers[int(position)] = template
        elif record.type == an2.FACE and face is None:
            picture = matcher.decoded_image(data, "RGB")
            if picture is None:
                raise EngineRefused(FailureReason.INVALID_CBEFF_FORMAT)
            face = matcher.face_descriptor(picture)
    if images == 0:
        raise EngineRefused(FailureReason.CBEFF_HAS_NO_DATA)
    return matcher.Templates(fingers, tuple(sorted(poor)), face, frozenset(hashes))


def _wsq_pixels(data: bytes) -> tuple[NDArray[np.uint8], float]:
    """A WSQ image's pixels and the resolution its header gives.

    WSQ writes -1 for an unknown resolution: taken at 500 ppi, as every FBI-certified
    capture is.  A resolution no rescale can bring to 500 is refused as a CBEFF whose
    data this ABIS cannot use (MOSIP's table has no reason of its own for it).
    """
    try:
        check_declared_size(data)  # before the codec allocates what the header claims (57.1)
        pixels, width, height, ppi = _wsq.decompress(data)
    except Exception:  # noqa: BLE001 - the codec raises bare errors on bad bytes
        raise EngineRefused(FailureReason.INVALID_CBEFF_FORMAT) from None
    if len(pixels) != width * height:
        raise EngineRefused(FailureReason.INVALID_CBEFF_FORMAT)
    resolution = float(ppi) if ppi and ppi > 0 else matcher.PPI
    if not matcher.supported_resolution(resolution):
        log.warning("a WSQ finger at %.0f ppi is refused", resolution)
        raise EngineRefused(FailureReason.INVALID_CBEFF_FORMAT)
    return np.frombuffer(pixels, dtype=np.uint8).reshape(height, width), resolution


def _candidate(reference_id: str, matches: list[matcher.Match]) -> Candidate:
    """One candidate in the API's words: its best score, and each kind that matched."""
    best = max(m.score for m in matches)
    replay = any(m.part == matcher.REPLAY for m in matches)
    analytics = {"internalScore": str(best), "replay": "true" if replay else "false"}
    modalities: list[Modality] = []
    fingers = [m for m in matches if m.part in _SINGLE_FINGERS]
    if fingers:
        modalities.append(
            Modality(
                _FINGER,
                {
                    "internalScore": str(max(m.score for m in fingers)),
                    "fingers": ",".join(m.part for m in fingers),
                },
            )
        )
    faces = [m for m in matches if m.part == matcher.FACE]
    if faces:
        modalities.append(Modality(_FACE, {"internalScore": str(faces[0].score)}))
    return Candidate(reference_id, analytics, tuple(modalities))


@contextlib.contextmanager
def answering_alone(root: Path) -> Iterator[None]:
    """The engine's folder for this process alone, or ``abis_engine_busy`` at once.

    Each answering process holds its own gallery in memory: two over one folder would
    each miss what the other inserts or deletes.  The lock is the operating system's
    (released when the process ends, however it ends).
    """
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = FileLock(root / _LOCK, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise DataCenterError(
            409, Reason.INVALID_REQUEST, code="abis_engine_busy", params={"folder": root}
        ) from None
    try:
        yield
    finally:
        lock.release()


class OwnSearchEngine:
    """The office's search as an ABIS: references inserted, sealed, searched in memory."""

    def __init__(
        self, root: Path, keys: DataCenterKeys, *, stopping: Callable[[], bool] | None = None
    ) -> None:
        """The references sealed in ``root`` opened; ``stopping()`` true ends the opening early."""
        self.root = root
        self._keys = keys
        self._lock = threading.Lock()
        self._entries: list[matcher.Loaded] = []
        self._row: dict[str, int] = {}
        self._prefilter = index.Index()
        #: Rows deleted since: entries and pre-filter are taken without them before a search.
        self._gone: set[int] = set()
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        for path in sorted(root.glob(f"*{_SUFFIX}")):
            if stopping is not None and stopping():
                break
            self._open(path)

    def __len__(self) -> int:
        return len(self._row)

    def __contains__(self, reference_id: object) -> bool:
        return reference_id in self._row

    def _path(self, reference_id: str) -> Path:
        return self.root / f"{hashlib.sha256(reference_id.encode()).hexdigest()}{_SUFFIX}"

    def _hold(self, reference_id: str, templates: matcher.Templates) -> None:
        loaded = matcher.load("abis", reference_id, templates)
        self._row[reference_id] = len(self._entries)
        self._entries.append(matcher.held(loaded))
        self._prefilter.add(loaded.vectors, loaded.face, loaded.hashes)

    def _open(self, path: Path) -> None:
        try:
            kept = json.loads(path.read_bytes())
            reference_id, kid = str(kept["reference"]), str(kept["kid"])
            private = self._keys.encryption_keys[kid]
            plain = open_from(private, b64decode(kept["sealed"]), info=_info(reference_id, kid))
            templates = matcher.Templates.from_bytes(plain)
        except (OSError, SealError, binascii.Error, ValueError, KeyError, TypeError):
            log.warning("ABIS engine: %s does not open with these keys; left out", path.name)
            return
        if reference_id not in self._row:
            self._hold(reference_id, templates)

    def insert(self, reference_id: str, transaction: bytes) -> None:
        """Keep a reference's templates (sealed on disk, open here); search nothing."""
        with self._lock:
            if reference_id in self._row:
                raise EngineRefused(FailureReason.REFERENCE_ID_EXISTS)
        templates = templates_of_transaction(transaction)
        if not templates.searchable:
            raise EngineRefused(FailureReason.QUALITY_CHECK_FAILED)
        kid = self._keys.active_kid
        public = self._keys.encryption_keys[kid].public_key().public_bytes_raw()
        sealed = seal_to(public, templates.to_bytes(), info=_info(reference_id, kid))
        kept = {"reference": reference_id, "kid": kid, "sealed": b64encode(sealed)}
        with self._lock:
            if reference_id in self._row:  # inserted meanwhile by another request
                raise EngineRefused(FailureReason.REFERENCE_ID_EXISTS)
            atomic_write(self._path(reference_id), json.dumps(kept).encode())
            self._hold(reference_id, templates)

    def delete(self, reference_id: str) -> None:
        """Forget a reference: its sealed file removed, its entry out of the next search."""
        with self._lock:
            if reference_id not in self._row:
                raise EngineRefused(FailureReason.REFERENCE_ID_NOT_FOUND)
            path = self._path(reference_id)
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            fsync_dir(self.root)
            self._gone.add(self._row.pop(reference_id))

    @staticmethod
    def _outside(reference_id: str, probe: bytes) -> matcher.Loaded:
        """A probe the engine does not hold, from its transaction: searched, never kept."""
        templates = templates_of_transaction(probe)
        if not templates.searchable:
            raise EngineRefused(FailureReason.QUALITY_CHECK_FAILED)
        return matcher.load("abis-probe", reference_id, templates)

    def _searched(self, gallery: Sequence[str] | None) -> tuple[list[matcher.Loaded], index.Index]:
        """The entries to search and their pre-filter: every one held, or ``gallery``'s alone.

        The restriction comes before the pre-filter: the listed references are a gallery
        of their own, with a pre-filter of their own (an unknown id is no one's).
        """
        if self._gone:
            kept = [row for row in range(len(self._entries)) if row not in self._gone]
            self._prefilter = self._prefilter.take(kept)
            self._entries = [self._entries[row] for row in kept]
            self._row = {entry.record_id: n for n, entry in enumerate(self._entries)}
            self._gone = set()
        if gallery is None:
            return self._entries, self._prefilter
        rows = sorted({self._row[r] for r in gallery if r in self._row})
        return [self._entries[row] for row in rows], self._prefilter.take(rows)

    def identify(
        self,
        reference_id: str,
        gallery: Sequence[str] | None,
        max_results: int | None,
        *,
        probe: bytes | None = None,
    ) -> Sequence[Candidate]:
        """A reference searched against every other (or ``gallery``'s alone), best first.

        The reference held under ``reference_id``; or, when none is, ``probe`` (the
        transaction the request's ``referenceURL`` names), searched and not kept.
        """
        with self._lock:
            held = bool(reference_id) and reference_id in self._row
        loaded = None
        if not held:
            if probe is None:
                raise EngineRefused(FailureReason.REFERENCE_ID_NOT_FOUND)
            loaded = self._outside(reference_id, probe)  # decoded outside the lock
        with self._lock:
            if loaded is None and reference_id not in self._row:  # deleted meanwhile
                raise EngineRefused(FailureReason.REFERENCE_ID_NOT_FOUND)
            entries, prefilter = self._searched(gallery)
            if loaded is None:  # the held entry, its vectors and face as the index keeps them
                row = self._row[reference_id]
                loaded = replace(
                    self._entries[row],
                    vectors=self._prefilter.vectors_of(row),
                    face=self._prefilter.face_of(row),
                    hashes=self._prefilter.hashes_of(row),
                )
            found = matcher.search(loaded, entries, prefilter)
        by_reference: dict[str, list[matcher.Match]] = {}
        for entry, match in found:
            by_reference.setdefault(entry.record_id, []).append(match)
        answer = [_candidate(other, matches) for other, matches in by_reference.items()]
        answer.sort(key=lambda c: -(c.score or 0.0))
        return answer if max_results is None else answer[:max_results]


__all__ = ["OwnSearchEngine", "answering_alone", "templates_of_transaction"]
