"""Grafik (``/grafik``): eight weeks as pictures whose numbers are the tables' (issue 49 §3).

Counting in this process against a real SQLite store on a fixed day (per recording day,
per officer, per desa, and within the promise week by week, each case of the clock),
then the real service over HTTPS (SQLite and PostgreSQL): every bar of every picture
carries the number its table says, the desa's bars are the counts the records page
finds for that desa, an Indonesian page says nothing in English, and two readers at the
same moment get the same pictures.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import html
import itertools
import re
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa

from fieldkit.promise import add_working_days, default_calendar
from fieldkit.records.demo import DEMO_KID
from sync.protocol import RecordState
from sync.server.cards.promises import OfficeClock
from sync.server.console import graphs
from sync.server.store.database import SqlStore, sqlite_url
from sync.server.store.tables import record_places, records
from sync.server.store.tables import state_changes as changes
from tests.atonce import at_once
from tests.sync.server.consolesupport import database, foreign, log_in, started, visible_text

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    import httpx
    from sqlalchemy.engine import Connection

    from tests.sync.server.dcsupport import DataCenterProcess

OK, REDIRECT = 200, 303
TODAY = dt.date(2026, 11, 26)  # a Thursday
#: The week with the three promises: one on time, one printed late, one still waiting.
ONE_IN_THREE = 33
#: What ``_office_of_records`` stores, training and old records too.
RECORDS = 9
_seq = itertools.count(1)


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T05:00:00.000000Z"  # noon in Jakarta: the same local day


def _add(
    conn: Connection,
    day: dt.date,
    *,
    state: RecordState = RecordState.ACCEPTED,
    officer: str | None = "ani",
    desa: str | None = "3273010001",
    printed: dt.date | None = None,
    kid: str = "office-key",
) -> None:
    """A record recorded on ``day`` (its visit's date), received that day."""
    record_id = f"rec-{next(_seq):04d}"
    conn.execute(
        records.insert().values(
            device_id="laptop-1",
            record_id=record_id,
            seq=next(_seq),
            kid=kid,
            sha256="0" * 64,
            size=1,
            record_signature="s",
            state=state.value,
            received_at=_stamp(day),
            receipt="{}",
        )
    )
    conn.execute(
        record_places.insert().values(
            device_id="laptop-1",
            record_id=record_id,
            visit_date=day.isoformat(),
            desa_code=desa,
            officer=officer,
        )
    )
    if printed is not None:
        conn.execute(
            changes.insert().values(
                record_id=record_id,
                device_id="laptop-1",
                state=RecordState.PRINTED.value,
                changed_at=_stamp(printed),
            )
        )


def _office_of_records(conn: Connection, today: dt.date) -> dict[str, dt.date]:
    """A small office's eight weeks, each case once; returns the days it used."""
    days = default_calendar()
    early = today - dt.timedelta(days=40)  # its promise date inside the window
    on_time = add_working_days(early, 14, days) - dt.timedelta(days=1)
    _add(conn, early, state=RecordState.PRINTED, printed=on_time, officer="budi")
    _add(conn, early, state=RecordState.PRINTED, printed=today, officer="budi", desa=None)
    _add(conn, early, state=RecordState.PRINT_READY_RECORD, officer=None)  # overdue
    _add(conn, early, state=RecordState.REJECTED)  # stopped: not in the promise's share
    _add(conn, today, officer="citra", desa="3273010002")
    _add(conn, today, officer="citra", desa="3273010002")
    _add(conn, today - dt.timedelta(days=3))
    _add(conn, today, kid=DEMO_KID)  # training: never counted
    _add(conn, today - dt.timedelta(days=120))  # before the window, promise long past
    return {"early": early, "on_time": on_time}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    store = SqlStore(sqlite_url(tmp_path))
    yield store
    store.close()


def test_the_four_pictures_count_each_case_once(store: SqlStore) -> None:
    with store.writing() as conn:
        used = _office_of_records(conn, TODAY)
    clock = OfficeClock(days=14, calendar=default_calendar(), today=TODAY)
    found = graphs.pictures(store, clock, lambda _kind, key: key)
    assert found.first_day == dt.date(2026, 10, 5)  # the Monday seven weeks before
    by_day = {bar.key: bar.value for bar in found.per_day if bar.value}
    assert by_day == {
        used["early"].isoformat(): 4,
        (TODAY - dt.timedelta(days=3)).isoformat(): 1,
        TODAY.isoformat(): 2,
    }
    assert len(found.per_day) == (TODAY - found.first_day).days + 1
    assert [(b.key, b.value) for b in found.per_officer] == [
        ("ani", 2),
        ("budi", 2),
        ("citra", 2),
        (graphs.UNKNOWN, 1),
    ]
    assert [(b.key, b.value) for b in found.per_desa] == [
        ("3273010001", 4),
        ("3273010002", 2),
        (graphs.UNKNOWN, 1),
    ]
    promise_week = used["early"]
    due = add_working_days(promise_week, 14, default_calendar())
    week = next(w for w in found.weeks if w.start <= due < w.start + dt.timedelta(days=7))
    assert (week.on_time, week.late, week.percent) == (1, 2, ONE_IN_THREE)
    assert sum(w.due for w in found.weeks) == 3, "the rejected and the old one not counted"


def test_a_ranking_sums_what_is_past_its_top_in_one_bar(store: SqlStore) -> None:
    with store.writing() as conn:
        for n in range(graphs.TOP + 3):
            _add(conn, TODAY, officer=f"petugas{n:02d}")
    clock = OfficeClock(days=14, calendar=default_calendar(), today=TODAY)
    found = graphs.pictures(store, clock, lambda _kind, key: key)
    assert len(found.per_officer) == graphs.TOP + 1
    assert (found.per_officer[-1].key, found.per_officer[-1].value) == (graphs.OTHERS, 3)


# --- the page, on the real service ----------------------------------------------------------

_BAR = re.compile(r'<rect class="bar" data-key="([^"]*)" data-value="(\d+)"')
_ROW = re.compile(r'<tr data-key="([^"]*)"><th scope="row">[^<]*</th>(.*?)</tr>', re.DOTALL)


def _section(page: str, title_id: str) -> str:
    start = page.index(f'aria-labelledby="{title_id}"')
    return page[start : page.index("</section>", start)]


def _bars(section: str) -> dict[str, int]:
    return {html.unescape(k): int(v) for k, v in _BAR.findall(section)}


def _table(section: str, column: int = 0) -> dict[str, str]:
    return {
        html.unescape(key): re.findall(r"<td>([^<]*)</td>", cells)[column]
        for key, cells in _ROW.findall(section)
    }


@contextlib.contextmanager
def _logged_in(server: DataCenterProcess) -> Iterator[httpx.Client]:
    with server.client() as client:
        assert log_in(client, "siti").status_code == REDIRECT
        yield client


def test_every_bar_is_its_tables_number_and_the_records_pages_count(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="operator")
    today = dt.datetime.now(dt.UTC).astimezone().date()
    with database(server) as engine, engine.begin() as conn:
        _office_of_records(conn, today)
    with _logged_in(server) as siti:
        home = siti.get("/")
        assert 'href="/grafik"' in home.text, "in the menu"
        page = siti.get(graphs.PATH)
        assert page.status_code == OK
        text = page.text
        for title_id in ("grafik-hari-judul", "grafik-petugas-judul", "grafik-desa-judul"):
            section = _section(text, title_id)
            bars = _bars(section)
            assert bars, title_id
            table = {k: int(v.replace(".", "")) for k, v in _table(section).items()}
            assert bars == table, title_id
        weeks = _section(text, "grafik-janji-judul")
        shares = _bars(weeks)
        assert max(shares.values()) == ONE_IN_THREE
        percents = _table(weeks, 2)
        assert {k for k, v in percents.items() if v == "33%"} == {
            k for k, v in shares.items() if v == 33
        }
        # The desa's bars are what Rekaman finds for that desa (all of it is in the window).
        desas = _bars(_section(text, "grafik-desa-judul"))
        for code in ("3273010001", "3273010002"):
            listed = siti.get("/rekaman", params={"desa": code})
            count = re.search(r'<p role="status">(\d+) rekaman', listed.text)
            assert count is not None, listed.text
            in_window = int(count.group(1)) - (1 if code == "3273010001" else 0)  # the old one
            assert desas[code] == in_window, code
        data = {"ani", "budi", "citra", "3273010001", "3273010002"}
        words = [w for w in visible_text(text) if not re.fullmatch(r"[\d\s\-:%.()/]+", w)]
        assert foreign(words, "id", {"console", "console_graphs"}, data) == []
        answers = at_once([functools.partial(siti.get, graphs.PATH)] * 2)
        assert [a.status_code for a in answers] == [OK, OK]
        assert _BAR.findall(answers[0].text) == _BAR.findall(answers[1].text)
    with database(server) as engine, engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(records)).scalar_one() == RECORDS
