"""Finishing seals the record and leaves nothing readable behind, even for the store's key.

Real simulators over their real transports, a real SQLCipher store, the real
outbox.  The privacy test reads the store's pages decrypted with the store key
(as a thief holding the laptop and an officer's password could) and looks for
the image bytes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import x25519

from fieldkit import demo, finish
from fieldkit.enrollment import intake
from fieldkit.enrollment.errors import NotReadyToFinish, UnknownEnrollment
from fieldkit.enrollment.models import (
    CaptureAttempt,
    CaptureImage,
    Enrollment,
    EnrollmentDocument,
    TargetOutcome,
)
from fieldkit.enrollment.outcomes import Outcome
from fieldkit.quality.imageio import load_jp2
from fieldkit.records import container, outbox
from fieldkit.records import demo as demo_dc
from fieldkit.sealing import DataCenterKey, SealError, open_sealed
from fieldkit.workspace import Workspace
from tests.fieldkit.enrollment.enrollment_support import walk_in_visit
from tests.fieldkit.enrollment.pages import clear_pages, header_is_sqlite
from tests.support import init_workspace


@pytest.fixture
def workspace(home: Path) -> Iterator[Workspace]:
    """A training store, as for the other recording tests: no data center is enrolled."""
    ws = init_workspace(home, training=True)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def kit() -> demo.SimKit:
    with demo.SimKit() as running:
        yield running


def _captured_draft(ws: Workspace, kit: demo.SimKit, index: int) -> str:
    """A draft with every capture done, ready to finish (without finishing it)."""
    visit = walk_in_visit(ws)
    view = intake.start_enrollment(
        ws, visit, person=demo.synthetic_person(index, "331501"), finger_mode=demo.FingerMode.SINGLE
    )
    intake.record_consent(
        ws,
        view.id,
        intake.ConsentInput(
            intake.ConsentGiver.GUARDIAN, name="Anak Uji", relation="anak", photo=_photo()
        ),
    )
    for slot in demo.slots_for(demo.FingerMode.SINGLE, demo.SignatureMode.SIGNATURE):
        demo.capture_best(ws, view.id, slot, kit.device_for(slot))
    return view.id


def _photo() -> bytes:
    from tests.fieldkit.enrollment.enrollment_support import photo

    return photo(7)


def _samples(ws: Workspace) -> list[bytes]:
    """Slices from the middle of every stored image: what a reader would look for."""
    with ws.transaction() as session:
        blobs = [*session.scalars(sa.select(CaptureImage.data))]
        blobs += list(session.scalars(sa.select(EnrollmentDocument.data)))
    return [blob[n : n + 24] for blob in blobs for n in (len(blob) // 3, len(blob) // 2)]


def test_sealing_erases_the_plaintext_and_the_laptop_cannot_read_it_back(
    workspace: Workspace, kit: demo.SimKit
) -> None:
    draft = _captured_draft(workspace, kit, 1)
    samples = _samples(workspace)
    path, key = workspace.store.path, workspace.store.key
    assert header_is_sqlite(path, key)
    before = clear_pages(path, key)
    assert sum(s in before for s in samples) > len(samples) // 2  # the reader works

    datacenter = x25519.X25519PrivateKey.generate()
    with workspace.transaction() as session:
        outbox.install_datacenter_keys(
            session,
            [DataCenterKey("dc-test", datacenter.public_key().public_bytes_raw())],
            "dc-test",
        )
    record = finish.finish_enrollment(workspace, draft)
    assert not record.demo

    with workspace.transaction() as session:
        for table in (Enrollment, CaptureAttempt, CaptureImage, EnrollmentDocument):
            assert session.scalar(sa.select(sa.func.count()).select_from(table)) == 0
        sealed = outbox.sealed(session, record.record_id)
        public = outbox.device_public_key(session)
        outcome = session.get(TargetOutcome, record.target_id)
    assert outcome is not None
    assert (outcome.outcome, outcome.record_id) == (Outcome.RECORDED.value, record.record_id)

    after = clear_pages(path, key)
    found = [s.hex() for s in samples if s in after]
    assert not found, f"{len(found)} image slices still readable with the store key"

    with pytest.raises(SealError):  # nothing the laptop holds opens it
        open_sealed(sealed, demo_dc.demo_private_key(), public)
    payload = container.unpack(open_sealed(sealed, datacenter, public))[0]
    assert payload["demo"] is False
    assert payload["person"]["name"] == "Demo Sasaran 1"
    assert payload["consent"]["given_by"] == "guardian"
    assert payload["consent"]["document"]["media_type"] == "image/jpeg"


def test_the_canonical_record_carries_everything_and_is_flagged_demo(
    workspace: Workspace, kit: demo.SimKit
) -> None:
    visit = demo.demo_visit(workspace)
    record = demo.enroll_one(workspace, kit, visit, 3, demo.demo_region(workspace))
    assert record.demo
    with workspace.transaction() as session:
        sealed = outbox.sealed(session, record.record_id)
        public = outbox.device_public_key(session)
        [info] = outbox.list_records(session)
        assert outbox.verify_records(session) == []
    assert info.demo
    payload, blobs = container.unpack(open_sealed(sealed, demo_dc.demo_private_key(), public))
    assert payload["format"] == "fieldkit-record/2"
    assert (payload["record_id"], payload["seq"], payload["demo"]) == (record.record_id, 1, True)
    assert payload["laptop"]["device_public_key"] == public.hex()
    assert payload["officer"]["username"] == "admin"
    slots = {c["slot"]: c for c in payload["captures"]}
    assert set(slots) == {"face", "iris", "signature"} | {f"finger:{n}" for n in range(1, 11)}
    # The capture hash chain runs unbroken through every attempt, in capture order.
    links = sorted(
        (a["chain"] for c in payload["captures"] for a in c["attempts"]), key=lambda c: c["index"]
    )
    assert [link["index"] for link in links] == list(range(len(links)))
    for previous, link in itertools.pairwise(links):
        assert link["previous_hash"] == previous["hash"]
    assert links[0]["previous_hash"] == "00" * 32
    assert payload["chain"] == {"head": links[-1]["hash"], "length": len(links)}
    kept = next(a for a in slots["iris"]["attempts"] if a["kept"])
    assert {i["part"] for i in kept["images"]} == {"left", "right"}
    assert all(i["media_type"] == "image/jp2" for i in kept["images"])
    for image in kept["images"]:  # the raw blobs after the header are the lossless irises
        eye = load_jp2(blobs[image["blob"]])
        assert eye.ndim == 2
        assert min(eye.shape) >= 200
    assert payload["timing"]["sop_seconds"] == 1800
    assert set(payload["timing"]["per_step_seconds"]) >= {"face", "fingers", "iris", "signature"}


def test_an_incomplete_draft_is_not_sealed_and_says_what_is_missing(
    workspace: Workspace,
) -> None:
    visit = walk_in_visit(workspace)
    view = intake.start_enrollment(workspace, visit, person=demo.synthetic_person(5, "331501"))
    with pytest.raises(NotReadyToFinish) as caught:
        finish.finish_enrollment(workspace, view.id)
    assert "consent" in caught.value.missing
    assert "face" in caught.value.missing
    assert "not captured" not in caught.value.params["missing"]
    with pytest.raises(UnknownEnrollment) as unknown:
        finish.finish_enrollment(workspace, "feedbeef")
    assert unknown.value.code == "unknown_enrollment"
    assert unknown.value.params == {"enrollment": "feedbeef"}
    with workspace.transaction() as session:
        assert outbox.list_records(session) == []
