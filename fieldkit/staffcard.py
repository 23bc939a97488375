"""Staff-card login: the card checks the PIN, and its secret opens the officer's slot.

One function per action, so the login screen, the settings screen and ``fieldkit
officer card-bind`` do the same thing.  The card reader only carries out the
card's own operations (``CardReader``: SELECT, READ BINARY, VERIFY); what they
mean for FieldKit lives here: the PIN rule, the order of the unlock, and the
login secret.  A driver's refusal (a wrong PIN, a blocked card, no card in time)
comes out as a ``DeviceError`` whose code keeps the card's reason, for the
screens to word; a screen never sees a ``DriverError``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from drivers import DriverError, Modality, get_backend
from drivers.errors import DeviceReason, DeviceUnavailable, ProtocolError, ProtocolReason
from drivers.staff_card import (
    STAFF_AID,
    STAFF_EF,
    STAFF_PIN_REF,
    STAFF_SECRET_EF,
    STAFF_SECRET_LEN,
    StaffCard,
)
from fieldkit import login
from fieldkit.accounts import Accounts
from fieldkit.devices import DeviceError, converted
from fieldkit.enrollment import cosign
from fieldkit.errors import InvalidInput

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from drivers.base import CancelToken
    from drivers.interfaces import CardReader
    from fieldkit.enrollment.cosign import Cosign, CosignSubject
    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

LOGIN_TIMEOUT_S = 15.0
#: How many digits an officer's PIN has: short enough to type, long enough that
#: the card's three tries make guessing hopeless.
MIN_PIN_DIGITS = 4
MAX_PIN_DIGITS = 12

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class StaffUnlock:
    """A staff card opened with its PIN: who it belongs to, and its login secret."""

    uid: bytes
    staff: StaffCard
    login_secret: bytes = field(repr=False)


def pin_well_formed(pin: str) -> bool:
    """Whether ``pin`` is 4 to 12 ASCII digits; only such a PIN is sent to the card."""
    return pin.isascii() and pin.isdigit() and MIN_PIN_DIGITS <= len(pin) <= MAX_PIN_DIGITS


def valid_pin(pin: str) -> str:
    """``pin`` itself, or ``InvalidInput`` before a malformed PIN costs a try on the card."""
    if not pin_well_formed(pin):
        raise InvalidInput(code="card_pin_format")
    return pin


def first_reader() -> CardReader | None:
    """The first PC/SC reader, or None without pcscd or without a reader (no card box then)."""
    try:
        reader = get_backend(Modality.CARD, "pcsc")  # the registry loads pyscard here
        return reader if reader.readers() else None
    except (DriverError, ImportError) as error:
        log.info("no PC/SC reader for staff-card login: %s", type(error).__name__)
        return None


def on_reader(open_reader: Callable[[], CardReader | None], work: Callable[[CardReader], T]) -> T:
    """Open the reader ``open_reader`` gives, run ``work`` on it, and close it again.

    No reader is a ``DeviceError`` (NOT_FOUND), as is any driver error while the
    reader opens or closes.
    """
    reader = open_reader()
    if reader is None:
        missing = DeviceUnavailable(
            "No card reader is connected to this laptop.", reason=DeviceReason.NOT_FOUND
        )
        raise DeviceError(missing)
    with converted(), reader:
        return work(reader)


def read_staff_record(reader: CardReader) -> StaffCard:
    """The officer record on a connected staff card (no PIN needed)."""
    reader.select_application(STAFF_AID)
    return StaffCard.decode(reader.read_file(STAFF_EF))


def _unlock(
    reader: CardReader, pin: str, timeout_s: float, cancel: CancelToken | None
) -> StaffUnlock:
    """Wait for a staff card, verify the officer's PIN on it and read its login secret.

    The card, not this code, counts wrong PINs: ``WrongPin`` says how many tries
    are left, and a blocked card answers ``CardStatusError`` (PIN_BLOCKED).
    """
    digits = valid_pin(pin).encode("ascii")  # a malformed PIN never reaches the card's counter
    reader.await_card(timeout_s, cancel)
    reader.connect()
    try:
        uid = reader.get_uid()
        staff = read_staff_record(reader)
        reader.verify_pin(STAFF_PIN_REF, digits)
        secret = reader.read_file(STAFF_SECRET_EF)
    finally:
        # Left powered, the card would stay verified for any other program.
        reader.disconnect(reset=True)
    if len(secret) != STAFF_SECRET_LEN:
        raise ProtocolError(
            f"The staff card's login secret has {len(secret)} bytes, not {STAFF_SECRET_LEN}.",
            reason=ProtocolReason.BAD_LENGTH,
        )
    log.info("staff card unlocked on %s", reader.info().address)
    return StaffUnlock(uid, staff, secret)


def read_login_secret(
    reader: CardReader,
    pin: str,
    timeout_s: float = LOGIN_TIMEOUT_S,
    cancel: CancelToken | None = None,
) -> StaffUnlock:
    """The card's UID and login secret, which it releases only after its PIN.

    The slow part of every card action (waiting for the card, the PIN check), kept
    apart so a screen can run it on a worker and the store work on its own thread.
    """
    valid_pin(pin)
    with converted():
        return _unlock(reader, pin, timeout_s, cancel)


def log_in(
    directory: Path, reader: CardReader, pin: str, timeout_s: float = LOGIN_TIMEOUT_S
) -> Workspace:
    """Open the store as the officer whose bound card is in ``reader``."""
    card = read_login_secret(reader, pin, timeout_s)
    return login.log_in_with_card(directory, card.uid, card.login_secret)


def bind(
    ws: Workspace, reader: CardReader, password: str, pin: str, timeout_s: float = LOGIN_TIMEOUT_S
) -> StaffCard:
    """Let the logged-in officer log in with the card in ``reader`` from now on."""
    card = read_login_secret(reader, pin, timeout_s)
    Accounts(ws).bind_card(password, card.uid, card.login_secret)
    log.info("staff card bound (role %s)", ws.officer.role.value)
    return card.staff


def countersign(
    ws: Workspace,
    enrollment_ref: str,
    subject: CosignSubject,
    reader: CardReader,
    pin: str,
    *,
    timeout_s: float = LOGIN_TIMEOUT_S,
) -> list[Cosign]:
    """The ketua tim countersigns ``subject`` on the spot with the card in ``reader``.

    The office rule is checked first, so no PIN try is spent on the card when the
    countersign is not offered; a wrong PIN is the card's refusal, as at login.
    """
    if not cosign.offered(ws):
        raise cosign.CosignNotOffered
    card = read_login_secret(reader, pin, timeout_s)
    return cosign.cosign_with_card(ws, enrollment_ref, subject, card)


__all__ = [
    "LOGIN_TIMEOUT_S",
    "MAX_PIN_DIGITS",
    "MIN_PIN_DIGITS",
    "StaffCard",
    "StaffUnlock",
    "bind",
    "countersign",
    "first_reader",
    "log_in",
    "on_reader",
    "pin_well_formed",
    "read_login_secret",
    "read_staff_record",
    "valid_pin",
]
