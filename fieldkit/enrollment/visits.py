"""Visits seen from the field: starting one without a letter, GPS, and the people on it.

Planning (``fieldkit.planning.schedule``) makes visits from a surat
permohonan.  A team in the field sometimes has none: a neighbour asks them in
on the way.  :func:`new_visit` then files the visit under one *walk-in*
request per regency (number ``WALK-IN``), so every visit still has a request,
and the office can see which visits came without a letter.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit import audit, regions
from fieldkit.enrollment.errors import UnknownTarget, UnknownVisit, VisitClosed
from fieldkit.enrollment.models import Enrollment, TargetOutcome, VisitFieldInfo
from fieldkit.errors import InvalidInput
from fieldkit.events import VisitsChanged
from fieldkit.officers import Role, require_role
from fieldkit.permissions import PLANNERS, RECORDERS
from fieldkit.planning.kinds import (
    DEFAULT_START_TIME,
    PlaceType,
    RequesterType,
    TeamRole,
    Terrain,
    check_time,
)
from fieldkit.planning.models import PlanRequest, Target, Visit, VisitOfficer
from fieldkit.planning.schedule import VisitStatus
from fieldkit.records.models import SealedRecordRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace

WALK_IN_NUMBER = "WALK-IN"
_DESA_DIGITS = 10
_MIN_PREFIX = 4
# Indonesia's extent with a margin: a sign error in a typed coordinate lands outside it.
_LAT = (-12.0, 7.0)
_LON = (94.0, 142.0)


@dataclass(frozen=True)
class Gps:
    lat: float
    lon: float
    accuracy_m: float | None = None
    source: str = "manual"  # "device" when it came from a receiver

    def as_json(self) -> dict[str, object]:
        return {
            "lat": self.lat,
            "lon": self.lon,
            "accuracy_m": self.accuracy_m,
            "source": self.source,
        }


def parse_gps(text: str) -> Gps:
    """``-8.0954,112.1609`` as typed by an officer reading a phone's map."""
    parts = [p.strip() for p in text.replace(";", ",").split(",")]
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise InvalidInput(
            code="gps_format",
            params={"value": text},
        ) from None
    return check_gps(Gps(lat, lon))


def check_gps(gps: Gps) -> Gps:
    if not (_LAT[0] <= gps.lat <= _LAT[1] and _LON[0] <= gps.lon <= _LON[1]):
        raise InvalidInput(
            code="gps_outside_indonesia",
            params={"lat": gps.lat, "lon": gps.lon},
        )
    if gps.source not in {"manual", "device"}:
        raise InvalidInput(code="gps_source_invalid")
    if gps.accuracy_m is not None and gps.accuracy_m < 0:
        raise InvalidInput(code="gps_accuracy_negative")
    return gps


def check_desa_code(code: str) -> tuple[str, str]:
    """A 10-digit Kemendagri desa/kelurahan code and its kecamatan (checked against the table)."""
    digits = code.strip().replace(".", "")
    if not digits.isdigit() or len(digits) != _DESA_DIGITS:
        raise InvalidInput(
            code="desa_code_format",
            params={"code": code},
        )
    if regions.district(digits[:6]) is None:
        raise InvalidInput(
            code="desa_code_kecamatan_unknown",
            params={"code": code, "kecamatan": digits[:6]},
        )
    return digits, digits[:6]


def resolve_visit(session: Session, ref: str) -> Visit:
    ref = ref.strip().lower()
    if len(ref) < _MIN_PREFIX:
        raise UnknownVisit(code="visit_id_too_short", params={"min": _MIN_PREFIX})
    rows = list(
        session.scalars(sa.select(Visit).where(Visit.id.startswith(ref, autoescape=True)).limit(2))
    )
    if not rows:
        raise UnknownVisit(params={"visit": ref})
    if len(rows) > 1:
        raise UnknownVisit(code="visit_id_ambiguous", params={"visit": ref})
    return rows[0]


def resolve_target(session: Session, visit_id: str, target_ref: str) -> Target:
    """A target of this visit by its id or a unique prefix of at least four characters.

    The prefix is literal: ``%`` and ``_`` match only themselves (``autoescape``), so
    ``6%%%`` is not "any id starting with 6".
    """
    ref = target_ref.strip().lower()
    rows = session.scalars(
        sa.select(Target)
        .where(Target.visit_id == visit_id, Target.id.startswith(ref, autoescape=True))
        .limit(2)
    ).all()
    if len(ref) < _MIN_PREFIX or len(rows) != 1:
        raise UnknownTarget(
            code="target_not_on_visit", params={"target": ref, "visit": visit_id[:8]}
        )
    return rows[0]


def field_info(session: Session, visit_id: str) -> VisitFieldInfo:
    row = session.get(VisitFieldInfo, visit_id)
    if row is None:
        row = VisitFieldInfo(visit_id=visit_id, walk_in=False)
        session.add(row)
        session.flush()
    return row


def require_open(session: Session, visit: Visit) -> None:
    info = session.get(VisitFieldInfo, visit.id)
    if (info is not None and info.closed_at is not None) or visit.status == VisitStatus.DONE:
        raise VisitClosed(params={"visit": visit.id[:8]})
    if visit.status == VisitStatus.CANCELLED:
        raise VisitClosed(code="visit_cancelled", params={"visit": visit.id[:8]})


def _walk_in_request(session: Session, officer: str, region: str, now: dt.datetime) -> PlanRequest:
    row = session.scalars(
        sa.select(PlanRequest).where(
            PlanRequest.number == WALK_IN_NUMBER, PlanRequest.region_code == region
        )
    ).first()
    if row is None:
        row = PlanRequest(
            id=str(uuid.uuid4()),
            number=WALK_IN_NUMBER,
            letter_date=now.date(),
            requester_type=RequesterType.LAINNYA.value,
            requester_name="Tanpa surat (walk-in)",
            region_code=region,
            subject="Visits started in the field without a surat permohonan",
            created_by=officer,
            created_at=now,
        )
        session.add(row)
        session.flush()
    return row


def new_visit(
    ws: Workspace,
    *,
    desa_code: str,
    visit_date: dt.date,
    place: PlaceType,
    desa_name: str | None = None,
    place_name: str | None = None,
    gps: Gps | None = None,
) -> str:
    """Start a visit in the field (no letter needed); the officer is its team. Returns its id."""
    require_role(ws.officer, *RECORDERS)
    code, kecamatan = check_desa_code(desa_code)
    if gps is not None:
        check_gps(gps)
    now = dt.datetime.now(dt.UTC)
    with ws.transaction() as session:
        request = _walk_in_request(session, ws.officer.username, code[:4], now)
        visit = Visit(
            id=str(uuid.uuid4()),
            request_id=request.id,
            visit_date=visit_date,
            start_time=DEFAULT_START_TIME,
            place_type=place.value,
            place_name=(place_name or "").strip() or None,
            desa_name=(desa_name or "").strip() or f"Desa {code}",
            desa_code=code,
            kecamatan_code=kecamatan,
            terrain=Terrain.MUDAH.value,
            status=VisitStatus.PLANNED.value,
            created_by=ws.officer.username,
            created_at=now,
        )
        session.add(visit)
        session.flush()
        role = TeamRole.KETUA_TIM if ws.officer.role is Role.KETUA_TIM else TeamRole.PETUGAS
        session.add(
            VisitOfficer(visit_id=visit.id, username=ws.officer.username, team_role=role.value)
        )
        session.add(_info_row(visit.id, gps, walk_in=True))
        audit.append(
            session,
            ws.officer.username,
            "visit.started_walk_in",
            visit.id,
            {"place_type": place.value, "kecamatan": kecamatan, "gps": gps is not None},
        )
        visit_id = visit.id
    ws.events.emit(VisitsChanged())
    return visit_id


def _info_row(visit_id: str, gps: Gps | None, *, walk_in: bool) -> VisitFieldInfo:
    return VisitFieldInfo(
        visit_id=visit_id,
        walk_in=walk_in,
        gps_lat=gps.lat if gps else None,
        gps_lon=gps.lon if gps else None,
        gps_accuracy_m=gps.accuracy_m if gps else None,
        gps_source=gps.source if gps else None,
    )


def set_visit_gps(ws: Workspace, visit_ref: str, gps: Gps) -> None:
    """Record where the team actually is (a receiver's fix, or typed from a phone's map)."""
    require_role(ws.officer, *RECORDERS)
    check_gps(gps)
    with ws.transaction() as session:
        visit = resolve_visit(session, visit_ref)
        info = field_info(session, visit.id)
        info.gps_lat, info.gps_lon = gps.lat, gps.lon
        info.gps_accuracy_m, info.gps_source = gps.accuracy_m, gps.source
        audit.append(
            session, ws.officer.username, "visit.gps_set", visit.id, {"source": gps.source}
        )
    ws.events.emit(VisitsChanged())


def visit_gps(session: Session, visit_id: str) -> Gps | None:
    info = session.get(VisitFieldInfo, visit_id)
    if info is None or info.gps_lat is None or info.gps_lon is None:
        return None
    return Gps(info.gps_lat, info.gps_lon, info.gps_accuracy_m, info.gps_source or "manual")


def _untouched_visit(session: Session, visit_ref: str, *, moving: bool) -> Visit:
    """A planned visit nobody has worked on yet, or the refusal that says why not.

    A visit with a draft, a sealed record or an outcome is history: the berita acara
    counts it, so it is neither cancelled nor moved (``moving`` picks the refusal's words).
    """
    visit = resolve_visit(session, visit_ref)
    if visit.status == VisitStatus.CANCELLED:
        raise VisitClosed(code="visit_cancelled", params={"visit": visit.id[:8]})
    require_open(session, visit)
    worked = any(
        session.scalar(sa.select(sa.func.count()).select_from(table).where(column == visit.id))
        for table, column in (
            (Enrollment, Enrollment.visit_id),
            (TargetOutcome, TargetOutcome.visit_id),
            (SealedRecordRow, SealedRecordRow.visit_id),
        )
    )
    if worked:
        raise InvalidInput(
            code="visit_has_work_moved" if moving else "visit_has_work",
            params={"visit": visit.id[:8]},
        )
    return visit


def cancel_visit(ws: Workspace, visit_ref: str, reason: str) -> None:
    """Call off a planned visit that never started, with the planner's reason (audited).

    The row is kept as ``cancelled`` so the letters already printed for it still resolve.
    """
    require_role(ws.officer, *PLANNERS)
    why = reason.strip()
    if not why:
        raise InvalidInput(code="visit_cancel_reason_required")
    with ws.transaction() as session:
        visit = _untouched_visit(session, visit_ref, moving=False)
        visit.status = VisitStatus.CANCELLED.value
        audit.append(session, ws.officer.username, "visit.cancelled", visit.id, {"reason": why})
    ws.events.emit(VisitsChanged())


def reschedule_visit(
    ws: Workspace, visit_ref: str, *, visit_date: dt.date, start_time: str
) -> None:
    """Move a planned visit nobody has worked on to another day or hour (audited).

    The letters printed for it keep their numbers; a reprint shows the new day.
    """
    require_role(ws.officer, *PLANNERS)
    start = check_time(start_time)
    if visit_date < dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1):
        raise InvalidInput(code="visit_date_in_past", params={"date": visit_date.isoformat()})
    with ws.transaction() as session:
        visit = _untouched_visit(session, visit_ref, moving=True)
        before = f"{visit.visit_date.isoformat()} {visit.start_time}"
        visit.visit_date, visit.start_time = visit_date, start
        audit.append(
            session,
            ws.officer.username,
            "visit.rescheduled",
            visit.id,
            {"from": before, "to": f"{visit_date.isoformat()} {start}"},
        )
    ws.events.emit(VisitsChanged())
