"""The hand-on to an ABIS over a folder queue, both sides of it (issue 48, part 2).

An office points the data center at a folder (``--abis-queue DIR``) that whatever
forwards to the national system, or an ABIS itself, also reads and writes:

* ``requests/``: the data center's MOSIP ABIS API v1.1 requests (:mod:`sync.server.abis`),
  one JSON file each, an insert and then an identify per record;
* ``references/``: each record's ANSI/NIST-ITL transaction (``<referenceId>.an2``,
  :mod:`sync.server.interchange`), which an insert's ``referenceURL`` names;
* ``responses/``: the ABIS's answers, one JSON file each, matched to their request by
  ``requestId`` (never by file name);
* ``done/``: requests answered and answers applied; ``refused/``: what was refused,
  each beside a ``.reason.json`` that says why (a code and its English, no person).

Every file is written whole under a hidden temporary name and renamed into place (0600
from its first byte), so a reader never sees half of one: readers take only names that
do not start with a dot and end in ``.json``.

**Nothing lost, nothing decided twice.**  The ledger (``abis_requests``) is the arbiter.
An answer is applied in one database transaction that marks its request answered (with
the answer's file name and SHA-256) and runs the caller's state hook
(:data:`ApplyDecision`) on the same connection: both or neither.  The file is moved to
``done/`` only after that commits.  Two readers at once both parse an answer; the
database lets one of them apply it, and the other finds it answered by that very file
and only finishes the move.  A crash before the commit leaves the answer where it was,
applied at the next run; a crash after it leaves a file the ledger already knows by name
and hash, which the next run moves to ``done/`` without deciding anything.  A request is
entered in the ledger before its file appears, so an answer can never arrive for a
request the data center does not know yet: files are first written hidden
(``.prepared-<name>``), the ledger committed, then the files published; a crash between
is finished by :func:`recover` (a prepared file the ledger knows is published, one it
does not is deleted).

Each malformed answer, one for a request never sent, one of the wrong operation, a
second answer to a request already answered: refused on its own, the rest carries on.

The ABIS side, :func:`answer_requests`, serves ``requests/`` through any
:class:`AbisEngine`; the data center's own search plugs in there as an engine, so an
external ABIS replaces it with no change here.

The record's state is not written here: :func:`decision_of` turns an identify's answer
into a :class:`Decision` (a duplicate with its candidates mapped back to records, print
ready, or an enrollment failure with words for the team), and the caller's hook writes
the state machine's change.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import hashlib
import json
import logging
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias
from urllib.parse import urlsplit
from urllib.request import url2pathname

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from fieldkit.durable import atomic_write, fsync_dir
from fieldkit.errors import KnownError
from fieldkit.records.demo import DEMO_KID
from sync.protocol import Reason, RecordState
from sync.server import abis
from sync.server.abis import (
    IDENTIFY,
    INSERT,
    AbisMessageError,
    FailureReason,
    IdentifyRequest,
    InsertRequest,
    Request,
    Response,
)
from sync.server.errors import DataCenterError
from sync.server.interchange import reference_of
from sync.server.store import abis_requests, interchange_refs, records

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from sync.server.store import SqlStore

log = logging.getLogger(__name__)

REQUESTS, RESPONSES, DONE, REFUSED, REFERENCES = (
    "requests",
    "responses",
    "done",
    "refused",
    "references",
)
FOLDERS = (REQUESTS, RESPONSES, DONE, REFUSED, REFERENCES)
MESSAGE_SUFFIX = ".json"
REASON_SUFFIX = ".reason.json"
REFERENCE_SUFFIX = ".an2"
PREPARED = ".prepared-"
#: The ``abis_requests.outcome`` of an insert the ABIS stored (or already held: 10).
INSERTED = "inserted"
#: Failures that are the images' own: the person is recorded again (ENROLL_FAILURE).
PERSON_FAILURES = frozenset(
    {
        FailureReason.CBEFF_HAS_NO_DATA,
        FailureReason.INVALID_CBEFF_FORMAT,
        FailureReason.QUALITY_CHECK_FAILED,
    }
)


class Verdict(enum.StrEnum):
    """What an identify's answer means for the record."""

    DUPLICATE = "duplicate"
    PRINT_READY = "print_ready"
    ENROLL_FAILURE = "enroll_failure"
    #: The ABIS could not search (down, the reference expired, a request it could not
    #: read): nothing is decided, and the record is sent again at the next submit.
    RETRY = "retry"


_STATE_OF = {
    Verdict.DUPLICATE: RecordState.DUPLICATE_RECORD,
    Verdict.PRINT_READY: RecordState.PRINT_READY_RECORD,
    Verdict.ENROLL_FAILURE: RecordState.ENROLL_FAILURE,
}


@dataclass(frozen=True)
class Found:
    """A candidate, its referenceId mapped back to a record where this office holds it.

    ``device_id``/``record_id`` are None for a reference another office inserted (a
    national ABIS holds every office's): still a candidate, named by its reference.
    """

    reference: str
    device_id: str | None
    record_id: str | None
    score: float | None


@dataclass(frozen=True)
class Decision:
    """An identify's answer, decided: what the hook writes into the state machine."""

    device_id: str
    record_id: str
    reference: str
    request_id: str
    verdict: Verdict
    candidates: tuple[Found, ...] = ()
    failure: FailureReason | None = None
    #: ENROLL_FAILURE: the sentence (context ``abis``) the team reads on the laptop.
    words: str | None = None

    @property
    def state(self) -> RecordState | None:
        """The record's next state; None for RETRY (the record stays as it is)."""
        return _STATE_OF.get(self.verdict)

    def as_json(self) -> dict[str, Any]:
        return {
            "device_id": self.device_id,
            "record_id": self.record_id,
            "reference": self.reference,
            "request_id": self.request_id,
            "verdict": str(self.verdict),
            "state": None if self.state is None else str(self.state),
            "failure_reason": None if self.failure is None else int(self.failure),
            "words": self.words,
            "candidates": [
                {
                    "reference": c.reference,
                    "device_id": c.device_id,
                    "record_id": c.record_id,
                    "score": c.score,
                }
                for c in self.candidates
            ],
        }


#: The state machine's write (the hook), run in the transaction that marks the answer
#: applied: given every identify decision (RETRY too, to log or count), it writes with
#: ``conn`` alone, so the answer and the state change are committed both or neither.
#: A KnownError leaves that answer in ``responses/`` for the next pass (the others are
#: applied); anything else is a bug and stops the pass.
ApplyDecision: TypeAlias = Callable[[Connection, Decision], None]


@dataclass(frozen=True)
class Refusal:
    """One file refused: its name and the code that says why."""

    file: str
    code: str


@dataclass
class Collected:
    """One pass over ``responses/``."""

    decisions: list[Decision] = field(default_factory=list)
    #: Insert answers applied: (requestId, outcome).
    inserts: list[tuple[str, str]] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    #: Answers a crash (or another reader) had applied already, now moved to ``done/``.
    finished: int = 0
    #: Answers the state hook refused (a KnownError): left in ``responses/``, rolled back,
    #: tried again at the next pass; the others were applied.
    deferred: list[Refusal] = field(default_factory=list)


# --- the folder --------------------------------------------------------------------------


class AbisQueue:
    """The folder and its five sub-folders; the only code that names a path in it."""

    def __init__(self, root: Path, *, url_base: str | None = None) -> None:
        self.root = Path(root).absolute()
        #: ``referenceURL`` = this + ``<reference>.an2`` when the forwarder serves the
        #: references (https://...); else the file's own ``file://`` URI.
        self.url_base = url_base.rstrip("/") + "/" if url_base else None

    @classmethod
    def open(cls, root: Path, *, url_base: str | None = None) -> AbisQueue:
        """The queue at ``root``, its folders made (0700) where missing; links refused."""
        queue = cls(root, url_base=url_base)
        if queue.root.is_symlink() or (queue.root.exists() and not queue.root.is_dir()):
            raise DataCenterError(
                400,
                Reason.INVALID_REQUEST,
                code="abis_queue_not_a_folder",
                params={"folder": queue.root},
            )
        queue.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        for name in FOLDERS:
            folder = queue.root / name
            if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                raise DataCenterError(
                    400,
                    Reason.INVALID_REQUEST,
                    code="abis_queue_not_a_folder",
                    params={"folder": folder},
                )
            folder.mkdir(mode=0o700, exist_ok=True)
        return queue

    def folder(self, name: str) -> Path:
        return self.root / name

    def listing(self, name: str) -> list[Path]:
        """The messages in a folder, oldest name first; hidden and reason files left out."""
        try:
            entries = sorted(os.scandir(self.folder(name)), key=lambda e: e.name)
        except FileNotFoundError:
            return []
        return [
            Path(e.path)
            for e in entries
            if e.name.endswith(MESSAGE_SUFFIX)
            and not e.name.startswith(".")
            and not e.name.endswith(REASON_SUFFIX)
            and e.is_file(follow_symlinks=False)
        ]

    # references -------------------------------------------------------------------

    def reference_file(self, reference: str) -> Path:
        return self.folder(REFERENCES) / f"{reference}{REFERENCE_SUFFIX}"

    def reference_url(self, reference: str) -> str:
        if self.url_base:
            return f"{self.url_base}{reference}{REFERENCE_SUFFIX}"
        return self.reference_file(reference).as_uri()

    def reference_path(self, url: str) -> Path | None:
        """The file a ``referenceURL`` of this queue names; None for any other URL.

        Only a name in ``references/`` is ever read: a request cannot point the ABIS
        side at another file of the machine.
        """
        if self.url_base and url.startswith(self.url_base):
            name = url[len(self.url_base) :]
        else:
            parts = urlsplit(url)
            local = Path(url2pathname(parts.path))
            if parts.scheme != "file" or parts.netloc or local.parent != self.folder(REFERENCES):
                return None
            name = local.name
        if "/" in name or not name.endswith(REFERENCE_SUFFIX) or name.startswith("."):
            return None
        return self.folder(REFERENCES) / name

    def drop_reference(self, reference: str) -> None:
        """The record's biometrics leave the queue once its identify is answered."""
        with contextlib.suppress(FileNotFoundError):
            self.reference_file(reference).unlink()

    # messages ---------------------------------------------------------------------

    def prepare(self, name: str, data: bytes) -> Path:
        """A request written whole but hidden (``.prepared-<name>``): no reader takes it."""
        prepared = self.folder(REQUESTS) / f"{PREPARED}{name}"
        atomic_write(prepared, data)
        return prepared

    def publish(self, prepared: Path) -> bool:
        """A prepared request renamed into sight; False if another process did it."""
        target = prepared.with_name(prepared.name.removeprefix(PREPARED))
        try:
            prepared.rename(target)
        except FileNotFoundError:
            return False
        fsync_dir(target.parent)
        return True

    def prepared(self) -> list[Path]:
        folder = self.folder(REQUESTS)
        return sorted(
            p for p in folder.glob(f"{PREPARED}*{MESSAGE_SUFFIX}") if not p.name.endswith(".tmp")
        )

    def write_response(self, request_id: str, data: bytes) -> Path:
        target = self.folder(RESPONSES) / f"{_safe(request_id)}{MESSAGE_SUFFIX}"
        atomic_write(target, data)
        return target

    def finish(self, path: Path) -> bool:
        """``path`` moved to ``done/``; False if another reader moved it first."""
        return self._move(path, self.folder(DONE) / path.name)

    def refuse(self, path: Path, data: bytes, error: KnownError) -> bool:
        """``path`` moved to ``refused/`` beside its reason; False if another reader did.

        The refused copy is named by its content's hash as well, so two different
        refused files of one name never overwrite each other; the reason is written
        first, so a refused file is never seen without it.
        """
        name = f"{hashlib.sha256(data).hexdigest()[:12]}-{path.name}"
        target = self.folder(REFUSED) / name
        reason = {
            "file": path.name,
            "folder": path.parent.name,
            "code": error.code,
            "message": error.message,
            "params": error.params,
            "refused_at": abis.timestamp(),
        }
        atomic_write(
            target.with_name(name.removesuffix(MESSAGE_SUFFIX) + REASON_SUFFIX),
            (json.dumps(reason, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
        )
        return self._move(path, target)

    @staticmethod
    def _move(path: Path, target: Path) -> bool:
        try:
            path.replace(target)
        except FileNotFoundError:
            return False
        fsync_dir(target.parent)
        fsync_dir(path.parent)
        return True


def _safe(request_id: str) -> str:
    """A requestId as a file name: letters, digits, '-' and '_' only (a UUID is)."""
    kept = "".join(c for c in request_id if c.isascii() and (c.isalnum() or c in "-_"))
    return kept[:64] or "answer"


def _file_name(request: Request, order: int) -> str:
    """``<time>-<order>-<operation>-<requestId>.json``: a listing's order is the sending's."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kind = request.operation.rsplit(".", 1)[-1]
    return f"{stamp}-{order}-{kind}-{_safe(request.request_id)}{MESSAGE_SUFFIX}"


# --- the data center's side: sending -------------------------------------------------------

#: Writes a record's (device id, record id) ANSI/NIST-ITL transaction to the given file
#: (the real one: :func:`interchange_exporter`); a KnownError when the record cannot leave.
Exporter: TypeAlias = Callable[[str, str, Path], None]


def interchange_exporter(store: SqlStore, blobs: Any, keys: Any) -> Exporter:
    """``records export``'s own writer (opened in memory, written 0600, audited)."""
    from sync.server import interchange  # noqa: PLC0415 - PIL and wsq: only to export

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


def submit(
    store: SqlStore,
    queue: AbisQueue,
    device_id: str,
    record_id: str,
    export: Exporter,
    *,
    flags: dict[str, str] | None = None,
) -> Sent:
    """One record into the queue: its transaction, then an insert and an identify."""
    reference = reference_of(store, device_id, record_id)
    moment = abis.timestamp()
    insert = InsertRequest(str(uuid.uuid4()), moment, reference, queue.reference_url(reference))
    identify = IdentifyRequest(str(uuid.uuid4()), moment, reference, "", None, dict(flags or {}))
    both: tuple[Request, Request] = (insert, identify)
    prepared: list[Path] = []
    try:
        export(device_id, record_id, queue.reference_file(reference))
        prepared = [
            queue.prepare(_file_name(request, order), abis.encode(request))
            for order, request in enumerate(both)
        ]
        with store.writing() as conn:
            for request in both:
                conn.execute(
                    abis_requests.insert().values(
                        request_id=request.request_id,
                        operation=request.operation,
                        reference=reference,
                        device_id=device_id,
                        record_id=record_id,
                        sent_at=moment,
                    )
                )
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


def recover(store: SqlStore, queue: AbisQueue) -> int:
    """Finish what a crash left between preparing requests and publishing them."""
    published = 0
    for path in queue.prepared():
        try:
            request = abis.parse_request(path.read_bytes())
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


def submit_waiting(
    store: SqlStore,
    queue: AbisQueue,
    export: Exporter,
    *,
    flags: dict[str, str] | None = None,
) -> tuple[list[Sent], list[tuple[str, str]]]:
    """Every waiting record sent; those that cannot leave listed with their code."""
    recover(store, queue)
    sent: list[Sent] = []
    skipped: list[tuple[str, str]] = []
    for device_id, record_id in waiting(store):
        try:
            sent.append(submit(store, queue, device_id, record_id, export, flags=flags))
        except KnownError as exc:
            log.warning("ABIS: record %s not sent: %s", record_id, exc.code)
            skipped.append((record_id, exc.code))
    return sent, skipped


# --- the data center's side: answers ---------------------------------------------------------


@contextlib.contextmanager
def _alone(store: SqlStore) -> Iterator[Connection]:
    """A write transaction holding SQLite's write lock from its first statement."""
    with store.writing() as conn:
        if store.is_sqlite:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        yield conn


def _person_failure(conn: Connection, reference: str) -> FailureReason | None:
    """The images' own failure an insert of this reference was answered with, if any."""
    outcomes = conn.execute(
        sa.select(abis_requests.c.outcome)
        .where(abis_requests.c.reference == reference, abis_requests.c.operation == INSERT)
        .where(abis_requests.c.outcome.is_not(None))
        .order_by(abis_requests.c.sent_at.desc())
    ).scalars()
    for outcome in outcomes:
        if outcome.startswith("failure:"):
            reason = FailureReason(int(outcome.split(":", 1)[1]))
            return reason if reason in PERSON_FAILURES else None
        return None
    return None


def decision_of(conn: Connection, row: Any, response: Response) -> Decision:
    """What an identify's answer means for the record the ledger's ``row`` names.

    Candidates are mapped back through ``interchange_refs``; the probe's own reference
    is never its own duplicate.  A failure of the images (11, 16, 18; or 12, "not
    found", after an insert that failed so) is an ENROLL_FAILURE with words for the
    team; any other failure (the ABIS down, a reference it could not fetch, a request
    it could not read) decides nothing: RETRY.
    """
    common = {
        "device_id": row.device_id,
        "record_id": row.record_id,
        "reference": row.reference,
        "request_id": row.request_id,
    }
    if not response.succeeded:
        reason = response.failure_reason
        if reason == FailureReason.REFERENCE_ID_NOT_FOUND:
            reason = _person_failure(conn, row.reference) or reason
        if reason in PERSON_FAILURES:
            return Decision(
                **common,
                verdict=Verdict.ENROLL_FAILURE,
                failure=reason,
                words=f"abis.failure_{int(reason)}",
            )
        return Decision(**common, verdict=Verdict.RETRY, failure=reason)
    others = [c for c in response.candidates if c.reference_id != row.reference]
    if not others:
        return Decision(**common, verdict=Verdict.PRINT_READY)
    known = {
        r.reference: (r.device_id, r.record_id)
        for r in conn.execute(
            sa.select(
                interchange_refs.c.reference,
                interchange_refs.c.device_id,
                interchange_refs.c.record_id,
            ).where(interchange_refs.c.reference.in_([c.reference_id for c in others]))
        )
    }
    found = tuple(
        Found(c.reference_id, *known.get(c.reference_id, (None, None)), c.score) for c in others
    )
    return Decision(**common, verdict=Verdict.DUPLICATE, candidates=found)


def _apply(
    store: SqlStore,
    name: str,
    digest: str,
    response: Response,
    apply: ApplyDecision,
) -> Decision | str | None:
    """Apply one parsed answer in one transaction.

    Returns the Decision (identify) or the outcome (insert) when applied now; None when
    this very file was applied before (a crash, or another reader); raises the refusal.
    """
    where = abis_requests.c.request_id == response.request_id
    query = sa.select(abis_requests).where(where)
    if not store.is_sqlite:
        query = query.with_for_update()
    with _alone(store) as conn:
        row = conn.execute(query).first()
        if row is None:
            raise AbisMessageError(
                code="abis_request_unknown", params={"request_id": response.request_id[:64]}
            )
        if row.operation != response.operation:
            raise AbisMessageError(
                code="abis_operation_mismatch",
                params={"request_id": row.request_id, "operation": row.operation},
            )
        if row.answered_at is not None:
            if row.answer_file == name and row.answer_sha256 == digest:
                return None
            raise AbisMessageError(
                code="abis_answer_replayed", params={"request_id": row.request_id}
            )
        result: Decision | str
        if response.operation == INSERT:
            reason = response.failure_reason
            result = (
                INSERTED
                if reason in (None, FailureReason.REFERENCE_ID_EXISTS)
                else f"failure:{int(reason)}"
            )
            outcome = result
        else:
            result = decision_of(conn, row, response)
            outcome = str(result.verdict)
        conn.execute(
            abis_requests.update()
            .where(where, abis_requests.c.answered_at.is_(None))
            .values(
                answered_at=abis.timestamp(),
                answer_file=name,
                answer_sha256=digest,
                outcome=outcome,
            )
        )
        if isinstance(result, Decision):
            apply(conn, result)
    return result


def _read_answers(queue: AbisQueue, out: Collected) -> list[tuple[Path, str, Response]]:
    """Every answer waiting, parsed; a malformed one refused here on its own.

    Inserts first, then identifies, each kind in the folder's order: an identify of a
    reference whose insert failed for its images (11, 16, 18) is answered 12 "not
    found", and only the insert's failure, applied before it, says it is the person's
    images and not the ABIS (:func:`decision_of`).  The answers' file names are their
    random request ids, so the folder's order alone put the identify first half the time.
    """
    parsed: list[tuple[Path, str, Response]] = []
    for path in queue.listing(RESPONSES):
        try:
            data = path.read_bytes()
        except FileNotFoundError:  # another reader took it
            continue
        try:
            response = abis.parse_response(data)
        except AbisMessageError as exc:
            if queue.refuse(path, data, exc):
                log.warning("ABIS answer %s refused: %s", path.name, exc.code)
                out.refused.append(Refusal(path.name, exc.code))
            continue
        parsed.append((path, hashlib.sha256(data).hexdigest(), response))
    parsed.sort(key=lambda answer: answer[2].operation != INSERT)  # stable: inserts first
    return parsed


def collect(store: SqlStore, queue: AbisQueue, apply: ApplyDecision) -> Collected:
    """Every answer in ``responses/`` applied once, or refused on its own."""
    recover(store, queue)
    out = Collected()
    for path, digest, response in _read_answers(queue, out):
        try:
            result = _apply(store, path.name, digest, response, apply)
        except AbisMessageError as exc:
            try:
                data = path.read_bytes()
            except FileNotFoundError:  # another reader took it meanwhile
                continue
            if queue.refuse(path, data, exc):
                log.warning("ABIS answer %s refused: %s", path.name, exc.code)
                out.refused.append(Refusal(path.name, exc.code))
            continue
        except KnownError as exc:  # the hook refused (the record moved on): try again later
            log.warning("ABIS answer %s not applied yet: %s", path.name, exc.code)
            out.deferred.append(Refusal(path.name, exc.code))
            continue
        if result is None:
            out.finished += queue.finish(path)
            continue
        queue.finish(path)
        if isinstance(result, Decision):
            queue.drop_reference(result.reference)
            out.decisions.append(result)
            log.info("ABIS: record %s answered: %s", result.record_id, result.verdict)
        else:
            out.inserts.append((response.request_id, result))
    return out


def record_words(decision: Decision, language: str = "id") -> str | None:
    """An ENROLL_FAILURE's words for the team (the laptop shows the Indonesian as is)."""
    if decision.words is None:
        return None
    from sync.server.console import catalogue  # noqa: PLC0415 - reads the catalogue once

    return catalogue.text(language, decision.words, context="abis")


# --- the ABIS's side ----------------------------------------------------------------------


class EngineRefused(KnownError):
    """An engine's answer that this reference cannot be inserted or searched, and why."""

    code = "abis_engine_refused"

    def __init__(self, failure: FailureReason) -> None:
        super().__init__(params={"failure": int(failure)})
        self.failure = failure


class AbisEngine(Protocol):
    """What matches: the data center's own search, or an adapter to an external ABIS.

    ``insert`` stores a reference's biometrics (the ANSI/NIST-ITL transaction's bytes)
    and searches nothing; ``identify`` searches an inserted reference against
    ``gallery`` (None: everything held) and returns the candidates, best first.  Both
    raise :class:`EngineRefused` with MOSIP's failure reason (10 reference exists, 12
    not found, 16 unreadable, 18 quality...).
    """

    def insert(self, reference_id: str, transaction: bytes) -> None: ...

    def identify(
        self, reference_id: str, gallery: Sequence[str] | None, max_results: int | None
    ) -> Sequence[abis.Candidate]: ...


def _reference_bytes(queue: AbisQueue, url: str) -> bytes | None:
    """The transaction an insert's ``referenceURL`` names; None if not this queue's, or gone."""
    path = queue.reference_path(url)
    if path is None:
        return None
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return None


def _served(queue: AbisQueue, engine: AbisEngine, request: Request) -> Response:
    try:
        if isinstance(request, InsertRequest):
            transaction = _reference_bytes(queue, request.reference_url)
            if transaction is None:
                log.warning("ABIS: request %s names no reference file", request.request_id)
                return abis.failed(request.request_id, INSERT, FailureReason(7))
            engine.insert(request.reference_id, transaction)
            return abis.succeeded(request)
        found = engine.identify(request.reference_id, request.gallery, request.max_results)
        kept = tuple(c for c in found if c.reference_id != request.reference_id)
        if request.max_results is not None:
            kept = kept[: request.max_results]
        return abis.succeeded(request, kept)
    except EngineRefused as exc:
        return abis.failed(request.request_id, request.operation, exc.failure)


def _answerable(data: bytes) -> tuple[str, str] | None:
    """A refused request's requestId and operation, when both can be read to answer it."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(document, dict):
        return None
    request_id, operation = document.get("requestId"), document.get("id")
    if not isinstance(request_id, str) or not request_id or operation not in abis.OPERATIONS:
        return None
    return request_id, str(operation)


def answer_requests(queue: AbisQueue, engine: AbisEngine) -> list[Response]:
    """One pass of the ABIS side: each request answered through ``engine``, in order.

    A request the API refuses is answered with its failure reason (MOSIP's 4-15) when
    its requestId and operation can be read, else moved to ``refused/``; either way the
    others are served.  The answer is written before the request leaves ``requests/``:
    a crash between answers it twice, and the data center refuses the second.
    """
    answered: list[Response] = []
    for path in queue.listing(REQUESTS):
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue
        try:
            request = abis.parse_request(data)
        except AbisMessageError as exc:
            known = _answerable(data)
            if known is None:
                queue.refuse(path, data, exc)
                log.warning("ABIS request %s refused: %s", path.name, exc.code)
                continue
            response = abis.failed(known[0], known[1], exc.failure)
        else:
            response = _served(queue, engine, request)
        queue.write_response(response.request_id, abis.encode(response))
        queue.finish(path)
        answered.append(response)
    return answered


class AbisAnswerer:
    """The ABIS side run continuously: :func:`answer_requests` until told to stop.

    ``wake()`` (or ``interval`` seconds) starts the next pass; ``answered`` counts the
    answers written, and ``progress`` is notified after each pass that wrote one.
    """

    def __init__(self, queue: AbisQueue, engine: AbisEngine, *, interval: float = 5.0) -> None:
        self.queue = queue
        self.engine = engine
        self.interval = interval
        self.answered = 0
        self.progress = threading.Condition()
        self._stop = threading.Event()
        self._wake = threading.Event()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            written = len(answer_requests(self.queue, self.engine))
            if written:
                with self.progress:
                    self.answered += written
                    self.progress.notify_all()
            self._wake.wait(self.interval)


__all__ = [
    "AbisAnswerer",
    "AbisEngine",
    "AbisQueue",
    "ApplyDecision",
    "Collected",
    "Decision",
    "EngineRefused",
    "Found",
    "Refusal",
    "Sent",
    "Verdict",
    "answer_requests",
    "collect",
    "decision_of",
    "interchange_exporter",
    "record_words",
    "recover",
    "submit",
    "submit_waiting",
    "waiting",
]
