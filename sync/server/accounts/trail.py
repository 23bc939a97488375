"""The audit trail (``console_audit``): who changed what, written in the change's transaction.

Every room of the data center that changes the office's data writes its line here,
and the console's Audit page reads them back.  The console's refused attempts (a form
without its CSRF token, an operator on an administrator's page) are kept here too, at
most :data:`REFUSALS_KEPT` of them.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from fieldkit.errors import KnownError
from sync.server.store.tables import console_audit

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from sync.server.store.database import SqlStore

log = logging.getLogger(__name__)


def iso_stamp(now: float) -> str:
    """``now`` as the trail and the accounts write it: UTC, to the second, ISO 8601."""
    return dt.datetime.fromtimestamp(now, dt.UTC).replace(microsecond=0).isoformat()


def write_audit(
    conn: Connection,
    now: float,
    *,
    actor: str,
    action: str,
    account: str,
    detail: str | None = None,
) -> None:
    """One line of ``console_audit``, in the caller's transaction, and one log line (no secret)."""
    conn.execute(
        console_audit.insert().values(
            at=iso_stamp(now), actor=actor, action=action, account=account, detail=detail
        )
    )
    log.info("console %s: account %s by %s", action, account, actor)


#: ``console_audit`` actions of an attempt the console refused (issue 46): a form without
#: its CSRF token, and an operator on a page or form for administrators alone.
REFUSED_CSRF = "refused_csrf"
REFUSED_FORBIDDEN = "refused_forbidden"
REFUSAL_ACTIONS = (REFUSED_CSRF, REFUSED_FORBIDDEN)
#: Refusals kept in ``console_audit``; the oldest beyond go as each new one is written.
#: A refusal needs no account (a login form without its token), so whoever can reach the
#: console could write them: at most this many rows (about 2 MB), and at most
#: ``REFUSALS_PER_MINUTE`` of them written a minute by each worker (``pages``), the rest
#: in the log alone.  Nothing else in ``console_audit`` is ever removed.
REFUSALS_KEPT = 10_000


def record_refusal(store: SqlStore, now: float, actor: str, action: str, detail: str) -> None:
    """One refused attempt in ``console_audit``; the refusals beyond ``REFUSALS_KEPT`` go.

    Runs after the refusal was answered (a background task): a database that fails here
    costs the line, never the answer, and is logged.
    """
    refusals = console_audit.c.action.in_(REFUSAL_ACTIONS)
    oldest_kept = (
        sa.select(console_audit.c.id)
        .where(refusals)
        .order_by(console_audit.c.id.desc())
        .offset(REFUSALS_KEPT - 1)
        .limit(1)
        .scalar_subquery()
    )
    try:
        with store.writing() as conn:
            write_audit(conn, now, actor=actor, action=action, account=actor, detail=detail)
            conn.execute(sa.delete(console_audit).where(refusals, console_audit.c.id < oldest_kept))
    except (SQLAlchemyError, KnownError):  # a database that fails; a disk that is full
        log.exception("console: a refused attempt could not be written to console_audit")


def refusals(store: SqlStore, limit: int) -> list[dict[str, Any]]:
    """The newest refused attempts first."""
    query = (
        sa.select(console_audit)
        .where(console_audit.c.action.in_(REFUSAL_ACTIONS))
        .order_by(console_audit.c.id.desc())
        .limit(limit)
    )
    with store.reading() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]
