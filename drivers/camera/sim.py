"""Simulated face and iris cameras: a training mode for offices without hardware.

They play synthetic clips from ``assets/sim/`` (made by
``scripts/make_sim_media.py``; see ``assets/sim/README.md``) through
``cv2.VideoCapture`` with ``CAP_IMAGES``, looped and paced to ``fps``, through
the very reader thread the real cameras use.  So a trainee, a demo and the
tests all exercise the real capture path; only the pixels are made up.

Faults for training and tests: ``stop_after_frames=N`` makes the camera stop
after N frames, either hanging inside ``read()`` like a wedged driver
(``fault="hang"``) or reporting failed reads like an unplugged one
(``fault="unplug"``).

A ``subject`` makes the face someone: the clip's skin takes that person's own tone
(:class:`SubjectSource`), and every frame carries the sensor's fresh noise, so two
captures of one person are close and never byte-identical, and two people differ.
"""

from __future__ import annotations

import enum
import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import cv2
import numpy as np

from drivers.cable import SimCable
from drivers.camera.backends import IrisK2Mixin
from drivers.camera.opencv import OpenCvCamera, VideoSource
from drivers.errors import BackendError, BackendReason, DeviceReason, DeviceUnavailable
from drivers.interfaces import FaceCamera, IrisCamera

if TYPE_CHECKING:
    from collections.abc import Mapping

    from numpy.typing import NDArray

    from drivers.base import DeviceInfo

log = logging.getLogger(__name__)

#: Clips are played at this rate unless told otherwise (they were drawn at 20 fps).
SIM_FPS = 25.0
FRAME_PATTERN = "frame_%03d.jpg"


def sim_media_dir(media_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where the clips are: ``media_dir``, else ``$FIELDKIT_ASSETS/sim``, else the repo's.

    ``drivers`` may not import ``fieldkit``, so it cannot ask the app where its
    assets are; a packaged build sets ``FIELDKIT_ASSETS`` instead.
    """
    if media_dir is not None:
        return Path(media_dir)
    env = os.environ.get("FIELDKIT_ASSETS")
    if env:
        return Path(env) / "sim"
    return Path(__file__).resolve().parents[2] / "assets" / "sim"


class FaceClip(enum.Enum):
    RED = "face_red"
    BLUE = "face_blue"
    DARK = "face_dark"
    NO_FACE = "no_face"


class IrisClip(enum.Enum):
    GOOD = "iris_good"
    OCCLUDED = "iris_occluded"
    BLURRED = "iris_blurred"


class Fault(enum.Enum):
    HANG = "hang"
    UNPLUG = "unplug"


E = TypeVar("E", bound=enum.Enum)


def _parse(kind: type[E], value: E | str, prefix: str) -> E:
    """Accept the enum, its value ("face_red") or the short name ("red")."""
    if isinstance(value, kind):
        return value
    for candidate in (str(value), f"{prefix}{value}"):
        try:
            return kind(candidate)
        except ValueError:
            continue
    known = ", ".join(m.value for m in kind)
    raise BackendError(
        f"Unknown {kind.__name__} {value!r} (known: {known}).", reason=BackendReason.BAD_OPTION
    )


class FaultySource:
    """Wraps a VideoSource and stops delivering after ``after`` frames."""

    def __init__(self, inner: VideoSource, after: int, fault: Fault) -> None:
        self._inner = inner
        self._left = after
        self._fault = fault
        self._unblock = threading.Event()

    def unblock(self) -> None:
        """Let a hung ``read()`` return, so closing the camera does not leak a thread."""
        self._unblock.set()

    def isOpened(self) -> bool:  # noqa: N802  cv2's name
        return self._inner.isOpened()

    def read(self) -> tuple[bool, Any]:
        if self._left > 0:
            self._left -= 1
            return self._inner.read()
        if self._fault is Fault.HANG:
            self._unblock.wait()
        return False, None

    def get(self, prop_id: int, /) -> float:
        return self._inner.get(prop_id)

    def set(self, prop_id: int, value: float, /) -> bool:
        # An unplugged camera cannot be rewound into life.
        return self._left > 0 and self._inner.set(prop_id, value)

    def release(self) -> None:
        self._inner.release()

    def getBackendName(self) -> str:  # noqa: N802  cv2's name
        return self._inner.getBackendName()


class CabledSource:
    """A clip behind a simulated USB cable: pulled out, reads fail as an unplugged camera's.

    OpenCV's reader then gives up as it does for a real camera that vanished, and
    the driver reports it unplugged; a rewind cannot bring it back.
    """

    def __init__(self, inner: VideoSource, cable: SimCable) -> None:
        self._inner = inner
        self._cable = cable

    def isOpened(self) -> bool:  # noqa: N802  cv2's name
        return self._inner.isOpened()

    def read(self) -> tuple[bool, Any]:
        if not self._cable.plugged:
            return False, None
        return self._inner.read()

    def get(self, prop_id: int, /) -> float:
        return self._inner.get(prop_id)

    def set(self, prop_id: int, value: float, /) -> bool:
        return self._cable.plugged and self._inner.set(prop_id, value)

    def release(self) -> None:
        self._inner.release()

    def getBackendName(self) -> str:  # noqa: N802  cv2's name
        return self._inner.getBackendName()


#: A subject's skin: brightness and warmth (red against blue) applied to the clip's skin.
_SKIN_BRIGHTNESS = (0.8, 1.08)
_SKIN_WARMTH = (-0.1, 0.1)
#: Skin is where red > green > blue with red well above blue; neither backdrop nor hair is.
_SKIN_RED_OVER_BLUE = 40
_NOISE_LEVELS = 4


def skin_tone(subject: int) -> tuple[float, float]:
    """(brightness, warmth) of ``subject``'s skin; the same on every machine.

    Spread by golden-ratio steps rather than drawn at random, so neighbouring subjects
    (the demo's people, a training's duplicate and its neighbour) never share a tone:
    consecutive subjects' warmth differs by at least 38 % of its range.
    """
    golden = (5**0.5 - 1) / 2
    low, high = _SKIN_BRIGHTNESS
    brightness = low + (high - low) * ((subject * golden * golden + 0.5) % 1.0)
    low, high = _SKIN_WARMTH
    warmth = low + (high - low) * ((subject * golden) % 1.0)
    return brightness, warmth


def skin_lut(subject: int) -> NDArray[np.uint8]:
    """A per-channel lookup table (256 x 1 x 3, BGR) that gives the clip's skin this tone."""
    brightness, warmth = skin_tone(subject)
    levels = np.arange(256, dtype=np.float32)
    gains = (brightness * (1 - warmth), brightness, brightness * (1 + warmth))  # B, G, R
    table = np.stack([np.clip(levels * g, 0, 255) for g in gains], axis=-1)
    lut: NDArray[np.uint8] = table.astype(np.uint8).reshape(256, 1, 3)
    return lut


def tone_skin(
    frame: NDArray[np.uint8], subject: int, lut: NDArray[np.uint8] | None = None
) -> NDArray[np.uint8]:
    """``frame`` (BGR) with its skin in ``subject``'s tone; backdrop, hair, eyes untouched."""
    b, g, r = (frame[:, :, i].astype(np.int16) for i in range(3))
    skin = ((r > g) & (g > b) & (r - b > _SKIN_RED_OVER_BLUE)).astype(np.uint8)
    toned = frame.copy()
    cv2.copyTo(cv2.LUT(frame, skin_lut(subject) if lut is None else lut), skin, toned)
    return toned


class SubjectSource:
    """A clip shown as a given person: their skin tone, and a sensor's noise on every frame.

    ``subject`` None plays the clip as drawn.  The tone is a per-channel lookup applied
    where the frame is skin, cheap enough for the live preview (about a millisecond).
    """

    def __init__(self, inner: VideoSource, subject: int | None) -> None:
        self._inner = inner
        self._lut: Any = None
        self._rng = np.random.default_rng()
        self.subject = subject

    @property
    def subject(self) -> int | None:
        return self._subject

    @subject.setter
    def subject(self, subject: int | None) -> None:
        self._subject = subject
        if subject is None:
            self._lut = None
            return
        self._lut = skin_lut(subject)

    def isOpened(self) -> bool:  # noqa: N802  cv2's name
        return self._inner.isOpened()

    def read(self) -> tuple[bool, Any]:
        ok, frame = self._inner.read()
        lut = self._lut
        if not ok or lut is None or frame is None or frame.ndim != 3:  # noqa: PLR2004
            return ok, frame
        toned = tone_skin(frame, self._subject or 0, lut)
        noise = self._rng.integers(0, _NOISE_LEVELS, frame.shape, dtype=np.uint8)
        offset = np.full(frame.shape, _NOISE_LEVELS // 2, np.uint8)
        return True, cv2.subtract(cv2.add(toned, noise), offset)

    def get(self, prop_id: int, /) -> float:
        return self._inner.get(prop_id)

    def set(self, prop_id: int, value: float, /) -> bool:
        return self._inner.set(prop_id, value)

    def release(self) -> None:
        self._inner.release()

    def getBackendName(self) -> str:  # noqa: N802  cv2's name
        return self._inner.getBackendName()


class SimCamera(OpenCvCamera):
    """Plays one clip as a camera; subclasses fix the modality and the clip set."""

    backend_name: ClassVar[str] = "sim"
    vendor: ClassVar[str] = "FieldKit"
    clips: ClassVar[type[enum.Enum]]
    clip_prefix: ClassVar[str]
    default_clip: ClassVar[enum.Enum]

    def __init__(
        self,
        clip: enum.Enum | str | None = None,
        *,
        media_dir: str | os.PathLike[str] | None = None,
        fps: float = SIM_FPS,
        stop_after_frames: int | None = None,
        fault: Fault | str = Fault.HANG,
        warmup_frames: int = 2,
        warmup_s: float = 0.5,
        open_timeout_s: float = 3.0,
        frame_timeout_s: float = 1.0,
        best_of: int = 3,
        cable: SimCable | None = None,
        subject: int | None = None,
    ) -> None:
        """``clip`` picks the clip (see the subclasses); ``fps`` the playback rate.

        ``cable`` is the camera's USB cable, which training may pull out; ``subject``
        the simulated person in front of it (see :class:`SubjectSource`).
        """
        self.cable = cable or SimCable()
        self.subject = subject
        self._subject_source: SubjectSource | None = None
        self.clip = str(_parse(self.clips, clip or self.default_clip, self.clip_prefix).value)
        self.media = sim_media_dir(media_dir) / self.clip
        super().__init__(
            str(self.media / FRAME_PATTERN),
            width=None,
            height=None,
            fps=fps,
            api="images",
            warmup_frames=warmup_frames,
            warmup_s=warmup_s,
            open_timeout_s=open_timeout_s,
            frame_timeout_s=frame_timeout_s,
            best_of=best_of,
        )
        self._stop_after = stop_after_frames
        self._fault = _parse(Fault, fault, "")
        self._faulty: FaultySource | None = None

    def _open_source(self) -> tuple[VideoSource, float | None, bool]:
        if not (self.media / (FRAME_PATTERN % 0)).is_file():
            raise DeviceUnavailable(
                f"Simulator media {self.clip!r} is missing from {self.media.parent} "
                "(run scripts/make_sim_media.py, or set FIELDKIT_ASSETS).",
                reason=DeviceReason.NOT_FOUND,
                device=self.address,
            )
        if not self.cable.plugged:  # as OpenCV says of a camera that is not there
            raise DeviceUnavailable(
                f"OpenCV cannot open {self.address} (unplugged, in use by another program, "
                "or not a camera/video).",
                reason=DeviceReason.NOT_FOUND,
                device=self.address,
            )
        inner, fps, loop = super()._open_source()
        self._subject_source = SubjectSource(inner, self.subject)
        source: VideoSource = CabledSource(self._subject_source, self.cable)
        if self._stop_after is not None:
            self._faulty = FaultySource(source, self._stop_after, self._fault)
            log.info("sim camera will %s after %d frames", self._fault.value, self._stop_after)
            return self._faulty, fps, loop
        return source, fps, loop

    def set_subject(self, subject: int) -> None:
        """Another simulated person steps in front of the camera (training, the demo)."""
        if subject < 0:
            raise ValueError("a subject is a number from 0")
        self.subject = subject
        source = self._subject_source
        if source is not None:
            source.subject = subject

    def close(self) -> None:
        faulty, self._faulty = self._faulty, None
        if faulty is not None:
            faulty.unblock()
        super().close()

    def _model(self) -> str:
        return f"{self.model_name} ({self.clip})"

    def info(self) -> DeviceInfo:
        base = super().info()
        return type(base)(
            modality=base.modality,
            vendor=base.vendor,
            model=base.model,
            serial=f"SIM-{self.clip}",
            firmware="synthetic media",
            backend=base.backend,
            capabilities=base.capabilities | {"simulated"},
            address=str(self.media),
        )


class SimFaceCamera(SimCamera, FaceCamera):
    """``clip``: red / blue (KTP-el backgrounds), dark (under-exposed) or no_face."""

    model_name: ClassVar[str] = "Simulated face camera"
    clips: ClassVar[type[enum.Enum]] = FaceClip
    clip_prefix: ClassVar[str] = "face_"
    default_clip: ClassVar[enum.Enum] = FaceClip.RED
    _BACKDROPS: ClassVar[dict[str, FaceClip]] = {"red": FaceClip.RED, "blue": FaceClip.BLUE}

    def simulation_controls(self) -> Mapping[str, tuple[str, ...]]:
        return {"backdrop": tuple(self._BACKDROPS)}

    def _apply_simulation(self, control: str, value: str) -> None:  # noqa: ARG002 - one control
        """Hang the other cloth: play the other clip, reopening the camera if it was open.

        Not while a capture reads frames, and no capture between the close and the open
        (both locks held): the preview hangs the cloth on its own thread as the step opens,
        and a Rekam pressed at that moment found the camera closed ("device_not_open").
        """
        clip = self._BACKDROPS[value].value
        with self._lifecycle, self._busy:
            if clip == self.clip:
                return
            was_open = self._reader is not None
            self.close()
            self.clip = clip
            self.media = self.media.parent / clip
            self.device = str(self.media / FRAME_PATTERN)
            if was_open:
                self.open()
        log.info("sim camera now shows the %s backdrop", value)


class SimIrisCamera(SimCamera, IrisK2Mixin, IrisCamera):
    """``clip``: good, occluded (an eyelid over the iris) or blurred; 640x480 grey."""

    model_name: ClassVar[str] = "Simulated iris camera"
    clips: ClassVar[type[enum.Enum]] = IrisClip
    clip_prefix: ClassVar[str] = "iris_"
    default_clip: ClassVar[enum.Enum] = IrisClip.GOOD
