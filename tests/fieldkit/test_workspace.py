from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fieldkit import audit
from fieldkit.accounts import Accounts
from fieldkit.errors import AuthError, AuthReason, InvalidInput, StoreError, StoreReason
from fieldkit.officers import Role
from fieldkit.store.keyring import TEST_KDF
from fieldkit.workspace import IdleLock, Workspace
from tests.support import (
    ADMIN,
    ADMIN_PASSWORD,
    fill_disk,
    init_workspace,
    remount_read_only,
    small_filesystem,
)


def test_init_twice_is_refused(workspace: Workspace) -> None:
    with pytest.raises(StoreError) as again:
        init_workspace(workspace.directory, "other", "sandi-lain-1")
    assert again.value.reason is StoreReason.ALREADY_INITIALISED


@pytest.mark.parametrize(
    ("office_code", "username", "password"),
    [
        ("9999", "admin", "sandi-bagus-1"),  # unknown regency
        ("33-15", "admin", "sandi-bagus-1"),
        ("3315", "Admin Besar", "sandi-bagus-1"),
        ("3315", "admin", "pendek"),
    ],
)
def test_init_rejects_bad_input(home: Path, office_code: str, username: str, password: str) -> None:
    with pytest.raises(InvalidInput):
        Workspace.init(
            home,
            office_code=office_code,
            username=username,
            full_name="X",
            role=Role.ADMIN,
            password=password,
        )
    assert not (home / "keyring.json").exists()


def test_an_officer_s_name_is_tidied_and_has_a_sane_maximum_length(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Issue 24, finding 4: a 150-character name was taken, and the surat tugas printed it."""
    accounts = Accounts(workspace)
    longest = " ".join(["Wiryaningrum"] * 9)[:100]  # the most a name may have
    kept = accounts.add_officer(
        "siti", f"  {longest}\n", Role.PETUGAS, "sandi-siti-1", kdf=TEST_KDF
    )
    assert kept.full_name == longest
    tidied = accounts.add_officer("eko", " Eko \t Uji ", Role.PETUGAS, "sandi-eko-12", kdf=TEST_KDF)
    assert tidied.full_name == "Eko Uji"
    with pytest.raises(InvalidInput) as too_long:
        accounts.add_officer("budi", "W" * 150, Role.PETUGAS, "sandi-budi-1", kdf=TEST_KDF)
    assert (too_long.value.code, too_long.value.params) == (
        "officer_name_too_long",
        {"max": "100", "length": "150"},
    )
    assert "at most 100" in too_long.value.message
    with pytest.raises(InvalidInput) as blank:
        accounts.add_officer("budi", " \n ", Role.PETUGAS, "sandi-budi-1", kdf=TEST_KDF)
    assert blank.value.code == "officer_name_required"
    assert {o.username for o in accounts.list_officers()} == {ADMIN, "siti", "eko"}
    with pytest.raises(InvalidInput) as first:
        Workspace.init(
            tmp_path / "other",
            office_code="3315",
            username="admin",
            full_name="W" * 150,
            role=Role.ADMIN,
            password=ADMIN_PASSWORD,
            kdf=TEST_KDF,
        )
    assert first.value.code == "officer_name_too_long"
    assert not (tmp_path / "other" / "keyring.json").exists()


def test_any_officer_of_the_team_unlocks_the_store(workspace: Workspace) -> None:
    Accounts(workspace).add_officer(
        "siti", "Siti Uji", Role.KETUA_TIM, "sandi-siti-1", kdf=TEST_KDF
    )
    workspace.close()
    with Workspace.login(workspace.directory, "siti", "sandi-siti-1") as ws:
        assert ws.officer.role is Role.KETUA_TIM
        assert {o.username for o in Accounts(ws).list_officers()} == {ADMIN, "siti"}


def test_only_an_admin_manages_officers(workspace: Workspace) -> None:
    Accounts(workspace).add_officer("budi", "Budi Uji", Role.PETUGAS, "sandi-budi-1", kdf=TEST_KDF)
    workspace.close()
    with Workspace.login(workspace.directory, "budi", "sandi-budi-1") as ws:
        with pytest.raises(AuthError) as forbidden:
            Accounts(ws).add_officer("eko", "Eko", Role.PETUGAS, "sandi-eko-12", kdf=TEST_KDF)
        assert forbidden.value.reason is AuthReason.FORBIDDEN
        with pytest.raises(AuthError):
            Accounts(ws).disable_officer(ADMIN)


def test_disabled_officer_cannot_log_in(workspace: Workspace) -> None:
    Accounts(workspace).add_officer("budi", "Budi Uji", Role.PETUGAS, "sandi-budi-1", kdf=TEST_KDF)
    Accounts(workspace).disable_officer("budi")
    with pytest.raises(AuthError) as disabled:
        Workspace.login(workspace.directory, "budi", "sandi-budi-1")
    assert disabled.value.reason is AuthReason.DISABLED


def test_password_change_and_admin_reset(workspace: Workspace) -> None:
    Accounts(workspace).add_officer("budi", "Budi Uji", Role.PETUGAS, "sandi-budi-1", kdf=TEST_KDF)
    with pytest.raises(AuthError):
        Accounts(workspace).change_password("salah-sandi", "sandi-admin-2")
    Accounts(workspace).change_password(ADMIN_PASSWORD, "sandi-admin-2")
    Accounts(workspace).reset_password("budi", "sandi-budi-2", kdf=TEST_KDF)
    workspace.close()
    Workspace.login(workspace.directory, ADMIN, "sandi-admin-2").close()
    Workspace.login(workspace.directory, "budi", "sandi-budi-2").close()


def test_locked_account_is_refused_then_cleared_by_an_admin(workspace: Workspace) -> None:
    Accounts(workspace).add_officer("budi", "Budi Uji", Role.PETUGAS, "sandi-budi-1", kdf=TEST_KDF)
    for _ in range(5):
        with pytest.raises(AuthError):
            Workspace.login(workspace.directory, "budi", "salah-sandi")
    with pytest.raises(AuthError) as locked:
        Workspace.login(workspace.directory, "budi", "sandi-budi-1")
    assert locked.value.reason is AuthReason.LOCKED_OUT
    assert "locked" in locked.value.message
    Accounts(workspace).clear_lockout("budi")
    Workspace.login(workspace.directory, "budi", "sandi-budi-1").close()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_idle_lock_defaults_to_ten_minutes(workspace: Workspace) -> None:
    assert workspace.idle.timeout == dt.timedelta(minutes=10)
    workspace.set_idle_timeout(3)
    workspace.close()
    with Workspace.login(workspace.directory, ADMIN, ADMIN_PASSWORD) as ws:
        assert ws.idle.timeout == dt.timedelta(minutes=3)


def test_idle_lock_keeps_the_session_and_asks_the_password_again(workspace: Workspace) -> None:
    clock = FakeClock()
    workspace.idle = IdleLock(dt.timedelta(minutes=10), clock=clock)
    clock.now += 9 * 60
    assert not workspace.idle.due()
    workspace.idle.touch()
    clock.now += 9 * 60
    assert not workspace.idle.due()
    clock.now += 61
    assert workspace.idle.due()
    workspace.lock()
    with pytest.raises(AuthError):
        workspace.unlock("salah-sandi")
    assert workspace.idle.locked
    workspace.unlock(ADMIN_PASSWORD)
    assert not workspace.idle.locked
    # The store never closed: work goes on in the same session.
    assert workspace.verify_audit().ok


def test_idle_timeout_has_bounds(workspace: Workspace) -> None:
    with pytest.raises(InvalidInput):
        workspace.set_idle_timeout(0)


# --- a hostile environment: real small filesystems -------------------------------------


def test_read_only_data_folder_gives_a_clear_error(tmp_path: Path) -> None:
    with small_filesystem(tmp_path / "ro", "4m") as mount:
        home = mount / "home"
        init_workspace(home).close()
        remount_read_only(mount)
        with pytest.raises(StoreError) as read_only:
            Workspace.login(home, ADMIN, ADMIN_PASSWORD)
        assert read_only.value.reason is StoreReason.READ_ONLY
        assert "read-only" in read_only.value.message
        with pytest.raises(StoreError) as cannot_init:
            init_workspace(mount / "other")
        assert cannot_init.value.reason is StoreReason.READ_ONLY


def test_full_disk_loses_nothing_already_saved(tmp_path: Path) -> None:
    with small_filesystem(tmp_path / "full", "2m") as mount:
        home = mount / "home"
        ws = init_workspace(home)
        events_before = ws.verify_audit().events
        filler = mount / "filler"
        fill_disk(filler, leave=96 * 1024)
        saved = 0
        with pytest.raises(StoreError) as full:
            for _ in range(100_000):
                with ws.transaction() as session:
                    audit.append(session, ADMIN, "test.event", None, {"pad": "x" * 190})
                saved += 1
        assert full.value.reason is StoreReason.DISK_FULL
        assert "not saved" in full.value.message
        assert saved > 0  # the disk filled part-way through, not at once
        ws.close()
        filler.unlink()
        with Workspace.login(home, ADMIN, ADMIN_PASSWORD) as again:
            assert again.check().ok
            result = again.verify_audit()
            assert result.ok
            # every saved event is there; +1 for this login
            assert result.events == events_before + saved + 1


def test_full_disk_never_leaves_half_an_officer(tmp_path: Path) -> None:
    with small_filesystem(tmp_path / "full", "2m") as mount:
        home = mount / "home"
        ws = init_workspace(home)
        fill_disk(mount / "filler")
        with pytest.raises(StoreError) as full:
            Accounts(ws).add_officer("budi", "Budi", Role.PETUGAS, "sandi-uji-12", kdf=TEST_KDF)
        assert full.value.reason is StoreReason.DISK_FULL
        ws.close()
        (mount / "filler").unlink()
        with Workspace.login(home, ADMIN, ADMIN_PASSWORD) as again:
            assert [o.username for o in Accounts(again).list_officers()] == [ADMIN]
            # and the same officer can be added once there is room
            Accounts(again).add_officer("budi", "Budi", Role.PETUGAS, "sandi-uji-12", kdf=TEST_KDF)
        Workspace.login(home, "budi", "sandi-uji-12").close()


def test_another_officer_takes_the_laptop_from_the_lock(workspace: Workspace) -> None:
    # The petugas and the ketua tim take turns on one laptop without quitting (issue 14).
    Accounts(workspace).add_officer(
        "siti", "Siti Uji", Role.KETUA_TIM, "sandi-siti-1", kdf=TEST_KDF
    )
    Accounts(workspace).add_officer("budi", "Budi Uji", Role.PETUGAS, "sandi-budi-1", kdf=TEST_KDF)
    Accounts(workspace).disable_officer("budi")
    workspace.lock()
    with pytest.raises(AuthError) as wrong:
        workspace.switch_officer("siti", "not-her-password")
    assert wrong.value.code == "auth_wrong_password"
    assert workspace.officer.username == ADMIN
    assert workspace.idle.locked, "a wrong password must not open the lock"
    with pytest.raises(AuthError):
        workspace.switch_officer("budi", "sandi-budi-1")  # a disabled account
    assert workspace.officer.username == ADMIN

    officer = workspace.switch_officer("siti", "sandi-siti-1")
    assert officer.role is Role.KETUA_TIM
    assert workspace.officer.username == "siti"
    assert not workspace.idle.locked
    with workspace.transaction() as session:
        last = audit.recent(session, limit=1)[0]
    assert (last.action, last.actor) == ("officer.switch", "siti")
    assert ADMIN in str(last.details)


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("sandi-12", "password_too_short"),  # 8 characters: enough before issue 16
        ("password123", "password_too_common"),  # on the international list
        ("Indonesia1945", "password_too_common"),  # an Indonesian favourite, digits added
        ("Rahasia2024!", "password_too_common"),
        ("1234567890", "password_too_common"),
        ("aaaaaaaaaaaaaaa", "password_too_common"),
    ],
)
def test_new_passwords_must_be_long_and_not_common(home: Path, password: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        Workspace.init(
            home,
            office_code="3315",
            username="admin",
            full_name="X",
            role=Role.ADMIN,
            password=password,
        )
    assert refused.value.code == code
    assert not (home / "keyring.json").exists()


def test_a_passphrase_a_field_office_can_live_with_is_accepted(home: Path) -> None:
    Workspace.init(
        home,
        office_code="3315",
        username="admin",
        full_name="X",
        role=Role.ADMIN,
        password="kopi-pagi-2026",
        kdf=TEST_KDF,
    ).close()
