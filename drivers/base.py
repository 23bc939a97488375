"""Types shared by every device driver, whatever the modality.

The shape follows the bleak pattern: one abstract class per modality (see
``drivers.interfaces``), backends chosen by ``drivers.registry``.  Everything
here is plain Python plus numpy so the core can use it without Qt.
"""

from __future__ import annotations

import abc
import enum
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar, Self

from drivers.chain import image_payload
from drivers.errors import BackendError, BackendReason, DriverError

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from types import TracebackType

    import numpy as np
    from numpy.typing import NDArray

    from drivers.chain import CaptureChain, ChainLink

    GreyImage = NDArray[np.uint8]


class Modality(enum.Enum):
    FACE = "face"
    FINGERPRINT = "fingerprint"
    IRIS = "iris"
    SIGNATURE = "signature"
    CARD = "card"


class DeviceState(enum.Enum):
    READY = "ready"
    BUSY = "busy"
    NOT_READY = "not_ready"
    DISCONNECTED = "disconnected"
    ERROR = "error"


class StatusReason(enum.StrEnum):
    """Why a device is in its state: a stable code the app words in its language.

    Drivers say nothing to a person; the app's catalogue ("devices" context,
    ``status.<code>``) holds the sentence.  ``FAILED`` carries the driver error's
    reason in :attr:`DeviceStatus.error`; ``SERVICE_REPORTS``, ``SYSTEM_ERROR``
    and ``DID_NOT_ANSWER`` put the service's word, the OS's words or the seconds
    in :attr:`DeviceStatus.detail`.
    """

    READY = "ready"
    NOT_OPEN = "not_open"
    NOT_CHECKED = "not_checked"
    NOT_WATCHED = "not_watched"
    CAPTURING = "capturing"
    NO_CARD = "no_card"
    CARD_PRESENT = "card_present"
    CARD_MUTE = "card_mute"
    CARD_EXCLUSIVE = "card_exclusive"
    READER_REMOVED = "reader_removed"
    EXCHANGING = "exchanging"
    PCSCD_NOT_RUNNING = "pcscd_not_running"
    NOT_FOUND = "not_found"
    NO_SIMULATOR = "no_simulator"
    SCANNER_SILENT = "scanner_silent"
    SERVICE_SILENT = "service_silent"
    SERVICE_BUSY = "service_busy"
    SERVICE_REPORTS = "service_reports"
    NOT_LISTED = "not_listed"
    NOT_REGISTERED = "not_registered"
    NO_FRAMES = "no_frames"
    DID_NOT_ANSWER = "did_not_answer"
    SYSTEM_ERROR = "system_error"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class DeviceStatus:
    state: DeviceState
    reason: StatusReason = StatusReason.READY
    #: With ``FAILED``: the driver error's reason code (``"unplugged"``, ``"checksum"``).
    error: str = ""
    #: The place in the reason's sentence (seconds, the device service's word), or the
    #: driver's and the OS's own English for the log; never a sentence of ours.
    detail: str = ""

    @classmethod
    def failed(cls, state: DeviceState, error: DriverError) -> Self:
        """A status for a driver error: its reason code to word, its English to log."""
        return cls(state, StatusReason.FAILED, error.reason.value, error.message)

    @classmethod
    def system_error(cls, state: DeviceState, words: str) -> Self:
        """A status for the OS's or a library's own words (an errno text, a PC/SC code)."""
        return cls(state, StatusReason.SYSTEM_ERROR, detail=words)

    @property
    def ready(self) -> bool:
        return self.state is DeviceState.READY

    @property
    def key(self) -> tuple[DeviceState, StatusReason, str]:
        """What a person would see change: the state and its reason, not the log's words."""
        return (self.state, self.reason, self.error)


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    modality: Modality
    vendor: str
    model: str
    serial: str
    firmware: str
    backend: str
    capabilities: frozenset[str] = frozenset()
    #: Where the device is attached: a port path, a PC/SC reader name.
    address: str = ""


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True, slots=True)
class HealthCheck:
    """Self-test outcome, consumed by the sarpras (equipment) checklist."""

    ok: bool
    checks: tuple[CheckResult, ...]
    duration_s: float
    message: str
    device: DeviceInfo | None = None


class HealthCheckBuilder:
    """Collects named checks and times them, so every backend reports alike."""

    def __init__(self) -> None:
        self._checks: list[CheckResult] = []
        self._start = time.monotonic()

    def add(self, name: str, *, ok: bool, detail: str = "") -> bool:
        self._checks.append(CheckResult(name, ok, detail))
        return ok

    def finish(self, device: DeviceInfo | None = None) -> HealthCheck:
        failed = [c for c in self._checks if not c.ok]
        ok = bool(self._checks) and not failed
        # Diagnostics, not a sentence: the failed checks by name with the driver's detail,
        # for the log and whoever fixes the device; a screen says pass or fail in words.
        message = "; ".join(f"{c.name}: {c.detail}".rstrip(": ") for c in failed)
        return HealthCheck(
            ok=ok,
            checks=tuple(self._checks),
            duration_s=time.monotonic() - self._start,
            message=message,
            device=device,
        )


class CancelToken:
    """Cooperative cancellation shared between the UI thread and a capture."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout_s: float) -> bool:
        """Wait up to ``timeout_s``; return True as soon as cancelled."""
        return self._event.wait(max(0.0, timeout_s))


class Deadline:
    """A monotonic deadline, so nested waits share one time budget."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self._end = time.monotonic() + timeout_s

    def remaining(self) -> float:
        return max(0.0, self._end - time.monotonic())

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self._end


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class CaptureRequest:
    timeout_s: float = 10.0
    cancel: CancelToken = field(default_factory=CancelToken)
    #: Links the result to the previous capture of the same enrollment.
    chain: CaptureChain | None = None
    #: Modality-specific position, e.g. ANSI/NIST finger position "2" or eye "left".
    position: str = ""
    #: Parts of ``position`` not to capture (an amputated finger "7", a blind eye
    #: "left"); a device that cannot skip parts returns them and the core drops them.
    exceptions: tuple[str, ...] = ()
    #: The quality (0-100) a device that captures by itself should wait for before it
    #: answers: the office's pass mark, so an SBI device's own auto-capture (its
    #: ``requestedScore``, within ``timeout_s``) aims where the core will judge.  None:
    #: the device's own default.  A device with no auto-capture of its own ignores it.
    requested_score: float | None = None


@dataclass(frozen=True, slots=True)
class Frame:
    """One live-preview frame; preview frames are never stored or hashed."""

    image: GreyImage
    sequence: int
    timestamp: float
    #: Backend hint such as ``{"finger": "present"}``.
    hints: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PenSample:
    x: float
    y: float
    pressure: float
    t_ms: int


@dataclass(frozen=True, slots=True)
class CaptureResult:
    """What one capture gave.

    ``metadata["parts"]``, when a device knows it, names each image in the
    interface's words (a finger's ANSI/NIST code "7", an eye "right"), in the
    order of ``images``, so the core never needs a backend's own vocabulary.
    """

    modality: Modality
    device: DeviceInfo
    started_at: datetime
    finished_at: datetime
    images: tuple[GreyImage, ...] = ()
    pen_samples: tuple[PenSample, ...] = ()
    position: str = ""
    metadata: Mapping[str, str] = field(default_factory=dict)
    link: ChainLink | None = None


class Device(abc.ABC):
    """What every device driver offers, whatever it captures."""

    modality: ClassVar[Modality]
    #: Registry name of the backend ("zfm", "pcsc", "sim", ...).
    backend_name: ClassVar[str]

    @abc.abstractmethod
    def open(self) -> None:
        """Claim the device; raises ``DeviceUnavailable`` with a reason."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the device; safe to call twice."""

    @abc.abstractmethod
    def info(self) -> DeviceInfo: ...

    @abc.abstractmethod
    def status(self) -> DeviceStatus:
        """Cheap, never raises: the checklist polls it."""

    @abc.abstractmethod
    def health_check(self) -> HealthCheck:
        """Exercise the device end to end without storing anything; never raises."""

    def simulation_controls(self) -> Mapping[str, tuple[str, ...]]:
        """Training knobs a simulator offers, with their values; a real device has none.

        The face simulator offers ``backdrop`` (red or blue): the cloth a team hangs
        behind the person, so training meets both KTP-el colours and the wrong one.
        """
        return {}

    def set_simulation(self, control: str, value: str) -> None:
        """Turn a training knob (see :meth:`simulation_controls`)."""
        known = self.simulation_controls()
        if value not in known.get(control, ()):
            raise BackendError(
                f"{type(self).__name__} has no simulation setting {control}={value!r} "
                f"(it offers {dict(known)}).",
                reason=BackendReason.BAD_OPTION,
            )
        self._apply_simulation(control, value)

    def _apply_simulation(self, control: str, value: str) -> None:
        """Backends with controls override this; the value was checked already."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class ImageDevice(Device):
    """A device with a live preview and a still capture (cameras, scanners, pads)."""

    #: Minimum preview rate the backend promises, frames per second.
    min_preview_fps: ClassVar[float] = 3.0

    @abc.abstractmethod
    def stream(self, cancel: CancelToken | None = None, *, position: str = "") -> Iterator[Frame]:
        """Yield preview frames until cancelled or the consumer stops iterating.

        ``position`` is what the next capture will ask for (a slap, an eye): a device
        with several sensors previews that one; others ignore it.
        """

    @abc.abstractmethod
    def capture(self, request: CaptureRequest) -> CaptureResult:
        """Capture once within ``request.timeout_s``, honouring ``request.cancel``."""


def build_result(
    device: Device,
    request: CaptureRequest,
    *,
    started_at: datetime,
    images: tuple[GreyImage, ...] = (),
    pen_samples: tuple[PenSample, ...] = (),
    metadata: Mapping[str, str] | None = None,
) -> CaptureResult:
    """Assemble a result and, if the request has a chain, append it to the chain."""
    info = device.info()
    finished_at = utcnow()
    meta: dict[str, str] = {
        "modality": info.modality.value,
        "backend": info.backend,
        "vendor": info.vendor,
        "model": info.model,
        "serial": info.serial,
        "position": request.position,
        "started_at": started_at.isoformat(),
        "finished_at": finished_at.isoformat(),
    }
    meta.update(metadata or {})
    link = None
    if request.chain is not None:
        payload = image_payload(images) + b"".join(
            f"{s.x:.3f},{s.y:.3f},{s.pressure:.4f},{s.t_ms};".encode() for s in pen_samples
        )
        link = request.chain.append(payload, meta)
    return CaptureResult(
        modality=info.modality,
        device=info,
        started_at=started_at,
        finished_at=finished_at,
        images=images,
        pen_samples=pen_samples,
        position=request.position,
        metadata=meta,
        link=link,
    )
