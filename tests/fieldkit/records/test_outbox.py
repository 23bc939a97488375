"""The sealed-record outbox on a real encrypted store."""

from __future__ import annotations

import os

import pytest
from cryptography.hazmat.primitives.asymmetric import x25519

from fieldkit.records import demo, outbox
from fieldkit.sealing import DataCenterKey, SealError, open_sealed
from fieldkit.workspace import Workspace

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
        assert outbox.waiting_count(session) == 1
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
    assert sorted(p.name for p in folder.iterdir()) == [outbox.UNREGISTERED_DIR]


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
        with pytest.raises(outbox.RecordNotFound, match="missing"):
            outbox.sealed(session, "rec-gone")
        with pytest.raises(outbox.RecordNotFound, match="damaged"):
            outbox.sealed(session, "rec-cut")


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
