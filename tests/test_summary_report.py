"""scripts/test_summary.py says which tests failed and why, from tests/cputime.py's lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PROBE = """
def test_holds():
    assert 1 + 1 == 2

def test_breaks():
    seen = {"status": 303}
    assert seen["status"] == 409, "one of two unlocks is refused"
"""


def test_a_failure_reaches_the_summary_with_its_e_lines(tmp_path: Path) -> None:
    (tmp_path / "test_probe.py").write_text(PROBE)
    cpu = tmp_path / "cpu"
    cpu.mkdir()
    env = {**os.environ, "FIELDKIT_TEST_CPU_DIR": str(cpu), "PYTHONPATH": str(REPO)}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "tests.cputime",
            "-p",
            "no:cacheprovider",
            "-c",
            os.devnull,
            "--rootdir",
            str(tmp_path),
            str(tmp_path / "test_probe.py"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
        timeout=120,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    rows = [
        json.loads(line) for f in cpu.glob("cpu-*.jsonl") for line in f.read_text().splitlines()
    ]
    assert {r["test"].split("::")[1]: r["outcome"] for r in rows} == {
        "test_holds": "passed",
        "test_breaks": "failed",
    }
    said = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "test_summary.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    failed = said[said.index("failed (1)") :]
    assert "test_probe.py::test_breaks" in failed
    assert "call: AssertionError: one of two unlocks is refused" in failed
    assert "303 == 409" in failed
    assert "test_holds" not in failed
