"""Three data-center processes on one PostgreSQL behind HAProxy: one truth (issue 25).

The database is the only state the processes share.  Laptops push through the
balancer while a process is killed and started again; every record arrives once,
every receipt verifies, and a revocation made through one process holds in all.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
import os
import signal
import ssl
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from fieldkit.workspace import Workspace
from sync.client.client import SyncClient
from sync.client.enroll import enroll_laptop
from sync.client.errors import SyncReason
from sync.client.outcomes import PushSummary
from tests.conftest import wait_until
from tests.support import init_workspace
from tests.sync.client.syncsupport import FixedPortDataCenter, free_port, seal_records, states
from tests.sync.server.dcsupport import Laptop, dc_cli, list_records, new_code, postgres
from tests.sync.server.lbsupport import BalancedDataCenter

if TYPE_CHECKING:
    from collections.abc import Iterator

LAPTOPS = 4


@pytest.fixture
def balanced(tmp_path: Path) -> Iterator[BalancedDataCenter]:
    databases = postgres()
    url = databases.create()
    site = BalancedDataCenter(tmp_path / "dc", tmp_path, url)
    try:
        site.start(3)
        yield site
    finally:
        site.stop()
        databases.drop(url)


@pytest.fixture
def laptops(tmp_path: Path, balanced: BalancedDataCenter) -> Iterator[list[Workspace]]:
    opened = [init_workspace(tmp_path / f"laptop{n}") for n in range(LAPTOPS)]
    try:
        for ws in opened:
            enroll_laptop(
                ws, balanced.url, new_code(balanced), ca_fingerprint_expected=balanced.fingerprint
            )
        yield opened
    finally:
        for ws in opened:
            ws.close()


def _push_until_done(ws: Workspace, tries: int = 4) -> PushSummary:
    """A push cut by a killed process stops with a reason; the officer presses again."""
    summary = SyncClient(ws).push()
    for _ in range(tries - 1):
        if summary.ok:
            break
        summary = SyncClient(ws).push()
    return summary


def _push_all(workspaces: list[Workspace]) -> list[PushSummary]:
    with cf.ThreadPoolExecutor(len(workspaces)) as pool:
        return list(pool.map(_push_until_done, workspaces))


def test_pushes_through_the_balancer_lose_and_duplicate_nothing_while_a_process_dies(
    balanced: BalancedDataCenter, laptops: list[Workspace]
) -> None:
    sealed = {id(ws): seal_records(ws, 8) for ws in laptops}
    assert all(s.ok for s in _push_all(laptops))

    balanced.processes[1].kill()
    for ws in laptops:
        sealed[id(ws)] += seal_records(ws, 8)
    summaries = _push_all(laptops)
    assert all(s.ok for s in summaries), [s.as_json() for s in summaries if not s.ok]

    balanced.processes[1].start()
    for ws in laptops:
        sealed[id(ws)] += seal_records(ws, 4)
    last = _push_all(laptops)
    assert all(s.ok for s in last)
    # Each push was anchored by whichever process took it: the anchors are in the database.
    assert all(s.audit is not None and not s.audit.differs for s in last)

    stored = list_records(balanced)
    keys = [(r["device_id"], r["record_id"]) for r in stored]
    assert len(keys) == len(set(keys)), "a record stored twice"
    assert sorted(r["record_id"] for r in stored) == sorted(
        record_id for ids in sealed.values() for record_id in ids
    ), "a record lost"
    for ws in laptops:
        assert set(states(ws).values()) == {"PURGED"}, "every receipt verified, then purged"
    served = [dc.log.read_text(encoding="utf-8") for dc in balanced.processes]
    assert all('"PUT /v1/records/' in log for log in served), "each process took uploads"


def test_a_revocation_through_one_process_holds_in_every_process(
    balanced: BalancedDataCenter, laptops: list[Workspace]
) -> None:
    revoked, kept = laptops[0], laptops[1]
    device_id = SyncClient(revoked).settings().device_id
    done = dc_cli(balanced, "devices", "revoke", device_id, "--reason", "stolen")
    assert done.returncode == 0, done.stderr

    seal_records(revoked, 2)
    seal_records(kept, 2)
    # One push per process at least: each new client opens a new connection, and the
    # balancer hands connections round robin.
    for _ in range(len(balanced.processes) + 1):
        summary = SyncClient(revoked).push()
        assert summary.error is not None
        assert summary.error.reason is SyncReason.DEVICE_REVOKED
    assert set(states(revoked).values()) == {"SEALED"}
    assert _push_until_done(kept).ok


# --- one host, several workers (``serve --workers N``) --------------------------------


def _workers(dc: FixedPortDataCenter) -> set[int]:
    """The live worker processes: children of ``serve`` that logged that they serve."""
    assert dc.proc is not None
    done = subprocess.run(
        ["pgrep", "-P", str(dc.proc.pid)], capture_output=True, text=True, check=False
    )
    children = {int(line) for line in done.stdout.split()}
    log = dc.log.read_text(encoding="utf-8")
    return {pid for pid in children if f"worker {pid} serving" in log}


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[FixedPortDataCenter]:
    databases = postgres()
    url = databases.create()
    dc = FixedPortDataCenter(tmp_path / "dc", tmp_path / "dc.log", free_port())
    dc.database = url
    dc.extra = ("--workers", "3")
    try:
        dc.start()
        yield dc
    finally:
        dc.stop()
        databases.drop(url)


def test_three_workers_share_one_truth_and_a_killed_worker_is_replaced(
    workers: FixedPortDataCenter, tmp_path: Path
) -> None:
    laptops = [init_workspace(tmp_path / f"w-laptop{n}") for n in range(LAPTOPS)]
    try:
        for ws in laptops:
            enroll_laptop(
                ws, workers.url, new_code(workers), ca_fingerprint_expected=workers.fingerprint
            )
        ids = [record_id for ws in laptops for record_id in seal_records(ws, 6)]
        assert all(s.ok for s in _push_all(laptops))
        first = _workers(workers)
        assert len(first) == 3

        victim = min(first)
        os.kill(victim, signal.SIGKILL)
        ids += [record_id for ws in laptops for record_id in seal_records(ws, 6)]
        summaries = _push_all(laptops)
        assert all(s.ok for s in summaries), [s.as_json() for s in summaries if not s.ok]
        assert all(s.audit is not None and not s.audit.differs for s in summaries)
    finally:
        for ws in laptops:
            ws.close()
    stored = list_records(workers)
    assert sorted(r["record_id"] for r in stored) == sorted(ids), "nothing lost, nothing twice"
    # The supervisor notices the death within a second and starts a worker, which takes
    # its own while under load.
    wait_until(lambda: len(_workers(workers)) == 3, 60, "the killed worker replaced")
    now = _workers(workers)
    assert victim not in now
    # One scrape, whichever worker answers it, counts every worker's uploads (the killed
    # one's included: its counts stay in its file).
    with workers.client() as client:
        text = client.get("/metrics").text
    accepted = [
        line
        for line in text.splitlines()
        if line.startswith('fieldkit_dc_uploads_total{state="ACCEPTED"}')
    ]
    assert [float(line.split()[-1]) for line in accepted] == [float(len(ids))]


def test_several_workers_on_sqlite_are_refused_plainly(tmp_path: Path) -> None:
    done = dc_cli(tmp_path / "dc", "serve", "--workers", "2", "--port", "0")
    assert done.returncode == 2
    assert "PostgreSQL" in done.stderr


def test_the_chaos_run_of_200_laptops_loses_and_duplicates_nothing() -> None:
    """The benchmark's run itself, at full size, in CI: its figures are not checked here.

    Three processes behind HAProxy on PostgreSQL, the blobs in a SeaweedFS that keeps two
    copies; a process and a volume server are killed and started again mid-run.
    """
    script = Path(__file__).resolve().parents[3] / "benchmarks" / "bench_scale_out.py"
    done = subprocess.run(
        [sys.executable, str(script), "--laptops", "200", "--records", "10"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    runs = [line for line in done.stdout.splitlines() if "records/s" in line]
    assert len(runs) == 2
    assert all("lost 0, stored twice 0" in line for line in runs)
    assert "SIGKILLed process 2" in done.stdout
    assert "SIGKILLed SeaweedFS volume server 2" in done.stdout
    # Replication 2: every volume is on both servers.
    [volumes] = [line for line in done.stdout.splitlines() if "volumes on server 1" in line]
    on_one, on_two = volumes.split(": ", 1)[1].split(", on server 2: ")
    assert on_one == on_two
    assert on_one != "[]"


def test_conflicts_are_one_truth_across_processes(balanced: BalancedDataCenter) -> None:
    """Other content for a stored record, offered through each process in turn: conflict
    every time, one row counting them all, and the stored record unchanged."""
    ca = (balanced.data / "keys" / "ca.pem").read_text()
    fresh = ssl.create_default_context(cadata=ca)
    with httpx.Client(base_url=balanced.url, verify=fresh, timeout=30) as first:
        laptop = Laptop(first)
        laptop.enroll(new_code(balanced))
        record = laptop.seal()
        laptop.sync(record)
    offers = 2 * len(balanced.processes)
    for n in range(offers):  # a new connection each time: round robin over the processes
        with httpx.Client(base_url=balanced.url, verify=fresh, timeout=30) as client:
            laptop.client = client
            other = hashlib.sha256(b"other content %d" % n).hexdigest()
            entry = {
                "record_id": record.record_id,
                "seq": 1,
                "sha256": other,
                "size": len(record.envelope),
                "kid": record.kid,
            }
            answer = laptop.signed(
                "POST",
                "/v1/manifest",
                json.dumps({"entries": [entry]}).encode(),
                headers={"content-type": "application/json"},
            )
            assert answer.json()["verdicts"][0]["verdict"] == "conflict"
    done = dc_cli(balanced, "conflicts", "list", "--json")
    rows = [r for r in json.loads(done.stdout) if r["record_id"] == record.record_id]
    assert [r["times"] for r in rows] == [offers]
    [stored] = [r for r in list_records(balanced) if r["record_id"] == record.record_id]
    assert stored["sha256"] == record.sha256
