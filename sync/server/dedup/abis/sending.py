"""The data center's side of the ABIS queue, sending: inserts, identifies, deletes.

A request enters the ledger (``abis_requests``) before its file appears: files are
written hidden, the ledger committed, the files published; :func:`recover` finishes
what a crash left between.  The protocol is told in :mod:`sync.server.dedup.abis.queue`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import sqlalchemy as sa

from fieldkit.errors import KnownError
from fieldkit.records.demo import DEMO_KID
from sync.protocol import RecordState
from sync.server.dedup.abis import messages as abis
from sync.server.dedup.abis.folder import AbisQueue, file_name, read_queue_file
from sync.server.dedup.abis.ledger import DELETED, INSERTED, Verdict, alone
from sync.server.dedup.abis.messages import (
    DELETE,
    IDENTIFY,
    INSERT,
    AbisMessageError,
    DeleteRequest,
    IdentifyRequest,
    InsertRequest,
    Request,
)
from sync.server.dedup.interchange import reference_of
from sync.server.store.tables import abis_requests, interchange_refs, records

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.engine import Connection

    from sync.server.store.database import SqlStore
log = logging.getLogger(__name__)


#: Records whose reference leaves the ABIS's gallery (a delete is sent): refused, closed
#: as a second recording of an older record, or sent back for recapture (the new
#: recording has a reference of its own), as penunggalan's own gallery leaves them out.
LEAVING = frozenset(
    {
        RecordState.REJECTED,
        RecordState.DUPLICATE_CLOSED,
        RecordState.RECAPTURE,
        RecordState.ENROLL_FAILURE,
    }
)


#: Writes a record's (device id, record id) ANSI/NIST-ITL transaction to the given file
#: (the real one: :func:`interchange_exporter`); a KnownError when the record cannot leave.
Exporter: TypeAlias = Callable[[str, str, Path], None]


def interchange_exporter(store: SqlStore, blobs: Any, keys: Any) -> Exporter:
    """``records export``'s own writer (opened in memory, written 0600, audited)."""
    from sync.server.dedup import interchange  # noqa: PLC0415 - PIL and wsq: only to export

    def export(device_id: str, record_id: str, target: Path) -> None:
        interchange.export_record(store, blobs, keys, record_id, target, device_id=device_id)

    return export


@dataclass(frozen=True)
class Sent:
    device_id: str
    record_id: str
    reference: str
    insert: str
    identify: str


class AbisAlreadySent(KnownError):
    """Another submit sent this record meanwhile (two at the same moment): not sent twice."""

    code = "abis_already_sent"


class _Clock:
    """``requesttime`` for each request this process sends, each later than the last.

    The ABIS side serves by ``requesttime``: a record's identify must come after its
    insert, and a record sent after another after it, even within one millisecond.
    """

    def __init__(self) -> None:
        self._last: dt.datetime | None = None
        self._lock = threading.Lock()

    def next(self) -> str:
        now = dt.datetime.now(dt.UTC)
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        with self._lock:
            if self._last is not None and now <= self._last:
                now = self._last + dt.timedelta(milliseconds=1)
            self._last = now
        return abis.timestamp(now)


_CLOCK = _Clock()


def _sent_already(conn: Connection, device_id: str, record_id: str) -> bool:
    """True when the record's last identify is open or decided (anything but a retry)."""
    last = conn.execute(
        sa.select(abis_requests.c.outcome)
        .where(
            abis_requests.c.operation == IDENTIFY,
            abis_requests.c.device_id == device_id,
            abis_requests.c.record_id == record_id,
        )
        .order_by(abis_requests.c.sent_at.desc(), abis_requests.c.request_id.desc())
        .limit(1)
    ).first()
    return last is not None and last.outcome != Verdict.RETRY


def _reference_awaited(conn: Connection, reference: str) -> bool:
    """True while an identify of ``reference`` waits for its answer (its file is needed)."""
    return (
        conn.execute(
            sa.select(abis_requests.c.request_id).where(
                abis_requests.c.reference == reference,
                abis_requests.c.operation == IDENTIFY,
                abis_requests.c.answered_at.is_(None),
            )
        ).first()
        is not None
    )


def _refuse_if_sent(
    conn: Connection, store: SqlStore, device_id: str, record_id: str, operation: str = IDENTIFY
) -> None:
    """:class:`AbisAlreadySent` if another submit sent it: looked at under a lock.

    ``operation``: the record's insert and identify (sent unless the last identify was a
    retry), or its delete (sent unless the ABIS still holds the reference).  PostgreSQL:
    the record's interchange row is locked, so two submits of it take turns; SQLite's
    ``BEGIN IMMEDIATE`` (:func:`alone`) already lets one writer at a time.
    """
    if not store.is_sqlite:
        conn.execute(
            sa.select(interchange_refs.c.reference)
            .where(
                interchange_refs.c.device_id == device_id,
                interchange_refs.c.record_id == record_id,
            )
            .with_for_update()
        )
    if operation == DELETE:
        rows = conn.execute(
            _inserts_and_deletes().where(
                abis_requests.c.device_id == device_id, abis_requests.c.record_id == record_id
            )
        )
        sent = _held_by_abis(rows).get((device_id, record_id)) is None
    else:
        sent = _sent_already(conn, device_id, record_id)
    if sent:
        raise AbisAlreadySent(params={"record": record_id})


def submit(
    store: SqlStore,
    queue: AbisQueue,
    device_id: str,
    record_id: str,
    export: Exporter,
    *,
    flags: dict[str, str] | None = None,
) -> Sent:
    """One record into the queue: its transaction, then an insert and an identify.

    Two submits of one record at the same moment send it once: the ledger is written
    under a lock that lets one at a time look whether the record was sent, and the other
    refuses (:class:`AbisAlreadySent`), leaving the reference file to the one that sent.
    """
    reference = reference_of(store, device_id, record_id)
    with store.reading() as conn:
        if _sent_already(conn, device_id, record_id):
            raise AbisAlreadySent(params={"record": record_id})
    inserted_at, identified_at = _CLOCK.next(), _CLOCK.next()
    insert = InsertRequest(
        str(uuid.uuid4()), inserted_at, reference, queue.reference_url(reference)
    )
    identify = IdentifyRequest(
        str(uuid.uuid4()), identified_at, reference, "", None, dict(flags or {})
    )
    both: tuple[Request, Request] = (insert, identify)
    prepared: list[Path] = []
    try:
        export(device_id, record_id, queue.reference_file(reference))
        prepared = [
            queue.prepare(file_name(request, order), abis.encode(request))
            for order, request in enumerate(both)
        ]
        with alone(store) as conn:
            _refuse_if_sent(conn, store, device_id, record_id)
            for request in both:
                conn.execute(
                    abis_requests.insert().values(
                        request_id=request.request_id,
                        operation=request.operation,
                        reference=reference,
                        device_id=device_id,
                        record_id=record_id,
                        sent_at=request.requesttime,
                    )
                )
    except AbisAlreadySent:
        for path in prepared:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        with store.reading() as conn:
            awaited = _reference_awaited(conn, reference)
        if not awaited:  # the other's identify answered meanwhile: its file is not needed
            queue.drop_reference(reference)
        raise
    except BaseException:
        # Not sent: neither the biometrics nor a hidden request stays in the queue.
        queue.drop_reference(reference)
        for path in prepared:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        raise
    for path in prepared:
        queue.publish(path)
    log.info("ABIS: record %s sent as %s", record_id, reference)
    return Sent(device_id, record_id, reference, insert.request_id, identify.request_id)


@dataclass(frozen=True)
class Deleted:
    """A delete sent: the record's reference leaves the ABIS's gallery."""

    device_id: str
    record_id: str
    reference: str
    delete: str


def _held_by_abis(rows: Iterable[Any]) -> dict[tuple[str, str], str | None]:
    """Per record, the reference the ABIS holds (None: none, or a delete on its way).

    ``rows`` are the records' inserts and deletes in the order they were sent: an insert
    the ABIS stored holds the reference; a delete open or done lets it go; a delete the
    ABIS failed does not.
    """
    held: dict[tuple[str, str], str | None] = {}
    for row in rows:
        key = (row.device_id, row.record_id)
        if row.operation == INSERT:
            if row.outcome == INSERTED:
                held[key] = row.reference
        elif row.outcome is None or row.outcome == DELETED:
            held[key] = None
    return held


def _inserts_and_deletes() -> sa.Select[Any]:
    return (
        sa.select(
            abis_requests.c.device_id,
            abis_requests.c.record_id,
            abis_requests.c.reference,
            abis_requests.c.operation,
            abis_requests.c.outcome,
        )
        .where(abis_requests.c.operation.in_([INSERT, DELETE]))
        .order_by(abis_requests.c.sent_at, abis_requests.c.request_id)
    )


def leaving(store: SqlStore) -> list[tuple[str, str, str]]:
    """(device, record, reference) of each reference the ABIS holds that must leave it.

    A record in :data:`LEAVING` whose last insert the ABIS stored, with no delete sent
    since (or only deletes the ABIS failed): a duplicate closed, a record refused or sent
    back for recapture would otherwise be searched against forever, and a recaptured
    person's new recording would find their old one.
    """
    query = _inserts_and_deletes().join(
        records,
        sa.and_(
            records.c.device_id == abis_requests.c.device_id,
            records.c.record_id == abis_requests.c.record_id,
        ),
    )
    query = query.where(records.c.state.in_([str(s) for s in LEAVING]))
    with store.reading() as conn:
        held = _held_by_abis(conn.execute(query))
    return [(d, r, ref) for (d, r), ref in held.items() if ref is not None]


def submit_delete(
    store: SqlStore, queue: AbisQueue, device_id: str, record_id: str, reference: str
) -> Deleted:
    """A ``mosip.abis.delete`` of the record's reference, entered in the ledger first.

    Looked at again under the lock :func:`submit` takes: two submits at the same moment
    send one delete (the other refuses, :class:`AbisAlreadySent`).
    """
    request = DeleteRequest(str(uuid.uuid4()), _CLOCK.next(), reference)
    prepared = queue.prepare(file_name(request, 0), abis.encode(request))
    try:
        with alone(store) as conn:
            _refuse_if_sent(conn, store, device_id, record_id, DELETE)
            conn.execute(
                abis_requests.insert().values(
                    request_id=request.request_id,
                    operation=DELETE,
                    reference=reference,
                    device_id=device_id,
                    record_id=record_id,
                    sent_at=request.requesttime,
                )
            )
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            prepared.unlink()
        raise
    queue.publish(prepared)
    log.info("ABIS: record %s leaves the gallery", record_id)
    return Deleted(device_id, record_id, reference, request.request_id)


def recover(store: SqlStore, queue: AbisQueue) -> int:
    """Finish what a crash left between preparing requests and publishing them."""
    published = 0
    for path in queue.prepared():
        try:
            request: Request | None = abis.parse_request(
                read_queue_file(path, abis.MAX_MESSAGE_BYTES)
            )
        except FileNotFoundError:
            continue
        except AbisMessageError:
            request = None
        known = False
        if request is not None:
            with store.reading() as conn:
                known = (
                    conn.execute(
                        sa.select(abis_requests.c.request_id).where(
                            abis_requests.c.request_id == request.request_id
                        )
                    ).first()
                    is not None
                )
        if known:
            published += queue.publish(path)
        else:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    return published


def waiting(store: SqlStore) -> list[tuple[str, str]]:
    """Records to send: ACCEPTED, not training, with no identify open or decided.

    A record whose last identify was answered RETRY is waiting again.
    """
    latest = (
        sa.select(
            abis_requests.c.device_id,
            abis_requests.c.record_id,
            abis_requests.c.answered_at,
            abis_requests.c.outcome,
        )
        .where(abis_requests.c.operation == IDENTIFY)
        .order_by(abis_requests.c.sent_at)
    )
    with store.reading() as conn:
        busy: dict[tuple[str, str], bool] = {}
        for row in conn.execute(latest):
            busy[(row.device_id, row.record_id)] = row.outcome != Verdict.RETRY
        rows = conn.execute(
            sa.select(records.c.device_id, records.c.record_id)
            .where(records.c.state == str(RecordState.ACCEPTED), records.c.kid != DEMO_KID)
            .order_by(records.c.received_at, records.c.device_id, records.c.record_id)
        ).all()
    return [(r.device_id, r.record_id) for r in rows if not busy.get((r.device_id, r.record_id))]


def delete_leaving(store: SqlStore, queue: AbisQueue) -> list[Deleted]:
    """A delete for every reference that must leave the ABIS's gallery (:func:`leaving`)."""
    deleted = []
    for row in leaving(store):
        try:
            deleted.append(submit_delete(store, queue, *row))
        except AbisAlreadySent:
            continue  # another submit sent it at the same moment
    return deleted


def submit_waiting(
    store: SqlStore,
    queue: AbisQueue,
    export: Exporter,
    *,
    flags: dict[str, str] | None = None,
    deleted: list[Deleted] | None = None,
) -> tuple[list[Sent], list[tuple[str, str]]]:
    """Every waiting record sent; those that cannot leave listed with their code.

    The deletes go first (into ``deleted`` when given): the ABIS serves by
    ``requesttime``, so a reference leaves the gallery before the next record is
    searched against it.
    """
    recover(store, queue)
    gone = delete_leaving(store, queue)
    if deleted is not None:
        deleted.extend(gone)
    sent: list[Sent] = []
    skipped: list[tuple[str, str]] = []
    for device_id, record_id in waiting(store):
        try:
            sent.append(submit(store, queue, device_id, record_id, export, flags=flags))
        except KnownError as exc:
            log.warning("ABIS: record %s not sent: %s", record_id, exc.code)
            skipped.append((record_id, exc.code))
    return sent, skipped
