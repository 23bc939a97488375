"""The record container: a canonical JSON header followed by the raw image bytes.

Images used to travel as base64 inside the JSON; that cost a third more bytes
to hash, encrypt, write and upload, and a few milliseconds of encoding per
record on the laptop.  Here each image is a *blob* appended after the header,
and the header lists every blob's size, media type and SHA-256 (computed when
it was captured).  Signing the header therefore binds every image byte, so the
laptop signs a few kilobytes instead of hashing two megabytes; the data center
checks each blob against its listed hash when it unpacks the record.

The frame (the magic, the header's length, where the blobs begin) is
:mod:`fieldkit.framing`, which sealing reads too.  In the header, an image's
place is ``{"blob": <index>}``; ``header["blobs"]`` is the list of
``{"media_type", "sha256", "size"}`` in file order.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from fieldkit import safejson
from fieldkit.framing import MAGIC, MAX_HEADER_BYTES, ContainerError, frame, is_container, split

#: The frame's names, read by the container's users beside its own.
__all__ = [
    "MAGIC",
    "MAX_HEADER_BYTES",
    "Blob",
    "BlobList",
    "ContainerError",
    "Packed",
    "checked_header",
    "is_container",
    "pack",
    "split",
    "unpack",
]


@dataclass(frozen=True)
class Blob:
    media_type: str
    sha256: str
    data: bytes


class BlobList:
    """Collects blobs while the header is built; ``ref`` is what the header stores."""

    def __init__(self) -> None:
        self.blobs: list[Blob] = []

    def ref(self, media_type: str, sha256: str, data: bytes) -> dict[str, object]:
        self.blobs.append(Blob(media_type, sha256, data))
        return {"blob": len(self.blobs) - 1}


@dataclass(frozen=True)
class Packed:
    payload: bytes
    #: SHA-256 of the header: what the laptop signs (the header carries every blob's hash).
    statement: bytes


def pack(header: dict[str, Any], blobs: BlobList) -> Packed:
    full = {
        **header,
        "blobs": [
            {"media_type": b.media_type, "sha256": b.sha256, "size": len(b.data)}
            for b in blobs.blobs
        ],
    }
    head = safejson.canonical_json(full)
    payload = frame(head, (b.data for b in blobs.blobs))
    return Packed(payload, hashlib.sha256(head).digest())


def unpack(payload: bytes) -> tuple[dict[str, Any], list[bytes]]:
    """The header and each blob, after checking every blob's size and SHA-256."""
    header, spans = _checked(payload)
    return header, [bytes(span) for span in spans]


def checked_header(payload: bytes) -> dict[str, Any]:
    """The header, after checking every blob's size and SHA-256 where it lies.

    For a reader that needs no image (the data center's validation): the blobs
    are hashed in place instead of being copied out first.
    """
    return _checked(payload)[0]


def _checked(payload: bytes) -> tuple[dict[str, Any], list[memoryview]]:
    head, area = split(payload)
    try:
        header = safejson.loads(head, max_bytes=MAX_HEADER_BYTES)
    except safejson.JsonRefused:
        raise ContainerError(params={"problem": "header_json"}) from None
    if not isinstance(header, dict):
        raise ContainerError(params={"problem": "header_json"})
    listed = header.get("blobs")
    if not isinstance(listed, list):
        raise ContainerError(params={"problem": "no_blob_list"})
    spans: list[memoryview] = []
    offset = 0
    for entry in listed:
        size = entry.get("size") if isinstance(entry, dict) else None
        if type(size) is not int or size < 0 or offset + size > len(area):
            raise ContainerError(params={"problem": "runs_past_end"})
        span = area[offset : offset + size]
        if hashlib.sha256(span).hexdigest() != entry.get("sha256"):
            raise ContainerError(params={"problem": "sha256"})
        spans.append(span)
        offset += size
    if offset != len(area):
        raise ContainerError(params={"problem": "bytes_after_last_blob"})
    return header, spans
