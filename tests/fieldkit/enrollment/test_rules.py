"""The office's enrollment rules: read by everyone, changed by an admin, every change audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldkit import audit
from fieldkit.enrollment import freeze, rules
from fieldkit.errors import AuthError, InvalidInput
from fieldkit.quality.policy import load_policy
from fieldkit.quality.result import QualityModality
from fieldkit.workspace import Workspace
from tests.fieldkit.planning.planning_support import PASSWORD, PETUGAS, add_team

FACE, IRIS = QualityModality.FACE, QualityModality.IRIS
RULES_CHANGED = "settings.rules_changed"


def _rule_events(ws: Workspace) -> list[dict[str, object]]:
    """The details of every rules change, oldest first."""
    with ws.transaction() as session:
        events = audit.recent(session)
        return [json.loads(e.details) for e in reversed(events) if e.action == RULES_CHANGED]


def test_the_defaults_are_mosips_and_ours(workspace: Workspace) -> None:
    current = rules.current_rules(workspace)
    assert current.flat() == {
        "threshold.face": 50.0,
        "threshold.finger": 40.0,
        "threshold.iris": 60.0,
        "threshold.signature": 50.0,
        "max_attempts": 3,
        "freeze_days": 7,
        "freeze_max_waiting": 500,
    }


def test_an_admin_changes_the_rules_and_the_audit_says_from_what_to_what(
    workspace: Workspace,
) -> None:
    changed = rules.change_rules(
        workspace, thresholds={FACE: 60, IRIS: 60}, max_attempts=4, freeze_days=3
    )
    assert changed.policy.threshold(FACE) == 60
    assert changed.freeze_days == 3
    with workspace.transaction() as session:
        assert load_policy(session).max_attempts == 4
        assert freeze.limits(session) == (3, 500)
    # Only what changed: the iris threshold was already 60.
    assert _rule_events(workspace) == [
        {
            "threshold.face": "50 -> 60",
            "max_attempts": "3 -> 4",
            "freeze_days": "7 -> 3",
        }
    ]


def test_saving_the_same_values_writes_no_audit_event(workspace: Workspace) -> None:
    rules.change_rules(workspace, thresholds={FACE: 50}, freeze_days=7)
    assert _rule_events(workspace) == []


def test_one_bad_value_stores_nothing(workspace: Workspace) -> None:
    with pytest.raises(InvalidInput, match="between 0 and 100"):
        rules.change_rules(workspace, thresholds={FACE: 120}, freeze_days=3)
    with pytest.raises(InvalidInput, match="at least one day"):
        rules.change_rules(workspace, thresholds={FACE: 70}, freeze_days=0)
    assert rules.current_rules(workspace).flat()["threshold.face"] == 50.0
    assert rules.current_rules(workspace).freeze_days == 7
    assert _rule_events(workspace) == []


def test_only_an_admin_may_change_them(workspace: Workspace, home: Path) -> None:
    add_team(workspace)
    workspace.close()
    with Workspace.login(home, PETUGAS, PASSWORD) as petugas:
        assert rules.current_rules(petugas).policy.threshold(FACE) == 50
        with pytest.raises(AuthError) as forbidden:
            rules.change_rules(petugas, thresholds={FACE: 10})
        assert forbidden.value.params["allowed"] == "admin"
        assert rules.current_rules(petugas).policy.threshold(FACE) == 50
