"""OpenCV face/iris cameras and their simulators, on real media through real cv2.VideoCapture."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytest

from drivers.base import CancelToken, CaptureRequest, DeviceState, Modality
from drivers.camera.backends import OpenCvFaceCamera, OpenCvIrisCamera
from drivers.camera.opencv import (
    OpenCvCamera,
    SourceKind,
    api_index,
    device_target,
    list_cameras,
    platform_apis,
    sharpness,
    source_kind,
)
from drivers.camera.sim import SimFaceCamera, SimIrisCamera, sim_media_dir
from drivers.chain import GENESIS_HASH, CaptureChain, image_payload
from drivers.discovery import found_cameras
from drivers.errors import (
    BackendError,
    BackendReason,
    CaptureCancelled,
    DeviceReason,
    DeviceTimeout,
    DeviceUnavailable,
    ProtocolError,
    ProtocolReason,
    TimeoutReason,
)
from drivers.interfaces import FaceCamera, IrisCamera

MEDIA = Path(__file__).resolve().parents[2] / "assets" / "sim"
FACE_CASCADE = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
EYE_CASCADE = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_eye.xml")


def clip_frames(name: str) -> list[np.ndarray]:
    cap = cv2.VideoCapture(str(MEDIA / name / "frame_%03d.jpg"), cv2.CAP_IMAGES)
    frames = []
    for _ in range(int(cap.get(cv2.CAP_PROP_FRAME_COUNT))):
        ok, frame = cap.read()
        assert ok
        frames.append(frame)
    cap.release()
    return frames


def stream_fps(camera: OpenCvCamera, seconds: float) -> tuple[float, list]:
    """Frames per second seen by a consumer of ``stream()`` over about ``seconds``."""
    cancel = CancelToken()
    frames = []
    start = time.monotonic()
    for frame in camera.stream(cancel):
        frames.append(frame)
        if frame.timestamp - start >= seconds:
            cancel.cancel()
    span = frames[-1].timestamp - frames[0].timestamp
    return (len(frames) - 1) / span, frames


# --- simulators, end to end -----------------------------------------------------


@pytest.mark.parametrize(
    ("camera_class", "clip", "shape", "interface"),
    [
        (SimFaceCamera, "red", (480, 640, 3), FaceCamera),
        (SimIrisCamera, "good", (480, 640), IrisCamera),
    ],
)
def test_simulator_opens_streams_captures_and_chains(camera_class, clip, shape, interface) -> None:
    camera = camera_class(clip)
    assert isinstance(camera, interface)
    assert camera.status().state is DeviceState.NOT_READY
    start = time.monotonic()
    with camera:
        assert time.monotonic() - start < 1.0
        info = camera.info()
        assert info.backend == "sim"
        assert info.modality is interface.modality
        assert {"simulated", "resolution_640x480", "fps_25"} <= info.capabilities
        assert camera.status().state is DeviceState.READY

        fps, frames = stream_fps(camera, 1.0)
        assert fps >= 15.0
        assert [f.sequence for f in frames] == list(range(len(frames)))
        assert frames[0].image.shape == shape

        chain = CaptureChain()
        first = camera.capture(CaptureRequest(timeout_s=2.0, chain=chain, position="left"))
        second = camera.capture(CaptureRequest(timeout_s=2.0, chain=chain, position="left"))
        for result in (first, second):
            (image,) = result.images
            assert image.shape == shape
            assert image.dtype == np.uint8
            assert result.modality is interface.modality
            assert result.metadata["width"] == "640"
        assert int(second.metadata["frame_sequence"]) > int(first.metadata["frame_sequence"])
        assert first.link is not None
        assert second.link is not None
        assert first.link.previous_hash == GENESIS_HASH
        assert second.link.previous_hash == first.link.hash
        payloads = [image_payload(first.images), image_payload(second.images)]
        assert CaptureChain.verify([first.link, second.link], payloads)

        health = camera.health_check()
        assert health.ok, health.message
        assert {c.name for c in health.checks} == {
            "open",
            "frames",
            "fps",
            "resolution",
            "exposure",
        }
    assert camera.status().state is DeviceState.NOT_READY
    assert camera.health_check().ok  # opens and closes by itself


def test_iris_simulator_reports_iso_k2() -> None:
    with SimIrisCamera("occluded") as camera:
        assert "iso19794_6_k2" in camera.info().capabilities
        result = camera.capture(CaptureRequest(timeout_s=2.0))
    assert result.metadata["iso19794_6_k2"] == "yes"
    assert result.metadata["colour"] == "grey"


def test_simulator_options_are_checked() -> None:
    with pytest.raises(BackendError) as info:
        SimFaceCamera("purple")
    assert info.value.reason is BackendReason.BAD_OPTION
    with pytest.raises(BackendError) as info:
        OpenCvFaceCamera(0, api="vfw")
    assert info.value.reason is BackendReason.BAD_OPTION
    assert SimFaceCamera("face_blue").clip == "face_blue"
    assert SimIrisCamera("blurred").clip == "iris_blurred"


def test_media_dir_lookup(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FIELDKIT_ASSETS", raising=False)
    assert sim_media_dir() == MEDIA
    monkeypatch.setenv("FIELDKIT_ASSETS", str(tmp_path))
    assert sim_media_dir() == tmp_path / "sim"
    assert sim_media_dir(tmp_path / "x") == tmp_path / "x"
    start = time.monotonic()
    with pytest.raises(DeviceUnavailable) as info:
        SimFaceCamera().open()
    assert info.value.reason is DeviceReason.NOT_FOUND
    assert "make_sim_media" in info.value.message
    assert time.monotonic() - start < 0.5


# --- the media themselves ---------------------------------------------------------


def faces_and_eyes(frame: np.ndarray) -> tuple[int, int]:
    grey = cv2.equalizeHist(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY))
    faces = FACE_CASCADE.detectMultiScale(grey, 1.1, 5, minSize=(120, 120))
    if len(faces) != 1:
        return len(faces), 0
    x, y, w, h = faces[0]
    eyes = EYE_CASCADE.detectMultiScale(grey[y : y + h * 6 // 10, x : x + w], 1.1, 5)
    return 1, len(eyes)


@pytest.mark.parametrize(("clip", "hues"), [("face_red", (170, 10)), ("face_blue", (95, 130))])
def test_face_clips_pass_haar_and_have_the_ktp_backdrop(clip: str, hues: tuple[int, int]) -> None:
    frames = clip_frames(clip)
    assert len(frames) == 75  # three seconds at 25 fps: one sway, one blink
    sample = frames[::2]  # includes blink frame 60
    results = [faces_and_eyes(frame) for frame in sample]
    assert all(faces == 1 for faces, _ in results), results
    assert sum(eyes == 2 for _, eyes in results) >= len(sample) - 2, results
    low, high = hues
    for frame in sample:
        hsv = cv2.cvtColor(frame, cv2.COLOR_BGR2HSV)
        border = np.concatenate(
            [hsv[:, :60].reshape(-1, 3), hsv[:, -60:].reshape(-1, 3), hsv[:30].reshape(-1, 3)]
        ).astype(float)
        hue = border[:, 0]
        in_band = (hue >= low) | (hue <= high) if low > high else (hue >= low) & (hue <= high)
        assert in_band.mean() > 0.99  # red (or blue) all round: uniform, as KTP-el wants
        assert border[:, 1].mean() > 150  # saturated
        assert border[:, 2].mean() > 150  # and lit
        assert border[:, 2].std() < 10


def test_dark_and_empty_face_clips() -> None:
    dark = clip_frames("face_dark")
    assert max(float(f.mean()) for f in dark) < 40
    empty = clip_frames("no_face")
    assert all(faces_and_eyes(f)[0] == 0 for f in empty[::5])


def test_iris_clips() -> None:
    good, occluded, blurred = (
        [
            f if f.ndim == 2 else cv2.cvtColor(f, cv2.COLOR_BGR2GRAY)
            for f in clip_frames(f"iris_{kind}")
        ]
        for kind in ("good", "occluded", "blurred")
    )
    frame = good[0]
    assert frame.shape == (480, 640)
    assert frame[230:250, 300:340].mean() < 60  # dark pupil (glints are above it)
    assert frame[240, 80:120].mean() > 170  # bright sclera
    ring = frame[225:255, 320 + 70 : 320 + 110]  # iris between pupil (46) and limbus (122)
    assert 60 < ring.mean() < 160
    assert ring.std() > 10  # textured, not flat
    # The drooping lid covers the upper iris, which is visible in the good clip.
    upper_iris = (slice(140, 170), slice(300, 340))
    assert abs(float(occluded[0][upper_iris].mean()) - float(good[0][upper_iris].mean())) > 15
    assert sharpness(good[0]) > 3 * sharpness(blurred[0])


# --- the real backend on files ------------------------------------------------------


@pytest.fixture(scope="module")
def face_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An MJPG .avi made from the red face clip, as a recorded webcam would be."""
    path = tmp_path_factory.mktemp("video") / "face.avi"
    frames = clip_frames("face_red")
    writer = cv2.VideoWriter(
        str(path), cv2.CAP_OPENCV_MJPEG, cv2.VideoWriter.fourcc(*"MJPG"), 20.0, (640, 480)
    )
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


def test_real_backend_plays_a_video_file_as_a_camera(face_video: Path) -> None:
    camera = OpenCvFaceCamera(str(face_video), fps=60.0, warmup_frames=3)
    with camera:
        info = camera.info()
        assert info.backend == "opencv"
        assert info.address == str(face_video)
        assert "resolution_640x480" in info.capabilities
        assert "requested_1280x720" in info.capabilities
        assert camera.resolution == (640, 480)
        cancel = CancelToken()
        seen = []
        for frame in camera.stream(cancel):
            seen.append(int(frame.hints["source_frame"]))
            if len(seen) == 30:  # more frames than the file has: it loops
                cancel.cancel()
        assert seen == sorted(seen)
        result = camera.capture(CaptureRequest(timeout_s=2.0))
        assert result.images[0].shape == (480, 640, 3)
        assert result.metadata["backend"] == "opencv"
    with OpenCvIrisCamera(str(face_video), fps=60.0) as iris:
        result = iris.capture(CaptureRequest(timeout_s=2.0))
        assert result.images[0].shape == (480, 640)
        assert "iso19794_6_k2" in iris.info().capabilities


def test_file_plays_at_its_own_frame_rate(face_video: Path) -> None:
    with OpenCvFaceCamera(str(face_video), warmup_frames=1) as camera:
        assert "fps_20" in camera.info().capabilities
        fps, _ = stream_fps(camera, 0.5)
    assert 17.0 < fps < 23.0


@pytest.mark.parametrize("device", [7, "7", "/dev/video99"])
def test_missing_camera_is_not_found_fast(device: int | str) -> None:
    start = time.monotonic()
    with pytest.raises(DeviceUnavailable) as info:
        OpenCvFaceCamera(device).open()
    assert info.value.reason is DeviceReason.NOT_FOUND
    assert time.monotonic() - start < 0.5


def test_missing_or_corrupt_file_is_not_found(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.avi"
    corrupt.write_bytes(b"RIFF" + b"\x00garbage" * 100)
    for path in (tmp_path / "missing.avi", corrupt):
        start = time.monotonic()
        with pytest.raises(DeviceUnavailable) as info:
            OpenCvIrisCamera(str(path)).open()
        assert info.value.reason is DeviceReason.NOT_FOUND
        assert time.monotonic() - start < 1.0


def test_not_open_is_an_error() -> None:
    camera = SimFaceCamera()
    with pytest.raises(DeviceUnavailable) as info:
        camera.capture(CaptureRequest(timeout_s=0.5))
    assert info.value.reason is DeviceReason.NOT_OPEN


def test_frame_size_change_is_a_protocol_error(tmp_path: Path) -> None:
    for i in range(12):
        size = (48, 64) if i < 6 else (24, 32)
        cv2.imwrite(str(tmp_path / f"f_{i:03d}.png"), np.full((*size, 3), 100 + i, np.uint8))
    camera = OpenCvFaceCamera(str(tmp_path / "f_%03d.png"), fps=50.0, warmup_frames=1)
    assert source_kind(camera.device) is SourceKind.SEQUENCE
    with camera:
        start = time.monotonic()
        with pytest.raises(ProtocolError) as info:
            for _ in camera.stream():
                pass
        assert info.value.reason is ProtocolReason.BAD_LENGTH
        assert "64x48 to 32x24" in info.value.message
        assert time.monotonic() - start < 1.0
        assert camera.status().state is DeviceState.ERROR


# --- cameras that stop --------------------------------------------------------------


def test_camera_that_hangs_times_out_instead_of_blocking() -> None:
    camera = SimFaceCamera(stop_after_frames=6, frame_timeout_s=0.4)
    with camera:
        start = time.monotonic()
        with pytest.raises(DeviceTimeout) as info:
            for _ in camera.stream():
                pass
        assert info.value.reason is TimeoutReason.NO_FRAMES
        assert time.monotonic() - start < 6 / 25 + 0.4 + 0.5
        start = time.monotonic()
        with pytest.raises(DeviceTimeout):
            camera.capture(CaptureRequest(timeout_s=5.0))
        assert time.monotonic() - start < 0.8
        assert camera.status().state is DeviceState.ERROR
        health = camera.health_check()
        assert not health.ok
        assert "no frame" in health.message
        start = time.monotonic()
    assert time.monotonic() - start < 0.5  # close() does not wait on the hung read


def test_camera_that_sends_nothing_fails_to_open_within_the_timeout() -> None:
    camera = SimIrisCamera(stop_after_frames=0, open_timeout_s=0.5)
    start = time.monotonic()
    with pytest.raises(DeviceTimeout) as info:
        camera.open()
    assert info.value.reason is TimeoutReason.NO_FRAMES
    assert "no frames" in info.value.message
    assert time.monotonic() - start < 1.0
    assert camera.status().state is DeviceState.NOT_READY
    health = camera.health_check()
    assert not health.ok
    assert health.checks[0].name == "open"


def test_unplugged_camera_is_reported_at_once() -> None:
    camera = SimFaceCamera(stop_after_frames=5, fault="unplug", frame_timeout_s=2.0)
    with camera:
        start = time.monotonic()
        with pytest.raises(DeviceUnavailable) as info:
            camera.capture(CaptureRequest(timeout_s=5.0))
            camera.capture(CaptureRequest(timeout_s=5.0))
        assert info.value.reason is DeviceReason.UNPLUGGED
        assert time.monotonic() - start < 1.0  # well before the 2 s frame timeout
        assert camera.status().state is DeviceState.DISCONNECTED


def test_capture_is_cancellable() -> None:
    camera = SimFaceCamera(stop_after_frames=4, frame_timeout_s=10.0)
    with camera:
        cancel = CancelToken()
        timer = threading.Timer(0.3, cancel.cancel)
        timer.start()
        start = time.monotonic()
        with pytest.raises(CaptureCancelled):
            camera.capture(CaptureRequest(timeout_s=10.0, cancel=cancel))
        assert 0.25 < time.monotonic() - start < 0.6


def test_stream_ends_when_cancelled_or_closed() -> None:
    camera = SimFaceCamera()
    camera.open()
    stream = camera.stream()
    assert next(stream).sequence == 0
    threading.Timer(0.1, camera.close).start()
    assert len(list(stream)) < 10  # ends quietly once closed


# --- platform and discovery -----------------------------------------------------------


def test_capture_api_per_platform() -> None:
    assert platform_apis("linux") == (cv2.CAP_V4L2,)
    assert platform_apis("win32") == (cv2.CAP_MSMF, cv2.CAP_DSHOW)
    assert platform_apis("darwin") == (cv2.CAP_AVFOUNDATION,)
    assert source_kind(0) is SourceKind.DEVICE
    assert source_kind("/dev/video0") is SourceKind.DEVICE
    assert source_kind("clip.avi") is SourceKind.FILE
    assert source_kind("msmf:1") is SourceKind.DEVICE
    assert source_kind("C:/clips/face.avi") is SourceKind.FILE  # a drive letter is no API


def test_list_cameras_reads_sysfs_without_opening(tmp_path: Path) -> None:
    dev, sys_root = tmp_path / "dev", tmp_path / "sys"
    for index, name, node_index in [(0, "HD Webcam", "0"), (1, "HD Webcam", "1"), (2, "IR", "0")]:
        (dev / f"video{index}").parent.mkdir(parents=True, exist_ok=True)
        (dev / f"video{index}").write_text("")
        attrs = sys_root / f"video{index}"
        attrs.mkdir(parents=True)
        (attrs / "name").write_text(name + "\n")
        (attrs / "index").write_text(node_index + "\n")
    (dev / "videodev").write_text("")
    found = list_cameras(dev, sys_root)
    assert [(c.index, c.name) for c in found] == [(0, "HD Webcam"), (2, "IR")]
    assert found[0].path == str(dev / "video0")
    assert list_cameras(tmp_path / "nothing", sys_root) == []


def test_modalities() -> None:
    assert OpenCvFaceCamera.modality is Modality.FACE
    assert OpenCvIrisCamera.modality is Modality.IRIS
    assert OpenCvFaceCamera.min_preview_fps == 15.0
    assert SimIrisCamera.backend_name == "sim"
    assert OpenCvIrisCamera.backend_name == "opencv"


# --- Windows: cameras from Media Foundation / DirectShow (Wine cannot list any) ----------


@dataclass
class FakeCameraInfo:
    """What ``cv2_enumerate_cameras`` 1.4.0 returns per camera (``CameraInfo``'s fields)."""

    index: int
    name: str
    path: str | None
    backend: int
    vid: int | None = None
    pid: int | None = None


_WEBCAM = r"\\?\usb#vid_0c45&pid_6366&mi_00#6&2a7e5b4c&0&0000"
_IRIS = r"\\?\usb#vid_2808&pid_1234&mi_00#7&11aa22bb&0&0000"
_MSMF_CLASS = "#{e5323777-f976-4f5b-9b55-b94699c46e44}\\global"
_DSHOW_CLASS = "#{65e8773d-8f56-11d0-a3b9-00a0c9223196}\\global"


def windows_enumerator(asked: list[int]) -> Callable[[int], list[FakeCameraInfo]]:
    """A laptop's webcam and an iris camera in both APIs, and a virtual camera in DirectShow."""
    cameras = {
        cv2.CAP_MSMF: [
            FakeCameraInfo(0, "Integrated Webcam", _WEBCAM + _MSMF_CLASS, cv2.CAP_MSMF),
            FakeCameraInfo(1, "IriShield MK 2120U", _IRIS + _MSMF_CLASS, cv2.CAP_MSMF),
        ],
        cv2.CAP_DSHOW: [
            FakeCameraInfo(0, "OBS Virtual Camera", None, cv2.CAP_DSHOW),
            FakeCameraInfo(1, "Integrated Webcam", _WEBCAM + _DSHOW_CLASS, cv2.CAP_DSHOW),
            FakeCameraInfo(2, "IriShield MK 2120U", _IRIS + _DSHOW_CLASS, cv2.CAP_DSHOW),
        ],
    }

    def enumerate_cameras(api: int) -> list[FakeCameraInfo]:
        asked.append(api)
        return cameras[api]

    return enumerate_cameras


def test_windows_lists_cameras_by_name_once_each_preferring_media_foundation() -> None:
    asked: list[int] = []
    found = list_cameras(platform="win32", enumerate_cameras=windows_enumerator(asked))
    assert asked == [cv2.CAP_MSMF, cv2.CAP_DSHOW]
    assert [(c.path, c.name, c.index) for c in found] == [
        ("msmf:0", "Integrated Webcam", 0),
        ("msmf:1", "IriShield MK 2120U", 1),
        ("dshow:0", "OBS Virtual Camera", 0),  # only DirectShow sees it
    ]


def test_windows_without_an_api_lists_what_the_other_has() -> None:
    def msmf_unsupported(api: int) -> list[FakeCameraInfo]:
        if api == cv2.CAP_MSMF:
            raise NotImplementedError(f"Unsupported backend: {api}!")
        return [FakeCameraInfo(3, "USB2.0 Camera", None, api)]

    found = list_cameras(platform="win32", enumerate_cameras=msmf_unsupported)
    assert [(c.path, c.name) for c in found] == [("dshow:3", "USB2.0 Camera")]


def test_windows_cameras_are_found_as_face_or_iris_by_their_names() -> None:
    listed = list_cameras(platform="win32", enumerate_cameras=windows_enumerator([]))
    found = [(d.modality, d.backend, d.address, d.description) for d in found_cameras(listed)]
    assert found == [
        (Modality.FACE, "opencv", "msmf:0", "Integrated Webcam at msmf:0"),
        (Modality.IRIS, "opencv", "msmf:1", "IriShield MK 2120U at msmf:1"),
        (Modality.FACE, "opencv", "dshow:0", "OBS Virtual Camera at dshow:0"),
    ]


def test_an_enumerated_camera_opens_by_index_through_the_api_that_listed_it() -> None:
    assert api_index("msmf:2") == (2, cv2.CAP_MSMF)
    assert api_index("dshow:0") == (0, cv2.CAP_DSHOW)
    assert api_index("/dev/video0") is None
    assert api_index(0) is None
    assert device_target("msmf:2", platform="win32") == (2, (cv2.CAP_MSMF,))
    assert device_target("dshow:1", platform="win32") == (1, (cv2.CAP_DSHOW,))
    assert device_target(0, platform="win32") == (0, (cv2.CAP_MSMF, cv2.CAP_DSHOW))
    assert device_target("dshow:1", "msmf", platform="win32") == (1, (cv2.CAP_MSMF,))
    assert device_target("/dev/video2", platform="linux") == ("/dev/video2", (cv2.CAP_V4L2,))


def test_an_enumerated_camera_that_is_not_there_is_not_found() -> None:
    """The real open path with real OpenCV: Linux has no Media Foundation, so index 0 fails."""
    camera = OpenCvFaceCamera("msmf:0", open_timeout_s=5.0)
    with pytest.raises(DeviceUnavailable) as info:
        camera.open()
    assert info.value.reason is DeviceReason.NOT_FOUND
    assert info.value.device == "msmf:0"
    assert camera.info().address == "msmf:0"
