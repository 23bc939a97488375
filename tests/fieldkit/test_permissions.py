"""Role groups in one place: each ``may_*`` question answers as the core's refusal does."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from fieldkit import permissions
from fieldkit.officers import OfficerInfo, Role

REPO = Path(__file__).resolve().parents[2]


def _officer(role: Role) -> OfficerInfo:
    return OfficerInfo(
        username="someone",
        full_name="Someone",
        role=role,
        active=True,
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )


@pytest.mark.parametrize(
    ("question", "allowed"),
    [
        (permissions.may_review, {Role.KETUA_TIM, Role.OPERATOR, Role.ADMIN}),
        (permissions.may_decide_review, {Role.KETUA_TIM}),
        (permissions.may_plan, {Role.OPERATOR, Role.ADMIN}),
        (permissions.may_contact, {Role.OPERATOR, Role.ADMIN, Role.KETUA_TIM}),
        (permissions.may_sign_equipment, {Role.KETUA_TIM}),
        (permissions.may_receive_equipment, {Role.KETUA_TIM, Role.OPERATOR, Role.ADMIN}),
        (permissions.may_requeue, {Role.OPERATOR, Role.ADMIN}),
        (permissions.may_administer, {Role.ADMIN}),
        (permissions.may_lead_team, {Role.KETUA_TIM}),
        (permissions.may_join_team, {Role.PETUGAS, Role.KETUA_TIM}),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_each_question_allows_exactly_its_roles(question: object, allowed: set[Role]) -> None:
    assert callable(question)
    assert {role for role in Role if question(_officer(role))} == allowed


def test_every_role_records_in_the_field() -> None:
    """Training and demos: the admin and the operator may record too."""
    assert set(permissions.RECORDERS) == set(Role)


def test_no_role_list_outside_the_permissions_module() -> None:
    """Issue 26: a tuple or set of roles written anywhere else is a second copy of a rule."""
    role_list = re.compile(r"[(\[{]\s*Role\.\w+\s*,")
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for package in ("fieldkit", "sync", "ui")
        for path in sorted((REPO / package).rglob("*.py"))
        if path != REPO / "fieldkit" / "permissions.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if role_list.search(line) and "require_role" not in line
    ]
    assert found == []


def test_no_screen_decides_by_role() -> None:
    """A widget asks ``fieldkit.permissions``; it never compares an officer's role itself."""
    compares = re.compile(r"\.role\s+(is|in|==|!=|not in)\s")
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "ui").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if compares.search(line)
    ]
    assert found == []
