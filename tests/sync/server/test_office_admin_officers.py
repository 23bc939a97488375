"""An admin-role officer's first-login code is an administrator's act (issue 46, hole 2).

A first-login code for an officer whose role is admin opens an administrator's account on
every laptop that takes the next package.  ``Office`` refuses adding such an officer,
giving one a new code and enabling one again unless an administrator acts; the console
asks it with its account's role (its refusal said in words, 403, and written to
``console_audit``), the CLI as the shell, an administrator.  Real stores (SQLite and
PostgreSQL), the real service over HTTPS, the real CLI.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import sqlalchemy as sa

from sync.server import catalogue
from sync.server.accounts.roles import Actor, Role
from sync.server.office import sentences as server_sentences
from sync.server.office.officer_book import AdminOfficerRefused
from sync.server.office.steering import Office, audited_office
from sync.server.store.database import SqlStore, normalise_url, sqlite_url
from sync.server.store.tables import console_audit, office_officers
from tests.sync.server.consolesupport import csrf_of, log_in, started
from tests.sync.server.dcsupport import DataCenterProcess, dc_cli, fresh_database

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

OK, REDIRECT, FORBIDDEN = 200, 303, 403
ADMIN = Actor("siti", Role.ADMIN)
OPERATOR = Actor("budi", Role.OPERATOR)
#: The refusal an operator reads, in the console's default language.
REFUSAL_ID = (
    "Hanya administrator yang boleh melakukan ini untuk kepala: petugas dengan peran admin, "
    "yang kode login pertamanya membuka akun administrator di laptop."
)

__all__ = ["server_sentences"]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    url = fresh_database(request, request.param) or sqlite_url(tmp_path)
    opened = SqlStore(url)
    yield opened
    opened.close()


def _first_login(store: SqlStore, username: str) -> str | None:
    with store.reading() as conn:
        value: str | None = conn.execute(
            sa.select(office_officers.c.first_login).where(office_officers.c.username == username)
        ).scalar_one()
    return value


def _audit_rows(store: SqlStore) -> list[tuple[str, str, str]]:
    with store.reading() as conn:
        rows = conn.execute(sa.select(console_audit).order_by(console_audit.c.id)).mappings()
        return [(r["actor"], r["action"], r["account"]) for r in rows]


# --- the core rule -----------------------------------------------------------------------


def test_only_an_administrator_gives_an_admin_officer_a_first_login(store: SqlStore) -> None:
    office = Office(store)
    office.set_office("3273")
    office.add_officer("kepala", role="admin", full_name="Kepala Bidang", by=ADMIN)
    office.add_officer("sari", role="petugas", full_name="Sari Wulandari", by=OPERATOR)
    version = office.settings()["version"]
    hashed = _first_login(store, "kepala")

    for refused_act in (
        lambda o: o.new_code("kepala", by=OPERATOR),
        lambda o: o.add_officer("wakil", role="admin", full_name="Wakil Kepala", by=OPERATOR),
        lambda o: o.add_officer("wakil", role=" ADMIN ", full_name="Wakil Kepala", by=OPERATOR),
    ):
        acting = audited_office(store, actor="budi", action="officer_code", subject="kepala")
        with pytest.raises(AdminOfficerRefused) as refused:
            refused_act(acting)
        assert refused.value.code == "datacenter_officer_admin_only"
        assert catalogue.text(
            "id", refused.value.code, refused.value.params, context=refused.value.context
        ).startswith("Hanya administrator yang boleh")
    office.disable_officer("kepala")
    acting = audited_office(store, actor="budi", action="officer_enabled", subject="kepala")
    with pytest.raises(AdminOfficerRefused):
        acting.enable_officer("kepala", by=OPERATOR)

    # Nothing changed but the disable; each refusal is in the console's audit.
    assert office.settings()["version"] == version + 1
    assert {o["username"] for o in office.officers()} == {"kepala", "sari"}
    assert _first_login(store, "kepala") is None  # the disable's; no code was given since
    assert _audit_rows(store) == [
        ("budi", "officer_code_refused", "kepala"),
        ("budi", "officer_code_refused", "kepala"),
        ("budi", "officer_code_refused", "kepala"),
        ("budi", "officer_enabled_refused", "kepala"),
    ]
    assert hashed is not None

    # An operator still gives the field roles their codes; an administrator gives the admin's.
    code, _ = office.new_code("sari", by=OPERATOR)
    assert code
    enabled, _ = office.enable_officer("kepala", by=ADMIN)
    assert _first_login(store, "kepala") not in {None, hashed}
    assert office.new_code("kepala", by=ADMIN)[0] != enabled
    assert office.add_officer("wakil", role="admin", full_name="Wakil", by=ADMIN)[0]


def _at_once(*work: Callable[[], object]) -> list[object]:
    """Run each piece of work in its own thread, released together; what each returned.

    Daemon threads joined with a bound: a deadlock (two Argon2id derivations at once,
    DESIGN.md §5) fails the test instead of hanging the run.
    """
    go = threading.Barrier(len(work))
    results: list[object] = [None] * len(work)

    def run(index: int) -> None:
        go.wait(timeout=60)
        try:
            results[index] = work[index]()
        except AdminOfficerRefused as refused:
            results[index] = refused

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "stuck: two first-login hashes at once?"
    return results


def test_two_at_once_refused_changes_nothing_and_given_codes_both_complete(
    store: SqlStore,
) -> None:
    office = Office(store)
    office.add_officer("kepala", role="admin", full_name="Kepala Bidang", by=ADMIN)
    office.add_officer("sari", role="petugas", full_name="Sari Wulandari", by=ADMIN)
    office.add_officer("rudi", role="petugas", full_name="Rudi Hartono", by=ADMIN)
    hashed = _first_login(store, "kepala")
    version = office.settings()["version"]

    def refused_code() -> object:
        acting = audited_office(store, actor="budi", action="officer_code", subject="kepala")
        return acting.new_code("kepala", by=OPERATOR)

    results = _at_once(refused_code, refused_code)
    assert all(isinstance(r, AdminOfficerRefused) for r in results), results
    assert _first_login(store, "kepala") == hashed
    assert office.settings()["version"] == version
    assert [a for _, a, _ in _audit_rows(store)] == ["officer_code_refused"] * 2

    # Two codes made at once (two people at the console): both hashed, both kept.
    given = _at_once(
        lambda: office.new_code("sari", by=OPERATOR), lambda: office.new_code("rudi", by=ADMIN)
    )
    assert all(isinstance(g, tuple) for g in given), given
    assert office.settings()["version"] == version + 2


# --- the console and the CLI ----------------------------------------------------------


@contextlib.contextmanager
def _logged_in(server: DataCenterProcess, name: str) -> Iterator[httpx.Client]:
    with server.client() as client:
        assert log_in(client, name).status_code == REDIRECT
        yield client


def _cli(server: DataCenterProcess, *args: str) -> Any:
    done = dc_cli(server, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _server_audit(server: DataCenterProcess) -> list[tuple[str, str, str]]:
    engine = sa.create_engine(normalise_url(server.database_url))
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.select(console_audit).order_by(console_audit.c.id)).mappings()
            return [
                (r["actor"], r["action"], r["account"])
                for r in rows
                if r["action"] not in {"account_added", "login", "logout", "login_failed"}
            ]
    finally:
        engine.dispose()


def _alert(page: str) -> str:
    found = re.search(r'role="alert">([^<]*)<', page)
    assert found is not None, page
    return found.group(1)


def test_an_operator_cannot_give_an_admin_officer_a_code_in_the_console(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    # The shell is an administrator: the CLI adds the admin-role officer and gives a code.
    added = _cli(server, "officers", "add", "kepala", "--role", "admin", "--name", "Kepala")
    again = _cli(server, "officers", "code", "kepala")
    assert again["code"] != added["code"]
    _cli(server, "officers", "add", "sari", "--role", "petugas", "--name", "Sari Wulandari")
    version = _cli(server, "office", "show")["version"]
    before = {o["username"]: o for o in _cli(server, "officers", "list")}

    with _logged_in(server, "budi") as client:
        page = client.get("/petugas")
        assert 'aria-label="Kode baru untuk sari"' in page.text
        assert 'aria-label="Kode baru untuk kepala"' not in page.text, "not offered"
        refused = client.post("/petugas/kode", data={"csrf": csrf_of(page), "petugas": "kepala"})
        assert refused.status_code == FORBIDDEN
        assert _alert(refused.text) == REFUSAL_ID
        assert "big-code" not in refused.text
        form = client.get("/petugas/tambah")
        added_by_operator = client.post(
            "/petugas/tambah",
            data={
                "csrf": csrf_of(form),
                "username": "wakil",
                "full_name": "Wakil Kepala",
                "role": "admin",
                "nip": "",
                "rank": "",
            },
        )
        assert added_by_operator.status_code == FORBIDDEN
        assert "Hanya administrator yang boleh melakukan ini untuk wakil" in added_by_operator.text
        assert "big-code" not in added_by_operator.text
        sari = client.post("/petugas/kode", data={"csrf": csrf_of(page), "petugas": "sari"})
        assert sari.status_code == OK
    after = {o["username"]: o for o in _cli(server, "officers", "list")}
    assert set(after) == {"kepala", "sari"}
    assert after["kepala"] == before["kepala"]
    assert _cli(server, "office", "show")["version"] == version + 1  # sari's new code only

    with _logged_in(server, "siti") as client:
        page = client.get("/petugas")
        assert 'aria-label="Kode baru untuk kepala"' in page.text
        given = client.post("/petugas/kode", data={"csrf": csrf_of(page), "petugas": "kepala"})
        assert given.status_code == OK
        assert "big-code" in given.text
    assert _server_audit(server) == [
        ("budi", "officer_code_refused", "kepala"),
        ("budi", "officer_added_refused", "wakil"),
        ("budi", "officer_code", "sari"),
        ("siti", "officer_code", "kepala"),
    ]
