"""The sealed-record outbox on a real encrypted store."""

from __future__ import annotations

import os

import pytest
from cryptography.hazmat.primitives.asymmetric import x25519
from sqlalchemy import update

from fieldkit.records import demo, outbox
from fieldkit.records.models import SealedRecordRow
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
        row = session.get(SealedRecordRow, "rec-b")
        assert row is not None
        assert row.envelope is not None
        tampered = bytes([row.envelope[0] ^ 1]) + row.envelope[1:]
        session.execute(
            update(SealedRecordRow)
            .where(SealedRecordRow.record_id == "rec-b")
            .values(envelope=tampered)
        )
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
