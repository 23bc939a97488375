"""``fieldkit-app --self-test`` from a pip install (the entry point, not the bundle's launcher)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


# Its self-test reads the simulated card through the machine's one pcscd when one runs:
# with the PC/SC tests' process, one at a time (see tests/fieldkit/test_selftest.py).
@pytest.mark.pcsc
def test_pip_installed_app_runs_its_self_test_without_a_display(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
        and not k.startswith("FIELDKIT_")
    }
    env["FIELDKIT_HOME"] = str(tmp_path / "data")

    result = subprocess.run(
        [str(Path(sys.executable).with_name("fieldkit-app")), "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK   ui: the app's windows and dialogs import" in lines
    assert any(line.startswith("OK   qt platforms: Qt runs on 'offscreen'") for line in lines)
    assert lines[-1].startswith("PASSED: ")
    assert not (tmp_path / "data").exists(), "no window, no log file, no store in the data folder"
