"""ISDV4 signature-pad emulator on a serial line (training mode, tests).

It sits on the device's end of a raw pty (or, on Windows, a ``socket://`` line
on 127.0.0.1: :mod:`drivers.simulator.pty`) and speaks the
Wacom ISDV4 serial protocol (``drivers.signature.isdv4``): it answers the
query, obeys start/stop, and replays recorded signatures as 9-byte pen
packets at the recording's own timing (about 133 reports/s), with a hover
report before each stroke and hover + proximity-out after it.  The real
``isdv4`` backend, or any ISDV4 client, talks to it as to a USB-UART adapter.
Faults can be injected for tests.

Recordings are JSON files (``assets/sim/signatures/*.json``)::

    {"description": "...", "units": "mm",
     "strokes": [[[x_mm, y_mm, pressure_0_to_1, t_ms], ...], ...]}

x/y are millimetres from the pad's top-left corner, so one recording fits any
pad size; ``t_ms`` counts from the start of the recording.

Run on its own; the first stdout line is the port to open (a pty path, or a
``socket://`` URL for ``serial.serial_for_url``)::

    python -m drivers.signature.pad_sim --strokes loops.json --baud 38400
"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import errno
import heapq
import json
import logging
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from drivers.cable import SimCable
from drivers.errors import DriverError
from drivers.serialport import open_error
from drivers.signature.isdv4 import (
    DEFAULT_BAUD,
    HEADER_BIT,
    MAX_PRESSURE,
    POINTS_PER_MM,
    Command,
    PenPacket,
    QueryReply,
)
from drivers.signature.pad import Isdv4SignaturePad
from drivers.simulator import add_transport_argument, run_pty_emulator, run_until_signalled
from drivers.simulator.pty import POLL_S, PtyEmulator, Transport

if sys.platform != "win32":
    import termios

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from drivers.base import CaptureRequest, CaptureResult, DeviceInfo, HealthCheck

log = logging.getLogger(__name__)

ENV_ASSETS = "FIELDKIT_ASSETS"
#: ISDV4 pens report at roughly 133 Hz; used for the hover and lift reports.
REPORT_PERIOD_S = 0.0075
_SAMPLE_FIELDS = 4


def default_strokes_dir() -> Path:
    """``$FIELDKIT_ASSETS/sim/signatures`` if set, else the repository's ``assets/``."""
    root = os.environ.get(ENV_ASSETS)
    if root:
        return Path(root) / "sim" / "signatures"
    return Path(__file__).resolve().parents[2] / "assets" / "sim" / "signatures"


@dataclass(frozen=True, slots=True)
class RecordedSample:
    x_mm: float
    y_mm: float
    pressure: float
    t_ms: float


@dataclass(frozen=True, slots=True)
class Recording:
    name: str
    strokes: tuple[tuple[RecordedSample, ...], ...]
    description: str = ""

    @property
    def sample_count(self) -> int:
        return sum(len(s) for s in self.strokes)

    @property
    def duration_s(self) -> float:
        if not self.strokes:
            return 0.0
        return (self.strokes[-1][-1].t_ms - self.strokes[0][0].t_ms) / 1000.0

    @classmethod
    def load(cls, path: Path) -> Recording:
        """Read and validate a recording; ``ValueError``/``TypeError`` say what is wrong."""
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict) or not isinstance(raw.get("strokes"), list):
            raise TypeError(f"{path.name}: not a recording (no 'strokes' list)")
        strokes = []
        last_t = -1.0
        for stroke in raw["strokes"]:
            samples = []
            for item in stroke:
                if not isinstance(item, list) or len(item) != _SAMPLE_FIELDS:
                    raise ValueError(f"{path.name}: a sample is not [x_mm, y_mm, pressure, t_ms]")
                sample = RecordedSample(*(float(v) for v in item))
                if not 0.0 < sample.pressure <= 1.0 or sample.t_ms <= last_t:
                    raise ValueError(f"{path.name}: bad pressure or non-increasing time")
                last_t = sample.t_ms
                samples.append(sample)
            if not samples:
                raise ValueError(f"{path.name}: an empty stroke")
            strokes.append(tuple(samples))
        return cls(path.stem, tuple(strokes), str(raw.get("description", "")))


def resolve_recording(name: str, strokes_dir: Path | None = None) -> Path:
    """A path as given if it exists, else ``name`` (".json" optional) in ``strokes_dir``."""
    given = Path(name)
    if given.is_file():
        return given
    folder = strokes_dir or default_strokes_dir()
    candidate = folder / (name if name.endswith(".json") else f"{name}.json")
    if not candidate.is_file():
        raise FileNotFoundError(f"no signature recording {name!r} in {folder}")
    return candidate


def load_recordings(names: Sequence[str] = (), strokes_dir: Path | None = None) -> list[Recording]:
    """The named recordings, or every recording with ink in ``strokes_dir``, by name."""
    if names:
        return [Recording.load(resolve_recording(n, strokes_dir)) for n in names]
    folder = strokes_dir or default_strokes_dir()
    found = [Recording.load(p) for p in sorted(folder.glob("*.json"))]
    return [r for r in found if r.strokes]


class Fault(enum.Enum):
    """Line faults the emulator applies to what it sends next."""

    #: Noise bytes, then the real packet: a receiver must resynchronise.
    NOISE = "noise"
    #: Noise bytes instead of the next packet (or query reply).
    GARBAGE = "garbage"
    #: Only the first half of the next packet (or query reply).
    TRUNCATE = "truncate"
    #: The next query reply claims an empty coordinate range and no pressure.
    BAD_QUERY = "bad_query"


_REPLY_ONLY = {Fault.BAD_QUERY}


class Isdv4Emulator(PtyEmulator):
    """One emulated pad; ``start()`` returns the port to open (pty path or URL)."""

    label: ClassVar[str] = "ISDV4"

    def __init__(
        self,
        recordings: Sequence[Recording] = (),
        *,
        max_x: int = 16000,
        max_y: int = 10000,
        max_pressure: int = MAX_PRESSURE,
        version: int = 0x0126,
        baudrate: int = DEFAULT_BAUD,
        speed: float = 1.0,
        autoplay: bool = True,
        lead_in_s: float = 0.3,
        loop: bool = False,
        loop_gap_s: float = 2.0,
        seed: int = 1,
        transport: Transport | str | None = None,
    ) -> None:
        """``autoplay``: replay starts ``lead_in_s`` after the first START command."""
        super().__init__(transport=transport)
        self.recordings = list(recordings)
        self.reply = QueryReply(
            max_x=max_x, max_y=max_y, max_pressure=max_pressure, version=version
        )
        self.baudrate = baudrate
        self.speed = speed
        self.autoplay = autoplay
        self.lead_in_s = lead_in_s
        self.loop = loop
        self.loop_gap_s = loop_gap_s
        self.commands_seen: list[bytes] = []
        self._command_arrived = threading.Condition()
        self.packets_sent = 0
        self.plays = 0
        self._sampling = False
        self._silent = False
        self._played_once = False
        self._next_recording = 0
        self._schedule: list[tuple[float, int, bytes]] = []
        self._sequence = 0
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._rng = np.random.default_rng(seed)

    # --- control ---------------------------------------------------------

    @property
    def replaying(self) -> bool:
        with self._lock:
            return bool(self._schedule)

    def hang(self) -> None:
        """Stop responding, as a crashed pad whose port stays open."""
        self._silent = True

    def resume(self) -> None:
        self._silent = False

    def inject(self, fault: Fault, count: int = 1) -> None:
        """Apply ``fault`` to the next ``count`` packets it fits (query replies or pen data)."""
        with self._lock:
            self._faults.extend([fault] * count)

    def cue(self, name: str) -> None:
        """Make ``name`` the recording the next :meth:`play` replays."""
        names = [r.name for r in self.recordings]
        if name not in names:
            raise ValueError(f"no recording named {name!r} (have {names})")
        with self._lock:
            self._next_recording = names.index(name)

    def play(self, lead_in_s: float | None = None) -> Recording | None:
        """Replay the next recording (cycling through them) after ``lead_in_s``."""
        if not self.recordings:
            return None
        delay = self.lead_in_s if lead_in_s is None else lead_in_s
        with self._lock:
            recording = self.recordings[self._next_recording % len(self.recordings)]
            self._next_recording += 1
            self._played_once = True
            self.plays += 1
            start = time.monotonic() + delay
            for offset, packet in self.packets_for(recording):
                self._sequence += 1
                heapq.heappush(
                    self._schedule, (start + offset / self.speed, self._sequence, packet)
                )
        self.wake()  # or the first packets wait for the next poll and bunch up
        log.info("ISDV4 emulator replaying %s", recording.name)
        return recording

    def packets_for(self, recording: Recording) -> list[tuple[float, bytes]]:
        """(seconds from start, packet) for a recording: hover in, ink, hover, out."""
        out: list[tuple[float, bytes]] = []
        if not recording.strokes:
            return out
        t0 = recording.strokes[0][0].t_ms / 1000.0 - 2 * REPORT_PERIOD_S
        for stroke in recording.strokes:
            first, last = stroke[0], stroke[-1]
            x, y = self.to_device(first.x_mm, first.y_mm)
            out.append((first.t_ms / 1000 - t0 - REPORT_PERIOD_S, self._report(x, y, 0, tip=False)))
            for sample in stroke:
                x, y = self.to_device(sample.x_mm, sample.y_mm)
                pressure = max(1, round(sample.pressure * self.reply.max_pressure))
                out.append((sample.t_ms / 1000 - t0, self._report(x, y, pressure, tip=True)))
            x, y = self.to_device(last.x_mm, last.y_mm)
            end = last.t_ms / 1000 - t0
            out.append((end + REPORT_PERIOD_S, self._report(x, y, 0, tip=False)))
            out.append((end + 2 * REPORT_PERIOD_S, self._report(x, y, 0, tip=False, near=False)))
        return out

    def to_device(self, x_mm: float, y_mm: float) -> tuple[int, int]:
        x = round(x_mm * POINTS_PER_MM)
        y = round(y_mm * POINTS_PER_MM)
        return min(max(x, 0), self.reply.max_x), min(max(y, 0), self.reply.max_y)

    @staticmethod
    def _report(x: int, y: int, pressure: int, *, tip: bool, near: bool = True) -> bytes:
        return PenPacket(x=x, y=y, pressure=pressure, proximity=near, tip=tip).encode()

    # --- serving ---------------------------------------------------------

    def _prepare(self, line_fd: int | None) -> None:
        """Set a pty to the pad's own speed, as a real pad's adapter would report it.

        A ``socket://`` line (``line_fd`` None, and always on Windows) has no speed.
        """
        if sys.platform != "win32" and line_fd is not None:
            speed = getattr(termios, f"B{self.baudrate}", None)
            if speed is not None:
                attrs = termios.tcgetattr(line_fd)
                attrs[4] = attrs[5] = speed
                termios.tcsetattr(line_fd, termios.TCSANOW, attrs)

    def _received(self, data: bytes) -> None:
        for byte in data:
            self._command(bytes((byte,)))

    def _tick(self) -> None:
        self._send_due()

    def _wait_s(self) -> float:
        with self._lock:
            if not self._schedule:
                return POLL_S
            return min(POLL_S, max(0.0, self._schedule[0][0] - time.monotonic()))

    def wait_for_commands(self, count: int, timeout_s: float = 2.0) -> list[bytes]:
        """The host writes and moves on; this lets a caller see what the pad has actually read."""
        with self._command_arrived:
            self._command_arrived.wait_for(lambda: len(self.commands_seen) >= count, timeout_s)
            return list(self.commands_seen)

    def _command(self, command: bytes) -> None:
        with self._command_arrived:
            self.commands_seen.append(command)
            self._command_arrived.notify_all()
        if self._silent:
            return
        if command == Command.STOP.value:
            self._sampling = False
        elif command == Command.START.value:
            self._sampling = True
            if self.autoplay and not self._played_once:
                self.play()
        elif command == Command.QUERY.value:
            reply = self.reply
            if self._take_fault(reply=True, only=Fault.BAD_QUERY):
                reply = dataclasses.replace(reply, max_x=0, max_y=0, max_pressure=0)
            self._send(reply.encode(), reply=True)

    def _send_due(self) -> None:
        now = time.monotonic()
        due = []
        with self._lock:
            while self._schedule and self._schedule[0][0] <= now:
                due.append(heapq.heappop(self._schedule)[2])
            finished = not self._schedule
        if due and finished and self.loop:
            self.play(self.loop_gap_s)
        for packet in due:
            if self._sampling and not self._silent:
                self._send(packet, reply=False)
                self.packets_sent += 1

    def _take_fault(self, *, reply: bool, only: Fault | None = None) -> Fault | None:
        with self._lock:
            for i, fault in enumerate(self._faults):
                if only is not None and fault is not only:
                    continue
                if fault in _REPLY_ONLY and not reply:
                    continue
                return self._faults.pop(i)
        return None

    def _noise(self, size: int) -> bytes:
        """Noise with a header-like byte every 5th byte: it can never frame a whole packet."""
        noise = self._rng.integers(0, 0x80, size, dtype=np.uint8)
        noise[::5] |= HEADER_BIT
        return noise.tobytes()

    def _apply_fault(self, data: bytes, *, reply: bool) -> bytes:
        fault = self._take_fault(reply=reply)
        if fault is None:
            return data
        log.info("ISDV4 emulator fault injected: %s", fault.value)
        if fault is Fault.NOISE:
            return self._noise(23) + data
        if fault is Fault.GARBAGE:
            return self._noise(48)
        return data[: len(data) // 2]  # TRUNCATE

    def _send(self, data: bytes, *, reply: bool) -> None:
        if self._silent:
            return
        self._write_out(self._apply_fault(data, reply=reply), drop_if_unread=True)


#: What the simulated signer signs unless a trainer picks another recording.
_DEFAULT_SIGNER = "initials"


class SimIsdv4SignaturePad(Isdv4SignaturePad):
    """The ``sim`` signature backend: the real ISDV4 driver against its emulator.

    The emulator's line is a pty where the OS has one and a ``socket://`` line on
    Windows; ``transport`` forces one.  Each ``capture()`` makes the simulated
    signer sign the next recording, so training mode always shows a whole signature.
    ``cable`` pulled out hangs the line up, as a pulled USB adapter does.
    """

    backend_name: ClassVar[str] = "sim"

    def __init__(
        self,
        *,
        strokes: str | None = None,
        strokes_dir: str | None = None,
        speed: float = 1.0,
        lead_in_s: float = 0.3,
        timeout_s: float = 1.0,
        idle_s: float = 1.5,
        liveness_s: float = 2.0,
        transport: str | None = None,
        cable: SimCable | None = None,
    ) -> None:
        """``strokes``: one recording name or path; default: every recording with ink.

        With every recording loaded, the simulated signer signs ``initials`` (a whole,
        good signature, as a cooperative person does) until a trainer picks another
        through :meth:`set_simulation` (``signer``: ``dot`` shows the refusal).
        """
        folder = Path(strokes_dir) if strokes_dir else None
        self.cable = cable or SimCable()
        self._unwatch: Callable[[], None] | None = None
        self.emulator = Isdv4Emulator(
            load_recordings([strokes] if strokes else (), folder),
            speed=speed,
            autoplay=False,
            lead_in_s=lead_in_s,
            transport=transport,
        )
        names = [r.name for r in self.emulator.recordings]
        self._signer: str | None = None if strokes else _DEFAULT_SIGNER
        if self._signer not in names:
            self._signer = None
        super().__init__(
            "",
            baudrate=DEFAULT_BAUD,
            timeout_s=timeout_s,
            settle_s=0.02,
            idle_s=idle_s,
            liveness_s=liveness_s,
        )

    def open(self) -> None:
        if not self.cable.plugged:
            missing = OSError(errno.ENOENT, "No such device")
            raise open_error(missing, self.port or "(emulated line)", "signature pad")
        self.port = self.emulator.ensure_started()
        super().open()
        if self._unwatch is None:
            self._unwatch = self.cable.watch(self._cable_changed)

    def close(self) -> None:
        unwatch, self._unwatch = self._unwatch, None
        if unwatch is not None:
            unwatch()
        super().close()
        self.emulator.stop_if_running()

    def _cable_changed(self, plugged: bool) -> None:
        if not plugged:
            self.emulator.unplug()

    def simulation_controls(self) -> Mapping[str, tuple[str, ...]]:
        if len(self.emulator.recordings) < 2:  # noqa: PLR2004 - one recording: nothing to pick
            return {}
        return {"signer": tuple(r.name for r in self.emulator.recordings)}

    def _apply_simulation(self, control: str, value: str) -> None:  # noqa: ARG002 - one control
        self._signer = value

    def capture(self, request: CaptureRequest) -> CaptureResult:
        if self.emulator.running and not self.emulator.replaying:
            if self._signer is not None:
                self.emulator.cue(self._signer)
            self.emulator.play()
        return super().capture(request)

    def health_check(self, rate_window_s: float = 1.0) -> HealthCheck:
        """As the real pad's, with the simulated signer writing so the rate gets measured."""
        opened_here = not self.emulator.running
        try:
            if opened_here:
                self.open()
            if not self.emulator.replaying:
                self.emulator.play(0.0)
        except DriverError as exc:
            log.info("simulated pad did not open for its health check: %s", exc.code)
        try:
            return super().health_check(rate_window_s)
        finally:
            if opened_here:
                self.close()

    def info(self) -> DeviceInfo:
        return dataclasses.replace(
            super().info(),
            vendor="FieldKit",
            model="Simulated ISDV4 pad",
            backend=self.backend_name,
        )


def build_parser(
    prog: str | None = None, parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser
) -> argparse.ArgumentParser:
    """Its options; ``parser_class`` is the caller's (``fieldkit sim``'s speaks Indonesian)."""
    parser = parser_class(prog=prog, description="FieldKit ISDV4 signature-pad emulator")
    parser.add_argument(
        "--strokes", action="append", default=[], help="recording name or path (repeatable)"
    )
    parser.add_argument("--strokes-dir", type=Path, default=None, help="folder of recordings")
    parser.add_argument("--baud", type=int, default=DEFAULT_BAUD, choices=(19200, 38400))
    parser.add_argument("--speed", type=float, default=1.0, help="replay speed factor")
    parser.add_argument("--once", action="store_true", help="sign once, then stay idle")
    parser.add_argument("--gap", type=float, default=3.0, help="seconds between signatures")
    add_transport_argument(parser)
    return parser


def _parse_args(
    argv: Sequence[str] | None,
    prog: str | None = None,
    parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser,
) -> argparse.Namespace:
    return build_parser(prog, parser_class).parse_args(argv)


def main(
    argv: Sequence[str] | None = None,
    prog: str | None = None,
    parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser,
) -> int:
    """Run until stopped; ``prog`` is how the usage names it (``fieldkit sim NAME``).

    ``parser_class`` is the caller's: ``fieldkit sim`` passes its own, which speaks the
    command's language (drivers import nothing of ours; run alone, a simulator is English).
    """
    args = _parse_args(argv, prog, parser_class)
    emulator = Isdv4Emulator(
        load_recordings(args.strokes, args.strokes_dir),
        baudrate=args.baud,
        speed=args.speed,
        loop=not args.once,
        loop_gap_s=args.gap,
        transport=args.transport,
    )
    return run_until_signalled(lambda stop: run_pty_emulator(emulator, stop))


if __name__ == "__main__":
    raise SystemExit(main())
