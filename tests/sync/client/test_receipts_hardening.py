"""``fieldkit sync receipts`` against a hostile ``receipts.json``: only a signature counts.

A receipt changes a record on this laptop only when the enrolled data center signed
it.  Every test runs the real data center and real files on disk.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ed25519

from fieldkit.records import outbox
from fieldkit.workspace import Workspace
from sync.client import config
from sync.client.usb import export_records, import_receipts
from sync.protocol import Receipt, RecordState, b64encode
from tests.support import cli
from tests.sync.client.syncsupport import (
    FixedPortDataCenter,
    cli_env,
    enroll,
    seal_records,
    states,
)


def _exported(ws: Workspace, server: FixedPortDataCenter, stick: Path, count: int) -> list[str]:
    """An enrolled laptop with ``count`` sealed records exported to ``stick``."""
    enroll(ws, server)
    ids = seal_records(ws, count)
    export_records(ws, stick)
    return ids


def _export_folder(stick: Path) -> Path:
    [folder] = [p.parent for p in stick.glob("*/*/manifest.json")]
    return folder


def _exported_ids(ws: Workspace, tmp_path: Path) -> set[str]:
    """The record ids the next USB export carries (what the data center would be sent)."""
    manifest = json.loads(
        (export_records(ws, tmp_path / "next").path / "manifest.json").read_text()
    )
    return {entry["record_id"] for entry in manifest["records"]}


def _info(ws: Workspace, record_id: str) -> outbox.RecordInfo:
    with ws.transaction() as session:
        info = outbox.record_info(session, record_id)
    assert info is not None
    return info


def _receipt_fields(ws: Workspace, record_id: str, state: str = "REJECTED") -> dict[str, Any]:
    """A receipt for one of this laptop's records, right in every field but the signature."""
    with ws.transaction() as session:
        settings = config.load(session)
    assert settings is not None
    return {
        "record_id": record_id,
        "device_id": settings.device_id,
        "sha256": _info(ws, record_id).sha256,
        "state": state,
        "received_at": "2026-03-02T08:00:00.000000Z",
    }


# --- item 3: only the data center's signature changes a record ----------------------------


def test_an_unsigned_rejection_leaves_the_record_sealed_and_exported_again(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    stick = tmp_path / "usb"
    first, second = _exported(workspace, server, stick, 2)
    folder = _export_folder(stick)
    (folder / "receipts.json").write_text(
        json.dumps(
            [
                # The old laptop took this line as a refusal and stranded the record for good.
                {"record_id": first, "state": "REJECTED", "reason": "payload_invalid"},
                # The data center's own REFUSED line has no receipt either.
                {
                    "record_id": second,
                    "state": "REJECTED",
                    "reason": "payload_invalid",
                    "message": "Refused.",
                    "receipt": None,
                },
            ]
        )
    )
    result = import_receipts(workspace, stick)
    assert [(p.record_id, p.outcome, p.reason) for p in result.problems] == [
        (first, "ignored", "unsigned"),
        (second, "ignored", "unsigned"),
    ]
    assert (result.accepted, result.rejected, result.pending) == (0, 0, 2)
    for record_id in (first, second):
        info = _info(workspace, record_id)
        assert (info.state, info.reason, info.message) == (outbox.RecordStatus.SEALED, None, None)
    assert _exported_ids(workspace, tmp_path) == {first, second}


def _forged_entries(ws: Workspace, first: str, second: str) -> list[dict[str, Any]]:
    fields = _receipt_fields(ws, first)
    statement = Receipt(**{**fields, "state": RecordState.REJECTED}).statement()
    someone_else = ed25519.Ed25519PrivateKey.generate()
    return [
        # Signed, well formed, by a key that is not the enrolled data center's.
        {
            "record_id": first,
            "state": "REJECTED",
            "reason": "payload_invalid",
            "receipt": {**fields, "signature": b64encode(someone_else.sign(statement))},
        },
        # A signature beside the receipt, not in it: the receipt itself is unsigned.
        {
            "record_id": second,
            "state": "REJECTED",
            "reason": "payload_invalid",
            "signature": b64encode(someone_else.sign(statement)),
            "receipt": _receipt_fields(ws, second),
        },
    ]


def test_a_forged_rejection_leaves_the_record_sealed_and_exported_again(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    stick = tmp_path / "usb"
    first, second = _exported(workspace, server, stick, 2)
    receipts = _export_folder(stick) / "receipts.json"
    receipts.write_text(json.dumps(_forged_entries(workspace, first, second)))
    result = import_receipts(workspace, stick)
    assert [(p.record_id, p.outcome, p.reason) for p in result.problems] == [
        (first, "pending", "receipt_invalid"),
        (second, "ignored", "unsigned"),
    ]
    assert (result.rejected, result.pending) == (0, 2)
    assert {states(workspace)[r] for r in (first, second)} == {"SEALED"}
    assert _exported_ids(workspace, tmp_path) == {first, second}


def test_the_cli_reports_an_unsigned_rejection_and_changes_nothing(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path, home: Path
) -> None:
    stick = tmp_path / "usb"
    [record_id] = _exported(workspace, server, stick, 1)
    (_export_folder(stick) / "receipts.json").write_text(
        json.dumps([{"record_id": record_id, "state": "REJECTED", "reason": "conflict"}])
    )
    workspace.close()
    done = cli("sync", "receipts", str(stick), env=cli_env(home))
    assert done.returncode == 1, done.stderr
    assert f"{record_id}: ignored unsigned" in done.stdout
    assert "not signed by the data center" in done.stdout
    status = cli("sync", "status", "--offline", "--json", env=cli_env(home))
    assert json.loads(status.stdout)["counts"]["SEALED"] == 1
