"""Petugas & aturan (``/petugas``): the office package's editor, in the browser.

Three pages share one sub-menu: the officers (``/petugas``), the office's identity and
rules (``/petugas/aturan``), and the minimum version, the offered update and the
package version each laptop last applied (``/petugas/versi``).  Every change goes
through :class:`sync.server.office.steering.Office`, the methods and checks behind
``fieldkit-datacenter officers|office|rules|release set``: a refusal here is the CLI's
refusal, said in the page's language from its error code, at the field that caused it.
Each change raises the package version the laptops receive on their next sync (HTTPS
or stick), and writes one ``console_audit`` line with the account's name in the
change's own transaction (:func:`audited_office`).

Who may do what.  Everyone logged in sees all three pages: nothing here is an enrolled
person's data (the officers are the office's own staff, and a first-login code is shown
once, to whoever made it).  An **operator** runs the teams day to day, so may add an
officer who joins, give a new first-login code to one who lost hers, and disable one who
leaves or whose laptop is lost: disabling only takes access away and must not wait for
an administrator.  An operator gives the field roles only (petugas, ketua tim,
operator): the laptop's admin role manages officers and settings on every laptop, so
only an **administrator** makes one, gives one a new first-login code or enables one
again (:class:`sync.server.office.officer_book.AdminOfficerRefused`, the rule the CLI keeps too; the
refusal is said in words and written to ``console_audit`` as ``<action>_refused``).
Enabling a disabled officer again reverses a decision to take access away; the office's
code and name, the rules and the minimum version change what every laptop of the fleet
does (a wrong office code makes every laptop refuse its package, a minimum version set
too high stops the fleet, a threshold changes what is recorded).  Those are the
administrators' alone; an operator's POST is answered 403, in words.

The one-time code is shown in the answer to the POST that made it, never behind a
redirect: it must not sit in a URL, the browser's history or any store.  Every other
change answers with a 303 to the page, whose ``?hasil=`` names the result.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fastapi import Request  # noqa: TC002 - FastAPI reads the routes' annotations at runtime
from starlette.concurrency import run_in_threadpool

from fieldkit import laptop_defaults
from fieldkit.enrollment import consent_words
from fieldkit.enrollment.autocapture_rule import DEFAULT_STEADY_S, STEADY_RANGE_S
from fieldkit.errors import InvalidInput
from fieldkit.numbers import MEGABYTE, Measure
from fieldkit.officers import MAX_NAME_LENGTH, MAX_RANK_LENGTH
from fieldkit.officers import Role as OfficerRole
from fieldkit.quality.policy import DEFAULT_MAX_ATTEMPTS
from fieldkit.quality.result import PASS_MARKS
from fieldkit.reports.letter_numbers import DEFAULT_PATTERN
from sync.server import catalogue
from sync.server.accounts.roles import Actor
from sync.server.console import officers_sentences
from sync.server.console.formats import day_text
from sync.server.console.officers_rules import (
    CONSENT,
    CONSENT_WAS,
    LETTERHEAD,
    MODALITIES,
    SWITCHES,
    NotANumber,
    changed_rules,
    number,
    rule_values,
)
from sync.server.console.pages import (
    console_of,
    current_session,
    forbidden,
    is_admin,
    language,
    posted_form,
    redirect,
    render,
    words,
)
from sync.server.office.codes import CODE_TTL
from sync.server.office.core import check_zone
from sync.server.office.fleet import STALE_DAYS, laptop_rows
from sync.server.office.laptop_labels import labels
from sync.server.office.officer_book import AdminOfficerRefused
from sync.server.office.releases import current_offer
from sync.server.office.rules import IDLE_LOCK_RANGE, MAX_ATTEMPTS_LIMIT, THRESHOLD_MAX
from sync.server.office.steering import Office, audited_office
from sync.server.store.stamps import (
    OfficeZone,
    office_time,
    office_today,
    parse_zone,
    zone_of_office,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from fastapi import FastAPI
    from fastapi.responses import Response

    from sync.server.console.sessions import Session
    from sync.server.store.database import SqlStore

log = logging.getLogger(__name__)

__all__ = ["officers_sentences"]

#: The context of this screen's sentences (``pages.words`` reads it from a code).
CONTEXT = "console_officers"
#: ``console_audit.account`` of a change to the office's settings rather than to an officer.
OFFICE_SUBJECT = "office"
#: The roles an operator may give; the laptop's admin role is the administrators' to give.
FIELD_ROLES = (OfficerRole.PETUGAS, OfficerRole.KETUA_TIM, OfficerRole.OPERATOR)
_MAXLETTERHEAD_TEXT = 200
_MAX_PATTERN_TEXT = 120
_MAX_VERSION_TEXT = 40
_SHOWN_ID = 16
#: The results a ``?hasil=`` names, each with its sentence.
_RESULTS = {
    "nonaktif": "console_officers.result_disabled",
    "kantor": "console_officers.result_office",
    "aturan": "console_officers.result_rules",
    "versi": "console_officers.result_min_version",
}

#: An act refused to the account's role (the answer's status, as :func:`forbidden`'s).
FORBIDDEN = 403
# Which field of a form an error code of Office's checks is about.
_OFFICER_FIELDS = {
    "datacenter_officer_admin_only": "role",
    "username_invalid": "username",
    "datacenter_officer_exists": "username",
    "officer_name_required": "full_name",
    "officer_name_too_long": "full_name",
    "role_unknown": "role",
    "nip_length": "nip",
    "nip_invalid": "nip",
    "rank_too_long": "rank",
}
_RULE_FIELDS = {
    "office_code_format": "office_code",
    "office_code_unknown": "office_code",
    "attempts_range": "max_attempts",
    "freeze_days_too_small": "freeze_days",
    "freeze_waiting_too_small": "freeze_max_waiting",
    "idle_lock_range": "idle_lock_minutes",
    "autocapture_steady_range": "autocapture_steady_s",
    "letter_pattern_invalid": "number_pattern",
    "letter_pattern_field": "number_pattern",
    "datacenter_letterhead_invalid": "head_name",
    "nip_length": "head_nip",
    "nip_invalid": "head_nip",
    "datacenter_version_invalid": "min_version",
    "datacenter_consent_text_too_long": CONSENT,
    "datacenter_consent_text_character": CONSENT,
}
#: Refusals whose params are decimals (a KnownError's params are English text, "0.2"):
#: written again the page's way, "0,2" (issue 47, finding 11).
_DECIMAL_PARAMS = {"autocapture_steady_range": ("low", "high")}
#: Refusals whose params are counts: grouped the page's way again, "2.000".
_COUNT_PARAMS = {"datacenter_consent_text_too_long": ("length", "max")}
#: A consent text typed is kept to show again when refused: the cap and some room to see
#: that it was too long, not the letterhead's 200 characters.
_MAX_TYPED_CONSENT = 2 * consent_words.MAX_CHARS


@dataclass
class Refusal:
    """A refused form: the field that caused it (None: the form as a whole) and why."""

    field: str | None
    message: str


@dataclass
class FormState:
    """What a form shows: the values typed (or the current ones), and a refusal if any."""

    values: dict[str, str] = field(default_factory=dict)
    refusal: Refusal | None = None

    def error(self, name: str) -> str | None:
        return self.refusal.message if self.refusal and self.refusal.field == name else None


def refusal_of(error: InvalidInput, lang: str, fields: dict[str, str]) -> Refusal:
    """Office's refusal in the page's language, from its code, at its field."""
    params: dict[str, object] = dict(error.params)
    for param in _DECIMAL_PARAMS.get(error.code, ()):
        with contextlib.suppress(KeyError, ValueError):
            params[param] = number(float(error.params[param]), lang)
    for param in _COUNT_PARAMS.get(error.code, ()):
        with contextlib.suppress(KeyError, ValueError):
            params[param] = int(error.params[param])  # catalogue.text groups a whole number
    message = catalogue.text(lang, error.code, params, context=error.context)
    name = fields.get(error.code)
    if error.code == "threshold_range":
        name = f"threshold_{error.params.get('modality', '')}"
    if error.code == "package_malformed":  # the laptop's refusal, naming the package's field
        name = package_field(str(error.params.get("field", "")))
    return Refusal(name, message)


def package_field(where: str) -> str:
    """The form field of a package field the laptop refused (``rules.freeze_days`` etc.)."""
    parts = where.split(".")
    if len(parts) > 2 and parts[-2] == "thresholds":  # noqa: PLR2004 - rules.thresholds.<m>
        return f"threshold_{parts[-1]}"
    last = parts[-1].split("[", 1)[0]
    return {"letterhead": "head_name"}.get(last, last)


# --- reading ---------------------------------------------------------------------------


def _expiry(first_login: dict[str, Any] | None) -> dt.date | None:
    if not first_login:
        return None
    try:
        return office_time(dt.datetime.fromisoformat(str(first_login["expires_at"]))).date()
    except (KeyError, ValueError):
        return None


def _used_day(moment: str) -> str:
    try:
        return day_text(office_time(dt.datetime.fromisoformat(moment)).date())
    except ValueError:
        return moment[:10]


def officer_rows(office: Office) -> list[dict[str, Any]]:
    """Each officer as the list shows them: never the first-login hash, only its expiry."""
    today = office_today()
    used = office.first_logins_used()
    # A laptop as the Versions & laptops page names it: its label, else its host name
    # (read only when a code was used somewhere: the list is read on every visit).
    names: dict[str, str] = {}
    if used:
        names = {d: str(r.get("hostname") or d) for d, r in office.health().items()}
        names.update({device: label.name for device, label in labels(office.store).items()})
    rows = []
    for officer in office.officers():
        expires = _expiry(officer["first_login"])
        where = used.get(officer["username"])
        if officer["state"] == "disabled":
            state = "disabled"
        elif officer["first_login"] is not None:
            state = "expired" if expires is not None and expires < today else "waiting"
        else:
            state = "active" if where is None else "used"
        rows.append(
            {
                "username": officer["username"],
                "full_name": officer["full_name"],
                "role": officer["role"],
                "nip": officer["nip"],
                "rank": officer["rank"],
                "state": state,
                # As the office writes a day, 03-12-2026 (issue 47, finding 11).
                "expires": None if expires is None else day_text(expires),
                # Issue 56.4: the laptop the code was used on (its name, else its id).
                "used_on": None if where is None else names.get(where[0], where[0]),
                "used_at": None if where is None else _used_day(where[1]),
            }
        )
    return rows


def _offer(data_dir: Path) -> dict[str, Any] | None:
    offer = current_offer(data_dir)
    if offer is None:
        return None
    # A Measure: the sentence writes it "1,5" in Indonesian and "1.5" in English (issue 47).
    size = Measure(offer.size / MEGABYTE)
    return {"version": offer.version, "file": offer.file, "size_mb": size}


def _overview(store: SqlStore, data_dir: Path) -> dict[str, Any]:
    """Everything the three pages read, in one go (each page uses its part)."""
    office = Office(store)
    settings = office.settings()
    return {
        "settings": settings,
        "officers": officer_rows(office),
        "laptops": laptop_rows(office, STALE_DAYS),
        "offer": _offer(data_dir),
    }


def laptop_package_view(row: dict[str, Any], t: Callable[..., str]) -> dict[str, Any]:
    """A laptop's applied package version, and whether it is up to date, in words."""
    applied = row["package_version"]
    if row["revoked"]:
        state, behind = t("console_officers.laptop_revoked"), False
    elif applied is None:
        state, behind = t("console_officers.laptop_no_report"), True
    elif row["behind"]:
        state = t("console_officers.laptop_behind", applied=applied, now=row["office_version"])
        behind = True
    else:
        state, behind = t("console_officers.laptop_up_to_date"), False
    return {
        "name": row["name"],
        "device_id": row["device_id"][:_SHOWN_ID],
        "version": row["fieldkit_version"] or t("console_officers.laptop_no_report"),
        "below_minimum": "below_min_version" in row["flags"],
        "applied": t("console_officers.laptop_none") if applied is None else applied,
        "state": state,
        "behind": behind,
    }


# --- the pages -------------------------------------------------------------------------


def _header(overview: dict[str, Any]) -> dict[str, Any]:
    settings = overview["settings"]
    return {
        "office_name": settings["office_name"] or settings["office_code"],
        "package_version": settings["version"],
        "office_set": settings["office_code"] is not None,
    }


def _role_choices(session: Session) -> list[str]:
    roles = list(OfficerRole) if is_admin(session) else list(FIELD_ROLES)
    return [r.value for r in roles]


def _result(request: Request, t: Callable[..., str]) -> str | None:
    code = _RESULTS.get(request.query_params.get("hasil", ""))
    if code is None:
        return None
    return t(code)


async def _read(request: Request) -> dict[str, Any]:
    console = console_of(request)
    return await run_in_threadpool(_overview, console.datacenter.store, console.datacenter.data_dir)


async def _list_page(
    request: Request,
    session: Session,
    status: int = 200,
    *,
    alert: str | None = None,
    result: str | None = None,
) -> Response:
    overview = await _read(request)
    t = words(language(request)[0])
    return render(
        request,
        "officers_list.html",
        status,
        session=session,
        current="officers",
        part="officers",
        header=_header(overview),
        officers=overview["officers"],
        admin=is_admin(session),
        alert=alert,
        result=result or _result(request, t),
    )


async def _add_page(
    request: Request, session: Session, state: FormState, status: int = 200
) -> Response:
    overview = await _read(request)
    return render(
        request,
        "officers_add.html",
        status,
        session=session,
        current="officers",
        part="officers",
        header=_header(overview),
        form=state,
        roles=_role_choices(session),
        limits={"name": MAX_NAME_LENGTH, "rank": MAX_RANK_LENGTH},
    )


def _zone_options(office_code: str | None, t: Callable[..., str]) -> list[tuple[str, str]]:
    """The office form's time zones: its province's (left to decide), or one chosen."""
    province = zone_of_office(office_code)
    first = (
        t("console_officers.time_zone_province", zone=province.value)
        if province is not None
        else t("console_officers.time_zone_no_code")
    )
    return [("", first)] + [
        (z.value, t(f"console_officers.time_zone_{z.value}")) for z in OfficeZone
    ]


async def _rules_page(
    request: Request, session: Session, state: FormState | None = None, status: int = 200
) -> Response:
    overview = await _read(request)
    lang = language(request)[0]
    t = words(lang)
    settings = overview["settings"]
    return render(
        request,
        "officers_rules.html",
        status,
        session=session,
        current="officers",
        part="rules",
        header=_header(overview),
        form=state or FormState(rule_values(settings, lang)),
        admin=is_admin(session),
        result=_result(request, t),
        zone_options=_zone_options(settings["office_code"], t),
        modalities=[m.value for m in MODALITIES],
        defaults={
            **{f"threshold_{m.value}": number(PASS_MARKS[m], lang) for m in MODALITIES},
            "max_attempts": DEFAULT_MAX_ATTEMPTS,
            "freeze_days": laptop_defaults.FREEZE_DAYS,
            "freeze_max_waiting": laptop_defaults.FREEZE_MAX_WAITING,
            "idle_lock_minutes": laptop_defaults.IDLE_MINUTES,
            "number_pattern": DEFAULT_PATTERN,
            "autocapture_steady_s": number(DEFAULT_STEADY_S, lang),
            # The laptops' own when the office sets none (cosign.py, autocapture.py).
            "cosign_on_spot": "off",
            "autocapture": "on",
            CONSENT: t("consent.default_text"),
        },
        limits={
            "threshold": THRESHOLD_MAX,
            "attempts": MAX_ATTEMPTS_LIMIT,
            "idle_min": IDLE_LOCK_RANGE.start,
            "idle_max": IDLE_LOCK_RANGE.stop - 1,
            "text": _MAXLETTERHEAD_TEXT,
            "pattern": _MAX_PATTERN_TEXT,
            "steady_min": number(STEADY_RANGE_S[0], lang),
            "steady_max": number(STEADY_RANGE_S[1], lang),
            "consent": consent_words.MAX_CHARS,
        },
        switches=SWITCHES,
        letterhead=LETTERHEAD,
        current_rules=settings["rules"] or {},
    )


async def _version_page(
    request: Request, session: Session, state: FormState | None = None, status: int = 200
) -> Response:
    overview = await _read(request)
    t = words(language(request)[0])
    settings = overview["settings"]
    return render(
        request,
        "officers_version.html",
        status,
        session=session,
        current="officers",
        part="version",
        header=_header(overview),
        form=state or FormState({"min_version": settings["min_version"] or ""}),
        admin=is_admin(session),
        result=_result(request, t),
        min_version=settings["min_version"],
        offer=overview["offer"],
        laptops=[laptop_package_view(row, t) for row in overview["laptops"]],
        max_version=_MAX_VERSION_TEXT,
    )


def _code_page(
    request: Request,
    session: Session,
    *,
    username: str,
    full_name: str | None,
    code: str,
    version: int,
    what: str,
) -> Response:
    """The one-time code, this once: large, in its groups, with what the officer does."""
    expires = day_text(office_time(dt.datetime.now(dt.UTC) + CODE_TTL).date())
    return render(
        request,
        "officers_code.html",
        session=session,
        current="officers",
        part="officers",
        header={"office_name": None, "package_version": version, "office_set": True},
        username=username,
        full_name=full_name,
        groups=code.split("-"),
        expires=expires,
        version=version,
        what=what,
    )


def _audited(request: Request, session: Session, action: str, subject: str) -> Office:
    store = console_of(request).datacenter.store
    return audited_office(store, actor=session.account, action=action, subject=subject)


def _actor(session: Session) -> Actor:
    """Who acts, as :class:`Office` asks: the account and its role."""
    return Actor(session.account, session.role)


def _officer_named(officers: list[dict[str, Any]], username: str) -> dict[str, Any] | None:
    wanted = username.strip().lower()
    return next((o for o in officers if o["username"] == wanted), None)


def install(app: FastAPI) -> None:  # noqa: C901, PLR0915 - the screen's routes, one after another
    """Petugas & aturan's routes (none is in the OpenAPI spec, the laptops' API)."""

    @app.get("/petugas", include_in_schema=False)
    async def officers_list(request: Request) -> Response:
        session = await current_session(request)
        if session is None:
            return redirect("/masuk")
        return await _list_page(request, session)

    @app.get("/petugas/tambah", include_in_schema=False)
    async def add_form(request: Request) -> Response:
        session = await current_session(request)
        if session is None:
            return redirect("/masuk")
        return await _add_page(request, session, FormState({"role": OfficerRole.PETUGAS.value}))

    @app.post("/petugas/tambah", include_in_schema=False)
    async def add_officer(request: Request) -> Response:
        posted = await posted_form(request)
        if not isinstance(posted, tuple):
            return posted
        session, form = posted
        typed = {
            name: form.get(name, "").strip()
            for name in ("username", "full_name", "role", "nip", "rank")
        }
        username = typed["username"].lower()
        office = _audited(request, session, "officer_added", username or "-")
        try:
            code, version = await run_in_threadpool(
                lambda: office.add_officer(
                    username,
                    role=typed["role"],
                    full_name=typed["full_name"],
                    nip=typed["nip"] or None,
                    rank=typed["rank"] or None,
                    by=_actor(session),
                )
            )
        except InvalidInput as error:
            lang = language(request)[0]
            state = FormState(typed, refusal_of(error, lang, _OFFICER_FIELDS))
            status = FORBIDDEN if isinstance(error, AdminOfficerRefused) else 400
            return await _add_page(request, session, state, status)
        return _code_page(
            request,
            session,
            username=username,
            full_name=" ".join(typed["full_name"].split()),
            code=code,
            version=version,
            what="added",
        )

    async def _code_action(request: Request, action: str) -> Response:
        """``Kode baru`` and ``Aktifkan lagi``: a new first-login code, shown once."""
        posted = await posted_form(request)
        if not isinstance(posted, tuple):
            return posted
        session, form = posted
        if action == "officer_enabled" and not is_admin(session):
            return forbidden(request, session)
        username = form.get("petugas", "").strip().lower()
        office = _audited(request, session, action, username or "-")
        issue = office.enable_officer if action == "officer_enabled" else office.new_code
        try:
            code, version = await run_in_threadpool(lambda: issue(username, by=_actor(session)))
        except InvalidInput as error:
            message = refusal_of(error, language(request)[0], {}).message
            status = FORBIDDEN if isinstance(error, AdminOfficerRefused) else 400
            return await _list_page(request, session, status, alert=message)
        return _code_page(
            request,
            session,
            username=username,
            full_name=None,  # said only when the officer is added
            code=code,
            version=version,
            what="enabled" if action == "officer_enabled" else "new_code",
        )

    @app.post("/petugas/kode", include_in_schema=False)
    async def new_code(request: Request) -> Response:
        return await _code_action(request, "officer_code")

    @app.post("/petugas/aktifkan", include_in_schema=False)
    async def enable(request: Request) -> Response:
        return await _code_action(request, "officer_enabled")

    @app.get("/petugas/nonaktifkan", include_in_schema=False)
    async def disable_confirm(request: Request) -> Response:
        session = await current_session(request)
        if session is None:
            return redirect("/masuk")
        overview = await _read(request)
        username = request.query_params.get("petugas", "")
        officer = _officer_named(overview["officers"], username)
        if officer is None or officer["state"] == "disabled":
            error = InvalidInput(
                code="datacenter_officer_unknown", params={"username": username[:32]}
            )
            message = refusal_of(error, language(request)[0], {}).message
            return await _list_page(request, session, 404, alert=message)
        return render(
            request,
            "officers_disable.html",
            session=session,
            current="officers",
            part="officers",
            header=_header(overview),
            officer=officer,
        )

    @app.post("/petugas/nonaktifkan", include_in_schema=False)
    async def disable(request: Request) -> Response:
        posted = await posted_form(request)
        if not isinstance(posted, tuple):
            return posted
        session, form = posted
        username = form.get("petugas", "").strip().lower()
        office = _audited(request, session, "officer_disabled", username or "-")
        try:
            await run_in_threadpool(office.disable_officer, username)
        except InvalidInput as error:
            message = refusal_of(error, language(request)[0], {}).message
            return await _list_page(request, session, 400, alert=message)
        return redirect("/petugas?hasil=nonaktif")

    @app.get("/petugas/aturan", include_in_schema=False)
    async def rules_page(request: Request) -> Response:
        session = await current_session(request)
        if session is None:
            return redirect("/masuk")
        return await _rules_page(request, session)

    @app.post("/petugas/kantor", include_in_schema=False)
    async def set_office(request: Request) -> Response:
        posted = await posted_form(request)
        if not isinstance(posted, tuple):
            return posted
        session, form = posted
        if not is_admin(session):
            return forbidden(request, session)
        code = form.get("office_code", "").strip()
        name = form.get("office_name", "")[:_MAXLETTERHEAD_TEXT]
        zone = form.get("time_zone", "")[:_MAXLETTERHEAD_TEXT]
        office = _audited(request, session, "office_set", OFFICE_SUBJECT)
        try:
            if zone:  # checked before anything is saved: the form is saved whole or not
                check_zone(zone)
            await run_in_threadpool(office.set_office, code, name)
            if zone:  # "" leaves it to the province (or as chosen before)
                clock = _audited(request, session, "office_time_zone_set", OFFICE_SUBJECT)
                await run_in_threadpool(clock.set_time_zone, zone)
        except InvalidInput as error:
            overview = await _read(request)
            values = rule_values(overview["settings"], language(request)[0])
            # As typed; a zone that is none of the three shows the office's own again.
            values |= {"office_code": code, "office_name": name}
            if parse_zone(zone) is not None:
                values["time_zone"] = zone
            state = FormState(values, refusal_of(error, language(request)[0], _RULE_FIELDS))
            return await _rules_page(request, session, state, 400)
        return redirect("/petugas/aturan?hasil=kantor")

    @app.post("/petugas/aturan", include_in_schema=False)
    async def set_rules(request: Request) -> Response:
        posted = await posted_form(request)
        if not isinstance(posted, tuple):
            return posted
        session, form = posted
        if not is_admin(session):
            return forbidden(request, session)
        lang = language(request)[0]
        t = words(lang)
        overview = await _read(request)
        current = rule_values(overview["settings"], lang)
        typed = current | {
            name: form.get(name, "")[:_MAXLETTERHEAD_TEXT]
            for name in current
            if name
            not in {"office_code", "office_name", "time_zone", "min_version", CONSENT, CONSENT_WAS}
        }
        for name in (CONSENT, CONSENT_WAS):  # as typed and as shown: kept for the next try
            if name in form:
                typed[name] = form[name][:_MAX_TYPED_CONSENT]
        office = _audited(request, session, "rules_set", OFFICE_SUBJECT)
        try:
            given = changed_rules(form, overview["settings"]["rules"])
            await run_in_threadpool(lambda: office.set_rules(**given))
        except NotANumber as wrong:
            state = FormState(typed, Refusal(wrong.name, t(wrong.code)))
            return await _rules_page(request, session, state, 400)
        except InvalidInput as error:
            state = FormState(typed, refusal_of(error, lang, _RULE_FIELDS))
            return await _rules_page(request, session, state, 400)
        return redirect("/petugas/aturan?hasil=aturan")

    @app.get("/petugas/versi", include_in_schema=False)
    async def version_page(request: Request) -> Response:
        session = await current_session(request)
        if session is None:
            return redirect("/masuk")
        return await _version_page(request, session)

    @app.post("/petugas/versi", include_in_schema=False)
    async def set_min_version(request: Request) -> Response:
        posted = await posted_form(request)
        if not isinstance(posted, tuple):
            return posted
        session, form = posted
        if not is_admin(session):
            return forbidden(request, session)
        version = form.get("min_version", "").strip()[:_MAX_VERSION_TEXT]
        office = _audited(request, session, "min_version_set", OFFICE_SUBJECT)
        try:
            await run_in_threadpool(office.set_min_version, version)
        except InvalidInput as error:
            state = FormState(
                {"min_version": version}, refusal_of(error, language(request)[0], _RULE_FIELDS)
            )
            return await _version_page(request, session, state, 400)
        return redirect("/petugas/versi?hasil=versi")
