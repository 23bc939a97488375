"""The office's officers never take over this laptop's own accounts (issue 46, hole 3).

``fieldkit-datacenter officers add admin --role petugas`` put an entry in every package
that, merged by user name, made the laptop's own admin a petugas and left no active
admin.  Now an entry for an officer the laptop made itself never changes its role,
disables it or gives it a first-login code, no entry takes away the last active admin,
the rest of the package applies, and the refused entry is audited and carried by the
laptop's health report.  A real training store applies real package documents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa

from fieldkit import login, office
from fieldkit.accounts import Accounts
from fieldkit.errors import AuthError
from fieldkit.office import apply as office_apply
from fieldkit.office import health as office_health
from fieldkit.officers import Role
from fieldkit.quality import policy
from fieldkit.quality.result import QualityModality
from fieldkit.store.keyring import TEST_KDF
from fieldkit.store.models import AuditEvent, Officer
from tests.fieldkit.office.office_support import CODE, ISSUED, document, first_login
from tests.support import ADMIN, ADMIN_PASSWORD

if TYPE_CHECKING:
    from pathlib import Path

    from fieldkit.workspace import Workspace

PASSWORD = "kopi-pagi-sari-2026"
KEPALA_PASSWORD = "kepala-bidang-2026"


def _entry(username: str, role: str, *, state: str = "active", code: bool = True) -> dict[str, Any]:
    return {
        "username": username,
        "full_name": f"Kantor {username.title()}",
        "role": role,
        "nip": None,
        "rank": None,
        "state": state,
        "first_login": first_login() if code and state == "active" else None,
    }


def _apply(ws: Workspace, version: int, *officers: dict[str, Any]) -> office.ApplySummary:
    sari = document()["officers"][0]
    doc = document(version, officers=[sari, *officers])
    return office.apply_package(ws, office.OfficePackage.from_document(doc))


def _officer(ws: Workspace, username: str) -> tuple[str, bool, bool, str]:
    with ws.transaction() as session:
        row = session.execute(sa.select(Officer).where(Officer.username == username)).scalar_one()
        return row.role, row.active, row.pending, row.source


def _refusals(ws: Workspace) -> list[tuple[str | None, str]]:
    with ws.transaction() as session:
        rows = session.execute(
            sa.select(AuditEvent.record_id, AuditEvent.details)
            .where(AuditEvent.action == "office.officer_refused")
            .order_by(AuditEvent.seq)
        )
        return [(r.record_id, r.details) for r in rows]


def test_a_package_never_demotes_the_laptop_s_own_admin_and_the_rest_applies(
    workspace: Workspace, home: Path
) -> None:
    """The attack as it was: the office's ``admin`` with role petugas."""
    summary = _apply(workspace, 3, _entry(ADMIN, "petugas"))

    assert _officer(workspace, ADMIN) == ("admin", True, False, "local")
    assert summary.conflicts == (office_apply.OfficerConflict(ADMIN, "laptop_own"),)
    assert ("officers_refused", {"n": "1"}) in [(c.code, c.params) for c in summary.changes]
    # The rest of the package applied: sari waits for her first login, the rule is set.
    assert [o.username for o in office.pending_officers(workspace)] == ["sari"]
    with workspace.transaction() as session:
        assert policy.load_policy(session).threshold(QualityModality.FACE) == 61
    assert office.applied_version(workspace)[0] == 3
    # Audited on the laptop, reported in its health.
    [(who, details)] = _refusals(workspace)
    assert who == ADMIN
    assert '"reason":"laptop_own"' in details.replace(" ", "")
    health = office_health.collect_health(workspace, hostname="laptop-uji")
    assert health["officer_conflicts"] == [{"username": ADMIN, "reason": "laptop_own"}]
    # The admin logs in as an admin, its code never installed, and still manages officers.
    with pytest.raises(office.FirstLoginRefused) as refused:
        office.first_login(workspace, ADMIN, CODE, "kata-sandi-baru-2026", kdf=TEST_KDF, now=ISSUED)
    assert refused.value.code == "first_login_not_pending"
    with login.log_in(home, ADMIN, ADMIN_PASSWORD) as again:
        assert again.officer.role is Role.ADMIN
        Accounts(again).add_officer("budi", "Budi Santoso", Role.PETUGAS, PASSWORD, TEST_KDF)


@pytest.mark.parametrize(
    "entry",
    [
        pytest.param(_entry(ADMIN, "admin", state="disabled"), id="disabled"),
        pytest.param(_entry(ADMIN, "ketua_tim", code=False), id="another-role-no-code"),
    ],
)
def test_nor_disables_it_nor_changes_its_role_any_other_way(
    workspace: Workspace, home: Path, entry: dict[str, Any]
) -> None:
    key_version = workspace.keyring.key_version
    summary = _apply(workspace, 3, entry)
    assert [c.reason for c in summary.conflicts] == ["laptop_own"]
    assert _officer(workspace, ADMIN) == ("admin", True, False, "local")
    assert workspace.keyring.key_version == key_version, "no slot disabled, no key rotated"
    with login.log_in(home, ADMIN, ADMIN_PASSWORD) as again:
        assert again.officer.role is Role.ADMIN


def test_an_officer_the_laptop_added_keeps_role_state_and_password(
    workspace: Workspace, home: Path
) -> None:
    """Any officer the laptop's admin made, not only the admin: the office may not take it."""
    Accounts(workspace).add_officer("rina", "Rina Lestari", Role.OPERATOR, PASSWORD, TEST_KDF)
    summary = _apply(workspace, 3, _entry("rina", "admin"))
    assert [(c.username, c.reason) for c in summary.conflicts] == [("rina", "laptop_own")]
    assert _officer(workspace, "rina") == ("operator", True, False, "local")
    summary = _apply(workspace, 4, _entry("rina", "operator", state="disabled"))
    assert [(c.username, c.reason) for c in summary.conflicts] == [("rina", "laptop_own")]
    with login.log_in(home, "rina", PASSWORD) as rina:
        assert rina.officer.role is Role.OPERATOR

    # The same officer in the same role: the office's name for the letters, nothing else.
    summary = _apply(workspace, 5, _entry("rina", "operator"))
    assert summary.conflicts == ()
    assert _officer(workspace, "rina") == ("operator", True, False, "local")
    assert office_health.collect_health(workspace)["officer_conflicts"] == []
    with login.log_in(home, "rina", PASSWORD) as rina:
        assert rina.officer.full_name == "Kantor Rina"


def test_an_account_merged_before_the_fix_is_still_the_laptop_s_own(workspace: Workspace) -> None:
    """A merge before issue 46 set ``source`` to the office's; the audit chain still knows."""
    with workspace.transaction() as session:
        row = session.execute(sa.select(Officer).where(Officer.username == ADMIN)).scalar_one()
        row.source = "office"
    summary = _apply(workspace, 3, _entry(ADMIN, "petugas"))
    assert [c.reason for c in summary.conflicts] == ["laptop_own"]
    assert _officer(workspace, ADMIN)[:2] == ("admin", True)


def test_the_office_never_takes_the_last_active_admin_of_its_own_either(
    workspace: Workspace, home: Path
) -> None:
    """An admin the office sent may be disabled, but not when no other active admin is left."""
    _apply(workspace, 3, _entry("kepala", "admin"))
    office.first_login(workspace, "kepala", CODE, KEPALA_PASSWORD, kdf=TEST_KDF, now=ISSUED)
    with login.log_in(home, "kepala", KEPALA_PASSWORD) as kepala:
        Accounts(kepala).disable_officer(ADMIN)  # the laptop's own admin, by the laptop's admin
        summary = _apply(kepala, 4, _entry("kepala", "admin", state="disabled"))
        assert [(c.username, c.reason) for c in summary.conflicts] == [("kepala", "last_admin")]
        assert _officer(kepala, "kepala")[:3] == ("admin", True, False)
        summary = _apply(kepala, 5, _entry("kepala", "petugas", code=False))
        assert [c.reason for c in summary.conflicts] == ["last_admin"]
        assert _officer(kepala, "kepala")[:2] == ("admin", True)
        health = office_health.collect_health(kepala)
        assert health["officer_conflicts"] == [{"username": "kepala", "reason": "last_admin"}]


def test_with_another_active_admin_the_office_s_admin_is_disabled(
    workspace: Workspace, home: Path
) -> None:
    _apply(workspace, 3, _entry("kepala", "admin"))
    office.first_login(workspace, "kepala", CODE, KEPALA_PASSWORD, kdf=TEST_KDF, now=ISSUED)
    summary = _apply(workspace, 4, _entry("kepala", "admin", state="disabled"))
    assert summary.conflicts == ()
    assert _officer(workspace, "kepala")[:2] == ("admin", False)
    with pytest.raises(AuthError):
        login.log_in(home, "kepala", KEPALA_PASSWORD)
    assert _officer(workspace, ADMIN)[:2] == ("admin", True)
