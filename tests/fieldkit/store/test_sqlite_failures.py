"""What SQLite's failures become: the environment's a StoreError with a reason, ours a bug.

Each condition is the real one on a real SQLCipher file (a full tmpfs, an
immutable file, a folder that went away, another connection holding the write
lock, a file-size limit that makes the kernel refuse a write), and each test
checks SQLite's own result code behind the error, so the condition is the one
named.  A constraint broken by our own code must not tell the officer to check
the disk: it is a :class:`~fieldkit.errors.BugError`, with its traceback for the log.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import event

from fieldkit.errors import BugError, KnownError, StoreError, StoreReason
from fieldkit.store import database
from fieldkit.store.models import Officer, Setting
from fieldkit.workspace import Workspace
from tests.support import fill_disk, init_workspace, small_filesystem

#: A name the buggy insert below carries: it must reach no error text.
PERSON = "Siti Rahayu Wulandari"


def _write(ws: Workspace, value: str = "x") -> None:
    with ws.transaction() as session:
        session.merge(Setting(key="probe", value=value))


def _read(ws: Workspace) -> None:
    with ws.transaction() as session:
        session.scalar(sa.select(sa.func.count()).select_from(Officer))


def _store_error(action: Callable[[], object]) -> StoreError:
    with pytest.raises(StoreError) as raised:
        action()
    return raised.value


def _sqlite_name(error: BaseException) -> str:
    """The name of SQLite's result code behind a store error (``SQLITE_FULL``, ...)."""
    cause = error.__cause__
    assert isinstance(cause, sa.exc.DBAPIError), repr(cause)
    return str(getattr(cause.orig, "sqlite_errorname", None))


# --- the environment's: a reason and a sentence ----------------------------------------


@pytest.mark.root
def test_a_full_disk_is_disk_full(tmp_path: Path) -> None:
    with small_filesystem(tmp_path / "full", "2m") as mount:
        ws = init_workspace(mount / "home")
        try:
            fill_disk(mount / "filler")
            full = _store_error(lambda: _write(ws))
            assert full.reason is StoreReason.DISK_FULL
            assert _sqlite_name(full).startswith("SQLITE_FULL")
        finally:
            ws.close()


@pytest.mark.root
def test_a_file_that_may_not_be_written_is_read_only(tmp_path: Path) -> None:
    # Root writes through file modes, not through the immutable flag (chattr +i).
    with small_filesystem(tmp_path / "ro", "4m") as mount:
        ws = init_workspace(mount / "home")
        ws.store.engine.dispose()  # the next connection opens the file as it now is
        subprocess.run(["chattr", "+i", str(ws.store.path)], check=True, capture_output=True)
        try:
            read_only = _store_error(lambda: _write(ws))
            assert read_only.reason is StoreReason.READ_ONLY
            assert _sqlite_name(read_only).startswith("SQLITE_READONLY")
            assert "read-only" in read_only.message
        finally:
            subprocess.run(["chattr", "-i", str(ws.store.path)], check=True, capture_output=True)
            ws.close()


@pytest.mark.parametrize(
    ("offset", "code"),
    [(0, "SQLITE_NOTADB"), (4096 + 100, "SQLITE_CORRUPT")],
    ids=["header", "page"],
)
def test_a_damaged_file_is_corrupted_with_its_backups(
    workspace: Workspace, offset: int, code: str
) -> None:
    backup = workspace.backup()
    workspace.close()
    with workspace.store.path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(os.urandom(256))
    damaged = _store_error(lambda: database.open_store(workspace.directory, workspace.store.key))
    assert damaged.reason is StoreReason.CORRUPTED
    assert _sqlite_name(damaged).startswith(code)
    assert backup.path in damaged.backups


def test_a_data_folder_that_went_away_is_an_io_error(workspace: Workspace) -> None:
    # A removable drive pulled, a folder deleted: the next connection cannot open the file.
    workspace.store.engine.dispose()
    shutil.rmtree(workspace.directory)
    gone = _store_error(lambda: _read(workspace))
    assert gone.reason is StoreReason.IO_ERROR
    assert _sqlite_name(gone).startswith("SQLITE_CANTOPEN")


def test_another_writer_holding_the_lock_is_busy_and_nothing_is_lost(
    workspace: Workspace,
) -> None:
    _write(workspace, "before")

    @event.listens_for(workspace.store.engine, "connect")
    def _short_wait(dbapi_connection: sqlcipher.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout = 50")  # the store waits 5 s

    workspace.store.engine.dispose()
    other = sqlcipher.connect(str(workspace.store.path), isolation_level=None)
    try:
        other.execute(f"PRAGMA key = \"x'{workspace.store.key.hex()}'\"")
        other.execute("BEGIN EXCLUSIVE")  # a second FieldKit, mid-write
        busy = _store_error(lambda: _write(workspace, "during"))
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert busy.reason is StoreReason.BUSY
    assert busy.code == "store_busy"
    assert _sqlite_name(busy).startswith("SQLITE_BUSY")
    assert str(workspace.store.path) in busy.message
    with workspace.transaction() as session:
        assert session.get(Setting, "probe").value == "before"  # type: ignore[union-attr]
    _write(workspace, "after")  # the lock is gone: the same write goes through


IO_ERROR_SCRIPT = """
import json, resource, signal, sys
from pathlib import Path
from fieldkit.errors import StoreError
from fieldkit.store.models import Setting
from fieldkit.workspace import Workspace
from tests.support import ADMIN, ADMIN_PASSWORD

with Workspace.login(Path(sys.argv[1]), ADMIN, ADMIN_PASSWORD) as ws:
    wal = ws.store.path.with_name(ws.store.path.name + "-wal")
    # The login's audit event is in the WAL: the next commit appends at its end, and the
    # kernel refuses a write that starts at the file-size limit (EFBIG, not ENOSPC).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (wal.stat().st_size, resource.RLIM_INFINITY))
    try:
        with ws.transaction() as session:
            session.merge(Setting(key="probe", value="x"))
    except StoreError as error:
        answer = {"reason": error.reason.value, "sqlite": error.__cause__.orig.sqlite_errorname}
    else:
        answer = {"reason": None, "sqlite": None}
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY,) * 2)
print(json.dumps(answer))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_write_the_kernel_refuses_is_an_io_error(home: Path) -> None:
    init_workspace(home).close()
    done = subprocess.run(
        [sys.executable, "-c", IO_ERROR_SCRIPT, str(home)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["reason"] == StoreReason.IO_ERROR.value, answer
    assert answer["sqlite"].startswith("SQLITE_IOERR"), answer


# --- ours: a bug, never "check the disk" -------------------------------------------------


def _duplicate_officer(ws: Workspace) -> None:
    """A code bug: a second officer with a user name that is taken, no check first."""
    with ws.transaction() as session:
        session.add(
            Officer(
                username="admin",
                full_name=PERSON,
                role="petugas",
                created_at=dt.datetime.now(dt.UTC),
            )
        )


def _no_such_table(ws: Workspace) -> None:
    with ws.transaction() as session:
        session.execute(sa.text("SELECT * FROM no_such_table WHERE name = :name"), {"name": PERSON})


def _unbindable_value(ws: Workspace) -> None:
    with ws.transaction() as session:  # the driver refuses it before SQLite sees it
        session.execute(sa.text("SELECT :name"), {"name": object()})


@pytest.mark.parametrize(
    ("bug", "names"),
    [
        (_duplicate_officer, ("SQLITE_CONSTRAINT", "UNIQUE constraint failed: officers.username")),
        (_no_such_table, ("SQLITE_ERROR", "no such table")),
        (_unbindable_value, ("InterfaceError",)),
    ],
    ids=["constraint", "bad-statement", "driver-refusal"],
)
def test_a_failure_of_our_own_making_is_a_bug_not_check_the_disk(
    workspace: Workspace, bug: Callable[[Workspace], None], names: tuple[str, ...]
) -> None:
    with pytest.raises(BugError) as raised:
        bug(workspace)
    assert not isinstance(raised.value, KnownError)  # no sentence for the officer
    assert isinstance(raised.value.__cause__, sa.exc.DBAPIError)
    for name in names:
        assert name in str(raised.value)
    # What the crash log will hold: the whole chain, with the statement but not its values.
    logged = "".join(traceback.format_exception(raised.value))
    assert PERSON not in logged
    # Rolled back whole, and the store goes on working.
    _write(workspace)
    with workspace.transaction() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Officer)) == 1
