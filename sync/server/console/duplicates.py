"""Data ganda: the records waiting for adjudication, a pair side by side, the decision.

Part of the Rekaman screen (it uses that screen's names and places, and is reached from
it), kept in a module of its own so the records list stays readable.

* ``/rekaman/ganda``: every DUPLICATE_RECORD, newest first, with its best candidate's
  score: ids, laptops, places and scores only (what ``records list --json`` shows), for
  every console account.
* ``/rekaman/ganda/{device}/{record}/{other_device}/{other}``: the record and one of its
  candidates (named by its laptop and its id: two laptops may use one id) side
  by side: the face photos, the fingers that matched with their scores (both sides' prints
  next to each other), when and where each was recorded, by which officer, on which
  laptop.  The images are opened in memory from the sealed records with the data
  center's key (:func:`sync.server.dedup.interchange.open_record`), turned into small PNGs and
  sent inline as ``data:`` URIs in a page answered ``Cache-Control: no-store``: nothing
  is written to disk.  Administrators only: seeing two people's biometrics is part of
  deciding, and deciding is an administrator's act (docs/threat-model.md).  Each view
  is written to ``console_audit`` (``duplicate_pair_viewed``: who, which pair).
* POST to the same path: the decision, through :func:`sync.server.dedup.adjudicate`
  (the CLI's own function: its reason minimum, its refusals, its audit).  Two
  administrators at once: the second finds the record decided and is told so.

Each side names its person as ``sync.server.console.people`` allows: name, sex, birth
year, desa, and the NIK's last four digits (a man born 1985 against a woman born 1945
with the same prints is a replay, and the page must show it); the officer's name is
shown too (staff, who signed the recording).  The view's audit line names both records.
"""

from __future__ import annotations

import base64
import io
import logging
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import sqlalchemy as sa
from fastapi import Request  # noqa: TC002 - FastAPI reads the routes' annotations at runtime
from fastapi.responses import Response  # noqa: TC002 - as above
from starlette.concurrency import run_in_threadpool

from drivers.image_size import check_declared_size
from fieldkit.records.demo import DEMO_KID
from sync.protocol import RecordState
from sync.server.accounts.roles import Actor
from sync.server.accounts.trail import write_audit
from sync.server.console.formats import moment_text
from sync.server.console.pages import (
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
from sync.server.console.people import person_in, person_words
from sync.server.console.records import local_time, record_detail, record_path, state_words
from sync.server.console.records_query import Names, desa_label, office_names
from sync.server.console.sessions import Session
from sync.server.dedup import candidates as found
from sync.server.dedup.adjudicate import MAX_REASON, MIN_REASON, Decision, adjudicate
from sync.server.dedup.interchange import open_record
from sync.server.errors import DataCenterError
from sync.server.store.stamps import parse_stamp
from sync.server.store.tables import dedup_candidates, record_places, records

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from fastapi import FastAPI

    from sync.server.intake.service import DataCenter

log = logging.getLogger(__name__)

#: The list's path, and the pair pages' prefix.
LIST_PATH = "/rekaman/ganda"
#: The ``console_audit`` action of an administrator looking at a pair.
VIEWED = "duplicate_pair_viewed"
#: Rows the list shows (newest first); an office with more decides the newest first.
LIST_LIMIT = 200
#: The images' longest side on the page: enough to compare ridges, small to send.
FINGER_PX = 320
FACE_PX = 240
_SHOWN_ID = 8
_SHOWN_LAPTOP = 12
_SHORT_ID = re.compile(r"[0-9A-Za-z-]{1,8}")
#: adjudicate()'s refusals, by code, in the page's words (shown at the field they concern).
REFUSALS = {
    "dedup_reason_too_short": ("reason", "console_records.dup_reason_short"),
    "dedup_not_awaiting_adjudication": ("decision", "console_records.dup_refused_decided"),
    "dedup_other_not_candidate": ("decision", "console_records.dup_refused_not_candidate"),
    "dedup_other_ambiguous": ("decision", "console_records.dup_refused_not_candidate"),
    "dedup_other_not_closable": ("decision", "console_records.dup_refused_not_closable"),
    "dedup_decision_unknown": ("decision", "console_records.dup_decision_missing"),
}


def pair_path(device_id: str, record_id: str, other_device: str, other: str) -> str:
    """A pair's page: the record and its candidate, each by its laptop and its id."""
    parts = (device_id, record_id, other_device, other)
    return LIST_PATH + "".join("/" + quote(part, safe="") for part in parts)


# --- the list ---------------------------------------------------------------------------


def waiting_count(datacenter: DataCenter) -> int:
    """Real records waiting for a decision (Beranda's tile)."""
    with datacenter.store.reading() as conn:
        return int(
            conn.execute(
                sa.select(sa.func.count()).where(
                    records.c.kid != DEMO_KID,
                    records.c.state == RecordState.DUPLICATE_RECORD.value,
                )
            ).scalar_one()
        )


def waiting(datacenter: DataCenter) -> tuple[list[dict[str, Any]], int, Names]:
    """The DUPLICATE_RECORDs, newest first, each with its best candidate and its score."""
    store = datacenter.store
    best = (
        sa.select(
            dedup_candidates.c.device_id,
            dedup_candidates.c.record_id,
            sa.func.max(dedup_candidates.c.score).label("score"),
            sa.func.count(sa.distinct(dedup_candidates.c.candidate_record_id)).label("count"),
        )
        .group_by(dedup_candidates.c.device_id, dedup_candidates.c.record_id)
        .subquery()
    )
    joined = records.outerjoin(
        record_places,
        sa.and_(
            record_places.c.device_id == records.c.device_id,
            record_places.c.record_id == records.c.record_id,
        ),
    ).outerjoin(
        best,
        sa.and_(best.c.device_id == records.c.device_id, best.c.record_id == records.c.record_id),
    )
    where = records.c.state == RecordState.DUPLICATE_RECORD.value
    with store.reading() as conn:
        total = int(
            conn.execute(sa.select(sa.func.count()).select_from(records).where(where)).scalar_one()
        )
        rows = [
            dict(row)
            for row in conn.execute(
                sa.select(
                    records.c.device_id,
                    records.c.record_id,
                    records.c.kid,
                    records.c.received_at,
                    record_places.c.desa_code,
                    record_places.c.simulated,
                    best.c.score,
                    best.c.count,
                )
                .select_from(joined)
                .where(where)
                .order_by(records.c.received_at.desc(), records.c.record_id.desc())
                .limit(LIST_LIMIT)
            ).mappings()
        ]
        for row in rows:
            named = found.of_record(conn, row["device_id"], row["record_id"])
            row["best"] = named[0].record_id if named else None
            row["best_device"] = named[0].device_id if named else None
    return rows, total, office_names(store)


def list_row(row: Mapping[str, Any], names: Names, t: Callable[..., str]) -> dict[str, Any]:
    unknown = t("console_records.unknown")
    device_id, record_id = row["device_id"], row["record_id"]
    return {
        "short": record_id[:_SHOWN_ID],
        "record_path": record_path(device_id, record_id),
        "pair_path": (
            pair_path(device_id, record_id, row["best_device"], row["best"])
            if row["best"]
            else None
        ),
        "received": local_time(row["received_at"]),
        "laptop": names.laptops.get(device_id, device_id[:_SHOWN_LAPTOP]),
        "desa": desa_label(row["desa_code"], names, unknown),
        "best": (row["best"] or "")[:_SHOWN_ID],
        "score": score_text(row["score"]),
        "count": int(row["count"] or 0),
        "training": row["kid"] == DEMO_KID,
        "simulated": bool(row["simulated"]),
    }


def score_text(score: float | None) -> str:
    """Two decimals, Indonesian style, for a finger's fused score and a face's cosine alike.

    A finger's 1,00 is as alike as one pair of strangers in 10,000 (``dedup.matcher``).
    """
    if score is None:
        return "-"
    return f"{score:.2f}".replace(".", ",")


# --- the pair ---------------------------------------------------------------------------


@dataclass
class Side:
    """One record of the pair as the page shows it."""

    short: str
    record_id: str
    path: str
    state: str
    received: str
    recorded: str
    desa: str
    kecamatan: str
    laptop: str
    officer: str
    #: A simulator took its captures (issue 56.2): said beside its heading.
    simulated: bool = False
    #: The person in words (``console.people``): what tells two people apart.
    person: dict[str, str] | None = None
    face: str | None = None
    #: Finger position -> the print as a data: URI.
    fingers: dict[int, str] | None = None


@dataclass
class Pair:
    mine: Side
    theirs: Side
    other: str
    #: (finger position or "face"/"replay", score text) best first.
    matches: list[tuple[str, str]]
    #: The record's other candidates (record id, short, path), for links.
    others: list[tuple[str, str, str]]
    waiting: bool


def _png(data: bytes, longest: int) -> str | None:
    """A stored JPEG 2000 image as a small PNG data: URI, in memory; None if unreadable.

    Pillow is imported here, when a pair is shown: the rest of the console loads no
    image library.
    """
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415 - only for a pair

    try:
        check_declared_size(data)  # a header's huge size is refused before decoding (57.1)
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
            shown = picture.convert("RGB") if picture.mode not in {"L", "RGB"} else picture.copy()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    shown.thumbnail((longest, longest))
    out = io.BytesIO()
    shown.save(out, format="PNG", optimize=False)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def _images(
    header: Mapping[str, Any], blobs: list[bytes], wanted: set[int]
) -> tuple[str | None, dict[int, str]]:
    """The face and the ``wanted`` fingers of each slot's kept attempt, as data: URIs."""
    face: str | None = None
    fingers: dict[int, str] = {}
    for capture in header.get("captures") or []:
        if not isinstance(capture, dict):
            continue
        slot = str(capture.get("slot"))
        for attempt in capture.get("attempts") or []:
            if not isinstance(attempt, dict) or not attempt.get("kept"):
                continue
            for image in attempt.get("images") or []:
                index = image.get("blob") if isinstance(image, dict) else None
                if type(index) is not int or not 0 <= index < len(blobs):
                    continue
                part = str(image.get("part"))
                if slot == "face" and face is None:
                    face = _png(blobs[index], FACE_PX)
                elif slot.startswith("finger:") and part.isdigit() and int(part) in wanted:
                    shown = _png(blobs[index], FINGER_PX)
                    if shown is not None:
                        fingers.setdefault(int(part), shown)
    return face, fingers


def _side(
    datacenter: DataCenter,
    device_id: str,
    record_id: str,
    *,
    wanted: set[int],
    names: Names,
    t: Callable[..., str],
) -> Side | None:
    """One side's clear facts, and its face and ``wanted`` fingers opened in memory."""
    detail = record_detail(datacenter.store, device_id, record_id)
    stored = datacenter.store.record(device_id, record_id)
    if detail is None or stored is None:
        return None
    row = detail.row
    unknown = t("console_records.unknown")
    side = Side(
        short=record_id[:_SHOWN_ID],
        record_id=record_id,
        path=record_path(device_id, record_id),
        state=state_words(row["state"], t),
        received=local_time(row["received_at"]),
        recorded=unknown,
        desa=desa_label(row["desa_code"], names, unknown),
        kecamatan=row["kecamatan_code"] or unknown,
        laptop=names.laptops.get(device_id, device_id[:_SHOWN_LAPTOP]),
        officer=unknown,
        simulated=bool(row["simulated"]),
        fingers={},
    )
    try:
        header, blobs = open_record(datacenter.store, datacenter.blobs, datacenter.keys, stored)
    except DataCenterError as exc:
        log.warning("record %s cannot be opened for the pair page (%s)", record_id, exc.code)
        return side
    side.person = person_words(person_in(header), t)
    stamps = header.get("timestamps")
    stamps = stamps if isinstance(stamps, dict) else {}
    when = parse_stamp(str(stamps.get("finished_at") or stamps.get("started_at") or ""))
    if when is not None:
        side.recorded = moment_text(when)
    officer = header.get("officer")
    if isinstance(officer, dict) and officer.get("username"):
        full = officer.get("full_name")
        side.officer = f"{full} ({officer['username']})" if full else str(officer["username"])
    side.face, side.fingers = _images(header, blobs, wanted)
    del header, blobs
    return side


def pair(
    datacenter: DataCenter,
    device_id: str,
    record_id: str,
    other: tuple[str, str],
    t: Callable[..., str],
) -> Pair | None:
    """The record and its candidate ``other`` (laptop, id) side by side; None if not a pair.

    The candidate is found by its laptop and its id together: two laptops may have used
    one record id, and the page must show the record the decision will name (issue 57
    §13).
    """
    with datacenter.store.reading() as conn:
        named = found.of_record(conn, device_id, record_id)
        state = conn.execute(
            sa.select(records.c.state).where(
                records.c.device_id == device_id, records.c.record_id == record_id
            )
        ).scalar()
    match = next((c for c in named if (c.device_id, c.record_id) == other), None)
    if match is None or state is None:
        return None
    wanted = {int(part) for part, _score in match.matches if part.isdigit()}
    names = office_names(datacenter.store)
    mine = _side(datacenter, device_id, record_id, wanted=wanted, names=names, t=t)
    theirs = _side(datacenter, match.device_id, match.record_id, wanted=wanted, names=names, t=t)
    if mine is None or theirs is None:
        return None
    return Pair(
        mine=mine,
        theirs=theirs,
        other=other[1],
        matches=[(part, score_text(score)) for part, score in match.matches],
        others=[
            (
                c.record_id,
                c.record_id[:_SHOWN_ID],
                pair_path(device_id, record_id, c.device_id, c.record_id),
            )
            for c in named
            if (c.device_id, c.record_id) != other
        ],
        waiting=state == RecordState.DUPLICATE_RECORD.value,
    )


def audit_view(
    datacenter: DataCenter,
    session: Session,
    device_id: str,
    record_id: str,
    other: tuple[str, str],
) -> None:
    """Who looked at which pair, in ``console_audit`` (the images are the people's)."""
    with datacenter.store.writing() as conn:
        write_audit(
            conn,
            time.time(),
            actor=session.account,
            action=VIEWED,
            account=session.account,
            detail=f"{device_id} {record_id} {other[1]} {other[0]}",
        )


def decide(
    datacenter: DataCenter,
    session: Session,
    device_id: str,
    record_id: str,
    form: Mapping[str, str],
) -> tuple[str | None, str | None]:
    """The decision by :func:`adjudicate`; (field, sentence code) of a refusal, else Nones."""
    chosen = form.get("decision", "")
    if chosen not in {d.value for d in Decision}:
        return "decision", "console_records.dup_decision_missing"
    duplicate = chosen == Decision.DUPLICATE.value
    other = form.get("other", "") if duplicate else None
    try:
        adjudicate(
            datacenter.store,
            who=Actor(session.account, session.role),
            record_id=record_id,
            device_id=device_id,
            decision=chosen,
            other=other,
            other_device=form.get("other_device", "") if duplicate else None,
            reason=form.get("reason", ""),
        )
    except DataCenterError as exc:
        log.info("console: a decision on %s was refused (%s)", record_id, exc.code)
        return REFUSALS.get(exc.code, ("decision", "console_records.dup_refused_other"))
    return None, None


# --- the routes ---------------------------------------------------------------------------


def decided_short(asked: str) -> str:
    """The decided record's short id to name in the message; "" for anything else.

    Only a record id's first characters are echoed: a crafted link says nothing else.
    """
    return asked if _SHORT_ID.fullmatch(asked) else ""


def _inline_images(response: Response) -> Response:
    """The pair page alone may show ``data:`` images (its own, generated in this answer)."""
    policy = response.headers["Content-Security-Policy"]
    response.headers["Content-Security-Policy"] = policy.replace(
        "img-src 'self'", "img-src 'self' data:"
    )
    return response


def install(app: FastAPI) -> None:
    """Data ganda's routes: the list, a pair, a decision."""

    @app.get(LIST_PATH, include_in_schema=False)
    async def duplicate_list(request: Request) -> Response:
        session = await current_session(request)
        if session is None:
            return redirect("/masuk")
        datacenter = console_of(request).datacenter
        rows, total, names = await run_in_threadpool(waiting, datacenter)
        t = words(language(request)[0])
        decided = decided_short(request.query_params.get("diputuskan", ""))
        return render(
            request,
            "duplicates.html",
            session=session,
            current="records",
            rows=[list_row(row, names, t) for row in rows],
            total=total,
            admin=is_admin(session),
            decided=decided,
        )

    async def _pair_page(
        request: Request,
        session: Session,
        device_id: str,
        record_id: str,
        other: tuple[str, str],
        *,
        status: int = 200,
        errors: Mapping[str, str] | None = None,
        typed: Mapping[str, str] | None = None,
    ) -> Response:
        datacenter = console_of(request).datacenter
        t = words(language(request)[0])
        shown = await run_in_threadpool(pair, datacenter, device_id, record_id, other, t)
        if shown is None:
            return render(request, "record_missing.html", 404, session=session, current="records")
        await run_in_threadpool(audit_view, datacenter, session, device_id, record_id, other)
        return _inline_images(
            render(
                request,
                "duplicate_pair.html",
                status,
                session=session,
                current="records",
                pair=shown,
                action=pair_path(device_id, record_id, *other),
                errors=dict(errors or {}),
                typed=dict(typed or {}),
                min_reason=MIN_REASON,
                max_reason=MAX_REASON,
            )
        )

    pair_route = LIST_PATH + "/{device_id}/{record_id}/{other_device}/{other}"

    @app.get(pair_route, include_in_schema=False)
    async def duplicate_pair(
        request: Request, device_id: str, record_id: str, other_device: str, other: str
    ) -> Response:
        session = await admin_session(request)
        if not isinstance(session, Session):
            return session
        return await _pair_page(request, session, device_id, record_id, (other_device, other))

    @app.post(pair_route, include_in_schema=False)
    async def duplicate_decision(
        request: Request, device_id: str, record_id: str, other_device: str, other: str
    ) -> Response:
        posted = await posted_form(request, admins_only=True)
        if not isinstance(posted, tuple):
            return posted
        session, form = posted
        datacenter = console_of(request).datacenter
        form = {**form, "other": other, "other_device": other_device}
        field, problem = await run_in_threadpool(
            decide, datacenter, session, device_id, record_id, form
        )
        if problem is not None and field is not None:
            typed = {
                "decision": form.get("decision", ""),
                "reason": form.get("reason", "")[: MAX_REASON * 2],
            }
            status = 409 if problem.startswith("console_records.dup_refused") else 400
            return await _pair_page(
                request,
                session,
                device_id,
                record_id,
                (other_device, other),
                status=status,
                errors={field: problem},
                typed=typed,
            )
        return redirect(f"{LIST_PATH}?diputuskan={quote(record_id[:_SHOWN_ID], safe='')}")


__all__ = ["LIST_PATH", "VIEWED", "install", "pair", "waiting", "waiting_count"]
