"""The handovers the data center has not yet confirmed, as the push reports them (issue 49 §2).

Serah terima records each step of a card's way (``handovers``); the office needs to
know where each card is, so every push sends the steps the data center has not yet
confirmed, and writes a ``handover_reports`` row for each it answers as kept.  What
goes is the outcome, the receiver's role in words, the day and the courier's receipt:
never the receiver's name, nor the signature (they stay in this encrypted store).

The outcomes are the data center's words (``sync.protocol.HandoverOutcome``: the core
sits below ``sync`` and names them itself): the owner; a family member, a guardian
among them; the courier (the receipt is the batch the courier signed for); the desa,
when a village officer received it.  The kecamatan is an outcome the data center
knows, which this laptop's Serah terima does not record yet.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from fieldkit import audit
from fieldkit.handover.cards import HandoverKind, Relation, local_day
from fieldkit.handover.models import Handover, HandoverReport

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

__all__ = ["mark_reported", "outcome_of", "unreported"]

#: The most events one report carries (``sync.protocol.MAX_HANDOVER_EVENTS``).
BATCH = 500

_OUTCOMES = {
    Relation.SELF: "owner",
    Relation.GUARDIAN: "family",
    Relation.FAMILY: "family",
    Relation.VILLAGE_OFFICER: "desa",
    Relation.COURIER: "courier",
}


def outcome_of(entry: Handover) -> str:
    """The data center's word for who received the card at this step."""
    if entry.kind == HandoverKind.COURIER:
        return "courier"
    return _OUTCOMES[Relation(entry.relation)]


def _event(entry: Handover) -> dict[str, Any]:
    courier = entry.kind == HandoverKind.COURIER
    return {
        "event_id": entry.id,
        "record_id": entry.record_id,
        "outcome": outcome_of(entry),
        # The role as the berita acara prints it: "Wali/pengampu", "Kurir"; never a name.
        "receiver_role": Relation(entry.relation).document_term,
        "handed_over_on": local_day(entry.handed_at).isoformat(),
        "courier_receipt": entry.batch_id if courier else None,
    }


def unreported(session: Session, limit: int = BATCH) -> list[dict[str, Any]]:
    """The oldest handovers the data center has not confirmed, as report events."""
    rows = session.scalars(
        sa.select(Handover)
        .outerjoin(HandoverReport, HandoverReport.handover_id == Handover.id)
        .where(HandoverReport.handover_id.is_(None))
        .order_by(Handover.handed_at, Handover.id)
        .limit(limit)
    ).all()
    return [_event(entry) for entry in rows]


def mark_reported(session: Session, handover_ids: Iterable[str], actor: str) -> int:
    """Remember the handovers the data center answered as kept; returns how many are new."""
    now = dt.datetime.now(dt.UTC)
    wanted = sorted(set(handover_ids))
    if not wanted:
        return 0
    known = set(session.scalars(sa.select(Handover.id).where(Handover.id.in_(wanted))))
    done = set(
        session.scalars(
            sa.select(HandoverReport.handover_id).where(HandoverReport.handover_id.in_(wanted))
        )
    )
    new = [handover_id for handover_id in wanted if handover_id in known - done]
    session.add_all(HandoverReport(handover_id=h, reported_at=now) for h in new)
    session.flush()
    if new:
        audit.append(session, actor, "handover.reported", None, {"count": len(new)})
    return len(new)
