"""Pictures the enrollment screen shows or keeps: a still from the face camera, thumbnails.

The petugas's check step shows the kept captures and, beside them, the photos taken
as evidence (:func:`document_thumbnails`: the consent letter, each exception's proof):
what is sealed is what the petugas saw.

They live in the core, not in a widget, so the screen only paints pixels it is given
and the same encoding serves the CLI, the demo and the tests.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import cv2
import numpy as np
import sqlalchemy as sa

from drivers.base import CaptureRequest, Modality
from fieldkit import devices
from fieldkit.enrollment import capture, drafts
from fieldkit.enrollment.models import BiometricException, EnrollmentDocument
from fieldkit.errors import InvalidInput
from fieldkit.quality.imageio import decode_image

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from drivers.base import ImageDevice
    from fieldkit.workspace import Workspace

#: A still is taken within this time, or the camera is said to be silent.
STILL_TIMEOUT_S = 5.0
#: JPEG quality of a consent letter or a proof photo: small, and still legible.
JPEG_QUALITY = 90


def jpeg_still(device: ImageDevice, timeout_s: float = STILL_TIMEOUT_S) -> bytes:
    """One still from the face camera as JPEG bytes (a consent letter, a proof photo)."""
    with devices.converted(Modality.FACE):
        result = device.capture(CaptureRequest(timeout_s=timeout_s))
    ok, encoded = cv2.imencode(".jpg", result.images[0], [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise InvalidInput(
            code="photo_not_encoded",
        )
    return bytes(encoded.tobytes())


@dataclass(frozen=True)
class Thumbnail:
    """A kept capture's small picture: which slot and part, and its pixels (grey or BGR)."""

    slot: str
    part: str
    pixels: NDArray[np.uint8]


def thumbnails(ws: Workspace, enrollment_id: str, height: int) -> list[Thumbnail]:
    """Every kept image of a draft, ``height`` pixels tall (slow: run it off the GUI thread)."""
    with ws.transaction() as session:
        kept = capture.kept_images(session, enrollment_id)
        found = [
            (slot, image.part, image.data)
            for slot, images in kept.items()
            for image in images
            if image.media_type == capture.JP2
        ]
    small = []
    for slot, part, data in found:
        picture = decode_image(data, mode="keep", name=part)
        scale = height / picture.shape[0]
        size = (max(1, round(picture.shape[1] * scale)), height)
        pixels = np.asarray(cv2.resize(picture, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
        small.append(Thumbnail(slot, part, pixels))
    return small


@dataclass(frozen=True)
class DocumentThumbnail:
    """A photo taken as evidence, small: ``kind`` "consent" or "proof", and what it proves.

    ``parts`` are the fingers or eyes a proof photo is for (one photo for both eyes of a
    blind person is one picture with two parts); a consent letter has none.
    """

    kind: str
    parts: tuple[str, ...]
    pixels: NDArray[np.uint8]


def _small(data: bytes, height: int, name: str) -> NDArray[np.uint8]:
    picture = decode_image(data, mode="keep", name=name)
    scale = height / picture.shape[0]
    size = (max(1, round(picture.shape[1] * scale)), height)
    return np.asarray(cv2.resize(picture, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)


def document_thumbnails(ws: Workspace, enrollment_id: str, height: int) -> list[DocumentThumbnail]:
    """The consent letter's photo (the last taken) and each proof photo, ``height`` tall.

    In memory only, like every picture of a draft (slow: off the GUI thread).  A proof
    photo shared by two exceptions (both eyes) is one picture naming both parts.
    """
    with ws.transaction() as session:
        row = drafts.load(session, enrollment_id)
        documents = {
            d.id: d
            for d in session.scalars(
                sa.select(EnrollmentDocument).where(EnrollmentDocument.enrollment_id == row.id)
            )
        }
        proofs: dict[str, list[str]] = defaultdict(list)
        for exception in session.scalars(
            sa.select(BiometricException)
            .where(BiometricException.enrollment_id == row.id)
            .order_by(BiometricException.part)
        ):
            proofs[documents[exception.proof_id].sha256].append(exception.part)
        letters = sorted(
            (d for d in documents.values() if d.kind == "consent"), key=lambda d: d.added_at
        )
        found: list[tuple[str, tuple[str, ...], bytes]] = []
        if letters:
            found.append(("consent", (), letters[-1].data))
        seen: set[str] = set()
        for document in sorted(documents.values(), key=lambda d: d.added_at):
            if document.kind != "proof" or document.sha256 in seen:
                continue
            if document.sha256 in proofs:  # an exception removed leaves its photo unused
                seen.add(document.sha256)
                found.append(("proof", tuple(proofs[document.sha256]), document.data))
    return [
        DocumentThumbnail(kind, parts, _small(data, height, kind)) for kind, parts, data in found
    ]
