"""Staff-card login over a real pcscd + vpcd: the card counts wrong PINs and guards the secret.

``fieldkit.staffcard`` holds the login (the PIN rule, the unlock, the secret); the
reader only carries out the card's operations.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers import DriverError
from drivers.cardreader.pcsc import PcscCardReader
from drivers.cardreader.sim import SimCardReader
from drivers.cardreader.vpcd_card import VirtualCard, VpcdCard
from drivers.errors import CardReason, CardStatusError, WrongPin
from drivers.interfaces import CardReader
from drivers.staff_card import STAFF_AID, STAFF_SECRET_EF, StaffCard
from fieldkit import staffcard
from fieldkit.devices import DeviceError
from fieldkit.errors import InvalidInput

VIRTUAL_READER = "Virtual PCD 00 00"
VPCD_PORT = 35963
UID = bytes.fromhex("04556677")
STAFF = StaffCard(officer_id="petugas", office_code="3505")
PIN = "246810"
SECRET = bytes(range(32))


@pytest.fixture
def reader(pcscd) -> Iterator[PcscCardReader]:
    with PcscCardReader(VIRTUAL_READER, apdu_timeout_s=1.0) as r:
        yield r


def _inserted(reader: PcscCardReader, card: VirtualCard) -> VpcdCard:
    wired = VpcdCard(card, port=VPCD_PORT)
    wired.insert()
    reader.wait_for_card(5.0)
    return wired


def _refused(reader: CardReader, pin: str, timeout_s: float = 5.0) -> DriverError:
    """What the card said, as the known error the screens word carries it."""
    with pytest.raises(DeviceError) as refused:
        staffcard.read_login_secret(reader, pin, timeout_s=timeout_s)
    return refused.value.driver_error


@pytest.fixture
def login_card(reader: PcscCardReader) -> Iterator[VirtualCard]:
    card = VirtualCard(UID, STAFF, pin=PIN, login_secret=SECRET)
    wired = _inserted(reader, card)
    yield card
    wired.remove()
    reader.wait_for_removal(5.0)


def test_the_right_pin_gives_the_owner_and_the_login_secret(
    reader: PcscCardReader, login_card: VirtualCard
) -> None:
    unlocked = staffcard.read_login_secret(reader, PIN, timeout_s=5.0)
    assert (unlocked.uid, unlocked.staff, unlocked.login_secret) == (UID, STAFF, SECRET)
    assert SECRET.hex() not in repr(unlocked)


def test_the_card_counts_wrong_pins_and_blocks_itself(
    reader: PcscCardReader, login_card: VirtualCard
) -> None:
    tries = []
    for _ in range(2):
        wrong = _refused(reader, "000000")
        assert isinstance(wrong, WrongPin)
        tries.append(wrong.tries_left)
    assert tries == [2, 1]
    blocked = _refused(reader, "000000")
    assert isinstance(blocked, CardStatusError)
    assert blocked.reason is CardReason.PIN_BLOCKED
    # Blocked means blocked: the right PIN no longer opens it either.
    still = _refused(reader, PIN)
    assert isinstance(still, CardStatusError)
    assert still.reason is CardReason.PIN_BLOCKED
    assert login_card.pin_tries_left == 0


def test_a_right_pin_resets_the_count(reader: PcscCardReader, login_card: VirtualCard) -> None:
    assert isinstance(_refused(reader, "135790"), WrongPin)
    staffcard.read_login_secret(reader, PIN, timeout_s=5.0)
    assert login_card.pin_tries_left == 3


def test_the_secret_stays_shut_without_the_pin_even_after_an_unlock(
    reader: PcscCardReader, login_card: VirtualCard
) -> None:
    staffcard.read_login_secret(reader, PIN, timeout_s=5.0)  # then the card is powered down
    reader.connect()
    try:
        reader.select_application(STAFF_AID)
        with pytest.raises(CardStatusError) as shut:
            reader.read_file(STAFF_SECRET_EF)
    finally:
        reader.disconnect()
    assert shut.value.reason is CardReason.SECURITY_NOT_SATISFIED


def test_a_malformed_pin_never_reaches_the_card(
    reader: PcscCardReader, login_card: VirtualCard
) -> None:
    for bad in ("12ab", "123", "1234567890123"):
        with pytest.raises(InvalidInput, match="4 to 12 digits"):
            staffcard.read_login_secret(reader, bad, timeout_s=5.0)
    assert login_card.pin_tries_left == 3


def test_a_card_without_a_pin_cannot_log_in(reader: PcscCardReader) -> None:
    wired = _inserted(reader, VirtualCard(UID, STAFF))
    try:
        refused = _refused(reader, PIN)
    finally:
        wired.remove()
        reader.wait_for_removal(5.0)
    assert isinstance(refused, CardStatusError)
    assert refused.reason is CardReason.FUNCTION_NOT_SUPPORTED


def test_the_training_simulator_behaves_like_the_card() -> None:
    with SimCardReader(UID, staff=STAFF, pin=PIN, login_secret=SECRET) as sim:
        assert isinstance(_refused(sim, "999999", timeout_s=1.0), WrongPin)
        assert staffcard.read_login_secret(sim, PIN, timeout_s=1.0).login_secret == SECRET
        sim.connect()
        sim.select_application(STAFF_AID)
        with pytest.raises(CardStatusError) as shut:
            sim.read_file(STAFF_SECRET_EF)
        assert shut.value.reason is CardReason.SECURITY_NOT_SATISFIED


def test_the_card_simulator_command_wants_a_pin_and_a_secret_together() -> None:
    alone = subprocess.run(
        [str(Path(sys.executable).with_name("fieldkit")), "sim", "card", "--pin", PIN],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert alone.returncode == 1
    assert "--pin and --login-secret go together" in alone.stderr
    short = subprocess.run(
        [
            str(Path(sys.executable).with_name("fieldkit")),
            *("sim", "card", "--pin", PIN, "--login-secret", "abcd"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert short.returncode == 1
    assert "32 bytes" in short.stderr
