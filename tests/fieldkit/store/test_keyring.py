from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from fieldkit.errors import AuthError, AuthReason, StoreError, StoreReason
from fieldkit.store import keyring
from fieldkit.store.keyring import TEST_KDF, Keyring

KEY = bytes(range(32))


def _ring() -> Keyring:
    ring = Keyring.new(store_id="store-1", office_code="3315")
    ring.add_slot("siti", "sandi-siti-1", KEY, TEST_KDF)
    ring.add_slot("budi", "sandi-budi-1", KEY, TEST_KDF)
    return ring


def test_each_officer_unlocks_the_same_key() -> None:
    ring = _ring()
    assert ring.unlock("siti", "sandi-siti-1") == [KEY]
    assert ring.unlock("budi", "sandi-budi-1") == [KEY]


def test_the_file_names_no_officer_and_holds_no_key(tmp_path: Path) -> None:
    keyring.save(tmp_path, _ring())
    raw = (tmp_path / keyring.KEYRING_FILE).read_bytes()
    assert b"siti" not in raw
    assert b"budi" not in raw
    assert KEY not in raw
    assert KEY.hex().encode() not in raw


def test_wrong_password_counts_towards_a_five_minute_lockout() -> None:
    ring = _ring()
    start = dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC)
    for attempt in range(1, 5):
        with pytest.raises(AuthError) as wrong:
            ring.unlock("siti", "salah", now=start)
        assert wrong.value.reason is AuthReason.WRONG_PASSWORD
        assert wrong.value.params["tries_left"] == str(5 - attempt)
        # Codes and names only: the sentence is the catalogue's, never the keyring's.
        assert wrong.value.params["credential"] == "password"
        assert wrong.value.params["username"] == "siti"
    with pytest.raises(AuthError) as fifth:
        ring.unlock("siti", "salah", now=start)
    assert fifth.value.reason is AuthReason.LOCKED_OUT
    # Even the right password waits out the lock ...
    with pytest.raises(AuthError) as locked:
        ring.unlock("siti", "sandi-siti-1", now=start + dt.timedelta(minutes=4))
    assert locked.value.reason is AuthReason.LOCKED_OUT
    assert locked.value.retry_after_seconds is not None
    # ... and other officers are not affected.
    assert ring.unlock("budi", "sandi-budi-1", now=start) == [KEY]
    assert ring.unlock("siti", "sandi-siti-1", now=start + dt.timedelta(minutes=5)) == [KEY]


def test_an_empty_password_is_refused_and_not_counted() -> None:
    """Issue 36: nothing typed said "4 attempts left", as a wrong password does."""
    ring = _ring()
    with pytest.raises(AuthError) as wrong:
        ring.unlock("siti", "salah")
    assert wrong.value.params["tries_left"] == "4"
    for _ in range(5):
        with pytest.raises(AuthError) as empty:
            ring.unlock("siti", "")
        assert (empty.value.reason, empty.value.code) == (
            AuthReason.NO_PASSWORD,
            "auth_empty_password",
        )
    slot = ring.slot_for("siti")
    assert slot is not None
    assert (slot.failed_attempts, slot.locked_until) == (1, None)
    assert ring.unlock("siti", "sandi-siti-1") == [KEY]


def test_lockout_survives_a_restart(tmp_path: Path) -> None:
    ring = _ring()
    for _ in range(5):
        with pytest.raises(AuthError):
            ring.unlock("siti", "salah")
    keyring.save(tmp_path, ring)
    with pytest.raises(AuthError) as locked:
        keyring.load(tmp_path).unlock("siti", "sandi-siti-1")
    assert locked.value.reason is AuthReason.LOCKED_OUT


def test_unknown_and_disabled_officers_are_told_apart() -> None:
    ring = _ring()
    with pytest.raises(AuthError) as unknown:
        ring.unlock("nobody", "x")
    assert unknown.value.reason is AuthReason.UNKNOWN_OFFICER
    ring.disable("budi")
    with pytest.raises(AuthError) as disabled:
        ring.unlock("budi", "sandi-budi-1")
    assert disabled.value.reason is AuthReason.DISABLED


def test_rotation_is_staged_so_a_crash_leaves_a_working_key() -> None:
    ring = _ring()
    new_key = bytes(32)
    ring.stage_rotation(new_key)
    assert ring.unlock("siti", "sandi-siti-1") == [KEY, new_key]
    ring.commit_rotation()
    assert ring.unlock("budi", "sandi-budi-1") == [new_key]


def test_an_abandoned_rotation_leaves_only_the_current_key() -> None:
    ring = _ring()
    ring.stage_rotation(bytes(32))
    ring.abandon_rotation()
    assert not ring.has_pending_rotation()
    assert ring.unlock("siti", "sandi-siti-1") == [KEY]


def test_password_change_keeps_the_key() -> None:
    ring = _ring()
    ring.change_password("siti", "sandi-siti-1", "sandi-baru-2")
    assert ring.unlock("siti", "sandi-baru-2") == [KEY]
    with pytest.raises(AuthError):
        ring.unlock("siti", "sandi-siti-1")


def test_damaged_file_falls_back_to_the_previous_copy(tmp_path: Path) -> None:
    ring = _ring()
    keyring.save(tmp_path, ring)
    keyring.save(tmp_path, ring)  # the second save keeps the first as the previous copy
    (tmp_path / keyring.KEYRING_FILE).write_text("{ truncated", "utf-8")
    assert keyring.load(tmp_path).unlock("siti", "sandi-siti-1") == [KEY]


def test_both_copies_damaged_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / keyring.KEYRING_FILE).write_text(json.dumps({"format": 99}), "utf-8")
    with pytest.raises(StoreError) as damaged:
        keyring.load(tmp_path)
    assert damaged.value.reason is StoreReason.KEYRING_DAMAGED
    assert "keyring.json" in damaged.value.params["path"]


def test_missing_keyring_means_not_initialised(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as missing:
        keyring.load(tmp_path)
    assert missing.value.reason is StoreReason.NOT_INITIALISED
    assert missing.value.hint is not None
    assert "fieldkit init" in missing.value.hint
