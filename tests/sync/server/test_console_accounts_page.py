"""Akun (``/akun``) against the real service over HTTPS (SQLite and PostgreSQL).

An administrator adds an account, sets its password and disables it, each change
audited with her name and the disabled account's session ended at once; an operator is
refused every route, GET and POST, even with his own valid CSRF token, and nothing
changes; a form without its CSRF token is refused; each bad input is said in
Indonesian at its field and changes nothing; every word of the pages is a sentence.
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from fieldkit import sentences
from sync.server import catalogue
from sync.server.accounts.book import MAX_FAILURES
from sync.server.accounts.trail import REFUSAL_ACTIONS
from sync.server.console import accounts_sentences
from sync.server.store.tables import console_audit
from tests.atonce import at_once
from tests.sync.server.consolesupport import (
    PASSWORD,
    csrf_of,
    database,
    foreign,
    log_in,
    started,
    visible_text,
)
from tests.sync.server.dcsupport import DataCenterProcess, dc_cli

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import httpx

OK, REDIRECT, BAD, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT = 200, 303, 400, 401, 403, 404, 409
NEW_PASSWORD = "kata-sandi-baru-untuk-dewi"
#: Every change Akun makes: (path, a form that would succeed but for who sends it).
CHANGES: tuple[tuple[str, dict[str, str]], ...] = (
    ("/akun/tambah", {"name": "dewi", "role": "admin", "password": PASSWORD,
                      "password_again": PASSWORD}),
    ("/akun/siti/sandi", {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}),
    ("/akun/siti/nonaktifkan", {}),
    ("/akun/budi/sandi", {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}),
    ("/akun/siti/buka-kunci", {}),
)  # fmt: skip
PAGES = ("/akun", "/akun/siti/sandi", "/akun/siti/nonaktifkan", "/akun/budi/sandi")


def _accounts(server: DataCenterProcess) -> list[tuple[str, str, str]]:
    """``users list``: every account's name, role and state, as the shell sees them."""
    done = dc_cli(server, "users", "list", "--json")
    assert done.returncode == 0, done.stderr
    return [(r["name"], r["role"], r["state"]) for r in json.loads(done.stdout)]


def _changes(server: DataCenterProcess) -> list[tuple[str, str, str]]:
    """The audit trail's changes to accounts (not the logins, not the refused attempts)."""
    with database(server) as engine, engine.connect() as conn:
        rows = conn.execute(
            sa.select(console_audit.c.actor, console_audit.c.action, console_audit.c.account)
            .where(console_audit.c.action.not_in(("login", "login_failed", "logout", "locked")))
            .where(console_audit.c.action.not_in(REFUSAL_ACTIONS))  # attempts, not changes
            .order_by(console_audit.c.id)
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


@contextlib.contextmanager
def _logged_in(
    server: DataCenterProcess, name: str, password: str = PASSWORD
) -> Iterator[httpx.Client]:
    """A browser of its own (its own cookies), logged in as ``name``."""
    with server.client() as client:
        done = log_in(client, name, password)
        assert (done.status_code, done.headers["location"]) == (REDIRECT, "/"), done.text
        yield client


def _login_answer(server: DataCenterProcess, name: str, password: str = PASSWORD) -> int:
    with server.client() as client:
        return log_in(client, name, password).status_code


def _status(page: str) -> str:
    found = re.search(r'role="status">([^<]*)<', page)
    assert found is not None, page
    return found.group(1)


def _field_error(page: str, field: str) -> str:
    found = re.search(rf'<p class="field-error" id="{field}-error">([^<]*)</p>', page)
    assert found is not None, (field, page)
    return found.group(1)


def _row(page: str, name: str) -> list[str]:
    """The visible texts of the list's row of ``name``."""
    found = re.search(rf'<tr[^>]*>\s*<th scope="row">{name}\b.*?</tr>', page, re.DOTALL)
    assert found is not None, (name, page)
    return visible_text(found.group(0))


def test_an_admin_adds_an_account_sets_its_password_and_disables_it(
    start_datacenter: Callable[..., Any],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    with _logged_in(server, "siti") as siti:
        page = siti.get("/akun")
        assert page.status_code == OK
        assert "<h1>Akun konsol</h1>" in page.text
        assert _row(page.text, "siti")[:4] == ["siti", "(Anda)", "administrator", "aktif"]
        assert _row(page.text, "budi")[:3] == ["budi", "operator", "aktif"]
        assert 'href="/akun/siti/nonaktifkan"' not in page.text, "not herself"
        assert 'href="/akun/budi/nonaktifkan"' in page.text
        assert 'autocomplete="new-password"' in page.text

        added = siti.post(
            "/akun/tambah",
            data={
                "csrf": csrf_of(page),
                "name": "dewi",
                "role": "operator",
                "password": PASSWORD,
                "password_again": PASSWORD,
            },
        )
        assert (added.status_code, added.headers["location"]) == (
            REDIRECT,
            "/akun?selesai=tambah&akun=dewi",
        )
        page = siti.get(added.headers["location"])
        assert _status(page.text) == "Akun dewi ditambahkan sebagai operator."
        assert _row(page.text, "dewi")[:5] == [
            "dewi",
            "operator",
            "aktif",
            "tidak terkunci",
            "belum pernah",
        ]
        assert ("dewi", "operator", "active") in _accounts(server)

        with _logged_in(server, "dewi") as dewi:
            assert dewi.get("/").status_code == OK
            form = siti.get("/akun/dewi/sandi")
            assert "<h1>Kata sandi baru untuk dewi</h1>" in form.text
            changed = siti.post(
                "/akun/dewi/sandi",
                data={
                    "csrf": csrf_of(form),
                    "password": NEW_PASSWORD,
                    "password_again": NEW_PASSWORD,
                },
            )
            assert changed.headers["location"] == "/akun?selesai=sandi&akun=dewi"
            assert _status(siti.get(changed.headers["location"]).text) == (
                "Kata sandi baru untuk dewi sudah disimpan; sesinya yang terbuka sudah diakhiri."
            )
            ended = dewi.get("/")
            assert (ended.status_code, ended.headers["location"]) == (REDIRECT, "/masuk")
        assert _login_answer(server, "dewi") == 401, "the old password"

        with _logged_in(server, "dewi", NEW_PASSWORD) as dewi:
            assert dewi.get("/").status_code == OK
            confirm = siti.get("/akun/dewi/nonaktifkan")
            assert confirm.status_code == OK
            assert "<h1>Nonaktifkan dewi?</h1>" in confirm.text
            assert "Ya, nonaktifkan dewi" in confirm.text
            assert ("dewi", "operator", "active") in _accounts(server), "asking changes nothing"
            disabled = siti.post("/akun/dewi/nonaktifkan", data={"csrf": csrf_of(confirm)})
            assert disabled.headers["location"] == "/akun?selesai=nonaktif&akun=dewi"
            page = siti.get(disabled.headers["location"])
            assert _status(page.text) == (
                "Akun dewi sudah dinonaktifkan; sesinya yang terbuka sudah diakhiri."
            )
            assert _row(page.text, "dewi")[:3] == ["dewi", "operator", "nonaktif"]
            assert 'href="/akun/dewi/' not in page.text, "nothing more to do to it"
            # The disabled account's very next request goes to the login.
            ended = dewi.get("/laptop")
            assert (ended.status_code, ended.headers["location"]) == (REDIRECT, "/masuk")
        assert _login_answer(server, "dewi", NEW_PASSWORD) == 401
        assert siti.get("/akun").status_code == OK, "her own session goes on"

    assert ("dewi", "operator", "disabled") in _accounts(server)
    assert _changes(server)[2:] == [
        ("siti", "account_added", "dewi"),
        ("siti", "password_changed", "dewi"),
        ("siti", "account_disabled", "dewi"),
    ]
    log = (server.log).read_text()
    assert PASSWORD not in log
    assert NEW_PASSWORD not in log


def test_a_new_password_for_ones_own_account_ends_the_session_too(
    start_datacenter: Callable[..., Any],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    with _logged_in(server, "siti") as siti:
        form = siti.get("/akun/siti/sandi")
        assert "Ini akun Anda sendiri" in form.text
        done = siti.post(
            "/akun/siti/sandi",
            data={"csrf": csrf_of(form), "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
        )
        assert (done.status_code, done.headers["location"]) == (REDIRECT, "/masuk")
        assert siti.get("/akun").headers["location"] == "/masuk"
    with _logged_in(server, "siti", NEW_PASSWORD) as siti:
        assert siti.get("/akun").status_code == OK
    assert _changes(server)[-1] == ("siti", "password_changed", "siti")


def _lock(server: DataCenterProcess, name: str) -> None:
    """Five wrong passwords, as someone guessing (or tired fingers) would type them."""
    answers = [_login_answer(server, name, f"salah-{n}") for n in range(MAX_FAILURES)]
    assert answers == [UNAUTHORIZED] * MAX_FAILURES, answers
    assert _login_answer(server, name) == UNAUTHORIZED, "locked: the right password is refused too"


def _unlock(client: httpx.Client, name: str) -> httpx.Response:
    return client.post(f"/akun/{name}/buka-kunci", data={"csrf": csrf_of(client.get("/akun"))})


def test_another_admin_unlocks_a_locked_admin_and_the_lock_says_how(
    start_datacenter: Callable[..., Any],
) -> None:
    server = started(start_datacenter, siti="admin", dewi="admin")
    _lock(server, "siti")
    with server.client() as client:
        locked_page = log_in(client, "siti")
    said = catalogue.text("id", "console.login_locked")
    assert said in locked_page.text
    assert "fieldkit-datacenter users unlock" in said, "what to do on the server"
    with _logged_in(server, "dewi") as dewi:
        listed = dewi.get("/akun")
        unlock_word = catalogue.text("id", "console_accounts.unlock", context="console_accounts")
        assert unlock_word in _row(listed.text, "siti")
        assert unlock_word not in _row(listed.text, "dewi"), "only a locked account has it"
        # Two administrators press it at the same moment: one unlocks, one is told why not.
        answers = at_once([lambda: _unlock(dewi, "siti"), lambda: _unlock(dewi, "siti")])
        assert sorted(a.status_code for a in answers) == [REDIRECT, CONFLICT]
        refused = next(a for a in answers if a.status_code == CONFLICT)
        not_locked = catalogue.text(
            "id", "console_accounts.err_not_locked", {"name": "siti"}, "console_accounts"
        )
        assert not_locked in refused.text
        done = dewi.get(next(a for a in answers if a.status_code == REDIRECT).headers["location"])
        assert _status(done.text) == catalogue.text(
            "id", "console_accounts.unlocked", {"name": "siti"}, "console_accounts"
        )
        assert unlock_word not in _row(done.text, "siti")
    assert _login_answer(server, "siti") == REDIRECT, "in again at once, same password"
    assert ("dewi", "account_unlocked", "siti") in _changes(server)


def test_the_last_admin_locked_out_is_unlocked_on_the_server(
    start_datacenter: Callable[..., Any],
) -> None:
    server = started(start_datacenter, siti="admin")
    _lock(server, "siti")
    done = dc_cli(server, "users", "unlock", "siti")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Console account siti unlocked: it can log in again now."
    assert _login_answer(server, "siti") == REDIRECT
    again = dc_cli(server, "users", "unlock", "siti")
    assert again.returncode == 2
    assert "Console account siti is not locked; nothing was changed." in again.stderr
    unknown = dc_cli(server, "users", "unlock", "nobody")
    assert unknown.returncode == 2
    assert "There is no console account nobody." in unknown.stderr
    assert [c for c in _changes(server) if c[1] == "account_unlocked"] == [
        (_changes(server)[-1][0], "account_unlocked", "siti")
    ]


def test_an_operator_is_refused_account_management(
    start_datacenter: Callable[..., Any],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    before = (_accounts(server), _changes(server))
    forbidden_title = catalogue.text("id", "console.forbidden_title")
    with _logged_in(server, "budi") as budi:
        home = budi.get("/")
        assert 'href="/akun"' not in home.text, "not in his nav"
        for path in PAGES:
            page = budi.get(path)
            assert page.status_code == FORBIDDEN, path
            assert f"<h1>{forbidden_title}</h1>" in page.text, path
            assert "siti" not in visible_text(page.text)[-6:], "no account named"
        token = csrf_of(home)  # his own session's, valid: still refused
        for path, form in CHANGES:
            refused = budi.post(path, data={"csrf": token, **form})
            assert refused.status_code == FORBIDDEN, path
            assert f"<h1>{forbidden_title}</h1>" in refused.text, path
        assert budi.get("/").status_code == OK, "refused, not logged out"
    assert (_accounts(server), _changes(server)) == before
    assert _login_answer(server, "siti") == REDIRECT, "her password unchanged"


def test_forms_without_their_csrf_token_are_refused(
    start_datacenter: Callable[..., Any],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    before = (_accounts(server), _changes(server))
    refused_title = catalogue.text("id", "console.refused_title")
    with _logged_in(server, "budi") as budi:
        others = csrf_of(budi.get("/"))  # a real token, of another session
    with _logged_in(server, "siti") as siti:
        for path, form in CHANGES:
            for token in ({}, {"csrf": ""}, {"csrf": "not-the-token"}, {"csrf": others}):
                refused = siti.post(path, data={**token, **form})
                assert refused.status_code == FORBIDDEN, (path, token)
                assert f"<h1>{refused_title}</h1>" in refused.text, (path, token)
        assert siti.get("/akun").status_code == OK, "still logged in"
    assert (_accounts(server), _changes(server)) == before


def test_bad_input_is_said_at_its_field_and_changes_nothing(
    start_datacenter: Callable[..., Any],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    before = (_accounts(server), _changes(server))
    good = {"name": "dewi", "role": "operator", "password": PASSWORD, "password_again": PASSWORD}
    cases: list[tuple[dict[str, str], dict[str, str]]] = [
        ({"password": "pendek", "password_again": "pendek"},
         {"password": "Kata sandi terlalu pendek: minimal 12 karakter."}),
        ({"password_again": PASSWORD + "x"},
         {"password_again": "Kedua kata sandi tidak sama."}),
        ({"name": "budi"}, {"name": "Sudah ada akun bernama budi."}),
        ({"name": "Dewi Lestari"},
         {"name": "Nama ini tidak dapat dipakai: 2 sampai 32 karakter, huruf kecil, angka, "
                  "titik, garis bawah, atau tanda hubung, diawali huruf."}),
        ({"role": "root"}, {"role": "Pilih salah satu peran dari daftar."}),
        ({"password": "x" * 1025, "password_again": "x" * 1025},
         {"password": "Kata sandi terlalu panjang: maksimal 1.024 karakter."}),
        ({"name": "", "role": "", "password": "", "password_again": "bukan"},
         {"name": "Nama ini tidak dapat dipakai", "role": "Pilih salah satu peran",
          "password": "Kata sandi terlalu pendek", "password_again": "Kedua kata sandi"}),
    ]  # fmt: skip
    with _logged_in(server, "siti") as siti:
        token = csrf_of(siti.get("/akun"))
        for change, said in cases:
            page = siti.post("/akun/tambah", data={"csrf": token, **good, **change})
            assert page.status_code == BAD, change
            assert 'role="alert">Akun belum ditambahkan: periksa isian yang ditandai.<' in page.text
            for field, words in said.items():
                assert _field_error(page.text, field).startswith(words), (change, field)
                assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', page.text), field
            assert PASSWORD not in page.text, "a password is never sent back"
            name = change.get("name", "dewi")
            assert f'value="{name[:32]}"' in page.text or not name, "the name kept"

        for change, field, words in (
            ({"password": "pendek", "password_again": "pendek"}, "password",
             "Kata sandi terlalu pendek: minimal 12 karakter."),
            ({"password": NEW_PASSWORD, "password_again": PASSWORD}, "password_again",
             "Kedua kata sandi tidak sama."),
        ):  # fmt: skip
            page = siti.post("/akun/budi/sandi", data={"csrf": token, **change})
            assert page.status_code == BAD
            assert "Kata sandi belum diganti: periksa isian yang ditandai." in page.text
            assert _field_error(page.text, field) == words

        # Herself: the confirmation is not even shown, and a POST is refused the same.
        for answer in (
            siti.get("/akun/siti/nonaktifkan"),
            siti.post("/akun/siti/nonaktifkan", data={"csrf": token}),
        ):
            assert answer.status_code == CONFLICT
            assert (
                'role="alert">Anda tidak dapat menonaktifkan akun Anda sendiri. '
                "Mintalah administrator lain.<" in answer.text
            )
        # A stale or made-up name: the list says there is none.
        for answer in (
            siti.get("/akun/tidak-ada/sandi"),
            siti.get("/akun/tidak-ada/nonaktifkan"),
            siti.post("/akun/tidak-ada/nonaktifkan", data={"csrf": token}),
            siti.post(
                "/akun/tidak-ada/sandi",
                data={"csrf": token, "password": PASSWORD, "password_again": PASSWORD},
            ),
        ):
            assert answer.status_code == NOT_FOUND
            assert 'role="alert">Tidak ada akun bernama tidak-ada.<' in answer.text
        assert siti.get("/akun/%3Cb%3E/sandi").text.count("&lt;b&gt;") == 1, "escaped"
    assert (_accounts(server), _changes(server)) == before

    # An account already disabled (by the shell) is not disabled twice.
    assert dc_cli(server, "users", "disable", "budi").returncode == 0
    with _logged_in(server, "siti") as siti:
        token = csrf_of(siti.get("/akun"))
        answer = siti.post("/akun/budi/nonaktifkan", data={"csrf": token})
        assert answer.status_code == CONFLICT
        assert "Akun budi sudah nonaktif." in answer.text
    assert [c for c in _changes(server) if c[2] == "budi"][-1][1] == "account_disabled"
    assert len(_changes(server)) == len(before[1]) + 1


def test_without_a_session_every_route_goes_to_the_login(
    start_datacenter: Callable[..., Any],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    before = _accounts(server)
    with server.client() as client:
        for path in PAGES:
            answer = client.get(path)
            assert (answer.status_code, answer.headers["location"]) == (REDIRECT, "/masuk")
        for path, form in CHANGES:
            answer = client.post(path, data={"csrf": "x", **form})
            assert (answer.status_code, answer.headers["location"]) == (REDIRECT, "/masuk")
    assert _accounts(server) == before


def test_every_word_on_the_indonesian_pages_comes_from_the_catalogue(
    start_datacenter: Callable[..., Any],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    assert accounts_sentences.__name__  # its sentences registered in this process too
    english_only = {
        s.source
        for s in sentences.registered()
        if s.context == "console_accounts"
        and catalogue.text("id", s.code, context=s.context) != s.source
    }
    with _logged_in(server, "siti") as siti:
        page = siti.get("/akun")
        token = csrf_of(page)
        pages = {
            "list": page.text,
            "refusals": siti.post(
                "/akun/tambah",
                data={"csrf": token, "name": "X", "password": "a", "password_again": "b"},
            ).text,
            "password": siti.get("/akun/budi/sandi").text,
            "password refused": siti.post(
                "/akun/budi/sandi", data={"csrf": token, "password": "a"}
            ).text,
            "disable": siti.get("/akun/budi/nonaktifkan").text,
            "self": siti.get("/akun/siti/nonaktifkan").text,
        }
        siti.post("/akun/budi/nonaktifkan", data={"csrf": token})
        pages["disabled"] = siti.get("/akun?selesai=nonaktif&akun=budi").text
        for name, text in pages.items():
            assert '<html lang="id">' in text, name
            pieces = visible_text(text)
            assert (
                foreign(
                    pieces,
                    "id",
                    {"console", "console_accounts"},
                    {"siti", "budi", "X", "FieldKit"},
                    strip=" :·()?",
                    also_data=re.compile(r"[\d: -]+"),
                )
                == []
            ), name
            assert not english_only & set(pieces), name

        english = siti.get("/akun?lang=en")
        assert "<h1>Console accounts</h1>" in english.text
        assert "Add the account" in english.text
