"""Request intake: the surat permohonan that starts every jemput bola visit (SOP 004, step 1).

A request usually comes from a desa or kelurahan; in urgent cases (medical
care, social assistance, emergencies) from a hospital, a care home or Dinsos.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import sqlalchemy as sa

from fieldkit import audit
from fieldkit.errors import InvalidInput
from fieldkit.events import RequestsChanged
from fieldkit.office_sent import OfficeRegion
from fieldkit.officers import require_role
from fieldkit.permissions import PLANNERS
from fieldkit.planning.kinds import DESA_CODE_DIGITS, RequesterType, check_region_code
from fieldkit.planning.models import PlanRequest, Visit

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace

_MIN_PREFIX = 4

_Row = TypeVar("_Row", PlanRequest, Visit)


def office_desa(ws: Workspace) -> list[tuple[str, str]]:
    """The office's desa/kelurahan as (10-digit code, name), sorted by name.

    The office package sends them (``regions``); the planning form offers them by
    name, so a desa code is chosen, not typed from memory (issue 36).
    """
    with ws.transaction() as session:
        rows = session.execute(sa.select(OfficeRegion)).scalars().all()
        found = [(r.code, r.name) for r in rows if len(r.code) == DESA_CODE_DIGITS]
    return sorted(found, key=lambda row: (row[1].casefold(), row[0]))


def add_office_desa(ws: Workspace, desa: Sequence[tuple[str, str]]) -> None:
    """Keep a desa list (10-digit code, name) as an office package's would be kept.

    For the demo: in training there is no office to send one, and the planning form's
    desa search needs a list to find in.
    """
    with ws.transaction() as session:
        session.add_all(OfficeRegion(code=code, name=name) for code, name in desa)


@dataclass(frozen=True)
class RequestInfo:
    id: str
    number: str
    letter_date: dt.date
    requester_type: RequesterType
    requester_name: str
    region_code: str
    subject: str | None
    created_by: str
    created_at: dt.datetime
    visits: int

    @classmethod
    def from_row(cls, row: PlanRequest, visits: int) -> RequestInfo:
        return cls(
            row.id,
            row.number,
            row.letter_date,
            RequesterType(row.requester_type),
            row.requester_name,
            row.region_code,
            row.subject,
            row.created_by,
            row.created_at,
            visits,
        )

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "number": self.number,
            "letter_date": self.letter_date.isoformat(),
            "requester_type": self.requester_type.value,
            "requester_name": self.requester_name,
            "region_code": self.region_code,
            "subject": self.subject,
            "created_by": self.created_by,
            "created_at": self.created_at.isoformat(),
            "visits": self.visits,
        }


def create_request(
    ws: Workspace,
    *,
    number: str,
    letter_date: dt.date,
    requester_type: RequesterType,
    requester_name: str,
    region_code: str,
    subject: str | None = None,
) -> RequestInfo:
    """Record a surat permohonan as received; its targets arrive with the visits' imports."""
    require_role(ws.officer, *PLANNERS)
    number, requester_name = number.strip(), requester_name.strip()
    if not number:
        raise InvalidInput(code="letter_number_required")
    if not requester_name:
        raise InvalidInput(code="requester_name_required")
    if letter_date > dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1):
        raise InvalidInput(
            code="letter_date_in_future",
            params={"date": letter_date.isoformat()},
        )
    code = check_region_code(region_code)
    now = dt.datetime.now(dt.UTC)
    row = PlanRequest(
        id=str(uuid.uuid4()),
        number=number,
        letter_date=letter_date,
        requester_type=requester_type.value,
        requester_name=requester_name,
        region_code=code,
        subject=(subject or "").strip() or None,
        created_by=ws.officer.username,
        created_at=now,
    )
    with ws.transaction() as session:
        session.add(row)
        audit.append(
            session,
            ws.officer.username,
            "request.created",
            row.id,
            {"requester_type": requester_type.value, "region": code},
        )
    ws.events.emit(RequestsChanged())
    return RequestInfo.from_row(row, visits=0)


def list_requests(ws: Workspace) -> list[RequestInfo]:
    with ws.transaction() as session:
        counts = dict(
            session.execute(
                sa.select(Visit.request_id, sa.func.count()).group_by(Visit.request_id)
            ).all()
        )
        rows = session.execute(
            sa.select(PlanRequest).order_by(PlanRequest.letter_date, PlanRequest.created_at)
        ).scalars()
        return [RequestInfo.from_row(r, counts.get(r.id, 0)) for r in rows]


def get_request(ws: Workspace, ref: str) -> RequestInfo:
    with ws.transaction() as session:
        row = resolve_request(session, ref)
        count = session.scalar(
            sa.select(sa.func.count()).select_from(Visit).where(Visit.request_id == row.id)
        )
        return RequestInfo.from_row(row, count or 0)


def resolve_request(session: Session, ref: str) -> PlanRequest:
    return resolve_row(session, PlanRequest, ref, "request")


def resolve_row(session: Session, model: type[_Row], ref: str, what: str) -> _Row:
    """Find a row by its id or a unique prefix of it, as people type ids off a screen."""
    ref = ref.strip().lower()
    if len(ref) < _MIN_PREFIX:
        raise InvalidInput(
            code="id_prefix_too_short",
            params={"what": what, "min": _MIN_PREFIX},
        )
    rows = list(
        session.execute(
            sa.select(model).where(model.id.startswith(ref, autoescape=True)).limit(2)
        ).scalars()
    )
    if not rows:
        raise InvalidInput(code="id_not_found", params={"what": what, "id": ref})
    if len(rows) > 1:
        raise InvalidInput(
            code="id_ambiguous",
            params={"what": what, "id": ref},
        )
    return rows[0]
