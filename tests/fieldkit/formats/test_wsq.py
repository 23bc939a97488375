"""WSQ export, decoded by the NBIS codec's low-level API and parsed by a reader written here."""

from __future__ import annotations

import struct

import nbis
import numpy as np
import pytest

from drivers.fingerprint.synth import synthesize
from fieldkit.formats.wsq import WsqError, decode_wsq, encode_wsq, read_wsq_header
from fieldkit.quality.finger import nfiq2


def markers(data: bytes) -> list[bytes]:
    """WSQ marker walk, independent of the module under test."""
    found = [data[:2]]
    pos = 2
    while pos < len(data):
        marker = data[pos : pos + 2]
        found.append(marker)
        if marker == b"\xff\xa1":
            break
        if marker == b"\xff\xa3":  # block header, then entropy-coded data up to the next marker
            (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
            pos += 2 + length
            while not (data[pos] == 0xFF and 0xA0 <= data[pos + 1] <= 0xA8):
                pos += 1
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        pos += 2 + length
    return found


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return 10 * np.log10(255**2 / mse)


def template(image: np.ndarray) -> nbis.Minutiae:
    extractor = nbis.new_nbis_extractor(
        nbis.NbisExtractorSettings(
            min_quality=0.0,
            get_center=False,
            check_fingerprint=False,
            compute_nfiq2=False,
            ppi=500.0,
        )
    )
    height, width = image.shape
    return extractor.extract_minutiae(b"P5\n%d %d\n255\n" % (width, height) + image.tobytes())


@pytest.mark.parametrize("shape", [(288, 256), (288, 200), (200, 288)])
def test_non_square_prints_round_trip_with_their_size(shape: tuple[int, int]) -> None:
    height, width = shape
    big = np.full((300, 300), 244, np.uint8)
    big[:288, :256] = synthesize(4)
    original = np.ascontiguousarray(big[:height, :width])
    data = encode_wsq(original)
    assert data[:2] == b"\xff\xa0"
    found = markers(data)
    assert found[-1] == b"\xff\xa1"
    assert b"\xff\xa2" in found  # frame header
    sof = data.index(b"\xff\xa2")
    assert struct.unpack(">HH", data[sof + 6 : sof + 10]) == (height, width)
    assert b"PPI 500" in data
    header = read_wsq_header(data)
    assert (header.width, header.height, header.ppi) == (width, height, 500)
    decoded = decode_wsq(data)
    assert decoded.shape == original.shape
    # WSQ at 0.75 bpp is lossy: about 12:1 and ~30 dB on these crisp synthetic ridges.
    assert 8 < original.size / len(data) < 20
    assert psnr(original, decoded) > 27
    assert np.abs(decoded.astype(int) - original).mean() < 10


def test_wsq_keeps_the_print_usable() -> None:
    original = synthesize(6)
    decoded = decode_wsq(encode_wsq(original))
    assert template(original).compare(template(decoded)) > 150  # the same finger, clearly
    before, after = nfiq2(original), nfiq2(decoded)
    assert before is not None
    assert after is not None
    assert abs(before - after) <= 10


def test_wsq_refuses_what_it_cannot_label() -> None:
    with pytest.raises(ValueError, match="500 ppi"):
        encode_wsq(synthesize(1), ppi=1000)
    with pytest.raises(ValueError, match="8-bit grey"):
        encode_wsq(np.zeros((100, 100, 3), np.uint8))
    with pytest.raises(WsqError, match="not a WSQ"):
        decode_wsq(b"\x89PNG\r\n")
