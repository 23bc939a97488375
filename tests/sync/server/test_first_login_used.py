"""A first-login code is good once, on one laptop (issue 56.4), at the data center.

A laptop's health report names the first logins made there, each with the salt of the
code it used; the office then sends no code for that officer, and says where it was used.
"""

from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa

from sync.server.accounts.roles import Actor, Role
from sync.server.console.officers import officer_rows
from sync.server.office.steering import Office
from sync.server.store.database import SqlStore, sqlite_url
from sync.server.store.tables import office_officers
from tests.sync.server.dcsupport import fresh_database

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

ADMIN = Actor("siti", Role.ADMIN)
AT = "2026-11-28T03:00:00+00:00"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    url = fresh_database(request, request.param) or sqlite_url(tmp_path)
    opened = SqlStore(url)
    yield opened
    opened.close()


def _salt(store: SqlStore, username: str) -> str | None:
    with store.reading() as conn:
        value = conn.execute(
            sa.select(office_officers.c.first_login).where(office_officers.c.username == username)
        ).scalar_one()
    return None if value is None else str(json.loads(value)["salt"])


def _office(store: SqlStore) -> Office:
    office = Office(store)
    office.set_office("3273")
    office.add_officer("sari", role="petugas", full_name="Sari Wulandari", by=ADMIN)
    return office


def test_the_code_used_is_dropped_and_where_is_kept(store: SqlStore) -> None:
    office = _office(store)
    used = _salt(store, "sari")
    version = office.settings()["version"]
    assert (
        office.first_logins_reported("laptop-2", [{"username": "sari", "code": "x", "at": AT}])
        == []
    )
    assert _salt(store, "sari") == used, "a code the office never issued changes nothing"
    done = office.first_logins_reported("laptop-1", [{"username": "sari", "code": used, "at": AT}])
    assert done == ["sari"]
    assert _salt(store, "sari") is None
    assert office.settings()["version"] == version  # a laptop's news, not the office's change
    assert office.first_logins_used() == {"sari": ("laptop-1", AT)}
    (row,) = officer_rows(office)
    assert (row["state"], row["used_on"], row["used_at"]) == ("used", "laptop-1", "28-11-2026")
    # The same report again (a retry, a stick imported twice) changes nothing more.
    again = office.first_logins_reported("laptop-1", [{"username": "sari", "code": used, "at": AT}])
    assert again == []
    # Another laptop for her: the office gives a new code, which every laptop is sent.
    office.new_code("sari", by=ADMIN)
    assert _salt(store, "sari") not in {None, used}
    assert office.first_logins_used() == {}


def test_a_code_the_office_replaced_is_not_marked_by_a_report_of_the_old_one(
    store: SqlStore,
) -> None:
    office = _office(store)
    old = _salt(store, "sari")
    office.new_code("sari", by=ADMIN)
    new = _salt(store, "sari")
    assert new != old
    assert (
        office.first_logins_reported("laptop-1", [{"username": "sari", "code": old, "at": AT}])
        == []
    )
    assert _salt(store, "sari") == new


def test_two_laptops_reporting_the_same_code_at_once_mark_it_once(store: SqlStore) -> None:
    office = _office(store)
    used = _salt(store, "sari")
    results: dict[str, list[str]] = {}
    start = threading.Barrier(2)

    def report(device: str) -> None:
        start.wait()
        results[device] = office.first_logins_reported(
            device, [{"username": "sari", "code": used, "at": AT}]
        )

    threads = [threading.Thread(target=report, args=(d,)) for d in ("laptop-1", "laptop-2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(len(r) for r in results.values()) == [0, 1]
    (winner,) = [d for d, r in results.items() if r]
    assert office.first_logins_used() == {"sari": (winner, AT)}
