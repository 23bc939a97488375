"""What an answer from the data center does to a record: the purge and all it erases."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from fieldkit.delivery import settle
from fieldkit.receipts.models import RecordReceipt
from fieldkit.records import outbox
from fieldkit.records.models import RecordReview, ReviewState
from fieldkit.records.states import RecordStatus
from fieldkit.review.models import ReviewPhoto
from fieldkit.store.models import AuditEvent
from fieldkit.workspace import Workspace

RECEIPT = '{"state": "ACCEPTED", "signature": "c2lnbmVk"}'


@pytest.fixture
def sealed(workspace: Workspace) -> str:
    """One approved, flagged record with its family's receipt and its review summary."""
    now = dt.datetime.now(dt.UTC)
    with workspace.transaction() as session:
        outbox.seal_record(session, "rec-1", b'{"person": "synthetic"}')
        session.add(RecordReceipt(record_id="rec-1", content="{}", made_by="admin", made_at=now))
        session.add(
            RecordReview(
                record_id="rec-1",
                flags=json.dumps(["exception:finger:r_index:amputated:permanent"]),
                details=json.dumps([{"kind": "exception", "code": "x", "text": "luka bakar"}]),
                state=ReviewState.APPROVED.value,
                created_at=now,
                note="sudah dicek",
            )
        )
        session.add(
            ReviewPhoto(record_id="rec-1", part="finger", media_type="image/jpeg", data=b"jpeg")
        )
    return "rec-1"


def test_an_acceptance_erases_everything_kept_until_then(workspace: Workspace, sealed: str) -> None:
    with workspace.transaction() as session:
        path = outbox.envelope_path(session, sealed)
        info = outbox.record_info(session, sealed)
        assert info is not None
        settle.accepted(session, info, RECEIPT, "ACCEPTED", actor="admin")
    assert not path.exists()
    with workspace.transaction() as session:
        after = outbox.record_info(session, sealed)
        review = session.get(RecordReview, sealed)
        assert review is not None
        assert session.scalars(sa.select(RecordReceipt)).all() == []
        assert session.scalars(sa.select(ReviewPhoto)).all() == []
        assert (review.note, json.loads(review.details)) == (
            None,
            [{"kind": "exception", "code": "x"}],
        )
        [event] = session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "record.purged")
        ).all()
    assert after is not None
    assert (after.state, after.server_state, after.reason) == (
        RecordStatus.PURGED,
        "ACCEPTED",
        None,
    )
    tombstone = settle.tombstone_id(sealed, info.sha256, RECEIPT)
    assert json.loads(event.details) == {"tombstone": tombstone}
    assert "=" not in tombstone


def test_an_acceptance_pulled_again_keeps_the_later_state(
    workspace: Workspace, sealed: str
) -> None:
    with workspace.transaction() as session:
        info = outbox.record_info(session, sealed)
        assert info is not None
        settle.accepted(session, info, RECEIPT, "ACCEPTED", actor="admin")
    with workspace.transaction() as session:
        purged = outbox.record_info(session, sealed)
        assert purged is not None
        settle.later_state(session, purged, "PRINTED")
        purged = outbox.record_info(session, sealed)
        assert purged is not None
        settle.accepted(session, purged, RECEIPT, "ACCEPTED", actor="admin")
        settle.later_state(session, purged, "REJECTED", refused=True, reason="late")
        again = outbox.record_info(session, sealed)
        events = session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "record.purged")
        )
    assert again is not None
    assert (again.state, again.server_state) == (RecordStatus.PURGED, "REJECTED")
    assert events == 1


def test_a_purge_needs_an_acceptance_with_a_receipt(workspace: Workspace, sealed: str) -> None:
    with workspace.transaction() as session, pytest.raises(outbox.PurgeRefused):
        settle.purge(session, sealed)
    with workspace.transaction() as session:
        assert session.get(RecordReceipt, sealed) is not None
        assert outbox.envelope_path(session, sealed).exists()


def test_a_rejection_keeps_the_record_with_its_reason_and_words(
    workspace: Workspace, sealed: str
) -> None:
    with workspace.transaction() as session:
        settle.rejected(
            session,
            sealed,
            server_state="REJECTED",
            reason="payload_invalid",
            message="foto wajah: tidak terbaca",
            actor="admin",
            receipt=RECEIPT,
        )
        info = outbox.record_info(session, sealed)
        assert session.get(RecordReceipt, sealed) is not None
    assert info is not None
    assert (info.state, info.reason, info.message) == (
        RecordStatus.REJECTED,
        "payload_invalid",
        "foto wajah: tidak terbaca",
    )


def test_an_unverified_receipt_sends_the_record_again(workspace: Workspace, sealed: str) -> None:
    with workspace.transaction() as session:
        settle.received(session, sealed, RECEIPT, "RECEIVED")
        settle.unverified(session, sealed, "receipt_invalid")
        info = outbox.record_info(session, sealed)
    assert info is not None
    assert (info.state, info.reason, info.message) == (
        RecordStatus.SEALED,
        "receipt_invalid",
        None,
    )


def test_a_later_state_brings_its_own_words_and_keeps_the_old_ones_without(
    workspace: Workspace, sealed: str
) -> None:
    """A closed duplicate's reason reaches the record; a later state with no words keeps it."""
    with workspace.transaction() as session:
        info = outbox.record_info(session, sealed)
        assert info is not None
        settle.accepted(session, info, RECEIPT, "ACCEPTED", actor="admin")
    reason = "Orang yang sama, direkam dua kali"
    with workspace.transaction() as session:
        purged = outbox.record_info(session, sealed)
        assert purged is not None
        settle.later_state(
            session, purged, "DUPLICATE_CLOSED", reason="adjudicated", message=reason
        )
        closed = outbox.record_info(session, sealed)
        assert closed is not None
        settle.later_state(session, closed, "DUPLICATE_CLOSED")
        again = outbox.record_info(session, sealed)
    assert closed.message == reason
    assert again is not None
    assert (again.state, again.server_state, again.message) == (
        RecordStatus.PURGED,
        "DUPLICATE_CLOSED",
        reason,
    )
