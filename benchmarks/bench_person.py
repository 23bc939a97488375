"""One person's enrollment in the real window: clicks, key presses and seconds.

Runs the end-to-end journey ``tests/e2e/test_petugas.py`` (the real ``fieldkit-app`` on
Xvfb at 1366x768, driven from outside with xdotool, the demo's simulated devices) and
reads the figures it writes for each person: the clicks and key presses from "Mulai
perekaman" to the sealed record, and the seconds the petugas waited for the app.

Two baselines in the same run:

* **core, same devices**: the same two people recorded through the core with no window,
  in one process that has done it before (as the window's has), with the simulators
  exactly as the app's demo opens them (the registry's defaults: 4-4-2 slaps over SBI
  with its capture delay, the pad's signer at the recorded pace, its 1.5 s pen-up end),
  timed per person from ``start_enrollment`` to the sealed record.  The window's time
  over this one is what the window costs: the same work, the same devices.
* **demo enroll**: ``fieldkit demo enroll --count 1 --sim`` on a fresh store, timed
  around the command (the yardstick issue 35 was measured against).  It counts a process
  start, a login and a checklist, and its simulators are faster than the app's (one
  finger at a time over the ZFM emulator, the signer at five times the recorded pace).

Auto-capture's steady spell (the time a step waits for the live verdict to stay good
before it captures by itself) is the person holding still, not the window working: when
the journey's figures give it (a key naming ``steady``, in seconds), it is reported in a
column of its own and taken off the window's seconds before the ratio.

The window's seconds run from "Mulai perekaman" to the sealed record showing in the list;
the journey's own checks (the logs it reads, the layout and language it checks on the tree
it already has) stay off the clock.  The reader's looks stay on it: each is answered on the
app's GUI thread, so their count and seconds are printed beside the figures.

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
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from collections.abc import Iterable

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FIGURES = REPO / "test-artifacts" / "e2e" / "persons.json"
JOURNEY = (
    "tests/e2e/test_petugas.py::test_the_petugas_records_a_cooperative_person_with_the_defaults"
)
PASSWORD = "bench-password-42"  # noqa: S105 - a throwaway store's
#: The journey records two people (an even and an odd birth year); so does the baseline.
PEOPLE = 2

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


def _steady(figure: dict[str, object]) -> float:
    """Seconds of auto-capture's steady spells in one person's figures (0 when not given).

    The journey's file is read defensively: any key naming ``steady`` in seconds (its
    name ends in ``_s``) counts, whether it is one total or one per step.  Not a count
    such as ``steady_spells``: added to the seconds, one spell of 0.5 s read as 1.5 s.
    """
    total = 0.0
    for key, value in figure.items():
        if "steady" not in key.lower() or not key.lower().endswith("_s"):
            continue
        if isinstance(value, int | float):
            total += float(value)
        elif isinstance(value, list | dict):
            numbers = value.values() if isinstance(value, dict) else value
            total += sum(float(v) for v in numbers if isinstance(v, int | float))
    return total


def _fresh_store(home: str) -> dict[str, str]:
    env = {
        **os.environ,
        "FIELDKIT_HOME": home,
        "FIELDKIT_OFFICER": "admin",
        "FIELDKIT_PASSWORD": PASSWORD,
        "FIELDKIT_NEW_PASSWORD": PASSWORD,
    }
    subprocess.run(  # noqa: S603 - our own venv's tools, fixed arguments
        [
            str(BIN / "fieldkit"),
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
    return env


def _core_only() -> float:
    """Seconds for ``fieldkit demo enroll --count 1 --sim`` on a fresh store."""
    with tempfile.TemporaryDirectory() as home:
        env = _fresh_store(home)
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 - our own venv's tools, fixed arguments
            [str(BIN / "fieldkit"), "demo", "enroll", "--count", "1", "--sim", "--json"],
            env=env,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started


def _core_same_devices() -> list[float]:
    """Seconds per person through the core with the app demo's simulators (a child process)."""
    with tempfile.TemporaryDirectory() as home:
        env = _fresh_store(home)
        done = subprocess.run(  # noqa: S603 - our own venv's python, fixed arguments
            [sys.executable, str(Path(__file__).resolve()), "--core-person", home],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    seconds: list[float] = json.loads(done.stdout.strip().splitlines()[-1])
    return seconds


def _record_people(home: str) -> list[float]:
    """The child's work: log in, plan a training visit, record the people, one by one."""
    from drivers import Modality, get_backend  # noqa: PLC0415 - only in the child
    from fieldkit import demo, login, training_mode  # noqa: PLC0415

    class AppDemoKit(demo.SimKit):
        """The simulators as the app's demo opens them: the registry's defaults, no speed-ups."""

        def __enter__(self) -> Self:
            try:
                self.iris = self._opened(get_backend(Modality.IRIS, "sim"))
                self.slap_scanner = self._opened(get_backend(Modality.FINGERPRINT, "sim"))
                self.face = self._opened(get_backend(Modality.FACE, "sim"))
                self.pad = self._opened(get_backend(Modality.SIGNATURE, "sim"))
            except BaseException:
                self.close()
                raise
            return self

    ws = login.log_in(Path(home), "admin", PASSWORD)
    try:
        visit_id = training_mode.prepare_demo_visit(ws, None)
        region = demo.demo_region(ws)
        seconds = []
        with AppDemoKit(slaps=True) as kit:
            for index in range(PEOPLE):
                started = time.perf_counter()
                demo.enroll_one(ws, kit, visit_id, index, region)
                seconds.append(time.perf_counter() - started)
        return seconds
    finally:
        ws.close()


def _median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def _looks(figures: list[dict[str, float]]) -> str:
    """The observer's load inside the window's seconds: its looks, and their seconds."""
    if not all("looks" in f and "looked_s" in f for f in figures):
        return "(not given)"
    return (
        f"{_median(f['looks'] for f in figures):.0f} in "
        f"{_median(f['looked_s'] for f in figures):.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--core-person", metavar="HOME", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.core_person:
        sys.stdout.write(json.dumps(_record_people(args.core_person)) + "\n")
        return
    rows: dict[str, list[dict[str, float]]] = {}
    core: list[float] = []
    same: list[list[float]] = []
    for _ in range(args.rounds):
        for person, figure in _journey().items():
            rows.setdefault(person, []).append(figure)
        same.append(_core_same_devices())
        core.append(_core_only())
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.rounds} round(s)")
    print(
        "| person | clicks | key presses | window, seconds (median) | auto-capture steady "
        "spell | core, same devices | window less steady ÷ core | `demo enroll` "
        "| the reader's looks |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for n, (person, figures) in enumerate(rows.items()):
        window = _median(f["seconds"] for f in figures)
        steady = _median(_steady(dict(f)) for f in figures)
        base = _median(s[min(n, len(s) - 1)] for s in same)
        print(
            f"| {person} | {_median(f['clicks'] for f in figures):.0f} "
            f"| {_median(f['keys'] for f in figures):.0f} "
            f"| {window:.1f} s | {steady:.1f} s | {base:.1f} s "
            f"| {(window - steady) / base:.2f} | {_median(core):.1f} s "
            f"| {_looks(figures)} |"
        )


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
