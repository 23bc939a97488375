"""An image's declared size, read from its header before anything decodes it.

A decoder allocates the pixels its header declares before it reads them: a JPEG 2000
file of 226 bytes that claims 20,000 x 20,000 pixels makes Pillow raise its
decompression-bomb error (an ``Exception``, not the ``OSError`` callers catch), and
one a little smaller makes Pillow or OpenCV allocate hundreds of megabytes for
nothing (issue 57.1).  So every place that decodes an image FieldKit did not draw
itself (a device's answer, a file an officer picks, a stored record at the data
center, a QR code's picture) first asks :func:`check_declared_size`, one rule for
the laptop and the data center alike.

The header is parsed here, by hand, for the formats FieldKit stores or receives:
PNG, JPEG, JPEG 2000 (the JP2 container's ``ihdr`` *and* its codestream's ``SIZ``,
whichever is larger: a decoder follows the codestream), a bare JPEG 2000 codestream,
and WSQ.  Parsing needs no image library, so the drivers (the lowest layer, which
decodes a device's images) use it as the core and the data center do.  Another
format gives None: the caller's decoder then applies its own limit (Pillow's size is
checked with :func:`check_size` once it has opened the file lazily).
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

#: The most pixels an image may declare: the largest photo a phone camera takes at its
#: full resolution (a 64 MP sensor, 9,248 x 6,936), far above any capture (a face
#: camera's 4K frame is 8.3 MP, a four-finger slap at 500 ppi 2.4 MP, an iris 0.3 MP).
#: Decoded as colour it is 192 MiB; a larger declaration is refused before decoding.
MAX_IMAGE_PIXELS = 64 * 1024 * 1024

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8"
_JP2 = b"\x00\x00\x00\x0cjP  \r\n\x87\n"
_J2K = b"\xff\x4f\xff\x51"
_WSQ = b"\xff\xa0"
#: JPEG's start-of-frame markers (C0-CF but DHT C4, JPG C8 and DAC CC).
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
#: JPEG markers with no length: TEM, RST0-7, SOI.
_JPEG_BARE = frozenset({0x01, *range(0xD0, 0xD9)})
_JPEG_SOS = 0xDA
_JPEG_EOI = 0xD9
_MARKER = 0xFF
_WSQ_SOF = b"\xff\xa2"
_WSQ_TABLES = frozenset(
    {b"\xff\xa3", b"\xff\xa4", b"\xff\xa5", b"\xff\xa6", b"\xff\xa7", b"\xff\xa8"}
)
_BOX_HEAD = 8
_EXTENDED_BOX = 1
#: Boxes are walked at most this deep (``jp2h`` holds ``ihdr``): no recursion to abuse.
_BOX_LIMIT = 256


class ImageTooLarge(ValueError):
    """An image whose header declares more pixels than :data:`MAX_IMAGE_PIXELS`."""

    def __init__(self, width: int, height: int, limit: int = MAX_IMAGE_PIXELS) -> None:
        super().__init__(f"image declares {width} x {height} pixels, over the limit of {limit}")
        self.width = width
        self.height = height
        self.limit = limit


def check_size(width: int, height: int, *, limit: int = MAX_IMAGE_PIXELS) -> None:
    """Refuse a width and height (as a decoder read them from a header) over the limit."""
    if width * height > limit:
        raise ImageTooLarge(width, height, limit)


def check_declared_size(data: bytes, *, limit: int = MAX_IMAGE_PIXELS) -> tuple[int, int] | None:
    """The width and height ``data``'s header declares, refused over ``limit``; None if unknown.

    Raises :class:`ImageTooLarge` before a decoder would allocate the pixels.  None
    means the format is not one parsed here (or the header is cut short): the caller's
    decoder then refuses or limits it itself.
    """
    size = declared_size(data)
    if size is not None:
        check_size(*size, limit=limit)
    return size


def declared_size(data: bytes) -> tuple[int, int] | None:
    """The (width, height) ``data``'s header declares; None for another format or a cut header."""
    for signature, parse in _PARSERS:
        if data.startswith(signature):
            try:
                return parse(data)
            except struct.error:  # a header cut short: the decoder refuses the file
                return None
    return None


def _png(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack_from(">II", data, 16)
    return int(width), int(height)


def _jpeg(data: bytes) -> tuple[int, int] | None:
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != _MARKER:
            pos += 1  # not a marker: a decoder skips such bytes too
            continue
        marker = data[pos + 1]
        if marker == _MARKER:  # fill byte
            pos += 1
            continue
        if marker in _JPEG_BARE:
            pos += 2
            continue
        if marker in (_JPEG_SOS, _JPEG_EOI):
            return None
        (length,) = struct.unpack_from(">H", data, pos + 2)
        if marker in _JPEG_SOF:
            height, width = struct.unpack_from(">HH", data, pos + 5)
            return int(width), int(height)
        pos += 2 + length
    return None


def _j2k(data: bytes) -> tuple[int, int] | None:
    return _siz(data, 0)


def _siz(data: bytes, start: int) -> tuple[int, int] | None:
    """A JPEG 2000 codestream's image area from its SIZ marker (right after SOC)."""
    if data[start : start + 4] != _J2K:
        return None
    xsiz, ysiz, xosiz, yosiz = struct.unpack_from(">IIII", data, start + 8)
    return max(int(xsiz) - int(xosiz), 0), max(int(ysiz) - int(yosiz), 0)


def _boxes(data: bytes, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """The JP2 boxes between ``start`` and ``end``: (type, content start, content end)."""
    found: list[tuple[bytes, int, int]] = []
    pos = start
    while pos + _BOX_HEAD <= end and len(found) < _BOX_LIMIT:
        length, kind = struct.unpack_from(">I4s", data, pos)
        head = _BOX_HEAD
        if length == _EXTENDED_BOX:
            (length,) = struct.unpack_from(">Q", data, pos + _BOX_HEAD)
            head += 8
        box_end = end if length == 0 else min(pos + int(length), end)
        if box_end < pos + head:
            break
        found.append((bytes(kind), pos + head, box_end))
        pos = box_end
    return found


def _jp2(data: bytes) -> tuple[int, int] | None:
    sizes: list[tuple[int, int]] = []
    for kind, start, end in _boxes(data, 0, len(data)):
        if kind == b"jp2h":
            for inner, at, _stop in _boxes(data, start, end):
                if inner == b"ihdr":
                    height, width = struct.unpack_from(">II", data, at)
                    sizes.append((int(width), int(height)))
        elif kind == b"jp2c":
            stream = _siz(data, start)
            if stream is not None:
                sizes.append(stream)
    return max(sizes, key=lambda s: s[0] * s[1]) if sizes else None


def _wsq(data: bytes) -> tuple[int, int] | None:
    pos = 2
    while pos + 4 <= len(data):
        marker = data[pos : pos + 2]
        (length,) = struct.unpack_from(">H", data, pos + 2)
        if marker == _WSQ_SOF:
            # After the length: black and white levels (1 byte each), then height, width.
            height, width = struct.unpack_from(">HH", data, pos + 6)
            return int(width), int(height)
        if marker not in _WSQ_TABLES:
            return None
        pos += 2 + length
    return None


_PARSERS: tuple[tuple[bytes, Callable[[bytes], tuple[int, int] | None]], ...] = (
    (_PNG, _png),
    (_JPEG, _jpeg),
    (_JP2, _jp2),
    (_J2K, _j2k),
    (_WSQ, _wsq),
)

__all__ = [
    "MAX_IMAGE_PIXELS",
    "ImageTooLarge",
    "check_declared_size",
    "check_size",
    "declared_size",
]
