"""Penunggalan with several searchers (``serve --dedup --workers N``) on PostgreSQL.

Each waiting record is taken by one searcher (``SELECT ... FOR UPDATE SKIP LOCKED`` and a
lease), decided once; a searcher killed mid-search leaves the record to be taken again
once its lease has run out, and what it would have decided is refused.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa

from sync.protocol import RecordState
from sync.server.dedup.queue import LEASE_S, Outcome, Searcher, decide, take
from sync.server.intake.service import DataCenter
from sync.server.store.tables import dedup_candidates, dedup_leases, records, state_changes
from sync.server.workers import DEDUP_ENV
from tests.sync.server.dcsupport import DataCenterProcess, fresh_database, postgres
from tests.sync.server.dedupsupport import as_jp2, prints, second_impression, upload

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

POSITIONS = (2, 7)
DECIDED = ("DUPLICATE_RECORD", "PRINT_READY_RECORD", "ENROLL_FAILURE")


@pytest.fixture(scope="module")
def fingers() -> dict[str, dict[int, bytes]]:
    a = prints(31, POSITIONS)
    return {
        "A": as_jp2(a),
        "A2": as_jp2({p: second_impression(image, p + 1) for p, image in a.items()}),
        "B": as_jp2(prints(32, POSITIONS)),
    }


@pytest.fixture
def center(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DataCenter]:
    datacenter = DataCenter(tmp_path / "dc", fresh_database(request, "postgresql"))
    yield datacenter
    datacenter.close()


def decisions(center: DataCenter) -> dict[str, list[str]]:
    """Each record's penunggalan states, as its laptop's feed has them (each once, or not)."""
    with center.store.reading() as conn:
        rows = conn.execute(
            sa.select(state_changes.c.record_id, state_changes.c.state)
            .where(state_changes.c.state.in_(DECIDED))
            .order_by(state_changes.c.cursor)
        ).all()
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(row.record_id, []).append(row.state)
    return found


def test_two_searchers_at_the_same_moment_take_two_records_and_decide_each_once(
    center: DataCenter, fingers: dict[str, dict[int, bytes]]
) -> None:
    _, first = upload(center, fingers["A"])
    _, other = upload(center, fingers["B"])
    _, second = upload(center, fingers["A2"])
    searchers = [Searcher(center.store, center.blobs, center.keys) for _ in range(2)]
    start = threading.Barrier(2)
    taken: list[str] = []
    done: list[list[Outcome]] = []
    errors: list[BaseException] = []

    def work(searcher: Searcher) -> None:
        try:
            start.wait()
            stored = take(center.store, searcher.holder)
            assert stored is not None
            taken.append(stored.record_id)
            outcomes = [searcher.search(stored).outcome]
            outcomes += [s.outcome for s in searcher.run_once()]
            done.append(outcomes)
        except BaseException as exc:  # noqa: BLE001 - reported by the test, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(s,)) for s in searchers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    assert len(taken) == 2
    assert len(set(taken)) == 2, taken  # the same moment, two different records
    assert sum(len(d) for d in done) == 3
    assert Outcome.LOST not in {o for d in done for o in d}
    decided = decisions(center)
    assert {r: len(states) for r, states in decided.items()} == {first: 1, other: 1, second: 1}
    assert decided[other] == ["PRINT_READY_RECORD"]
    # A and its second impression: whichever was searched later names the other.
    assert "DUPLICATE_RECORD" in decided[first] + decided[second]
    with center.store.reading() as conn:
        pairs = conn.execute(
            sa.select(dedup_candidates.c.record_id, dedup_candidates.c.candidate_record_id)
        ).all()
        assert {tuple(p) for p in pairs} <= {(first, second), (second, first)}
        assert conn.execute(sa.select(sa.func.count()).select_from(dedup_leases)).scalar() == 0


def test_searchers_racing_for_many_records_never_take_one_twice(
    center: DataCenter, fingers: dict[str, dict[int, bytes]]
) -> None:
    """Six searchers take as fast as they can until nothing waits: every record is
    taken exactly once. (A searcher whose snapshot began before another's lease was
    committed once locked the same row after the other let go, and took it too: the CI
    run of 2026-11-29 saw two searchers holding one record.)"""
    uploaded = {upload(center, fingers["B"])[1] for _ in range(40)}
    contenders = 6
    start = threading.Barrier(contenders)
    taken: list[str] = []
    errors: list[BaseException] = []

    def work(holder: str) -> None:
        try:
            start.wait()
            while (stored := take(center.store, holder)) is not None:
                taken.append(stored.record_id)
        except BaseException as exc:  # noqa: BLE001 - reported by the test, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(f"racer-{n}",)) for n in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    assert sorted(taken) == sorted(uploaded)
    with center.store.reading() as conn:
        holders = conn.execute(sa.select(dedup_leases.c.holder)).scalars().all()
    assert len(holders) == len(uploaded)


def test_a_record_another_searcher_is_taking_is_skipped_not_waited_for(
    center: DataCenter, fingers: dict[str, dict[int, bytes]]
) -> None:
    """The oldest record's row is locked by a searcher mid-take: the next searcher takes
    the next record at once (SKIP LOCKED), instead of waiting and taking the same one."""
    _, first = upload(center, fingers["A"])
    _, other = upload(center, fingers["B"])
    got: list[str | None] = []

    def second_searcher() -> None:
        stored = take(center.store, "second-searcher")
        got.append(None if stored is None else stored.record_id)

    with center.store.engine.connect() as conn, conn.begin():
        conn.execute(
            sa.select(records.c.record_id).where(records.c.record_id == first).with_for_update()
        )
        thread = threading.Thread(target=second_searcher)
        thread.start()
        thread.join(30)
        assert got == [other]
    thread.join(30)


_KILLED = """
import os, sys
from sync.server.dedup.queue import take
from sync.server.store.database import SqlStore
store = SqlStore(os.environ["DEDUP_TEST_DATABASE"])
stored = take(store, "killed-searcher")
print(stored.record_id if stored else "-", flush=True)
sys.stdin.read()  # searching, for as long as it takes to be killed
"""


def test_a_search_killed_midway_leaves_the_record_to_be_taken_again_and_decides_nothing(
    center: DataCenter, fingers: dict[str, dict[int, bytes]]
) -> None:
    device_id, record_id = upload(center, fingers["A"])
    with subprocess.Popen(
        [sys.executable, "-c", _KILLED],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ | {"DEDUP_TEST_DATABASE": center.store.url},
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == record_id  # it holds the record now
        finally:
            child.kill()
            child.wait(30)
    stored = center.store.record(device_id, record_id)
    assert stored is not None
    assert stored.state is RecordState.ACCEPTED  # nothing lost, nothing decided

    # Its lease still runs: another searcher leaves the record alone meanwhile.
    assert Searcher(center.store, center.blobs, center.keys).run_once() == []
    # Once the lease has run out, the record is taken again and decided, once.
    later = Searcher(
        center.store, center.blobs, center.keys, clock=lambda: time.time() + LEASE_S + 1
    )
    [searched] = later.run_once()
    assert (searched.record_id, searched.outcome) == (record_id, Outcome.PRINT_READY)
    # The killed searcher, had it come back, would decide nothing.
    assert not decide(
        center.store,
        "killed-searcher",
        stored,
        RecordState.DUPLICATE_RECORD,
        reason=None,
        found=[("x", "y", "1", 99.0)],
    )
    assert decisions(center) == {record_id: ["PRINT_READY_RECORD"]}


def test_serve_with_workers_searches_once_for_the_host_not_once_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``serve --workers 2`` with penunggalan on (here by its environment variable, which
    the workers inherit): the supervising process holds the one gallery and searcher; no
    worker starts its own (each held a copy of the gallery: gigabytes at a regency)."""
    monkeypatch.setenv(DEDUP_ENV, "1")
    databases = postgres()
    database = databases.create()
    server = DataCenterProcess(tmp_path / "dc", tmp_path / "dc.log", database, ("--workers", "2"))
    try:
        server.start()
        assert server.proc is not None
        serving = server.proc.pid
        with server.client() as client:
            assert client.get("/v1/health").is_success  # a worker answers
    finally:
        server.stop()
        databases.drop(database)
    log = (tmp_path / "dc.log").read_text(encoding="utf-8")
    searchers = [line for line in log.splitlines() if "penunggalan searcher" in line]
    assert len(searchers) == 1, log
    assert f"searcher {serving}-" in searchers[0]
    assert re.search(r"worker \d+ serving", log), log  # the workers did start
