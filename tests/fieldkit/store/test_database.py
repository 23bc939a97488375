from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from fieldkit.accounts import Accounts
from fieldkit.errors import AuthError, StoreError, StoreReason
from fieldkit.store import database, keyring
from fieldkit.store.models import Officer
from fieldkit.workspace import Workspace
from tests.support import ADMIN, ADMIN_PASSWORD

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_PASSWORD = "fixture-password"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- migrations ---------------------------------------------------------------


def test_an_empty_database_upgrades_to_head(tmp_path: Path) -> None:
    store = database.create_store(tmp_path, keyring.new_db_key())
    try:
        assert store.revision() == database.head_revision()
        assert store.check().ok
    finally:
        store.close()


@pytest.mark.parametrize("revision", database.all_revisions())
def test_a_store_left_at_each_revision_upgrades(tmp_path: Path, revision: str) -> None:
    source = FIXTURES / f"rev-{revision}"
    assert source.is_dir(), (
        f"no fixture for revision {revision}: run tests/fieldkit/store/make_revision_fixture.py "
        "before adding the next migration"
    )
    home = tmp_path / "home"
    shutil.copytree(source, home)
    with Workspace.login(home, "admin", FIXTURE_PASSWORD) as ws:
        assert ws.store.revision() == database.head_revision()
        assert {o.username for o in Accounts(ws).list_officers()} == {"admin", "petugas1"}
        assert ws.verify_audit().ok
    with Workspace.login(home, "petugas1", FIXTURE_PASSWORD) as ws:
        assert ws.officer.role.value == "petugas"


def test_a_store_from_a_newer_fieldkit_is_refused_untouched(workspace: Workspace) -> None:
    with workspace.store.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    workspace.close()
    before = _digest(workspace.store.path)
    with pytest.raises(StoreError) as too_new:
        Workspace.login(workspace.directory, ADMIN, ADMIN_PASSWORD)
    assert too_new.value.reason is StoreReason.TOO_NEW
    assert "newer FieldKit" in too_new.value.message
    assert _digest(workspace.store.path) == before


# --- encryption -----------------------------------------------------------------


def test_plain_sqlite_cannot_open_the_store(workspace: Workspace) -> None:
    workspace.close()
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(workspace.store.path).execute("SELECT * FROM sqlite_master").fetchall()
    shell = subprocess.run(
        ["sqlite3", str(workspace.store.path), "SELECT count(*) FROM sqlite_master;"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert shell.returncode != 0
    assert "not a database" in shell.stderr


def test_a_wrong_password_never_touches_the_store(workspace: Workspace) -> None:
    workspace.close()
    before = _digest(workspace.store.path)
    for _ in range(3):
        with pytest.raises(AuthError):
            Workspace.login(workspace.directory, ADMIN, "bukan-sandinya")
    assert _digest(workspace.store.path) == before
    with Workspace.login(workspace.directory, ADMIN, ADMIN_PASSWORD) as ws:
        assert ws.check().ok


# --- corruption and backups ------------------------------------------------------


def _damage(path: Path, offset: int) -> None:
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(b"\xde\xad\xbe\xef" * 64)


@pytest.mark.parametrize("offset", [0, 4096 + 100], ids=["header", "data-page"])
def test_a_corrupted_store_is_reported_with_its_backups(workspace: Workspace, offset: int) -> None:
    backup = workspace.backup()
    workspace.close()
    _damage(workspace.store.path, offset)
    with pytest.raises(StoreError) as damaged:
        Workspace.login(workspace.directory, ADMIN, ADMIN_PASSWORD)
    assert damaged.value.reason is StoreReason.CORRUPTED
    assert backup.path in damaged.value.backups
    assert damaged.value.hint is not None
    assert "fieldkit store restore" in damaged.value.hint


def test_restoring_a_backup_keeps_the_damaged_file(workspace: Workspace) -> None:
    backup = workspace.backup()
    workspace.close()
    _damage(workspace.store.path, 4096 + 100)
    damaged_bytes = workspace.store.path.read_bytes()
    db_key = workspace.store.key
    kept = database.restore_backup(workspace.directory, db_key, backup.path)
    assert kept is not None
    assert kept.read_bytes() == damaged_bytes
    with Workspace.login(workspace.directory, ADMIN, ADMIN_PASSWORD) as ws:
        assert ws.check().ok
        assert [o.username for o in Accounts(ws).list_officers()] == [ADMIN]


def test_backups_are_encrypted_and_rolled(workspace: Workspace) -> None:
    for _ in range(database.KEEP_BACKUPS + 3):
        workspace.store.backup()
    backups = database.list_backups(workspace.directory)
    assert len(backups) == database.KEEP_BACKUPS
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(backups[0].path).execute("SELECT * FROM sqlite_master").fetchall()


def test_a_missing_store_file_is_reported_not_recreated(workspace: Workspace) -> None:
    workspace.backup()
    workspace.close()
    workspace.store.path.unlink()
    with pytest.raises(StoreError) as missing:
        Workspace.login(workspace.directory, ADMIN, ADMIN_PASSWORD)
    assert missing.value.reason is StoreReason.CORRUPTED
    assert missing.value.backups
    assert not workspace.store.path.exists()


def test_disabling_an_officer_rotates_the_key_and_old_backups(workspace: Workspace) -> None:
    from fieldkit.officers import Role
    from fieldkit.store.keyring import TEST_KDF

    Accounts(workspace).add_officer("budi", "Budi Uji", Role.PETUGAS, "sandi-budi-1", kdf=TEST_KDF)
    old_backup = workspace.store.backup()
    old_key = workspace.store.key
    stolen_slot = keyring.load(workspace.directory).unlock("budi", "sandi-budi-1")
    assert stolen_slot == [old_key]
    Accounts(workspace).disable_officer("budi")
    assert workspace.store.key != old_key
    assert not old_backup.path.exists()
    assert all(b.reason == "rekeyed" for b in database.list_backups(workspace.directory))
    workspace.close()
    # The old key, which budi could have copied, opens nothing any more.
    with pytest.raises(StoreError):
        database.open_store(workspace.directory, old_key)
    with Workspace.login(workspace.directory, ADMIN, ADMIN_PASSWORD) as ws:
        rows = Accounts(ws).list_officers()
        assert {o.username: o.active for o in rows} == {ADMIN: True, "budi": False}
        assert ws.verify_audit().ok


def test_a_crash_before_the_rekey_drops_the_staged_key(workspace: Workspace) -> None:
    workspace.keyring.stage_rotation(keyring.new_db_key())
    keyring.save(workspace.directory, workspace.keyring)
    old_key = workspace.store.key
    workspace.close()
    with Workspace.login(workspace.directory, ADMIN, ADMIN_PASSWORD) as ws:
        assert ws.store.key == old_key
        assert not keyring.load(ws.directory).has_pending_rotation()


def test_a_crash_between_rekey_and_keyring_save_still_opens(workspace: Workspace) -> None:
    """Simulate power loss after the store was re-keyed but before the keyring caught up."""
    new_key = keyring.new_db_key()
    workspace.keyring.stage_rotation(new_key)
    keyring.save(workspace.directory, workspace.keyring)
    with workspace.store.engine.connect() as connection:
        connection.exec_driver_sql(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
    workspace.close()
    with Workspace.login(workspace.directory, ADMIN, ADMIN_PASSWORD) as ws:
        assert ws.store.key == new_key
        assert not ws.keyring.has_pending_rotation()
        with ws.transaction() as session:
            assert session.scalar(sa.select(sa.func.count()).select_from(Officer)) == 1


def test_many_threads_share_the_store_without_stepping_on_each_other(
    workspace: Workspace,
) -> None:
    # Sync's upload workers, the UI's workers and the GUI thread all use one store.  The
    # sqlcipher dialect's default pool closed another thread's connection past five threads.
    from concurrent.futures import ThreadPoolExecutor

    from fieldkit.store.models import Setting

    def work(n: int) -> int:
        for i in range(15):
            with workspace.transaction() as session:
                session.merge(Setting(key=f"thread.{n}", value=str(i)))
            with workspace.transaction() as session:
                row = session.get(Setting, f"thread.{n}")
                assert row is not None
                assert row.value == str(i)
        return n

    with ThreadPoolExecutor(max_workers=12) as pool:
        assert sorted(pool.map(work, range(12))) == list(range(12))
    with workspace.transaction() as session:
        values = {session.get(Setting, f"thread.{n}").value for n in range(12)}  # type: ignore[union-attr]
    assert values == {"14"}
