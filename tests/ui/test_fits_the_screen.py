"""Every screen fits a 1366x768 and a 1280x720 laptop: the window, and every control on it.

Each size runs the real main window in its own process (the screen's size is
fixed when Qt starts): on Qt's offscreen platform with a screen of that size,
and on a real X server (Xvfb, the xcb platform) as on a laptop's desktop.
``tests/ui/fit_probe.py`` visits every screen and tab and lists what does not fit.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SIZES = [(1366, 768), (1280, 720)]


def _probe(width: int, height: int, platform: str) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env["QT_QPA_PLATFORM"] = platform
    env.pop("FIELDKIT_HOME", None)
    command = [sys.executable, "-m", "tests.ui.fit_probe", str(width), str(height)]
    if platform == "xcb":
        xvfb_run = shutil.which("xvfb-run")
        assert xvfb_run is not None, "Xvfb is part of the test environment (scripts/bootstrap.sh)"
        command = [xvfb_run, "-a", "-s", f"-screen 0 {width}x{height}x24", *command]
    done = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("platform", ["offscreen", "xcb"])
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_screen_fits_and_every_control_is_reachable(
    width: int, height: int, platform: str
) -> None:
    result = _probe(width, height, platform)
    available = result["available"]
    assert isinstance(available, list)
    assert available[2] <= width
    assert available[3] <= height
    frames = result["frames"]
    assert isinstance(frames, dict)
    assert {"home", "planning", "enrollment", "sarpras", "sync", "reports", "settings"} <= set(
        frames
    )
    assert {"review", "review as ketua tim/Menunggu tinjauan"} <= set(frames)
    assert result["problems"] == []
