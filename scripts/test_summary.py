"""Where the test command's time went: printed at the end of every scripts/run-tests.sh.

CI's limit (90 minutes) is, to a first approximation, the CPU seconds of everything the
command runs divided by the machine's two cores (docs/testing.md), so this says both:

* the whole run: the machine's CPU seconds (``/proc/stat``, from the start mark that
  scripts/run-tests.sh took) and the wall seconds;
* CPU and wall seconds per test folder, summed over the tests (``tests/cputime.py``:
  each test's own process and the child processes it waited for);
* the 20 tests that took the most CPU, and the failed ones with why (their ``E`` lines);
* the Windows stage's steps (its own ``[windows] ... done in N s`` lines).

Usage: ``python scripts/test_summary.py ARTIFACTS [--since FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

#: How deep a test's path is cut for the per-folder table: tests/sync/server, tests/e2e.
FOLDER_DEPTH = 3
SLOWEST = 20
_STEP = re.compile(r"^\[windows\] (.+): done in (\d+) s$")


def machine_cpu_seconds() -> float | None:
    """Every core's busy seconds since boot (user, nice, system, irq, softirq, steal).

    None where the kernel keeps no ``/proc/stat`` (Windows, macOS): the whole-run line is
    then left out, the per-test figures still given.
    """
    if sys.platform == "win32" or not Path("/proc/stat").is_file():
        return None
    fields = Path("/proc/stat").read_text(encoding="ascii").splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def mark(path: Path) -> None:
    """Note the machine's CPU seconds and the time now, for the summary's whole-run line."""
    path.write_text(json.dumps({"cpu": machine_cpu_seconds(), "at": time.time()}))


def _tests(folder: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in sorted(folder.glob("cpu-*.jsonl")):
        rows.extend(json.loads(line) for line in path.read_text().splitlines() if line)
    return rows


def _folder(test: str) -> str:
    parts = test.split("::", maxsplit=1)[0].split("/")
    return "/".join(parts[: min(FOLDER_DEPTH, len(parts) - 1)]) or parts[0]


def _failed(rows: list[dict[str, Any]]) -> list[str]:
    """Each failed test, and beneath it why (tests/cputime.py kept its ``E`` lines)."""
    failed = [r for r in rows if r.get("outcome") == "failed"]
    if not failed:
        return []
    lines = [f"\nfailed ({len(failed)}), with pytest's E lines:"]
    for row in failed:
        lines.append(f"  {row['test']}")
        if row.get("why"):
            lines.append(f"      {row['why']}")
    return lines


def summary(artifacts: Path, since: Path | None) -> str:
    lines: list[str] = []
    now = machine_cpu_seconds()
    if since is not None and since.is_file() and now is not None:
        start = json.loads(since.read_text())
        cpu = now - (start["cpu"] or now)
        wall = time.time() - start["at"]
        lines.append(
            f"whole run: {cpu:,.0f} s of CPU over {wall:,.0f} s of wall "
            f"({cpu / 2:,.0f} s of CI time on two cores)"
        )
    rows = _tests(artifacts / "cpu")
    if rows:
        per_folder: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        for row in rows:
            totals = per_folder[_folder(str(row["test"]))]
            totals[0] += 1
            totals[1] += float(row["cpu"]) + float(row["children_cpu"])
            totals[2] += float(row["wall"])
        lines.append(f"\n{'tests':>6} {'CPU s':>9} {'wall s':>9}  folder")
        for name, (count, cpu_s, wall_s) in sorted(per_folder.items(), key=lambda i: -i[1][1]):
            lines.append(f"{count:>6.0f} {cpu_s:>9,.0f} {wall_s:>9,.0f}  {name}")
        total_cpu = sum(t[1] for t in per_folder.values())
        lines.append(f"{len(rows):>6} {total_cpu:>9,.0f}  (all tests)")
        lines.append(f"\nthe {SLOWEST} tests that took the most CPU (own + children, wall):")
        heaviest = sorted(rows, key=lambda r: -(float(r["cpu"]) + float(r["children_cpu"])))
        for row in heaviest[:SLOWEST]:
            cpu_s = float(row["cpu"]) + float(row["children_cpu"])
            lines.append(f"{cpu_s:>8.1f} {float(row['wall']):>8.1f}  {row['test']}")
    lines.extend(_failed(rows))
    windows = artifacts / "windows-stage.log"
    if windows.is_file():
        steps = [m.groups() for m in map(_STEP.match, windows.read_text().splitlines()) if m]
        if steps:
            lines.append("\nthe Windows stage's steps (wall s):")
            lines.extend(f"{int(seconds):>8}  {name}" for name, seconds in steps)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("artifacts", type=Path)
    parser.add_argument("--since", type=Path, help="the mark file scripts/run-tests.sh wrote")
    parser.add_argument("--mark", action="store_true", help="write the mark file (--since) now")
    args = parser.parse_args(argv)
    if args.mark:
        mark(args.since)
        return 0
    sys.stdout.write(summary(args.artifacts, args.since) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
