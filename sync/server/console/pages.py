"""What every console page shares: its console, language, words, session, form and answer.

Each screen is a module of its own (``web`` for logging in, Beranda and Laptop; the
others beside it) that adds its routes with an ``install(app)`` and uses only this
toolkit, so the screens do not import each other.  A page needs a console session (the
``fieldkit_console`` cookie); a POST needs its CSRF token (:func:`form_or_refusal`); a
screen for administrators alone answers an operator with :func:`forbidden`.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import sqlalchemy as sa
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from fieldkit.printable import printable
from sync.server import catalogue
from sync.server.accounts.book import Accounts
from sync.server.accounts.roles import Role
from sync.server.accounts.trail import REFUSED_CSRF, REFUSED_FORBIDDEN, record_refusal
from sync.server.console import formats
from sync.server.console.sessions import IDLE_MINUTES_ENV, IDLE_S, Session, Sessions, same_token
from sync.server.store.stamps import (
    office_zone_info,
    parse_zone,
    use_office_zone,
    zone_of_office,
)
from sync.server.store.tables import office_settings

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from fastapi import Request
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from sync.server.intake.service import DataCenter

log = logging.getLogger(__name__)

SESSION_COOKIE = "fieldkit_console"
LOGIN_COOKIE = "fieldkit_console_login"
LANGUAGE_COOKIE = "fieldkit_console_lang"
_HERE = Path(__file__).resolve().parent
_YEAR_S = 365 * 24 * 3600
#: Login checks one worker hands to its thread pool at once: a flood of logins waits its
#: turn in the event loop instead of taking the pool's 40 threads.  The Argon2id checks
#: themselves run one at a time in the process (``fieldkit.kdf``: two at once deadlock).
LOGIN_CHECKS_AT_ONCE = 2
#: Refused attempts written to ``console_audit`` a minute, by each worker (``accounts``).
REFUSALS_PER_MINUTE = 30
#: The actor of a refusal without a session (a login form without its token).
NO_ACCOUNT = "-"
#: A refused request's path as kept in ``console_audit``.
_PATH_KEPT = 120
#: No script, no frame, no other origin: the pages need none of them.
_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
#: A year, as the other headers are set on every answer (``StrictTransport``).
HSTS = "max-age=31536000"
HSTS_BYTES = HSTS.encode()


class StrictTransport:
    """``Strict-Transport-Security`` on every answer given over HTTPS, and only there.

    A browser that once reached the console over HTTPS then never sends its session
    cookie, or its password, to this host in clear, even from a typed ``http://``
    address or a link.  Over plain HTTP (a test client; a proxy that ends TLS and says
    nothing of it) the header would mean nothing and is not sent.  No
    ``includeSubDomains``: other hosts of the office are not the console's to bind.
    A raw ASGI wrapper, so redirects, refusals and the stylesheet carry it too.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("scheme") != "https":
            await self.app(scope, receive, send)
            return

        async def with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"strict-transport-security", HSTS_BYTES)]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_header)


#: The console's screens, in the nav's order: (key, the nav's sentence, path, admins only).
#: Each screen's module adds its own routes (``install(app)``) at its path.
SCREENS = (
    ("home", "console.nav_home", "/", False),
    ("laptops", "console.nav_laptops", "/laptop", False),
    ("records", "console.nav_records", "/rekaman", False),
    ("cards", "console.nav_cards", "/cetak", False),
    ("distribution", "console.nav_distribution", "/distribusi", False),
    ("graphs", "console.nav_graphs", "/grafik", False),
    ("officers", "console.nav_officers", "/petugas", False),
    ("audit", "console.nav_audit", "/audit", False),
    ("operations", "console.nav_operations", "/operasi", False),
    ("accounts", "console.nav_accounts", "/akun", True),
)


def idle_seconds() -> float:
    """``FIELDKIT_DATACENTER_CONSOLE_IDLE_MINUTES`` as seconds; 30 minutes when unset."""
    given = os.environ.get(IDLE_MINUTES_ENV)
    if not given:
        return IDLE_S
    try:
        minutes = float(given)
    except ValueError:
        minutes = 0.0
    if minutes <= 0:
        log.warning("%s is not a number of minutes; 30 minutes it is", IDLE_MINUTES_ENV)
        return IDLE_S
    return minutes * 60


@dataclass(frozen=True)
class OfficeHeader:
    """What every page's header says of the office, and the clock its times are on."""

    name: str | None
    code: str | None
    #: ``WIB``/``WITA``/``WIT`` (chosen, else the code's province); None before any code.
    zone_name: str | None
    zone: dt.tzinfo | None


class Console:
    """What the pages need: the accounts, the sessions and the templates."""

    def __init__(self, datacenter: DataCenter) -> None:
        self.datacenter = datacenter
        self.accounts = Accounts(datacenter.store)
        self.sessions = Sessions(datacenter.store, idle_s=idle_seconds())
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(_HERE / "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        formats.install(self.templates)  # {{ n | angka }}: 100.000
        self.css = (_HERE / "static" / "console.css").read_bytes()
        self.checking = asyncio.Semaphore(LOGIN_CHECKS_AT_ONCE)
        self.refusals = RefusalWindow()

    def office_header(self) -> OfficeHeader:
        """The office's name and clock, read for every page (one row by its key).

        Read here for every page rather than by each screen, so no page's header can
        lack the office's name (issue 59 §9), and every page's times use one clock.  Not
        cached: a name or zone just set (here or by a command) shows on the next page.
        """
        with self.datacenter.store.reading() as conn:
            row = conn.execute(
                sa.select(
                    office_settings.c.office_name,
                    office_settings.c.office_code,
                    office_settings.c.time_zone,
                )
            ).first()
        if row is None:
            return OfficeHeader(None, None, None, None)
        chosen = parse_zone(row.time_zone) if row.time_zone else None
        zone = chosen or zone_of_office(row.office_code)
        return OfficeHeader(
            row.office_name,
            row.office_code,
            zone.value if zone is not None else None,
            office_zone_info(row.time_zone, row.office_code),
        )


def language(request: Request) -> tuple[str, bool]:
    """The page's language and whether to remember it: ``?lang=``, the cookie, the browser.

    Indonesian unless English is asked for: by ``?lang=en`` (remembered in a cookie), by
    the cookie, or by an ``Accept-Language`` that ranks English above Indonesian.
    """
    asked = request.query_params.get("lang")
    if asked in catalogue.LANGUAGES:
        return asked, True
    kept = request.cookies.get(LANGUAGE_COOKIE)
    if kept in catalogue.LANGUAGES:
        return kept, False
    best, best_q = catalogue.DEFAULT_LANGUAGE, 0.0
    for part in request.headers.get("accept-language", "").split(",")[:20]:
        tag, _, weight = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        try:
            q = float(weight.strip().removeprefix("q=")) if weight else 1.0
        except ValueError:
            q = 0.0
        if primary in catalogue.LANGUAGES and q > best_q:
            best, best_q = primary, q
    return best, False


def words(lang: str) -> Callable[..., str]:
    """The catalogue's sentence for a code, in ``lang``, its ``{params}`` filled in.

    A code's context is its part before the first dot: ``console.nav_home`` is in
    "console", ``console_records.title`` in "console_records".  Each screen keeps its
    sentences in a context of its own, so screens add sentences without touching another's.
    The code is positional only: a sentence may have a ``{code}`` place of its own (a
    laptop's problem code, say), which is then a parameter like any other, not a second
    value for the code (that was a TypeError, and the Audit page answered 500).
    """

    def t(code: str, /, **params: object) -> str:
        return catalogue.text(lang, code, params, context=code.partition(".")[0])

    return t


def console_of(request: Request) -> Console:
    console: Console = request.app.state.console
    return console


def render(
    request: Request,
    template: str,
    status: int = 200,
    *,
    session: Session | None = None,
    **values: Any,
) -> HTMLResponse:
    lang, remember = language(request)
    t = words(lang)
    page = console_of(request).templates.get_template(template)
    values.setdefault("current", None)
    # Read by ``current_session`` in a thread; a page without a session (the login
    # form) reads it here.
    office = getattr(request.state, "office", None) or console_of(request).office_header()
    body = page.render(t=t, lang=lang, session=session, screens=SCREENS, office=office, **values)
    response = HTMLResponse(body, status_code=status, headers=_HEADERS)
    if remember:
        set_cookie(response, LANGUAGE_COOKIE, lang, max_age=_YEAR_S)
    return response


def set_cookie(response: Response, name: str, value: str, max_age: int | None = None) -> None:
    """Every console cookie: HTTPS only, out of a script's reach, never sent cross-site."""
    response.set_cookie(
        name, value, max_age=max_age, path="/", secure=True, httponly=True, samesite="strict"
    )


def forget_cookie(response: Response, name: str) -> None:
    response.delete_cookie(name, path="/", secure=True, httponly=True, samesite="strict")


def redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303, headers=_HEADERS)


def refused(request: Request, session: Session | None) -> HTMLResponse:
    log.info("console: refused a form without its CSRF token (%s)", request.url.path)
    response = render(request, "refused.html", 403, session=session)
    _audit_refusal(request, response, session, REFUSED_CSRF)
    return response


class RefusalWindow:
    """How many refusals this worker wrote to ``console_audit`` in the last minute.

    Kept in memory: over the limit, a refusal costs the database nothing (the flood an
    attacker without an account can send is one of login forms without their token).
    """

    def __init__(self, per_minute: int = REFUSALS_PER_MINUTE) -> None:
        self.per_minute = per_minute
        self._written: collections.deque[float] = collections.deque()

    def take(self, now: float) -> bool:
        """One more may be written now (and is counted); False when the minute is full."""
        while self._written and self._written[0] <= now - 60:
            self._written.popleft()
        if len(self._written) >= self.per_minute:
            return False
        self._written.append(now)
        return True


def _audit_refusal(
    request: Request, response: Response, session: Session | None, action: str
) -> None:
    """Write the refusal to ``console_audit`` once ``response`` is sent (bounded, see above)."""
    console = console_of(request)
    if not console.refusals.take(time.monotonic()):
        log.info("console: %s not written to console_audit (the minute's limit)", action)
        return
    detail = json.dumps(
        {
            "method": request.method[:8],
            "path": printable(request.url.path)[:_PATH_KEPT],
            "address": request.client.host if request.client else "",
        }
    )
    actor = session.account if session is not None else NO_ACCOUNT
    response.background = BackgroundTask(
        record_refusal, console.datacenter.store, time.time(), actor, action, detail
    )


async def current_session(request: Request) -> Session | None:
    """The request's session; also puts this request's work on the office's clock.

    Every page asks for its session first, so from here on (its threads too: they copy
    this context) a "today" or a time shown is the office's (``stamps.office_zone``).
    """
    console = console_of(request)
    header = await run_in_threadpool(console.office_header)
    request.state.office = header
    use_office_zone(header.zone)
    return await run_in_threadpool(console.sessions.find, request.cookies.get(SESSION_COOKIE))


async def read_form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


async def form_or_refusal(
    request: Request, session: Session
) -> tuple[dict[str, str] | None, Response | None]:
    """The POSTed form when its CSRF token is the session's; else the refusal to answer."""
    form = await read_form(request)
    if not same_token(form.get("csrf"), session.csrf):
        return None, refused(request, session)
    return form, None


async def admin_session(request: Request) -> Session | Response:
    """An administrator's session; else the answer: to the login page, or forbidden."""
    session = await current_session(request)
    if session is None:
        return redirect("/masuk")
    if not is_admin(session):
        return forbidden(request, session)
    return session


async def posted_form(
    request: Request, *, admins_only: bool = False
) -> tuple[Session, dict[str, str]] | Response:
    """A POST's session and its CSRF-checked form; else the answer to give instead.

    No session: to the login page.  ``admins_only`` and an operator: forbidden, before
    the token is read, so an operator learns nothing about it.  A missing or foreign
    CSRF token: refused.
    """
    session = await current_session(request)
    if session is None:
        return redirect("/masuk")
    if admins_only and not is_admin(session):
        return forbidden(request, session)
    form, refusal = await form_or_refusal(request, session)
    if form is None or refusal is not None:
        return refusal or redirect("/masuk")
    return session, form


def forbidden(request: Request, session: Session) -> HTMLResponse:
    """An operator on a screen or form for administrators alone: 403, said in words.

    Written to ``console_audit`` too (``refused_forbidden``), as a CSRF refusal is.
    """
    log.info("console: %s refused %s (administrators only)", session.account, request.url.path)
    response = render(request, "forbidden.html", 403, session=session)
    _audit_refusal(request, response, session, REFUSED_FORBIDDEN)
    return response


def is_admin(session: Session) -> bool:
    return session.role is Role.ADMIN
