"""The protocol-independent half of a pen signature pad: ink collection, idle, capture, mirror.

A backend only has to turn its wire format into ``PenEvent`` values; this
module does the rest the same way for every pad:

* a *pump* thread owns the device after ``open()`` and feeds events into an
  ``InkCollector`` (thread-safe), so ``capture()`` and ``stream()`` can run at
  the same time -- the UI mirrors the ink live while a capture collects it;
* ``capture()`` waits for pen-down, ends when the signer is done (pen out of
  proximity for ``idle_s``, hovering without ink for ``hover_idle_s``, or an
  explicit ``finish()``), honours the request's deadline and cancel token,
  and returns pen samples plus the image from ``drivers.signature.render``;
* a silent line is suspicious: after ``liveness_s`` without data the pump asks
  the backend to ``_probe()`` the device, which turns a hung or unplugged pad
  into a ``DriverError`` instead of a capture that never ends.

How a USB HID backend (e.g. a Wacom STU pad) reuses this: subclass
``PenSignaturePad`` and implement ``_connect`` (open the HID device, read its
report descriptor / capability report into a ``PadGeometry``),
``_disconnect``, ``_read_events`` (one ``read(timeout)`` of pen input reports
-> ``PenEvent`` list), ``_probe`` (a GET_FEATURE such as the STU's status
report) and ``info``.  Sample collection, stroke splitting, idle detection,
rendering, preview and error plumbing come for free.  ``isdv4.py`` is the
protocol, ``pad.py`` the serial glue.

Sample convention (``drivers.base.PenSample``): x/y in device units
(0..max_x, 0..max_y; ``units_per_mm`` converts to millimetres), pressure
normalised to 0..1, ``t_ms`` since the first ink of the capture, host clock.
A pressure-0 sample closes each stroke at the point the tip left the glass.
"""

from __future__ import annotations

import abc
import enum
import logging
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from drivers.base import (
    CancelToken,
    CaptureRequest,
    CaptureResult,
    Deadline,
    DeviceState,
    DeviceStatus,
    Frame,
    PenSample,
    StatusReason,
    build_result,
    utcnow,
)
from drivers.errors import (
    CaptureCancelled,
    DeviceReason,
    DeviceTimeout,
    DeviceUnavailable,
    DriverError,
    TimeoutReason,
)
from drivers.interfaces import SignaturePad
from drivers.signature.render import InkCanvas, RenderStyle, render_signature, split_strokes

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

log = logging.getLogger(__name__)

#: Until ``TimeoutReason.NO_PEN`` exists (see the report to the lead), "nothing was
#: presented" is the closest existing reason.
NO_PEN_REASON = TimeoutReason.NO_PEN

_READ_SLICE_S = 0.02
_CAPTURE_POLL_S = 0.05
_PREVIEW_PERIOD_S = 0.05  # 20 fps, comfortably above SignaturePad.min_preview_fps


class PenState(enum.Enum):
    DOWN = "down"
    HOVER = "hover"
    AWAY = "away"


@dataclass(frozen=True, slots=True)
class PenEvent:
    """One pen report, already in the sample convention (device units, pressure 0..1)."""

    x: float
    y: float
    pressure: float
    tip: bool
    proximity: bool
    #: Host ``time.monotonic()`` when the report arrived.
    t: float


@dataclass(frozen=True, slots=True)
class PadGeometry:
    max_x: int
    max_y: int
    max_pressure: int
    units_per_mm: float


@dataclass(frozen=True, slots=True)
class InkProgress:
    has_ink: bool
    state: PenState
    last_ink_t: float
    left_t: float


class InkCollector:
    """Ink since the last ``clear()``, shared by the pump, a capture and any previews."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._samples: list[PenSample] = []
        self._origin: float | None = None
        self._stroke_open = False
        self._state = PenState.AWAY
        self._last_ink_t = 0.0
        self._left_t = time.monotonic()
        self._last = PenEvent(0.0, 0.0, 0.0, tip=False, proximity=False, t=self._left_t)
        self._generation = 0
        self._error: DriverError | None = None
        #: Every pen report seen (hover included), for the sample-rate measurement.
        self.events_seen = 0
        self.last_event_t = 0.0

    def _t_ms(self, t: float) -> int:
        if self._origin is None:
            self._origin = t
        return round((t - self._origin) * 1000)

    def feed(self, events: Sequence[PenEvent]) -> None:
        with self._cond:
            for event in events:
                self._feed_one(event)
            self._cond.notify_all()

    def _feed_one(self, event: PenEvent) -> None:
        self.events_seen += 1
        self.last_event_t = event.t
        if event.tip:
            self._samples.append(PenSample(event.x, event.y, event.pressure, self._t_ms(event.t)))
            self._stroke_open = True
            self._last_ink_t = event.t
            self._state = PenState.DOWN
        else:
            if self._stroke_open:
                self._close_stroke(event.x, event.y, event.t)
            state = PenState.HOVER if event.proximity else PenState.AWAY
            if state is PenState.AWAY and self._state is not PenState.AWAY:
                self._left_t = event.t
            self._state = state
        self._last = event

    def _close_stroke(self, x: float, y: float, t: float) -> None:
        self._samples.append(PenSample(x, y, 0.0, self._t_ms(t)))
        self._stroke_open = False

    def mark_away(self, t: float) -> None:
        """The device went quiet without a proximity-out report: treat the pen as gone."""
        with self._cond:
            if self._stroke_open:
                self._close_stroke(self._last.x, self._last.y, t)
            if self._state is not PenState.AWAY:
                self._state = PenState.AWAY
                self._left_t = t
            self._cond.notify_all()

    def close_open_stroke(self) -> None:
        with self._cond:
            if self._stroke_open:
                self._close_stroke(self._last.x, self._last.y, time.monotonic())

    def clear(self) -> None:
        with self._cond:
            self._samples = []
            self._origin = None
            self._stroke_open = False
            self._generation += 1
            self._cond.notify_all()

    def fail(self, error: DriverError) -> None:
        with self._cond:
            self._error = error
            self._cond.notify_all()

    def reset_error(self) -> None:
        with self._cond:
            self._error = None

    @property
    def error(self) -> DriverError | None:
        return self._error

    @property
    def state(self) -> PenState:
        return self._state

    def wait(self, timeout_s: float) -> None:
        with self._cond:
            self._cond.wait(max(0.0, timeout_s))

    def progress(self) -> InkProgress:
        with self._cond:
            return InkProgress(
                has_ink=bool(self._samples),
                state=self._state,
                last_ink_t=self._last_ink_t,
                left_t=self._left_t,
            )

    def samples(self) -> list[PenSample]:
        with self._cond:
            return list(self._samples)

    def since(self, generation: int, start: int) -> tuple[int, list[PenSample]]:
        """Samples from index ``start`` of ``generation``; a newer generation starts over."""
        with self._cond:
            if generation != self._generation:
                return self._generation, list(self._samples)
            return generation, self._samples[start:]


def sample_rate_hz(samples: Sequence[PenSample]) -> float:
    """Reports per second while the tip was down (pauses between strokes excluded)."""
    intervals = 0
    duration_ms = 0
    for stroke in split_strokes(samples):
        intervals += len(stroke) - 1
        duration_ms += stroke[-1].t_ms - stroke[0].t_ms
    return intervals * 1000.0 / duration_ms if duration_ms > 0 else 0.0


class PenSignaturePad(SignaturePad):
    """Capture, preview, idle detection and liveness for any pen pad; see the module doc."""

    #: Shown in errors and logs ("signature pad").
    device_noun: ClassVar[str] = "signature pad"

    def __init__(
        self,
        *,
        idle_s: float = 1.5,
        hover_idle_s: float = 3.0,
        liveness_s: float = 2.0,
        preview_width_px: int = 640,
        style: RenderStyle | None = None,
    ) -> None:
        """``idle_s``: pen away this long ends a capture; ``liveness_s``: silence before a probe."""
        self._idle_s = idle_s
        self._hover_idle_s = hover_idle_s
        self._liveness_s = liveness_s
        self._preview_width_px = preview_width_px
        self.style = style or RenderStyle()
        self._collector = InkCollector()
        self._finish = threading.Event()
        self._stop = threading.Event()
        self._pump_thread: threading.Thread | None = None
        self._lifecycle = threading.Lock()
        self._capturing = threading.Lock()

    # --- backend hooks ---------------------------------------------------

    @property
    @abc.abstractmethod
    def address(self) -> str:
        """Where the pad is attached, for errors and logs."""

    @property
    @abc.abstractmethod
    def geometry(self) -> PadGeometry | None:
        """The pad's ranges, known once connected."""

    @abc.abstractmethod
    def _connect(self) -> None:
        """Open the device, learn its geometry, start reporting; raise ``DriverError``."""

    @abc.abstractmethod
    def _disconnect(self) -> None:
        """Release the device; safe to call twice and from the pump thread."""

    @abc.abstractmethod
    def _read_events(self, timeout_s: float) -> list[PenEvent]:
        """Wait up to ``timeout_s`` for reports; raise ``DriverError`` if the device is gone."""

    @abc.abstractmethod
    def _probe(self) -> list[PenEvent]:
        """Prove the device is alive (returning any reports read meanwhile), or raise."""

    def _begin_capture(self) -> None:
        """A capture starts: e.g. take a baseline of the line counters."""

    def _line_stats(self) -> dict[str, str]:
        """Backend counters for this capture's metadata (noise skipped, packets dropped)."""
        return {}

    # --- lifecycle -------------------------------------------------------

    def open(self) -> None:
        with self._lifecycle:
            if self._pump_thread is not None and self._pump_thread.is_alive():
                return
            self._stop_pump()
            self._collector.reset_error()
            self._connect()
            self._stop.clear()
            self._pump_thread = threading.Thread(
                target=self._pump, name=f"{self.backend_name}-pen-pump", daemon=True
            )
            self._pump_thread.start()
        log.info("opened %s on %s", self.device_noun, self.address)

    def close(self) -> None:
        with self._lifecycle:
            was_open = self._pump_thread is not None
            self._stop_pump()
            self._disconnect()
            self._collector.reset_error()  # a closed pad is "not open", whatever it died of
        if was_open:
            log.info("closed %s on %s", self.device_noun, self.address)

    def _stop_pump(self) -> None:
        thread, self._pump_thread = self._pump_thread, None
        self._stop.set()
        if thread is not None and thread is not threading.current_thread():
            thread.join(5.0)
            if thread.is_alive():
                log.error("the %s reader thread did not stop", self.device_noun)

    def _pump(self) -> None:
        last_data = time.monotonic()
        while not self._stop.is_set():
            try:
                events = self._read_events(_READ_SLICE_S)
                now = time.monotonic()
                if events:
                    last_data = now
                elif now - last_data >= self._liveness_s:
                    # Only a device that answers the probe has merely lost the pen;
                    # the pen stays "down" meanwhile so no capture ends early.
                    events = self._probe()
                    self._collector.mark_away(last_data)
                    last_data = time.monotonic()
            except DriverError as exc:
                if self._stop.is_set():
                    return
                log.warning("%s on %s failed: %s", self.device_noun, self.address, exc.code)
                self._collector.fail(exc)
                self._disconnect()
                return
            if events:
                self._collector.feed(events)

    def _require_geometry(self) -> PadGeometry:
        error = self._collector.error
        if error is not None:
            raise error
        geometry = self.geometry
        if self._pump_thread is None or geometry is None:
            raise DeviceUnavailable(
                f"The {self.device_noun} is not open.", reason=DeviceReason.NOT_OPEN
            )
        return geometry

    # --- Device ----------------------------------------------------------

    def status(self) -> DeviceStatus:
        error = self._collector.error
        if isinstance(error, DeviceUnavailable | DeviceTimeout):
            return DeviceStatus.failed(DeviceState.DISCONNECTED, error)
        if error is not None:
            return DeviceStatus.failed(DeviceState.ERROR, error)
        if self._pump_thread is None:
            return DeviceStatus(DeviceState.NOT_READY, StatusReason.NOT_OPEN)
        if self._capturing.locked():
            return DeviceStatus(DeviceState.BUSY, StatusReason.CAPTURING)
        return DeviceStatus(DeviceState.READY, StatusReason.READY)

    def finish(self) -> None:
        """The signer (or officer) pressed "done": end the running capture now."""
        self._finish.set()

    def measure_rate(self, window_s: float) -> tuple[int, float]:
        """Pen reports seen in ``window_s`` and their rate (0 if fewer than two arrived)."""
        self._require_geometry()
        collector = self._collector
        start_count = collector.events_seen
        deadline = Deadline(window_s)
        base: tuple[int, float] | None = None  # (count, time) at the first report seen
        while not deadline.expired:
            collector.wait(deadline.remaining())
            if collector.error is not None:
                raise collector.error
            if base is None and collector.events_seen > start_count:
                base = (collector.events_seen, collector.last_event_t)
        count = collector.events_seen - start_count
        if base is None or collector.last_event_t <= base[1]:
            return count, 0.0
        return count, (collector.events_seen - base[0]) / (collector.last_event_t - base[1])

    def _end_reason(self, request: CaptureRequest, deadline: Deadline) -> str:
        while True:
            error = self._collector.error
            if error is not None:
                raise error
            if request.cancel.cancelled:
                raise CaptureCancelled(device=self.address)
            if self._finish.is_set():
                return "finish"
            progress = self._collector.progress()
            now = time.monotonic()
            if progress.has_ink:
                if progress.state is PenState.AWAY and now - progress.left_t >= self._idle_s:
                    return "idle"
                if (
                    progress.state is PenState.HOVER
                    and now - progress.last_ink_t >= self._hover_idle_s
                ):
                    return "hover_idle"
            if deadline.expired:
                if progress.has_ink:
                    return "timeout"
                raise DeviceTimeout(
                    "Nobody signed on the pad in time.",
                    reason=NO_PEN_REASON,
                    device=self.address,
                )
            self._collector.wait(min(_CAPTURE_POLL_S, deadline.remaining()))

    def capture(self, request: CaptureRequest) -> CaptureResult:
        """Collect one signature: from the first ink until the signer is done."""
        geometry = self._require_geometry()
        started_at = utcnow()
        deadline = Deadline(request.timeout_s)
        with self._capturing:
            self._finish.clear()
            self._begin_capture()
            self._collector.clear()
            end_reason = self._end_reason(request, deadline)
            self._collector.close_open_stroke()
            samples = self._collector.samples()
        image = render_signature(samples, units_per_mm=geometry.units_per_mm, style=self.style)
        strokes = split_strokes(samples)
        metadata = {
            "end_reason": end_reason,
            "strokes": str(len(strokes)),
            "samples": str(len(samples)),
            "sample_rate_hz": f"{sample_rate_hz(samples):.1f}",
            "coordinate_units": "device",
            "units_per_mm": f"{geometry.units_per_mm:g}",
            "max_x": str(geometry.max_x),
            "max_y": str(geometry.max_y),
            "max_pressure": str(geometry.max_pressure),
            "px_per_mm": f"{self.style.px_per_mm:g}",
            **self._line_stats(),
        }
        log.info(
            "signature captured: %d stroke(s), %d sample(s), ended by %s",
            len(strokes),
            len(samples),
            end_reason,
        )
        return build_result(
            self,
            request,
            started_at=started_at,
            images=(image,),
            pen_samples=tuple(samples),
            metadata=metadata,
        )

    def stream(self, cancel: CancelToken | None = None, *, position: str = "") -> Iterator[Frame]:  # noqa: ARG002 - one sensor
        """Mirror the ink so far at 20 fps; runs alongside ``capture()``."""
        token = cancel or CancelToken()
        geometry = self._require_geometry()
        canvas = InkCanvas(
            geometry.max_x,
            geometry.max_y,
            width_px=self._preview_width_px,
            style=self.style,
            units_per_mm=geometry.units_per_mm,
        )
        generation, drawn, sequence = -1, 0, 0
        while not token.cancelled:
            started = time.monotonic()
            error = self._collector.error
            if error is not None:
                raise error
            current, fresh = self._collector.since(generation, drawn)
            if current != generation:
                canvas.clear()
                generation, drawn = current, 0
            canvas.add(fresh)
            drawn += len(fresh)
            yield Frame(
                image=canvas.image.copy(),
                sequence=sequence,
                timestamp=time.monotonic(),
                hints={"pen": self._collector.state.value},
            )
            sequence += 1
            token.wait(_PREVIEW_PERIOD_S - (time.monotonic() - started))
