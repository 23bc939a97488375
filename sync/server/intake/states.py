"""A record's state moved by hand: the moves allowed, their words, the audited change.

``records set-state`` and the console move a record along :data:`HAND_MOVES` only; each
move is written with its reason and its audit line in one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldkit.printable import printable
from sync.protocol import (
    LATER_STATES,
    Reason,
    RecordState,
)
from sync.server.errors import DataCenterError

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.engine import Connection

    from sync.server.store.database import SqlStore
    from sync.server.store.rows import StoredRecord


def named_record(store: SqlStore, record_id: str, device_id: str | None = None) -> StoredRecord:
    """The record an operator names by its id; ``device_id`` only when two laptops used it.

    409 ``datacenter_record_ambiguous`` naming the laptops when the id alone is not
    enough; 404 when no laptop sent it.
    """
    if device_id is None:
        holders = store.devices_holding(record_id)
        if len(holders) > 1:
            raise DataCenterError(
                409,
                Reason.INVALID_REQUEST,
                code="datacenter_record_ambiguous",
                params={"record_id": record_id, "devices": ", ".join(holders)},
            )
        device_id = holders[0] if holders else ""
    record = store.record(device_id, record_id)
    if record is None:
        raise DataCenterError(404, Reason.RECORD_UNKNOWN, params={"record_id": record_id})
    return record


#: The one table of the moves a person may make by hand (``records set-state``, the
#: console's recapture, a card marked printed): from each state, where it may go.  A
#: record reaches PRINT_READY_RECORD only through penunggalan (or an administrator's
#: decision on its candidates), so nothing here skips the search: ACCEPTED may only be
#: sent back for a recapture, DUPLICATE_RECORD waits for ``records adjudicate`` (or a
#: recapture), and a state never moves back.  DEDUPLICATED is the office's word from
#: before penunggalan: a record already there may be printed, nothing moves into it.
#: Every state not named (RECEIVED, REJECTED, ENROLL_FAILURE, RECAPTURE,
#: DUPLICATE_CLOSED, READY_FOR_HANDOVER) moves no further by hand (issue 57 §3).
HAND_MOVES: dict[RecordState, frozenset[RecordState]] = {
    RecordState.ACCEPTED: frozenset({RecordState.RECAPTURE}),
    RecordState.DEDUPLICATED: frozenset({RecordState.PRINTED, RecordState.RECAPTURE}),
    RecordState.PRINT_READY_RECORD: frozenset({RecordState.PRINTED, RecordState.RECAPTURE}),
    RecordState.DUPLICATE_RECORD: frozenset({RecordState.RECAPTURE}),
    RecordState.PRINTED: frozenset({RecordState.READY_FOR_HANDOVER}),
}


#: The ``console_audit`` action of a state set with ``records set-state``.
STATE_SET = "record_state_set"
#: A reason typed for a move: the team reads a recapture's on the laptop.
MAX_MOVE_REASON = 500


def may_move(current: RecordState | str, state: RecordState) -> bool:
    """Whether :data:`HAND_MOVES` lets a person move a record from ``current`` to ``state``."""
    return state in HAND_MOVES.get(RecordState(current), frozenset())


def move_words(reason: str | None) -> str | None:
    """A typed reason as it is kept and shown: one line, no control or format character.

    Whitespace runs become one space; an escape (ESC), a bidi override (U+202E) or a
    zero-width character left is written visibly (``fieldkit.printable``), so what the
    team's laptop and the console show is what was typed, never a terminal command or
    reordered text (issue 57 §12).
    """
    words = printable(" ".join((reason or "").split()))[:MAX_MOVE_REASON]
    return words or None


def set_later_state(
    store: SqlStore,
    record_id: str,
    state: RecordState,
    now: str,
    device_id: str | None = None,
    *,
    audit: Callable[[Connection, StoredRecord], None],
    reason: str | None = None,
    expected: RecordState | None = None,
) -> None:
    """A move made by a person, by :data:`HAND_MOVES`; RECEIVED/ACCEPTED/REJECTED are ingest's.

    A record is named by its id; ``device_id`` is needed only when two laptops used it.
    RECAPTURE asks the team to record the person again and needs ``reason``, in words
    the team will read on the laptop's revisit list.  ``audit`` writes the caller's
    ``console_audit`` line (who, and why) in the change's own transaction, given the
    record as it was read (its laptop, the state it moves from): both or neither, so no
    move goes unaudited.
    ``expected``: only from that state, which the caller checked (a card is printed only
    for a PRINT_READY_RECORD); 409 ``datacenter_state_changed`` if it moved meanwhile.
    """
    if state not in LATER_STATES:
        allowed = ", ".join(sorted(LATER_STATES))
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_state_unknown",
            params={"allowed": allowed},
        )
    words = move_words(reason)
    if state == RecordState.RECAPTURE and words is None:
        raise DataCenterError(400, Reason.INVALID_REQUEST, code="datacenter_recapture_needs_reason")
    record = named_record(store, record_id, device_id)
    if expected is not None and record.state != expected:
        # The caller read ``expected`` a moment ago; another request moved it meanwhile
        # (two operators marking one card): said as a change, not as a move refused.
        raise DataCenterError(
            409,
            Reason.INVALID_REQUEST,
            code="datacenter_state_changed",
            params={"record_id": record_id, "expected": str(expected)},
        )
    if record.state == RecordState.REJECTED:
        raise DataCenterError(
            409,
            Reason.INVALID_REQUEST,
            code="datacenter_record_rejected",
            params={"record_id": record_id},
        )
    if record.state == RecordState.DUPLICATE_CLOSED:
        raise DataCenterError(
            409,
            Reason.INVALID_REQUEST,
            code="datacenter_record_closed_duplicate",
            params={"record_id": record_id},
        )
    # Penunggalan's candidates wait for a person's decision (``records adjudicate``); only
    # a recapture (the office wants new prints to decide on) may come before it.
    if record.state == RecordState.DUPLICATE_RECORD and state != RecordState.RECAPTURE:
        raise DataCenterError(
            409,
            Reason.INVALID_REQUEST,
            code="datacenter_record_awaits_adjudication",
            params={"record_id": record_id},
        )
    if not may_move(record.state, state):
        raise DataCenterError(
            409,
            Reason.INVALID_REQUEST,
            code="datacenter_state_move_refused",
            params={
                "record_id": record_id,
                "state": str(record.state),
                "target": str(state),
                "allowed": ", ".join(sorted(HAND_MOVES.get(record.state, ()))) or "-",
            },
        )
    # Only from the state just read: a search deciding the record meanwhile is not undone.
    expected = expected or RecordState(record.state)

    def audited(conn: Connection) -> None:
        audit(conn, record)

    if state == RecordState.RECAPTURE:
        store.set_state(
            record.device_id,
            record_id,
            state,
            now,
            reason=Reason.RECAPTURE_REQUESTED,
            message=words,
            also=audited,
            expected=expected,
        )
    else:
        store.set_state(record.device_id, record_id, state, now, also=audited, expected=expected)
