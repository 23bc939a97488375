"""The live preview comes back by itself when its SBI device service restarts (issue 47 B4).

A real MOSIP SBI simulator on 127.0.0.1 is stopped and started again on the same port;
the preview, read through the real supervisor (Qt-free) or straight from the SBI driver,
says it is reconnecting and then gives frames again with nobody pressing anything.  Its
waits follow the plan (no busy loop), it gives up after the plan's tries, and a cancel
during a wait ends it at once (no thread left behind).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from drivers.base import CancelToken, Frame, ImageDevice, Modality
from drivers.errors import (
    BackendError,
    BackendReason,
    DeviceReason,
    DeviceTimeout,
    DeviceUnavailable,
    DriverError,
    ProtocolError,
    ProtocolReason,
    TimeoutReason,
)
from drivers.sbi.backends import SbiFaceCamera
from drivers.sbi.sim import SbiSimulator
from fieldkit.devices import DeviceConfig, DeviceError, DeviceSupervisor
from fieldkit.enrollment.errors import StepNotAllowed
from fieldkit.events import EventBus
from fieldkit.live_preview import RETRY, Reconnecting, RetryPlan, comes_back, live_frames

#: Short pauses for tests: the plan's shape, not its minute and a half.
QUICK = RetryPlan(first_wait_s=0.05, max_wait_s=0.2, attempts=200)
WAIT_S = 20.0


def _next_frame(items: Iterator[Frame | Reconnecting]) -> tuple[Frame, list[Reconnecting]]:
    """The next frame, and the notices said before it."""
    notices: list[Reconnecting] = []
    for item in items:
        if isinstance(item, Reconnecting):
            notices.append(item)
            continue
        return item, notices
    raise AssertionError("the preview ended")


def _next_notice(items: Iterator[Frame | Reconnecting]) -> Reconnecting:
    for item in items:
        if isinstance(item, Reconnecting):
            return item
    raise AssertionError("the preview ended without saying it reconnects")


def _face_of(supervisor: DeviceSupervisor) -> ImageDevice | None:
    device = supervisor.device(Modality.FACE)
    return device if isinstance(device, ImageDevice) else None


def test_the_preview_comes_back_after_the_sbi_service_restarts_on_its_port() -> None:
    """Through the app's supervisor: the service stops mid-preview and starts again."""
    service = SbiSimulator("Face", port=0, capture_delay_s=0.02)
    port = service.start()
    config = DeviceConfig()
    config.use(Modality.FACE, "sbi", {"port": str(port)})
    for kind in (Modality.FINGERPRINT, Modality.IRIS, Modality.SIGNATURE, Modality.CARD):
        config.use(kind, "sim", {})  # no discovery sweeps beside the test
    supervisor = DeviceSupervisor(EventBus(), config=config, interval_s=0.1)
    supervisor.start()
    cancel = CancelToken()
    again: SbiSimulator | None = None
    try:
        assert supervisor.check_now(WAIT_S)[list(Modality).index(Modality.FACE)].status.ready
        frames = live_frames(lambda: _face_of(supervisor), Modality.FACE, cancel, plan=QUICK)
        # A cold service may take longer than a frame's 3 s for its first one: the preview
        # then says so and tries again, as it does after a restart.
        first, _cold = _next_frame(frames)
        assert first.image.ndim == 3  # the face comes in colour
        service.stop()  # the vendor's service stops in the middle of the preview
        notice = _next_notice(frames)
        assert (notice.kind, notice.attempt, notice.attempts) == (Modality.FACE, 1, 200)
        assert notice.code in {"device_no_service", "device_service_stopped", "device_not_found"}
        again = SbiSimulator("Face", port=port, capture_delay_s=0.02)
        again.start()  # ... and starts again on its port: nobody presses anything
        back, waited = _next_frame(frames)
        assert back.image.ndim == 3
        assert [n.attempt for n in waited] == list(range(2, 2 + len(waited)))
        # Back for good: the next frames come with no notice between them.
        for _ in range(3):
            _frame, between = _next_frame(frames)
            assert between == []
        device = _face_of(supervisor)
        assert device is not None
        assert device.info().address.startswith(f"127.0.0.1:{port} ")
    finally:
        cancel.cancel()
        supervisor.stop()
        service.stop()
        if again is not None:
            again.stop()


def test_a_device_opened_once_streams_again_when_its_service_is_back() -> None:
    """Straight from the SBI driver: the same device object, its service restarted."""
    service = SbiSimulator("Face", port=0, capture_delay_s=0.02)
    port = service.start()
    camera = SbiFaceCamera(port, frame_timeout_s=WAIT_S)
    camera.open()
    cancel = CancelToken()
    again = SbiSimulator("Face", port=port, capture_delay_s=0.02)
    try:
        frames = live_frames(lambda: camera, Modality.FACE, cancel, plan=QUICK)
        _next_frame(frames)
        service.stop()
        _next_notice(frames)
        again.start()
        _frame, _notices = _next_frame(frames)
        cancel.cancel()
        assert list(frames) == []  # cancelled: it ends, with nothing more to say
    finally:
        cancel.cancel()
        camera.close()
        service.stop()
        again.stop()


def test_a_service_that_stays_away_is_given_up_on_after_the_plans_tries() -> None:
    service = SbiSimulator("Face", port=0, capture_delay_s=0.02)
    port = service.start()
    camera = SbiFaceCamera(port, frame_timeout_s=WAIT_S)
    camera.open()
    plan = RetryPlan(first_wait_s=0.01, max_wait_s=0.04, attempts=4)
    cancel = CancelToken()
    try:
        frames = live_frames(lambda: camera, Modality.FACE, cancel, plan=plan)
        _next_frame(frames)
        service.stop()
        notices: list[Reconnecting] = []
        with pytest.raises(DeviceError) as stopped:
            notices.extend(n for n in frames if isinstance(n, Reconnecting))
        # Bounded, and never a busy loop: each try waits longer, up to the cap.
        assert [n.attempt for n in notices] == [1, 2, 3, 4]
        assert [n.wait_s for n in notices] == [0.01, 0.02, 0.04, 0.04]
        assert stopped.value.modality is Modality.FACE
        assert stopped.value.code in {"device_no_service", "device_service_stopped"}
    finally:
        cancel.cancel()
        camera.close()
        service.stop()


def test_leaving_while_it_waits_ends_the_preview_at_once() -> None:
    """A cancel during a long pause ends the thread now, not when the pause is over."""
    service = SbiSimulator("Face", port=0, capture_delay_s=0.02)
    port = service.start()
    camera = SbiFaceCamera(port, frame_timeout_s=WAIT_S)
    camera.open()
    cancel = CancelToken()
    waiting = threading.Event()
    seen: list[object] = []

    def preview() -> None:
        plan = RetryPlan(first_wait_s=600.0, max_wait_s=600.0, attempts=3)
        for item in live_frames(lambda: camera, Modality.FACE, cancel, plan=plan):
            seen.append(item)
            if isinstance(item, Reconnecting):
                waiting.set()

    thread = threading.Thread(target=preview, name="preview-test", daemon=True)
    try:
        thread.start()
        service.stop()
        assert waiting.wait(WAIT_S)
        cancel.cancel()
        thread.join(WAIT_S)
        assert not thread.is_alive()
        assert isinstance(seen[-1], Reconnecting)
        assert sum(isinstance(s, Reconnecting) for s in seen) == 1
    finally:
        cancel.cancel()
        camera.close()
        service.stop()


def test_no_device_now_is_waited_for_and_a_refusal_is_not() -> None:
    def error(driver: DriverError) -> DeviceError:
        return DeviceError(driver, Modality.FACE)

    away = [
        error(DeviceUnavailable("-", reason=DeviceReason.NO_SERVICE)),
        error(DeviceUnavailable("-", reason=DeviceReason.SERVICE_STOPPED)),
        error(DeviceUnavailable("-", reason=DeviceReason.UNPLUGGED)),
        error(DeviceUnavailable("-", reason=DeviceReason.NOT_OPEN)),
        error(DeviceTimeout("-", reason=TimeoutReason.NO_FRAMES)),
        error(ProtocolError("-", reason=ProtocolReason.TRUNCATED)),
        StepNotAllowed(code="device_not_connected", params={"modality": "face"}),
    ]
    refused = [
        error(DeviceUnavailable("-", reason=DeviceReason.PERMISSION_DENIED)),
        error(DeviceUnavailable("-", reason=DeviceReason.NOT_REGISTERED)),
        error(ProtocolError("-", reason=ProtocolReason.GARBAGE)),
        error(BackendError("-", reason=BackendReason.BAD_OPTION)),
    ]
    assert all(comes_back(e) for e in away)
    assert not any(comes_back(e) for e in refused)


def test_a_refusal_ends_the_preview_at_once_with_no_retry() -> None:
    class Unregistered(SbiFaceCamera):
        def stream(  # the service refuses before any frame, whatever is asked
            self,
            cancel: CancelToken | None = None,  # noqa: ARG002
            *,
            position: str = "",  # noqa: ARG002
            frame_timeout_s: float | None = None,  # noqa: ARG002
        ) -> Iterator[Frame]:
            raise DeviceUnavailable("not registered", reason=DeviceReason.NOT_REGISTERED)

    camera = Unregistered(4501)
    with pytest.raises(DeviceError) as refused:
        list(live_frames(lambda: camera, Modality.FACE, CancelToken(), plan=QUICK))
    assert refused.value.code == "device_not_registered"


def test_the_default_plan_waits_about_a_minute_and_a_half_at_most_three_seconds_a_try() -> None:
    waits = [RETRY.wait_s(n) for n in range(1, RETRY.attempts + 1)]
    assert waits[:4] == [0.5, 1.0, 2.0, 3.0]
    assert max(waits) == RETRY.max_wait_s == 3.0
    assert 60.0 <= sum(waits) <= 120.0
