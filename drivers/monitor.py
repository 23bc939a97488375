"""Hot-plug: notice an unplugged device within 2 s and take it back when it returns.

A scanner pulled out mid-stream must turn DISCONNECTED on the officer's screen
at once, and come back READY when plugged in again, with nothing restarted.
The monitor owns one device at a time, built by a factory: after an unplug the
device object is thrown away and the factory asked for a fresh one, because a
USB-serial adapter often returns under another port name (a COM number that
changed), which only a fresh discovery can find.

The monitor never holds the device while a capture runs: a BUSY answer from
``status()`` is taken as "still there".
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from drivers.base import DeviceState, DeviceStatus, StatusReason
from drivers.errors import DriverError

if TYPE_CHECKING:
    from collections.abc import Callable

    from drivers.base import Device, Modality

log = logging.getLogger(__name__)

#: Half the 2-second budget, so a change is seen even if one poll is slow.
DEFAULT_INTERVAL_S = 0.5


@dataclass(frozen=True, slots=True)
class StatusChange:
    modality: Modality
    status: DeviceStatus
    previous: DeviceStatus


class DeviceMonitor:
    """Polls one modality's device in a daemon thread and reports state changes."""

    def __init__(
        self,
        modality: Modality,
        factory: Callable[[], Device],
        on_change: Callable[[StatusChange], None],
        *,
        interval_s: float = DEFAULT_INTERVAL_S,
    ) -> None:
        self.modality = modality
        self._factory = factory
        self._on_change = on_change
        self._interval_s = interval_s
        self._device: Device | None = None
        self._status = DeviceStatus(DeviceState.NOT_READY, StatusReason.NOT_CHECKED)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._polled = threading.Condition(self._lock)
        self._polls = 0
        #: Bumped by :meth:`rebuild`: a poll that began before it must not keep its device.
        self._generation = 0
        self._report_next = False
        #: Devices :meth:`rebuild` took away, closed by the monitor's own thread: another
        #: thread closing one could pull its port from under a look in progress.
        self._retired: list[Device] = []
        self._thread: threading.Thread | None = None

    @property
    def device(self) -> Device | None:
        """The open device while it is connected; ``None`` while it is away."""
        with self._lock:
            return self._device

    @property
    def status(self) -> DeviceStatus:
        with self._lock:
            return self._status

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name=f"monitor-{self.modality.value}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5.0)
            self._thread = None
        with self._lock:
            device, self._device = self._device, None
            retired, self._retired = self._retired, []
        for old in [*retired, *([device] if device is not None else [])]:
            with contextlib.suppress(DriverError, OSError):
                old.close()

    def poll_soon(self) -> None:
        """Look now rather than at the next interval (a cable was just pulled or plugged)."""
        self._wake.set()

    def wait_for_poll(self, timeout_s: float) -> DeviceStatus:
        """Ask for a look now and wait (at most ``timeout_s``) until one has finished."""
        with self._lock:
            seen = self._polls
        self.poll_soon()
        with self._polled:
            self._polled.wait_for(lambda: self._polls != seen, timeout_s)
            return self._status

    def rebuild(self) -> None:
        """Throw the device away so the next look builds it anew from the factory.

        For a backend the officer just chose: the factory reads the new choice.  The
        next look reports its status even if it reads the same (another backend).
        """
        with self._lock:
            if self._device is not None:
                self._retired.append(self._device)
            self._device = None
            self._generation += 1
            self._report_next = True
        self.poll_soon()

    def poll(self) -> DeviceStatus:
        """One look at the device; the thread calls this, and tests may call it directly."""
        with self._lock:
            retired, self._retired = self._retired, []
            device = self._device
            generation = self._generation
        for old in retired:
            with contextlib.suppress(DriverError, OSError):
                old.close()
        if device is None:
            device, status = self._connect()
        else:
            status = self._probe(device)
            if status.state is DeviceState.DISCONNECTED:
                with contextlib.suppress(DriverError, OSError):
                    device.close()
                device = None
        with self._lock:
            outdated = generation != self._generation
            if outdated:  # rebuilt meanwhile: this look used the old choice
                status = self._status
                if device is not None and all(device is not d for d in self._retired):
                    self._retired.append(device)  # the next look closes it, on this thread
            else:
                self._device = device
            previous, self._status = self._status, status
            report = not outdated and (previous.key != status.key or self._report_next)
            if not outdated:
                self._report_next = False
            self._polls += 1
            self._polled.notify_all()
        if outdated:
            return status
        if report:
            log.info("%s is now %s", self.modality.value, status.state.value)
            self._on_change(StatusChange(self.modality, status, previous))
        return status

    def _connect(self) -> tuple[Device | None, DeviceStatus]:
        try:
            device = self._factory()
            device.open()
        except DriverError as exc:
            return None, DeviceStatus.failed(DeviceState.DISCONNECTED, exc)
        except OSError as exc:
            return None, DeviceStatus.system_error(
                DeviceState.DISCONNECTED, exc.strerror or str(exc)
            )
        return device, self._probe(device)

    @staticmethod
    def _probe(device: Device) -> DeviceStatus:
        try:
            return device.status()
        except DriverError as exc:
            return DeviceStatus.failed(DeviceState.ERROR, exc)
        except OSError as exc:
            return DeviceStatus.system_error(DeviceState.DISCONNECTED, exc.strerror or str(exc))

    def _run(self) -> None:
        while not self._stop.is_set():
            self.poll()
            self._wake.wait(self._interval_s)
            self._wake.clear()
