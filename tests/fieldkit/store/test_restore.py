"""Restoring a damaged store from a backup: the action the CLI and the window share."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit import login
from fieldkit.accounts import Accounts
from fieldkit.errors import AuthError, AuthReason, InvalidInput, StoreError, StoreReason
from fieldkit.officers import Role
from fieldkit.store import database, keyring, restore
from fieldkit.workspace import Workspace
from tests.support import ADMIN, ADMIN_PASSWORD, TEST_KDF


def _damage(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.seek(4096 + 100)
        handle.write(b"\xde\xad\xbe\xef" * 64)


def test_the_newest_backup_replaces_a_damaged_store_which_is_kept(workspace: Workspace) -> None:
    workspace.backup()
    newest = workspace.backup()
    workspace.close()
    _damage(workspace.store.path)
    damaged = workspace.store.path.read_bytes()
    done = login.restore_from_backup(workspace.directory, ADMIN, ADMIN_PASSWORD)
    assert done.backup.path == newest.path
    assert done.damaged_copy is not None
    assert done.damaged_copy.read_bytes() == damaged
    assert done.as_json()["restored"] == newest.path.name
    with Workspace.login(workspace.directory, ADMIN, ADMIN_PASSWORD) as ws:
        assert ws.check().ok


def test_a_backup_under_the_next_key_of_an_interrupted_rotation_is_restored(
    workspace: Workspace,
) -> None:
    """The keyring holds the old key and the staged one; the backup opens only with the second."""
    new_key = keyring.new_db_key()
    workspace.keyring.stage_rotation(new_key)
    keyring.save(workspace.directory, workspace.keyring)
    with workspace.store.engine.connect() as connection:
        connection.exec_driver_sql(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
    workspace.store.key = new_key  # the power went after the re-key and this backup
    backup = workspace.backup()
    workspace.close()
    _damage(workspace.store.path)
    done = login.restore_from_backup(workspace.directory, ADMIN, ADMIN_PASSWORD, backup.path.name)
    assert done.backup.path == backup.path
    with Workspace.login(workspace.directory, ADMIN, ADMIN_PASSWORD) as ws:
        assert ws.store.key == new_key
        assert ws.check().ok


def test_a_wrong_password_restores_nothing_and_counts_as_a_failure(workspace: Workspace) -> None:
    workspace.backup()
    workspace.close()
    _damage(workspace.store.path)
    damaged = workspace.store.path.read_bytes()
    with pytest.raises(AuthError):
        login.restore_from_backup(workspace.directory, ADMIN, "not-the-password")
    assert workspace.store.path.read_bytes() == damaged
    assert keyring.load(workspace.directory).slot_for(ADMIN).failed_attempts == 1  # type: ignore[union-attr]


def test_an_unknown_or_missing_backup_is_a_clear_refusal(workspace: Workspace) -> None:
    workspace.close()
    with pytest.raises(InvalidInput) as none:
        login.restore_from_backup(workspace.directory, ADMIN, ADMIN_PASSWORD)
    assert none.value.code == "no_backups"
    with pytest.raises(InvalidInput) as unknown:
        restore.choose_backup(workspace.directory, "fieldkit-nope.db")
    assert (unknown.value.code, unknown.value.params) == (
        "backup_not_found",
        {"name": "fieldkit-nope.db"},
    )


def test_a_backup_that_no_key_opens_is_reported_as_damaged(workspace: Workspace) -> None:
    backup = workspace.backup()
    workspace.close()
    backup.path.write_bytes(b"\x00" * 8192)
    with pytest.raises(StoreError) as refused:
        login.restore_from_backup(workspace.directory, ADMIN, ADMIN_PASSWORD)
    assert refused.value.reason is StoreReason.CORRUPTED
    assert database.list_backups(workspace.directory)[0].path == backup.path


@pytest.mark.parametrize("role", [Role.PETUGAS, Role.KETUA_TIM, Role.OPERATOR])
def test_only_an_admin_may_restore(workspace: Workspace, role: Role) -> None:
    """A restore rolls back everyone's work and the audit chain: not a petugas's call.

    Issue 24, item 2: a petugas restored an older backup, and an officer created after
    it, with its audit event, was gone.
    """
    workspace.backup()
    Accounts(workspace).add_officer("budi", "Budi Uji", role, "sandi-budi-12", kdf=TEST_KDF)
    workspace.close()
    before = workspace.store.path.read_bytes()
    with pytest.raises(AuthError) as refused:
        login.restore_from_backup(workspace.directory, "budi", "sandi-budi-12")
    assert refused.value.reason is AuthReason.FORBIDDEN
    assert refused.value.code == "restore_needs_admin"
    assert refused.value.params["role"] == role.value
    assert workspace.store.path.read_bytes() == before  # nothing replaced
    with Workspace.login(workspace.directory, ADMIN, ADMIN_PASSWORD) as ws:
        roles = {o.username: o.role for o in Accounts(ws).list_officers()}
        assert roles["budi"] is role  # still there


def test_an_admin_restores_even_when_the_store_cannot_be_read(workspace: Workspace) -> None:
    """The damage restore is for: the role is then read from the backup."""
    workspace.backup()
    workspace.close()
    _damage(workspace.store.path)
    done = login.restore_from_backup(workspace.directory, ADMIN, ADMIN_PASSWORD)
    assert done.damaged_copy is not None
