"""Each test's CPU seconds, for the run's summary (scripts/test_summary.py).

CI's limit is, to a first approximation, the CPU seconds of everything the test command
runs divided by its two cores, so wall time alone misleads: a test that waits for a
server costs nothing, one that starts a hundred processes costs a lot.  Where
``FIELDKIT_TEST_CPU_DIR`` is set (scripts/run-tests.sh sets it), every test's CPU
(this process's, and its reaped child processes') and wall seconds from setup to
teardown are appended to a file of its own per pytest process, with its outcome (a
failure shows there while the run goes on; pytest's own report comes at its end) and, for a
failure, its ``E`` lines: CI's report keeps the summary, printed last, where a long log's
middle (the PC/SC session's tracebacks) may be cut.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Generator, Iterator

CPU_DIR_ENV = "FIELDKIT_TEST_CPU_DIR"
#: The worst outcome of a test's phases (setup, call, teardown), for its line.
_OUTCOME = pytest.StashKey[str]()
_RANK = {"passed": 0, "skipped": 1, "failed": 2}
#: The first failing phase's ``E`` lines, for the summary.
_WHY = pytest.StashKey[str]()
#: How much of a failure's ``E`` lines the summary keeps.
WHY_CHARS = 900


def _why(report: pytest.TestReport) -> str:
    """The failure's own lines (pytest's ``E ...``), else its report, cut in the middle."""
    text = report.longreprtext
    lines = [line[1:].strip() for line in text.splitlines() if line.startswith("E ")]
    said = f"{report.when}: " + (" | ".join(lines) if lines else text.strip())
    if len(said) <= WHY_CHARS:
        return said
    # Its start says what failed, its end why (a child's traceback ends with its error).
    head = WHY_CHARS // 4
    return f"{said[:head]} … {said[head - WHY_CHARS + 3 :]}"


def _cpu() -> tuple[float, float]:
    """This process's CPU seconds, and those of its children it has waited for."""
    times = os.times()
    return times.user + times.system, times.children_user + times.children_system


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item,
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    before = item.stash.get(_OUTCOME, "passed")
    if _RANK.get(report.outcome, 0) > _RANK.get(before, 0):
        item.stash[_OUTCOME] = report.outcome
    if report.failed and _WHY not in item.stash:
        item.stash[_WHY] = _why(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    folder = os.environ.get(CPU_DIR_ENV)
    if not folder:
        return (yield)
    own, children = _cpu()
    started = time.monotonic()
    try:
        return (yield)
    finally:
        own_after, children_after = _cpu()
        line = {
            "test": item.nodeid,
            "cpu": round(own_after - own, 3),
            "children_cpu": round(children_after - children, 3),
            "wall": round(time.monotonic() - started, 3),
            "outcome": item.stash.get(_OUTCOME, "passed"),
        }
        if _WHY in item.stash:
            line["why"] = item.stash[_WHY]
        path = Path(folder) / f"cpu-{os.getpid()}.jsonl"
        with path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")
