"""The console's pages on the data center's own FastAPI app, at ``/`` on the HTTPS port.

Server-rendered (Jinja2, autoescaped), no script, one stylesheet served from here.  A
page needs a console session (the ``fieldkit_console`` cookie); the laptops' signed
headers open none, and the ``/v1`` API never reads the cookie.  Every POST carries a
CSRF token: the session's own, or before a session the login form's (a cookie and the
same value in the form).  Every word on a page is a catalogue sentence
(``sync.server.console.sentences``) in Indonesian, or English when asked for.
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from fastapi import Request  # noqa: TC002 - FastAPI reads the routes' annotations at runtime
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from sync.server.console import catalogue
from sync.server.console.accounts import Accounts, LoginResult
from sync.server.console.home import home_counts
from sync.server.console.sessions import (
    IDLE_MINUTES_ENV,
    IDLE_S,
    Session,
    Sessions,
    new_token,
    same_token,
)
from sync.server.fleet import STALE_DAYS, laptop_rows, parse_stamp
from sync.server.office import Office

if TYPE_CHECKING:
    from collections.abc import Callable

    from fastapi import FastAPI

    from sync.server.service import DataCenter

log = logging.getLogger(__name__)

SESSION_COOKIE = "fieldkit_console"
LOGIN_COOKIE = "fieldkit_console_login"
LANGUAGE_COOKIE = "fieldkit_console_lang"
_HERE = Path(__file__).resolve().parent
_YEAR_S = 365 * 24 * 3600
#: Password checks one worker runs at once: each takes 64 MiB for a fifth of a second, so
#: a flood of logins waits its turn instead of taking the thread pool's 40 x 64 MiB.
LOGIN_CHECKS_AT_ONCE = 2
#: No script, no frame, no other origin: the pages need none of them.
_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
#: The six screens of the console, in the nav's order; only Beranda is live yet.
SCREENS = (
    ("home", "console.nav_home", "/"),
    ("laptops", "console.nav_laptops", "/laptop"),
    ("records", "console.nav_records", None),
    ("officers", "console.nav_officers", None),
    ("audit", "console.nav_audit", None),
    ("operations", "console.nav_operations", None),
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
        self.css = (_HERE / "static" / "console.css").read_bytes()
        self.checking = asyncio.Semaphore(LOGIN_CHECKS_AT_ONCE)


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


def _words(lang: str) -> Callable[..., str]:
    """The catalogue's sentence for a code, in ``lang``, its ``{params}`` filled in."""

    def t(code: str, **params: object) -> str:
        return catalogue.text(lang, code, params)

    return t


def _console(request: Request) -> Console:
    console: Console = request.app.state.console
    return console


def _render(
    request: Request,
    template: str,
    status: int = 200,
    *,
    session: Session | None = None,
    **values: Any,
) -> HTMLResponse:
    lang, remember = language(request)
    t = _words(lang)
    page = _console(request).templates.get_template(template)
    values.setdefault("current", None)
    body = page.render(t=t, lang=lang, session=session, screens=SCREENS, **values)
    response = HTMLResponse(body, status_code=status, headers=_HEADERS)
    if remember:
        _cookie(response, LANGUAGE_COOKIE, lang, max_age=_YEAR_S)
    return response


def _cookie(response: Response, name: str, value: str, max_age: int | None = None) -> None:
    """Every console cookie: HTTPS only, out of a script's reach, never sent cross-site."""
    response.set_cookie(
        name, value, max_age=max_age, path="/", secure=True, httponly=True, samesite="strict"
    )


def _forget(response: Response, name: str) -> None:
    response.delete_cookie(name, path="/", secure=True, httponly=True, samesite="strict")


def _to(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303, headers=_HEADERS)


def _refused(request: Request, session: Session | None) -> HTMLResponse:
    log.info("console: refused a form without its CSRF token (%s)", request.url.path)
    return _render(request, "refused.html", 403, session=session)


async def _session(request: Request) -> Session | None:
    return await run_in_threadpool(
        _console(request).sessions.find, request.cookies.get(SESSION_COOKIE)
    )


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


def _login_page(
    request: Request, status: int = 200, message: str | None = None, name: str = ""
) -> HTMLResponse:
    """The login form with a fresh pre-session CSRF pair: a cookie and the same hidden field."""
    token = new_token()
    response = _render(request, "login.html", status, csrf=token, message=message, name=name)
    _cookie(response, LOGIN_COOKIE, token)
    return response


#: The laptops' device kinds (§14.1 ``devices[].kind``), by their catalogue words.
_DEVICE_WORDS = {
    kind: f"console.device_{kind}" for kind in ("face", "fingerprint", "iris", "signature", "card")
}


#: A device id's first characters tell the office's laptops apart (as ``laptops list``).
_SHOWN_ID = 16


def _when(stamp: str | None) -> str | None:
    """A stored UTC time as the office reads it: the host's local day and minute."""
    when = parse_stamp(stamp)
    if when is None:
        return stamp or None  # an unreadable stamp is shown as the laptop sent it
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def laptop_view(row: dict[str, Any], t: Callable[..., str]) -> dict[str, Any]:
    """One row of ``fleet.laptop_rows`` in the page's words (never a code or English)."""
    flags = [
        t(f"console.flag_{flag}", days=STALE_DAYS)
        for flag in row["flags"]
        if flag in {"not_seen", "old_records", "behind", "below_min_version"}
    ]
    failed = row["devices_failed"]
    if failed:
        words = ", ".join(t(_DEVICE_WORDS[k]) if k in _DEVICE_WORDS else k for k in failed)
        flags.append(t("console.flag_devices_failed", devices=words))
    if row["audit_ok"] is False:
        flags.append(t("console.flag_audit"))
    if row["frozen"]:
        flags.append(t("console.flag_frozen"))
    if row["revoked"]:
        flags = [t("console.revoked")]
    unsent = row["unsent_records"]
    oldest = _when(row["oldest_unsent_at"])
    free = row["free_disk_bytes"]
    no_report = t("console.no_report")
    return {
        "device_id": row["device_id"][:_SHOWN_ID],
        "name": row["hostname"] or row["device_id"][:12],
        "version": row["fieldkit_version"] or no_report,
        "package": no_report if row["package_version"] is None else row["package_version"],
        "seen": _when(row["last_seen_at"]) or t("console.never"),
        "unsent": no_report
        if unsent is None
        else (
            t("console.unsent_since", count=unsent, since=oldest) if unsent and oldest else unsent
        ),
        "disk": no_report if free is None else t("console.disk_gb", size=f"{free / 1e9:.1f}"),
        "flags": flags or [t("console.flag_none")],
        "attention": bool(flags),
    }


def _fleet(store: Any) -> tuple[str | None, list[dict[str, Any]]]:
    """The office's name for the header, and one row per enrolled laptop."""
    office = Office(store)
    settings = office.settings()
    return settings["office_name"] or settings["office_code"], laptop_rows(office, STALE_DAYS)


def install_console(app: FastAPI, datacenter: DataCenter | None) -> None:  # noqa: C901 - the routes
    """The console's routes; none is in the OpenAPI spec, which is the laptops' API."""
    if datacenter is not None:
        app.state.console = Console(datacenter)

    @app.get("/static/console.css", include_in_schema=False)
    async def stylesheet(request: Request) -> Response:
        return Response(
            _console(request).css,
            media_type="text/css",
            headers={"Cache-Control": "max-age=3600", "X-Content-Type-Options": "nosniff"},
        )

    @app.get("/", include_in_schema=False)
    async def home(request: Request) -> Response:
        session = await _session(request)
        if session is None:
            return _to("/masuk")
        counts = await run_in_threadpool(home_counts, _console(request).datacenter.store)
        return _render(request, "home.html", session=session, current="home", counts=counts)

    @app.get("/laptop", include_in_schema=False)
    async def laptops(request: Request) -> Response:
        session = await _session(request)
        if session is None:
            return _to("/masuk")
        office_name, rows = await run_in_threadpool(_fleet, _console(request).datacenter.store)
        t = _words(language(request)[0])
        shown = [laptop_view(row, t) for row in rows]
        return _render(
            request,
            "laptops.html",
            session=session,
            current="laptops",
            laptops=shown,
            office_name=office_name,
        )

    @app.get("/masuk", include_in_schema=False)
    async def login_form(request: Request) -> Response:
        if await _session(request) is not None:
            return _to("/")
        message = "console.logged_out" if request.query_params.get("keluar") else None
        return _login_page(request, message=message)

    @app.post("/masuk", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await _form(request)
        if not same_token(form.get("csrf"), request.cookies.get(LOGIN_COOKIE)):
            return _refused(request, None)
        name = form.get("name", "").strip()[:64]
        password = form.get("password", "")
        console = _console(request)
        async with console.checking:
            result, account = await run_in_threadpool(console.accounts.login, name, password)
        if result is not LoginResult.OK or account is None:
            log.info("console: login refused (%s)", result.value)
            message = (
                "console.login_locked" if result is LoginResult.LOCKED else "console.login_wrong"
            )
            return _login_page(request, 401, message, name)
        token, _session_opened = await run_in_threadpool(console.sessions.open, account.name)
        response = _to("/")
        _cookie(response, SESSION_COOKIE, token)
        _forget(response, LOGIN_COOKIE)
        return response

    @app.post("/keluar", include_in_schema=False)
    async def logout(request: Request) -> Response:
        session = await _session(request)
        if session is None:
            return _to("/masuk")
        form = await _form(request)
        if not same_token(form.get("csrf"), session.csrf):
            return _refused(request, session)
        await run_in_threadpool(_console(request).sessions.close, request.cookies[SESSION_COOKIE])
        response = _to("/masuk?keluar=1")
        _forget(response, SESSION_COOKIE)
        return response
