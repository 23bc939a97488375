"""Push against the real service: receipts verified, ciphertext purged, tombstones kept."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from fieldkit import audit, catalogue
from fieldkit.delivery.flow import DeliveryOutcome
from fieldkit.records import container, outbox
from fieldkit.records.models import SealedRecordRow
from fieldkit.records.outbox import RecordStatus
from fieldkit.records.states import LAST_SYNC_KEY
from fieldkit.workspace import Workspace
from sync.client import config
from sync.client.cli import _push_text
from sync.client.client import SyncClient
from sync.client.errors import SyncReason
from sync.client.outcomes import receipt_from_json
from sync.client.progress import BatchEvent, RecordEvent, SyncEvent
from sync.protocol import RecordState, b64decode
from tests.support import cli
from tests.sync.client.syncsupport import (
    FixedPortDataCenter,
    cli_env,
    enroll,
    seal_records,
    states,
)
from tests.sync.server.dcsupport import dc_cli, list_records, searched, set_state


def _held(ws: Workspace, record_id: str) -> bool:
    """Whether the laptop still holds the record's ciphertext."""
    with ws.transaction() as session:
        return outbox.envelope_path(session, record_id).exists()


def _rows(ws: Workspace) -> dict[str, SealedRecordRow]:
    with ws.transaction() as session:
        rows = session.scalars(sa.select(SealedRecordRow)).all()
        session.expunge_all()
        return {r.record_id: r for r in rows}


def test_push_accepts_verifies_receipts_purges_and_keeps_tombstones(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    device_id = enroll(workspace, server)
    ids = seal_records(workspace, 12, size=20_000)
    events: list[SyncEvent] = []
    summary = SyncClient(workspace, manifest_batch=5).push(progress=events.append)

    assert summary.ok, summary.as_json()
    assert (summary.accepted, summary.purged, summary.rejected, summary.pending) == (12, 12, 0, 0)
    assert set(states(workspace).values()) == {"PURGED"}
    with workspace.transaction() as session:
        settings = config.load(session)
        assert settings is not None
        assert config.get(session, LAST_SYNC_KEY) is not None
        purges = [e for e in audit.recent(session, 100) if e.action == "record.purged"]
    assert sorted(e.record_id or "" for e in purges) == sorted(ids)
    for row in _rows(workspace).values():
        assert not _held(workspace, row.record_id)
        assert row.server_state == "ACCEPTED"
        receipt = receipt_from_json(json.loads(row.receipt or ""))
        receipt.verify(b64decode(settings.receipt_key))
        assert (receipt.record_id, receipt.device_id, receipt.sha256) == (
            row.record_id,
            device_id,
            row.sha256,
        )
    at_server = list_records(server.data)
    assert sorted(r["record_id"] for r in at_server) == sorted(ids)
    assert {r["state"] for r in at_server} == {"ACCEPTED"}

    batches = [e for e in events if isinstance(e, BatchEvent)]
    assert [(b.batch, b.batches, b.announced) for b in batches] == [(1, 3, 5), (2, 3, 5), (3, 3, 2)]
    records = [e for e in events if isinstance(e, RecordEvent)]
    assert len(records) == 12
    assert records[-1].records_done == 12
    assert records[-1].bytes_done == records[-1].bytes_total
    assert all(r.rate_bps > 0 for r in records)
    # A typed outcome, the one list every path uses (its value is still the word "purged").
    assert {r.outcome for r in records} == {DeliveryOutcome.PURGED}
    assert all(r.outcome is DeliveryOutcome.PURGED for r in records)


def test_nothing_to_send_is_a_success(workspace: Workspace, server: FixedPortDataCenter) -> None:
    enroll(workspace, server)
    summary = SyncClient(workspace).push()
    assert summary.ok
    assert summary.accepted == 0


def test_push_before_enrollment_says_so(workspace: Workspace) -> None:
    with pytest.raises(Exception, match="not enrolled") as caught:
        SyncClient(workspace).push()
    assert getattr(caught.value, "reason", None) is SyncReason.NOT_ENROLLED


def test_resend_after_a_lost_local_commit_gets_the_same_receipt_and_no_duplicate(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    seal_records(workspace, 3)
    with workspace.transaction() as session:
        kept = {
            i.record_id: outbox.sealed(session, i.record_id) for i in outbox.list_records(session)
        }
    assert SyncClient(workspace).push().ok
    first = {rid: row.receipt for rid, row in _rows(workspace).items()}

    # The laptop "crashed" before committing what the server said: back to SEALED with its bytes.
    with workspace.transaction() as session:
        for record_id, sealed in kept.items():
            row = session.get(SealedRecordRow, record_id)
            assert row is not None
            row.envelope, row.state, row.receipt, row.purged_at = (
                sealed.envelope,
                "SEALED",
                None,
                None,
            )
    summary = SyncClient(workspace).push()
    assert summary.ok
    assert (summary.accepted, summary.purged, summary.uploaded) == (3, 3, 0)
    assert {rid: row.receipt for rid, row in _rows(workspace).items()} == first
    assert len(list_records(server.data)) == 3


def test_demo_records_get_a_plain_reason_and_are_not_retried(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    demo_ids = seal_records(workspace, 2)  # sealed before enrollment: the demo key
    enroll(workspace, server)
    real_ids = seal_records(workspace, 2)
    summary = SyncClient(workspace).push()
    assert summary.pending == 0
    assert (summary.accepted, summary.rejected) == (2, 2)
    problems = {p.record_id: p for p in summary.problems}
    assert set(problems) == set(demo_ids)
    for problem in problems.values():
        assert (problem.reason, problem.sentence_code) == ("kid_unknown", "record.demo")
        assert problem.message == "A training (demo) record: it is never sent."
    again = SyncClient(workspace).push()
    assert (again.accepted, again.rejected, again.uploaded) == (0, 0, 0)
    local = states(workspace)
    assert {local[r] for r in demo_ids} == {"REJECTED"}
    assert {local[r] for r in real_ids} == {"PURGED"}
    assert {r["record_id"] for r in list_records(server.data)} == set(real_ids)


def test_damaged_envelope_is_rejected_with_a_reason_and_kept(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    bad, good = seal_records(workspace, 2)
    with workspace.transaction() as session:
        path = outbox.envelope_path(session, bad)
    damaged = bytearray(path.read_bytes())
    damaged[100] ^= 1
    path.write_bytes(bytes(damaged))
    summary = SyncClient(workspace).push()
    assert (summary.accepted, summary.rejected, summary.pending) == (1, 1, 0)
    rows = _rows(workspace)
    assert rows[bad].state == "REJECTED"
    assert _held(workspace, bad)  # never purged
    # The reason is a code and the words are apart: never joined with ": " and split again.
    assert rows[bad].reason == "damaged"
    assert (rows[bad].message or "").startswith("The sealed copy on this laptop")
    assert rows[good].state == "PURGED"
    assert [r["record_id"] for r in list_records(server.data)] == [good]


def test_forged_record_signature_is_rejected_by_the_server_and_kept(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    (forged,) = seal_records(workspace, 1)
    with workspace.transaction() as session:
        row = session.get(SealedRecordRow, forged)
        assert row is not None
        row.signature = bytes(64)
    summary = SyncClient(workspace).push()
    assert (summary.accepted, summary.rejected) == (0, 1)
    assert summary.problems[0].reason == "record_signature_invalid"
    row = _rows(workspace)[forged]
    assert row.state == "REJECTED"
    assert _held(workspace, forged)
    assert row.reason == "record_signature_invalid"
    assert row.message
    assert list_records(server.data) == []


def test_revoked_laptop_gets_a_clear_reason_and_keeps_its_records(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    device_id = enroll(workspace, server)
    ids = seal_records(workspace, 2)
    done = dc_cli(server.data, "devices", "revoke", device_id, "--reason", "laptop lost")
    assert done.returncode == 0, done.stderr
    summary = SyncClient(workspace).push()
    assert summary.error is not None
    assert summary.error.reason is SyncReason.DEVICE_REVOKED
    assert "revoked" in summary.error.message
    assert "operator" in (summary.error.hint or "")
    assert summary.pending == 2
    assert {p.reason for p in summary.problems} == {"device_revoked"}
    assert set(states(workspace).values()) == {"SEALED"}
    assert set(ids) == set(states(workspace))
    with workspace.transaction() as session:
        assert config.get(session, LAST_SYNC_KEY) is None


class Skewed:
    """A laptop clock three days behind."""

    def __call__(self) -> float:
        return time.time() - 3 * 86400


def test_clock_days_off_is_refused_as_clock_skew_when_not_correcting(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    seal_records(workspace, 1)
    summary = SyncClient(workspace, clock=Skewed(), correct_clock=False).push()
    assert summary.error is not None
    assert summary.error.reason is SyncReason.CLOCK_SKEW
    assert "clock" in summary.error.message
    assert "3.0 days" in summary.error.message
    assert "behind" in summary.error.message
    assert summary.pending == 1


def test_clock_days_off_is_corrected_by_server_time_and_warned(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    seal_records(workspace, 2)
    summary = SyncClient(workspace, clock=Skewed()).push()
    assert summary.ok, summary.as_json()
    assert summary.accepted == 2
    (warning,) = summary.warnings
    assert warning["reason"] == "clock_skew"
    assert warning["skew_s"] == pytest.approx(-259200, abs=5)
    # ``fieldkit sync push`` says it in the command's language (issue 59 §8: "warning: ...").
    try:
        catalogue.use_language("id")
        said = _push_text(summary)
        catalogue.use_language("en")
        english = _push_text(summary)
    finally:
        catalogue.use_language(catalogue.DEFAULT_LANGUAGE)
    assert "\n  peringatan: Jam laptop 3.0 hari (" in said, said
    assert warning["message"] not in said
    assert f"\n  warning: {warning['message']}" in english  # English: as before
    with workspace.transaction() as session:
        last = config.get(session, LAST_SYNC_KEY)
    assert last is not None
    # Written in the data center's (corrected) time, not the wrong laptop clock.
    assert abs(dt.datetime.fromisoformat(last).timestamp() - time.time()) < 60


def test_status_pull_back_brings_later_states(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    first, second = seal_records(workspace, 2)
    assert SyncClient(workspace).push().ok
    searched(server.data, first)  # penunggalan's verdicts; then the office's hands
    set_state(server.data, first, "PRINTED", "READY_FOR_HANDOVER")
    searched(server.data, second)
    assert SyncClient(workspace).pull_status() == 4
    rows = _rows(workspace)
    assert rows[first].server_state == "READY_FOR_HANDOVER"
    assert rows[second].server_state == "PRINT_READY_RECORD"
    assert {r.state for r in rows.values()} == {"PURGED"}
    assert SyncClient(workspace).pull_status() == 0  # the cursor moved on


def test_pulling_states_the_laptop_already_holds_writes_nothing(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    """A push's own records come back from /v1/status as RECEIVED then ACCEPTED: no rewrite,
    and the earlier RECEIVED never overwrites the ACCEPTED the laptop already knows."""
    enroll(workspace, server)
    ids = seal_records(workspace, 3)
    assert SyncClient(workspace).push().ok
    before = {rid: (row.server_state, row.updated_at) for rid, row in _rows(workspace).items()}
    assert {state for state, _ in before.values()} == {"ACCEPTED"}
    with workspace.transaction() as session:
        config.put(session, config.STATUS_CURSOR, "0")  # read the whole history again
    assert SyncClient(workspace).pull_status() == 2 * len(ids)
    after = {rid: (row.server_state, row.updated_at) for rid, row in _rows(workspace).items()}
    assert after == before


def test_receipt_from_another_data_center_key_is_not_trusted(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    """A receipt the pinned key did not sign never purges anything."""
    enroll(workspace, server)
    (record_id,) = seal_records(workspace, 1)
    with workspace.transaction() as session:
        settings = config.load(session)
        assert settings is not None
        # Pin a different receipt key, as if the key set had been swapped.
        config.put(session, config.RECEIPT_KEY, "A" * 43 + "=")
    summary = SyncClient(workspace).push()
    assert not summary.ok
    row = _rows(workspace)[record_id]
    assert _held(workspace, record_id)
    assert row.state == "SEALED"


def test_cli_push_json_progress_and_summary(
    workspace: Workspace, home: Path, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    seal_records(workspace, 3)
    workspace.close()
    done = cli("sync", "push", "--json", env=cli_env(home))
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert {k: summary[k] for k in ("accepted", "rejected", "pending", "purged")} == {
        "accepted": 3,
        "rejected": 0,
        "pending": 0,
        "purged": 3,
    }
    events = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    assert [e["event"] for e in events] == ["batch", "record", "record", "record"]
    assert events[-1]["records_done"] == 3

    status = cli("sync", "status", "--json", env=cli_env(home))
    assert status.returncode == 0, status.stderr
    data = json.loads(status.stdout)
    assert data["counts"]["PURGED"] == 3
    assert data["last_success_at"]


def test_cli_push_exit_1_names_each_pending_record(
    workspace: Workspace, home: Path, server: FixedPortDataCenter
) -> None:
    device_id = enroll(workspace, server)
    ids = seal_records(workspace, 2)
    workspace.close()
    assert dc_cli(server.data, "devices", "revoke", device_id).returncode == 0
    done = cli("sync", "push", env=cli_env(home))
    assert done.returncode == 1
    assert "revoked" in done.stdout
    for record_id in ids:
        assert record_id in done.stdout
    assert "internet" not in done.stdout.lower()


def test_receipt_state_survives_as_server_state(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    seal_records(workspace, 1)
    SyncClient(workspace).push()
    (row,) = _rows(workspace).values()
    receipt = receipt_from_json(json.loads(row.receipt or ""))
    assert receipt.state is RecordState.ACCEPTED
    assert row.state == RecordStatus.PURGED.value


def _container(record_id: str, seq: int, *, tamper_blob: bool) -> container.Packed:
    blobs = container.BlobList()
    face = os.urandom(40_000)
    listed = hashlib.sha256(face).hexdigest()
    if tamper_blob:  # the header (which the laptop signs) lists another image than it carries
        face = os.urandom(40_000)
    header = {"format": "fieldkit-record/2", "record_id": record_id, "seq": seq}
    header["face"] = blobs.ref("image/jp2", listed, face)
    return container.pack(header, blobs)


def test_record_containers_are_accepted_and_a_blob_that_lies_is_rejected(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    with workspace.transaction() as session:
        good = outbox.seal_record(
            session, "rec-good", _container("rec-good", 1, tamper_blob=False).payload
        )
        packed = _container("rec-lie", 2, tamper_blob=True)
        outbox.seal_record(session, "rec-lie", packed.payload, statement=packed.statement)
        packed = _container("rec-good2", 3, tamper_blob=False)
        outbox.seal_record(session, "rec-good2", packed.payload, statement=packed.statement)
    assert good.seq == 1
    summary = SyncClient(workspace).push()
    assert (summary.accepted, summary.rejected) == (2, 1)
    [problem] = summary.problems
    assert problem.record_id == "rec-lie"
    assert (problem.reason, problem.sentence_code) == ("payload_invalid", "server.payload_invalid")
    assert problem.message == "The record's content is not valid."
    assert states(workspace) == {"rec-good": "PURGED", "rec-good2": "PURGED", "rec-lie": "REJECTED"}


def test_a_data_center_that_needs_a_newer_fieldkit_says_so_and_nothing_is_lost(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    ids = seal_records(workspace, 2)
    server.stop()
    server.extra = ("--min-client-version", "99.0")
    server.start()
    summary = SyncClient(workspace).push()
    assert not summary.ok
    assert summary.error is not None
    assert summary.error.server_reason == "client_too_old"
    assert "99.0 or newer" in summary.error.message
    assert "FieldKit update" in (summary.error.hint or "")
    assert set(states(workspace).values()) == {"SEALED"}
    assert list_records(server.data) == []
    server.stop()
    server.extra = ()
    server.start()
    assert SyncClient(workspace).push().ok
    assert set(states(workspace)) == set(ids)
    assert set(states(workspace).values()) == {"PURGED"}
