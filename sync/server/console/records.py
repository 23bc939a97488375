"""Rekaman: the records by date, desa, visit and state; a record's history; a recapture.

What a record holds stays sealed: the page shows only what the data center keeps in
clear (``records``, ``state_changes``) and the coarse place of an accepted record read
at upload (``record_places``: visit, date, desa, kecamatan).  Names of desas come from
the office's region table, names of visits from the office's plan; a record stored
before its place was kept shows "unknown".  No NIK, no name, no GPS is ever read here.
Each record's promise (issue 49 §1, :mod:`sync.server.cards.promises`) is counted from those
facts: its date, the working days gone and left, and "Terlambat" in words once it is
past (the red only repeats the word).

Who may ask for a recapture: every console account, operators too.  Asking the team to
record a person again is the operator's daily work on records (the same request
``fieldkit-datacenter records set-state RECAPTURE`` makes), it reaches only the laptop
that made the record, it changes no account and no office setting, and each request is
written to ``console_audit`` with the account's name in the change's own transaction.
Account management stays with administrators (``accounts``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

import sqlalchemy as sa
from fastapi import Request  # noqa: TC002 - FastAPI reads the routes' annotations at runtime
from fastapi.responses import Response  # noqa: TC002 - as above
from starlette.concurrency import run_in_threadpool

from fieldkit.promise import working_days_between
from fieldkit.records.demo import DEMO_KID
from fieldkit.regions import district
from sync.protocol import RecordState
from sync.server.accounts.trail import write_audit
from sync.server.cards.deliveries import Delivery, delivery_of
from sync.server.cards.handovers import CardStep, card_steps, latest_outcomes
from sync.server.cards.prints import PrintedCard, cards_of
from sync.server.cards.promises import (
    Clock,
    OfficeClock,
    RecordClock,
    due_this_week_sql,
    issued_moments,
    local_day,
    office_clock,
    overdue_sql,
    record_clock,
)
from sync.server.console import (
    cards_sentences,
    distribution_sentences,
    people,
    records_sentences,
)
from sync.server.console.formats import (
    day_text,
    iso_day_text,
    moment_text,
    out_of_range,
    parse_day,
)
from sync.server.console.handover_view import card_words, steps_view
from sync.server.console.pages import (
    console_of,
    current_session,
    language,
    posted_form,
    redirect,
    render,
    words,
)
from sync.server.console.people import Person, person_words
from sync.server.errors import DataCenterError
from sync.server.intake import record_search
from sync.server.intake.states import may_move, set_later_state
from sync.server.office.laptop_labels import labels, shown_name
from sync.server.office.steering import Office
from sync.server.store.stamps import iso, parse_stamp
from sync.server.store.tables import (
    office_officers,
    plan_requests,
    plan_visits,
    record_places,
    records,
    state_changes,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from fastapi import FastAPI
    from sqlalchemy.engine import Connection

    from sync.server.console.sessions import Session
    from sync.server.intake.service import DataCenter
    from sync.server.store.database import SqlStore
    from sync.server.store.rows import StoredRecord

log = logging.getLogger(__name__)

__all__ = [  # a record's card and its delivery: their words
    "cards_sentences",
    "distribution_sentences",
    "install",
    "records_sentences",
]

#: Rows on one page of the list.
PAGE_SIZE = 50
#: A recapture's reason: the team reads it on the laptop's revisit list.
MAX_REASON = 500
#: A record's id and its laptop's are shown by their first characters (as the CLI does).
_SHOWN_ID = 8
_SHOWN_LAPTOP = 12
#: The desa filter's value for records whose place is not known.
UNKNOWN = "-"
#: The query's names: short Indonesian words, as the address bar shows them.
Q_FROM, Q_TO, Q_DESA, Q_VISIT, Q_STATE, Q_TRAINING, Q_PAGE, Q_DUE = (
    "dari",
    "sampai",
    "desa",
    "kunjungan",
    "status",
    "latihan",
    "halaman",
    "tenggat",
)
#: The search and the further filters (issue 49 §3): what is searched, how, and by whom.
Q_SEARCH, Q_SEARCH_KIND, Q_KECAMATAN, Q_LAPTOP, Q_OFFICER = (
    "cari",
    "menurut",
    "kecamatan",
    "laptop",
    "petugas",
)
#: What the search box searches: part of a name (whole words), a NIK, a request's number.
SEARCH_NAME, SEARCH_NIK, SEARCH_REQUEST = "nama", "nik", "permohonan"
SEARCH_KINDS = (SEARCH_NAME, SEARCH_NIK, SEARCH_REQUEST)
#: The promise filter's values (Beranda's tiles link to them).
DUE_OVERDUE, DUE_WEEK = "terlambat", "minggu-ini"
_REASON_WORDS = {
    "decrypt_failed",
    "payload_invalid",
    "visit_date_out_of_range",
    "recapture_requested",
    # Penunggalan's (issue 48): its states were said "another reason" on a record's page.
    "duplicate_candidates",
    "replayed_images",
    "images_unsearchable",
    "adjudicated",
}


# --- the filter --------------------------------------------------------------------------


@dataclass
class Filter:
    """What the list is narrowed to; ``errors`` maps a field to the sentence shown at it."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    desa: str | None = None
    visit: str | None = None
    state: RecordState | None = None
    #: ``DUE_OVERDUE`` or ``DUE_WEEK``: only the records whose clock runs and is so.
    due: str | None = None
    training: bool = False
    #: The search (``SEARCH_KINDS``) and its terms: a name's words, a NIK, a request's number.
    search_kind: str = SEARCH_NAME
    search_terms: list[str] = field(default_factory=list)
    kecamatan: str | None = None
    laptop: str | None = None
    officer: str | None = None
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)
    #: The values as typed, to show them again in the form.
    typed: dict[str, str] = field(default_factory=dict)

    def query(self, page: int | None = None) -> str:
        """This filter as a query string (for the pages' links), ``page`` if given."""
        values = {k: v for k, v in self.typed.items() if v and k not in self.errors}
        if page is not None and page > 1:
            values[Q_PAGE] = str(page)
        return urlencode(values)


def parse_filter(params: Mapping[str, str]) -> Filter:
    """The filter from the form's query; a value that is not one leaves that field out."""
    typed = {
        name: params.get(name, "").strip()[:64]
        for name in (Q_FROM, Q_TO, Q_DESA, Q_VISIT, Q_STATE, Q_TRAINING, Q_DUE)
    } | {
        name: params.get(name, "").strip()[:100]
        for name in (Q_SEARCH, Q_SEARCH_KIND, Q_KECAMATAN, Q_LAPTOP, Q_OFFICER)
    }
    chosen = Filter(typed=typed, training=typed[Q_TRAINING] == "1")
    for name in (Q_FROM, Q_TO):
        if not typed[name]:
            continue
        # Typed as the office writes a day (26-11-2026), or an older link's 2026-11-26.
        day = parse_day(typed[name])
        if day is None:
            chosen.errors[name] = (
                "console_records.date_out_of_range"
                if out_of_range(typed[name])
                else "console_records.date_invalid"
            )
            continue
        typed[name] = day_text(day)  # the field, and the pages' links, read 26-11-2026
        if name == Q_FROM:
            chosen.date_from = day
        else:
            chosen.date_to = day
    if chosen.date_from and chosen.date_to and chosen.date_to < chosen.date_from:
        chosen.errors[Q_TO] = "console_records.dates_reversed"
        chosen.date_to = None
    chosen.desa = typed[Q_DESA] or None
    chosen.visit = typed[Q_VISIT] or None
    if typed[Q_STATE]:
        try:
            chosen.state = RecordState(typed[Q_STATE])
        except ValueError:
            chosen.errors[Q_STATE] = "console_records.choice_unknown"
    _parse_due(chosen, typed[Q_DUE])
    _parse_search(chosen, typed)
    chosen.kecamatan = typed[Q_KECAMATAN] or None
    chosen.laptop = typed[Q_LAPTOP] or None
    chosen.officer = typed[Q_OFFICER] or None
    try:
        chosen.page = max(1, int(params.get(Q_PAGE, "1")))
    except ValueError:
        chosen.page = 1
    return chosen


def _parse_due(chosen: Filter, typed: str) -> None:
    if typed in {DUE_OVERDUE, DUE_WEEK}:
        chosen.due = typed
    elif typed:
        chosen.errors[Q_DUE] = "console_records.choice_unknown"


def _parse_search(chosen: Filter, typed: dict[str, str]) -> None:
    """The search's kind and terms; a term that cannot be one is said at the search box.

    A name is searched by its whole words (the blind index keeps words, never parts of
    them); a NIK is exactly 16 digits; a request by its letter's number as written.
    """
    kind = typed[Q_SEARCH_KIND] or SEARCH_NAME
    if kind not in SEARCH_KINDS:
        chosen.errors[Q_SEARCH_KIND] = "console_records.choice_unknown"
        return
    chosen.search_kind = kind
    text = typed[Q_SEARCH]
    if not text:
        return
    if kind == SEARCH_NIK:
        nik = "".join(text.split())
        if not record_search.is_nik(nik):
            chosen.errors[Q_SEARCH] = "console_records.search_nik_invalid"
            return
        chosen.search_terms = [nik]
    elif kind == SEARCH_NAME:
        found = record_search.name_words(text)
        if not found:
            chosen.errors[Q_SEARCH] = "console_records.search_name_empty"
        elif len(found) > record_search.MAX_NAME_WORDS:
            chosen.errors[Q_SEARCH] = "console_records.search_name_long"
        else:
            chosen.search_terms = found
    else:
        chosen.search_terms = [" ".join(text.split()).casefold()]


def _utc_stamp(day: dt.date) -> str:
    """The host's local midnight starting ``day``, as ``received_at`` is kept (UTC text)."""
    local = dt.datetime.combine(day, dt.time()).astimezone()
    return iso(local.timestamp())


# --- names: laptops, desas, visits -------------------------------------------------------


@dataclass(frozen=True)
class Names:
    """How the office calls its laptops, desas and visits (never a person)."""

    laptops: dict[str, str]
    desas: dict[str, str]
    visits: dict[str, str]


def _visit_label(document: Mapping[str, Any]) -> str:
    day = document.get("visit_date")
    parts = [iso_day_text(str(day)) if day else None, document.get("desa_name")]
    parts.append(document.get("place_name"))
    return " · ".join(str(p) for p in parts if p)


def office_names(store: SqlStore) -> Names:
    """Laptops by the office's name (else their hostname), desas, the plan's visits."""
    office = Office(store)
    health = office.health()
    named = labels(store)
    laptops = {}
    for device in store.devices():
        host = health.get(device.device_id, {}).get("hostname") or device.info.get("hostname")
        laptops[device.device_id] = shown_name(named.get(device.device_id), host, device.device_id)
    desas = {region["code"]: region["name"] for region in office.regions()}
    visits = {}
    for visit in office.plan()["visits"]:
        visits[visit["id"]] = _visit_label(visit)
        if visit.get("desa_code") and visit["desa_code"] not in desas:
            desas[visit["desa_code"]] = visit["desa_name"]
    return Names(laptops, desas, visits)


def desa_label(code: str | None, names: Names, unknown: str) -> str:
    if not code:
        return unknown
    name = names.desas.get(code)
    return f"{name} ({code})" if name else code


def kecamatan_label(code: str | None, names: Names, unknown: str) -> str:
    """A kecamatan by the office's name for it, else the region table's, with its code."""
    if not code:
        return unknown
    region = district(code)
    named = names.desas.get(code) or (region.name if region else None)
    return f"{named} ({code})" if named else code


def visit_label(visit_id: str | None, visit_date: str | None, names: Names, unknown: str) -> str:
    if not visit_id:
        return unknown
    known = names.visits.get(visit_id)
    if known:
        return known
    return " · ".join(p for p in (iso_day_text(visit_date), visit_id[:_SHOWN_ID]) if p)


# --- the list ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Listing:
    rows: list[dict[str, Any]]
    total: int
    page: int
    pages: int
    desas: list[str]
    visits: list[tuple[str, str | None]]
    #: Each row's promise, by (device, record), counted on ``clock``'s day.
    clocks: dict[tuple[str, str], RecordClock] = field(default_factory=dict)
    clock: OfficeClock | None = None
    #: Each row's card's latest reported handover outcome (issue 49 §2), by (device, record).
    outcomes: dict[tuple[str, str], str] = field(default_factory=dict)
    kecamatans: list[str] = field(default_factory=list)


_PLACED = records.outerjoin(
    record_places,
    sa.and_(
        record_places.c.device_id == records.c.device_id,
        record_places.c.record_id == records.c.record_id,
    ),
)


def _conditions(chosen: Filter, clock: OfficeClock) -> list[Any]:
    where: list[Any] = []
    if not chosen.training:
        where.append(records.c.kid != DEMO_KID)
    if chosen.date_from is not None:
        where.append(records.c.received_at >= _utc_stamp(chosen.date_from))
    if chosen.date_to is not None:
        where.append(records.c.received_at < _utc_stamp(chosen.date_to + dt.timedelta(days=1)))
    if chosen.desa == UNKNOWN:
        where.append(record_places.c.desa_code.is_(None))
    elif chosen.desa is not None:
        where.append(record_places.c.desa_code == chosen.desa)
    if chosen.visit == UNKNOWN:
        where.append(record_places.c.visit_id.is_(None))
    elif chosen.visit is not None:
        where.append(record_places.c.visit_id == chosen.visit)
    if chosen.state is not None:
        where.append(records.c.state == chosen.state.value)
    return where + _more_conditions(chosen) + _due_conditions(chosen, clock)


def _more_conditions(chosen: Filter) -> list[Any]:
    """Issue 49 §3's further filters: the kecamatan and the laptop."""
    where: list[Any] = []
    if chosen.kecamatan == UNKNOWN:
        where.append(record_places.c.kecamatan_code.is_(None))
    elif chosen.kecamatan is not None:
        where.append(record_places.c.kecamatan_code == chosen.kecamatan)
    if chosen.laptop is not None:
        where.append(records.c.device_id == chosen.laptop)
    return where


def _pair_in(subquery: Any) -> Any:
    return sa.tuple_(records.c.device_id, records.c.record_id).in_(subquery)


def _request_ids(conn: Connection, number: str) -> list[str]:
    """The office's requests whose letter number is ``number`` (case and spaces aside)."""
    found = []
    for row in conn.execute(sa.select(plan_requests.c.id, plan_requests.c.document)):
        written = json.loads(row.document).get("number")
        if isinstance(written, str) and " ".join(written.split()).casefold() == number:
            found.append(str(row.id))
    return found


def _search_conditions(conn: Connection, chosen: Filter, key: bytes | None) -> list[Any]:
    """The search's and the officer's conditions: the blind index, or the plan's requests."""
    where: list[Any] = []
    if chosen.officer is not None and key is not None:
        officer = [chosen.officer.casefold()]
        where.append(_pair_in(record_search.matching(key, record_search.KIND_OFFICER, officer)))
    if not chosen.search_terms:
        return where
    if chosen.search_kind == SEARCH_REQUEST:
        ids = _request_ids(conn, chosen.search_terms[0])
        if not ids:
            chosen.errors[Q_SEARCH] = "console_records.search_request_unknown"
            chosen.search_terms = []
            return where
        visits = sa.select(plan_visits.c.id).where(plan_visits.c.request_id.in_(ids))
        return [*where, record_places.c.visit_id.in_(visits)]
    if key is None:  # pragma: no cover - the page reads the key whenever it searches
        return where
    kind = record_search.KIND_NIK if chosen.search_kind == SEARCH_NIK else record_search.KIND_NAME
    return [*where, _pair_in(record_search.matching(key, kind, chosen.search_terms))]


def _due_conditions(chosen: Filter, clock: OfficeClock) -> list[Any]:
    if chosen.due == DUE_OVERDUE:
        return [overdue_sql(clock)]
    if chosen.due == DUE_WEEK:
        return [due_this_week_sql(clock)]
    return []


def _choices(conn: Connection) -> tuple[list[str], list[tuple[str, str | None]]]:
    """The desa codes and visits that records name, for the filter's lists."""
    desas = conn.scalars(
        sa.select(record_places.c.desa_code)
        .where(record_places.c.desa_code.is_not(None))
        .distinct()
        .order_by(record_places.c.desa_code)
    ).all()
    visits = conn.execute(
        sa.select(record_places.c.visit_id, sa.func.max(record_places.c.visit_date))
        .where(record_places.c.visit_id.is_not(None))
        .group_by(record_places.c.visit_id)
        .order_by(sa.func.max(record_places.c.visit_date).desc(), record_places.c.visit_id)
    ).all()
    return [str(d) for d in desas], [(str(v[0]), v[1]) for v in visits]


def _known_choices(conn: Connection, chosen: Filter, store: SqlStore) -> list[str]:
    """Leave out (and say so) a kecamatan, laptop or officer the office does not know."""
    kecamatans = [
        str(k)
        for k in conn.scalars(
            sa.select(record_places.c.kecamatan_code)
            .where(record_places.c.kecamatan_code.is_not(None))
            .distinct()
            .order_by(record_places.c.kecamatan_code)
        )
    ]
    if chosen.kecamatan not in {None, UNKNOWN, *kecamatans}:
        chosen.errors[Q_KECAMATAN] = "console_records.choice_unknown"
        chosen.kecamatan = None
    if chosen.laptop is not None and store.device(chosen.laptop) is None:
        chosen.errors[Q_LAPTOP] = "console_records.choice_unknown"
        chosen.laptop = None
    if chosen.officer is not None:
        known = conn.scalar(
            sa.select(office_officers.c.username).where(
                office_officers.c.username == chosen.officer
            )
        )
        if known is None:
            chosen.errors[Q_OFFICER] = "console_records.choice_unknown"
            chosen.officer = None
    return kecamatans


def list_records(
    store: SqlStore, chosen: Filter, index_key: bytes | None = None, *, everything: bool = False
) -> Listing:
    """One page of the records the filter keeps, newest first, and the filter's choices.

    ``index_key``: the blind index's (``record_search.search_key``), needed to search by name,
    NIK or officer.  ``everything``: every row the filter keeps, on one page (an export).
    """
    clock = office_clock(store)
    with store.reading() as conn:
        desas, visits = _choices(conn)
        if chosen.desa not in {None, UNKNOWN, *desas}:
            chosen.errors[Q_DESA] = "console_records.choice_unknown"
            chosen.desa = None
        if chosen.visit not in {None, UNKNOWN, *(v for v, _d in visits)}:
            chosen.errors[Q_VISIT] = "console_records.choice_unknown"
            chosen.visit = None
        kecamatans = _known_choices(conn, chosen, store)
        where = _conditions(chosen, clock) + _search_conditions(conn, chosen, index_key)
        total = int(
            conn.execute(sa.select(sa.func.count()).select_from(_PLACED).where(*where)).scalar_one()
        )
        size = max(total, 1) if everything else PAGE_SIZE
        pages = max(1, math.ceil(total / size))
        page = 1 if everything else min(chosen.page, pages)
        rows = conn.execute(
            sa.select(
                records.c.device_id,
                records.c.record_id,
                records.c.kid,
                records.c.state,
                records.c.reason,
                records.c.received_at,
                record_places.c.visit_id,
                record_places.c.visit_date,
                record_places.c.desa_code,
                record_places.c.kecamatan_code,
                record_places.c.simulated,
            )
            .select_from(_PLACED)
            .where(*where)
            .order_by(records.c.received_at.desc(), records.c.device_id, records.c.record_id.desc())
            .limit(size)
            .offset((page - 1) * size)
        ).mappings()
        found = [dict(row) for row in rows]
        keys = [(r["device_id"], r["record_id"]) for r in found]
        issued = issued_moments(conn, keys)
        outcomes = latest_outcomes(conn, keys)
    clocks: dict[tuple[str, str], RecordClock] = {}
    for row in found:
        key = (row["device_id"], row["record_id"])
        counted = record_clock(
            clock,
            state=row["state"],
            visit_date=row["visit_date"],
            received_at=row["received_at"],
            issued_at=issued.get(key),
        )
        if counted is not None:
            clocks[key] = counted
    return Listing(found, total, page, pages, desas, visits, clocks, clock, outcomes, kecamatans)


def local_time(stamp: str | None) -> str:
    """A stored UTC time as the office reads it: the host's local day and minute."""
    when = parse_stamp(stamp)
    return moment_text(when) if when else (stamp or "")


def state_words(state: str | None, t: Callable[..., str]) -> str:
    try:
        return t(f"console_records.state_{RecordState(state or '').value}")
    except ValueError:
        return t("console_records.reason_other")


def reason_words(reason: str | None, t: Callable[..., str]) -> str:
    if not reason:
        return t("console_records.reason_none")
    if reason in _REASON_WORDS:
        return t(f"console_records.reason_{reason}")
    return t("console_records.reason_other")


def record_path(device_id: str, record_id: str) -> str:
    return f"/rekaman/{quote(device_id, safe='')}/{quote(record_id, safe='')}"


def clock_words(clock: RecordClock | None, t: Callable[..., str]) -> str:
    """How a record's promise stands, in words: the colour on the page only repeats them."""
    if clock is None:
        return t("console_records.unknown")
    if clock.clock is Clock.STOPPED:
        return t("console_records.clock_stopped")
    if clock.clock is Clock.MET:
        return _met_words(clock, t)
    if clock.overdue:
        return t("console_records.clock_overdue", days=clock.late_by)
    if clock.left == 0:
        return t("console_records.clock_due_today", elapsed=clock.elapsed)
    return t("console_records.clock_running", elapsed=clock.elapsed, left=clock.left)


def _met_words(clock: RecordClock, t: Callable[..., str]) -> str:
    if clock.issued_on is None:
        return t("console_records.clock_met")
    if clock.late_by:
        return t(
            "console_records.clock_met_late", day=day_text(clock.issued_on), days=clock.late_by
        )
    return t("console_records.clock_met_on_time", day=day_text(clock.issued_on))


def promise_view(clock: RecordClock | None, t: Callable[..., str]) -> dict[str, Any]:
    """The promise's cell: its date, how it stands, and whether it is overdue."""
    return {
        "promise": day_text(clock.promise_date) if clock else t("console_records.unknown"),
        "standing": clock_words(clock, t),
        "overdue": bool(clock and clock.overdue),
        "late": bool(clock and clock.late_by),
    }


def row_view(
    row: Mapping[str, Any],
    names: Names,
    t: Callable[..., str],
    clock: RecordClock | None = None,
    outcome: str | None = None,
) -> dict[str, Any]:
    """One record as the list shows it, in the page's words; ``outcome``: its card's, if any."""
    unknown = t("console_records.unknown")
    device_id = row["device_id"]
    return promise_view(clock, t) | {
        "path": record_path(device_id, row["record_id"]),
        "short": row["record_id"][:_SHOWN_ID],
        "received": local_time(row["received_at"]),
        "laptop": names.laptops.get(device_id, device_id[:_SHOWN_LAPTOP]),
        "visit": visit_label(row["visit_id"], row["visit_date"], names, unknown),
        "desa": desa_label(row["desa_code"], names, unknown),
        "state": state_words(row["state"], t),
        "card": card_words(outcome, t),
        "reason": reason_words(row["reason"], t),
        "training": row["kid"] == DEMO_KID,
        "simulated": bool(row["simulated"]),
    }


@dataclass(frozen=True)
class ListPage:
    listing: Listing
    names: Names
    #: The officer filter's list: (username, full name).
    officers: list[tuple[str, str]]
    #: A search's results name their people (``console.people``); the plain list none.
    people: dict[tuple[str, str], Person | None]


def _list_page(datacenter: DataCenter, chosen: Filter, account: str) -> ListPage:
    """The page's rows, the office's names, its officers, and a search's people (audited)."""
    store = datacenter.store
    needed = (chosen.search_terms and chosen.search_kind != SEARCH_REQUEST) or chosen.officer
    key = record_search.search_key(datacenter.keys) if needed else None
    officers = [(o["username"], o["full_name"]) for o in Office(store).officers()]
    listing = list_records(store, chosen, key)
    found: dict[tuple[str, str], Person | None] = {}
    if chosen.search_terms:
        keys = [(row["device_id"], row["record_id"]) for row in listing.rows]
        found = people.people_of(datacenter, keys)
        people.audit_viewed(datacenter, account, people.ON_SEARCH, [k for k in keys if found[k]])
    return ListPage(listing, office_names(store), officers, found)


# --- one record ------------------------------------------------------------------------


@dataclass(frozen=True)
class Detail:
    row: dict[str, Any]
    history: list[dict[str, Any]]
    #: Its promise, counted on ``office``'s day; None when no day is known to count from.
    clock: RecordClock | None = None
    office: OfficeClock | None = None
    #: The card's reported handovers, oldest first (issue 49 §2).
    steps: list[CardStep] = field(default_factory=list)
    #: The cards printed for it, oldest first (issue 49 §2, ``sync.server.cards.prints``).
    cards: list[PrintedCard] = field(default_factory=list)
    #: The delivery its card is scheduled in, if any (``sync.server.cards.deliveries``).
    delivery: Delivery | None = None


def record_detail(store: SqlStore, device_id: str, record_id: str) -> Detail | None:
    """A record's clear facts, its place, its history in order and its promise; None if not held."""
    clock = office_clock(store)
    with store.reading() as conn:
        row = (
            conn.execute(
                sa.select(
                    records.c.device_id,
                    records.c.record_id,
                    records.c.kid,
                    records.c.state,
                    records.c.reason,
                    records.c.received_at,
                    record_places.c.visit_id,
                    record_places.c.visit_date,
                    record_places.c.desa_code,
                    record_places.c.kecamatan_code,
                    record_places.c.simulated,
                )
                .select_from(_PLACED)
                .where(records.c.device_id == device_id, records.c.record_id == record_id)
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        history = conn.execute(
            sa.select(
                state_changes.c.state,
                state_changes.c.reason,
                state_changes.c.message,
                state_changes.c.changed_at,
            )
            .where(state_changes.c.device_id == device_id, state_changes.c.record_id == record_id)
            .order_by(state_changes.c.cursor)
        ).mappings()
        changes = [dict(h) for h in history]
        issued = issued_moments(conn, [(device_id, record_id)])
    counted = record_clock(
        clock,
        state=row["state"],
        visit_date=row["visit_date"],
        received_at=row["received_at"],
        issued_at=issued.get((device_id, record_id)),
    )
    return Detail(
        dict(row),
        changes,
        counted,
        clock,
        card_steps(store, device_id, record_id),
        cards_of(store, device_id, record_id),
        delivery_of(store, device_id, record_id),
    )


def refusal_of(row: Mapping[str, Any]) -> str | None:
    """Why a recapture of this record is refused before asking the data center; else None.

    Rejected: ``set_later_state`` refuses it (nothing to record again); so it does a
    duplicate the office closed (the older record stands).  Training (the
    demo key): the console is the office's real work, and a training person is no one
    to visit; ``records set-state`` still serves a training data center.  Already asked:
    the laptop has it on its revisit list, a second request would only repeat it.
    """
    if row["state"] == RecordState.REJECTED.value:
        return "console_records.refused_rejected"
    if row["state"] == RecordState.DUPLICATE_CLOSED.value:
        return "console_records.refused_closed_duplicate"
    if row["kid"] == DEMO_KID:
        return "console_records.refused_training"
    if row["state"] == RecordState.RECAPTURE.value:
        return "console_records.refused_already"
    if not may_move(row["state"], RecordState.RECAPTURE):  # the one table (issue 57 §3)
        return "console_records.refused_state"
    return None


#: The states whose message is the office's own words, shown in a record's history.
_OFFICE_WORDS = frozenset({RecordState.RECAPTURE.value, RecordState.DUPLICATE_CLOSED.value})


#: ``set_later_state``'s refusals, by their code, in the page's words.
_REFUSALS = {
    "datacenter_record_rejected": "console_records.refused_rejected",
    "datacenter_record_closed_duplicate": "console_records.refused_closed_duplicate",
    "datacenter_state_changed": "console_records.refused_changed",
    "datacenter_state_move_refused": "console_records.refused_state",
}


def ask_recapture(
    store: SqlStore, session: Session, device_id: str, record_id: str, why: str
) -> None:
    """``set_later_state`` RECAPTURE, as ``records set-state`` does, audited in its transaction."""

    def audit(conn: Connection, _read: StoredRecord) -> None:
        write_audit(
            conn,
            time.time(),
            actor=session.account,
            action="record_recapture",
            account=session.account,
            detail=f"{device_id} {record_id}",
        )

    set_later_state(
        store,
        record_id,
        RecordState.RECAPTURE,
        iso(time.time()),
        device_id,
        reason=why,
        audit=audit,
    )
    log.info("console: %s asked for a recapture of record %s", session.account, record_id)


def reason_problem(why: str, t: Callable[..., str]) -> str | None:
    """What is wrong with a recapture's reason, in the page's words; None when it will do."""
    if not why:
        return t("console_records.recapture_reason_missing")
    if len(why) > MAX_REASON:
        return t("console_records.recapture_reason_long", max=MAX_REASON, length=len(why))
    return None


def try_recapture(
    store: SqlStore, session: Session, device_id: str, record_id: str, why: str
) -> str | None:
    """Ask for the recapture; the refusal's sentence if it is refused, else None.

    A record not held is refused by ``set_later_state`` too (404): the page then says
    the record is not found.
    """
    detail = record_detail(store, device_id, record_id)
    if detail is None:
        return None
    refused = refusal_of(detail.row)
    if refused is not None:
        return refused
    try:
        ask_recapture(store, session, device_id, record_id, why)
    except DataCenterError as exc:
        log.info("console: the recapture of %s was refused (%s)", record_id, exc.code)
        return _REFUSALS.get(exc.code, "console_records.refused_other")
    return None


def _record_page(
    request: Request,
    session: Session,
    shown: tuple[Detail, Person | None],
    names: Names,
    *,
    status: int = 200,
    message: str | None = None,
    error: str | None = None,
    reason_error: str | None = None,
    reason: str = "",
) -> Response:
    t = words(language(request)[0])
    detail, person = shown
    row = detail.row
    unknown = t("console_records.unknown")
    clock = detail.clock
    history = [
        {
            "when": local_time(change["changed_at"]),
            "workday": _workday(clock, detail.office, change["changed_at"]),
            "state": state_words(change["state"], t),
            "reason": reason_words(change["reason"], t),
            # The office's own words, of a recapture or of a duplicate it closed (its
            # administrator's reason); a refusal's message is the server's English.
            "words": change["message"] if change["state"] in _OFFICE_WORDS else "",
        }
        for change in detail.history
    ]
    return render(
        request,
        "record.html",
        status,
        session=session,
        current="records",
        record={
            "id": row["record_id"],
            "short": row["record_id"][:_SHOWN_ID],
            "path": record_path(row["device_id"], row["record_id"]),
            "laptop": names.laptops.get(row["device_id"], row["device_id"][:_SHOWN_LAPTOP]),
            "received": local_time(row["received_at"]),
            "visit": visit_label(row["visit_id"], row["visit_date"], names, unknown),
            "desa": desa_label(row["desa_code"], names, unknown),
            "kecamatan": row["kecamatan_code"] or unknown,
            "state": state_words(row["state"], t),
            "card": card_words(detail.steps[-1].outcome if detail.steps else None, t),
            "reason": reason_words(row["reason"], t),
            "training": row["kid"] == DEMO_KID,
            "simulated": bool(row["simulated"]),
        }
        | promise_view(clock, t)
        | _promise_facts(detail, t),
        person=_person_view(person, desa_label(row["desa_code"], names, unknown), t),
        history=history,
        steps=steps_view(detail.steps, names.laptops, t),
        cards=[
            {
                "uid": card.card_uid,
                "day": iso_day_text(card.printed_on),
                "actor": card.actor,
                "at": local_time(card.printed_at),
            }
            for card in reversed(detail.cards)
        ],
        delivery=(
            {
                "number": detail.delivery.number,
                "path": f"/distribusi/{quote(detail.delivery.number, safe='')}",
                "day": iso_day_text(detail.delivery.delivery_date),
                "team": detail.delivery.team,
            }
            if detail.delivery is not None
            else None
        ),
        refusal=refusal_of(row),
        message=message,
        error=error,
        reason_error=reason_error,
        reason=reason,
        max_reason=MAX_REASON,
    )


def _workday(clock: RecordClock | None, office: OfficeClock | None, stamp: str) -> str:
    """The working day of the promise a change came on: 0 is the recording day itself."""
    day = local_day(stamp)
    if clock is None or office is None or day is None:
        return ""
    return str(max(0, working_days_between(clock.recorded_on, day, office.calendar)))


def _promise_facts(detail: Detail, t: Callable[..., str]) -> dict[str, Any]:
    """The record page's lines on its promise; ``holidays_short``: years not yet from the SKB."""
    clock, office = detail.clock, detail.office
    unknown = t("console_records.unknown")
    if clock is None or office is None:
        return {"recorded_on": unknown, "promise_value": unknown, "holidays_short": None}
    years = office.calendar.incomplete_between(clock.recorded_on, clock.promise_date)
    return {
        "recorded_on": day_text(clock.recorded_on),
        "promise_value": t(
            "console_records.promise_value", day=day_text(clock.promise_date), days=office.days
        ),
        # Years are not counts: "2027", never "2.027".
        "holidays_short": ", ".join(str(y) for y in years) or None,
    }


def _person_view(
    person: Person | None, visited: str, t: Callable[..., str]
) -> dict[str, str] | None:
    """The person in words; the desa of the visit when the person's own is not said."""
    if person is None:
        return None
    return person_words(dataclasses.replace(person, desa=person.desa or visited), t)


def _key(row: Mapping[str, Any]) -> tuple[str, str]:
    return row["device_id"], row["record_id"]


def _detail_and_names(
    datacenter: DataCenter, account: str, device_id: str, record_id: str
) -> tuple[Detail | None, Names, Person | None]:
    """The record's facts, the office's names, and its person (opened and audited)."""
    store = datacenter.store
    detail = record_detail(store, device_id, record_id)
    person = None if detail is None else people.open_person(datacenter, device_id, record_id)
    if person is not None:
        people.audit_viewed(datacenter, account, people.ON_RECORD, [(device_id, record_id)])
    return detail, office_names(store), person


def install(app: FastAPI) -> None:  # noqa: C901 - the screen's routes
    """Rekaman's routes: the list, a record's page, and asking for a recapture."""

    @app.get("/rekaman", include_in_schema=False)
    async def record_list(request: Request) -> Response:
        session = await current_session(request)
        if session is None:
            return redirect("/masuk")
        chosen = parse_filter(request.query_params)
        datacenter = console_of(request).datacenter
        shown = await run_in_threadpool(_list_page, datacenter, chosen, session.account)
        listing, names, officers = shown.listing, shown.names, shown.officers
        t = words(language(request)[0])
        unknown = t("console_records.unknown")
        return render(
            request,
            "records.html",
            session=session,
            current="records",
            chosen=chosen,
            listing=listing,
            rows=[
                row_view(
                    row,
                    names,
                    t,
                    listing.clocks.get((row["device_id"], row["record_id"])),
                    listing.outcomes.get((row["device_id"], row["record_id"])),
                )
                | {"person": person_words(shown.people.get(_key(row)), t)}
                for row in listing.rows
            ],
            searched=bool(chosen.search_terms),
            dues=[
                (DUE_OVERDUE, t("console_records.due_overdue")),
                (DUE_WEEK, t("console_records.due_week")),
            ],
            desas=[(code, desa_label(code, names, unknown)) for code in listing.desas],
            visits=[(v, visit_label(v, d, names, unknown)) for v, d in listing.visits],
            states=[(s.value, state_words(s.value, t)) for s in RecordState],
            unknown_value=UNKNOWN,
            search_kinds=[(k, t(f"console_records.search_kind_{k}")) for k in SEARCH_KINDS],
            kecamatans=[(c, kecamatan_label(c, names, unknown)) for c in listing.kecamatans],
            laptops=sorted(names.laptops.items(), key=lambda item: item[1]),
            officers=[(u, f"{n} ({u})") for u, n in officers],
            query=chosen.query(),
            names={"from": Q_FROM, "to": Q_TO, "desa": Q_DESA, "visit": Q_VISIT, "due": Q_DUE},
            previous=chosen.query(listing.page - 1) if listing.page > 1 else None,
            following=chosen.query(listing.page + 1) if listing.page < listing.pages else None,
        )

    async def _missing(request: Request, session: Session) -> Response:
        return render(request, "record_missing.html", 404, session=session, current="records")

    @app.get("/rekaman/{device_id}/{record_id}", include_in_schema=False)
    async def record_page(request: Request, device_id: str, record_id: str) -> Response:
        session = await current_session(request)
        if session is None:
            return redirect("/masuk")
        datacenter = console_of(request).datacenter
        detail, names, person = await run_in_threadpool(
            _detail_and_names, datacenter, session.account, device_id, record_id
        )
        if detail is None:
            return await _missing(request, session)
        asked = request.query_params.get("diminta") == "1"
        message = "console_records.recapture_done" if asked else None
        return _record_page(request, session, (detail, person), names, message=message)

    @app.post("/rekaman/{device_id}/{record_id}/rekam-ulang", include_in_schema=False)
    async def recapture(request: Request, device_id: str, record_id: str) -> Response:
        posted = await posted_form(request)
        if not isinstance(posted, tuple):
            return posted
        session, form = posted
        datacenter = console_of(request).datacenter
        store = datacenter.store
        typed = form.get("reason", "")
        why = " ".join(typed.split())
        problem = reason_problem(why, words(language(request)[0]))
        refused = None
        if problem is None:
            refused = await run_in_threadpool(
                try_recapture, store, session, device_id, record_id, why
            )
        if problem is None and refused is None:
            if await run_in_threadpool(store.record, device_id, record_id) is None:
                return await _missing(request, session)
            return redirect(record_path(device_id, record_id) + "?diminta=1")
        detail, names, person = await run_in_threadpool(
            _detail_and_names, datacenter, session.account, device_id, record_id
        )
        if detail is None:
            return await _missing(request, session)
        shown = (detail, person)
        if problem is not None:
            kept = typed[: MAX_REASON * 2]
            return _record_page(
                request, session, shown, names, status=400, reason_error=problem, reason=kept
            )
        return _record_page(request, session, shown, names, status=409, error=refused)
