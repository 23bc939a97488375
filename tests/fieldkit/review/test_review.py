"""Review before sync and the revisit list, on a real store with the simulators.

Records are made the way the team makes them: consent, an exception with a
proof photo, captures over the simulators' real transports, sealing.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from fieldkit import demo, finish, training
from fieldkit.accounts import Accounts
from fieldkit.enrollment import intake, outcomes
from fieldkit.errors import AuthError, AuthReason, InvalidInput
from fieldkit.finish import FinishedRecord
from fieldkit.officers import Role
from fieldkit.records import states as delivery
from fieldkit.records.models import RecordReview
from fieldkit.review import day, queue, revisits
from fieldkit.store.keyring import TEST_KDF
from fieldkit.store.models import AuditEvent
from fieldkit.workspace import Workspace
from tests.fieldkit.enrollment.enrollment_support import person, walk_in_visit
from tests.support import init_workspace, wildcard_twin

KETUA, PETUGAS, OPERATOR = "ketua1", "petugas1", "operator1"
PASSWORD = "kata-sandi-uji"


@pytest.fixture
def workspace(home: Path) -> Iterator[Workspace]:
    """A training store (records without a data center) with a team of four roles."""
    ws = init_workspace(home, training=True)
    Accounts(ws).add_officer(KETUA, "Budi Santoso", Role.KETUA_TIM, PASSWORD, kdf=TEST_KDF)
    Accounts(ws).add_officer(PETUGAS, "Siti Aminah", Role.PETUGAS, PASSWORD, kdf=TEST_KDF)
    Accounts(ws).add_officer(OPERATOR, "Rina Operator", Role.OPERATOR, PASSWORD, kdf=TEST_KDF)
    yield ws
    ws.close()


@pytest.fixture
def three(workspace: Workspace) -> list[FinishedRecord]:
    """Three simulated people; the first has an amputated finger (with a proof photo)."""
    ws = workspace
    visit = demo.demo_visit(ws)
    demo.prepare_sarpras(ws, visit)
    region = demo.demo_region(ws)
    with demo.SimKit() as kit:
        return [demo.enroll_one(ws, kit, visit, n, region, with_exception=n == 0) for n in range(3)]


def _as(ws: Workspace, username: str) -> None:
    ws.switch_officer(username, PASSWORD)


def _audit(ws: Workspace, action: str) -> list[AuditEvent]:
    with ws.transaction() as session:
        return list(session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_only_the_flagged_record_waits_with_its_summary(
    workspace: Workspace, three: list[FinishedRecord]
) -> None:
    waiting = queue.list_reviews(workspace)
    assert [i.record_id for i in waiting] == [three[0].record_id]
    item = waiting[0]
    assert item.flags == ("exception:finger:10:amputated:permanent",)
    assert item.details[0]["kind"] == "exception"
    assert item.details[0]["code"] == "amputated"
    assert item.name == "Demo Sasaran 0"
    assert item.nik_masked is not None
    assert "*" in item.nik_masked
    assert item.target_id == three[0].target_id
    # The unflagged two carry no flag that needs the ketua tim.
    assert not queue.needs_review(three[1].review_flags)
    assert not queue.needs_review(three[2].review_flags)
    # The proof photo's thumbnail, kept at seal time, though the draft is gone.
    thumbs = queue.proof_thumbnails(workspace, item.record_id)
    assert [t.part for t in thumbs] == ["finger:10"]
    with Image.open(io.BytesIO(thumbs[0].data)) as image:
        assert image.format == "JPEG"
        assert max(image.size) <= queue.THUMBNAIL_PX


def test_approve_and_return_are_the_ketua_tims_alone(
    workspace: Workspace, three: list[FinishedRecord]
) -> None:
    record = three[0].record_id
    for who in (PETUGAS, OPERATOR):
        _as(workspace, who)
        with pytest.raises(AuthError):
            queue.approve(workspace, record)
        with pytest.raises(AuthError):
            queue.return_for_recapture(workspace, record, "foto bukti kabur")
    assert queue.list_reviews(workspace)[0].state is queue.ReviewState.WAITING

    _as(workspace, KETUA)
    approved = queue.approve(workspace, record, "  jari kelingking kiri   memang tidak ada ")
    assert approved.state is queue.ReviewState.APPROVED
    assert approved.decided_by == KETUA
    assert approved.note == "jari kelingking kiri memang tidak ada"
    assert queue.list_reviews(workspace) == []
    with pytest.raises(queue.ReviewAlreadyDecided):
        queue.return_for_recapture(workspace, record, "berubah pikiran")
    events = _audit(workspace, "review.approved")
    assert [(e.actor, e.record_id) for e in events] == [(KETUA, record)]
    assert json.loads(events[0].details) == {"flags": 1, "note": True}


def test_the_review_s_reads_are_its_readers_alone_whoever_asks(
    workspace: Workspace, three: list[FinishedRecord]
) -> None:
    """The screen and ``fieldkit review list`` share these functions: the check is here."""
    record = three[0].record_id
    reads = {
        "list_reviews": lambda: queue.list_reviews(workspace),
        "proof_thumbnails": lambda: queue.proof_thumbnails(workspace, record),
        "day_view": lambda: day.day_view(workspace),
        "list_revisits": lambda: revisits.list_revisits(workspace),
    }
    _as(workspace, PETUGAS)
    for name, read in reads.items():
        with pytest.raises(AuthError) as refused:
            read()
        assert refused.value.reason is AuthReason.FORBIDDEN, name
        assert refused.value.params == {
            "role": "petugas",
            "allowed": "ketua_tim, operator, admin",
        }, name
    # The first person's exception flags their record; on a loaded machine a simulated
    # capture of another may be kept below its mark and flag theirs too.
    flagged = {r.record_id for r in three if queue.needs_review(r.review_flags)}
    assert record in flagged
    for who in (KETUA, OPERATOR):
        _as(workspace, who)
        assert {i.record_id for i in queue.list_reviews(workspace)} == flagged
        assert queue.proof_thumbnails(workspace, record)
        assert day.day_view(workspace).awaiting_review == len(flagged)
        revisits.list_revisits(workspace)


def test_a_returned_record_is_held_and_its_person_is_on_the_revisit_list(
    workspace: Workspace, three: list[FinishedRecord]
) -> None:
    record = three[0].record_id
    _as(workspace, KETUA)
    with pytest.raises(InvalidInput) as empty:
        queue.return_for_recapture(workspace, record, "   ")
    assert empty.value.code == "review_reason_required"
    queue.return_for_recapture(workspace, record, "Foto bukti tidak menunjukkan tangan")
    with workspace.transaction() as session:
        assert queue.held_record_ids(session) == {record}
        assert queue.decision_document(session, record, "0" * 64) is None
    listed = revisits.list_revisits(workspace)
    assert [(r.record_id, r.source, r.reason) for r in listed] == [
        (record, revisits.RevisitSource.RETURNED, "Foto bukti tidak menunjukkan tangan")
    ]
    assert listed[0].target_id == three[0].target_id
    assert listed[0].name == "Demo Sasaran 0"
    assert [e.record_id for e in _audit(workspace, "review.returned")] == [record]


def test_unknown_record_is_a_clear_refusal(workspace: Workspace) -> None:
    _as(workspace, KETUA)
    with pytest.raises(queue.ReviewNotFound):
        queue.approve(workspace, "00000000-0000-0000-0000-000000000000")


def test_consent_by_a_guardian_and_a_nik_warning_flag_the_record(workspace: Workspace) -> None:
    ws = workspace
    visit = walk_in_visit(ws)
    with ws.transaction() as session:
        training.mark_training_visit(session, visit)
    demo.prepare_sarpras(ws, visit)
    wrong_sex = person(0, sex="P")  # the NIK says male: kept with a reason, as a warning
    kept_because = "KK menulis perempuan, NIK belum diperbaiki"
    view = intake.start_enrollment(ws, visit, person=wrong_sex, disagreement_reason=kept_because)
    intake.record_consent(
        ws, view.id, intake.ConsentInput(intake.ConsentGiver.GUARDIAN, "Wali Uji", "anak")
    )
    with demo.SimKit(slaps=True) as kit:
        for state in finish.review(ws, view.id).progress.slots:
            demo.capture_best(ws, view.id, state.slot, kit.device_for(state.slot))
    sealed = finish.finish_enrollment(ws, view.id)
    item = queue.list_reviews(ws)[0]
    assert item.record_id == sealed.record_id
    assert "consent:guardian" in item.flags
    assert any(f.startswith("warning:") for f in item.flags)
    consent = next(d for d in item.details if d["kind"] == "consent")
    assert consent["text"] == "anak"
    # The ketua tim reads why the petugas kept a sex the NIK disagrees with (issue 47).
    warning = next(d for d in item.details if d["kind"] == "nik_warning")
    assert (warning["code"], warning["reason"]) == ("nik.sex_mismatch", kept_because)
    assert queue.proof_thumbnails(ws, sealed.record_id) == []

    # Delivered: the words typed about the person go, the flag codes stay.
    _as(ws, KETUA)
    queue.approve(ws, sealed.record_id, "Wali hadir dengan KK")
    with ws.transaction() as session:
        queue.forget_after_delivery(session, sealed.record_id)
    (kept,) = queue.list_reviews(ws, tuple(queue.ReviewState))
    assert kept.flags == item.flags
    assert kept.note is None
    assert [d["kind"] for d in kept.details] == [d["kind"] for d in item.details]
    assert all("text" not in d for d in kept.details), kept.details


def test_not_at_home_with_a_date_then_planned_and_the_family_called(
    workspace: Workspace, three: list[FinishedRecord]
) -> None:
    ws = workspace
    visit = walk_in_visit(ws)
    absent = intake.add_person(ws, visit, person(7))
    soon = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=3)
    finish.record_outcome(
        ws, visit, absent, outcomes.Outcome.NOT_AT_HOME, reason="ke pasar", revisit_date=soon
    )
    _as(ws, KETUA)
    queue.return_for_recapture(ws, three[0].record_id, "Foto wajah buram")
    listed = revisits.list_revisits(ws)
    by_source = {r.source: r for r in listed}
    assert set(by_source) == {
        revisits.RevisitSource.NOT_AT_HOME,
        revisits.RevisitSource.RETURNED,
    }
    home = by_source[revisits.RevisitSource.NOT_AT_HOME]
    assert (home.target_id, home.visit_id, home.revisit_date, home.reason) == (
        absent,
        visit,
        soon,
        "ke pasar",
    )

    # The family is called; the ketua tim may record it, a petugas may not.
    _as(ws, PETUGAS)
    with pytest.raises(AuthError):
        revisits.record_contact(ws, home.id, revisits.ContactResult.NOTIFIED)
    _as(ws, KETUA)
    called = revisits.record_contact(
        ws, home.id, revisits.ContactResult.UNREACHABLE, "nomor tidak aktif"
    )
    assert called.contact is revisits.ContactResult.UNREACHABLE

    # The operator plans the revisit: a new visit with that person on it.
    _as(ws, OPERATOR)
    new_visit = revisits.plan_revisit(
        ws,
        [home.id],
        visit_date=soon,
        team=revisits.schedule.TeamPlan(ketua=KETUA, petugas=(PETUGAS,)),
    )
    targets = outcomes.visit_outcomes(ws, new_visit)
    assert len(targets) == 1
    assert [r.source for r in revisits.list_revisits(ws)] == [revisits.RevisitSource.RETURNED]
    planned = next(
        r for r in revisits.list_revisits(ws, tuple(revisits.RevisitState)) if r.id == home.id
    )
    assert planned.state is revisits.RevisitState.PLANNED
    assert planned.planned_visit_id == new_visit
    with pytest.raises(revisits.RevisitAlreadyPlanned):
        revisits.plan_revisit(ws, [home.id], visit_date=soon)


def test_percent_and_underscore_in_a_revisit_id_match_only_themselves(
    workspace: Workspace,
) -> None:
    """Issue 24: a revisit id prefix is literal, not an SQL LIKE pattern."""
    ws = workspace
    visit = walk_in_visit(ws)
    absent = intake.add_person(ws, visit, person(9))
    finish.record_outcome(ws, visit, absent, outcomes.Outcome.NOT_AT_HOME)
    [waiting] = revisits.list_revisits(ws)
    _as(ws, KETUA)
    for ref in (wildcard_twin(waiting.id), "%%%%", "____"):
        with pytest.raises(revisits.RevisitNotFound):
            revisits.record_contact(ws, ref, revisits.ContactResult.NOTIFIED)
    assert revisits.list_revisits(ws)[0].contact is None
    called = revisits.record_contact(ws, waiting.id[:8], revisits.ContactResult.NOTIFIED)
    assert called.contact is revisits.ContactResult.NOTIFIED


def test_a_person_recorded_after_all_leaves_the_list(workspace: Workspace) -> None:
    ws = workspace
    visit = walk_in_visit(ws)
    absent = intake.add_person(ws, visit, person(8))
    finish.record_outcome(ws, visit, absent, outcomes.Outcome.NOT_AT_HOME)
    assert [r.target_id for r in revisits.list_revisits(ws)] == [absent]
    with ws.transaction() as session:
        row = session.get(outcomes.TargetOutcome, absent)
        assert row is not None
        row.outcome = outcomes.Outcome.RECORDED.value  # as sealing the record would write
    assert revisits.list_revisits(ws) == []


def test_the_summary_lives_only_in_the_encrypted_store(
    workspace: Workspace, three: list[FinishedRecord]
) -> None:
    with workspace.transaction() as session:
        assert session.get(RecordReview, three[0].record_id) is not None
    for path in workspace.directory.rglob("*"):
        if path.is_file():
            assert b"amputated" not in path.read_bytes(), path


def test_a_returned_record_does_not_count_toward_the_freeze(
    workspace: Workspace, three: list[FinishedRecord]
) -> None:
    with workspace.transaction() as session:
        before = delivery.undelivered_count(session)
    _as(workspace, KETUA)
    queue.return_for_recapture(workspace, three[0].record_id, "Foto wajah buram")
    with workspace.transaction() as session:
        assert delivery.undelivered_count(session) == before - 1
