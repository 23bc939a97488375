"""A blob sweep beside pushes: the blob of a record is never deleted, whatever the timing.

The sweep and the upload run for real, in this process, against the folder store and a
real SeaweedFS, on SQLite and on a real PostgreSQL; the race points are pinned with
threading events inside the real blob stores' calls, so each interleaving happens every
time.  The sweep uses a store and a blob store of its own, as ``fieldkit-datacenter blobs
sweep`` in another process does.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from fieldkit.sealing import SealedRecord, seal
from sync.protocol import RecordState, b64encode
from sync.server.errors import BlobStoreFull, DataCenterError
from sync.server.intake.service import DataCenter
from sync.server.operations.sweep import SweepResult, sweep_blobs
from sync.server.store.blobs import DirectoryBlobStore, open_blob_store
from sync.server.store.database import SqlStore
from sync.server.store.rows import Device
from tests.sync.server.dcsupport import (
    BACKENDS,
    announce_in_process,
    dc_cli,
    enroll_in_process,
    fresh_database,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

    from sync.server.store.blobs import BlobStore

BLOB_STORES = ("folder", "seaweedfs")
#: Every blob is old enough: the guarantee must not lean on the sweep's age threshold.
EVERY_BLOB_S = -3600.0
_WAIT_S = 30


@dataclass
class _Site:
    """Where ``dc_cli`` finds this data center: its folder, and its database if not SQLite."""

    data: Path
    database: str | None


@pytest.fixture(
    params=[(db, blobs) for db in BACKENDS for blobs in BLOB_STORES],
    ids="-".join,
)
def center(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DataCenter]:
    backend, where = request.param
    if where == "seaweedfs":
        request.getfixturevalue("s3_env")  # the data center reads the bucket from the env
    datacenter = DataCenter(tmp_path / "dc", fresh_database(request, backend))
    yield datacenter
    datacenter.close()


def _site(center: DataCenter) -> _Site:
    return _Site(center.data_dir, None if center.store.is_sqlite else center.store.url)


def _sweeper(center: DataCenter) -> tuple[SqlStore, BlobStore]:
    """The sweep's own connections, as the CLI opens them beside a serving data center."""
    return SqlStore(center.store.url), open_blob_store(center.data_dir)


def _announced(center: DataCenter) -> tuple[Device, SealedRecord]:
    device, key, dc_key = enroll_in_process(center)
    record = seal("swept", 1, b'{"seq": 1}', device_key=key, datacenter=dc_key)
    announce_in_process(center, device, record)
    return device, record


def _upload(center: DataCenter, device: Device, record: SealedRecord) -> RecordState:
    answer = center.upload(device, record.record_id, record.envelope, b64encode(record.signature))
    return answer.receipt.state


def _assert_kept_and_backed_up(
    center: DataCenter, device: Device, record: SealedRecord, tmp_path: Path
) -> None:
    """The record is stored, its blob is there, and a backup (which reads every blob) works."""
    assert center.store.record(device.device_id, record.record_id) is not None
    assert center.blobs.exists(record.sha256), "the sweep deleted the blob of a stored record"
    assert center.blobs.get(record.sha256) == record.envelope
    out = tmp_path / "backup.zip"
    done = dc_cli(_site(center), "backup", "--output", str(out), "--json")
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as archive:
        assert archive.read(f"blobs/{record.sha256}") == record.envelope


def test_a_sweep_between_the_blob_write_and_the_commit_leaves_the_record_its_blob(
    center: DataCenter, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The sweep runs whole after the upload's blob landed and before its record commits."""
    device, record = _announced(center)
    store, blobs = _sweeper(center)
    swept: list[SweepResult] = []
    put = center.blobs.put

    def put_then_sweep(sha256: str, data: bytes, *, digest_checked: bool = False) -> None:
        put(sha256, data, digest_checked=digest_checked)
        if not swept:  # the upload's own write; the sweep finds no record pointing at it
            swept.append(sweep_blobs(store, blobs, EVERY_BLOB_S))

    monkeypatch.setattr(center.blobs, "put", put_then_sweep)
    try:
        assert _upload(center, device, record) == RecordState.ACCEPTED
    finally:
        store.close()
    assert swept, "the sweep ran between the write and the commit"
    _assert_kept_and_backed_up(center, device, record, tmp_path)


def test_a_sweep_that_found_no_record_cannot_delete_once_the_commit_has_begun(
    center: DataCenter, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The sweep has looked for the blob's record (none yet) and is about to delete it when
    the upload starts committing that record: the delete and the commit cannot overlap."""
    device, record = _announced(center)
    store, blobs = _sweeper(center)
    deciding, committing = threading.Event(), threading.Event()
    failures: list[BaseException] = []
    delete = blobs.delete

    def delete_once_the_commit_began(sha256: str) -> None:
        deciding.set()
        if not committing.wait(_WAIT_S):
            failures.append(AssertionError("the upload never began its commit"))
        delete(sha256)

    monkeypatch.setattr(blobs, "delete", delete_once_the_commit_began)

    def sweep() -> None:
        try:
            sweep_blobs(store, blobs, EVERY_BLOB_S)
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            failures.append(exc)

    sweeper = threading.Thread(target=sweep)
    put = center.blobs.put

    def put_then_let_the_sweep_decide(
        sha256: str, data: bytes, *, digest_checked: bool = False
    ) -> None:
        put(sha256, data, digest_checked=digest_checked)
        if sweeper.ident is None:  # the upload's own write, not a later one
            sweeper.start()
            assert deciding.wait(_WAIT_S), "the sweep never came to delete"

    add_record = center.store.add_record

    def begin_commit(*args: object, **kwargs: object) -> object:
        committing.set()
        return add_record(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(center.blobs, "put", put_then_let_the_sweep_decide)
    monkeypatch.setattr(center.store, "add_record", begin_commit)
    try:
        assert _upload(center, device, record) == RecordState.ACCEPTED
        sweeper.join(_WAIT_S)
        assert not sweeper.is_alive()
    finally:
        store.close()
    assert failures == []
    _assert_kept_and_backed_up(center, device, record, tmp_path)


def test_a_record_committed_after_the_sweeps_first_look_keeps_its_blob(
    center: DataCenter, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The sweep looked for the blob's record before the upload committed it (none then);
    the record is committed before the sweep goes on to delete."""
    device, record = _announced(center)
    store, blobs = _sweeper(center)
    looked, committed = threading.Event(), threading.Event()
    outcome: list[SweepResult | BaseException] = []
    referenced = store.referenced_blobs

    def look_then_let_the_upload_commit(names: Iterable[str]) -> set[str]:
        held = referenced(names)
        looked.set()
        if not committed.wait(_WAIT_S):
            outcome.append(AssertionError("the upload never committed"))
        return held

    monkeypatch.setattr(store, "referenced_blobs", look_then_let_the_upload_commit)

    def sweep() -> None:
        try:
            outcome.append(sweep_blobs(store, blobs, EVERY_BLOB_S))
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            outcome.append(exc)

    sweeper = threading.Thread(target=sweep)
    put = center.blobs.put

    def put_then_let_the_sweep_look(
        sha256: str, data: bytes, *, digest_checked: bool = False
    ) -> None:
        put(sha256, data, digest_checked=digest_checked)
        if sweeper.ident is None:
            sweeper.start()
            assert looked.wait(_WAIT_S), "the sweep never looked"

    monkeypatch.setattr(center.blobs, "put", put_then_let_the_sweep_look)
    try:
        assert _upload(center, device, record) == RecordState.ACCEPTED
        committed.set()
        sweeper.join(_WAIT_S)
        assert not sweeper.is_alive()
    finally:
        store.close()
    assert outcome == [SweepResult(checked=1, deleted=0)]
    _assert_kept_and_backed_up(center, device, record, tmp_path)


def test_a_crash_orphan_sent_again_is_not_swept_as_old(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The case as found: a crash left the record's blob, two hours ago; the laptop sends
    the record again, and the hourly sweep runs while the upload is being checked."""
    center = DataCenter(tmp_path / "dc")
    try:
        device, record = _announced(center)
        assert isinstance(center.blobs, DirectoryBlobStore)
        center.blobs.put(record.sha256, record.envelope)
        two_hours_ago = time.time() - 7200
        os.utime(center.blobs.path(record.sha256), (two_hours_ago, two_hours_ago))
        assert center.blobs.older_than(3600) == [record.sha256]
        store, blobs = _sweeper(center)
        put = center.blobs.put

        def put_then_sweep(sha256: str, data: bytes, *, digest_checked: bool = False) -> None:
            put(sha256, data, digest_checked=digest_checked)
            sweep_blobs(store, blobs, 3600)

        monkeypatch.setattr(center.blobs, "put", put_then_sweep)
        try:
            assert _upload(center, device, record) == RecordState.ACCEPTED
        finally:
            store.close()
        _assert_kept_and_backed_up(center, device, record, tmp_path)
    finally:
        center.close()


def test_a_swept_blob_that_cannot_be_written_again_stores_no_record(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The disk filled up after the sweep: the upload is refused (507), never half stored."""
    center = DataCenter(tmp_path / "dc")
    try:
        device, record = _announced(center)
        store, blobs = _sweeper(center)
        put = center.blobs.put
        writes: list[str] = []

        def put_sweep_then_fill_up(
            sha256: str, data: bytes, *, digest_checked: bool = False
        ) -> None:
            writes.append(sha256)
            if len(writes) > 1:
                raise BlobStoreFull
            put(sha256, data, digest_checked=digest_checked)
            sweep_blobs(store, blobs, EVERY_BLOB_S)

        monkeypatch.setattr(center.blobs, "put", put_sweep_then_fill_up)
        try:
            with pytest.raises(DataCenterError) as refused:
                _upload(center, device, record)
        finally:
            store.close()
        assert (refused.value.status, refused.value.reason) == (507, "disk_full")
        assert center.store.record(device.device_id, record.record_id) is None
        assert center.blobs.names() == []
    finally:
        center.close()


def test_writing_a_blob_that_is_there_already_makes_it_young_again(tmp_path: Path) -> None:
    blobs = DirectoryBlobStore(tmp_path / "blobs")
    data = b"a sealed envelope left by a crash"
    name = hashlib.sha256(data).hexdigest()
    blobs.put(name, data)
    long_ago = time.time() - 7200
    os.utime(blobs.path(name), (long_ago, long_ago))
    assert blobs.older_than(3600) == [name]
    blobs.put(name, data)
    assert blobs.older_than(3600) == []
    assert blobs.get(name) == data
