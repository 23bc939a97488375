"""The penunggalan states reach a real store through the status feed (issue 48, part 3).

One person recorded with the simulators on a training store, built once for the module
(a recording costs seconds): the status feed's verdicts are applied to the record as
``sync.client`` applies them, and the store, the revisit list, the handover list and
the start of a new recording say what each state means.  Each test brings the state it
looks at itself, so their order does not matter.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from fieldkit import demo
from fieldkit.enrollment import intake, recorded_again
from fieldkit.errors import InvalidInput
from fieldkit.handover import cards
from fieldkit.planning import targets_import
from fieldkit.records import outbox, server_states
from fieldkit.review import revisits
from fieldkit.store.models import AuditEvent
from fieldkit.workspace import Workspace
from tests.fieldkit.delivery.penunggalan_support import news, record_listed
from tests.fieldkit.enrollment.enrollment_support import person as enrollment_person
from tests.fieldkit.planning.planning_support import person, plan_visit, write_csv
from tests.support import init_workspace

NOT_READABLE = "Sidik jari tidak terbaca, wajah gelap"


@dataclass(frozen=True)
class Recorded:
    ws: Workspace
    #: The person recorded on the first visit, and their place on its list.
    record: str
    target: str
    #: The same person again, met on the spot at the visit a week later.
    again_visit: str
    again: intake.PersonInput


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recorded]:
    home = tmp_path_factory.mktemp("penunggalan") / "home"
    ws = init_workspace(home, training=True)
    first, later = plan_visit(ws, weeks=2)[:2]
    targets_import.import_targets(ws, first.id, write_csv(home.parent / "sasaran.csv", [person(1)]))
    (listed,) = targets_import.list_targets(ws, first.id)
    with demo.SimKit() as kit:
        record = record_listed(ws, kit, first.id, listed.id)
    again = enrollment_person(
        1, nik=listed.nik, name=listed.name, birth_date=listed.birth_date, sex=listed.sex
    )
    yield Recorded(ws, record, listed.id, later.id, again)
    ws.close()


def test_enroll_failure_puts_the_person_on_the_revisit_list_with_the_reason(
    recorded: Recorded,
) -> None:
    """ENROLL_FAILURE is a recapture on the laptop: the office could not search the images."""
    ws = recorded.ws
    info = news(ws, recorded.record, server_states.ENROLL_FAILURE, NOT_READABLE)
    assert (info.server_state, info.reason, info.message) == (
        "ENROLL_FAILURE",
        "recapture_requested",
        NOT_READABLE,
    )
    (entry,) = [r for r in revisits.list_revisits(ws) if r.record_id == recorded.record]
    assert entry.target_id == recorded.target
    assert entry.source is revisits.RevisitSource.DATACENTER_RECAPTURE
    assert entry.reason == NOT_READABLE
    words = server_states.state_words(info.server_state, info.message)
    assert words is not None
    assert words.english == f"Record again: {NOT_READABLE}"


def test_the_other_penunggalan_states_are_noted_and_none_is_a_printed_card(
    recorded: Recorded,
) -> None:
    """Records of nobody on a list: the states are kept, no revisit, no card to hand over."""
    ws = recorded.ws
    with ws.transaction() as session:
        for n in range(3):
            outbox.seal_record(session, f"rec-{n}", b'{"person": "synthetic"}')
    before = len(revisits.list_revisits(ws))
    states = (
        server_states.PRINT_READY_RECORD,
        server_states.DUPLICATE_RECORD,
        server_states.DUPLICATE_CLOSED,
    )
    said = {}
    for n, state in enumerate(states):
        closed = "Rekaman kedua dari orang yang sama" if n == 2 else None
        info = news(ws, f"rec-{n}", state, closed)
        assert info.server_state == state
        words = server_states.state_words(info.server_state, info.message)
        assert words is not None
        said[state] = words.english
    assert said == {
        "PRINT_READY_RECORD": "Ready to print",
        "DUPLICATE_RECORD": "Possible duplicate: waiting for the office's decision",
        # The administrator's reason comes with it: the team tells the family.
        "DUPLICATE_CLOSED": "Closed: a second recording; the card comes from the earlier one "
        "(Rekaman kedua dari orang yang sama)",
    }
    assert len(revisits.list_revisits(ws)) == before
    # Ready to print is not printed: Serah terima lists no card for any of them.
    assert not {i.record_id for i in cards.handover_list(ws)} & {"rec-0", "rec-1", "rec-2"}
    again = news(ws, "rec-1", server_states.DUPLICATE_RECORD)
    assert again.server_state == "DUPLICATE_RECORD"  # the feed repeats itself: nothing new


def test_a_record_waiting_for_adjudication_is_warned_before_recording_again(
    recorded: Recorded,
) -> None:
    """A second recording now makes another Duplicate Record: said, and only with a reason."""
    ws = recorded.ws
    news(ws, recorded.record, server_states.DUPLICATE_RECORD)
    with pytest.raises(InvalidInput) as caught:
        intake.start_enrollment(ws, recorded.again_visit, person=recorded.again)
    assert caught.value.code == recorded_again.AWAITS_DECISION
    day = dt.date.fromisoformat(caught.value.params["date"])
    assert abs((dt.datetime.now().astimezone().date() - day).days) <= 1
    assert "waits for the office's decision on a possible duplicate" in caught.value.message
    assert "recording again makes another duplicate" in caught.value.message

    view = intake.start_enrollment(
        ws,
        recorded.again_visit,
        person=recorded.again,
        recapture_reason="Kantor meminta rekam ulang",
    )
    with ws.transaction() as session:
        event = session.execute(
            sa.select(AuditEvent).where(
                AuditEvent.action == "enrollment.recorded_again", AuditEvent.record_id == view.id
            )
        ).scalar_one()
    assert json.loads(event.details) == {
        "duplicate_awaits_decision": day.isoformat(),
        "reason": "Kantor meminta rekam ulang",
    }


def test_nothing_is_warned_for_a_nik_this_laptop_never_sent(recorded: Recorded) -> None:
    with recorded.ws.transaction() as session:
        assert recorded_again.awaiting_decision(session, "3315010101900009") is None
        assert recorded_again.awaiting_decision(session, " ") is None
