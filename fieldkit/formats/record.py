"""``BiometricRecord``: one finished enrollment's images, ready for export.

Plain frozen data with no personal fields on purpose: the ISO and ANSI/NIST
exports carry only biometrics, capture metadata and quality scores.  The
enrollment state machine builds it from the kept captures; the NIK and the
name travel in the sealed packet, not here.
"""

from __future__ import annotations

import enum
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image

from fieldkit.formats.wsq import encode_wsq

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from numpy.typing import NDArray

    from fieldkit.formats.positions import Eye, FingerPosition

_GREY = 2
_COLOUR = 3


class ImageEncoding(enum.StrEnum):
    RAW = "raw"  # 8-bit grey, row-major, no header
    PNG = "png"
    JP2 = "jp2"  # lossless JPEG 2000 (reversible 5/3 wavelet, JP2 container)
    WSQ = "wsq"  # lossy, fingerprints at 500 ppi only

    @property
    def lossy(self) -> bool:
        return self is ImageEncoding.WSQ


class MissingReason(enum.StrEnum):
    """ANSI/NIST-ITL 1-2011 field 14.018 (AMP) codes."""

    AMPUTATED = "XX"
    UNABLE_TO_PRINT = "UP"  # bandaged, injured, worn away


@dataclass(frozen=True)
class EncodedImage:
    data: bytes
    encoding: ImageEncoding
    width: int
    height: int
    colour: bool = False
    #: Pixels per inch; None when only the aspect ratio is known (face photos).
    ppi: int | None = None

    @classmethod
    def encode(
        cls, image: NDArray[np.uint8], encoding: ImageEncoding, *, ppi: int | None = None
    ) -> EncodedImage:
        """Encode an 8-bit grey (H, W) or BGR (H, W, 3) array."""
        if image.dtype != np.uint8 or image.ndim not in (_GREY, _COLOUR):
            raise ValueError("expected an 8-bit grey or BGR image")
        colour = image.ndim == _COLOUR
        height, width = image.shape[:2]
        if encoding is ImageEncoding.WSQ:
            if colour:
                raise ValueError("WSQ is for grey fingerprints")
            data = encode_wsq(image, ppi=ppi or 500)
        elif encoding is ImageEncoding.RAW:
            if colour:
                raise ValueError("raw export is for grey images")
            data = np.ascontiguousarray(image).tobytes()
        elif encoding is ImageEncoding.JP2:
            # Imported here: imageio pulls in the decoder helpers only JP2 needs.
            from fieldkit.quality.imageio import jp2_bytes  # noqa: PLC0415

            data = jp2_bytes(image)
        else:
            picture = Image.fromarray(np.ascontiguousarray(image[:, :, ::-1] if colour else image))
            buffer = io.BytesIO()
            picture.save(buffer, format="PNG")
            data = buffer.getvalue()
        return cls(data, encoding, width, height, colour=colour, ppi=ppi)


@dataclass(frozen=True)
class DeviceInfo:
    make: str = ""
    model: str = ""
    serial: str = ""
    #: IBIA-registered vendor id (ISO 19794 "capture device vendor"), 0 when unregistered.
    vendor_id: int = 0
    type_id: int = 0


@dataclass(frozen=True)
class FingerImage:
    position: FingerPosition
    image: EncodedImage
    #: NFIQ 2 (0-100); None when unscorable.
    nfiq2: int | None = None


@dataclass(frozen=True)
class IrisImage:
    eye: Eye
    image: EncodedImage
    quality: int | None = None


@dataclass(frozen=True)
class FaceImage:
    image: EncodedImage
    quality: int | None = None


@dataclass(frozen=True)
class BiometricRecord:
    #: Transaction control number: the enrollment's client-made id (no NIK).
    transaction_id: str
    captured_at: dt.datetime
    #: Originating agency (ANSI/NIST ORI), e.g. the Disdukcapil office code.
    agency: str
    destination: str = "DUKCAPIL"
    face: FaceImage | None = None
    fingers: tuple[FingerImage, ...] = ()
    irises: tuple[IrisImage, ...] = ()
    signature: EncodedImage | None = None
    missing_fingers: Mapping[FingerPosition, MissingReason] = field(default_factory=dict)
    devices: Mapping[str, DeviceInfo] = field(default_factory=dict)
    #: ANSI/NIST Type-2 user-defined fields (field number -> text).  Keep personal data out.
    descriptive_text: Mapping[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.captured_at.tzinfo is None:
            raise ValueError("captured_at must be timezone-aware (exports write UTC)")
        positions = [finger.position for finger in self.fingers]
        if len(set(positions)) != len(positions):
            raise ValueError("a finger position appears twice")
        if any(not p.is_single_finger for p in positions):
            raise ValueError("fingers must be single positions 1-10 (segment slaps first)")
        eyes = [iris.eye for iris in self.irises]
        if len(set(eyes)) != len(eyes):
            raise ValueError("an eye appears twice")

    def device(self, modality: str) -> DeviceInfo:
        return self.devices.get(modality, DeviceInfo())


def describe(record: BiometricRecord) -> dict[str, Any]:
    """A log-safe summary (counts and sizes only, never image bytes)."""
    return {
        "transaction_id": record.transaction_id,
        "face": record.face is not None,
        "fingers": [int(f.position) for f in record.fingers],
        "irises": [iris.eye.value for iris in record.irises],
        "signature": record.signature is not None,
    }
