"""Order changes, deferral, pause and resume with the clock, and the freeze rule."""

from __future__ import annotations

import datetime as dt

import pytest

from fieldkit import finish
from fieldkit.enrollment import flow, freeze, intake, outcomes, timing
from fieldkit.enrollment.errors import (
    EnrollmentFrozen,
    StepNotAllowed,
    UnknownEnrollment,
    UnknownTarget,
    UnknownVisit,
)
from fieldkit.enrollment.machine import Step
from fieldkit.records import outbox
from fieldkit.records.states import LAST_SYNC_KEY
from fieldkit.store.models import Setting
from fieldkit.workspace import Workspace
from tests.fieldkit.enrollment.enrollment_support import consented, person, walk_in_visit
from tests.support import wildcard_twin


class Clock:
    def __init__(self) -> None:
        self.at = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, minutes: float) -> None:
        self.at += dt.timedelta(minutes=minutes)


def test_steps_in_any_order_deferred_paused_and_timed(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    monkeypatch.setattr(timing, "now", clock)
    visit = walk_in_visit(workspace)
    draft = consented(workspace, visit, 1)
    clock.advance(2)
    view = flow.go_to(workspace, draft, Step.IRIS)  # the person allows the iris first
    assert view.progress.current is Step.IRIS
    clock.advance(5)
    view = flow.defer_step(workspace, draft, Step.IRIS)
    assert Step.IRIS in view.progress.deferred
    assert view.progress.current is Step.FACE
    clock.advance(3)
    view = flow.pause_enrollment(workspace, draft)
    assert view.status == "paused"
    with pytest.raises(StepNotAllowed, match="paused"):
        flow.go_to(workspace, draft, Step.FINGERS)
    clock.advance(120)  # lunch is not charged to anyone
    view = flow.resume_enrollment(workspace, draft)
    clock.advance(4)
    view = flow.get_enrollment(workspace, draft)
    steps = view.timing.per_step
    assert steps["iris"] == pytest.approx(300)
    assert steps["face"] == pytest.approx((2 + 3 + 4) * 60)
    assert view.timing.total_seconds == pytest.approx(14 * 60)
    assert not view.timing.over_sop
    clock.advance(40)
    assert flow.get_enrollment(workspace, draft).timing.over_sop


def test_a_paused_draft_resumes_on_a_revisit(workspace: Workspace) -> None:
    first = walk_in_visit(workspace)
    draft = consented(workspace, first, 2)
    flow.pause_enrollment(workspace, draft)
    second = walk_in_visit(workspace)
    view = flow.resume_enrollment(workspace, draft, visit_ref=second)
    assert view.visit_id == second
    assert view.status == "open"
    assert view.progress.consent


def test_percent_and_underscore_in_an_id_prefix_match_only_themselves(
    workspace: Workspace,
) -> None:
    """Issue 24: an id prefix is literal, not an SQL LIKE pattern."""
    ws = workspace
    first = walk_in_visit(ws)
    draft = consented(ws, first, 2)
    flow.pause_enrollment(ws, draft)
    second = walk_in_visit(ws)
    listed = intake.add_person(ws, second, person(3))

    with pytest.raises(UnknownVisit) as visit:
        intake.add_person(ws, wildcard_twin(second), person(4))
    assert visit.value.code == "unknown_visit"
    with pytest.raises(UnknownEnrollment) as enrollment:
        flow.get_enrollment(ws, wildcard_twin(draft))
    assert enrollment.value.code == "unknown_enrollment"
    with pytest.raises(UnknownTarget) as started:
        intake.start_enrollment(ws, second, target_ref=wildcard_twin(listed))
    assert started.value.code == "target_not_on_visit"
    with pytest.raises(UnknownTarget) as outcome:
        finish.record_outcome(ws, second, wildcard_twin(listed), outcomes.Outcome.NOT_AT_HOME)
    assert outcome.value.code == "target_not_on_visit"
    # Resuming on a revisit took the first target whose id merely began with the text.
    for ref in (wildcard_twin(listed), "%", listed[:1]):
        with pytest.raises(UnknownTarget) as moved:
            flow.resume_enrollment(ws, draft, visit_ref=second, target_ref=ref)
        assert moved.value.code == "target_not_on_visit"
    assert flow.get_enrollment(ws, draft).status == "paused"
    view = flow.resume_enrollment(ws, draft, visit_ref=second[:8], target_ref=listed[:8])
    assert (view.visit_id, view.target_id) == (second, listed)


def _set(ws: Workspace, key: str, value: str) -> None:
    with ws.transaction() as session:
        session.merge(Setting(key=key, value=value))


def test_the_freeze_rule_blocks_new_enrollments_then_unblocks(workspace: Workspace) -> None:
    ws = workspace
    visit = walk_in_visit(ws)
    started = consented(ws, visit, 3)  # a draft begun before the freeze
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=8)
    _set(ws, LAST_SYNC_KEY, long_ago.isoformat())
    with pytest.raises(EnrollmentFrozen) as caught:
        intake.start_enrollment(ws, visit, person=person(4))
    assert "8 days since the last successful sync" in caught.value.params["reasons"]
    assert "drafts already started can still be finished" in caught.value.params["reasons"]
    # A draft already started can still be worked on.
    assert flow.go_to(ws, started, Step.FACE).progress.current is Step.FACE

    _set(ws, LAST_SYNC_KEY, dt.datetime.now(dt.UTC).isoformat())
    intake.start_enrollment(ws, visit, person=person(4))

    with ws.transaction() as session:
        freeze.set_limits(session, max_waiting=1)
        outbox.seal_record(session, "rec-a", b"{}")
        outbox.seal_record(session, "rec-b", b"{}")
        status = freeze.freeze_status(session)
    assert status.frozen
    assert status.waiting == 2
    with pytest.raises(EnrollmentFrozen) as caught:
        intake.start_enrollment(ws, visit, person=person(5))
    assert "2 sealed records are waiting" in caught.value.params["reasons"]
    with ws.transaction() as session:
        outbox.mark_server_state(
            session, "rec-a", outbox.RecordStatus.ACCEPTED, server_state="ACCEPTED", receipt="{}"
        )
    intake.start_enrollment(ws, visit, person=person(5))


def test_never_synced_counts_from_the_first_record(workspace: Workspace) -> None:
    with workspace.transaction() as session:
        assert not freeze.freeze_status(session).frozen  # nothing held, nothing to lose
        outbox.seal_record(session, "rec-1", b"{}")
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=8)
        status = freeze.freeze_status(session, at=later)
    assert status.frozen
    assert status.last_sync_at is None
    assert status.reasons[0].code == "days_since_first_record"
    assert "first record" in status.reasons[0].message
