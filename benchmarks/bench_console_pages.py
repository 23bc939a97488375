"""The console's Beranda, Laptop, Petugas and Versi pages, and ``/v1/ready``, at an office's size.

    .venv/bin/python benchmarks/bench_console_pages.py [--records 100000 1000000]
        [--rounds 3] [--backend sqlite|postgresql] [--postgres-url URL]

Issue 46 (hole 10): each of these pages read every record into Python, so at 100,000
records each took about 2 s and ``/v1/ready`` slowed to 0.76 s while four tabs reloaded.
For each size this fills a fresh data center straight through SQL (the same office as
the tests', ``tests/sync/server/pagesupport.py``: 12 laptops, 40 officers, the records
spread over the laptops, states and sixty days), starts the real
``fieldkit-datacenter serve`` (HTTPS, uvicorn) on it, logs in, and times:

* each page, one request after another (median of ``--rounds``);
* ``/v1/ready`` polled while four tabs load the four pages at once (median and worst).

The baseline, in the same run on the same server: ``/v1/ready`` and the login page
(``/masuk``, which reads no record) while nothing else runs.  To measure the code
before the change, run this file with an older tree first on the path
(``PYTHONPATH=../old-tree``): the server is started with the same interpreter and path.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

if __package__ in {None, ""} and not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_ingest import DEFAULT_POSTGRES_URL, drop_postgres, fresh_postgres
from sync.server.store.database import SqlStore, make_data_dir, sqlite_url
from tests.sync.server.consolesupport import add_account, log_in
from tests.sync.server.dcsupport import DataCenterProcess
from tests.sync.server.pagesupport import fill

log = logging.getLogger("bench_console_pages")

PAGES = {"Beranda": "/", "Laptop": "/laptop", "Petugas": "/petugas", "Versi": "/petugas/versi"}
OK = 200


def timed(client: httpx.Client, path: str) -> float:
    start = time.perf_counter()
    answer = client.get(path)
    took = time.perf_counter() - start
    if answer.status_code != OK:
        message = f"{path} answered {answer.status_code}"
        raise RuntimeError(message)
    return took


def _patient(client: httpx.Client) -> httpx.Client:
    """Four tabs of the old code on a busy machine took longer than the tests' 30 s."""
    client.timeout = httpx.Timeout(600)
    return client


def median(client: httpx.Client, path: str, rounds: int) -> float:
    return statistics.median(timed(client, path) for _ in range(rounds))


def ready_under_load(server: DataCenterProcess, rounds: int) -> list[float]:
    """``/v1/ready``'s times while four logged-in tabs load the four pages, ``rounds`` times."""
    tabs = [_patient(server.client()) for _ in PAGES]
    for tab in tabs:
        if log_in(tab, "bench").status_code != 303:
            message = "login refused"
            raise RuntimeError(message)
    times: list[float] = []
    with _patient(server.client()) as probe, cf.ThreadPoolExecutor(len(tabs)) as pool:
        for _ in range(rounds):
            loads = [
                pool.submit(timed, tab, path)
                for tab, path in zip(tabs, PAGES.values(), strict=True)
            ]
            while not all(load.done() for load in loads):
                times.append(timed(probe, "/v1/ready"))
            for load in loads:
                load.result()
    for tab in tabs:
        tab.close()
    return times


def measure(count: int, rounds: int, database: str | None, tmp: Path) -> dict[str, float]:
    data = tmp / f"dc-{count}"
    make_data_dir(data)
    store = SqlStore(database or sqlite_url(data))
    start = time.perf_counter()
    fill(store, records_count=count)
    store.close()
    log.info("%d records written in %.1f s", count, time.perf_counter() - start)
    server = DataCenterProcess(data, tmp / f"dc-{count}.log", database)
    done = add_account(server, "bench")  # the real CLI, on the server's own database
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    server.start()
    figures: dict[str, float] = {}
    try:
        with _patient(server.client()) as client:
            if log_in(client, "bench").status_code != 303:
                message = "login refused"
                raise RuntimeError(message)
            figures["baseline /v1/ready, idle"] = median(client, "/v1/ready", rounds * 5)
            with server.client() as stranger:  # logged in, /masuk would send it to Beranda
                figures["baseline /masuk (no record read)"] = median(stranger, "/masuk", rounds * 5)
            for name, path in PAGES.items():
                timed(client, path)  # the first, with a cold cache, is not counted
                figures[f"{name} ({path})"] = median(client, path, rounds)
                log.info("  %-42s %8.3f s", f"{name} ({path})", figures[f"{name} ({path})"])
        under_load = ready_under_load(server, rounds)
        figures["/v1/ready while 4 tabs load, median"] = statistics.median(under_load)
        figures["/v1/ready while 4 tabs load, worst"] = max(under_load)
    finally:
        server.stop()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")  # not alembic's, httpx's
    log.setLevel(logging.INFO)
    log.info("load average at the start: %s", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.records:
            name, database = (None, None)
            if args.backend == "postgresql":
                name, database = fresh_postgres(args.postgres_url)
            try:
                figures = measure(count, args.rounds, database, Path(tmp))
            finally:
                if name is not None:
                    drop_postgres(args.postgres_url, name)
            log.info("%s, %d records:", args.backend, count)
            for what, seconds in figures.items():
                log.info("  %-42s %8.3f s", what, seconds)
    log.info("load average at the end: %s", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
