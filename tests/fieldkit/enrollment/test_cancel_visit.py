"""Cancelling or moving a planned visit: audited, and never one that has work on it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fieldkit import audit, finish
from fieldkit.enrollment import intake
from fieldkit.enrollment.errors import VisitClosed
from fieldkit.enrollment.outcomes import Outcome
from fieldkit.enrollment.visits import cancel_visit, reschedule_visit
from fieldkit.errors import InvalidInput
from fieldkit.planning import schedule
from fieldkit.workspace import Workspace
from tests.fieldkit.enrollment.enrollment_support import person
from tests.fieldkit.planning.planning_support import plan_visit


def test_a_planned_visit_is_cancelled_with_its_reason_in_the_audit(workspace: Workspace) -> None:
    first, second = plan_visit(workspace, weeks=2)
    cancel_visit(workspace, first.id[:8], "  terjadwal dua kali  ")
    states = {v.id: v.status for v in schedule.list_visits(workspace)}
    assert states == {
        first.id: schedule.VisitStatus.CANCELLED,
        second.id: schedule.VisitStatus.PLANNED,
    }
    with workspace.transaction() as session:
        (event,) = [e for e in audit.recent(session) if e.action == "visit.cancelled"]
        said = (event.record_id, json.loads(event.details))
    assert said == (first.id, {"reason": "terjadwal dua kali"})
    # Nobody records on it any more, and it is not cancelled twice.
    with pytest.raises(VisitClosed) as refused:
        intake.add_person(workspace, first.id, person(1))
    assert refused.value.code == "visit_cancelled"
    with pytest.raises(VisitClosed):
        cancel_visit(workspace, first.id, "lagi")


def test_a_visit_needs_a_reason_to_be_cancelled(workspace: Workspace) -> None:
    (visit,) = plan_visit(workspace)
    with pytest.raises(InvalidInput) as refused:
        cancel_visit(workspace, visit.id, "   ")
    assert refused.value.code == "visit_cancel_reason_required"
    assert schedule.get_visit(workspace, visit.id).status is schedule.VisitStatus.PLANNED


def test_a_visit_with_an_outcome_is_history_and_is_not_cancelled(workspace: Workspace) -> None:
    (visit,) = plan_visit(workspace)
    target = intake.add_person(workspace, visit.id, person(2))
    finish.record_outcome(workspace, visit.id, target, Outcome.REFUSED, reason="menolak")
    with pytest.raises(InvalidInput) as refused:
        cancel_visit(workspace, visit.id, "salah jadwal")
    assert refused.value.code == "visit_has_work"
    assert schedule.get_visit(workspace, visit.id).status is schedule.VisitStatus.PLANNED


def test_a_planned_visit_moves_to_another_day_audited(workspace: Workspace) -> None:
    (visit,) = plan_visit(workspace)
    later = visit.visit_date + dt.timedelta(days=2)
    reschedule_visit(workspace, visit.id, visit_date=later, start_time="09.30")
    moved = schedule.get_visit(workspace, visit.id)
    assert (moved.visit_date, moved.start_time) == (later, "09:30")
    with workspace.transaction() as session:
        (event,) = [e for e in audit.recent(session) if e.action == "visit.rescheduled"]
    assert json.loads(event.details)["to"] == f"{later.isoformat()} 09:30"
    with pytest.raises(InvalidInput) as refused:
        reschedule_visit(workspace, visit.id, visit_date=later, start_time="jam sembilan")
    assert refused.value.code == "time_format"


def test_a_visit_with_an_outcome_stays_on_its_day(workspace: Workspace) -> None:
    (visit,) = plan_visit(workspace)
    target = intake.add_person(workspace, visit.id, person(3))
    finish.record_outcome(workspace, visit.id, target, Outcome.REFUSED, reason="menolak")
    with pytest.raises(InvalidInput) as refused:
        reschedule_visit(
            workspace,
            visit.id,
            visit_date=visit.visit_date + dt.timedelta(days=1),
            start_time="08:00",
        )
    assert refused.value.code == "visit_has_work_moved"
    assert schedule.get_visit(workspace, visit.id).visit_date == visit.visit_date
