"""The opened gallery kept sealed on disk, so a searcher starts in seconds, not minutes.

Opening every sealed row of ``dedup_templates`` costs a key agreement, a decryption and a
pair histogram per person (about 5 ms): 100,000 people took minutes before a searcher
could search.  A searcher therefore writes what it opened (the entries' templates and
hashes, the index's bytes) into one file beside its data, and the next start reads it
back and opens only the rows added since.

The file identifies people as the templates do, so it is sealed like them: a fresh
content key HPKE-sealed to the data center's active encryption key (the suite records
and templates are sealed with, bound to this use), and the content in chunks of
AES-256-GCM, each chunk's nonce its number and the last one marked, so a file cut short,
reordered or altered does not open.  A snapshot that does not open is set aside in the
log and the rows are opened as before: it only ever saves time.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import struct
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from fieldkit.durable import fsync_dir
from fieldkit.sealing import SealError, open_from, seal_to
from sync.protocol import b64decode, b64encode
from sync.server.dedup import index, matcher

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from numpy.typing import NDArray

    from sync.server.keys import DataCenterKeys

log = logging.getLogger(__name__)

_MAGIC = b"FKDSNAP1"
_FORMAT = "fieldkit-dedup-snapshot-v1"
_LENGTH = struct.Struct(">I")
#: Plaintext bytes per sealed chunk: what is held in memory beyond the arrays themselves.
CHUNK = 16 * 1024 * 1024
#: The largest header a snapshot may declare (a sealed key and a few names).
_HEADER_MOST = 64 * 1024


class SnapshotError(Exception):
    """A snapshot that cannot be used: missing key, altered, cut short, another format."""


def _info(kid: str) -> bytes:
    return f"{_FORMAT}|{kid}".encode()


def _nonce(number: int) -> bytes:
    return number.to_bytes(12, "big")


def _aad(header: bytes, last: bool) -> bytes:
    return header + (b"\x01" if last else b"\x00")


class _SealedWriter:
    """Chunks written as they fill: ``length | AES-GCM(chunk)``, the last one marked."""

    def __init__(self, out: IO[bytes], key: bytes, header: bytes) -> None:
        self._out, self._aead, self._header = out, AESGCM(key), header
        self._pending = bytearray()
        self._number = 0

    def write(self, data: bytes | memoryview) -> None:
        """Add ``data``; whole chunks are sealed straight from it, never copied first."""
        view = memoryview(data).cast("B")
        if self._pending:
            room = CHUNK - len(self._pending)
            self._pending += view[:room]
            view = view[room:]
            if not view:
                return
            self._emit(bytes(self._pending), last=False)
            self._pending.clear()
        while len(view) > CHUNK:  # one more byte at least follows: not the last chunk
            self._emit(view[:CHUNK], last=False)
            view = view[CHUNK:]
        self._pending += view

    def _emit(self, chunk: bytes | memoryview, *, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._number), chunk, _aad(self._header, last))
        self._out.write(_LENGTH.pack(len(sealed)) + sealed)
        self._number += 1

    def close(self) -> None:
        self._emit(bytes(self._pending), last=True)
        self._pending.clear()


class _SealedReader:
    """The plaintext of a :class:`_SealedWriter`'s chunks, read in order."""

    def __init__(self, source: IO[bytes], key: bytes, header: bytes) -> None:
        self._in, self._aead, self._header = source, AESGCM(key), header
        self._plain = b""
        self._at = 0
        self._number = 0
        self._ended = False

    def _next_chunk(self) -> None:
        if self._ended:
            raise SnapshotError("the snapshot ends early")
        length_bytes = self._in.read(_LENGTH.size)
        if len(length_bytes) != _LENGTH.size:
            raise SnapshotError("the snapshot is cut short")
        (length,) = _LENGTH.unpack(length_bytes)
        if length > CHUNK + 16:
            raise SnapshotError("a chunk longer than the format allows")
        sealed = self._in.read(length)
        for last in (False, True):
            try:
                plain = self._aead.decrypt(_nonce(self._number), sealed, _aad(self._header, last))
            except InvalidTag:
                continue
            self._plain, self._at, self._ended = plain, 0, last
            self._number += 1
            return
        raise SnapshotError("a chunk does not open: altered, reordered or of another file")

    def read_into(self, target: memoryview) -> None:
        """Fill ``target`` with the next plaintext bytes (an array's own memory)."""
        filled = 0
        while filled < len(target):
            if self._at == len(self._plain):
                self._next_chunk()
            count = min(len(target) - filled, len(self._plain) - self._at)
            target[filled : filled + count] = self._plain[self._at : self._at + count]
            self._at += count
            filled += count

    def read(self, size: int) -> bytes:
        if size <= len(self._plain) - self._at:  # within this chunk: one slice, one copy
            piece = self._plain[self._at : self._at + size]
            self._at += size
            return piece
        read = bytearray(size)
        self.read_into(memoryview(read))
        return bytes(read)

    def finish(self) -> None:
        if self._at != len(self._plain) or not self._ended or self._in.read(1):
            raise SnapshotError("the snapshot holds more than it declared")


def _entry_parts(
    seqs: Sequence[int], entries: Sequence[matcher.Loaded]
) -> Iterator[tuple[str, NDArray[Any]]]:
    """The entries' seq numbers, ids and templates, as flat arrays (hashes: the index's)."""
    yield "seqs", np.asarray(seqs, dtype=np.int64)
    ids = [[entry.device_id, entry.record_id] for entry in entries]
    yield "ids", np.frombuffer(json.dumps(ids).encode(), dtype=np.uint8)
    lengths = np.zeros((len(entries), index.FINGERS), dtype=np.int32)
    for row, entry in enumerate(entries):
        for position, template in entry.templates.items():
            lengths[row, position - 1] = len(template)
    yield "template_lengths", lengths
    yield (
        "templates",
        np.frombuffer(
            b"".join(e.templates[p] for e in entries for p in sorted(e.templates)), np.uint8
        ),
    )


def write(
    path: Path,
    keys: DataCenterKeys,
    seqs: Sequence[int],
    entries: Sequence[matcher.Loaded],
    prefilter: index.Index,
) -> None:
    """Seal the gallery (``entries`` row for row with ``prefilter``) into ``path``, atomically."""
    kid = keys.active_kid
    public = keys.encryption_keys[kid].public_key().public_bytes_raw()
    content_key = secrets.token_bytes(32)
    header = json.dumps(
        {
            "format": _FORMAT,
            "kid": kid,
            "key": b64encode(seal_to(public, content_key, info=_info(kid))),
            "chunk": CHUNK,
        },
        sort_keys=True,
    ).encode()
    parts = [*_entry_parts(seqs, entries), *prefilter.parts()]
    manifest = json.dumps(
        [[name, array.dtype.str, list(array.shape)] for name, array in parts]
    ).encode()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as out:
        out.write(_MAGIC + _LENGTH.pack(len(header)) + header)
        sealed = _SealedWriter(out, content_key, header)
        sealed.write(_LENGTH.pack(len(manifest)) + manifest)
        for _name, array in parts:
            sealed.write(np.ascontiguousarray(array).reshape(-1).view(np.uint8).data)
        sealed.close()
        out.flush()
        os.fsync(out.fileno())
    partial.replace(path)
    fsync_dir(path.parent)


def _header(source: IO[bytes]) -> bytes:
    if source.read(len(_MAGIC)) != _MAGIC:
        raise SnapshotError("not a penunggalan snapshot")
    length_bytes = source.read(_LENGTH.size)
    if len(length_bytes) != _LENGTH.size:
        raise SnapshotError("the snapshot is cut short")
    (length,) = _LENGTH.unpack(length_bytes)
    if length > _HEADER_MOST:
        raise SnapshotError("a header longer than the format allows")
    return source.read(length)


def _content_key(header: bytes, keys: DataCenterKeys) -> bytes:
    try:
        fields = json.loads(header)
        kid, sealed = str(fields["kid"]), b64decode(fields["key"])
        if fields["format"] != _FORMAT or fields["chunk"] != CHUNK:
            raise SnapshotError("another snapshot format")
    except (ValueError, KeyError, TypeError) as exc:
        raise SnapshotError("the snapshot's header does not read") from exc
    private = keys.encryption_keys.get(kid)
    if private is None:
        raise SnapshotError(f"sealed to key {kid}, not held")
    try:
        return open_from(private, sealed, info=_info(kid))
    except SealError as exc:
        raise SnapshotError("its key does not open") from exc


def _parts(plain: _SealedReader) -> tuple[dict[str, NDArray[Any]], list[matcher.Loaded]]:
    """Every part as an array, and the entries made as their templates are read.

    The templates (a third of a gallery's bytes) become each entry's own bytes straight
    from the decrypted chunks: read whole first, they were held twice at the start's peak.
    """
    (length,) = _LENGTH.unpack(plain.read(_LENGTH.size))
    try:
        manifest = json.loads(plain.read(length))
        declared = [(str(n), np.dtype(d), tuple(int(v) for v in s)) for n, d, s in manifest]
    except (ValueError, TypeError) as exc:
        raise SnapshotError("the snapshot's list of parts does not read") from exc
    parts: dict[str, NDArray[Any]] = {}
    entries: list[matcher.Loaded] = []
    for name, dtype, shape in declared:
        if name == "templates":
            entries = _entries(parts, plain, int(np.prod(shape, dtype=np.int64)))
            continue
        array = np.empty(shape, dtype=dtype)  # the index adopts its full blocks as they are
        plain.read_into(array.reshape(-1).view(np.uint8).data)
        parts[name] = array
    plain.finish()
    return parts, entries


def _entries(
    parts: dict[str, NDArray[Any]], plain: _SealedReader, declared: int
) -> list[matcher.Loaded]:
    """The entries, each template read as its own bytes; ids and lengths let go after."""
    ids = json.loads(parts.pop("ids").tobytes())
    lengths = parts.pop("template_lengths")
    if int(lengths.sum()) != declared or len(lengths) != len(ids):
        raise SnapshotError("the templates do not add up to what the snapshot declares")
    entries: list[matcher.Loaded] = []
    for row, (device_id, record_id) in enumerate(ids):
        fingers = {
            int(position) + 1: plain.read(int(lengths[row, position]))
            for position in np.flatnonzero(lengths[row])
        }
        held = matcher.Loaded(str(device_id), str(record_id), None, frozenset(), templates=fingers)
        entries.append(matcher.held(held))
    return entries


def read(
    path: Path, keys: DataCenterKeys
) -> tuple[list[int], list[matcher.Loaded], index.Index] | None:
    """The seq numbers, entries and index a snapshot holds; None (logged) if none is usable."""
    try:
        with path.open("rb") as source:
            header = _header(source)
            plain = _SealedReader(source, _content_key(header, keys), header)
            parts, entries = _parts(plain)
        seqs = [int(v) for v in parts.pop("seqs")]
        prefilter = index.Index.from_parts(parts)
    except FileNotFoundError:
        return None
    except (OSError, SnapshotError, ValueError, KeyError, TypeError) as exc:
        log.warning("penunggalan snapshot %s not used (%s); the rows are opened", path, exc)
        return None
    if not len(seqs) == len(entries) == len(prefilter):
        log.warning("penunggalan snapshot %s does not add up; the rows are opened", path)
        return None
    return seqs, entries, prefilter


def default_path(keys: DataCenterKeys) -> Path:
    """Beside the data center's keys, in its data folder: one snapshot per host."""
    return Path(keys.directory).parent / "penunggalan" / "gallery.sealed"


__all__ = ["CHUNK", "SnapshotError", "default_path", "read", "write"]
