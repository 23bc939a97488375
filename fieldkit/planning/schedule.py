"""Visits: when and where a team records, who is on it, and how big that team should be.

SOP 004 step 3: Bidang Dafduk builds the schedule ("1 minggu sekali / ditentukan
lain") and assigns officers considering the terrain, the number of targets and
their condition.  :func:`suggest_team` turns that sentence into a rule a
planner can read and argue with; it suggests, the planner decides.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit import audit, promise, regions, sentences
from fieldkit.errors import InvalidInput
from fieldkit.events import VisitsChanged
from fieldkit.officers import require_role
from fieldkit.permissions import PLANNERS, TEAM_LEADS, TEAM_MEMBERS
from fieldkit.planning.kinds import (
    DEFAULT_CADENCE_DAYS,
    DEFAULT_START_TIME,
    Category,
    PlaceType,
    TeamRole,
    Terrain,
    check_region_code,
    check_time,
)
from fieldkit.planning.models import PlanRequest, Target, Visit, VisitOfficer
from fieldkit.planning.requests import resolve_row
from fieldkit.store.models import Officer

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace

#: SOP 004 "Perekaman dilaksanakan 1 minggu sekali".
_MAX_VISITS_PER_PLAN = 52


class VisitStatus(enum.StrEnum):
    PLANNED = "planned"
    CANCELLED = "cancelled"
    DONE = "done"


# --- the team-size rule -----------------------------------------------------------

#: SOP 004 step 10: 30 minutes for one cooperative person on a working network.
MINUTES_PER_PERSON = 30
#: SOP 004 step 8: coordinating with the village officials before starting.
COORDINATION_MINUTES = 30
#: Our assumption, not the SOP's: "may need more than 30 minutes" made concrete.
CONDITION_FACTOR = {
    Category.LANSIA: 1.5,
    Category.DISABILITAS: 1.5,
    Category.ODGJ: 2.0,
    Category.TERBARING: 1.5,
    Category.LAINNYA: 1.0,
}
#: Conditions where one officer records and a second steadies, calms or positions the person.
NEEDS_SECOND_OFFICER = frozenset({Category.ODGJ, Category.TERBARING, Category.DISABILITAS})
#: Walking or driving between houses, per target, when the visit goes door to door.
TRAVEL_MINUTES = {Terrain.MUDAH: 10, Terrain.SEDANG: 20, Terrain.SULIT: 40}
#: One field day: 08:00 to 14:00 with no allowance for the trip there and back.
FIELD_DAY_MINUTES = 6 * 60


#: The context of the team rule's reasons (``fieldkit/planning/sentences.py``).
TEAM_CONTEXT = "team"


class TeamReasonCode(enum.StrEnum):
    """One step of :func:`suggest_team`'s rule; the screen and the CLI word it by this code."""

    #: ``n`` targets, ``minutes`` of recording at ``each`` minutes, more for ``conditions``.
    RECORDING = "recording"
    #: As ``RECORDING`` when no target has a condition that takes longer.
    RECORDING_PLAIN = "recording_plain"
    #: Door to door on ``terrain``: ``each`` minutes between houses, ``minutes`` in all.
    TRAVEL = "travel"
    #: ``minutes`` of coordination with the village.
    COORDINATION = "coordination"
    #: ``n`` targets ODGJ, bed-bound or disabled need a second petugas.
    ASSISTED = "assisted"
    #: Sulit terrain: a second petugas for safety.
    HARD_TERRAIN = "hard_terrain"
    #: ``minutes`` is more than one field day (``day`` minutes): split over ``days`` visits.
    SPLIT = "split"


@dataclass(frozen=True)
class TeamReason:
    """One reason of the team rule: a code and the numbers and codes its sentence names.

    The params are numbers and codes only (a terrain or a category is its enum value),
    so the planning screen words the reason in the officer's language from the
    catalogue; ``message`` is the catalogue's English, for the CLI and ``--json``.
    """

    code: TeamReasonCode
    params: dict[str, str] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return sentences.english(TEAM_CONTEXT, self.code.value, self.params)


@dataclass(frozen=True)
class TeamSuggestion:
    """The rule's answer with every reason it gave, so a planner can check it."""

    ketua_tim: int
    petugas: int
    targets: int
    minutes: int
    days: int
    reasons: tuple[TeamReason, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "ketua_tim": self.ketua_tim,
            "petugas": self.petugas,
            "targets": self.targets,
            "estimated_minutes": self.minutes,
            "field_days": self.days,
            "reasons": [r.message for r in self.reasons],
            "reason_codes": [r.code.value for r in self.reasons],
        }


def suggest_team(
    categories: Iterable[Sequence[Category]], terrain: Terrain, place: PlaceType
) -> TeamSuggestion:
    """How many officers, and how long, for targets with these conditions.

    The rule, one step per reason (a :class:`TeamReasonCode`):

    1. each target takes 30 minutes (SOP 004), times the largest factor of
       its conditions (lansia, disabilitas, terbaring 1.5; ODGJ 2.0);
    2. door-to-door visits add travel per target: mudah 10, sedang 20, sulit 40 min;
    3. every visit adds 30 minutes of coordination with the village (SOP 004);
    4. one recording set works one person at a time, so the team is one
       ketua tim and one petugas, plus a second petugas when a target is
       ODGJ, bed-bound or disabled (someone to steady and reassure them)
       or the terrain is sulit (officer safety comes first);
    5. more than one field day (6 h) of work means the list should be split
       over several visits, not given a larger team.
    """
    targets = [tuple(c) for c in categories]
    reasons: list[TeamReason] = []
    recording = 0.0
    counts: Counter[Category] = Counter()
    for conditions in targets:
        counts.update(conditions)
        factor = max((CONDITION_FACTOR[c] for c in conditions), default=1.0)
        recording += MINUTES_PER_PERSON * factor
    described = _describe(counts)
    recorded = {
        sentences.COUNT: str(len(targets)),
        "minutes": str(round(recording)),
        "each": str(MINUTES_PER_PERSON),
    }
    if described:
        reasons.append(TeamReason(TeamReasonCode.RECORDING, recorded | {"conditions": described}))
    else:
        reasons.append(TeamReason(TeamReasonCode.RECORDING_PLAIN, recorded))
    travel = 0
    if place is PlaceType.RUMAH:
        travel = TRAVEL_MINUTES[terrain] * len(targets)
        reasons.append(
            TeamReason(
                TeamReasonCode.TRAVEL,
                {
                    "terrain": terrain.value,
                    "each": str(TRAVEL_MINUTES[terrain]),
                    "minutes": str(travel),
                },
            )
        )
    reasons.append(TeamReason(TeamReasonCode.COORDINATION, {"minutes": str(COORDINATION_MINUTES)}))
    minutes = math.ceil(recording) + travel + COORDINATION_MINUTES
    petugas = 1
    assisted = sum(n for c, n in counts.items() if c in NEEDS_SECOND_OFFICER)
    if assisted:
        petugas = 2
        reasons.append(TeamReason(TeamReasonCode.ASSISTED, {sentences.COUNT: str(assisted)}))
    elif terrain is Terrain.SULIT:
        petugas = 2
        reasons.append(TeamReason(TeamReasonCode.HARD_TERRAIN))
    days = max(1, math.ceil(minutes / FIELD_DAY_MINUTES))
    if days > 1:
        reasons.append(
            TeamReason(
                TeamReasonCode.SPLIT,
                {"minutes": str(minutes), "day": str(FIELD_DAY_MINUTES), "days": str(days)},
            )
        )
    return TeamSuggestion(1, petugas, len(targets), minutes, days, tuple(reasons))


def _describe(counts: Counter[Category]) -> str:
    """The conditions that take longer, as counts and category codes ("2 lansia, 1 odgj").

    Empty when there are none; the category codes are the SOP's own Indonesian terms.
    """
    named = [f"{n} {c.value}" for c, n in sorted(counts.items()) if c is not Category.LAINNYA]
    return ", ".join(named)


# --- visits -------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamMember:
    username: str
    full_name: str
    team_role: TeamRole

    def as_json(self) -> dict[str, str]:
        return {
            "username": self.username,
            "full_name": self.full_name,
            "team_role": self.team_role.value,
        }


@dataclass(frozen=True)
class VisitInfo:
    id: str
    request_id: str
    visit_date: dt.date
    start_time: str
    place_type: PlaceType
    place_name: str | None
    desa_name: str
    desa_code: str | None
    kecamatan_code: str
    terrain: Terrain
    status: VisitStatus
    team: tuple[TeamMember, ...]
    targets: int
    categories: dict[str, int]

    @property
    def kecamatan_name(self) -> str:
        region = regions.district(self.kecamatan_code)
        return region.display_name if region else self.kecamatan_code

    @property
    def ketua(self) -> TeamMember | None:
        return next((m for m in self.team if m.team_role is TeamRole.KETUA_TIM), None)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "request_id": self.request_id,
            "date": self.visit_date.isoformat(),
            "start_time": self.start_time,
            "place_type": self.place_type.value,
            "place_name": self.place_name,
            "desa": self.desa_name,
            "desa_code": self.desa_code,
            "kecamatan_code": self.kecamatan_code,
            "kecamatan": self.kecamatan_name,
            "terrain": self.terrain.value,
            "status": self.status.value,
            "team": [m.as_json() for m in self.team],
            "targets": self.targets,
            "categories": self.categories,
        }


@dataclass(frozen=True)
class TeamPlan:
    """Who goes: one ketua tim and at least one petugas, by user name."""

    ketua: str
    petugas: tuple[str, ...]


def _check_team(session: Session, team: TeamPlan) -> list[tuple[str, TeamRole]]:
    members = [(team.ketua, TeamRole.KETUA_TIM)] + [(u, TeamRole.PETUGAS) for u in team.petugas]
    if not team.petugas:
        raise InvalidInput(code="team_needs_petugas")
    names = [u for u, _ in members]
    if len(set(names)) != len(names):
        raise InvalidInput(code="team_duplicate_officer")
    rows = {
        o.username: o
        for o in session.execute(sa.select(Officer).where(Officer.username.in_(names))).scalars()
    }
    for username, team_role in members:
        row = rows.get(username)
        if row is None or not row.active:
            raise InvalidInput(
                code="officer_not_active",
                params={"username": username},
            )
        if team_role is TeamRole.KETUA_TIM and row.role not in TEAM_LEADS:
            raise InvalidInput(
                code="officer_not_ketua",
                params={"username": username},
            )
        if row.role not in TEAM_MEMBERS:
            raise InvalidInput(
                code="officer_not_field",
                params={"username": username, "role": row.role},
            )
    return members


def create_visit(
    ws: Workspace,
    request_ref: str,
    *,
    visit_date: dt.date,
    place_type: PlaceType,
    desa_name: str,
    kecamatan_code: str,
    team: TeamPlan,
    terrain: Terrain = Terrain.MUDAH,
    start_time: str = DEFAULT_START_TIME,
    desa_code: str | None = None,
    place_name: str | None = None,
    weeks: int = 1,
    cadence_days: int = DEFAULT_CADENCE_DAYS,
) -> list[VisitInfo]:
    """Plan one visit, or ``weeks`` of them ``cadence_days`` apart (weekly by default)."""
    require_role(ws.officer, *PLANNERS)
    if not 1 <= weeks <= _MAX_VISITS_PER_PLAN:
        raise InvalidInput(
            code="visits_count_range",
            params={"max": _MAX_VISITS_PER_PLAN},
        )
    if cadence_days < 1:
        raise InvalidInput(code="visits_cadence_too_small")
    if visit_date < dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1):
        raise InvalidInput(
            code="visit_date_in_past",
            params={"date": visit_date.isoformat()},
        )
    # The one range of days (issue 57.2), for the series' last visit too: counted in
    # ordinals, since a long cadence would overflow ``date`` itself.
    promise.check_in_range(visit_date)
    last = visit_date.toordinal() + (weeks - 1) * cadence_days
    promise.check_in_range(dt.date.fromordinal(min(last, dt.date.max.toordinal())))
    desa_name = desa_name.strip()
    if not desa_name:
        raise InvalidInput(code="desa_name_required")
    kecamatan = check_region_code(kecamatan_code)
    if len(kecamatan) != len("350501"):
        raise InvalidInput(
            code="kecamatan_code_format",
            params={"code": kecamatan_code},
        )
    code = check_region_code(desa_code) if desa_code else None
    if code is not None and not code.startswith(kecamatan):
        raise InvalidInput(
            code="desa_not_in_kecamatan",
            params={"code": desa_code, "kecamatan": kecamatan},
        )
    start = check_time(start_time)
    now = dt.datetime.now(dt.UTC)
    ids = []
    with ws.transaction() as session:
        request = resolve_row(session, PlanRequest, request_ref, "request")
        members = _check_team(session, team)
        for n in range(weeks):
            visit = Visit(
                id=str(uuid.uuid4()),
                request_id=request.id,
                visit_date=visit_date + dt.timedelta(days=n * cadence_days),
                start_time=start,
                place_type=place_type.value,
                place_name=(place_name or "").strip() or None,
                desa_name=desa_name,
                desa_code=code,
                kecamatan_code=kecamatan,
                terrain=terrain.value,
                status=VisitStatus.PLANNED.value,
                created_by=ws.officer.username,
                created_at=now,
            )
            session.add(visit)
            session.add_all(
                VisitOfficer(visit_id=visit.id, username=u, team_role=r.value) for u, r in members
            )
            audit.append(
                session,
                ws.officer.username,
                "visit.planned",
                visit.id,
                {
                    "request_id": request.id,
                    "date": visit.visit_date.isoformat(),
                    "place_type": place_type.value,
                    "kecamatan": kecamatan,
                    "team_size": len(members),
                },
            )
            ids.append(visit.id)
    ws.events.emit(VisitsChanged())
    return [get_visit(ws, i) for i in ids]


def assign_team(ws: Workspace, visit_ref: str, team: TeamPlan) -> VisitInfo:
    """Replace a visit's team (someone is ill, the terrain turned out harder)."""
    require_role(ws.officer, *PLANNERS)
    with ws.transaction() as session:
        visit = resolve_row(session, Visit, visit_ref, "visit")
        members = _check_team(session, team)
        session.execute(sa.delete(VisitOfficer).where(VisitOfficer.visit_id == visit.id))
        session.add_all(
            VisitOfficer(visit_id=visit.id, username=u, team_role=r.value) for u, r in members
        )
        audit.append(
            session, ws.officer.username, "visit.team_assigned", visit.id, {"size": len(members)}
        )
        visit_id = visit.id
    ws.events.emit(VisitsChanged())
    return get_visit(ws, visit_id)


def _info(session: Session, visit: Visit) -> VisitInfo:
    team_rows = session.execute(
        sa.select(VisitOfficer, Officer.full_name)
        .join(Officer, Officer.username == VisitOfficer.username)
        .where(VisitOfficer.visit_id == visit.id)
    ).all()
    team = sorted(
        (TeamMember(v.username, name, TeamRole(v.team_role)) for v, name in team_rows),
        key=lambda m: (m.team_role is not TeamRole.KETUA_TIM, m.username),
    )
    counts: Counter[str] = Counter()
    total = 0
    for (joined,) in session.execute(
        sa.select(Target.categories).where(Target.visit_id == visit.id)
    ):
        total += 1
        counts.update(c for c in joined.split(",") if c)
    return VisitInfo(
        visit.id,
        visit.request_id,
        visit.visit_date,
        visit.start_time,
        PlaceType(visit.place_type),
        visit.place_name,
        visit.desa_name,
        visit.desa_code,
        visit.kecamatan_code,
        Terrain(visit.terrain),
        VisitStatus(visit.status),
        tuple(team),
        total,
        dict(sorted(counts.items())),
    )


def get_visit(ws: Workspace, visit_ref: str) -> VisitInfo:
    with ws.transaction() as session:
        return _info(session, resolve_row(session, Visit, visit_ref, "visit"))


def list_visits(
    ws: Workspace, *, request_ref: str | None = None, from_date: dt.date | None = None
) -> list[VisitInfo]:
    with ws.transaction() as session:
        query = sa.select(Visit).order_by(Visit.visit_date, Visit.start_time, Visit.id)
        if request_ref:
            request = resolve_row(session, PlanRequest, request_ref, "request")
            query = query.where(Visit.request_id == request.id)
        if from_date:
            query = query.where(Visit.visit_date >= from_date)
        return [_info(session, v) for v in session.execute(query).scalars()]


def suggest_for_visit(ws: Workspace, visit_ref: str) -> TeamSuggestion:
    """The rule applied to a visit's imported targets."""
    with ws.transaction() as session:
        visit = resolve_row(session, Visit, visit_ref, "visit")
        rows = session.execute(
            sa.select(Target.categories).where(Target.visit_id == visit.id)
        ).scalars()
        categories = [tuple(Category(c) for c in joined.split(",") if c) for joined in rows]
        return suggest_team(categories, Terrain(visit.terrain), PlaceType(visit.place_type))
