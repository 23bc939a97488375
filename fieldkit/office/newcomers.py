"""An officer the office added sets their password here: the first login with a one-time code.

The package carries only an Argon2id hash of the code.  The officer types it on a
laptop where a colleague is logged in (the code authorises, not the colleague's
role); five wrong codes lock that first login until the office sends a new code.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit import audit
from fieldkit import kdf as argon2
from fieldkit.accounts import new_slot
from fieldkit.errors import KnownError
from fieldkit.events import OfficersChanged
from fieldkit.office import sentences  # noqa: F401 - registers the sentences
from fieldkit.office_sent import FirstLoginCode
from fieldkit.officers import OfficerInfo, check_new_password, normalise_first_login_code
from fieldkit.store.models import Officer

if TYPE_CHECKING:
    from fieldkit.store.keyring import KdfParams
    from fieldkit.workspace import Workspace

#: Wrong codes before the first login is locked until the office sends a new code.
MAX_FAILURES = 5
#: The audit action of a first login, and its detail naming the code used (the salt the
#: office drew for it, never the code): the health report tells the office (issue 56.4).
FIRST_LOGIN_ACTION = "officer.first_login"
CODE_DETAIL = "code"


class FirstLoginRefused(KnownError):
    """The code is wrong, expired or locked, or no first login waits for that name."""


def pending_officers(ws: Workspace) -> list[OfficerInfo]:
    """Officers the office added who have not made their first login on this laptop."""
    with ws.transaction() as session:
        rows = session.execute(
            sa.select(Officer).where(Officer.pending.is_(True)).order_by(Officer.username)
        ).scalars()
        return [OfficerInfo.from_row(row) for row in rows]


def first_login(
    ws: Workspace,
    username: str,
    code: str,
    new_password: str,
    *,
    kdf: KdfParams | None = None,
    now: dt.datetime | None = None,
) -> OfficerInfo:
    """Check the one-time code, give the officer a keyring slot with ``new_password``.

    ``kdf`` is the cost of the new slot (tests pass a cheap one).  A wrong code counts
    toward the lock and is committed before the refusal is raised.
    """
    now = now or dt.datetime.now(dt.UTC)
    with ws.transaction() as session:
        entry = _entry(session, username)
        if entry.locked:
            raise FirstLoginRefused(code="first_login_locked", params={"username": username})
        if entry.expires_at is not None and entry.expires_at <= now:
            raise FirstLoginRefused(
                code="first_login_code_expired",
                params={"expires": entry.expires_at.date().isoformat()},
            )
        ok = _code_matches(entry, code)
        if not ok:
            entry.failures += 1
            entry.locked = entry.failures >= MAX_FAILURES
            audit.append(
                session,
                ws.officer.username,
                "officer.first_login_failed",
                username,
                {"failures": entry.failures, "locked": entry.locked},
            )
            failures = entry.failures
    if not ok:
        raise FirstLoginRefused(
            code="first_login_code_wrong",
            params={"failures": failures, "limit": MAX_FAILURES},
        )
    check_new_password(new_password)
    with new_slot(ws, username, new_password, kdf), ws.transaction() as session:
        entry = _entry(session, username)
        row = session.execute(sa.select(Officer).where(Officer.username == username)).scalar_one()
        row.pending, row.active = False, True
        used = entry.salt  # which of the office's codes: the next health report says so
        session.delete(entry)
        audit.append(
            session, ws.officer.username, FIRST_LOGIN_ACTION, username, {CODE_DETAIL: used}
        )
        session.flush()
        info = OfficerInfo.from_row(row)
    ws.events.emit(OfficersChanged())
    return info


def _entry(session: sa.orm.Session, username: str) -> FirstLoginCode:
    entry = session.get(FirstLoginCode, username)
    row = session.execute(
        sa.select(Officer).where(Officer.username == username)
    ).scalar_one_or_none()
    if row is not None and row.pending and entry is None:
        # The office withdrew the code: used on another laptop, or replaced (issue 56.4).
        raise FirstLoginRefused(code="first_login_code_used", params={"username": username})
    if entry is None or row is None or not row.pending:
        raise FirstLoginRefused(code="first_login_not_pending", params={"username": username})
    return entry


def _code_matches(entry: FirstLoginCode, code: str) -> bool:
    return argon2.matches(
        normalise_first_login_code(code).encode("utf-8"),
        base64.b64decode(entry.hash),
        salt=base64.b64decode(entry.salt),
        length=32,
        iterations=entry.iterations,
        lanes=entry.lanes,
        memory_kib=entry.memory_kib,
    )
