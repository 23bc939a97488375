"""A shutdown or Ctrl+C ends the real app in order: the demo's folder goes, the log says why."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from fieldkit import paths
from ui import demo
from ui.app import READY_MARKER
from ui.termination import SHELL_SIGNAL_BASE, TerminationSignals, ending_signals

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture
def ctrl_c_not_ignored() -> Iterator[None]:
    """Ctrl+C as a terminal delivers it, whoever started the test run.

    A shell without job control starts a background job with SIGINT ignored, and the app
    rightly keeps an ignored signal ignored (the last test); without this, the Ctrl+C
    tests would test how pytest was launched.  A Python handler is reset by exec, so the
    app's process starts with the default.
    """
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


@pytest.mark.usefixtures("ctrl_c_not_ignored")
@pytest.mark.parametrize("ending", [signal.SIGTERM, signal.SIGINT], ids=["shutdown", "ctrl-c"])
def test_a_signal_ends_the_demo_in_order(tmp_path: Path, ending: signal.Signals) -> None:
    app = Path(sys.executable).with_name("fieldkit-app")
    logs = tmp_path / "logs"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", paths.ENV_LOG_DIR: str(logs)}
    env.pop(paths.ENV_HOME, None)
    with (tmp_path / "stderr").open("w") as stderr:
        process = subprocess.Popen(
            [str(app), "--demo", "--password-stdin", "--report-ready"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            env=env,
        )
        assert process.stdin is not None
        assert process.stdout is not None
        process.stdin.write(demo.DEMO_PASSWORD + "\n")
        process.stdin.close()
        said = []
        for line in process.stdout:  # the main window is up once the marker is printed
            said.append(line.rstrip("\n"))
            if said[-1] == READY_MARKER:
                break
        assert said[-1:] == [READY_MARKER], (tmp_path / "stderr").read_text()
        process.send_signal(ending)
        try:
            code = process.wait(timeout=60)
        finally:  # a process that ignored the signal must not outlive its failed test
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
            process.stdout.close()
    assert code == SHELL_SIGNAL_BASE + ending, (tmp_path / "stderr").read_text()
    announced = next(line for line in said if "training data in " in line)
    folder = Path(announced.split("training data in ", 1)[1].split(",", 1)[0])
    assert folder.name.startswith("fieldkit-demo-")
    assert not folder.exists()  # the throwaway store went, as after Quit
    log_text = "\n".join(p.read_text() for p in logs.rglob("*.log"))
    assert f"ending on {ending.name}" in log_text
    assert "Traceback" not in log_text


@pytest.mark.parametrize(
    ("platform", "ends_on", "never"),
    [("linux", "SIGHUP", "SIGBREAK"), ("win32", "SIGBREAK", "SIGHUP")],
)
def test_each_platform_ends_on_its_own_signals(
    monkeypatch: pytest.MonkeyPatch, platform: str, ends_on: str, never: str
) -> None:
    """Windows has no SIGHUP (the import used to fail there) and has SIGBREAK (Ctrl+Break)."""
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(signal, "SIGBREAK", 21, raising=False)  # Windows' number; Linux has none
    monkeypatch.setattr(signal, "SIGHUP", signal.SIGHUP)  # present here, put back after
    if platform == "win32":
        monkeypatch.delattr(signal, "SIGHUP")
    chosen = ending_signals()
    assert chosen[:2] == (signal.SIGTERM, signal.SIGINT)
    assert getattr(signal, ends_on) in chosen
    assert len(chosen) == 3
    assert all(chosen.count(n) == 1 for n in chosen)
    if hasattr(signal, never):
        assert getattr(signal, never) not in chosen


@pytest.mark.usefixtures("ctrl_c_not_ignored")
def test_a_raised_signal_ends_the_event_loop_through_the_socket(qapp: QApplication) -> None:
    """The wake-up socket (the one path on Windows) carries the signal into Qt's loop."""
    ending = TerminationSignals(qapp)
    # Never woken: fail, do not hang.  Stopped after: a single shot left pending ended the
    # event loop of whichever test ran 20 s later (the update box's wait, in CI).
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(lambda: qapp.exit(-1))
    give_up.start(20_000)
    try:
        QTimer.singleShot(0, lambda: signal.raise_signal(signal.SIGINT))
        code = qapp.exec()
    finally:
        give_up.stop()
        ending.restore()
    assert code == SHELL_SIGNAL_BASE + signal.SIGINT
    assert ending.received == signal.SIGINT


def test_a_signal_ignored_by_whoever_started_the_app_stays_ignored(qapp: QApplication) -> None:
    """``nohup`` ignores SIGHUP, a background job SIGINT: the app does not take them back."""
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        ending = TerminationSignals(qapp)
        try:
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
            assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL  # still taken
        finally:
            ending.restore()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)
