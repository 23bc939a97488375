"""``fieldkit sync receipts`` against a hostile or damaged ``receipts.json``; ``sync requeue``.

A receipt changes a record on this laptop only when the enrolled data center signed
it; a malformed entry is refused on its own while the others are applied; the file is
read through ``fieldkit.safejson`` under a size cap, opened without following a link
and without blocking, and nothing in it ends in a traceback.  Every test runs the real
data center (``fieldkit-datacenter serve`` and ``import``) and real files on disk.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import ed25519

from fieldkit.accounts import Accounts
from fieldkit.delivery import settle
from fieldkit.officers import Role
from fieldkit.records import outbox
from fieldkit.store.keyring import TEST_KDF
from fieldkit.store.models import AuditEvent
from fieldkit.workspace import Workspace
from sync.client import config
from sync.client.errors import SyncError, SyncReason
from sync.client.usb import MAX_RECEIPTS_BYTES, export_records, import_receipts
from sync.protocol import Receipt, RecordState, b64encode
from tests.support import IN_ENGLISH, cli
from tests.sync.client.syncsupport import (
    FixedPortDataCenter,
    cli_env,
    client,
    enroll,
    seal_records,
    states,
)
from tests.sync.server.dcsupport import dc_cli

POSIX_ONLY = pytest.mark.skipif(
    sys.platform == "win32", reason="FIFOs and O_NOFOLLOW are POSIX; Windows has neither"
)
PASSWORD = "kata-sandi-petugas"
#: What reading ``receipts.json`` may take, whatever the file holds or claims to hold.
MAX_MEMORY = 64 * 1024 * 1024


def _exported(ws: Workspace, server: FixedPortDataCenter, stick: Path, count: int) -> list[str]:
    """An enrolled laptop with ``count`` sealed records exported to ``stick``."""
    enroll(ws, server)
    ids = seal_records(ws, count)
    export_records(ws, stick)
    return ids


def _imported(ws: Workspace, server: FixedPortDataCenter, stick: Path, count: int) -> Path:
    """As :func:`_exported`, then the real ``fieldkit-datacenter import`` wrote receipts.json.

    The service is stopped first: the import runs where the stick arrives, not beside it.
    """
    _exported(ws, server, stick, count)
    server.stop()
    done = dc_cli(server.data, "import", str(stick), "--json")
    assert done.returncode == 0, done.stderr
    [folder] = [p.parent for p in stick.glob("*/*/receipts.json")]
    return folder


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


def _run_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``fieldkit`` with a deadline: a command that blocks fails the test, never hangs it."""
    executable = Path(sys.executable).with_name("fieldkit")
    return subprocess.run(
        [str(executable), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **IN_ENGLISH, **cli_env(home)},
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )


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


# --- item 6: wrong types, deep nesting, a huge file, a FIFO, a link -----------------------


def test_a_signature_of_the_wrong_type_is_refused_alone_and_the_rest_applied(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path, home: Path
) -> None:
    stick = tmp_path / "usb"
    folder = _imported(workspace, server, stick, 3)
    good: list[dict[str, Any]] = json.loads((folder / "receipts.json").read_text())
    assert [g["state"] for g in good] == ["ACCEPTED"] * 3
    bad = json.loads(json.dumps(good[1]))
    bad["receipt"]["signature"] = 12345
    (folder / "receipts.json").write_text(json.dumps([good[0], bad, good[2]]))
    workspace.close()
    done = cli("sync", "receipts", str(stick), "--json", env=cli_env(home))
    assert done.returncode == 1, done.stderr  # a refused entry: the user's to look at, no bug
    assert "Traceback" not in done.stderr
    result = json.loads(done.stdout)
    assert (result["accepted"], result["purged"], result["pending"]) == (2, 2, 1)
    [problem] = result["problems"]
    assert (problem["record_id"], problem["outcome"], problem["reason"]) == (
        good[1]["record_id"],
        "ignored",
        "malformed",
    )
    assert problem["params"] == {"field": "signature"}
    assert "signature" in problem["message"]
    with Workspace.login(home, "admin", "kata-sandi-admin") as ws:
        after = states(ws)
    assert after[good[1]["record_id"]] == "SEALED"
    assert after[good[0]["record_id"]] == after[good[2]["record_id"]] == "PURGED"


#: Values of the wrong type (or shape) for a field that holds text.
WRONG = (12345, None, True, 1.5, [], {}, ["x"], {"a": "b"}, "")
#: Values an entry's own field may hold besides the right one: its own null, and an empty
#: message.  Anything else there that is not the receipt's own value is refused.
ALLOWED = {"record_id": {None}, "state": {None}, "reason": {None}, "message": {None, ""}}


def _wrong_entries(target: dict[str, Any]) -> list[Any]:
    """``target`` (a good entry) with one field wrong, in every field, in both shapes."""
    entries: list[Any] = [7, "receipt", None, [target], {"receipt": [1]}]
    for field in ("record_id", "state", "reason", "message", "receipt"):
        allowed = ALLOWED.get(field, set())
        entries += [
            {**target, field: value}
            for value in WRONG
            if not any(value is a or (value == a and type(value) is type(a)) for a in allowed)
        ]
    for field in ("record_id", "device_id", "sha256", "state", "received_at", "signature"):
        entries += [{**target, "receipt": {**target["receipt"], field: v}} for v in WRONG]
        entries += [{**target["receipt"], field: value} for value in WRONG]  # bare receipts
    entries.append({**target, "record_id": "another-record"})
    entries.append({**target, "state": "REJECTED"})  # the receipt says ACCEPTED
    entries.append({**target, "reason": "x" * 5000})
    entries.append({**target, "message": "x" * 50_000})
    return entries


def test_wrong_types_anywhere_in_an_entry_are_refused_each_on_its_own(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    stick = tmp_path / "usb"
    folder = _imported(workspace, server, stick, 2)
    good: list[dict[str, Any]] = json.loads((folder / "receipts.json").read_text())
    target = good[1]
    entries = [good[0], *_wrong_entries(target)]
    (folder / "receipts.json").write_text(json.dumps(entries))
    result = import_receipts(workspace, stick)
    assert (result.accepted, result.purged) == (1, 1)
    assert len(result.problems) == len(entries) - 1
    assert {p.outcome for p in result.problems} <= {"ignored", "pending"}
    assert states(workspace)[target["record_id"]] == "SEALED"
    # The same entry, well formed, is applied afterwards: the refusals changed nothing.
    (folder / "receipts.json").write_text(json.dumps([target]))
    assert import_receipts(workspace, stick).purged == 1


def test_deep_nesting_is_refused_clearly_without_a_recursion_error(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path, home: Path
) -> None:
    stick = tmp_path / "usb"
    [record_id] = _exported(workspace, server, stick, 1)
    (_export_folder(stick) / "receipts.json").write_bytes(b"[" * 200_000)
    with pytest.raises(SyncError) as refused:
        import_receipts(workspace, stick)
    assert (refused.value.reason, refused.value.detail) == (
        SyncReason.EXPORT_INVALID,
        "receipts_too_deep",
    )
    assert "nested deeper than 32 levels" in refused.value.message
    workspace.close()
    done = cli("sync", "receipts", str(stick), env=cli_env(home))
    assert done.returncode == 1, done.stderr
    assert "nested deeper than 32 levels" in done.stderr
    assert "RecursionError" not in done.stderr
    with Workspace.login(home, "admin", "kata-sandi-admin") as ws:
        assert states(ws) == {record_id: "SEALED"}


def test_a_file_over_the_cap_is_refused_without_being_read(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    stick = tmp_path / "usb"
    _exported(workspace, server, stick, 1)
    huge = _export_folder(stick) / "receipts.json"
    with huge.open("wb") as handle:
        handle.truncate(1024**3)  # a sparse gigabyte: nothing on the disk, all of it to read
    assert MAX_RECEIPTS_BYTES < 1024**3
    tracemalloc.start()
    try:
        with pytest.raises(SyncError) as refused:
            import_receipts(workspace, stick)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MAX_MEMORY, f"peak {peak / 2**20:.0f} MiB"
    assert refused.value.detail == "receipts_too_large"
    assert "1073741824 bytes" in refused.value.message
    assert f"{MAX_RECEIPTS_BYTES} bytes" in refused.value.message


@POSIX_ONLY
def test_a_fifo_named_receipts_json_does_not_hang_the_command(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path, home: Path
) -> None:
    stick = tmp_path / "usb"
    _exported(workspace, server, stick, 1)
    os.mkfifo(_export_folder(stick) / "receipts.json")
    workspace.close()
    done = _run_cli(home, "sync", "receipts", str(stick))  # blocked for ever before the fix
    assert done.returncode == 1, done.stderr
    assert "is not a regular file" in done.stderr
    assert "Traceback" not in done.stderr


@POSIX_ONLY
def test_a_link_named_receipts_json_is_not_followed(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    stick = tmp_path / "usb"
    folder = _imported(workspace, server, stick, 1)
    elsewhere = tmp_path / "elsewhere.json"
    (folder / "receipts.json").rename(elsewhere)
    (folder / "receipts.json").symlink_to(elsewhere)
    with pytest.raises(SyncError) as refused:
        import_receipts(workspace, stick)
    assert refused.value.detail == "receipts_not_a_file"
    assert set(states(workspace).values()) == {"SEALED"}


def test_one_bad_receipts_file_does_not_stop_the_others_on_the_stick(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path, home: Path
) -> None:
    stick = tmp_path / "usb"
    folder = _imported(workspace, server, stick, 2)
    other = folder.with_name("20200101T000000Z-000000")  # read first: it sorts first
    other.mkdir()
    (other / "receipts.json").write_bytes(b"[" * 200_000)
    workspace.close()
    done = cli("sync", "receipts", str(stick), "--json", env=cli_env(home))
    assert done.returncode == 1, done.stderr
    result = json.loads(done.stdout)
    assert (result["accepted"], result["purged"], result["pending"]) == (2, 2, 0)
    [refused] = result["refused_files"]
    assert refused["path"] == str(other / "receipts.json")
    assert refused["detail"] == "receipts_too_deep"
    text = cli("sync", "receipts", str(stick), env=cli_env(home))
    assert f"Not read: {other / 'receipts.json'} is nested deeper than 32 levels" in text.stdout


def test_a_receipt_signature_that_is_not_base64_text_is_refused(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    """Text, but not base64 (or not ASCII): the signature check refuses it, nothing raises."""
    stick = tmp_path / "usb"
    first, second = _exported(workspace, server, stick, 2)
    entries = [
        {"receipt": {**_receipt_fields(workspace, first), "signature": "ünïcode"}},
        {"receipt": {**_receipt_fields(workspace, second), "signature": "%%%not base64"}},
    ]
    (_export_folder(stick) / "receipts.json").write_text(json.dumps(entries))
    result = import_receipts(workspace, stick)
    assert [(p.outcome, p.reason) for p in result.problems] == [("pending", "receipt_invalid")] * 2
    assert set(states(workspace).values()) == {"SEALED"}


# --- ``fieldkit sync requeue``: a record refused by mistake goes back in the queue ---------


def test_sync_requeue_puts_a_stranded_record_back_and_the_next_export_carries_it(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path, home: Path
) -> None:
    stick = tmp_path / "usb"
    stranded, other = _exported(workspace, server, stick, 2)
    with workspace.transaction() as session:  # what the old unsigned USB line did
        settle.refused(session, stranded, "payload_invalid", None)
    assert _exported_ids(workspace, tmp_path / "before") == {other}
    Accounts(workspace).add_officer("budi", "Budi Uji", Role.PETUGAS, PASSWORD, kdf=TEST_KDF)
    workspace.close()
    env = cli_env(home)

    as_petugas = cli(
        "sync",
        "requeue",
        stranded,
        env={**env, "FIELDKIT_OFFICER": "budi", "FIELDKIT_PASSWORD": PASSWORD},
    )
    assert as_petugas.returncode == 1, as_petugas.stderr
    assert "petugas" in as_petugas.stderr

    not_refused = cli("sync", "requeue", other, "--json", env=env)
    assert not_refused.returncode == 1, not_refused.stderr
    assert json.loads(not_refused.stdout)["error"]["code"] == "requeue_not_rejected"
    assert "is SEALED" in not_refused.stderr

    unknown = cli("sync", "requeue", "no-such-record", env=env)
    assert unknown.returncode == 1, unknown.stderr
    assert "There is no sealed record no-such-" in unknown.stderr

    done = cli("sync", "requeue", stranded, env=env)
    assert done.returncode == 0, done.stderr
    assert stranded in done.stdout
    assert "payload_invalid" in done.stdout
    again = cli("sync", "requeue", stranded, "--json", env=env)
    assert again.returncode == 1  # it is SEALED now: nothing to put back

    with Workspace.login(home, "admin", "kata-sandi-admin") as ws:
        assert states(ws) == {stranded: "SEALED", other: "SEALED"}
        assert _exported_ids(ws, tmp_path / "after") == {stranded, other}
        with ws.transaction() as session:
            [event] = session.scalars(
                sa.select(AuditEvent).where(AuditEvent.action == "record.requeued")
            ).all()
    assert (event.actor, event.record_id) == ("admin", stranded)
    # And over HTTPS: the next push announces it, and the data center accepts it.
    with Workspace.login(home, "admin", "kata-sandi-admin") as ws:
        summary = client(ws).push()
        assert (summary.accepted, summary.pending, summary.error) == (2, 0, None)
        assert states(ws) == {stranded: "PURGED", other: "PURGED"}
