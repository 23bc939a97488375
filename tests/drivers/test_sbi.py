"""MOSIP SBI backends against the SBI simulator, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from drivers.base import CancelToken, CaptureRequest, DeviceState, Modality, StatusReason
from drivers.chain import GENESIS_HASH, CaptureChain, image_payload
from drivers.errors import DeviceTimeout
from drivers.fingerprint.synth import ImageQuality
from drivers.interfaces import FaceCamera, FingerprintScanner, IrisCamera
from drivers.sbi import sim as sim_module
from drivers.sbi.backends import SbiFaceCamera, SbiFingerprintScanner, SbiIrisCamera
from drivers.sbi.client import (
    BioRequest,
    DigitalId,
    SbiClient,
    SbiDevice,
    b64url_encode,
    chain_hash,
    decode_image,
)
from drivers.sbi.discovery import discover_sbi
from drivers.sbi.images import (
    BACKGROUNDS,
    SLAP_FINGER_SIZE,
    background_for_birth_year,
    face_layout,
    iris_layout,
    synth_face,
    synth_iris,
)
from drivers.sbi.sim import SbiSimulator, run_sbi_simulator

CASCADES = Path(cv2.__file__).parent / "data"  # cv2.data.haarcascades, which the stubs lack
FACE_CASCADE = str(CASCADES / "haarcascade_frontalface_default.xml")
EYE_CASCADE = str(CASCADES / "haarcascade_eye.xml")

SimFactory = Callable[..., SbiSimulator]
#: A slap scanner's segmented finger (rows, columns), larger than the ZFM's 288 x 256.
FINGER_SHAPE = (SLAP_FINGER_SIZE[1], SLAP_FINGER_SIZE[0])


@pytest.fixture
def make_sim() -> Iterator[SimFactory]:
    sims: list[SbiSimulator] = []

    def make(device_type: str = "Finger", **options: object) -> SbiSimulator:
        options.setdefault("capture_delay_s", 0.02)
        sim = SbiSimulator(device_type, **options)  # type: ignore[arg-type]
        sim.start()
        sims.append(sim)
        return sim

    yield make
    for sim in sims:
        sim.stop()


def admin(port: int, path: str, body: dict[str, object]) -> dict[str, object]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request(
            "POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"}
        )
        response = conn.getresponse()
        answer: dict[str, object] = json.loads(response.read())
    finally:
        conn.close()
    assert response.status == 200, answer
    return answer


def free_port_in_range(preferred: int = 4590) -> int:
    for port in (preferred, *range(4600, 4500, -1)):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the simulator does
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(port)
    raise AssertionError("no free port in 4501-4600")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def detect(image: np.ndarray) -> tuple[list[tuple[int, int, int, int]], list[tuple[int, int]]]:
    """Haar faces, and the eye centres (image coordinates) inside the first face."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    faces = cv2.CascadeClassifier(FACE_CASCADE).detectMultiScale(grey, 1.1, 5, minSize=(100, 100))
    eyes: list[tuple[int, int]] = []
    if len(faces):
        x, y, w, h = (int(v) for v in faces[0])
        roi = grey[y : y + h * 5 // 8, x : x + w]
        found = cv2.CascadeClassifier(EYE_CASCADE).detectMultiScale(roi, 1.1, 5, minSize=(20, 20))
        eyes = sorted(
            (x + int(ex) + int(ew) // 2, y + int(ey) + int(eh) // 2) for ex, ey, ew, eh in found
        )
    return [tuple(int(v) for v in f) for f in faces], eyes  # type: ignore[misc]


# --- discovery ---------------------------------------------------------------


def test_discovery_is_fast_and_tries_the_last_known_port_first(make_sim: SimFactory) -> None:
    port = free_port_in_range(4590)
    sim = make_sim("Finger", port=port, seed=os.getpid())  # a serial no other run shares
    found = discover_sbi("Finger")
    print(f"\nSBI discovery over 4501-4600, finger at {port}: {found.duration_s * 1000:.1f} ms")  # noqa: T201  reported figure
    assert found.duration_s < 3.0
    assert found.port is not None  # ours, unless another finger service sits lower
    everything = discover_sbi("Finger", stop_early=False)
    ours = [d for d in everything.devices if d.digital_id.serial_no == sim.serial]
    assert [(d.port, d.device_id, d.digital_id.make) for d in ours] == [(port, "1", "FieldKit")]

    again = discover_sbi("Finger", last_known_port=port)
    print(f"SBI discovery with the last-known port: {again.duration_s * 1000:.1f} ms")  # noqa: T201
    assert again.port == port
    assert again.ports_probed == 1
    assert again.duration_s < 0.5


def test_discovery_filters_by_type_and_skips_non_sbi_services(make_sim: SimFactory) -> None:
    iris = make_sim("Iris")
    face = make_sim("Face")
    other = http_server_answering_501()
    try:
        ports = [iris.port, face.port, other.server_address[1], closed_port()]
        nothing = discover_sbi("Finger", ports=ports, last_known_port=closed_port())
        assert nothing.port is None
        assert nothing.devices == ()
        everything = discover_sbi("Biometric Device", ports=ports)
        assert sorted(d.bio_type for d in everything.devices) == ["Face", "Iris"]
        assert everything.services == tuple(sorted((iris.port, face.port)))
        assert any(str(other.server_address[1]) in p for p in everything.problems)
        assert discover_sbi("Iris", ports=ports).port == iris.port
    finally:
        other.shutdown()
        other.server_close()


class _NotSbi(http.server.BaseHTTPRequestHandler):
    """Some other program's HTTP server: answers 501 to SBI verbs."""

    def log_message(self, *_args: object) -> None:
        pass


def http_server_answering_501() -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotSbi)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return server


# --- device info ---------------------------------------------------------------


def test_mosipdinfo_and_device_info(make_sim: SimFactory) -> None:
    sim = make_sim("Iris")
    (info,) = SbiClient(sim.port).device_info()
    assert (info.device_id, info.status, info.purpose) == ("2", "Ready", "Registration")
    assert info.firmware == "fieldkit-sbi-sim-1.0"
    assert info.digital_id.type == "Iris"
    assert info.sub_ids == ("1", "2", "3")
    with SbiIrisCamera(sim.port) as camera:
        device = camera.info()
        assert device.modality is Modality.IRIS
        assert (device.vendor, device.backend) == ("FieldKit", "sbi")
        assert device.serial == sim.serial
        assert device.firmware == "fieldkit-sbi-sim-1.0"
        assert "sbi_spec:0.9.5" in device.capabilities
        assert str(sim.port) in device.address
        assert camera.status().state is DeviceState.READY
    assert camera.status().state is DeviceState.NOT_READY


def test_backends_are_the_right_interfaces() -> None:
    assert issubclass(SbiFingerprintScanner, FingerprintScanner)
    assert issubclass(SbiIrisCamera, IrisCamera)
    assert issubclass(SbiFaceCamera, FaceCamera)
    assert SbiFaceCamera.min_preview_fps == 15.0
    assert {SbiFingerprintScanner.backend_name, SbiIrisCamera.backend_name} == {"sbi"}


def test_open_discovers_the_service_when_no_port_is_given(make_sim: SimFactory) -> None:
    sim = make_sim("Face", port=free_port_in_range(4577))
    camera = SbiFaceCamera(last_known_port=sim.port)
    with camera:
        assert camera.port == sim.port
        assert camera.info().model == "SBI Simulator Face"


# --- preview -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("device_type", "backend", "min_fps", "shape"),
    [
        ("Finger", SbiFingerprintScanner, 3.0, (500, 800)),
        ("Iris", SbiIrisCamera, 3.0, (240, 640)),
        ("Face", SbiFaceCamera, 15.0, (480, 640, 3)),
    ],
)
def test_stream_frame_rate_through_the_adapter(
    make_sim: SimFactory, device_type: str, backend: type, min_fps: float, shape: tuple[int, ...]
) -> None:
    sim = make_sim(device_type)
    cancel = CancelToken()
    with backend(sim.port) as device:
        frames = device.stream(cancel)
        first = next(frames)  # the simulator renders its frames on the first request
        start = time.monotonic()
        count = 0
        last = first
        for frame in frames:
            last = frame
            count += 1
            if time.monotonic() - start >= 1.0:
                cancel.cancel()
        elapsed = time.monotonic() - start
    fps = count / elapsed
    print(f"\n{device_type} preview: {fps:.1f} fps")  # noqa: T201  reported figure
    assert fps >= min_fps
    assert first.image.shape == shape
    assert last.sequence == count
    assert last.hints["source"] == "sbi"


# --- capture -----------------------------------------------------------------


def test_rcapture_right_slap(make_sim: SimFactory) -> None:
    sim = make_sim("Finger")
    with SbiFingerprintScanner(sim.port) as scanner:
        # Four fingers drawn on the first capture (~1 s of CPU each): room for a loaded machine.
        result = scanner.capture(CaptureRequest(timeout_s=30.0, position="13"))
    assert result.modality is Modality.FINGERPRINT
    assert len(result.images) == 4
    for image in result.images:
        assert image.shape == FINGER_SHAPE
        assert image.dtype == np.uint8
        assert image[100:190, 80:176].std() > 40  # ridges, not a flat patch
    meta = result.metadata
    assert meta["bio_sub_types"] == (
        "Right IndexFinger,Right MiddleFinger,Right RingFinger,Right LittleFinger"
    )
    assert meta["sbi_device_sub_id"] == "2"
    assert meta["quality_scores"] == "80,80,80,80"
    assert meta["requested_score"] == "40"
    assert result.position == "13"


def test_rcapture_thumbs_with_an_exception_and_a_single_finger(make_sim: SimFactory) -> None:
    sim = make_sim("Finger")
    with SbiFingerprintScanner(sim.port) as scanner:
        thumbs = scanner.capture(CaptureRequest(timeout_s=10.0, position="15", exceptions=("1",)))
        index = scanner.capture(CaptureRequest(timeout_s=10.0, position="7"))
    assert thumbs.metadata["bio_sub_types"] == "Left Thumb"
    assert thumbs.metadata["exceptions"] == "Right Thumb"
    assert thumbs.metadata["sbi_device_sub_id"] == "3"
    assert len(thumbs.images) == 1
    assert index.metadata["bio_sub_types"] == "Left IndexFinger"
    assert index.metadata["sbi_device_sub_id"] == "1"


def test_rcapture_iris_pair(make_sim: SimFactory) -> None:
    sim = make_sim("Iris")
    with SbiIrisCamera(sim.port) as camera:
        result = camera.capture(CaptureRequest(timeout_s=10.0, position="both"))
        left = camera.capture(CaptureRequest(timeout_s=10.0, position="left"))
    assert result.metadata["bio_sub_types"] == "Left,Right"
    assert [i.shape for i in result.images] == [(480, 640), (480, 640)]
    assert not np.array_equal(result.images[0], result.images[1])
    assert left.metadata["bio_sub_types"] == "Left"
    np.testing.assert_array_equal(left.images[0], result.images[0])
    assert result.metadata["requested_score"] == "60"


def test_rcapture_face_is_detectable_on_the_ktp_background(make_sim: SimFactory) -> None:
    sim = make_sim("Face", background="red")
    with SbiFaceCamera(sim.port) as camera:
        red = camera.capture(CaptureRequest(timeout_s=10.0))
        admin(sim.port, "/admin/profile", {"background": "blue"})
        blue = camera.capture(CaptureRequest(timeout_s=10.0))
    for result, colour in ((red, "red"), (blue, "blue")):
        (image,) = result.images
        assert image.shape == (480, 640, 3)
        faces, eyes = detect(image)
        assert len(faces) == 1
        assert len(eyes) == 2
        corner = image[5:40, 5:60].reshape(-1, 3).mean(axis=0)
        assert np.abs(corner - np.array(BACKGROUNDS[colour])).max() < 12


def test_hash_chain_across_two_captures(make_sim: SimFactory) -> None:
    sim = make_sim("Iris")
    chain = CaptureChain()
    with SbiIrisCamera(sim.port) as camera:
        first = camera.capture(CaptureRequest(timeout_s=10.0, chain=chain, position="left"))
        second = camera.capture(CaptureRequest(timeout_s=10.0, chain=chain, position="right"))
    assert first.link is not None
    assert second.link is not None
    assert first.link.previous_hash == GENESIS_HASH
    assert first.metadata["sbi_previous_hash"] == ""
    # The device chained its hash from our chain's head, and we chained its hash.
    assert second.metadata["sbi_previous_hash"] == first.link.hash
    assert dict(second.link.metadata)["sbi_hash"] == second.metadata["sbi_hash"]
    assert chain.head == second.link.hash
    payloads = [image_payload(first.images), image_payload(second.images)]
    assert CaptureChain.verify([first.link, second.link], payloads)
    assert not CaptureChain.verify([second.link, first.link], payloads[::-1])


def test_sbi_hash_formula_matches_the_spec(make_sim: SimFactory) -> None:
    sim = make_sim("Finger")
    client = SbiClient(sim.port, timeout_s=10.0)
    bio = BioRequest("Finger", "1", "2", ("Right IndexFinger", "Right MiddleFinger"))
    index, middle = client.rcapture(bio, timeout_s=10.0)
    empty = hashlib.sha256(b"").digest()
    expected = hashlib.sha256(empty + hashlib.sha256(index.bio_value).digest()).hexdigest()
    assert index.hash == expected.upper()
    assert middle.previous_hash == index.hash
    assert middle.hash == chain_hash(index.hash, middle.bio_value)
    assert decode_image(index.bio_value).shape == FINGER_SHAPE
    assert index.bio_value.startswith(b"\x89PNG")


def test_quality_score_set_via_admin_shows_in_the_result(make_sim: SimFactory) -> None:
    sim = make_sim("Finger")
    with SbiFingerprintScanner(sim.port) as scanner:
        good = scanner.capture(CaptureRequest(timeout_s=10.0, position="2"))
        assert admin(sim.port, "/admin/score", {"qualityScore": 27}) == {
            "errorCode": "0",
            "errorInfo": "Success",
        }
        poor = scanner.capture(CaptureRequest(timeout_s=10.0, position="2"))
    assert good.metadata["quality_score"] == "80"
    assert poor.metadata["quality_score"] == "27"
    centre = (slice(100, 190), slice(80, 176))
    assert poor.images[0][centre].std() < 0.8 * good.images[0][centre].std()


def test_status_follows_the_admin_status(make_sim: SimFactory) -> None:
    sim = make_sim("Face")
    with SbiFaceCamera(sim.port) as camera:
        for status, state, reason in (
            ("Busy", DeviceState.BUSY, StatusReason.SERVICE_BUSY),
            ("Not Ready", DeviceState.NOT_READY, StatusReason.SERVICE_REPORTS),
            ("Not Registered", DeviceState.ERROR, StatusReason.NOT_REGISTERED),
            ("Ready", DeviceState.READY, StatusReason.READY),
        ):
            admin(sim.port, "/admin/status", {"deviceStatus": status})
            seen = camera.status()
            assert (seen.state, seen.reason) == (state, reason)
        # The service's own word is kept as the sentence's place, not as our sentence.
        admin(sim.port, "/admin/status", {"deviceStatus": "Not Ready"})
        assert camera.status().detail == "Not Ready"


def test_health_check(make_sim: SimFactory) -> None:
    sim = make_sim("Face")
    good = SbiFaceCamera(sim.port).health_check()
    assert good.ok, good.message
    assert {c.name for c in good.checks} == {"service", "device", "status", "preview"}
    bad = SbiFaceCamera(closed_port(), connect_timeout_s=0.2).health_check()
    assert not bad.ok
    assert "No SBI device service" in bad.message


def test_a_health_check_waits_longer_for_its_frame_than_a_live_preview(
    make_sim: SimFactory,
) -> None:
    """A self-test asks whether the device works: the installed app's, under Wine beside a
    test run, failed on a first frame slower than the preview's bound.  Here that bound is
    absurdly short; the preview times out at once, the health check's one frame does not."""
    sim = make_sim("Finger")
    impatient = SbiFingerprintScanner(sim.port, frame_timeout_s=1e-6)
    checked = impatient.health_check()
    assert checked.ok, checked.message
    assert "preview" in {c.name for c in checked.checks}
    impatient.open()
    try:
        with pytest.raises(DeviceTimeout):
            next(iter(impatient.stream()))
    finally:
        impatient.close()


# --- protocol compatibility ----------------------------------------------------


def test_parses_mosip_mock_style_descriptors() -> None:
    """MockMDS writes lower-case error keys and an unsigned b64url digital id."""
    payload = {"serialNo": "1234567890123", "make": "MOSIP", "model": "SLAP01", "type": "Finger"}
    unsigned = b64url_encode(json.dumps(payload).encode())
    device = SbiDevice.parse(
        4501,
        {
            "deviceId": 2,
            "deviceStatus": "Ready",
            "deviceSubId": ["1", "2", "3"],
            "digitalId": unsigned,
            "specVersion": ["0.9.5"],
            "error": {"errorcode": "100", "errorinfo": "Success"},
        },
    )
    assert (device.device_id, device.bio_type, device.error_code) == ("2", "Finger", "100")
    assert device.digital_id.serial_no == "1234567890123"
    signed = "e30." + base64.urlsafe_b64encode(json.dumps(payload).encode()).decode() + ".c2ln"
    assert DigitalId.parse(signed).model == "SLAP01"
    assert DigitalId.parse("%%%not a digital id").make == ""


def test_stream_with_mock_style_boundary() -> None:
    """MockMDS declares ``boundary=--BoundaryString`` and uses the token bare as delimiter."""
    jpeg = bytes(cv2.imencode(".jpg", np.full((48, 64), 128, np.uint8))[1].tobytes())
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    done = threading.Event()

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(
                b"HTTP/1.0 200 OK\r\nConnection: close\r\n"
                b"Content-Type: multipart/x-mixed-replace; boundary=--BoundaryString\r\n\r\n"
            )
            for _ in range(3):
                conn.sendall(
                    b"--BoundaryString\r\nContent-Type:image/jpeg\r\nContent-Length:"
                    + str(len(jpeg)).encode()
                    + b"\r\n\r\n"
                    + jpeg
                    + b"\r\n\r\n"
                )
            done.wait(5)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        frames = []
        for frame in SbiClient(port).stream("2", "1", frame_timeout_s=2.0):
            frames.append(frame)
            if len(frames) == 3:
                break
        assert frames == [jpeg] * 3
    finally:
        done.set()
        thread.join(5)
        listener.close()


# --- images --------------------------------------------------------------------


@pytest.mark.parametrize("background", ["red", "blue"])
def test_synthetic_face_is_one_frontal_face_with_two_eyes(background: str) -> None:
    for seed in range(3):
        image = synth_face(background, seed=seed)  # type: ignore[arg-type]
        assert image.shape == (480, 640, 3)
        faces, eyes = detect(image)
        assert len(faces) == 1, (background, seed)
        assert len(eyes) == 2, (background, seed)
        assert eyes[1][0] - eyes[0][0] >= 90  # ICAO minimum inter-eye distance
        assert face_layout(seed=seed).inter_eye_px >= 90


def test_ktp_background_rule() -> None:
    assert background_for_birth_year(1953) == "red"
    assert background_for_birth_year(1960) == "blue"
    with pytest.raises(ValueError, match="red"):
        synth_face("green")  # type: ignore[arg-type]


@pytest.mark.parametrize("quality", [ImageQuality.HIGH, ImageQuality.LOW])
def test_synthetic_iris_geometry(quality: ImageQuality) -> None:
    image = synth_iris(seed=4, quality=quality)
    layout = iris_layout(4, quality)
    assert image.shape == (480, 640)
    assert layout.iris_diameter >= 210
    assert 20 <= layout.pupil_iris_ratio <= 70
    cx, cy = layout.centre
    pupil = image[cy + 5 : cy + 15, cx - 5 : cx + 5].mean()
    ring = image[cy + 10 : cy + layout.iris_radius - 10, cx - 60 : cx + 60]
    sclera = image[cy - 5 : cy + 5, cx + layout.iris_radius + 15 : cx + layout.iris_radius + 35]
    assert pupil < (60 if quality is ImageQuality.HIGH else 90)
    assert ring.mean() > pupil + 25
    assert sclera.mean() > ring.mean() + 20
    if quality is ImageQuality.HIGH:
        assert cv2.Laplacian(ring, cv2.CV_64F).var() > 20  # textured, in focus
    np.testing.assert_array_equal(image, synth_iris(seed=4, quality=quality))


def test_importing_the_backends_loads_no_opencv() -> None:
    script = (
        "import sys\n"
        "import drivers.sbi.backends, drivers.sbi.discovery\n"
        "print('cv2' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=30, check=True
    )
    assert out.stdout.strip() == "False"


def test_run_sbi_simulator_moves_past_a_taken_port() -> None:
    taken = free_port_in_range(4571)
    stop = threading.Event()
    bound: list[int] = []
    ready = threading.Event()

    def announce(port: int) -> None:
        bound.append(port)
        ready.set()

    with socket.create_server(("127.0.0.1", taken)):
        thread = threading.Thread(
            target=run_sbi_simulator,
            kwargs={"port": taken, "device_type": "Iris", "stop_event": stop, "announce": announce},
        )
        thread.start()
        try:
            assert ready.wait(5)
            assert bound[0] != taken
            assert bound[0] in range(4501, 4601)
            assert SbiClient(bound[0]).discover("Iris")[0].bio_type == "Iris"
        finally:
            stop.set()
            thread.join(5)
    assert not thread.is_alive()


# --- command line ----------------------------------------------------------------


def test_simulator_cli_prints_its_port_first_and_stops_on_sigterm() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "drivers.sbi.sim", "--port", "0", "--type", "Face"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline().strip())
        (device,) = SbiClient(port).discover("Face")
        assert device.bio_type == "Face"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.communicate(timeout=5)


def test_the_preview_shows_the_empty_view_until_the_slap_is_drawn(make_sim: SimFactory) -> None:
    """A fresh slap streams at once: the empty platen first, the fingers once drawn."""
    sim = make_sim("Finger", seed=4321)
    cancel = CancelToken()
    contrasts: list[float] = []
    with SbiFingerprintScanner(sim.port) as device:
        for frame in device.stream(cancel):
            assert frame.image.shape == (500, 800)
            contrasts.append(float(frame.image.std()))
            if contrasts[-1] > 20.0 or len(contrasts) >= 600:  # ridges, or a minute at 10 fps
                cancel.cancel()
    assert contrasts[0] < 5.0, "the first frame of a slap never drawn before is the bare platen"
    assert contrasts[-1] > 20.0, "the slap's ridges replace the bare platen"


_STREAM_THEN_EXIT = """
from drivers.base import CancelToken
from drivers.sbi.backends import SbiFingerprintScanner
from drivers.sbi.sim import SbiSimulator

sim = SbiSimulator("Finger", seed=9876, capture_delay_s=0.02)
sim.start()
cancel = CancelToken()
with SbiFingerprintScanner(sim.port) as device:
    next(device.stream(cancel))  # the empty platen, while the slap is drawn
    cancel.cancel()
sim.stop()
"""


def test_a_process_that_ends_while_the_preview_is_drawn_exits_cleanly() -> None:
    """The installed self-test aborted (exit 134) when it ended inside the drawing thread."""
    result = subprocess.run(
        [sys.executable, "-c", _STREAM_THEN_EXIT],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "terminate called" not in result.stderr


def test_stopping_waits_for_a_capture_still_being_drawn() -> None:
    """The app quit after a capture on a busy machine and aborted (exit -6).

    A request thread was still drawing a print in OpenCV when Python finalised; stopping
    the simulator now waits until no request is being answered, so a process that ends
    right after ``stop()`` has no thread left inside C++.
    """
    sim = SbiSimulator("Finger", seed=918_273, capture_delay_s=0.0)
    sim.start()
    finished = threading.Event()

    def capture() -> None:
        with contextlib.suppress(Exception), SbiFingerprintScanner(sim.port) as scanner:
            scanner.capture(CaptureRequest(timeout_s=60.0, position="13"))
        finished.set()

    worker = threading.Thread(target=capture, name="capture-at-stop")
    worker.start()
    drawing = False
    deadline = time.monotonic() + 30.0
    while not finished.wait(0.01) and time.monotonic() < deadline:
        drawing = sim.capturing.locked()
        if drawing:
            break
    assert drawing, "the capture was never seen drawing (a cold slap takes over a second)"
    sim.stop()
    assert not sim.capturing.locked(), "stop() returned while the print was still drawn"
    worker.join(60)


def _drawing_ahead(device_type: str) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == f"sbi-sim-ready-{device_type}"]


def test_a_simulator_told_to_get_ready_has_the_preview_and_the_prints_drawn(
    make_sim: SimFactory,
) -> None:
    """The first person of a demo waited for the simulator's drawing at every slap.

    Told that a person is about to be recorded, it draws ahead: the preview's first frame
    is the slap itself (not the bare platen shown while one is drawn), and the capture
    draws nothing more.
    """
    sim = make_sim("Finger", seed=6543)
    sim.get_ready()
    for thread in _drawing_ahead("Finger"):
        thread.join(120)
        assert not thread.is_alive()
    sim.get_ready()  # the same settings again: nothing more to draw
    assert not _drawing_ahead("Finger")
    drawn_before = sim_module._finger_png.cache_info().misses
    cancel = CancelToken()
    with SbiFingerprintScanner(sim.port) as device:
        first = next(device.stream(cancel, position="13"))
        cancel.cancel()
        result = device.capture(CaptureRequest(timeout_s=30.0, position="13"))
    assert float(first.image.std()) > 20.0, "the first frame is the drawn slap"
    assert len(result.images) == 4
    assert sim_module._finger_png.cache_info().misses == drawn_before, "a print drawn again"


def test_stopping_a_simulator_ends_its_drawing_ahead(make_sim: SimFactory) -> None:
    """Quitting the app right after Perekaman opened must not wait for the whole drawing."""
    sim = make_sim("Finger", seed=7654)
    sim.get_ready()
    sim.stop()
    for thread in _drawing_ahead("Finger"):
        thread.join(30)  # at most the one slap being drawn
        assert not thread.is_alive()
