"""Issue 57.1 on the laptop: an image's declared size is checked before it is decoded.

Every place the laptop decodes an image it receives or reads (a file or a photo through
``fieldkit.quality.imageio``, a device's answer through the SBI client, an enrollment
bundle's QR picture, a WSQ print) asks the one check, ``drivers.image_size``, first: a
few hundred bytes claiming 20,000 x 20,000 pixels are refused with their own message,
not decoded (Pillow's decompression-bomb error, or OpenCV allocating 400 MB for nothing).
"""

from __future__ import annotations

import io
import struct
from typing import TYPE_CHECKING

import numpy as np
import pytest
from PIL import Image

from drivers.errors import ProtocolError
from drivers.sbi.client import decode_image as decode_device_image
from fieldkit import sentences
from fieldkit.formats.wsq import WsqError, decode_wsq, encode_wsq
from fieldkit.quality.imageio import ImageUnreadable, decode_image, load_image
from sync.bundle import BundleError, read_bundle
from sync.server import catalogue

if TYPE_CHECKING:
    from pathlib import Path

SIDE = 20_000


def _patched(data: bytes, at: int, size: tuple[int, int], order: str = ">II") -> bytes:
    out = bytearray(data)
    out[at : at + struct.calcsize(order)] = struct.pack(order, *size)
    return bytes(out)


def _saved(fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    Image.fromarray(np.zeros((8, 8), np.uint8)).save(out, format=fmt, **options)
    return out.getvalue()


def png_bomb() -> bytes:
    return _patched(_saved("PNG"), 16, (SIDE, SIDE))


def jp2_bomb() -> bytes:
    data = _saved("JPEG2000", no_jp2=False)
    data = _patched(data, data.find(b"ihdr") + 4, (SIDE, SIDE))
    return _patched(data, data.find(b"\xff\x51") + 6, (SIDE, SIDE))


def jpeg_bomb() -> bytes:
    data = _saved("JPEG")
    return _patched(data, data.find(b"\xff\xc0") + 5, (SIDE, SIDE), ">HH")


def test_a_file_or_photo_declaring_a_huge_size_is_refused_with_its_own_message(
    tmp_path: Path,
) -> None:
    for name, bomb in (("png", png_bomb()), ("jp2", jp2_bomb()), ("jpg", jpeg_bomb())):
        with pytest.raises(ImageUnreadable) as refused:
            decode_image(bomb, name=f"bukti.{name}")
        assert refused.value.code == "image_too_large", name
        assert int(refused.value.params["width"]) == SIDE
        said = catalogue.text("id", "image_too_large", refused.value.params, context="errors")
        assert "20000 x 20000" in said
        assert said != sentences.english("errors", "image_too_large", refused.value.params)
        path = tmp_path / f"bukti.{name}"
        path.write_bytes(bomb)
        with pytest.raises(ImageUnreadable) as from_file:
            load_image(path)
        assert from_file.value.code == "image_too_large"
    # A real picture of ordinary size still reads.
    assert decode_image(_saved("PNG"), mode="grey").shape == (8, 8)


def test_a_device_answer_declaring_a_huge_size_is_refused_before_opencv_decodes_it() -> None:
    for bomb in (png_bomb(), jp2_bomb(), jpeg_bomb()):
        with pytest.raises(ProtocolError) as refused:
            decode_device_image(bomb)
        assert "20000 x 20000" in str(refused.value)


def test_a_bundle_picture_declaring_a_huge_size_is_refused(tmp_path: Path) -> None:
    picture = tmp_path / "laptop-1.png"
    picture.write_bytes(png_bomb())
    with pytest.raises(BundleError) as refused:
        read_bundle(picture)
    assert refused.value.reason == "image_too_large"


def test_a_wsq_print_declaring_a_huge_size_is_refused_before_the_codec() -> None:
    data = encode_wsq(np.full((64, 64), 128, np.uint8))
    frame = data.find(b"\xff\xa2")
    with pytest.raises(WsqError, match="20000 x 20000"):
        decode_wsq(_patched(data, frame + 6, (SIDE, SIDE), ">HH"))
