"""The office's already-recorded list at enrollment, and the laptop's health report."""

from __future__ import annotations

import base64
import datetime as dt
import json
import socket

import pytest
import sqlalchemy as sa

from drivers import Modality
from fieldkit import demo, office
from fieldkit._version import __version__
from fieldkit.delivery import flow
from fieldkit.delivery.flow import Verdict
from fieldkit.devices import SelfTestReport
from fieldkit.enrollment import intake
from fieldkit.errors import InvalidInput
from fieldkit.office.apply import ApplySummary, Change
from fieldkit.records import outbox
from fieldkit.sarpras import checklist
from fieldkit.sarpras.checklist import Phase
from fieldkit.store.models import AuditEvent
from fieldkit.workspace import Workspace
from tests.fieldkit.enrollment.enrollment_support import make_nik, person, walk_in_visit
from tests.fieldkit.office.office_support import RECORDED_KEY, VISIT_ID, document, mac

#: A receipt as the push would keep it; the flow keeps it, it does not check it.
RECEIPT = '{"state": "ACCEPTED", "signature": "c2lnbmVk"}'

HEALTH_KEYS = {
    "version",
    "reported_at",
    "hostname",
    "fieldkit_version",
    "package_key",
    "package_version",
    "last_sync_at",
    "unsent_records",
    "oldest_unsent_at",
    "free_disk_bytes",
    "devices",
    "audit",
    "frozen",
    "freeze_reasons",
    "officer_conflicts",
    "first_logins",
}


@pytest.fixture
def applied(workspace: Workspace) -> Workspace:
    office.apply_package(workspace, office.OfficePackage.from_document(document()))
    return workspace


def test_already_recorded_answers_from_the_offices_list(applied: Workspace) -> None:
    assert office.already_recorded(applied, make_nik(302)) == dt.date(2026, 11, 12)
    assert office.already_recorded(applied, make_nik(303)) is None
    with applied.transaction() as session:
        assert office.already_recorded(session, make_nik(302)) == dt.date(2026, 11, 12)


def test_an_already_recorded_person_needs_a_reason(applied: Workspace) -> None:
    visit = walk_in_visit(applied)
    recorded = person(302, nik=make_nik(302))
    with pytest.raises(InvalidInput) as caught:
        intake.start_enrollment(applied, visit, person=recorded)
    assert caught.value.code == "already_recorded_at_office"
    assert caught.value.params == {"date": "2026-11-12"}
    with pytest.raises(InvalidInput) as short:
        intake.start_enrollment(applied, visit, person=recorded, recapture_reason="ktp")
    assert short.value.code == "recapture_reason_short"
    view = intake.start_enrollment(
        applied, visit, person=recorded, recapture_reason="Foto di KTP-el rusak, rekam ulang"
    )
    with applied.transaction() as session:
        again = session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "enrollment.recorded_again")
        ).scalar_one()
    assert again.record_id == view.id
    assert json.loads(again.details)["reason"] == "Foto di KTP-el rusak, rekam ulang"
    # Someone not on the list starts as before, without a reason.
    assert intake.start_enrollment(applied, visit, person=person(303)).id


def test_the_recorded_list_is_replaced_wholesale(applied: Workspace) -> None:
    replaced = document(
        version=4,
        recorded={
            "key": base64.b64encode(b"z" * 32).decode(),
            "entries": [],
        },
    )
    office.apply_package(applied, office.OfficePackage.from_document(replaced))
    assert office.already_recorded(applied, make_nik(302)) is None


def test_the_health_report_has_exactly_the_contracts_keys(applied: Workspace) -> None:
    now = dt.datetime(2026, 11, 26, 8, tzinfo=dt.UTC)
    health = office.collect_health(applied, hostname="laptop-tim-1", now=now)
    assert set(health) == HEALTH_KEYS
    assert health["version"] == 1
    assert health["reported_at"] == "2026-11-26T08:00:00+00:00"
    assert health["hostname"] == "laptop-tim-1"
    assert health["fieldkit_version"] == __version__
    assert base64.b64decode(str(health["package_key"])) == office.package_public_key(applied)
    assert health["package_version"] == 3
    assert health["last_sync_at"] is None
    assert (health["unsent_records"], health["oldest_unsent_at"]) == (0, None)
    assert isinstance(health["free_disk_bytes"], int)
    assert health["free_disk_bytes"] > 0
    assert health["devices"] == []
    with applied.transaction() as session:
        events = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    assert health["audit"] == {"ok": True, "events": events}
    assert (health["frozen"], health["freeze_reasons"]) == (False, [])
    assert health["first_logins"] == []
    json.dumps(health)  # the body goes out as JSON as it is
    assert office.collect_health(applied)["hostname"] == socket.gethostname()[:200]


def test_the_health_report_carries_each_devices_last_self_test(applied: Workspace) -> None:
    reports = [
        SelfTestReport(Modality.FINGERPRINT, "zfm", ok=False, message="dirty", duration_s=0.1),
        SelfTestReport(Modality.FACE, "sim", ok=True, message="ok", duration_s=0.1),
    ]
    checklist.apply_self_tests(applied, VISIT_ID, Phase.CHECKOUT, reports, sim=False)
    devices = office.collect_health(applied, hostname="h")["devices"]
    assert isinstance(devices, list)
    by_kind = {d["kind"]: (d["backend"], d["ok"]) for d in devices}
    assert by_kind["fingerprint"] == ("zfm", False)
    assert by_kind["face"] == ("sim", True)
    assert all(d["tested_at"] for d in devices)


def test_the_summary_reads_as_a_sentence() -> None:
    summary = ApplySummary(
        7,
        (
            Change("officers_added", {"n": "2"}),
            Change("threshold", {"modality": "face", "value": "61"}),
        ),
    )
    assert summary.message == "From the office: 2 new officers, face threshold 61"
    assert summary.as_json()["changes"] == [
        {"code": "officers_added", "params": {"n": "2"}},
        {"code": "threshold", "params": {"modality": "face", "value": "61"}},
    ]


def test_the_data_centers_recapture_request_counts_as_the_reason(applied: Workspace) -> None:
    """Issue 38: a RECAPTURE request from the data center lifts the already-recorded warning."""
    ws = applied
    visit = demo.demo_visit(ws)
    demo.prepare_sarpras(ws, visit)
    region = demo.demo_region(ws)
    with demo.SimKit() as kit:
        first = demo.enroll_one(ws, kit, visit, 5, region)
    again = demo.synthetic_person(5, region)
    recorded = {
        "key": base64.b64encode(RECORDED_KEY).decode(),
        "entries": [{"mac": mac(again.nik), "recorded_on": "2026-11-20"}],
    }
    office.apply_package(ws, office.OfficePackage.from_document(document(4, recorded=recorded)))
    second = walk_in_visit(ws)
    with pytest.raises(InvalidInput) as caught:
        intake.start_enrollment(ws, second, person=again)
    assert caught.value.code == "already_recorded_at_office"

    with ws.transaction() as session:
        info = outbox.record_info(session, first.record_id)
        assert info is not None
        news = Verdict(info, "ACCEPTED", RECEIPT, None, "Foto buram", "RECAPTURE")
        flow.apply_verdicts(session, [news], actor="admin", word=lambda *_: "rekam ulang")
    view = intake.start_enrollment(ws, second, person=again)
    with ws.transaction() as session:
        event = session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "enrollment.recorded_again")
        ).scalar_one()
    assert event.record_id == view.id
    assert json.loads(event.details) == {
        "recorded_on": "2026-11-20",
        "reason": "recapture_requested: Foto buram",
    }
