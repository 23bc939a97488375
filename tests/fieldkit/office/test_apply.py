"""Applying the office package: whole or nothing, merged officers, rules, plan, keyring."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from fieldkit import login, office, regions
from fieldkit.accounts import Accounts
from fieldkit.enrollment import autocapture, cosign, freeze, intake
from fieldkit.enrollment.autocapture_rule import AutoCaptureRule
from fieldkit.errors import AuthError, BugError
from fieldkit.events import (
    OfficersChanged,
    RulesChanged,
    TargetsChanged,
)
from fieldkit.office_sent import RuleSetByOffice
from fieldkit.officers import Role
from fieldkit.planning import target_edit, targets_import
from fieldkit.planning.models import PlanRequest, Target, Visit, VisitOfficer
from fieldkit.quality import policy
from fieldkit.quality.result import QualityModality
from fieldkit.reports import agenda, letters
from fieldkit.store.keyring import TEST_KDF
from fieldkit.store.models import AuditEvent, Officer, Setting
from fieldkit.workspace import Workspace
from tests.fieldkit.office.office_support import CODE, ISSUED, TARGET_ID, VISIT_ID, document
from tests.support import ADMIN, ADMIN_PASSWORD

PASSWORD = "kopi-pagi-sari-2026"
NEW_PASSWORD = "teh-sore-sari-2027"


def _apply(ws: Workspace, doc: dict[str, object]) -> office.ApplySummary:
    return office.apply_package(ws, office.OfficePackage.from_document(doc))


def _snapshot(ws: Workspace) -> dict[str, object]:
    """What a package changes: officers, settings, plan rows, office tables."""
    with ws.transaction() as session:
        return {
            "officers": sorted(
                (o.username, o.full_name, o.role, o.active, o.pending)
                for o in session.execute(sa.select(Officer)).scalars()
            ),
            "settings": sorted(
                (s.key, s.value)
                for s in session.execute(sa.select(Setting)).scalars()
                if s.key != "office.package_key"
            ),
            "requests": session.scalar(sa.select(sa.func.count()).select_from(PlanRequest)),
            "visits": session.scalar(sa.select(sa.func.count()).select_from(Visit)),
            "targets": session.scalar(sa.select(sa.func.count()).select_from(Target)),
            "audit": session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)),
        }


def test_a_package_applies_officers_rules_plan_and_says_what_changed(
    workspace: Workspace,
) -> None:
    ws = workspace
    seen: list[object] = []
    ws.events.connect(seen.append)
    summary = _apply(ws, document())
    codes = [c.code for c in summary.changes]
    assert summary.version == 3
    assert summary.applied
    assert {"officers_added", "threshold", "targets"} <= set(codes)
    assert summary.message.startswith("From the office: 1 new officer, face threshold 61")
    with ws.transaction() as session:
        sari = session.execute(sa.select(Officer).where(Officer.username == "sari")).scalar_one()
        assert (sari.pending, sari.active, sari.source) == (True, False, "office")
        assert policy.load_policy(session).threshold(QualityModality.FACE) == 61
        assert policy.load_policy(session).max_attempts == 4
        assert freeze.limits(session) == (5, 300)
        visit = session.get(Visit, VISIT_ID)
        assert visit is not None
        assert visit.created_by == "kantor"
        team = session.execute(sa.select(VisitOfficer)).scalars().all()
        assert [(m.username, m.team_role) for m in team] == [("sari", "petugas")]
        assert session.get(Target, TARGET_ID) is not None
        applied = session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "office.package_applied")
        ).scalar_one()
        details = json.loads(applied.details)
        assert (details["version"], details["officers_added"]) == (3, 1)
    assert ws.setting_int("idle_timeout_minutes") == 5
    assert ws.idle.timeout == dt.timedelta(minutes=5)
    assert letters.office_profile(ws).head_name == "Kepala Dinas"
    assert agenda.number_pattern(ws) == "470/{urut:03d}/Dukcapil/{tahun}"  # read the Indonesian way
    assert regions.district("331501") is not None
    assert regions.district("331501").name == "Kedungjati Baru"  # type: ignore[union-attr]
    assert office.office_rules(ws)["quality.threshold.face"] == 61
    kinds = {type(e) for e in seen}
    assert {OfficersChanged, RulesChanged, TargetsChanged} <= kinds
    assert [p.username for p in office.pending_officers(ws)] == ["sari"]


def test_the_duty_letter_carries_the_number_the_office_gave_it(
    workspace: Workspace, tmp_path: Path
) -> None:
    """The office numbered the visit's surat tugas in its agenda: the laptop prints that number."""
    plan = document()["plan"]
    plan["visits"][0]["duty_letter_number"] = "800/077/Dukcapil/2026"
    _apply(workspace, document(plan=plan))
    printed = letters.surat_tugas(workspace, VISIT_ID, tmp_path / "st.pdf")
    text = subprocess.run(
        ["pdftotext", str(printed), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "800/077/Dukcapil/2026" in text
    (entry,) = agenda.list_letters(workspace)
    assert (entry.number, entry.issued_by, entry.seq) == ("800/077/Dukcapil/2026", "kantor", None)

    plan["visits"][0]["duty_letter_number"] = None  # the office takes its number back
    _apply(workspace, document(4, plan=plan))
    letters.surat_tugas(workspace, VISIT_ID, tmp_path / "st2.pdf")
    (own,) = agenda.list_letters(workspace)
    assert own.seq == 1
    assert own.number != "800/077/Dukcapil/2026"


def test_the_same_package_again_changes_nothing(workspace: Workspace) -> None:
    _apply(workspace, document())
    before = _snapshot(workspace)
    again = _apply(workspace, document())
    assert not again.applied
    assert again.changes == ()
    assert again.message == "From the office: nothing new"
    assert _snapshot(workspace) == before


@pytest.mark.parametrize(
    ("version", "issued_at"),
    [(2, ISSUED + dt.timedelta(days=1)), (3, ISSUED - dt.timedelta(minutes=1))],
)
def test_an_older_package_is_refused(
    workspace: Workspace, version: int, issued_at: dt.datetime
) -> None:
    _apply(workspace, document())
    before = _snapshot(workspace)
    with pytest.raises(office.OfficePackageRefused) as caught:
        _apply(workspace, document(version=version, issued_at=issued_at, officers=[]))
    assert caught.value.code == "office_package_older"
    assert _snapshot(workspace) == before


def test_a_newer_issue_of_the_same_version_applies(workspace: Workspace) -> None:
    _apply(workspace, document())
    later = _apply(workspace, document(issued_at=ISSUED + dt.timedelta(hours=1), recorded=None))
    assert later.applied
    assert office.applied_version(workspace) == (3, ISSUED + dt.timedelta(hours=1))


def test_a_package_for_another_office_is_refused(workspace: Workspace) -> None:
    before = _snapshot(workspace)
    with pytest.raises(office.OfficePackageRefused) as caught:
        _apply(workspace, document(office_code="3505"))
    assert caught.value.code == "office_package_other_office"
    assert caught.value.params == {"office": "3505", "ours": "3315"}
    assert _snapshot(workspace) == before


def test_a_failure_mid_apply_leaves_everything_as_it_was(workspace: Workspace) -> None:
    """The visit's team names sari twice: the unique key fails after officers and rules."""
    before = _snapshot(workspace)
    doc = document()
    team = doc["plan"]["visits"][0]["team"]  # type: ignore[index]
    team.append(dict(team[0]))
    package = office.OfficePackage.from_document(doc)
    with pytest.raises(BugError, match="UNIQUE constraint failed"):
        office.apply_package(workspace, package)
    assert _snapshot(workspace) == before
    assert office.applied_version(workspace) == (0, None)
    assert office.office_rules(workspace) == {}


def test_a_package_with_one_bad_target_changes_nothing(workspace: Workspace) -> None:
    before = _snapshot(workspace)
    doc = document()
    doc["plan"]["targets"][0]["nik"] = "12345"  # type: ignore[index]
    with pytest.raises(office.OfficePackageInvalid):
        _apply(workspace, doc)
    assert _snapshot(workspace) == before


def test_a_local_officer_of_the_same_name_is_merged_not_duplicated(
    workspace: Workspace, home: Path
) -> None:
    """Same name, same role: the office's name and NIP; the account stays this laptop's."""
    Accounts(workspace).add_officer("sari", "Sari W.", Role.PETUGAS, PASSWORD, TEST_KDF)
    summary = _apply(workspace, document())
    assert [c.code for c in summary.changes if c.code.startswith("officers")] == [
        "officers_updated"
    ]
    with workspace.transaction() as session:
        rows = session.execute(sa.select(Officer).where(Officer.username == "sari")).scalars()
        (sari,) = rows.all()
        assert (sari.full_name, sari.role, sari.active, sari.pending) == (
            "Sari Wulandari",
            "petugas",
            True,
            False,
        )
        assert sari.nip == "198703122010012003"
        assert sari.source == "local"  # made here: the office may not take it (issue 46)
    with login.log_in(home, "sari", PASSWORD) as ws2:  # her password and slot are kept
        assert ws2.officer.role is Role.PETUGAS


def test_a_local_officer_in_another_role_is_not_merged(workspace: Workspace, home: Path) -> None:
    """Issue 46: the laptop's own account keeps its role; the entry is refused, not applied."""
    Accounts(workspace).add_officer("sari", "Sari W.", Role.OPERATOR, PASSWORD, TEST_KDF)
    summary = _apply(workspace, document())
    assert [c.code for c in summary.changes if c.code.startswith("officers")] == [
        "officers_refused"
    ]
    with login.log_in(home, "sari", PASSWORD) as ws2:
        assert (ws2.officer.role, ws2.officer.full_name) == (Role.OPERATOR, "Sari W.")


def _office_officer(ws: Workspace, home: Path, username: str) -> None:
    """``username`` sent by the office, then logged in with its code: the office's to manage."""
    entry = {**document()["officers"][0], "username": username}
    _apply(ws, document(2, officers=[entry]))
    office.first_login(ws, username, CODE, PASSWORD, kdf=TEST_KDF, now=ISSUED)
    with login.log_in(home, username, PASSWORD) as officer:
        assert officer.officer.username == username


def test_an_officer_the_office_disables_is_refused_at_login_and_loses_the_slot(
    workspace: Workspace, home: Path
) -> None:
    _office_officer(workspace, home, "budi")
    key_version = workspace.keyring.key_version
    budi = {
        "username": "budi",
        "full_name": "Budi Santoso",
        "role": "petugas",
        "nip": None,
        "rank": None,
        "state": "disabled",
        "first_login": None,
    }
    summary = _apply(workspace, document(officers=[budi]))
    assert ("officers_disabled", {"n": "1"}) in [(c.code, c.params) for c in summary.changes]
    slot = workspace.keyring.slot_for("budi")
    assert slot is not None
    assert slot.disabled
    assert workspace.keyring.key_version == key_version + 1
    with pytest.raises(AuthError) as caught:
        login.log_in(home, "budi", PASSWORD)
    assert caught.value.code == "auth_disabled"
    assert office.reconcile_keyring(workspace) == []  # repeatable: nothing left to do
    with login.log_in(home, ADMIN, ADMIN_PASSWORD) as again:  # the new key opens the store
        assert again.officer.username == ADMIN


def test_an_officer_the_office_enables_again_comes_back_through_a_first_login(
    workspace: Workspace, home: Path
) -> None:
    """Disabled, then enabled again at the office: a newcomer with the new code, no old slot."""
    _office_officer(workspace, home, "sari")
    sari = document()["officers"][0]
    _apply(workspace, document(3, officers=[{**sari, "state": "disabled", "first_login": None}]))
    with pytest.raises(AuthError) as disabled:
        login.log_in(home, "sari", PASSWORD)
    assert disabled.value.code == "auth_disabled"

    summary = _apply(workspace, document(4, officers=[sari]))
    assert ("officers_enabled", {"n": "1"}) in [(c.code, c.params) for c in summary.changes]
    assert [o.username for o in office.pending_officers(workspace)] == ["sari"]
    with pytest.raises(AuthError) as waiting:  # the old password opens nothing any more
        login.log_in(home, "sari", PASSWORD)
    assert waiting.value.code == "auth_first_login_pending"
    office.first_login(workspace, "sari", CODE, NEW_PASSWORD, kdf=TEST_KDF, now=ISSUED)
    with login.log_in(home, "sari", NEW_PASSWORD) as again:
        assert again.officer.username == "sari"
    with workspace.transaction() as session:
        by_office = session.execute(
            sa.select(AuditEvent.action).where(
                AuditEvent.actor == "kantor", AuditEvent.record_id == "sari"
            )
        ).scalars()
        assert list(by_office) == ["officer.disabled", "officer.enabled"]


def test_an_officer_this_laptop_disabled_stays_disabled_whatever_the_office_sends(
    workspace: Workspace, home: Path
) -> None:
    """A laptop admin's disable is this laptop's decision: the office's list does not undo it."""
    Accounts(workspace).add_officer("sari", "Sari Wulandari", Role.PETUGAS, PASSWORD, TEST_KDF)
    Accounts(workspace).disable_officer("sari")
    summary = _apply(workspace, document())
    assert "officers_enabled" not in [c.code for c in summary.changes]
    assert office.pending_officers(workspace) == []
    with pytest.raises(AuthError) as caught:
        login.log_in(home, "sari", PASSWORD)
    assert caught.value.code == "auth_disabled"


def test_an_admin_cannot_loosen_an_office_rule_but_may_tighten_it(workspace: Workspace) -> None:
    ws = workspace
    _apply(ws, document())
    with ws.transaction() as session, pytest.raises(RuleSetByOffice) as caught:
        policy.store_policy(session, thresholds={QualityModality.FACE: 50})
    assert caught.value.params == {"rule": "quality.threshold.face", "office_value": "61"}
    with ws.transaction() as session:
        assert (
            policy.store_policy(session, thresholds={QualityModality.FACE: 70}).threshold(
                QualityModality.FACE
            )
            == 70
        )
        policy.store_policy(session, max_attempts=3)
    with ws.transaction() as session, pytest.raises(RuleSetByOffice):
        policy.store_policy(session, max_attempts=5)
    with ws.transaction() as session, pytest.raises(RuleSetByOffice):
        freeze.set_limits(session, days=6)
    with ws.transaction() as session, pytest.raises(RuleSetByOffice):
        freeze.set_limits(session, max_waiting=301)
    with ws.transaction() as session:
        freeze.set_limits(session, days=4, max_waiting=200)
    with pytest.raises(RuleSetByOffice):
        ws.set_idle_timeout(6)
    ws.set_idle_timeout(3)
    with pytest.raises(RuleSetByOffice):
        agenda.set_number_pattern(ws, "474/{seq:03d}/{year}")
    with pytest.raises(RuleSetByOffice):
        letters.set_office_profile(ws, head_name="Orang Lain")
    letters.set_office_profile(ws, contact="0812-0000")  # a field the office left alone


def test_release_status_and_package_key(workspace: Workspace) -> None:
    assert office.release_status(workspace).min_version is None
    _apply(workspace, document(release={"min_version": "99.0", "offered_version": None}))
    status = office.release_status(workspace, current="0.9.0")
    assert (status.min_version, status.below) == ("99.0", True)
    assert not office.release_status(workspace, current="99.0.1").below
    public = office.package_public_key(workspace)
    assert len(public) == 32
    assert office.package_public_key(workspace) == public
    assert len(office.package_private_key(workspace)) == 32


def test_a_visit_the_office_drops_is_called_off_unless_work_exists(
    workspace: Workspace,
) -> None:
    ws = workspace
    doc = document()
    plan = doc["plan"]
    second = dict(plan["visits"][0], id="vis-office-0002")  # type: ignore[index]
    plan["visits"].append(second)  # type: ignore[index]
    _apply(ws, doc)
    intake.start_enrollment(ws, VISIT_ID, target_ref=TARGET_ID)  # work on the first visit
    later = document(version=4, plan={"requests": plan["requests"], "visits": [], "targets": []})  # type: ignore[index]
    summary = _apply(ws, later)
    assert ("visits_cancelled", {"n": "1"}) in [(c.code, c.params) for c in summary.changes]
    with ws.transaction() as session:
        worked = session.get(Visit, VISIT_ID)
        dropped = session.get(Visit, "vis-office-0002")
        assert worked is not None
        assert dropped is not None
        assert (worked.status, dropped.status) == ("planned", "cancelled")


def test_rules_and_regions_the_office_no_longer_sets_are_no_longer_a_floor(
    workspace: Workspace,
) -> None:
    _apply(workspace, document())
    _apply(workspace, document(version=4, rules=None, regions=[]))
    assert office.office_rules(workspace) == {}
    assert regions.district("331501") is not None
    assert regions.district("331501").name != "Kedungjati Baru"  # type: ignore[union-attr]
    with workspace.transaction() as session:  # the laptop keeps the last values, loosenable
        assert policy.load_policy(session).threshold(QualityModality.FACE) == 61
        policy.store_policy(session, thresholds={QualityModality.FACE: 40})


def test_the_office_offers_the_countersign_on_the_spot_and_takes_it_back(
    workspace: Workspace,
) -> None:
    """Issue 35: the rule travels in the package; off, it is a floor the admin cannot lift."""
    ws = workspace
    assert not cosign.offered(ws)  # off by default
    on = document()
    on["rules"]["cosign_on_spot"] = True
    summary = _apply(ws, on)
    assert "cosign_on_spot_on" in [change.code for change in summary.changes]
    assert cosign.offered(ws)
    cosign.set_rule(ws, on=False)  # stricter than the office: allowed
    assert not cosign.offered(ws)
    cosign.set_rule(ws, on=True)
    off = document(version=4)
    off["rules"]["cosign_on_spot"] = False
    summary = _apply(ws, off)
    assert "cosign_on_spot_off" in [change.code for change in summary.changes]
    assert not cosign.offered(ws)
    with pytest.raises(RuleSetByOffice):
        cosign.set_rule(ws, on=True)
    assert not cosign.offered(ws)


def test_the_office_sets_auto_capture_and_its_spell(workspace: Workspace) -> None:
    """The rule travels as co-sign's does: off is a floor, the spell is the office's."""
    ws = workspace
    seen: list[object] = []
    ws.events.connect(seen.append)
    off = document()
    off["rules"] |= {"autocapture": False, "autocapture_steady_s": 0.8}
    summary = _apply(ws, off)
    assert ("autocapture_off", {}) in [(c.code, c.params) for c in summary.changes]
    assert ("autocapture_steady_s", {"value": "0.8"}) in [
        (c.code, c.params) for c in summary.changes
    ]
    assert "auto-capture off" in summary.message
    assert "auto-capture after 0.8 s steady" in summary.message
    assert autocapture.current_rule(ws) == AutoCaptureRule(on=False, steady_s=0.8)
    changed = [e.changed for e in seen if isinstance(e, RulesChanged)]
    assert {autocapture.ON_KEY, autocapture.STEADY_KEY} <= set(changed[0])
    assert office.office_rules(ws)[autocapture.ON_KEY] == 0
    with pytest.raises(RuleSetByOffice):
        autocapture.set_rule(ws, on=True)
    with pytest.raises(RuleSetByOffice):
        autocapture.set_rule(ws, steady_s=1.2)
    assert autocapture.current_rule(ws) == AutoCaptureRule(on=False, steady_s=0.8)

    on = document(version=4)
    on["rules"] |= {"autocapture": True, "autocapture_steady_s": 0.8}
    summary = _apply(ws, on)
    codes = [c.code for c in summary.changes]
    assert "autocapture_on" in codes
    assert "autocapture_steady_s" not in codes, "the same spell again is no change"
    assert autocapture.current_rule(ws).on
    autocapture.set_rule(ws, on=False)  # stricter than the office: allowed
    assert not autocapture.current_rule(ws).on


def test_a_bad_auto_capture_rule_refuses_the_package_and_names_the_field(
    workspace: Workspace,
) -> None:
    """Whole or nothing (sync-protocol §14.2): no officer, threshold or plan row either."""
    before = _snapshot(workspace)
    for name, value in (("autocapture", "on"), ("autocapture_steady_s", 9)):
        doc = document()
        doc["rules"][name] = value
        with pytest.raises(office.OfficePackageInvalid) as refused:
            _apply(workspace, doc)
        assert refused.value.params == {"field": f"rules.{name}"}
        assert _snapshot(workspace) == before
    assert autocapture.current_rule(workspace) == AutoCaptureRule()
    assert office.applied_version(workspace) == (0, None)


def test_a_kind_of_disability_the_team_completed_survives_the_next_package(
    workspace: Workspace,
) -> None:
    """Issue 59 §2: the office's list said "disabilitas" and not which; the team completed it
    on the laptop.  The next package, still without it, must not empty it again; a kind the
    office sends later is the office's."""
    bare = document()
    bare["plan"]["targets"][0]["categories"] = ["disabilitas"]
    _apply(workspace, bare)
    target_edit.complete_disability_kind(workspace, TARGET_ID, "tunadaksa")
    later = copy.deepcopy(bare)
    later["version"] = 4
    later["plan"]["targets"][0]["name"] = "Sasaran Kantor Baru"
    assert _apply(workspace, later).applied
    (target,) = targets_import.list_targets(workspace, VISIT_ID)
    assert (target.name, target.disability_kind) == ("Sasaran Kantor Baru", "tunadaksa")
    said = copy.deepcopy(later)
    said["version"] = 5
    said["plan"]["targets"][0]["disability_kind"] = "tunarungu"
    _apply(workspace, said)
    (target,) = targets_import.list_targets(workspace, VISIT_ID)
    assert target.disability_kind == "tunarungu"
