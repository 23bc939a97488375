"""Shared ``cv2.VideoCapture`` machinery for the face and iris cameras and their simulators.

A UVC camera, a video file and an image sequence all go through the same
path: open (bounded in time), negotiate the format, start one reader thread
that keeps only the newest frame, let auto-exposure settle, then serve
``stream()`` and ``capture()`` from that thread.  The caller never sits in
``cap.read()`` itself, so a camera that stops sending frames costs it at most
``frame_timeout_s``, never a hang.

OpenCV documentation this follows (4.x):

* Video I/O overview, https://docs.opencv.org/4.x/d0/da7/videoio_overview.html:
  pass an explicit ``apiPreference`` rather than ``CAP_ANY``, because the
  automatic choice differs between builds.  We use V4L2 on Linux, Media
  Foundation (MSMF) on Windows with DirectShow as the fallback, and
  AVFoundation on macOS.
* ``cv::VideoCaptureAPIs`` / ``cv::VideoCaptureProperties``,
  https://docs.opencv.org/4.x/d4/d15/group__videoio__flags__base.html:
  ``CAP_PROP_FRAME_WIDTH``/``HEIGHT``/``FPS``/``FOURCC`` are *requests* that
  the driver may round or ignore, so we read them back and trust the first
  frame's shape over both.  ``CAP_IMAGES`` reads ``name_%03d.jpg`` sequences.
* ``cv::VideoCapture::read``,
  https://docs.opencv.org/4.x/d8/dfe/classcv_1_1VideoCapture.html: returns
  false with an empty frame when the camera is disconnected or a file ends.
* Media Foundation opens slowly on many laptops while it probes hardware
  transforms; ``OPENCV_VIDEOIO_MSMF_ENABLE_HW_TRANSFORMS=0`` (read when cv2
  is imported) avoids that, so we set it before importing cv2 on Windows.
"""

from __future__ import annotations

import enum
import logging
import os
import re
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeAlias, cast

if sys.platform == "win32":  # pragma: no cover - Windows only
    os.environ.setdefault("OPENCV_VIDEOIO_MSMF_ENABLE_HW_TRANSFORMS", "0")

import cv2
import numpy as np

from drivers.base import (
    CancelToken,
    CaptureRequest,
    CaptureResult,
    Deadline,
    DeviceInfo,
    DeviceState,
    DeviceStatus,
    Frame,
    HealthCheck,
    HealthCheckBuilder,
    ImageDevice,
    StatusReason,
    build_result,
    utcnow,
)
from drivers.errors import (
    BackendError,
    BackendReason,
    CaptureCancelled,
    DeviceReason,
    DeviceTimeout,
    DeviceUnavailable,
    DriverError,
    ProtocolError,
    ProtocolReason,
    TimeoutReason,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from numpy.typing import NDArray

log = logging.getLogger(__name__)

#: How often a waiting caller looks at its CancelToken (which has no callback).
_POLL_S = 0.05
#: Consecutive failed reads after which a live camera counts as gone.
_MAX_FAILED_READS = 5
#: Consecutive unusable frames (empty, wrong type) after which the stream is broken.
_MAX_BAD_FRAMES = 5
#: A warm-up frame whose mean brightness moves less than this is "settled".
_SETTLED_DELTA = 1.5
_SETTLED_RUN = 3
#: Playback rate for an image sequence, which carries no frame rate of its own.
DEFAULT_PLAYBACK_FPS = 25.0
#: Below / above these mean grey levels a frame is "all black" / "all white".
_BLACK_LEVEL, _WHITE_LEVEL, _FLAT_STD = 8.0, 247.0, 2.0

API_NAMES: dict[str, int] = {
    "any": cv2.CAP_ANY,
    "v4l2": cv2.CAP_V4L2,
    "msmf": cv2.CAP_MSMF,
    "dshow": cv2.CAP_DSHOW,
    "avfoundation": cv2.CAP_AVFOUNDATION,
    "gstreamer": cv2.CAP_GSTREAMER,
    "ffmpeg": cv2.CAP_FFMPEG,
    "images": cv2.CAP_IMAGES,
}


def platform_apis(platform: str = sys.platform) -> tuple[int, ...]:
    """Capture APIs to try for a camera, best first (``platform`` is ``sys.platform``)."""
    if platform.startswith("linux"):
        return (cv2.CAP_V4L2,)
    if platform == "win32":
        return (cv2.CAP_MSMF, cv2.CAP_DSHOW)
    if platform == "darwin":
        return (cv2.CAP_AVFOUNDATION,)
    return (cv2.CAP_ANY,)


class SourceKind(enum.Enum):
    DEVICE = "device"
    FILE = "file"
    SEQUENCE = "sequence"


#: A camera as Windows discovery names it: the capture API it was enumerated
#: through and its index there (``msmf:0``, ``dshow:1``); the indices of the two
#: APIs differ, so the address carries both.
_API_INDEX = re.compile(r"(msmf|dshow):(\d+)")


def api_index(source: int | str) -> tuple[int, int] | None:
    """(index, cv2 capture API) of an ``api:index`` address; None for anything else."""
    match = _API_INDEX.fullmatch(source) if isinstance(source, str) else None
    if match is None:
        return None
    return int(match.group(2)), API_NAMES[match.group(1)]


def source_kind(source: int | str) -> SourceKind:
    """A camera index, ``msmf:N`` or ``/dev/videoN`` is a device; ``%`` marks a sequence."""
    if (
        isinstance(source, int)
        or source.isdigit()
        or source.startswith("/dev/")
        or api_index(source) is not None
    ):
        return SourceKind.DEVICE
    if "%" in source:
        return SourceKind.SEQUENCE
    return SourceKind.FILE


class VideoSource(Protocol):
    """The part of ``cv2.VideoCapture`` we use, so a simulator can wrap one."""

    def isOpened(self) -> bool: ...  # noqa: N802  cv2's name
    def read(self) -> tuple[bool, Any]: ...
    def get(self, prop_id: int, /) -> float: ...
    def set(self, prop_id: int, value: float, /) -> bool: ...
    def release(self) -> None: ...
    def getBackendName(self) -> str: ...  # noqa: N802  cv2's name


# --- discovery ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CameraNode:
    index: int
    #: What ``OpenCvCamera(device=...)`` opens: ``/dev/video0`` on Linux, ``msmf:0`` on Windows.
    path: str
    name: str


class CameraInfoLike(Protocol):
    """What ``cv2_enumerate_cameras.enumerate_cameras`` returns per camera (its ``CameraInfo``)."""

    index: int
    name: str
    path: str | None
    backend: int


#: ``enumerate_cameras(apiPreference)``: the cameras one capture API sees, its indices.
Enumerator: TypeAlias = "Callable[[int], Sequence[CameraInfoLike]]"


def list_cameras(
    dev_root: Path = Path("/dev"),
    sys_root: Path = Path("/sys/class/video4linux"),
    *,
    platform: str = sys.platform,
    enumerate_cameras: Enumerator | None = None,
) -> list[CameraNode]:
    """The cameras attached, with their names, without opening any.

    Linux: the video capture nodes from the file system alone. uvcvideo makes
    two nodes per camera, the second for metadata; sysfs gives it ``index`` 1,
    so only ``index`` 0 nodes are listed.  Windows: :func:`windows_cameras`
    (``enumerate_cameras`` stands in for the enumerator in tests).  macOS has
    no listing here, so it returns an empty list and the app offers index 0.
    """
    if platform == "win32":
        return windows_cameras(enumerate_cameras)
    if not platform.startswith("linux"):
        return []
    found = []
    for node in dev_root.glob("video*"):
        match = re.fullmatch(r"video(\d+)", node.name)
        if match is None:
            continue
        attrs = sys_root / node.name
        try:
            if (attrs / "index").read_text().strip() not in ("", "0"):
                continue
        except OSError:
            pass  # no sysfs (a container): keep the node
        try:
            name = (attrs / "name").read_text().strip()
        except OSError:
            name = ""
        found.append(CameraNode(int(match.group(1)), str(node), name))
    return sorted(found, key=lambda c: c.index)


def windows_cameras(enumerate_cameras: Enumerator | None = None) -> list[CameraNode]:
    """Cameras through Media Foundation, then those only DirectShow sees, with their names.

    ``cv2_enumerate_cameras`` asks each API for its devices (their friendly names
    and symbolic links) without opening them, and its indices are the ones
    ``cv2.VideoCapture(index, api)`` opens.  A UVC camera shows in both APIs; it
    is listed once, through MSMF (OpenCV's preferred Windows API), recognised by
    its device instance (the symbolic link without its interface class).  The
    address names the API: ``msmf:0``, ``dshow:2``.
    """
    if enumerate_cameras is None:
        from cv2_enumerate_cameras import (  # noqa: PLC0415 - Windows only, and lazy
            enumerate_cameras as installed,
        )

        enumerate_cameras = cast("Enumerator", installed)
    found: list[CameraNode] = []
    seen: set[str] = set()
    for api_name in ("msmf", "dshow"):
        try:
            infos = enumerate_cameras(API_NAMES[api_name])
        except NotImplementedError:  # the enumerator has no such API on this system
            continue
        for info in infos:
            key = _hardware_key(info)
            if key in seen:
                continue
            seen.add(key)
            found.append(CameraNode(info.index, f"{api_name}:{info.index}", info.name))
    return found


def _hardware_key(info: CameraInfoLike) -> str:
    r"""One camera's identity across APIs: ``\\?\usb#vid_..&pid_..#inst#{class}\global``.

    MSMF and DirectShow give the same device instance with different interface
    classes (the ``#{...}`` tail); without a link, the name has to do.
    """
    if info.path:
        return re.sub(r"#\{[0-9a-f-]+\}.*$", "", info.path.lower())
    return f"name:{info.name.lower()}"


def _device_path(source: int | str) -> Path | None:
    """The Linux device node behind a camera index or path (None elsewhere)."""
    if not sys.platform.startswith("linux") or api_index(source) is not None:
        return None
    if isinstance(source, int) or source.isdigit():
        return Path(f"/dev/video{int(source)}")
    return Path(source)


# --- opening ------------------------------------------------------------------


def _fourcc(code: str) -> int:
    return int(cv2.VideoWriter.fourcc(*code))


def _configure(cap: cv2.VideoCapture, width: int, height: int, fps: float, fourcc: str) -> None:
    """Request a format; V4L2 wants the pixel format before the size."""
    if fourcc:
        cap.set(cv2.CAP_PROP_FOURCC, _fourcc(fourcc))
    cap.set(cv2.CAP_PROP_FRAME_WIDTH, width)
    cap.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
    if fps > 0:
        cap.set(cv2.CAP_PROP_FPS, fps)


def open_bounded(opener: Callable[[], VideoSource], timeout_s: float, address: str) -> VideoSource:
    """Run ``opener`` on a worker thread so a stuck driver cannot hold the caller.

    MSMF and some V4L2 drivers can take many seconds to open.  If the opener
    outlives the timeout, the worker releases whatever it eventually opens.
    """
    result: list[VideoSource] = []
    errors: list[BaseException] = []
    abandoned = threading.Event()

    def work() -> None:
        try:
            cap = opener()
        except (cv2.error, OSError, DriverError) as exc:
            errors.append(exc)
            return
        if abandoned.is_set():
            cap.release()
            return
        result.append(cap)

    worker = threading.Thread(target=work, name=f"camera-open {address}", daemon=True)
    worker.start()
    worker.join(timeout_s)
    if worker.is_alive():
        abandoned.set()
        raise DeviceTimeout(
            f"The camera did not open within {timeout_s:.1f} s.",
            reason=TimeoutReason.NO_RESPONSE,
            device=address,
        )
    if errors:
        exc = errors[0]
        if isinstance(exc, DriverError):
            raise exc
        raise DeviceUnavailable(
            f"OpenCV could not open the camera: {exc}",
            reason=DeviceReason.NOT_FOUND,
            device=address,
        ) from exc
    return result[0]


# --- the reader thread ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RawFrame:
    image: NDArray[np.uint8]
    #: 0, 1, 2... in the order the reader thread received them.
    sequence: int
    timestamp: float


class _Failure(enum.Enum):
    CLOSED = "closed"
    STOPPED = "stopped"
    BAD_FRAME = "bad_frame"
    SHAPE = "shape"


class FrameReader:
    """Owns a VideoSource on one daemon thread and keeps only the newest frame.

    Latest-frame semantics (a queue of one) keep the preview live: a slow
    consumer skips frames instead of falling behind.  Files and image
    sequences are paced to ``pace_fps`` and looped, so they behave like a
    camera; live cameras pace themselves inside ``read()``.
    """

    def __init__(
        self,
        source: VideoSource,
        *,
        address: str,
        pace_fps: float | None = None,
        loop: bool = False,
    ) -> None:
        self._source = source
        self.address = address
        self._period = 1.0 / pace_fps if pace_fps else 0.0
        self._loop = loop
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._latest: RawFrame | None = None
        self._times: deque[float] = deque(maxlen=256)
        self._failure: tuple[_Failure, str] | None = None
        # Touched only by the reader thread:
        self._sequence = 0
        self._bad_frames = 0
        self._shape: tuple[int, ...] | None = None
        self._next_due = time.monotonic()
        self._thread = threading.Thread(target=self._run, name=f"camera {address}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, join_s: float = 1.0) -> None:
        self._stop.set()
        with self._cond:
            if self._failure is None:
                self._failure = (_Failure.CLOSED, "The camera is closed.")
            self._cond.notify_all()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(join_s)
            if self._thread.is_alive():
                log.warning(
                    "camera %s is stuck in read(); its thread will exit later", self.address
                )

    # --- thread side ---------------------------------------------------------

    def _run(self) -> None:
        try:
            self._loop_reads()
        except cv2.error as exc:
            log.warning("OpenCV error reading %s: %s", self.address, exc)
            self._fail(_Failure.STOPPED, f"OpenCV failed to read a frame: {exc}")
        finally:
            self._source.release()

    def _loop_reads(self) -> None:
        failed_reads = 0
        # Rewind before the end: reading past the last image makes CAP_IMAGES log a warning.
        length = int(self._source.get(cv2.CAP_PROP_FRAME_COUNT)) if self._loop else 0
        position = 0
        while not self._stop.is_set():
            if 0 < length <= position and self._source.set(cv2.CAP_PROP_POS_FRAMES, 0):
                position = 0
            ok, frame = self._source.read()
            position += 1
            if self._stop.is_set():
                return
            if not ok:
                failed_reads += 1
                if (
                    self._loop
                    and failed_reads == 1
                    and self._source.set(cv2.CAP_PROP_POS_FRAMES, 0)
                ):
                    continue  # end of a file: play it again
                if failed_reads >= (1 if self._loop else _MAX_FAILED_READS):
                    self._fail(_Failure.STOPPED, "The camera stopped sending frames.")
                    return
                continue
            failed_reads = 0
            image = self._accept(frame)
            if image is None:
                if self._failure is not None:
                    return
                continue
            if self._period and not self._pace():
                return
            self._publish(image)

    def _accept(self, frame: object) -> NDArray[np.uint8] | None:
        """The frame if usable; otherwise count it and fail the stream when it is hopeless."""
        problem = _frame_problem(frame)
        if problem:
            self._bad_frames += 1
            log.debug("unusable frame from %s: %s", self.address, problem)
            if self._bad_frames >= _MAX_BAD_FRAMES:
                self._fail(_Failure.BAD_FRAME, f"The camera sends unusable frames ({problem}).")
            return None
        self._bad_frames = 0
        image = cast("NDArray[np.uint8]", frame)  # _frame_problem checked it
        if self._shape is None:
            self._shape = image.shape
        elif image.shape != self._shape:
            self._fail(
                _Failure.SHAPE,
                f"The frame size changed from {_size(self._shape)} to {_size(image.shape)}.",
            )
            return None
        return image

    def _pace(self) -> bool:
        """Hold a file's frame until its time comes; False if stopped meanwhile."""
        now = time.monotonic()
        self._next_due = max(self._next_due + self._period, now - self._period)
        return not (self._next_due > now and self._stop.wait(self._next_due - now))

    def _publish(self, image: NDArray[np.uint8]) -> None:
        stamp = time.monotonic()
        with self._cond:
            self._latest = RawFrame(image, self._sequence, stamp)
            self._times.append(stamp)
            self._cond.notify_all()
        self._sequence += 1

    def _fail(self, kind: _Failure, message: str) -> None:
        with self._cond:
            if self._failure is None:
                self._failure = (kind, message)
                log.warning("camera %s: %s", self.address, message)
            self._cond.notify_all()

    # --- consumer side ---------------------------------------------------------

    @property
    def latest(self) -> RawFrame | None:
        with self._cond:
            return self._latest

    @property
    def failure(self) -> DriverError | None:
        with self._cond:
            return self._error() if self._failure else None

    def _error(self) -> DriverError:
        assert self._failure is not None  # noqa: S101  callers check first
        kind, message = self._failure
        if kind is _Failure.CLOSED:
            return DeviceUnavailable(message, reason=DeviceReason.NOT_OPEN, device=self.address)
        if kind is _Failure.STOPPED:
            return DeviceUnavailable(message, reason=DeviceReason.UNPLUGGED, device=self.address)
        reason = ProtocolReason.BAD_LENGTH if kind is _Failure.SHAPE else ProtocolReason.BAD_FRAME
        return ProtocolError(message, reason=reason, device=self.address)

    def wait_newer(
        self, after: int, timeout_s: float, cancel: CancelToken | None = None
    ) -> RawFrame:
        """The first frame with ``sequence > after``, within ``timeout_s``.

        Raises the reader's failure as soon as there is one, ``CaptureCancelled``
        within ``_POLL_S`` of a cancel, and ``DeviceTimeout`` when the camera is
        silent for the whole timeout.
        """
        deadline = Deadline(timeout_s)
        with self._cond:
            while True:
                if self._failure is not None:
                    raise self._error()
                if self._latest is not None and self._latest.sequence > after:
                    return self._latest
                if cancel is not None and cancel.cancelled:
                    raise CaptureCancelled(device=self.address)
                if deadline.expired:
                    raise DeviceTimeout(
                        f"The camera sent no frame for {timeout_s:.1f} s.",
                        reason=TimeoutReason.NO_FRAMES,
                        device=self.address,
                    )
                self._cond.wait(min(_POLL_S, deadline.remaining()))

    def measured_fps(self, window_s: float = 1.0) -> float:
        """Frames per second over the last ``window_s`` (0.0 with fewer than two frames)."""
        with self._cond:
            now = time.monotonic()
            recent = [t for t in self._times if now - t <= window_s]
        if len(recent) < 2:  # noqa: PLR2004  a rate needs two frames
            return 0.0
        span = recent[-1] - recent[0]
        return (len(recent) - 1) / span if span > 0 else 0.0


def _frame_problem(frame: object) -> str:
    """Why a frame from ``read()`` cannot be used ("" if it can)."""
    if not isinstance(frame, np.ndarray) or frame.size == 0:
        return "empty frame"
    if frame.dtype != np.uint8:
        return f"{frame.dtype} pixels, expected 8-bit"
    if frame.ndim == 2 or (frame.ndim == 3 and frame.shape[2] in (1, 3)):  # noqa: PLR2004
        return ""
    return f"frame of shape {frame.shape}"


def _size(shape: tuple[int, ...]) -> str:
    return f"{shape[1]}x{shape[0]}"


def brightness(image: NDArray[np.uint8]) -> float:
    """Mean level on a sparse grid: cheap enough to run on every warm-up frame."""
    return float(image[::8, ::8].mean())


def sharpness(image: NDArray[np.uint8]) -> float:
    """Variance of the Laplacian on a half-size grey copy (higher = sharper)."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image  # noqa: PLR2004
    small = cv2.resize(grey, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(small, cv2.CV_64F).var())


# --- the device -------------------------------------------------------------------


class Colour(enum.Enum):
    BGR = "bgr"
    GREY = "grey"


def device_target(
    device: int | str, api: str | None = None, platform: str = sys.platform
) -> tuple[int | str, tuple[int, ...]]:
    """What to pass ``cv2.VideoCapture`` for a camera, and the capture APIs to try in order.

    An ``msmf:N``/``dshow:N`` address (Windows discovery) opens index N with the
    API the enumerator found it through; an index or a path tries the
    platform's APIs.  ``api`` (a name in :data:`API_NAMES`) overrides either.
    """
    enumerated = api_index(device)
    source: int | str = device
    apis = platform_apis(platform)
    if enumerated is not None:
        source, found_through = enumerated
        apis = (found_through,)
    if api:
        apis = (API_NAMES[api],)
    return source, apis


class OpenCvCamera(ImageDevice):
    """One camera read through ``cv2.VideoCapture``; subclasses pick the modality.

    ``device`` is a camera index (``0``), a device path (``/dev/video2``), a
    Windows camera as discovery lists it (``msmf:0``, ``dshow:1``), a video
    file, or an image-sequence pattern (``frames/frame_%03d.jpg``).
    Files and sequences play looped at their own frame rate (``fps`` overrides
    it), which is how the simulator and the tests run the real code path.
    """

    backend_name: ClassVar[str] = "opencv"
    colour: ClassVar[Colour] = Colour.BGR
    default_size: ClassVar[tuple[int, int]] = (1280, 720)
    vendor: ClassVar[str] = "UVC"
    model_name: ClassVar[str] = "USB camera"

    def __init__(
        self,
        device: int | str = 0,
        *,
        width: int | None = None,
        height: int | None = None,
        fps: float | None = None,
        api: str | None = None,
        fourcc: str = "MJPG",
        warmup_frames: int = 5,
        warmup_s: float = 2.0,
        open_timeout_s: float = 5.0,
        frame_timeout_s: float = 2.0,
        best_of: int = 3,
    ) -> None:
        """``api`` names a capture API (``v4l2``, ``msmf``, ``dshow``...); default per platform.

        ``warmup_*`` bound the frames thrown away while auto-exposure settles,
        ``frame_timeout_s`` how long a silent camera is tolerated, and
        ``best_of`` how many fresh frames a capture compares for sharpness.
        """
        if api is not None and api not in API_NAMES:
            raise BackendError(
                f"Unknown capture API {api!r} (known: {', '.join(API_NAMES)}).",
                reason=BackendReason.BAD_OPTION,
            )
        self.device: int | str = (
            int(device) if isinstance(device, str) and device.isdigit() else device
        )
        self.address = str(device)
        self._requested = (width or self.default_size[0], height or self.default_size[1])
        self._fps = fps
        self._api = api
        self._fourcc = fourcc
        self._warmup_frames = warmup_frames
        self._warmup_s = warmup_s
        self._open_timeout_s = open_timeout_s
        self._frame_timeout_s = frame_timeout_s
        self._best_of = max(1, best_of)
        self._reader: FrameReader | None = None
        self._busy = threading.Lock()
        self._lifecycle = threading.RLock()
        self._api_name = ""
        self._friendly_name: str | None = None
        self._nominal_fps = 0.0
        self._resolution: tuple[int, int] | None = None

    # --- opening -----------------------------------------------------------

    def _open_source(self) -> tuple[VideoSource, float | None, bool]:
        """Open the capture; return it with its playback rate (None = live) and looping."""
        kind = source_kind(self.device)
        if kind is SourceKind.DEVICE:
            return self._open_device(), None, False
        path = Path(str(self.device))
        exists = path.parent.is_dir() if kind is SourceKind.SEQUENCE else path.is_file()
        if not exists:
            raise DeviceUnavailable(
                f"There is no video at {path}.", reason=DeviceReason.NOT_FOUND, device=self.address
            )
        api = (
            API_NAMES[self._api]
            if self._api
            else (cv2.CAP_IMAGES if kind is SourceKind.SEQUENCE else cv2.CAP_ANY)
        )
        cap = open_bounded(
            lambda: cv2.VideoCapture(str(path), api), self._open_timeout_s, self.address
        )
        self._check_opened(cap)
        own_fps = cap.get(cv2.CAP_PROP_FPS) if kind is SourceKind.FILE else 0.0
        rate = self._fps or (own_fps if 1.0 <= own_fps <= 120.0 else DEFAULT_PLAYBACK_FPS)  # noqa: PLR2004
        return cap, rate, True

    def _open_device(self) -> VideoSource:
        node = _device_path(self.device)
        if node is not None and not node.exists():
            raise DeviceUnavailable(
                f"No camera at {node}; is it plugged in?",
                reason=DeviceReason.NOT_FOUND,
                device=self.address,
            )
        if node is not None and not os.access(node, os.R_OK | os.W_OK):
            raise DeviceUnavailable(
                f"No permission to open {node} (add the user to the 'video' group).",
                reason=DeviceReason.PERMISSION_DENIED,
                device=self.address,
            )
        source, apis = device_target(self.device, self._api)
        width, height = self._requested
        fps = self._fps or 30.0
        last: DeviceUnavailable | None = None
        for api in apis:

            def opener(api: int = api) -> VideoSource:
                cap = cv2.VideoCapture(source, api)
                if cap.isOpened():
                    _configure(cap, width, height, fps, self._fourcc)
                return cap

            cap = open_bounded(opener, self._open_timeout_s, self.address)
            try:
                self._check_opened(cap)
            except DeviceUnavailable as exc:
                last = exc
                log.info("capture API %d cannot open %s; trying the next", api, self.address)
                continue
            return cap
        assert last is not None  # noqa: S101  apis is never empty
        raise last

    def _check_opened(self, cap: VideoSource) -> None:
        if not cap.isOpened():
            cap.release()
            raise DeviceUnavailable(
                f"OpenCV cannot open {self.address} (unplugged, in use by another "
                "program, or not a camera/video).",
                reason=DeviceReason.NOT_FOUND,
                device=self.address,
            )

    def open(self) -> None:
        with self._lifecycle:
            if self._reader is not None:
                return
            deadline = Deadline(self._open_timeout_s)
            source, pace_fps, loop = self._open_source()
            self._api_name = source.getBackendName()
            reported = source.get(cv2.CAP_PROP_FPS)
            self._nominal_fps = pace_fps or reported
            reader = FrameReader(source, address=self.address, pace_fps=pace_fps, loop=loop)
            reader.start()
            self._reader = reader
            try:
                first = reader.wait_newer(-1, deadline.remaining())
                self._resolution = (first.image.shape[1], first.image.shape[0])
                self._settle(reader, first)
            except DeviceTimeout as exc:
                self.close()
                raise DeviceTimeout(
                    "The camera opened but sends no frames.",
                    reason=TimeoutReason.NO_FRAMES,
                    device=self.address,
                ) from exc
            except DriverError:
                self.close()
                raise
            if self._resolution != self._requested and pace_fps is None:
                log.info(
                    "camera %s: asked for %dx%d, it gives %dx%d",
                    self.address,
                    *self._requested,
                    *self._resolution,
                )
            log.info(
                "opened camera %s via %s at %dx%d, %.0f fps",
                self.address,
                self._api_name,
                *self._resolution,
                self._nominal_fps,
            )

    def _settle(self, reader: FrameReader, first: RawFrame) -> None:
        """Throw away warm-up frames until auto-exposure stops moving (bounded by time)."""
        deadline = Deadline(self._warmup_s)
        frame, level, steady = first, brightness(first.image), 0
        discarded = 1
        while not deadline.expired:
            if discarded >= self._warmup_frames and steady >= min(_SETTLED_RUN, discarded - 1):
                return
            try:
                frame = reader.wait_newer(frame.sequence, deadline.remaining())
            except DeviceTimeout:
                break  # a slow camera: capture() will wait for its frames
            new_level = brightness(frame.image)
            steady = steady + 1 if abs(new_level - level) < _SETTLED_DELTA else 0
            level = new_level
            discarded += 1
        log.info("camera %s: warm-up not settled within %.1f s", self.address, self._warmup_s)

    def close(self) -> None:
        with self._lifecycle:
            reader, self._reader = self._reader, None
            if reader is not None:
                reader.stop()
                log.info("closed camera %s", self.address)

    def _require_open(self) -> FrameReader:
        reader = self._reader
        if reader is None:
            raise DeviceUnavailable(
                "The camera is not open.", reason=DeviceReason.NOT_OPEN, device=self.address
            )
        return reader

    # --- what the camera gives ---------------------------------------------

    @property
    def resolution(self) -> tuple[int, int] | None:
        """(width, height) of the frames actually received, once open."""
        return self._resolution

    def measured_fps(self, window_s: float = 1.0) -> float:
        reader = self._reader
        return reader.measured_fps(window_s) if reader else 0.0

    def _convert(self, image: NDArray[np.uint8]) -> NDArray[np.uint8]:
        """BGR for a face camera, grey for an iris camera, whatever the source gives."""
        if image.ndim == 3 and image.shape[2] == 1:  # noqa: PLR2004  a grey camera
            image = image[..., 0]
        if self.colour is Colour.GREY and image.ndim == 3:  # noqa: PLR2004
            return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
        if self.colour is Colour.BGR and image.ndim == 2:  # noqa: PLR2004
            return np.asarray(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR), dtype=np.uint8)
        return image

    def _capabilities(self) -> set[str]:
        caps = {f"colour_{self.colour.value}", "requested_{}x{}".format(*self._requested)}
        if self._resolution:
            caps.add("resolution_{}x{}".format(*self._resolution))
        if self._nominal_fps:
            caps.add(f"fps_{self._nominal_fps:.0f}")
        if self._api_name:
            caps.add(f"api_{self._api_name.lower()}")
        return caps

    def _model(self) -> str:
        if api_index(self.device) is not None:
            return self._enumerated_name() or self.model_name
        node = _device_path(self.device)
        if node is not None and source_kind(self.device) is SourceKind.DEVICE:
            try:
                name = (Path("/sys/class/video4linux") / node.name / "name").read_text().strip()
            except OSError:
                name = ""
            if name:
                return name
        return self.model_name

    def _enumerated_name(self) -> str:
        """The friendly name Windows gives an ``msmf:N`` camera, looked up once."""
        if self._friendly_name is None:
            try:
                cameras = list_cameras()
            except (ImportError, OSError) as exc:
                log.info("cannot name camera %s: %s", self.address, exc)
                cameras = []
            names = [c.name for c in cameras if c.path == self.address]
            self._friendly_name = names[0] if names else ""
        return self._friendly_name

    def info(self) -> DeviceInfo:
        return DeviceInfo(
            modality=self.modality,
            vendor=self.vendor,
            model=self._model(),
            serial="",
            firmware="",
            backend=self.backend_name,
            capabilities=frozenset(self._capabilities()),
            address=self.address,
        )

    def status(self) -> DeviceStatus:
        reader = self._reader
        if reader is None:
            return DeviceStatus(DeviceState.NOT_READY, StatusReason.NOT_OPEN)
        failure = reader.failure
        if isinstance(failure, DeviceUnavailable):
            return DeviceStatus.failed(DeviceState.DISCONNECTED, failure)
        if failure is not None:
            return DeviceStatus.failed(DeviceState.ERROR, failure)
        if self._busy.locked():
            return DeviceStatus(DeviceState.BUSY, StatusReason.CAPTURING)
        latest = reader.latest
        if latest is None or time.monotonic() - latest.timestamp > self._frame_timeout_s:
            return DeviceStatus(DeviceState.ERROR, StatusReason.NO_FRAMES)
        return DeviceStatus(DeviceState.READY, StatusReason.READY)

    # --- preview and capture ------------------------------------------------

    def stream(self, cancel: CancelToken | None = None, *, position: str = "") -> Iterator[Frame]:  # noqa: ARG002 - one sensor
        """Newest frames as they arrive; ends quietly when cancelled or closed."""
        reader = self._require_open()
        token = cancel or CancelToken()
        latest = reader.latest
        last = latest.sequence if latest else -1
        count = 0
        while not token.cancelled:
            try:
                raw = reader.wait_newer(last, self._frame_timeout_s, token)
            except CaptureCancelled:
                return
            except DeviceUnavailable as exc:
                if exc.reason is DeviceReason.NOT_OPEN:
                    return
                raise
            dropped = raw.sequence - last - 1 if last >= 0 else 0
            last = raw.sequence
            yield Frame(
                image=self._convert(raw.image),
                sequence=count,
                timestamp=raw.timestamp,
                hints={"source_frame": str(raw.sequence), "dropped": str(dropped)},
            )
            count += 1

    def capture(self, request: CaptureRequest) -> CaptureResult:
        """The sharpest of ``best_of`` fresh frames, all taken after the call started."""
        started_at = utcnow()
        deadline = Deadline(request.timeout_s)
        with self._busy:
            # Inside the lock: a simulated camera changing its clip holds it while it
            # reopens, so the reader taken here is the one that stays open.
            reader = self._require_open()
            latest = reader.latest
            last = latest.sequence if latest else -1
            best: RawFrame | None = None
            best_score = -1.0
            for _ in range(self._best_of):
                if best is not None and deadline.expired:
                    break
                wait = min(self._frame_timeout_s, deadline.remaining())
                raw = reader.wait_newer(last, wait, request.cancel)
                last = raw.sequence
                score = sharpness(raw.image)
                if score > best_score:
                    best, best_score = raw, score
            if request.cancel.cancelled:
                raise CaptureCancelled(device=self.address)
        assert best is not None  # noqa: S101  the loop runs at least once
        image = self._convert(best.image).copy()
        return build_result(
            self,
            request,
            started_at=started_at,
            images=(image,),
            metadata=self._capture_metadata(image, best, best_score),
        )

    def _capture_metadata(
        self, image: NDArray[np.uint8], frame: RawFrame, score: float
    ) -> dict[str, str]:
        return {
            "width": str(image.shape[1]),
            "height": str(image.shape[0]),
            "colour": self.colour.value,
            "frame_sequence": str(frame.sequence),
            "sharpness": f"{score:.1f}",
            "fps_measured": f"{self.measured_fps():.1f}",
        }

    # --- self-test ----------------------------------------------------------

    def health_check(self, window_s: float = 0.5) -> HealthCheck:
        """Opened, frames arriving, rate over ``window_s``, resolution, not black or white."""
        checks = HealthCheckBuilder()
        opened_here = self._reader is None
        stage = "open"
        try:
            if opened_here:
                self.open()
            reader = self._require_open()
            checks.add("open", ok=True, detail=f"{self.address} via {self._api_name}")
            stage = "frames"
            latest = reader.latest
            frame = reader.wait_newer(latest.sequence if latest else -1, self._frame_timeout_s)
            checks.add("frames", ok=True)
            first, window = frame, Deadline(window_s)
            while not window.expired:
                frame = reader.wait_newer(frame.sequence, self._frame_timeout_s)
            fps = (frame.sequence - first.sequence) / max(frame.timestamp - first.timestamp, 1e-6)
            checks.add(
                "fps",
                ok=fps >= self.min_preview_fps,
                detail=f"{fps:.1f} fps (need {self.min_preview_fps:.0f})",
            )
            self._check_resolution(checks)
            grey = self._convert(frame.image)
            level, spread = float(grey.mean()), float(grey.std())
            checks.add(
                "exposure",
                ok=_BLACK_LEVEL < level < _WHITE_LEVEL and spread > _FLAT_STD,
                detail=f"mean {level:.0f}, spread {spread:.1f}",
            )
        except DriverError as exc:
            checks.add(stage, ok=False, detail=exc.message)
        finally:
            if opened_here:
                self.close()
        return checks.finish(self.info())

    def _check_resolution(self, checks: HealthCheckBuilder) -> None:
        width, height = self._resolution or (0, 0)
        checks.add("resolution", ok=width >= 640 and height >= 480, detail=f"{width}x{height}")  # noqa: PLR2004
