"""What the officer sees of the devices: which are attached, and whether they work.

The drivers speak in :class:`drivers.DriverError`; here those become
:class:`DeviceError`, a :class:`~fieldkit.errors.KnownError` with the same
reason, so the app and the CLI show a device fault like any other problem the
officer can act on.  Every probe runs in its own thread under one deadline:
a hung vendor service delays the list by at most that deadline, never freezes it.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import enum
import functools
import json
import logging
import threading
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypeVar

import drivers
from drivers import DriverError, Modality, SerialPort, discover, get_backend
from drivers.base import DeviceState, DeviceStatus, HealthCheck, ImageDevice, StatusReason
from drivers.errors import DeviceReason, DeviceUnavailable
from drivers.monitor import DeviceMonitor, StatusChange
from drivers.registry import available_backends, backend_class
from drivers.simulation import SimCable, get_ready, takes_cable
from fieldkit import (
    devices_sentences,  # noqa: F401 - registers the devices' sentences
    sentences,
)
from fieldkit.errors import InvalidInput, KnownError
from fieldkit.events import DeviceStatus as DeviceStatusEvent
from fieldkit.store.keyring import os_error_to_store_error

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from drivers.base import Device
    from drivers.discovery import Discovery
    from fieldkit.events import EventBus

log = logging.getLogger(__name__)

R = TypeVar("R")

#: The simulator backend of each modality, where one exists.
SIM_BACKEND = "sim"
#: How the other simulators are named ("zfm-sim": the ZFM driver against its emulator).
SIM_SUFFIX = "-sim"
#: Which constructor option of a backend takes the address discovery found.
_ADDRESS_OPTION = {
    "zfm": "port",
    "pcsc": "reader",
    "isdv4": "port",
    "opencv": "device",
    "sbi": "port",
}
PROBE_TIMEOUT_S = 5.0


class DeviceError(KnownError):
    """A device problem worded for the officer, keeping the driver's reason code.

    The one place where a driver's error becomes a known error (qutebrowser converts
    at its boundary the same way): a scanner that times out or is unplugged mid-capture
    is the environment, said in words with what to do, never "something went wrong".
    ``modality`` names the device in those words.  The driver's own English (ports,
    the OS's words) is logged where it is converted and never shown: the sentences
    are the catalogue's ("devices" context), by the driver's reason code.
    """

    context = "devices"

    def __init__(self, error: DriverError, modality: Modality | None = None) -> None:
        kind = modality.value if modality else "unknown"
        device = sentences.english("devices", f"modality_{kind}")
        params: dict[str, object] = {"device": device, "reason": error.reason.value}
        tries_left = getattr(error, "tries_left", None)
        if tries_left is not None:
            params["n"] = tries_left
        super().__init__(code=f"device_{error.reason.value}", params=params)
        self.driver_error = error
        self.modality = modality

    @property
    def message(self) -> str:
        """The reason's sentence, or the general one for a reason without its own."""
        if sentences.template(self.context, self.code) is None:
            return sentences.english(self.context, "device_failed", self.params)
        return super().message


@contextlib.contextmanager
def converted(modality: Modality | None = None) -> Iterator[None]:
    """Run device calls with every ``DriverError`` turned into a :class:`DeviceError`."""
    try:
        yield
    except DriverError as error:
        where = modality.value if modality else "-"
        log.info("device error (%s): %s: %s", where, error.code, error)
        raise DeviceError(error, modality) from error


def status_english(status: DeviceStatus) -> str:
    """A device status in the catalogue's English, for the log and the command line."""
    params = {"error": status.error or "-", "detail": status.detail or "-"}
    failure = f"status.failed.{status.error}"
    if status.reason is StatusReason.FAILED and sentences.template("devices", failure):
        return sentences.english("devices", failure)
    return sentences.english("devices", f"status.{status.reason.value}", params)


@dataclass(frozen=True)
class DeviceReport:
    """One device as a probe found it: its status says why by code (``StatusReason``)."""

    kind: Modality
    backend: str | None
    status: DeviceStatus
    info: dict[str, object] = field(default_factory=dict)

    @property
    def state(self) -> DeviceState:
        return self.status.state

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "backend": self.backend,
            "status": self.state.value,
            "reason": self.status.reason.value,
            "error": self.status.error or None,
            "detail": self.status.detail or None,
            "info": self.info,
        }


@dataclass(frozen=True)
class SelfTestReport:
    kind: Modality
    backend: str | None
    ok: bool
    message: str
    duration_s: float
    checks: list[dict[str, object]] = field(default_factory=list)
    #: 2 when the device failed beside the others and was tested again alone.
    attempts: int = 1

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "backend": self.backend,
            "ok": self.ok,
            "message": self.message,
            "duration_s": round(self.duration_s, 3),
            "checks": self.checks,
            "attempts": self.attempts,
        }


@dataclass(frozen=True)
class _Target:
    kind: Modality
    backend: str
    options: dict[str, object]


CONFIG_FILE = "devices.json"


@dataclass
class DeviceConfig:
    """Which backend each modality uses, when the officer has pinned one.

    Lives in ``devices.json`` beside the store, in plain text: it names ports
    and backends, nothing personal, and it must be readable before login so the
    home screen can show device status at once.
    """

    choices: dict[Modality, tuple[str, dict[str, str]]] = field(default_factory=dict)

    @classmethod
    def load(cls, home: Path) -> DeviceConfig:
        path = home / CONFIG_FILE
        try:
            raw = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable %s: %s", CONFIG_FILE, exc)
            return cls()
        config = cls()
        for kind, entry in raw.get("devices", {}).items():
            with contextlib.suppress(ValueError, KeyError, TypeError, AttributeError):
                options = {str(k): str(v) for k, v in entry.get("options", {}).items()}
                config.choices[Modality(kind)] = (str(entry["backend"]), options)
        return config

    def save(self, home: Path) -> None:
        data = {
            "devices": {
                kind.value: {"backend": backend, "options": options}
                for kind, (backend, options) in sorted(
                    self.choices.items(), key=lambda i: i[0].value
                )
            }
        }
        path = home / CONFIG_FILE
        tmp = path.with_suffix(".tmp")
        try:
            home.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
            tmp.replace(path)
        except OSError as exc:
            raise os_error_to_store_error(exc, home) from exc

    def use(self, kind: Modality, backend: str, options: dict[str, str]) -> None:
        if backend not in available_backends(kind):
            known = ", ".join(available_backends(kind)) or "none yet"
            raise InvalidInput(
                code="backend_unknown",
                params={"kind": kind.value, "backend": backend, "known": known},
            )
        self.choices[kind] = (backend, options)

    def auto(self, kind: Modality) -> None:
        self.choices.pop(kind, None)


def attached_camera(config: DeviceConfig) -> ImageDevice | None:
    """The face camera that is really there (pinned, else discovered), never a simulator.

    For reading an enrollment QR code "where a webcam is attached": none attached
    is a normal answer, so None rather than an error.
    """
    kind = Modality.FACE
    if kind in config.choices:
        backend, options = config.choices[kind]
        if backend == SIM_BACKEND:
            return None
        device = get_backend(kind, backend, **options)
    else:
        found = discover().for_modality(kind)
        if not found:
            return None
        address = _address_options(found[0].backend, found[0].address)
        device = get_backend(kind, found[0].backend, **address)
    return device if isinstance(device, ImageDevice) else None


#: Which modality a discovery probe speaks for, to explain why nothing was found.
_PROBE_MODALITY = {"pcsc": Modality.CARD, "serial": Modality.FINGERPRINT, "camera": Modality.FACE}


def _targets(
    *, sim: bool, config: DeviceConfig | None = None
) -> tuple[list[_Target], dict[Modality, DeviceStatus]]:
    """What to probe, and why each modality with nothing to probe has nothing.

    A modality pinned in the configuration uses that backend; the others are
    auto-detected.
    """
    why_missing = dict.fromkeys(
        Modality, DeviceStatus(DeviceState.DISCONNECTED, StatusReason.NOT_FOUND)
    )
    if sim:
        targets = [
            _Target(kind, SIM_BACKEND, {})
            for kind in Modality
            if SIM_BACKEND in available_backends(kind)
        ]
        why_missing = dict.fromkeys(
            Modality, DeviceStatus(DeviceState.DISCONNECTED, StatusReason.NO_SIMULATOR)
        )
    else:
        pinned = (config or DeviceConfig()).choices
        found = discover()
        targets = [
            _Target(kind, backend, dict(options)) for kind, (backend, options) in pinned.items()
        ]
        targets += [
            _Target(d.modality, d.backend, _address_options(d.backend, d.address))
            for d in found.devices
            if d.modality not in pinned
        ]
        for problem in found.problems:
            probe, _, text = problem.partition(": ")
            if probe in _PROBE_MODALITY:
                why_missing[_PROBE_MODALITY[probe]] = DeviceStatus(
                    DeviceState.DISCONNECTED, StatusReason.NOT_FOUND, detail=text
                )
    covered = {t.kind for t in targets}
    return targets, {kind: why for kind, why in why_missing.items() if kind not in covered}


def is_simulator(backend: str | None) -> bool:
    """True for a simulated backend ("sim", "zfm-sim", "opencv-sim"), never for hardware."""
    return backend is not None and (backend == SIM_BACKEND or backend.endswith(SIM_SUFFIX))


def _address_options(backend: str, address: str) -> dict[str, object]:
    option = _ADDRESS_OPTION.get(backend)
    return {option: address} if option else {}


def _info_json(device: Device) -> dict[str, object]:
    info = device.info()
    return {
        "vendor": info.vendor,
        "model": info.model,
        "serial": info.serial,
        "firmware": info.firmware,
        "backend": info.backend,
        "address": info.address,
        "capabilities": sorted(info.capabilities),
    }


def _probe(target: _Target) -> DeviceReport:
    device = get_backend(target.kind, target.backend, **target.options)
    try:
        device.open()
        status = device.status()
        return DeviceReport(target.kind, target.backend, status, _info_json(device))
    except DriverError as error:
        return DeviceReport(
            target.kind, target.backend, DeviceStatus.failed(_state_for(error), error)
        )
    finally:
        with contextlib.suppress(DriverError, OSError):
            device.close()


def _health(target: _Target) -> SelfTestReport:
    device = get_backend(target.kind, target.backend, **target.options)
    try:
        result: HealthCheck = device.health_check()
    finally:
        with contextlib.suppress(DriverError, OSError):
            device.close()
    return SelfTestReport(
        target.kind,
        target.backend,
        result.ok,
        result.message,
        result.duration_s,
        [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in result.checks],
    )


def _state_for(error: DriverError) -> DeviceState:
    name = type(error).__name__
    return (
        DeviceState.DISCONNECTED
        if name in {"DeviceUnavailable", "DeviceTimeout"}
        else DeviceState.ERROR
    )


def _run_all(
    targets: list[_Target],
    work: Callable[[_Target], R],
    on_failure: Callable[[_Target, DeviceStatus], R],
    timeout_s: float,
) -> list[R]:
    """Probe everything at once; a probe still running at the deadline is reported, not awaited."""
    if not targets:
        return []
    pool = concurrent.futures.ThreadPoolExecutor(
        max_workers=len(targets), thread_name_prefix="probe"
    )
    futures = [pool.submit(work, t) for t in targets]
    concurrent.futures.wait(futures, timeout=timeout_s)
    results: list[R] = []
    for target, future in zip(targets, futures, strict=True):
        if not future.done():
            silent = DeviceStatus(
                DeviceState.ERROR, StatusReason.DID_NOT_ANSWER, detail=f"{timeout_s:g}"
            )
            results.append(on_failure(target, silent))
            continue
        error = future.exception()
        if isinstance(error, DriverError):
            results.append(on_failure(target, DeviceStatus.failed(DeviceState.ERROR, error)))
        elif error is not None:
            raise error
        else:
            results.append(future.result())
    pool.shutdown(wait=False, cancel_futures=True)
    return results


def list_devices(
    *, sim: bool = False, config: DeviceConfig | None = None, timeout_s: float = PROBE_TIMEOUT_S
) -> list[DeviceReport]:
    """One report per device found, and one DISCONNECTED report per modality with none."""
    targets, missing = _targets(sim=sim, config=config)
    reports = _run_all(
        targets,
        _probe,
        lambda t, why: DeviceReport(t.kind, t.backend, why),
        timeout_s,
    )
    reports += [DeviceReport(kind, None, why) for kind, why in missing.items()]
    return sorted(reports, key=lambda r: list(Modality).index(r.kind))


def self_test_devices(
    *, sim: bool = False, config: DeviceConfig | None = None, timeout_s: float = 30.0
) -> list[SelfTestReport]:
    """Every device's self-test, as the sarpras checklist records it.

    All devices are tested at once, so the checklist waits seconds, not a minute.
    A device that fails among the others is tested once more, alone, before it is
    recorded as failed: the cameras' frame rate and the pad's report rate are
    measured over a second, and on a two-core laptop five devices measured at once
    can starve one of them.  A failed check sends a device back as faulty, so a
    false alarm costs the team a device it needed.  A device that did not answer
    at all (the deadline passed) is not waited for twice.
    """
    targets, missing = _targets(sim=sim, config=config)

    def silent(target: _Target, why: DeviceStatus) -> SelfTestReport:
        return SelfTestReport(
            target.kind, target.backend, ok=False, message=status_english(why), duration_s=timeout_s
        )

    reports = _run_all(targets, _health, silent, timeout_s)
    for index, (target, first) in enumerate(zip(targets, reports, strict=True)):
        if first.ok or first.duration_s >= timeout_s:
            continue
        log.info(
            "%s (%s) failed its self-test beside the others (%s); testing it again alone",
            target.kind.value,
            target.backend,
            first.message,
        )
        again = _run_all([target], _health, silent, timeout_s)[0]
        reports[index] = replace(again, attempts=2)
    reports += [
        SelfTestReport(kind, None, ok=False, message=status_english(why), duration_s=0.0)
        for kind, why in missing.items()
    ]
    return sorted(reports, key=lambda r: list(Modality).index(r.kind))


# --- choosing a serial port ---------------------------------------------------------


def list_serial_ports() -> list[SerialPort]:
    """The system's serial ports (``COM5``, ``/dev/ttyUSB0``), known USB-UART bridges first.

    For the person pinning a ZFM scanner or an ISDV4 pad, who does not know which
    COM number Windows gave the adapter.  Opens nothing; fast, but it asks the OS.
    """
    with converted():
        return drivers.list_serial_ports()


def takes_serial_port(kind: Modality, backend: str) -> bool:
    """True when the backend's ``port`` option is a serial port chosen from that list."""
    return drivers.takes_serial_port(kind, backend)


def with_option(text: str, key: str, value: str) -> str:
    """Options typed as ``key=value, ...`` with ``key`` set to ``value``; the rest kept as typed.

    ``with_option("baudrate=57600", "port", "COM5")`` is ``"baudrate=57600, port=COM5"``;
    an existing ``port=`` is replaced where it stands.
    """
    parts: list[str] = []
    placed = False
    for part in filter(None, (p.strip() for p in text.split(","))):
        if part.partition("=")[0].strip() == key:
            if not placed:
                parts.append(f"{key}={value}")
                placed = True
            continue
        parts.append(part)
    if not placed:
        parts.append(f"{key}={value}")
    return ", ".join(parts)


# --- live supervision for the app -----------------------------------------------

#: How long one discovery answer is reused by the modalities still looking for a device.
DISCOVERY_TTL_S = 1.5
#: How long "Check devices now" waits for every device's next look.
CHECK_NOW_TIMEOUT_S = PROBE_TIMEOUT_S


class Applied(enum.Enum):
    """When a backend the officer chose takes over its device (:meth:`DeviceSupervisor.use`)."""

    #: Now: the device was rebuilt with the new backend (or nothing was running to rebuild).
    NOW = "now"
    #: When the recording on screen ends: rebuilding would pull the device from under it.
    AFTER_RECORDING = "after_recording"
    #: When the device finishes what it is doing (a card being read, a signature).
    WHEN_IDLE = "when_idle"
    #: When training mode is off: in training every device is a simulator.
    AFTER_TRAINING = "after_training"


class DeviceSupervisor:
    """Keeps one device per modality open and publishes every status change as an event.

    Each modality uses, in order: the backend pinned in ``devices.json``; a
    device that discovery finds; otherwise it reports "not found" and keeps
    looking.  Simulators are used only when chosen: ``sim`` (training mode, shown
    with a permanent LATIHAN banner) or ``fallback_to_sim``.  A real store never
    falls back to them by itself: a real record sealed from synthetic images is
    worse than no record.  Events are ``device_status`` with ``kind``, ``state``,
    ``reason``, ``backend`` and ``simulated``; they come from monitor threads,
    so a Qt bridge must queue them to the GUI thread.
    """

    def __init__(
        self,
        events: EventBus,
        *,
        config: DeviceConfig | None = None,
        sim: bool = False,
        fallback_to_sim: bool = False,
        interval_s: float = 0.5,
    ) -> None:
        self._events = events
        self._config = config or DeviceConfig()
        self._sim = sim
        self._fallback_to_sim = fallback_to_sim
        self._interval_s = interval_s
        self._monitors: dict[Modality, DeviceMonitor] = {}
        self._backends: dict[Modality, str] = {}
        self._discovery: tuple[float, Discovery] | None = None
        self._lock = threading.Lock()
        #: The simulators' cables, one per modality, kept across rebuilt devices.
        self._cables = {kind: SimCable() for kind in Modality}
        self._recording = False
        #: Devices whose new backend waits for the recording to end.
        self._pending: set[Modality] = set()
        #: ... and those waiting for their device to finish a task (a busy status).
        self._busy_pending: set[Modality] = set()

    def start(self) -> None:
        for kind in Modality:
            monitor = DeviceMonitor(
                kind,
                functools.partial(self._build, kind),
                self._publish,
                interval_s=self._interval_s,
            )
            self._monitors[kind] = monitor
            monitor.start()

    def stop(self) -> None:
        for monitor in self._monitors.values():
            monitor.stop()
        self._monitors.clear()

    def status(self, kind: Modality) -> DeviceStatus:
        monitor = self._monitors.get(kind)
        if monitor is None:
            return DeviceStatus(DeviceState.NOT_READY, StatusReason.NOT_WATCHED)
        return monitor.status

    def device(self, kind: Modality) -> Device | None:
        """The open device, or None while it is away or the supervisor is stopped."""
        monitor = self._monitors.get(kind)
        return None if monitor is None else monitor.device

    @property
    def simulated(self) -> bool:
        """True when simulators were chosen (training mode): the app shows LATIHAN."""
        return self._sim or self._fallback_to_sim

    def backend(self, kind: Modality) -> str | None:
        with self._lock:
            return self._backends.get(kind)

    # --- training: pulling a simulator's cable ------------------------------------

    def can_unplug(self, kind: Modality) -> bool:
        """True when the device in use is a simulator whose cable training may pull."""
        backend = self.backend(kind)
        if not is_simulator(backend) or backend is None:
            return False
        try:
            return takes_cable(backend_class(kind, backend))
        except DriverError:
            return False

    def plugged(self, kind: Modality) -> bool:
        return self._cables[kind].plugged

    def unplug(self, kind: Modality) -> None:
        """Training: pull the simulator's cable; the device then fails as an unplugged one.

        Only a simulator has a cable to pull: for real hardware this is refused.
        """
        if not self.can_unplug(kind):
            raise InvalidInput(code="device_not_simulated", params={"kind": kind.value})
        self._cables[kind].unplug()
        self._look_now(kind)

    def plug_in(self, kind: Modality) -> None:
        """Training: plug the simulator's cable back in; the device comes back by itself."""
        self._cables[kind].plug_in()
        self._look_now(kind)

    def _look_now(self, kind: Modality) -> None:
        monitor = self._monitors.get(kind)
        if monitor is not None:
            monitor.poll_soon()

    # --- the officer chooses a backend --------------------------------------------

    def use(self, config: DeviceConfig) -> dict[Modality, Applied]:
        """Take the backends now chosen; each changed device says when its choice applies.

        A device is rebuilt at once when it is idle.  While a recording is on screen it
        keeps its device (a preview or a capture runs on it) and is rebuilt when the
        recording ends (:meth:`set_recording`).  In training a hardware backend waits for
        training to end; a simulator backend applies in training too.
        """
        with self._lock:
            old, self._config = self._config, config
        changed = [k for k in Modality if old.choices.get(k) != config.choices.get(k)]
        answers: dict[Modality, Applied] = {}
        for kind in changed:
            choice = config.choices.get(kind)
            if self._sim and not (choice is not None and is_simulator(choice[0])):
                answers[kind] = Applied.AFTER_TRAINING
                if is_simulator(self.backend(kind)) and self.backend(kind) != SIM_BACKEND:
                    self._rebuild(kind)  # back from a pinned "zfm-sim" to the usual "sim"
            elif self._recording:
                with self._lock:
                    self._pending.add(kind)
                answers[kind] = Applied.AFTER_RECORDING
            elif self.status(kind).state is DeviceState.BUSY:
                with self._lock:
                    self._busy_pending.add(kind)
                answers[kind] = Applied.WHEN_IDLE
            else:
                self._rebuild(kind)
                answers[kind] = Applied.NOW
        return answers

    def set_recording(self, *, active: bool) -> None:
        """A recording is (no longer) on screen; its end applies the backends chosen meanwhile."""
        with self._lock:
            self._recording = active
            waiting: set[Modality] = set()
            if not active:
                waiting, self._pending = self._pending, set()
        for kind in sorted(waiting, key=list(Modality).index):
            self._rebuild(kind)

    @property
    def recording(self) -> bool:
        with self._lock:
            return self._recording

    def get_ready(self) -> None:
        """The officer is about to record someone: each simulator draws its images ahead.

        Real devices are left alone; a simulator otherwise draws each preview and print
        while the person waits (the first person of a demo waited about a second for it).
        """
        for monitor in list(self._monitors.values()):
            device = monitor.device
            if device is not None:
                get_ready(device)

    def _rebuild(self, kind: Modality) -> None:
        monitor = self._monitors.get(kind)
        if monitor is not None:
            log.info("%s: rebuilding with the backend now chosen", kind.value)
            monitor.rebuild()

    def check_now(self, timeout_s: float = CHECK_NOW_TIMEOUT_S) -> list[DeviceReport]:
        """Every device looked at now (at most ``timeout_s``), as the app's lights show it.

        "Check devices now" asks the devices the app holds open, never a second copy: a
        serial port opens once, so a separate probe would call a working scanner broken.
        """
        deadline = time.monotonic() + timeout_s
        for monitor in self._monitors.values():
            monitor.poll_soon()
        for monitor in self._monitors.values():
            monitor.wait_for_poll(max(0.0, deadline - time.monotonic()))
        return [DeviceReport(kind, self.backend(kind), self.status(kind)) for kind in Modality]

    def _build(self, kind: Modality) -> Device:
        with self._lock:  # none found leaves none: not the backend chosen before
            self._backends.pop(kind, None)
        backend, options = self._choose(kind)
        with self._lock:
            self._backends[kind] = backend
        if takes_cable(backend_class(kind, backend)):
            options = {**options, "cable": self._cables[kind]}
        return get_backend(kind, backend, **options)

    def _choose(self, kind: Modality) -> tuple[str, dict[str, object]]:
        has_sim = SIM_BACKEND in available_backends(kind)
        with self._lock:
            pinned = self._config.choices.get(kind)
        if self._sim and has_sim:
            if pinned is not None and is_simulator(pinned[0]):
                return pinned[0], dict(pinned[1])  # another simulator, chosen for training
            return SIM_BACKEND, {}
        if pinned is not None:
            return pinned[0], dict(pinned[1])
        found = self._discover().for_modality(kind)
        if found:
            return found[0].backend, _address_options(found[0].backend, found[0].address)
        if self._fallback_to_sim and has_sim:
            return SIM_BACKEND, {}
        raise DeviceUnavailable(f"No {kind.value} device found.", reason=DeviceReason.NOT_FOUND)

    def _discover(self) -> Discovery:
        with self._lock:
            cached = self._discovery
            if cached is not None and time.monotonic() - cached[0] < DISCOVERY_TTL_S:
                return cached[1]
        found = discover()
        with self._lock:
            self._discovery = (time.monotonic(), found)
        return found

    def _publish(self, change: StatusChange) -> None:
        kind = change.modality
        if change.status.state is not DeviceState.BUSY:
            with self._lock:
                idle_now = kind in self._busy_pending
                self._busy_pending.discard(kind)
            if idle_now:
                self._rebuild(kind)  # the task it was busy with is over
        backend = self.backend(change.modality)
        self._events.emit(
            DeviceStatusEvent(
                kind=change.modality.value,
                state=change.status.state.value,
                reason=change.status.reason.value,
                error=change.status.error,
                backend=backend,
                simulated=is_simulator(backend),
            )
        )
