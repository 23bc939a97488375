"""Every action that changes who may do what, or what is allowed, checked for every role.

Issue 24: "Roles on every action that changes history: restore, key changes, officer
changes, overrides; tested for every role."  Restore is in ``store/test_restore.py`` and
the laptop's enrollment (its keys) in ``tests/sync/client/test_enroll.py``.  Here: the
officer changes and the overrides.  An allowed role's change is audited under its own
name; a refused one is refused as forbidden, writes no audit event and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from fieldkit import audit, demo
from fieldkit.accounts import Accounts
from fieldkit.enrollment import rules
from fieldkit.errors import AuthError, AuthReason
from fieldkit.officers import Role
from fieldkit.reports import agenda, letters
from fieldkit.sarpras import checklist
from fieldkit.store.keyring import KEYRING_FILE, TEST_KDF
from fieldkit.workspace import Workspace

ROLES = [Role.PETUGAS, Role.KETUA_TIM, Role.OPERATOR, Role.ADMIN]
PASSWORD = "kata-sandi-uji-peran"
OTHER = "korban"  # the officer the change is made to
#: The visit each test's store planned, by its folder (an override names a visit).
_PLANNED: dict[Path, str] = {}


@contextmanager
def _logged_in_as(workspace: Workspace, role: Role) -> Iterator[Workspace]:
    """An officer of ``role`` logged in; the admin who made the store added them, and another
    officer (who bound a staff card) for the change to be made to."""
    Accounts(workspace).add_officer("pelaku", "Pelaku Uji", role, PASSWORD, kdf=TEST_KDF)
    Accounts(workspace).add_officer(OTHER, "Korban Uji", Role.PETUGAS, PASSWORD, kdf=TEST_KDF)
    with Workspace.login(workspace.directory, OTHER, PASSWORD) as other:
        Accounts(other).bind_card(PASSWORD, bytes.fromhex("04a1b2c3d4e5f6"), bytes(range(32)))
    with Workspace.login(workspace.directory, "pelaku", PASSWORD) as ws:
        yield ws


def _head(ws: Workspace) -> int:
    with ws.transaction() as session:
        return audit.checkpoint(session, ()).head_seq


def _actions_since(ws: Workspace, head: int) -> set[tuple[str, str]]:
    with ws.transaction() as session:
        return {(e.actor, e.action) for e in audit.recent(session, 20) if e.seq > head}


def _check(  # noqa: PLR0917 - the table's columns, in order
    ws: Workspace,
    role: Role,
    allowed: tuple[Role, ...],
    change: Callable[[Workspace], object],
    action: str,
    keyring: Path,
) -> None:
    head, ring = _head(ws), keyring.read_bytes()
    if role in allowed:
        change(ws)
        assert ("pelaku", action) in _actions_since(ws, head)
        return
    with pytest.raises(AuthError) as refused:
        change(ws)
    assert refused.value.reason is AuthReason.FORBIDDEN
    assert _head(ws) == head, "a refused change writes no audit event"
    assert keyring.read_bytes() == ring, "and changes no officer"


OFFICER_CHANGES: dict[str, tuple[Callable[[Workspace], object], str]] = {
    "add an officer": (
        lambda ws: Accounts(ws).add_officer("baru", "Baru Uji", Role.ADMIN, PASSWORD, kdf=TEST_KDF),
        "officer.created",
    ),
    "set NIP and pangkat": (
        lambda ws: Accounts(ws).set_officer_details(OTHER, rank="Penata Muda, III/a"),
        "officer.details_changed",
    ),
    "disable an officer": (lambda ws: Accounts(ws).disable_officer(OTHER), "officer.disabled"),
    "reset a password": (
        lambda ws: Accounts(ws).reset_password(OTHER, "kata-sandi-baru-99", kdf=TEST_KDF),
        "officer.password_reset",
    ),
    "clear a lockout": (lambda ws: Accounts(ws).clear_lockout(OTHER), "officer.lockout_cleared"),
    "forget another's staff card": (
        lambda ws: Accounts(ws).unbind_card(OTHER),
        "officer.card_unbound",
    ),
}


@pytest.mark.parametrize("change", sorted(OFFICER_CHANGES))
@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
def test_officer_changes_are_the_admins(workspace: Workspace, role: Role, change: str) -> None:
    act, action = OFFICER_CHANGES[change]
    with _logged_in_as(workspace, role) as ws:
        _check(ws, role, (Role.ADMIN,), act, action, ws.directory / KEYRING_FILE)


@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
def test_every_officer_changes_their_own_password_and_nobody_raises_their_own_role(
    workspace: Workspace, role: Role
) -> None:
    with _logged_in_as(workspace, role) as ws:
        head = _head(ws)
        Accounts(ws).change_password(PASSWORD, "kata-sandi-baru-42")
        assert ("pelaku", "officer.password_changed") in _actions_since(ws, head)
        if role is not Role.ADMIN:
            # The only way to a role is add_officer, which is the admin's.
            with pytest.raises(AuthError):
                Accounts(ws).add_officer(
                    "pelaku2", "Pelaku Dua", Role.ADMIN, PASSWORD, kdf=TEST_KDF
                )


OVERRIDES: dict[str, tuple[Callable[[Workspace], object], str]] = {
    "let a visit record without a signed check-out list": (
        lambda ws: checklist.grant_recording_override(
            ws, _PLANNED[ws.directory], "Berita acara kehilangan sudah dibuat kepala bidang"
        ),
        "sarpras.override_granted",
    ),
    "change the quality and freeze rules": (
        lambda ws: rules.change_rules(ws, max_attempts=5, freeze_days=9),
        "settings.rules_changed",
    ),
    "change the idle lock": (
        lambda ws: ws.set_idle_timeout(30),
        "settings.changed",
    ),
    "change the letterhead": (
        lambda ws: letters.set_office_profile(ws, address="Jl. Uji No. 1"),
        "settings.changed",
    ),
    "change the letter numbering": (
        lambda ws: agenda.set_number_pattern(ws, "{seq}/DUKCAPIL/{year}"),
        "settings.changed",
    ),
}


@pytest.mark.parametrize("override", sorted(OVERRIDES))
@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
def test_overrides_are_the_admins(workspace: Workspace, role: Role, override: str) -> None:
    act, action = OVERRIDES[override]
    # What the override is for, planned before anyone tries.
    _PLANNED[workspace.directory] = demo.demo_visit(workspace)
    with _logged_in_as(workspace, role) as ws:
        _check(ws, role, (Role.ADMIN,), act, action, ws.directory / KEYRING_FILE)
