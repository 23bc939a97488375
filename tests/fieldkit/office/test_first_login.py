"""An officer the office added: pending until the one-time code sets a password."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from fieldkit import login, office
from fieldkit.accounts import Accounts
from fieldkit.errors import AuthError
from fieldkit.office import health as office_health
from fieldkit.officers import Role, WeakPassword
from fieldkit.store.keyring import TEST_KDF
from fieldkit.store.models import AuditEvent
from fieldkit.workspace import Workspace
from tests.fieldkit.office.office_support import CODE, ISSUED, document, first_login

PASSWORD = "kopi-pagi-sari-2026"
NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def pending(workspace: Workspace) -> Workspace:
    office.apply_package(workspace, office.OfficePackage.from_document(document()))
    return workspace


def test_a_pending_officer_logs_in_after_the_first_login(pending: Workspace, home: Path) -> None:
    with pytest.raises(AuthError) as caught:
        login.log_in(home, "sari", PASSWORD)
    assert caught.value.code == "auth_first_login_pending"
    assert "First login" in caught.value.message
    with pytest.raises(AuthError) as unknown:
        login.log_in(home, "nobody", PASSWORD)
    assert unknown.value.code == "auth_unknown_officer"

    info = office.first_login(pending, "sari", CODE, PASSWORD, kdf=TEST_KDF, now=NOW)
    assert (info.state, info.source, info.active) == ("active", "office", True)
    assert office.pending_officers(pending) == []
    with login.log_in(home, "sari", PASSWORD) as ws2:
        assert ws2.officer.username == "sari"
        assert ws2.officer.role is Role.PETUGAS
    with pending.transaction() as session:
        actions = session.execute(sa.select(AuditEvent.action)).scalars().all()
    assert "officer.first_login" in actions
    with pytest.raises(office.FirstLoginRefused) as again:  # the code is spent
        office.first_login(pending, "sari", CODE, PASSWORD, kdf=TEST_KDF, now=NOW)
    assert again.value.code == "first_login_not_pending"


def test_wrong_codes_are_counted_and_the_fifth_locks(pending: Workspace) -> None:
    for tries in range(1, office.MAX_FAILURES + 1):
        with pytest.raises(office.FirstLoginRefused) as caught:
            office.first_login(pending, "sari", "WRONG-0000", PASSWORD, kdf=TEST_KDF, now=NOW)
        assert caught.value.code == "first_login_code_wrong"
        assert caught.value.params == {"failures": str(tries), "limit": "5"}
    with pytest.raises(office.FirstLoginRefused) as locked:
        office.first_login(pending, "sari", CODE, PASSWORD, kdf=TEST_KDF, now=NOW)
    assert locked.value.code == "first_login_locked"
    # A new code from the office (a later package) unlocks it.
    office.apply_package(
        pending,
        office.OfficePackage.from_document(
            document(version=4, recorded=None, plan=None, rules=None)
        ),
    )
    assert office.first_login(pending, "sari", CODE, PASSWORD, kdf=TEST_KDF, now=NOW).active


def test_an_expired_code_is_refused(workspace: Workspace) -> None:
    doc = document()
    doc["officers"][0]["first_login"] = first_login(  # type: ignore[index]
        expires_at=dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    )
    office.apply_package(workspace, office.OfficePackage.from_document(doc))
    with pytest.raises(office.FirstLoginRefused) as caught:
        office.first_login(workspace, "sari", CODE, PASSWORD, kdf=TEST_KDF, now=NOW)
    assert caught.value.code == "first_login_code_expired"
    assert caught.value.params == {"expires": "2026-11-20"}


def test_a_weak_password_is_refused_and_the_officer_stays_pending(pending: Workspace) -> None:
    with pytest.raises(WeakPassword):
        office.first_login(pending, "sari", CODE, "short", kdf=TEST_KDF, now=NOW)
    assert [o.username for o in office.pending_officers(pending)] == ["sari"]


def test_the_first_login_needs_no_admin(pending: Workspace, home: Path) -> None:
    Accounts(pending).add_officer("budi", "Budi Santoso", Role.PETUGAS, PASSWORD, TEST_KDF)
    with login.log_in(home, "budi", PASSWORD) as petugas:
        info = office.first_login(petugas, "sari", CODE, PASSWORD, kdf=TEST_KDF, now=NOW)
    assert info.state == "active"


def test_the_officer_list_shows_source_and_state(pending: Workspace) -> None:
    listed = {o.username: o.as_json() for o in Accounts(pending).list_officers()}
    assert (listed["sari"]["source"], listed["sari"]["state"]) == ("office", "pending")
    assert (listed["admin"]["source"], listed["admin"]["state"]) == ("local", "active")


def test_the_health_report_names_the_code_each_first_login_used(pending: Workspace) -> None:
    """Issue 56.4: the office learns a code was used, and which (its salt, never the code)."""
    assert office_health.collect_health(pending)["first_logins"] == []
    office.first_login(pending, "sari", CODE, PASSWORD, kdf=TEST_KDF, now=NOW)
    (used,) = office_health.collect_health(pending)["first_logins"]
    assert (used["username"], used["code"]) == ("sari", first_login()["salt"])
    assert CODE not in json.dumps(used)
    dt.datetime.fromisoformat(used["at"])


def test_a_code_the_office_no_longer_sends_is_refused_here(pending: Workspace) -> None:
    """Issue 56.4: used on another laptop, the code came back to this one and worked."""
    used_elsewhere = document(version=4, issued_at=ISSUED + dt.timedelta(minutes=4))
    used_elsewhere["officers"][0]["first_login"] = None
    applied = office.apply_package(pending, office.OfficePackage.from_document(used_elsewhere))
    assert "first_login_withdrawn" in {c.code for c in applied.changes}
    with pytest.raises(office.FirstLoginRefused) as refused:
        office.first_login(pending, "sari", CODE, PASSWORD, kdf=TEST_KDF, now=NOW)
    assert refused.value.code == "first_login_code_used"
    assert "used on another laptop" in refused.value.message
    assert [o.username for o in office.pending_officers(pending)] == ["sari"]
