"""Thirty wrong passwords at once, from thirty processes: where the lockout comes, and its cost.

    .venv/bin/python benchmarks/bench_parallel_logins.py

Issue 24 (item 5): the login counter lived in ``keyring.json``, read, changed and
written by each process on its own, so a burst of parallel guesses was never
locked out.  This starts ``ATTEMPTS`` processes together against one store with the
real Argon2id parameters and reports how many were told "wrong password" (the
lockout must come at the fifth) and how many "locked", with the burst's wall time.
The baseline, in the same run: one process making one wrong attempt.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from fieldkit.officers import Role
from fieldkit.workspace import Workspace

log = logging.getLogger("bench_parallel_logins")

PASSWORD = "sandi-bench-1"  # noqa: S105 - synthetic
ATTEMPTS = 30
ROOT = Path(__file__).resolve().parents[1]
_ATTEMPT = """
import json, sys
from pathlib import Path
from fieldkit.errors import KnownError
from fieldkit.login import log_in
try:
    log_in(Path(sys.argv[1]), "admin", "bukan-sandinya").close()
except KnownError as error:
    print(json.dumps({"code": error.code}))
"""


def burst(home: Path, count: int) -> tuple[Counter[str], float]:
    """``count`` processes started together; their outcomes and the wall time until all end."""
    start = time.perf_counter()
    running = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", _ATTEMPT, str(home)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    outcomes: Counter[str] = Counter()
    for process in running:
        out, _ = process.communicate(timeout=600)
        lines = out.strip().splitlines()
        outcomes[json.loads(lines[-1])["code"] if lines else f"exit {process.returncode}"] += 1
    return outcomes, time.perf_counter() - start


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("baseline", "burst"):
            Workspace.init(
                Path(tmp) / name,
                office_code="3505",
                username="admin",
                full_name="Bench",
                role=Role.ADMIN,
                password=PASSWORD,
            ).close()
        single, single_s = burst(Path(tmp) / "baseline", 1)
        outcomes, burst_s = burst(Path(tmp) / "burst", ATTEMPTS)
    log.info("baseline: 1 process, 1 wrong password: %s in %.2f s", dict(single), single_s)
    log.info(
        "%d processes at once, wrong passwords: %s in %.2f s (%.2f s per attempt)",
        ATTEMPTS,
        dict(outcomes),
        burst_s,
        burst_s / ATTEMPTS,
    )


if __name__ == "__main__":
    main()
