"""The sealed-record outbox on a real encrypted store."""

from __future__ import annotations

import base64
import os
import struct
from typing import TYPE_CHECKING

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from fieldkit.records import demo, outbox, sealed_files
from fieldkit.records import states as delivery
from fieldkit.safejson import canonical_json
from fieldkit.sealing import DataCenterKey, SealError, open_sealed, seal
from fieldkit.workspace import Workspace

if TYPE_CHECKING:
    from pathlib import Path

PAYLOAD = b'{"nama":"Contoh Sintetis","face":"' + os.urandom(20_000) + b'"}'


def test_records_are_sealed_to_the_demo_key_until_a_data_center_is_enrolled(
    workspace: Workspace,
) -> None:
    with workspace.transaction() as session:
        first = outbox.seal_record(session, "rec-1", PAYLOAD)
        assert not outbox.datacenter_enrolled(session)
    assert first.demo
    assert first.kid == demo.DEMO_KID
    with workspace.transaction() as session:
        public = outbox.device_public_key(session)
        assert open_sealed(first, demo.demo_private_key(), public) == PAYLOAD
        [info] = outbox.list_records(session)
    assert (info.seq, info.demo, info.state) == (1, True, outbox.RecordStatus.SEALED)


def test_an_enrolled_key_is_used_and_the_laptop_cannot_read_back(workspace: Workspace) -> None:
    datacenter = x25519.X25519PrivateKey.generate()
    key = DataCenterKey("dc-1", datacenter.public_key().public_bytes_raw())
    with workspace.transaction() as session:
        outbox.install_datacenter_keys(session, [key], "dc-1")
        sealed = outbox.seal_record(session, "rec-2", PAYLOAD)
        second = outbox.seal_record(session, "rec-3", PAYLOAD)
        public = outbox.device_public_key(session)
    assert (sealed.kid, sealed.demo, second.seq) == ("dc-1", False, sealed.seq + 1)
    with pytest.raises(SealError):  # neither the demo key nor any other key opens it
        open_sealed(sealed, demo.demo_private_key(), public)
    assert open_sealed(sealed, datacenter, public) == PAYLOAD


def test_verify_names_an_altered_record_and_purge_needs_a_receipt(workspace: Workspace) -> None:
    with workspace.transaction() as session:
        outbox.seal_record(session, "rec-a", PAYLOAD)
        outbox.seal_record(session, "rec-b", PAYLOAD)
        assert outbox.verify_records(session) == []
        path = outbox.envelope_path(session, "rec-b")
        damaged = bytearray(path.read_bytes())
        damaged[100] ^= 1  # a flipped bit in the ciphertext
        path.write_bytes(bytes(damaged))
        [problem] = outbox.verify_records(session)
        assert problem.record_id == "rec-b"
        assert "altered" in problem.problem
        with pytest.raises(outbox.PurgeRefused):
            outbox.purge(session, "rec-a")
        outbox.mark_server_state(
            session, "rec-a", outbox.RecordStatus.ACCEPTED, server_state="ACCEPTED", receipt="{}"
        )
        outbox.purge(session, "rec-a")
        assert delivery.undelivered_count(session) == 1
        with pytest.raises(outbox.RecordNotFound):
            outbox.sealed(session, "rec-a")
        states = {r.record_id: r.state for r in outbox.list_records(session)}
    assert states == {"rec-a": outbox.RecordStatus.PURGED, "rec-b": outbox.RecordStatus.SEALED}


def test_the_ciphertext_is_a_durable_file_and_a_rollback_leaves_none(
    workspace: Workspace,
) -> None:
    with workspace.transaction() as session:
        outbox.seal_record(session, "rec-kept", PAYLOAD)
        kept = outbox.envelope_path(session, "rec-kept")
    assert kept.stat().st_mode & 0o077 == 0  # owner-only, like the store
    assert PAYLOAD[:20] not in kept.read_bytes()

    class Interrupted(Exception):
        pass

    with pytest.raises(Interrupted), workspace.transaction() as session:
        outbox.seal_record(session, "rec-lost", PAYLOAD)
        lost = outbox.envelope_path(session, "rec-lost")
        assert lost.exists()  # durable before the row commits ...
        raise Interrupted
    assert not lost.exists()  # ... and gone with the rollback
    with workspace.transaction() as session:
        assert [r.record_id for r in outbox.list_records(session)] == ["rec-kept"]


def test_sweep_sets_aside_an_unregistered_file_and_deletes_a_purged_one(
    workspace: Workspace,
) -> None:
    with workspace.transaction() as session:
        outbox.seal_record(session, "rec-done", PAYLOAD)
        outbox.mark_server_state(
            session, "rec-done", outbox.RecordStatus.ACCEPTED, server_state="ACCEPTED", receipt="{}"
        )
        outbox.purge(session, "rec-done")
        folder = outbox.outbox_dir(session)
    assert not (folder / "rec-done.sealed").exists()  # the purge removed it at commit
    # A write cut short by a crash (never acknowledged), and a purged record's leftover:
    (folder / "rec-orphan.sealed").write_bytes(b"sealed bytes")
    (folder / "rec-done.sealed").write_bytes(b"left over")
    with workspace.transaction() as session:
        assert outbox.sweep(session) == []
    assert (folder / outbox.UNREGISTERED_DIR / "rec-orphan.sealed").read_bytes() == b"sealed bytes"
    left = sorted(p.name for p in folder.iterdir() if p.name != outbox.SPARE_DIR)
    assert left == [outbox.UNREGISTERED_DIR]


def test_a_missing_or_cut_file_is_named_by_verify(workspace: Workspace) -> None:
    with workspace.transaction() as session:
        outbox.seal_record(session, "rec-gone", PAYLOAD)
        outbox.seal_record(session, "rec-cut", PAYLOAD)
        outbox.envelope_path(session, "rec-gone").unlink()
        cut = outbox.envelope_path(session, "rec-cut")
        cut.write_bytes(cut.read_bytes()[:1000])
        problems = {p.record_id: p.problem for p in outbox.verify_records(session)}
        assert problems["rec-gone"] == "ciphertext missing"
        assert problems["rec-cut"].startswith("sealed file damaged")
        with pytest.raises(outbox.RecordNotFound) as gone:
            outbox.sealed(session, "rec-gone")
        assert gone.value.code == "sealed_file_missing"
        assert gone.value.params["record"] == "rec-gone"
        with pytest.raises(outbox.RecordNotFound) as cut_short:
            outbox.sealed(session, "rec-cut")
        assert cut_short.value.code == "sealed_file_damaged"


def test_a_file_sealed_just_before_a_crash_is_adopted_at_the_next_login(
    workspace: Workspace,
) -> None:
    # The commit point of a seal is its file's fsync; simulate dying before the row commits
    # by copying the file aside, rolling back, and putting the file back.
    with workspace.transaction() as session:
        outbox.seal_record(session, "rec-a", PAYLOAD)

    class Crash(Exception):
        pass

    with pytest.raises(Crash), workspace.transaction() as session:
        sealed = outbox.seal_record(session, "rec-b", PAYLOAD)
        path = outbox.envelope_path(session, "rec-b")
        survivor = path.read_bytes()
        raise Crash
    path.write_bytes(survivor)
    with workspace.transaction() as session:
        assert outbox.sweep(session) == ["rec-b"]
        assert [(r.record_id, r.seq) for r in outbox.list_records(session)] == [
            ("rec-a", 1),
            ("rec-b", sealed.seq),
        ]
        assert outbox.verify_records(session) == []
        assert outbox.seal_record(session, "rec-c", PAYLOAD).seq == sealed.seq + 1


def _spare_names(folder: Path) -> list[str]:
    spares = folder / outbox.SPARE_DIR
    return sorted(p.name for p in spares.iterdir()) if spares.is_dir() else []


def _count_calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[int]:
    calls: list[int] = []
    real = getattr(owner, name)

    def counting(*args: object) -> object:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(owner, name, counting)
    return calls


def test_a_seal_into_a_spare_commits_with_data_flushes_only(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    with workspace.transaction() as session:
        folder = outbox.outbox_dir(session)
    folder.mkdir(mode=0o700)
    spare = outbox.prepare_spare(folder)
    assert spare is not None
    assert spare.stat().st_size == outbox.SPARE_BYTES
    assert outbox.prepare_spare(folder) is None  # one waiting is enough
    fsyncs = _count_calls(monkeypatch, os, "fsync")
    fdatasyncs = _count_calls(monkeypatch, os, "fdatasync")
    dir_fsyncs = _count_calls(monkeypatch, sealed_files, "fsync_dir")
    writebacks = _count_calls(monkeypatch, os, "posix_fadvise")
    with workspace.transaction() as session:
        sealed = outbox.seal_record(session, "rec-fast", PAYLOAD)
        # The commit point: data written over the spare's durable zeros, its writeback started
        # while the hash finished, then one data flush: no metadata to commit.
        assert (len(fsyncs), len(fdatasyncs), len(dir_fsyncs)) == (0, 1, 0)
        assert len(writebacks) == 1
        assert not spare.exists()
    monkeypatch.undo()
    outbox.settle_spares()
    path = folder / "rec-fast.sealed"
    assert path.stat().st_size < len(sealed.envelope) + 1000  # the spare's zeros cut off
    assert path.stat().st_mode & 0o077 == 0
    assert outbox.read_sealed_file(path) == sealed
    assert len(_spare_names(folder)) == 1  # the commit queued the next seal's spare
    with workspace.transaction() as session:
        assert outbox.verify_records(session) == []


def test_without_a_spare_the_new_file_and_its_folder_are_fsynced(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    fsyncs = _count_calls(monkeypatch, os, "fsync")
    dir_fsyncs = _count_calls(monkeypatch, sealed_files, "fsync_dir")
    with workspace.transaction() as session:
        outbox.seal_record(session, "rec-slow", PAYLOAD)
        # The file's fsync, then the outbox folder's (created now) and the store folder's.
        assert len(dir_fsyncs) == 2
        assert len(fsyncs) == 1 + len(dir_fsyncs)  # fsync_dir is an fsync too
        assert outbox.verify_records(session) == []


def test_a_record_whose_rename_out_of_its_spare_was_lost_is_put_back(
    workspace: Workspace,
) -> None:
    with workspace.transaction() as session:
        folder = outbox.outbox_dir(session)
    folder.mkdir(mode=0o700)
    outbox.prepare_spare(folder)
    with workspace.transaction() as session:
        sealed = outbox.seal_record(session, "rec-a", PAYLOAD)
    outbox.settle_spares()
    # The crash undid the rename (not fsynced) after the row committed: the record, still
    # padded with the spare's zeros, sits in spare/ under the spare's name.
    lost = folder / outbox.SPARE_DIR / "0123456789abcdef.spare"
    data = (folder / "rec-a.sealed").read_bytes()
    lost.write_bytes(data + bytes(outbox.SPARE_BYTES - len(data)))
    (folder / "rec-a.sealed").unlink()
    with workspace.transaction() as session:
        assert outbox.sweep(session) == []  # its row is there: nothing to adopt
        assert outbox.verify_records(session) == []
        assert outbox.sealed(session, "rec-a") == sealed
    assert not lost.exists()


def test_a_record_sealed_into_a_spare_just_before_a_crash_is_adopted(
    workspace: Workspace,
) -> None:
    with workspace.transaction() as session:
        outbox.seal_record(session, "rec-a", PAYLOAD)  # the device key is committed

    class Crash(Exception):
        pass

    with pytest.raises(Crash), workspace.transaction() as session:
        sealed = outbox.seal_record(session, "rec-b", PAYLOAD)
        survivor = outbox.envelope_path(session, "rec-b").read_bytes()
        folder = outbox.outbox_dir(session)
        raise Crash
    outbox.settle_spares()
    # Flushed into its spare, then the crash came before the rename and the row's commit.
    (folder / outbox.SPARE_DIR / "fedcba9876543210.spare").write_bytes(survivor + bytes(4096))
    with workspace.transaction() as session:
        assert outbox.sweep(session) == ["rec-b"]
        assert [(r.record_id, r.seq) for r in outbox.list_records(session)] == [
            ("rec-a", 1),
            ("rec-b", sealed.seq),
        ]
        assert outbox.verify_records(session) == []
        assert outbox.seal_record(session, "rec-c", PAYLOAD).seq == sealed.seq + 1


def test_sweep_keeps_a_clean_spare_and_sets_aside_a_torn_one(workspace: Workspace) -> None:
    with workspace.transaction() as session:
        folder = outbox.outbox_dir(session)
    folder.mkdir(mode=0o700)
    clean = outbox.prepare_spare(folder)
    assert clean is not None
    spares = folder / outbox.SPARE_DIR
    torn = bytearray(outbox.SPARE_BYTES)
    torn[8192:9000] = os.urandom(808)  # blocks of a record written back before the crash
    (spares / "aaaaaaaaaaaaaaaa.spare").write_bytes(bytes(torn))
    (spares / "bbbbbbbbbbbbbbbb.building").write_bytes(bytes(4096))
    with workspace.transaction() as session:
        assert outbox.sweep(session) == []
    outbox.settle_spares()
    assert _spare_names(folder) == [clean.name]
    assert (folder / outbox.UNREGISTERED_DIR / "aaaaaaaaaaaaaaaa.spare").read_bytes() == torn


def test_a_version_1_sealed_file_is_still_read(tmp_path: Path) -> None:
    device = ed25519.Ed25519PrivateKey.generate()
    sealed = seal("rec-old", 7, PAYLOAD, device_key=device, datacenter=demo.DEMO_KEY)
    meta = canonical_json(
        {
            "record_id": sealed.record_id,
            "seq": sealed.seq,
            "kid": sealed.kid,
            "demo": sealed.demo,
            "sha256": sealed.sha256,
            "size": len(sealed.envelope),
            "signature": base64.b64encode(sealed.signature).decode("ascii"),
        }
    )
    old = tmp_path / "rec-old.sealed"
    old.write_bytes(b"FKSEAL1\x00" + sealed.envelope + meta + struct.pack(">I", len(meta)))
    assert outbox.read_sealed_file(old) == sealed


def test_sync_reads_an_envelope_from_either_file_version_and_names_what_is_wrong(
    workspace: Workspace,
) -> None:
    with workspace.transaction() as session:
        sealed = outbox.seal_record(session, "rec-v2", PAYLOAD)
        outbox.seal_record(session, "rec-gone", PAYLOAD)
        outbox.seal_record(session, "rec-short", PAYLOAD)
        sources = outbox.sendables(session, ["rec-v2", "rec-gone", "rec-short", "rec-none"])
    assert sorted(sources) == ["rec-gone", "rec-short", "rec-v2"]
    source = sources["rec-v2"]
    assert (source.signature, source.sha256) == (sealed.signature, sealed.sha256)
    assert source.read() == sealed.envelope
    # The same record in the version-1 layout (magic, envelope, meta, meta length).
    meta = canonical_json({"record_id": "rec-v2", "size": len(sealed.envelope)})
    source.path.write_bytes(b"FKSEAL1\x00" + sealed.envelope + meta + struct.pack(">I", len(meta)))
    assert source.read() == sealed.envelope
    sources["rec-gone"].path.unlink()
    with pytest.raises(outbox.RecordNotFound):
        sources["rec-gone"].read()
    short = sources["rec-short"].path
    short.write_bytes(short.read_bytes()[: len(sealed.envelope) // 2])
    with pytest.raises(outbox.UnreadableSealedFile):
        sources["rec-short"].read()
    short.write_bytes(b"not a sealed file at all")
    with pytest.raises(outbox.UnreadableSealedFile):
        sources["rec-short"].read()


def test_a_purged_record_is_not_sendable(workspace: Workspace) -> None:
    with workspace.transaction() as session:
        outbox.seal_record(session, "rec-done", PAYLOAD)
        outbox.mark_server_state(
            session, "rec-done", outbox.RecordStatus.ACCEPTED, receipt='{"r": 1}', flush=False
        )
        outbox.purge(session, "rec-done", flush=False)
    with workspace.transaction() as session:
        assert outbox.sendables(session, ["rec-done"]) == {}
        info = outbox.record_info(session, "rec-done")
        assert info is not None
        assert info.state is outbox.RecordStatus.PURGED
        assert not outbox.envelope_path(session, "rec-done").exists()
