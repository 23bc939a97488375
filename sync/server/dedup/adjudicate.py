"""A person decides on a DUPLICATE_RECORD: the CLI's ``records adjudicate`` and the console's.

The search proposes candidates; only an administrator at the office decides, with a
reason, and the decision is audited (``console_audit``: who, which records, why) in the
same transaction as the state it sets:

* not a duplicate: the record becomes PRINT_READY_RECORD;
* a duplicate of OTHER (one of its candidates): the older record stands (PRINT_READY_RECORD
  if it is the one decided on) and the newer becomes DUPLICATE_CLOSED, its ``message``
  the reason (its laptop shows it).

:func:`adjudicate` is the one function both call: ``who`` (an :class:`Actor`), which
record, the decision, the other record, the reason.  Its refusals carry codes.  This
module loads no image library (the console imports it).
"""

from __future__ import annotations

import enum
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit.printable import printable
from sync.protocol import Reason, RecordState
from sync.server.accounts.trail import write_audit
from sync.server.dedup import candidates as found
from sync.server.errors import DataCenterError
from sync.server.intake.states import named_record
from sync.server.store.stamps import iso
from sync.server.store.tables import records, state_changes

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from sync.server.accounts.roles import Actor
    from sync.server.store.database import SqlStore

log = logging.getLogger(__name__)

#: The ``console_audit`` action of a decision.
ADJUDICATED = "record_adjudicated"
#: A reason shorter than this says nothing an auditor could check ("ok", "dup").
MIN_REASON = 10
#: The reason is kept whole in the audit and, for a duplicate, sent to the laptop.
MAX_REASON = 500


class Decision(enum.StrEnum):
    NOT_DUPLICATE = "not_duplicate"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class Adjudicated:
    """What a decision did: the record, its new state, the other record (a duplicate's)."""

    device_id: str
    record_id: str
    decision: Decision
    state: RecordState
    other: str | None
    #: The record closed as the newer of the pair (this one, or ``other``); None if none.
    closed: str | None


def _checked(decision: Decision | str, other: str | None, reason: str) -> tuple[Decision, str]:
    """The decision and its reason's words, or a refusal before anything is read."""
    try:
        chosen = Decision(decision)
    except ValueError:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="dedup_decision_unknown",
            params={"decision": decision},
        ) from None
    # One line, controls written visibly: the laptop shows a duplicate's reason (issue 57 §12).
    words = printable(" ".join(reason.split()))[:MAX_REASON]
    if len(words) < MIN_REASON:
        raise DataCenterError(
            400, Reason.INVALID_REQUEST, code="dedup_reason_too_short", params={"min": MIN_REASON}
        )
    if chosen is Decision.DUPLICATE and not other:
        raise DataCenterError(400, Reason.INVALID_REQUEST, code="dedup_other_needed")
    if chosen is Decision.NOT_DUPLICATE and other:
        raise DataCenterError(400, Reason.INVALID_REQUEST, code="dedup_other_unexpected")
    return chosen, words


def adjudicate(
    store: SqlStore,
    *,
    who: Actor,
    record_id: str,
    decision: Decision | str,
    other: str | None,
    reason: str,
    device_id: str | None = None,
    other_device: str | None = None,
    now: float | None = None,
) -> Adjudicated:
    """Decide on a record waiting for adjudication; refused with a code otherwise.

    Refusals: ``dedup_decision_unknown``; ``dedup_reason_too_short`` (fewer than
    MIN_REASON characters); 404 ``record_unknown``; ``datacenter_record_ambiguous``
    (two laptops used the id: give ``device_id``); 409 ``dedup_not_awaiting_adjudication``;
    ``dedup_other_needed`` / ``dedup_other_unexpected``; ``dedup_other_not_candidate``;
    409 ``dedup_other_not_closable`` (the newer record, OTHER, may be printed already);
    ``dedup_other_ambiguous`` when two candidates' laptops used OTHER's id and
    ``other_device`` names neither (a candidate is its laptop and its id).  Two
    decisions on one record at once: the second finds it decided and is refused.
    """
    chosen, words = _checked(decision, other, reason)
    stored = named_record(store, record_id, device_id)
    moment = time.time() if now is None else now
    where = sa.and_(
        records.c.device_id == stored.device_id, records.c.record_id == stored.record_id
    )
    current = sa.select(records.c.state, records.c.received_at).where(where)
    if not store.is_sqlite:
        current = current.with_for_update()
    with store.writing_alone(stored.device_id) as conn:
        row = conn.execute(current).one()
        if row.state != str(RecordState.DUPLICATE_RECORD):
            raise DataCenterError(
                409,
                Reason.INVALID_REQUEST,
                code="dedup_not_awaiting_adjudication",
                params={"record_id": record_id, "state": row.state},
            )
        closed: tuple[str, str] | None = None
        if chosen is Decision.DUPLICATE:
            named = found.of_record(conn, stored.device_id, stored.record_id)
            same = [
                c for c in named if c.record_id == other and other_device in {None, c.device_id}
            ]
            if len(same) > 1:
                raise DataCenterError(
                    400,
                    Reason.INVALID_REQUEST,
                    code="dedup_other_ambiguous",
                    params={"other": other, "devices": ", ".join(c.device_id for c in same)},
                )
            match = same[0] if same else None
            if match is None:
                raise DataCenterError(
                    400,
                    Reason.INVALID_REQUEST,
                    code="dedup_other_not_candidate",
                    params={
                        "record_id": record_id,
                        "other": other,
                        "candidates": ", ".join(c.record_id for c in named) or "-",
                    },
                )
            closed = _newer(
                conn, store, (stored.device_id, stored.record_id), row.received_at, match
            )
        mine = (stored.device_id, stored.record_id)
        stands = RecordState.DUPLICATE_CLOSED if closed == mine else RecordState.PRINT_READY_RECORD
        _set(conn, mine, stands, words if stands is RecordState.DUPLICATE_CLOSED else None, moment)
        if closed is not None and closed != mine:
            # The other laptop's status cursors too are drawn in commit order (store.py).
            store._serialise_device(conn, closed[0])  # noqa: SLF001
            _set(conn, closed, RecordState.DUPLICATE_CLOSED, words, moment)
        detail = f"{mine[0]} {mine[1]} {chosen}"
        if closed is not None:
            detail += f" closed {closed[0]} {closed[1]}"
        write_audit(
            conn,
            moment,
            actor=who.name,
            action=ADJUDICATED,
            account=who.name,
            detail=f"{detail}: {words}",
        )
    log.info("record %s adjudicated %s by %s", stored.record_id, chosen, who.name)
    return Adjudicated(
        stored.device_id,
        stored.record_id,
        chosen,
        stands,
        other,
        None if closed is None else closed[1],
    )


#: States a newer record may be closed from when the older one names it: not yet printed.
_CLOSABLE = frozenset(
    {RecordState.ACCEPTED, RecordState.DUPLICATE_RECORD, RecordState.PRINT_READY_RECORD}
)


def _newer(
    conn: Connection,
    store: SqlStore,
    mine: tuple[str, str],
    received_at: str,
    match: found.Candidate,
) -> tuple[str, str]:
    """Which of the two records is closed: the newer (the older stands).

    The newer is usually the one being decided (searched after the older was in the
    gallery).  When two searches ran at once the older may be the one flagged: then the
    newer is closed from whatever state it reached, unless its card may already be
    printed (``dedup_other_not_closable``).
    """
    where = sa.and_(records.c.device_id == match.device_id, records.c.record_id == match.record_id)
    query = sa.select(records.c.state, records.c.received_at).where(where)
    if not store.is_sqlite:
        query = query.with_for_update()
    theirs = conn.execute(query).first()
    if theirs is None or theirs.received_at <= received_at:
        return mine
    if theirs.state not in {str(s) for s in _CLOSABLE}:
        raise DataCenterError(
            409,
            Reason.INVALID_REQUEST,
            code="dedup_other_not_closable",
            params={"record_id": mine[1], "other": match.record_id, "state": theirs.state},
        )
    return (match.device_id, match.record_id)


def _set(
    conn: Connection, record: tuple[str, str], state: RecordState, message: str | None, at: float
) -> None:
    """A record's new state and its line in the status feed (the laptop reads it)."""
    device_id, record_id = record
    conn.execute(
        records.update()
        .where(records.c.device_id == device_id, records.c.record_id == record_id)
        .values(state=str(state), reason=str(Reason.ADJUDICATED), message=message)
    )
    conn.execute(
        state_changes.insert().values(
            record_id=record_id,
            device_id=device_id,
            state=str(state),
            reason=str(Reason.ADJUDICATED),
            message=message,
            changed_at=iso(at),
        )
    )


__all__ = ["ADJUDICATED", "MIN_REASON", "Adjudicated", "Decision", "adjudicate"]
