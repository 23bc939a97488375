"""Rekaman's list as a query: the filter the address bar carries, the rows it selects.

The page (:mod:`sync.server.console.records`) shows what :func:`list_records` finds:
:class:`Filter` is read from the query's short Indonesian names, the search goes through
the blind index (HMACs, never a name or NIK in the clear), and a page is
:data:`PAGE_SIZE` rows.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import sqlalchemy as sa

from fieldkit.records.demo import DEMO_KID
from fieldkit.regions import district
from sync.protocol import RecordState
from sync.server.cards.handovers import latest_outcomes
from sync.server.cards.promises import (
    OfficeClock,
    RecordClock,
    due_this_week_sql,
    issued_moments,
    office_clock,
    overdue_sql,
    record_clock,
)
from sync.server.console.formats import (
    day_text,
    iso_day_text,
    out_of_range,
    parse_day,
)
from sync.server.intake import record_search
from sync.server.office.laptop_labels import labels, shown_name
from sync.server.office.steering import Office
from sync.server.store.stamps import iso, office_midnight
from sync.server.store.tables import (
    office_officers,
    plan_requests,
    plan_visits,
    record_places,
    records,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sqlalchemy.engine import Connection

    from sync.server.store.database import SqlStore

#: A record's id (and a visit's) is shown by its first characters (as the CLI does).
SHOWN_ID = 8
#: Rows on one page of the list.
PAGE_SIZE = 50
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
    """The office's midnight starting ``day``, as ``received_at`` is kept (UTC text)."""
    local = office_midnight(day)
    return iso(local.timestamp())


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
    return " · ".join(p for p in (iso_day_text(visit_date), visit_id[:SHOWN_ID]) if p)


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


PLACED = records.outerjoin(
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
            conn.execute(sa.select(sa.func.count()).select_from(PLACED).where(*where)).scalar_one()
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
            .select_from(PLACED)
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
