"""Console sessions: a random token in a cookie, only its SHA-256 in the database.

A session ends after ``idle_s`` without a request (30 minutes unless the office sets
``FIELDKIT_DATACENTER_CONSOLE_IDLE_MINUTES``) and in any case 12 hours after the login.
Each session has its own CSRF token, which every form of the console carries and every
POST must return.  The rows are in the database, so any worker honours any session.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from sync.server.accounts.book import State
from sync.server.accounts.roles import Role
from sync.server.accounts.trail import write_audit
from sync.server.store.tables import console_accounts, console_sessions

if TYPE_CHECKING:
    from collections.abc import Callable

    from sync.server.store.database import SqlStore

log = logging.getLogger(__name__)

IDLE_S = 30 * 60.0
LIFETIME_S = 12 * 3600.0
IDLE_MINUTES_ENV = "FIELDKIT_DATACENTER_CONSOLE_IDLE_MINUTES"
_TOKEN_BYTES = 32


def new_token() -> str:
    """32 random bytes, URL-safe base64 (a cookie's value or a form's hidden field)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(_TOKEN_BYTES)).decode("ascii").rstrip("=")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def same_token(given: str | None, expected: str | None) -> bool:
    """Constant-time equality of two tokens; a missing one is never equal."""
    if not given or not expected:
        return False
    return hmac.compare_digest(
        given.encode("ascii", "replace"), expected.encode("ascii", "replace")
    )


@dataclass(frozen=True)
class Session:
    account: str
    role: Role
    csrf: str


class Sessions:
    def __init__(
        self,
        store: SqlStore,
        *,
        idle_s: float = IDLE_S,
        lifetime_s: float = LIFETIME_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.idle_s = idle_s
        self.lifetime_s = lifetime_s
        self.clock = clock

    def open(self, account: str) -> tuple[str, Session]:
        """A new session for ``account``: the cookie's token (shown once) and the session."""
        token, csrf = new_token(), new_token()
        now = self.clock()
        with self.store.writing() as conn:
            role = conn.execute(
                sa.select(console_accounts.c.role).where(console_accounts.c.name == account)
            ).scalar_one()
            # Sessions past their time are swept as new ones open: the table stays small.
            conn.execute(
                console_sessions.delete().where(
                    sa.or_(
                        console_sessions.c.last_seen < now - self.idle_s,
                        console_sessions.c.created_at < now - self.lifetime_s,
                    )
                )
            )
            conn.execute(
                console_sessions.insert().values(
                    token_hash=token_hash(token),
                    account=account,
                    csrf=csrf,
                    created_at=now,
                    last_seen=now,
                )
            )
        return token, Session(account, Role(role), csrf)

    def find(self, token: str | None) -> Session | None:
        """The live session of this cookie, its idle time restarted; None for any other."""
        if not token:
            return None
        now = self.clock()
        key = token_hash(token)
        with self.store.writing() as conn:
            row = (
                conn.execute(
                    sa.select(
                        console_sessions,
                        console_accounts.c.role,
                        console_accounts.c.state,
                    )
                    .join(console_accounts, console_accounts.c.name == console_sessions.c.account)
                    .where(console_sessions.c.token_hash == key)
                )
                .mappings()
                .first()
            )
            if row is None:
                return None
            expired = (
                now - row["last_seen"] > self.idle_s or now - row["created_at"] > self.lifetime_s
            )
            if expired or row["state"] != State.ACTIVE.value:
                conn.execute(console_sessions.delete().where(console_sessions.c.token_hash == key))
                log.info("console session of %s ended (idle or expired)", row["account"])
                return None
            conn.execute(
                console_sessions.update()
                .where(console_sessions.c.token_hash == key)
                .values(last_seen=now)
            )
        return Session(row["account"], Role(row["role"]), row["csrf"])

    def close(self, token: str | None) -> None:
        """Log out: the session's row is deleted, and the logout audited with its account."""
        if not token:
            return
        key = token_hash(token)
        with self.store.writing() as conn:
            account = conn.execute(
                sa.select(console_sessions.c.account).where(console_sessions.c.token_hash == key)
            ).scalar()
            if account is None:
                return
            conn.execute(console_sessions.delete().where(console_sessions.c.token_hash == key))
            write_audit(conn, self.clock(), actor=account, action="logout", account=account)
