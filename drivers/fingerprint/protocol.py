"""ZhianTec ZFM-20 / R30x UART packet format, shared by the backend and the emulator.

Sources: the "ZFM-20 Series Fingerprint Identification Module User Manual"
(ZhianTec) and the Hangzhou Grow R305/R307 user manuals, chapter "Communication
protocol"; cross-checked against the ``pyfingerprint`` package (B. Raschke),
which our emulator must satisfy.

Wire format, 57600 baud 8N1 by default (baud = 9600 x N, N in 1..12)::

    EF 01 | address (4, BE) | PID (1) | LEN (2, BE) = len(payload) + 2 | payload | SUM (2, BE)

SUM is the sum of PID, both LEN bytes and every payload byte, modulo 65536.
PID 01 is a command, 02 a data packet, 07 an acknowledgement (payload starts
with a confirmation code), 08 the last data packet.  Images (UpImage) are
256 x 288 pixels, 4 bits per pixel, two pixels per byte, high nibble first,
sent as data packets of the negotiated packet size (32/64/128/256 bytes).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from drivers.errors import ProtocolError, ProtocolReason

START = b"\xef\x01"
DEFAULT_ADDRESS = 0xFFFFFFFF
DEFAULT_PASSWORD = 0x00000000
DEFAULT_BAUD = 57600
HEADER_LEN = 9  # start code, address, PID, LEN
MAX_PAYLOAD = 256
IMAGE_WIDTH = 256
IMAGE_HEIGHT = 288
IMAGE_BYTES = IMAGE_WIDTH * IMAGE_HEIGHT // 2
PACKET_SIZES = (32, 64, 128, 256)  # index = ReadSysPara "data packet size" code


class Pid(enum.IntEnum):
    COMMAND = 0x01
    DATA = 0x02
    ACK = 0x07
    END_DATA = 0x08


class Cmd(enum.IntEnum):
    GEN_IMG = 0x01
    IMG2TZ = 0x02
    UP_IMAGE = 0x0A
    READ_SYS_PARA = 0x0F
    SET_PWD = 0x12
    VFY_PWD = 0x13
    GET_RANDOM_CODE = 0x14
    TEMPLATE_NUM = 0x1D


class Confirm(enum.IntEnum):
    OK = 0x00
    PACKET_ERROR = 0x01
    NO_FINGER = 0x02
    ENROLL_FAILED = 0x03
    DISORDERLY = 0x06
    FEW_FEATURES = 0x07
    UPLOAD_FAILED = 0x0F
    WRONG_PASSWORD = 0x13
    NO_VALID_IMAGE = 0x15
    ADDRESS_ERROR = 0x20
    MUST_VERIFY_PASSWORD = 0x21


@dataclass(frozen=True, slots=True)
class Packet:
    address: int
    pid: int
    payload: bytes


@dataclass(frozen=True, slots=True)
class SystemParameters:
    status_register: int
    system_id: int
    library_size: int
    security_level: int
    address: int
    packet_size: int
    baudrate: int

    def encode(self) -> bytes:
        return (
            self.status_register.to_bytes(2, "big")
            + self.system_id.to_bytes(2, "big")
            + self.library_size.to_bytes(2, "big")
            + self.security_level.to_bytes(2, "big")
            + self.address.to_bytes(4, "big")
            + PACKET_SIZES.index(self.packet_size).to_bytes(2, "big")
            + (self.baudrate // 9600).to_bytes(2, "big")
        )

    @classmethod
    def decode(cls, data: bytes) -> SystemParameters:
        if len(data) < 16:  # noqa: PLR2004  fixed layout
            raise ProtocolError(
                "System parameters are shorter than 16 bytes.", reason=ProtocolReason.BAD_LENGTH
            )
        size_code = int.from_bytes(data[12:14], "big")
        if size_code >= len(PACKET_SIZES):
            raise ProtocolError(
                f"Unknown packet size code {size_code}.", reason=ProtocolReason.BAD_LENGTH
            )
        return cls(
            status_register=int.from_bytes(data[0:2], "big"),
            system_id=int.from_bytes(data[2:4], "big"),
            library_size=int.from_bytes(data[4:6], "big"),
            security_level=int.from_bytes(data[6:8], "big"),
            address=int.from_bytes(data[8:12], "big"),
            packet_size=PACKET_SIZES[size_code],
            baudrate=int.from_bytes(data[14:16], "big") * 9600,
        )


def checksum(pid: int, payload: bytes) -> int:
    length = len(payload) + 2
    return (pid + (length >> 8) + (length & 0xFF) + sum(payload)) & 0xFFFF


def encode_packet(address: int, pid: int, payload: bytes) -> bytes:
    length = len(payload) + 2
    return (
        START
        + address.to_bytes(4, "big")
        + bytes([pid])
        + length.to_bytes(2, "big")
        + payload
        + checksum(pid, payload).to_bytes(2, "big")
    )


class PacketReader:
    """Incremental parser that resynchronises on the ``EF 01`` start code.

    Bytes before a start code are skipped and counted in ``skipped``; a header
    whose length is impossible is treated as noise, so a stray ``EF 01`` inside
    garbage cannot swallow the real packet behind it.
    """

    def __init__(self, max_payload: int = MAX_PAYLOAD) -> None:
        self._buf = bytearray()
        self._max_len = max_payload + 2
        self.skipped = 0

    def feed(self, data: bytes) -> None:
        self._buf += data

    def clear(self) -> None:
        self._buf.clear()
        self.skipped = 0

    @property
    def partial(self) -> bool:
        """A start code has arrived but its packet has not finished."""
        return self._buf.startswith(START) or self._buf == START[:1]

    def next_packet(self) -> Packet | None:
        """Return the next whole packet, None if more bytes are needed.

        Raises ``ProtocolError(CHECKSUM)`` for a complete packet with a bad sum;
        the packet is consumed so the stream stays in sync.
        """
        while True:
            index = self._buf.find(START)
            if index < 0:
                keep = 1 if self._buf.endswith(START[:1]) else 0
                self.skipped += len(self._buf) - keep
                del self._buf[: len(self._buf) - keep]
                return None
            if index:
                self.skipped += index
                del self._buf[:index]
            if len(self._buf) < HEADER_LEN:
                return None
            length = int.from_bytes(self._buf[7:9], "big")
            if not 2 <= length <= self._max_len:  # noqa: PLR2004  LEN counts SUM's 2 bytes
                self.skipped += 1
                del self._buf[:1]
                continue
            total = HEADER_LEN + length
            if len(self._buf) < total:
                return None
            raw = bytes(self._buf[:total])
            del self._buf[:total]
            pid, payload = raw[6], raw[HEADER_LEN:-2]
            if int.from_bytes(raw[-2:], "big") != checksum(pid, payload):
                raise ProtocolError(
                    "A packet from the scanner failed its checksum.",
                    reason=ProtocolReason.CHECKSUM,
                )
            return Packet(int.from_bytes(raw[2:6], "big"), pid, payload)
