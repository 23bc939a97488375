"""A live preview that comes back by itself when its device (or device service) does.

An SBI device service that stops and starts again, a USB camera pulled and plugged back
in: the supervisor (:class:`fieldkit.devices.DeviceSupervisor`) takes the device back
by itself, and Rekam works again, but the capture step's preview was one stream on one
device object; its first error ended it, and the petugas looked at a dead preview until
they left the step (issue 47 B4).  :func:`live_frames` is that stream with a bounded
retry: when the device goes away it says so (a :class:`Reconnecting` notice, in place of
a frame), waits with a growing pause (never a busy loop: a local port asked every few
seconds at most), asks the device provider again (the supervisor's device is a new
object after a reconnect) and goes on with the frames.  After :attr:`RetryPlan.attempts`
failed tries in a row it gives up with the last error, worded as before.

Only a device that may come back is waited for (see :func:`comes_back`): a refusal that
no waiting fixes (a device not registered with MOSIP, a bad option) ends the preview at
once, as it did.  Qt-free, so the core, the CLI and tests use it as the screen does;
every wait is on the caller's :class:`~drivers.base.CancelToken`, so leaving the step
ends the thread at once, on Windows as on Linux.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from drivers.errors import (
    DeviceReason,
    DeviceTimeout,
    DeviceUnavailable,
    ProtocolError,
    ProtocolReason,
)
from fieldkit.devices import DeviceError, converted
from fieldkit.errors import KnownError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from drivers.base import CancelToken, Frame, ImageDevice, Modality

log = logging.getLogger(__name__)

#: Reasons a device is away for a while and comes back by itself (a service restarting,
#: a cable replugged, a device still busy with a capture called off).
_AWAY = frozenset(
    {
        DeviceReason.NOT_FOUND,
        DeviceReason.NOT_READY,
        DeviceReason.UNPLUGGED,
        DeviceReason.NOT_OPEN,
        DeviceReason.BUSY,
        DeviceReason.NO_SERVICE,
        DeviceReason.SERVICE_STOPPED,
    }
)
#: A stream cut in the middle of a frame: the service went away while sending it.
_CUT = frozenset({ProtocolReason.TRUNCATED, ProtocolReason.COMMUNICATION})
#: The provider's "no device of this kind is open now" (``ui.enrollment.devices``).
NOT_CONNECTED = "device_not_connected"


@dataclass(frozen=True, slots=True)
class RetryPlan:
    """How long the preview waits for its device: ``attempts`` tries, pauses growing to a cap.

    The default waits 0.5, 1, 2, then 3 s between tries, 30 tries: about a minute and a
    half, long enough for a vendor's service to restart, short enough that a device that
    is really gone is said in words while the petugas still looks at the step.
    """

    first_wait_s: float = 0.5
    max_wait_s: float = 3.0
    attempts: int = 30

    def wait_s(self, attempt: int) -> float:
        """The pause before try ``attempt`` (1 for the first try after the stream stopped)."""
        growth: float = 2.0 ** max(0, attempt - 1)
        return min(self.max_wait_s, self.first_wait_s * growth)


RETRY = RetryPlan()


@dataclass(frozen=True, slots=True)
class Reconnecting:
    """The preview stopped and tries again by itself; yielded in place of a frame.

    ``code`` is why it stopped (the error's code, for the log); the screen says the
    device's name (``kind``) and the try, never the driver's English.
    """

    kind: Modality
    attempt: int
    attempts: int
    wait_s: float
    code: str


def comes_back(error: KnownError) -> bool:
    """Whether waiting may cure ``error``: the device or its service is away, not refusing."""
    if error.code == NOT_CONNECTED:
        return True
    driver = error.driver_error if isinstance(error, DeviceError) else None
    if isinstance(driver, DeviceUnavailable):
        return driver.reason in _AWAY
    if isinstance(driver, DeviceTimeout):
        return True  # a service that accepts but sends nothing (restarting, hung)
    if isinstance(driver, ProtocolError):
        return driver.reason in _CUT
    return False


def _ended(kind: Modality) -> DeviceError:
    """A stream that ended by itself, not cancelled: its service stopped sending."""
    return DeviceError(
        DeviceUnavailable(
            "The preview stream ended by itself.", reason=DeviceReason.SERVICE_STOPPED
        ),
        kind,
    )


def _absent(kind: Modality) -> DeviceError:
    return DeviceError(
        DeviceUnavailable(f"No {kind.value} device is open.", reason=DeviceReason.NOT_FOUND),
        kind,
    )


def _one_stream(
    device: Callable[[], ImageDevice | None],
    kind: Modality,
    cancel: CancelToken,
    position: str,
    prepare: Callable[[ImageDevice], None] | None,
) -> Iterator[Frame]:
    """One stream of the device open now; ends only when cancelled, else raises why not."""
    with converted(kind):  # a device gone mid-preview is said in words
        camera = device()
        if camera is None:
            raise _absent(kind)
        if prepare is not None:
            prepare(camera)
        yield from camera.stream(cancel, position=position)
    if not cancel.cancelled:
        raise _ended(kind)


def live_frames(
    device: Callable[[], ImageDevice | None],
    kind: Modality,
    cancel: CancelToken,
    *,
    position: str = "",
    prepare: Callable[[ImageDevice], None] | None = None,
    plan: RetryPlan = RETRY,
) -> Iterator[Frame | Reconnecting]:
    """The device's live frames until ``cancel``; a device gone away is waited for, bounded.

    ``device`` is asked for the open device at the start and again after each stop (the
    supervisor's ``device(kind)``, or the screen's ``device_for(slot)``): None, or a
    :class:`~fieldkit.errors.KnownError` that :func:`comes_back`, means "not now".
    ``prepare`` runs on each device before its stream (a training camera's backdrop).
    Between two tries a :class:`Reconnecting` notice is yielded; the next frame means the
    preview is back.  Raises the last error after ``plan.attempts`` tries in a row
    without a frame, and at once an error that waiting cannot cure.
    """
    failures = 0
    while not cancel.cancelled:
        try:
            for frame in _one_stream(device, kind, cancel, position, prepare):
                failures = 0
                yield frame
        except KnownError as error:
            if cancel.cancelled:
                return  # the step was left: whatever broke, nobody is waiting for it
            if not comes_back(error):
                raise
            last = error
        else:
            return  # cancelled
        failures += 1
        if failures > plan.attempts:
            log.info(
                "%s preview: gave up after %d tries (%s)", kind.value, plan.attempts, last.code
            )
            raise last
        wait = plan.wait_s(failures)
        log.info(
            "%s preview stopped (%s); try %d of %d in %.1f s",
            kind.value,
            last.code,
            failures,
            plan.attempts,
            wait,
        )
        yield Reconnecting(kind, failures, plan.attempts, wait, last.code)
        if cancel.wait(wait):
            return


__all__ = ["RETRY", "Reconnecting", "RetryPlan", "comes_back", "live_frames"]
