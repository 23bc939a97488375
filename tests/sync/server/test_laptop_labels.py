"""The office's name and team for each laptop (issue 49 §3): kept, checked, shown, audited.

In this process against a real SQLite store for the rules (refusals, a name two laptops
cannot share in any case, two namings at the same moment), then the real service over
HTTPS (SQLite and PostgreSQL) for the CLI and the Laptop screen: what an administrator
names is what every page and ``laptops list`` show, an operator cannot name, and each bad
name is said at its box in Indonesian and changes nothing.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa

from fieldkit.errors import InvalidInput
from sync.server.office.laptop_labels import (
    MAX_NAME_CHARS,
    check_label,
    labels,
    set_label,
    shown_name,
)
from sync.server.store.database import SqlStore, sqlite_url
from sync.server.store.tables import console_audit
from tests.atonce import at_once
from tests.sync.server.consolesupport import csrf_of, database, log_in, started
from tests.sync.server.dcsupport import DataCenterProcess, Laptop, dc_cli, new_code

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    import httpx

OK, REDIRECT, BAD, FORBIDDEN = 200, 303, 400, 403


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    store = SqlStore(sqlite_url(tmp_path))
    yield store
    store.close()


@pytest.mark.parametrize(
    ("name", "team", "code"),
    [
        ("   ", "", "laptop_name_empty"),
        ("L" * (MAX_NAME_CHARS + 1), "", "laptop_name_too_long"),
        ("Laptop\x1b[2J", "", "laptop_name_invalid"),
        ("Laptop\u202eTim", "", "laptop_name_invalid"),
        ("Laptop Tim 1", "T" * 41, "laptop_team_too_long"),
        ("Laptop Tim 1", "Tim\x1b1", "laptop_team_invalid"),
    ],
)
def test_a_name_that_is_not_one_is_refused_saying_which_box(
    store: SqlStore, name: str, team: str, code: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        set_label(store, "dev-a", name, team, actor="siti")
    assert refused.value.code == code
    assert labels(store) == {}


def test_names_are_trimmed_renamed_and_never_shared_in_any_case(store: SqlStore) -> None:
    assert check_label("  Laptop   Tim 1 ", " Tim  Jemput Bola 1") == (
        "Laptop Tim 1",
        "Tim Jemput Bola 1",
    )
    set_label(store, "dev-a", "Laptop Tim 1", "Tim Jemput Bola 1", actor="siti")
    set_label(store, "dev-a", "Laptop Tim 1", "Tim 2", actor="siti")  # its own name again
    with pytest.raises(InvalidInput) as refused:
        set_label(store, "dev-b", "LAPTOP tim 1", "", actor="siti")
    assert (refused.value.code, refused.value.params) == (
        "laptop_name_taken",
        {"name": "LAPTOP tim 1"},
    )
    set_label(store, "dev-a", "Laptop Kecamatan", "", actor="dewi")  # the old name is free
    set_label(store, "dev-b", "Laptop Tim 1", "", actor="dewi")
    kept = labels(store)
    assert {d: (lb.name, lb.team, lb.set_by) for d, lb in kept.items()} == {
        "dev-a": ("Laptop Kecamatan", "", "dewi"),
        "dev-b": ("Laptop Tim 1", "", "dewi"),
    }
    assert shown_name(kept["dev-a"], "DESKTOP-8F2K1QX", "dev-a") == "Laptop Kecamatan"
    assert shown_name(None, "DESKTOP-8F2K1QX", "dev-c") == "DESKTOP-8F2K1QX"
    assert shown_name(None, None, "dev-c-0123456789") == "dev-c-012345"
    with store.reading() as conn:
        trail = conn.execute(
            sa.select(console_audit.c.actor, console_audit.c.account, console_audit.c.detail)
            .where(console_audit.c.action == "laptop_named")
            .order_by(console_audit.c.id)
        ).all()
    assert [tuple(row) for row in trail] == [
        ("siti", "dev-a", "name: Laptop Tim 1; team: Tim Jemput Bola 1"),
        ("siti", "dev-a", "name: Laptop Tim 1; team: Tim 2"),
        ("dewi", "dev-a", "name: Laptop Kecamatan; team: -"),
        ("dewi", "dev-b", "name: Laptop Tim 1; team: -"),
    ], "one line per naming kept, none for the refused one"


def test_two_laptops_named_alike_at_the_same_moment_one_keeps_it(store: SqlStore) -> None:
    def name(device_id: str) -> str:
        try:
            set_label(store, device_id, "Laptop Tim 1", "", actor="siti")
        except InvalidInput as refused:
            return refused.code
        return "named"

    answers = at_once([functools.partial(name, "dev-a"), functools.partial(name, "dev-b")])
    assert sorted(answers) == ["laptop_name_taken", "named"]
    assert [lb.name for lb in labels(store).values()] == ["Laptop Tim 1"]


# --- the CLI and the Laptop screen, on the real service --------------------------------------


def _enrolled(server: DataCenterProcess) -> str:
    with server.client() as api:
        laptop = Laptop(api)
        laptop.enroll(new_code(server))
    return laptop.device_id


@contextlib.contextmanager
def _logged_in(server: DataCenterProcess, name: str) -> Iterator[httpx.Client]:
    with server.client() as client:
        assert log_in(client, name).status_code == REDIRECT
        yield client


def _name(client: httpx.Client, device_id: str, name: str, team: str = "") -> httpx.Response:
    csrf = csrf_of(client.get("/laptop"))
    return client.post(f"/laptop/{device_id}/nama", data={"csrf": csrf, "name": name, "team": team})


def _audit(server: DataCenterProcess) -> list[tuple[Any, ...]]:
    with database(server) as engine, engine.connect() as conn:
        rows = conn.execute(
            sa.select(console_audit.c.actor, console_audit.c.account)
            .where(console_audit.c.action == "laptop_named")
            .order_by(console_audit.c.id)
        ).all()
    return [tuple(row) for row in rows]


def test_the_office_names_a_laptop_on_the_command_line_and_every_page_shows_it(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    first, second = _enrolled(server), _enrolled(server)
    done = dc_cli(server, "laptops", "name", first, "--name", "Laptop Tim 1", "--team", "Tim 1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Laptop {first[:24]} is now named Laptop Tim 1, team Tim 1."
    # The CLI takes the name wherever it takes a laptop.
    renamed = dc_cli(server, "laptops", "name", "Laptop Tim 1", "--name", "Laptop Satu", "--json")
    assert renamed.returncode == 0, renamed.stderr
    assert json.loads(renamed.stdout) == {"device_id": first, "name": "Laptop Satu", "team": ""}
    taken = dc_cli(server, "laptops", "name", second, "--name", "laptop satu")
    assert taken.returncode == 2
    assert "Another laptop is already named laptop satu" in taken.stderr
    unknown = dc_cli(server, "laptops", "name", "Laptop Tidak Ada", "--name", "X")
    assert unknown.returncode == 2
    assert "No single enrolled laptop is named Laptop Tidak Ada" in unknown.stderr
    listed = json.loads(dc_cli(server, "laptops", "list", "--json").stdout)
    assert {r["device_id"]: (r["name"], r["team"]) for r in listed}[first] == ("Laptop Satu", "")
    text = dc_cli(server, "laptops", "list").stdout
    assert "Laptop Satu" in text
    with _logged_in(server, "budi") as budi:
        fleet = html.unescape(budi.get("/laptop").text)
        assert "Laptop Satu" in fleet, "an operator reads the names"
        assert "/nama" not in fleet, "but is offered no naming"
        assert budi.get(f"/laptop/{second}/nama").status_code == FORBIDDEN
        refused = _name(budi, second, "Laptop Dua")
        assert refused.status_code == FORBIDDEN
    assert _audit(server)[0][0].startswith("cli:")
    assert len(_audit(server)) == 2, "the two namings on the command line, no other"


def test_an_admin_names_a_laptop_in_the_console_and_a_bad_name_is_said_at_its_box(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="admin")
    first, second = _enrolled(server), _enrolled(server)
    with _logged_in(server, "siti") as siti:
        form = siti.get(f"/laptop/{first}/nama")
        assert form.status_code == OK
        assert '<label for="name">Nama laptop</label>' in form.text
        done = _name(siti, first, "  Laptop Tim 1 ", "Tim Jemput Bola 1")
        assert (done.status_code, done.headers["location"]) == (
            REDIRECT,
            f"/laptop?dinamai={first}",
        )
        shown = html.unescape(siti.get(done.headers["location"]).text)
        assert f"Laptop {first[:16]} sekarang bernama Laptop Tim 1." in shown
        assert '<span class="team">Tim Jemput Bola 1</span>' in shown
        cases = [
            ("", "Ketik nama laptop.", "name"),
            (
                "laptop TIM 1",
                "Sudah ada laptop lain bernama laptop TIM 1; pilih nama lain.",
                "name",
            ),
            ("L" * 41, "Nama terlalu panjang: paling banyak 40 karakter.", "name"),
            (
                "Laptop\x07",
                "Nama memuat karakter yang tidak dapat ditampilkan; ketik ulang.",
                "name",
            ),
        ]
        for name, words, box in cases:
            answer = _name(siti, second, name)
            assert answer.status_code == BAD, (name, answer.text)
            page = html.unescape(answer.text)
            assert f'<p class="field-error" id="{box}-error">{words}</p>' in page, name
            assert 'aria-invalid="true"' in page
        too_long_team = _name(siti, second, "Laptop Dua", "T" * 41)
        assert "Nama tim terlalu panjang: paling banyak 40 karakter." in html.unescape(
            too_long_team.text
        )
        # Two administrators name both laptops alike at the same moment: one name stands.
        answers = at_once(
            [
                functools.partial(_name, siti, first, "Laptop Keliling"),
                functools.partial(_name, siti, second, "Laptop Keliling"),
            ]
        )
        assert sorted(a.status_code for a in answers) == [REDIRECT, BAD]
        records = siti.get("/rekaman")
        assert records.status_code == OK
    listed = json.loads(dc_cli(server, "laptops", "list", "--json").stdout)
    names = sorted(r["name"] for r in listed)
    assert names.count("Laptop Keliling") == 1
    assert len(_audit(server)) == 2, "the first naming and the race's winner"
