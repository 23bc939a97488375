"""The hand-on to an ABIS over a folder queue, both sides of it (issue 48, part 2).

An office points the data center at a folder (``--abis-queue DIR``) that whatever
forwards to the national system, or an ABIS itself, also reads and writes:

* ``requests/``: the data center's MOSIP ABIS API v1.1 requests (:mod:`.messages`),
  one JSON file each, an insert and then an identify per record, a delete for a record
  that left the gallery; served by ``requesttime`` (ties by ``requestId``), never by name;
* ``references/``: each record's ANSI/NIST-ITL transaction (``<referenceId>.an2``,
  :mod:`sync.server.dedup.interchange`), which an insert's ``referenceURL`` names;
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
Every file of the queue is read by :func:`read_queue_file`: never through a link, never
a pipe or a folder, refused by its size before a byte is read and never read past it.

The ABIS side, :func:`answer_requests` (one pass) and :class:`AbisAnswerer` (until
stopped), serves ``requests/`` through any :class:`AbisEngine`; the data center's own
search plugs in there as an engine, so an external ABIS replaces it with no change here.
An answerer takes a request by renaming it ``.taken-<answerer>-<name>`` (one rename
wins), and holds ``.answerer-<answerer>.lock`` while it lives: a request a dead
answerer had taken is put back for the next.

The record's state is not written here: :func:`decision_of` turns an identify's answer
into a :class:`Decision` (a duplicate with its candidates mapped back to records, print
ready, or an enrollment failure with words for the team), and the caller's hook writes
the state machine's change.

This module is the data center's side that reads the answers (:func:`collect`); beside
it are the folder itself (:mod:`.folder`), the sending side (:mod:`.sending`), the
ledger's words both sides write (:mod:`.ledger`) and the ABIS's side (:mod:`.answerer`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from fieldkit.errors import KnownError
from sync.protocol import RecordState
from sync.server import catalogue
from sync.server.dedup.abis import messages as abis
from sync.server.dedup.abis.folder import RESPONSES, AbisQueue, Refusal, read_queue_file
from sync.server.dedup.abis.ledger import DELETED, INSERTED, Verdict, alone
from sync.server.dedup.abis.messages import (
    DELETE,
    INSERT,
    STATUS_OPERATIONS,
    AbisMessageError,
    FailureReason,
    Response,
)
from sync.server.dedup.abis.sending import recover
from sync.server.store.tables import abis_requests, interchange_refs

if TYPE_CHECKING:
    from pathlib import Path

    from sync.server.store.database import SqlStore
log = logging.getLogger(__name__)


#: Failures that are the images' own: the person is recorded again (ENROLL_FAILURE).
PERSON_FAILURES = frozenset(
    {
        FailureReason.CBEFF_HAS_NO_DATA,
        FailureReason.INVALID_CBEFF_FORMAT,
        FailureReason.QUALITY_CHECK_FAILED,
    }
)


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
    #: Delete answers applied: (requestId, outcome).
    deletes: list[tuple[str, str]] = field(default_factory=list)
    #: Answers to a ping, pendingJobs or referenceCount, which the data center never asks:
    #: left in ``responses/`` for whoever asked.
    left: list[str] = field(default_factory=list)


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
    with alone(store) as conn:
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
        reason = response.failure_reason
        if response.operation == INSERT:
            result = (
                INSERTED
                if reason in (None, FailureReason.REFERENCE_ID_EXISTS)
                else f"failure:{int(reason)}"
            )
            outcome = result
        elif response.operation == DELETE:  # 12: the ABIS held nothing to delete
            result = (
                DELETED
                if reason in (None, FailureReason.REFERENCE_ID_NOT_FOUND)
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

    Each file is read within the message limit (:func:`read_queue_file`): one of 400 MiB
    is refused by its size, never read into memory.  An answer to a ping, pendingJobs or
    referenceCount is not the data center's (it never asks them): left where it is.
    """
    parsed: list[tuple[Path, str, Response]] = []
    for path in queue.listing(RESPONSES):
        data: bytes | None = None
        try:
            data = read_queue_file(path, abis.MAX_MESSAGE_BYTES)
            response = abis.parse_response(data)
        except FileNotFoundError:  # another reader took it
            continue
        except AbisMessageError as exc:
            if queue.refuse(path, data, exc):
                log.warning("ABIS answer %s refused: %s", path.name, exc.code)
                out.refused.append(Refusal(path.name, exc.code))
            continue
        if response.operation in STATUS_OPERATIONS:
            out.left.append(path.name)
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
                data: bytes | None = read_queue_file(path, abis.MAX_MESSAGE_BYTES)
            except FileNotFoundError:  # another reader took it meanwhile
                continue
            except AbisMessageError:
                data = None
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
        elif response.operation == DELETE:
            out.deletes.append((response.request_id, result))
        else:
            out.inserts.append((response.request_id, result))
    return out


def record_words(decision: Decision, language: str = "id") -> str | None:
    """An ENROLL_FAILURE's words for the team (the laptop shows the Indonesian as is)."""
    if decision.words is None:
        return None
    return catalogue.text(language, decision.words, context="abis")
