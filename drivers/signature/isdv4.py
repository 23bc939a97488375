"""Wacom ISDV4 / W8001 serial pen protocol: packets, query reply, resynchronising reader.

ISDV4 is the serial protocol of the Wacom "Penabled" digitisers in tablet PCs
and of the serial pen tablets and signature pads built on them.  It has no
checksum; framing rests on one rule: the first byte of every packet has bit 7
(``HEADER_BIT``) set and every other byte has it clear, so a receiver can
always resynchronise on the next header byte.

Sources (the two open drivers agree on every bit used here):

* Linux kernel, ``drivers/input/touchscreen/wacom_w8001.c``
  (``parse_pen_data``, ``w8001_interrupt``, ``w8001_setup``);
* xf86-input-wacom, ``src/isdv4.h`` (``isdv4ParseQuery``,
  ``isdv4ParseCoordinateData``) and the older ``src/xdrv/wcmISDV4.c``
  (``isdv4Query``: stop, wait 250 ms, query, 38400 then 19200 baud).

Line settings: 38400 8N1 on current digitisers, 19200 on older ones.
Commands are single ASCII bytes: ``'0'`` stop sampling, ``'1'`` start,
``'*'`` query the pen capabilities.

Pen coordinate packet, 9 bytes::

    byte 0   1 0 P 0 0 E S T   header; P proximity, E eraser/side-switch 2,
                               S side switch, T tip; bit 6 (control) and
                               bit 4 (touch) are clear for pen data
    byte 1   0 x15 .. x9
    byte 2   0 x8  .. x2
    byte 3   0 y15 .. y9
    byte 4   0 y8  .. y2
    byte 5   0 p6  .. p0       pressure, low 7 bits
    byte 6   0 x1 x0 y1 y0 p9 p8 p7
    byte 7   0 tilt x (7 bits)
    byte 8   0 tilt y (7 bits)

So x and y are 16-bit, pressure 10-bit.  The query reply is 11 bytes with
the same layout for the maxima, byte 0 = ``HEADER_BIT | CONTROL_BIT | data
id`` (id 0 for the pen query) and the firmware version in bytes 9-10
(``byte9 << 7 | byte10``).  Note that ``isdv4.h`` reads the tilt maxima of the
query reply as (y, x) while the kernel's shared parser reads (x, y); we follow
the kernel, and nothing here depends on tilt.

Touch packets (bit 4 set; 5, 7 or 13 bytes depending on the sensor) are not
pen data; a signature pad has no touch layer, so the reader skips them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

HEADER_BIT = 0x80
CONTROL_BIT = 0x40
PROXIMITY_BIT = 0x20
TOUCH_BIT = 0x10
ERASER_BIT = 0x04
SIDE_BIT = 0x02
TIP_BIT = 0x01
DATA_ID_MASK = 0x3F
DATA_MASK = 0x7F

PEN_PACKET_LEN = 9
QUERY_REPLY_LEN = 11

DEFAULT_BAUD = 38400
FALLBACK_BAUD = 19200
#: Baud rates tried, in order, when none is configured (xf86-input-wacom does the same).
BAUD_RATES = (DEFAULT_BAUD, FALLBACK_BAUD)
#: The kernel waits this long after STOP before it queries.
SETTLE_AFTER_STOP_S = 0.25
#: Pen resolution: 100 points per mm (kernel ``W8001_PEN_RESOLUTION``; 2540 lpi in xf86).
POINTS_PER_MM = 100.0

MAX_COORDINATE = 0xFFFF
MAX_PRESSURE = 0x3FF
MAX_TILT = 0x7F
MAX_VERSION = 0x3FFF


class Command(bytes, enum.Enum):
    STOP = b"0"
    START = b"1"
    QUERY = b"*"


def _split16(value: int) -> tuple[int, int, int]:
    """16-bit value -> (bits 15-9, bits 8-2, bits 1-0)."""
    return (value >> 9) & DATA_MASK, (value >> 2) & DATA_MASK, value & 0x03


def _encode_body(x: int, y: int, pressure: int, tilt_x: int, tilt_y: int) -> bytes:
    for name, value, top in (
        ("x", x, MAX_COORDINATE),
        ("y", y, MAX_COORDINATE),
        ("pressure", pressure, MAX_PRESSURE),
        ("tilt_x", tilt_x, MAX_TILT),
        ("tilt_y", tilt_y, MAX_TILT),
    ):
        if not 0 <= value <= top:
            raise ValueError(f"{name}={value} is outside 0..{top}")
    x_hi, x_mid, x_lo = _split16(x)
    y_hi, y_mid, y_lo = _split16(y)
    byte6 = (x_lo << 5) | (y_lo << 3) | (pressure >> 7)
    return bytes((x_hi, x_mid, y_hi, y_mid, pressure & DATA_MASK, byte6, tilt_x, tilt_y))


def _decode_body(data: bytes) -> tuple[int, int, int, int, int]:
    """Bytes 1-8 of a pen packet or query reply -> (x, y, pressure, tilt_x, tilt_y)."""
    x = (data[1] << 9) | (data[2] << 2) | ((data[6] >> 5) & 0x03)
    y = (data[3] << 9) | (data[4] << 2) | ((data[6] >> 3) & 0x03)
    pressure = ((data[6] & 0x07) << 7) | data[5]
    return x, y, pressure, data[7] & DATA_MASK, data[8] & DATA_MASK


@dataclass(frozen=True, slots=True)
class PenPacket:
    """One coordinate report, in raw device units."""

    x: int
    y: int
    pressure: int
    proximity: bool
    tip: bool
    side: bool = False
    eraser: bool = False
    tilt_x: int = 0
    tilt_y: int = 0

    def encode(self) -> bytes:
        status = HEADER_BIT
        status |= PROXIMITY_BIT if self.proximity else 0
        status |= ERASER_BIT if self.eraser else 0
        status |= SIDE_BIT if self.side else 0
        status |= TIP_BIT if self.tip else 0
        body = _encode_body(self.x, self.y, self.pressure, self.tilt_x, self.tilt_y)
        return bytes((status,)) + body

    @classmethod
    def decode(cls, data: bytes) -> PenPacket:
        if len(data) != PEN_PACKET_LEN or not is_pen_header(data[0]):
            raise ValueError("not a 9-byte ISDV4 pen packet")
        x, y, pressure, tilt_x, tilt_y = _decode_body(data)
        status = data[0]
        return cls(
            x=x,
            y=y,
            pressure=pressure,
            proximity=bool(status & PROXIMITY_BIT),
            tip=bool(status & TIP_BIT),
            side=bool(status & SIDE_BIT),
            eraser=bool(status & ERASER_BIT),
            tilt_x=tilt_x,
            tilt_y=tilt_y,
        )


@dataclass(frozen=True, slots=True)
class QueryReply:
    """Answer to ``'*'``: the pen's coordinate and pressure ranges and the firmware version."""

    max_x: int
    max_y: int
    max_pressure: int
    version: int
    tilt_x_max: int = 0
    tilt_y_max: int = 0
    data_id: int = 0

    def encode(self) -> bytes:
        if not 0 <= self.version <= MAX_VERSION:
            raise ValueError(f"version={self.version} is outside 0..{MAX_VERSION}")
        status = HEADER_BIT | CONTROL_BIT | (self.data_id & DATA_ID_MASK)
        body = _encode_body(
            self.max_x, self.max_y, self.max_pressure, self.tilt_x_max, self.tilt_y_max
        )
        return (
            bytes((status,))
            + body
            + bytes(((self.version >> 7) & DATA_MASK, self.version & DATA_MASK))
        )

    @classmethod
    def decode(cls, data: bytes) -> QueryReply:
        if len(data) != QUERY_REPLY_LEN or not is_control_header(data[0]):
            raise ValueError("not an 11-byte ISDV4 control packet")
        max_x, max_y, max_pressure, tilt_x, tilt_y = _decode_body(data)
        return cls(
            max_x=max_x,
            max_y=max_y,
            max_pressure=max_pressure,
            version=((data[9] & DATA_MASK) << 7) | (data[10] & DATA_MASK),
            tilt_x_max=tilt_x,
            tilt_y_max=tilt_y,
            data_id=data[0] & DATA_ID_MASK,
        )

    def problems(self) -> list[str]:
        """Why these capabilities cannot belong to a working pen digitiser (empty if sane)."""
        found = []
        if self.data_id != 0:
            found.append(f"data id {self.data_id} is not the pen query's 0")
        if self.max_x < 2 or self.max_y < 2:  # noqa: PLR2004  a 1-point axis is no axis
            found.append(f"coordinate range {self.max_x} x {self.max_y} is empty")
        if self.max_pressure < 1:
            found.append("the pen reports no pressure levels")
        return found

    @property
    def firmware(self) -> str:
        return f"{self.version:04X}"


def is_pen_header(byte: int) -> bool:
    return byte & (HEADER_BIT | CONTROL_BIT | TOUCH_BIT) == HEADER_BIT


def is_control_header(byte: int) -> bool:
    return byte & (HEADER_BIT | CONTROL_BIT) == (HEADER_BIT | CONTROL_BIT)


def packet_length(header: int) -> int | None:
    """Length of the packet this header starts, or None for touch packets we skip."""
    if is_control_header(header):
        return QUERY_REPLY_LEN
    if header & TOUCH_BIT:
        return None
    return PEN_PACKET_LEN


class PacketReader:
    """Splits a byte stream into packets, resynchronising on the header bit.

    Bytes before a header are counted in ``skipped``; a packet interrupted by
    a new header (a truncated packet) is counted in ``dropped`` and its bytes
    in ``skipped``.  Nothing here raises: the caller decides when noise is an
    error (e.g. a query that never got its reply).
    """

    def __init__(self) -> None:
        self._buf = bytearray()
        self.skipped = 0
        self.dropped = 0

    def feed(self, data: bytes) -> None:
        self._buf += data

    def clear(self) -> None:
        self._buf.clear()

    def reset_counters(self) -> None:
        self.skipped = 0
        self.dropped = 0

    @property
    def partial(self) -> bool:
        """True if a packet has started but not finished."""
        return bool(self._buf) and bool(self._buf[0] & HEADER_BIT)

    def packets(self) -> Iterator[PenPacket | QueryReply]:
        buf = self._buf
        while buf:
            if not buf[0] & HEADER_BIT:
                self._skip_to_header(1)
                continue
            length = packet_length(buf[0])
            if length is None:  # touch data: not ours, skip to the next header
                self._skip_to_header(1)
                continue
            # A header inside the would-be packet means this one was cut off.
            end = min(length, len(buf))
            cut = next((i for i in range(1, end) if buf[i] & HEADER_BIT), None)
            if cut is not None:
                self.dropped += 1
                self.skipped += cut
                del buf[:cut]
                continue
            if len(buf) < length:
                return
            data = bytes(buf[:length])
            del buf[:length]
            if length == PEN_PACKET_LEN:
                yield PenPacket.decode(data)
            else:
                yield QueryReply.decode(data)

    def _skip_to_header(self, start: int) -> None:
        buf = self._buf
        end = next((i for i in range(start, len(buf)) if buf[i] & HEADER_BIT), len(buf))
        self.skipped += end
        del buf[:end]
