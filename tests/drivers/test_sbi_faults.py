"""SBI transport faults: each raises a specific error with a reason, never hanging.

All faults come from the real simulator (admin endpoint or ``inject``) over
real sockets on 127.0.0.1; after each one the next request must work again.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Self

import pytest

from drivers.base import CancelToken, CaptureRequest, DeviceState, StatusReason
from drivers.errors import (
    CaptureCancelled,
    DeviceReason,
    DeviceTimeout,
    DeviceUnavailable,
    ProtocolError,
    ProtocolReason,
    TimeoutReason,
)
from drivers.sbi.backends import SbiFingerprintScanner
from drivers.sbi.client import (
    BioRequest,
    SbiCaptureTimeout,
    SbiClient,
    SbiDeviceError,
    SbiUnavailable,
)
from drivers.sbi.discovery import discover_sbi
from drivers.sbi.images import SLAP_FINGER_SIZE
from drivers.sbi.sim import Fault, SbiSimulator

TIMEOUT_S = 1.0
#: Slack over a timeout for thread scheduling on a busy 2-core machine.
SLACK_S = 0.6


@pytest.fixture
def sim() -> Iterator[SbiSimulator]:
    with SbiSimulator("Finger", capture_delay_s=0.02) as simulator:
        yield simulator


@pytest.fixture
def scanner(sim: SbiSimulator) -> Iterator[SbiFingerprintScanner]:
    with SbiFingerprintScanner(sim.port, timeout_s=TIMEOUT_S, frame_timeout_s=TIMEOUT_S) as s:
        yield s


def admin(port: int, path: str, body: dict[str, object]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("POST", path, body=json.dumps(body))
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    assert response.status == 200


def single() -> CaptureRequest:
    """One right index finger within the short test timeout."""
    return CaptureRequest(timeout_s=TIMEOUT_S, position="2")


class Timer:
    def __enter__(self) -> Self:
        self.start = time.monotonic()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.elapsed = time.monotonic() - self.start


def recovers(scanner: SbiFingerprintScanner) -> None:
    result = scanner.capture(CaptureRequest(timeout_s=10.0, position="2"))
    assert result.images[0].shape == (SLAP_FINGER_SIZE[1], SLAP_FINGER_SIZE[0])


def test_malformed_json(sim: SbiSimulator, scanner: SbiFingerprintScanner) -> None:
    admin(sim.port, "/admin/fault", {"fault": "malformed_json", "method": "RCAPTURE"})
    with Timer() as timer, pytest.raises(ProtocolError) as info:
        scanner.capture(single())
    assert info.value.reason is ProtocolReason.GARBAGE
    assert timer.elapsed < TIMEOUT_S + SLACK_S
    sim.inject(Fault.MALFORMED_JSON, method="MOSIPDISC")
    with pytest.raises(ProtocolError) as info:
        SbiClient(sim.port).discover("Finger")
    assert info.value.reason is ProtocolReason.GARBAGE
    recovers(scanner)


def test_service_that_hangs(sim: SbiSimulator, scanner: SbiFingerprintScanner) -> None:
    sim.inject(Fault.HANG, method="RCAPTURE")
    with Timer() as timer, pytest.raises(DeviceTimeout) as info:
        scanner.capture(single())
    assert info.value.reason is TimeoutReason.NO_RESPONSE
    assert TIMEOUT_S - 0.05 <= timer.elapsed < TIMEOUT_S + SLACK_S
    recovers(scanner)


def test_connection_dropped_mid_response(sim: SbiSimulator, scanner: SbiFingerprintScanner) -> None:
    sim.inject(Fault.DROP, method="RCAPTURE")
    with Timer() as timer, pytest.raises(ProtocolError) as info:
        scanner.capture(single())
    assert info.value.reason is ProtocolReason.TRUNCATED
    assert timer.elapsed < TIMEOUT_S + SLACK_S
    recovers(scanner)


def test_connection_reset_before_any_answer(
    sim: SbiSimulator, scanner: SbiFingerprintScanner
) -> None:
    sim.inject(Fault.RESET, method="RCAPTURE")
    with pytest.raises(DeviceUnavailable) as info:
        scanner.capture(single())
    assert info.value.reason is DeviceReason.SERVICE_STOPPED
    recovers(scanner)


def test_http_500(sim: SbiSimulator, scanner: SbiFingerprintScanner) -> None:
    sim.inject(Fault.HTTP_500, method="RCAPTURE")
    with pytest.raises(SbiDeviceError) as info:
        scanner.capture(single())
    assert isinstance(info.value, ProtocolError)
    assert info.value.reason is ProtocolReason.DEVICE_ERROR
    assert info.value.http_status == 500
    assert "500" in info.value.message
    recovers(scanner)


def test_device_busy(sim: SbiSimulator, scanner: SbiFingerprintScanner) -> None:
    admin(sim.port, "/admin/busy", {"busy": True})
    assert scanner.status().state is DeviceState.BUSY
    with pytest.raises(DeviceUnavailable) as info:
        scanner.capture(single())
    assert info.value.reason is DeviceReason.BUSY
    assert isinstance(info.value, SbiUnavailable)
    assert info.value.sbi_code == "703"
    with pytest.raises(DeviceUnavailable) as info:
        next(scanner.stream(CancelToken()))
    assert info.value.reason is DeviceReason.BUSY
    assert isinstance(info.value, SbiUnavailable)
    assert info.value.sbi_code == "111"
    admin(sim.port, "/admin/status", {"deviceStatus": "Ready"})
    recovers(scanner)


def test_device_busy_with_another_capture(sim: SbiSimulator) -> None:
    admin(sim.port, "/admin/profile", {"captureDelay": 800})
    client = SbiClient(sim.port, timeout_s=5.0)
    bio = BioRequest("Finger", "1", "2", ("Right IndexFinger",))
    first = threading.Thread(target=client.rcapture, args=(bio,), kwargs={"timeout_s": 5.0})
    first.start()
    try:
        deadline = time.monotonic() + 3.0
        while not sim.capturing.locked():
            assert time.monotonic() < deadline, "first capture never started"
            time.sleep(0.01)
        assert client.discover("Finger")[0].status == "Busy"
        with pytest.raises(DeviceUnavailable) as info:
            client.rcapture(bio, timeout_s=2.0)
        assert info.value.reason is DeviceReason.BUSY
    finally:
        first.join(5.0)


def test_device_not_ready_and_not_registered(
    sim: SbiSimulator, scanner: SbiFingerprintScanner
) -> None:
    admin(sim.port, "/admin/status", {"deviceStatus": "Not Ready"})
    with pytest.raises(DeviceUnavailable) as info:
        scanner.capture(single())
    assert info.value.reason is DeviceReason.NOT_READY
    admin(sim.port, "/admin/status", {"deviceStatus": "Not Registered"})
    with pytest.raises(DeviceUnavailable) as info:
        next(scanner.stream())
    assert info.value.reason is DeviceReason.NOT_REGISTERED


def test_stream_cut_mid_frame(sim: SbiSimulator, scanner: SbiFingerprintScanner) -> None:
    sim.inject(Fault.STREAM_CUT, method="STREAM")
    frames = scanner.stream(CancelToken())
    first = next(frames)
    assert first.image.shape == (500, 800)
    with Timer() as timer, pytest.raises(ProtocolError) as info:
        next(frames)
    assert info.value.reason is ProtocolReason.TRUNCATED
    assert timer.elapsed < TIMEOUT_S + SLACK_S
    assert next(scanner.stream(CancelToken())).sequence == 0


def test_stream_that_stalls_times_out(sim: SbiSimulator) -> None:
    client = SbiClient(sim.port)
    sim.inject(Fault.HANG, method="STREAM")
    with Timer() as timer, pytest.raises(DeviceTimeout) as info:
        next(client.stream("1", "2", frame_timeout_s=0.5))
    assert info.value.reason is TimeoutReason.NO_RESPONSE
    assert timer.elapsed < 0.5 + SLACK_S


def test_stream_cancel_is_prompt(sim: SbiSimulator, scanner: SbiFingerprintScanner) -> None:
    admin(sim.port, "/admin/profile", {"fps": 1})
    cancel = CancelToken()
    frames = scanner.stream(cancel)
    next(frames)
    threading.Timer(0.1, cancel.cancel).start()
    with Timer() as timer:
        assert list(frames) == []
    assert timer.elapsed < 0.5


def test_nothing_listening() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with Timer() as timer:
        with pytest.raises(DeviceUnavailable) as info:
            SbiFingerprintScanner(port).open()
        assert info.value.reason is DeviceReason.NO_SERVICE
        with pytest.raises(DeviceUnavailable) as info:
            next(SbiClient(port).stream("1", "2"))
        assert info.value.reason is DeviceReason.NO_SERVICE
        found = discover_sbi("Finger", ports=[port], last_known_port=port)
    assert timer.elapsed < 1.0
    assert found.port is None
    assert found.problems == ()


def test_disconnected_device(sim: SbiSimulator, scanner: SbiFingerprintScanner) -> None:
    admin(sim.port, "/admin/disconnect", {"disconnect": True})
    with pytest.raises(DeviceUnavailable) as info:
        scanner.capture(single())
    assert info.value.reason is DeviceReason.SERVICE_STOPPED
    down = scanner.status()
    assert (down.state, down.reason, down.error) == (
        DeviceState.DISCONNECTED,
        StatusReason.FAILED,
        "service_stopped",
    )
    admin(sim.port, "/admin/disconnect", {"disconnect": False})
    assert scanner.status().state is DeviceState.READY


def test_hash_that_does_not_follow(sim: SbiSimulator, scanner: SbiFingerprintScanner) -> None:
    sim.inject(Fault.BAD_HASH, method="RCAPTURE")
    with pytest.raises(ProtocolError) as info:
        scanner.capture(single())
    assert info.value.reason is ProtocolReason.CHECKSUM
    recovers(scanner)


def test_device_capture_timeout(sim: SbiSimulator, scanner: SbiFingerprintScanner) -> None:
    """Nobody puts a finger down: the device itself answers 701 before our deadline."""
    admin(sim.port, "/admin/profile", {"captureDelay": 5000})
    with Timer() as timer, pytest.raises(SbiCaptureTimeout) as info:
        scanner.capture(single())
    assert info.value.reason is TimeoutReason.NO_FINGER
    assert info.value.sbi_code == "701"
    assert timer.elapsed < TIMEOUT_S + SLACK_S


def test_capture_is_cancellable(sim: SbiSimulator, scanner: SbiFingerprintScanner) -> None:
    admin(sim.port, "/admin/profile", {"captureDelay": 5000})
    cancel = CancelToken()
    threading.Timer(0.2, cancel.cancel).start()
    with Timer() as timer, pytest.raises(CaptureCancelled):
        scanner.capture(CaptureRequest(timeout_s=10.0, cancel=cancel, position="2"))
    assert timer.elapsed < 0.8


def test_response_delay_within_the_timeout_is_fine(
    sim: SbiSimulator, scanner: SbiFingerprintScanner
) -> None:
    admin(sim.port, "/admin/delay", {"delay": 300, "method": ["RCAPTURE"]})
    with Timer() as timer:
        recovers(scanner)
    assert timer.elapsed >= 0.3
