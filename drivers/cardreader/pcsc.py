"""PC/SC card-reader backend (pyscard's low-level ``smartcard.scard`` API).

Standards followed:

* PC/SC Workgroup specification part 5 (the ``SCard*`` resource-manager API,
  as implemented by pcsc-lite's ``pcscd`` on Linux and WinSCard on Windows);
* PC/SC part 3, section 3.2.2.1.3: the ``FF CA 00 00 00`` GET DATA
  pseudo-APDU, answered by the reader (or by vpcd's card) with the card UID;
* ISO/IEC 7816-4: SELECT (``A4``) by AID or file identifier, READ BINARY
  (``B0``) and the status words.

Scope: officers' staff cards (log-in, team identity) and, later, checking the
UID and ATR of a printed KTP-el card at handover.  This module must NEVER try to
read a citizen's KTP-el chip data: that needs a Dukcapil SAM and authority we
do not have, and it is personal data.

Why the low-level API: its return codes tell "pcscd is not running", "the
reader went away" and "the card was pulled" apart, which the high-level
``smartcard.CardConnection`` folds into generic exceptions.  pcsc-lite has no
timeout for ``SCardTransmit`` (a card that hangs blocks it until removal), so
each APDU runs in a helper thread and is abandoned with its context on timeout.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import TYPE_CHECKING, Any, ClassVar

from smartcard import scard

from drivers.base import (
    CancelToken,
    Deadline,
    DeviceInfo,
    DeviceState,
    DeviceStatus,
    HealthCheck,
    HealthCheckBuilder,
    StatusReason,
)
from drivers.errors import (
    CaptureCancelled,
    DeviceReason,
    DeviceTimeout,
    DeviceUnavailable,
    DriverError,
    ProtocolError,
    ProtocolReason,
    TimeoutReason,
)
from drivers.interfaces import CardEvent, CardEventKind, CardReader
from drivers.iso7816 import SW_LEN, ResponseApdu

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

log = logging.getLogger(__name__)

_SLICE_MS = 200  # GetStatusChange slice: how quickly waits notice a cancel
_REMOVAL_GRACE_S = 1.5  # after a broken APDU, how long to look for the card going away

_SERVICE_DOWN = {
    scard.SCARD_E_NO_SERVICE: DeviceReason.NO_SERVICE,
    scard.SCARD_E_SERVICE_STOPPED: DeviceReason.SERVICE_STOPPED,
    scard.SCARD_E_INVALID_HANDLE: DeviceReason.SERVICE_STOPPED,
}
_DEVICE_REASONS: dict[int, DeviceReason] = {
    **_SERVICE_DOWN,
    scard.SCARD_E_NO_READERS_AVAILABLE: DeviceReason.NOT_FOUND,
    scard.SCARD_E_UNKNOWN_READER: DeviceReason.READER_REMOVED,
    scard.SCARD_E_READER_UNAVAILABLE: DeviceReason.READER_REMOVED,
    scard.SCARD_W_REMOVED_CARD: DeviceReason.CARD_REMOVED,
    scard.SCARD_E_NO_SMARTCARD: DeviceReason.NO_CARD,
    scard.SCARD_W_UNRESPONSIVE_CARD: DeviceReason.CARD_UNRESPONSIVE,
    scard.SCARD_W_UNPOWERED_CARD: DeviceReason.CARD_UNRESPONSIVE,
    scard.SCARD_E_SHARING_VIOLATION: DeviceReason.BUSY,
}
_MESSAGES = {
    DeviceReason.NO_SERVICE: "The smart-card service (pcscd) is not running.",
    DeviceReason.SERVICE_STOPPED: "The smart-card service (pcscd) stopped.",
    DeviceReason.NOT_FOUND: "No smart-card reader is connected.",
    DeviceReason.READER_REMOVED: "The card reader was unplugged.",
    DeviceReason.CARD_REMOVED: "The card was removed.",
    DeviceReason.NO_CARD: "There is no card in the reader.",
    DeviceReason.CARD_UNRESPONSIVE: "The card does not answer; re-insert it.",
    DeviceReason.BUSY: "Another program is using the card.",
}

#: Reader state flags -> device status, first match wins.
_STATE_TABLE = (
    (
        scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE,
        DeviceState.DISCONNECTED,
        StatusReason.READER_REMOVED,
    ),
    (scard.SCARD_STATE_MUTE, DeviceState.ERROR, StatusReason.CARD_MUTE),
    (scard.SCARD_STATE_EXCLUSIVE, DeviceState.BUSY, StatusReason.CARD_EXCLUSIVE),
    (scard.SCARD_STATE_PRESENT, DeviceState.READY, StatusReason.CARD_PRESENT),
)


def _error_for(hresult: int, what: str, device: str | None) -> DriverError:
    reason = _DEVICE_REASONS.get(hresult)
    detail = f"{what} failed: {scard.SCardGetErrorMessage(hresult)} (0x{hresult & 0xFFFFFFFF:08X})"
    log.debug("%s", detail)
    if reason is not None:
        return DeviceUnavailable(_MESSAGES[reason], reason=reason, device=device)
    if hresult == scard.SCARD_E_TIMEOUT:
        return DeviceTimeout(
            "The card reader did not answer in time.",
            reason=TimeoutReason.NO_RESPONSE,
            device=device,
        )
    return ProtocolError(
        f"Card communication failed ({detail}).",
        reason=ProtocolReason.COMMUNICATION,
        device=device,
        code=hresult,
    )


def _check(hresult: int, what: str, device: str | None = None) -> None:
    if hresult != scard.SCARD_S_SUCCESS:
        raise _error_for(hresult, what, device)


def _establish() -> Any:
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    _check(hresult, "SCardEstablishContext")
    return context


def list_readers() -> list[str]:
    """Readers pcscd knows; raises ``DeviceUnavailable(NO_SERVICE)`` without pcscd."""
    context = _establish()
    try:
        hresult, readers = scard.SCardListReaders(context, [])
        if hresult == scard.SCARD_E_NO_READERS_AVAILABLE:
            return []
        _check(hresult, "SCardListReaders")
        return [str(r) for r in readers]
    finally:
        scard.SCardReleaseContext(context)


def _present(event_state: int) -> bool:
    return bool(event_state & scard.SCARD_STATE_PRESENT) and not (
        event_state & scard.SCARD_STATE_MUTE
    )


class PcscCardReader(CardReader):
    backend_name: ClassVar[str] = "pcsc"

    def __init__(self, reader: str | None = None, *, apdu_timeout_s: float = 5.0) -> None:
        """``reader`` is an exact reader name or a unique part of it; None: the first."""
        self._wanted = reader
        self._apdu_timeout_s = apdu_timeout_s
        self._context: Any = None
        self._card: Any = None
        self._protocol = 0
        self._atr = b""
        self._reader = ""
        self._busy = threading.Lock()

    # --- lifecycle -------------------------------------------------------

    def open(self) -> None:
        if self._context is not None:
            return
        context = _establish()
        try:
            hresult, names = scard.SCardListReaders(context, [])
            if hresult != scard.SCARD_E_NO_READERS_AVAILABLE:
                _check(hresult, "SCardListReaders")
            self._reader = self._pick(list(names) if hresult == scard.SCARD_S_SUCCESS else [])
        except DriverError:
            scard.SCardReleaseContext(context)
            raise
        self._context = context
        log.info("opened PC/SC reader %s", self._reader)

    def _pick(self, names: list[str]) -> str:
        if not names:
            raise DeviceUnavailable(
                _MESSAGES[DeviceReason.NOT_FOUND], reason=DeviceReason.NOT_FOUND
            )
        if self._wanted is None:
            return names[0]
        if self._wanted in names:
            return self._wanted
        matches = [n for n in names if self._wanted in n]
        if len(matches) != 1:
            raise DeviceUnavailable(
                f"No single card reader matches {self._wanted!r}.",
                reason=DeviceReason.NOT_FOUND,
            )
        return matches[0]

    def close(self) -> None:
        if self._card is not None:
            with contextlib.suppress(DriverError):
                self.disconnect()
        if self._context is not None:
            scard.SCardReleaseContext(self._context)
            self._context = None
            log.info("closed PC/SC reader %s", self._reader)

    def _ctx(self) -> Any:
        if self._context is None:
            raise DeviceUnavailable("The card reader is not open.", reason=DeviceReason.NOT_OPEN)
        return self._context

    # --- information -----------------------------------------------------

    def readers(self) -> list[str]:
        return list_readers()

    def info(self) -> DeviceInfo:
        vendor = self._reader.split(" ", 1)[0] if self._reader else ""
        return DeviceInfo(
            modality=self.modality,
            vendor=vendor,
            model=self._reader,
            serial="",
            firmware="",
            backend=self.backend_name,
            capabilities=frozenset({"atr", "uid", "select", "read_binary", "events"}),
            address=self._reader,
        )

    def _reader_state(self, timeout_ms: int, known: int) -> tuple[int, int, bytes]:
        hresult, states = scard.SCardGetStatusChange(
            self._ctx(), timeout_ms, [(self._reader, known)]
        )
        if hresult != scard.SCARD_S_SUCCESS:
            return hresult, 0, b""
        _name, event_state, atr = states[0]
        return hresult, int(event_state), bytes(atr)

    def status(self) -> DeviceStatus:
        if self._context is None:
            return DeviceStatus(DeviceState.NOT_READY, StatusReason.NOT_OPEN)
        if self._busy.locked():
            return DeviceStatus(DeviceState.BUSY, StatusReason.EXCHANGING)
        hresult, state, _atr = self._reader_state(0, scard.SCARD_STATE_UNAWARE)
        if hresult in _SERVICE_DOWN:
            return DeviceStatus(DeviceState.DISCONNECTED, StatusReason.PCSCD_NOT_RUNNING)
        if hresult != scard.SCARD_S_SUCCESS:
            return DeviceStatus.system_error(DeviceState.ERROR, scard.SCardGetErrorMessage(hresult))
        for mask, device_state, why in _STATE_TABLE:
            if state & mask:
                return DeviceStatus(device_state, why)
        return DeviceStatus(DeviceState.NOT_READY, StatusReason.NO_CARD)

    def card_present(self) -> bool:
        hresult, state, _atr = self._reader_state(0, scard.SCARD_STATE_UNAWARE)
        _check(hresult, "SCardGetStatusChange", self._reader)
        return _present(state)

    # --- presence --------------------------------------------------------

    def _wait(self, timeout_s: float, cancel: CancelToken | None, *, want_present: bool) -> bytes:
        deadline = Deadline(timeout_s)
        known = scard.SCARD_STATE_UNAWARE
        while True:
            if cancel is not None and cancel.cancelled:
                raise CaptureCancelled(device=self._reader)
            slice_ms = int(min(_SLICE_MS, deadline.remaining() * 1000))
            hresult, state, atr = self._reader_state(slice_ms, known)
            if hresult == scard.SCARD_S_SUCCESS:
                self._raise_if_reader_gone(state)
                if _present(state) == want_present:
                    return atr
                known = state & ~scard.SCARD_STATE_CHANGED
            elif hresult != scard.SCARD_E_TIMEOUT:
                _check(hresult, "SCardGetStatusChange", self._reader)
            if deadline.expired:
                if want_present:
                    raise DeviceTimeout(
                        "No card was presented in time.",
                        reason=TimeoutReason.NO_CARD,
                        device=self._reader,
                    )
                raise DeviceTimeout(
                    "The card was not removed in time.",
                    reason=TimeoutReason.NOT_REMOVED,
                    device=self._reader,
                )

    def _raise_if_reader_gone(self, state: int) -> None:
        if state & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
            raise DeviceUnavailable(
                _MESSAGES[DeviceReason.READER_REMOVED],
                reason=DeviceReason.READER_REMOVED,
                device=self._reader,
            )

    def wait_for_card(self, timeout_s: float, cancel: CancelToken | None = None) -> bytes:
        return self._wait(timeout_s, cancel, want_present=True)

    def wait_for_removal(self, timeout_s: float, cancel: CancelToken | None = None) -> None:
        self._wait(timeout_s, cancel, want_present=False)

    def events(self, cancel: CancelToken) -> Iterator[CardEvent]:
        # A context of its own: pcsc-lite serialises calls per context, and
        # the consumer usually transmits from another thread meanwhile.
        self._ctx()
        context = _establish()
        try:
            known = scard.SCARD_STATE_UNAWARE
            present = False
            while not cancel.cancelled:
                hresult, states = scard.SCardGetStatusChange(
                    context, _SLICE_MS, [(self._reader, known)]
                )
                if hresult == scard.SCARD_E_TIMEOUT:
                    continue
                _check(hresult, "SCardGetStatusChange", self._reader)
                _name, state, atr = states[0]
                self._raise_if_reader_gone(int(state))
                known = int(state) & ~scard.SCARD_STATE_CHANGED
                now_present = _present(int(state))
                if now_present != present:
                    present = now_present
                    kind = CardEventKind.INSERTED if present else CardEventKind.REMOVED
                    yield CardEvent(kind, self._reader, bytes(atr) if present else b"")
        finally:
            scard.SCardReleaseContext(context)

    # --- card session ----------------------------------------------------

    def connect(self) -> bytes:
        if self._card is not None:
            return self._atr
        hresult, card, protocol = scard.SCardConnect(
            self._ctx(),
            self._reader,
            scard.SCARD_SHARE_SHARED,
            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
        )
        _check(hresult, "SCardConnect", self._reader)
        hresult, _name, _state, _proto, atr = scard.SCardStatus(card)
        if hresult != scard.SCARD_S_SUCCESS:
            scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
            _check(hresult, "SCardStatus", self._reader)
        self._card, self._protocol, self._atr = card, int(protocol), bytes(atr)
        return self._atr

    def disconnect(self, *, reset: bool = False) -> None:
        card, self._card = self._card, None
        if card is not None:
            disposition = scard.SCARD_RESET_CARD if reset else scard.SCARD_LEAVE_CARD
            hresult = scard.SCardDisconnect(card, disposition)
            if hresult not in (scard.SCARD_S_SUCCESS, scard.SCARD_W_REMOVED_CARD):
                _check(hresult, "SCardDisconnect", self._reader)

    def transmit(self, apdu: bytes) -> ResponseApdu:
        if self._card is None:
            self.connect()
        card, protocol = self._card, self._protocol
        with self._busy:
            hresult, response = self._bounded(
                lambda: scard.SCardTransmit(card, protocol, list(apdu))
            )
        if hresult != scard.SCARD_S_SUCCESS:
            self._after_failure()
            if hresult in (scard.SCARD_E_NOT_TRANSACTED, scard.SCARD_F_COMM_ERROR):
                self._raise_if_removed()
            _check(hresult, "SCardTransmit", self._reader)
        raw = bytes(response)
        if len(raw) < SW_LEN:
            # vpcd (and some readers) report success with no data when the card
            # vanishes mid-exchange; tell a pulled card from a garbled answer.
            self._after_failure()
            self._raise_if_removed()
            raise ProtocolError(
                "The card's answer was cut short.",
                reason=ProtocolReason.TRUNCATED,
                device=self._reader,
            )
        return ResponseApdu.parse(raw)

    def _after_failure(self) -> None:
        with contextlib.suppress(DriverError):
            self.disconnect()

    def _raise_if_removed(self) -> None:
        deadline = Deadline(_REMOVAL_GRACE_S)
        known = scard.SCARD_STATE_UNAWARE
        while not deadline.expired:
            hresult, state, _atr = self._reader_state(int(deadline.remaining() * 1000) + 1, known)
            if hresult == scard.SCARD_E_TIMEOUT:
                return
            _check(hresult, "SCardGetStatusChange", self._reader)
            if not state & scard.SCARD_STATE_PRESENT:
                raise DeviceUnavailable(
                    _MESSAGES[DeviceReason.CARD_REMOVED],
                    reason=DeviceReason.CARD_REMOVED,
                    device=self._reader,
                )
            known = state & ~scard.SCARD_STATE_CHANGED

    def _bounded(self, call: Callable[[], tuple[int, list[int]]]) -> tuple[int, list[int]]:
        """Run a blocking pcsc call with a deadline; abandon its context on timeout."""
        box: list[tuple[int, list[int]]] = []
        done = threading.Event()

        def run() -> None:
            try:
                box.append(call())
            finally:
                done.set()

        worker = threading.Thread(target=run, name="pcsc-transmit", daemon=True)
        worker.start()
        if not done.wait(self._apdu_timeout_s):
            self._abandon(worker)
            raise DeviceTimeout(
                f"The card did not answer within {self._apdu_timeout_s:g} s; re-insert it.",
                reason=TimeoutReason.NO_RESPONSE,
                device=self._reader,
            )
        if not box:
            raise ProtocolError(
                "The card exchange failed inside pyscard.",
                reason=ProtocolReason.COMMUNICATION,
                device=self._reader,
            )
        return box[0]

    def _abandon(self, worker: threading.Thread) -> None:
        """Leave the stuck handle and context to a reaper; carry on with fresh ones."""
        old_context, old_card = self._context, self._card
        self._card = None
        self._context = _establish()

        def reap() -> None:
            worker.join()
            scard.SCardDisconnect(old_card, scard.SCARD_LEAVE_CARD)
            scard.SCardReleaseContext(old_context)

        threading.Thread(target=reap, name="pcsc-reaper", daemon=True).start()

    # --- self-test -------------------------------------------------------

    def health_check(self) -> HealthCheck:
        checks = HealthCheckBuilder()
        try:
            names = list_readers()
        except DriverError as exc:
            checks.add("pcsc_service", ok=False, detail=exc.message)
            return checks.finish()
        checks.add("pcsc_service", ok=True)
        opened_here = self._context is None
        try:
            if opened_here:
                self.open()
            checks.add("reader", ok=True, detail=f"{len(names)} reader(s)")
            if self.card_present():
                self.connect()
                try:
                    checks.add("card_uid", ok=bool(self.get_uid()))
                finally:
                    self.disconnect()
            else:
                checks.add("card_uid", ok=True, detail="no card inserted; skipped")
        except DriverError as exc:
            checks.add("reader", ok=False, detail=exc.message)
        finally:
            if opened_here:
                self.close()
        return checks.finish(self.info())
