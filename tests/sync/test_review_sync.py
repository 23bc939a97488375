"""The ketua tim's loop through the command line and a real data center on 127.0.0.1.

``fieldkit demo enroll --with-exception`` flags records; ``sync push`` holds
them back and says how many wait; the ketua tim approves one (its decision
travels, signed by the laptop, beside the record) and returns another (never
sent, its person on the revisit list); the data center later asks for a
recapture of a third, which the laptop picks up on sync.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldkit import demo
from fieldkit.accounts import Accounts
from fieldkit.enrollment import intake, outcomes, visits
from fieldkit.officers import Role
from fieldkit.planning.kinds import PlaceType
from fieldkit.records import outbox
from fieldkit.review import queue, revisits
from fieldkit.store.keyring import TEST_KDF
from fieldkit.workspace import Workspace
from sync.client.client import SyncClient
from sync.client.usb import export_records
from tests.fieldkit.enrollment.enrollment_support import person
from tests.support import ADMIN, ADMIN_PASSWORD, cli, init_workspace
from tests.sync.client.syncsupport import enroll
from tests.sync.server.dcsupport import DataCenterProcess, dc_cli, list_records

KETUA, PETUGAS = "ketua1", "petugas1"
PASSWORD = "kata-sandi-uji"
NOTE = "Jari kelingking kiri memang tidak ada; foto bukti jelas"
RETURN_REASON = "Foto bukti tidak menunjukkan tangan; rekam ulang"
RECAPTURE_REASON = "Sidik jari tidak lolos penunggalan; rekam ulang"


@pytest.fixture
def datacenter(tmp_path: Path) -> Iterator[DataCenterProcess]:
    server = DataCenterProcess(tmp_path / "dc", tmp_path / "dc.log")
    server.start()
    yield server
    server.stop()


def _env(home: Path, officer: str, password: str) -> dict[str, str]:
    return {"FIELDKIT_HOME": str(home), "FIELDKIT_OFFICER": officer, "FIELDKIT_PASSWORD": password}


def _ok(*args: str, env: dict[str, str]) -> object:
    done = cli(*args, env=env)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return json.loads(done.stdout) if "--json" in args else done.stdout


def test_review_then_push_then_recapture(  # noqa: PLR0915 - one journey, step by step
    home: Path, datacenter: DataCenterProcess
) -> None:
    # A training store (so the demo people may be sent) enrolled with the data center.
    with init_workspace(home, training=True) as ws:
        Accounts(ws).add_officer(KETUA, "Budi Santoso", Role.KETUA_TIM, PASSWORD, kdf=TEST_KDF)
        Accounts(ws).add_officer(PETUGAS, "Siti Aminah", Role.PETUGAS, PASSWORD, kdf=TEST_KDF)
        enroll(ws, datacenter)
    admin = _env(home, ADMIN, ADMIN_PASSWORD)
    ketua = _env(home, KETUA, PASSWORD)
    petugas = _env(home, PETUGAS, PASSWORD)

    done = cli(
        "demo", "enroll", "--count", "3", "--sim", "--with-exception", "2", "--json", env=admin
    )
    assert done.returncode == 0, done.stderr
    sealed = [json.loads(line) for line in done.stdout.splitlines()]
    flagged = [r["record_id"] for r in sealed[:2]]
    plain = sealed[2]["record_id"]
    assert all("exception:finger:10:amputated:permanent" in r["review_flags"] for r in sealed[:2])
    assert sealed[2]["review_flags"] == []

    waiting = _ok("review", "list", "--json", env=ketua)
    assert isinstance(waiting, list)
    assert [w["record_id"] for w in waiting] == flagged
    assert [w["target_id"] for w in waiting] == [r["target_id"] for r in sealed[:2]]
    assert waiting[0]["flags"] == ["exception:finger:10:amputated:permanent"]

    # The first push sends only the unflagged record and says how many wait.
    summary = _ok("sync", "push", "--json", env=admin)
    assert isinstance(summary, dict)
    assert (summary["accepted"], summary["awaiting_review"], summary["pending"]) == (1, 2, 0)
    assert [r["record_id"] for r in list_records(datacenter.data)] == [plain]

    # Only the ketua tim decides: a petugas and an admin are refused (exit 1).
    for who in (petugas, admin):
        refused = cli("review", "approve", flagged[0], "--note", NOTE, env=who)
        assert refused.returncode == 1, refused.stderr
        assert "auth_forbidden" in refused.stderr or "role" in refused.stderr
        refused = cli("review", "return", flagged[1], "--reason", RETURN_REASON, env=who)
        assert refused.returncode == 1, refused.stderr
    _ok("review", "approve", flagged[0], "--note", NOTE, env=ketua)
    _ok("review", "return", flagged[1], "--reason", RETURN_REASON, env=ketua)
    assert _ok("review", "list", "--json", env=ketua) == []

    summary = _ok("sync", "push", "--json", env=admin)
    assert isinstance(summary, dict)
    assert (summary["accepted"], summary["awaiting_review"], summary["returned"]) == (1, 0, 1)
    assert sorted(r["record_id"] for r in list_records(datacenter.data)) == sorted(
        [plain, flagged[0]]
    )

    # The decision arrived beside the record, signed by the laptop, and the data center kept it.
    kept = dc_cli(datacenter.data, "reviews", "list", "--json")
    assert kept.returncode == 0, kept.stderr
    decisions = json.loads(kept.stdout)
    assert [(d["record_id"], d["decision"], d["decided_by"], d["note"]) for d in decisions] == [
        (flagged[0], "approved", KETUA, NOTE)
    ]
    assert decisions[0]["flags"] == ["exception:finger:10:amputated:permanent"]
    # Once the data center holds it, the laptop keeps no thumbnail of the person's hand,
    # nor the ketua's note (it went with the record); the flag codes stay for the counts.
    with Workspace.login(home, KETUA, PASSWORD) as ws:
        assert queue.proof_thumbnails(ws, flagged[0]) == []
        assert len(queue.proof_thumbnails(ws, flagged[1])) == 1  # returned: kept for the revisit
        decided = {i.record_id: i for i in queue.list_reviews(ws, tuple(queue.ReviewState))}
        assert decided[flagged[0]].note is None
        assert decided[flagged[0]].flags == ("exception:finger:10:amputated:permanent",)
        assert decided[flagged[1]].note == RETURN_REASON  # not sent: kept for the revisit

    # The data center asks for a recapture of the plain record; the laptop picks it up.
    asked = dc_cli(datacenter.data, "records", "set-state", plain, "RECAPTURE")
    assert asked.returncode == 2  # a reason is required
    asked = dc_cli(
        datacenter.data, "records", "set-state", plain, "RECAPTURE", "--reason", RECAPTURE_REASON
    )
    assert asked.returncode == 0, asked.stderr
    _ok("sync", "push", "--json", env=admin)

    listed = _ok("revisit", "list", "--json", env=ketua)
    assert isinstance(listed, list)
    by_record = {r["record_id"]: r for r in listed}
    assert set(by_record) == {flagged[1], plain}
    assert (by_record[flagged[1]]["source"], by_record[flagged[1]]["reason"]) == (
        "returned",
        RETURN_REASON,
    )
    assert (by_record[plain]["source"], by_record[plain]["reason"]) == (
        "datacenter_recapture",
        RECAPTURE_REASON,
    )
    assert by_record[plain]["target_id"] == sealed[2]["target_id"]


def test_a_usb_stick_carries_the_decision_and_not_what_waits(
    home: Path, datacenter: DataCenterProcess, tmp_path: Path
) -> None:
    with init_workspace(home, training=True) as ws:
        Accounts(ws).add_officer(KETUA, "Budi Santoso", Role.KETUA_TIM, PASSWORD, kdf=TEST_KDF)
        enroll(ws, datacenter)
        visit = demo.demo_visit(ws)
        demo.prepare_sarpras(ws, visit)
        region = demo.demo_region(ws)
        with demo.SimKit() as kit:
            approved, waiting = (
                demo.enroll_one(ws, kit, visit, n, region, with_exception=True).record_id
                for n in range(2)
            )
    with Workspace.login(home, KETUA, PASSWORD) as ketua:
        queue.approve(ketua, approved, NOTE)
        exported = export_records(ketua, tmp_path / "usb")
    assert exported.records == 1
    assert [(s.record_id, s.reason) for s in exported.skipped] == [(waiting, "held_for_review")]
    imported = dc_cli(datacenter.data, "import", str(tmp_path / "usb"), "--json")
    assert imported.returncode == 0, imported.stderr
    assert [r["record_id"] for r in list_records(datacenter.data)] == [approved]
    kept = json.loads(dc_cli(datacenter.data, "reviews", "list", "--json").stdout)
    assert [(d["record_id"], d["decided_by"], d["note"]) for d in kept] == [(approved, KETUA, NOTE)]


def test_a_record_the_data_center_refuses_puts_its_person_on_the_revisit_list(
    home: Path, datacenter: DataCenterProcess
) -> None:
    with init_workspace(home) as ws:
        enroll(ws, datacenter)
        visit = visits.new_visit(
            ws, desa_code="3315012001", visit_date=dt.date(2026, 12, 1), place=PlaceType.RUMAH
        )
        target = intake.add_person(ws, visit, person(3))
        record_id = str(uuid.uuid4())
        with ws.transaction() as session:
            # A record whose content the data center cannot take (not a JSON object), sealed
            # for this person as finishing an enrollment would.
            outbox.seal_record(session, record_id, b"[1, 2, 3]", visit_id=visit)
            outcomes.put_outcome(
                session,
                target_id=target,
                visit_id=visit,
                outcome=outcomes.Outcome.RECORDED,
                officer=ADMIN,
                record_id=record_id,
            )
        summary = SyncClient(ws).push()
        assert summary.rejected == 1, summary.as_json()
        listed = revisits.list_revisits(ws)
    assert [(r.record_id, r.target_id, r.visit_id, r.source) for r in listed] == [
        (record_id, target, visit, revisits.RevisitSource.DATACENTER_REJECTED)
    ]
    assert listed[0].reason_code == "payload_invalid"
    assert listed[0].reason == "The record's content is not valid."
