"""Issue 46 (hole 10): the console's pages count in the database, and count the same as before.

Beranda, Laptop, Petugas and Versi read every record into Python on each load (2 s a
page at 100,000 records).  They now ask the database for aggregates.  On SQLite and on
PostgreSQL, an office of a dozen laptops and hundreds of records in every state:

* each page's figures equal a recount in Python from the same rows: the way the
  pages counted before (kept here as the oracle), reading every record;
* the rows the database hands back to a page's request (counted on the engine, under
  the real FastAPI app) are as many at 500 records as at 50.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import json
import socket
import ssl
import threading
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy import event

from fieldkit.records.demo import DEMO_KID
from sync.protocol import RecordState, parse_version
from sync.server.accounts.book import Accounts, HashParams
from sync.server.accounts.roles import Actor, Role
from sync.server.app import create_app
from sync.server.console.home import home_counts, start_of_today
from sync.server.console.laptops import fleet, laptop_view, needing_attention
from sync.server.console.officers import laptop_package_view, officer_rows
from sync.server.console.pages import words
from sync.server.intake.service import DataCenter
from sync.server.office.fleet import STALE_DAYS, laptop_rows
from sync.server.office.steering import Office as OfficeSettings
from sync.server.store.database import SqlStore, sqlite_url
from sync.server.store.stamps import parse_stamp
from sync.server.store.tables import laptop_health, office_officers
from tests.sync.server.dcsupport import fresh_database
from tests.sync.server.pagesupport import add_records, fill

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from sync.server.store.rows import StoredRecord

OK = 200
PAGES = ("/", "/laptop", "/petugas", "/petugas/versi")
CHEAP = HashParams(memory_kib=1024, iterations=1, lanes=1)
PASSWORD = "kata-sandi-kantor-2026"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    url = fresh_database(request, request.param) or sqlite_url(tmp_path)
    store = SqlStore(url)
    yield store
    store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def center(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DataCenter]:
    datacenter = DataCenter(tmp_path / "dc", fresh_database(request, request.param))
    yield datacenter
    datacenter.close()


# --- the oracle: the pages' computation before issue 46, every record read -------------


def _days_since(stamp: str | None, now: dt.datetime) -> float | None:
    when = parse_stamp(stamp)
    return None if when is None else (now - when).total_seconds() / 86400


def rows_by_reading_every_record(office: OfficeSettings, stale_days: int) -> list[dict[str, Any]]:
    """``fleet.laptop_rows`` as it was before issue 46 (git main, 68f673e)."""
    now = dt.datetime.now(dt.UTC)
    settings = office.settings()
    minimum = parse_version(settings["min_version"]) if settings["min_version"] else None
    health = office.health()
    findings = {row["device_id"] for row in office.store.audit_findings()}
    last_record: dict[str, str] = {}
    for record in office.store.records():
        if record.received_at > last_record.get(record.device_id, ""):
            last_record[record.device_id] = record.received_at
    rows = []
    for device in office.store.devices():
        report = health.get(device.device_id, {})
        seen = max(
            (s for s in (report.get("received_at"), last_record.get(device.device_id)) if s),
            default=None,
        )
        package_version = report.get("package_version")
        behind = settings["office_code"] is not None and (
            package_version is None or package_version < settings["version"]
        )
        version = report.get("fieldkit_version") or device.info.get("app_version")
        parsed = parse_version(version) if version else None
        flags = []
        seen_days = _days_since(seen, now)
        if seen is None:
            flags.append("never_reported")
        elif seen_days is None or seen_days > stale_days:
            flags.append("not_seen")
        oldest_days = _days_since(report.get("oldest_unsent_at"), now)
        if oldest_days is not None and oldest_days > stale_days:
            flags.append("old_records")
        if behind and report:
            flags.append("behind")
        if minimum is not None and parsed is not None and parsed < minimum:
            flags.append("below_min_version")
        if device.device_id in findings:
            flags.append("audit_findings")
        # Issue 46's roles merge added the officers a laptop refused; read from the report.
        conflicts = report.get("officer_conflicts") or []
        flags += ["officer_conflicts"] * bool(conflicts)
        audit = report.get("audit")
        rows.append(
            {
                "device_id": device.device_id,
                "revoked": device.revoked_at is not None,
                "hostname": report.get("hostname") or device.info.get("hostname"),
                # No laptop is named by the office here: its hostname, else its id's start.
                "name": report.get("hostname")
                or device.info.get("hostname")
                or device.device_id[:12],
                "label": None,
                "team": "",
                "fieldkit_version": version,
                "package_version": package_version,
                "office_version": settings["version"],
                "behind": behind,
                "last_seen_at": seen,
                "last_sync_at": report.get("last_sync_at"),
                "unsent_records": report.get("unsent_records"),
                "oldest_unsent_at": report.get("oldest_unsent_at"),
                "free_disk_bytes": report.get("free_disk_bytes"),
                "devices_failed": [d["kind"] for d in report.get("devices", []) if not d["ok"]],
                "audit_ok": audit.get("ok") if isinstance(audit, dict) else None,
                "frozen": report.get("frozen"),
                "officer_conflicts": conflicts,
                "flags": flags,
            }
        )
    return rows


def beranda_by_hand(every: list[StoredRecord], now: dt.datetime) -> tuple[int, int]:
    """Records today and records waiting, counted one record at a time."""
    since = start_of_today(now).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    real = [r for r in every if r.kid != DEMO_KID]
    today = sum(1 for r in real if r.received_at >= since)
    waiting = sum(1 for r in real if r.state == RecordState.ACCEPTED.value)
    return today, waiting


# --- the figures ------------------------------------------------------------------------


def test_every_page_counts_what_a_recount_of_every_record_finds(store: SqlStore) -> None:
    now = dt.datetime.now(dt.UTC)
    office = fill(store, records_count=900, laptops=14, officers=30, now=now)
    settings = OfficeSettings(store)
    every = store.records()
    assert len(every) == office.records
    # The office is mixed enough to tell a wrong count: every state, training records,
    # laptops revoked, silent, without a report, and one with no record at all.
    assert {r.state for r in every} == {s.value for s in RecordState}
    assert any(r.kid == DEMO_KID for r in every)
    assert len({r.device_id for r in every}) == len(office.laptops) - 2

    # Beranda: the counts, and its list of laptops that need a look.
    counts = home_counts(store, now)
    today, waiting = beranda_by_hand(every, now)
    assert (counts.records_today, counts.records_waiting) == (today, waiting)
    assert 0 < today < waiting < len(every)
    assert counts.laptops_enrolled == sum(1 for d in store.devices() if d.revoked_at is None)

    # Laptop: every row, every flag, every word; the oracle reads every record.
    expected = rows_by_reading_every_record(settings, STALE_DAYS)
    _office_name, rows = fleet(store)
    assert rows == laptop_rows(settings, STALE_DAYS) == expected
    assert {flag for row in rows for flag in row["flags"]} >= {
        "never_reported",
        "not_seen",
        "behind",
        "below_min_version",
        "audit_findings",
    }
    assert any(row["last_seen_at"] for row in rows)
    t = words("id")
    assert [laptop_view(row, t) for row in rows] == [laptop_view(row, t) for row in expected]
    shown = [laptop_view(row, t) for row in expected if not row["revoked"]]
    assert needing_attention(store, t) == [view for view in shown if view["attention"]]

    # Versi: each laptop's version and package, as the page words them.
    assert [laptop_package_view(row, t) for row in rows] == [
        laptop_package_view(row, t) for row in expected
    ]

    # Petugas: every officer, in the state the list shows.
    with store.reading() as conn:
        stored = conn.execute(sa.select(sa.func.count()).select_from(office_officers)).scalar()
    officers = officer_rows(settings)
    assert len(officers) == stored == 30
    assert {o["state"] for o in officers} == {"active", "waiting", "expired", "disabled"}


def test_the_newest_record_is_the_newest_time_whatever_its_order(store: SqlStore) -> None:
    """The database's MAX over the stored text and Python's ``>`` pick the same record.

    Records arriving in any order, and a laptop whose newest record came while its report
    is older (the page shows the later of the two).
    """
    now = dt.datetime.now(dt.UTC)
    office = fill(store, records_count=0, laptops=5, officers=1, now=now)
    add_records(store, office, 40, seed=7, now=now - dt.timedelta(days=3))
    with store.writing() as conn:
        conn.execute(
            laptop_health.update()
            .where(laptop_health.c.device_id == office.laptops[0])
            .values(received_at="2026-01-01T00:00:00.000000Z", report=json.dumps({}))
        )
    newest = store.last_received()
    by_hand: dict[str, str] = {}
    for record in store.records():
        by_hand[record.device_id] = max(record.received_at, by_hand.get(record.device_id, ""))
    assert newest == by_hand
    assert set(newest) == set(office.laptops[:-2])  # the last two sent nothing
    settings = OfficeSettings(store)
    assert laptop_rows(settings, STALE_DAYS) == rows_by_reading_every_record(settings, STALE_DAYS)
    assert laptop_rows(settings, STALE_DAYS)[0]["last_seen_at"] == newest[office.laptops[0]]


# --- the rows read ---------------------------------------------------------------------


class Fetched:
    """Statements run and rows handed back on an engine, counted under each DBAPI cursor.

    The cursor SQLAlchemy fetches from is wrapped as it is made, so every row the
    database returns to any query (ours or the session's) is counted, on any dialect.
    """

    def __init__(self, engine: sa.Engine) -> None:
        self.statements = 0
        self.rows = 0
        self.lock = threading.Lock()  # two requests at once count from two threads
        event.listen(engine, "after_cursor_execute", self._executed)

    def _executed(
        self,
        _conn: sa.Connection,
        cursor: Any,
        _statement: str,
        _parameters: Any,
        context: Any,
        _executemany: bool,
    ) -> None:
        with self.lock:
            self.statements += 1
        if cursor.description is not None:  # a query that returns rows
            context.cursor = _Counting(cursor, self)

    def reset(self) -> tuple[int, int]:
        with self.lock:
            counted = (self.statements, self.rows)
            self.statements = self.rows = 0
        return counted

    def add(self, rows: int) -> None:
        with self.lock:
            self.rows += rows


class _Counting:
    def __init__(self, cursor: Any, fetched: Fetched) -> None:
        self._cursor = cursor
        self._fetched = fetched

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)

    def fetchone(self) -> Any:
        row = self._cursor.fetchone()
        self._fetched.add(row is not None)
        return row

    def fetchmany(self, size: int | None = None) -> list[Any]:
        rows = self._cursor.fetchmany() if size is None else self._cursor.fetchmany(size)
        self._fetched.add(len(rows))
        return list(rows)

    def fetchall(self) -> list[Any]:
        rows = self._cursor.fetchall()
        self._fetched.add(len(rows))
        return list(rows)

    def __iter__(self) -> Iterator[Any]:
        for row in self._cursor:
            self._fetched.add(1)
            yield row


@contextlib.contextmanager
def serving(center: DataCenter) -> Iterator[httpx.Client]:
    """The real app under uvicorn over HTTPS on 127.0.0.1, in this process (its engine ours).

    The socket listens before uvicorn starts, so the first request waits in its backlog:
    nothing to poll for.
    """
    import uvicorn

    tls = center.keys.issue_server_certificate(["127.0.0.1"])
    sock = socket.create_server(("127.0.0.1", 0))
    config = uvicorn.Config(
        create_app(center),
        ssl_certfile=str(tls.certfile),
        ssl_keyfile=str(tls.keyfile),
        log_config=None,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    ca = (center.data_dir / "keys" / "ca.pem").read_text(encoding="ascii")
    url = f"https://127.0.0.1:{sock.getsockname()[1]}"
    try:
        with httpx.Client(
            base_url=url, verify=ssl.create_default_context(cadata=ca), timeout=60
        ) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join()
        sock.close()


def _log_in(center: DataCenter, client: httpx.Client) -> None:
    Accounts(center.store, params=CHEAP).add(
        "siti", "operator", PASSWORD, by=Actor("cli:test", Role.ADMIN)
    )
    form = client.get("/masuk")
    csrf = form.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    done = client.post("/masuk", data={"csrf": csrf, "name": "siti", "password": PASSWORD})
    assert done.status_code == 303, done.text


def _per_page(client: httpx.Client, fetched: Fetched) -> dict[str, tuple[int, int]]:
    """Each page's statements and rows, after a first load (sessions, caches) settles."""
    counted = {}
    for path in PAGES:
        assert client.get(path).status_code == OK
        fetched.reset()
        assert client.get(path).status_code == OK
        counted[path] = fetched.reset()
    return counted


def test_a_page_reads_as_many_rows_at_500_records_as_at_50(center: DataCenter) -> None:
    office = fill(center.store, records_count=50, laptops=6, officers=8)
    fetched = Fetched(center.store.engine)
    with serving(center) as client:
        _log_in(center, client)
        at_50 = _per_page(client, fetched)
        add_records(center.store, office, 450)
        at_500 = _per_page(client, fetched)
        # Two tabs at once: each reads what one tab alone reads.
        with cf.ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(client.get, ["/laptop", "/laptop"]))
        assert [a.status_code for a in answers] == [OK, OK]
        assert answers[0].text == answers[1].text
        assert fetched.reset() == tuple(2 * n for n in at_500["/laptop"])
    assert at_500 == at_50, (at_50, at_500)
    assert all(rows < 50 for _statements, rows in at_500.values()), at_500
