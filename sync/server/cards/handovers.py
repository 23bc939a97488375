"""The cards' handovers, as the laptops report them back (issue 49 §2, ``POST /v1/handovers``).

The laptop's Serah terima records where each printed card went; its push sends those
steps here, and the console then shows, for every card, whether it is still at the
office or with whom it is.  What is kept is what the office needs to answer "where is
my card?": the outcome (owner, family, courier, kecamatan, desa), the receiver's role
in words, the day, the courier's receipt, and which laptop said so.  A receiver's name
is personal data the office has no use for here: the laptop does not send it, and the
data center would have nowhere to put it.

A report is judged event by event.  A malformed one (an outcome nobody knows, a date
that is no date, a text too long) is refused whole, with the field named, and nothing
is kept.  A well-formed event for a record this laptop never sent, or whose card the
office has not printed, is refused on its own; the others are kept.  Each laptop's event
is keyed by its own id: a resend (the laptop never heard the answer) is answered
``already_stored`` and written once, even when two resends arrive at the same moment
(one transaction per laptop at a time, ``SqlStore.writing_alone``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from sync.protocol import (
    HANDOVER_NOT_PRINTED,
    HANDOVER_RECORD_UNKNOWN,
    MAX_HANDOVER_EVENTS,
    RECORD_ID_PATTERN,
    HandoverAnswer,
    HandoverOutcome,
    HandoverReport,
    HandoverVerdict,
    HandoverVerdictKind,
    Reason,
    RecordState,
)
from sync.server.cards import handovers_sentences
from sync.server.errors import DataCenterError
from sync.server.store.tables import card_handovers, records

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.engine import Connection

    from sync.protocol import HandoverEvent
    from sync.server.store.database import SqlStore

log = logging.getLogger(__name__)

__all__ = [
    "CardStep",
    "card_steps",
    "check_report",
    "handovers_sentences",
    "keep_report",
    "latest_outcomes",
]

#: The record states in which the office has printed the card: only then can it be handed over.
PRINTED_STATES = frozenset({RecordState.PRINTED.value, RecordState.READY_FOR_HANDOVER.value})
#: The laptop's ids are UUIDs; anything of this shape is taken.
_EVENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}\Z")
#: The columns' widths (``store.card_handovers``).
MAX_ROLE = 80
MAX_RECEIPT = 64
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")


def _check_text(value: str | None, field: str, limit: int, *, required: bool) -> None:
    if required and not (value or "").strip():
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_handover_field_missing",
            params={"field": field},
            details={"code": "datacenter_handover_field_missing", "field": field},
        )
    if len(value or "") > limit:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_handover_field_too_long",
            params={"field": field, "max": limit},
            details={"code": "datacenter_handover_field_too_long", "field": field},
        )


def _check_id(value: str, pattern: re.Pattern[str], field: str) -> None:
    if not pattern.match(value):
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_handover_field_invalid",
            params={"field": field},
            details={"code": "datacenter_handover_field_invalid", "field": field},
        )


def _check_day(value: str, today: dt.date) -> None:
    """An ISO day, not after tomorrow (a laptop east of the office may be a day ahead)."""
    try:
        day = dt.date.fromisoformat(value) if _DAY.match(value) else None
    except ValueError:
        day = None
    if day is None or day > today + dt.timedelta(days=1):
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_handover_date_invalid",
            params={"date": value[:16]},
            details={"code": "datacenter_handover_date_invalid"},
        )


def _check_event(event: HandoverEvent, today: dt.date) -> None:
    _check_id(event.event_id, _EVENT_ID, "event_id")
    _check_id(event.record_id, RECORD_ID_PATTERN, "record_id")
    known = sorted(o.value for o in HandoverOutcome)
    if event.outcome not in known:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_handover_outcome_unknown",
            params={"outcome": event.outcome[:16], "known": ", ".join(known)},
            details={"code": "datacenter_handover_outcome_unknown"},
        )
    _check_text(event.receiver_role, "receiver_role", MAX_ROLE, required=True)
    _check_text(event.courier_receipt, "courier_receipt", MAX_RECEIPT, required=False)
    if event.outcome == HandoverOutcome.COURIER and not (event.courier_receipt or "").strip():
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_handover_courier_receipt_missing",
            details={"code": "datacenter_handover_courier_receipt_missing"},
        )
    _check_day(event.handed_over_on, today)


def check_report(report: HandoverReport, today: dt.date) -> None:
    """Refuse a report that is malformed anywhere, naming what is wrong; nothing is kept."""
    if not report.events:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_handovers_empty",
            details={"code": "datacenter_handovers_empty"},
        )
    if len(report.events) > MAX_HANDOVER_EVENTS:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_handovers_too_many",
            params={"max": MAX_HANDOVER_EVENTS},
            details={"code": "datacenter_handovers_too_many"},
        )
    for event in report.events:
        _check_event(event, today)


def _judge(
    conn: Connection, store: SqlStore, device_id: str, event: HandoverEvent, now: str
) -> HandoverVerdict:
    state = conn.execute(
        sa.select(records.c.state).where(
            records.c.device_id == device_id, records.c.record_id == event.record_id
        )
    ).scalar_one_or_none()
    if state is None:
        return HandoverVerdict(event.event_id, HandoverVerdictKind.REFUSED, HANDOVER_RECORD_UNKNOWN)
    if state not in PRINTED_STATES:
        return HandoverVerdict(event.event_id, HandoverVerdictKind.REFUSED, HANDOVER_NOT_PRINTED)
    kept = conn.execute(
        store.upsert(card_handovers)
        .values(
            device_id=device_id,
            event_id=event.event_id,
            record_id=event.record_id,
            outcome=event.outcome,
            receiver_role=" ".join(event.receiver_role.split()),
            handed_over_on=event.handed_over_on,
            courier_receipt=(event.courier_receipt or "").strip() or None,
            received_at=now,
        )
        .on_conflict_do_nothing(
            index_elements=[card_handovers.c.device_id, card_handovers.c.event_id]
        )
        .returning(card_handovers.c.event_id)
    ).first()
    verdict = HandoverVerdictKind.STORED if kept else HandoverVerdictKind.ALREADY_STORED
    return HandoverVerdict(event.event_id, verdict)


def keep_report(
    store: SqlStore, device_id: str, report: HandoverReport, now: str, today: dt.date
) -> HandoverAnswer:
    """Check the report, then keep each event it may, in one transaction of this laptop's."""
    check_report(report, today)
    with store.writing_alone(device_id) as conn:
        verdicts = [_judge(conn, store, device_id, event, now) for event in report.events]
    stored = sum(v.verdict is HandoverVerdictKind.STORED for v in verdicts)
    refused = sum(v.verdict is HandoverVerdictKind.REFUSED for v in verdicts)
    log.info(
        "handovers from %s: %d kept, %d already kept, %d refused",
        device_id,
        stored,
        len(verdicts) - stored - refused,
        refused,
    )
    return HandoverAnswer(verdicts)


# --- what the console reads -------------------------------------------------------------

#: The order steps happened in: by day; on one day the courier took the card before
#: delivering it, whatever order the reports came in.
_IN_ORDER = (
    card_handovers.c.handed_over_on,
    sa.case((card_handovers.c.outcome == HandoverOutcome.COURIER.value, 0), else_=1),
    card_handovers.c.received_at,
    card_handovers.c.event_id,
)


@dataclass(frozen=True)
class CardStep:
    """One reported step of a card, as a record's page lists it."""

    outcome: str
    receiver_role: str
    handed_over_on: str
    courier_receipt: str | None
    device_id: str
    received_at: str


def card_steps(store: SqlStore, device_id: str, record_id: str) -> list[CardStep]:
    """The card's reported steps, in the order they happened (the courier before the owner)."""
    with store.reading() as conn:
        rows = conn.execute(
            sa.select(card_handovers)
            .where(card_handovers.c.device_id == device_id, card_handovers.c.record_id == record_id)
            .order_by(*_IN_ORDER)
        ).mappings()
        return [
            CardStep(
                outcome=row["outcome"],
                receiver_role=row["receiver_role"],
                handed_over_on=row["handed_over_on"],
                courier_receipt=row["courier_receipt"],
                device_id=row["device_id"],
                received_at=row["received_at"],
            )
            for row in rows
        ]


def latest_outcomes(
    conn: Connection, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """Each listed record's latest reported outcome, by (laptop, record); absent: none yet."""
    wanted = list(keys)
    if not wanted:
        return {}
    device_ids = sorted({device for device, _record in wanted})
    record_ids = sorted({record for _device, record in wanted})
    rows = conn.execute(
        sa.select(
            card_handovers.c.device_id,
            card_handovers.c.record_id,
            card_handovers.c.outcome,
        )
        .where(
            card_handovers.c.device_id.in_(device_ids),
            card_handovers.c.record_id.in_(record_ids),
        )
        .order_by(*_IN_ORDER)
    ).all()
    latest: dict[tuple[str, str], str] = {}
    for device_id, record_id, outcome in rows:
        latest[(str(device_id), str(record_id))] = str(outcome)
    return {key: latest[key] for key in wanted if key in latest}
