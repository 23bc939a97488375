"""The console's words for a record's promise (issue 49 §1), and its filter, without a server.

Each way a promise can stand is said in words from the catalogue, in Indonesian and in
English; "Terlambat" is a word on the page, the red only repeats it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from fieldkit.promise import default_calendar
from sync.server.cards.promises import OfficeClock, RecordClock, record_clock
from sync.server.console.pages import words
from sync.server.console.records import clock_words, promise_view
from sync.server.console.records_query import DUE_OVERDUE, DUE_WEEK, Q_DUE, parse_filter

TODAY = dt.date(2026, 11, 24)  # a Tuesday
OFFICE = OfficeClock(days=14, calendar=default_calendar(), today=TODAY)


def _clock(state: str, visit: str, printed: str | None = None) -> RecordClock:
    found = record_clock(OFFICE, state=state, visit_date=visit, received_at=None, issued_at=printed)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("clock", "indonesian", "english", "overdue"),
    [
        (
            _clock("ACCEPTED", "2026-11-16"),
            "6 hari kerja berjalan, sisa 8",
            "6 working days gone, 8 left",
            False,
        ),
        (
            _clock("PRINT_READY_RECORD", "2026-11-04"),
            "Jatuh tempo hari ini (14 hari kerja berjalan)",
            "Due today (14 working days gone)",
            False,
        ),
        (
            _clock("DUPLICATE_RECORD", "2026-11-02"),
            "Terlambat 2 hari kerja dari janji",
            "Overdue: 2 working days past the promise",
            True,
        ),
        (
            _clock("PRINTED", "2026-11-02", "2026-11-18T02:00:00Z"),
            "KTP-el dicetak 18-11-2026, tepat waktu",
            "Card printed 18-11-2026, on time",
            False,
        ),
        (
            _clock("READY_FOR_HANDOVER", "2026-11-02", "2026-11-24T02:00:00Z"),
            "KTP-el dicetak 24-11-2026, terlambat 2 hari kerja",
            "Card printed 24-11-2026, 2 working days late",
            False,
        ),
        (_clock("PRINTED", "2026-11-02"), "KTP-el dicetak", "Card printed", False),
        (
            _clock("REJECTED", "2026-10-01"),
            "Tidak ada KTP-el dari rekaman ini: janji tidak berjalan",
            "No card from this recording: the promise does not run",
            False,
        ),
        (None, "tidak diketahui", "unknown", False),
    ],
)
def test_each_standing_is_said_in_words(
    clock: RecordClock | None, indonesian: str, english: str, overdue: bool
) -> None:
    assert clock_words(clock, words("id")) == indonesian
    assert clock_words(clock, words("en")) == english
    view = promise_view(clock, words("id"))
    assert view["overdue"] is overdue
    assert view["standing"] == indonesian


def test_the_promise_filter_takes_its_two_values_and_names_a_wrong_one() -> None:
    assert parse_filter({Q_DUE: DUE_OVERDUE}).due == DUE_OVERDUE
    assert parse_filter({Q_DUE: f" {DUE_WEEK} "}).due == DUE_WEEK
    assert parse_filter({}).due is None
    wrong = parse_filter({Q_DUE: "besok"})
    assert wrong.due is None
    assert wrong.errors == {Q_DUE: "console_records.choice_unknown"}
    assert Q_DUE not in wrong.query()
