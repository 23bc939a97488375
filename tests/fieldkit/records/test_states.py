"""Which state each record is in, and which are waiting: asked of the store itself."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fieldkit.delivery import settle
from fieldkit.enrollment import freeze
from fieldkit.records import outbox
from fieldkit.records import states as delivery
from fieldkit.records.models import RecordReview, ReviewState
from fieldkit.records.states import RecordStatus
from fieldkit.store.models import Setting
from fieldkit.workspace import Workspace


def seal(ws: Workspace, *record_ids: str) -> None:
    with ws.transaction() as session:
        for record_id in record_ids:
            outbox.seal_record(session, record_id, b'{"person": "synthetic"}')


def hold(ws: Workspace, record_id: str, state: ReviewState) -> None:
    """A review row as the seal leaves it for a flagged record, then the ketua's decision."""
    with ws.transaction() as session:
        session.add(
            RecordReview(
                record_id=record_id,
                flags=json.dumps(["exception:finger:r_index:amputated:permanent"]),
                details=json.dumps([{"kind": "exception", "text": "jari diamputasi"}]),
                state=state.value,
                created_at=dt.datetime.now(dt.UTC),
            )
        )


def test_the_states_are_one_enum_in_life_cycle_order() -> None:
    assert list(RecordStatus) == [
        RecordStatus.AWAITING_REVIEW,
        RecordStatus.RETURNED,
        RecordStatus.SEALED,
        RecordStatus.SENT,
        RecordStatus.ACCEPTED,
        RecordStatus.REJECTED,
        RecordStatus.PURGED,
    ]
    assert delivery.RecordStatus is outbox.RecordStatus


def test_a_held_record_is_counted_by_its_hold_and_not_waiting(workspace: Workspace) -> None:
    seal(workspace, "rec-plain", "rec-waits", "rec-returned")
    hold(workspace, "rec-waits", ReviewState.WAITING)
    hold(workspace, "rec-returned", ReviewState.RETURNED)
    with workspace.transaction() as session:
        tally = delivery.tally(session)
        pending = [info.record_id for info in delivery.pending(session)]
        to_send = [info.record_id for info in delivery.pending(session, (RecordStatus.SEALED,))]
        undelivered = delivery.undelivered_count(session)
    assert {s: n for s, n in tally.counts.items() if n} == {
        RecordStatus.AWAITING_REVIEW: 1,
        RecordStatus.RETURNED: 1,
        RecordStatus.SEALED: 1,
    }
    assert pending == to_send == ["rec-plain"]
    # The freeze waits for a record under review, not for one the ketua tim returned.
    assert undelivered == 2
    assert tally.problems == []


def test_pending_takes_only_pending_states(workspace: Workspace) -> None:
    with workspace.transaction() as session, pytest.raises(ValueError, match="REJECTED"):
        delivery.pending(session, (RecordStatus.REJECTED,))


def test_a_refusal_keeps_its_reason_and_its_words_apart(workspace: Workspace) -> None:
    seal(workspace, "rec-refused", "rec-colon")
    words = "sealed to key dc-9: which this data center does not have"
    with workspace.transaction() as session:
        settle.refused(session, "rec-refused", "kid_unknown", words)
        settle.refused(session, "rec-colon", "damaged", None)
    with workspace.transaction() as session:
        tally = delivery.tally(session)
        undelivered = delivery.undelivered_count(session)
    found = {info.record_id: (state, info.reason, info.message) for state, info in tally.problems}
    assert found == {
        "rec-refused": (RecordStatus.REJECTED, "kid_unknown", words),
        "rec-colon": (RecordStatus.REJECTED, "damaged", None),
    }
    assert undelivered == 2


def test_a_sync_is_done_when_it_ran_to_its_end_and_nothing_waits(workspace: Workspace) -> None:
    at = dt.datetime(2026, 11, 25, 2, 24, 37, tzinfo=dt.UTC)
    seal(workspace, "rec-waits", "rec-held")
    hold(workspace, "rec-held", ReviewState.WAITING)
    with workspace.transaction() as session:
        waiting = delivery.mark_sync_done(session, at)
        assert [info.record_id for info in waiting] == ["rec-waits"]
        assert freeze.last_sync(session) is None
        settle.refused(session, "rec-waits", "damaged", None)
    with workspace.transaction() as session:
        # A held record does not wait, a refused one no longer does; but a sync that
        # stopped early (a push's error) is not done.
        assert delivery.mark_sync_done(session, at, stopped=True) == []
        assert freeze.last_sync(session) is None
        assert delivery.mark_sync_done(session, at) == []
    with workspace.transaction() as session:
        assert freeze.last_sync(session) == at
        assert session.get(Setting, delivery.LAST_SYNC_KEY).value == "2026-11-25T02:24:37+00:00"
