"""ZFM/R30x backend against the emulator, over a real pty and a real ``socket://`` line."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import numpy as np
import pytest

from drivers.base import CancelToken, CaptureRequest, DeviceState
from drivers.chain import GENESIS_HASH, CaptureChain, image_payload
from drivers.errors import (
    AuthenticationFailed,
    AuthReason,
    CaptureCancelled,
    DeviceReason,
    DeviceTimeout,
    DeviceUnavailable,
    ProtocolError,
    ProtocolReason,
    TimeoutReason,
)
from drivers.fingerprint.synth import ImageQuality, synthesize
from drivers.fingerprint.zfm import ZfmScanner
from drivers.fingerprint.zfm_sim import Fault, ZfmEmulator
from drivers.registry import get_backend
from drivers.simulator.pty import Transport

#: How long the scanner waits for each answer.  A real module answers in milliseconds; the
#: emulator shares a loaded CI machine's two cores with three test workers, where half a
#: second once passed before it answered at all (a setup error, not a driver fault).
ANSWER_S = 1.0
#: What a failing command may take beyond the wait it was given before it must have given up.
SLACK_S = 1.0


@pytest.fixture
def scanner(emulator: ZfmEmulator) -> Iterator[ZfmScanner]:
    with ZfmScanner(emulator.slave_path, timeout_s=ANSWER_S, image_timeout_s=3.0) as s:
        yield s


def expected_image(seed: int, quality: ImageQuality) -> np.ndarray:
    return (synthesize(seed, quality) >> 4) * 17


def test_capture_end_to_end_with_hash_chain(emulator: ZfmEmulator, scanner: ZfmScanner) -> None:
    info = scanner.info()
    assert (info.vendor, info.backend, info.address) == ("ZhianTec", "zfm", emulator.slave_path)
    assert info.serial == "FFFFFFFF"
    chain = CaptureChain()
    first = scanner.capture(CaptureRequest(timeout_s=5.0, chain=chain, position="2"))
    (image,) = first.images
    assert image.shape == (288, 256)
    assert image.dtype == np.uint8
    np.testing.assert_array_equal(image, expected_image(emulator.seed, ImageQuality.HIGH))
    assert first.metadata["sensor_verdict"] == "ok"
    assert first.position == "2"
    assert first.link is not None
    assert first.link.previous_hash == GENESIS_HASH
    second = scanner.capture(CaptureRequest(timeout_s=5.0, chain=chain, position="7"))
    assert second.link is not None
    assert second.link.previous_hash == first.link.hash
    assert chain.head == second.link.hash
    payloads = [image_payload(first.images), image_payload(second.images)]
    assert CaptureChain.verify([first.link, second.link], payloads)
    assert not CaptureChain.verify([second.link, first.link], payloads[::-1])


def test_low_quality_print_is_flagged_by_the_sensor(transport: Transport) -> None:
    emu = ZfmEmulator(quality=ImageQuality.LOW, seed=3, transport=transport)
    emu.start()
    try:
        with ZfmScanner(emu.slave_path, timeout_s=ANSWER_S) as s:
            result = s.capture(CaptureRequest(timeout_s=5.0))
    finally:
        emu.stop()
    assert result.metadata["sensor_verdict"] == "few_features"
    high = expected_image(3, ImageQuality.HIGH)
    centre = (slice(100, 190), slice(80, 176))
    assert result.images[0][centre].std() < 0.7 * high[centre].std()


def test_password_protected_module(transport: Transport) -> None:
    emu = ZfmEmulator(password=0x0000002A, transport=transport)
    emu.start()
    try:
        with pytest.raises(AuthenticationFailed) as info:
            ZfmScanner(emu.slave_path, timeout_s=ANSWER_S).open()
        assert info.value.reason is AuthReason.WRONG_PASSWORD
        with ZfmScanner(emu.slave_path, password=0x2A, timeout_s=ANSWER_S) as s:
            assert s.template_count() == 0
    finally:
        emu.stop()


def test_wrong_address_is_reported(emulator: ZfmEmulator) -> None:
    with pytest.raises(AuthenticationFailed) as info:
        ZfmScanner(emulator.slave_path, address=0x12345678, timeout_s=ANSWER_S).open()
    assert info.value.reason is AuthReason.WRONG_ADDRESS


def test_no_finger_times_out_within_the_deadline(
    emulator: ZfmEmulator, scanner: ZfmScanner
) -> None:
    emulator.lift_finger()
    start = time.monotonic()
    with pytest.raises(DeviceTimeout) as info:
        scanner.capture(CaptureRequest(timeout_s=0.6))
    assert info.value.reason is TimeoutReason.NO_FINGER
    assert time.monotonic() - start < 0.6 + SLACK_S


def test_capture_waits_for_the_finger(emulator: ZfmEmulator, scanner: ZfmScanner) -> None:
    emulator.lift_finger()
    seen = emulator.commands_seen
    timer = threading.Timer(0.3, emulator.place_finger)
    timer.start()
    result = scanner.capture(CaptureRequest(timeout_s=5.0))
    assert result.images[0].shape == (288, 256)
    assert emulator.commands_seen - seen > 3  # several GenImg polls, then UpImage, Img2Tz


def test_capture_is_cancellable(emulator: ZfmEmulator, scanner: ZfmScanner) -> None:
    emulator.lift_finger()
    cancel = CancelToken()
    timer = threading.Timer(0.2, cancel.cancel)
    timer.start()
    start = time.monotonic()
    with pytest.raises(CaptureCancelled):
        scanner.capture(CaptureRequest(timeout_s=10.0, cancel=cancel))
    assert time.monotonic() - start < 1.0


def test_garbage_before_a_packet_is_skipped(emulator: ZfmEmulator, scanner: ZfmScanner) -> None:
    emulator.templates = 5
    emulator.inject(Fault.GARBAGE_PREFIX)
    assert scanner.template_count() == 5


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (Fault.GARBAGE, ProtocolReason.GARBAGE),
        (Fault.TRUNCATE, ProtocolReason.TRUNCATED),
        (Fault.BAD_CHECKSUM, ProtocolReason.CHECKSUM),
    ],
)
def test_line_faults_raise_a_reason_and_recover(
    emulator: ZfmEmulator, scanner: ZfmScanner, fault: Fault, reason: ProtocolReason
) -> None:
    emulator.inject(fault)
    start = time.monotonic()
    with pytest.raises(ProtocolError) as info:
        scanner.template_count()
    assert time.monotonic() - start < ANSWER_S + SLACK_S
    assert info.value.reason is reason
    assert scanner.template_count() == 0  # the next command works again


def test_truncated_image_transfer(emulator: ZfmEmulator) -> None:
    with ZfmScanner(emulator.slave_path, timeout_s=ANSWER_S, image_timeout_s=1.0) as scanner:
        assert scanner.generate_image()
        emulator.inject(Fault.TRUNCATE)
        start = time.monotonic()
        with pytest.raises(ProtocolError) as info:
            scanner.upload_image()
        assert info.value.reason is ProtocolReason.TRUNCATED
        assert time.monotonic() - start < 1.0 + SLACK_S
        assert scanner.upload_image().shape == (288, 256)  # in sync again


def test_silent_module_times_out(emulator: ZfmEmulator, scanner: ZfmScanner) -> None:
    emulator.inject(Fault.SILENT)
    start = time.monotonic()
    with pytest.raises(DeviceTimeout) as info:
        scanner.template_count()
    assert info.value.reason is TimeoutReason.NO_RESPONSE
    assert time.monotonic() - start < ANSWER_S + SLACK_S
    assert scanner.status().state is DeviceState.READY


def test_unplugged_module(emulator: ZfmEmulator, scanner: ZfmScanner) -> None:
    emulator.unplug()
    start = time.monotonic()
    with pytest.raises(DeviceUnavailable) as info:
        scanner.template_count()
    assert info.value.reason is DeviceReason.UNPLUGGED
    assert time.monotonic() - start < ANSWER_S + SLACK_S
    assert scanner.status().state is DeviceState.NOT_READY
    with pytest.raises(DeviceUnavailable) as info:
        scanner.open()
    assert info.value.reason is DeviceReason.NOT_FOUND


def test_missing_port_is_not_found() -> None:
    with pytest.raises(DeviceUnavailable) as info:
        ZfmScanner("/dev/ttyFIELDKIT-NOPE").open()
    assert info.value.reason is DeviceReason.NOT_FOUND


def test_preview_stream_runs_at_three_fps_or_more(
    emulator: ZfmEmulator, scanner: ZfmScanner
) -> None:
    cancel = CancelToken()
    frames = []
    start = time.monotonic()
    for frame in scanner.stream(cancel):
        frames.append(frame)
        if len(frames) == 2:
            emulator.lift_finger()
        if len(frames) == 7:
            cancel.cancel()
    fps = (len(frames) - 1) / (frames[-1].timestamp - frames[0].timestamp)
    assert fps >= 3.0
    assert time.monotonic() - start < 4.0
    assert [f.sequence for f in frames] == list(range(7))
    assert frames[0].hints["finger"] == "present"
    assert frames[-1].hints["finger"] == "absent"


def test_health_check(emulator: ZfmEmulator) -> None:
    good = ZfmScanner(emulator.slave_path, timeout_s=ANSWER_S).health_check()
    assert good.ok, good.message
    assert {c.name for c in good.checks} >= {"port", "password", "parameters", "sensor"}
    bad = ZfmScanner(emulator.slave_path, password=1, timeout_s=ANSWER_S).health_check()
    assert not bad.ok
    assert "password" in bad.message


def test_sim_backend_from_the_registry(transport: Transport, port_prefix: str) -> None:
    scanner = get_backend(
        "fingerprint", "zfm-sim", quality="low", seed=4, transport=transport.value
    )
    with scanner:
        assert scanner.info().backend == "sim"
        assert scanner.info().address.startswith(port_prefix)
        result = scanner.capture(CaptureRequest(timeout_s=5.0))
        assert result.metadata["sensor_verdict"] == "few_features"
    assert scanner.status().state is DeviceState.NOT_READY


def test_emulator_cli_prints_the_port_first_and_stops_on_sigterm(
    transport: Transport, port_prefix: str
) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "drivers.fingerprint.zfm_sim",
            "--password",
            "0000002A",
            "--quality",
            "low",
            "--transport",
            transport.value,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        path = proc.stdout.readline().strip()
        assert path.startswith(port_prefix)
        with ZfmScanner(path, password=0x2A, timeout_s=1.0) as s:
            assert s.capture(CaptureRequest(timeout_s=5.0)).metadata["sensor_verdict"] == (
                "few_features"
            )
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(5) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
        proc.communicate(timeout=5)
