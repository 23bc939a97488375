"""Typed events: subscribers get the types they asked for; a misspelt name never passes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fieldkit.events import (
    CATALOGUE,
    Event,
    EventBus,
    RulesChanged,
    TargetsChanged,
    VisitsChanged,
    from_name,
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


def test_an_event_emitted_by_name_arrives_as_its_type() -> None:
    bus = EventBus()
    heard: list[RulesChanged] = []
    bus.subscribe(RulesChanged, heard.append)
    bus.emit("rules_changed", changed=["face", "iris"])
    assert heard == [RulesChanged(("face", "iris"))]
    assert heard[0].name == "rules_changed"
    assert heard[0].data == {"changed": ("face", "iris")}


def test_every_event_in_the_catalogue_has_its_own_name() -> None:
    names = [kind.name for kind in CATALOGUE]
    assert len(set(names)) == len(names)
    assert "event" not in names


@pytest.mark.parametrize(
    ("name", "data"),
    [("target_changed", {"visit_id": "v"}), ("targets_changed", {"visit": "v"})],
    ids=["misspelt-name", "misspelt-field"],
)
def test_a_misspelt_event_fails_loudly_at_run_time(name: str, data: dict[str, str]) -> None:
    with pytest.raises((ValueError, TypeError)):
        from_name(name, **data)


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
    assert 'No overload variant of "emit"' in done.stdout
    assert 'Unexpected keyword argument "visit"' in done.stdout
