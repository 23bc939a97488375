from __future__ import annotations

import pytest
import sqlalchemy as sa

from fieldkit import audit
from fieldkit.errors import BugError
from fieldkit.store.models import AuditEvent
from fieldkit.workspace import Workspace


def _fill(ws: Workspace, count: int) -> None:
    with ws.transaction() as session:
        for n in range(count):
            audit.append(session, "admin", "test.event", f"rec-{n}", {"n": n})


def test_intact_chain_verifies(workspace: Workspace) -> None:
    _fill(workspace, 5)
    result = workspace.verify_audit()
    assert result.ok
    # init records store.created and officer.created before the five test events
    assert result.events == 7


def test_edited_event_is_named(workspace: Workspace) -> None:
    _fill(workspace, 5)
    with workspace.transaction() as session:
        session.execute(sa.update(AuditEvent).where(AuditEvent.seq == 4).values(actor="mallory"))
    result = workspace.verify_audit()
    assert not result.ok
    assert result.first_bad is not None
    assert result.first_bad.seq == 4
    assert result.first_bad.problem is audit.Problem.EDITED


def test_deleted_event_is_named(workspace: Workspace) -> None:
    _fill(workspace, 5)
    with workspace.transaction() as session:
        session.execute(sa.delete(AuditEvent).where(AuditEvent.seq == 3))
    result = workspace.verify_audit()
    assert result.first_bad is not None
    assert (result.first_bad.seq, result.first_bad.problem) == (3, audit.Problem.MISSING)


def test_reordered_events_are_detected(workspace: Workspace) -> None:
    _fill(workspace, 5)
    with workspace.transaction() as session:
        # Swap the contents of events 4 and 5 while keeping their sequence numbers.
        four, five = (
            session.execute(sa.select(AuditEvent).where(AuditEvent.seq == n)).scalar_one()
            for n in (4, 5)
        )
        fields = ("occurred_at", "actor", "action", "record_id", "details", "prev_hash", "hash")
        saved = {f: getattr(four, f) for f in fields}
        for f in fields:
            setattr(four, f, getattr(five, f))
            setattr(five, f, saved[f])
    result = workspace.verify_audit()
    assert result.first_bad is not None
    assert result.first_bad.seq == 4
    assert result.first_bad.problem is audit.Problem.OUT_OF_ORDER


def test_events_cut_off_the_end_are_detected(workspace: Workspace) -> None:
    _fill(workspace, 5)
    with workspace.transaction() as session:
        session.execute(sa.delete(AuditEvent).where(AuditEvent.seq >= 6))
    result = workspace.verify_audit()
    assert result.first_bad is not None
    assert (result.first_bad.seq, result.first_bad.problem) == (6, audit.Problem.TRUNCATED)


@pytest.mark.parametrize(
    "details",
    [
        {"nik": "x"},
        {"nama": "x"},
        {"note": "3315014708950003"},
        {"note": "x" * 500},
        {"sha256": "3315014708950003" * 4},  # all digits: NIKs in a row, not a digest
        {"sha256": "3315014708950003" + "ab" * 24 + "z"},  # not hex: not a digest
    ],
)
def test_personal_data_never_enters_the_log(workspace: Workspace, details: dict[str, str]) -> None:
    with pytest.raises(BugError), workspace.transaction() as session:
        audit.append(session, "admin", "test.event", None, details)
    assert workspace.verify_audit().ok


def test_a_digest_whose_digits_run_to_sixteen_is_no_nik(workspace: Workspace) -> None:
    """About one SHA-256 in 40 has 16 decimal digits in a row; an update whose installer
    hashed so could never be audited, so never installed (BugError)."""
    digest = "1234567890123456" + "abcdef" * 8
    with workspace.transaction() as session:
        audit.append(session, "admin", "update.downloaded", None, {"sha256": digest})
    assert workspace.verify_audit().ok


def test_events_left_for_one_flush_still_chain_in_order(workspace: Workspace) -> None:
    """``flush=False`` (sync's purge events) batches the inserts; the chain must not notice."""
    with workspace.transaction() as session:
        for n in range(6):
            audit.append(session, "admin", "record.purged", f"rec-{n}", {"n": n}, flush=False)
        audit.append(session, "admin", "sync.pushed", None, {"purged": 6})
    result = workspace.verify_audit()
    assert result.ok
    assert result.events == 9
    with workspace.transaction() as session:
        assert [e.record_id for e in reversed(audit.recent(session, 7))] == [
            *(f"rec-{n}" for n in range(6)),
            None,
        ]
