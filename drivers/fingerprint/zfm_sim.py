"""ZFM/R30x fingerprint-module emulator on a serial line (training mode, tests).

It sits on the device's end of a pty (or, on Windows, a ``socket://`` line on
127.0.0.1: :mod:`drivers.simulator.pty`) and speaks the module's UART
protocol (``drivers.fingerprint.protocol``), so the real ``zfm`` backend, or
any third-party client such as ``pyfingerprint`` (on the pty), talks to it
exactly as to a USB-UART adapter.  It serves synthetic prints with real
ridge structure (``drivers.fingerprint.synth``) and can inject line faults.

Given a ``subject`` it is that person's finger on the sensor: each of the ten fingers
its own (``--finger``, or :meth:`ZfmEmulator.place_finger` with a position), captured
afresh on every GenImg (moved, turned, pressed differently), so a matcher finds the
same person again and never a byte-identical image.  Without one it serves the one
print of ``seed``, as before.

Run on its own; the first stdout line is the port to open (a pty path, or a
``socket://`` URL for ``serial.serial_for_url``)::

    python -m drivers.fingerprint.zfm_sim --password 0000002A --quality low
    python -m drivers.fingerprint.zfm_sim --subject 12 --finger 2
"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import errno
import logging
import threading
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from drivers.cable import SimCable
from drivers.errors import ProtocolError
from drivers.fingerprint.protocol import (
    DEFAULT_ADDRESS,
    DEFAULT_BAUD,
    DEFAULT_PASSWORD,
    IMAGE_BYTES,
    START,
    Cmd,
    Confirm,
    Packet,
    PacketReader,
    Pid,
    SystemParameters,
    encode_packet,
)
from drivers.fingerprint.synth import (
    ImageQuality,
    capture_finger,
    master_ready,
    synthesize,
    warm_masters,
)
from drivers.fingerprint.zfm import ZfmScanner
from drivers.serialport import open_error
from drivers.simulator import add_transport_argument, run_pty_emulator, run_until_signalled
from drivers.simulator.pty import PtyEmulator, Transport

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from drivers.base import CancelToken, CaptureRequest, CaptureResult, DeviceInfo, Frame

log = logging.getLogger(__name__)

_PASSWORD_LEN = 4
#: A finger on the small 256 x 288 window covers it nearly edge to edge (a subject's
#: contact area, see ``capture_finger``): at 1.0 a good finger scored 39-59 on NFIQ 2,
#: at 1.25 46-60 (two subjects' twenty captures over the 4-bit line).
SENSOR_CONTACT = 1.25


class Fault(enum.Enum):
    """Line faults applied to the emulator's next answer(s)."""

    #: Random bytes instead of the answer.
    GARBAGE = "garbage"
    #: Random bytes, then the real answer: a receiver must resynchronise.
    GARBAGE_PREFIX = "garbage_prefix"
    #: Only the first half of the answer, then nothing.
    TRUNCATE = "truncate"
    #: The answer with a wrong checksum.
    BAD_CHECKSUM = "bad_checksum"
    #: No answer at all, as a hung module.
    SILENT = "silent"


class ZfmEmulator(PtyEmulator):
    """One emulated module; ``start()`` returns the port to open (pty path or URL)."""

    label: ClassVar[str] = "ZFM"

    def __init__(
        self,
        *,
        password: int = DEFAULT_PASSWORD,
        address: int = DEFAULT_ADDRESS,
        quality: ImageQuality = ImageQuality.HIGH,
        finger_present: bool = True,
        packet_size: int = 128,
        baudrate: int = DEFAULT_BAUD,
        seed: int = 1,
        subject: int | None = None,
        finger: int = 2,
        templates: int = 0,
        library_size: int = 1000,
        realistic_timing: bool = False,
        transport: Transport | str | None = None,
    ) -> None:
        super().__init__(transport=transport)
        self.password = password
        self.address = address
        self.quality = quality
        self.packet_size = packet_size
        self.baudrate = baudrate
        self.seed = seed
        #: The simulated person whose finger is on the sensor (None: ``seed``'s one print).
        self.subject = subject
        #: Which of their fingers (ANSI/NIST position 1-10).
        self.finger = finger
        self.templates = templates
        self.library_size = library_size
        #: Pace output at the UART's byte rate, as a real module would.
        self.realistic_timing = realistic_timing
        self.commands_seen = 0
        self._finger = threading.Event()
        if finger_present:
            self._finger.set()
        self._verified = password == DEFAULT_PASSWORD
        self._image: bytes | None = None
        self._faults: list[Fault] = []
        self._faults_lock = threading.Lock()
        self._reader = PacketReader()
        self._rng = np.random.default_rng(seed)

    # --- control ---------------------------------------------------------

    @property
    def finger_present(self) -> bool:
        return self._finger.is_set()

    def place_finger(self, finger: int | None = None) -> None:
        """A finger on the sensor; ``finger`` (1-10) says which of the subject's it is."""
        if finger is not None:
            if not 1 <= finger <= 10:  # noqa: PLR2004
                raise ValueError(f"no finger position {finger}")
            self.finger = finger
        self._finger.set()

    def lift_finger(self) -> None:
        self._finger.clear()

    def inject(self, fault: Fault, count: int = 1) -> None:
        """Apply ``fault`` to the next ``count`` answers."""
        with self._faults_lock:
            self._faults.extend([fault] * count)

    # --- serving ---------------------------------------------------------

    def _prepare(self, line_fd: int | None) -> None:  # noqa: ARG002 - the line speed is the client's
        self._reader = PacketReader()  # a fresh start forgets half a command
        if self.subject is None:
            synthesize(self.seed, self.quality)  # warm the cache before the first GenImg
        else:
            warm_masters(self.subject, self._fingers_from(self.finger), first=True)

    def _received(self, data: bytes) -> None:
        self._reader.feed(data)
        while not self._stop.is_set():
            try:
                packet = self._reader.next_packet()
            except ProtocolError:
                self._send(self._ack(Confirm.PACKET_ERROR))
                continue
            if packet is None:
                break
            self.commands_seen += 1
            self._send(self._handle(packet))

    def _ack(self, confirm: int, data: bytes = b"") -> bytes:
        return encode_packet(self.address, Pid.ACK, bytes([confirm]) + data)

    def _handle(self, packet: Packet) -> bytes:
        if packet.address != self.address:
            return self._ack(Confirm.ADDRESS_ERROR)
        if packet.pid != Pid.COMMAND or not packet.payload:
            return self._ack(Confirm.PACKET_ERROR)
        cmd, args = packet.payload[0], packet.payload[1:]
        if cmd == Cmd.VFY_PWD:
            self._verified = args[:4] == self.password.to_bytes(4, "big")
            return self._ack(Confirm.OK if self._verified else Confirm.WRONG_PASSWORD)
        if not self._verified:
            return self._ack(Confirm.MUST_VERIFY_PASSWORD)
        handler = self._handlers.get(cmd)
        return handler(args) if handler else self._ack(Confirm.PACKET_ERROR)

    @property
    def _handlers(self) -> dict[int, Callable[[bytes], bytes]]:
        return {
            Cmd.GEN_IMG: self._gen_img,
            Cmd.UP_IMAGE: self._up_image,
            Cmd.IMG2TZ: self._img2tz,
            Cmd.READ_SYS_PARA: lambda _: self._ack(Confirm.OK, self._parameters().encode()),
            Cmd.TEMPLATE_NUM: lambda _: self._ack(Confirm.OK, self.templates.to_bytes(2, "big")),
            Cmd.SET_PWD: self._set_pwd,
            Cmd.GET_RANDOM_CODE: lambda _: self._ack(Confirm.OK, self._rng.bytes(4)),
        }

    @staticmethod
    def _fingers_from(first: int) -> tuple[int, ...]:
        return (first, *(f for f in range(1, 11) if f != first))

    def set_subject(self, subject: int | None) -> None:
        """Another simulated person; their fingers are drawn meanwhile (about 1 s each)."""
        self.subject = subject
        if subject is not None:
            warm_masters(subject, self._fingers_from(self.finger), first=True)

    def _gen_img(self, _args: bytes) -> bytes:
        subject = self.subject
        if subject is not None and not master_ready(subject, self.finger):
            # The person is still placing the finger while its master is drawn: a GenImg
            # that took a second would outlast the driver's answer timeout.
            warm_masters(subject, (self.finger,), first=True)
            return self._ack(Confirm.NO_FINGER)
        if not self._finger.is_set():
            return self._ack(Confirm.NO_FINGER)
        self._image = self._capture_image()
        return self._ack(Confirm.OK)

    def _up_image(self, _args: bytes) -> bytes:
        if self._image is None:
            return self._ack(Confirm.UPLOAD_FAILED)
        return self._ack(Confirm.OK) + self._data_packets(self._image)

    def _img2tz(self, _args: bytes) -> bytes:
        if self._image is None:
            return self._ack(Confirm.NO_VALID_IMAGE)
        good = self.quality is ImageQuality.HIGH
        return self._ack(Confirm.OK if good else Confirm.FEW_FEATURES)

    def _set_pwd(self, args: bytes) -> bytes:
        if len(args) < _PASSWORD_LEN:
            return self._ack(Confirm.PACKET_ERROR)
        self.password = int.from_bytes(args[:_PASSWORD_LEN], "big")
        return self._ack(Confirm.OK)

    def _parameters(self) -> SystemParameters:
        status = 0b0100 if self._verified else 0
        if self._image is not None:
            status |= 0b1000  # image buffer holds a valid image
        return SystemParameters(
            status_register=status,
            system_id=0x0009,
            library_size=self.library_size,
            security_level=3,
            address=self.address,
            packet_size=self.packet_size,
            baudrate=self.baudrate,
        )

    def _capture_image(self) -> bytes:
        if self.subject is None:
            image = synthesize(self.seed, self.quality)
        else:
            image = capture_finger(self.subject, self.finger, self.quality, contact=SENSOR_CONTACT)
        nibbles = (image >> 4).reshape(-1)
        return ((nibbles[0::2] << 4) | nibbles[1::2]).astype(np.uint8).tobytes()

    def _data_packets(self, data: bytes) -> bytes:
        if len(data) != IMAGE_BYTES:
            raise ValueError("image buffer has the wrong size")
        chunks = [data[i : i + self.packet_size] for i in range(0, len(data), self.packet_size)]
        out = [encode_packet(self.address, Pid.DATA, chunk) for chunk in chunks[:-1]]
        out.append(encode_packet(self.address, Pid.END_DATA, chunks[-1]))
        return b"".join(out)

    def _noise(self, size: int) -> bytes:
        noise = self._rng.integers(0, 256, size, dtype=np.uint8)
        noise[noise == START[0]] = 0x55  # no accidental start codes
        return noise.tobytes()

    def _apply_fault(self, answer: bytes) -> bytes:
        with self._faults_lock:
            fault = self._faults.pop(0) if self._faults else None
        if fault is None:
            return answer
        log.info("ZFM emulator fault injected: %s", fault.value)
        if fault is Fault.GARBAGE:
            return self._noise(48)
        if fault is Fault.GARBAGE_PREFIX:
            return self._noise(23) + answer
        if fault is Fault.TRUNCATE:
            return answer[: max(3, min(len(answer) // 2, 200))]
        if fault is Fault.BAD_CHECKSUM:
            first_len = 9 + int.from_bytes(answer[7:9], "big")
            corrupted = bytearray(answer)
            corrupted[first_len - 1] ^= 0x5A
            return bytes(corrupted)
        return b""  # SILENT

    def _send(self, answer: bytes) -> None:
        byte_time = 10.0 / self.baudrate if self.realistic_timing else 0.0
        self._write_out(self._apply_fault(answer), byte_time_s=byte_time)


class SimZfmScanner(ZfmScanner):
    """The ``zfm-sim`` fingerprint backend: the real ZFM driver against its emulator.

    ``transport`` forces the emulator's line (``pty`` or ``socket``); by default the
    pty where the OS has one, the socket on Windows.  ``cable`` pulled out hangs the
    line up (the driver meets a vanished port, as with a pulled USB adapter), and
    while it is out the port is not there to open.
    """

    backend_name: ClassVar[str] = "sim"

    def __init__(
        self,
        *,
        quality: str = "high",
        finger_present: bool = True,
        seed: int = 1,
        subject: int | None = None,
        password: int = DEFAULT_PASSWORD,
        timeout_s: float = 2.0,
        transport: str | None = None,
        cable: SimCable | None = None,
    ) -> None:
        self.cable = cable or SimCable()
        self._unwatch: Callable[[], None] | None = None
        self.emulator = ZfmEmulator(
            password=password,
            quality=ImageQuality(quality),
            finger_present=finger_present,
            seed=seed,
            subject=subject,
            transport=transport,
        )
        super().__init__("", password=password, timeout_s=timeout_s)

    def open(self) -> None:
        if not self.cable.plugged:
            missing = OSError(errno.ENOENT, "No such device")
            raise open_error(missing, self.port or "(emulated line)", "fingerprint scanner")
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

    def set_subject(self, subject: int) -> None:
        """Another simulated person puts their fingers on the sensor (training, the demo)."""
        if subject < 0:
            raise ValueError("a subject is a number from 0")
        self.emulator.set_subject(subject)

    def _present(self, position: str) -> None:
        """The finger the app asks for is the one the simulated person places."""
        if position.isdigit() and 1 <= int(position) <= 10:  # noqa: PLR2004
            self.emulator.finger = int(position)

    def capture(self, request: CaptureRequest) -> CaptureResult:
        self._present(request.position)
        return super().capture(request)

    def stream(self, cancel: CancelToken | None = None, *, position: str = "") -> Iterator[Frame]:
        self._present(position)
        return super().stream(cancel, position=position)

    def info(self) -> DeviceInfo:
        return dataclasses.replace(
            super().info(), vendor="FieldKit", model="Simulated ZFM/R30x", backend=self.backend_name
        )


def _subject(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("a subject is a number from 0")
    return value


def build_parser(
    prog: str | None = None, parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser
) -> argparse.ArgumentParser:
    """Its options; ``parser_class`` is the caller's (``fieldkit sim``'s speaks Indonesian)."""
    parser = parser_class(prog=prog, description="FieldKit ZFM/R30x fingerprint emulator")
    parser.add_argument("--password", default=f"{DEFAULT_PASSWORD:08X}", help="4 bytes, hex")
    parser.add_argument("--address", default=f"{DEFAULT_ADDRESS:08X}", help="4 bytes, hex")
    parser.add_argument("--quality", choices=[q.value for q in ImageQuality], default="high")
    parser.add_argument("--no-finger", action="store_true", help="start with no finger")
    parser.add_argument("--seed", type=int, default=1, help="which synthetic finger")
    parser.add_argument(
        "--subject",
        type=_subject,
        default=None,
        help="which simulated person (0 and up): their own ten fingers, a new capture each time",
    )
    parser.add_argument(
        "--finger", type=int, choices=range(1, 11), default=2, help="their finger (1-10)"
    )
    parser.add_argument("--realistic-timing", action="store_true", help="pace at 57600 baud")
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
    emulator = ZfmEmulator(
        password=int(args.password, 16),
        address=int(args.address, 16),
        quality=ImageQuality(args.quality),
        finger_present=not args.no_finger,
        seed=args.seed,
        subject=args.subject,
        finger=args.finger,
        realistic_timing=args.realistic_timing,
        transport=args.transport,
    )
    return run_until_signalled(lambda stop: run_pty_emulator(emulator, stop))


if __name__ == "__main__":
    raise SystemExit(main())
