"""Each waiting record searched once, decided once: ``dedup run`` and ``serve --dedup``.

A search takes one ACCEPTED record (not a training one) under a *lease*: a row in
``dedup_leases`` naming the searcher until a time.  Taking is one short transaction
(PostgreSQL: ``SELECT ... FOR UPDATE SKIP LOCKED`` on the record's row, so two searchers
at once take two different records; SQLite: the database's write lock).  The search then
runs outside any transaction: the record is opened in memory, its templates sealed into
the gallery, compared with every other gallery entry.  The decision (the state, its
history line for the laptop's status feed, the candidates) is one transaction that
first checks the lease is still this searcher's and the record still ACCEPTED: a
searcher that lost its lease decides nothing, and nothing is decided twice.  A searcher
killed mid-search leaves its lease, which runs out after :data:`LEASE_S`; the record is
then taken again, and its templates, already sealed, are found in the gallery as they were.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from drivers.image_size import ImageTooLarge, check_declared_size
from fieldkit.records.demo import DEMO_KID
from sync.protocol import Reason, RecordState
from sync.server import catalogue
from sync.server.dedup import gallery, matcher, snapshot
from sync.server.dedup.abis.ledger import Verdict
from sync.server.dedup.abis.queue import Decision, record_words
from sync.server.dedup.interchange import open_record
from sync.server.errors import DataCenterError
from sync.server.store.stamps import iso
from sync.server.store.tables import dedup_candidates, dedup_leases, records, state_changes

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sqlalchemy.engine import Connection

    from sync.server.keys import DataCenterKeys
    from sync.server.store.blobs import BlobStore
    from sync.server.store.database import SqlStore
    from sync.server.store.rows import StoredRecord

log = logging.getLogger(__name__)

#: How long a search holds its record.  One record against a gallery of 10,000 people is
#: meant to take seconds (issue 48's goal is 5 s on two cores): ten minutes is a search
#: that died, not one that is slow.  A killed search's record waits this long.
LEASE_S = 600.0
#: How many times one ``take`` tries again when another searcher claimed its record
#: first (each try sees the others' leases); more contenders than this wait one turn.
_TAKE_ATTEMPTS = 8
#: ``serve --dedup``: how long an idle searcher waits before it looks for new records.
IDLE_WAIT_S = 10.0
#: ENROLL_FAILURE's words, for the laptop (``sync/server/dedup/sentences.py``).
UNSEARCHABLE = "dedup.images_unsearchable"
#: ENROLL_FAILURE's words when an image's header declares a size no capture has (57.1).
TOO_LARGE = "dedup.image_too_large"
#: A candidate's part when an ABIS found it: its answer scores the person, not a finger.
ABIS_PART = "abis"


class Outcome(enum.StrEnum):
    """What one search did with its record."""

    DUPLICATE = "duplicate"
    REPLAY = "replay"
    PRINT_READY = "print_ready"
    ENROLL_FAILURE = "enroll_failure"
    #: The record could not be opened (a key this data center lacks, a damaged blob):
    #: nothing decided; its lease is kept so it is tried again only after LEASE_S.
    UNOPENED = "unopened"
    #: Another searcher holds the record now, or a person changed its state meanwhile.
    LOST = "lost"


@dataclass(frozen=True)
class Searched:
    """One record's search: what became of it, and who its candidates are."""

    device_id: str
    record_id: str
    outcome: Outcome
    state: RecordState | None
    candidates: list[tuple[str, str, str, float]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "device_id": self.device_id,
            "outcome": str(self.outcome),
            "state": None if self.state is None else str(self.state),
            "candidates": [
                {"device_id": d, "record_id": r, "part": part, "score": score}
                for d, r, part, score in self.candidates
            ],
        }


def new_holder() -> str:
    """A searcher's name in ``dedup_leases``: its process and a random part."""
    return f"{os.getpid()}-{secrets.token_hex(6)}"


@contextlib.contextmanager
def _locked(store: SqlStore) -> Iterator[Connection]:
    """A write transaction that holds SQLite's write lock from its first statement."""
    with store.writing() as conn:
        if store.is_sqlite:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        yield conn


def take(store: SqlStore, holder: str, now: float | None = None) -> StoredRecord | None:
    """The oldest waiting record nobody holds, now leased to ``holder``; None if none.

    ``SKIP LOCKED`` alone is not enough on PostgreSQL: a searcher whose SELECT began
    before another's lease was committed can still lock the same record row once the
    other has let go, and its snapshot shows no lease. The claim itself is therefore
    conditional (the lease is written only where none runs, checked against the
    latest committed row), and a lost claim starts again with a fresh snapshot, which
    sees the other's lease.
    """
    moment = time.time() if now is None else now
    for _ in range(_TAKE_ATTEMPTS):
        claimed, row = _claim_oldest(store, holder, moment)
        if row is None:
            return None
        if claimed:
            return store.record(row.device_id, row.record_id)
    log.info("penunggalan: %d records taken by others meanwhile; trying later", _TAKE_ATTEMPTS)
    return None


def _claim_oldest(
    store: SqlStore, holder: str, moment: float
) -> tuple[bool, sa.Row[Any, Any] | None]:
    """One attempt: the oldest free record and whether this holder's lease on it was written."""
    lease = dedup_leases.alias("lease")
    waiting = (
        sa.select(records.c.device_id, records.c.record_id)
        .outerjoin(
            lease,
            sa.and_(
                lease.c.device_id == records.c.device_id,
                lease.c.record_id == records.c.record_id,
            ),
        )
        .where(records.c.state == str(RecordState.ACCEPTED), records.c.kid != DEMO_KID)
        .where(sa.or_(lease.c.until.is_(None), lease.c.until < moment))
        .order_by(records.c.received_at, records.c.device_id, records.c.record_id)
        .limit(1)
    )
    if not store.is_sqlite:
        waiting = waiting.with_for_update(of=records, skip_locked=True)
    with _locked(store) as conn:
        row = conn.execute(waiting).first()
        if row is None:
            return False, None
        written = conn.execute(
            store.upsert(dedup_leases)
            .values(
                device_id=row.device_id,
                record_id=row.record_id,
                holder=holder,
                until=moment + LEASE_S,
            )
            .on_conflict_do_update(
                index_elements=["device_id", "record_id"],
                set_={"holder": holder, "until": moment + LEASE_S},
                where=dedup_leases.c.until < moment,
            )
            # RETURNING, not rowcount: psycopg reports no count for this INSERT.
            .returning(dedup_leases.c.holder)
        ).first()
    return written is not None, row


def decide(
    store: SqlStore,
    holder: str,
    stored: StoredRecord,
    state: RecordState,
    *,
    reason: Reason | None,
    message: str | None = None,
    found: list[tuple[str, str, str, float]] | None = None,
    now: float | None = None,
) -> bool:
    """Write the search's decision if ``holder`` still holds the record; False if not."""
    changed_at = iso(time.time() if now is None else now)
    why = None if reason is None else str(reason)
    device_id, record_id = stored.device_id, stored.record_id
    where_lease = sa.and_(
        dedup_leases.c.device_id == device_id, dedup_leases.c.record_id == record_id
    )
    where_record = sa.and_(records.c.device_id == device_id, records.c.record_id == record_id)
    current = sa.select(records.c.state).where(where_record)
    if not store.is_sqlite:
        current = current.with_for_update()
    with store.writing_alone(device_id) as conn:
        now_state = conn.execute(current).scalar_one_or_none()
        leased_to = conn.execute(sa.select(dedup_leases.c.holder).where(where_lease)).scalar()
        if leased_to != holder:
            return False
        conn.execute(dedup_leases.delete().where(where_lease))
        if now_state != str(RecordState.ACCEPTED):
            return False
        _write_decision(
            conn,
            device_id=device_id,
            record_id=record_id,
            state=state,
            why=why,
            message=message,
            found=found or [],
            changed_at=changed_at,
        )
    return True


def _write_decision(
    conn: Connection,
    *,
    device_id: str,
    record_id: str,
    state: RecordState,
    why: str | None,
    message: str | None,
    found: list[tuple[str, str, str, float]],
    changed_at: str,
) -> None:
    """The decision's rows: candidates, the record's new state, its history line."""
    where_record = sa.and_(records.c.device_id == device_id, records.c.record_id == record_id)
    for other_device, other_record, part, score in found:
        conn.execute(
            dedup_candidates.insert().values(
                device_id=device_id,
                record_id=record_id,
                candidate_device_id=other_device,
                candidate_record_id=other_record,
                part=part,
                score=score,
                found_at=changed_at,
            )
        )
    conn.execute(
        records.update().where(where_record).values(state=str(state), reason=why, message=message)
    )
    conn.execute(
        state_changes.insert().values(
            record_id=record_id,
            device_id=device_id,
            state=str(state),
            reason=why,
            message=message,
            changed_at=changed_at,
        )
    )


def abis_decided(conn: Connection, decision: Decision) -> None:
    """An ABIS's answer written as the office's own search writes its decision.

    :func:`sync.server.dedup.abis.queue.collect`'s state hook: candidates, state, history line.

    Only an ACCEPTED record moves: one the office's search, an administrator or an
    earlier answer has decided already stays as it is (the ledger still records the
    answer, so nothing is decided twice).  A candidate another office inserted (a
    national ABIS holds every office's) cannot be shown side by side here, so it is
    not listed; the record still waits for a person's decision.
    """
    state = decision.state
    if state is None:
        return
    where = sa.and_(
        records.c.device_id == decision.device_id, records.c.record_id == decision.record_id
    )
    current = sa.select(records.c.state).where(where)
    if conn.dialect.name != "sqlite":  # as decide(): the office's own search may be at it too
        current = current.with_for_update()
    if conn.execute(current).scalar() != str(RecordState.ACCEPTED):
        log.info("ABIS answer for record %s: already decided, kept", decision.record_id)
        return
    reason: Reason | None = None
    message = None
    found: list[tuple[str, str, str, float]] = []
    if decision.verdict is Verdict.DUPLICATE:
        reason = Reason.DUPLICATE_CANDIDATES
        found = [
            (c.device_id, c.record_id, ABIS_PART, c.score or 0.0)
            for c in decision.candidates
            if c.device_id is not None and c.record_id is not None
        ]
    elif decision.verdict is Verdict.ENROLL_FAILURE:
        reason, message = Reason.IMAGES_UNSEARCHABLE, record_words(decision)
    _write_decision(
        conn,
        device_id=decision.device_id,
        record_id=decision.record_id,
        state=state,
        why=None if reason is None else str(reason),
        message=message,
        found=found,
        changed_at=iso(time.time()),
    )


def _oversized(parts: list[bytes]) -> ImageTooLarge | None:
    """The first of a record's images whose header declares more pixels than any capture has.

    Checked before anything is decoded (``drivers.image_size``): such a header made Pillow
    raise its decompression-bomb error, which stopped every search after it (issue 57.1).
    """
    for data in parts:
        try:
            check_declared_size(data)
        except ImageTooLarge as exc:
            return exc
    return None


def unsearchable_words() -> str:
    """ENROLL_FAILURE's message: the catalogue's Indonesian, which the laptop shows as is."""
    return catalogue.text("id", UNSEARCHABLE, context="dedup")


class Searcher:
    """Takes waiting records one at a time and searches each against the gallery.

    One per thread or process: its gallery (opened templates) stays in its memory.
    """

    def __init__(
        self,
        store: SqlStore,
        blobs: BlobStore,
        keys: DataCenterKeys,
        *,
        holder: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.blobs = blobs
        self.keys = keys
        self.holder = holder or new_holder()
        self.clock = clock
        self.gallery = gallery.Gallery(keys, snapshot=snapshot.default_path(keys))

    def run_once(self) -> list[Searched]:
        """Every record waiting now, each searched and decided (or left, if it cannot be)."""
        done: list[Searched] = []
        while (searched := self.search_next()) is not None:
            done.append(searched)
        return done

    def search_next(self) -> Searched | None:
        """Take one waiting record and search it; None when nothing is waiting."""
        stored = take(self.store, self.holder, self.clock())
        if stored is None:
            return None
        return self.search(stored)

    def search(self, stored: StoredRecord) -> Searched:
        """Search a record this searcher holds, and decide."""
        started = time.perf_counter()
        try:
            header, parts = open_record(self.store, self.blobs, self.keys, stored)
            oversized = _oversized(parts)
            templates = matcher.Templates() if oversized else matcher.templates_of(header, parts)
            del header, parts
        except DataCenterError as exc:
            if exc.code != "datacenter_export_no_images":
                log.warning(
                    "record %s cannot be opened for penunggalan (%s)", stored.record_id, exc.code
                )
                return Searched(stored.device_id, stored.record_id, Outcome.UNOPENED, None)
            templates = matcher.Templates()
            oversized = None
        if oversized is not None:
            log.warning(
                "record %s holds an image declaring %d x %d pixels: not searched",
                stored.record_id,
                oversized.width,
                oversized.height,
            )
            return self._decided(
                stored,
                Outcome.ENROLL_FAILURE,
                RecordState.ENROLL_FAILURE,
                Reason.IMAGES_UNSEARCHABLE,
                message=catalogue.text("id", TOO_LARGE, context="dedup"),
            )
        if not templates.searchable:
            return self._decided(
                stored,
                Outcome.ENROLL_FAILURE,
                RecordState.ENROLL_FAILURE,
                Reason.IMAGES_UNSEARCHABLE,
                message=unsearchable_words(),
            )
        gallery.keep(self.store, self.keys, stored.device_id, stored.record_id, templates)
        probe = matcher.load(stored.device_id, stored.record_id, templates)
        entries = self.gallery.current(self.store)
        found = [
            (entry.device_id, entry.record_id, m.part, m.score)
            for entry, m in matcher.search(probe, entries, self.gallery.prefilter)
        ]
        log.info(
            "penunggalan of record %s: %d gallery entries, %d matching parts, %.2f s",
            stored.record_id,
            len(entries),
            len(found),
            time.perf_counter() - started,
        )
        if any(part == matcher.REPLAY for _d, _r, part, _s in found):
            return self._decided(
                stored, Outcome.REPLAY, RecordState.DUPLICATE_RECORD, Reason.REPLAYED_IMAGES, found
            )
        if found:
            return self._decided(
                stored,
                Outcome.DUPLICATE,
                RecordState.DUPLICATE_RECORD,
                Reason.DUPLICATE_CANDIDATES,
                found,
            )
        return self._decided(stored, Outcome.PRINT_READY, RecordState.PRINT_READY_RECORD, None)

    def _decided(
        self,
        stored: StoredRecord,
        outcome: Outcome,
        state: RecordState,
        reason: Reason | None,
        found: list[tuple[str, str, str, float]] | None = None,
        *,
        message: str | None = None,
    ) -> Searched:
        written = decide(
            self.store,
            self.holder,
            stored,
            state,
            reason=reason,
            message=message,
            found=found,
            now=self.clock(),
        )
        if not written:
            log.info("record %s was decided elsewhere meanwhile; nothing written", stored.record_id)
            return Searched(stored.device_id, stored.record_id, Outcome.LOST, None)
        return Searched(stored.device_id, stored.record_id, outcome, state, list(found or []))


class DedupWorker:
    """``serve --dedup`` and ``dedup run``: search what arrives, until stopped.

    :meth:`run` searches every waiting record, waits :data:`IDLE_WAIT_S` (or until
    :meth:`wake`), and again; :meth:`start` runs it in a thread of its own (each serving
    process has one: the leases share the work between them); :meth:`stop` ends it
    between two records.
    """

    def __init__(self, store: SqlStore, blobs: BlobStore, keys: DataCenterKeys) -> None:
        self.searcher = Searcher(store, blobs, keys)
        self._wake = threading.Event()
        self._stop = threading.Event()
        #: Set while nothing waits (after a pass found no record left), cleared by a new
        #: pass: what a health check, or a test, waits on.
        self.idle = threading.Event()
        self._thread = threading.Thread(target=self.run, name="penunggalan", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Look for waiting records now (a record has just arrived)."""
        self.idle.clear()
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def run(self) -> None:
        log.info("penunggalan searcher %s started", self.searcher.holder)
        while not self._stop.is_set():
            self._wake.clear()
            self.idle.clear()
            try:
                while not self._stop.is_set() and self.searcher.search_next() is not None:
                    pass
            except Exception:
                # A bug in one search must not end the searching for good: logged, retried.
                log.exception("penunggalan search failed")
            else:
                self.idle.set()
            self._wake.wait(IDLE_WAIT_S)


__all__ = [
    "LEASE_S",
    "DedupWorker",
    "Outcome",
    "Searched",
    "Searcher",
    "decide",
    "new_holder",
    "take",
]
