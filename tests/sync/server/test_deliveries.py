"""The distribution schedule (issue 49 §2) on a real store, SQLite and PostgreSQL, and its CLI.

:func:`sync.server.cards.deliveries.schedule_delivery`'s rules: only a PRINTED card, of that
laptop, placed in that desa, in no delivery yet, for a day not past; each card refused on
its own, the whole delivery when none may go.  The cards move to READY_FOR_HANDOVER with
their history lines (the laptop's status pull), one audit line, the package's version up,
all in one transaction.  Two deliveries of one card at the same moment: one wins.  The
office package's ``deliveries`` as ``Office.document`` builds it.  ``cards deliver`` and
``cards deliveries`` through the real command line.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa

from fieldkit.office.package import OfficePackage
from sync.server import catalogue
from sync.server.cards.deliveries import (
    AUDIT_ACTION,
    DeliveryRefused,
    deliveries,
    delivery_of,
    handed_over,
    package_deliveries,
    schedule_delivery,
    waiting_cards,
)
from sync.server.errors import DataCenterError
from sync.server.keys import DataCenterKeys
from sync.server.office.delivery_book import package_printed_cards
from sync.server.office.laptop_labels import set_label
from sync.server.office.steering import Office, check_package
from sync.server.store.database import SqlStore, sqlite_url
from sync.server.store.tables import (
    card_deliveries,
    card_delivery_cards,
    card_handovers,
    card_prints,
    console_audit,
    office_regions,
    record_places,
    records,
)
from sync.server.store.tables import state_changes as changes
from tests.atonce import at_once
from tests.sync.server.dcsupport import dc_cli, fresh_database

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

_seq = itertools.count(1)
TODAY = dt.date(2026, 11, 27)
TOMORROW = TODAY + dt.timedelta(days=1)
LAPTOP, OTHER = "laptop-1", "laptop-2"
DESA, OTHER_DESA = "3505012001", "3505012002"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    url = fresh_database(request, request.param) or sqlite_url(tmp_path)
    opened = SqlStore(url)
    yield opened
    opened.close()


def _add(
    store: SqlStore,
    state: str = "PRINTED",
    *,
    device: str = LAPTOP,
    desa: str | None = DESA,
    kecamatan: str | None = None,
    printed: bool = True,
    placed: bool = True,
) -> str:
    """A record of ``device`` placed in ``desa``, its card printed (a UID of its own).

    ``desa=None``: recorded on a visit with no desa code (its ``kecamatan``, if any);
    ``placed=False``: no place kept at all (a record stored before places were).
    """
    n = next(_seq)
    record_id = f"rec-{n:04d}"
    with store.writing() as conn:
        conn.execute(
            records.insert().values(
                device_id=device,
                record_id=record_id,
                seq=n,
                kid="office-key",
                sha256="0" * 64,
                size=1,
                record_signature="s",
                state=state,
                received_at="2026-11-20T03:00:00.000000Z",
                receipt="{}",
            )
        )
        if placed:
            conn.execute(
                record_places.insert().values(
                    device_id=device,
                    record_id=record_id,
                    visit_id="visit-1",
                    visit_date="2026-11-20",
                    desa_code=desa,
                    kecamatan_code=kecamatan or (desa[:6] if desa else None),
                )
            )
        if printed:
            conn.execute(
                card_prints.insert().values(
                    device_id=device,
                    record_id=record_id,
                    card_uid=f"04A1B2{n:02X}"[-8:].rjust(8, "0"),
                    printed_on="2026-11-26",
                    actor="rina",
                    printed_at="2026-11-26T03:00:00.000000Z",
                )
            )
    return record_id


def _uid(store: SqlStore, record_id: str) -> str:
    with store.reading() as conn:
        return str(
            conn.execute(
                sa.select(card_prints.c.card_uid).where(card_prints.c.record_id == record_id)
            ).scalar_one()
        )


def _state(store: SqlStore, record_id: str, device: str = LAPTOP) -> str:
    found = store.record(device, record_id)
    assert found is not None
    return found.state


def _written(store: SqlStore) -> tuple[int, int, int, int, int]:
    """Deliveries, their cards, state changes, delivery audit lines, the package version."""
    with store.reading() as conn:

        def count(table: Any, *where: Any) -> int:
            return int(
                conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar()
                or 0
            )

        written = (
            count(card_deliveries),
            count(card_delivery_cards),
            count(changes),
            count(console_audit, console_audit.c.action == AUDIT_ACTION),
        )
    return (*written, int(Office(store).settings()["version"]))


def _deliver(
    store: SqlStore, *record_ids: str, day: dt.date = TOMORROW, desa: str = DESA, **more: Any
) -> Any:
    return schedule_delivery(
        store,
        actor="rina",
        device_id=more.get("device", LAPTOP),
        desa_code=desa,
        delivery_date=day,
        record_ids=record_ids,
        today=TODAY,
    )


def _indonesian(code: str, params: Any) -> str:
    return catalogue.text("id", code, params, context="errors")


def _refusal(work: Callable[[], Any]) -> DataCenterError:
    with pytest.raises(DataCenterError) as refused:
        work()
    return refused.value


# --- the rules --------------------------------------------------------------------------


def test_printed_cards_of_the_laptop_and_desa_are_scheduled_moved_and_audited(
    store: SqlStore,
) -> None:
    set_label(store, LAPTOP, "Laptop Tim 2", "Tim 2", actor="rina")
    first, second = _add(store), _add(store)
    version = Office(store).settings()["version"]
    done = _deliver(store, second, first, first)
    delivery = done.delivery
    assert done.refused == {}
    assert delivery.number == f"DST-{dt.datetime.now().astimezone().year}-0001"
    assert len(delivery.id) == 32
    assert int(delivery.id, 16) >= 0
    assert delivery.id == delivery.id.lower()
    assert (delivery.device_id, delivery.desa_code, delivery.kecamatan_code) == (
        LAPTOP,
        DESA,
        DESA[:6],
    )
    assert (delivery.delivery_date, delivery.team, delivery.actor) == (
        TOMORROW.isoformat(),
        "Tim 2",
        "rina",
    )
    assert delivery.record_ids == (first, second)
    # Each card ready to hand over, with its history line the laptop's status pull reads.
    assert _state(store, first) == _state(store, second) == "READY_FOR_HANDOVER"
    assert [(c.record_id, c.state) for c in store.changes(LAPTOP, 0, 10)] == [
        (first, "READY_FOR_HANDOVER"),
        (second, "READY_FOR_HANDOVER"),
    ]
    assert Office(store).settings()["version"] == version + 1, "the laptop must receive it"
    with store.reading() as conn:
        audit = conn.execute(
            sa.select(console_audit.c.actor, console_audit.c.detail).where(
                console_audit.c.action == AUDIT_ACTION
            )
        ).one()
    assert audit.actor == "rina"
    assert audit.detail.startswith(
        f"{delivery.number} {LAPTOP} {DESA} {TOMORROW.isoformat()} 2 cards: {first} {second}"
    )
    assert deliveries(store) == [delivery]
    assert delivery_of(store, LAPTOP, first) == delivery
    assert waiting_cards(store) == []
    # The next is numbered on; today is a day a delivery may go.
    third = _add(store)
    assert _deliver(store, third, day=TODAY).delivery.number.endswith("-0002")


def test_each_card_is_judged_on_its_own(store: SqlStore) -> None:
    good = _add(store)
    accepted = _add(store, "PRINT_READY_RECORD", printed=False)
    foreign = _add(store, device=OTHER)
    elsewhere = _add(store, desa=OTHER_DESA)
    by_hand = _add(store, printed=False)  # PRINTED by records set-state: no chip
    taken = _add(store)
    first = _deliver(store, taken).delivery
    done = _deliver(store, good, accepted, foreign, elsewhere, by_hand, taken, "rec-none")
    assert done.delivery.record_ids == (good,)
    assert {r: e.code for r, e in done.refused.items()} == {
        accepted: "datacenter_delivery_not_printed",
        foreign: "datacenter_delivery_other_laptop",
        elsewhere: "datacenter_delivery_other_desa",
        by_hand: "datacenter_delivery_no_card",
        taken: "datacenter_delivery_already",
        "rec-none": "datacenter_delivery_other_laptop",
    }
    assert done.refused[taken].params["number"] == first.number
    assert _indonesian("datacenter_delivery_already", done.refused[taken].params) == (
        f"KTP-el rekaman {taken} sudah masuk distribusi {first.number}."
    )
    assert _state(store, accepted) == "PRINT_READY_RECORD"
    assert _state(store, foreign, OTHER) == "PRINTED"
    assert _state(store, elsewhere) == "PRINTED"


def test_a_delivery_nothing_may_go_in_is_refused_whole_and_writes_nothing(
    store: SqlStore,
) -> None:
    ready = _add(store)
    accepted = _add(store, "ACCEPTED", printed=False)
    elsewhere = _add(store, desa=OTHER_DESA)
    before = _written(store)
    refused = _refusal(lambda: _deliver(store, accepted, elsewhere))
    assert isinstance(refused, DeliveryRefused)
    assert refused.code == "datacenter_delivery_nothing_valid"
    assert set(refused.refused) == {accepted, elsewhere}
    for work, code in (
        (lambda: _deliver(store, ready, day=TODAY - dt.timedelta(days=1)), "date_past"),
        (lambda: _deliver(store), "no_cards"),
        (lambda: _deliver(store, "  "), "no_cards"),
    ):
        assert _refusal(work).code == f"datacenter_delivery_{code}"
    assert _written(store) == before
    assert _state(store, ready) == "PRINTED"
    said = _indonesian(
        "datacenter_delivery_date_past", {"day": "2026-11-26", "today": "2026-11-27"}
    )
    assert said.startswith("Tanggal distribusi 2026-11-26 sebelum hari ini")


def test_a_delivery_the_laptop_would_not_read_is_refused_before_it_is_stored(
    store: SqlStore,
) -> None:
    """A record placed with a kecamatan's code as its desa: the laptop reads 10 digits only.

    Stored, it would make that laptop refuse every later package whole.  Refused before
    anything is read, as a desa code that is none (issue 59 §1: the same words as the
    console's "Tanpa desa" form); the laptop's own check stays behind it.
    """
    kecamatan_only = DESA[:6]
    placed_oddly = _add(store, desa=kecamatan_only)
    before = _written(store)
    refused = _refusal(lambda: _deliver(store, placed_oddly, desa=kecamatan_only))
    assert refused.code == "datacenter_delivery_desa_invalid"
    assert refused.params["desa"] == kecamatan_only
    assert _written(store) == before
    assert _state(store, placed_oddly) == "PRINTED"
    said = _indonesian(refused.code, refused.params)
    assert said.startswith(f"{kecamatan_only} bukan kode desa 10 angka")


def _place(store: SqlStore, record_id: str) -> tuple[str | None, str | None] | None:
    with store.reading() as conn:
        row = conn.execute(
            sa.select(record_places.c.desa_code, record_places.c.kecamatan_code).where(
                record_places.c.record_id == record_id
            )
        ).first()
    return None if row is None else (row.desa_code, row.kecamatan_code)


def test_a_card_without_a_desa_goes_to_the_desa_chosen_and_is_placed_there(
    store: SqlStore,
) -> None:
    """Issue 59 §1: README's first day planned with no desa code; its cards waited forever.

    A card with no desa (or no place at all) goes in the delivery to the desa the office
    chose and its record is placed there; one whose visit named another kecamatan is
    refused at its row; ``waiting_cards(unplaced=True)`` lists exactly those without.
    """
    no_desa = _add(store, desa=None, kecamatan=DESA[:6])
    no_place = _add(store, placed=False)
    elsewhere = _add(store, desa=None, kecamatan="331502")
    placed = _add(store)
    waiting = {c.record_id for c in waiting_cards(store, LAPTOP, unplaced=True)}
    assert waiting == {no_desa, no_place, elsewhere}
    done = _deliver(store, no_desa, no_place, elsewhere, placed)
    assert sorted(done.delivery.record_ids) == sorted([no_desa, no_place, placed])
    assert done.refused[elsewhere].code == "datacenter_delivery_other_desa"
    assert _place(store, no_desa) == (DESA, DESA[:6])
    assert _place(store, no_place) == (DESA, DESA[:6])
    assert _place(store, elsewhere) == (None, "331502")
    with store.reading() as conn:
        (detail,) = conn.execute(
            sa.select(console_audit.c.detail).where(console_audit.c.action == AUDIT_ACTION)
        ).scalars()
    assert f"placed in desa {DESA}:" in detail


def test_two_deliveries_of_one_card_at_once_one_wins(store: SqlStore) -> None:
    card = _add(store)
    other = SqlStore(store.url)
    try:

        def attempt(on: SqlStore) -> str:
            try:
                return str(_deliver(on, card).delivery.number)
            except DeliveryRefused as exc:
                return exc.refused[card].code

        said = at_once([lambda: attempt(store), lambda: attempt(other)])
    finally:
        other.close()
    year = dt.datetime.now().astimezone().year
    assert sorted(said) == [f"DST-{year}-0001", "datacenter_delivery_already"]
    deliveries_written, cards_written, changed, audited, _version = _written(store)
    assert (deliveries_written, cards_written, changed, audited) == (1, 1, 1, 1)


def test_two_desa_chosen_for_one_card_without_a_desa_at_once_one_wins(store: SqlStore) -> None:
    """Two operators place one "Tanpa desa" card in two desa at the same moment.

    The placement is written in the delivery's transaction: the loser's desa is never
    stored, so Rekaman and Grafik name the one desa the card goes to.
    """
    card = _add(store, desa=None, kecamatan=DESA[:6])
    other = SqlStore(store.url)
    try:

        def attempt(on: SqlStore, desa: str) -> str:
            try:
                return str(_deliver(on, card, desa=desa).delivery.desa_code)
            except DeliveryRefused as exc:
                return exc.refused[card].code

        said = at_once([lambda: attempt(store, DESA), lambda: attempt(other, OTHER_DESA)])
    finally:
        other.close()
    winners = [s for s in said if s in {DESA, OTHER_DESA}]
    assert len(winners) == 1, said
    assert "datacenter_delivery_already" in said
    assert _place(store, card) == (winners[0], DESA[:6])


def test_two_deliveries_of_two_laptops_at_once_are_numbered_apart(store: SqlStore) -> None:
    mine, theirs = _add(store), _add(store, device=OTHER)
    other = SqlStore(store.url)
    try:
        done = at_once(
            [lambda: _deliver(store, mine), lambda: _deliver(other, theirs, device=OTHER)]
        )
    finally:
        other.close()
    numbers = sorted(d.delivery.number for d in done)
    assert [n[-4:] for n in numbers] == ["0001", "0002"]


# --- the package ------------------------------------------------------------------------


def _handed(store: SqlStore, record_id: str) -> None:
    with store.writing() as conn:
        conn.execute(
            card_handovers.insert().values(
                device_id=LAPTOP,
                event_id=f"ev-{record_id}",
                record_id=record_id,
                outcome="owner",
                receiver_role="Pemilik",
                handed_over_on="2026-11-27",
                received_at="2026-11-27T03:00:00.000000Z",
            )
        )


def test_the_package_carries_the_laptops_open_deliveries(store: SqlStore, tmp_path: Path) -> None:
    office = Office(store)
    office.set_office("3505")
    with store.writing() as conn:
        conn.execute(office_regions.insert().values(code=DESA, name="Kalipucung"))
    set_label(store, LAPTOP, "Laptop Tim 2", "Tim 2", actor="rina")
    cards = sorted([_add(store), _add(store)])
    handed, waiting = _add(store), _add(store)
    theirs = _add(store, device=OTHER)
    coming = _deliver(store, *reversed(cards)).delivery
    past_open = _deliver(store, waiting, handed, day=TODAY).delivery
    past_done = _deliver(store, _add(store), day=TODAY).delivery
    _deliver(store, theirs, device=OTHER)
    _handed(store, handed)
    _handed(store, past_done.record_ids[0])
    assert handed_over(store, past_open) == {handed}

    later = TODAY + dt.timedelta(days=1)  # past_open and past_done's day is gone
    listed = package_deliveries(store, LAPTOP, later, desa_names=office.desa_names)
    assert [d["number"] for d in listed] == [past_open.number, coming.number]
    assert listed[1] == {
        "id": coming.id,
        "number": coming.number,
        "delivery_date": TOMORROW.isoformat(),
        "desa_code": DESA,
        "desa_name": "Kalipucung",
        "kecamatan_code": DESA[:6],
        "team": "Tim 2",
        "cards": [{"record_id": r, "card_uid": _uid(store, r)} for r in cards],
    }
    assert [c["record_id"] for c in listed[0]["cards"]] == sorted([waiting, handed])
    on_the_day = package_deliveries(store, LAPTOP, TODAY, desa_names=office.desa_names)
    assert [d["number"] for d in on_the_day] == [past_open.number, past_done.number, coming.number]
    # In the package the laptop receives, which its own reader takes whole.
    document = office.document(LAPTOP, DataCenterKeys(tmp_path / "keys"))
    assert document is not None
    assert document["format_version"] == 2
    assert {d["number"] for d in document["deliveries"]} >= {coming.number, past_open.number}
    assert "holidays" in document
    assert "plan" in document
    check_package(document)
    read = OfficePackage.from_document(document).deliveries
    assert read is not None
    on_the_laptop = {d.number: d for d in read}
    assert on_the_laptop[coming.number].team == "Tim 2"
    assert [(c.record_id, c.card_uid) for c in on_the_laptop[coming.number].cards] == [
        (r, _uid(store, r)) for r in cards
    ]
    other_document = office.document("laptop-3", DataCenterKeys(tmp_path / "keys"))
    assert other_document is not None
    assert other_document["deliveries"] == []


def test_the_package_carries_every_printed_card_no_handover_was_reported_for(
    store: SqlStore, tmp_path: Path
) -> None:
    """Issue 56.1: the laptop compares a card with the office's UID on every path, so it
    receives every card printed for its records, in a delivery or not, at its latest print."""
    office = Office(store)
    office.set_office("3505")
    waiting, reprinted, handed = _add(store), _add(store), _add(store)
    unprinted = _add(store, printed=False)
    _add(store, device=OTHER)
    _deliver(store, waiting)
    _handed(store, handed)
    with store.writing() as conn:  # the first card was spoilt: printed again, another chip
        conn.execute(
            card_prints.insert().values(
                device_id=LAPTOP,
                record_id=reprinted,
                card_uid="04FFEE01",
                printed_on="2026-11-27",
                actor="rina",
                printed_at="2026-11-27T03:00:00.000000Z",
            )
        )
    expected = [
        {"record_id": waiting, "card_uid": _uid(store, waiting)},
        {"record_id": reprinted, "card_uid": "04FFEE01"},
    ]
    assert package_printed_cards(store, LAPTOP) == sorted(expected, key=lambda c: c["record_id"])
    assert unprinted not in {c["record_id"] for c in package_printed_cards(store, LAPTOP)}
    document = office.document(LAPTOP, DataCenterKeys(tmp_path / "keys"))
    assert document is not None
    check_package(document)
    read = OfficePackage.from_document(document).printed_cards
    assert read is not None
    assert sorted((c.record_id, c.card_uid) for c in read) == sorted(
        (c["record_id"], c["card_uid"]) for c in expected
    )


# --- the command line -------------------------------------------------------------------


def _labelled_laptop(store: SqlStore) -> None:
    """LAPTOP enrolled and named "Laptop Tim 2", as the commands find it."""
    with store.writing() as conn:
        conn.execute(
            sa.insert(
                sa.table(
                    "devices",
                    sa.column("device_id"),
                    sa.column("public_key"),
                    sa.column("info"),
                    sa.column("enrolled_at"),
                )
            ).values(
                device_id=LAPTOP,
                public_key="k" * 43,
                info=json.dumps({"hostname": "DESKTOP-A1"}),
                enrolled_at="2026-11-01T00:00:00.000000Z",
            )
        )
    set_label(store, LAPTOP, "Laptop Tim 2", "Tim 2", actor="rina")


def test_cards_deliver_without_a_date_is_for_the_offices_today(tmp_path: Path) -> None:
    """Not the host's: a PC on UTC is on yesterday until 09:00 WIT (README's first day).

    With the office on WIT (UTC+9), the day is the office's whatever the host's clock; a
    UTC host after 15:00 is a day behind it, and the old ``--date "$(date +%F)"`` was
    refused as past there (and ``--date`` was required).
    """
    assert dc_cli(tmp_path, "office", "set", "3315", "--time-zone", "WIT").returncode == 0
    store = SqlStore(sqlite_url(tmp_path))
    try:
        _labelled_laptop(store)
        card = _add(store)
    finally:
        store.close()
    before = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=9)).date()
    done = dc_cli(
        tmp_path, "cards", "deliver", "--laptop", "Laptop Tim 2", "--desa", DESA, "--json"
    )
    after = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=9)).date()
    assert done.returncode == 0, done.stderr
    delivery = json.loads(done.stdout)["delivery"]
    assert delivery["record_ids"] == [card]
    assert delivery["delivery_date"] in {before.isoformat(), after.isoformat()}


def test_cards_deliver_and_deliveries_through_the_command_line(tmp_path: Path) -> None:
    store = SqlStore(sqlite_url(tmp_path))
    try:
        _labelled_laptop(store)
        first, second, accepted = _add(store), _add(store), _add(store, "ACCEPTED", printed=False)
        elsewhere = _add(store, desa=OTHER_DESA)
    finally:
        store.close()
    tomorrow = (dt.datetime.now().astimezone().date() + dt.timedelta(days=1)).isoformat()
    args = ("cards", "deliver", "--laptop", "Laptop Tim 2", "--desa", DESA, "--date", tomorrow)

    done = dc_cli(tmp_path, *args, first, accepted, "--json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["delivery"]["record_ids"] == [first]
    assert answer["delivery"]["team"] == "Tim 2"
    assert answer["delivery"]["actor"].startswith("cli:")
    assert answer["refused"][accepted]["code"] == "datacenter_delivery_not_printed"

    # No ids: every card of that laptop and desa still waiting.
    text = dc_cli(tmp_path, *args)
    assert text.returncode == 0, text.stderr
    number = text.stdout.split(":")[0]
    assert text.stdout.strip() == f"{number}: 1 cards to desa {DESA} on {tomorrow}, team Tim 2"

    for more, words in (
        ((), f"No printed card of laptop Laptop Tim 2 waits for a delivery to desa {DESA}"),
        ((elsewhere,), "None of the 1 cards could be put in the delivery"),
    ):
        refused = dc_cli(tmp_path, *args, *more)
        assert refused.returncode == 2, refused.stdout
        assert words in refused.stderr, refused.stderr
    assert f"{elsewhere}: not in the delivery: Record {elsewhere} was recorded in another desa" in (
        dc_cli(tmp_path, *args, elsewhere).stdout
    )
    for bad, words in (
        (("--date", "01-12-2026"), "YYYY-MM-DD"),
        (("--date", "2020-01-01"), "is before today"),
        (("--laptop", "Laptop Tim 9"), "Laptop Tim 9"),
    ):
        refused = dc_cli(tmp_path, *args, *bad, second)
        assert refused.returncode == 2, (bad, refused.stdout)
        assert words in refused.stderr, (bad, refused.stderr)

    listed = dc_cli(tmp_path, "cards", "deliveries", "--json")
    assert listed.returncode == 0, listed.stderr
    found = json.loads(listed.stdout)
    assert [d["record_ids"] for d in found] == [[second], [first]]
    assert {d["handed_over"] for d in found} == {0}
    lines = dc_cli(tmp_path, "cards", "deliveries").stdout.splitlines()
    assert lines[0].split() == [
        number,
        tomorrow,
        DESA,
        "Tim",
        "2",
        "1",
        "cards,",
        "0",
        "handed",
        "over",
    ]


def test_no_delivery_yet_is_said(tmp_path: Path) -> None:
    SqlStore(sqlite_url(tmp_path)).close()
    done = dc_cli(tmp_path, "cards", "deliveries")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "No delivery has been scheduled yet."
