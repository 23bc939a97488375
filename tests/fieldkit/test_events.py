"""Typed events: subscribers get the types they asked for; an event by name never passes."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from fieldkit import events
from fieldkit.events import (
    CATALOGUE,
    Event,
    EventBus,
    RulesChanged,
    TargetsChanged,
    VisitsChanged,
)

REPO = Path(__file__).resolve().parents[2]


def test_a_subscriber_hears_only_its_type_and_a_listener_hears_all() -> None:
    bus = EventBus()
    targets: list[TargetsChanged] = []
    everything: list[Event] = []
    bus.subscribe(TargetsChanged, targets.append)
    bus.connect(everything.append)
    bus.emit(VisitsChanged())
    bus.emit(TargetsChanged("visit-1"))
    assert targets == [TargetsChanged("visit-1")]
    assert everything == [VisitsChanged(), TargetsChanged("visit-1")]
    bus.unsubscribe(TargetsChanged, targets.append)
    bus.emit(TargetsChanged("visit-2"))
    assert targets == [TargetsChanged("visit-1")]


def test_an_event_by_name_is_refused_at_run_time() -> None:
    bus = EventBus()
    heard: list[RulesChanged] = []
    bus.subscribe(RulesChanged, heard.append)
    with pytest.raises(TypeError, match="typed event"):
        bus.emit("rules_changed")  # type: ignore[arg-type]
    bus.emit(RulesChanged(("face", "iris")))
    assert heard == [RulesChanged(("face", "iris"))]
    assert heard[0].name == "rules_changed"


def test_no_core_module_emits_an_event_by_name() -> None:
    """Issue 26: the bus has no string path; no call site may come back to one."""
    by_name = re.compile(r"\.emit\(\s*[\"']")
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for package in ("fieldkit", "sync")
        for path in sorted((REPO / package).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if by_name.search(line)
    ]
    assert found == []


def test_every_event_in_the_catalogue_has_its_own_name() -> None:
    names = [kind.name for kind in CATALOGUE]
    assert len(set(names)) == len(names)
    assert "event" not in names


def _kinds() -> list[type[Event]]:
    """Every event kind ``fieldkit.events`` defines."""
    return [
        kind
        for kind in vars(events).values()
        if isinstance(kind, type) and issubclass(kind, Event) and kind is not Event
    ]


def test_the_catalogue_lists_every_event_kind() -> None:
    assert sorted(k.__name__ for k in CATALOGUE) == sorted(k.__name__ for k in _kinds())


def test_every_event_kind_is_heard_outside_the_core() -> None:
    """An event nobody listens to is dead code that looks like a contract (issue 35).

    Heard means used by name in ``ui/`` or ``sync/`` (a subscription, the main window's
    refresh list, a handler's ``isinstance``): the names in their code, read with
    ``ast``, so neither an import nor a sentence that says "Locked" counts.
    """
    used: set[str] = set()
    for package in ("ui", "sync"):
        for path in sorted((REPO / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Name):
                    used.add(node.id)
                elif isinstance(node, ast.Attribute):
                    used.add(node.attr)
    assert sorted(k.__name__ for k in _kinds() if k.__name__ not in used) == []


def test_a_misspelt_field_fails_loudly_at_run_time() -> None:
    with pytest.raises(TypeError):
        TargetsChanged(visit="v")  # type: ignore[call-arg]


def test_a_misspelt_event_is_a_type_error(tmp_path: Path) -> None:
    """What the checker in CI says about a typo, not only what happens when it runs."""
    snippet = tmp_path / "typo.py"
    snippet.write_text(
        "from fieldkit.events import EventBus, TargetsChanged\n"
        "bus = EventBus()\n"
        'bus.emit("target_changed", visit_id="v")\n'
        'bus.emit(TargetsChanged(visit="v"))\n'
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(snippet)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=240,
        check=False,
    )
    assert done.returncode == 1, done.stdout
    assert 'Argument 1 to "emit" of "EventBus" has incompatible type "str"' in done.stdout
    assert 'Unexpected keyword argument "visit"' in done.stdout
