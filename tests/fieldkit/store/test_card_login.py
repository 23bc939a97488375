"""Logging in with a staff card: bound with the password, opened by the card's secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from drivers.cardreader.pcsc import PcscCardReader
from drivers.cardreader.vpcd_card import VirtualCard, VpcdCard
from drivers.staff_card import StaffCard
from fieldkit import audit, staffcard
from fieldkit.accounts import Accounts
from fieldkit.errors import AuthError, AuthReason, InvalidInput
from fieldkit.store import keyring
from fieldkit.workspace import Workspace
from tests.fieldkit.planning.planning_support import KETUA, PASSWORD, PETUGAS, add_team
from tests.support import ADMIN, ADMIN_PASSWORD

UID = bytes.fromhex("04A1B2C3D4E5F6")
SECRET = bytes(range(100, 132))
PIN = "482913"


@pytest.fixture
def team(workspace: Workspace, home: Path) -> Path:
    add_team(workspace)
    workspace.close()
    return home


def _bind(home: Path, username: str = PETUGAS, uid: bytes = UID) -> None:
    with Workspace.login(home, username, PASSWORD) as ws:
        Accounts(ws).bind_card(PASSWORD, uid, SECRET)


def _actions(ws: Workspace) -> list[str]:
    with ws.transaction() as session:
        return [e.action for e in reversed(audit.recent(session))]


def test_a_bound_card_opens_the_store_as_its_officer(team: Path) -> None:
    _bind(team)
    with Workspace.login_with_card(team, UID, SECRET) as ws:
        assert ws.officer.username == PETUGAS
        assert ws.check().ok
        assert _actions(ws)[-2:] == ["officer.card_bound", "officer.login_card"]
    # The password still works beside the card.
    Workspace.login(team, PETUGAS, PASSWORD).close()


def test_an_unbound_card_is_refused_clearly(team: Path) -> None:
    with pytest.raises(AuthError) as refused:
        Workspace.login_with_card(team, UID, SECRET)
    assert refused.value.reason is AuthReason.CARD_NOT_BOUND
    assert "bind" in str(refused.value.hint)


def test_binding_needs_the_right_password(team: Path) -> None:
    with Workspace.login(team, PETUGAS, PASSWORD) as ws:
        with pytest.raises(AuthError) as wrong:
            Accounts(ws).bind_card("bukan-sandinya", UID, SECRET)
        assert wrong.value.reason is AuthReason.WRONG_PASSWORD
    with pytest.raises(AuthError) as refused:
        Workspace.login_with_card(team, UID, SECRET)
    assert refused.value.reason is AuthReason.CARD_NOT_BOUND


def test_a_forged_secret_counts_towards_the_lockout(team: Path) -> None:
    _bind(team)
    forged = bytes(32)
    for _ in range(4):
        with pytest.raises(AuthError) as wrong:
            Workspace.login_with_card(team, UID, forged)
        assert wrong.value.reason is AuthReason.WRONG_PASSWORD
    with pytest.raises(AuthError) as locked:
        Workspace.login_with_card(team, UID, forged)
    assert locked.value.reason is AuthReason.LOCKED_OUT
    # Locked is locked: neither the real card nor the password opens it for now.
    with pytest.raises(AuthError) as still:
        Workspace.login_with_card(team, UID, SECRET)
    assert still.value.reason is AuthReason.LOCKED_OUT
    with pytest.raises(AuthError):
        Workspace.login(team, PETUGAS, PASSWORD)


def test_the_officers_own_card_opens_the_idle_lock_and_no_one_elses(team: Path) -> None:
    _bind(team, KETUA, uid=bytes.fromhex("04CAFE01"))
    with Workspace.login(team, PETUGAS, PASSWORD) as ws:
        assert not ws.has_card
        _bind(team)
        ws.lock()
        with pytest.raises(AuthError) as refused:
            ws.unlock_with_card(bytes.fromhex("04CAFE01"), SECRET)  # the ketua's card
        assert refused.value.reason is AuthReason.CARD_OF_ANOTHER_OFFICER
        assert PETUGAS in str(refused.value.hint)
        assert ws.idle.locked
        assert keyring.load(team).last_officer == PETUGAS  # the login still offers petugas
        with pytest.raises(AuthError) as forged:
            ws.unlock_with_card(UID, bytes(32))
        assert forged.value.reason is AuthReason.WRONG_PASSWORD
        assert ws.idle.locked
        ws.unlock_with_card(UID, SECRET)
        assert not ws.idle.locked
        assert ws.has_card  # re-read from the keyring the lock loaded
        assert ws.check().ok  # the session stayed open behind the lock


def test_one_card_belongs_to_one_officer(team: Path) -> None:
    _bind(team)
    with Workspace.login(team, KETUA, PASSWORD) as ws, pytest.raises(InvalidInput):
        Accounts(ws).bind_card(PASSWORD, UID, SECRET)


def test_the_card_survives_a_key_rotation_and_dies_with_its_officer(team: Path) -> None:
    _bind(team)
    _bind(team, KETUA, uid=bytes.fromhex("04000001"))
    with Workspace.login(team, ADMIN, ADMIN_PASSWORD) as admin:
        Accounts(admin).disable_officer(KETUA)  # rotates the store key
    with Workspace.login_with_card(team, UID, SECRET) as ws:
        assert ws.officer.username == PETUGAS
    with pytest.raises(AuthError) as gone:
        Workspace.login_with_card(team, bytes.fromhex("04000001"), SECRET)
    assert gone.value.reason is AuthReason.CARD_NOT_BOUND


def test_an_officer_can_unbind_a_lost_card(team: Path) -> None:
    _bind(team)
    with Workspace.login(team, ADMIN, ADMIN_PASSWORD) as admin:
        assert Accounts(admin).unbind_card(PETUGAS) is True
    with pytest.raises(AuthError) as refused:
        Workspace.login_with_card(team, UID, SECRET)
    assert refused.value.reason is AuthReason.CARD_NOT_BOUND


def test_the_keyring_file_holds_neither_the_card_secret_nor_its_uid(team: Path) -> None:
    _bind(team)
    raw = (team / keyring.KEYRING_FILE).read_bytes()
    for needle in (SECRET, SECRET.hex().encode(), UID, UID.hex().encode()):
        assert needle not in raw


def test_pin_then_card_login_over_a_real_reader(team: Path, pcscd) -> None:
    _bind(team)
    card = VpcdCard(
        VirtualCard(UID, StaffCard("PTG-3315-0007", "3315"), pin=PIN, login_secret=SECRET),
        port=35963,
    )
    with PcscCardReader("Virtual PCD 00 00", apdu_timeout_s=1.0) as reader:
        card.insert()
        try:
            unlocked = staffcard.read_login_secret(reader, PIN, timeout_s=5.0)
        finally:
            card.remove()
            reader.wait_for_removal(5.0)
    with Workspace.login_with_card(team, unlocked.uid, unlocked.login_secret) as ws:
        assert ws.officer.username == PETUGAS
