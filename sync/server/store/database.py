"""The data center's metadata: codes, devices, announcements, records and state history.

SQLAlchemy Core against a URL, so the embedded default (a SQLite file in the
data directory) and PostgreSQL (psycopg 3) run the same statements; the few
dialect differences (upserts, write serialisation, disk-full codes) live here
and nowhere else.  Every change that must be all-or-nothing (enrolling with a
code, storing a record with its receipt and first states) is one transaction.
Record payloads never come here: only hashes, ids, states and signed receipts, and of
an accepted record the coarse place its header names (``record_places``: visit, date,
desa, kecamatan; never a person).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from fieldkit import paths
from fieldkit.durable import O_BINARY
from sync.protocol import Reason, RecordState
from sync.server.errors import DataCenterError
from sync.server.store.audit_book import AuditBook
from sync.server.store.base import DEVICE
from sync.server.store.groupcommit import GroupCommit
from sync.server.store.review_book import ReviewBook
from sync.server.store.rows import (
    Added,
    Announcement,
    Counts,
    Device,
    NewRecord,
    RecordPlace,
    StateChange,
    StoredRecord,
    hash_code,
)
from sync.server.store.schema import current_revision, migrate
from sync.server.store.stamps import office_zone_info
from sync.server.store.tables import (
    announcements,
    codes,
    conflicts,
    devices,
    office_settings,
    record_places,
    record_search,
    records,
    state_changes,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable, Sequence

    from sqlalchemy.engine import Connection
log = logging.getLogger(__name__)


#: Any constant: serialises concurrent ``create_all`` runs (serve and a CLI chore) on PostgreSQL.
_SCHEMA_LOCK = 0x46_4B_44_43  # "FKDC"
#: PostgreSQL's advisory lock between records' commits (shared) and blob deletions
#: (exclusive): two 32-bit keys, a key space apart from the one-key locks above.
_BLOB_LOCK = (0x46_4B_44_43, 0x42_4C_4F_42)  # "FKDC", "BLOB"
SUPPORTED_DIALECTS = frozenset({"sqlite", "postgresql"})
#: Ids per ``IN (...)`` in :meth:`SqlStore.records_by_id` (a manifest holds at most 1000).
_IDS_PER_QUERY = 500
#: The hot path's reads, built once: building a statement (and its cache key) costs
#: several times more than running it against an indexed primary key.


_ANNOUNCEMENT = sa.select(announcements).where(
    announcements.c.device_id == sa.bindparam("device_id"),
    announcements.c.record_id == sa.bindparam("record_id"),
)


_RECORD = sa.select(records).where(
    records.c.device_id == sa.bindparam("device_id"),
    records.c.record_id == sa.bindparam("record_id"),
)


_STATE_CHANGE = state_changes.insert()
_DROP_ANNOUNCEMENT = announcements.delete().where(
    announcements.c.device_id == sa.bindparam("a_device_id"),
    announcements.c.record_id == sa.bindparam("a_record_id"),
)


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'datacenter.sqlite3'}"


def make_data_dir(data_dir: Path) -> None:
    """Create the data folder, or take one made by someone else: 0700 whatever the umask.

    It holds the keys, the records' metadata and the sealed blobs; on Windows the
    installer's ACL keeps it private instead (``fieldkit.paths.make_private``).
    """
    data_dir.mkdir(parents=True, exist_ok=True, mode=paths.PRIVATE_DIR_MODE)
    paths.make_private(data_dir)


def _sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL; None for an in-memory or ``file:`` URI database."""
    database = sa.make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _make_sqlite_private(database: Path) -> None:
    """The database and its ``-wal`` and ``-shm``: 0600 whatever the umask (POSIX).

    A new database is created empty at 0600 before SQLite opens it: SQLite gives the
    ``-wal`` and ``-shm`` it creates the database file's mode.  Files an older version
    left 0644 are given 0600.  A file that cannot be made is left for SQLite to report.
    """
    with contextlib.suppress(OSError):
        os.close(
            os.open(
                database, os.O_WRONLY | O_BINARY | os.O_CREAT | os.O_EXCL, paths.PRIVATE_FILE_MODE
            )
        )
    for suffix in ("", "-wal", "-shm"):
        paths.make_private(database.with_name(database.name + suffix))


def normalise_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (SQLAlchemy would pick psycopg2, not installed)."""
    for bare in ("postgresql://", "postgres://"):
        if url.startswith(bare):
            return "postgresql+psycopg://" + url[len(bare) :]
    return url


class SqlStore(AuditBook, ReviewBook):
    """The SQLAlchemy implementation; SQLite by default, PostgreSQL by URL."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        dialect = sa.make_url(self.url).get_backend_name()
        if dialect not in SUPPORTED_DIALECTS:
            raise DataCenterError(
                400,
                Reason.INVALID_REQUEST,
                code="datacenter_database_unsupported",
                params={"dialect": dialect},
            )
        self.is_sqlite = dialect == "sqlite"
        database = _sqlite_file(self.url) if self.is_sqlite else None
        if database is not None:
            _make_sqlite_private(database)
        if self.is_sqlite:
            # No pre-ping: a file cannot drop the connection, and each ping is a query.
            self.engine = sa.create_engine(self.url, connect_args={"timeout": 30})
            event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            # Enough connections for the web thread pool (40) without queueing behind each other.
            self.engine = sa.create_engine(
                self.url, pool_pre_ping=True, pool_size=8, max_overflow=40, pool_timeout=60
            )
        # One writer at a time inside this process: SQLite would otherwise answer BUSY when a
        # read transaction upgrades to a write.  PostgreSQL needs no such lock.
        self._write_lock: contextlib.AbstractContextManager[Any] = (
            threading.Lock() if self.is_sqlite else contextlib.nullcontext()
        )
        try:
            with self._write() as conn:
                # One process migrates; the others wait here, then find the head.
                if self.is_sqlite:
                    # Python's sqlite3 runs DDL outside any transaction unless one is begun:
                    # two processes starting on a new file both created the tables.
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                else:
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_SCHEMA_LOCK)))
                migrate(conn)
        except BaseException:
            # A refused database (newer than this code, unreachable) leaves no connection
            # open behind the half-made store for the garbage collector to find.
            self.engine.dispose()
            raise
        self._insert_record_stmt = (
            self._insert(records)
            .on_conflict_do_nothing(index_elements=[records.c.device_id, records.c.record_id])
            # RETURNING, not rowcount: psycopg reports no count for INSERT here.
            .returning(records.c.record_id)
        )
        # PostgreSQL: a shared row lock, so a revocation waits for a record already being
        # committed instead of slipping in between the check and the commit.
        self._live_devices = (
            sa.select(devices.c.device_id)
            .where(devices.c.device_id.in_(sa.bindparam("ids", expanding=True)))
            .where(devices.c.revoked_at.is_(None))
        )
        if not self.is_sqlite:
            self._live_devices = self._live_devices.with_for_update(read=True)
        # PostgreSQL runs concurrent commits side by side and flushes its WAL for them together.
        self._group: GroupCommit[NewRecord, Added] | None = (
            GroupCommit(self._add_records, self._add_one) if self.is_sqlite else None
        )

    def office_zone(self) -> dt.tzinfo | None:
        """The office's time zone: its setting, else its office code's province (issue 59 §9).

        None before the office code is set: the host's own zone is used then.
        """
        with self.reading() as conn:
            row = conn.execute(
                sa.select(office_settings.c.time_zone, office_settings.c.office_code)
            ).first()
        return office_zone_info(row.time_zone, row.office_code) if row is not None else None

    def add_code(self, code: str, now: str, expires_at: str) -> None:
        with self._write() as conn:
            conn.execute(
                codes.insert().values(
                    code_hash=hash_code(code), created_at=now, expires_at=expires_at
                )
            )

    def enroll(self, code: str, public_key: str, info: dict[str, str], now: str) -> str:
        """Use the code and register the device in one transaction, so a refusal burns no code."""
        code_hash = hash_code(code)
        with self._write() as conn:
            row = conn.execute(
                sa.select(codes).where(codes.c.code_hash == code_hash).with_for_update()
            ).first()
            if row is None:
                raise DataCenterError(
                    403,
                    Reason.CODE_UNKNOWN,
                )
            if row.used_at is not None:
                raise DataCenterError(
                    409,
                    Reason.CODE_USED,
                )
            if row.expires_at <= now:
                raise DataCenterError(
                    410,
                    Reason.CODE_EXPIRED,
                )
            exists = conn.execute(
                sa.select(devices.c.device_id, devices.c.revoked_at).where(
                    devices.c.public_key == public_key
                )
            ).first()
            if exists is not None and exists.revoked_at is not None:
                # The laptop makes a new key and tries the same code again (it is not used).
                raise DataCenterError(
                    409,
                    Reason.KEY_ALREADY_ENROLLED,
                )
            # A key that is enrolled and not revoked gets its own device back: the laptop lost
            # the first answer (or refused it), and must not be locked out for that.
            device_id = f"dev-{uuid.uuid4().hex}" if exists is None else str(exists.device_id)
            used = conn.execute(
                codes.update()
                .where(codes.c.code_hash == code_hash, codes.c.used_at.is_(None))
                .values(used_at=now, used_by=device_id)
            )
            if used.rowcount != 1:
                raise DataCenterError(409, Reason.CODE_USED)
            if exists is not None:
                return device_id
            added = conn.execute(
                self._insert(devices)
                .values(
                    device_id=device_id,
                    public_key=public_key,
                    info=json.dumps(info, sort_keys=True),
                    enrolled_at=now,
                )
                .on_conflict_do_nothing()
                .returning(devices.c.device_id)
            ).first()
            if added is None:  # the same key enrolled concurrently with another code
                raise DataCenterError(409, Reason.KEY_ALREADY_ENROLLED)
        return device_id

    @staticmethod
    def _device(row: Any) -> Device:
        return Device(
            device_id=row.device_id,
            public_key=row.public_key,
            info=json.loads(row.info),
            enrolled_at=row.enrolled_at,
            revoked_at=row.revoked_at,
            revoke_reason=row.revoke_reason,
        )

    def device(self, device_id: str) -> Device | None:
        with self._read() as conn:
            row = conn.execute(DEVICE, {"device_id": device_id}).first()
        return None if row is None else self._device(row)

    def devices(self) -> list[Device]:
        with self._read() as conn:
            rows = conn.execute(sa.select(devices).order_by(devices.c.enrolled_at)).all()
        return [self._device(row) for row in rows]

    def revoke(self, device_id: str, reason: str, now: str) -> None:
        with self._write() as conn:
            done = conn.execute(
                devices.update()
                .where(devices.c.device_id == device_id)
                .values(revoked_at=now, revoke_reason=reason)
            )
            if done.rowcount != 1:
                raise DataCenterError(
                    404,
                    Reason.DEVICE_UNKNOWN,
                    code="datacenter_device_unknown",
                    params={"device_id": device_id},
                )

    def announce(self, entries: list[Announcement], now: str) -> None:
        if not entries:
            return
        rows = [{**asdict(entry), "announced_at": now} for entry in entries]
        upsert = self._insert(announcements)
        upsert = upsert.on_conflict_do_update(
            index_elements=[announcements.c.device_id, announcements.c.record_id],
            set_={
                name: upsert.excluded[name]
                for name in ("seq", "sha256", "size", "kid", "announced_at")
            },
        )
        with self._write() as conn:
            # A single upsert, so two manifests naming the same record cannot collide.
            conn.execute(upsert, rows)

    def announcement(self, device_id: str, record_id: str) -> Announcement | None:
        with self._read() as conn:
            row = conn.execute(
                _ANNOUNCEMENT, {"device_id": device_id, "record_id": record_id}
            ).first()
        return self._announcement(row)

    def upload_state(
        self, device_id: str, record_id: str
    ) -> tuple[Announcement | None, StoredRecord | None]:
        """What an upload needs to know, in one connection: its announcement and its record."""
        with self._read() as conn:
            announced = conn.execute(
                _ANNOUNCEMENT, {"device_id": device_id, "record_id": record_id}
            ).first()
            held = conn.execute(_RECORD, {"device_id": device_id, "record_id": record_id}).first()
        return self._announcement(announced), None if held is None else self._record(held)

    @staticmethod
    def _announcement(row: Any) -> Announcement | None:
        if row is None:
            return None
        return Announcement(
            device_id=row.device_id,
            record_id=row.record_id,
            seq=row.seq,
            sha256=row.sha256,
            size=row.size,
            kid=row.kid,
        )

    @staticmethod
    def _record(row: Any) -> StoredRecord:
        return StoredRecord(
            record_id=row.record_id,
            device_id=row.device_id,
            seq=row.seq,
            kid=row.kid,
            sha256=row.sha256,
            size=row.size,
            state=RecordState(row.state),
            reason=row.reason,
            message=row.message,
            received_at=row.received_at,
            receipt=json.loads(row.receipt),
        )

    def record(self, device_id: str, record_id: str) -> StoredRecord | None:
        with self._read() as conn:
            row = conn.execute(_RECORD, {"device_id": device_id, "record_id": record_id}).first()
        return None if row is None else self._record(row)

    def records_by_id(self, device_id: str, record_ids: Iterable[str]) -> dict[str, StoredRecord]:
        """This device's held records among ``record_ids``: one query per page, not per record."""
        wanted = sorted(set(record_ids))
        found: dict[str, StoredRecord] = {}
        with self._read() as conn:
            for start in range(0, len(wanted), _IDS_PER_QUERY):
                chunk = wanted[start : start + _IDS_PER_QUERY]
                query = sa.select(records).where(
                    records.c.device_id == device_id, records.c.record_id.in_(chunk)
                )
                for row in conn.execute(query):
                    found[row.record_id] = self._record(row)
        return found

    def referenced_blobs(self, names: Iterable[str]) -> set[str]:
        """Which of these blob names a stored record points at (as of now: no lock held)."""
        wanted = list(names)
        with self._read() as conn:
            return self._referenced(conn, wanted)

    @staticmethod
    def _referenced(conn: Connection, wanted: Sequence[str]) -> set[str]:
        held: set[str] = set()
        for start in range(0, len(wanted), _IDS_PER_QUERY):
            chunk = wanted[start : start + _IDS_PER_QUERY]
            held.update(
                conn.execute(sa.select(records.c.sha256).where(records.c.sha256.in_(chunk)))
                .scalars()
                .all()
            )
        return held

    def delete_unreferenced(self, names: Sequence[str], delete: Callable[[str], None]) -> list[str]:
        """Call ``delete`` on each of these blobs no record points at; the ones deleted.

        Blobs are shared by content, and a record's blob is written before its record is
        committed; so the references are looked up, and the blobs deleted, while no
        record can be committed: under the lock every record's commit takes too (SQLite:
        the database's write lock; PostgreSQL: ``_BLOB_LOCK`` exclusive, the commits'
        shared).  A record committed before this sees its reference counted here; one
        committed after finds its blob gone and writes it again (``add_record``).
        """
        if not names:
            return []
        with self._write() as conn:
            if self.is_sqlite:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(*_BLOB_LOCK)))
            held = self._referenced(conn, names)
            gone = [name for name in names if name not in held]
            for name in gone:
                delete(name)
        return gone

    def devices_holding(self, record_id: str) -> list[str]:
        """The devices that stored a record with this id (an operator names a record by it)."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(records.c.device_id)
                .where(records.c.record_id == record_id)
                .order_by(records.c.device_id)
            ).all()
        return [row.device_id for row in rows]

    def records(self) -> list[StoredRecord]:
        with self._read() as conn:
            rows = conn.execute(sa.select(records).order_by(records.c.received_at)).all()
        return [self._record(row) for row in rows]

    def last_received(self) -> dict[str, str]:
        """Each enrolled laptop's newest record's ``received_at``; a laptop with none is absent.

        The console's Laptop, Beranda and Versi pages ask on every load.  A subquery per
        laptop, each one seek of ``ix_records_device_received`` on SQLite and PostgreSQL
        alike, so the answer costs the same at a million records as at ten, where
        reading every record took seconds (issue 46).  ``received_at`` is fixed-width
        UTC text (``service.iso``), so the database's MAX is the newest time.
        """
        newest = (
            sa.select(sa.func.max(records.c.received_at))
            .where(records.c.device_id == devices.c.device_id)
            .scalar_subquery()
        )
        with self._read() as conn:
            rows = conn.execute(sa.select(devices.c.device_id, newest.label("newest"))).all()
        return {row.device_id: row.newest for row in rows if row.newest is not None}

    def add_record(
        self,
        record: StoredRecord,
        signature: str,
        history: list[str],
        *,
        ensure_blob: Callable[[], None] | None = None,
        place: RecordPlace | None = None,
        search: Sequence[tuple[str, str]] = (),
    ) -> Added:
        """Store a record, its receipt and its first states, unless it is already there.

        The device is checked in the same transaction, so a laptop revoked while its
        upload was being verified and written gets nothing stored.  On SQLite, uploads
        that finish together share one commit (``GroupCommit``): each still returns
        only once its own rows are durable.

        ``ensure_blob`` is called after the record's rows are written and before they
        are committed, under the lock that blob deletions take (``delete_unreferenced``):
        a sweep that deleted the blob since it was written has finished, and none can
        begin until this commits.  So a record is never committed without its blob, and
        its blob is never deleted once it is committed.
        """
        new = NewRecord(record, signature, tuple(history), ensure_blob, place, tuple(search))
        if self._group is not None:
            return self._group.submit(new)
        return self._add_records([new])[0]

    def _add_one(self, new: NewRecord) -> Added:
        return self._add_records([new])[0]

    def _add_records(self, batch: Sequence[NewRecord]) -> list[Added]:
        """One transaction for the batch; a race lost on a record id is not an error."""
        try:
            with self._write() as conn:
                if not self.is_sqlite:  # SQLite: the first INSERT takes the write lock
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock_shared(*_BLOB_LOCK)))
                device_ids = sorted({new.record.device_id for new in batch})
                for device_id in device_ids:
                    self._serialise_device(conn, device_id)
                live = set(conn.scalars(self._live_devices, {"ids": device_ids}))
                added = [
                    self._insert_record(conn, new)
                    if new.record.device_id in live
                    else Added.DEVICE_REVOKED
                    for new in batch
                ]
                for new, outcome in zip(batch, added, strict=True):
                    if outcome is Added.STORED and new.ensure_blob is not None:
                        new.ensure_blob()
                return added
        except IntegrityError:
            if len(batch) > 1:
                raise  # GroupCommit retries each alone, so the others still get in
            return [Added.ALREADY_HELD]

    def _insert_record(self, conn: Connection, new: NewRecord) -> Added:
        record = new.record
        added = conn.execute(
            self._insert_record_stmt,
            {
                "record_id": record.record_id,
                "device_id": record.device_id,
                "seq": record.seq,
                "kid": record.kid,
                "sha256": record.sha256,
                "size": record.size,
                "record_signature": new.signature,
                "state": str(record.state),
                "reason": record.reason,
                "message": record.message,
                "received_at": record.received_at,
                "receipt": json.dumps(record.receipt, sort_keys=True),
            },
        ).first()
        if added is None:  # a concurrent upload of the same id committed first
            return Added.ALREADY_HELD
        conn.execute(
            _STATE_CHANGE,
            [
                {
                    "record_id": record.record_id,
                    "device_id": record.device_id,
                    "state": state,
                    "reason": record.reason if state == record.state else None,
                    "message": record.message if state == record.state else None,
                    "changed_at": record.received_at,
                }
                for state in new.history
            ],
        )
        if new.place is not None:
            conn.execute(
                record_places.insert().values(
                    device_id=record.device_id, record_id=record.record_id, **asdict(new.place)
                )
            )
        if new.search:
            conn.execute(
                record_search.insert(),
                [
                    {
                        "device_id": record.device_id,
                        "record_id": record.record_id,
                        "kind": kind,
                        "mac": mac,
                    }
                    for kind, mac in new.search
                ],
            )
        conn.execute(
            _DROP_ANNOUNCEMENT,
            {"a_device_id": record.device_id, "a_record_id": record.record_id},
        )
        return Added.STORED

    def set_state(
        self,
        device_id: str,
        record_id: str,
        state: RecordState,
        now: str,
        *,
        reason: Reason | None = None,
        message: str | None = None,
        also: Callable[[Connection], None] | None = None,
        expected: RecordState | None = None,
    ) -> None:
        """The record's new state and its history line; ``also`` in the same transaction.

        ``expected``: only from that state; 409 ``datacenter_state_changed`` when something
        else (a search, another operator) moved the record since the caller read it.
        """
        why = None if reason is None else str(reason)
        where = [records.c.device_id == device_id, records.c.record_id == record_id]
        if expected is not None:
            where.append(records.c.state == str(expected))
        with self._write() as conn:
            self._serialise_device(conn, device_id)
            done = conn.execute(
                records.update().where(*where).values(state=str(state), reason=why, message=message)
            )
            if (
                done.rowcount != 1
                and expected is not None
                and self._has(conn, device_id, record_id)
            ):
                raise DataCenterError(
                    409,
                    Reason.INVALID_REQUEST,
                    code="datacenter_state_changed",
                    params={"record_id": record_id, "expected": str(expected)},
                )
            if done.rowcount != 1:
                raise DataCenterError(404, Reason.RECORD_UNKNOWN, params={"record_id": record_id})
            conn.execute(
                state_changes.insert().values(
                    record_id=record_id,
                    device_id=device_id,
                    state=str(state),
                    reason=why,
                    message=message,
                    changed_at=now,
                )
            )
            if also is not None:
                also(conn)

    def move_state_in(
        self,
        conn: Connection,
        device_id: str,
        record_id: str,
        state: RecordState,
        now: str,
        *,
        expected: RecordState,
    ) -> None:
        """:meth:`set_state`'s change inside the caller's transaction, for many records at once.

        The caller holds the laptop's lock (:meth:`writing_alone`), so the history lines'
        cursors become visible in order, as :meth:`set_state` keeps them.  The record moves
        only from ``expected``; 409 ``datacenter_state_changed`` (and the caller's whole
        transaction rolled back) when it is no longer there.
        """
        done = conn.execute(
            records.update()
            .where(
                records.c.device_id == device_id,
                records.c.record_id == record_id,
                records.c.state == str(expected),
            )
            .values(state=str(state), reason=None, message=None)
        )
        if done.rowcount != 1:
            raise DataCenterError(
                409,
                Reason.INVALID_REQUEST,
                code="datacenter_state_changed",
                params={"record_id": record_id, "expected": str(expected)},
            )
        conn.execute(
            state_changes.insert().values(
                record_id=record_id,
                device_id=device_id,
                state=str(state),
                reason=None,
                message=None,
                changed_at=now,
            )
        )

    def changes(self, device_id: str, since: int, limit: int) -> list[StateChange]:
        with self._read() as conn:
            rows = conn.execute(
                sa.select(state_changes)
                .where(state_changes.c.device_id == device_id, state_changes.c.cursor > since)
                .order_by(state_changes.c.cursor)
                .limit(limit)
            ).all()
        return [
            StateChange(
                cursor=row.cursor,
                record_id=row.record_id,
                state=RecordState(row.state),
                reason=row.reason,
                message=row.message,
                changed_at=row.changed_at,
            )
            for row in rows
        ]

    def add_conflict(
        self, record_id: str, device_id: str, stored: str, offered: str, now: str
    ) -> None:
        insert = self._insert(conflicts).values(
            record_id=record_id,
            device_id=device_id,
            stored_sha256=stored,
            offered_sha256=offered,
            seen_at=now,
        )
        # The latest offer and a count, in the one row of this record.
        upsert = insert.on_conflict_do_update(
            index_elements=[conflicts.c.device_id, conflicts.c.record_id],
            set_={
                "offered_sha256": insert.excluded.offered_sha256,
                "seen_at": insert.excluded.seen_at,
                "times": conflicts.c.times + 1,
            },
        )
        with self._write() as conn:
            conn.execute(upsert)

    def conflicts(self) -> list[dict[str, Any]]:
        with self._read() as conn:
            rows = conn.execute(sa.select(conflicts).order_by(conflicts.c.id)).all()
        return [dict(row._mapping) for row in rows]  # noqa: SLF001 - SQLAlchemy's public Row API

    def counts(self) -> Counts:
        with self._read() as conn:
            revoked = devices.c.revoked_at.is_not(None)
            by_device = conn.execute(
                sa.select(revoked.label("revoked"), sa.func.count()).group_by(revoked)
            ).all()
            by_state = conn.execute(
                sa.select(records.c.state, sa.func.count()).group_by(records.c.state)
            ).all()
        laptops = {"enrolled": 0, "revoked": 0}
        for is_revoked, n in by_device:
            laptops["revoked" if is_revoked else "enrolled"] += int(n)
        return Counts(laptops, {str(state): int(n) for state, n in by_state})

    def schema_revision(self) -> str | None:
        """The database's schema revision, read now (a real query: readiness uses it)."""
        with self._read() as conn:
            return current_revision(conn)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers run beside the writer; FULL sync makes each commit durable.

    ``secure_delete`` zeroes what is deleted or overwritten instead of leaving it in
    the file's free space: a column emptied of personal data (a note sealed by
    ``seal_plaintext_reviews``) is then gone from the file, not merely unreferenced.
    """
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()
