"""Shared fixtures.  Qt must be told to stay offscreen before anything imports it."""

from __future__ import annotations

import os
from pathlib import Path

# Qt's offscreen screen is 800x800 unless told otherwise: make it the 1366x768 laptop the
# app is built for, with no window-manager frame, so window sizes in tests mean something.
# (CI's test command exports plain "offscreen", which is overridden the same way.)
os.environ["QT_QPA_PLATFORM"] = (
    f"offscreen:configfile={Path(__file__).with_name('offscreen_screen.json')}"
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen"
    else os.environ["QT_QPA_PLATFORM"]
)

import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator

import pytest

from drivers.cardreader.pcsc import list_readers
from drivers.errors import DriverError
from fieldkit.workspace import Workspace
from tests.support import init_workspace

#: Each test's CPU seconds, for the run's summary (scripts/test_summary.py).
pytest_plugins = ("tests.cputime",)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data folder that FIELDKIT_HOME points at, with logs inside it."""
    directory = tmp_path / "home"
    monkeypatch.setenv("FIELDKIT_HOME", str(directory))
    monkeypatch.delenv("FIELDKIT_LOG_DIR", raising=False)
    monkeypatch.delenv("FIELDKIT_OFFICER", raising=False)
    monkeypatch.delenv("FIELDKIT_PASSWORD", raising=False)
    return directory


@pytest.fixture
def workspace(home: Path) -> Iterator[Workspace]:
    ws = init_workspace(home)
    yield ws
    ws.close()


# --- a real pcscd with vpcd's virtual readers, shared by every test that needs PC/SC ---

VIRTUAL_READER = "Virtual PCD 00 00"
VPCD_PORT = 35963


def wait_until(predicate: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Poll a condition that offers no event to wait on, under a hard deadline."""
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        time.sleep(0.02)


def _running_pcscd() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                # A zombie (killed, not yet reaped by a PID 1 that does not reap) is gone.
                zombie = "\nState:\tZ" in (entry / "status").read_text()
                if (entry / "comm").read_text().strip() == "pcscd" and not zombie:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def _readers_or_empty() -> list[str]:
    try:
        return list_readers()
    except DriverError:
        return []


class PcscDaemon:
    """A real ``pcscd --foreground`` owned by the test session (needs root)."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self.stopped_system_daemon = False

    def stop_system_daemon(self) -> None:
        """apt may start the system's pcscd on install; the tests need one they control."""
        others = _running_pcscd()
        if not others:
            return
        for pid in others:
            os.kill(pid, signal.SIGTERM)
        wait_until(lambda: not _running_pcscd(), 10.0, "the system pcscd to stop")
        self.stopped_system_daemon = True

    def restore_system_daemon(self) -> None:
        if self.stopped_system_daemon:
            subprocess.run([shutil.which("pcscd") or "/usr/sbin/pcscd"], check=False)

    def start(self) -> None:
        exe = shutil.which("pcscd") or "/usr/sbin/pcscd"
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen([exe, "--foreground"], stdout=log, stderr=log)
        wait_until(
            lambda: (
                VIRTUAL_READER in _readers_or_empty()
                or self.proc is None
                or self.proc.poll() is not None
            ),
            10.0,
            "pcscd to list the vpcd readers",
        )
        if self.proc.poll() is not None:
            raise RuntimeError(f"pcscd exited with {self.proc.returncode}; see {self.log_path}")

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        wait_until(lambda: not Path("/run/pcscd/pcscd.comm").exists(), 5.0, "pcscd socket removal")


@pytest.hookimpl(tryfirst=True)  # before the mark plugin selects by -m
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of the machine's one PC/SC stack ``pcsc``.

    There is one ``pcscd`` and one vpcd reader port (35963) per machine, and the
    session's daemon stops any other, so these tests must not run on two pytest-xdist
    workers at once: scripts/run-tests.sh runs ``-m pcsc`` in one process and the rest
    (``-m "not pcsc"``) on the workers.  (xdist's ``loadgroup`` would do it, but it
    rewrites a node id attribute pytest 9 no longer has.)
    """
    for item in items:
        if "pcscd" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.pcsc)


@pytest.fixture(scope="session")
def pcscd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PcscDaemon]:
    if os.geteuid() != 0:
        raise RuntimeError("the PC/SC tests start pcscd and need root")
    daemon = PcscDaemon(tmp_path_factory.mktemp("pcscd") / "pcscd.log")
    daemon.stop_system_daemon()
    daemon.start()
    yield daemon
    daemon.stop()
    daemon.restore_system_daemon()


@pytest.fixture(name="wait_until")
def wait_until_fixture() -> Callable[[Callable[[], bool], float, str], None]:
    return wait_until
