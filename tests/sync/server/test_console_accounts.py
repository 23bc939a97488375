"""Console accounts and sessions in this process: hashing, lockout, roles, audit, expiry.

Two ``Accounts`` over one database stand for two workers: the lockout is counted in the
database, so it holds across them.  Hashes here use a cheaper Argon2id through the
explicit ``params`` hook; production's parameters are checked on their own.
"""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa

from fieldkit import kdf
from fieldkit.errors import InvalidInput
from sync.server import catalogue
from sync.server.accounts import book as accounts_module
from sync.server.accounts.book import (
    LOCK_S,
    MAX_FAILURES,
    MAX_PASSWORD_CHARS,
    PRODUCTION,
    Accounts,
    HashParams,
    LoginResult,
    State,
    check_password,
    hash_password,
    password_matches,
)
from sync.server.accounts.roles import Actor, Role
from sync.server.console.sessions import Sessions, same_token, token_hash
from sync.server.store.database import SqlStore, sqlite_url
from sync.server.store.tables import console_login_misses, console_sessions

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

CHEAP = HashParams(memory_kib=1024, iterations=1, lanes=1)
ADMIN = Actor("cli:test", Role.ADMIN)
OPERATOR = Actor("budi", Role.OPERATOR)
PASSWORD = "kata-sandi-yang-panjang"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    store = SqlStore(sqlite_url(tmp_path))
    yield store
    store.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(store: SqlStore, clock: Clock) -> Accounts:
    accounts = Accounts(store, params=CHEAP, clock=clock)
    accounts.add("siti", "admin", PASSWORD, by=ADMIN)
    return accounts


def test_production_hashes_are_argon2id_64_mib_3_iterations_4_lanes_16_byte_salt() -> None:
    assert (PRODUCTION.memory_kib, PRODUCTION.iterations, PRODUCTION.lanes) == (65536, 3, 4)
    encoded = hash_password(PASSWORD)
    kind, version, cost, salt, digest = encoded.split("$")[1:]
    assert (kind, version, cost) == ("argon2id", "v=19", "m=65536,t=3,p=4")
    assert len(base64.b64decode(salt + "==")) == 16
    assert len(base64.b64decode(digest + "==")) == 32
    assert password_matches(PASSWORD, encoded)
    assert not password_matches(PASSWORD + "x", encoded)
    assert hash_password(PASSWORD) != encoded, "a new salt each time"


def test_a_stored_hash_is_checked_with_the_cost_it_names(accounts: Accounts) -> None:
    with accounts.store.reading() as conn:
        encoded = conn.execute(sa.text("SELECT password_hash FROM console_accounts")).scalar()
    assert "m=1024,t=1,p=1" in encoded
    assert PASSWORD not in encoded
    assert accounts.login("siti", PASSWORD)[0] is LoginResult.OK


def test_a_password_under_12_characters_is_refused_saying_so() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_password("elevenchars")
    assert refused.value.code == "console_password_too_short"
    assert "12 characters" in refused.value.message
    assert check_password("twelve chars") == "twelve chars"


def test_login_right_wrong_and_unknown(accounts: Accounts) -> None:
    result, account = accounts.login("siti", PASSWORD)
    assert result is LoginResult.OK
    assert account is not None
    assert account.role is Role.ADMIN
    assert account.last_login_at is not None
    assert accounts.login("siti", "not-the-password")[0] is LoginResult.WRONG
    assert accounts.login("nobody", PASSWORD) == (LoginResult.WRONG, None)


def test_five_wrong_passwords_lock_for_five_minutes_across_two_workers(
    store: SqlStore, accounts: Accounts, clock: Clock
) -> None:
    other_worker = Accounts(store, params=CHEAP, clock=clock)
    answers = [
        (accounts if n % 2 else other_worker).login("siti", f"wrong-{n}")[0]
        for n in range(MAX_FAILURES)
    ]
    assert answers == [LoginResult.WRONG] * (MAX_FAILURES - 1) + [LoginResult.LOCKED]
    assert accounts.login("siti", PASSWORD)[0] is LoginResult.LOCKED
    assert other_worker.login("siti", PASSWORD)[0] is LoginResult.LOCKED
    clock.now += LOCK_S - 1
    assert other_worker.login("siti", PASSWORD)[0] is LoginResult.LOCKED
    clock.now += 2
    assert other_worker.login("siti", PASSWORD)[0] is LoginResult.OK
    # The count starts again from nothing after the lock.
    assert [accounts.login("siti", "wrong")[0] for _ in range(MAX_FAILURES - 1)] == [
        LoginResult.WRONG
    ] * (MAX_FAILURES - 1)
    assert accounts.login("siti", PASSWORD)[0] is LoginResult.OK


def test_a_right_password_resets_the_count(accounts: Accounts) -> None:
    for _ in range(MAX_FAILURES - 1):
        assert accounts.login("siti", "wrong")[0] is LoginResult.WRONG
    assert accounts.login("siti", PASSWORD)[0] is LoginResult.OK
    assert accounts.login("siti", "wrong")[0] is LoginResult.WRONG


def test_an_operator_cannot_manage_accounts(accounts: Accounts) -> None:
    accounts.add("budi", "operator", PASSWORD, by=ADMIN)
    for change in (
        lambda: accounts.add("rina", "admin", PASSWORD, by=OPERATOR),
        lambda: accounts.disable("siti", by=OPERATOR),
        lambda: accounts.set_password("siti", PASSWORD + "2", by=OPERATOR),
        lambda: accounts.unlock("siti", by=OPERATOR),
    ):
        with pytest.raises(InvalidInput) as refused:
            change()
        assert refused.value.code == "console_admin_only"
    assert [a.name for a in accounts.list()] == ["budi", "siti"]
    assert accounts.login("siti", PASSWORD)[0] is LoginResult.OK


def test_refusals_name_the_problem(accounts: Accounts) -> None:
    cases = [
        (lambda: accounts.add("siti", "admin", PASSWORD, by=ADMIN), "console_account_exists"),
        (lambda: accounts.add("Bad Name", "admin", PASSWORD, by=ADMIN), "username_invalid"),
        (lambda: accounts.add("rina", "root", PASSWORD, by=ADMIN), "console_role_unknown"),
        (lambda: accounts.disable("nobody", by=ADMIN), "console_account_unknown"),
        (lambda: accounts.set_password("siti", "short", by=ADMIN), "console_password_too_short"),
    ]
    for change, code in cases:
        with pytest.raises(InvalidInput) as refused:
            change()
        assert refused.value.code == code


def test_an_admin_cannot_disable_themself_nor_the_last_active_admin(
    store: SqlStore, accounts: Accounts, clock: Clock
) -> None:
    siti = Actor("siti", Role.ADMIN)
    with pytest.raises(InvalidInput) as refused:
        accounts.disable("siti", by=siti)
    assert refused.value.code == "console_disable_self"
    with pytest.raises(InvalidInput) as refused:
        accounts.disable("siti", by=ADMIN)  # the shell, with siti the only admin
    assert refused.value.code == "console_last_admin"
    assert refused.value.params == {"name": "siti"}
    current = accounts.get("siti")
    assert current is not None
    assert current.state is State.ACTIVE

    # An operator or a disabled admin is no administrator left: still refused.
    accounts.add("budi", "operator", PASSWORD, by=ADMIN)
    accounts.add("rina", "admin", PASSWORD, by=ADMIN)
    accounts.disable("rina", by=siti)
    with pytest.raises(InvalidInput) as refused:
        accounts.disable("siti", by=ADMIN)
    assert refused.value.code == "console_last_admin"

    # With a second active admin, one admin may disable the other.
    accounts.add("dewi", "admin", PASSWORD, by=ADMIN)
    sessions = Sessions(store, clock=clock)
    token, _ = sessions.open("dewi")
    accounts.disable("dewi", by=siti)
    assert sessions.find(token) is None
    assert [(a.name, a.state) for a in accounts.list()] == [
        ("budi", State.ACTIVE),
        ("dewi", State.DISABLED),
        ("rina", State.DISABLED),
        ("siti", State.ACTIVE),
    ]
    refusals = [e for e in accounts.audit() if e["action"] == "account_disabled"]
    assert [(e["actor"], e["account"]) for e in refusals] == [("siti", "dewi"), ("siti", "rina")]


def test_disable_and_a_new_password_end_the_sessions_and_every_change_is_audited(
    store: SqlStore, accounts: Accounts, clock: Clock
) -> None:
    sessions = Sessions(store, clock=clock)
    accounts.add("budi", "operator", PASSWORD, by=ADMIN)
    token, _ = sessions.open("budi")
    for _ in range(MAX_FAILURES):
        accounts.login("siti", "wrong")
    accounts.set_password("siti", PASSWORD + "-baru", by=ADMIN)
    assert accounts.login("siti", PASSWORD + "-baru")[0] is LoginResult.OK, "unlocked"
    accounts.disable("budi", by=ADMIN)
    assert sessions.find(token) is None
    assert accounts.login("budi", PASSWORD)[0] is LoginResult.WRONG
    disabled = accounts.get("budi")
    assert disabled is not None
    assert disabled.state is State.DISABLED
    trail = [(e["actor"], e["action"], e["account"]) for e in reversed(accounts.audit())]
    assert trail == [
        ("cli:test", "account_added", "siti"),
        ("cli:test", "account_added", "budi"),
        *[("siti", "login_failed", "siti")] * (MAX_FAILURES - 1),
        ("siti", "locked", "siti"),
        ("cli:test", "password_changed", "siti"),
        ("siti", "login", "siti"),
        ("cli:test", "account_disabled", "budi"),
    ]
    assert not any(PASSWORD in str(e) for e in accounts.audit())


def test_another_admin_unlocks_a_locked_admin_at_once_and_the_audit_says_who(
    store: SqlStore, accounts: Accounts, clock: Clock
) -> None:
    accounts.add("dewi", "admin", PASSWORD, by=ADMIN)
    for _ in range(MAX_FAILURES):
        accounts.login("siti", "wrong")
    assert accounts.login("siti", PASSWORD)[0] is LoginResult.LOCKED
    other_worker = Accounts(store, params=CHEAP, clock=clock)
    other_worker.unlock("siti", by=Actor("dewi", Role.ADMIN))
    assert accounts.login("siti", PASSWORD)[0] is LoginResult.OK  # no waiting, same password
    # The count of wrong passwords starts again from nothing.
    assert [accounts.login("siti", "wrong")[0] for _ in range(MAX_FAILURES - 1)] == [
        LoginResult.WRONG
    ] * (MAX_FAILURES - 1)
    unlocked = [e for e in accounts.audit() if e["action"] == "account_unlocked"]
    assert [(e["actor"], e["account"]) for e in unlocked] == [("dewi", "siti")]


def test_unlocking_an_account_that_is_not_locked_is_refused_and_changes_nothing(
    accounts: Accounts, clock: Clock
) -> None:
    for name, code in (
        ("siti", "console_account_not_locked"),
        ("nobody", "console_account_unknown"),
    ):
        with pytest.raises(InvalidInput) as refused:
            accounts.unlock(name, by=ADMIN)
        assert (refused.value.code, refused.value.params) == (code, {"name": name})
    for _ in range(MAX_FAILURES):
        accounts.login("siti", "wrong")
    clock.now += LOCK_S + 1  # the lock ran out by itself: nothing left to unlock
    with pytest.raises(InvalidInput) as refused:
        accounts.unlock("siti", by=ADMIN)
    assert refused.value.code == "console_account_not_locked"
    assert not [e for e in accounts.audit() if e["action"] == "account_unlocked"]


def test_a_session_ends_after_its_idle_time_or_its_lifetime(
    store: SqlStore, accounts: Accounts, clock: Clock
) -> None:
    sessions = Sessions(store, idle_s=60, lifetime_s=600, clock=clock)
    token, opened = sessions.open("siti")
    with store.reading() as conn:
        kept = conn.execute(sa.select(console_sessions.c.token_hash)).scalars().all()
    assert kept == [token_hash(token)], "only the token's hash is kept"
    clock.now += 59
    found = sessions.find(token)
    assert found is not None
    assert found.csrf == opened.csrf
    assert same_token(found.csrf, opened.csrf)
    assert not same_token(None, opened.csrf)
    clock.now += 59  # idle 59 s again: still alive, each request restarts the idle time
    assert sessions.find(token) is not None
    clock.now += 61
    assert sessions.find(token) is None
    assert sessions.find(token) is None, "and it is gone"

    token, _ = sessions.open("siti")
    for _ in range(10):
        clock.now += 55
        assert sessions.find(token) is not None
    clock.now += 55  # 605 s after the login: past its lifetime however busy
    assert sessions.find(token) is None


def test_logout_ends_the_session_and_is_audited(
    store: SqlStore, accounts: Accounts, clock: Clock
) -> None:
    sessions = Sessions(store, clock=clock)
    token, _ = sessions.open("siti")
    sessions.close(token)
    assert sessions.find(token) is None
    assert accounts.audit(limit=1)[0]["action"] == "logout"


def test_every_console_sentence_has_its_indonesian() -> None:
    from fieldkit import sentences

    ours = [s for s in sentences.registered() if s.code.startswith(("console", "dc.console"))]
    assert len(ours) > 40
    missing = [s.code for s in ours if (s.context, s.code) not in catalogue.indonesian()]
    assert missing == []
    assert catalogue.text("id", "console.nav_home") == "Beranda"
    assert catalogue.text("en", "console.nav_home") == "Home"
    assert catalogue.text("id", "console.signed_in_as", {"name": "siti", "role": "x"}) == (
        "Masuk sebagai siti (x)"
    )


# --- a real name and an unknown one answer alike (issue 46) -----------------------------

LONG = "x" * (MAX_PASSWORD_CHARS + 76)


def _journey(store: SqlStore, clock: Clock, name: str) -> list[tuple[LoginResult, bool, int]]:
    """(answer, whether an account came back, Argon2id calls) of each attempt under ``name``.

    A fresh ``Accounts`` (a worker just started) each time: the first attempt of a process
    once cost an unknown name two Argon2id calls (the decoy made on first use).
    """
    worker = Accounts(store, params=CHEAP, clock=clock)
    attempts = [LONG] + [f"wrong-{n}" for n in range(MAX_FAILURES + 1)] + [PASSWORD, LONG]
    steps = []
    for password in attempts:
        before = kdf.calls()
        result, account = worker.login(name, password)
        steps.append((result, account is not None, kdf.calls() - before))
    return steps


def test_a_real_an_unknown_and_a_disabled_name_get_the_same_answers_for_the_same_work(
    store: SqlStore, accounts: Accounts, clock: Clock
) -> None:
    """Long passwords, wrong ones past the lockout, the right one while locked: alike."""
    accounts.add("budi", "admin", PASSWORD, by=ADMIN)
    accounts.disable("budi", by=ADMIN)
    real = _journey(store, clock, "siti")
    wrong, locked = (LoginResult.WRONG, False, 1), (LoginResult.LOCKED, False, 1)
    # The long password is the first failure: the fifth attempt locks.
    assert real == [wrong] * (MAX_FAILURES - 1) + [locked] * 5
    assert _journey(store, clock, "nobody") == real
    assert _journey(store, clock, "budi") == real
    # Five minutes later each counts again from nothing, as a real account does.
    clock.now += LOCK_S + 1
    assert accounts.login("nobody", "wrong")[0] is LoginResult.WRONG
    assert accounts.login("siti", PASSWORD)[0] is LoginResult.OK


def test_an_unknown_name_is_locked_on_every_worker_and_the_misses_stay_bounded(
    store: SqlStore, accounts: Accounts, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    other_worker = Accounts(store, params=CHEAP, clock=clock)
    answers = [
        (accounts if n % 2 else other_worker).login("nobody", f"wrong-{n}")[0]
        for n in range(MAX_FAILURES)
    ]
    assert answers == [LoginResult.WRONG] * (MAX_FAILURES - 1) + [LoginResult.LOCKED]
    with store.reading() as conn:
        (row,) = conn.execute(sa.select(console_login_misses)).mappings().all()
    assert row["name_hash"] == hashlib.sha256(b"nobody").hexdigest(), "never the name itself"
    # Past the bound the oldest names go first, a locked one last.
    monkeypatch.setattr(accounts_module, "MAX_MISSED_NAMES", 3)
    for n in range(5):
        clock.now += 1
        accounts.login(f"tamu-{n}", "wrong")
    with store.reading() as conn:
        kept = conn.execute(sa.select(console_login_misses.c.name_hash)).scalars().all()
    assert sorted(kept) == sorted(
        hashlib.sha256(name.encode()).hexdigest() for name in ("nobody", "tamu-3", "tamu-4")
    )
    assert accounts.login("nobody", PASSWORD)[0] is LoginResult.LOCKED
