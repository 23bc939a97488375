"""Pictures the enrollment screen shows or keeps: a still from the face camera, thumbnails.

They live in the core, not in a widget, so the screen only paints pixels it is given
and the same encoding serves the CLI, the demo and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import cv2
import numpy as np

from drivers.base import CaptureRequest, Modality
from fieldkit import devices
from fieldkit.enrollment import capture
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
