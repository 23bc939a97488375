"""Real UVC cameras through OpenCV: the face camera and a UVC near-infrared iris camera.

Both share ``drivers.camera.opencv.OpenCvCamera``; they differ in what they
request and return.  The face camera asks for 1280x720 MJPG (USB 2 cannot
carry 720p at 30 fps uncompressed) and returns BGR.  The iris camera asks for
640x480, the ISO 19794-6 K2 size, and returns 8-bit grey; ``info()`` says
whether the device really delivers K2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from drivers.camera.opencv import Colour, OpenCvCamera
from drivers.interfaces import FaceCamera, IrisCamera

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from drivers.base import HealthCheckBuilder
    from drivers.camera.opencv import RawFrame

#: ISO/IEC 19794-6 image type K2 (VGA): the size iris captures are stored at.
K2_SIZE = (640, 480)


class OpenCvFaceCamera(OpenCvCamera, FaceCamera):
    colour: ClassVar[Colour] = Colour.BGR
    default_size: ClassVar[tuple[int, int]] = (1280, 720)
    model_name: ClassVar[str] = "USB face camera"


class IrisK2Mixin(OpenCvCamera):
    """What makes an OpenCV camera an iris camera: grey frames judged against K2."""

    colour: ClassVar[Colour] = Colour.GREY
    default_size: ClassVar[tuple[int, int]] = K2_SIZE

    def _capabilities(self) -> set[str]:
        caps = super()._capabilities()
        if self.resolution == K2_SIZE:
            caps.add("iso19794_6_k2")
        return caps

    def _capture_metadata(
        self, image: NDArray[np.uint8], frame: RawFrame, score: float
    ) -> dict[str, str]:
        meta = super()._capture_metadata(image, frame, score)
        meta["iso19794_6_k2"] = "yes" if image.shape[::-1] == K2_SIZE else "no"
        return meta

    def _check_resolution(self, checks: HealthCheckBuilder) -> None:
        width, height = self.resolution or (0, 0)
        checks.add(
            "resolution",
            ok=(width, height) == K2_SIZE,
            detail=f"{width}x{height} (ISO 19794-6 K2 is 640x480)",
        )


class OpenCvIrisCamera(IrisK2Mixin, IrisCamera):
    """A UVC iris camera (most USB iris modules enumerate as plain NIR webcams)."""

    model_name: ClassVar[str] = "USB iris camera"
