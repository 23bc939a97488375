"""Simulated card reader for training mode on laptops without pcscd.

It runs the same ``VirtualCard`` the vpcd simulator puts into pcscd, but
in-process, so staff-card log-in can be practised with no smart-card stack.
When pcscd and vpcd are installed, prefer the ``pcsc`` backend with
``python -m drivers.cardreader.vpcd_card``: it exercises the real stack.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, ClassVar

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
from drivers.cable import SimCable
from drivers.cardreader.vpcd_card import DEFAULT_STAFF, DEFAULT_UID, VirtualCard
from drivers.errors import (
    CaptureCancelled,
    DeviceReason,
    DeviceTimeout,
    DeviceUnavailable,
    TimeoutReason,
)
from drivers.interfaces import CardEvent, CardEventKind, CardReader
from drivers.iso7816 import GET_UID, ResponseApdu

if TYPE_CHECKING:
    from collections.abc import Iterator

    from drivers.staff_card import StaffCard

_SLICE_S = 0.2


class SimCardReader(CardReader):
    backend_name: ClassVar[str] = "sim"
    reader_name: ClassVar[str] = "FieldKit Simulated Reader 00"

    def __init__(
        self,
        uid: str | bytes = DEFAULT_UID,
        *,
        inserted: bool = True,
        staff: StaffCard | None = DEFAULT_STAFF,
        pin: str | None = None,
        login_secret: bytes | None = None,
        cable: SimCable | None = None,
    ) -> None:
        """``cable`` is the reader's USB cable: pulled out, it is gone as PC/SC says."""
        self.cable = cable or SimCable()
        self._uid = bytes.fromhex(uid) if isinstance(uid, str) else uid
        self._staff = staff
        self._pin, self._login_secret = pin, login_secret
        self._cond = threading.Condition()
        self._card: VirtualCard | None = self._new_card() if inserted else None
        self._connected = False
        self._open = False

    # --- trainer controls ------------------------------------------------

    def insert_card(self, card: VirtualCard | None = None) -> None:
        with self._cond:
            self._card = card or self._new_card()
            self._cond.notify_all()

    def _new_card(self) -> VirtualCard:
        return VirtualCard(self._uid, self._staff, pin=self._pin, login_secret=self._login_secret)

    def remove_card(self) -> None:
        with self._cond:
            self._card = None
            self._connected = False
            self._cond.notify_all()

    # --- Device ----------------------------------------------------------

    def open(self) -> None:
        if not self.cable.plugged:  # PC/SC lists no reader
            raise DeviceUnavailable(
                "No smart-card reader is connected.", reason=DeviceReason.NOT_FOUND
            )
        self._open = True

    def close(self) -> None:
        self._connected = False
        self._open = False

    def _require_open(self) -> None:
        if not self._open:
            raise DeviceUnavailable("The card reader is not open.", reason=DeviceReason.NOT_OPEN)
        self._require_plugged()

    def _require_plugged(self) -> None:
        if not self.cable.plugged:  # PC/SC: SCARD_E_READER_UNAVAILABLE
            raise DeviceUnavailable(
                "The card reader was unplugged.",
                reason=DeviceReason.READER_REMOVED,
                device=self.reader_name,
            )

    def info(self) -> DeviceInfo:
        return DeviceInfo(
            modality=self.modality,
            vendor="FieldKit",
            model="Simulated card reader",
            serial="SIM-0000",
            firmware="1",
            backend=self.backend_name,
            capabilities=frozenset({"atr", "uid", "select", "read_binary", "events"}),
            address=self.reader_name,
        )

    def status(self) -> DeviceStatus:
        if not self._open:
            return DeviceStatus(DeviceState.NOT_READY, StatusReason.NOT_OPEN)
        if not self.cable.plugged:
            return DeviceStatus(DeviceState.DISCONNECTED, StatusReason.READER_REMOVED)
        if self._card is None:
            return DeviceStatus(DeviceState.NOT_READY, StatusReason.NO_CARD)
        return DeviceStatus(DeviceState.READY, StatusReason.CARD_PRESENT)

    def health_check(self) -> HealthCheck:
        checks = HealthCheckBuilder()
        checks.add("reader", ok=True, detail=self.reader_name)
        if self._card is not None:
            answer = ResponseApdu.parse(self._card.process(GET_UID))
            checks.add("card_uid", ok=answer.ok)
        return checks.finish(self.info())

    # --- CardReader ------------------------------------------------------

    def readers(self) -> list[str]:
        return [self.reader_name]

    def card_present(self) -> bool:
        self._require_open()
        return self._card is not None

    def _wait(self, timeout_s: float, cancel: CancelToken | None, *, present: bool) -> None:
        self._require_open()
        deadline = Deadline(timeout_s)
        with self._cond:
            while (self._card is not None) != present:
                self._require_open()  # a reader pulled out meanwhile is said at once
                if cancel is not None and cancel.cancelled:
                    raise CaptureCancelled(device=self.reader_name)
                if deadline.expired:
                    reason = TimeoutReason.NO_CARD if present else TimeoutReason.NOT_REMOVED
                    raise DeviceTimeout("The card did not arrive or leave in time.", reason=reason)
                self._cond.wait(min(_SLICE_S, deadline.remaining()))

    def wait_for_card(self, timeout_s: float, cancel: CancelToken | None = None) -> bytes:
        self._wait(timeout_s, cancel, present=True)
        card = self._card
        return card.atr if card is not None else b""

    def wait_for_removal(self, timeout_s: float, cancel: CancelToken | None = None) -> None:
        self._wait(timeout_s, cancel, present=False)

    def events(self, cancel: CancelToken) -> Iterator[CardEvent]:
        self._require_open()
        seen: VirtualCard | None = None
        while not cancel.cancelled:
            self._require_open()
            with self._cond:
                if self._card is seen:
                    self._cond.wait(_SLICE_S)
                current = self._card
            if current is seen:
                continue
            if seen is not None:
                yield CardEvent(CardEventKind.REMOVED, self.reader_name)
            if current is not None:
                yield CardEvent(CardEventKind.INSERTED, self.reader_name, current.atr)
            seen = current

    def connect(self) -> bytes:
        self._require_open()
        card = self._card
        if card is None:
            raise DeviceUnavailable("There is no card in the reader.", reason=DeviceReason.NO_CARD)
        if not self._connected:
            card.power_on()
            self._connected = True
        return card.atr

    def disconnect(self, *, reset: bool = False) -> None:
        self._connected = False
        card = self._card
        if reset and card is not None:
            card.power_on()  # a warm reset: the card forgets a verified PIN

    def transmit(self, apdu: bytes) -> ResponseApdu:
        self._require_plugged()
        card = self._card
        if card is None:
            self._connected = False
            raise DeviceUnavailable("The card was removed.", reason=DeviceReason.CARD_REMOVED)
        if not self._connected:
            self.connect()
        return ResponseApdu.parse(card.process(apdu))
