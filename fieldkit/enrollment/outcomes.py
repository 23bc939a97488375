"""How each person on a visit ended, and closing the visit.

Every target ends with exactly one outcome; a visit cannot be closed while
any target has none, so nobody on a village's list is silently forgotten.
``recorded`` is written only by sealing a record (never by hand), so the
count of recorded people always equals the count of sealed records.  Saying
an outcome by hand (:func:`fieldkit.finish.record_outcome`) also puts an absent
person on the revisit list, so it lives above ``review/``, beside sealing.
"""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - dataclass field types are read at runtime
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit import audit
from fieldkit.enrollment import kinds, timing
from fieldkit.enrollment.errors import VisitHasOpenTargets
from fieldkit.enrollment.models import TargetOutcome
from fieldkit.enrollment.visits import field_info, require_open, resolve_visit
from fieldkit.events import VisitsChanged
from fieldkit.officers import require_role
from fieldkit.permissions import RECORDERS
from fieldkit.planning.models import Target
from fieldkit.planning.schedule import VisitStatus

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace

#: Defined without the tables (``kinds.py``) for the command line's parser; named here too.
Outcome = kinds.Outcome

_SHOWN = 10


#: Outcomes after which the team comes back, so a revisit date may be kept with them
#: (a revisit needs one).  For the others (refused, deceased, moved) a date would be
#: dropped on the floor, so it is refused instead; the screen only offers it for these.
DATED_OUTCOMES = frozenset({Outcome.NOT_AT_HOME, Outcome.UNABLE, Outcome.REVISIT})


@dataclass(frozen=True)
class OutcomeInfo:
    target_id: str
    outcome: Outcome
    reason: str | None
    revisit_date: dt.date | None
    record_id: str | None
    seconds_total: int | None
    over_sop: bool
    review_flags: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "target_id": self.target_id,
            "outcome": self.outcome.value,
            "reason": self.reason,
            "revisit_date": self.revisit_date.isoformat() if self.revisit_date else None,
            "record_id": self.record_id,
            "seconds_total": self.seconds_total,
            "over_sop": self.over_sop,
            "review_flags": list(self.review_flags),
        }


def outcome_info(row: TargetOutcome) -> OutcomeInfo:
    """What a stored outcome says, as the screens and the CLI read it."""
    return OutcomeInfo(
        row.target_id,
        Outcome(row.outcome),
        row.reason,
        row.revisit_date,
        row.record_id,
        row.seconds_total,
        (row.seconds_total or 0) > timing.SOP_SECONDS,
        tuple(json.loads(row.review_flags)),
    )


def put_outcome(
    session: Session,
    *,
    target_id: str,
    visit_id: str,
    outcome: Outcome,
    officer: str,
    reason: str | None = None,
    revisit_date: dt.date | None = None,
    record_id: str | None = None,
    step_seconds: dict[str, float] | None = None,
    review_flags: list[str] | None = None,
) -> None:
    """Write (or replace) a target's outcome inside the caller's transaction."""
    row = session.get(TargetOutcome, target_id) or TargetOutcome(target_id=target_id)
    row.visit_id = visit_id
    row.outcome = outcome.value
    row.reason = reason
    row.revisit_date = revisit_date
    row.record_id = record_id
    row.step_seconds = json.dumps(step_seconds, sort_keys=True) if step_seconds else None
    row.seconds_total = round(sum(step_seconds.values())) if step_seconds else None
    row.review_flags = json.dumps(review_flags or [])
    row.decided_by = officer
    row.decided_at = timing.now()
    session.merge(row)
    session.flush()


def visit_outcomes(ws: Workspace, visit_ref: str) -> dict[str, OutcomeInfo | None]:
    """Every target of a visit and its outcome (None while it has none)."""
    with ws.transaction() as session:
        visit = resolve_visit(session, visit_ref)
        return _outcomes(session, visit.id)


def _outcomes(session: Session, visit_id: str) -> dict[str, OutcomeInfo | None]:
    targets = session.scalars(
        sa.select(Target.id).where(Target.visit_id == visit_id).order_by(Target.created_at)
    ).all()
    found = {
        r.target_id: outcome_info(r)
        for r in session.scalars(sa.select(TargetOutcome).where(TargetOutcome.visit_id == visit_id))
    }
    return {t: found.get(t) for t in targets}


def close_visit(ws: Workspace, visit_ref: str) -> dict[str, OutcomeInfo]:
    """Close a visit; refused, with the list, while any target has no outcome."""
    require_role(ws.officer, *RECORDERS)
    with ws.transaction() as session:
        visit = resolve_visit(session, visit_ref)
        require_open(session, visit)
        outcomes = _outcomes(session, visit.id)
        open_ids = [t for t, o in outcomes.items() if o is None]
        if open_ids:
            raise VisitHasOpenTargets(open_ids, visit.id)
        info = field_info(session, visit.id)
        info.closed_at = timing.now()
        info.closed_by = ws.officer.username
        visit.status = VisitStatus.DONE.value
        counts: dict[str, int] = {}
        for o in outcomes.values():
            if o is not None:
                counts[o.outcome.value] = counts.get(o.outcome.value, 0) + 1
        audit.append(
            session,
            ws.officer.username,
            "visit.closed",
            visit.id,
            {"targets": len(outcomes), "recorded": counts.get("recorded", 0)},
        )
        result = {t: o for t, o in outcomes.items() if o is not None}
    ws.events.emit(VisitsChanged())
    return result


def review_queue(ws: Workspace, visit_ref: str | None = None) -> list[OutcomeInfo]:
    """Sealed records with something forced or excepted, for the ketua tim to look over."""
    with ws.transaction() as session:
        query = sa.select(TargetOutcome).where(TargetOutcome.review_flags != "[]")
        if visit_ref is not None:
            query = query.where(TargetOutcome.visit_id == resolve_visit(session, visit_ref).id)
        return [outcome_info(r) for r in session.scalars(query.order_by(TargetOutcome.decided_at))]
