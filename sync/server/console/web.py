"""The console's own routes: logging in and out, Beranda and Laptop; then each screen's.

Server-rendered (Jinja2, autoescaped), no script, one stylesheet served from here.  The
laptops' signed headers open no page, and the ``/v1`` API never reads the cookie.  Every
POST carries a CSRF token: the session's own, or before a session the login form's (a
cookie and the same value in the form).  Every word on a page is a catalogue sentence
in Indonesian, or English when asked for.  What the screens share is in
:mod:`sync.server.console.pages`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from fastapi import Request  # noqa: TC002 - FastAPI reads the routes' annotations at runtime
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from sync.server.console import records
from sync.server.console.accounts import LoginResult
from sync.server.console.home import home_counts
from sync.server.console.pages import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    Console,
    console_of,
    current_session,
    forget_cookie,
    language,
    read_form,
    redirect,
    refused,
    render,
    set_cookie,
    words,
)
from sync.server.console.sessions import new_token, same_token
from sync.server.fleet import STALE_DAYS, laptop_rows, parse_stamp
from sync.server.office import Office

if TYPE_CHECKING:
    from collections.abc import Callable

    from fastapi import FastAPI

    from sync.server.service import DataCenter

log = logging.getLogger(__name__)


def _login_page(
    request: Request, status: int = 200, message: str | None = None, name: str = ""
) -> HTMLResponse:
    """The login form with a fresh pre-session CSRF pair: a cookie and the same hidden field."""
    token = new_token()
    response = render(request, "login.html", status, csrf=token, message=message, name=name)
    set_cookie(response, LOGIN_COOKIE, token)
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
        names = ", ".join(t(_DEVICE_WORDS[k]) if k in _DEVICE_WORDS else k for k in failed)
        flags.append(t("console.flag_devices_failed", devices=names))
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
            console_of(request).css,
            media_type="text/css",
            headers={"Cache-Control": "max-age=3600", "X-Content-Type-Options": "nosniff"},
        )

    @app.get("/", include_in_schema=False)
    async def home(request: Request) -> Response:
        session = await current_session(request)
        if session is None:
            return redirect("/masuk")
        counts = await run_in_threadpool(home_counts, console_of(request).datacenter.store)
        return render(request, "home.html", session=session, current="home", counts=counts)

    @app.get("/laptop", include_in_schema=False)
    async def laptops(request: Request) -> Response:
        session = await current_session(request)
        if session is None:
            return redirect("/masuk")
        office_name, rows = await run_in_threadpool(_fleet, console_of(request).datacenter.store)
        t = words(language(request)[0])
        shown = [laptop_view(row, t) for row in rows]
        return render(
            request,
            "laptops.html",
            session=session,
            current="laptops",
            laptops=shown,
            office_name=office_name,
        )

    @app.get("/masuk", include_in_schema=False)
    async def login_form(request: Request) -> Response:
        if await current_session(request) is not None:
            return redirect("/")
        message = "console.logged_out" if request.query_params.get("keluar") else None
        return _login_page(request, message=message)

    @app.post("/masuk", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await read_form(request)
        if not same_token(form.get("csrf"), request.cookies.get(LOGIN_COOKIE)):
            return refused(request, None)
        name = form.get("name", "").strip()[:64]
        password = form.get("password", "")
        console = console_of(request)
        async with console.checking:
            result, account = await run_in_threadpool(console.accounts.login, name, password)
        if result is not LoginResult.OK or account is None:
            log.info("console: login refused (%s)", result.value)
            message = (
                "console.login_locked" if result is LoginResult.LOCKED else "console.login_wrong"
            )
            return _login_page(request, 401, message, name)
        token, _session_opened = await run_in_threadpool(console.sessions.open, account.name)
        response = redirect("/")
        set_cookie(response, SESSION_COOKIE, token)
        forget_cookie(response, LOGIN_COOKIE)
        return response

    @app.post("/keluar", include_in_schema=False)
    async def logout(request: Request) -> Response:
        session = await current_session(request)
        if session is None:
            return redirect("/masuk")
        form = await read_form(request)
        if not same_token(form.get("csrf"), session.csrf):
            return refused(request, session)
        await run_in_threadpool(console_of(request).sessions.close, request.cookies[SESSION_COOKIE])
        response = redirect("/masuk?keluar=1")
        forget_cookie(response, SESSION_COOKIE)
        return response

    # Each further screen adds its routes here, one line each: ``<screen>.install(app)``.
    records.install(app)
