"""The revisit list: everyone the team must see again, and why, in words.

Four roads lead here: the ketua tim returns a record for recapture; the data
center refuses a record, or later asks for a recapture (both arrive with a
sync); and a visit's outcome "tidak di rumah" (or "kunjungi lagi") with its
revisit date.  Each entry is linked to the person (target), the visit and,
where there is one, the record.  The operator plans the revisit from the list
(:func:`plan_revisit`: a new visit with those people), and records the contact
with the family (diberi tahu / tidak dapat dihubungi).

A second trip to a bed-bound grandmother costs a team half a day, so nothing
here is silent: an entry leaves the list only when it is planned.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit import audit, nik
from fieldkit.enrollment.models import TargetOutcome
from fieldkit.errors import InvalidInput, KnownError
from fieldkit.events import RevisitsChanged, VisitsChanged
from fieldkit.officers import Role, require_role
from fieldkit.permissions import CONTACTERS, PLANNERS, REVIEW_READERS
from fieldkit.planning import kinds, schedule
from fieldkit.planning.models import Target, Visit, VisitOfficer
from fieldkit.review import kinds as review_kinds
from fieldkit.review.models import Revisit

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace

#: Defined without the tables (``kinds.py``) for the command line's parser; named here too.
ContactResult = review_kinds.ContactResult

#: Outcome codes (``fieldkit.enrollment.outcomes.Outcome``) that put a person on the list.
_ABSENT_OUTCOMES = frozenset({"not_at_home", "revisit"})


class RevisitSource(enum.StrEnum):
    RETURNED = "returned"  # the ketua tim returned the record for recapture
    DATACENTER_REJECTED = "datacenter_rejected"  # the data center refused the record
    DATACENTER_RECAPTURE = "datacenter_recapture"  # the data center asks for a recapture
    NOT_AT_HOME = "not_at_home"  # the visit's outcome: tidak di rumah / kunjungi lagi


class RevisitState(enum.StrEnum):
    OPEN = "open"
    PLANNED = "planned"


class RevisitNotFound(KnownError):
    code = "revisit_not_found"


class RevisitAlreadyPlanned(KnownError):
    code = "revisit_already_planned"


@dataclass(frozen=True)
class RevisitItem:
    id: str
    target_id: str
    visit_id: str | None
    record_id: str | None
    name: str | None
    nik_masked: str | None
    desa: str | None
    source: RevisitSource
    reason_code: str | None
    reason: str | None
    revisit_date: dt.date | None
    state: RevisitState
    planned_visit_id: str | None
    contact: ContactResult | None
    contact_note: str | None
    created_at: dt.datetime

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "target_id": self.target_id,
            "visit_id": self.visit_id,
            "record_id": self.record_id,
            "name": self.name,
            "nik_masked": self.nik_masked,
            "desa": self.desa,
            "source": self.source.value,
            "reason_code": self.reason_code,
            "reason": self.reason,
            "revisit_date": self.revisit_date.isoformat() if self.revisit_date else None,
            "state": self.state.value,
            "planned_visit_id": self.planned_visit_id,
            "contact": self.contact.value if self.contact else None,
            "contact_note": self.contact_note,
            "created_at": self.created_at.isoformat(),
        }


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def add(
    session: Session,
    *,
    target_id: str,
    visit_id: str | None,
    record_id: str | None,
    source: RevisitSource,
    reason_code: str | None,
    reason: str | None,
    actor: str,
    revisit_date: dt.date | None = None,
) -> str:
    """Put a person on the list inside the caller's transaction; idempotent per cause.

    The same record refused twice (a status pulled again) or the same outcome
    written twice stays one entry, updated with the latest reason.
    """
    query = sa.select(Revisit).where(
        Revisit.source == source.value, Revisit.state == RevisitState.OPEN.value
    )
    if record_id is not None:
        query = query.where(Revisit.record_id == record_id)
    else:
        query = query.where(Revisit.target_id == target_id, Revisit.visit_id == visit_id)
    row = session.scalars(query).first()
    if row is None:
        row = Revisit(
            id=str(uuid.uuid4()),
            target_id=target_id,
            visit_id=visit_id,
            record_id=record_id,
            source=source.value,
            state=RevisitState.OPEN.value,
            created_by=actor,
            created_at=_now(),
        )
        session.add(row)
        audit.append(
            session, actor, "revisit.listed", record_id, {"source": source.value, "id": row.id}
        )
    row.reason_code = reason_code
    row.reason = reason
    row.revisit_date = revisit_date
    session.flush()
    return row.id


def unlist_returned(session: Session, record_id: str) -> str | None:
    """The ketua tim undid a return: its entry leaves the list, unless already planned.

    Inside the caller's transaction (``review.queue.undo_decision``, which audits it).
    Returns the entry's id, or None when there was none (a record with no target).
    Refused (``RevisitAlreadyPlanned``) once a revisit is planned: a visit with a team
    cannot be undone from the review.
    """
    rows = list(
        session.scalars(
            sa.select(Revisit).where(
                Revisit.record_id == record_id, Revisit.source == RevisitSource.RETURNED.value
            )
        )
    )
    if any(row.state != RevisitState.OPEN.value for row in rows):
        raise RevisitAlreadyPlanned
    for row in rows:
        session.delete(row)
    session.flush()
    return rows[0].id if rows else None


def note_outcome(
    session: Session,
    *,
    target_id: str,
    visit_id: str,
    outcome: str,
    reason: str | None,
    revisit_date: dt.date | None,
    actor: str,
) -> None:
    """Called when a visit's outcome is written: "tidak di rumah" puts the person on the list."""
    if outcome in _ABSENT_OUTCOMES:
        add(
            session,
            target_id=target_id,
            visit_id=visit_id,
            record_id=None,
            source=RevisitSource.NOT_AT_HOME,
            reason_code=outcome,
            reason=reason,
            actor=actor,
            revisit_date=revisit_date,
        )


def from_datacenter(
    session: Session,
    record_id: str,
    *,
    recapture: bool,
    reason_code: str | None,
    reason: str | None,
    actor: str,
) -> str | None:
    """A record the data center refused or asks to recapture: its person goes on the list.

    Returns the entry's id, or None when this laptop does not know whose record it
    was (a record sealed before the person's outcome was kept, or a demo record).
    """
    outcome = session.scalars(
        sa.select(TargetOutcome).where(TargetOutcome.record_id == record_id)
    ).first()
    if outcome is None:
        return None
    return add(
        session,
        target_id=outcome.target_id,
        visit_id=outcome.visit_id,
        record_id=record_id,
        source=RevisitSource.DATACENTER_RECAPTURE
        if recapture
        else RevisitSource.DATACENTER_REJECTED,
        reason_code=reason_code,
        reason=reason,
        actor=actor,
    )


def _still_absent(session: Session, rows: list[Revisit]) -> set[str]:
    """Ids of "tidak di rumah" entries whose person was not recorded on that visit after all."""
    ids = [r.target_id for r in rows if r.source == RevisitSource.NOT_AT_HOME.value]
    current = {
        o.target_id: o.outcome
        for o in session.scalars(sa.select(TargetOutcome).where(TargetOutcome.target_id.in_(ids)))
    }
    return {
        r.id
        for r in rows
        if r.source == RevisitSource.NOT_AT_HOME.value
        and current.get(r.target_id) in _ABSENT_OUTCOMES
    }


def _item(row: Revisit, target: Target | None) -> RevisitItem:
    return RevisitItem(
        id=row.id,
        target_id=row.target_id,
        visit_id=row.visit_id,
        record_id=row.record_id,
        name=target.name if target else None,
        nik_masked=nik.mask(target.nik) if target else None,
        desa=target.desa if target else None,
        source=RevisitSource(row.source),
        reason_code=row.reason_code,
        reason=row.reason,
        revisit_date=row.revisit_date,
        state=RevisitState(row.state),
        planned_visit_id=row.planned_visit_id,
        contact=ContactResult(row.contact) if row.contact else None,
        contact_note=row.contact_note,
        created_at=row.created_at,
    )


def list_revisits(
    ws: Workspace, states: Iterable[RevisitState] = (RevisitState.OPEN,)
) -> list[RevisitItem]:
    """The people to visit again, oldest first, each with its reason (the review's readers)."""
    require_role(ws.officer, *REVIEW_READERS)
    with ws.transaction() as session:
        return _list(session, states)


def _list(session: Session, states: Iterable[RevisitState]) -> list[RevisitItem]:
    rows = list(
        session.scalars(
            sa.select(Revisit)
            .where(Revisit.state.in_([s.value for s in states]))
            .order_by(Revisit.created_at, Revisit.id)
        )
    )
    absent = _still_absent(session, rows)
    kept = [r for r in rows if r.source != RevisitSource.NOT_AT_HOME.value or r.id in absent]
    targets = {
        t.id: t
        for t in session.scalars(
            sa.select(Target).where(Target.id.in_([r.target_id for r in kept]))
        )
    }
    return [_item(r, targets.get(r.target_id)) for r in kept]


def _row(session: Session, revisit_id: str) -> Revisit:
    row = session.get(Revisit, revisit_id)
    if row is None:
        matches = list(
            session.scalars(
                sa.select(Revisit)
                .where(Revisit.id.startswith(revisit_id, autoescape=True))
                .limit(2)
            )
        )
        row = matches[0] if len(matches) == 1 and len(revisit_id) >= 4 else None  # noqa: PLR2004
    if row is None:
        raise RevisitNotFound(params={"revisit_id": revisit_id})
    return row


def record_contact(
    ws: Workspace, revisit_id: str, result: ContactResult, note: str | None = None
) -> RevisitItem:
    """The family was told (diberi tahu), or could not be reached (tidak dapat dihubungi)."""
    require_role(ws.officer, *CONTACTERS)
    words = " ".join((note or "").split()) or None
    with ws.transaction() as session:
        row = _row(session, revisit_id)
        row.contact = result.value
        row.contact_note = words
        row.contacted_by = ws.officer.username
        row.contacted_at = _now()
        audit.append(
            session, ws.officer.username, "revisit.contact", row.record_id, {"result": result.value}
        )
        session.flush()
        item = _item(row, session.get(Target, row.target_id))
    ws.events.emit(RevisitsChanged())
    return item


def plan_revisit(
    ws: Workspace,
    revisit_ids: list[str],
    *,
    visit_date: dt.date,
    team: schedule.TeamPlan | None = None,
) -> str:
    """Plan a new visit with these people (copied as its targets); returns the visit's id.

    The new visit goes to the same place, under the same request, as the first
    visit of the first entry; its team is ``team``, or the first visit's team.
    """
    require_role(ws.officer, *PLANNERS)
    if not revisit_ids:
        raise InvalidInput(code="revisit_none")
    with ws.transaction() as session:
        rows = [_row(session, ref) for ref in revisit_ids]
        for row in rows:
            if row.state != RevisitState.OPEN.value:
                raise RevisitAlreadyPlanned(params={"revisit_id": row.id})
        first = session.get(Visit, rows[0].visit_id) if rows[0].visit_id else None
        if first is None:
            raise InvalidInput(
                code="revisit_visit_unknown",
            )
        members = session.execute(
            sa.select(VisitOfficer.username, VisitOfficer.team_role).where(
                VisitOfficer.visit_id == first.id
            )
        ).all()
        request_id = first.request_id
        place = (first.place_type, first.desa_name, first.kecamatan_code, first.desa_code)
        place_name, terrain = first.place_name, first.terrain
    if team is None:
        team = _team_of((str(u), str(r)) for u, r in members)
    visit = schedule.create_visit(
        ws,
        request_id,
        visit_date=visit_date,
        place_type=kinds.PlaceType(place[0]),
        desa_name=place[1],
        kecamatan_code=place[2],
        desa_code=place[3],
        place_name=place_name,
        terrain=kinds.Terrain(terrain),
        team=team,
    )[0]
    with ws.transaction() as session:
        now = _now()
        for ref in revisit_ids:
            row = _row(session, ref)
            source = session.get(Target, row.target_id)
            if source is not None:
                copy = Target(
                    **{
                        c.key: getattr(source, c.key)
                        for c in Target.__table__.columns
                        if c.key not in {"id", "visit_id", "import_id", "source_row", "created_at"}
                    },
                    id=str(uuid.uuid4()),
                    visit_id=visit.id,
                    created_at=now,
                )
                session.add(copy)
            row.state = RevisitState.PLANNED.value
            row.planned_visit_id = visit.id
            audit.append(
                session, ws.officer.username, "revisit.planned", row.record_id, {"visit": visit.id}
            )
        session.flush()
    ws.events.emit(RevisitsChanged())
    ws.events.emit(VisitsChanged())
    return visit.id


def _team_of(members: Iterable[tuple[str, str]]) -> schedule.TeamPlan:
    pairs = list(members)
    lead = next((u for u, r in pairs if r == Role.KETUA_TIM.value), None)
    if lead is None:
        raise InvalidInput(
            code="revisit_team_required",
        )
    return schedule.TeamPlan(ketua=lead, petugas=tuple(u for u, r in pairs if u != lead))
