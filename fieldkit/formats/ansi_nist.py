"""ANSI/NIST-ITL 1-2011 transactions in traditional (binary/ASCII) encoding.

One enrollment becomes one transaction:

* Type-1  transaction information (version 0500 = ANSI/NIST-ITL 1-2011);
* Type-2  user-defined descriptive text (``BiometricRecord.descriptive_text``);
* Type-10 the face (IMT "FACE");
* Type-14 one variable-resolution record per finger (positions 1-10);
* Type-17 one record per iris;
* Type-8  the signature, as a binary scanned image (the 2011 standard keeps
  Type-8 binary: a fixed 12-byte header, then the pixels).

Tagged records are ``T.NNN:value`` fields joined by GS (0x1D) and closed by FS
(0x1C); subfields are separated by RS (0x1E) and information items by US
(0x1F).  Field .001 is the record's byte length including itself, so it is
computed to a fixed point.  Image data (field .999) is the last field.
"""

from __future__ import annotations

import datetime as dt
import logging
import struct
from typing import TYPE_CHECKING

import numpy as np

from fieldkit.formats.record import ImageEncoding, describe

if TYPE_CHECKING:
    from collections.abc import Sequence

    from fieldkit.formats.record import BiometricRecord, EncodedImage, FingerImage, IrisImage

log = logging.getLogger(__name__)

FS = b"\x1c"
GS = b"\x1d"
RS = b"\x1e"
US = b"\x1f"
VERSION = "0500"
#: Transaction type: a domain-defined enrollment submission.
TRANSACTION_TYPE = "FKENR"
DOMAIN = ("FIELDKIT", "1.0")
#: 500 ppi in pixels per millimetre, as Type-1 NSR/NTR want it.
PPMM_500 = "19.69"
#: Field x.011 (CGA): compression algorithm names, ANSI/NIST-ITL 1-2011 Table 15.
CGA = {
    ImageEncoding.RAW: "NONE",
    ImageEncoding.WSQ: "WSQ20",
    ImageEncoding.JP2: "JP2L",
    ImageEncoding.PNG: "PNG",
}
IMPRESSION_LIVESCAN_PLAIN = "0"
SCALE_PPI = "1"
SCALE_NONE = "0"  # aspect ratio only (face photos)
#: Field 14.024 (FQM) algorithm: NIST (IBIA 0x000F) for NFIQ 2.
NFIQ2_VENDOR = "000F"
NFIQ2_PRODUCT = "15"
#: 14.024 score when the quality could not be computed.
QUALITY_FAILED = "255"
#: Type-8: 0 = the subject's signature; 0 = uncompressed scanned binary image;
#: 0 = image at the minimum scanning resolution (19.69 ppmm).
SIGNATURE_SUBJECT = 0
SIGNATURE_SCANNED_UNCOMPRESSED = 0
SIGNATURE_MINIMUM_RESOLUTION = 0
_INK_THRESHOLD = 128

_FORBIDDEN = {FS[0], GS[0], RS[0], US[0]}

Field = tuple[int, "str | bytes"]


def _text(value: str) -> bytes:
    data = value.encode("ascii")
    if any(byte in _FORBIDDEN for byte in data):
        raise ValueError("separator characters are not allowed in ANSI/NIST text fields")
    return data


def _items(*subfields: Sequence[str]) -> str:
    """Subfields (RS) of information items (US), as one field value."""
    return "\x1e".join("\x1f".join(items) for items in subfields)


def _tagged_record(record_type: int, fields: list[Field]) -> bytes:
    """Serialise a tagged record, filling in the .001 length field."""
    encoded = []
    for number, value in sorted(fields):
        raw = value if isinstance(value, bytes) else _text_with_separators(value)
        encoded.append(b"%d.%03d:" % (record_type, number) + raw)
    rest = GS + GS.join(encoded) + FS
    length = 0
    while True:  # the length field counts its own digits
        head = b"%d.001:%d" % (record_type, length)
        total = len(head) + len(rest)
        if total == length:
            return head + rest
        length = total


def _text_with_separators(value: str) -> bytes:
    """Field text that may contain RS/US structure (from ``_items``) but no FS/GS."""
    data = value.encode("ascii")
    if FS[0] in data or GS[0] in data:
        raise ValueError("FS/GS are not allowed inside an ANSI/NIST field")
    return data


def _date(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%d")


def export_ansi_nist(record: BiometricRecord) -> bytes:
    """The whole enrollment as one ANSI/NIST-ITL 1-2011 transaction (traditional encoding)."""
    images: list[tuple[int, int, bytes]] = []  # (record type, IDC, serialised record)
    if record.face is not None:
        images.append((10, len(images) + 1, _face(record, record.face.image, len(images) + 1)))
    for finger in record.fingers:
        images.append((14, len(images) + 1, _finger(record, finger, len(images) + 1)))
    for iris in sorted(record.irises, key=lambda i: i.eye.ansi_nist_code):
        images.append((17, len(images) + 1, _iris(record, iris, len(images) + 1)))
    if record.signature is not None:
        images.append((8, len(images) + 1, _signature(record.signature, len(images) + 1)))

    type2 = _type2(record)
    content = [("2", "00")] + [(str(kind), f"{idc:02d}") for kind, idc, _ in images]
    type1 = _type1(record, content)
    log.info("ANSI/NIST export: %s", describe(record))
    return type1 + type2 + b"".join(data for _, _, data in images)


def _type1(record: BiometricRecord, content: list[tuple[str, str]]) -> bytes:
    cnt = _items(("1", str(len(content))), *content)
    moment = record.captured_at.astimezone(dt.UTC)
    fields: list[Field] = [
        (2, VERSION),
        (3, cnt),
        (4, TRANSACTION_TYPE),
        (5, _date(moment)),
        (7, _checked(record.destination)),
        (8, _checked(record.agency)),
        (9, _checked(record.transaction_id)),
        (11, PPMM_500),
        (12, PPMM_500),
        (13, _items(DOMAIN)),
        (14, moment.strftime("%Y%m%d%H%M%SZ")),
    ]
    return _tagged_record(1, fields)


def _checked(value: str) -> str:
    _text(value)
    return value


def _type2(record: BiometricRecord) -> bytes:
    fields: list[Field] = [(2, "00")]
    for number, text in sorted(record.descriptive_text.items()):
        if number <= 2 or number >= 999:  # noqa: PLR2004  # .001/.002 are ours; .999 is data
            raise ValueError(f"Type-2 field {number} is reserved")
        fields.append((number, _checked(text)))
    return _tagged_record(2, fields)


def _face(record: BiometricRecord, image: EncodedImage, idc: int) -> bytes:
    fields: list[Field] = [
        (2, f"{idc:02d}"),
        (3, "FACE"),
        (4, _checked(record.agency)),
        (5, _date(record.captured_at)),
        (6, str(image.width)),
        (7, str(image.height)),
        (8, SCALE_PPI if image.ppi else SCALE_NONE),
        (9, str(image.ppi or 1)),
        (10, str(image.ppi or 1)),
        (11, _cga(image)),
        (12, "RGB" if image.colour else "GRAY"),
        (20, "F"),  # subject pose: full face frontal
        (999, image.data),
    ]
    return _tagged_record(10, fields)


def _finger(record: BiometricRecord, finger: FingerImage, idc: int) -> bytes:
    image = finger.image
    ppi = str(image.ppi or 500)
    score = QUALITY_FAILED if finger.nfiq2 is None else str(finger.nfiq2)
    fields: list[Field] = [
        (2, f"{idc:02d}"),
        (3, IMPRESSION_LIVESCAN_PLAIN),
        (4, _checked(record.agency)),
        (5, _date(record.captured_at)),
        (6, str(image.width)),
        (7, str(image.height)),
        (8, SCALE_PPI),
        (9, ppi),
        (10, ppi),
        (11, _cga(image)),
        (12, "8"),
        (13, str(int(finger.position))),
        (24, _items((str(int(finger.position)), score, NFIQ2_VENDOR, NFIQ2_PRODUCT))),
        (999, image.data),
    ]
    return _tagged_record(14, fields)


def _iris(record: BiometricRecord, iris: IrisImage, idc: int) -> bytes:
    image = iris.image
    fields: list[Field] = [
        (2, f"{idc:02d}"),
        (3, str(iris.eye.ansi_nist_code)),
        (4, _checked(record.agency)),
        (5, _date(record.captured_at)),
        (6, str(image.width)),
        (7, str(image.height)),
        (8, SCALE_NONE),
        (9, "1"),
        (10, "1"),
        (11, _cga(image)),
        (12, "8"),
        (13, "GRAY"),
        (999, image.data),
    ]
    return _tagged_record(17, fields)


def _cga(image: EncodedImage) -> str:
    return CGA[image.encoding]


def _signature(image: EncodedImage, idc: int) -> bytes:
    """Type-8 binary record: LEN(4) IDC(1) SIG(1) SRT(1) ISR(1) HLL(2) VLL(2), then 1-bit pixels.

    The scanned signature is binarised (ink = 1) and packed 8 pixels a byte,
    most significant bit first, each row padded to a whole byte.
    """
    pixels = _signature_pixels(image)
    ink = pixels < _INK_THRESHOLD
    packed = np.packbits(ink, axis=1).tobytes()
    height, width = pixels.shape
    header = struct.pack(
        ">BBBBHH",
        idc,
        SIGNATURE_SUBJECT,
        SIGNATURE_SCANNED_UNCOMPRESSED,
        SIGNATURE_MINIMUM_RESOLUTION,
        width,
        height,
    )
    body = header + packed
    return struct.pack(">I", 4 + len(body)) + body


def _signature_pixels(image: EncodedImage) -> np.ndarray[tuple[int, int], np.dtype[np.uint8]]:
    if image.encoding is ImageEncoding.RAW and not image.colour:
        return np.frombuffer(image.data, np.uint8).reshape(image.height, image.width)
    # Decoding lives with the image readers; imported here to keep this module light.
    from fieldkit.quality.imageio import decode_image  # noqa: PLC0415

    grey = decode_image(image.data, mode="grey", name="signature")
    return np.asarray(grey, dtype=np.uint8).reshape(image.height, image.width)
