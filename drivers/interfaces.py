"""One abstract class per modality; backends subclass exactly one of these."""

from __future__ import annotations

import abc
import enum
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from drivers.base import (
    CancelToken,
    Deadline,
    Device,
    DeviceInfo,
    ImageDevice,
    Modality,
    utcnow,
)
from drivers.cardreader.apdu import (
    GET_UID,
    MAX_SHORT_LE,
    STAFF_AID,
    STAFF_EF,
    STAFF_SECRET_EF,
    STAFF_SECRET_LEN,
    SW,
    ResponseApdu,
    StaffCard,
    check_pin,
    fcp_file_size,
    read_binary,
    select_aid,
    select_file,
    verify_pin,
)
from drivers.errors import (
    CaptureCancelled,
    DeviceTimeout,
    ProtocolError,
    ProtocolReason,
    TimeoutReason,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime

log = logging.getLogger(__name__)


class FaceCamera(ImageDevice):
    modality: ClassVar[Modality] = Modality.FACE
    min_preview_fps: ClassVar[float] = 15.0


class IrisCamera(ImageDevice):
    """Captures ISO 19794-6 K2 images (640x480); ``position`` is "left"/"right"/"both"."""

    modality: ClassVar[Modality] = Modality.IRIS
    min_preview_fps: ClassVar[float] = 3.0
    #: How many eyes one capture yields: a dual-iris camera 2, a handheld one-eye camera 1.
    eyes_per_capture: ClassVar[int] = 1


class FingerprintScanner(ImageDevice):
    """500 ppi 8-bit grey; ``position`` is the ANSI/NIST finger position code."""

    modality: ClassVar[Modality] = Modality.FINGERPRINT
    min_preview_fps: ClassVar[float] = 3.0
    #: Whether the platen takes four fingers at once (4-4-2 slaps), or one finger only.
    takes_slaps: ClassVar[bool] = False


class SignaturePad(ImageDevice):
    """Results carry pen samples (and a rendered image); preview shows the ink so far."""

    modality: ClassVar[Modality] = Modality.SIGNATURE
    min_preview_fps: ClassVar[float] = 15.0


# --- card reader ------------------------------------------------------------


class CardEventKind(enum.Enum):
    INSERTED = "inserted"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class CardEvent:
    kind: CardEventKind
    reader: str
    atr: bytes = b""
    timestamp: float = field(default_factory=time.monotonic)


@dataclass(frozen=True, slots=True)
class CardReadRequest:
    timeout_s: float = 10.0
    cancel: CancelToken = field(default_factory=CancelToken)
    #: Also SELECT the FieldKit staff application and read the officer record.
    read_staff_card: bool = True


@dataclass(frozen=True, slots=True)
class CardRead:
    device: DeviceInfo
    reader: str
    atr: bytes
    uid: bytes
    staff: StaffCard | None
    started_at: datetime
    finished_at: datetime


@dataclass(frozen=True, slots=True)
class StaffUnlock:
    """A staff card opened with its PIN: who it belongs to, and its login secret."""

    uid: bytes
    staff: StaffCard
    login_secret: bytes = field(repr=False)


class CardReader(Device):
    """A contact/contactless reader: not an image device; it reads ATR, UID and files.

    Backends implement presence, connection and ``transmit``; the APDU-level
    helpers (UID, SELECT, READ BINARY, staff card) are shared here so every
    backend reads cards the same way.
    """

    modality: ClassVar[Modality] = Modality.CARD

    @abc.abstractmethod
    def readers(self) -> list[str]:
        """Names of the readers this backend can see."""

    @abc.abstractmethod
    def card_present(self) -> bool: ...

    @abc.abstractmethod
    def wait_for_card(self, timeout_s: float, cancel: CancelToken | None = None) -> bytes:
        """Block until a card is in the reader; return its ATR."""

    @abc.abstractmethod
    def wait_for_removal(self, timeout_s: float, cancel: CancelToken | None = None) -> None: ...

    @abc.abstractmethod
    def events(self, cancel: CancelToken) -> Iterator[CardEvent]:
        """Yield insert/remove events (the current card first, if any) until cancelled."""

    @abc.abstractmethod
    def connect(self) -> bytes:
        """Power up the card and return its ATR."""

    @abc.abstractmethod
    def disconnect(self, *, reset: bool = False) -> None:
        """Release the card; ``reset`` also clears what a PIN opened on it."""

    @abc.abstractmethod
    def transmit(self, apdu: bytes) -> ResponseApdu:
        """Send one command APDU, bounded by the backend's APDU timeout."""

    # --- shared APDU helpers ---------------------------------------------

    def get_uid(self) -> bytes:
        """UID via the PC/SC part 3 pseudo-APDU ``FF CA 00 00 00``."""
        return self.transmit(GET_UID).check("GET UID")

    def select_application(self, aid: bytes) -> bytes:
        return self.transmit(select_aid(aid)).check("SELECT application")

    def select_file(self, file_id: int) -> int:
        """SELECT an EF in the current application; return its size from the FCP."""
        return fcp_file_size(self.transmit(select_file(file_id)).check("SELECT file"))

    def read_binary(self, offset: int, length: int) -> bytes:
        return self.transmit(read_binary(offset, length)).check(
            "READ BINARY", allow=(SW.END_OF_FILE,)
        )

    def read_file(self, file_id: int) -> bytes:
        size = self.select_file(file_id)
        out = bytearray()
        while len(out) < size:
            chunk = self.read_binary(len(out), min(MAX_SHORT_LE - 1, size - len(out)))
            if not chunk:
                break
            out += chunk
        return bytes(out)

    def read_staff_card(self) -> StaffCard:
        self.select_application(STAFF_AID)
        return StaffCard.decode(self.read_file(STAFF_EF))

    def unlock_staff_card(
        self, pin: str, timeout_s: float = 10.0, cancel: CancelToken | None = None
    ) -> StaffUnlock:
        """Wait for a staff card, verify the officer's PIN on it and read its login secret.

        The card, not this code, counts wrong PINs: ``WrongPin`` says how many
        tries are left, and a blocked card answers ``CardStatusError`` (PIN_BLOCKED).
        """
        command = verify_pin(pin)  # a malformed PIN never reaches the card's counter
        self._wait_for_card(timeout_s, cancel or CancelToken())
        self.connect()
        try:
            uid = self.get_uid()
            staff = self.read_staff_card()
            self.transmit(command).check("the PIN")
            secret = self.read_file(STAFF_SECRET_EF)
        finally:
            # Left powered, the card would stay verified for any other program.
            self.disconnect(reset=True)
        if len(secret) != STAFF_SECRET_LEN:
            raise ProtocolError(
                f"The staff card's login secret has {len(secret)} bytes, not {STAFF_SECRET_LEN}.",
                reason=ProtocolReason.BAD_LENGTH,
            )
        log.info("staff card unlocked on %s", self.info().address)
        return StaffUnlock(uid, staff, secret)

    def _wait_for_card(self, timeout_s: float, cancel: CancelToken) -> None:
        deadline = Deadline(timeout_s)
        self.wait_for_card(deadline.remaining(), cancel)
        if cancel.cancelled:
            raise CaptureCancelled
        if deadline.expired:
            raise DeviceTimeout("No card was presented in time.", reason=TimeoutReason.NO_CARD)

    def capture(self, request: CardReadRequest) -> CardRead:
        """Wait for a card, read ATR, UID and (optionally) the staff record."""
        started_at = utcnow()
        self._wait_for_card(request.timeout_s, request.cancel)
        atr = self.connect()
        try:
            uid = self.get_uid()
            staff = self.read_staff_card() if request.read_staff_card else None
        finally:
            self.disconnect()
        info = self.info()
        log.info("card read on %s (staff record: %s)", info.address, staff is not None)
        return CardRead(
            device=info,
            reader=info.address,
            atr=atr,
            uid=uid,
            staff=staff,
            started_at=started_at,
            finished_at=utcnow(),
        )


#: The staff card's format, for the core (``fieldkit.staffcard``): part of the public interface.
__all__ = [
    "CardEvent",
    "CardEventKind",
    "CardRead",
    "CardReadRequest",
    "CardReader",
    "FaceCamera",
    "FingerprintScanner",
    "IrisCamera",
    "SignaturePad",
    "StaffCard",
    "StaffUnlock",
    "check_pin",
]
