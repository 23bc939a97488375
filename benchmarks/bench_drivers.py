"""Preview frame rate and capture latency of each simulated device, through its adapter.

    .venv/bin/python benchmarks/bench_drivers.py

Every figure goes end to end through the real driver and the real transport:
a pty for the ZFM scanner and the ISDV4 pad, HTTP on loopback for the SBI
services, OpenCV reading media files for the cameras.  Each is printed beside
a baseline measured in the same run: the same transport moving the same data
with no protocol work, so the difference is what the adapter costs.
"""

from __future__ import annotations

import math
import os
import statistics
import time
import tty
from typing import TYPE_CHECKING

import cv2

from drivers import CancelToken, CaptureRequest, Modality, get_backend
from drivers.camera.sim import sim_media_dir
from drivers.interfaces import CardReader, CardReadRequest
from drivers.registry import available_backends
from drivers.sbi.backends import SbiFaceCamera, SbiFingerprintScanner, SbiIrisCamera
from drivers.sbi.client import SbiClient
from drivers.sbi.discovery import discover_sbi
from drivers.sbi.sim import SbiSimulator

if TYPE_CHECKING:
    from collections.abc import Callable

    from drivers.base import Device, ImageDevice

STREAM_SECONDS = 2.0
CAPTURES = 5


def stream_fps(device: ImageDevice, seconds: float = STREAM_SECONDS) -> float:
    cancel = CancelToken()
    frames = 0
    stream = device.stream(cancel)
    next(stream)  # the first frame includes start-up; the rate is what follows
    start = time.perf_counter()
    for _ in stream:
        frames += 1
        if time.perf_counter() - start >= seconds:
            cancel.cancel()
            break
    return frames / (time.perf_counter() - start)


def timed_ms(action: Callable[[], object], repeat: int = CAPTURES) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1e3)
    return sorted(samples)


def capture(device: Device) -> None:
    if isinstance(device, CardReader):
        device.capture(CardReadRequest())
    else:
        device.capture(CaptureRequest(timeout_s=30.0))  # type: ignore[attr-defined]


def row(name: str, fps: str, samples: list[float], baseline: str = "") -> None:
    p95 = samples[min(len(samples) - 1, math.ceil(len(samples) * 0.95) - 1)]
    median = statistics.median(samples)
    print(f"{name:<26}{fps:>8}{median:>11.1f} ms{p95:>9.1f} ms   {baseline}")


def raw_pty_ms(size: int) -> float:
    """The transport alone: ``size`` bytes through a raw pty, no protocol."""
    master, slave = os.openpty()
    tty.setraw(slave)
    view = memoryview(b"\x55" * size)
    sent = received = 0
    start = time.perf_counter()
    while received < size:
        if sent < size:
            sent += os.write(master, view[sent : sent + 4096])
        received += len(os.read(slave, 65536))
    elapsed = (time.perf_counter() - start) * 1e3
    os.close(master)
    os.close(slave)
    return elapsed


def raw_camera_fps(clip: str) -> float:
    """OpenCV decoding the same JPEG sequence as fast as it can, with no adapter or pacing."""
    frames = 0
    start = time.perf_counter()
    while time.perf_counter() - start < 1.0:
        capture = cv2.VideoCapture(str(sim_media_dir() / clip / "frame_%03d.jpg"), cv2.CAP_IMAGES)
        while capture.read()[0]:
            frames += 1
        capture.release()
    return frames / (time.perf_counter() - start)


def simulated_devices() -> None:
    zfm_wire = 256 * 288 // 2 + (256 * 288 // 2 // 128) * 11  # UpImage packets and framing
    baselines = {
        Modality.FINGERPRINT: f"raw pty, same {zfm_wire} B: {raw_pty_ms(zfm_wire):.2f} ms; "
        f"57600 baud wire: {zfm_wire * 10 / 57600 * 1e3:.0f} ms",
        Modality.FACE: f"raw OpenCV decode: {raw_camera_fps('face_red'):.0f} fps",
        Modality.IRIS: f"raw OpenCV decode: {raw_camera_fps('iris_good'):.0f} fps",
        Modality.SIGNATURE: "capture = the signer's own time (replayed recording) + 0.4 s idle",
    }
    for kind in Modality:
        if "sim" not in available_backends(kind):
            continue
        options: dict[str, object] = {"idle_s": 0.4} if kind is Modality.SIGNATURE else {}
        device = get_backend(kind, "sim", **options)
        with device:
            fps = "" if isinstance(device, CardReader) else f"{stream_fps(device):.1f}"  # type: ignore[arg-type]
            repeat = 2 if kind is Modality.SIGNATURE else CAPTURES
            samples = timed_ms(lambda d=device: capture(d), repeat)
        row(f"{kind.value} (sim)", fps, samples, baselines.get(kind, ""))


def sbi_devices() -> None:
    for device_type, cls in (
        ("Finger", SbiFingerprintScanner),
        ("Iris", SbiIrisCamera),
        ("Face", SbiFaceCamera),
    ):
        with SbiSimulator(device_type, port=4590) as sim:
            client = SbiClient(sim.port)
            descriptor = client.discover(device_type)[0]
            cold = discover_sbi(device_type)
            warm = discover_sbi(device_type, last_known_port=sim.port)
            with cls(port=sim.port) as device:
                fps = stream_fps(device)
                device.capture(CaptureRequest(timeout_s=30.0))  # warm the simulator's cache
                samples = timed_ms(lambda d=device: d.capture(CaptureRequest(timeout_s=30.0)))
            payload = {
                "env": "Staging", "purpose": "Registration", "specVersion": "0.9.5",
                "timeout": 10000, "transactionId": "bench",
                "bio": [{"type": device_type, "count": 1, "bioSubType": [],
                         "exception": [], "requestedScore": 40,
                         "deviceId": descriptor.device_id,
                         "deviceSubId": descriptor.sub_ids[0] if descriptor.sub_ids else "0",
                         "previousHash": ""}],
            }  # fmt: skip
            raw = timed_ms(lambda c=client, p=payload: c.exchange("RCAPTURE", "/capture", p))
        row(
            f"{device_type.lower()} (SBI sim)",
            f"{fps:.1f}",
            samples,
            f"raw HTTP RCAPTURE, no decoding: {statistics.median(raw):.1f} ms; discovery "
            f"{cold.duration_s * 1e3:.0f} ms cold ({cold.ports_probed} ports), "
            f"{warm.duration_s * 1e3:.1f} ms last-known",
        )


def main() -> None:
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)  # end-of-sequence noise
    print(f"{'device':<26}{'fps':>8}{'capture':>14}{'p95':>12}   baseline in the same run")
    simulated_devices()
    sbi_devices()


if __name__ == "__main__":
    main()
