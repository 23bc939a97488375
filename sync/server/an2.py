"""ANSI/NIST-ITL 1-2011 (Update 2015) transactions, traditional encoding: the bytes alone.

What an ABIS or a national register reads (``docs/interchange.md`` lists every field and
why).  This module knows the encoding and nothing of FieldKit's records; ``sync.server.
interchange`` decides which records a transaction holds.  It is written here, not taken
from a library: the one reader a registry offers (IDEMIA's ``nistitl``) is a test
dependency that checks these bytes independently, and the product must not lean on it.

The encoding, in short: a *tagged* record is fields ``T.FFF:value`` separated by GS
(0x1D) and ended by FS (0x1C); a field's subfields are separated by RS (0x1E) and a
subfield's items by US (0x1F); an image is the binary value of field ``T.999``, the
record's last.  Field ``T.001`` (LEN) is the record's own length in bytes, itself
included, so it is found by iterating to a fixed point.  Type-8 (signature) is still a
*binary* record in 2011: LEN (4 bytes, big-endian), IDC, SIG, SRT, ISR (1 byte each),
HLL and VLL (2 bytes each), then the image.  Type-1's CNT lists every record with its IDC,
in the file's order.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

FS, GS, RS, US = b"\x1c", b"\x1d", b"\x1e", b"\x1f"
#: ANSI/NIST-ITL 1-2011 Update 2015 (Update 2013's and 2015's records are 0502's).
VERSION = "0502"
#: The separators, and anything below a space: never inside a text value.
_FORBIDDEN = {*range(0x20), 0x7F}

#: A field's value: text, subfields of items (``[["1", "XX"]]``), or an image's bytes.
Value = str | list[list[str]] | bytes


def _text(value: str) -> bytes:
    """A text value as ASCII with no separator in it; anything else is a bug of the caller."""
    data = value.encode("ascii")
    if not data or any(byte in _FORBIDDEN for byte in data):
        msg = "an ANSI/NIST text value must be printable ASCII, not empty"
        raise ValueError(msg)
    return data


def _value(value: Value) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return _text(value)
    return RS.join(US.join(_text(item) for item in sub) for sub in value)


@dataclass
class TaggedRecord:
    """A tagged-field record (Type-2, 10, 14, 17): its fields by number, LEN and IDC made here."""

    type: int
    idc: int
    fields: dict[int, Value] = field(default_factory=dict)

    def encode(self) -> bytes:
        if self.type == 1:
            numbered: dict[int, Value] = dict(self.fields)
        else:
            numbered = {2: f"{self.idc:02d}", **self.fields}
        body = [
            f"{self.type}.{number:03d}:".encode() + _value(numbered[number])
            for number in sorted(numbered)
            if number != 1
        ]
        tail = GS + GS.join(body) + FS
        length = 0
        while True:  # LEN counts its own digits: settle on the length that states itself
            head = f"{self.type}.001:{length}".encode()
            if len(head) + len(tail) == length:
                return head + tail
            length = len(head) + len(tail)


@dataclass(frozen=True)
class SignatureRecord:
    """A Type-8 (binary) signature record: a scanned, uncompressed 8-bit grey image."""

    idc: int
    width: int
    height: int
    pixels: bytes
    #: 8.003 SIG: 0 the subject's signature, 1 an official's.
    signer: int = 0

    def encode(self) -> bytes:
        if len(self.pixels) != self.width * self.height:
            msg = "a Type-8 image's pixels must be width x height bytes"
            raise ValueError(msg)
        # SRT 0: scanned and uncompressed; ISR 0: sampled at the minimum scanning resolution.
        head = struct.pack(">BBBBHH", self.idc, self.signer, 0, 0, self.width, self.height)
        return struct.pack(">L", 4 + len(head) + len(self.pixels)) + head + self.pixels


Record = TaggedRecord | SignatureRecord


def record_type(record: Record) -> int:
    return 8 if isinstance(record, SignatureRecord) else record.type


@dataclass(frozen=True)
class Header:
    """Type-1: what the transaction is, who sends it to whom, and its control number."""

    tot: str
    date: str  # YYYYMMDD
    gmt: str  # YYYYMMDDhhmmssZ
    destination: str  # DAI
    originator: str  # ORI
    tcn: str
    domain: tuple[str, str] = ("FIELDKIT", "1")


def encode(header: Header, records: list[Record]) -> bytes:
    """The whole transaction: Type-1 (with CNT listing ``records``), then each record."""
    cnt = [["1", str(len(records))]] + [[str(record_type(r)), f"{r.idc:02d}"] for r in records]
    first = TaggedRecord(
        1,
        0,
        {
            2: VERSION,
            3: cnt,
            4: header.tot,
            5: header.date,
            7: header.destination,
            8: header.originator,
            9: header.tcn,
            11: "00.00",  # NSR: no Type-4 records
            12: "00.00",  # NTR
            13: [list(header.domain)],
            14: header.gmt,
        },
    )
    return first.encode() + b"".join(r.encode() for r in records)
