"""A visit's planned day against the day of recording (issue 36, finding 3), with no Qt.

Recording on another day's visit is allowed, but the screen asks first
(``screen.visit_day``) and the audit keeps it: ``enrollment.started`` names the
visit's day and whether it was another day; the draft keeps the real moment.
"""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa

from fieldkit.audit import AuditEvent
from fieldkit.enrollment import intake, screen, visits
from fieldkit.enrollment.models import Enrollment
from fieldkit.planning.kinds import PlaceType
from fieldkit.workspace import Workspace
from tests.fieldkit.enrollment.enrollment_support import DESA, person


def _visit_on(ws: Workspace, day: dt.date) -> str:
    return visits.new_visit(ws, desa_code=DESA, visit_date=day, place=PlaceType.RUMAH)


def _started(ws: Workspace, draft_id: str) -> dict[str, object]:
    with ws.transaction() as session:
        event = session.scalars(
            sa.select(AuditEvent).where(
                AuditEvent.action == "enrollment.started", AuditEvent.record_id == draft_id
            )
        ).one()
        details: dict[str, object] = json.loads(event.details)
    return details


def test_a_visit_knows_whether_it_is_today_and_which_visit_is(workspace: Workspace) -> None:
    today = screen.local_today()
    todays = _visit_on(workspace, today)
    later = _visit_on(workspace, today + dt.timedelta(days=4))
    here = screen.visit_day(workspace, todays)
    assert here.is_today
    assert here.todays_visit_id == todays
    ahead = screen.visit_day(workspace, later)
    assert not ahead.is_today
    assert ahead.days_from_today == 4
    assert ahead.todays_visit_id == todays
    # Seen from two days on, neither visit is that day's.
    assert screen.visit_day(workspace, later, today + dt.timedelta(days=2)).todays_visit_id is None


def test_a_cancelled_visit_today_is_not_offered_instead(workspace: Workspace) -> None:
    today = screen.local_today()
    todays = _visit_on(workspace, today)
    later = _visit_on(workspace, today + dt.timedelta(days=1))
    visits.cancel_visit(workspace, todays, "jalan longsor")
    assert screen.visit_day(workspace, later).todays_visit_id is None


def test_a_start_on_another_day_is_audited_and_keeps_the_real_moment(
    workspace: Workspace,
) -> None:
    today = screen.local_today()
    later_day = today + dt.timedelta(days=7)
    on_time = intake.start_enrollment(workspace, _visit_on(workspace, today), person=person(1))
    early = intake.start_enrollment(workspace, _visit_on(workspace, later_day), person=person(2))
    assert _started(workspace, on_time.id)["off_day"] is False
    details = _started(workspace, early.id)
    assert details["off_day"] is True
    assert details["visit_date"] == later_day.isoformat()
    with workspace.transaction() as session:
        row = session.get(Enrollment, early.id)
        assert row is not None
        started = row.started_at
    moment = started.replace(tzinfo=started.tzinfo or dt.UTC)
    assert moment.astimezone().date() == today  # the day it was recorded, not planned
