"""The record container's checks: in place (``checked_header``) as strict as ``unpack``."""

from __future__ import annotations

import hashlib
import os

import pytest

from fieldkit.records import container


def _packed() -> tuple[bytes, list[bytes]]:
    blobs = container.BlobList()
    images = [os.urandom(size) for size in (0, 1, 70_000, 300_000)]
    refs = [blobs.ref("image/jp2", hashlib.sha256(data).hexdigest(), data) for data in images]
    return container.pack({"record_id": "r-1", "seq": 3, "images": refs}, blobs).payload, images


def test_checked_header_is_unpacks_header_without_the_blobs() -> None:
    payload, images = _packed()
    header, blobs = container.unpack(payload)
    assert blobs == images
    assert all(type(blob) is bytes for blob in blobs)
    assert container.checked_header(payload) == header
    assert header["record_id"] == "r-1"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda p: p[:-1] + bytes([p[-1] ^ 1]), "sha256"),
        (lambda p: p[:-1], "runs_past_end"),
        (lambda p: p + b"\0", "bytes_after_last_blob"),
        (lambda p: b"XXXXX\0" + p[6:], "magic"),
    ],
)
def test_checked_header_refuses_what_unpack_refuses(damage: object, message: str) -> None:
    payload, _ = _packed()
    bad = damage(payload)  # type: ignore[operator]
    for read in (container.unpack, container.checked_header):
        with pytest.raises(container.ContainerError) as refused:
            read(bad)
        assert refused.value.params["problem"] == message
