"""Distribusi: the distribution schedule and each delivery's BA serah terima (issue 49 §2).

* ``GET /distribusi``: the printed cards no delivery takes yet, grouped by desa and then
  by the laptop whose team recorded them (the office's name and team for the laptop,
  never its hostname); each card with the person's name and the NIK's last four digits
  (opened from the seal in memory, as Antrean cetak does: :func:`person_of`), the
  request, the chip's UID and the promise.  Each group has its own form: the cards
  ticked (all, at first) and the day (the next working day, at first).  Below, the
  deliveries scheduled, the latest day first, each with how many of its cards a laptop
  reported handed over.
* ``POST /distribusi``: one group's form, through
  :func:`sync.server.cards.deliveries.schedule_delivery` (``cards deliver`` does the same).
  A card refused on its own is said at its row, the others go; no card at all, or a
  day that is none or past, refuses the whole form.
* ``GET /distribusi/{number}``: the delivery and its **BA serah terima KTP-el**, a page
  the browser prints with the office's letterhead (as Rekaman's printable list): the
  number, the day, the desa, the team, the cards (No, name, NIK's last four digits,
  request number, UID) and the two signature blocks.

Names are opened for the page only, never stored, logged or put in a link; every
console page is answered ``Cache-Control: no-store``.  Who may schedule: every console
account, as for printing (:func:`may_mark_printed`): it is the office's daily work.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import sqlalchemy as sa
from fastapi import Request  # noqa: TC002 - FastAPI reads the routes' annotations at runtime
from fastapi.responses import Response  # noqa: TC002 - as above
from starlette.concurrency import run_in_threadpool

from fieldkit.promise import add_working_days
from sync.server.cards.deliveries import (
    Delivery,
    DeliveryRefused,
    card_uids,
    deliveries,
    delivery_by_number,
    handed_over,
    schedule_delivery,
    waiting_cards,
)
from sync.server.cards.promises import issued_moments, office_clock, record_clock
from sync.server.console import distribution_sentences, people
from sync.server.console.cards import may_mark_printed
from sync.server.console.formats import day_text, iso_day_text, moment_text, parse_day
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
from sync.server.console.records import promise_view, record_path
from sync.server.console.records_export import letterhead
from sync.server.console.records_query import desa_label, kecamatan_label, office_names
from sync.server.errors import DataCenterError
from sync.server.office.laptop_labels import labels
from sync.server.office.places import desa_of, described
from sync.server.office.steering import Office
from sync.server.store.stamps import office_today, parse_stamp
from sync.server.store.tables import record_places

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from fastapi import FastAPI

    from sync.server.cards.deliveries import WaitingCard
    from sync.server.console.pages import Console
    from sync.server.console.records_query import Names
    from sync.server.console.sessions import Session
    from sync.server.intake.service import DataCenter
    from sync.server.office.places import Desa
    from sync.server.store.database import SqlStore

log = logging.getLogger(__name__)

__all__ = ["distribution_sentences", "install"]

PATH = "/distribusi"
#: The waiting cards one page shows (each is opened from its seal to name the person).
WAITING_LIMIT = 200
#: The deliveries the list below shows.
LISTED_DELIVERIES = 100
#: The form's names: its laptop, desa and day; each card's tick by its index.
F_LAPTOP, F_DESA, F_DATE, F_CARD = "perangkat", "desa", "tanggal", "kartu"
#: A "Tanpa desa" group's form: its ``desa`` is the one chosen, not the group's.
F_UNPLACED = "tanpa_desa"
_MAX_TYPED = 128
_SHOWN_ID = 8
#: :func:`schedule_delivery`'s refusals of one card, in the page's words.
_CARD_REFUSALS = {
    "datacenter_delivery_other_laptop": "console_distribution.other_laptop",
    "datacenter_delivery_not_printed": "console_distribution.not_printed",
    "datacenter_delivery_no_card": "console_distribution.no_card",
    "datacenter_delivery_other_desa": "console_distribution.other_desa",
    "datacenter_delivery_already": "console_distribution.already",
}


def delivery_path(number: str) -> str:
    return f"{PATH}/{quote(number, safe='')}"


# --- what the page reads ------------------------------------------------------------------


@dataclass(frozen=True)
class CardFacts:
    """One card as a page names it: the person (opened in memory) and the clear facts."""

    device_id: str
    record_id: str
    name: str
    nik: str
    request: str
    uid: str
    view: dict[str, Any]


def _requests(store: SqlStore) -> dict[str, str]:
    """Each planned visit's request number (the office's letter number, else its id)."""
    plan = Office(store).plan()
    numbers = {str(r["id"]): str(r.get("number") or r["id"]) for r in plan["requests"]}
    return {
        str(v["id"]): numbers.get(str(v.get("request_id")), "")
        for v in plan["visits"]
        if v.get("request_id")
    }


def _facts(
    datacenter: DataCenter,
    cards: list[WaitingCard],
    t: Callable[..., str],
    account: str,
) -> list[CardFacts]:
    """The cards' facts with their people, opened for ``account``'s page and audited."""
    store = datacenter.store
    clock = office_clock(store)
    requests = _requests(store)
    with store.reading() as conn:
        issued = issued_moments(conn, [(c.device_id, c.record_id) for c in cards])
    unknown = t("console_distribution.unknown")
    found = []
    keys = [(c.device_id, c.record_id) for c in cards]
    opened = people.people_of(datacenter, keys)
    people.audit_viewed(datacenter, account, people.ON_DELIVERY, [k for k in keys if opened[k]])
    for card in cards:
        person = opened[(card.device_id, card.record_id)]
        name, nik = (person.name, person.nik_last) if person is not None else ("", "")
        counted = record_clock(
            clock,
            state="PRINTED",
            visit_date=card.visit_date,
            received_at=card.received_at,
            issued_at=issued.get((card.device_id, card.record_id)),
        )
        found.append(
            CardFacts(
                card.device_id,
                card.record_id,
                name or unknown,
                nik or unknown,
                requests.get(card.visit_id or "", "") or unknown,
                card.card_uid or unknown,
                promise_view(counted, t),
            )
        )
    return found


def _laptop_words(store: SqlStore, t: Callable[..., str]) -> dict[str, tuple[str, str]]:
    """Each laptop as the page names it: (the office's name, its team); never the hostname."""
    named = labels(store)
    said: dict[str, tuple[str, str]] = {}
    for device in store.devices():
        label = named.get(device.device_id)
        if label is not None:
            said[device.device_id] = (label.name, label.team)
        else:
            said[device.device_id] = (
                t("console_distribution.laptop_unnamed", id=device.device_id[:_SHOWN_ID]),
                "",
            )
    return said


@dataclass
class Group:
    """The cards of one desa recorded by one laptop: what one delivery may take."""

    index: int
    desa_code: str
    device_id: str
    desa: str
    laptop: str
    team: str
    cards: list[CardFacts] = field(default_factory=list)

    @property
    def unplaced(self) -> bool:
        """Cards recorded with no desa: the operator chooses the desa they go to."""
        return not self.desa_code


@dataclass(frozen=True)
class Listed:
    delivery: Delivery
    handed: int


@dataclass(frozen=True)
class Schedule:
    groups: list[Group]
    total: int
    listed: list[Listed]
    #: The office's desa (region table), for the "Tanpa desa" groups' choice.
    desa: list[Desa] = field(default_factory=list)
    regions: list[dict[str, str]] = field(default_factory=list)


def schedule_page(datacenter: DataCenter, t: Callable[..., str], account: str) -> Schedule:
    """The waiting cards in their groups (desa, then laptop) and the deliveries scheduled."""
    store = datacenter.store
    # Cards recorded with no desa come first, in their own "Tanpa desa" groups (issue 59
    # §1: README's first day planned its visit with no desa code, and its cards waited
    # here unseen); the operator chooses their desa.
    waiting = sorted(waiting_cards(store), key=lambda c: bool(c.desa_code))
    shown = waiting[:WAITING_LIMIT]
    names = office_names(store)
    laptops = _laptop_words(store, t)
    groups: dict[tuple[str, str], Group] = {}
    for facts, card in zip(_facts(datacenter, shown, t, account), shown, strict=True):
        key = (str(card.desa_code or ""), card.device_id)
        if key not in groups:
            laptop, team = laptops.get(card.device_id, (card.device_id[:_SHOWN_ID], ""))
            groups[key] = Group(
                len(groups),
                key[0],
                card.device_id,
                desa_label(key[0], names, t("console_distribution.unknown"))
                if key[0]
                else t("console_distribution.no_desa"),
                laptop,
                team,
            )
        groups[key].cards.append(facts)
    listed = [
        Listed(d, len(handed_over(store, d))) for d in deliveries(store, limit=LISTED_DELIVERIES)
    ]
    regions = Office(store).regions()
    return Schedule(list(groups.values()), len(waiting), listed, desa_of(regions), regions)


def next_working_day(store: SqlStore, today: dt.date) -> dt.date:
    """The day a delivery is proposed for: the office's next working day."""
    return add_working_days(today, 1, Office(store).holidays())


# --- the schedule's page ------------------------------------------------------------------


@dataclass
class Posted:
    """One group's form as sent: its laptop, desa, typed day and the cards ticked."""

    device_id: str
    desa_code: str
    typed_day: str
    record_ids: list[str]
    #: The form of a "Tanpa desa" group: ``desa_code`` is the desa the operator chose.
    unplaced: bool = False

    @property
    def group_desa(self) -> str:
        """The desa code of the group the form came from ("" for "Tanpa desa")."""
        return "" if self.unplaced else self.desa_code


def read_posted(form: Mapping[str, str]) -> Posted:
    ticked = [
        value[:_MAX_TYPED]
        for name, value in form.items()
        if name.startswith(f"{F_CARD}_") and value.strip()
    ]
    return Posted(
        form.get(F_LAPTOP, "")[:_MAX_TYPED],
        form.get(F_DESA, "").strip().replace(".", "")[:_MAX_TYPED],
        form.get(F_DATE, "").strip()[:_MAX_TYPED],
        ticked,
        unplaced=form.get(F_UNPLACED) == "1",
    )


@dataclass
class Answer:
    """What the page says after a form: the alert, and each refused card's words."""

    error: str | None = None
    refused: dict[str, str] = field(default_factory=dict)
    #: The group the form was for, with what was typed kept.
    posted: Posted | None = None
    #: The delivery made though some cards were refused: the alert goes over the page.
    created: str | None = None


def _render(
    request: Request,
    session: Session,
    page: Schedule,
    *,
    default_day: str,
    status: int = 200,
    message: str | None = None,
    answer: Answer | None = None,
) -> Response:
    t = words(language(request)[0])
    answer = answer or Answer()
    posted = answer.posted
    groups = []
    matched = False  # the posted group may be gone: its cards went in another's delivery
    for group in page.groups:
        mine = (
            posted is not None
            and answer.created is None
            and (posted.device_id, posted.group_desa) == (group.device_id, group.desa_code)
        )
        matched = matched or mine
        # A card refused for its desa waits in another group of the same laptop.
        laptops = posted is not None and posted.device_id == group.device_id
        cards = []
        for index, card in enumerate(group.cards):
            cards.append(
                card.view
                | {
                    "index": index,
                    "record_id": card.record_id,
                    "short": card.record_id[:_SHOWN_ID],
                    "path": record_path(card.device_id, card.record_id),
                    "name": card.name,
                    "nik": card.nik,
                    "request": card.request,
                    "uid": card.uid,
                    "chosen": card.record_id in posted.record_ids if mine and posted else True,
                    "error": answer.refused.get(card.record_id) if laptops else None,
                }
            )
        groups.append(
            {
                "index": group.index,
                "device_id": group.device_id,
                "desa_code": group.desa_code,
                "desa": group.desa,
                "laptop": group.laptop,
                "team": group.team,
                "cards": cards,
                "day": posted.typed_day if mine and posted else default_day,
                "error": answer.error if mine else None,
                "unplaced": group.unplaced,
                "chosen_desa": posted.desa_code if mine and posted else "",
            }
        )
    desa_choices = [{"code": d.code, "label": described(d, page.regions)} for d in page.desa]
    names = office_names(console_of(request).datacenter.store)
    listed = [
        {
            "number": item.delivery.number,
            "path": delivery_path(item.delivery.number),
            "day": iso_day_text(item.delivery.delivery_date),
            "desa": desa_label(item.delivery.desa_code, names, t("console_distribution.unknown")),
            "team": item.delivery.team,
            "count": len(item.delivery.record_ids),
            "handed": item.handed,
        }
        for item in page.listed
    ]
    return render(
        request,
        "distribution.html",
        status,
        session=session,
        current="distribution",
        groups=groups,
        total=page.total,
        shown=sum(len(g.cards) for g in page.groups),
        listed=listed,
        may_schedule=may_mark_printed(session),
        message=message,
        error=answer.error if not matched else None,
        created=delivery_path(answer.created) if answer.created else None,
        created_number=answer.created,
        names={
            "laptop": F_LAPTOP,
            "desa": F_DESA,
            "date": F_DATE,
            "card": F_CARD,
            "unplaced": F_UNPLACED,
        },
        desa_choices=desa_choices,
    )


def _schedule(
    store: SqlStore, session: Session, posted: Posted, day: dt.date
) -> tuple[str | None, dict[str, DataCenterError], DataCenterError | None]:
    """The delivery's number (None when refused whole), each card refused, the whole refusal."""
    try:
        done = schedule_delivery(
            store,
            actor=session.account,
            device_id=posted.device_id,
            desa_code=posted.desa_code,
            delivery_date=day,
            record_ids=posted.record_ids,
        )
    except DeliveryRefused as refused:
        return None, refused.refused, refused
    except DataCenterError as exc:
        return None, {}, exc
    return done.delivery.number, done.refused, None


def _whole_refusal(error: DataCenterError, t: Callable[..., str]) -> str:
    if error.code == "datacenter_delivery_date_past":
        return t("console_distribution.date_past")
    if error.code == "datacenter_delivery_nothing_valid":
        return t("console_distribution.all_refused")
    if error.code == "datacenter_delivery_desa_invalid":
        return t("console_distribution.desa_invalid", desa=error.params.get("desa", ""))
    if error.code == "datacenter_delivery_too_many":
        return t("console_distribution.too_many", max=error.params.get("max", ""))
    return t("console_distribution.refused_other")


# --- a delivery's page and its BA -------------------------------------------------------


@dataclass(frozen=True)
class DeliveryPage:
    delivery: Delivery
    cards: list[CardFacts]
    handed: set[str]
    names: Names
    #: The laptop as the page names it (the office's name; never its hostname).
    laptop: str


def _delivery_page(
    datacenter: DataCenter, number: str, t: Callable[..., str], account: str
) -> DeliveryPage | None:
    store = datacenter.store
    delivery = delivery_by_number(store, number)
    if delivery is None:
        return None
    with store.reading() as conn:
        places = {
            str(r.record_id): r
            for r in conn.execute(
                sa.select(
                    record_places.c.record_id,
                    record_places.c.visit_id,
                    record_places.c.visit_date,
                    record_places.c.desa_code,
                    record_places.c.kecamatan_code,
                ).where(
                    record_places.c.device_id == delivery.device_id,
                    record_places.c.record_id.in_(delivery.record_ids),
                )
            )
        }
        uids = card_uids(conn, delivery.device_id, delivery.record_ids)
    from sync.server.cards.deliveries import WaitingCard  # noqa: PLC0415 - the facts' shape

    cards = [
        WaitingCard(
            delivery.device_id,
            record_id,
            delivery.desa_code,
            delivery.kecamatan_code,
            places[record_id].visit_id if record_id in places else None,
            places[record_id].visit_date if record_id in places else None,
            "",
            uids.get(record_id, ""),
        )
        for record_id in delivery.record_ids
    ]
    laptop, _team = _laptop_words(store, t).get(
        delivery.device_id, (delivery.device_id[:_SHOWN_ID], "")
    )
    return DeliveryPage(
        delivery,
        _facts(datacenter, cards, t, account),
        handed_over(store, delivery),
        office_names(store),
        laptop,
    )


def _render_delivery(
    request: Request, session: Session, page: DeliveryPage, message: str | None
) -> Response:
    t = words(language(request)[0])
    console: Console = console_of(request)
    delivery = page.delivery
    unknown = t("console_distribution.unknown")
    made = parse_stamp(delivery.created_at)
    day = dt.date.fromisoformat(delivery.delivery_date)
    return render(
        request,
        "delivery.html",
        session=session,
        current="distribution",
        delivery={
            "number": delivery.number,
            "day": day_text(day),
            "desa": desa_label(delivery.desa_code, page.names, unknown),
            "kecamatan": kecamatan_label(delivery.kecamatan_code, page.names, unknown),
            "team": delivery.team,
            "laptop": page.laptop,
            "actor": delivery.actor,
            "made": moment_text(made) if made else unknown,
            "count": len(delivery.record_ids),
            "handed": len(page.handed),
        },
        cards=[
            {
                "name": card.name,
                "nik": card.nik,
                "request": card.request,
                "uid": card.uid,
                "handed": card.record_id in page.handed,
            }
            for card in page.cards
        ],
        letterhead=letterhead(console.datacenter),
        message=message,
    )


async def _page(request: Request, session: Session, **given: Any) -> Response:
    datacenter = console_of(request).datacenter
    t = words(language(request)[0])
    page = await run_in_threadpool(schedule_page, datacenter, t, session.account)
    default = await run_in_threadpool(next_working_day, datacenter.store, office_today())
    return _render(request, session, page, default_day=day_text(default), **given)


async def _schedule_posted(request: Request, session: Session, form: Mapping[str, str]) -> Response:
    """One group's form: refused whole (said over the group), partly, or done (its BA)."""
    t = words(language(request)[0])
    posted = read_posted(form)
    problem = None
    day = parse_day(posted.typed_day) if posted.typed_day else None
    if not posted.record_ids:
        problem = "console_distribution.none_chosen"
    elif posted.unplaced and not posted.desa_code:
        problem = "console_distribution.desa_missing"
    elif posted.unplaced and not (posted.desa_code.isdigit() and len(posted.desa_code) == 10):  # noqa: PLR2004
        problem = "console_distribution.desa_invalid"
    elif day is None:
        problem = "console_distribution.date_invalid"
    if problem is not None or day is None:
        answer = Answer(
            t(problem or "console_distribution.date_invalid", desa=posted.desa_code[:16]),
            posted=posted,
        )
        return await _page(request, session, status=400, answer=answer)
    store = console_of(request).datacenter.store
    number, refused, whole = await run_in_threadpool(_schedule, store, session, posted, day)
    said = {
        record_id: t(_CARD_REFUSALS.get(error.code, "console_distribution.refused_other"))
        for record_id, error in refused.items()
    }
    if whole is not None or number is None:
        log.info("console: a delivery was refused (%s)", whole.code if whole else "?")
        error = _whole_refusal(whole, t) if whole is not None else None
        status = 400 if whole is not None and whole.status == 400 else 409  # noqa: PLR2004
        return await _page(request, session, status=status, answer=Answer(error, said, posted))
    if not said:
        return redirect(f"{delivery_path(number)}?baru=1")
    listed = [
        t("console_distribution.row_refused", record=r[:_SHOWN_ID], why=why)
        for r, why in said.items()
    ]
    message = " ".join([t("console_distribution.partly", number=number, count=len(said)), *listed])
    answer = Answer(message, said, posted, created=number)
    return await _page(request, session, status=409, answer=answer)


def install(app: FastAPI) -> None:
    """Distribusi's routes: the schedule, scheduling one group, a delivery's BA."""

    @app.get(PATH, include_in_schema=False)
    async def schedule(request: Request) -> Response:
        session = await current_session(request)
        if session is None:
            return redirect("/masuk")
        return await _page(request, session)

    @app.post(PATH, include_in_schema=False)
    async def schedule_one(request: Request) -> Response:
        posted_or = await posted_form(request)
        if not isinstance(posted_or, tuple):
            return posted_or
        session, form = posted_or
        if not may_mark_printed(session):
            return forbidden(request, session)
        return await _schedule_posted(request, session, form)

    @app.get(PATH + "/{number}", include_in_schema=False)
    async def one_delivery(request: Request, number: str) -> Response:
        session = await current_session(request)
        if session is None:
            return redirect("/masuk")
        t = words(language(request)[0])
        datacenter = console_of(request).datacenter
        page = await run_in_threadpool(_delivery_page, datacenter, number[:32], t, session.account)
        if page is None:
            return render(
                request,
                "delivery_missing.html",
                404,
                session=session,
                current="distribution",
            )
        message = None
        if request.query_params.get("baru") == "1":
            message = t(
                "console_distribution.scheduled",
                number=page.delivery.number,
                count=len(page.delivery.record_ids),
            )
        return _render_delivery(request, session, page, message)
