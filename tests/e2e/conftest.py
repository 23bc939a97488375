"""The real app on a real X display, driven from outside (see ``desktop.py``)."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.desktop import ARTIFACTS, Desktop, Hands, missing_tools

APP = Path(sys.executable).with_name("fieldkit-app")
CRASH = re.compile(r"Traceback \(most recent call last\)|Fatal Python error|Segmentation fault")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Not a skip: CI installs these (scripts/bootstrap.sh dev).  A machine without them fails
    # loudly, so a missing tool can never turn the suite green by running nothing.
    missing = missing_tools()
    if missing:
        for item in items:
            if "tests/e2e" in str(item.path):
                item.add_marker(pytest.mark.usefixtures("_e2e_tools"))


@pytest.fixture
def _e2e_tools() -> None:
    missing = missing_tools()
    assert not missing, (
        f"the end-to-end suite needs {missing}: run scripts/bootstrap.sh dev as root"
    )


def _desktop(width: int, height: int, name: str) -> Iterator[Desktop]:
    # One folder per pytest-xdist worker: each worker runs its own Xvfb and buses.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    desktop = Desktop(width, height, ARTIFACTS / f"_desktop-{name}-{worker}")
    desktop.start()
    try:
        yield desktop
    finally:
        desktop.stop()


@pytest.fixture(scope="session")
def desktop() -> Iterator[Desktop]:
    """A 1366x768 laptop screen: the size the offices' laptops have."""
    yield from _desktop(1366, 768, "1366x768")


@pytest.fixture(scope="session")
def small_desktop() -> Iterator[Desktop]:
    """A 1280x720 screen, the smallest FieldKit must fit."""
    yield from _desktop(1280, 720, "1280x720")


@pytest.fixture(scope="session")
def large_desktop_150() -> Iterator[Desktop]:
    """A 1920x1080 screen at Windows' 150% scaling: apps on it run with Qt's scale 1.5."""
    for desktop in _desktop(1920, 1080, "1920x1080"):
        desktop.env["QT_SCALE_FACTOR"] = "1.5"  # what launch passes on to every app here
        desktop.scale = 1.5
        yield desktop


class RunningApp:
    """One ``fieldkit-app`` process, its output kept beside the test's screenshots."""

    def __init__(
        self,
        desktop: Desktop,
        home: Path,
        artifacts: Path,
        args: list[str],
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.desktop = desktop
        self.home = home
        self.artifacts = artifacts
        self.log_dir = artifacts / "logs"
        artifacts.mkdir(parents=True, exist_ok=True)
        env = {
            **desktop.env,
            "QT_QPA_PLATFORM": "xcb",
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
            "FIELDKIT_HOME": str(home),
            "FIELDKIT_LOG_DIR": str(self.log_dir),
            "PYTHONFAULTHANDLER": "1",
            **(extra_env or {}),
        }
        for key in ("FIELDKIT_LANG", "FIELDKIT_OFFICER", "FIELDKIT_PASSWORD"):
            env.pop(key, None)
        self.stdout_path = artifacts / "app.stdout"
        self.stderr_path = artifacts / "app.stderr"
        self._outputs = (self.stdout_path.open("wb"), self.stderr_path.open("wb"))
        self.process = subprocess.Popen(
            [str(APP), *args],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._outputs[0],
            stderr=self._outputs[1],
        )
        self.hands = Hands(desktop, artifacts)
        self.hands.app_state = self.state

    def state(self) -> str:
        """Running or not, and the end of its stderr: what CI's log needs to tell why."""
        code = self.process.poll()
        self._outputs[1].flush()
        tail = self.stderr_path.read_text(errors="replace")[-3000:].strip()
        alive = "the app is running" if code is None else f"the app exited with code {code}"
        said = f"its stderr ends: {tail!r}" if tail else "its stderr is empty"
        return f"{alive}; {said}; its log ends: {self._log_tail()!r}"

    def _log_tail(self, lines: int = 12) -> str:
        logs = [*self.log_dir.rglob("*.log")]
        demo = self.demo_folder()
        if demo is not None:
            logs += (demo / "logs").glob("*.log")
        newest = max(logs, key=lambda p: p.stat().st_mtime, default=None)
        if newest is None:
            return ""
        return "\n".join(newest.read_text(errors="replace").splitlines()[-lines:])

    def demo_folder(self) -> Path | None:
        """Where the demo keeps its throwaway store (it says so on its first line)."""
        match = re.search(r"training data in (\S+),", self.stdout_path.read_text(errors="replace"))
        return Path(match.group(1)) if match else None

    def find_files(self, pattern: str) -> list[Path]:
        """Files the app wrote under its data folder (the demo's, or FIELDKIT_HOME)."""
        roots = [self.home, *([self.demo_folder()] if self.demo_folder() else [])]
        return sorted(p for root in roots if root and root.exists() for p in root.rglob(pattern))

    def crashes(self) -> list[str]:
        """Tracebacks and fatal errors in the app's stderr and its log files."""
        found = []
        sources = [self.stderr_path, *sorted(self.log_dir.rglob("*.log*"))]
        demo = self.demo_folder()
        if demo is not None and (demo / "logs").exists():
            sources += sorted((demo / "logs").glob("*.log*"))
        for path in sources:
            if path.exists():
                text = path.read_text(errors="replace")
                found += [f"{path.name}: {m.group(0)}" for m in CRASH.finditer(text)]
        return found

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for handle in self._outputs:
            handle.close()
        return self.process.returncode


@pytest.fixture
def launch(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[contextlib.AbstractContextManager[RunningApp]]:
    """Start the app on a desktop; its screenshots go to test-artifacts/e2e/<test name>/."""
    started: list[RunningApp] = []

    def start(
        desktop: Desktop, *args: str, home: Path | None = None, env: dict[str, str] | None = None
    ) -> RunningApp:
        artifacts = ARTIFACTS / request.node.name
        # A run's old files go at the test's first start only: a second app in the same
        # test (another laptop) keeps the first's screenshots beside its own.
        if not started and artifacts.exists():
            for old in artifacts.rglob("*"):
                if old.is_file():
                    old.unlink()
        running = RunningApp(desktop, home or tmp_path / "home", artifacts, list(args), env)
        started.append(running)
        return running

    yield start  # type: ignore[misc]
    for running in started:
        running.stop()


@pytest.fixture(autouse=True)
def _no_stray_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIELDKIT_HOME", raising=False)
    os.environ.pop("FIELDKIT_OFFICER", None)
