"""Putting a record refused by mistake back in the queue: who may, which records, and the audit."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from fieldkit.accounts import Accounts
from fieldkit.delivery import requeue, settle
from fieldkit.errors import AuthError, AuthReason
from fieldkit.officers import Role
from fieldkit.records import outbox
from fieldkit.records import states as delivery
from fieldkit.records.outbox import RecordNotFound, RecordStatus
from fieldkit.store.keyring import TEST_KDF
from fieldkit.store.models import AuditEvent
from fieldkit.workspace import Workspace

PASSWORD = "kata-sandi-petugas"


def _seal(ws: Workspace, record_id: str) -> str:
    with ws.transaction() as session:
        outbox.seal_record(session, record_id, b'{"person": "synthetic"}')
    return record_id


def _refuse(ws: Workspace, record_id: str, reason: str = "payload_invalid") -> None:
    """What an unsigned USB line did before: REJECTED, kept, never sent again."""
    with ws.transaction() as session:
        settle.refused(session, record_id, reason, "The data center says so (unsigned).")


def _info(ws: Workspace, record_id: str) -> outbox.RecordInfo:
    with ws.transaction() as session:
        info = outbox.record_info(session, record_id)
    assert info is not None
    return info


def _pending(ws: Workspace) -> list[str]:
    with ws.transaction() as session:
        return [info.record_id for info in delivery.pending(session)]


def _events(ws: Workspace, action: str) -> list[AuditEvent]:
    with ws.transaction() as session:
        return list(session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_a_rejected_record_goes_back_in_the_queue_with_an_audit_event(
    workspace: Workspace,
) -> None:
    record_id = _seal(workspace, "rec-1")
    _refuse(workspace, record_id)
    assert _pending(workspace) == []  # stranded: never announced or exported again
    done = requeue.requeue(workspace, record_id)
    assert (done.record_id, done.previous_reason) == (record_id, "payload_invalid")
    info = _info(workspace, record_id)
    assert (info.state, info.server_state, info.reason, info.message) == (
        RecordStatus.SEALED,
        None,
        None,
        None,
    )
    assert _pending(workspace) == [record_id]  # the next push announces it, an export carries it
    [event] = _events(workspace, "record.requeued")
    assert (event.actor, event.record_id) == ("admin", record_id)
    assert json.loads(event.details) == {"reason": "payload_invalid", "server_state": None}


def test_a_record_rejected_on_a_signed_receipt_forgets_that_verdict_too(
    workspace: Workspace,
) -> None:
    record_id = _seal(workspace, "rec-2")
    with workspace.transaction() as session:
        settle.rejected(
            session,
            record_id,
            server_state="REJECTED",
            reason="decrypt_failed",
            message=None,
            actor="admin",
            receipt='{"state": "REJECTED", "signature": "c2lnbmVk"}',
        )
    requeue.requeue(workspace, record_id)
    info = _info(workspace, record_id)
    assert (info.state, info.server_state, info.reason) == (RecordStatus.SEALED, None, None)
    [event] = _events(workspace, "record.requeued")
    assert json.loads(event.details) == {"reason": "decrypt_failed", "server_state": "REJECTED"}


def test_a_reason_that_is_no_code_is_not_copied_into_the_audit_log(workspace: Workspace) -> None:
    """The old unsigned USB line put any text there; the audit log refuses digit runs."""
    record_id = _seal(workspace, "rec-3")
    _refuse(workspace, record_id, reason="3315010101900001 " + "x" * 300)
    requeue.requeue(workspace, record_id)
    [event] = _events(workspace, "record.requeued")
    assert json.loads(event.details) == {"reason": "other", "server_state": None}


@pytest.mark.parametrize("role", [Role.PETUGAS, Role.KETUA_TIM])
def test_only_the_office_may_requeue(workspace: Workspace, role: Role) -> None:
    record_id = _seal(workspace, "rec-4")
    _refuse(workspace, record_id)
    Accounts(workspace).add_officer("siti", "Siti Uji", role, PASSWORD, kdf=TEST_KDF)
    with (
        Workspace.login(workspace.directory, "siti", PASSWORD) as ws,
        pytest.raises(AuthError) as forbidden,
    ):
        requeue.requeue(ws, record_id)
    assert forbidden.value.reason is AuthReason.FORBIDDEN
    assert _info(workspace, record_id).state is RecordStatus.REJECTED
    assert _events(workspace, "record.requeued") == []


def test_an_operator_may_requeue(workspace: Workspace) -> None:
    record_id = _seal(workspace, "rec-5")
    _refuse(workspace, record_id)
    Accounts(workspace).add_officer("eko", "Eko Uji", Role.OPERATOR, PASSWORD, kdf=TEST_KDF)
    with Workspace.login(workspace.directory, "eko", PASSWORD) as ws:
        requeue.requeue(ws, record_id)
    assert _info(workspace, record_id).state is RecordStatus.SEALED
    [event] = _events(workspace, "record.requeued")
    assert event.actor == "eko"


@pytest.mark.parametrize("state", [RecordStatus.SEALED, RecordStatus.SENT, RecordStatus.PURGED])
def test_only_a_rejected_record_can_be_requeued(workspace: Workspace, state: RecordStatus) -> None:
    record_id = _seal(workspace, "rec-6")
    receipt = '{"state": "ACCEPTED", "signature": "c2lnbmVk"}'
    with workspace.transaction() as session:
        if state is RecordStatus.SENT:
            settle.received(session, record_id, receipt, "RECEIVED")
        elif state is RecordStatus.PURGED:
            info = outbox.record_info(session, record_id)
            assert info is not None
            settle.accepted(session, info, receipt, "ACCEPTED", actor="admin")
    with pytest.raises(requeue.RequeueRefused) as refused:
        requeue.requeue(workspace, record_id)
    assert refused.value.code == "requeue_not_rejected"
    assert refused.value.params == {"record": record_id[:8], "state": state.value}
    assert f"is {state.value}" in refused.value.message
    assert _info(workspace, record_id).state is state
    assert _events(workspace, "record.requeued") == []


def test_a_record_this_laptop_never_held_is_named(workspace: Workspace) -> None:
    with pytest.raises(RecordNotFound) as missing:
        requeue.requeue(workspace, "no-such-record")
    assert missing.value.code == "record_not_on_laptop"
