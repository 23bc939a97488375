"""Start-up: process start to the main window's first paint, against a bare PySide6 window.

    .venv/bin/python benchmarks/bench_startup.py [--rounds 7] [--platform offscreen]

Both run in fresh subprocesses, alternating, so disk caches and CPU load hit
both alike.  FieldKit runs ``fieldkit-app --demo``: it builds its throwaway
encrypted store (officers, a request, today's visit, 5 imported targets),
starts the simulated devices and builds every screen before its first paint.
The baseline imports PySide6, builds an empty QMainWindow and waits for the
same first paint.  The desktop-app issue's goal: at most 2x the baseline.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

READY = "FIELDKIT_READY"
BIN = Path(sys.executable).parent

BARE = f"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    done = False
    def eventFilter(self, watched, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            sys.stdout.write("{READY}\\n")
            sys.stdout.flush()
            QTimer.singleShot(0, app.quit)
        return False

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 720)
spy = FirstPaint()
window.installEventFilter(spy)
window.show()
app.exec()
"""


def time_to_ready(command: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning ``command`` until it prints the ready line."""
    start = time.perf_counter()
    with subprocess.Popen(  # noqa: S603 - our own interpreter and entry point
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == READY:
                elapsed = time.perf_counter() - start
                break
        else:
            raise RuntimeError(f"{command[0]} exited without painting: {proc.wait()}")
        proc.wait(timeout=60)
    return elapsed


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": args.platform}
    env.pop("FIELDKIT_HOME", None)
    app = [str(BIN / "fieldkit-app"), "--demo", "--report-ready", "--quit-after", "0.2"]
    bare = [sys.executable, "-c", BARE]
    time_to_ready(bare, env)  # warm the page cache for both
    time_to_ready(app, env)
    fieldkit, baseline = [], []
    for _ in range(args.rounds):
        baseline.append(time_to_ready(bare, env))
        fieldkit.append(time_to_ready(app, env))
    med_app, med_bare = statistics.median(fieldkit), statistics.median(baseline)
    print(f"machine: {os.cpu_count()} CPU(s), {_cpu_model()}, Python {platform.python_version()}")
    print(f"platform: {args.platform}, {args.rounds} rounds, fresh process each")
    print(
        f"fieldkit-app --demo to first paint: median {med_app * 1000:.0f} ms "
        f"(min {min(fieldkit) * 1000:.0f}, max {max(fieldkit) * 1000:.0f})"
    )
    print(
        f"bare PySide6 QMainWindow to first paint: median {med_bare * 1000:.0f} ms "
        f"(min {min(baseline) * 1000:.0f}, max {max(baseline) * 1000:.0f})"
    )
    print(f"ratio: {med_app / med_bare:.2f}x (goal: at most 2x)")


if __name__ == "__main__":
    main()
