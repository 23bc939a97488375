"""What the ketua tim judges a thumbprint and a guardian's consent by, and undoing a decision.

Issue 36, finding 7: the review showed "Cap jempol" and "wali (anak)" with nothing to
look at, and approve and return acted at once for good.  Records are made as the team
makes them (tests/fieldkit/review/review_support.py), on a real store with the simulators.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from fieldkit import demo
from fieldkit.accounts import Accounts
from fieldkit.errors import AuthError
from fieldkit.events import RevisitsChanged
from fieldkit.finish import FinishedRecord
from fieldkit.officers import Role
from fieldkit.records import outbox
from fieldkit.records.models import SealedRecordRow
from fieldkit.review import queue, revisits
from fieldkit.review.models import Revisit
from fieldkit.store.keyring import TEST_KDF
from fieldkit.store.models import AuditEvent
from fieldkit.workspace import Workspace
from tests.fieldkit.review.review_support import (
    CANNOT_SIGN,
    GUARDIAN_NAME,
    GUARDIAN_NIK_TAIL,
    GUARDIAN_RELATION,
    enroll_by_guardian_with_thumbprint,
)
from tests.support import cli, init_workspace

KETUA, KETUA2, PETUGAS = "ketua1", "ketua2", "petugas1"
PASSWORD = "kata-sandi-uji"


@pytest.fixture
def workspace(home: Path) -> Iterator[Workspace]:
    ws = init_workspace(home, training=True)
    Accounts(ws).add_officer(KETUA, "Budi Santoso", Role.KETUA_TIM, PASSWORD, kdf=TEST_KDF)
    Accounts(ws).add_officer(KETUA2, "Dewi Lestari", Role.KETUA_TIM, PASSWORD, kdf=TEST_KDF)
    Accounts(ws).add_officer(PETUGAS, "Siti Aminah", Role.PETUGAS, PASSWORD, kdf=TEST_KDF)
    yield ws
    ws.close()


@pytest.fixture
def guarded(workspace: Workspace) -> FinishedRecord:
    """One person recorded with a wali's consent (and the letter's photo) and a thumbprint."""
    ws = workspace
    visit = demo.demo_visit(ws)
    demo.prepare_sarpras(ws, visit)
    with demo.SimKit() as kit:
        return enroll_by_guardian_with_thumbprint(ws, kit, visit, 0, demo.demo_region(ws))


@pytest.fixture
def two(workspace: Workspace) -> list[FinishedRecord]:
    """Two people with an amputated finger: both wait for the ketua tim."""
    ws = workspace
    visit = demo.demo_visit(ws)
    demo.prepare_sarpras(ws, visit)
    region = demo.demo_region(ws)
    with demo.SimKit() as kit:
        return [demo.enroll_one(ws, kit, visit, n, region, with_exception=True) for n in range(2)]


def _as(ws: Workspace, username: str) -> None:
    ws.switch_officer(username, PASSWORD)


def _audit(ws: Workspace, action: str) -> list[AuditEvent]:
    with ws.transaction() as session:
        return list(session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_the_ketua_sees_the_thumbprint_the_guardian_and_the_letter(
    workspace: Workspace, guarded: FinishedRecord
) -> None:
    (item,) = queue.list_reviews(workspace)
    assert item.record_id == guarded.record_id
    assert {"thumbprint_for_signature", "consent:guardian"} <= set(item.flags)
    signature = next(d for d in item.details if d["kind"] == "signature")
    assert signature["text"] == CANNOT_SIGN
    consent = next(d for d in item.details if d["kind"] == "consent")
    assert consent["name"] == GUARDIAN_NAME
    assert consent["relation"] == GUARDIAN_RELATION
    assert consent["text"] == GUARDIAN_RELATION  # as older records read
    assert consent["photo"] == "yes"
    masked = consent["nik_masked"]
    assert masked is not None
    assert "*" in masked
    assert GUARDIAN_NIK_TAIL not in masked  # the birth date is hidden
    # The print itself and the letter's photo, small JPEGs of real pictures, kept at seal time.
    photos = {p.part: p for p in queue.proof_thumbnails(workspace, item.record_id)}
    assert set(photos) == {queue.THUMBPRINT_PART, queue.CONSENT_PART}
    for photo in photos.values():
        with Image.open(io.BytesIO(photo.data)) as image:
            assert image.format == "JPEG"
            assert min(image.size) > 50
            assert max(image.size) <= queue.THUMBNAIL_PX
            grey = image.convert("L")
            low, high = grey.getextrema()
            assert isinstance(low, int)
            assert isinstance(high, int)
            assert high - low > 60, "a blank picture"


def test_the_guardian_s_words_and_the_pictures_go_once_delivered(
    workspace: Workspace, guarded: FinishedRecord
) -> None:
    _as(workspace, KETUA)
    queue.approve(workspace, guarded.record_id)
    with workspace.transaction() as session:
        assert queue.forget_after_delivery(session, guarded.record_id) == 2
    (kept,) = queue.list_reviews(workspace, tuple(queue.ReviewState))
    consent = next(d for d in kept.details if d["kind"] == "consent")
    assert {"name", "relation", "nik_masked", "text"}.isdisjoint(consent), consent
    assert queue.proof_thumbnails(workspace, guarded.record_id) == []


def test_the_guardian_s_name_is_kept_only_in_the_encrypted_store(
    workspace: Workspace, guarded: FinishedRecord
) -> None:
    del guarded
    for path in workspace.directory.rglob("*"):
        if path.is_file():
            assert GUARDIAN_NAME.encode() not in path.read_bytes(), path


def test_an_approval_undone_waits_again_audited(
    workspace: Workspace, two: list[FinishedRecord]
) -> None:
    record = two[0].record_id
    _as(workspace, KETUA)
    queue.approve(workspace, record, "jari memang tidak ada")
    item = queue.undo_decision(workspace, record)
    assert item.state is queue.ReviewState.WAITING
    assert (item.decided_by, item.decided_at, item.note) == (None, None, None)
    assert [i.record_id for i in queue.list_reviews(workspace)] == [r.record_id for r in two]
    with workspace.transaction() as session:
        assert record in queue.held_record_ids(session)
        assert queue.decision_document(session, record, "0" * 64) is None
    (event,) = _audit(workspace, "review.undone")
    assert (event.actor, event.record_id) == (KETUA, record)
    assert json.loads(event.details) == {"undone": "approved", "revisit": None}
    # Decided again, as if for the first time.
    assert queue.approve(workspace, record).state is queue.ReviewState.APPROVED


def test_a_return_undone_takes_the_person_off_the_revisit_list(
    workspace: Workspace, two: list[FinishedRecord]
) -> None:
    record = two[1].record_id
    _as(workspace, KETUA)
    queue.return_for_recapture(workspace, record, "Foto bukti kabur")
    (listed,) = revisits.list_revisits(workspace)
    events: list[object] = []
    workspace.events.subscribe(RevisitsChanged, events.append)
    item = queue.undo_decision(workspace, record)
    assert item.state is queue.ReviewState.WAITING
    assert revisits.list_revisits(workspace, tuple(revisits.RevisitState)) == []
    assert events, "the revisit list was not told"
    (event,) = _audit(workspace, "review.undone")
    assert json.loads(event.details) == {"undone": "returned", "revisit": listed.id}


def test_undo_is_refused_in_words_when_it_cannot_be(
    workspace: Workspace, two: list[FinishedRecord]
) -> None:
    first, second = (r.record_id for r in two)
    _as(workspace, PETUGAS)
    with pytest.raises(AuthError):
        queue.undo_decision(workspace, first)
    _as(workspace, KETUA)
    with pytest.raises(queue.UndoRefused) as waiting:
        queue.undo_decision(workspace, first)
    assert waiting.value.code == "review_undo_not_decided"
    with pytest.raises(queue.ReviewNotFound):
        queue.undo_decision(workspace, "00000000-0000-0000-0000-000000000000")

    # Another ketua's decision is theirs to undo.
    queue.approve(workspace, first)
    _as(workspace, KETUA2)
    with pytest.raises(queue.UndoRefused) as theirs:
        queue.undo_decision(workspace, first)
    assert theirs.value.code == "review_undo_not_yours"
    assert theirs.value.params == {"officer": KETUA}

    # Sent: the decision travelled with the record.
    _as(workspace, KETUA)
    with workspace.transaction() as session:
        row = session.get(SealedRecordRow, first)
        assert row is not None
        row.state = outbox.RecordStatus.SENT.value
    with pytest.raises(queue.UndoRefused) as sent:
        queue.undo_decision(workspace, first)
    assert sent.value.code == "review_undo_sent"
    assert "sent" in sent.value.message

    # A revisit planned from the return is a visit with a team: not undone from here.
    queue.return_for_recapture(workspace, second, "Foto bukti kabur")
    (listed,) = revisits.list_revisits(workspace)
    with workspace.transaction() as session:
        entry = session.get(Revisit, listed.id)
        assert entry is not None
        entry.state = revisits.RevisitState.PLANNED.value
    with pytest.raises(revisits.RevisitAlreadyPlanned):
        queue.undo_decision(workspace, second)
    states = {i.record_id: i.state for i in queue.list_reviews(workspace, tuple(queue.ReviewState))}
    assert states == {first: queue.ReviewState.APPROVED, second: queue.ReviewState.RETURNED}
    assert _audit(workspace, "review.undone") == []


def test_the_cli_undoes_as_the_screen_does(home: Path) -> None:
    """``fieldkit review undo``: the same core function as the screen's Urungkan."""
    with init_workspace(home, training=True) as ws:
        Accounts(ws).add_officer(KETUA, "Budi Santoso", Role.KETUA_TIM, PASSWORD, kdf=TEST_KDF)
        visit = demo.demo_visit(ws)
        demo.prepare_sarpras(ws, visit)
        with demo.SimKit() as kit:
            record = demo.enroll_one(ws, kit, visit, 0, demo.demo_region(ws), with_exception=True)
    env = {"FIELDKIT_HOME": str(home), "FIELDKIT_OFFICER": KETUA, "FIELDKIT_PASSWORD": PASSWORD}
    refused = cli("review", "undo", record.record_id, env=env)
    assert refused.returncode == 1
    assert "no decision to undo" in refused.stderr
    returned = cli("review", "return", record.record_id, "--reason", "Foto kabur", env=env)
    assert returned.returncode == 0, returned.stderr
    undone = cli("review", "undo", record.record_id, "--json", env=env)
    assert undone.returncode == 0, undone.stderr
    assert json.loads(undone.stdout)["state"] == "waiting"
