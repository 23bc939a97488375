"""The sarpras checklist with the real device simulators and a real store."""

from __future__ import annotations

import io
import json

import pytest
import sqlalchemy as sa
from PIL import Image

from drivers import Modality
from fieldkit.devices import SelfTestReport
from fieldkit.errors import AuthError, BugError, InvalidInput
from fieldkit.planning.models import RecordingOverride, SarprasPhoto
from fieldkit.sarpras import checklist
from fieldkit.sarpras.checklist import ItemKind, ItemStatus, Phase, RecordingBlocked
from fieldkit.store.models import AuditEvent
from fieldkit.workspace import Workspace
from tests.fieldkit.planning.planning_support import KETUA, PASSWORD, PETUGAS, plan_visit

DEVICE_KEYS = {"fingerprint", "iris", "camera", "signature_pad", "card_reader"}


@pytest.fixture
def visit_id(workspace: Workspace) -> str:
    return plan_visit(workspace)[0].id


@pytest.fixture
def ketua(workspace: Workspace, visit_id: str) -> Workspace:
    del visit_id  # the team exists once the visit is planned
    ws = Workspace.login(workspace.directory, KETUA, PASSWORD)
    yield ws
    ws.close()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 40, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_template_covers_what_the_sop_lists() -> None:
    template = checklist.default_template()
    keys = {i.key for i in template.items}
    assert {"vehicle", "laptop", "cables", "power_bank", "surat_tugas"} <= keys
    assert {"tisu", "minyak_kayu_putih", "sarung_tangan", "masker", "hand_sanitizer"} <= keys
    devices = {i.modality for i in template.items if i.kind is ItemKind.DEVICE}
    assert devices == set(Modality)
    assert all(i.quantity for i in template.items if i.kind is ItemKind.CONSUMABLE)


def test_a_broken_template_is_a_bug() -> None:
    with pytest.raises(BugError, match="malformed"):
        checklist.parse_template(
            {
                "id": "x",
                "version": 1,
                "title": "t",
                "sections": [
                    {
                        "key": "a",
                        "label": "A",
                        "items": [{"key": "k", "label": "K", "kind": "device"}],
                    }
                ],
            }
        )


def test_checkout_with_live_self_tests_then_sign_and_record(
    workspace: Workspace, visit_id: str, ketua: Workspace
) -> None:
    with pytest.raises(RecordingBlocked) as blocked:
        checklist.ensure_recording_allowed(workspace, visit_id)
    assert blocked.value.params["state"] == "not_started"
    view = checklist.run_self_tests(workspace, visit_id, Phase.CHECKOUT, sim=True)
    devices = {i.key: i for i in view.items if i.kind is ItemKind.DEVICE}
    assert set(devices) == DEVICE_KEYS
    assert all(i.self_test_ok and i.status is ItemStatus.OK for i in devices.values())
    assert view.self_test_sim is True
    assert "vehicle" in view.incomplete
    with pytest.raises(RecordingBlocked) as blocked:
        checklist.ensure_recording_allowed(workspace, visit_id)
    assert blocked.value.params["state"] == "incomplete"
    assert "vehicle" in blocked.value.params["missing"]
    assert "fieldkit sarpras checkout" in str(blocked.value.hint)

    checklist.record_checkout_item(workspace, visit_id, "masker", status=ItemStatus.OK, quantity=15)
    view = checklist.mark_rest_ok(workspace, visit_id, Phase.CHECKOUT)
    assert view.complete
    assert view.item("masker").quantity == 15  # kept, not reset to the template's 20
    assert view.item("tisu").quantity == 2
    with pytest.raises(RecordingBlocked) as blocked:
        checklist.ensure_recording_allowed(workspace, visit_id)
    assert blocked.value.params["state"] == "unsigned"

    with pytest.raises(AuthError) as forbidden:
        checklist.sign_checklist(workspace, visit_id, Phase.CHECKOUT)  # the admin may not
    assert forbidden.value.params["allowed"] == "ketua_tim"
    signed = checklist.sign_checklist(ketua, visit_id, Phase.CHECKOUT)
    assert signed.signed_by == KETUA
    assert signed.signed_at is not None
    assert checklist.ensure_recording_allowed(workspace, visit_id) is None
    with pytest.raises(InvalidInput, match="can no longer change"):
        checklist.record_checkout_item(
            workspace, visit_id, "tisu", status=ItemStatus.MISSING, notes="x"
        )
    assert json.dumps(signed.as_json())
    assert workspace.verify_audit().ok


def test_a_failed_or_absent_device_blocks_the_sign_off_until_explained(
    workspace: Workspace, visit_id: str, ketua: Workspace
) -> None:
    reports = [
        SelfTestReport(
            Modality.FINGERPRINT, "zfm", ok=False, message="sensor dirty", duration_s=0.1
        ),
        SelfTestReport(Modality.FACE, "sim", ok=True, message="ok", duration_s=0.1),
    ]
    view = checklist.apply_self_tests(workspace, visit_id, Phase.CHECKOUT, reports, sim=False)
    assert view.item("fingerprint").status is ItemStatus.FAULTY
    assert view.item("iris").self_test_message == "no self-test report"
    with pytest.raises(InvalidInput, match="only by passing its self-test"):
        checklist.record_checkout_item(workspace, visit_id, "fingerprint", status=ItemStatus.OK)
    checklist.mark_rest_ok(workspace, visit_id, Phase.CHECKOUT)
    with pytest.raises(InvalidInput, match="not complete") as refused:
        checklist.sign_checklist(ketua, visit_id, Phase.CHECKOUT)
    assert "fingerprint: note_needed" in refused.value.params["rows"]
    for key in ("fingerprint", "iris", "signature_pad", "card_reader"):
        checklist.record_checkout_item(
            workspace, visit_id, key, status=ItemStatus.MISSING, notes="pakai alat cadangan"
        )
    assert checklist.sign_checklist(ketua, visit_id, Phase.CHECKOUT).signed


def test_an_admin_override_lets_recording_start_with_a_reason(
    workspace: Workspace, visit_id: str, ketua: Workspace
) -> None:
    with pytest.raises(InvalidInput, match="at least 10"):
        checklist.grant_recording_override(workspace, visit_id, "darurat")
    with pytest.raises(AuthError):
        checklist.grant_recording_override(ketua, visit_id, "pasien kritis di RSUD, alat diperiksa")
    info = checklist.grant_recording_override(
        workspace, visit_id, "Pasien kritis di RSUD; checklist diisi setelah kembali"
    )
    allowed = checklist.ensure_recording_allowed(workspace, visit_id)
    assert allowed is not None
    assert allowed.id == info.id
    with workspace.transaction() as session:
        assert session.get(RecordingOverride, info.id) is not None
        event = session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "sarpras.override_granted")
        ).scalar_one()
    assert "RSUD" not in event.details  # free text stays out of the audit log
    assert json.loads(event.details)["override_id"] == info.id


def test_checkin_baik_lengkap_bersih_with_a_damage_photo(
    workspace: Workspace, visit_id: str, ketua: Workspace
) -> None:
    checklist.run_self_tests(workspace, visit_id, Phase.CHECKIN, sim=True)
    photo = _png()
    view = checklist.record_checkin_item(
        workspace,
        visit_id,
        "cables",
        baik=False,
        lengkap=True,
        bersih=True,
        notes="kabel USB terkelupas",
        photo=photo,
    )
    assert view.item("cables").photos == 1
    with pytest.raises(InvalidInput, match="note"):
        checklist.record_checkin_item(
            workspace, visit_id, "vehicle", baik=True, lengkap=True, bersih=False
        )
    with pytest.raises(InvalidInput, match="JPEG or PNG"):
        checklist.record_checkin_item(
            workspace, visit_id, "laptop", notes="x", photo=b"not an image"
        )
    view = checklist.mark_rest_ok(workspace, visit_id, Phase.CHECKIN)
    assert view.item("cables").baik is False  # an answered row is left alone
    assert set(view.incomplete) == {
        "tisu",
        "minyak_kayu_putih",
        "sarung_tangan",
        "masker",
        "hand_sanitizer",
    }
    for key in view.incomplete:
        checklist.record_checkin_item(workspace, visit_id, key, quantity=0)
    signed = checklist.sign_checklist(ketua, visit_id, Phase.CHECKIN)
    assert signed.signed
    assert checklist.photos(workspace, visit_id, "cables") == [photo]
    with workspace.transaction() as session:
        stored = session.execute(sa.select(SarprasPhoto.media_type)).scalars().all()
        details = [e.details for e in session.execute(sa.select(AuditEvent)).scalars()]
    assert stored == ["image/png"]
    assert not any("terkelupas" in d for d in details)


def test_a_device_that_failed_cannot_come_back_baik(workspace: Workspace, visit_id: str) -> None:
    reports = [
        SelfTestReport(Modality.IRIS, "sim", ok=False, message="lens cracked", duration_s=0.1)
    ]
    view = checklist.apply_self_tests(workspace, visit_id, Phase.CHECKIN, reports, sim=True)
    assert view.item("iris").baik is False
    with pytest.raises(InvalidInput, match="cannot be called good"):
        checklist.record_checkin_item(
            workspace, visit_id, "iris", baik=True, lengkap=True, bersih=True
        )


def _checked_out_with_a_rusak_power_bank(
    workspace: Workspace, visit_id: str, ketua: Workspace
) -> checklist.ChecklistView:
    checklist.run_self_tests(workspace, visit_id, Phase.CHECKOUT, sim=True)
    checklist.record_checkout_item(
        workspace, visit_id, "power_bank", status=ItemStatus.FAULTY, notes="tidak mengisi daya"
    )
    checklist.mark_rest_ok(workspace, visit_id, Phase.CHECKOUT)
    checklist.sign_checklist(ketua, visit_id, Phase.CHECKOUT)
    return checklist.run_self_tests(workspace, visit_id, Phase.CHECKIN, sim=True)


def test_an_item_rusak_at_checkout_comes_back_baik_only_with_a_note(
    workspace: Workspace, visit_id: str, ketua: Workspace
) -> None:
    view = _checked_out_with_a_rusak_power_bank(workspace, visit_id, ketua)
    assert view.item("power_bank").checkout_status is ItemStatus.FAULTY
    assert view.item("laptop").checkout_status is ItemStatus.OK
    with pytest.raises(InvalidInput, match="was faulty") as refused:
        checklist.record_checkin_item(
            workspace, visit_id, "power_bank", baik=True, lengkap=True, bersih=True
        )
    assert refused.value.code == "checkin_baik_after_rusak"
    # "Mark the rest ok" does not call it baik either: someone has to say how it came back.
    view = checklist.mark_rest_ok(workspace, visit_id, Phase.CHECKIN)
    assert view.item("power_bank").baik is None
    assert view.item("laptop").baik is True
    assert "power_bank" in view.incomplete
    # Still rusak: baik is false, and the check-out's note is not enough for the return.
    view = checklist.record_checkin_item(
        workspace,
        visit_id,
        "power_bank",
        baik=True,
        lengkap=True,
        bersih=True,
        notes="diganti baterai baru oleh pengurus barang",
    )
    assert view.item("power_bank").baik is True
    assert "power_bank" not in view.incomplete


def test_the_pengurus_barang_accepts_a_complete_return_once(
    workspace: Workspace, visit_id: str, ketua: Workspace
) -> None:
    with pytest.raises(InvalidInput) as early:
        checklist.record_acceptance(ketua, visit_id, "Sutrisno")
    assert early.value.code == "acceptance_incomplete"
    checklist.run_self_tests(workspace, visit_id, Phase.CHECKIN, sim=True)
    view = checklist.mark_rest_ok(workspace, visit_id, Phase.CHECKIN)
    for key in view.incomplete:
        checklist.record_checkin_item(workspace, visit_id, key, quantity=1)
    with pytest.raises(InvalidInput) as nameless:
        checklist.record_acceptance(ketua, visit_id, "   ")
    assert nameless.value.code == "keeper_name_required"
    with (
        Workspace.login(workspace.directory, PETUGAS, PASSWORD) as petugas,
        pytest.raises(AuthError),
    ):
        checklist.record_acceptance(petugas, visit_id, "Sutrisno")
    view = checklist.record_acceptance(ketua, visit_id, "  Sutrisno,  S.Kom. ")
    assert view.accepted
    assert view.accepted_by_name == "Sutrisno, S.Kom."
    assert view.accepted_recorded_by == KETUA
    assert view.as_json()["accepted"] is True
    with pytest.raises(InvalidInput) as twice:
        checklist.record_acceptance(ketua, visit_id, "Sutrisno")
    assert twice.value.code == "already_accepted"
    signed = checklist.sign_checklist(ketua, visit_id, Phase.CHECKIN)
    assert signed.accepted  # signing after the acceptance keeps it
    stored = checklist.get_checklist(workspace, visit_id, Phase.CHECKIN)
    assert stored is not None
    assert stored.accepted_by_name == "Sutrisno, S.Kom."
    with workspace.transaction() as session:
        details = [e.details for e in session.execute(sa.select(AuditEvent)).scalars()]
    assert not any("Sutrisno" in d for d in details)
