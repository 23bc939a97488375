"""The audit log anchored at the data center: rewriting, cutting or rolling it back is found.

Each attack is made the way an officer with the store's key would make it (the
store the app itself opens, rows edited and every hash recomputed), against a
real data center process; ``audit verify`` on the laptop and the data center's
findings must both name it (issue 24, item 1).
"""

from __future__ import annotations

import json
import shutil
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa

from fieldkit import audit
from fieldkit.store.models import AuditEvent, Setting
from fieldkit.workspace import Workspace
from sync.client.client import SyncClient
from sync.client.errors import SyncError
from sync.client.usb import export_records, import_receipts
from sync.protocol import AUDIT_ANSWER_FILE
from tests.support import ADMIN, ADMIN_PASSWORD
from tests.sync.client.syncsupport import enroll, rewrite_audit_from, seal_records
from tests.sync.server.dcsupport import dc_cli

if TYPE_CHECKING:
    from pathlib import Path

    from tests.sync.client.syncsupport import FixedPortDataCenter


def _cut_after(ws: Workspace, last: int) -> None:
    """Delete every event after ``last`` and set the head back: the chain alone stays whole."""
    with ws.transaction() as session:
        kept = session.get(AuditEvent, last)
        assert kept is not None
        session.execute(sa.delete(AuditEvent).where(AuditEvent.seq > last))
        head = session.get(Setting, audit.HEAD_KEY)
        assert head is not None
        head.value = json.dumps([last, kept.hash])


def _head_seq(ws: Workspace) -> int:
    with ws.transaction() as session:
        return audit.checkpoint(session, ()).head_seq


def _findings(server: FixedPortDataCenter, *extra: str) -> list[dict[str, Any]]:
    done = dc_cli(server.data, "audit", "findings", "--json", *extra)
    assert done.returncode == 0, done.stderr
    rows: list[dict[str, Any]] = json.loads(done.stdout)
    return rows


def _anchored(ws: Workspace) -> int:
    """Push (one record, so there is something to send) and return the anchored head."""
    seal_records(ws, 1)
    summary = SyncClient(ws).push()
    assert summary.ok, summary.as_json()
    assert summary.audit is not None
    assert summary.audit.problems == []
    assert summary.audit.anchored_seq is not None
    return summary.audit.anchored_seq


def test_a_push_anchors_the_head_and_verify_holds_the_log_against_it(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    first = _anchored(workspace)
    second = _anchored(workspace)

    assert second > first
    anchors = audit.load_anchors(workspace.directory, _receipt_key(workspace))
    assert [a.seq for a in anchors] == [first, second]
    assert workspace.verify_audit().ok
    assert _findings(server) == []


def test_events_rewritten_with_the_key_are_named_by_verify_and_by_the_data_center(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    device_id = enroll(workspace, server)
    anchored = _anchored(workspace)

    rewrite_audit_from(workspace, 2, actor="someone-else")

    with workspace.transaction() as session:
        assert audit.verify(session).ok, "the chain alone no longer shows it"
    found = workspace.verify_audit()
    assert not found.ok
    assert found.first_bad is not None
    assert found.first_bad.problem is audit.Problem.REWRITTEN
    assert found.first_bad.seq == anchored

    seal_records(workspace, 2)
    summary = SyncClient(workspace).push()
    assert summary.accepted == 2, "a tampered log holds no record back"
    assert summary.audit is not None
    assert summary.audit.problems == ["rewritten"]
    rows = _findings(server)
    assert [(r["device_id"], r["problem"], r["seq"], r["via"]) for r in rows] == [
        (device_id, "rewritten", anchored, "https")
    ]
    with workspace.transaction() as session:
        actions = [e.action for e in audit.recent(session, 5)]
    assert "sync.audit_differs" in actions


def test_events_cut_off_the_end_with_the_head_set_back_are_a_rollback(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    anchored = _anchored(workspace)

    _cut_after(workspace, anchored - 3)

    with workspace.transaction() as session:
        assert audit.verify(session).ok, "the chain alone no longer shows it"
    found = workspace.verify_audit()
    assert found.first_bad is not None
    assert found.first_bad.problem is audit.Problem.ROLLED_BACK
    assert f"event {anchored}" in found.first_bad.message

    summary = SyncClient(workspace).push()
    assert summary.audit is not None
    assert "rolled_back" in summary.audit.problems
    assert any(r["problem"] == "rolled_back" and r["seq"] == anchored for r in _findings(server))


def test_an_older_copy_of_the_store_put_back_is_found(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    enroll(workspace, server)
    home = workspace.directory
    old_copy = tmp_path / "fieldkit.db.old"
    workspace.close()
    shutil.copy2(home / "fieldkit.db", old_copy)
    ws = Workspace.login(home, ADMIN, ADMIN_PASSWORD)
    try:
        anchored = _anchored(ws)
    finally:
        ws.close()
    shutil.copy2(old_copy, home / "fieldkit.db")
    ws = Workspace.login(home, ADMIN, ADMIN_PASSWORD)
    try:
        found = ws.verify_audit()
        assert found.first_bad is not None
        assert found.first_bad.problem is audit.Problem.ROLLED_BACK
        summary = SyncClient(ws).push()
        assert summary.audit is not None
        assert "rolled_back" in summary.audit.problems
        assert any(
            r["problem"] == "rolled_back" and r["seq"] == anchored for r in _findings(server)
        )
    finally:
        ws.close()
    # The fixture closes the first workspace again: harmless.


def test_deleting_the_laptop_s_anchors_does_not_hide_a_rewrite_from_the_data_center(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    anchored = _anchored(workspace)
    rewrite_audit_from(workspace, 3, actor="someone-else")
    (workspace.directory / audit.ANCHORS_FILE).unlink()

    assert workspace.verify_audit().ok, "without its anchors the laptop cannot tell"
    summary = SyncClient(workspace).push()
    assert summary.audit is not None
    assert summary.audit.problems == ["rewritten"]
    assert [(r["problem"], r["seq"]) for r in _findings(server)] == [("rewritten", anchored)]


def test_a_finding_is_kept_once_and_an_acknowledgement_starts_a_new_epoch(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    device_id = enroll(workspace, server)
    anchored = _anchored(workspace)
    _cut_after(workspace, anchored - 2)
    seen = []
    for _ in range(3):
        summary = SyncClient(workspace).push()
        assert summary.audit is not None
        seen.append(summary.audit.problems)
    # The first push finds the log short; its own events then grow it past the anchor
    # again, with other events at that place: rewritten, at every later sync.
    assert seen == [["rolled_back"], ["rewritten"], ["rewritten"]]
    rows = _findings(server)
    assert [(r["problem"], r["seq"]) for r in rows] == [
        ("rolled_back", anchored),
        ("rewritten", anchored),
    ], "the same finding at every sync is one row"

    done = dc_cli(server.data, "audit", "acknowledge", device_id, "--reason", "restored by admin")
    assert done.returncode == 0, done.stderr
    assert device_id in done.stdout
    assert _findings(server) == []
    assert {r["acknowledgement"] for r in _findings(server, "--all")} == {"restored by admin"}

    summary = SyncClient(workspace).push()
    assert summary.audit is not None
    assert summary.audit.problems == []
    assert workspace.verify_audit().ok, "the new epoch's anchor binds, the old ones no longer"
    kept = audit.load_anchors(workspace.directory, _receipt_key(workspace))
    assert {a.epoch for a in kept} == {1}


def test_an_anchor_the_data_center_did_not_sign_is_ignored(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    anchored = _anchored(workspace)
    path = workspace.directory / audit.ANCHORS_FILE
    entries = json.loads(path.read_text(encoding="utf-8"))
    forged = dict(entries[-1], seq=anchored + 1000)
    path.write_text(json.dumps([*entries, forged, {"seq": "x"}, 12]), encoding="utf-8")

    kept = audit.load_anchors(workspace.directory, _receipt_key(workspace))
    assert [a.seq for a in kept] == [anchored]
    assert workspace.verify_audit().ok


def test_the_cli_says_when_no_laptop_differs(server: FixedPortDataCenter) -> None:
    done = dc_cli(server.data, "audit", "findings")
    assert done.returncode == 0, done.stderr
    assert "No laptop" in done.stdout


def _receipt_key(ws: Workspace) -> bytes:
    with ws.transaction() as session:
        key = audit.receipt_key(session)
    assert key is not None
    return key


def test_a_malformed_audit_report_is_refused_with_the_documented_body(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    client = SyncClient(workspace)
    transport = client._transport(client.settings())  # the signed channel itself
    good_hash = "a" * 64
    bad_reports: list[dict[str, Any]] = [
        {"head_seq": -1, "head_hash": good_hash, "proofs": []},
        {"head_seq": 3, "head_hash": "not hex", "proofs": []},
        {"head_seq": 3, "head_hash": good_hash, "proofs": [{"seq": 1, "hash": good_hash}] * 65},
        {"head_seq": 2**63, "head_hash": good_hash, "proofs": []},
    ]
    try:
        for body in bad_reports:
            with pytest.raises(SyncError) as refused:
                transport.request(
                    "POST",
                    "/v1/audit",
                    json.dumps(body).encode(),
                    {"content-type": "application/json"},
                )
            assert refused.value.status in {400, 422}, body
        assert _findings(server) == [], "nothing is kept from a malformed report"
    finally:
        transport.close()


# --- by USB stick -------------------------------------------------------------------


def _carried(ws: Workspace, server: FixedPortDataCenter, stick: Path) -> list[str]:
    """Export to the stick, import it at the data center, read its answers back."""
    seal_records(ws, 1)
    folder = export_records(ws, stick).path
    done = dc_cli(server.data, "import", str(folder), "--json")
    assert done.returncode == 0, done.stderr
    assert (folder / AUDIT_ANSWER_FILE).exists()
    result = import_receipts(ws, folder)
    assert result.accepted == 1
    assert result.audit is not None
    return result.audit.problems


def test_a_usb_export_carries_the_head_and_its_receipts_bring_the_anchor_back(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    enroll(workspace, server)
    assert _carried(workspace, server, tmp_path / "usb1") == []
    kept = audit.load_anchors(workspace.directory, _receipt_key(workspace))
    assert len(kept) == 1
    assert workspace.verify_audit().ok

    rewrite_audit_from(workspace, 2, actor="someone-else")
    assert not workspace.verify_audit().ok
    assert _carried(workspace, server, tmp_path / "usb2") == ["rewritten"]
    assert [(r["problem"], r["via"]) for r in _findings(server)] == [("rewritten", "usb")]


def test_a_stick_carried_in_after_a_push_is_late_not_a_rollback(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    enroll(workspace, server)
    seal_records(workspace, 1)
    folder = export_records(workspace, tmp_path / "usb").path
    _anchored(workspace)  # the network push overtakes the stick

    done = dc_cli(server.data, "import", str(folder), "--json")
    assert done.returncode == 0, done.stderr
    result = import_receipts(workspace, folder)
    assert result.audit is not None
    assert result.audit.problems == []
    assert _findings(server) == []
    assert workspace.verify_audit().ok


def test_a_forged_audit_answer_on_the_stick_changes_nothing(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    enroll(workspace, server)
    assert _carried(workspace, server, tmp_path / "usb1") == []
    before = audit.load_anchors(workspace.directory, _receipt_key(workspace))
    seal_records(workspace, 1)
    folder = export_records(workspace, tmp_path / "usb2").path
    assert dc_cli(server.data, "import", str(folder)).returncode == 0
    answer = json.loads((folder / AUDIT_ANSWER_FILE).read_text(encoding="utf-8"))
    answer["anchor"]["seq"] += 500  # a later anchor the data center never signed
    (folder / AUDIT_ANSWER_FILE).write_text(json.dumps(answer), encoding="utf-8")

    result = import_receipts(workspace, folder)
    assert result.accepted == 1, "the receipts still apply"
    assert result.audit is None
    assert audit.load_anchors(workspace.directory, _receipt_key(workspace)) == before
    assert workspace.verify_audit().ok
