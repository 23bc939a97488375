"""The upload hot path in-process: streamed hashing, blob writes, group commit, clean failures."""

from __future__ import annotations

import asyncio
import errno
import hashlib
import os
import threading
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path

import pytest

from fieldkit.sealing import SealedRecord, seal
from sync.protocol import (
    RecordState,
    b64encode,
)
from sync.server.app import _read_hashed
from sync.server.errors import DataCenterError, disk_full
from sync.server.intake.payload import validate_json_record
from sync.server.intake.service import DataCenter
from sync.server.store import blobs as blobs_module
from sync.server.store.blobs import DirectoryBlobStore
from sync.server.store.groupcommit import GroupCommit
from sync.server.store.rows import Added, Announcement, NewRecord, StoredRecord
from tests.sync.server.dcsupport import (
    BACKENDS,
    announce_in_process,
    enroll_in_process,
    postgres,
)

# --- the body is hashed while it streams in ------------------------------------------


class _Streaming:
    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks

    async def stream(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk


def test_the_streamed_digest_is_the_bodys_and_the_cap_holds() -> None:
    chunks = [os.urandom(65536), b"", os.urandom(1000), os.urandom(16384)]
    body, digest = asyncio.run(_read_hashed(_Streaming(chunks), 1 << 20))  # type: ignore[arg-type]
    assert body == b"".join(chunks)
    assert digest == hashlib.sha256(body).hexdigest()

    with pytest.raises(DataCenterError) as refused:
        asyncio.run(_read_hashed(_Streaming(chunks), 70000))  # type: ignore[arg-type]
    assert (refused.value.status, refused.value.reason) == (413, "size_invalid")


# --- blobs: O_DIRECT when possible, folder fsyncs only where needed ---------------------


def _name(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_blob_of_any_length_is_stored_byte_for_byte(tmp_path: Path) -> None:
    store = DirectoryBlobStore(tmp_path / "blobs")
    for size in (1, 4095, 4096, 4097, 3 * 1024 * 1024 + 17, 9 * 1024 * 1024 + 1):
        data = os.urandom(size)
        store.put(_name(data), data, digest_checked=True)
        assert store.get(_name(data)) == data
    assert list((tmp_path / "blobs" / "tmp").iterdir()) == []


def test_a_filesystem_without_o_direct_falls_back_to_the_page_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not blobs_module._O_DIRECT:
        pytest.skip("no O_DIRECT on this platform")
    real_open = os.open

    def refuse_direct(path: str | Path, flags: int, mode: int = 0o777) -> int:
        if flags & blobs_module._O_DIRECT:
            raise OSError(errno.EINVAL, "O_DIRECT not supported")
        return real_open(path, flags, mode)

    monkeypatch.setattr(blobs_module.os, "open", refuse_direct)
    store = DirectoryBlobStore(tmp_path / "blobs")
    data = os.urandom(100_000)
    store.put(_name(data), data, digest_checked=True)
    assert store.get(_name(data)) == data
    assert store.direct_io is False
    assert list((tmp_path / "blobs" / "tmp").iterdir()) == []


def test_folders_are_fsynced_into_their_parents_once_per_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[Path] = []
    real = blobs_module.fsync_dir
    monkeypatch.setattr(blobs_module, "fsync_dir", lambda p: (synced.append(p), real(p)))
    root = tmp_path / "blobs"
    # A folder left by a run that died before fsyncing it: not trusted until fsynced here.
    leftover = root / "ab" / "cd"
    leftover.mkdir(parents=True)
    store = DirectoryBlobStore(root)
    synced.clear()

    first = "abcd" + "0" * 60
    store.put(first, b"one", digest_checked=True)
    assert synced == [root, root / "ab", leftover]  # ab's entry, cd's entry, the rename

    synced.clear()
    store.put("abcd" + "1" * 60, b"two", digest_checked=True)
    assert synced == [leftover]  # only the rename needs one now

    synced.clear()
    store.put("ab00" + "2" * 60, b"three", digest_checked=True)
    assert synced == [root / "ab", root / "ab" / "00"]  # a new leaf under a known folder


# --- group commit ---------------------------------------------------------------------


def test_concurrent_writers_share_commits_and_each_gets_its_own_answer() -> None:
    gate, committing = threading.Event(), threading.Event()
    commits: list[list[int]] = []

    def commit_many(items: Sequence[int]) -> list[int]:
        committing.set()
        gate.wait(5)  # the first commit is slow, so the others pile up behind it
        commits.append(list(items))
        return [i * 10 for i in items]

    group: GroupCommit[int, int] = GroupCommit(commit_many, lambda i: i * 10)
    results: dict[int, int] = {}

    def submit(i: int) -> None:
        results[i] = group.submit(i)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(8)]
    threads[0].start()
    assert committing.wait(5)  # the first writer commits alone ...
    for thread in threads[1:]:
        thread.start()
    assert group.wait_for_queue(8, 5)  # ... while the seven others line up behind it
    gate.set()
    for thread in threads:
        thread.join(10)
    assert results == {i: i * 10 for i in range(8)}
    assert commits[0] == [0]
    assert sorted(i for batch in commits[1:] for i in batch) == list(range(1, 8))
    assert len(commits) == group.commits < 8
    assert group.committed == 8


def test_a_failed_shared_commit_is_retried_item_by_item() -> None:
    def commit_many(items: Sequence[int]) -> list[int]:
        if len(items) > 1 or items[0] == 3:
            raise ValueError(f"bad batch {list(items)}")
        return [items[0]]

    def commit_one(item: int) -> int:
        if item == 3:
            raise ValueError("three is bad")
        return item

    release, committing = threading.Event(), threading.Event()
    group: GroupCommit[int, int] = GroupCommit(
        lambda items: (committing.set(), release.wait(5), commit_many(items))[2], commit_one
    )
    outcomes: dict[int, object] = {}

    def submit(i: int) -> None:
        try:
            outcomes[i] = group.submit(i)
        except ValueError as exc:
            outcomes[i] = str(exc)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(5)]
    threads[0].start()
    assert committing.wait(5)
    for thread in threads[1:]:
        thread.start()
    assert group.wait_for_queue(5, 5)
    release.set()
    for thread in threads:
        thread.join(10)
    assert outcomes == {0: 0, 1: 1, 2: 2, 3: "three is bad", 4: 4}


# --- the data center end to end, in-process --------------------------------------------


@pytest.fixture
def center(tmp_path: Path) -> Iterator[DataCenter]:
    datacenter = DataCenter(tmp_path / "dc")
    yield datacenter
    datacenter.close()


def test_parallel_uploads_are_each_stored_once_with_their_own_receipt(center: DataCenter) -> None:
    device, key, dc_key = enroll_in_process(center)
    records = [
        seal(f"rec-{i}", i, b'{"seq": %d}' % i, device_key=key, datacenter=dc_key)
        for i in range(12)
    ]
    announce_in_process(center, device, *records)
    answers: dict[str, str] = {}

    def upload(record: SealedRecord) -> None:
        response = center.upload(
            device, record.record_id, record.envelope, b64encode(record.signature)
        )
        answers[record.record_id] = response.receipt.state

    threads = [threading.Thread(target=upload, args=(r,)) for r in records]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert answers == {r.record_id: RecordState.ACCEPTED for r in records}
    assert sorted(center.blobs.names()) == sorted(r.sha256 for r in records)
    for record in records:
        stored = center.store.record(device.device_id, record.record_id)
        assert stored is not None
        assert stored.receipt["state"] == "ACCEPTED"
        again = center.upload(
            device, record.record_id, record.envelope, b64encode(record.signature)
        )
        assert again.receipt.signature == stored.receipt["signature"]  # the very same receipt
    history = center.status(device, 0, 1000).entries
    assert sorted((e.record_id, e.state) for e in history) == sorted(
        [(r.record_id, RecordState.RECEIVED) for r in records]
        + [(r.record_id, RecordState.ACCEPTED) for r in records]
    )


def test_a_validator_crash_leaves_no_blob_behind(
    center: DataCenter, monkeypatch: pytest.MonkeyPatch
) -> None:
    device, key, dc_key = enroll_in_process(center)
    record = seal("crashes", 1, b"{}", device_key=key, datacenter=dc_key)
    announce_in_process(center, device, record)
    written = threading.Event()
    put = center.blobs.put

    def put_and_tell(sha256: str, data: bytes, *, digest_checked: bool = False) -> None:
        put(sha256, data, digest_checked=digest_checked)
        written.set()

    monkeypatch.setattr(center.blobs, "put", put_and_tell)

    def crash(_payload: bytes, _announced: Announcement) -> None:
        # The blob is written beside the validation: crash only once it has landed.
        assert written.wait(10)
        assert center.blobs.exists(record.sha256)
        raise RuntimeError("a bug in the validator")

    center.validator = crash
    with pytest.raises(RuntimeError):
        center.upload(device, record.record_id, record.envelope, b64encode(record.signature))
    assert center.blobs.names() == []
    assert center.store.record(device.device_id, record.record_id) is None


def test_a_failed_commit_removes_the_blob_it_wrote(
    center: DataCenter, monkeypatch: pytest.MonkeyPatch
) -> None:
    device, key, dc_key = enroll_in_process(center)
    record = seal("no-commit", 1, b"{}", device_key=key, datacenter=dc_key)
    announce_in_process(center, device, record)

    def full(*_args: object, **_kwargs: object) -> Added:
        raise disk_full("database")

    monkeypatch.setattr(center.store, "add_record", full)
    with pytest.raises(DataCenterError) as refused:
        center.upload(device, record.record_id, record.envelope, b64encode(record.signature))
    assert refused.value.status == 507
    assert center.blobs.names() == []


def test_one_shared_commit_stores_a_raced_record_id_once(center: DataCenter) -> None:
    device, key, dc_key = enroll_in_process(center)
    winner = seal("raced", 1, b"{}", device_key=key, datacenter=dc_key)
    other = seal("other", 2, b"{}", device_key=key, datacenter=dc_key)

    def new(record: SealedRecord) -> NewRecord:
        stored = StoredRecord(
            record_id=record.record_id,
            device_id=device.device_id,
            seq=record.seq,
            kid=record.kid,
            sha256=record.sha256,
            size=len(record.envelope),
            state=RecordState.ACCEPTED,
            reason=None,
            message=None,
            received_at=center.now(),
            receipt={"state": "ACCEPTED", "sha256": record.sha256},
        )
        return NewRecord(stored, b64encode(record.signature), ("RECEIVED", "ACCEPTED"))

    assert center.store._add_records([new(winner), new(winner), new(other)]) == [
        Added.STORED,
        Added.ALREADY_HELD,
        Added.STORED,
    ]
    changes = center.store.changes(device.device_id, 0, 100)
    assert [(c.record_id, c.state) for c in changes] == [
        ("raced", RecordState.RECEIVED),
        ("raced", RecordState.ACCEPTED),
        ("other", RecordState.RECEIVED),
        ("other", RecordState.ACCEPTED),
    ]


@pytest.fixture(params=BACKENDS)
def any_center(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DataCenter]:
    """A data center on each metadata backend (a fresh PostgreSQL database for the second)."""
    url = None if request.param == "sqlite" else postgres().create()
    datacenter = DataCenter(tmp_path / "dc", url)
    yield datacenter
    datacenter.close()
    if url is not None:
        postgres().drop(url)


def test_a_laptop_revoked_while_its_record_is_checked_gets_nothing_stored(
    any_center: DataCenter,
) -> None:
    center = any_center
    device, key, dc_key = enroll_in_process(center)
    kept = seal("kept", 1, b"{}", device_key=key, datacenter=dc_key)
    late = seal("revoked-mid-upload", 2, b"{}", device_key=key, datacenter=dc_key)
    announce_in_process(center, device, kept, late)
    center.upload(device, kept.record_id, kept.envelope, b64encode(kept.signature))

    def revoke_meanwhile(payload: bytes, announced: Announcement) -> None:
        # The operator revokes the laptop after its request was authenticated.
        center.store.revoke(device.device_id, "stolen", center.now())
        validate_json_record(payload, announced)

    center.validator = revoke_meanwhile
    with pytest.raises(DataCenterError) as refused:
        center.upload(device, late.record_id, late.envelope, b64encode(late.signature))
    assert (refused.value.status, refused.value.reason) == (403, "device_revoked")
    assert center.store.record(device.device_id, late.record_id) is None
    assert center.blobs.names() == [kept.sha256]
    assert [c.record_id for c in center.store.changes(device.device_id, 0, 100)] == ["kept"] * 2
