"""Antrean cetak: the print queue, marking a batch of cards printed (issue 49 §2).

* ``GET /cetak``: every PRINT_READY_RECORD (training records left out), the oldest
  promise date first (:mod:`sync.server.cards.promises`), narrowed by kecamatan, desa (their
  names from the office's region table, as Rekaman shows them) and request number (the
  office's plan: a request's visits).  Each row says who the card is for (the name, and
  the NIK's last four digits only), the desa, the request, the promise date with the
  working days left, "Terlambat" in words (and red) when it is past.
* ``POST /cetak``: the rows ticked, each with its card's chip UID, and the batch's print
  date.  Each card goes through :func:`sync.server.cards.prints.mark_printed` on its own (the
  CLI's ``cards printed`` does the same): a refused row (not print-ready any more, a UID
  that is not one or is used already) is said at that row and the others are stored.

The person is opened in memory from the sealed record's header with the data center's
key (:func:`sync.server.console.people.open_person`, as the export opens a record) for
the page and never stored, logged or put in a link; the page is answered
``Cache-Control: no-store`` as every console page.
Who may mark cards printed: every console account (:func:`may_mark_printed`).  Printing is the
operator's daily work on records, as asking for a recapture is (``console.records``);
each card is written to ``console_audit`` with the account's name, in its own transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import Request  # noqa: TC002 - FastAPI reads the routes' annotations at runtime
from fastapi.responses import Response  # noqa: TC002 - as above
from starlette.concurrency import run_in_threadpool

from fieldkit.records.demo import DEMO_KID
from sync.protocol import RecordState
from sync.server.accounts.roles import Role
from sync.server.cards.prints import PrintedCard, mark_printed
from sync.server.cards.promises import PLACED, RecordClock, office_clock, record_clock
from sync.server.console import cards_sentences
from sync.server.console.formats import DAY_RANGE, any_day, day_text, parse_day
from sync.server.console.pages import (
    console_of,
    current_session,
    forbidden,
    language,
    posted_form,
    redirect,
    render,
    words,
)
from sync.server.console.people import (
    ON_QUEUE,
    Person,
    audit_viewed,
    people_of,
    person_words,
)
from sync.server.console.records import promise_view, record_path
from sync.server.console.records_query import Names, desa_label, office_names
from sync.server.errors import DataCenterError
from sync.server.office.steering import Office
from sync.server.store.stamps import office_today
from sync.server.store.tables import record_places, records

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from fastapi import FastAPI

    from sync.server.console.sessions import Session
    from sync.server.intake.service import DataCenter
    from sync.server.store.database import SqlStore

log = logging.getLogger(__name__)

__all__ = ["cards_sentences", "install"]

#: The rows one page of the queue shows (each is opened from its seal to name the person).
QUEUE_LIMIT = 100
#: The query's names, as the address bar shows them.
Q_KECAMATAN, Q_DESA, Q_REQUEST = "kecamatan", "desa", "permohonan"
#: The form's names: the batch's date; each row's tick, laptop, record and UID by its index.
F_DATE, F_CHOSEN = "tanggal", "pilih"
_SHOWN_ID = 8
_MAX_TYPED = 64
#: :func:`mark_printed`'s refusals, by their code, in the page's words.
_REFUSALS = {
    "datacenter_card_uid_invalid": "console_cards.uid_invalid",
    "datacenter_card_uid_used": "console_cards.uid_used",
    "datacenter_card_not_print_ready": "console_cards.not_print_ready",
    "datacenter_card_date_future": "console_cards.date_future",
    "datacenter_card_date_before_recording": "console_cards.date_before_recording",
    "date_out_of_range": "console_cards.date_out_of_range",
    "datacenter_card_simulated_prints": "console_cards.simulated_refused",
    "record_unknown": "console_cards.not_found",
}


def may_mark_printed(session: Session) -> bool:
    """The one rule for who marks cards printed: an operator, as an administrator.

    Printing is the office's daily work on records, as asking for a recapture is; a
    console role added later is refused here until it is named.
    """
    return session.role is Role.OPERATOR or session.role is Role.ADMIN


# --- the filter ---------------------------------------------------------------------------


@dataclass
class QueueFilter:
    kecamatan: str | None = None
    desa: str | None = None
    request: str | None = None
    errors: dict[str, str] = field(default_factory=dict)

    def query(self) -> str:
        values = {Q_KECAMATAN: self.kecamatan, Q_DESA: self.desa, Q_REQUEST: self.request}
        return urlencode({k: v for k, v in values.items() if v})


def parse_queue_filter(params: Mapping[str, str]) -> QueueFilter:
    """The filter as typed; a value not among the choices is refused by :func:`print_queue`."""

    def typed(name: str) -> str | None:
        return params.get(name, "").strip()[:_MAX_TYPED] or None

    return QueueFilter(typed(Q_KECAMATAN), typed(Q_DESA), typed(Q_REQUEST))


# --- the queue ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Waiting:
    """One record in the queue: its clear facts and its promise (no person yet)."""

    device_id: str
    record_id: str
    desa_code: str | None
    visit_id: str | None
    clock: RecordClock | None
    #: A simulator took its captures (issue 56.2): printed only by a training data center.
    simulated: bool = False


@dataclass(frozen=True)
class Queue:
    rows: list[Waiting]
    total: int
    kecamatans: list[str]
    desas: list[str]
    #: The office's requests: (id, number), and each visit's request.
    requests: list[tuple[str, str]]
    visit_requests: dict[str, str]
    #: The office runs this data center as a training one (``office training on``).
    training: bool = False


def _plan_requests(store: SqlStore) -> tuple[list[tuple[str, str]], dict[str, str]]:
    plan = Office(store).plan()
    requests = [(str(r["id"]), str(r.get("number") or r["id"])) for r in plan["requests"]]
    visits = {str(v["id"]): str(v["request_id"]) for v in plan["visits"] if v.get("request_id")}
    return requests, visits


def print_queue(store: SqlStore, chosen: QueueFilter) -> Queue:
    """The print-ready records the filter keeps, oldest promise first (at most QUEUE_LIMIT)."""
    clock = office_clock(store)
    requests, visit_requests = _plan_requests(store)
    ready = [records.c.state == RecordState.PRINT_READY_RECORD.value, records.c.kid != DEMO_KID]
    with store.reading() as conn:
        # Every place records name, not only the queue's: a desa printed empty stays chosen.
        places = conn.execute(
            sa.select(record_places.c.kecamatan_code, record_places.c.desa_code).distinct()
        ).all()
        kecamatans = sorted({str(k) for k, _d in places if k})
        desas = sorted({str(d) for _k, d in places if d})
        where = list(ready)
        if chosen.kecamatan is not None:
            if chosen.kecamatan in kecamatans:
                where.append(record_places.c.kecamatan_code == chosen.kecamatan)
            else:
                chosen.errors[Q_KECAMATAN] = "console_cards.choice"
        if chosen.desa is not None:
            if chosen.desa in desas:
                where.append(record_places.c.desa_code == chosen.desa)
            else:
                chosen.errors[Q_DESA] = "console_cards.choice"
        if chosen.request is not None:
            if chosen.request in {r for r, _n in requests}:
                visits = [v for v, r in visit_requests.items() if r == chosen.request]
                where.append(record_places.c.visit_id.in_(visits))
            else:
                chosen.errors[Q_REQUEST] = "console_cards.choice"
        found = conn.execute(
            sa.select(
                records.c.device_id,
                records.c.record_id,
                records.c.state,
                records.c.received_at,
                record_places.c.visit_id,
                record_places.c.visit_date,
                record_places.c.desa_code,
                record_places.c.simulated,
            )
            .select_from(PLACED)
            .where(*where)
        ).all()
    rows = [
        Waiting(
            str(r.device_id),
            str(r.record_id),
            r.desa_code,
            r.visit_id,
            record_clock(clock, state=r.state, visit_date=r.visit_date, received_at=r.received_at),
            simulated=bool(r.simulated),
        )
        for r in found
    ]
    far = dt.date.max
    rows.sort(key=lambda w: (w.clock.promise_date if w.clock else far, w.record_id))
    training = Office(store).training()
    shown = rows[:QUEUE_LIMIT]
    return Queue(shown, len(rows), kecamatans, desas, requests, visit_requests, training)


@dataclass(frozen=True)
class QueuePage:
    queue: Queue
    names: Names
    people: dict[tuple[str, str], Person | None]


def _queue_page(datacenter: DataCenter, chosen: QueueFilter, account: str) -> QueuePage:
    """The queue with each row's person, opened for ``account``'s page and audited."""
    queue = print_queue(datacenter.store, chosen)
    keys = [(w.device_id, w.record_id) for w in queue.rows]
    opened = people_of(datacenter, keys)
    audit_viewed(datacenter, account, ON_QUEUE, [key for key in keys if opened[key]])
    return QueuePage(queue, office_names(datacenter.store), opened)


def _row_view(
    index: int, waiting: Waiting, page: QueuePage, t: Callable[..., str]
) -> dict[str, Any]:
    unknown = t("console_cards.unknown")
    person = person_words(page.people.get((waiting.device_id, waiting.record_id)), t)
    request_id = page.queue.visit_requests.get(waiting.visit_id or "")
    numbers = dict(page.queue.requests)
    return promise_view(waiting.clock, t) | {
        "index": index,
        "device_id": waiting.device_id,
        "record_id": waiting.record_id,
        "short": waiting.record_id[:_SHOWN_ID],
        "path": record_path(waiting.device_id, waiting.record_id),
        "name": person["name"],
        "nik": person["nik"],
        "sex": person["sex"],
        "born": person["born"],
        "desa": desa_label(waiting.desa_code, page.names, unknown),
        "request": numbers.get(request_id or "", unknown),
        "simulated": waiting.simulated,
        # What mark_printed would refuse: the row cannot be ticked (issue 56.2).
        "blocked": waiting.simulated and not page.queue.training,
    }


def _region_label(code: str, names: Names) -> str:
    name = names.desas.get(code)
    return f"{name} ({code})" if name else code


def _render_queue(
    request: Request,
    session: Session,
    chosen: QueueFilter,
    page: QueuePage,
    *,
    status: int = 200,
    message: str | None = None,
    error: str | None = None,
    refused: dict[str, str] | None = None,
    kept: dict[str, str] | None = None,
    day: str | None = None,
) -> Response:
    t = words(language(request)[0])
    refused = refused or {}
    kept = kept or {}
    rows = []
    for index, waiting in enumerate(page.queue.rows):
        row = _row_view(index, waiting, page, t)
        key = f"{waiting.device_id}/{waiting.record_id}"
        row["error"] = refused.get(key)
        row["uid"] = kept.get(key, "")
        row["chosen"] = key in kept
        rows.append(row)
    return render(
        request,
        "cards.html",
        status,
        session=session,
        current="cards",
        chosen=chosen,
        queue=page.queue,
        rows=rows,
        kecamatans=[(c, _region_label(c, page.names)) for c in page.queue.kecamatans],
        desas=[
            (c, desa_label(c, page.names, t("console_cards.unknown"))) for c in page.queue.desas
        ],
        requests=page.queue.requests,
        names={"kecamatan": Q_KECAMATAN, "desa": Q_DESA, "request": Q_REQUEST},
        action="/cetak" + (f"?{chosen.query()}" if chosen.query() else ""),
        day=day if day is not None else day_text(office_today()),
        may_mark=may_mark_printed(session),
        message=message,
        error=error,
        limit=QUEUE_LIMIT,
    )


# --- marking printed ------------------------------------------------------------------------


@dataclass(frozen=True)
class Chosen:
    device_id: str
    record_id: str
    uid: str


def chosen_rows(form: Mapping[str, str]) -> list[Chosen]:
    """The rows ticked in the form, each with its laptop, record and typed UID."""
    picked = []
    for name, value in form.items():
        if not name.startswith(f"{F_CHOSEN}_") or value != "1":
            continue
        index = name.removeprefix(f"{F_CHOSEN}_")
        device_id = form.get(f"perangkat_{index}", "")
        record_id = form.get(f"rekaman_{index}", "")
        if device_id and record_id:
            picked.append(Chosen(device_id, record_id, form.get(f"uid_{index}", "")[:_MAX_TYPED]))
    return picked


@dataclass
class Outcome:
    stored: list[PrintedCard] = field(default_factory=list)
    #: ``device/record``: the page's sentence code of its refusal.
    refused: dict[str, str] = field(default_factory=dict)


def mark_batch(store: SqlStore, session: Session, picked: list[Chosen], day: dt.date) -> Outcome:
    """Each chosen card through :func:`mark_printed` on its own: a refusal stops only its row."""
    outcome = Outcome()
    for row in picked:
        key = f"{row.device_id}/{row.record_id}"
        if not row.uid.strip():
            outcome.refused[key] = "console_cards.uid_missing"
            continue
        try:
            card = mark_printed(
                store,
                actor=session.account,
                record_id=row.record_id,
                uid=row.uid,
                printed_on=day,
                device_id=row.device_id,
            )
        except DataCenterError as exc:
            log.info("console: a card for record %s was refused (%s)", row.record_id, exc.code)
            outcome.refused[key] = _REFUSALS.get(exc.code, "console_cards.refused_other")
            continue
        outcome.stored.append(card)
    return outcome


def batch_problem(picked: list[Chosen], day: dt.date | None, typed: str = "") -> str | None:
    """What refuses the whole batch before any card is stored; None when it may go on.

    ``typed``: the day as typed, to tell a day outside the range FieldKit takes (a later
    one is "after today", an earlier one out of the range) from a typing mistake.
    """
    if not picked:
        return "console_cards.none_chosen"
    if day is None:
        outside = any_day(typed)
        if outside is None:
            return "console_cards.date_invalid"
        if outside > office_today():
            return "console_cards.date_future"
        return "console_cards.date_out_of_range"
    if day > office_today():
        return "console_cards.date_future"
    return None


def refusal_summary(outcome: Outcome, refused: Mapping[str, str], t: Callable[..., str]) -> str:
    """The alert over the queue: how many were stored, and each refused record with why."""
    said = (
        t("console_cards.partly", count=len(outcome.stored))
        if outcome.stored
        else t("console_cards.all_refused")
    )
    listed = [
        t("console_cards.row_refused", record=key.partition("/")[2][:_SHOWN_ID], why=why)
        for key, why in refused.items()
    ]
    return " ".join([said, *listed])


def install(app: FastAPI) -> None:
    """Antrean cetak's routes: the queue and marking a batch printed."""

    @app.get("/cetak", include_in_schema=False)
    async def queue_page(request: Request) -> Response:
        session = await current_session(request)
        if session is None:
            return redirect("/masuk")
        chosen = parse_queue_filter(request.query_params)
        datacenter = console_of(request).datacenter
        page = await run_in_threadpool(_queue_page, datacenter, chosen, session.account)
        done = request.query_params.get("dicetak", "")
        message = None
        if done.isdigit():
            message = words(language(request)[0])("console_cards.marked", count=int(done))
        return _render_queue(request, session, chosen, page, message=message)

    @app.post("/cetak", include_in_schema=False)
    async def mark(request: Request) -> Response:
        posted = await posted_form(request)
        if not isinstance(posted, tuple):
            return posted
        session, form = posted
        if not may_mark_printed(session):
            return forbidden(request, session)
        t = words(language(request)[0])
        chosen = parse_queue_filter(request.query_params)
        datacenter = console_of(request).datacenter
        picked = chosen_rows(form)
        typed_day = form.get(F_DATE, "").strip()[:_MAX_TYPED]
        day = parse_day(typed_day) if typed_day else office_today()
        kept = {f"{p.device_id}/{p.record_id}": p.uid for p in picked}
        problem = batch_problem(picked, day, typed_day)
        if problem is not None or day is None:
            page = await run_in_threadpool(_queue_page, datacenter, chosen, session.account)
            return _render_queue(
                request,
                session,
                chosen,
                page,
                status=400,
                error=t(problem or "console_cards.date_invalid", **DAY_RANGE),
                kept=kept,
                day=typed_day,
            )
        outcome = await run_in_threadpool(mark_batch, datacenter.store, session, picked, day)
        if not outcome.refused:
            query = chosen.query()
            return redirect(f"/cetak?{query + '&' if query else ''}dicetak={len(outcome.stored)}")
        page = await run_in_threadpool(_queue_page, datacenter, chosen, session.account)
        refused = {key: t(code) for key, code in outcome.refused.items()}
        return _render_queue(
            request,
            session,
            chosen,
            page,
            status=409,
            error=refusal_summary(outcome, refused, t),
            refused=refused,
            kept={k: v for k, v in kept.items() if k in refused},
            day=typed_day,
        )
