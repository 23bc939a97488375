"""Record exports (ISO/IEC 19794-4/-5/-6, ANSI/NIST-ITL 1-2011) read back by independent readers.

ISO records are parsed by a reader written here from the standards' tables (it shares
no code with the writer); ANSI/NIST transactions by IDEMIA's ``nistitl``; images by
Pillow (JPEG 2000, PNG) and the NBIS WSQ codec.  The record holds no personal data.
"""

from __future__ import annotations

import datetime as dt
import io
import struct

import cv2
import nistitl
import numpy as np
import pytest
from PIL import Image

from drivers.fingerprint.synth import synthesize
from drivers.sbi.images import synth_face, synth_iris
from fieldkit.formats.ansi_nist import export_ansi_nist
from fieldkit.formats.iso19794 import face_record, finger_record, iris_record
from fieldkit.formats.positions import Eye, FingerPosition
from fieldkit.formats.record import (
    BiometricRecord,
    DeviceInfo,
    EncodedImage,
    FaceImage,
    FingerImage,
    ImageEncoding,
    IrisImage,
    MissingReason,
)
from fieldkit.formats.wsq import decode_wsq
from fieldkit.quality.imageio import jp2_bytes, load_jp2

CAPTURED_AT = dt.datetime(2025, 3, 14, 9, 26, 53, 589000, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def signature_image() -> np.ndarray:
    canvas = np.full((120, 300), 255, np.uint8)
    points = np.array([[20, 90], [60, 30], [100, 95], [150, 25], [200, 90], [280, 40]], np.int32)
    cv2.polylines(canvas, [points], isClosed=False, color=0, thickness=3)
    return canvas


def finger_images() -> dict[FingerPosition, np.ndarray]:
    return {FingerPosition(code): synthesize(200 + code) for code in (1, 2, 3, 5, 6, 7)}


def make_record() -> BiometricRecord:
    fingers = finger_images()
    finger_records = [
        FingerImage(
            position,
            EncodedImage.encode(
                image,
                ImageEncoding.WSQ if position is FingerPosition.RIGHT_THUMB else ImageEncoding.JP2,
                ppi=500,
            ),
            nfiq2=None if position is FingerPosition.LEFT_INDEX else 40 + int(position),
        )
        for position, image in fingers.items()
    ]
    return BiometricRecord(
        transaction_id="FK-TEST-0001",
        captured_at=CAPTURED_AT,
        agency="ID3201DUKCAPIL",
        face=FaceImage(EncodedImage.encode(synth_face("blue"), ImageEncoding.JP2), quality=77),
        fingers=tuple(finger_records),
        irises=(
            IrisImage(Eye.LEFT, EncodedImage.encode(synth_iris(2), ImageEncoding.PNG), quality=70),
            IrisImage(Eye.RIGHT, EncodedImage.encode(synth_iris(1), ImageEncoding.JP2)),
        ),
        signature=EncodedImage.encode(signature_image(), ImageEncoding.PNG),
        missing_fingers={FingerPosition.RIGHT_RING: MissingReason.AMPUTATED},
        devices={"finger": DeviceInfo(make="Sim", model="ZFM-20", vendor_id=0x1234, type_id=7)},
        descriptive_text={3: "JEMPUT-BOLA", 4: "SIMULATOR"},
    )


@pytest.fixture(scope="module")
def record() -> BiometricRecord:
    return make_record()


def pillow(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as picture:
        return np.asarray(picture)


# --- lossless storage -------------------------------------------------------


@pytest.mark.parametrize("shape", [(288, 256), (301, 177)])
def test_fingerprint_jpeg2000_storage_is_bit_exact(shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(3)
    image = cv2.resize(synthesize(9), (shape[1], shape[0]))
    image[0, 0] = int(rng.integers(0, 256))
    data = jp2_bytes(image)
    assert data[4:8] == b"jP  "  # JP2 container signature box
    assert np.array_equal(load_jp2(data), image)
    assert np.array_equal(pillow(data), image)  # and so does a plain Pillow read


# --- ISO/IEC 19794 -----------------------------------------------------------


def u8(data: bytes, at: int) -> int:
    return data[at]


def u16(data: bytes, at: int) -> int:
    return int.from_bytes(data[at : at + 2], "big")


def u32(data: bytes, at: int) -> int:
    return int.from_bytes(data[at : at + 4], "big")


def parse_fir_2011(data: bytes) -> dict:
    """ISO/IEC 19794-4:2011 general header (16 bytes) and finger representations."""
    assert data[:8] == b"FIR\x00020\x00"
    result = {
        "length": u32(data, 8),
        "count": u16(data, 12),
        "certified": u8(data, 14),
        "positions": u8(data, 15),
        "reps": [],
    }
    at = 16
    for _ in range(result["count"]):
        rep_length = u32(data, at)
        year, month, day, hour, minute, second, milli = struct.unpack(
            ">HBBBBBH", data[at + 4 : at + 13]
        )
        quality_count = u8(data, at + 18)
        qualities = [
            (u8(data, at + 19 + 5 * i), u16(data, at + 20 + 5 * i), u16(data, at + 22 + 5 * i))
            for i in range(quality_count)
        ]
        p = at + 19 + 5 * quality_count
        rep = {
            "length": rep_length,
            "time": (year, month, day, hour, minute, second, milli),
            "technology": u8(data, at + 13),
            "vendor": u16(data, at + 14),
            "type": u16(data, at + 16),
            "quality": qualities,
            "position": u8(data, p),
            "number": u8(data, p + 1),
            "scale": u8(data, p + 2),
            "scan_ppi": (u16(data, p + 3), u16(data, p + 5)),
            "image_ppi": (u16(data, p + 7), u16(data, p + 9)),
            "depth": u8(data, p + 11),
            "compression": u8(data, p + 12),
            "impression": u8(data, p + 13),
            "size": (u16(data, p + 14), u16(data, p + 16)),
            "data_length": u32(data, p + 18),
        }
        rep["data"] = data[p + 22 : p + 22 + rep["data_length"]]
        assert p + 22 + rep["data_length"] == at + rep_length
        result["reps"].append(rep)
        at += rep_length
    assert at == len(data) == result["length"]
    return result


def test_iso_19794_4_finger_record(record: BiometricRecord) -> None:
    parsed = parse_fir_2011(finger_record(record))
    assert parsed["count"] == 6
    assert parsed["positions"] == 6
    assert parsed["certified"] == 0
    images = finger_images()
    for number, rep in enumerate(parsed["reps"], start=1):
        position = FingerPosition(rep["position"])
        assert rep["number"] == number
        assert rep["time"] == (2025, 3, 14, 2, 26, 53, 589)  # UTC
        assert (rep["vendor"], rep["type"]) == (0x1234, 7)
        assert rep["scale"] == 1  # pixels per inch
        assert rep["scan_ppi"] == rep["image_ppi"] == (500, 500)
        assert rep["depth"] == 8
        assert rep["impression"] == 0  # live-scan plain
        assert rep["size"] == (256, 288)
        expected_score = 255 if position is FingerPosition.LEFT_INDEX else 40 + int(position)
        assert rep["quality"] == [(expected_score, 0x000F, 0x000F)]
        if position is FingerPosition.RIGHT_THUMB:
            assert rep["compression"] == 2  # WSQ
            decoded = decode_wsq(rep["data"])
            assert decoded.shape == (288, 256)
            assert np.abs(decoded.astype(int) - images[position]).mean() < 10
        else:
            assert rep["compression"] == 5  # JPEG 2000 lossless
            assert np.array_equal(pillow(rep["data"]), images[position])


def test_iso_19794_5_face_record(record: BiometricRecord) -> None:
    data = face_record(record)
    assert data[:8] == b"FAC\x00010\x00"
    assert u32(data, 8) == len(data)
    assert u16(data, 12) == 1
    block_length = u32(data, 14)
    assert 14 + block_length == len(data)
    feature_points = u16(data, 18)
    assert feature_points == 0
    info = 14 + 20  # facial record header: length(4) + facial information (16)
    face_type, data_type, width, height, colour, source, _device, quality = struct.unpack(
        ">BBHHBBHH", data[info : info + 12]
    )
    assert (face_type, data_type) == (1, 1)  # full frontal, JPEG 2000
    assert (width, height) == (640, 480)
    assert colour == 1  # 24-bit RGB
    assert source == 2
    assert quality == 77
    picture = pillow(data[info + 12 :])
    assert picture.shape == (480, 640, 3)
    assert np.array_equal(picture[:, :, ::-1], synth_face("blue"))


def test_iso_19794_5_refuses_png_faces(record: BiometricRecord) -> None:
    png_face = FaceImage(EncodedImage.encode(synth_face("red"), ImageEncoding.PNG))
    with pytest.raises(ValueError, match="JPEG 2000"):
        face_record(BiometricRecord("T", CAPTURED_AT, "X", face=png_face))


def test_iso_19794_6_iris_record(record: BiometricRecord) -> None:
    data = iris_record(record)
    assert data[:8] == b"IIR\x00020\x00"
    assert u32(data, 8) == len(data)
    assert (u16(data, 12), u8(data, 14), u8(data, 15)) == (2, 0, 2)
    at = 16
    seen = []
    for number in (1, 2):
        length = u32(data, at)
        quality_count = u8(data, at + 18)
        p = at + 19 + 5 * quality_count
        assert u16(data, p) == number
        eye, image_type, image_format, properties = data[p + 2 : p + 6]
        width, height, depth = u16(data, p + 6), u16(data, p + 8), u8(data, p + 10)
        assert (width, height, depth) == (640, 480, 8)
        assert image_type == 2  # VGA ("K2")
        assert properties & 0b11 == 1  # horizontal orientation: base
        assert (properties >> 6) & 0b11 == 1  # lossless / uncompressed
        assert u16(data, p + 13) == 0xFFFF  # roll angle undefined
        image_length = u32(data, p + 29)
        image = data[p + 33 : p + 33 + image_length]
        assert p + 33 + image_length == at + length
        seen.append((eye, image_format, quality_count))
        source = synth_iris(1 if eye == 1 else 2)
        assert np.array_equal(pillow(image), source)
        at += length
    assert at == len(data)
    # Right eye (label 1, JPEG 2000 = 0x0A, no quality) first; left (2, PNG = 0x0E, scored).
    assert seen == [(1, 0x0A, 0), (2, 0x0E, 1)]


# --- ANSI/NIST-ITL 1-2011 ------------------------------------------------------


@pytest.fixture(scope="module")
def transaction(record: BiometricRecord) -> bytes:
    return export_ansi_nist(record)


@pytest.fixture(scope="module")
def message(transaction: bytes) -> nistitl.Message:
    parsed = nistitl.Message()
    parsed.parse(transaction)
    return parsed


def field(record, tag: int) -> str:
    value = record[tag].value
    return value if isinstance(value, str) else str(value)


def test_ansi_nist_type_1(message: nistitl.Message, transaction: bytes) -> None:
    type1 = message[0]
    assert field(type1, 2) == "0500"
    assert field(type1, 4) == "FKENR"
    assert field(type1, 5) == "20250314"
    assert field(type1, 8) == "ID3201DUKCAPIL"
    assert field(type1, 9) == "FK-TEST-0001"
    assert field(type1, 11) == field(type1, 12) == "19.69"
    assert field(type1, 14) == "20250314022653Z"
    cnt = [tuple(sub.values) for sub in type1["CNT"]]
    assert cnt[0] == ("1", str(len(cnt) - 1))
    assert [c[0] for c in cnt[1:]] == [
        "2",
        "10",
        "14",
        "14",
        "14",
        "14",
        "14",
        "14",
        "17",
        "17",
        "8",
    ]
    assert len(message) == len(cnt)
    # Traditional encoding: the type-1 record is text fields split by GS, ended by FS.
    head = transaction[: transaction.index(b"\x1c") + 1]
    assert head.startswith(b"1.001:%d\x1d1.002:0500\x1d" % len(head))
    assert b"\x1e2\x1f00\x1e10\x1f01" in head


def test_ansi_nist_type_2_carries_only_the_descriptive_text(message: nistitl.Message) -> None:
    type2 = next(message.iter(2))
    assert field(type2, 3) == "JEMPUT-BOLA"
    assert field(type2, 4) == "SIMULATOR"


def test_ansi_nist_type_14_fingers(message: nistitl.Message) -> None:
    images = finger_images()
    records = list(message.iter(14))
    assert [int(field(r, 13)) for r in records] == [1, 2, 3, 5, 6, 7]
    for r in records:
        position = FingerPosition(int(field(r, 13)))
        assert field(r, 3) == "0"
        assert (field(r, 6), field(r, 7)) == ("256", "288")
        assert (field(r, 8), field(r, 9), field(r, 10), field(r, 12)) == ("1", "500", "500", "8")
        fqm = [tuple(sub.values) for sub in r[24]]
        score = "255" if position is FingerPosition.LEFT_INDEX else str(40 + int(position))
        assert fqm == [(str(int(position)), score, "000F", "15")]
        data = r[999].value
        if position is FingerPosition.RIGHT_THUMB:
            assert field(r, 11) == "WSQ20"
            assert decode_wsq(data).shape == (288, 256)
        else:
            assert field(r, 11) == "JP2L"
            assert np.array_equal(pillow(data), images[position])


def test_ansi_nist_type_10_face_and_type_17_irises(message: nistitl.Message) -> None:
    face = next(message.iter(10))
    assert field(face, 3) == "FACE"
    assert (field(face, 6), field(face, 7), field(face, 11), field(face, 12)) == (
        "640",
        "480",
        "JP2L",
        "RGB",
    )
    assert np.array_equal(pillow(face[999].value)[:, :, ::-1], synth_face("blue"))
    irises = list(message.iter(17))
    assert [field(r, 3) for r in irises] == ["1", "2"]  # right eye, left eye
    assert [field(r, 11) for r in irises] == ["JP2L", "PNG"]
    for r, seed in zip(irises, (1, 2), strict=True):
        assert np.array_equal(pillow(r[999].value), synth_iris(seed))


def test_ansi_nist_type_8_signature_is_a_binary_record(message: nistitl.Message) -> None:
    signature = next(message.iter(8))
    sig, srt, isr, width, height, pixels = signature.unpack(">BBBHH")
    assert (sig, srt, isr) == (0, 0, 0)
    assert (width, height) == (300, 120)
    ink = np.unpackbits(np.frombuffer(pixels, np.uint8).reshape(height, -1), axis=1)[:, :width]
    assert np.array_equal(ink.astype(bool), signature_image() < 128)


def test_ansi_nist_lengths_are_exact(transaction: bytes) -> None:
    # Walk the records by their own length fields: they must tile the file exactly.
    at = 0
    kinds = []
    while at < len(transaction):
        if transaction[at : at + 1].isdigit():
            tag_end = transaction.index(b":", at)
            kind = int(transaction[at : transaction.index(b".", at)])
            length = int(transaction[tag_end + 1 : transaction.index(b"\x1d", at)])
            assert transaction[at + length - 1 : at + length] == b"\x1c"
        else:
            kind, length = 8, int.from_bytes(transaction[at : at + 4], "big")
        kinds.append(kind)
        at += length
    assert at == len(transaction)
    assert kinds == [1, 2, 10, 14, 14, 14, 14, 14, 14, 17, 17, 8]


def test_separators_in_text_are_refused() -> None:
    bad = BiometricRecord("FK\x1d1", CAPTURED_AT, "ID")
    with pytest.raises(ValueError, match="separator"):
        export_ansi_nist(bad)


def test_records_refuse_naive_times_and_doubled_positions() -> None:
    with pytest.raises(ValueError, match="timezone"):
        BiometricRecord("T", dt.datetime(2025, 1, 1), "X")  # noqa: DTZ001
    image = EncodedImage.encode(synthesize(1), ImageEncoding.PNG, ppi=500)
    twice = (FingerImage(FingerPosition.RIGHT_THUMB, image),) * 2
    with pytest.raises(ValueError, match="twice"):
        BiometricRecord("T", CAPTURED_AT, "X", fingers=twice)
