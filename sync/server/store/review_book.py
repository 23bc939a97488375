"""The ketua tim's decisions that came with approved records, kept sealed.

A part of :class:`~sync.server.store.database.SqlStore`: their notes are sealed to the
data center's key at rest (:mod:`sync.server.intake.reviews` opens them).
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from sync.server.store.base import StoreBase
from sync.server.store.tables import record_reviews

if TYPE_CHECKING:
    from collections.abc import Callable

log = logging.getLogger(__name__)


class ReviewBook(StoreBase):
    """The reviews' part of the store."""

    def add_review(
        self,
        device_id: str,
        record_id: str,
        review: dict[str, Any],
        *,
        signature: str,
        sealed: tuple[str, str],
        now: str,
    ) -> None:
        """Keep a record's signed decision; the first one kept stays (re-sends are idempotent).

        ``sealed`` is its document sealed to the data center's key, ``(kid, base64)``
        (``sync.server.intake.reviews.seal_document``): the note is never written here in the clear.
        """
        kid, ciphertext = sealed
        insert = self._insert(record_reviews).values(
            device_id=device_id,
            record_id=record_id,
            decision=str(review.get("decision")),
            decided_by=str(review.get("decided_by") or "") or None,
            decided_at=str(review.get("decided_at") or "") or None,
            flags=json.dumps(review.get("flags") or []),
            signature=signature,
            received_at=now,
            sealed=ciphertext,
            kid=kid,
        )
        with self._write() as conn:
            conn.execute(insert.on_conflict_do_nothing())

    def reviews(self) -> list[dict[str, Any]]:
        """The decisions as kept: sealed (``intake.reviews`` opens them with the keys)."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(record_reviews).order_by(
                    record_reviews.c.received_at, record_reviews.c.record_id
                )
            ).all()
        return [
            {**dict(row._mapping), "flags": json.loads(row.flags)}  # noqa: SLF001 - public Row API
            for row in rows
        ]

    def seal_plaintext_reviews(self, seal: Callable[[str, str, str], tuple[str, str]]) -> int:
        """Seal the decisions an earlier release kept in the clear, and empty those columns.

        ``seal(device_id, record_id, document)`` turns a document (base64, as kept) into
        ``(kid, sealed)``.  One transaction: a crash leaves every decision either sealed or
        still in the clear, never lost.  Then the clear bytes are scrubbed from the
        database's files too (``_scrub``).  Returns how many were sealed.
        """
        query = sa.select(
            record_reviews.c.device_id, record_reviews.c.record_id, record_reviews.c.document
        ).where(record_reviews.c.document.is_not(None))
        if not self.is_sqlite:  # two workers starting at once seal each decision once
            query = query.with_for_update()
        with self._write() as conn:
            rows = conn.execute(query).all()
            for row in rows:
                kid, sealed = seal(row.device_id, row.record_id, row.document)
                conn.execute(
                    record_reviews.update()
                    .where(
                        record_reviews.c.device_id == row.device_id,
                        record_reviews.c.record_id == row.record_id,
                    )
                    .values(sealed=sealed, kid=kid, document=None, note=None)
                )
        if rows:
            self._scrub()
        return len(rows)

    def _scrub(self) -> None:
        """Leave no copy of emptied columns in the database's files, as far as the engine lets.

        SQLite zeroes what is deleted (``secure_delete``, set on every connection), but
        the write-ahead log still holds pages written before; a checkpoint that
        truncates it removes them.  PostgreSQL keeps a row's old versions in the table
        until the table is rewritten: ``VACUUM FULL`` rewrites it (a small table).
        """
        if self.is_sqlite:
            with self.engine.connect() as conn:
                busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").scalar()
            if busy:
                log.warning("the database is being read: its write-ahead log is cut later")
            return
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f"VACUUM FULL {record_reviews.name}")
