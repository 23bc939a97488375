"""ISO/IEC 7816-4 APDUs as any contact or contactless card speaks them.

Command builders (SELECT, READ BINARY, VERIFY, the PC/SC part 3 GET UID), the
response and its status words, and the simple BER-TLV the answers use.  Nothing
here knows what a card holds: the FieldKit staff card's layout is
``drivers.staff_card``, and what a login does with it is ``fieldkit.staffcard``.
Shared by the PC/SC backend, the simulated card and ``CardReader``'s operations.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from drivers.errors import (
    CardReason,
    CardStatusError,
    ProtocolError,
    ProtocolReason,
    WrongPin,
)

#: PC/SC part 3 pseudo-APDU "GET DATA": UID of the card (P1=00) via the reader.
GET_UID = bytes.fromhex("FFCA000000")

CLA_ISO = 0x00
CLA_PCSC = 0xFF
INS_SELECT = 0xA4
INS_VERIFY = 0x20
INS_READ_BINARY = 0xB0
INS_GET_DATA = 0xCA
MAX_SHORT_LE = 256
SW_LEN = 2


class SW(enum.IntEnum):
    OK = 0x9000
    END_OF_FILE = 0x6282
    WRONG_LENGTH = 0x6700
    SECURITY_NOT_SATISFIED = 0x6982
    AUTH_BLOCKED = 0x6983
    NO_CURRENT_EF = 0x6986
    FUNCTION_NOT_SUPPORTED = 0x6A81
    FILE_NOT_FOUND = 0x6A82
    WRONG_PARAMETERS = 0x6A86
    WRONG_OFFSET = 0x6B00
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00


_SW_REASON: dict[int, CardReason] = {
    SW.WRONG_LENGTH: CardReason.WRONG_LENGTH,
    SW.NO_CURRENT_EF: CardReason.NO_CURRENT_EF,
    SW.FUNCTION_NOT_SUPPORTED: CardReason.FUNCTION_NOT_SUPPORTED,
    SW.FILE_NOT_FOUND: CardReason.FILE_NOT_FOUND,
    SW.WRONG_PARAMETERS: CardReason.WRONG_PARAMETERS,
    SW.WRONG_OFFSET: CardReason.WRONG_OFFSET,
    SW.INS_NOT_SUPPORTED: CardReason.INS_NOT_SUPPORTED,
    SW.CLA_NOT_SUPPORTED: CardReason.CLA_NOT_SUPPORTED,
    SW.SECURITY_NOT_SATISFIED: CardReason.SECURITY_NOT_SATISFIED,
    SW.AUTH_BLOCKED: CardReason.PIN_BLOCKED,
}
#: ``63Cx``: a VERIFY was refused and ``x`` tries are left.
SW_WRONG_PIN = 0x63C0
_SW_COUNTER_MASK = 0xFFF0


@dataclass(frozen=True, slots=True)
class ResponseApdu:
    data: bytes
    sw: int

    @classmethod
    def parse(cls, raw: bytes) -> ResponseApdu:
        if len(raw) < SW_LEN:
            raise ProtocolError(
                f"Card answer has {len(raw)} bytes, shorter than a status word.",
                reason=ProtocolReason.TRUNCATED,
            )
        return cls(raw[:-2], int.from_bytes(raw[-2:], "big"))

    def to_bytes(self) -> bytes:
        return self.data + self.sw.to_bytes(2, "big")

    @property
    def ok(self) -> bool:
        return self.sw == SW.OK

    def check(self, what: str, *, allow: tuple[int, ...] = ()) -> bytes:
        """Return the data, or raise ``CardStatusError`` for a refusing status word."""
        if self.sw == SW.OK or self.sw in allow:
            return self.data
        if self.sw & _SW_COUNTER_MASK == SW_WRONG_PIN:
            raise WrongPin(self.sw & ~_SW_COUNTER_MASK, sw=self.sw)
        reason = _SW_REASON.get(self.sw, CardReason.OTHER)
        raise CardStatusError(
            f"The card refused {what} (status {self.sw:04X}).", reason=reason, sw=self.sw
        )


def select_aid(aid: bytes) -> bytes:
    return bytes([CLA_ISO, INS_SELECT, 0x04, 0x00, len(aid), *aid])


def select_file(file_id: int) -> bytes:
    """SELECT EF by identifier under the current DF, asking for the FCP (P2=04)."""
    return bytes([CLA_ISO, INS_SELECT, 0x02, 0x04, 0x02, *file_id.to_bytes(2, "big"), 0x00])


def verify(reference: int, pin: bytes) -> bytes:
    """ISO 7816-4 VERIFY of the PIN with ``reference``, as the bytes the card compares."""
    if not 1 <= len(pin) < MAX_SHORT_LE:
        raise ValueError(f"a VERIFY carries 1 to {MAX_SHORT_LE - 1} bytes")
    return bytes([CLA_ISO, INS_VERIFY, 0x00, reference, len(pin), *pin])


def read_binary(offset: int, length: int) -> bytes:
    if not 0 <= offset <= 0x7FFF:  # noqa: PLR2004  15-bit offset, P1 bit 8 clear
        raise ValueError(f"READ BINARY offset {offset} out of range")
    if not 1 <= length <= MAX_SHORT_LE:
        raise ValueError(f"READ BINARY length {length} out of range")
    return bytes([CLA_ISO, INS_READ_BINARY, *offset.to_bytes(2, "big"), length % MAX_SHORT_LE])


def parse_tlv(data: bytes) -> dict[int, bytes]:
    """Parse one level of simple BER-TLV (one-byte tags, short or 81/82 lengths)."""
    out: dict[int, bytes] = {}
    i = 0
    while i < len(data):
        if data[i] in (0x00, 0xFF):  # padding
            i += 1
            continue
        if i + 2 > len(data):
            raise ProtocolError("TLV ends inside a header.", reason=ProtocolReason.TRUNCATED)
        tag, length = data[i], data[i + 1]
        i += 2
        if length in (0x81, 0x82):
            width = length - 0x80
            length = int.from_bytes(data[i : i + width], "big")
            i += width
        if i + length > len(data):
            raise ProtocolError("TLV value runs past the data.", reason=ProtocolReason.TRUNCATED)
        out[tag] = data[i : i + length]
        i += length
    return out


def tlv(tag: int, value: bytes) -> bytes:
    if len(value) > 0xFF:  # noqa: PLR2004
        return bytes([tag, 0x82, *len(value).to_bytes(2, "big")]) + value
    if len(value) > 0x7F:  # noqa: PLR2004
        return bytes([tag, 0x81, len(value)]) + value
    return bytes([tag, len(value)]) + value


def fcp_file_size(fcp: bytes) -> int:
    """File size from a SELECT answer's FCP template (tag 62, size in tag 80)."""
    outer = parse_tlv(fcp)
    inner = parse_tlv(outer.get(0x62, b""))
    if 0x80 not in inner:  # noqa: PLR2004
        raise ProtocolError("SELECT answer has no file size.", reason=ProtocolReason.BAD_LENGTH)
    return int.from_bytes(inner[0x80], "big")
