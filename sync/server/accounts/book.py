"""Console accounts: Argon2id passwords, a lockout every worker sees, each change audited.

The office's people log in to the console with these accounts, apart from the laptops'
device keys.  Everything an account is (its hash, its failures, its lock) lives in the
database, never in a worker's memory: five wrong passwords lock the account for five
minutes on every process of ``serve --workers N``.  Every change is written to
``console_audit`` with the name of who made it, in the change's own transaction.  Plain
functions over the store (no web framework), so ``fieldkit-datacenter users``, the
console's pages and the tests call the same code.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from fieldkit import kdf as argon2
from fieldkit.errors import InvalidInput
from fieldkit.officers import check_username
from sync.server.accounts import sentences  # noqa: F401 - registers the refusals' words
from sync.server.accounts.roles import Actor, Role, parse_role
from sync.server.accounts.trail import iso_stamp, write_audit
from sync.server.store.tables import (
    console_accounts,
    console_audit,
    console_login_misses,
    console_sessions,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.engine import Connection

    from sync.server.store.database import SqlStore

log = logging.getLogger(__name__)

MIN_PASSWORD_CHARS = 12
#: Long enough for any passphrase; bounds the work one login attempt can ask for.
MAX_PASSWORD_CHARS = 1024
MAX_FAILURES = 5
LOCK_S = 5 * 60.0
#: Names with no active account whose failures are remembered (``console_login_misses``);
#: past this the oldest unlocked ones are forgotten first.  Forgetting one costs an
#: attacker this many fresh names, each one Argon2id check of the server's time.
MAX_MISSED_NAMES = 10_000


class State(enum.StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"


@dataclass(frozen=True)
class HashParams:
    """Argon2id's cost: what every stored hash names in its PHC string."""

    memory_kib: int
    iterations: int
    lanes: int
    salt_bytes: int = 16
    length: int = 32


#: The production cost (64 MiB, 3 iterations, 4 lanes, a 16-byte salt), as for the
#: officers' first-login codes.  Only a test passes other parameters, to :class:`Accounts`.
PRODUCTION = HashParams(memory_kib=65536, iterations=3, lanes=4)


def hash_password(password: str, params: HashParams = PRODUCTION) -> str:
    """The password's Argon2id PHC string (``$argon2id$v=19$m=…,t=…,p=…$salt$hash``)."""
    return argon2.hash_phc(
        password.encode("utf-8"),
        iterations=params.iterations,
        lanes=params.lanes,
        memory_kib=params.memory_kib,
        salt_bytes=params.salt_bytes,
        length=params.length,
    )


def password_matches(password: str, encoded: str) -> bool:
    """Whether ``password`` is the one hashed in ``encoded``; the comparison is constant-time."""
    return argon2.verify_phc(password.encode("utf-8"), encoded)


def check_password(password: str) -> str:
    """A new password: at least 12 characters (the refusal says so), at most 1024."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise InvalidInput(code="console_password_too_short", params={"min": MIN_PASSWORD_CHARS})
    if len(password) > MAX_PASSWORD_CHARS:
        raise InvalidInput(code="console_password_too_long", params={"max": MAX_PASSWORD_CHARS})
    return password


@dataclass(frozen=True)
class Account:
    name: str
    role: Role
    state: State
    locked_until: float | None
    last_login_at: str | None
    created_at: str


class LoginResult(enum.Enum):
    OK = "ok"
    #: A wrong password, an unknown or a disabled account: one answer, so none is revealed.
    WRONG = "wrong"
    #: Five wrong passwords in a row under one name, real or not (see :meth:`Accounts.login`).
    LOCKED = "locked"


class Accounts:
    """The console's accounts in the data center's store; each change one transaction.

    ``params`` is the Argon2id cost of new hashes: production's unless a test says
    otherwise.  A stored hash is always checked with the cost it names.
    """

    def __init__(
        self,
        store: SqlStore,
        *,
        params: HashParams = PRODUCTION,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.params = params
        self.clock = clock
        # Checked against when there is no account's hash to check (an unknown or disabled
        # name, a password over the length limit), so every login costs one Argon2id check
        # of the same cost.  Made now, at start-up: made on first use, it made the first
        # unknown name of each process twice as slow as a real one.
        self._decoy = hash_password(secrets.token_urlsafe(16), params)

    # --- the audit trail -------------------------------------------------------------

    def _audit(
        self, conn: Connection, actor: str, action: str, account: str, detail: str | None = None
    ) -> None:
        write_audit(conn, self.clock(), actor=actor, action=action, account=account, detail=detail)

    def audit(self, limit: int = 200) -> list[dict[str, Any]]:
        """The newest entries first."""
        query = sa.select(console_audit).order_by(console_audit.c.id.desc()).limit(limit)
        with self.store.reading() as conn:
            return [dict(row) for row in conn.execute(query).mappings()]

    # --- managing accounts (admins only) -----------------------------------------------

    @staticmethod
    def _admin(actor: Actor) -> None:
        if actor.role is not Role.ADMIN:
            log.info("console: %s (an operator) may not manage accounts", actor.name)
            raise InvalidInput(code="console_admin_only")

    def _row(self, conn: Connection, name: str) -> Any:
        row = (
            conn.execute(sa.select(console_accounts).where(console_accounts.c.name == name))
            .mappings()
            .first()
        )
        if row is None:
            raise InvalidInput(code="console_account_unknown", params={"name": name})
        return row

    def add(self, name: str, role: str, password: str, *, by: Actor) -> Account:
        self._admin(by)
        name = check_username(name)
        checked_role = parse_role(role)
        encoded = hash_password(check_password(password), self.params)
        stamp = iso_stamp(self.clock())
        with self.store.writing() as conn:
            exists = conn.execute(
                sa.select(console_accounts.c.name).where(console_accounts.c.name == name)
            ).first()
            if exists is not None:
                raise InvalidInput(code="console_account_exists", params={"name": name})
            conn.execute(
                console_accounts.insert().values(
                    name=name,
                    role=checked_role.value,
                    password_hash=encoded,
                    state=State.ACTIVE.value,
                    failures=0,
                    created_at=stamp,
                    changed_at=stamp,
                )
            )
            self._audit(conn, by.name, "account_added", name, checked_role.value)
        return Account(name, checked_role, State.ACTIVE, None, None, stamp)

    def disable(self, name: str, *, by: Actor) -> None:
        """The account logs in no more; its open sessions end now.

        An administrator cannot disable their own account, nor the last active
        administrator (the shell's included): the office would be left with no one who
        may manage accounts but the server's terminal.  Checked here, so the console
        and ``users disable`` refuse alike.
        """
        self._admin(by)
        if name == by.name:
            raise InvalidInput(code="console_disable_self", params={"name": name})
        with self.store.writing() as conn:
            row = self._row(conn, name)
            if row["role"] == Role.ADMIN.value and row["state"] == State.ACTIVE.value:
                self._other_admin_left(conn, name)
            conn.execute(
                console_accounts.update()
                .where(console_accounts.c.name == name)
                .values(state=State.DISABLED.value, changed_at=iso_stamp(self.clock()))
            )
            conn.execute(console_sessions.delete().where(console_sessions.c.account == name))
            self._audit(conn, by.name, "account_disabled", name)

    @staticmethod
    def _other_admin_left(conn: Connection, name: str) -> None:
        """Refuse unless an active administrator other than ``name`` remains.

        The active administrators' rows are locked (PostgreSQL; SQLite has one writer)
        until the transaction ends, so two administrators disabling each other at once
        on two workers cannot both succeed.
        """
        others = (
            conn.execute(
                sa.select(console_accounts.c.name)
                .where(
                    console_accounts.c.role == Role.ADMIN.value,
                    console_accounts.c.state == State.ACTIVE.value,
                )
                .with_for_update()
            )
            .scalars()
            .all()
        )
        if not [other for other in others if other != name]:
            raise InvalidInput(code="console_last_admin", params={"name": name})

    def set_password(self, name: str, password: str, *, by: Actor) -> None:
        """A new password: the lock and the failures are cleared, open sessions end."""
        self._admin(by)
        encoded = hash_password(check_password(password), self.params)
        with self.store.writing() as conn:
            self._row(conn, name)
            conn.execute(
                console_accounts.update()
                .where(console_accounts.c.name == name)
                .values(
                    password_hash=encoded,
                    failures=0,
                    locked_until=None,
                    changed_at=iso_stamp(self.clock()),
                )
            )
            conn.execute(console_sessions.delete().where(console_sessions.c.account == name))
            self._audit(conn, by.name, "password_changed", name)

    def unlock(self, name: str, *, by: Actor) -> None:
        """Let a locked account log in again now, its count of wrong passwords cleared.

        An administrator locked out by wrong passwords (someone guessing, or their own
        fingers) need not wait for the lock to run out, nor have a new password set:
        another administrator lets them in again, and the audit says who did.  An account
        that is not locked is refused, so the audit never holds an unlock that did nothing.
        The clear is conditional on the lock still standing, so that of two administrators
        pressing at once (on PostgreSQL both transactions read the lock) exactly one
        clears it and the other is told it is not locked.
        """
        self._admin(by)
        now = self.clock()
        with self.store.writing() as conn:
            self._row(conn, name)
            cleared = conn.execute(
                console_accounts.update()
                .where(
                    console_accounts.c.name == name,
                    console_accounts.c.locked_until.is_not(None),
                    console_accounts.c.locked_until > now,
                )
                .values(failures=0, locked_until=None, changed_at=iso_stamp(now))
            )
            if cleared.rowcount != 1:
                raise InvalidInput(code="console_account_not_locked", params={"name": name})
            self._audit(conn, by.name, "account_unlocked", name)

    def list(self) -> list[Account]:
        with self.store.reading() as conn:
            rows = conn.execute(
                sa.select(console_accounts).order_by(console_accounts.c.name)
            ).mappings()
            return [self._account(row) for row in rows]

    def get(self, name: str) -> Account | None:
        with self.store.reading() as conn:
            row = (
                conn.execute(sa.select(console_accounts).where(console_accounts.c.name == name))
                .mappings()
                .first()
            )
        return None if row is None else self._account(row)

    @staticmethod
    def _account(row: Any) -> Account:
        return Account(
            name=row["name"],
            role=Role(row["role"]),
            state=State(row["state"]),
            locked_until=row["locked_until"],
            last_login_at=row["last_login_at"],
            created_at=row["created_at"],
        )

    # --- logging in --------------------------------------------------------------------

    def login(self, name: str, password: str) -> tuple[LoginResult, Account | None]:
        """Check a login; the fifth wrong password in a row locks the name for five minutes.

        Nothing in the answer tells whether the name has an account (issue 46).  Every
        attempt costs exactly one Argon2id check of the same cost: against the account's
        hash, or against the decoy when there is none (an unknown or disabled name) or the
        password is longer than any we accept, and also while the name is locked.  And an
        unknown name counts its failures and locks exactly as a real account does, in
        ``console_login_misses`` (by the name's SHA-256, shared by every worker): after
        five wrong passwords both are "locked for five minutes".  So the real person who
        mistyped is still told why their right password is refused, and the words tell an
        attacker nothing the attacker did not already know.

        The password is checked outside any transaction (it takes a fifth of a second);
        the failure is then counted with one ``UPDATE … failures + 1`` (or its upsert),
        which the database serialises however many workers count at once.  A locked
        name is refused (its failures not counted) however right the password, and a
        right password that arrives while another worker locks the account is refused too.
        """
        now = self.clock()
        with self.store.reading() as conn:
            row = (
                conn.execute(sa.select(console_accounts).where(console_accounts.c.name == name))
                .mappings()
                .first()
            )
        real = row is not None and row["state"] == State.ACTIVE.value
        checkable = real and len(password) <= MAX_PASSWORD_CHARS
        encoded = row["password_hash"] if checkable and row is not None else self._decoy
        # Cut to just over the limit: a longer password costs no more (the decoy's answer
        # is ignored), and one within it is checked whole.
        right = password_matches(password[: MAX_PASSWORD_CHARS + 1], encoded) and checkable
        with self.store.writing() as conn:
            if not real:
                return self._missed(conn, name, now), None
            if self._locked(conn, name, now):
                return LoginResult.LOCKED, None
            if right:
                return self._succeeded(conn, name, now)
            return self._failed(conn, name, now), None

    @staticmethod
    def _locked(conn: Connection, name: str, now: float) -> bool:
        locked = conn.execute(
            sa.select(console_accounts.c.locked_until).where(console_accounts.c.name == name)
        ).scalar()
        return locked is not None and locked > now

    def _succeeded(
        self, conn: Connection, name: str, now: float
    ) -> tuple[LoginResult, Account | None]:
        stamp = iso_stamp(now)
        conn.execute(
            console_accounts.update()
            .where(console_accounts.c.name == name)
            .values(failures=0, locked_until=None, last_login_at=stamp)
        )
        self._audit(conn, name, "login", name)
        return LoginResult.OK, self._account(self._row(conn, name))

    def _failed(self, conn: Connection, name: str, now: float) -> LoginResult:
        failures = conn.execute(
            console_accounts.update()
            .where(console_accounts.c.name == name)
            .values(failures=console_accounts.c.failures + 1)
            .returning(console_accounts.c.failures)
        ).scalar_one()
        if failures < MAX_FAILURES:
            self._audit(conn, name, "login_failed", name, f"failure {failures}")
            return LoginResult.WRONG
        conn.execute(
            console_accounts.update()
            .where(console_accounts.c.name == name)
            .values(failures=0, locked_until=now + LOCK_S)
        )
        self._audit(conn, name, "locked", name, f"{MAX_FAILURES} wrong passwords")
        return LoginResult.LOCKED

    def _missed(self, conn: Connection, name: str, now: float) -> LoginResult:
        """A failure under a name with no active account, counted as :meth:`_failed` does.

        Not audited under the name (it may be a password typed in the wrong box, and
        ``console_audit`` would fill with an attacker's guesses); one log line without it.
        """
        misses = console_login_misses
        key = hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()
        locked = conn.execute(
            sa.select(misses.c.locked_until).where(misses.c.name_hash == key)
        ).scalar()
        if locked is not None and locked > now:
            return LoginResult.LOCKED
        failures = conn.execute(
            self.store.upsert(misses)
            .values(name_hash=key, failures=1, locked_until=None, last_at=now)
            .on_conflict_do_update(
                index_elements=[misses.c.name_hash],
                set_={"failures": misses.c.failures + 1, "last_at": now},
            )
            .returning(misses.c.failures)
        ).scalar_one()
        if failures == 1:
            self._forget_old_misses(conn, now)
        if failures < MAX_FAILURES:
            log.info("console: login failed under a name with no active account")
            return LoginResult.WRONG
        conn.execute(
            misses.update()
            .where(misses.c.name_hash == key)
            .values(failures=0, locked_until=now + LOCK_S)
        )
        log.info("console: a name with no active account locked (%d wrong passwords)", failures)
        return LoginResult.LOCKED

    @staticmethod
    def _forget_old_misses(conn: Connection, now: float) -> None:
        """Keep ``console_login_misses`` small: a name's row as it starts counting again.

        A row whose lock has run out and that has counted nothing since is the same as
        no row, so it goes.  Past :data:`MAX_MISSED_NAMES` rows the oldest go too, those
        still locked last.
        """
        misses = console_login_misses
        conn.execute(
            misses.delete().where(
                misses.c.failures == 0,
                misses.c.locked_until.is_not(None),
                misses.c.locked_until <= now,
            )
        )
        kept = conn.execute(sa.select(sa.func.count()).select_from(misses)).scalar_one()
        if kept <= MAX_MISSED_NAMES:
            return
        still_locked = sa.case((misses.c.locked_until > now, 1), else_=0)
        oldest = (
            sa.select(misses.c.name_hash)
            .order_by(still_locked, misses.c.last_at)
            .limit(kept - MAX_MISSED_NAMES)
        )
        conn.execute(misses.delete().where(misses.c.name_hash.in_(oldest.scalar_subquery())))
