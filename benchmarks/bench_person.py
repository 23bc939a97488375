"""One person's enrollment in the real window: clicks, key presses and seconds.

Runs the end-to-end journey ``tests/e2e/test_petugas.py`` (the real ``fieldkit-app`` on
Xvfb at 1366x768, driven from outside with xdotool, the demo's simulated devices) and
reads the figures it writes for each person: the clicks and key presses from "Mulai
perekaman" to the sealed record, and the seconds the petugas waited for the app.

Baseline in the same run: the same person through the core with no window,
``fieldkit demo enroll --count 1 --sim`` on a fresh store (the same simulators, the same
quality checks, the same sealing), timed around the command.  The difference is what the
window and the person's pace through it cost.

    .venv/bin/python benchmarks/bench_person.py --rounds 3
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FIGURES = REPO / "test-artifacts" / "e2e" / "persons.json"
JOURNEY = (
    "tests/e2e/test_petugas.py::test_the_petugas_records_a_cooperative_person_with_the_defaults"
)

log = logging.getLogger("bench_person")


def _journey() -> dict[str, dict[str, float]]:
    FIGURES.unlink(missing_ok=True)
    subprocess.run(  # noqa: S603 - our own venv's tools, fixed arguments
        [str(BIN / "pytest"), "-q", "-p", "no:cacheprovider", JOURNEY],
        cwd=REPO,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    figures: dict[str, dict[str, float]] = json.loads(FIGURES.read_text())
    return figures


def _core_only() -> float:
    """Seconds for ``fieldkit demo enroll --count 1 --sim`` on a fresh store."""
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "FIELDKIT_HOME": home,
            "FIELDKIT_OFFICER": "admin",
            "FIELDKIT_PASSWORD": "bench-password-42",
            "FIELDKIT_NEW_PASSWORD": "bench-password-42",
        }
        fieldkit = str(BIN / "fieldkit")
        subprocess.run(  # noqa: S603 - our own venv's tools, fixed arguments
            [
                fieldkit,
                "init",
                "--office-code",
                "3315",
                "--officer",
                "admin",
                "--role",
                "admin",
                "--training",
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 - our own venv's tools, fixed arguments
            [fieldkit, "demo", "enroll", "--count", "1", "--sim", "--json"],
            env=env,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rows: dict[str, list[dict[str, float]]] = {}
    core: list[float] = []
    for _ in range(args.rounds):
        for person, figure in _journey().items():
            rows.setdefault(person, []).append(figure)
        core.append(_core_only())
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.rounds} round(s)")
    print("| person | clicks | key presses | seconds (median) | baseline: core only, same run |")
    print("|---|---|---|---|---|")
    for person, figures in rows.items():
        print(
            f"| {person} | {statistics.median(f['clicks'] for f in figures):.0f} "
            f"| {statistics.median(f['keys'] for f in figures):.0f} "
            f"| {statistics.median(f['seconds'] for f in figures):.1f} s "
            f"| {statistics.median(core):.1f} s |"
        )


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
