"""Wacom ISDV4 serial signature pad / pen digitiser over pyserial.

The wire protocol is in ``drivers.signature.isdv4`` (with its sources); the
protocol-independent capture, idle detection, preview and liveness logic is
in ``drivers.signature.ink``.  This module is the serial glue:

* ``open()``: open the port (``drivers.serialport``, shared by every serial
  device, converts pyserial's failures), send STOP, wait ``settle_s`` (the
  kernel's 250 ms), flush, send QUERY and parse the 11-byte reply (maxima and
  firmware version), refuse a reply that cannot describe a working pen, send
  START.  With no ``baudrate`` given it tries 38400 then 19200, as
  xf86-input-wacom does;
* reading: bytes are framed by ``isdv4.PacketReader``, which resynchronises on
  the header bit, so line noise and cut-off packets cost samples, not the
  capture; their counts land in the capture metadata;
* liveness: ISDV4 is silent while no pen is near, so a silent line is probed
  with STOP/QUERY/START; no reply -> ``DeviceTimeout(NO_RESPONSE)``, noise
  only -> ``ProtocolError(GARBAGE)``, a cut-off reply -> ``TRUNCATED``;
* an I/O error on the port (USB adapter pulled) -> ``DeviceUnavailable(UNPLUGGED)``.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, ClassVar

from drivers.base import Deadline, DeviceInfo, HealthCheck, HealthCheckBuilder
from drivers.errors import (
    DeviceTimeout,
    DriverError,
    ProtocolError,
    ProtocolReason,
    TimeoutReason,
)
from drivers.serialport import SerialLine, not_open_error
from drivers.signature.ink import PadGeometry, PenEvent, PenSignaturePad
from drivers.signature.isdv4 import (
    BAUD_RATES,
    POINTS_PER_MM,
    QUERY_REPLY_LEN,
    SETTLE_AFTER_STOP_S,
    Command,
    PacketReader,
    PenPacket,
    QueryReply,
)

if TYPE_CHECKING:
    from drivers.signature.render import RenderStyle

log = logging.getLogger(__name__)

_READ_SLICE_S = 0.02
#: How errors name the device ("The signature pad was unplugged.").
_DEVICE_NAME = "signature pad"
#: ISDV4 pens report at about 133 Hz; far fewer means a bad cable or a wrong setting.
MIN_REPORT_RATE_HZ = 50.0


class Isdv4SignaturePad(PenSignaturePad):
    backend_name: ClassVar[str] = "isdv4"

    def __init__(
        self,
        port: str,
        *,
        baudrate: int | None = None,
        timeout_s: float = 1.0,
        settle_s: float = SETTLE_AFTER_STOP_S,
        units_per_mm: float = POINTS_PER_MM,
        idle_s: float = 1.5,
        hover_idle_s: float = 3.0,
        liveness_s: float = 2.0,
        preview_width_px: int = 640,
        style: RenderStyle | None = None,
    ) -> None:
        """``timeout_s`` bounds one query; ``baudrate=None`` tries 38400 then 19200."""
        super().__init__(
            idle_s=idle_s,
            hover_idle_s=hover_idle_s,
            liveness_s=liveness_s,
            preview_width_px=preview_width_px,
            style=style,
        )
        self.port = port
        self._baudrates = (baudrate,) if baudrate else BAUD_RATES
        self._baudrate = self._baudrates[0]
        self._timeout_s = timeout_s
        self._settle_s = settle_s
        self._units_per_mm = units_per_mm
        self._line: SerialLine | None = None
        self._serial_lock = threading.Lock()
        self._reader = PacketReader()
        self._reply: QueryReply | None = None
        self._implausible = 0
        self._baseline = (0, 0, 0)

    # --- hooks for PenSignaturePad ----------------------------------------

    @property
    def address(self) -> str:
        return self.port

    @property
    def geometry(self) -> PadGeometry | None:
        reply = self._reply
        if reply is None:
            return None
        return PadGeometry(reply.max_x, reply.max_y, reply.max_pressure, self._units_per_mm)

    @property
    def capabilities(self) -> QueryReply | None:
        """The last query reply, if the pad has been opened."""
        return self._reply

    def _connect(self) -> None:
        last: DriverError | None = None
        for baud in self._baudrates:
            self._open_port(baud)
            try:
                reply = self._handshake()
            except (DeviceTimeout, ProtocolError) as exc:
                self._disconnect()
                last = exc
                log.info("no ISDV4 query reply at %d baud on %s (%s)", baud, self.port, exc.code)
                continue
            except DriverError:
                self._disconnect()
                raise
            problems = reply.problems()
            if problems:
                self._disconnect()
                raise ProtocolError(
                    "The signature pad's query reply is not sane: " + "; ".join(problems) + ".",
                    reason=ProtocolReason.BAD_REPLY,
                    device=self.port,
                )
            self._reply = reply
            self._baudrate = baud
            try:
                self._write(Command.START)
            except DriverError:
                self._disconnect()
                raise
            log.info(
                "ISDV4 pad on %s at %d baud: %d x %d, %d pressure levels, firmware %s",
                self.port,
                baud,
                reply.max_x,
                reply.max_y,
                reply.max_pressure + 1,
                reply.firmware,
            )
            return
        assert last is not None  # noqa: S101  BAUD_RATES is never empty
        raise last

    def _disconnect(self) -> None:
        with self._serial_lock:
            line, self._line = self._line, None
        if line is not None:
            line.close()

    def _read_events(self, timeout_s: float) -> list[PenEvent]:
        # One read slice: the port's timeout is fixed at open, because changing it
        # makes pyserial rewrite the termios settings on every call.
        del timeout_s
        data = self._open_line().read_available()
        if not data:
            return []
        now = time.monotonic()
        self._reader.feed(data)
        events = []
        for packet in self._reader.packets():
            if isinstance(packet, PenPacket):
                event = self._event(packet, now)
                if event is not None:
                    events.append(event)
            else:
                log.debug("ignoring an unsolicited ISDV4 control packet")
        return events

    def _probe(self) -> list[PenEvent]:
        events: list[PenEvent] = []
        self._write(Command.STOP)
        self._query(events)
        self._write(Command.START)
        return events

    def _begin_capture(self) -> None:
        self._baseline = (self._reader.skipped, self._reader.dropped, self._implausible)

    def _line_stats(self) -> dict[str, str]:
        skipped, dropped, implausible = self._baseline
        return {
            "noise_bytes": str(self._reader.skipped - skipped),
            "dropped_packets": str(self._reader.dropped - dropped),
            "implausible_packets": str(self._implausible - implausible),
        }

    # --- serial ----------------------------------------------------------

    def _open_port(self, baud: int) -> None:
        line = SerialLine.open(
            self.port,
            baud,
            device_name=_DEVICE_NAME,
            read_slice_s=_READ_SLICE_S,
            write_timeout_s=self._timeout_s,
        )
        with self._serial_lock:
            self._line = line
        self._reader.clear()
        self._reader.reset_counters()
        self._implausible = 0

    def _open_line(self) -> SerialLine:
        line = self._line
        if line is None:
            raise not_open_error(_DEVICE_NAME)
        return line

    def _write(self, command: Command) -> None:
        self._open_line().write(
            command.value, refused="The signature pad did not accept a command."
        )

    def _handshake(self) -> QueryReply:
        """STOP, settle, flush, QUERY: the kernel's and xf86-input-wacom's start-up order."""
        self._write(Command.STOP)
        time.sleep(self._settle_s)
        self._open_line().reset_input()
        self._reader.clear()
        return self._query([])

    def _query(self, events: list[PenEvent]) -> QueryReply:
        """Send QUERY; pen reports that arrive before the reply go to ``events``."""
        skipped, dropped = self._reader.skipped, self._reader.dropped
        self._write(Command.QUERY)
        deadline = Deadline(self._timeout_s)
        while not deadline.expired:
            data = self._open_line().read_available()
            if not data:
                continue
            now = time.monotonic()
            self._reader.feed(data)
            for packet in self._reader.packets():
                if isinstance(packet, QueryReply):
                    return packet
                event = self._event(packet, now)
                if event is not None:
                    events.append(event)
        raise self._no_reply_error(skipped, dropped, got_pen_reports=bool(events))

    def _no_reply_error(self, skipped: int, dropped: int, *, got_pen_reports: bool) -> DriverError:
        """Name what the line did instead of answering, from the reader's counters.

        More noise than a whole reply is garbage (often a wrong baud rate); less,
        with a packet left unfinished, is a reply that was cut off.
        """
        noise = self._reader.skipped - skipped
        cut = self._reader.partial or self._reader.dropped > dropped
        self._reader.clear()
        if noise and not got_pen_reports and (noise >= QUERY_REPLY_LEN or not cut):
            return ProtocolError(
                f"The signature pad sent {noise} byte(s) of noise and no query reply "
                "(wrong baud rate?).",
                reason=ProtocolReason.GARBAGE,
                device=self.port,
            )
        if cut:
            return ProtocolError(
                "The signature pad's query reply was cut off.",
                reason=ProtocolReason.TRUNCATED,
                device=self.port,
            )
        return DeviceTimeout(
            "The signature pad does not answer.",
            reason=TimeoutReason.NO_RESPONSE,
            device=self.port,
        )

    def _event(self, packet: PenPacket, now: float) -> PenEvent | None:
        reply = self._reply
        if reply is None:
            return None
        if packet.x > reply.max_x or packet.y > reply.max_y:
            self._implausible += 1
            return None
        pressure = 0.0
        if packet.tip:
            # The tip switch is the authority on contact; a feather touch may read 0.
            pressure = max(packet.pressure, 1) / max(1, reply.max_pressure)
        return PenEvent(
            x=float(packet.x),
            y=float(packet.y),
            pressure=min(1.0, pressure),
            tip=packet.tip and packet.proximity,
            proximity=packet.proximity,
            t=now,
        )

    # --- Device ----------------------------------------------------------

    def info(self) -> DeviceInfo:
        """ISDV4 reports no serial number; the query reply's version is the firmware."""
        reply = self._reply
        capabilities = {"pen_samples", "pressure", "hover", "live_ink"}
        if reply is not None and reply.tilt_x_max and reply.tilt_y_max:
            capabilities.add("tilt")
        return DeviceInfo(
            modality=self.modality,
            vendor="Wacom",
            model="ISDV4 serial pen digitiser",
            serial="",
            firmware=reply.firmware if reply else "",
            backend=self.backend_name,
            capabilities=frozenset(capabilities),
            address=self.port,
        )

    def health_check(self, rate_window_s: float = 1.0) -> HealthCheck:
        """Query reply sane, and the report rate if a pen is near the pad."""
        checks = HealthCheckBuilder()
        opened_here = self._pump_thread is None
        try:
            self.open()  # a no-op if open; reconnects if the reader thread died
            checks.add("port", ok=True, detail=f"{self.port} at {self._baudrate} baud")
            reply = self._reply
            assert reply is not None  # noqa: S101  open() succeeded
            checks.add(
                "query",
                ok=True,
                detail=(
                    f"{reply.max_x} x {reply.max_y}, {reply.max_pressure + 1} pressure levels, "
                    f"firmware {reply.firmware}"
                ),
            )
            count, rate = self.measure_rate(rate_window_s)
            if count < 2:  # noqa: PLR2004  a rate needs two reports
                checks.add(
                    "sample_rate", ok=True, detail="no pen near the pad; hold it over the glass"
                )
            else:
                checks.add(
                    "sample_rate", ok=rate >= MIN_REPORT_RATE_HZ, detail=f"{rate:.0f} reports/s"
                )
        except ProtocolError as exc:
            checks.add("query", ok=False, detail=exc.message)
        except DriverError as exc:
            checks.add("port", ok=False, detail=exc.message)
        finally:
            if opened_here:
                self.close()
        return checks.finish(self.info())
