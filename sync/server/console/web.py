"""The console's own routes: logging in and out and Beranda; then each screen's.

Server-rendered (Jinja2, autoescaped), no script, one stylesheet served from here.  The
laptops' signed headers open no page, and the ``/v1`` API never reads the cookie.  Every
POST carries a CSRF token: the session's own, or before a session the login form's (a
cookie and the same value in the form).  Every word on a page is a catalogue sentence
in Indonesian, or English when asked for.  What the screens share is in
:mod:`sync.server.console.pages`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fastapi import Request  # noqa: TC002 - FastAPI reads the routes' annotations at runtime
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from sync.server.accounts.book import LoginResult
from sync.server.console import (
    accounts_page,
    audit,
    cards,
    distribution,
    duplicates,
    graphs,
    laptops,
    officers,
    operations,
    records,
    records_export,
    trail,
)
from sync.server.console.home import home_counts, promise_counts
from sync.server.console.pages import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    Console,
    StrictTransport,
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

if TYPE_CHECKING:
    from fastapi import FastAPI

    from sync.server.intake.service import DataCenter

log = logging.getLogger(__name__)


def _login_page(
    request: Request, status: int = 200, message: str | None = None, name: str = ""
) -> HTMLResponse:
    """The login form with a fresh pre-session CSRF pair: a cookie and the same hidden field."""
    token = new_token()
    response = render(request, "login.html", status, csrf=token, message=message, name=name)
    set_cookie(response, LOGIN_COOKIE, token)
    return response


def install_console(app: FastAPI, datacenter: DataCenter | None) -> None:  # noqa: C901 - the routes
    """The console's routes; none is in the OpenAPI spec, which is the laptops' API."""
    if datacenter is not None:
        app.state.console = Console(datacenter)
    app.add_middleware(StrictTransport)

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
        store = console_of(request).datacenter.store
        counts = await run_in_threadpool(home_counts, store)
        due, promise_days = await run_in_threadpool(promise_counts, store)
        deciding = await run_in_threadpool(duplicates.waiting_count, console_of(request).datacenter)
        t = words(language(request)[0])
        attention = await run_in_threadpool(laptops.needing_attention, store, t)
        return render(
            request,
            "home.html",
            session=session,
            current="home",
            counts=counts,
            due=due,
            promise_days=promise_days,
            # Years are not counts: "2027", never "2.027".
            due_years=", ".join(str(y) for y in due.incomplete_years) or None,
            deciding=deciding,
            attention=attention,
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

    # Each further screen adds its routes: its module, once, in this tuple.
    screens = (
        laptops,
        accounts_page,
        officers,
        audit,
        operations,
        records,
        records_export,
        duplicates,
        trail,
        graphs,
        cards,
        distribution,
    )
    for screen in screens:
        screen.install(app)
