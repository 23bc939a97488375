"""The Laptop screen: the fleet, enrolling a new laptop with a one-time code, revoking one.

Who may do what.  Every console account sees the fleet (and Beranda's list of laptops
that need attention): watching the laptops is an operator's daily work.  Making an
enrollment code and revoking a laptop are for administrators alone, as the accounts
are: a code lets a new machine put records into the office's register, and a
revocation cannot be undone (the laptop must be enrolled again, and the records it
had not sent under its old key can no longer be accepted), so both are decisions about
whom the data center trusts, not daily work.  An operator sees the fleet and a
sentence saying so; a POST of either form from an operator is answered 403.

The code on its page (post/redirect/get).  The database keeps only the code's hash, as
``fieldkit-datacenter codes new`` leaves it.  Between the POST that makes the code and
the page that shows it, the code travels in a cookie of its own, sealed (AES-GCM) with
a key derived from the session's token: only that browser, while that session lives,
can have it shown again; the server keeps nothing, so any worker of ``serve --workers``
shows it; the cookie is sent to the code's page alone and ends after
:data:`SHOW_MINUTES`, at "Done" or at logout (the session's token is gone).  A copy of
the cookie jar without the session's live token is of no use.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import io
import ipaddress
import json
import logging
import re
import secrets
import time
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from fastapi import Request  # noqa: TC002 - FastAPI reads the routes' annotations at runtime
from fastapi.responses import Response
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool

from fieldkit.errors import InvalidInput
from fieldkit.numbers import Measure
from sync.bundle import EnrollmentBundle, group_fingerprint
from sync.protocol import ca_fingerprint
from sync.server.accounts.trail import write_audit
from sync.server.console import laptops_sentences as laptops_sentences  # noqa: PLC0414 - registers the screen's sentences
from sync.server.console.formats import moment_text
from sync.server.console.pages import (
    SESSION_COOKIE,
    admin_session,
    console_of,
    current_session,
    is_admin,
    language,
    posted_form,
    redirect,
    render,
    words,
)
from sync.server.intake.service import CODE_TTL_S, URL_FILE, issue_code
from sync.server.office.fleet import STALE_DAYS, laptop_rows
from sync.server.office.laptop_labels import MAX_NAME_CHARS, MAX_TEAM_CHARS, set_label
from sync.server.office.steering import Office
from sync.server.store.stamps import iso, parse_stamp

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from fastapi import FastAPI

    from sync.server.console.sessions import Session
    from sync.server.store.database import SqlStore

log = logging.getLogger(__name__)

#: How long the code's page shows the code after it was made.
SHOW_MINUTES = 30
CODE_COOKIE = "fieldkit_console_code"
CODE_PATH = "/laptop/kode"
#: ``fieldkit-datacenter codes new --ttl-hours`` defaults to a day; a week at most here.
DEFAULT_HOURS = CODE_TTL_S // 3600
MOST_HOURS = 7 * 24
REASON_MOST = 500
_URL_MOST = 200
_DEVICE_ID_MOST = 128
#: Far more than a sealed code and its address take; a longer cookie is not read.
_COOKIE_MOST = 1024
_COOKIE_PURPOSE = b"fieldkit console: an enrollment code being shown"

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
    return moment_text(when)


def laptop_view(row: dict[str, Any], t: Callable[..., str]) -> dict[str, Any]:
    """One row of ``fleet.laptop_rows`` in the page's words (never a code or English)."""
    flags = [
        t(f"console.flag_{flag}", days=STALE_DAYS)
        for flag in row["flags"]
        if flag
        in {
            "never_reported",
            "not_seen",
            "old_records",
            "behind",
            "below_min_version",
            "audit_findings",
        }
    ]
    failed = row["devices_failed"]
    if failed:
        names = ", ".join(t(_DEVICE_WORDS[k]) if k in _DEVICE_WORDS else k for k in failed)
        flags.append(t("console.flag_devices_failed", devices=names))
    if row["audit_ok"] is False:
        flags.append(t("console.flag_audit"))
    if row["frozen"]:
        flags.append(t("console.flag_frozen"))
    flags += _conflict_flags(row["officer_conflicts"], t)
    if row["revoked"]:
        flags = [t("console.revoked")]
    unsent = row["unsent_records"]
    oldest = _when(row["oldest_unsent_at"])
    free = row["free_disk_bytes"]
    no_report = t("console.no_report")
    return {
        "full_id": row["device_id"],
        "device_id": row["device_id"][:_SHOWN_ID],
        "name": row["name"],
        # The office's own name and team (empty until named), and the hostname beside them.
        "label": row["label"] or "",
        "team": row["team"],
        "hostname": row["hostname"] or "",
        "revoked": row["revoked"],
        "version": row["fieldkit_version"] or no_report,
        "package": no_report if row["package_version"] is None else row["package_version"],
        "seen": _when(row["last_seen_at"]) or t("console.never"),
        "unsent": no_report
        if unsent is None
        else (
            t("console.unsent_since", count=unsent, since=oldest) if unsent and oldest else unsent
        ),
        "disk": no_report if free is None else t("console.disk_gb", size=Measure(free / 1e9)),
        "flags": flags or [t("console.flag_none")],
        "attention": bool(flags),
    }


#: A laptop's reason for not applying an office's entry for an officer, by its words.
_CONFLICT_WORDS = {
    "laptop_own": "console.flag_officer_laptop_own",
    "last_admin": "console.flag_officer_last_admin",
}


def _conflict_flags(conflicts: list[dict[str, str]], t: Callable[..., str]) -> list[str]:
    """One flag per reason, naming the officers: the office's list and the laptop differ."""
    by_reason: dict[str, list[str]] = {}
    for conflict in conflicts:
        by_reason.setdefault(conflict["reason"], []).append(conflict["username"])
    flags = []
    for reason, names in sorted(by_reason.items()):
        officers = ", ".join(sorted(names))
        code = _CONFLICT_WORDS.get(reason)
        if code is None:  # a reason a newer laptop gives: said as it came
            flags.append(t("console.flag_officer_other", officers=officers, reason=reason))
        else:
            flags.append(t(code, officers=officers))
    return flags


def fleet(store: SqlStore) -> tuple[str | None, list[dict[str, Any]]]:
    """The office's name for the header, and one row per enrolled laptop."""
    office = Office(store)
    settings = office.settings()
    return settings["office_name"] or settings["office_code"], laptop_rows(office, STALE_DAYS)


def needing_attention(store: SqlStore, t: Callable[..., str]) -> list[dict[str, Any]]:
    """Beranda's list: the laptops still enrolled that have a reason to be looked at.

    The same rows and words as the Laptop page's; a revoked laptop is done with, so it
    is not listed (it would always be "not seen").
    """
    _office, rows = fleet(store)
    shown = [laptop_view(row, t) for row in rows if not row["revoked"]]
    return [view for view in shown if view["attention"]]


# --- the code being shown -------------------------------------------------------------


@dataclass(frozen=True)
class ShownCode:
    code: str
    url: str
    #: When the code itself stops working (the store's UTC stamp).
    expires_at: str
    #: When this page stops showing it (epoch seconds).
    shown_until: float


def _cookie_key(session_token: str) -> bytes:
    return hmac.new(
        session_token.encode("ascii", "replace"), _COOKIE_PURPOSE, hashlib.sha256
    ).digest()


def seal_shown(session_token: str, shown: ShownCode) -> str:
    """The cookie's value: the code and its address, readable with this session's token only."""
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_cookie_key(session_token)).encrypt(
        nonce, json.dumps(asdict(shown)).encode("utf-8"), _COOKIE_PURPOSE
    )
    return base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")


def open_shown(session_token: str | None, value: str | None, now: float) -> ShownCode | None:
    """The code to show, or None: no cookie, another session's, tampered with, or past its time."""
    if not session_token or not value or len(value) > _COOKIE_MOST:
        return None
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        plain = AESGCM(_cookie_key(session_token)).decrypt(raw[:12], raw[12:], _COOKIE_PURPOSE)
        shown = ShownCode(**json.loads(plain))
    except (binascii.Error, InvalidTag, ValueError, TypeError):
        return None
    return shown if shown.shown_until > now else None


def qr_svg(text: str, label: str) -> Markup:
    """The QR code of ``text`` as inline SVG (no ``data:`` image, no script: the CSP holds).

    Drawn by segno as ``codes new --bundle-out`` draws its PNG (error level M), black on
    white whatever the page's colours, with its quiet zone; its name is ``label``.
    """
    import segno  # noqa: PLC0415 - the server extra; only this page draws a QR code

    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=6,
        border=4,
        dark="#000",
        light="#fff",
        omitsize=True,
    )
    svg = out.getvalue().decode("ascii")
    named = f'<svg role="img" aria-label="{escape(label)}" focusable="false" '
    return Markup(svg.replace("<svg ", named, 1).strip())  # noqa: S704 - segno's own markup


# --- the address and the form -----------------------------------------------------------


def _local_host(host: str) -> bool:
    """An address a laptop cannot use: a wildcard (0.0.0.0, ::) or this host's loopback."""
    if host.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_unspecified or address.is_loopback


def default_url(data_dir: Path, asked_at: str) -> str:
    """The address to put in the bundle unless the office gives another.

    ``codes new`` takes the address ``serve`` last listened on (``DATA/url.txt``); that
    one first, as the service's own name for itself (its TLS certificate names that
    host).  When it is a wildcard or loopback address, which no laptop can use, the
    address this browser reached the console at (``asked_at``) is better, as it is
    known to work from the office's network; failing both, ``url.txt`` still.
    """
    try:
        remembered = (data_dir / URL_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        remembered = ""
    for url in (remembered, asked_at):
        host = urlsplit(url).hostname
        if url and host and not _local_host(host):
            return url
    return remembered or asked_at


_SPACE = re.compile(r"\s")


def clean_url(text: str) -> str | None:
    """The address as a laptop's enrollment takes it (https, a host, no path), else None."""
    url = text.strip().rstrip("/")
    if not url or len(url) > _URL_MOST or _SPACE.search(url):
        return None
    try:
        parts = urlsplit(url)
        _port = parts.port  # a port that is not a number raises here
    except ValueError:
        return None
    if parts.scheme != "https" or not parts.hostname:
        return None
    if parts.path or parts.query or parts.fragment or parts.username or parts.password:
        return None
    return url


def _hours(text: str) -> int | None:
    try:
        hours = int(text.strip())
    except ValueError:
        return None
    return hours if 1 <= hours <= MOST_HOURS else None


def _until(stamp: str) -> str:
    when = parse_stamp(stamp)
    return stamp if when is None else moment_text(when, zone=True)


def _fleet_page(
    request: Request,
    session: Session,
    status: int = 200,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    message: str | None = None,
    alert: str | None = None,
    rows: tuple[str | None, list[dict[str, Any]]],
) -> Response:
    office_name, laptops = rows
    t = words(language(request)[0])
    datacenter = console_of(request).datacenter
    given = form or {}
    return render(
        request,
        "laptops.html",
        status,
        session=session,
        current="laptops",
        laptops=[laptop_view(row, t) for row in laptops],
        office_name=office_name,
        admin=is_admin(session),
        hours=given.get("hours", str(DEFAULT_HOURS)),
        url=given.get("url")
        if "url" in given
        else default_url(datacenter.data_dir, str(request.base_url).rstrip("/")),
        most_hours=MOST_HOURS,
        errors=errors or {},
        message=message,
        alert=alert,
    )


def _laptop(store: SqlStore, device_id: str, t: Callable[..., str]) -> dict[str, Any] | None:
    """The fleet's row of one laptop, in words (its name as the table shows it)."""
    _office, rows = fleet(store)
    for row in rows:
        if row["device_id"] == device_id:
            return laptop_view(row, t)
    return None


async def laptops_page(request: Request) -> Response:
    session = await current_session(request)
    if session is None:
        return redirect("/masuk")
    rows = await run_in_threadpool(fleet, console_of(request).datacenter.store)
    t = words(language(request)[0])
    message = None
    if request.query_params.get("kode") == "habis":
        message = t("console_laptops.code_gone")
    revoked = request.query_params.get("dicabut", "")
    named = request.query_params.get("dinamai", "")
    for row in rows[1]:
        if named and row["device_id"] == named:
            view = laptop_view(row, t)
            message = t(
                "console_laptops.named_done", name=view["name"], device_id=view["device_id"]
            )
        if revoked and row["device_id"] == revoked and row["revoked"]:
            view = laptop_view(row, t)
            message = t(
                "console_laptops.revoked_done", name=view["name"], device_id=view["device_id"]
            )
    return _fleet_page(request, session, message=message, rows=rows)


async def make_code(request: Request) -> Response:
    """Issue a one-time code as ``codes new --bundle-out`` does, then show it on its page."""
    posted = await posted_form(request, admins_only=True)
    if not isinstance(posted, tuple):
        return posted
    session, form = posted
    t = words(language(request)[0])
    hours, url = _hours(form.get("hours", "")), clean_url(form.get("url", ""))
    errors = {}
    if hours is None:
        errors["hours"] = t("console_laptops.bad_ttl", most=MOST_HOURS)
    if url is None:
        errors["url"] = t("console_laptops.bad_url")
    datacenter = console_of(request).datacenter
    if hours is None or url is None:
        rows = await run_in_threadpool(fleet, datacenter.store)
        alert = t("console_laptops.form_errors")
        return _fleet_page(request, session, 400, form=form, errors=errors, alert=alert, rows=rows)
    now = time.time()
    code = await run_in_threadpool(issue_code, datacenter.store, now, hours * 3600)
    await run_in_threadpool(
        _audit, datacenter.store, session.account, "laptop_code_issued", f"{hours} h"
    )
    shown = ShownCode(
        code=code,
        url=url,
        expires_at=iso(now + hours * 3600),
        shown_until=now + SHOW_MINUTES * 60,
    )
    response = redirect(CODE_PATH)
    response.set_cookie(
        CODE_COOKIE,
        seal_shown(request.cookies[SESSION_COOKIE], shown),
        max_age=SHOW_MINUTES * 60,
        path=CODE_PATH,
        secure=True,
        httponly=True,
        samesite="strict",
    )
    return response


async def code_page(request: Request) -> Response:
    session = await admin_session(request)
    if isinstance(session, Response):
        return session
    shown = open_shown(
        request.cookies.get(SESSION_COOKIE), request.cookies.get(CODE_COOKIE), time.time()
    )
    if shown is None:
        return redirect("/laptop?kode=habis")
    t = words(language(request)[0])
    fingerprint = ca_fingerprint(console_of(request).datacenter.keys.ca_pem)
    bundle = EnrollmentBundle(url=shown.url, code=shown.code, ca_fingerprint=fingerprint)
    return render(
        request,
        "laptop_code.html",
        session=session,
        current="laptops",
        code=shown.code,
        url=shown.url,
        until=_until(shown.expires_at),
        fingerprint=group_fingerprint(fingerprint),
        qr=qr_svg(bundle.text(), t("console_laptops.qr_label")),
        command=f"fieldkit sync enroll {shown.url} {shown.code} --ca-fingerprint {fingerprint}",
        minutes=SHOW_MINUTES,
    )


async def code_done(request: Request) -> Response:
    """The "Done" button: the code's cookie is dropped, so the page shows it no more."""
    posted = await posted_form(request)
    if not isinstance(posted, tuple):
        return posted
    response = redirect("/laptop")
    response.delete_cookie(
        CODE_COOKIE, path=CODE_PATH, secure=True, httponly=True, samesite="strict"
    )
    return response


async def _revocable(
    request: Request, session: Session, device_id: str
) -> dict[str, Any] | Response:
    """The laptop to revoke, or the page that says why it cannot be (unknown, revoked)."""
    t = words(language(request)[0])
    store = console_of(request).datacenter.store
    too_long = len(device_id) > _DEVICE_ID_MOST
    device = None if too_long else await run_in_threadpool(store.device, device_id)
    if device is None:
        message = t("console_laptops.unknown_laptop")
        return render(
            request, "laptop_refused.html", 404, session=session, current="laptops", message=message
        )
    if device.revoked_at is not None:
        message = t("console_laptops.already_revoked", when=_when(device.revoked_at))
        return render(
            request, "laptop_refused.html", 409, session=session, current="laptops", message=message
        )
    laptop = await run_in_threadpool(_laptop, store, device_id, t)
    return laptop if laptop is not None else redirect("/laptop")


def _revoke_page(
    request: Request,
    session: Session,
    laptop: dict[str, Any],
    status: int = 200,
    *,
    reason: str = "",
    error: str | None = None,
) -> Response:
    return render(
        request,
        "laptop_revoke.html",
        status,
        session=session,
        current="laptops",
        laptop=laptop,
        reason=reason,
        error=error,
        most=REASON_MOST,
    )


async def revoke_form(request: Request, device_id: str) -> Response:
    session = await admin_session(request)
    if isinstance(session, Response):
        return session
    laptop = await _revocable(request, session, device_id)
    if not isinstance(laptop, dict):
        return laptop
    return _revoke_page(request, session, laptop)


async def revoke(request: Request, device_id: str) -> Response:
    """Revoke as ``fieldkit-datacenter devices revoke`` does, with the reason required."""
    posted = await posted_form(request, admins_only=True)
    if not isinstance(posted, tuple):
        return posted
    session, form = posted
    laptop = await _revocable(request, session, device_id)
    if not isinstance(laptop, dict):
        return laptop
    t = words(language(request)[0])
    given = form.get("reason", "")
    reason = " ".join(given.split())
    error = None
    if not reason:
        error = t("console_laptops.reason_missing")
    elif len(reason) > REASON_MOST:
        error = t("console_laptops.reason_long", most=REASON_MOST)
    if error is not None:
        kept = given[: REASON_MOST * 2]
        return _revoke_page(request, session, laptop, 400, reason=kept, error=error)
    store = console_of(request).datacenter.store
    await run_in_threadpool(store.revoke, device_id, reason, iso(time.time()))
    await run_in_threadpool(_audit, store, session.account, "laptop_revoked", device_id)
    return redirect("/laptop?" + urlencode({"dicabut": device_id}))


def _name_page(
    request: Request,
    session: Session,
    laptop: dict[str, Any],
    status: int = 200,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    return render(
        request,
        "laptop_name.html",
        status,
        session=session,
        current="laptops",
        laptop=laptop,
        form=form or {"name": laptop["label"], "team": laptop["team"]},
        errors=errors or {},
        most_name=MAX_NAME_CHARS,
        most_team=MAX_TEAM_CHARS,
    )


async def name_form(request: Request, device_id: str) -> Response:
    session = await admin_session(request)
    if isinstance(session, Response):
        return session
    laptop = await _revocable(request, session, device_id)
    if not isinstance(laptop, dict):
        return laptop
    return _name_page(request, session, laptop)


#: A refusal of :func:`set_label` (its code) as the box it belongs to and its words here.
_NAME_FIELD = {
    "laptop_name_empty": ("name", "console_laptops.name_empty"),
    "laptop_name_too_long": ("name", "console_laptops.name_too_long"),
    "laptop_name_invalid": ("name", "console_laptops.name_invalid"),
    "laptop_name_taken": ("name", "console_laptops.name_taken"),
    "laptop_team_too_long": ("team", "console_laptops.team_too_long"),
    "laptop_team_invalid": ("team", "console_laptops.team_invalid"),
}


async def name_laptop(request: Request, device_id: str) -> Response:
    """Name a laptop as ``laptops name`` does: the office's name and team, audited."""
    posted = await posted_form(request, admins_only=True)
    if not isinstance(posted, tuple):
        return posted
    session, form = posted
    laptop = await _revocable(request, session, device_id)
    if not isinstance(laptop, dict):
        return laptop
    given = {"name": form.get("name", "")[:200], "team": form.get("team", "")[:200]}
    store = console_of(request).datacenter.store
    try:
        await run_in_threadpool(
            functools.partial(
                set_label, store, device_id, given["name"], given["team"], actor=session.account
            )
        )
    except InvalidInput as refused:
        field, code = _NAME_FIELD[refused.code]
        t = words(language(request)[0])
        errors = {field: t(code, **refused.params)}
        return _name_page(request, session, laptop, 400, form=given, errors=errors)
    return redirect("/laptop?" + urlencode({"dinamai": device_id}))


def _audit(store: SqlStore, actor: str, action: str, detail: str) -> None:
    """A line of ``console_audit`` under the acting account (never the code itself).

    Issuing a code and revoking a laptop decide whom the data center trusts, so the
    office can later read who did it, as it can for a change to an account.
    """
    with store.writing() as conn:
        write_audit(conn, time.time(), actor=actor, action=action, account=actor, detail=detail)


def install(app: FastAPI) -> None:
    """The Laptop screen's routes: the fleet, the code's form and page, revoking, naming."""
    routes: list[tuple[str, Callable[..., Any], str]] = [
        ("/laptop", laptops_page, "GET"),
        (CODE_PATH, make_code, "POST"),
        (CODE_PATH, code_page, "GET"),
        (CODE_PATH + "/selesai", code_done, "POST"),
        ("/laptop/{device_id}/cabut", revoke_form, "GET"),
        ("/laptop/{device_id}/cabut", revoke, "POST"),
        ("/laptop/{device_id}/nama", name_form, "GET"),
        ("/laptop/{device_id}/nama", name_laptop, "POST"),
    ]
    for path, endpoint, method in routes:
        app.add_api_route(path, endpoint, methods=[method], include_in_schema=False)
