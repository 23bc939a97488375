"""Virtual smart card for vsmartcard's ``vpcd`` reader (training mode and tests).

The card is a TCP client of vpcd (the IFD handler pcscd loads as "Virtual PCD
00 00", listening on 127.0.0.1:35963).  vpcd's wire protocol: every message is
a 2-byte big-endian length then data.  A 1-byte message is a control
(0 power off, 1 power on, 2 reset, 4 get ATR, answered with the ATR); any
longer message is a command APDU, answered with R-APDU data + SW1 SW2.

Debian's ``vicc`` is broken as packaged, so this is our own card.  It carries
the FieldKit staff-card application (see ``drivers.staff_card``) and
answers the PC/SC part 3 pseudo-APDU ``FF CA 00 00 00`` with its UID, because
vpcd passes pseudo-APDUs through to the card.

Run on its own (stays inserted until SIGTERM/SIGINT)::

    python -m drivers.cardreader.vpcd_card --uid 04A2F1C3 --vpcd-port 35963
"""

from __future__ import annotations

import argparse
import contextlib
import enum
import hmac
import logging
import socket
import sys
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from drivers.base import Deadline
from drivers.iso7816 import (
    CLA_ISO,
    CLA_PCSC,
    INS_GET_DATA,
    INS_READ_BINARY,
    INS_SELECT,
    INS_VERIFY,
    MAX_SHORT_LE,
    SW,
    SW_WRONG_PIN,
    tlv,
)
from drivers.simulation import SIM_CARD_UID
from drivers.simulator import run_until_signalled
from drivers.staff_card import (
    STAFF_AID,
    STAFF_EF,
    STAFF_PIN_REF,
    STAFF_PIN_TRIES,
    STAFF_SECRET_EF,
    STAFF_SECRET_LEN,
    StaffCard,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 35963
DEFAULT_UID = bytes.fromhex(SIM_CARD_UID)
DEFAULT_STAFF = StaffCard(officer_id="PTG-0000-TRAINING", office_code="0000")
HISTORICAL_BYTES = b"FieldKitSIM"
_POLL_S = 0.1
_HEADER_LEN = 4
_FILE_ID_LEN = 2
_SELECT_BY_NAME = 0x04
_NO_RESPONSE_DATA = 0x0C


class Control(enum.IntEnum):
    POWER_OFF = 0
    POWER_ON = 1
    RESET = 2
    GET_ATR = 4


def build_atr(historical: bytes = HISTORICAL_BYTES) -> bytes:
    """ATR in the PC/SC contactless style: ``3B 8n 80 01 <hist> TCK`` (T=0 and T=1)."""
    if len(historical) > 0x0F:  # noqa: PLR2004  4-bit count in T0
        raise ValueError("at most 15 historical bytes")
    body = bytes([0x80 | len(historical), 0x80, 0x01]) + historical
    tck = 0
    for byte in body:
        tck ^= byte
    return bytes([0x3B]) + body + bytes([tck])


def _sw(code: int) -> bytes:
    return code.to_bytes(2, "big")


def _card_pin(pin: str) -> bytes:
    """The PIN as the card stores and compares it: ASCII digits.

    How long an officer's PIN must be is FieldKit's rule (``fieldkit.staffcard``),
    checked before a PIN is sent; the card only compares what it is given.
    """
    if not (pin and pin.isascii() and pin.isdigit()):
        raise ValueError("a card PIN is ASCII digits")
    return pin.encode("ascii")


class VirtualCard:
    """The card's behaviour, free of I/O, so the in-process simulator can reuse it."""

    def __init__(
        self,
        uid: bytes = DEFAULT_UID,
        staff: StaffCard | None = DEFAULT_STAFF,
        *,
        pin: str | None = None,
        login_secret: bytes | None = None,
    ) -> None:
        """``pin`` and ``login_secret`` make it a card an officer can log in with."""
        if len(uid) not in (4, 7, 10):
            raise ValueError("a UID has 4, 7 or 10 bytes (ISO 14443-3)")
        if (pin is None) != (login_secret is None):
            raise ValueError("a login card needs both a PIN and a login secret")
        if login_secret is not None and len(login_secret) != STAFF_SECRET_LEN:
            raise ValueError(f"the login secret has {STAFF_SECRET_LEN} bytes")
        self.uid = uid
        self.atr = build_atr()
        self._files: dict[int, bytes] = {} if staff is None else {STAFF_EF: staff.encode()}
        self._pin = None if pin is None else _card_pin(pin)
        if login_secret is not None:
            self._files[STAFF_SECRET_EF] = login_secret
        #: Kept by the card across power cycles, like a real card's EEPROM counter.
        self.pin_tries_left = STAFF_PIN_TRIES
        self._pin_verified = False
        self._app_selected = False
        self._current_ef: int | None = None
        self.powered = False

    def power_on(self) -> None:
        self.powered = True
        self._reset_state()

    def power_off(self) -> None:
        self.powered = False
        self._reset_state()

    def _reset_state(self) -> None:
        self._app_selected = False
        self._current_ef = None
        self._pin_verified = False

    def process(self, apdu: bytes) -> bytes:
        """Answer one command APDU with response data + SW (ISO 7816-4 short APDUs)."""
        parsed = _parse_apdu(apdu)
        if isinstance(parsed, bytes):
            return parsed
        if parsed.cla == CLA_PCSC:
            return self._pseudo(parsed)
        if parsed.cla != CLA_ISO:
            return _sw(SW.CLA_NOT_SUPPORTED)
        handlers = {
            INS_SELECT: self._select,
            INS_READ_BINARY: self._read_binary,
            INS_VERIFY: self._verify,
        }
        handler = handlers.get(parsed.ins)
        if handler is None:
            return _sw(SW.INS_NOT_SUPPORTED)
        return handler(parsed)

    def _pseudo(self, cmd: _Command) -> bytes:
        if cmd.ins != INS_GET_DATA:
            return _sw(SW.INS_NOT_SUPPORTED)
        if (cmd.p1, cmd.p2) == (0x00, 0x00):
            return self.uid + _sw(SW.OK)
        if cmd.p1 == 0x01:  # ATS historical bytes: not an ISO 14443-4 card here
            return _sw(SW.FUNCTION_NOT_SUPPORTED)
        return _sw(SW.WRONG_PARAMETERS)

    def _select(self, cmd: _Command) -> bytes:
        if cmd.p1 == _SELECT_BY_NAME:
            return self._select_application(cmd)
        if cmd.p1 in (0x00, 0x02):
            return self._select_file(cmd)
        return _sw(SW.WRONG_PARAMETERS)

    def _select_application(self, cmd: _Command) -> bytes:
        if cmd.data != STAFF_AID:
            return _sw(SW.FILE_NOT_FOUND)
        self._app_selected = True
        self._current_ef = None
        if cmd.p2 & _NO_RESPONSE_DATA == _NO_RESPONSE_DATA:
            return _sw(SW.OK)
        return tlv(0x6F, tlv(0x84, STAFF_AID)) + _sw(SW.OK)

    def _select_file(self, cmd: _Command) -> bytes:
        if len(cmd.data) != _FILE_ID_LEN:
            return _sw(SW.WRONG_LENGTH)
        file_id = int.from_bytes(cmd.data, "big")
        if not self._app_selected or file_id not in self._files:
            return _sw(SW.FILE_NOT_FOUND)
        self._current_ef = file_id
        if cmd.p2 & _NO_RESPONSE_DATA == _NO_RESPONSE_DATA:
            return _sw(SW.OK)
        size = len(self._files[file_id]).to_bytes(2, "big")
        fcp = tlv(0x80, size) + tlv(0x82, b"\x01") + tlv(0x83, cmd.data)
        return tlv(0x62, fcp) + _sw(SW.OK)

    def _verify(self, cmd: _Command) -> bytes:
        """ISO 7816-4 VERIFY; with no data it only reports the tries left."""
        if self._pin is None or not self._app_selected:
            return _sw(SW.FUNCTION_NOT_SUPPORTED)
        if (cmd.p1, cmd.p2) != (0x00, STAFF_PIN_REF):
            return _sw(SW.WRONG_PARAMETERS)
        if cmd.data and self.pin_tries_left:
            if hmac.compare_digest(cmd.data, self._pin):
                self.pin_tries_left = STAFF_PIN_TRIES
                self._pin_verified = True
                return _sw(SW.OK)
            self.pin_tries_left -= 1
            self._pin_verified = False
        elif not cmd.data and self._pin_verified:
            return _sw(SW.OK)
        if self.pin_tries_left == 0:
            return _sw(SW.AUTH_BLOCKED)
        return _sw(SW_WRONG_PIN | self.pin_tries_left)

    def _read_binary(self, cmd: _Command) -> bytes:
        if cmd.data:
            return _sw(SW.WRONG_LENGTH)
        if cmd.p1 & 0x80:  # short EF identifier addressing: not supported
            return _sw(SW.FUNCTION_NOT_SUPPORTED)
        if self._current_ef is None:
            return _sw(SW.NO_CURRENT_EF)
        if self._current_ef == STAFF_SECRET_EF and not self._pin_verified:
            return _sw(SW.SECURITY_NOT_SATISFIED)
        content = self._files[self._current_ef]
        offset = (cmd.p1 << 8) | cmd.p2
        if offset >= len(content):
            return _sw(SW.WRONG_OFFSET)
        ne = cmd.le or MAX_SHORT_LE
        chunk = content[offset : offset + ne]
        return chunk + _sw(SW.OK if len(chunk) == ne else SW.END_OF_FILE)


@dataclass(frozen=True, slots=True)
class _Command:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes
    le: int | None


def _parse_apdu(apdu: bytes) -> _Command | bytes:
    """Split a short APDU (cases 1-4); a status word if it is malformed."""
    if len(apdu) < _HEADER_LEN:
        return _sw(SW.WRONG_LENGTH)
    cla, ins, p1, p2 = apdu[:_HEADER_LEN]
    body = apdu[_HEADER_LEN:]
    if not body:
        return _Command(cla, ins, p1, p2, b"", None)
    if len(body) == 1:
        return _Command(cla, ins, p1, p2, b"", body[0] or MAX_SHORT_LE)
    lc = body[0]
    if lc == 0 or len(body) not in (1 + lc, 2 + lc):  # extended APDUs unsupported
        return _sw(SW.WRONG_LENGTH)
    le = (body[1 + lc] or MAX_SHORT_LE) if len(body) == 2 + lc else None
    return _Command(cla, ins, p1, p2, body[1 : 1 + lc], le)


class CardFault(enum.Enum):
    """Failures a trainer or a test can trigger on the next command APDU."""

    NONE = "none"
    #: Close the connection instead of answering: the card is pulled mid-APDU.
    DROP = "drop"
    #: Never answer (a card that hangs); the connection stays open.
    STALL = "stall"


class VpcdCard:
    """Inserts a ``VirtualCard`` into vpcd until ``remove()``; runs in a thread."""

    def __init__(
        self,
        card: VirtualCard | None = None,
        *,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        reconnect: bool = False,
    ) -> None:
        self.card = card or VirtualCard()
        self.host = host
        self.port = port
        #: Come back after vpcd goes away (pcscd restarted); for long-running sims.
        self.reconnect = reconnect
        self.connected = threading.Event()
        self.apdu_count = 0
        self._stop = threading.Event()
        self._fault = CardFault.NONE
        self._fault_lock = threading.Lock()
        self._fault_hit = threading.Event()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None

    # --- control ---------------------------------------------------------

    def insert(self, timeout_s: float = 5.0) -> None:
        """Connect to vpcd (the card goes in) and serve it from a thread."""
        self._stop.clear()
        sock = self._connect(Deadline(timeout_s))
        self._thread = threading.Thread(
            target=self._serve_loop, args=(sock,), name="vpcd-card", daemon=True
        )
        self._thread.start()

    def remove(self, timeout_s: float = 5.0) -> None:
        """Disconnect from vpcd (the card comes out) and wait for the thread."""
        self._stop.set()
        sock = self._sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout_s)
            if self._thread.is_alive():
                raise RuntimeError("virtual card thread did not stop")
            self._thread = None

    def inject(self, fault: CardFault) -> threading.Event:
        """Arm a fault for the next APDU; the returned event is set once it fired."""
        with self._fault_lock:
            self._fault = fault
            self._fault_hit = threading.Event()
            return self._fault_hit

    def run_forever(self, stop: threading.Event, connect_timeout_s: float = 10.0) -> None:
        """Stay inserted until ``stop`` is set (the CLI entry point uses this)."""
        self.reconnect = True
        self.insert(connect_timeout_s)
        stop.wait()
        self.remove()

    # --- wire ------------------------------------------------------------

    def _connect(self, deadline: Deadline) -> socket.socket:
        last: OSError | None = None
        while True:
            try:
                sock = socket.create_connection(
                    (self.host, self.port), timeout=max(0.1, deadline.remaining())
                )
            except OSError as exc:  # vpcd not listening yet: pcscd still starting
                last = exc
                if deadline.expired or self._stop.wait(_POLL_S):
                    msg = f"vpcd is not reachable at {self.host}:{self.port}"
                    raise ConnectionError(msg) from last
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(_POLL_S)
            self._sock = sock
            self.connected.set()
            log.info("virtual card inserted into vpcd %s:%d", self.host, self.port)
            return sock

    def _recv_exact(self, sock: socket.socket, size: int) -> bytes | None:
        """Read ``size`` bytes; None when the peer closed or we are stopping."""
        buf = bytearray()
        while len(buf) < size:
            if self._stop.is_set():
                return None
            # Without QUICKACK Linux delays the ACK and each APDU costs ~48 ms.  Only
            # Linux has the option (and vpcd); elsewhere the in-process card is used.
            if sys.platform == "linux":
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
            try:
                chunk = sock.recv(size - len(buf))
            except TimeoutError:
                continue
            except OSError:
                return None
            if not chunk:
                return None
            buf += chunk
        return bytes(buf)

    def _send(self, sock: socket.socket, data: bytes) -> None:
        sock.sendall(len(data).to_bytes(2, "big") + data)

    def _serve_loop(self, sock: socket.socket) -> None:
        try:
            while True:
                self._serve(sock)
                self._close(sock)
                if self._stop.is_set() or not self.reconnect:
                    return
                log.info("vpcd closed the connection; reconnecting")
                try:
                    sock = self._connect(Deadline(3600.0))
                except ConnectionError:
                    return
        finally:
            self._close(sock)

    def _close(self, sock: socket.socket) -> None:
        self.connected.clear()
        with contextlib.suppress(OSError):
            sock.close()

    def _serve(self, sock: socket.socket) -> None:
        while True:
            header = self._recv_exact(sock, 2)
            if header is None:
                return
            message = self._recv_exact(sock, int.from_bytes(header, "big"))
            if message is None:
                return
            if len(message) == 1:
                self._control(sock, message[0])
                continue
            with self._fault_lock:
                fault, hit = self._fault, self._fault_hit
                self._fault = CardFault.NONE
            if fault is not CardFault.NONE:
                log.info("virtual card fault injected: %s", fault.value)
                hit.set()
                if fault is CardFault.DROP:
                    return
                self._stop.wait()  # STALL: hold the line until removed
                return
            self.apdu_count += 1
            log.debug("APDU INS %02X", message[1] if len(message) > 1 else 0)
            try:
                self._send(sock, self.card.process(message))
            except OSError:
                return

    def _control(self, sock: socket.socket, code: int) -> None:
        if code == Control.POWER_ON:
            self.card.power_on()
        elif code == Control.POWER_OFF:
            self.card.power_off()
        elif code == Control.RESET:
            self.card.power_on()
        elif code == Control.GET_ATR:
            with contextlib.suppress(OSError):
                self._send(sock, self.card.atr)
        else:
            log.warning("unknown vpcd control byte %d", code)


def run_virtual_card(
    uid: bytes,
    stop: threading.Event,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    staff: StaffCard = DEFAULT_STAFF,
    pin: str | None = None,
    login_secret: bytes | None = None,
) -> None:
    """Keep a virtual staff card inserted until ``stop`` is set (``fieldkit sim card``)."""
    card = VirtualCard(uid, staff, pin=pin, login_secret=login_secret)
    VpcdCard(card, host=host, port=port).run_forever(stop)


def build_parser(
    prog: str | None = None, parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser
) -> argparse.ArgumentParser:
    """Its options; ``parser_class`` is the caller's (``fieldkit sim``'s speaks Indonesian)."""
    parser = parser_class(prog=prog, description="FieldKit virtual staff card for vpcd")
    parser.add_argument("--uid", default=DEFAULT_UID.hex(), help="card UID, hex")
    parser.add_argument("--vpcd-host", default=DEFAULT_HOST)
    parser.add_argument("--vpcd-port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--officer-id", default=DEFAULT_STAFF.officer_id)
    parser.add_argument("--office-code", default=DEFAULT_STAFF.office_code)
    parser.add_argument("--pin", help="make it a login card with this PIN (4-12 digits)")
    parser.add_argument(
        "--login-secret", help=f"the login card's secret, {STAFF_SECRET_LEN * 2} hex digits"
    )
    return parser


def _parse_args(
    argv: Sequence[str] | None,
    prog: str | None = None,
    parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser,
) -> argparse.Namespace:
    parser = build_parser(prog, parser_class)
    args = parser.parse_args(argv)
    if (args.pin is None) != (args.login_secret is None):
        parser.error("--pin and --login-secret go together")
    try:
        if args.pin is not None:
            _card_pin(args.pin)
            args.login_secret = bytes.fromhex(args.login_secret)
            if len(args.login_secret) != STAFF_SECRET_LEN:
                raise ValueError(f"the login secret has {STAFF_SECRET_LEN} bytes")  # noqa: TRY301
    except ValueError as exc:
        parser.error(str(exc))
    return args


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

    def serve(stop: threading.Event) -> int:
        try:
            run_virtual_card(
                bytes.fromhex(args.uid),
                stop,
                host=args.vpcd_host,
                port=args.vpcd_port,
                staff=StaffCard(args.officer_id, args.office_code),
                pin=args.pin,
                login_secret=args.login_secret,
            )
        except ConnectionError as exc:
            log.error("%s", exc)  # noqa: TRY400  a clear message, not a traceback
            return 1
        return 0

    return run_until_signalled(serve)


if __name__ == "__main__":
    raise SystemExit(main())
