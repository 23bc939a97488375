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

:func:`decode` reads such a transaction back, for the office's own ABIS engine
(``sync.server.dedup.engine``), which must take the same bytes an external ABIS takes.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

FS, GS, RS, US = b"\x1c", b"\x1d", b"\x1e", b"\x1f"
#: ANSI/NIST-ITL 1-2011 Update 2015 (Update 2013's and 2015's records are 0502's).
VERSION = "0502"
#: The separators, and anything below a space: never inside a text value.
_FORBIDDEN = {*range(0x20), 0x7F}

#: Record types: the signature (binary), the face, a finger, an eye.
SIGNATURE, FACE, FINGER, IRIS = 8, 10, 14, 17
#: The field that holds a record's image: the last, binary.
IMAGE_FIELD = 999
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


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadRecord:
    """One record read back: its type and raw field values (a Type-8's image as 999)."""

    type: int
    fields: dict[int, bytes]

    def text(self, number: int) -> str | None:
        value = self.fields.get(number)
        return None if value is None else value.decode("ascii", "replace")


class TransactionError(ValueError):
    """The bytes are not a whole ANSI/NIST-ITL transaction as this module writes them."""


def _tagged_at(data: bytes, start: int, kind: int) -> tuple[ReadRecord, int]:
    """The tagged record at ``start``: LEN first, the image (999) last and binary."""
    head = f"{kind}.001:".encode()
    if not data.startswith(head, start):
        raise TransactionError(f"record of type {kind} does not start with its LEN")
    cut = data.find(GS, start)
    digits = data[start + len(head) : cut] if cut > 0 else b""
    if not digits.isdigit():
        raise TransactionError(f"type {kind}: LEN is not a number")
    end = start + int(digits)
    if end > len(data) or data[end - 1 : end] != FS:
        raise TransactionError(f"type {kind}: LEN points past the record's end")
    fields: dict[int, bytes] = {1: digits}
    at = cut + 1
    while at < end:
        colon = data.find(b":", at, end)
        tag = data[at:colon].split(b".")
        if (
            colon < 0
            or len(tag) != len((kind, 0))
            or tag[0] != str(kind).encode()
            or not tag[1].isdigit()
        ):
            raise TransactionError(f"type {kind}: a field's tag is malformed")
        number = int(tag[1])
        if number == IMAGE_FIELD:  # the image: binary, whatever bytes it holds, up to FS
            fields[number], at = data[colon + 1 : end - 1], end
            continue
        stop = min(i for i in (data.find(GS, colon, end), end - 1) if i >= 0)
        fields[number], at = data[colon + 1 : stop], stop + 1
    return ReadRecord(kind, fields), end


def _signature_at(data: bytes, start: int) -> tuple[ReadRecord, int]:
    if start + 12 > len(data):
        raise TransactionError("type 8: shorter than its fixed head")
    (length,) = struct.unpack_from(">L", data, start)
    _idc, signer, _srt, _isr, width, height = struct.unpack_from(">BBBBHH", data, start + 4)
    end = start + length
    if end > len(data) or length != 12 + width * height:
        raise TransactionError("type 8: LEN does not match its image")
    fields = {3: str(signer).encode(), 6: str(width).encode(), 7: str(height).encode()}
    return ReadRecord(SIGNATURE, {**fields, IMAGE_FIELD: data[start + 12 : end]}), end


def decode(data: bytes) -> list[ReadRecord]:
    """Every record of a transaction, Type-1 first, in CNT's order; or TransactionError.

    The whole file must be accounted for: a record cut short, a LEN that overshoots, a
    type CNT does not announce or bytes after the last record refuse it whole.
    """
    first, at = _tagged_at(data, 0, 1)
    kinds: list[int] = []
    for sub in (first.fields.get(3) or b"").split(RS)[1:]:
        named = sub.split(US)[0]
        if not named.isdigit():
            raise TransactionError("type 1: CNT names a record type that is not a number")
        kinds.append(int(named))
    out = [first]
    for kind in kinds:
        if kind == SIGNATURE:
            record, at = _signature_at(data, at)
        elif kind in {2, FACE, FINGER, IRIS}:
            record, at = _tagged_at(data, at, kind)
        else:
            raise TransactionError(f"type {kind} is not one this reader takes")
        out.append(record)
    if at != len(data):
        raise TransactionError("bytes after the last record CNT announces")
    return out
