"""The Audit screen (``/audit``): the laptops' audit-log findings, and acknowledging them.

A laptop's audit log is a hash chain; at every sync the data center notes its head and
holds each later head against what it noted (:mod:`sync.server.intake.anchors`).  What differs
is kept as a finding until the office acknowledges it, which starts the laptop's next
epoch: the office accepts the log as it now is (after a restore from a backup, say).

Who may do what: everyone may read the findings; only an administrator may acknowledge
them.  Acknowledging closes the alarm that a log was rewritten or set back, and the
people who could have done that are the ones using the laptops, an operator's
colleagues: closing it is kept with the administrators, as account management is, and
every acknowledgement is written to ``console_audit`` with the account's name in the
acknowledgement's own transaction.

A finding's stored detail is an English sentence the data center wrote; the page says
it again in the page's language from the numbers and times in it, so an Indonesian page
holds no English.  What the laptop sent (its own check's problem code) is shown as data,
escaped like everything else.
"""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi import Request  # noqa: TC002 - FastAPI reads the routes' annotations at runtime
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from fieldkit.printable import printable
from sync.protocol import AuditProblem
from sync.server.accounts.trail import REFUSED_CSRF, refusals, write_audit
from sync.server.console import audit_sentences  # noqa: F401 - registers the English
from sync.server.console.formats import moment_text
from sync.server.console.pages import (
    console_of,
    current_session,
    is_admin,
    language,
    posted_form,
    redirect,
    render,
    words,
)
from sync.server.errors import DataCenterError
from sync.server.office.laptop_labels import labels, shown_name
from sync.server.office.steering import Office
from sync.server.store.stamps import iso, parse_stamp

if TYPE_CHECKING:
    from collections.abc import Callable

    from fastapi import FastAPI
    from sqlalchemy.engine import Connection

    from sync.server.console.sessions import Session
    from sync.server.store.database import SqlStore

log = logging.getLogger(__name__)

__all__ = ["REASON_MAX", "install"]

#: As ``fieldkit-datacenter audit acknowledge`` keeps it.
REASON_MAX = 500
#: The laptop's id as the Laptop page shows it.
_SHOWN_ID = 16
#: A code a laptop sent, as shown: longer is cut (the API takes 32 characters today).
_CODE_SHOWN = 64
#: A refused request's method and path as shown (``pages`` keeps 120 characters of it).
_PATH = 130
#: Refused attempts shown to an administrator, newest first.
REFUSALS_SHOWN = 50
#: The action's name in ``console_audit``.
ACKNOWLEDGED = "audit_acknowledged"

# The details ``sync.server.intake.anchors`` writes, read back for their numbers and times.
_DETAILS = {
    AuditProblem.REWRITTEN.value: re.compile(
        r"event (?P<seq>\d+) differs from the one anchored on (?P<when>\S+): "
    ),
    AuditProblem.ROLLED_BACK.value: re.compile(
        r"the log ends at event (?P<head>\d+), but it had reached event (?P<seq>\d+) "
        r"on (?P<when>\S+): "
    ),
    AuditProblem.UNPROVEN.value: re.compile(
        r"the laptop did not show event (?P<seq>\d+), anchored on (?P<when>\S+): "
    ),
    AuditProblem.BROKEN_ON_LAPTOP.value: re.compile(
        r"the laptop's own check of its log failed at event (?P<seq>\d+) \((?P<what>.*)\)\Z",
        re.DOTALL,
    ),
}
#: ``fieldkit.audit.Problem``: what a laptop's own walk of its chain may report.
_LAPTOP_PROBLEMS = frozenset(
    {"edited", "missing", "out_of_order", "truncated", "rolled_back", "rewritten"}
)


@dataclass(frozen=True)
class Laptop:
    device_id: str
    name: str
    short_id: str


def _when(stamp: str | None) -> str:
    """A stored UTC time as the office reads it: the host's local day and minute."""
    when = parse_stamp(stamp)
    if when is None:
        return stamp or ""
    return moment_text(when)


def _laptops(store: SqlStore) -> dict[str, Laptop]:
    """Every enrolled laptop by id, named as the Laptop page names it."""
    health = Office(store).health()
    named = labels(store)
    found = {}
    for device in store.devices():
        report = health.get(device.device_id, {})
        hostname = report.get("hostname") or device.info.get("hostname")
        found[device.device_id] = Laptop(
            device.device_id,
            shown_name(named.get(device.device_id), hostname, device.device_id),
            device.device_id[:_SHOWN_ID],
        )
    return found


def _read(store: SqlStore, *, include_acknowledged: bool) -> tuple[list[dict[str, Any]], Any]:
    return store.audit_findings(include_acknowledged=include_acknowledged), _laptops(store)


def shown_code(code: str) -> str:
    """A code the page does not know, as data: one line, its controls visible, cut to size.

    Jinja escapes its HTML; this makes a newline, an escape or a bidi override visible
    (``fieldkit.printable``) and keeps a long one from stretching the table.
    """
    code = printable(code)
    return code if len(code) <= _CODE_SHOWN else code[: _CODE_SHOWN - 1] + "\u2026"


def detail_words(problem: str, seq: int, detail: str, t: Callable[..., str]) -> str:
    """The finding's detail in the page's language, from what the data center stored."""
    pattern = _DETAILS.get(problem)
    found = pattern.match(detail) if pattern else None
    if found is None:
        return t("console_audit.detail_other")
    values = found.groupdict()
    if problem == AuditProblem.BROKEN_ON_LAPTOP.value:
        what = values["what"]
        said = (
            t(f"console_audit.laptop_{what}")
            if what in _LAPTOP_PROBLEMS
            else t("console_audit.laptop_other", code=shown_code(what))
        )
        return t("console_audit.detail_broken_on_laptop", seq=values["seq"], what=said)
    return t(
        f"console_audit.detail_{problem}",
        seq=values.get("seq", seq),
        head=values.get("head", ""),
        when=_when(values.get("when")),
    )


def problem_words(problem: str, t: Callable[..., str]) -> str:
    if problem in {p.value for p in AuditProblem}:
        return t(f"console_audit.problem_{problem}")
    return t("console_audit.problem_unknown", code=shown_code(problem))


def _via_words(via: str, t: Callable[..., str]) -> str:
    return (
        t(f"console_audit.via_{via}")
        if via in {"https", "usb"}
        else t("console_audit.via_other", via=shown_code(via))
    )


def finding_view(
    row: dict[str, Any], laptops: dict[str, Laptop], t: Callable[..., str]
) -> dict[str, Any]:
    laptop = laptops.get(row["device_id"])
    return {
        "name": laptop.name if laptop else t("console_audit.laptop_gone"),
        "short_id": row["device_id"][:_SHOWN_ID],
        "problem": problem_words(row["problem"], t),
        "seq": row["seq"],
        "via": _via_words(row["via"], t),
        "found": _when(row["found_at"]),
        "detail": detail_words(row["problem"], row["seq"], row["detail"], t),
        "acknowledged": (
            t(
                "console_audit.acknowledged",
                when=_when(row["acknowledged_at"]),
                reason=row["acknowledgement"] or "",
            )
            if row["acknowledged_at"]
            else t("console_audit.not_acknowledged")
        ),
    }


def _open_by_laptop(
    rows: list[dict[str, Any]], laptops: dict[str, Laptop]
) -> list[tuple[Laptop, int]]:
    """The enrolled laptops with findings not yet acknowledged, and how many, in order."""
    counts: dict[str, int] = {}
    for row in rows:
        if row["acknowledged_at"] is None and row["device_id"] in laptops:
            counts[row["device_id"]] = counts.get(row["device_id"], 0) + 1
    return [(laptops[device_id], count) for device_id, count in counts.items()]


def refusal_words(row: dict[str, Any], t: Callable[..., str]) -> str:
    """One refused attempt (``console_audit``) as a sentence: when, who, what, from where."""
    try:
        detail = json.loads(row["detail"] or "{}")
    except ValueError:
        detail = {}
    if not isinstance(detail, dict):
        detail = {}
    kind = "csrf" if row["action"] == REFUSED_CSRF else "forbidden"
    return t(
        f"console_audit.refusal_{kind}",
        when=_when(row["at"]),
        account=shown_code(str(row["actor"])),
        path=shown_code(str(detail.get("method", "")))
        + " "
        + shown_code(str(detail.get("path", ""))),
        address=shown_code(str(detail.get("address", ""))) or "-",
    )


async def _page(
    request: Request,
    session: Session,
    *,
    status: int = 200,
    include_acknowledged: bool = False,
    done: str | None = None,
    error: dict[str, Any] | None = None,
) -> HTMLResponse:
    store = console_of(request).datacenter.store
    rows, laptops = await run_in_threadpool(_read, store, include_acknowledged=True)
    t = words(language(request)[0])
    shown = [r for r in rows if include_acknowledged or r["acknowledged_at"] is None]
    refused = await run_in_threadpool(refusals, store, REFUSALS_SHOWN) if is_admin(session) else []
    return render(
        request,
        "audit.html",
        status,
        session=session,
        current="audit",
        findings=[finding_view(row, laptops, t) for row in shown],
        any_at_all=bool(rows),
        include_acknowledged=include_acknowledged,
        open_laptops=_open_by_laptop(rows, laptops),
        may_acknowledge=is_admin(session),
        done=done,
        error={"page": None, "laptop": None, "field": None, "count": 0, "reason": ""}
        | (error or {}),
        reason_max=REASON_MAX,
        refusals=[refusal_words(row, t) for row in refused],
    )


def _acknowledge(
    store: SqlStore, device_id: str, reason: str, actor: str
) -> tuple[int, str | None]:
    """Acknowledge, the console's audit line in the same transaction: (epoch, refusal)."""
    rows, laptops = _read(store, include_acknowledged=False)
    if device_id not in laptops:
        return 0, "console_audit.laptop_unknown"
    if not any(row["device_id"] == device_id for row in rows):
        return 0, "console_audit.nothing_open"

    def audited(conn: Connection, epoch: int) -> None:
        write_audit(
            conn,
            time.time(),
            actor=actor,
            action=ACKNOWLEDGED,
            account=actor,
            detail=f"laptop {device_id}, epoch {epoch}: {reason}",
        )

    try:
        epoch = store.acknowledge_audit(device_id, reason, iso(time.time()), also=audited)
    except DataCenterError as exc:  # revoked and removed between the look and the write
        if exc.code != "datacenter_device_unknown":
            raise
        return 0, "console_audit.laptop_unknown"
    log.info("audit history of device %s acknowledged by %s; epoch %d", device_id, actor, epoch)
    return epoch, None


async def findings_page(request: Request) -> Response:
    """``GET /audit``: the open findings (``?semua=1``: all), and what was just acknowledged."""
    session = await current_session(request)
    if session is None:
        return redirect("/masuk")
    done = None
    acknowledged = request.query_params.get("diakui", "")
    epoch = request.query_params.get("periode", "")
    if acknowledged and epoch.isdigit():
        laptops = await run_in_threadpool(_laptops, console_of(request).datacenter.store)
        if acknowledged in laptops:
            t = words(language(request)[0])
            done = t("console_audit.done", laptop=laptops[acknowledged].name, epoch=epoch)
    return await _page(
        request,
        session,
        include_acknowledged=request.query_params.get("semua") == "1",
        done=done,
    )


def _reason_error(device_id: str, reason: str) -> dict[str, Any] | None:
    """The reason's refusal, said at its field; None when it will do."""
    if reason and len(reason) <= REASON_MAX:
        return None
    return {
        "laptop": device_id,
        "field": "console_audit.reason_missing" if not reason else "console_audit.reason_too_long",
        "count": len(reason),
        "reason": reason[: REASON_MAX * 4],
    }


async def _confirmation(
    request: Request, session: Session, laptop: Laptop, reason: str
) -> HTMLResponse:
    """What acknowledging means, the laptop's findings and the reason: then "Ya, akui"."""
    store = console_of(request).datacenter.store
    rows, laptops = await run_in_threadpool(_read, store, include_acknowledged=False)
    mine = [r for r in rows if r["device_id"] == laptop.device_id]
    if not mine:
        return await _page(
            request, session, status=409, error={"page": "console_audit.nothing_open"}
        )
    state = await run_in_threadpool(store.audit_state, laptop.device_id)
    t = words(language(request)[0])
    return render(
        request,
        "audit_confirm.html",
        session=session,
        current="audit",
        laptop=laptop,
        reason=reason,
        epoch=state.epoch + 1,
        findings=[finding_view(row, laptops, t) for row in mine],
    )


async def acknowledge(request: Request) -> Response:
    """``POST /audit/akui``: checked, then confirmed (``confirm=1``), then acknowledged."""
    checked = await posted_form(request, admins_only=True)
    if isinstance(checked, Response):
        return checked
    session, form = checked
    device_id = form.get("laptop", "").strip()[:128]
    reason = form.get("reason", "").strip()
    store = console_of(request).datacenter.store
    laptops = await run_in_threadpool(_laptops, store)
    if device_id not in laptops:
        log.info("console: %s asked to acknowledge an unknown laptop", session.account)
        return await _page(
            request, session, status=404, error={"page": "console_audit.laptop_unknown"}
        )
    if (field_error := _reason_error(device_id, reason)) is not None:
        return await _page(request, session, status=400, error=field_error)
    if form.get("confirm") != "1":
        return await _confirmation(request, session, laptops[device_id], reason)
    epoch, refused = await run_in_threadpool(
        _acknowledge, store, device_id, reason, session.account
    )
    if refused is not None:
        status = 404 if refused == "console_audit.laptop_unknown" else 409
        return await _page(request, session, status=status, error={"page": refused})
    return redirect(f"/audit?diakui={device_id}&periode={epoch}")


def install(app: FastAPI) -> None:
    """``GET /audit`` and ``POST /audit/akui``."""
    app.add_api_route("/audit", findings_page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/audit/akui", acknowledge, methods=["POST"], include_in_schema=False)
