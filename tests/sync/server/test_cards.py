"""Printed cards (issue 49 §2) on a real store, SQLite and PostgreSQL, and through the CLI.

:func:`sync.server.cards.prints.mark_printed`'s rules: a UID of 8, 14 or 20 hex digits, a day not
after today, only a PRINT_READY_RECORD, a chip on one card only; the record moves to
PRINTED with its history line and a ``console_audit`` line, all in one transaction, and
a refusal writes nothing.  Two printings at the same moment from two stores (two workers):
one wins.  A reprint keeps the first card.  ``fieldkit-datacenter cards printed`` and
``cards list`` through the real command line.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa

from fieldkit.card_uid import normalise_uid
from fieldkit.errors import InvalidInput
from sync.protocol import RecordState
from sync.server import catalogue
from sync.server.cards.prints import (
    AUDIT_ACTION,
    card_uid,
    cards_of,
    mark_printed,
    office_today,
    printed_cards,
)
from sync.server.cards.promises import issued_moments, local_day
from sync.server.errors import DataCenterError
from sync.server.intake.states import set_later_state
from sync.server.store.database import SqlStore, sqlite_url
from sync.server.store.tables import card_prints, console_audit, records
from sync.server.store.tables import state_changes as changes
from tests.atonce import at_once
from tests.sync.server.dcsupport import dc_cli, fresh_database

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

_seq = itertools.count(1)
TODAY = dt.date(2026, 11, 27)
LAPTOP = "laptop-1"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    url = fresh_database(request, request.param) or sqlite_url(tmp_path)
    opened = SqlStore(url)
    yield opened
    opened.close()


def _add(store: SqlStore, state: RecordState = RecordState.PRINT_READY_RECORD) -> str:
    record_id = f"rec-{next(_seq):04d}"
    with store.writing() as conn:
        conn.execute(
            records.insert().values(
                device_id=LAPTOP,
                record_id=record_id,
                seq=next(_seq),
                kid="office-key",
                sha256="0" * 64,
                size=1,
                record_signature="s",
                state=state.value,
                received_at="2026-11-20T03:00:00.000000Z",
                receipt="{}",
            )
        )
    return record_id


def _state(store: SqlStore, record_id: str) -> str:
    found = store.record(LAPTOP, record_id)
    assert found is not None
    return found.state


def _written(store: SqlStore) -> tuple[int, int, int]:
    """How many cards, state changes and audit lines of cards the store holds."""
    with store.reading() as conn:
        return (
            conn.execute(sa.select(sa.func.count()).select_from(card_prints)).scalar_one(),
            conn.execute(sa.select(sa.func.count()).select_from(changes)).scalar_one(),
            conn.execute(
                sa.select(sa.func.count())
                .select_from(console_audit)
                .where(console_audit.c.action == AUDIT_ACTION)
            ).scalar_one(),
        )


def _print(store: SqlStore, record_id: str, uid: str, day: dt.date = TODAY) -> Any:
    return mark_printed(
        store, actor="rina", record_id=record_id, uid=uid, printed_on=day, today=TODAY
    )


def _indonesian(code: str, params: Any) -> str:
    return catalogue.text("id", code, params, context="errors")


def _refusal(work: Callable[[], Any]) -> str:
    with pytest.raises(DataCenterError) as refused:
        work()
    return refused.value.code


# --- the UID ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("04a1b2c3", "04A1B2C3"),
        ("04:A1:B2:C3:D4:E5:F6", "04A1B2C3D4E5F6"),
        (" 04 a1 b2 c3 d4 e5 f6 ", "04A1B2C3D4E5F6"),
        ("04-a1-b2-c3-d4-e5-f6-a7-b8-c9", "04A1B2C3D4E5F6A7B8C9"),
    ],
)
def test_a_uid_of_four_seven_or_ten_bytes_is_stored_as_upper_case_hex(
    typed: str, stored: str
) -> None:
    assert card_uid(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["04A1B2C3", "04:a1:b2:c3:d4:e5:f6", "04A1B2C3D4E5F6A7B8C9", "04A1B2", "04A1B2CZ", "", "04 A1"],
)
def test_the_laptop_and_the_data_center_read_a_uid_alike(typed: str) -> None:
    """A card the laptop binds is one the office can mark printed, and the other way round."""
    try:
        on_the_laptop: str | None = normalise_uid(typed)
    except InvalidInput:
        on_the_laptop = None
    try:
        in_the_office: str | None = card_uid(typed)
    except DataCenterError:
        in_the_office = None
    assert on_the_laptop == in_the_office


@pytest.mark.parametrize(
    "typed",
    ["", "04A1B2", "04A1B2C3D4", "04A1B2C3D4E5F6A7", "04A1B2CZ", "-", "04A1B2C3D4E5F6A7B8C9D0"],
)
def test_a_uid_that_is_not_one_is_refused_in_words(typed: str) -> None:
    with pytest.raises(DataCenterError) as refused:
        card_uid(typed)
    assert refused.value.code == "datacenter_card_uid_invalid"
    assert refused.value.status == 400
    said = _indonesian("datacenter_card_uid_invalid", refused.value.params)
    assert "8, 14, atau 20 digit heksadesimal" in said


# --- the rules on a real store ----------------------------------------------------------


def test_a_ten_byte_uid_is_stored_whole(store: SqlStore) -> None:
    """PostgreSQL refused 20 characters before revision 0018 widened the column."""
    record_id = _add(store)
    card = _print(store, record_id, "04:A1:B2:C3:D4:E5:F6:A7:B8:C9")
    assert cards_of(store, LAPTOP, record_id) == [card]
    assert card.card_uid == "04A1B2C3D4E5F6A7B8C9"


def test_the_promise_counts_the_day_typed_not_the_day_marked(store: SqlStore) -> None:
    """Cards printed on Friday and marked on Monday met their promise on Friday."""
    typed = dt.date(2026, 11, 20)
    record_id = _add(store)
    _print(store, record_id, "04A1B2C5", typed)
    unprinted = _add(store, RecordState.PRINTED)  # printed before the queue: by its change
    with store.writing() as conn:
        conn.execute(
            changes.insert().values(
                device_id=LAPTOP,
                record_id=unprinted,
                state="PRINTED",
                changed_at="2026-11-25T03:00:00.000000Z",
            )
        )
    with store.reading() as conn:
        issued = issued_moments(conn)
        narrowed = issued_moments(conn, [(LAPTOP, record_id)])
    assert local_day(issued[(LAPTOP, record_id)]) == typed
    assert narrowed == {(LAPTOP, record_id): issued[(LAPTOP, record_id)]}
    assert local_day(issued[(LAPTOP, unprinted)]) == dt.date(2026, 11, 25)


def test_a_print_ready_record_is_printed_with_its_history_and_audit(store: SqlStore) -> None:
    record_id = _add(store)
    card = _print(store, record_id, "04a1b2c3d4e5f6", TODAY - dt.timedelta(days=1))
    assert (card.card_uid, card.printed_on, card.actor) == ("04A1B2C3D4E5F6", "2026-11-26", "rina")
    assert _state(store, record_id) == RecordState.PRINTED
    assert cards_of(store, LAPTOP, record_id) == [card]
    assert printed_cards(store) == [card]
    with store.reading() as conn:
        history = conn.execute(
            sa.select(changes.c.state).where(changes.c.record_id == record_id)
        ).scalars()
        assert list(history) == ["PRINTED"]
        audit = conn.execute(
            sa.select(console_audit.c.actor, console_audit.c.detail).where(
                console_audit.c.action == AUDIT_ACTION
            )
        ).one()
    assert audit.actor == "rina"
    assert audit.detail == f"{LAPTOP} {record_id} 04A1B2C3D4E5F6 2026-11-26"
    # The laptop's status pull sees the change.
    assert [c.state for c in store.changes(LAPTOP, 0, 10)] == ["PRINTED"]


@pytest.mark.parametrize(
    "state",
    [
        RecordState.ACCEPTED,
        RecordState.DUPLICATE_RECORD,
        RecordState.REJECTED,
        RecordState.PRINTED,
        RecordState.READY_FOR_HANDOVER,
    ],
)
def test_a_record_not_print_ready_gets_no_card(store: SqlStore, state: RecordState) -> None:
    record_id = _add(store, state)
    before = _written(store)
    assert _refusal(lambda: _print(store, record_id, "04A1B2C3")) == (
        "datacenter_card_not_print_ready"
    )
    assert _written(store) == before
    assert _state(store, record_id) == state
    said = _indonesian(
        "datacenter_card_not_print_ready",
        {"record_id": record_id, "state": state.value},
    )
    assert said.startswith(f"Rekaman {record_id} belum siap cetak")


def test_each_other_refusal_writes_nothing(store: SqlStore) -> None:
    printed = _add(store)
    _print(store, printed, "04A1B2C3")
    other = _add(store)
    before = _written(store)
    for work, code in (
        (lambda: _print(store, other, "04a1b2c3"), "datacenter_card_uid_used"),
        (lambda: _print(store, other, "04A1B2"), "datacenter_card_uid_invalid"),
        (
            lambda: _print(store, other, "04A1B2C4", TODAY + dt.timedelta(days=1)),
            "datacenter_card_date_future",
        ),
        (lambda: _print(store, "rec-none", "04A1B2C5"), "record_unknown"),
    ):
        assert _refusal(work) == code
    assert _written(store) == before
    assert _state(store, other) == RecordState.PRINT_READY_RECORD


def test_a_reprint_keeps_the_first_card(store: SqlStore) -> None:
    record_id = _add(store)
    first = _print(store, record_id, "04A1B2C3", TODAY - dt.timedelta(days=3))
    # The office makes the record print-ready again (a card damaged in the printer).
    with store.writing() as conn:
        conn.execute(
            records.update()
            .where(records.c.record_id == record_id)
            .values(state=RecordState.PRINT_READY_RECORD.value)
        )
    assert _refusal(lambda: _print(store, record_id, "04A1B2C3")) == "datacenter_card_uid_used"
    second = _print(store, record_id, "04A1B2C3D4E5F6")
    assert cards_of(store, LAPTOP, record_id) == [first, second]


def test_two_printings_of_one_record_at_once_one_wins(store: SqlStore) -> None:
    record_id = _add(store)
    other = SqlStore(store.url)
    try:

        def attempt(on: SqlStore, uid: str) -> str:
            try:
                _print(on, record_id, uid)
            except DataCenterError as exc:
                return exc.code
            return "printed"

        said = at_once([lambda: attempt(store, "0A0A0A0A"), lambda: attempt(other, "0B0B0B0B")])
    finally:
        other.close()
    assert sorted(said) == ["datacenter_card_not_print_ready", "printed"]
    assert len(cards_of(store, LAPTOP, record_id)) == 1
    assert _written(store) == (1, 1, 1)


def test_a_printing_that_read_print_ready_before_another_printed_it_is_told_it_changed(
    store: SqlStore,
) -> None:
    """The slower of two operators read PRINT_READY_RECORD; by its move the record is PRINTED.

    ``mark_printed`` checked the state, then moves it ``expected`` from that state: the
    move must say the record changed meanwhile (the operator's words: no longer
    print-ready), not that PRINTED -> PRINTED is a move nobody may make by hand.
    """
    record_id = _add(store, RecordState.PRINTED)
    with pytest.raises(DataCenterError) as refused:
        set_later_state(
            store,
            record_id,
            RecordState.PRINTED,
            "2026-11-27T03:00:00.000000Z",
            LAPTOP,
            audit=lambda _conn, _record: None,
            expected=RecordState.PRINT_READY_RECORD,
        )
    assert refused.value.code == "datacenter_state_changed"
    assert _written(store) == (0, 0, 0)


def test_one_uid_for_two_records_at_once_is_stored_once(store: SqlStore) -> None:
    first, second = _add(store), _add(store)
    other = SqlStore(store.url)
    try:

        def attempt(on: SqlStore, record_id: str) -> str:
            try:
                _print(on, record_id, "04A1B2C3D4E5F6")
            except DataCenterError as exc:
                return exc.code
            return "printed"

        said = at_once([lambda: attempt(store, first), lambda: attempt(other, second)])
    finally:
        other.close()
    assert sorted(said) == ["datacenter_card_uid_used", "printed"]
    assert _written(store) == (1, 1, 1)
    states = sorted([_state(store, first), _state(store, second)])
    assert states == ["PRINTED", "PRINT_READY_RECORD"]


# --- the command line -------------------------------------------------------------------


def test_cards_printed_and_listed_through_the_command_line(tmp_path: Path) -> None:
    store = SqlStore(sqlite_url(tmp_path))
    try:
        ready, accepted, spare = _add(store), _add(store, RecordState.ACCEPTED), _add(store)
    finally:
        store.close()

    done = dc_cli(tmp_path, "cards", "printed", ready, "--card-uid", "04:a1:b2:c3", "--json")
    assert done.returncode == 0, done.stderr
    card = json.loads(done.stdout)
    assert (card["record_id"], card["card_uid"]) == (ready, "04A1B2C3")
    assert card["actor"].startswith("cli:")
    assert card["printed_on"] == office_today().isoformat()

    for args, words in (
        ([accepted, "--card-uid", "04A1B2C4"], f"Record {accepted} is not ready to print"),
        ([ready, "--card-uid", "04A1B2C4"], f"Record {ready} is not ready to print"),
        ([spare, "--card-uid", "04A1B2C3"], "The card UID 04A1B2C3 is already stored"),
        ([spare, "--card-uid", "xyz"], "The card UID xyz is not one"),
        ([spare, "--card-uid", "04A1B2C4", "--date", "27-11-2026"], "YYYY-MM-DD"),
        ([spare, "--card-uid", "04A1B2C4", "--date", "2999-01-01"], "is after today"),
    ):
        refused = dc_cli(tmp_path, "cards", "printed", *args)
        assert refused.returncode == 2, (args, refused.stdout)
        assert words in refused.stderr, (args, refused.stderr)

    listed = dc_cli(tmp_path, "cards", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == [card]
    text = dc_cli(tmp_path, "cards", "list")
    assert text.stdout.split() == [ready, "04A1B2C3", card["printed_on"], card["actor"]]
    states = dc_cli(tmp_path, "records", "list", "--json")
    by_id = {r["record_id"]: r["state"] for r in json.loads(states.stdout)}
    assert by_id == {ready: "PRINTED", accepted: "ACCEPTED", spare: "PRINT_READY_RECORD"}


def test_no_card_yet_is_said(tmp_path: Path) -> None:
    SqlStore(sqlite_url(tmp_path)).close()
    done = dc_cli(tmp_path, "cards", "list")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "No card has been printed yet."
