"""The WSQ codec for 500 ppi fingerprints, through the ``wsq`` wheel (NIST NBIS 5.0 codec).

We store prints losslessly (JPEG 2000); WSQ is for a receiver that asks for it
(FBI EBTS, older AFIS), and today only the self-test calls it, to prove a bundle
carries the native codec.  The wheel's Pillow plugin mis-reads
non-square files written by other encoders, so decoding uses the codec's
low-level ``decompress`` and takes the size from the frame header itself.
The wheel always encodes at 0.75 bit per pixel (about 12:1) and writes
``PPI 500`` in its NISTCOM comment; other resolutions are refused rather than
mislabelled.
"""

from __future__ import annotations

import importlib
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy as np

from drivers.image_size import ImageTooLarge, check_size

if TYPE_CHECKING:
    from numpy.typing import NDArray

WSQ_PPI = 500
#: The bit rate the wheel's encoder uses (its ``WSQ_BITRATE`` comment).
WSQ_BITRATE = 0.75

_SOI = b"\xff\xa0"
_EOI = b"\xff\xa1"
_SOF = b"\xff\xa2"
_COM = b"\xff\xa8"
_TABLES = {b"\xff\xa3", b"\xff\xa4", b"\xff\xa5", b"\xff\xa6", b"\xff\xa7", _COM}
_MIN_SIDE = 32  # the codec's wavelet tree needs a few decomposition levels


class WsqError(ValueError):
    """The bytes are not a WSQ image this module can decode."""


@dataclass(frozen=True)
class WsqHeader:
    width: int
    height: int
    #: From the NISTCOM comment; None when the file has none.
    ppi: int | None


def _codec() -> object:
    # The C extension ships no type information; it is imported by name so the
    # rest of this module stays fully typed.
    return importlib.import_module("_wsq")


def encode_wsq(image: NDArray[np.uint8], *, ppi: int = WSQ_PPI) -> bytes:
    """Compress an 8-bit grey 500 ppi print as WSQ (lossy, about 12:1)."""
    if image.dtype != np.uint8 or image.ndim != 2:  # noqa: PLR2004
        raise ValueError("WSQ takes an 8-bit grey (H, W) image")
    if ppi != WSQ_PPI:
        raise ValueError(f"the WSQ encoder writes {WSQ_PPI} ppi only; resample first")
    height, width = image.shape
    if min(height, width) < _MIN_SIDE:
        raise ValueError(f"image too small for WSQ ({width}x{height})")
    data = np.ascontiguousarray(image).tobytes()
    compress = getattr(_codec(), "compress")  # noqa: B009  # untyped C extension
    # The fourth argument (a ratio in the Pillow plugin) is ignored by the codec.
    return cast("bytes", compress(data, height, width, WSQ_BITRATE))


def read_wsq_header(data: bytes) -> WsqHeader:
    """Walk the WSQ markers to the frame header (size) and the NISTCOM comment (ppi)."""
    if data[:2] != _SOI:
        raise WsqError("not a WSQ image (no start-of-image marker)")
    pos = 2
    ppi: int | None = None
    while pos + 4 <= len(data):
        marker = data[pos : pos + 2]
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if marker == _SOF:
            # After the length: black and white levels (1 byte each), then height, width.
            height, width = struct.unpack(">HH", data[pos + 6 : pos + 10])
            return WsqHeader(width=width, height=height, ppi=ppi)
        if marker not in _TABLES:
            raise WsqError(f"unexpected WSQ marker {marker.hex()} at byte {pos}")
        if marker == _COM:
            ppi = _comment_ppi(data[pos + 4 : pos + 2 + length]) or ppi
        pos += 2 + length
    raise WsqError("WSQ image has no frame header")


def _comment_ppi(comment: bytes) -> int | None:
    if not comment.startswith(b"NIST_COM"):
        return None
    for line in comment.decode("latin-1").splitlines():
        key, _, value = line.partition(" ")
        if key == "PPI" and value.strip().lstrip("-").isdigit():
            number = int(value)
            return number if number > 0 else None
    return None


def decode_wsq(data: bytes) -> NDArray[np.uint8]:
    """Decompress WSQ to an 8-bit grey (H, W) array, sized from the frame header."""
    header = read_wsq_header(data)
    try:
        check_size(header.width, header.height)  # before the codec allocates them (57.1)
    except ImageTooLarge as error:
        raise WsqError(str(error)) from None
    decompress = getattr(_codec(), "decompress")  # noqa: B009  # untyped C extension
    try:
        pixels, _width, _height, _ppi = decompress(data)
    except (OSError, RuntimeError, ValueError) as error:
        raise WsqError(f"WSQ data could not be decoded: {error}") from None
    raw = cast("bytes", pixels)
    if len(raw) != header.width * header.height:
        raise WsqError(
            f"WSQ decoder returned {len(raw)} pixels for a {header.width}x{header.height} frame"
        )
    return np.frombuffer(raw, dtype=np.uint8).reshape(header.height, header.width).copy()
