"""The store's connections: one writer at a time on SQLite, the dialect's INSERT, reads.

:class:`StoreBase` is what every part of :class:`~sync.server.store.database.SqlStore`
builds on; a full disk is told as such (:func:`~sync.server.errors.disk_full`).
"""

from __future__ import annotations

import contextlib
import sqlite3
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError

from sync.server.errors import disk_full
from sync.server.store.tables import devices, records

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.dialects.postgresql import Insert as PgInsert
    from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
    from sqlalchemy.engine import Connection

#: One device's row by its id (the store's and its audit book's reads).
DEVICE = sa.select(devices).where(devices.c.device_id == sa.bindparam("device_id"))


def _is_disk_full(exc: OperationalError) -> bool:
    orig = exc.orig
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(orig, sqlite3.Error) and isinstance(code, int):
        return code & 0xFF == sqlite3.SQLITE_FULL  # primary code of an extended one
    # PostgreSQL's disk_full; psycopg 3 calls the code ``sqlstate``, psycopg2 ``pgcode``.
    sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return sqlstate == "53100"


class StoreBase:
    """The store's connections and transactions, shared by each of its parts.

    :class:`~sync.server.store.database.SqlStore` makes these in its ``__init__``.
    """

    url: str
    is_sqlite: bool
    engine: sa.Engine
    _write_lock: contextlib.AbstractContextManager[Any]

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

    def _insert(self, table: sa.Table) -> SqliteInsert | PgInsert:
        """The dialect's own INSERT, which has ``on_conflict_do_*`` on both backends."""
        return sqlite.insert(table) if self.is_sqlite else postgresql.insert(table)

    @staticmethod
    def _has(conn: Connection, device_id: str, record_id: str) -> bool:
        """Whether the data center holds ``record_id`` from ``device_id``."""
        found = conn.execute(
            sa.select(records.c.record_id).where(
                records.c.device_id == device_id, records.c.record_id == record_id
            )
        ).first()
        return found is not None

    def _serialise_device(self, conn: Connection, device_id: str) -> None:
        """Make a device's state-change cursors become visible in the order they were drawn.

        On PostgreSQL two transactions may draw cursors 7 and 8 and commit 8 first; a
        client reading then would skip 7 for ever.  Holding a per-device lock from the
        draw to the commit rules that out (only a device's own changes are ever read
        together).  SQLite already has a single writer.
        """
        if not self.is_sqlite:
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(device_id))))

    @contextlib.contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextlib.contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction, for the office's settings (``sync.server.office.steering``)."""
        with self._write() as conn:
            yield conn

    @contextlib.contextmanager
    def writing_alone(self, device_id: str) -> Iterator[Connection]:
        """One write transaction no other of this device's runs beside: read, decide, write.

        SQLite: the database's write lock from the first statement (``BEGIN IMMEDIATE``);
        PostgreSQL: the device's advisory lock (:meth:`_serialise_device`).  Two requests
        of one laptop at once then decide one after the other, on what the first wrote.
        """
        with self._write() as conn:
            if self.is_sqlite:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                self._serialise_device(conn, device_id)
            yield conn

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        with self._read() as conn:
            yield conn

    def upsert(self, table: sa.Table) -> SqliteInsert | PgInsert:
        """The dialect's INSERT with ``on_conflict_do_*``, for the office's tables."""
        return self._insert(table)
