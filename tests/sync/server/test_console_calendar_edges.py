"""Issue 57.2 and 57.9 on the console: dates at either end of the calendar.

A record whose visit is dated outside the one range of days (the holiday list's years,
2000 to 2100) is refused at upload on its own, with a reason the laptop words.  Rows
stored before this version (a visit dated 9999-12-31, twenty dated 0001-01-xx) neither
break nor stall Rekaman, Grafik, the exports, a record's page or ``records list``; a
filter day outside the range is said at its field in Indonesian, not answered 500.
"""

from __future__ import annotations

import json
import re
import time
from typing import TYPE_CHECKING

import sqlalchemy as sa

from sync.server import catalogue
from sync.server.store.tables import record_places, records
from tests.sync.server.consolesupport import database
from tests.sync.server.dcsupport import dc_cli
from tests.sync.server.recordsupport import PLAN_DATE, SUMBERJO, sealed, visit_of
from tests.sync.server.test_console_records import Office, _listed, _logged_in, _records_page

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from tests.sync.server.dcsupport import DataCenterProcess

OK = 200
#: What a page of the console may take on this loaded two-core machine with twenty-one
#: records (it took 27 s for Rekaman and 16 s for Grafik when the count walked day by day).
PAGE_S = 8.0


# --- upload and the console ---------------------------------------------------------------


def _timed(client: object, path: str, **params: str) -> tuple[int, float, str]:
    started = time.perf_counter()
    answer = client.get(path, params=params)  # type: ignore[attr-defined]
    return answer.status_code, time.perf_counter() - started, answer.text


def test_edge_dates_are_refused_at_upload_and_old_rows_neither_break_nor_stall_the_console(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    server = start_datacenter()
    with _logged_in(server) as client:
        office = Office(server, client, tmp_path)
        late = sealed(office.laptop, visit_of(office.plan.planned, "9999-12-31", SUMBERJO))
        early = sealed(office.laptop, visit_of(office.plan.planned, "0001-01-01", SUMBERJO))
        good = sealed(office.laptop, visit_of(office.plan.planned, PLAN_DATE, SUMBERJO))
        office.laptop.sync(late, early, good)
        with database(server) as engine, engine.begin() as conn:
            stored = {
                row.record_id: (row.state, row.reason)
                for row in conn.execute(
                    sa.select(records.c.record_id, records.c.state, records.c.reason)
                )
            }
        states = [stored[r.record_id] for r in (late, early, good)]
        assert states == [
            ("REJECTED", "visit_date_out_of_range"),
            ("REJECTED", "visit_date_out_of_range"),
            ("ACCEPTED", None),
        ]
        # The laptop words the reason (``server.<reason>`` in its catalogue).
        words = catalogue.text("id", "server.visit_date_out_of_range", context="sync")
        assert words != catalogue.text("en", "server.visit_date_out_of_range", context="sync")

        # Rows stored before this version: one visit dated 9999-12-31, twenty in year 1.
        made = office.push(
            *(
                sealed(office.laptop, visit_of(office.plan.planned, PLAN_DATE, SUMBERJO))
                for _ in range(21)
            )
        )
        with database(server) as engine, engine.begin() as conn:
            for n, record_id in enumerate(made):
                day = "9999-12-31" if n == 0 else f"0001-01-{n:02d}"
                conn.execute(
                    record_places.update()
                    .where(record_places.c.record_id == record_id)
                    .values(visit_date=day)
                )
            device = conn.execute(
                sa.select(records.c.device_id).where(records.c.record_id == made[0])
            ).scalar_one()

        for path, params in (
            ("/rekaman", {}),
            ("/grafik", {}),
            ("/rekaman/unduh.csv", {}),
            ("/rekaman/unduh.xlsx", {}),
            ("/rekaman/cetak", {}),
            (f"/rekaman/{device}/{made[0]}", {}),
            (f"/rekaman/{device}/{made[1]}", {}),
            ("/", {}),
        ):
            status, took, text = _timed(client, path, **params)
            assert status == OK, (path, text[-2000:])
            assert took < PAGE_S, (path, took)
        listed = dc_cli(server, "records", "list", "--json")
        assert listed.returncode == 0, listed.stderr
        assert len(json.loads(listed.stdout)) == 24

        # Filters at the calendar's edge: said at the field, in Indonesian, not a 500.
        everything = _listed(_records_page(client))
        for query, field in (
            ({"sampai": "31-12-9999"}, "sampai"),
            ({"dari": "01-01-0001"}, "dari"),
            ({"dari": "0001-01-01", "sampai": "9999-12-31"}, "sampai"),
        ):
            page = _records_page(client, **query)
            assert page.status_code == OK, (query, page.text[-2000:])
            alert = re.search(rf'<p [^>]*id="{field}-error" role="alert">([^<]+)</p>', page.text)
            assert alert is not None, query
            assert "01-01-2000" in alert.group(1), alert.group(1)
            assert "31-12-2100" in alert.group(1), alert.group(1)
            assert _listed(page) == everything
            for path in ("/rekaman/unduh.csv", "/rekaman/cetak"):
                assert client.get(path, params=query).status_code == OK, (path, query)
