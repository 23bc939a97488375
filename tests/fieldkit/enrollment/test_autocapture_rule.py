"""Auto-capture's rule, changed by a laptop admin: audited, and bound by what the office sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldkit import audit
from fieldkit.enrollment import autocapture
from fieldkit.enrollment.autocapture_rule import ON_KEY, STEADY_KEY, AutoCaptureRule
from fieldkit.errors import AuthError, InvalidInput
from fieldkit.events import Event, RulesChanged
from fieldkit.office_sent import OfficeRule, RuleSetByOffice
from fieldkit.workspace import Workspace
from tests.fieldkit.planning.planning_support import PASSWORD, PETUGAS, add_team

RULES_CHANGED = "settings.rules_changed"


def _rule_events(ws: Workspace) -> list[dict[str, object]]:
    with ws.transaction() as session:
        events = audit.recent(session)
        return [json.loads(e.details) for e in reversed(events) if e.action == RULES_CHANGED]


def _office_sent(ws: Workspace, **rules: object) -> None:
    """What an applied office package leaves: the office's value of each settings key."""
    with ws.transaction() as session:
        for key, value in rules.items():
            session.merge(OfficeRule(key=key, value=json.dumps(value), version=1))


def test_an_admin_changes_the_rule_and_the_change_is_audited(workspace: Workspace) -> None:
    seen: list[Event] = []
    workspace.events.connect(seen.append)
    rule = autocapture.set_rule(workspace, on=False, steady_s=1.5)
    assert rule == AutoCaptureRule(on=False, steady_s=1.5)
    assert autocapture.current_rule(workspace) == rule
    assert _rule_events(workspace) == [
        {"autocapture": "1 -> 0", "autocapture_steady_s": "0.5 -> 1.5"}
    ]
    assert [e.changed for e in seen if isinstance(e, RulesChanged)] == [(ON_KEY, STEADY_KEY)]
    autocapture.set_rule(workspace, on=True)  # one part; the spell stays
    assert autocapture.current_rule(workspace) == AutoCaptureRule(on=True, steady_s=1.5)
    assert _rule_events(workspace)[-1] == {"autocapture": "0 -> 1"}
    autocapture.set_rule(workspace, on=True, steady_s=1.5)  # the same again: no event
    assert len(_rule_events(workspace)) == 2
    assert [e.changed for e in seen if isinstance(e, RulesChanged)] == [
        (ON_KEY, STEADY_KEY),
        (ON_KEY,),
    ]


def test_a_petugas_may_not_change_it(workspace: Workspace, home: Path) -> None:
    add_team(workspace)
    workspace.close()
    with Workspace.login(home, PETUGAS, PASSWORD) as petugas:
        with pytest.raises(AuthError) as forbidden:
            autocapture.set_rule(petugas, on=False)
        assert forbidden.value.params["allowed"] == "admin"
        assert autocapture.current_rule(petugas) == AutoCaptureRule()
        assert _rule_events(petugas) == []


@pytest.mark.parametrize("bad", [0.1, 5.5, 0.0])
def test_a_spell_out_of_range_is_refused_and_nothing_stored(
    workspace: Workspace, bad: float
) -> None:
    with pytest.raises(InvalidInput) as refused:
        autocapture.set_rule(workspace, on=False, steady_s=bad)
    assert refused.value.code == "autocapture_steady_range"
    assert refused.value.params == {"low": "0.2", "high": "5"}
    assert autocapture.current_rule(workspace) == AutoCaptureRule()  # the "off" neither
    assert _rule_events(workspace) == []


def test_an_office_off_is_a_floor_and_its_spell_is_the_spell(workspace: Workspace) -> None:
    _office_sent(workspace, **{ON_KEY: 0, STEADY_KEY: 0.8})
    with workspace.transaction() as session:  # what the package's apply wrote beside it
        autocapture.store_rule(session, on=False, steady_s=0.8)
    with pytest.raises(RuleSetByOffice) as lifted:
        autocapture.set_rule(workspace, on=True)
    assert lifted.value.params == {"rule": ON_KEY, "office_value": "0"}
    with pytest.raises(RuleSetByOffice) as changed:
        autocapture.set_rule(workspace, steady_s=1.0)
    assert changed.value.params == {"rule": STEADY_KEY, "office_value": "0.8"}
    with pytest.raises(RuleSetByOffice):
        autocapture.set_rule(workspace, steady_s=0.5)  # shorter is no stricter either
    assert autocapture.current_rule(workspace) == AutoCaptureRule(on=False, steady_s=0.8)
    autocapture.set_rule(workspace, on=False, steady_s=0.8)  # the office's own values: fine
    assert _rule_events(workspace) == []


def test_an_office_on_may_still_be_switched_off_here(workspace: Workspace) -> None:
    _office_sent(workspace, **{ON_KEY: 1})
    autocapture.set_rule(workspace, on=False)
    assert not autocapture.current_rule(workspace).on
    autocapture.set_rule(workspace, on=True, steady_s=2.0)  # the office left the spell alone
    assert autocapture.current_rule(workspace) == AutoCaptureRule(on=True, steady_s=2.0)
