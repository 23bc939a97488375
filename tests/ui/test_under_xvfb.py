"""The app on a real X server (Xvfb), as on a laptop's desktop, not Qt's offscreen plugin."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ui import demo
from ui.app import READY_MARKER

REPO = Path(__file__).resolve().parents[2]
#: The demo's login dialog, its button pressed with the password it shows, then the window.
DEMO_LOGIN = ("--demo", "--password-stdin", "--quit-after", "1", "--report-ready")


def _without_a_display() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env.pop("QT_QPA_PLATFORM", None)  # conftest's offscreen would hide a broken xcb plugin
    env.pop("FIELDKIT_HOME", None)
    return env


def test_the_main_window_paints_on_an_x_server() -> None:
    app = Path(sys.executable).with_name("fieldkit-app")
    command = ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", str(app)]
    done = subprocess.run(
        [*command, *DEMO_LOGIN],
        input=demo.DEMO_PASSWORD + "\n",
        env={**_without_a_display(), "QT_QPA_PLATFORM": "xcb"},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert READY_MARKER in done.stdout.splitlines()


def test_the_readme_run_command_starts_the_app_without_a_display() -> None:
    # README's first command on a machine with no desktop: it must find Xvfb by itself.
    done = subprocess.run(
        [str(REPO / "scripts" / "run-app.sh"), *DEMO_LOGIN],
        input=demo.DEMO_PASSWORD + "\n",
        env=_without_a_display(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "virtual screen (xvfb-run)" in done.stderr
    assert READY_MARKER in done.stdout.splitlines()
