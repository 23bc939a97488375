"""The encrypted SQLite store: opening, migrating, checking and backing up.

SQLCipher encrypts every page (and the WAL) with the database key from the
keyring, so no plaintext ever reaches the disk.  WAL with ``synchronous=FULL``
makes each commit durable before it returns: a crash or a flat battery loses
at most the transaction that was in flight, never an earlier one.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import functools
import logging
import os
import re
import shutil
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import URL, Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from fieldkit import paths
from fieldkit.durable import O_BINARY, fsync_dir
from fieldkit.errors import BugError, StoreError, StoreReason
from fieldkit.store.keyring import os_error_to_store_error

if TYPE_CHECKING:
    from collections.abc import Iterator
    from importlib.resources.abc import Traversable
    from pathlib import Path

    from alembic.config import Config

log = logging.getLogger(__name__)

DB_FILE = "fieldkit.db"
BACKUP_DIR = "backups"
DAMAGED_DIR = "damaged"
KEEP_BACKUPS = 7
_BACKUP_NAME = re.compile(r"^fieldkit-(\d{8}T\d{6}\d{6}Z)(?:-(\w+))?\.db$")


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: dt.datetime
    reason: str

    def as_json(self) -> dict[str, str]:
        return {
            "name": self.path.name,
            "taken_at": self.taken_at.isoformat(),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class IntegrityReport:
    ok: bool
    problems: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {"ok": self.ok, "problems": list(self.problems)}


# --- migrations -------------------------------------------------------------
#
# Alembic (about 110 ms to import, plus compiling every migration script on each
# look-up) is imported only to migrate.  Opening a store that is already at head,
# which is every login, reads the revision graph from the scripts' source and the
# current revision with one query.

_VERSION_TABLE = "alembic_version"  # Alembic's default, which env.py keeps


def _migrations() -> Traversable:
    return resources.files("fieldkit.store") / "migrations"


def _alembic_config() -> Config:
    from alembic.config import Config  # noqa: PLC0415 - only to migrate (see above)

    cfg = Config()
    cfg.set_main_option("script_location", str(_migrations()))
    return cfg


def _alembic_revisions() -> list[str]:
    """Alembic's own answer, oldest first: the fallback, and the tests' reference."""
    from alembic.script import ScriptDirectory  # noqa: PLC0415 - only when needed

    script = ScriptDirectory.from_config(_alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _literal(tree: ast.Module, name: str) -> object:
    """A module-level ``name = <literal>``, annotated or not; ``...`` if absent or computed."""
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            try:
                return ast.literal_eval(value)
            except (ValueError, TypeError):
                return ...
    return ...


@functools.cache  # the scripts ship with the code: they do not change while it runs
def _linear_revisions() -> tuple[str, ...] | None:
    """The scripts' revisions oldest first, read as source; None unless one simple chain."""
    parents: dict[str, str | None] = {}
    for entry in (_migrations() / "versions").iterdir():
        if not entry.name.endswith(".py") or entry.name.startswith("_"):
            continue
        tree = ast.parse(entry.read_text(encoding="utf-8"))
        revision, down = _literal(tree, "revision"), _literal(tree, "down_revision")
        if not isinstance(revision, str) or not (down is None or isinstance(down, str)):
            return None  # a merge, a branch label or something unusual: ask Alembic
        parents[revision] = down
    children = {down: rev for rev, down in parents.items()}
    if len(children) != len(parents):
        return None  # two scripts share a parent: branches
    chain: list[str] = []
    current = children.get(None)
    while current is not None:
        chain.append(current)
        current = children.get(current)
    return tuple(chain) if len(chain) == len(parents) else None


def all_revisions() -> list[str]:
    """Revisions oldest first; the upgrade tests walk every one of them."""
    linear = _linear_revisions()
    return list(linear) if linear is not None else _alembic_revisions()


def warm_up() -> None:
    """Read the schema revisions ahead of the first login (cached for the process).

    Mapping the models is :func:`fieldkit.schema.warm_up`, which calls this: the
    store does not import the features' tables.
    """
    all_revisions()


def head_revision() -> str:
    revisions = all_revisions()
    if not revisions:
        msg = "no migrations found"
        raise RuntimeError(msg)
    return revisions[-1]


def _current_revision(connection: sa.Connection) -> str | None:
    """The store's schema revision, as Alembic records it (None for an empty database)."""
    exists = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (_VERSION_TABLE,)
    ).first()
    if exists is None:
        return None
    rows = connection.exec_driver_sql(f"SELECT version_num FROM {_VERSION_TABLE}").all()  # noqa: S608
    if len(rows) > 1:  # several heads: let Alembic explain
        from alembic.runtime.migration import MigrationContext  # noqa: PLC0415 - only when needed

        return MigrationContext.configure(connection).get_current_revision()
    return str(rows[0][0]) if rows else None


def upgrade(engine: Engine, target: str = "head") -> None:
    from alembic import command  # noqa: PLC0415 - only to migrate (see above)

    cfg = _alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, target)


# --- the store ----------------------------------------------------------------


def _engine(path: Path, key: bytes) -> Engine:
    url = URL.create("sqlite+pysqlcipher", password=f"x'{key.hex()}'", database=str(path))
    # The sqlcipher dialect defaults to SingletonThreadPool, which closes *another thread's*
    # connection once more than five threads have used it: a crash as soon as sync's upload
    # workers and the UI's workers share the store.  A queue pool hands each thread a
    # connection of its own for the length of a checkout.
    engine = sa.create_engine(
        url,
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=12,
        connect_args={"check_same_thread": False},
        # A bug's traceback reaches the log (see translate_db_error): SQLAlchemy's text of a
        # failed statement would otherwise carry its values, a name or a NIK among them.
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=FULL",
            "foreign_keys=ON",
            "temp_store=MEMORY",
            "busy_timeout=5000",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()
        # SQLite gives -wal and -shm the main file's mode, so 0600 here covers all three.
        for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
            paths.make_private(path.with_name(name))

    return engine


# SQLite's primary result codes (https://www.sqlite.org/rescode.html): part of its stable C
# API, the same in every build, SQLCipher's included.  An extended code (SQLITE_IOERR_WRITE is
# 778) keeps its primary code in its low byte.
SQLITE_BUSY = 5
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26


def sqlite_result_code(error: exc.DBAPIError) -> int | None:
    """SQLite's primary result code behind ``error``; None when the driver raised it itself.

    sqlcipher3, like the standard library's sqlite3 since Python 3.11, puts the
    code on its exceptions (``sqlite_errorcode``, and its name in
    ``sqlite_errorname``).  An error the driver makes up without asking SQLite
    (binding a value it cannot store, using a closed connection) has none: our mistake.
    """
    code = getattr(error.orig, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def translate_db_error(error: exc.DBAPIError, path: Path) -> StoreError | BugError:
    """The environment's failures as a :class:`StoreError`; anything else as a bug.

    Told apart by SQLite's own result code, never by its English: a full or
    read-only disk, a damaged or foreign file, a folder that went away, another
    program holding the write lock are the officer's to fix and get a sentence.
    A constraint, a misuse of the API, a bad statement or schema is FieldKit's
    fault: a :class:`BugError`, which the app logs with its traceback and shows
    as "the details are in the log" (qutebrowser's ``misc/sql.py`` makes the same
    split).  Telling an officer to check the disk for a bug sends them the wrong way.
    """
    code = sqlite_result_code(error)
    if code == SQLITE_FULL:
        return StoreError(StoreReason.DISK_FULL, path=path)
    if code == SQLITE_READONLY:
        return StoreError(StoreReason.READ_ONLY, path=path)
    if code in {SQLITE_CORRUPT, SQLITE_NOTADB}:  # NOTADB is also what a wrong key gives
        return StoreError(
            StoreReason.CORRUPTED,
            path=path,
            backups=tuple(b.path for b in list_backups(path.parent)),
        )
    if code in {SQLITE_IOERR, SQLITE_CANTOPEN}:
        return StoreError(StoreReason.IO_ERROR, path=path)
    if code == SQLITE_BUSY:
        return StoreError(StoreReason.BUSY, path=path)
    name = getattr(error.orig, "sqlite_errorname", None) or type(error.orig).__name__
    # SQLite's own text names a table and column, never a value; the statement's
    # parameters, which may be a person's, are hidden (``hide_parameters`` above).
    return BugError(f"{name} on {path.name}: {error.orig}")


class Store:
    """An open, migrated, encrypted store.  Use :func:`open_store` or :func:`create_store`."""

    def __init__(self, directory: Path, engine: Engine, key: bytes) -> None:
        self.directory = directory
        self.key = key
        self.path = directory / DB_FILE
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed whole on success, rolled back whole on any error."""
        session = self._sessions()
        try:
            with session.begin():
                yield session
        except exc.DBAPIError as error:
            raise translate_db_error(error, self.path) from error
        finally:
            session.close()

    def revision(self) -> str | None:
        with self.engine.connect() as connection:
            return _current_revision(connection)

    def check(self) -> IntegrityReport:
        """Verify every page's HMAC and SQLite's own structure."""
        problems: list[str] = []
        try:
            with self.engine.connect() as connection:
                problems += [
                    str(r[0]) for r in connection.exec_driver_sql("PRAGMA cipher_integrity_check")
                ]
                quick = [str(r[0]) for r in connection.exec_driver_sql("PRAGMA quick_check")]
                problems += [p for p in quick if p != "ok"]
        except exc.DBAPIError as error:
            problems.append(str(error.orig))
        return IntegrityReport(ok=not problems, problems=tuple(problems))

    def backup(self, reason: str = "manual") -> Backup:
        """Write a verified, encrypted copy and drop the oldest beyond :data:`KEEP_BACKUPS`."""
        backup_dir = self.directory / BACKUP_DIR
        now = dt.datetime.now(dt.UTC)
        final = backup_dir / f"fieldkit-{now:%Y%m%dT%H%M%S%fZ}-{reason}.db"
        partial = final.with_suffix(".partial")
        try:
            backup_dir.mkdir(exist_ok=True, mode=paths.PRIVATE_DIR_MODE)
            paths.make_private(backup_dir)
            partial.unlink(missing_ok=True)
            # Made 0600 and empty first: SQLCipher then writes into it, never a 0644 file.
            os.close(os.open(partial, os.O_WRONLY | O_BINARY | os.O_CREAT | os.O_EXCL, 0o600))
            with self.engine.connect() as connection:
                # The same key encrypts the copy; sqlcipher_export is SQLCipher's own way.
                connection.exec_driver_sql(
                    f"ATTACH DATABASE ? AS backup KEY \"x'{self.key.hex()}'\"", (str(partial),)
                )
                try:
                    connection.exec_driver_sql("SELECT sqlcipher_export('backup')")
                    checked = connection.exec_driver_sql("PRAGMA backup.quick_check").scalar()
                finally:
                    connection.exec_driver_sql("DETACH DATABASE backup")
            if checked != "ok":
                partial.unlink(missing_ok=True)
                raise StoreError(
                    StoreReason.CORRUPTED,
                    path=self.path,
                )
            partial.replace(final)
            fsync_dir(backup_dir)
        except exc.DBAPIError as error:
            partial.unlink(missing_ok=True)
            raise translate_db_error(error, self.path) from error
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise os_error_to_store_error(error, backup_dir) from error
        for stale in list_backups(self.directory)[KEEP_BACKUPS:]:
            stale.path.unlink(missing_ok=True)
        log.info("backup written: %s", final.name)
        return Backup(final, now, reason)

    def rekey(self, new_key: bytes) -> None:
        """Re-encrypt the store with a new key (after an officer is disabled).

        Backups under the old key are deleted once a new backup exists: they
        would otherwise stay readable to the officer who was just disabled.
        """
        with self.engine.connect() as connection:
            connection.exec_driver_sql(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
        self.engine.dispose()
        self.key = new_key
        self.engine = _engine(self.path, new_key)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        fresh = self.backup(reason="rekeyed")
        for old in list_backups(self.directory):
            if old.path != fresh.path:
                old.path.unlink(missing_ok=True)

    def close(self) -> None:
        self.engine.dispose()


def list_backups(directory: Path) -> list[Backup]:
    """Backups newest first."""
    found: list[Backup] = []
    backup_dir = directory / BACKUP_DIR
    if not backup_dir.is_dir():
        return found
    for path in backup_dir.iterdir():
        match = _BACKUP_NAME.match(path.name)
        if not match:
            continue
        taken = dt.datetime.strptime(match.group(1), "%Y%m%dT%H%M%S%fZ").replace(tzinfo=dt.UTC)
        found.append(Backup(path, taken, match.group(2) or "manual"))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def create_store(directory: Path, key: bytes) -> Store:
    path = directory / DB_FILE
    if path.exists():
        raise StoreError(
            StoreReason.ALREADY_INITIALISED,
            path=path,
        )
    engine = _engine(path, key)
    try:
        upgrade(engine)
    except exc.DBAPIError as error:
        engine.dispose()
        raise translate_db_error(error, path) from error
    return Store(directory, engine, key)


def open_store(directory: Path, key: bytes, *, daily_backup: bool = True) -> Store:
    """Open, check, migrate; refuse a store from a newer FieldKit instead of touching it."""
    path = directory / DB_FILE
    if not path.exists():
        raise StoreError(
            StoreReason.CORRUPTED,
            path=path,
            backups=tuple(b.path for b in list_backups(directory)),
        )
    engine = _engine(path, key)
    try:
        with engine.connect() as connection:
            quick = connection.exec_driver_sql("PRAGMA quick_check").scalar()
            revision = _current_revision(connection)
    except exc.DBAPIError as error:
        engine.dispose()
        raise translate_db_error(error, path) from error
    if quick != "ok":
        engine.dispose()
        raise StoreError(
            StoreReason.CORRUPTED,
            path=path,
            backups=tuple(b.path for b in list_backups(directory)),
        )
    known = all_revisions()
    if revision is not None and revision not in known:
        engine.dispose()
        raise StoreError(
            StoreReason.TOO_NEW,
            path=path,
            params={"revision": revision, "known": known[-1]},
        )
    store = Store(directory, engine, key)
    try:
        _bring_up_to_date(store, revision, daily_backup=daily_backup)
    except exc.DBAPIError as error:
        store.close()
        raise translate_db_error(error, path) from error
    except StoreError:
        store.close()
        raise
    return store


def _bring_up_to_date(store: Store, revision: str | None, *, daily_backup: bool) -> None:
    """Back up before migrating (the one moment a bug could cost data), else once a day."""
    head = head_revision()
    if revision != head:
        if revision is not None:
            store.backup(reason="premigration")
        log.info("migrating store from %s to %s", revision, head)
        upgrade(store.engine)
    elif daily_backup:
        latest = next(iter(list_backups(store.directory)), None)
        if latest is None or latest.taken_at.date() < dt.datetime.now(dt.UTC).date():
            store.backup(reason="daily")


def officer_role(path: Path, key: bytes, username: str) -> tuple[str, bool] | None:
    """An officer's role and whether the account is active, read from a store file.

    For restore, which must know who is asking before the store is replaced, and may
    find the current store unreadable.  None when the key does not open the file or
    the officer is not in it.
    """
    if not path.is_file():
        return None
    engine = _engine(path, key)
    try:
        with engine.connect() as connection:
            row = connection.execute(
                sa.text("SELECT role, active FROM officers WHERE username = :username"),
                {"username": username},
            ).first()
    except exc.DBAPIError:
        return None
    finally:
        engine.dispose()
    return None if row is None else (str(row[0]), bool(row[1]))


def restore_backup(directory: Path, key: bytes, backup: Path) -> Path | None:
    """Put a backup in place, keeping the damaged file aside rather than deleting it."""
    path = directory / DB_FILE
    probe = _engine(backup, key)
    try:
        with probe.connect() as connection:
            ok = connection.exec_driver_sql("PRAGMA quick_check").scalar()
    except exc.DBAPIError as error:
        raise StoreError(
            StoreReason.CORRUPTED,
            path=backup,
        ) from error
    finally:
        probe.dispose()
    if ok != "ok":
        raise StoreError(StoreReason.CORRUPTED, path=backup)
    kept: Path | None = None
    try:
        if path.exists():
            damaged = directory / DAMAGED_DIR
            damaged.mkdir(exist_ok=True, mode=paths.PRIVATE_DIR_MODE)
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
            kept = damaged / f"fieldkit-{stamp}.db"
            path.replace(kept)
            for suffix in ("-wal", "-shm"):
                side = path.with_name(path.name + suffix)
                if side.exists():
                    side.replace(kept.with_name(kept.name + suffix))
        tmp = path.with_suffix(".restoring")
        shutil.copyfile(backup, tmp)
        paths.make_private(tmp)
        tmp.replace(path)
        fsync_dir(directory)
    except OSError as error:
        raise os_error_to_store_error(error, directory) from error
    log.info("restored store from backup %s", backup.name)
    return kept
