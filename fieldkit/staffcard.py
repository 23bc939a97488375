"""Staff-card login: the card checks the PIN, and its secret opens the officer's slot.

One function per action, so the login screen, the settings screen and ``fieldkit
officer card-bind`` do the same thing.  The caller opens the reader; a driver's
refusal (a wrong PIN, a blocked card, no card in time) comes out as a
``DeviceError`` whose code keeps the card's reason, for the screens to word.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from drivers import DriverError
from drivers.interfaces import check_pin
from fieldkit.accounts import Accounts
from fieldkit.devices import DeviceError
from fieldkit.errors import InvalidInput
from fieldkit.workspace import Workspace

if TYPE_CHECKING:
    from pathlib import Path

    from drivers.interfaces import CardReader, StaffCard, StaffUnlock

log = logging.getLogger(__name__)

LOGIN_TIMEOUT_S = 15.0


def valid_pin(pin: str) -> str:
    try:
        check_pin(pin)
    except ValueError:
        raise InvalidInput(code="card_pin_format") from None
    return pin


def read_login_secret(
    reader: CardReader, pin: str, timeout_s: float = LOGIN_TIMEOUT_S
) -> StaffUnlock:
    """The card's UID and login secret, which it releases only after its PIN.

    The slow part of every card action (waiting for the card, the PIN check), kept
    apart so a screen can run it on a worker and the store work on its own thread.
    """
    valid_pin(pin)
    try:
        return reader.unlock_staff_card(pin, timeout_s=timeout_s)
    except DriverError as error:
        raise DeviceError(error) from error


def log_in(
    directory: Path, reader: CardReader, pin: str, timeout_s: float = LOGIN_TIMEOUT_S
) -> Workspace:
    """Open the store as the officer whose bound card is in ``reader``."""
    card = read_login_secret(reader, pin, timeout_s)
    return Workspace.login_with_card(directory, card.uid, card.login_secret)


def bind(
    ws: Workspace, reader: CardReader, password: str, pin: str, timeout_s: float = LOGIN_TIMEOUT_S
) -> StaffCard:
    """Let the logged-in officer log in with the card in ``reader`` from now on."""
    card = read_login_secret(reader, pin, timeout_s)
    Accounts(ws).bind_card(password, card.uid, card.login_secret)
    log.info("staff card bound (role %s)", ws.officer.role.value)
    return card.staff
