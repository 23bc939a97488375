"""Jejak konsol (``/audit/konsol``): the console's own audit, who did what and when (issue 49 §3).

Every change made in the console or by ``fieldkit-datacenter`` is a row of
``console_audit`` written in the change's own transaction (logins and refused attempts
too).  The laptops' audit findings are on Audit; this page, linked from it, reads the
office's own trail: newest first, narrowed by account, by kind of action and by day, a
page of :data:`PAGE_ROWS` at a time.

Administrators only: the trail names who logged in when and what each account changed,
which is the oversight of the people who may change things, as account management is.

Each action is said in words from :data:`ACTIONS`; an action this version does not know
(written by a newer data center, say) is shown as the code it is, escaped like every
value.  The stored detail is the data the change named (a laptop's name, a version, a
reason), shown as data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import Request  # noqa: TC002 - FastAPI reads the routes' annotations at runtime
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from fieldkit.printable import printable
from sync.server.console import (
    people,
    trail_sentences,  # noqa: F401 - registers the words
)
from sync.server.console.formats import DAY_RANGE, day_text, moment_text, out_of_range, parse_day
from sync.server.console.pages import admin_session, console_of, language, render, words
from sync.server.store.stamps import office_midnight, parse_stamp
from sync.server.store.tables import console_audit

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from fastapi import FastAPI
    from sqlalchemy.engine import Connection

    from sync.server.store.database import SqlStore

PATH = "/audit/konsol"
PAGE_ROWS = 50
#: A stored detail as shown: longer is cut (it is the change's data, not a document).
_DETAIL_SHOWN = 200

#: The kinds of action the filter offers, in its order, with the words of each.
KINDS = {
    "masuk": "console_trail.kind_login",
    "akun": "console_trail.kind_accounts",
    "laptop": "console_trail.kind_laptops",
    "petugas": "console_trail.kind_office",
    "rekaman": "console_trail.kind_records",
    "operasi": "console_trail.kind_operations",
    "ditolak": "console_trail.kind_refused",
}

#: Every action the data center writes, as its kind and its words.
ACTIONS: dict[str, tuple[str, str]] = {
    "login": ("masuk", "console_trail.action_login"),
    "login_failed": ("masuk", "console_trail.action_login_failed"),
    "locked": ("masuk", "console_trail.action_locked"),
    "logout": ("masuk", "console_trail.action_logout"),
    "account_added": ("akun", "console_trail.action_account_added"),
    "account_disabled": ("akun", "console_trail.action_account_disabled"),
    "account_unlocked": ("akun", "console_trail.action_account_unlocked"),
    "password_changed": ("akun", "console_trail.action_password_changed"),
    "laptop_code_issued": ("laptop", "console_trail.action_laptop_code_issued"),
    "laptop_revoked": ("laptop", "console_trail.action_laptop_revoked"),
    "laptop_named": ("laptop", "console_trail.action_laptop_named"),
    "audit_acknowledged": ("laptop", "console_trail.action_audit_acknowledged"),
    "officer_added": ("petugas", "console_trail.action_officer_added"),
    "officer_code": ("petugas", "console_trail.action_officer_code"),
    "officer_enabled": ("petugas", "console_trail.action_officer_enabled"),
    "officer_disabled": ("petugas", "console_trail.action_officer_disabled"),
    "office_set": ("petugas", "console_trail.action_office_set"),
    "rules_set": ("petugas", "console_trail.action_rules_set"),
    "min_version_set": ("petugas", "console_trail.action_min_version_set"),
    "holidays_imported": ("petugas", "console_trail.action_holidays_imported"),
    "office_training_set": ("petugas", "console_trail.action_office_training_set"),
    "office_time_zone_set": ("petugas", "console_trail.action_office_time_zone_set"),
    "record_recapture": ("rekaman", "console_trail.action_record_recapture"),
    "record_state_set": ("rekaman", "console_trail.action_record_state_set"),
    "record_adjudicated": ("rekaman", "console_trail.action_record_adjudicated"),
    "duplicate_pair_viewed": ("rekaman", "console_trail.action_duplicate_pair_viewed"),
    "person_viewed": ("rekaman", "console_trail.action_person_viewed"),
    "record_exported": ("rekaman", "console_trail.action_record_exported"),
    "records_export": ("rekaman", "console_trail.action_records_export"),
    "card_printed": ("rekaman", "console_trail.action_card_printed"),
    "card_delivery_scheduled": ("rekaman", "console_trail.action_card_delivery_scheduled"),
    "backup_made": ("operasi", "console_trail.action_backup_made"),
    "refused_csrf": ("ditolak", "console_trail.action_refused_csrf"),
    "refused_forbidden": ("ditolak", "console_trail.action_refused_forbidden"),
}
#: ``audited_office`` writes a change refused to the account's role as ``<action>_refused``.
REFUSED_SUFFIX = "_refused"

Q_ACCOUNT, Q_KIND, Q_FROM, Q_TO, Q_PAGE = "akun", "jenis", "dari", "sampai", "hal"
#: A typed page number longer than this is no page (the trail is never that long).
_PAGE_DIGITS = 6


def kind_of(action: str) -> str | None:
    known = ACTIONS.get(action)
    if known is not None:
        return known[0]
    if action.endswith(REFUSED_SUFFIX):
        return "ditolak"
    return None


def actions_of(kind: str) -> list[str]:
    return [action for action, (of, _code) in ACTIONS.items() if of == kind]


def action_words(action: str, t: Callable[..., str]) -> str:
    """The action in the page's words; a refused change names the change; else the code."""
    known = ACTIONS.get(action)
    if known is not None:
        return t(known[1])
    base = action.removesuffix(REFUSED_SUFFIX)
    if base != action and base in ACTIONS:
        return t("console_trail.action_refused_change", change=t(ACTIONS[base][1]))
    return printable(action)


@dataclass
class TrailFilter:
    account: str | None = None
    kind: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)
    typed: dict[str, str] = field(default_factory=dict)

    def query(self, page: int) -> str:
        values = {k: v for k, v in self.typed.items() if v and k not in self.errors}
        if page > 1:
            values[Q_PAGE] = str(page)
        return urlencode(values)


def parse_trail_filter(params: Mapping[str, str]) -> TrailFilter:
    """The filter from the query; a value that is not one is said at its field and left out."""
    typed = {n: params.get(n, "").strip()[:64] for n in (Q_ACCOUNT, Q_KIND, Q_FROM, Q_TO)}
    chosen = TrailFilter(typed=typed, account=typed[Q_ACCOUNT] or None)
    if typed[Q_KIND]:
        if typed[Q_KIND] in KINDS:
            chosen.kind = typed[Q_KIND]
        else:
            chosen.errors[Q_KIND] = "console_trail.kind_unknown"
    for name in (Q_FROM, Q_TO):
        if not typed[name]:
            continue
        day = parse_day(typed[name])
        if day is None:
            chosen.errors[name] = (
                "console_trail.date_out_of_range"
                if out_of_range(typed[name])
                else "console_trail.date_invalid"
            )
        elif name == Q_FROM:
            chosen.date_from, typed[name] = day, day_text(day)
        else:
            chosen.date_to, typed[name] = day, day_text(day)
    if chosen.date_from and chosen.date_to and chosen.date_to < chosen.date_from:
        chosen.errors[Q_TO] = "console_trail.dates_reversed"
        chosen.date_to = None
    page = params.get(Q_PAGE, "1")
    chosen.page = max(1, int(page)) if page.isdigit() and len(page) <= _PAGE_DIGITS else 1
    return chosen


def _midnight(day: dt.date) -> str:
    """The office's midnight starting ``day`` as ``console_audit.at`` is kept (UTC)."""
    local = office_midnight(day)
    return local.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def _conditions(chosen: TrailFilter) -> list[Any]:
    where: list[Any] = []
    if chosen.account is not None:
        where.append(console_audit.c.actor == chosen.account)
    if chosen.kind == "ditolak":
        where.append(
            sa.or_(
                console_audit.c.action.in_(actions_of("ditolak")),
                console_audit.c.action.like("%" + REFUSED_SUFFIX),
            )
        )
    elif chosen.kind is not None:
        where.append(console_audit.c.action.in_(actions_of(chosen.kind)))
    if chosen.date_from is not None:
        where.append(console_audit.c.at >= _midnight(chosen.date_from))
    if chosen.date_to is not None:
        where.append(console_audit.c.at < _midnight(chosen.date_to + dt.timedelta(days=1)))
    return where


@dataclass(frozen=True)
class Trail:
    rows: list[dict[str, Any]]
    total: int
    pages: int
    accounts: list[str]


def read_trail(store: SqlStore, chosen: TrailFilter) -> Trail:
    """One page of the trail, newest first, and the accounts the filter offers, in one read."""
    where = _conditions(chosen)
    with store.reading() as conn:
        total = int(
            conn.execute(
                sa.select(sa.func.count()).select_from(console_audit).where(*where)
            ).scalar_one()
        )
        pages = max(1, -(-total // PAGE_ROWS))
        chosen.page = min(chosen.page, pages)
        rows = (
            conn.execute(
                sa.select(console_audit)
                .where(*where)
                .order_by(console_audit.c.id.desc())
                .offset((chosen.page - 1) * PAGE_ROWS)
                .limit(PAGE_ROWS)
            )
            .mappings()
            .all()
        )
        accounts = _accounts(conn)
    return Trail([dict(row) for row in rows], total, pages, accounts)


def _accounts(conn: Connection) -> list[str]:
    return [
        str(name)
        for name in conn.execute(
            sa.select(console_audit.c.actor).distinct().order_by(console_audit.c.actor)
        ).scalars()
    ]


def row_view(row: Mapping[str, Any], t: Callable[..., str]) -> dict[str, Any]:
    when = parse_stamp(row["at"])
    detail = printable(str(row["detail"] or ""))
    if row["action"] == people.VIEWED:
        detail = people.viewed_words(detail, t)
    return {
        "at": moment_text(when) if when else printable(str(row["at"])),
        "actor": printable(str(row["actor"])),
        "action": action_words(str(row["action"]), t),
        "refused": kind_of(str(row["action"])) == "ditolak",
        "subject": printable(str(row["account"])),
        "detail": detail[:_DETAIL_SHOWN] + ("…" if len(detail) > _DETAIL_SHOWN else ""),
    }


async def trail_page(request: Request) -> Response:
    session = await admin_session(request)
    if isinstance(session, Response):
        return session
    chosen = parse_trail_filter(request.query_params)
    store = console_of(request).datacenter.store
    trail = await run_in_threadpool(read_trail, store, chosen)
    t = words(language(request)[0])
    return render(
        request,
        "trail.html",
        session=session,
        current="audit",
        chosen=chosen,
        errors={name: t(code, **DAY_RANGE) for name, code in chosen.errors.items()},
        trail=trail,
        rows=[row_view(row, t) for row in trail.rows],
        kinds=[(kind, t(code)) for kind, code in KINDS.items()],
        names={"account": Q_ACCOUNT, "kind": Q_KIND, "from": Q_FROM, "to": Q_TO},
        previous=chosen.query(chosen.page - 1) if chosen.page > 1 else None,
        following=chosen.query(chosen.page + 1) if chosen.page < trail.pages else None,
    )


def install(app: FastAPI) -> None:
    """Jejak konsol's one route."""
    app.add_api_route(PATH, trail_page, methods=["GET"], include_in_schema=False)
