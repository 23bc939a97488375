"""The runbook of ``docs/datacenter.md`` ("Backing up and restoring"), run end to end.

Once per engine, with the real ``fieldkit-datacenter`` command: SQLite with the blobs in
``DATA/blobs``, and PostgreSQL with the blobs in SeaweedFS (S3).  A data center whose
keys were made in the clear serves a laptop; the operator protects the keys, backs up
while it serves and keeps ``backup.key`` offline; the machine is lost; a new one restores
the backup with that key and serves; the laptop's receipts still verify, it pushes on,
and a status change made at the office reaches it.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from fieldkit.records import outbox
from sync.client.client import SyncClient
from sync.client.enroll import enroll_laptop
from sync.client.outcomes import receipt_from_json
from sync.server.keys import PASSPHRASE_ENV
from sync.server.store.s3blobs import S3BlobStore
from tests.sync.client.syncsupport import free_port, seal_records, states
from tests.sync.server.backupsupport import backend, blob_files, laptop_receipts, unstarted_site
from tests.sync.server.dcsupport import (
    DataCenterProcess,
    dc_cli,
    list_records,
    new_code,
    searched,
    set_state,
)
from tests.sync.server.seaweedsupport import SeaweedFS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from fieldkit.workspace import Workspace

PASSPHRASE = "kunci-pusat-data-2026"


@pytest.fixture(scope="module")
def seaweed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedFS]:
    store = SeaweedFS(tmp_path_factory.mktemp("seaweedfs"))
    store.start()
    yield store
    store.stop()


def _blobs_at(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, prefix: str
) -> S3BlobStore | None:
    """On PostgreSQL the blobs go to SeaweedFS under ``prefix`` (the variables serve,
    backup and restore read); on SQLite they stay in ``DATA/blobs``."""
    if backend(request) != "postgresql":
        return None
    store: SeaweedFS = request.getfixturevalue("seaweed")
    environment = store.environment(f"{prefix}-{free_port()}")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return S3BlobStore(environment["FIELDKIT_DATACENTER_BLOBS"])


def _record_state_at_laptop(ws: Workspace, record_id: str) -> str | None:
    with ws.transaction() as session:
        info = outbox.record_info(session, record_id)
    return None if info is None else info.server_state


def test_the_runbook_protect_back_up_while_serving_restore_elsewhere_serve_again(
    start_datacenter: Callable[..., DataCenterProcess],
    workspace: Workspace,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    _blobs_at(request, monkeypatch, "old")
    port = free_port()
    old = start_datacenter(None, "--port", str(port))  # set up before it had a passphrase
    enroll_laptop(workspace, old.url, new_code(old), ca_fingerprint_expected=old.fingerprint)
    first = seal_records(workspace, 3)
    assert SyncClient(workspace).push().ok

    # Once: protect the keys with the passphrase (from the environment, never argv).
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    done = dc_cli(old, "keys", "protect")
    assert done.returncode == 0, done.stderr

    # Daily, while it serves: a backup with the keys; the first one makes backup.key,
    # which is copied offline, with the passphrase.
    archive = tmp_path / "backups" / "dc-backup.zip"
    done = dc_cli(old, "backup", "--output", str(archive), "--with-keys")
    assert done.returncode == 0, done.stderr
    assert "backup.key" in done.stdout, "the operator is told to keep it offline"
    offline = tmp_path / "offline" / "backup.key"
    offline.parent.mkdir()
    shutil.copy(old.data / "keys" / "backup.key", offline)

    # The machine is lost, its folder and its blob store with it.
    old.kill()
    shutil.rmtree(old.data)

    # A new machine: the backup, the offline backup.key and the passphrase.
    new_blobs = _blobs_at(request, monkeypatch, "new")
    new = unstarted_site(request, tmp_path / "new-data", "--port", str(port))
    done = dc_cli(new, "restore", str(archive), "--backup-key", str(offline))
    assert done.returncode == 0, done.stderr
    new.start()
    assert new.fingerprint == old.fingerprint, "the CA the laptops pinned"
    with new.client() as client:
        assert client.get("/v1/ready").status_code == 200
    assert sorted(r["record_id"] for r in list_records(new)) == sorted(first)
    held = new_blobs.names() if new_blobs is not None else [p.name for p in blob_files(new)]
    assert len(held) == 3

    # The laptop: its receipts verify, it pushes on, and the office's work reaches it.
    settings = SyncClient(workspace).settings()
    for raw in laptop_receipts(workspace):
        receipt_from_json(raw).verify(settings.receipt_public_key)
    later = seal_records(workspace, 2)
    pushed = SyncClient(workspace).push()
    assert pushed.ok, pushed.as_json()
    assert {states(workspace)[r] for r in later} == {"PURGED"}
    searched(new, first[0])
    set_state(new, first[0], "PRINTED")
    assert SyncClient(workspace).pull_status() >= 1
    assert _record_state_at_laptop(workspace, first[0]) == "PRINTED"
    status = SyncClient(workspace).local_status()
    assert status.problems == []
    assert status.ca_fingerprint == new.fingerprint
