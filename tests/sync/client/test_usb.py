"""USB transport: a signed export the data center can check, and receipts read back from it."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

from fieldkit.delivery.flow import DeliveryOutcome
from fieldkit.records import outbox
from fieldkit.records.states import LAST_SYNC_KEY
from fieldkit.safejson import canonical_json
from fieldkit.workspace import Workspace
from sync.client import config
from sync.client.errors import SyncError, SyncReason
from sync.client.transport import pinned_context
from sync.client.usb import export_records, import_receipts
from sync.protocol import HEADER_RECORD_SIGNATURE, b64decode, sign_request
from tests.support import cli
from tests.sync.client.syncsupport import (
    FixedPortDataCenter,
    cli_env,
    enroll,
    seal_records,
    states,
)
from tests.sync.server.dcsupport import list_records


def _check_export(folder: Path) -> dict[str, Any]:
    """What the data center's import checks: signature over the exact bytes, then every file."""
    raw = (folder / "manifest.json").read_bytes()
    manifest: dict[str, Any] = json.loads(raw)
    assert canonical_json(manifest) == raw
    public = ed25519.Ed25519PublicKey.from_public_bytes(b64decode(manifest["device_public_key"]))
    public.verify(b64decode((folder / "manifest.sig").read_text()), raw)
    for entry in manifest["records"]:
        data = (folder / "records" / f"{entry['record_id']}.sealed").read_bytes()
        assert len(data) == entry["size"]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    return manifest


def test_export_writes_a_signed_manifest_and_files_matching_their_hashes(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    demo = seal_records(workspace, 1)
    device_id = enroll(workspace, server)
    ids = seal_records(workspace, 5, size=50_000)
    result = export_records(workspace, tmp_path / "usb")
    assert result.path.parent == tmp_path / "usb" / device_id
    assert result.records == 5
    assert [s.record_id for s in result.skipped] == demo
    assert not list(result.path.parent.glob(".*partial"))
    manifest = _check_export(result.path)
    assert manifest["version"] == 1
    assert manifest["device_id"] == device_id
    assert sorted(e["record_id"] for e in manifest["records"]) == sorted(ids)
    assert set(manifest) == {
        "version",
        "device_id",
        "device_public_key",
        "exported_at",
        "records",
        "audit",
    }
    assert set(manifest["records"][0]) == {"record_id", "seq", "sha256", "size", "kid", "signature"}
    # Export sends nothing by itself: the records still wait for their receipts.
    assert {states(workspace)[r] for r in ids} == {"SEALED"}


def test_tampered_export_fails_the_signature_check(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    enroll(workspace, server)
    seal_records(workspace, 2)
    folder = export_records(workspace, tmp_path).path
    raw = (folder / "manifest.json").read_bytes()
    (folder / "manifest.json").write_bytes(raw.replace(b'"version":1', b'"version":2'))
    with pytest.raises(InvalidSignature):
        _check_export(folder)


def _play_importer(ws: Workspace, server: FixedPortDataCenter, folder: Path) -> None:
    """Stands in for ``fieldkit-datacenter import``: gets real signed receipts for the files."""
    import httpx

    manifest = _check_export(folder)
    with ws.transaction() as session:
        settings = config.load(session)
        key = outbox.device_key(session)
    assert settings is not None
    receipts = []
    with httpx.Client(base_url=server.url, verify=pinned_context(settings.ca_pem)) as http:

        def signed(method: str, path: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
            auth = sign_request(
                settings.device_id,
                key,
                method=method,
                path=path,
                body=body,
                timestamp=int(time.time()),
            )
            return http.request(method, path, content=body, headers={**auth, **headers})

        entries = [
            {k: e[k] for k in ("record_id", "seq", "sha256", "size", "kid")}
            for e in manifest["records"]
        ]
        body = json.dumps({"entries": entries}).encode()
        assert signed("POST", "/v1/manifest", body, {"content-type": "application/json"}).is_success
        for entry in manifest["records"]:
            data = (folder / "records" / f"{entry['record_id']}.sealed").read_bytes()
            response = signed(
                "PUT",
                f"/v1/records/{entry['record_id']}",
                data,
                {HEADER_RECORD_SIGNATURE: entry["signature"]},
            )
            assert response.status_code == 200, response.text
            answer = response.json()
            receipts.append({**answer, "state": answer["receipt"]["state"]})
    (folder / "receipts.json").write_text(json.dumps(receipts))


def test_receipts_from_the_import_purge_accepted_records(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path, home: Path
) -> None:
    enroll(workspace, server)
    ids = seal_records(workspace, 4)
    folder = export_records(workspace, tmp_path / "usb").path
    _play_importer(workspace, server, folder)
    workspace.close()
    done = cli("sync", "receipts", str(tmp_path / "usb"), "--json", env=cli_env(home))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["accepted"], result["purged"], result["pending"]) == (4, 4, 0)
    again = cli("sync", "receipts", str(folder), "--json", env=cli_env(home))
    assert again.returncode == 0, again.stderr  # reading them twice is harmless
    assert json.loads(again.stdout)["pending"] == 0
    assert len(list_records(server.data)) == len(ids)


def test_a_laptop_syncing_by_usb_alone_is_done_though_it_holds_a_training_record(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    (demo,) = seal_records(workspace, 1)  # sealed before enrollment: the demo key
    enroll(workspace, server)
    ids = seal_records(workspace, 2)
    result = export_records(workspace, tmp_path / "usb")
    # Refused by the export as a push refuses it: for good, worded alike, no longer waiting.
    (left_out,) = result.skipped
    assert (left_out.record_id, left_out.outcome, left_out.reason, left_out.sentence_code) == (
        demo,
        DeliveryOutcome.REJECTED,
        "kid_unknown",
        "record.demo",
    )
    assert states(workspace)[demo] == "REJECTED"
    _play_importer(workspace, server, result.path)
    done = import_receipts(workspace, result.path)
    assert (done.purged, done.pending) == (2, 0)
    assert {states(workspace)[r] for r in ids} == {"PURGED"}
    with workspace.transaction() as session:
        # The freeze counts its days from here: the training record holds nothing open.
        assert config.get(session, LAST_SYNC_KEY) is not None
    again = export_records(workspace, tmp_path / "usb2")
    assert (again.records, again.skipped) == (0, [])


def test_forged_receipts_purge_nothing(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    enroll(workspace, server)
    seal_records(workspace, 2)
    folder = export_records(workspace, tmp_path).path
    _play_importer(workspace, server, folder)
    receipts = json.loads((folder / "receipts.json").read_text())
    for entry in receipts:
        entry["receipt"]["received_at"] = "2020-01-01T00:00:00.000000Z"
    (folder / "receipts.json").write_text(json.dumps(receipts))
    result = import_receipts(workspace, folder)
    assert (result.accepted, result.purged, result.pending) == (0, 0, 2)
    assert {p.reason for p in result.problems} == {"receipt_invalid"}
    assert set(states(workspace).values()) == {"SEALED"}


def test_missing_or_garbled_receipts_get_a_readable_reason(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    enroll(workspace, server)
    with pytest.raises(SyncError) as caught:
        import_receipts(workspace, tmp_path)
    assert caught.value.reason is SyncReason.EXPORT_INVALID
    assert "receipts.json" in caught.value.message
    (tmp_path / "receipts.json").write_text("{not json")
    with pytest.raises(SyncError) as caught:
        import_receipts(workspace, tmp_path)
    assert "cannot be read as JSON" in caught.value.message


def test_export_to_an_unwritable_place_says_so(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    enroll(workspace, server)
    seal_records(workspace, 1)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(SyncError) as caught:
        export_records(workspace, blocker)
    assert caught.value.reason is SyncReason.EXPORT_INVALID
    assert "USB drive" in (caught.value.hint or "")
