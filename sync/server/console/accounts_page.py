"""Akun (``/akun``): the office's console accounts, managed in the browser by an administrator.

The same :class:`~sync.server.accounts.book.Accounts` as ``fieldkit-datacenter users``
does the work, so the rules are one: a name as the laptops' usernames, a password of at
least 12 characters hashed with Argon2id, the two roles, no administrator disabling
themself or the last active administrator, a disabled account's sessions ended at once,
and every change written to ``console_audit`` with the acting account's name.

Administrators only, every route, GET and POST: an account manager can make themself
any account, so an operator may not even see the list (who exists, who is locked) and
is answered with :func:`~sync.server.console.pages.forbidden`.  The nav hides the
screen from operators; these routes refuse them whatever they type.

Each change is a form (its CSRF token checked), answered with a redirect to the list
and its result said there; a refusal is answered with the same form again, the message
at the field that caused it, nothing changed and no password sent back.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from fastapi import Request  # noqa: TC002 - FastAPI reads the routes' annotations at runtime
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from fieldkit.errors import InvalidInput
from fieldkit.officers import check_username
from sync.server.accounts.book import (
    MAX_PASSWORD_CHARS,
    MIN_PASSWORD_CHARS,
    Account,
    State,
    check_password,
)
from sync.server.accounts.roles import Actor, Role, parse_role
from sync.server.console import accounts_sentences  # noqa: F401 - registers the words
from sync.server.console.formats import moment_text
from sync.server.console.pages import (
    SESSION_COOKIE,
    admin_session,
    console_of,
    forget_cookie,
    language,
    posted_form,
    redirect,
    render,
    words,
)
from sync.server.store.stamps import parse_stamp

if TYPE_CHECKING:
    from collections.abc import Callable

    from fastapi import FastAPI

    from sync.server.console.sessions import Session

log = logging.getLogger(__name__)

PATH = "/akun"
OK = 200
#: What the list says after a change (``?selesai=…&akun=NAME``), by the change's word.
_DONE = {
    "tambah": "console_accounts.added",
    "sandi": "console_accounts.password_set",
    "nonaktif": "console_accounts.disabled",
    "buka": "console_accounts.unlocked",
}
#: A refusal of :class:`Accounts` (its code) as the field it belongs to and its words here.
_FIELD_OF = {
    "username_invalid": ("name", "console_accounts.err_name"),
    "console_account_exists": ("name", "console_accounts.err_exists"),
    "console_role_unknown": ("role", "console_accounts.err_role"),
    "console_password_too_short": ("password", "console_accounts.err_short"),
    "console_password_too_long": ("password", "console_accounts.err_long"),
}
_LIMITS = {"min": MIN_PASSWORD_CHARS, "max": MAX_PASSWORD_CHARS}


def _local(when: dt.datetime) -> str:
    return moment_text(when)


def account_view(account: Account, you: str, t: Callable[..., str]) -> dict[str, Any]:
    """One account as the list shows it, in the page's words."""
    now = dt.datetime.now(dt.UTC)
    locked = account.locked_until
    locked_until = (
        _local(dt.datetime.fromtimestamp(locked, dt.UTC))
        if locked is not None and locked > now.timestamp()
        else None
    )
    last = parse_stamp(account.last_login_at)
    active = account.state is State.ACTIVE
    return {
        "name": account.name,
        "you": account.name == you,
        "role": t(f"console.role_{account.role.value}"),
        "active": active,
        "state": t(f"console_accounts.state_{account.state.value}"),
        "locked": locked_until or t("console_accounts.not_locked"),
        "is_locked": locked_until is not None,
        "last_login": _local(last)
        if last
        else (account.last_login_at or t("console_accounts.never")),
        "may_disable": active and account.name != you,
    }


def _field_errors(
    codes: dict[str, tuple[str, dict[str, object]]], t: Callable[..., str]
) -> dict[str, str]:
    return {field: t(code, **params) for field, (code, params) in codes.items()}


def _refusal_of(refused: InvalidInput) -> tuple[str, tuple[str, dict[str, object]]]:
    """The field and words of a refusal of :class:`Accounts` (raised again if none fits)."""
    found = _FIELD_OF.get(refused.code)
    if found is None:
        raise refused
    field, code = found
    return field, (code, {**refused.params, **_LIMITS})


def check_new_account(form: dict[str, str]) -> dict[str, tuple[str, dict[str, object]]]:
    """Every field's refusal at once, by the accounts' own rules (:mod:`accounts`)."""
    problems: dict[str, tuple[str, dict[str, object]]] = {}
    checks: tuple[tuple[str, Callable[[str], object], str], ...] = (
        ("name", check_username, form.get("name", "").strip()),
        ("role", parse_role, form.get("role", "")),
        ("password", check_password, form.get("password", "")),
    )
    for field, check, given in checks:
        try:
            check(given)
        except InvalidInput as refused:
            problems[field] = _refusal_of(refused)[1]
    problems.update(_mismatch(form))
    return problems


def _mismatch(form: dict[str, str]) -> dict[str, tuple[str, dict[str, object]]]:
    if "password" not in form or form.get("password") == form.get("password_again"):
        return {}
    return {"password_again": ("console_accounts.err_differ", {})}


def check_new_password(form: dict[str, str]) -> dict[str, tuple[str, dict[str, object]]]:
    problems: dict[str, tuple[str, dict[str, object]]] = {}
    try:
        check_password(form.get("password", ""))
    except InvalidInput as refused:
        problems["password"] = _refusal_of(refused)[1]
    problems.update(_mismatch(form))
    return problems


async def _listing(
    request: Request,
    session: Session,
    status: int = OK,
    *,
    alert: str | None = None,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    t = words(language(request)[0])
    accounts = await run_in_threadpool(console_of(request).accounts.list)
    done = None
    kind, name = request.query_params.get("selesai"), request.query_params.get("akun")
    shown = {a.name: a for a in accounts}
    if status == OK and kind in _DONE and name in shown:
        role = t(f"console.role_{shown[name].role.value}")
        done = t(_DONE[kind], name=name, role=role)
    return render(
        request,
        "accounts.html",
        status,
        session=session,
        current="accounts",
        accounts=[account_view(a, session.account, t) for a in accounts],
        done=done,
        alert=alert,
        form=form or {"name": "", "role": Role.OPERATOR.value},
        errors=errors or {},
        min_chars=MIN_PASSWORD_CHARS,
        max_chars=MAX_PASSWORD_CHARS,
    )


async def _the_account(request: Request, session: Session, name: str) -> Account | Response:
    """The account named in the path, or the list saying there is none (404)."""
    account = await run_in_threadpool(console_of(request).accounts.get, name)
    if account is None:
        t = words(language(request)[0])
        alert = t("console_accounts.err_unknown", name=name[:64])
        return await _listing(request, session, 404, alert=alert)
    return account


async def accounts_list(request: Request) -> Response:
    session = await admin_session(request)
    if isinstance(session, Response):
        return session
    return await _listing(request, session)


async def add_account(request: Request) -> Response:
    given = await posted_form(request, admins_only=True)
    if isinstance(given, Response):
        return given
    session, form = given
    t = words(language(request)[0])
    name = form.get("name", "").strip()
    kept = {"name": name[:64], "role": form.get("role", "")}
    problems = check_new_account(form)
    if not problems:
        console = console_of(request)
        try:
            async with console.checking:  # hashing takes 64 MiB: a few at once
                await run_in_threadpool(
                    console.accounts.add,
                    name,
                    form["role"],
                    form["password"],
                    by=Actor(session.account, session.role),
                )
        except InvalidInput as refused:
            field, problem = _refusal_of(refused)
            problems[field] = problem
    if problems:
        return await _listing(
            request,
            session,
            400,
            alert=t("console_accounts.not_added"),
            form=kept,
            errors=_field_errors(problems, t),
        )
    return redirect(f"{PATH}?selesai=tambah&akun={name}")


async def password_form(request: Request, name: str) -> Response:
    session = await admin_session(request)
    if isinstance(session, Response):
        return session
    account = await _the_account(request, session, name)
    if isinstance(account, Response):
        return account
    return _password_page(request, session, account)


async def set_password(request: Request, name: str) -> Response:
    given = await posted_form(request, admins_only=True)
    if isinstance(given, Response):
        return given
    session, form = given
    account = await _the_account(request, session, name)
    if isinstance(account, Response):
        return account
    problems = check_new_password(form)
    if problems:
        t = words(language(request)[0])
        return _password_page(request, session, account, 400, _field_errors(problems, t))
    console = console_of(request)
    async with console.checking:
        await run_in_threadpool(
            console.accounts.set_password,
            account.name,
            form["password"],
            by=Actor(session.account, session.role),
        )
    if account.name == session.account:  # its own sessions ended, this one too
        response = redirect("/masuk")
        forget_cookie(response, SESSION_COOKIE)
        return response
    return redirect(f"{PATH}?selesai=sandi&akun={account.name}")


async def disable_form(request: Request, name: str) -> Response:
    session = await admin_session(request)
    if isinstance(session, Response):
        return session
    account = await _the_account(request, session, name)
    if isinstance(account, Response):
        return account
    refusal = _disable_refusal(account, session, words(language(request)[0]))
    if refusal is not None:
        return await _listing(request, session, 409, alert=refusal)
    return render(
        request, "accounts_disable.html", session=session, current="accounts", account=account
    )


async def disable(request: Request, name: str) -> Response:
    given = await posted_form(request, admins_only=True)
    if isinstance(given, Response):
        return given
    session, _form = given
    account = await _the_account(request, session, name)
    if isinstance(account, Response):
        return account
    t = words(language(request)[0])
    said = _disable_refusal(account, session, t)
    if said is None:
        try:
            await run_in_threadpool(
                console_of(request).accounts.disable,
                account.name,
                by=Actor(session.account, session.role),
            )
        except InvalidInput as refused:
            if refused.code != "console_last_admin":
                raise
            said = t("console_accounts.err_last_admin", name=account.name)
    if said is not None:
        return await _listing(request, session, 409, alert=said)
    return redirect(f"{PATH}?selesai=nonaktif&akun={account.name}")


async def unlock(request: Request, name: str) -> Response:
    """The list's "Unlock" button: a locked account may log in again at once."""
    given = await posted_form(request, admins_only=True)
    if isinstance(given, Response):
        return given
    session, _form = given
    account = await _the_account(request, session, name)
    if isinstance(account, Response):
        return account
    try:
        await run_in_threadpool(
            console_of(request).accounts.unlock,
            account.name,
            by=Actor(session.account, session.role),
        )
    except InvalidInput as refused:
        if refused.code != "console_account_not_locked":
            raise
        t = words(language(request)[0])
        alert = t("console_accounts.err_not_locked", name=account.name)
        return await _listing(request, session, 409, alert=alert)
    return redirect(f"{PATH}?selesai=buka&akun={account.name}")


def install(app: FastAPI) -> None:
    """Akun's routes: the list and the add form, a new password, disabling and unlocking."""
    app.get(PATH, include_in_schema=False)(accounts_list)
    app.post(PATH + "/tambah", include_in_schema=False)(add_account)
    app.get(PATH + "/{name}/sandi", include_in_schema=False)(password_form)
    app.post(PATH + "/{name}/sandi", include_in_schema=False)(set_password)
    app.get(PATH + "/{name}/nonaktifkan", include_in_schema=False)(disable_form)
    app.post(PATH + "/{name}/nonaktifkan", include_in_schema=False)(disable)
    app.post(PATH + "/{name}/buka-kunci", include_in_schema=False)(unlock)


def _disable_refusal(account: Account, session: Session, t: Callable[..., str]) -> str | None:
    """Why this account cannot be disabled from this session, before asking :class:`Accounts`.

    Disabling oneself is refused by :meth:`Accounts.disable` too; here it is said before
    the confirmation is even shown.  The last active administrator is left to it.
    """
    if account.name == session.account:
        return t("console_accounts.err_self")
    if account.state is not State.ACTIVE:
        return t("console_accounts.err_disabled", name=account.name)
    return None


def _password_page(
    request: Request,
    session: Session,
    account: Account,
    status: int = 200,
    errors: dict[str, str] | None = None,
) -> Response:
    return render(
        request,
        "accounts_password.html",
        status,
        session=session,
        current="accounts",
        account=account,
        own=account.name == session.account,
        errors=errors or {},
        min_chars=MIN_PASSWORD_CHARS,
        max_chars=MAX_PASSWORD_CHARS,
    )
