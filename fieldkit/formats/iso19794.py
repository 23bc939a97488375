"""ISO/IEC 19794 image records: finger (-4), face (-5) and iris (-6).

Editions, chosen for who reads them:

* finger: 19794-4:2011 (format "FIR", version "020") and iris: 19794-6:2011
  ("IIR", "020") - what MOSIP exchanges (its biometric specification and
  ``bio-utils``), with per-image compression codes and quality blocks;
* face: 19794-5:2005 ("FAC", "010") - the edition ICAO 9303 puts in every
  e-passport (DG2), so any face reader takes it.  It allows only JPEG and
  JPEG 2000 image data, so the face must be exported as JP2.

All integers are big-endian.  Capture time is written in UTC.
"""

from __future__ import annotations

import datetime as dt
import struct
from typing import TYPE_CHECKING

from fieldkit.formats.record import EncodedImage, ImageEncoding

if TYPE_CHECKING:
    from fieldkit.formats.record import BiometricRecord, DeviceInfo, FingerImage, IrisImage

FIR_FORMAT = b"FIR\x00"
FIR_VERSION = b"020\x00"
FAC_FORMAT = b"FAC\x00"
FAC_VERSION = b"010\x00"
IIR_FORMAT = b"IIR\x00"
IIR_VERSION = b"020\x00"

#: 19794-4:2011 Table 9, compression algorithm.
FINGER_COMPRESSION = {
    ImageEncoding.RAW: 0,
    ImageEncoding.WSQ: 2,
    ImageEncoding.JP2: 5,  # JPEG 2000 lossless
    ImageEncoding.PNG: 6,
}
#: 19794-4:2011 Table 10: live-scan plain impression (slaps and flat single fingers).
IMPRESSION_LIVESCAN_PLAIN = 0
SCALE_PPI = 1
#: 19794-5:2005 image data type.
FACE_DATA_TYPE = {ImageEncoding.JP2: 1}
FACE_FULL_FRONTAL = 1
FACE_SOURCE_DIGITAL_STILL = 2
FACE_COLOUR_RGB24 = 1
FACE_GREY8 = 3
#: 19794-6:2011 image format: MONO_RAW, MONO_JPEG2000 (lossless), MONO_PNG.
IRIS_FORMAT = {ImageEncoding.RAW: 0x02, ImageEncoding.JP2: 0x0A, ImageEncoding.PNG: 0x0E}
IRIS_TYPE_UNCROPPED = 1
IRIS_TYPE_VGA = 2  # "K2": the whole 640 x 480 frame
_VGA = (640, 480)
_ORIENTATION_BASE = 1
_COMPRESSION_LOSSLESS_OR_NONE = 1
_UNDEFINED_ANGLE = 0xFFFF
#: Quality blocks: the score's vendor and algorithm.  NFIQ 2 is NIST's (IBIA
#: organisation 0x000F); MOSIP's bio-utils writes the same pair.
NIST_VENDOR = 0x000F
NFIQ2_ALGORITHM = 0x000F
#: ISO 29794-1: 255 means "an attempt to compute the quality failed".
QUALITY_FAILED = 255


def _datetime(moment: dt.datetime) -> bytes:
    utc = moment.astimezone(dt.UTC)
    return struct.pack(
        ">HBBBBBH",
        utc.year,
        utc.month,
        utc.day,
        utc.hour,
        utc.minute,
        utc.second,
        utc.microsecond // 1000,
    )


def _device(device: DeviceInfo, technology: int) -> bytes:
    return struct.pack(">BHH", technology, device.vendor_id, device.type_id)


def _quality_block(score: int | None, vendor: int, algorithm: int) -> bytes:
    value = QUALITY_FAILED if score is None else max(0, min(100, score))
    return struct.pack(">BBHH", 1, value, vendor, algorithm)


def finger_record(record: BiometricRecord) -> bytes:
    """19794-4:2011: one representation per finger image, in the record's order."""
    if not record.fingers:
        raise ValueError("the record has no finger images")
    device = record.device("finger")
    representations = [
        _finger_representation(finger, number, record.captured_at, device)
        for number, finger in enumerate(record.fingers, start=1)
    ]
    body = b"".join(representations)
    positions = {finger.position for finger in record.fingers}
    header = (
        FIR_FORMAT
        + FIR_VERSION
        + struct.pack(">IHBB", 16 + len(body), len(representations), 0, len(positions))
    )
    return header + body


def _finger_representation(
    finger: FingerImage, number: int, moment: dt.datetime, device: DeviceInfo
) -> bytes:
    image = finger.image
    if image.colour:
        raise ValueError("finger images must be grey")
    try:
        compression = FINGER_COMPRESSION[image.encoding]
    except KeyError:
        raise ValueError(f"no 19794-4 code for {image.encoding}") from None
    ppi = image.ppi or 500
    fields = (
        _datetime(moment)
        + _device(device, technology=0)
        + _quality_block(finger.nfiq2, NIST_VENDOR, NFIQ2_ALGORITHM)
        + struct.pack(
            ">BBBHHHHBBBHHI",
            int(finger.position),
            number,
            SCALE_PPI,
            ppi,
            ppi,
            ppi,
            ppi,
            8,
            compression,
            IMPRESSION_LIVESCAN_PLAIN,
            image.width,
            image.height,
            len(image.data),
        )
        + image.data
    )
    return struct.pack(">I", 4 + len(fields)) + fields


def face_record(record: BiometricRecord) -> bytes:
    """19794-5:2005 with one full-frontal JPEG 2000 image, no feature points."""
    if record.face is None:
        raise ValueError("the record has no face image")
    image = record.face.image
    data_type = _face_data_type(image)
    facial_information = struct.pack(
        ">HBBB3sHbbbbbb",
        0,  # feature points
        0,  # gender unspecified: biometric records carry no demographics
        0,  # eye colour unspecified
        0,  # hair colour unspecified
        b"\x00\x00\x00",  # property mask: not specified
        0,  # expression unspecified
        0,
        0,
        0,  # pose yaw, pitch, roll unspecified
        0,
        0,
        0,
    )
    quality = 0 if record.face.quality is None else max(0, min(100, record.face.quality))
    image_information = struct.pack(
        ">BBHHBBHH",
        FACE_FULL_FRONTAL,
        data_type,
        image.width,
        image.height,
        FACE_COLOUR_RGB24 if image.colour else FACE_GREY8,
        FACE_SOURCE_DIGITAL_STILL,
        0,  # device type unspecified
        quality,
    )
    block = facial_information + image_information + image.data
    block = struct.pack(">I", 4 + len(block)) + block
    return FAC_FORMAT + FAC_VERSION + struct.pack(">IH", 14 + len(block), 1) + block


def _face_data_type(image: EncodedImage) -> int:
    try:
        return FACE_DATA_TYPE[image.encoding]
    except KeyError:
        raise ValueError("19794-5:2005 faces must be JPEG 2000 (or JPEG)") from None


def iris_record(record: BiometricRecord) -> bytes:
    """19794-6:2011: one representation per eye, right eye first."""
    if not record.irises:
        raise ValueError("the record has no iris images")
    device = record.device("iris")
    irises = sorted(record.irises, key=lambda iris: iris.eye.iso_label)
    representations = [
        _iris_representation(iris, number, record.captured_at, device)
        for number, iris in enumerate(irises, start=1)
    ]
    body = b"".join(representations)
    header = (
        IIR_FORMAT
        + IIR_VERSION
        + struct.pack(
            ">IHBB", 16 + len(body), len(representations), 0, len({i.eye for i in irises})
        )
    )
    return header + body


def _iris_representation(
    iris: IrisImage, number: int, moment: dt.datetime, device: DeviceInfo
) -> bytes:
    image = iris.image
    if image.colour:
        raise ValueError("iris images must be grey (near infrared)")
    try:
        image_format = IRIS_FORMAT[image.encoding]
    except KeyError:
        raise ValueError(f"no 19794-6 code for {image.encoding}") from None
    image_type = IRIS_TYPE_VGA if (image.width, image.height) == _VGA else IRIS_TYPE_UNCROPPED
    properties = _ORIENTATION_BASE | (_ORIENTATION_BASE << 2) | (_COMPRESSION_LOSSLESS_OR_NONE << 6)
    quality = (
        b"\x00"
        if iris.quality is None
        else _quality_block(iris.quality, vendor=0, algorithm=0)  # our own scale
    )
    fields = (
        _datetime(moment)
        + _device(device, technology=1)  # 1: CMOS/CCD camera
        + quality
        + struct.pack(">H", number)
        + struct.pack(
            ">BBBBHHBHHHHHHHHHI",
            iris.eye.iso_label,
            image_type,
            image_format,
            properties,
            image.width,
            image.height,
            8,
            0,  # range unassigned
            _UNDEFINED_ANGLE,  # roll angle
            _UNDEFINED_ANGLE,  # roll uncertainty
            0,
            0,
            0,
            0,  # iris centre: undefined
            0,
            0,  # iris diameter: undefined
            len(image.data),
        )
        + image.data
    )
    return struct.pack(">I", 4 + len(fields)) + fields
