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
from drivers.errors import CaptureCancelled, DeviceTimeout, TimeoutReason
from drivers.iso7816 import (
    GET_UID,
    MAX_SHORT_LE,
    SW,
    ResponseApdu,
    fcp_file_size,
    read_binary,
    select_aid,
    select_file,
    verify,
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


@dataclass(frozen=True, slots=True)
class CardRead:
    device: DeviceInfo
    reader: str
    atr: bytes
    uid: bytes
    started_at: datetime
    finished_at: datetime


class CardReader(Device):
    """A contact/contactless reader: not an image device; it reads ATR, UID and files.

    Backends implement presence, connection and ``transmit``; the card's own
    operations (UID, SELECT, READ BINARY, VERIFY) are shared here so every
    backend speaks to cards the same way.  What a card holds and what a login
    does with it are not the reader's business: FieldKit's staff card is read
    by ``fieldkit.staffcard`` through these operations.
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

    def verify_pin(self, reference: int, pin: bytes) -> None:
        """ISO 7816-4 VERIFY, as the card does it: the card, not this code, counts tries.

        A wrong PIN raises ``WrongPin`` with the tries left; a blocked card raises
        ``CardStatusError`` (PIN_BLOCKED).
        """
        self.transmit(verify(reference, pin)).check("the PIN")

    def await_card(self, timeout_s: float, cancel: CancelToken | None = None) -> None:
        """Wait for a card; cancelling raises ``CaptureCancelled``, no card ``DeviceTimeout``."""
        cancel = cancel or CancelToken()
        deadline = Deadline(timeout_s)
        self.wait_for_card(deadline.remaining(), cancel)
        if cancel.cancelled:
            raise CaptureCancelled
        if deadline.expired:
            raise DeviceTimeout("No card was presented in time.", reason=TimeoutReason.NO_CARD)

    def capture(self, request: CardReadRequest) -> CardRead:
        """Wait for a card, read its ATR and UID."""
        started_at = utcnow()
        self.await_card(request.timeout_s, request.cancel)
        atr = self.connect()
        try:
            uid = self.get_uid()
        finally:
            self.disconnect()
        info = self.info()
        log.info("card read on %s", info.address)
        return CardRead(
            device=info,
            reader=info.address,
            atr=atr,
            uid=uid,
            started_at=started_at,
            finished_at=utcnow(),
        )


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
]
