"""Back up a data center while laptops push, restore it onto a fresh one, keep pushing.

On SQLite and on a real PostgreSQL (``start_datacenter``).  The refusals: a damaged,
incomplete, padded or path-escaping archive, or a data center that holds records.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from typing import TYPE_CHECKING

import pytest

from fieldkit.workspace import Workspace
from sync.client.client import SyncClient
from sync.client.enroll import enroll_laptop
from sync.client.outcomes import receipt_from_json
from tests.sync.client.syncsupport import free_port, seal_records, states
from tests.sync.server.backupsupport import laptop_receipts
from tests.sync.server.dcsupport import DataCenterProcess, dc_cli, list_records, new_code

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


def test_a_backup_taken_while_serving_restores_onto_a_fresh_data_center_and_pushes_go_on(
    start_datacenter: Callable[..., DataCenterProcess], workspace: Workspace, tmp_path: Path
) -> None:
    port = free_port()
    old = start_datacenter(None, "--port", str(port))
    enroll_laptop(workspace, old.url, new_code(old), ca_fingerprint_expected=old.fingerprint)
    first = seal_records(workspace, 4)
    assert SyncClient(workspace).push().ok
    archive = tmp_path / "backup.zip"
    done = dc_cli(old, "backup", "--output", str(archive), "--json")  # while it serves
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["blobs"] == 4
    assert summary["rows"]["records"] == 4
    assert archive.stat().st_mode & 0o077 == 0, "a backup is private"
    old.stop()

    # A fresh data center: a new folder with the old keys, a new database.
    fresh = start_datacenter(tmp_path / "fresh", "--port", str(port))
    fresh.stop()
    shutil.rmtree(fresh.data / "keys")
    shutil.copytree(old.data / "keys", fresh.data / "keys")
    done = dc_cli(fresh, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    fresh.start()
    assert fresh.fingerprint == old.fingerprint, "the laptops' pinned CA"

    assert sorted(r["record_id"] for r in list_records(fresh)) == sorted(first)
    settings = SyncClient(workspace).settings()
    for raw in laptop_receipts(workspace):
        receipt_from_json(raw).verify(settings.receipt_public_key)
    later = seal_records(workspace, 2)
    pushed = SyncClient(workspace).push()
    assert pushed.ok, pushed.as_json()
    assert pushed.audit is not None
    assert pushed.audit.problems == [], "the audit anchors came back too"
    assert {states(workspace)[r] for r in later} == {"PURGED"}
    stored = [r["record_id"] for r in list_records(fresh)]
    assert sorted(stored) == sorted(first + later), "nothing lost, nothing twice"


def _tampered(
    archive: Path, out: Path, change: Callable[[str, bytes], tuple[str, bytes] | None]
) -> Path:
    """A copy of ``archive`` with each member passed through ``change`` (None drops it)."""
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            kept = change(info.filename, src.read(info))
            if kept is not None:
                dst.writestr(kept[0], kept[1])
    return out


@pytest.fixture
def backup_of_one_push(
    start_datacenter: Callable[..., DataCenterProcess], workspace: Workspace, tmp_path: Path
) -> tuple[DataCenterProcess, Path]:
    dc = start_datacenter()
    enroll_laptop(workspace, dc.url, new_code(dc), ca_fingerprint_expected=dc.fingerprint)
    seal_records(workspace, 2)
    assert SyncClient(workspace).push().ok
    archive = tmp_path / "backup.zip"
    assert dc_cli(dc, "backup", "--output", str(archive)).returncode == 0
    return dc, archive


def _flip_blob(name: str, data: bytes) -> tuple[str, bytes]:
    return name, (data[:-1] + bytes([data[-1] ^ 1])) if name.startswith("blobs/") else data


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (_flip_blob, "member_damaged"),
        (lambda n, d: None if n.startswith("tables/records") else (n, d), "member_missing"),
        (lambda n, d: (("../evil" if n == "backup.json" else n), d), "unsafe_member"),
        (lambda n, d: (n, d) if n != "backup.json" else (n, b"{" * 5), "manifest_unreadable"),
    ],
    ids=["a flipped bit", "a missing table", "a path out", "a broken manifest"],
)
def test_a_damaged_backup_is_refused_and_nothing_is_changed(
    backup_of_one_push: tuple[DataCenterProcess, Path],
    start_datacenter: Callable[..., DataCenterProcess],
    tmp_path: Path,
    change: Callable[[str, bytes], tuple[str, bytes] | None],
    problem: str,
) -> None:
    source, archive = backup_of_one_push
    bad = _tampered(archive, tmp_path / "bad.zip", change)
    target = start_datacenter(tmp_path / "target")
    target.stop()
    key = source.data / "keys" / "backup.key"
    done = dc_cli(target, "restore", str(bad), "--backup-key", str(key))
    assert done.returncode == 2
    assert "nothing was changed" in done.stderr
    assert problem in done.stderr
    assert list_records(target) == []


def test_a_file_that_is_not_a_backup_is_refused(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    target = start_datacenter()
    target.stop()
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 not really")
    done = dc_cli(target, "restore", str(junk))
    assert done.returncode == 2
    assert "not_a_zip" in done.stderr


def test_a_data_center_that_holds_records_is_not_overwritten_without_force(
    backup_of_one_push: tuple[DataCenterProcess, Path],
) -> None:
    dc, archive = backup_of_one_push
    dc.stop()
    done = dc_cli(dc, "restore", str(archive))
    assert done.returncode == 2
    assert "already holds 2 records" in done.stderr
    done = dc_cli(dc, "restore", str(archive), "--force")
    assert done.returncode == 0, done.stderr
    assert len(list_records(dc)) == 2


def test_keys_go_into_a_backup_only_when_a_passphrase_protects_them(
    backup_of_one_push: tuple[DataCenterProcess, Path], tmp_path: Path
) -> None:
    dc, _ = backup_of_one_push
    done = dc_cli(dc, "backup", "--output", str(tmp_path / "k.zip"), "--with-keys")
    assert done.returncode == 2
    assert "FIELDKIT_DATACENTER_KEY_PASSPHRASE" in done.stderr
    assert not (tmp_path / "k.zip").exists()
