"""Today's demo visit, four listed people recorded and answered by the data center (issue 48).

The status feed's answers are applied as ``sync.client`` applies them: the accepting
receipt (the record is purged to a tombstone), then each person's later state.  Shared
by the screens' tests and the screenshots at 1366x768.  The records are sealed as
``finish_enrollment`` seals them, without the captures (``sealed_for``): the screens
are tested on what the data center says, and four recordings cost a minute of CPU.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fieldkit.planning import targets_import
from fieldkit.records import server_states
from tests.fieldkit.delivery.penunggalan_support import news, sealed_for
from ui import demo

if TYPE_CHECKING:
    from pathlib import Path

    from fieldkit.workspace import Workspace

NOT_READABLE = "Sidik jari tidak terbaca"
#: The state each recorded person's record is brought to, in recording order.
STATES = (
    (server_states.PRINT_READY_RECORD, None),
    (server_states.DUPLICATE_RECORD, None),
    (server_states.ENROLL_FAILURE, NOT_READABLE),
    (server_states.PRINTED, None),
)


@dataclass(frozen=True)
class Answered:
    made: demo.Demo
    #: state -> (the person's name, their record's id)
    people: dict[str, tuple[str, str]]

    @property
    def workspace(self) -> Workspace:
        return self.made.workspace


def answered_visit(home: Path) -> Answered:
    """The demo's store, today's visit, and its four people recorded and answered."""
    made = demo.create(home)
    ws, visit = made.workspace, made.visit_id
    listed = targets_import.list_targets(ws, visit)
    people: dict[str, tuple[str, str]] = {}
    for n, (target, (state, _message)) in enumerate(zip(listed, STATES, strict=False)):
        record = sealed_for(ws, visit, target.id, f"00000000-0000-4000-8000-00000000000{n}")
        people[state] = (target.name, record)
    for state, message in STATES:
        news(ws, people[state][1], state, message)
    return Answered(made, people)
