"""The data center's metadata: codes, devices, announcements, records and state history.

SQLAlchemy Core against a URL, so the embedded default (a SQLite file in the
data directory) and PostgreSQL run the same statements.  Every change that
must be all-or-nothing (enrolling with a code, storing a record with its
receipt and first states) is one transaction.  Record payloads never come
here: only hashes, ids, states and signed receipts.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import secrets
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError, OperationalError

from sync.protocol import Reason, RecordState
from sync.server.errors import DataCenterError, disk_full

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from sqlalchemy.engine import Connection

metadata = sa.MetaData()

codes = sa.Table(
    "enroll_codes",
    metadata,
    sa.Column("code_hash", sa.String(64), primary_key=True),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("expires_at", sa.String(32), nullable=False),
    sa.Column("used_at", sa.String(32)),
    sa.Column("used_by", sa.String(64)),
)

devices = sa.Table(
    "devices",
    metadata,
    sa.Column("device_id", sa.String(64), primary_key=True),
    sa.Column("public_key", sa.String(64), nullable=False, unique=True),
    sa.Column("info", sa.Text, nullable=False),
    sa.Column("enrolled_at", sa.String(32), nullable=False),
    sa.Column("revoked_at", sa.String(32)),
    sa.Column("revoke_reason", sa.Text),
)

announcements = sa.Table(
    "announcements",
    metadata,
    sa.Column("device_id", sa.String(64), primary_key=True),
    sa.Column("record_id", sa.String(128), primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("kid", sa.String(64), nullable=False),
    sa.Column("announced_at", sa.String(32), nullable=False),
)

records = sa.Table(
    "records",
    metadata,
    sa.Column("record_id", sa.String(128), primary_key=True),
    sa.Column("device_id", sa.String(64), nullable=False, index=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("kid", sa.String(64), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("record_signature", sa.String(128), nullable=False),
    sa.Column("state", sa.String(32), nullable=False),
    sa.Column("reason", sa.String(64)),
    sa.Column("message", sa.Text),
    sa.Column("received_at", sa.String(32), nullable=False),
    sa.Column("receipt", sa.Text, nullable=False),
)

state_changes = sa.Table(
    "state_changes",
    metadata,
    sa.Column("cursor", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("record_id", sa.String(128), nullable=False),
    sa.Column("device_id", sa.String(64), nullable=False),
    sa.Column("state", sa.String(32), nullable=False),
    sa.Column("reason", sa.String(64)),
    sa.Column("message", sa.Text),
    sa.Column("changed_at", sa.String(32), nullable=False),
    sa.Index("ix_state_changes_device_cursor", "device_id", "cursor"),
)

conflicts = sa.Table(
    "conflicts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("record_id", sa.String(128), nullable=False),
    sa.Column("device_id", sa.String(64), nullable=False),
    sa.Column("stored_sha256", sa.String(64), nullable=False),
    sa.Column("offered_sha256", sa.String(64), nullable=False),
    sa.Column("seen_at", sa.String(32), nullable=False),
)


def hash_code(code: str) -> str:
    """Codes are stored hashed: a copied database does not hand out enrollments."""
    normalised = code.strip().upper().replace("-", "")
    return hashlib.sha256(normalised.encode()).hexdigest()


def new_code() -> str:
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud over the phone
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


@dataclass(frozen=True)
class Device:
    device_id: str
    public_key: str
    info: dict[str, str]
    enrolled_at: str
    revoked_at: str | None
    revoke_reason: str | None


@dataclass(frozen=True)
class Announcement:
    device_id: str
    record_id: str
    seq: int
    sha256: str
    size: int
    kid: str


@dataclass(frozen=True)
class StoredRecord:
    record_id: str
    device_id: str
    seq: int
    kid: str
    sha256: str
    size: int
    state: RecordState
    reason: str | None
    message: str | None
    received_at: str
    receipt: dict[str, Any]


@dataclass(frozen=True)
class StateChange:
    cursor: int
    record_id: str
    state: RecordState
    reason: str | None
    message: str | None
    changed_at: str


class MetadataStore(Protocol):
    """What the service needs from a metadata backend."""

    def add_code(self, code: str, now: str, expires_at: str) -> None: ...
    def enroll(self, code: str, public_key: str, info: dict[str, str], now: str) -> str: ...
    def device(self, device_id: str) -> Device | None: ...
    def devices(self) -> list[Device]: ...
    def revoke(self, device_id: str, reason: str, now: str) -> None: ...
    def announce(self, entries: list[Announcement], now: str) -> None: ...
    def announcement(self, device_id: str, record_id: str) -> Announcement | None: ...
    def record(self, record_id: str) -> StoredRecord | None: ...
    def records(self) -> list[StoredRecord]: ...
    def add_record(self, record: StoredRecord, signature: str, history: list[str]) -> bool: ...
    def set_state(self, record_id: str, state: RecordState, now: str) -> None: ...
    def changes(self, device_id: str, since: int, limit: int) -> list[StateChange]: ...
    def add_conflict(
        self, record_id: str, device_id: str, stored: str, offered: str, now: str
    ) -> None: ...
    def conflicts(self) -> list[dict[str, Any]]: ...


def _is_disk_full(exc: OperationalError) -> bool:
    orig = exc.orig
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(orig, sqlite3.Error) and isinstance(code, int):
        return code & 0xFF == sqlite3.SQLITE_FULL  # primary code of an extended one
    return getattr(orig, "pgcode", None) == "53100"  # PostgreSQL disk_full


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'datacenter.sqlite3'}"


class SqlStore:
    """The SQLAlchemy implementation; SQLite by default, PostgreSQL by URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        connect_args: dict[str, Any] = {"timeout": 30} if self.is_sqlite else {}
        self.engine = sa.create_engine(url, connect_args=connect_args, pool_pre_ping=True)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        # One writer at a time inside this process: SQLite would otherwise answer BUSY when a
        # read transaction upgrades to a write.  PostgreSQL needs no such lock.
        self._write_lock: contextlib.AbstractContextManager[Any] = (
            threading.Lock() if self.is_sqlite else contextlib.nullcontext()
        )
        with self._write():
            metadata.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextlib.contextmanager
    def _write(self) -> Iterator[Connection]:
        try:
            with self._write_lock, self.engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            if _is_disk_full(exc):
                raise disk_full("database") from exc
            raise

    @contextlib.contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    # --- codes and devices ----------------------------------------------------

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
            row = conn.execute(sa.select(codes).where(codes.c.code_hash == code_hash)).first()
            if row is None:
                raise DataCenterError(
                    403,
                    Reason.CODE_UNKNOWN,
                    "This enrollment code is not known to the data center.",
                    hint="Check the code for typos, or ask the operator for a new one.",
                )
            if row.used_at is not None:
                raise DataCenterError(
                    409,
                    Reason.CODE_USED,
                    "This enrollment code has already been used.",
                    hint="Each code enrolls one laptop once; ask the operator for a new one.",
                )
            if row.expires_at <= now:
                raise DataCenterError(
                    410,
                    Reason.CODE_EXPIRED,
                    "This enrollment code has expired.",
                    hint="Ask the operator for a new code and use it the same day.",
                )
            exists = conn.execute(
                sa.select(devices.c.device_id).where(devices.c.public_key == public_key)
            ).first()
            if exists is not None:
                raise DataCenterError(
                    409,
                    Reason.KEY_ALREADY_ENROLLED,
                    "This laptop's key is already enrolled.",
                    hint="The laptop is already registered; it does not need a new code.",
                )
            device_id = f"dev-{uuid.uuid4().hex}"
            used = conn.execute(
                codes.update()
                .where(codes.c.code_hash == code_hash, codes.c.used_at.is_(None))
                .values(used_at=now, used_by=device_id)
            )
            if used.rowcount != 1:
                raise DataCenterError(
                    409, Reason.CODE_USED, "This enrollment code has already been used."
                )
            conn.execute(
                devices.insert().values(
                    device_id=device_id,
                    public_key=public_key,
                    info=json.dumps(info, sort_keys=True),
                    enrolled_at=now,
                )
            )
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
            row = conn.execute(sa.select(devices).where(devices.c.device_id == device_id)).first()
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
                raise DataCenterError(404, Reason.DEVICE_UNKNOWN, f"No device {device_id}.")

    # --- announcements and records ------------------------------------------------

    def announce(self, entries: list[Announcement], now: str) -> None:
        if not entries:
            return
        with self._write() as conn:
            for entry in entries:
                key = (
                    announcements.c.device_id == entry.device_id,
                    announcements.c.record_id == entry.record_id,
                )
                conn.execute(announcements.delete().where(*key))
                conn.execute(
                    announcements.insert().values(
                        device_id=entry.device_id,
                        record_id=entry.record_id,
                        seq=entry.seq,
                        sha256=entry.sha256,
                        size=entry.size,
                        kid=entry.kid,
                        announced_at=now,
                    )
                )

    def announcement(self, device_id: str, record_id: str) -> Announcement | None:
        with self._read() as conn:
            row = conn.execute(
                sa.select(announcements).where(
                    announcements.c.device_id == device_id,
                    announcements.c.record_id == record_id,
                )
            ).first()
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

    def record(self, record_id: str) -> StoredRecord | None:
        with self._read() as conn:
            row = conn.execute(sa.select(records).where(records.c.record_id == record_id)).first()
        return None if row is None else self._record(row)

    def records(self) -> list[StoredRecord]:
        with self._read() as conn:
            rows = conn.execute(sa.select(records).order_by(records.c.received_at)).all()
        return [self._record(row) for row in rows]

    def add_record(self, record: StoredRecord, signature: str, history: list[str]) -> bool:
        """Store a record, its receipt and its first states; False if it was already there."""
        try:
            with self._write() as conn:
                conn.execute(
                    records.insert().values(
                        record_id=record.record_id,
                        device_id=record.device_id,
                        seq=record.seq,
                        kid=record.kid,
                        sha256=record.sha256,
                        size=record.size,
                        record_signature=signature,
                        state=str(record.state),
                        reason=record.reason,
                        message=record.message,
                        received_at=record.received_at,
                        receipt=json.dumps(record.receipt, sort_keys=True),
                    )
                )
                for state in history:
                    final = state == record.state
                    conn.execute(
                        state_changes.insert().values(
                            record_id=record.record_id,
                            device_id=record.device_id,
                            state=state,
                            reason=record.reason if final else None,
                            message=record.message if final else None,
                            changed_at=record.received_at,
                        )
                    )
                conn.execute(
                    announcements.delete().where(
                        announcements.c.device_id == record.device_id,
                        announcements.c.record_id == record.record_id,
                    )
                )
        except IntegrityError:
            return False
        return True

    def set_state(self, record_id: str, state: RecordState, now: str) -> None:
        with self._write() as conn:
            row = conn.execute(
                sa.select(records.c.device_id).where(records.c.record_id == record_id)
            ).first()
            if row is None:
                raise DataCenterError(404, Reason.RECORD_UNKNOWN, f"No record {record_id}.")
            conn.execute(
                records.update()
                .where(records.c.record_id == record_id)
                .values(state=str(state), reason=None, message=None)
            )
            conn.execute(
                state_changes.insert().values(
                    record_id=record_id, device_id=row.device_id, state=str(state), changed_at=now
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
        with self._write() as conn:
            conn.execute(
                conflicts.insert().values(
                    record_id=record_id,
                    device_id=device_id,
                    stored_sha256=stored,
                    offered_sha256=offered,
                    seen_at=now,
                )
            )

    def conflicts(self) -> list[dict[str, Any]]:
        with self._read() as conn:
            rows = conn.execute(sa.select(conflicts).order_by(conflicts.c.id)).all()
        return [dict(row._mapping) for row in rows]  # noqa: SLF001 - SQLAlchemy's public Row API


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers run beside the writer; FULL sync makes each commit durable."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()
