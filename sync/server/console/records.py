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
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import sqlalchemy as sa
from fastapi import Request  # noqa: TC002 - FastAPI reads the routes' annotations at runtime
from fastapi.responses import Response  # noqa: TC002 - as above
from starlette.concurrency import run_in_threadpool

from fieldkit.promise import working_days_between
from fieldkit.records.demo import DEMO_KID
from sync.protocol import RecordState
from sync.server.accounts.trail import write_audit
from sync.server.cards.deliveries import Delivery, delivery_of
from sync.server.cards.handovers import CardStep, card_steps
from sync.server.cards.prints import PrintedCard, cards_of
from sync.server.cards.promises import (
    Clock,
    OfficeClock,
    RecordClock,
    issued_moments,
    local_day,
    office_clock,
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
from sync.server.console.records_query import (
    DUE_OVERDUE,
    DUE_WEEK,
    PLACED,
    Q_DESA,
    Q_DUE,
    Q_FROM,
    Q_TO,
    Q_VISIT,
    SEARCH_KINDS,
    SEARCH_REQUEST,
    SHOWN_ID,
    UNKNOWN,
    Filter,
    Listing,
    Names,
    desa_label,
    kecamatan_label,
    list_records,
    office_names,
    parse_filter,
    visit_label,
)
from sync.server.errors import DataCenterError
from sync.server.intake import record_search
from sync.server.intake.states import may_move, set_later_state
from sync.server.office.steering import Office
from sync.server.store.stamps import iso, parse_stamp
from sync.server.store.tables import (
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


#: A recapture's reason: the team reads it on the laptop's revisit list.
MAX_REASON = 500
#: A record's laptop is shown by the first characters of its id (as the CLI does).
_SHOWN_LAPTOP = 12
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
        "short": row["record_id"][:SHOWN_ID],
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
                .select_from(PLACED)
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
            "short": row["record_id"][:SHOWN_ID],
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
