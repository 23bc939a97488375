"""Generated and mutated bytes to the record container reader: parsed, or ``ContainerError``."""

from __future__ import annotations

import hashlib
import struct

from hypothesis import given
from hypothesis import strategies as st

from fieldkit.records import container
from tests.fuzzing import SETTINGS, TRIED, bounded, outside_bytes


def _valid() -> bytes:
    blobs = container.BlobList()
    image = b"\x89PNG fake image bytes" * 20
    header = {
        "record_id": "r-1",
        "face": blobs.ref("image/png", hashlib.sha256(image).hexdigest(), image),
    }
    return container.pack(header, blobs).payload


VALID = _valid()


def _with_header(head: bytes) -> bytes:
    return container.MAGIC + struct.pack(">I", len(head)) + head


payloads = st.one_of(
    outside_bytes(VALID),
    outside_bytes(VALID).map(lambda b: container.MAGIC + b),
    outside_bytes(container.split(VALID)[0]).map(_with_header),
)


@SETTINGS
@given(payloads)
def test_every_payload_is_read_or_refused(payload: bytes) -> None:
    TRIED["record container"] += 1

    def read() -> None:
        try:
            header, blobs = container.unpack(payload)
        except container.ContainerError:
            return
        assert isinstance(header, dict)
        assert sum(map(len, blobs)) <= len(payload)

    bounded(read)


def test_the_valid_container_still_reads() -> None:
    header, blobs = container.unpack(VALID)
    assert header["record_id"] == "r-1"
    assert len(blobs) == 1
    print(f"record container: {TRIED['record container']} cases")  # noqa: T201
