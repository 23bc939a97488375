"""The record container's frame: where its header ends and its blobs begin.

Layout::

    "FKRC1" NUL  u32 big-endian header length  header  blob 0  blob 1 ...

Two readers need it: :mod:`fieldkit.records.container`, which builds the header
and checks the blobs against it, and :mod:`fieldkit.sealing`, whose version-2
inner signature covers the header alone.  Sealing sits below the records (the
outbox seals with it), so the frame lives here, below both.
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from fieldkit.errors import KnownError

if TYPE_CHECKING:
    from collections.abc import Iterable

MAGIC = b"FKRC1\x00"
_LENGTH = struct.Struct(">I")
#: A header lists blobs and a few hundred fields: kilobytes.  Anything near this is not ours.
MAX_HEADER_BYTES = 4 * 1024 * 1024


class ContainerError(KnownError):
    """A record container that is cut short, padded, or whose blobs do not match their hashes."""

    code = "record_container_invalid"


def frame(head: bytes, blobs: Iterable[bytes]) -> bytes:
    """The container's bytes: the magic, the header's length, the header, then each blob."""
    return b"".join([MAGIC, _LENGTH.pack(len(head)), head, *blobs])


def is_container(payload: bytes) -> bool:
    return payload.startswith(MAGIC)


def split(payload: bytes) -> tuple[bytes, memoryview]:
    """The header's bytes and the blob area, without checking the blobs."""
    if not is_container(payload):
        raise ContainerError(params={"problem": "magic"})
    start = len(MAGIC) + _LENGTH.size
    if len(payload) < start:
        raise ContainerError(params={"problem": "truncated"})
    (length,) = _LENGTH.unpack_from(payload, len(MAGIC))
    if length > MAX_HEADER_BYTES:
        raise ContainerError(params={"problem": "header_too_large"})
    if len(payload) < start + length:
        raise ContainerError(params={"problem": "truncated"})
    return payload[start : start + length], memoryview(payload)[start + length :]
