"""The hash-chained audit log.

Each event's hash covers its own fields and the previous event's hash, so an
edited, deleted or reordered event breaks the chain from that point on.  The
latest sequence number and hash are also kept in the settings table, which
catches the one thing a chain alone cannot: events cut off the end.

Events say who did what, when, and to which record id; never a NIK, a name or
an image.  :func:`append` refuses details that look like personal data, so a
careless caller fails in tests instead of leaking into the log.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit.errors import BugError
from fieldkit.store.models import AuditEvent, Setting

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sqlalchemy.orm import Session

GENESIS = "0" * 64
HEAD_KEY = "audit.head"
_HEAD_HELD = "audit.head_row"
SYSTEM_ACTOR = "system"

DetailValue = str | int | float | bool | None

_DIGIT_RUN = re.compile(r"\d{16}")
_PERSONAL_KEYS = frozenset(
    {"nik", "kk", "name", "nama", "full_name", "address", "alamat", "image", "photo", "foto"}
)
_MAX_DETAIL_CHARS = 200


class Problem(enum.StrEnum):
    EDITED = "edited"
    MISSING = "missing"
    OUT_OF_ORDER = "out_of_order"
    TRUNCATED = "truncated"


@dataclass(frozen=True)
class Finding:
    seq: int
    problem: Problem
    message: str

    def as_json(self) -> dict[str, object]:
        return {"seq": self.seq, "problem": self.problem.value, "message": self.message}


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    events: int
    first_bad: Finding | None

    def as_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "events": self.events,
            "first_bad": self.first_bad.as_json() if self.first_bad else None,
        }


def _event_hash(
    *,
    seq: int,
    occurred_at: str,
    actor: str,
    action: str,
    record_id: str | None,
    details: str,
    prev_hash: str,
) -> str:
    canonical = json.dumps(
        [seq, occurred_at, actor, action, record_id, details, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _check_details(details: Mapping[str, DetailValue]) -> str:
    for key, value in details.items():
        if key.lower() in _PERSONAL_KEYS:
            raise BugError(f"audit detail {key!r} would put personal data in the audit log")
        text = str(value)
        if _DIGIT_RUN.search(text):
            raise BugError(f"audit detail {key!r} looks like a NIK or KK number")
        if len(text) > _MAX_DETAIL_CHARS:
            raise BugError(f"audit detail {key!r} is too long for an audit event")
    return json.dumps(dict(details), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _head(session: Session) -> tuple[int, str]:
    return _parse_head(session.get(Setting, HEAD_KEY))


def _parse_head(row: Setting | None) -> tuple[int, str]:
    if row is None:
        return 0, GENESIS
    seq, digest = json.loads(row.value)
    return int(seq), str(digest)


def append(
    session: Session,
    actor: str,
    action: str,
    record_id: str | None = None,
    details: Mapping[str, DetailValue] | None = None,
    *,
    now: dt.datetime | None = None,
    flush: bool = True,
) -> AuditEvent:
    """Add an event inside the caller's transaction, so it commits with the change it records.

    ``flush=False`` leaves the insert to the transaction's next flush (the chain
    stays right: the next event reads the head from this session), so a batch
    of events goes to SQLite as one statement.
    """
    details_json = _check_details(details or {})
    if _HEAD_HELD in session.info:  # a later event of this transaction: the lock is held
        head = session.get(Setting, HEAD_KEY)
    else:
        head = _head_under_write_lock(session)
    last_seq, last_hash = _parse_head(head)
    seq = last_seq + 1
    occurred_at = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="microseconds")
    digest = _event_hash(
        seq=seq,
        occurred_at=occurred_at,
        actor=actor,
        action=action,
        record_id=record_id,
        details=details_json,
        prev_hash=last_hash,
    )
    event = AuditEvent(
        seq=seq,
        occurred_at=occurred_at,
        actor=actor,
        action=action,
        record_id=record_id,
        details=details_json,
        prev_hash=last_hash,
        hash=digest,
    )
    session.add(event)
    # Updating the row already loaded costs less than a merge, which looks it up again.
    if head is None:
        head = Setting(key=HEAD_KEY, value=json.dumps([seq, digest]))
        session.add(head)
    else:
        head.value = json.dumps([seq, digest])
    # Held for the session's life (the identity map's references are weak), so the next
    # event of the same transaction finds the head without a query.
    session.info[_HEAD_HELD] = head
    if flush:
        session.flush()
    return event


def _head_under_write_lock(session: Session) -> Setting | None:
    """The chain's head, read after taking the store's write lock.

    SQLite (in Python's default transaction mode) runs a transaction's first reads
    before its ``BEGIN``: two processes read the same head, both wrote event N+1, and
    the second failed on ``audit_events.seq``.  A write that changes nothing, first,
    makes SQLite take the write lock (waiting out ``busy_timeout`` for another writer);
    the head read after it is the last one committed, and nobody can move it.
    """
    session.execute(
        sa.update(Setting)
        .where(Setting.key == HEAD_KEY)
        .values(value=Setting.value)
        .execution_options(synchronize_session=False)
    )
    return session.get(Setting, HEAD_KEY, populate_existing=True)


def verify(session: Session) -> VerifyResult:
    """Walk the chain once, in sequence order, and name the first event that breaks it."""
    expected_seq = 1
    prev_hash = GENESIS
    count = 0
    rows = session.execute(sa.select(AuditEvent).order_by(AuditEvent.seq)).scalars()
    for event in rows:
        count += 1
        if event.seq != expected_seq:
            return _bad(
                count,
                expected_seq,
                Problem.MISSING,
                f"event {expected_seq} is missing (the next one present is {event.seq})",
            )
        if event.prev_hash != prev_hash:
            return _bad(
                count,
                event.seq,
                Problem.OUT_OF_ORDER,
                f"event {event.seq} does not follow event {event.seq - 1}",
            )
        recomputed = _event_hash(
            seq=event.seq,
            occurred_at=event.occurred_at,
            actor=event.actor,
            action=event.action,
            record_id=event.record_id,
            details=event.details,
            prev_hash=event.prev_hash,
        )
        if recomputed != event.hash:
            return _bad(count, event.seq, Problem.EDITED, f"event {event.seq} was altered")
        prev_hash = event.hash
        expected_seq += 1
    head_seq, head_hash = _head(session)
    last_seq = expected_seq - 1
    if head_seq != last_seq or (last_seq and head_hash != prev_hash):
        missing = last_seq + 1
        return _bad(
            count,
            missing,
            Problem.TRUNCATED,
            f"events from {missing} to {head_seq} were removed from the end of the log",
        )
    return VerifyResult(ok=True, events=count, first_bad=None)


def _bad(count: int, seq: int, problem: Problem, message: str) -> VerifyResult:
    return VerifyResult(ok=False, events=count, first_bad=Finding(seq, problem, message))


def recent(session: Session, limit: int = 50) -> list[AuditEvent]:
    query = sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(limit)
    return list(session.execute(query).scalars())
