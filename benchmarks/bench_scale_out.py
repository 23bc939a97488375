"""Many laptops through a load balancer to several data-center processes, one killed mid-run.

    .venv/bin/python benchmarks/bench_scale_out.py [--laptops 200] [--records 10]
        [--size 20000] [--processes 3] [--postgres-url URL]

Two runs of the same work, in the same invocation:

* the baseline: the embedded default, one ``fieldkit-datacenter serve`` on SQLite;
* scaled out: ``--processes`` ``serve`` processes on one PostgreSQL behind a real
  HAProxy (``tests/sync/server/lbsupport.py``), the blobs in a SeaweedFS holding every
  object on two volume servers (``--blobs s3``, the default; ``local`` for a shared
  folder).  One process is SIGKILLed once a third of the records are stored and started
  again two seconds later; one volume server is killed at two thirds and started again
  two seconds later.

The laptops are simulated but signed like real ones (their own Ed25519 keys, records
sealed to the data center's key, every request signed), as in ``bench_ingest.py``;
each pushes its records (manifest, then uploads) and starts over with what is left
when a connection drops or a 5xx comes back, as the real client does.  At the end the
database is counted: records lost (sealed but not stored) and stored twice must both
be 0, else the benchmark exits 1.  Reported per run: wall time, records/s, and the
cost per record: CPU milliseconds of the service's processes (and PostgreSQL's) and
bytes they wrote to disk, from ``/proc`` (Linux).
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import os
import random
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_ingest import (
    DEFAULT_POSTGRES_URL,
    drop_postgres,
    enroll_device,
    fresh_postgres,
    signed,
)
from sync.protocol import HEADER_RECORD_SIGNATURE, b64encode
from sync.server.intake.service import issue_code
from sync.server.store.database import SqlStore, sqlite_url
from sync.server.store.tables import records
from tests.sync.client.syncsupport import FixedPortDataCenter, free_port
from tests.sync.server.lbsupport import BalancedDataCenter
from tests.sync.server.seaweedsupport import ReplicatedSeaweedFS

if TYPE_CHECKING:
    from collections.abc import Callable

    from cryptography.hazmat.primitives.asymmetric import ed25519

    from fieldkit.sealing import SealedRecord

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
RETRIES = 40


@dataclass
class Laptop:
    key: ed25519.Ed25519PrivateKey
    device_id: str
    records: list[SealedRecord]
    retries: int = 0


@dataclass
class Cost:
    """CPU seconds and bytes written by a set of processes, read from /proc."""

    cpu_s: float = 0.0
    written: int = 0
    seen: dict[int, tuple[float, int]] = field(default_factory=dict)

    def sample(self, pids: list[int]) -> None:
        """Remember each process's latest totals (a killed process keeps its last ones)."""
        for pid in pids:
            try:
                stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                io = dict(
                    line.split(": ") for line in Path(f"/proc/{pid}/io").read_text().splitlines()
                )
            except (OSError, ValueError):
                continue
            cpu = (int(stat[11]) + int(stat[12])) / CLOCK_TICKS
            self.seen[pid] = (cpu, int(io["write_bytes"]))

    def total(self, before: dict[int, tuple[float, int]]) -> tuple[float, int]:
        cpu = sum(c - before.get(p, (0.0, 0))[0] for p, (c, _) in self.seen.items())
        written = sum(w - before.get(p, (0.0, 0))[1] for p, (_, w) in self.seen.items())
        return cpu, written


def _postgres_pids() -> list[int]:
    done = subprocess.run(
        ["pgrep", "-u", "postgres"],  # noqa: S607 - from PATH, as a person runs it
        capture_output=True,
        text=True,
        check=False,
    )
    return [int(x) for x in done.stdout.split()]


def enroll(url: str, ca: ssl.SSLContext, codes: list[str], per: int, size: int) -> list[Laptop]:
    rng = random.Random(11)  # noqa: S311 - test payloads, not secrets

    def payload_of(record_id: str, seq: int) -> bytes:
        bulk = b64encode(rng.randbytes(size * 3 // 4))
        return json.dumps({"record_id": record_id, "seq": seq, "portrait": bulk}).encode()

    with httpx.Client(base_url=url, verify=ca, timeout=60) as client:
        enrolled = [enroll_device(client, code, per, payload_of) for code in codes]
    return [Laptop(one.key, one.device_id, one.records) for one in enrolled]


def _manifest(client: httpx.Client, laptop: Laptop, todo: list[SealedRecord]) -> list[str]:
    entries = [
        {"record_id": r.record_id, "seq": r.seq, "sha256": r.sha256, "size": len(r.envelope)}
        | {"kid": r.kid}
        for r in todo
    ]
    body = json.dumps({"entries": entries}).encode()
    headers = signed(laptop, "POST", "/v1/manifest", body) | {"content-type": "application/json"}  # type: ignore[arg-type]
    answer = client.post("/v1/manifest", content=body, headers=headers)
    answer.raise_for_status()
    verdicts = answer.json()["verdicts"]
    return [v["record_id"] for v in verdicts if v["verdict"] == "upload"]


def push(url: str, ca: ssl.SSLContext, laptop: Laptop) -> None:
    """Until every record has a receipt: start over with what is left after any fault."""
    todo = list(laptop.records)
    for attempt in range(RETRIES):
        try:
            with httpx.Client(base_url=url, verify=ca, timeout=60) as client:
                wanted = set(_manifest(client, laptop, todo))
                for record in [r for r in todo if r.record_id in wanted]:
                    path = f"/v1/records/{record.record_id}"
                    headers = signed(laptop, "PUT", path, record.envelope)  # type: ignore[arg-type]
                    headers[HEADER_RECORD_SIGNATURE] = b64encode(record.signature)
                    headers["content-type"] = "application/octet-stream"
                    client.put(path, content=record.envelope, headers=headers).raise_for_status()
                # A second manifest: everything held is already_have now.
                if not _manifest(client, laptop, todo):
                    return
        except (httpx.TransportError, httpx.HTTPStatusError):
            laptop.retries += 1
            time.sleep(min(0.1 * 2**attempt, 2.0))  # backoff, as the real client
    msg = f"laptop {laptop.device_id} gave up"
    raise RuntimeError(msg)


def stored_count(database: str) -> tuple[int, int]:
    engine = sa.create_engine(database)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(sa.func.count()).select_from(records)).scalar_one()
        unique = conn.execute(
            sa.select(sa.func.count()).select_from(
                sa.select(records.c.device_id, records.c.record_id).distinct().subquery()
            )
        ).scalar_one()
    engine.dispose()
    return int(rows), int(unique)


@dataclass
class Run:
    name: str
    wall_s: float
    count: int
    cpu_s: float
    written: int
    retries: int
    lost: int
    twice: int

    def line(self) -> str:
        return (
            f"{self.name}: {self.wall_s:.1f} s, {self.count / self.wall_s:.1f} records/s, "
            f"{1000 * self.cpu_s / self.count:.1f} CPU ms and "
            f"{self.written / self.count / 1024:.0f} KiB written per record, "
            f"{self.retries} laptop retries, lost {self.lost}, stored twice {self.twice}"
        )


def run(  # noqa: PLR0917 - one place for the knobs of a run
    name: str,
    url: str,
    ca: ssl.SSLContext,
    laptops: list[Laptop],
    database: str,
    processes: Callable[[], list[int]],
    chaos: Callable[[int], None] | None = None,
) -> Run:
    count = sum(len(laptop.records) for laptop in laptops)
    cost = Cost()
    cost.sample(processes())
    before = dict(cost.seen)
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.2):
            cost.sample(processes())

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    chaos_thread = None
    if chaos is not None:
        chaos_thread = threading.Thread(target=chaos, args=(count,), daemon=True)
        chaos_thread.start()
    start = time.perf_counter()
    with cf.ThreadPoolExecutor(32) as pool:
        list(pool.map(lambda laptop: push(url, ca, laptop), laptops))
    wall = time.perf_counter() - start
    stop.set()
    watcher.join()
    if chaos_thread is not None:
        chaos_thread.join(30)
    cost.sample(processes())
    cpu, written = cost.total(before)
    rows, unique = stored_count(database)
    return Run(
        name,
        wall,
        count,
        cpu,
        written,
        sum(lt.retries for lt in laptops),
        lost=count - unique,
        twice=rows - unique,
    )


def codes_for(database: str, n: int) -> list[str]:
    store = SqlStore(database)
    try:
        return [issue_code(store, time.time()) for _ in range(n)]
    finally:
        store.close()


def baseline(tmp: Path, args: argparse.Namespace) -> Run:
    data = tmp / "single"
    dc = FixedPortDataCenter(data, tmp / "single.log", free_port())
    dc.start()
    try:
        database = sqlite_url(data)
        ca = ssl.create_default_context(cadata=(data / "keys" / "ca.pem").read_text())
        laptops = enroll(dc.url, ca, codes_for(database, args.laptops), args.records, args.size)
        assert dc.proc is not None
        pid = dc.proc.pid
        return run("one process, SQLite (baseline)", dc.url, ca, laptops, database, lambda: [pid])
    finally:
        dc.stop()


def _chaos(
    site: BalancedDataCenter,
    seaweed: ReplicatedSeaweedFS | None,
    stored: Callable[[], int],
    count: int,
) -> None:
    """Kill a service process at a third of the records, a volume server at two thirds."""
    while stored() < count // 3:
        time.sleep(0.2)
    victim = site.processes[1]
    victim.kill()
    print(f"  SIGKILLed process 2 at {stored()} records stored")
    time.sleep(2)
    victim.start()
    print("  process 2 started again")
    if seaweed is None:
        return
    while stored() < 2 * count // 3:
        time.sleep(0.2)
    seaweed.kill_volume(2)
    print(f"  SIGKILLed SeaweedFS volume server 2 at {stored()} records stored")
    time.sleep(2)
    seaweed.start_volume(2)
    print("  volume server 2 started again")


def scaled_out(tmp: Path, args: argparse.Namespace) -> Run:
    dbname, database = fresh_postgres(args.postgres_url)
    seaweed = ReplicatedSeaweedFS(tmp / "seaweedfs") if args.blobs == "s3" else None
    site = BalancedDataCenter(tmp / "scaled", tmp, database)
    try:
        if seaweed is not None:
            seaweed.start()
            os.environ.update(seaweed.environment("bench"))  # every serve process reads them
        site.start(args.processes)
        ca = ssl.create_default_context(cadata=(site.data / "keys" / "ca.pem").read_text())
        laptops = enroll(site.url, ca, codes_for(database, args.laptops), args.records, args.size)

        def processes() -> list[int]:
            pids = [dc.proc.pid for dc in site.processes if dc.proc is not None]
            if seaweed is not None:
                pids += [p.pid for p in [*seaweed.volumes.values(), *seaweed.others]]
            return pids + _postgres_pids()

        def stored() -> int:
            return stored_count(database)[1]

        engines = "PostgreSQL + SeaweedFS (2 copies)" if seaweed else "PostgreSQL"
        return run(
            f"{args.processes} processes behind HAProxy, {engines}, chaos",
            site.url,
            ca,
            laptops,
            database,
            processes,
            lambda count: _chaos(site, seaweed, stored, count),
        )
    finally:
        site.stop()
        if seaweed is not None:
            volumes = [
                sorted(p.stem for p in (seaweed.folder / f"volume{n}").glob("*.dat"))
                for n in (1, 2)
            ]
            print(f"  volumes on server 1: {volumes[0]}, on server 2: {volumes[1]}")
            seaweed.stop()
            for name in seaweed.environment():
                os.environ.pop(name, None)
        drop_postgres(args.postgres_url, dbname)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--laptops", type=int, default=200)
    parser.add_argument("--records", type=int, default=10, help="records per laptop")
    parser.add_argument("--size", type=int, default=20_000, help="bytes per record, roughly")
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument(
        "--blobs",
        choices=["s3", "local"],
        default="s3",
        help="where the scaled-out run keeps blobs",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("FIELDKIT_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL),
    )
    args = parser.parse_args()
    print(
        f"{args.laptops} laptops x {args.records} records of ~{args.size // 1000} KB; "
        f"nproc {os.cpu_count()}, load average {os.getloadavg()[0]:.2f}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        runs = [baseline(Path(tmp), args), scaled_out(Path(tmp), args)]
    for result in runs:
        print(result.line())
    print(f"throughput scaled out / baseline: {runs[0].wall_s / runs[1].wall_s:.2f}x")
    if any(r.lost or r.twice for r in runs):
        print("FAILED: a record was lost or stored twice")
        sys.exit(1)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)
    main()
