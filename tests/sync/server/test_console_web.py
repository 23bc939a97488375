"""The office's console against the real service over HTTPS (SQLite and PostgreSQL).

Login right and wrong, the lockout seen by a second worker, CSRF refused, a session
ended by its idle time, the laptops' signed requests and the console's cookie kept
apart, Beranda's counts, and every word of an Indonesian page from the catalogue.
"""

from __future__ import annotations

import re
import time
from http.cookies import SimpleCookie
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import sqlalchemy as sa

import sync.server.console as console_package
from fieldkit import sentences
from sync.server import catalogue
from sync.server.accounts.book import LOCK_S, MAX_FAILURES
from sync.server.console import web as web  # noqa: PLC0414 - every screen's sentences registered
from sync.server.console.pages import LANGUAGE_COOKIE, LOGIN_COOKIE, SESSION_COOKIE
from sync.server.store.tables import console_accounts, console_sessions
from tests.sync.server.consolesupport import (
    PASSWORD,
    add_account,
    csrf_of,
    database,
    foreign,
    log_in,
    started,
    visible_text,
)
from tests.sync.server.dcsupport import DataCenterProcess, Laptop, dc_cli, new_code, postgres

if TYPE_CHECKING:
    from collections.abc import Callable

OK, REDIRECT, UNAUTHORIZED, FORBIDDEN = 200, 303, 401, 403
#: The console's contexts and each screen's (``console_<screen>``): Beranda shows
#: the Laptop screen's.
CONSOLE = {s.context for s in sentences.registered() if s.context.partition("_")[0] == "console"}


def _set_cookies(response: httpx.Response) -> dict[str, Any]:
    cookies: dict[str, Any] = {}
    for header in response.headers.get_list("set-cookie"):
        parsed = SimpleCookie()
        parsed.load(header)
        cookies.update(parsed)
    return cookies


def test_login_right_and_wrong_and_logout(start_datacenter: Callable[..., Any]) -> None:
    server = started(start_datacenter, siti="admin")
    with server.client() as client:
        first = client.get("/")
        assert (first.status_code, first.headers["location"]) == (REDIRECT, "/masuk")

        form = client.get("/masuk")
        login_cookie = _set_cookies(form)[LOGIN_COOKIE]
        assert login_cookie["secure"]
        assert login_cookie["httponly"]
        assert login_cookie["samesite"].lower() == "strict"
        assert form.headers["content-security-policy"].startswith("default-src 'none'")

        wrong = log_in(client, "siti", "bukan-kata-sandinya")
        assert wrong.status_code == UNAUTHORIZED
        assert "Nama akun atau kata sandi salah." in wrong.text
        assert SESSION_COOKIE not in client.cookies
        unknown = log_in(client, "tidak-ada", PASSWORD)
        assert unknown.status_code == UNAUTHORIZED
        assert "Nama akun atau kata sandi salah." in unknown.text

        right = log_in(client, "siti")
        assert (right.status_code, right.headers["location"]) == (REDIRECT, "/")
        session_cookie = _set_cookies(right)[SESSION_COOKIE]
        assert session_cookie["secure"]
        assert session_cookie["httponly"]
        assert session_cookie["samesite"].lower() == "strict"
        assert session_cookie["path"] == "/"
        assert len(session_cookie.value) >= 43, "32 random bytes"

        home = client.get("/")
        assert home.status_code == OK
        assert "<h1>Beranda</h1>" in home.text
        assert "Masuk sebagai siti (administrator)" in home.text
        assert client.get("/masuk").headers["location"] == "/"

        out = client.post("/keluar", data={"csrf": csrf_of(home)})
        assert (out.status_code, out.headers["location"]) == (REDIRECT, "/masuk?keluar=1")
        # Said as news (a status), not as an alarm: nothing went wrong.
        assert (
            '<p class="info" role="status">Anda sudah keluar.</p>'
            in client.get("/masuk?keluar=1").text
        )
        assert client.get("/").status_code == REDIRECT
    with database(server) as engine, engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(console_sessions)).scalar() == 0


def test_forms_without_their_csrf_token_are_refused(start_datacenter: Callable[..., Any]) -> None:
    server = started(start_datacenter, siti="admin")
    with server.client() as client:
        client.get("/masuk")  # the pre-session cookie, but not its field
        for data in (
            {"name": "siti", "password": PASSWORD},
            {"csrf": "not-the-token", "name": "siti", "password": PASSWORD},
        ):
            refused = client.post("/masuk", data=data)
            assert refused.status_code == FORBIDDEN
            assert "Permintaan ditolak" in refused.text
            assert SESSION_COOKIE not in _set_cookies(refused)
        # The right field but no cookie: another site cannot read the cookie to copy it.
        form = client.get("/masuk")
        token = csrf_of(form)
        client.cookies.delete(LOGIN_COOKIE)
        refused = client.post("/masuk", data={"csrf": token, "name": "siti", "password": PASSWORD})
        assert refused.status_code == FORBIDDEN

        assert log_in(client, "siti").status_code == REDIRECT
        home = client.get("/")
        for data in ({}, {"csrf": "not-the-token"}, {"csrf": csrf_of(form)}):
            refused = client.post("/keluar", data=data)
            assert refused.status_code == FORBIDDEN
            assert "Formulir ini sudah kedaluwarsa" in refused.text
        assert client.get("/").status_code == OK, "still logged in"
        assert client.post("/keluar", data={"csrf": csrf_of(home)}).status_code == REDIRECT


def test_a_session_ends_after_30_idle_minutes_or_12_hours(
    start_datacenter: Callable[..., Any],
) -> None:
    server = started(start_datacenter, siti="admin")
    with database(server) as engine, server.client() as client:
        assert log_in(client, "siti").status_code == REDIRECT
        assert client.get("/").status_code == OK
        with engine.begin() as conn:  # the session last seen 29 minutes ago: alive
            conn.execute(console_sessions.update().values(last_seen=time.time() - 29 * 60))
        assert client.get("/").status_code == OK
        with engine.begin() as conn:  # and now 31 minutes ago
            conn.execute(console_sessions.update().values(last_seen=time.time() - 31 * 60))
        expired = client.get("/")
        assert (expired.status_code, expired.headers["location"]) == (REDIRECT, "/masuk")

        assert log_in(client, "siti").status_code == REDIRECT
        with engine.begin() as conn:  # in use all along, but logged in 12 hours ago
            conn.execute(console_sessions.update().values(created_at=time.time() - 12 * 3600 - 1))
        assert client.get("/").status_code == REDIRECT
        with engine.connect() as conn:
            left = conn.execute(sa.select(sa.func.count()).select_from(console_sessions)).scalar()
        assert left == 0


def test_a_laptop_key_opens_no_page_and_a_console_cookie_no_api(
    start_datacenter: Callable[..., Any],
) -> None:
    server = started(start_datacenter, siti="admin")
    with server.client() as client:
        laptop = Laptop(client)
        laptop.enroll(new_code(server))
        assert laptop.signed("GET", "/v1/status").status_code == OK
        for path in ("/", "/?lang=id"):
            page = laptop.signed("GET", path)
            assert (page.status_code, page.headers["location"]) == (REDIRECT, "/masuk")
        logout = laptop.signed("POST", "/keluar")
        assert logout.status_code == REDIRECT
        assert logout.headers["location"] == "/masuk"

        assert log_in(client, "siti").status_code == REDIRECT
        assert SESSION_COOKIE in client.cookies
        for method, path in (
            ("GET", "/v1/status"),
            ("GET", "/v1/office/package"),
            ("GET", "/v1/audit/anchor"),
        ):
            refused = client.request(method, path)
            assert refused.status_code == UNAUTHORIZED, (path, refused.text)
            assert refused.json()["reason"] == "auth_missing"


def test_every_word_on_an_indonesian_page_comes_from_the_catalogue(
    start_datacenter: Callable[..., Any],
) -> None:
    server = started(start_datacenter, siti="admin")
    english_only = {
        s.source
        for s in sentences.registered()
        if s.context == "console" and catalogue.text("id", s.code) != s.source
    }
    with server.client() as client:
        pages = {"login": client.get("/masuk").text}
        pages["wrong"] = log_in(client, "siti", "bukan-kata-sandinya").text
        assert log_in(client, "siti").status_code == REDIRECT
        pages["home"] = client.get("/").text
        pages["refused"] = client.post("/keluar", data={"csrf": "x"}).text
        for name, page in pages.items():
            assert '<html lang="id">' in page, name
            pieces = visible_text(page)
            assert pieces, name
            assert foreign(pieces, "id", CONSOLE, {"siti"}) == [], name
            assert not english_only & set(pieces), name

        english = client.get("/?lang=en")
        assert '<html lang="en">' in english.text
        assert "<h1>Home</h1>" in english.text
        assert foreign(visible_text(english.text), "en", CONSOLE, {"siti"}) == []
        assert _set_cookies(english)[LANGUAGE_COOKIE].value == "en"
        assert "<h1>Home</h1>" in client.get("/").text, "remembered"
        assert "<h1>Beranda</h1>" in client.get("/?lang=id").text
        assert "<h1>Beranda</h1>" in client.get("/").text
    with server.client() as browser:
        asked = browser.get("/masuk", headers={"accept-language": "en-GB,en;q=0.9,id;q=0.5"})
        assert '<html lang="en">' in asked.text
        asked = browser.get("/masuk", headers={"accept-language": "id-ID,id;q=0.9,en;q=0.8"})
        assert '<html lang="id">' in asked.text
        css = browser.get("/static/console.css")
        assert css.status_code == OK
        assert css.headers["content-type"].startswith("text/css")


def _tiles(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<span class="number">(\d+)</span>', page)]


def test_beranda_counts_todays_records_those_waiting_and_the_laptops(
    start_datacenter: Callable[..., Any],
) -> None:
    server = started(start_datacenter, siti="operator")
    with server.client() as client:
        assert log_in(client, "siti").status_code == REDIRECT
        home = client.get("/")
        # today, waiting, duplicates, due this week, overdue (issue 49), laptops
        assert _tiles(home.text) == [0, 0, 0, 0, 0, 0]
        assert "Masuk sebagai siti (operator)" in home.text
        assert "Kode kantor belum diatur" in home.text
        laptop = Laptop(client)
        laptop.enroll(new_code(server))
        laptop.sync(laptop.seal(seq=1), laptop.seal(seq=2))
        # Recorded today: promised 14 working days on, neither due this week nor overdue.
        assert _tiles(client.get("/").text) == [2, 2, 0, 0, 0, 1]
    done = dc_cli(server, "office", "set", "3273", "--name", "Disdukcapil Kota Bandung")
    assert done.returncode == 0, done.stderr
    with server.client() as client:
        assert log_in(client, "siti").status_code == REDIRECT
        assert "Disdukcapil Kota Bandung" in client.get("/").text


# --- two workers on PostgreSQL ---------------------------------------------------------


def _pids(log: str, marker: str) -> list[int]:
    return [int(pid) for pid in re.findall(rf"\[(\d+)\]: {re.escape(marker)}", log)]


def test_five_wrong_passwords_lock_the_account_on_every_worker(tmp_path: Path) -> None:
    databases = postgres()
    shared = databases.create()
    server = DataCenterProcess(tmp_path / "dc", tmp_path / "dc.log", shared, ("--workers", "2"))
    try:
        server.start()
        assert add_account(server, "siti").returncode == 0
        answers = []
        for n in range(MAX_FAILURES):
            with server.client() as client:  # a new connection: either worker may take it
                answers.append(log_in(client, "siti", f"salah-{n}").text)
        assert ["dikunci" in a for a in answers] == [False] * (MAX_FAILURES - 1) + [True]
        log = server.log.read_text(encoding="utf-8")
        (locker,) = _pids(log, "console locked: account siti")
        # The right password, on new connections, until the other worker has answered too.
        seen: set[int] = set()
        for _ in range(40):
            with server.client() as client:
                refused = log_in(client, "siti")
            assert refused.status_code == UNAUTHORIZED
            assert "akun ini dikunci selama lima menit" in refused.text
            seen = set(_pids(server.log.read_text(encoding="utf-8"), "console: login refused"))
            if seen - {locker}:
                break
        assert seen - {locker}, "a second worker refused the locked account"
        failures = _pids(log, "console login_failed: account siti")
        assert len(failures) == MAX_FAILURES - 1
        with database(server) as engine, engine.begin() as conn:  # five minutes later
            locked = conn.execute(sa.select(console_accounts.c.locked_until)).scalar_one()
            assert locked > time.time() + LOCK_S - 60
            conn.execute(console_accounts.update().values(locked_until=time.time() - 1))
        with server.client() as client:
            assert log_in(client, "siti").status_code == REDIRECT
    finally:
        server.stop()
        databases.drop(shared)


def _rules(css: str) -> list[tuple[str, str]]:
    """(the @-rule a rule sits in, or "", its selector) of every rule; braces must balance."""
    found: list[tuple[str, str]] = []
    stack: list[str] = []
    text = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    start = 0
    for match in re.finditer(r"[{}]", text):
        if match.group() == "{":
            head = " ".join(text[start : match.start()].split())
            if not head.startswith("@"):
                found.append((stack[0] if stack else "", head))
            stack.append(head)
        else:
            assert stack, f"a '}}' closes nothing at character {match.start()}"
            stack.pop()
        start = match.end()
    assert not stack, f"{stack[-1]!r} is never closed"
    return found


def test_the_stylesheet_is_whole_and_says_each_rule_once() -> None:
    """Each screen added its styles at once; a merge must not lose a brace or write one twice.

    An unclosed ``@media`` block swallows every rule after it, so a phone's rules reach
    the desktop and the next screen's never apply; a selector written twice means two
    screens' rules fight over one element.
    """
    css = (Path(console_package.__file__).parent / "static" / "console.css").read_text()
    rules = _rules(css)
    assert len(rules) > 100
    twice = sorted({rule for rule in rules if rules.count(rule) > 1})
    assert twice == [], twice
