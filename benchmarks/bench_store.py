"""What the encrypted store costs, against plain SQLite doing the same work in the same run.

    .venv/bin/python benchmarks/bench_store.py

Figures: unlocking a slot (Argon2id + HPKE), opening and checking the store,
one audited commit (SQLCipher, WAL, synchronous=FULL) against a plain
SQLite commit with the same pragmas, and a backup per MiB.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from fieldkit import audit
from fieldkit.officers import Role
from fieldkit.store import database, keyring
from fieldkit.workspace import Workspace

if TYPE_CHECKING:
    from collections.abc import Callable

PASSWORD = "sandi-bench-1"  # noqa: S105 - synthetic
COMMITS = 300


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def ms(samples: list[float]) -> str:
    p95 = sorted(samples)[max(0, int(len(samples) * 0.95) - 1)]
    return f"median {statistics.median(samples) * 1e3:7.2f} ms  p95 {p95 * 1e3:7.2f} ms"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        Workspace.init(
            home,
            office_code="3505",
            username="admin",
            full_name="Bench",
            role=Role.ADMIN,
            password=PASSWORD,
        ).close()
        ring = keyring.load(home)
        unlock = timed(lambda: ring.unlock("admin", PASSWORD), 10)
        print(f"unlock slot (Argon2id 64 MiB t=3 + HPKE) {ms(unlock)}")
        key = ring.unlock("admin", PASSWORD)[0]

        def open_close() -> None:
            database.open_store(home, key, daily_backup=False).close()

        print(f"open store (quick_check, migrations)     {ms(timed(open_close, 10))}")

        store = database.open_store(home, key, daily_backup=False)

        def audited_commit() -> None:
            with store.transaction() as session:
                audit.append(session, "admin", "bench.event", "rec-1", {"n": 1})

        ours = timed(audited_commit, COMMITS)

        plain = sqlite3.connect(Path(tmp) / "plain.db", isolation_level=None)
        plain.execute("PRAGMA journal_mode=WAL")
        plain.execute("PRAGMA synchronous=FULL")
        plain.execute("CREATE TABLE t (seq INTEGER PRIMARY KEY, body TEXT, hash TEXT)")

        def plain_commit() -> None:
            plain.execute("BEGIN")
            plain.execute("INSERT INTO t (body, hash) VALUES (?, ?)", ("x" * 120, "0" * 64))
            plain.execute("COMMIT")

        baseline = timed(plain_commit, COMMITS)
        print(f"audited commit, SQLCipher                {ms(ours)}")
        print(f"baseline: plain SQLite insert+commit     {ms(baseline)}")
        print(
            f"overhead: {statistics.median(ours) / statistics.median(baseline):.1f}x the plain "
            "commit (hash chain, ORM, encryption)"
        )

        blob = "y" * 190
        with store.transaction() as session:
            for _ in range(20_000):
                audit.append(session, "admin", "bench.fill", None, {"pad": blob})
        size_mib = store.path.stat().st_size / 2**20
        backup = timed(lambda: store.backup(reason="bench"), 3)
        per_mib = statistics.median(backup) / size_mib * 1e3
        print(f"backup of a {size_mib:.1f} MiB store          {ms(backup)}  ({per_mib:.1f} ms/MiB)")
        store.close()


if __name__ == "__main__":
    main()
