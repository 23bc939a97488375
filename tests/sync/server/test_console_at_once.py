"""Several logins, and several officers added, at the same moment at production cost.

With the pinned cryptography/OpenSSL two Argon2id derivations with four lanes at once in
one process never returned (issue 46): two people logging in to the console together
froze its login for everyone, and two officers added together hung.  Here the real
service over HTTPS (SQLite and PostgreSQL), its accounts made by the real CLI at the
production cost (64 MiB, t=3, p=4), answers every one of several requests sent at once.
"""

from __future__ import annotations

import functools
import json
import re
from typing import TYPE_CHECKING

import httpx
import pytest

from tests.atonce import DEADLINE_S, at_once
from tests.sync.server.consolesupport import PASSWORD, csrf_of, log_in, started
from tests.sync.server.dcsupport import dc_cli

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.sync.server.dcsupport import DataCenterProcess

#: How a race ends is each backend's own.
pytestmark = pytest.mark.both_backends

OK, REDIRECT, UNAUTHORIZED = 200, 303, 401
WRONG = "Nama akun atau kata sandi salah."
_CODE = re.compile(r'<p class="big-code first-code">')


def _client(server: DataCenterProcess) -> httpx.Client:
    """The server's client, waiting as long as the threads' deadline (not 30 s)."""
    client = server.client()
    client.timeout = httpx.Timeout(DEADLINE_S)
    return client


def _login(server: DataCenterProcess, name: str, password: str) -> tuple[int, bool]:
    """(status, whether the page says the password is wrong) of one login, a client of its own."""
    with _client(server) as client:
        answer = log_in(client, name, password)
    return answer.status_code, WRONG in answer.text


def test_five_logins_at_once_at_production_cost_all_answer(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    answers = at_once(
        [
            lambda: _login(server, "siti", PASSWORD),
            lambda: _login(server, "budi", PASSWORD),
            lambda: _login(server, "siti", "bukan-kata-sandinya"),
            lambda: _login(server, "tidak-ada", PASSWORD),
            lambda: _login(server, "budi", "x" * 1100),
        ]
    )
    assert answers == [
        (REDIRECT, False),
        (REDIRECT, False),
        (UNAUTHORIZED, True),
        (UNAUTHORIZED, True),
        (UNAUTHORIZED, True),
    ]
    with _client(server) as client:  # and the login still works afterwards
        assert log_in(client, "siti").status_code == REDIRECT


def _add_officer(server: DataCenterProcess, client: httpx.Client, username: str) -> int:
    form = client.get("/petugas/tambah")
    assert form.status_code == OK, form.text
    added = client.post(
        "/petugas/tambah",
        data={
            "csrf": csrf_of(form),
            "username": username,
            "full_name": f"Petugas {username.title()}",
            "role": "petugas",
            "nip": "",
            "rank": "",
        },
    )
    assert _CODE.search(added.text), added.text[-2000:]
    return added.status_code


def test_three_officers_added_at_once_all_get_their_code(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    """Each first-login code is hashed at production cost in the service's thread pool."""
    server = started(start_datacenter, siti="admin")
    clients = [_client(server) for _ in range(3)]
    try:
        for client in clients:
            assert log_in(client, "siti").status_code == REDIRECT
        names = ["ani", "budi", "citra"]
        statuses = at_once(
            [
                functools.partial(_add_officer, server, client, name)
                for client, name in zip(clients, names, strict=True)
            ]
        )
    finally:
        for client in clients:
            client.close()
    assert statuses == [OK] * 3
    listed = dc_cli(server, "officers", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert sorted(o["username"] for o in json.loads(listed.stdout)) == names
