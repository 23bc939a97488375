"""Start-up: process start to a usable window, against a bare PySide6 window in the same run.

    .venv/bin/python benchmarks/bench_startup.py [--rounds 7] [--platform offscreen]

Every measurement runs in a fresh subprocess, the kinds alternating round by
round, so disk caches and CPU load hit them alike.  The clock stops when the
process prints a ready line from the window's first paint event.

* **bare**: imports PySide6, builds an empty QMainWindow and waits for its
  first paint.  The baseline; the desktop-app issue's goal is at most 2x it.
* **real start**: ``fieldkit-app`` on an existing store (made once, before
  timing, with ``fieldkit init`` and the default Argon2id cost), up to the
  login dialog's first paint (``FIELDKIT_LOGIN_READY``): what an officer
  sees every morning.
* **login**: from the moment the password is handed to the dialog (through
  the hidden ``--password-stdin`` hook, which fills the field and presses the
  dialog's own button) to the main window's first paint (``FIELDKIT_READY``).
  Twice: typed at once, the worst case for the background warm-up, and after
  a pause like an officer typing (``--typing``).
* **demo**: ``fieldkit-app --demo`` to its login dialog's first paint (the
  demo's accounts named, their password filled in), and from pressing its
  button to the main window's first paint, at once and after a pause.  The
  throwaway store (3 officers, a request, today's visit, 5 targets) is made
  behind the dialog, so a press at once waits for it.

* **the command lines** (``--cli``, issue 60): the CPU seconds (user + system, the
  operating system's own accounting of the finished process) of ``fieldkit --help``,
  ``fieldkit records list --json`` on an empty store (the cheap test KDF, so the store is
  what is measured, not Argon2id) and ``fieldkit-datacenter --help``, against a process
  that imports the stacks a command used to load before its parser (``sqlalchemy.orm``,
  NumPy, OpenCV, ReportLab's canvas), round by round.  The goal: ``fieldkit --help`` at
  most a quarter of that baseline.

Every process may cache bytecode (in a temporary ``PYTHONPYCACHEPREFIX``, even
when ``PYTHONDONTWRITEBYTECODE`` is set), as an installed app does: otherwise
FieldKit's own modules would be compiled on every start, the baseline's never.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

READY = "FIELDKIT_READY"
LOGIN_READY = "FIELDKIT_LOGIN_READY"
BIN = Path(sys.executable).parent
PASSWORD = "bench-startup-1"  # noqa: S105 - a throwaway store in a temporary folder
DEMO_PASSWORD = "demo-fieldkit"  # noqa: S105 - ui.demo's, printed by the app itself

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


def _read_until(proc: subprocess.Popen[str], marker: str) -> float:
    """perf_counter() when ``proc`` prints ``marker`` on a line of its own."""
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == marker:
            return time.perf_counter()
    raise RuntimeError(f"{proc.args!r} exited without {marker}: {proc.wait()}")


def time_to_ready(command: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning ``command`` until it prints the ready line."""
    start = time.perf_counter()
    with subprocess.Popen(  # noqa: S603 - our own interpreter and entry point
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    ) as proc:
        ready = _read_until(proc, READY)
        proc.wait(timeout=60)
    return ready - start


def time_real_start(
    command: list[str], env: dict[str, str], typing_s: float, password: str = PASSWORD
) -> tuple[float, float]:
    """(spawn to the login dialog's paint, password handed over to the main window's paint)."""
    start = time.perf_counter()
    with subprocess.Popen(  # noqa: S603 - our own interpreter and entry point
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    ) as proc:
        assert proc.stdin is not None
        login_painted = _read_until(proc, LOGIN_READY)
        if typing_s:
            time.sleep(typing_s)  # the officer typing; the app warms up meanwhile
        sent = time.perf_counter()
        proc.stdin.write(password + "\n")
        proc.stdin.flush()
        ready = _read_until(proc, READY)
        proc.wait(timeout=60)
    return login_painted - start, ready - sent


@dataclass
class Series:
    label: str
    seconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def line(self, baseline: Series | None, against: str = "bare") -> str:
        ms = [s * 1000 for s in self.seconds]
        text = (
            f"{self.label}: median {statistics.median(ms):.0f} ms "
            f"(min {min(ms):.0f}, max {max(ms):.0f})"
        )
        if baseline is not None:
            text += f" = {self.median / baseline.median:.2f}x {against}"
        return text


def login_round(
    command: list[str],
    env: dict[str, str],
    password: str,
    typing_s: float,
    into: tuple[Series, Series, Series],
) -> None:
    """Two starts: the login pressed at once, then after ``typing_s``; both reach the dialog."""
    to_dialog, at_once, after_typing = into
    for pause, series in ((0.0, at_once), (typing_s, after_typing)):
        to_login, after_login = time_real_start(command, env, pause, password)
        to_dialog.seconds.append(to_login)
        series.seconds.append(after_login)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _versions() -> str:
    done = subprocess.run(
        [sys.executable, "-c", "import PySide6; print(PySide6.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return f"Python {platform.python_version()}, PySide6 {done.stdout.strip()}"


def _make_store(home: Path, env: dict[str, str]) -> None:
    """A store like an office's: ``fieldkit init`` with the default (real) Argon2id cost."""
    init = ["init", "--office-code", "3505", "--officer", "admin", "--role", "admin", "--json"]
    subprocess.run(  # noqa: S603 - our own entry point
        [str(BIN / "fieldkit"), *init],
        env={
            **env,
            "FIELDKIT_HOME": str(home),
            "FIELDKIT_PASSWORD": PASSWORD,
            "FIELDKIT_NEW_PASSWORD": PASSWORD,
        },
        stdout=subprocess.DEVNULL,
        check=True,
    )


#: What a command line loaded before its parser, before issue 60: the baseline of ``--cli``.
HEAVY_IMPORTS = "import sqlalchemy.orm, numpy, cv2, reportlab.pdfgen.canvas"


def _load_average() -> str:
    """The one-minute load average, for the figures' context; Windows keeps none."""
    if sys.platform == "win32":
        return "n/a"
    return f"{os.getloadavg()[0]:.2f}"


def cpu_seconds(command: list[str], env: dict[str, str]) -> float:
    """User + system CPU seconds of ``command``'s process, as the kernel counted them.

    POSIX: the reaped children's rusage.  Windows (the offices' laptops): the process's
    own ``GetProcessTimes``, read through a handle opened while it runs.
    """
    if sys.platform == "win32":
        return _windows_cpu_seconds(command, env)
    import resource  # noqa: PLC0415 - POSIX only

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(  # noqa: S603 - the benchmark's own commands
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _windows_cpu_seconds(command: list[str], env: dict[str, str]) -> float:
    import ctypes  # noqa: PLC0415 - Windows only
    from ctypes import wintypes  # noqa: PLC0415

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    query_limited_information = 0x1000
    with subprocess.Popen(  # noqa: S603 - the benchmark's own commands
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ) as proc:
        # Popen holds its own handle until it is closed, so the process is still there.
        handle = kernel32.OpenProcess(query_limited_information, False, proc.pid)  # noqa: FBT003
        if proc.wait() != 0:
            raise subprocess.CalledProcessError(proc.returncode, command)
    try:
        times = [wintypes.FILETIME() for _ in range(4)]  # creation, exit, kernel, user
        if not kernel32.GetProcessTimes(handle, *(ctypes.byref(t) for t in times)):
            raise OSError(ctypes.get_last_error(), "GetProcessTimes failed")  # type: ignore[attr-defined,unused-ignore]
    finally:
        kernel32.CloseHandle(handle)
    ticks = sum((t.dwHighDateTime << 32) | t.dwLowDateTime for t in times[2:])
    return ticks / 10_000_000  # FILETIME counts 100 ns


def command_lines(rounds: int) -> None:
    """``--cli``: each command's CPU seconds against the heavy imports', round by round."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("FIELDKIT_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as folder:
        env["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "pycache")
        home = Path(folder) / "home"
        subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", _EMPTY_STORE, str(home), PASSWORD],
            env=env,
            check=True,
            timeout=120,
        )
        store_env = {
            **env,
            "FIELDKIT_HOME": str(home),
            "FIELDKIT_OFFICER": "admin",
            "FIELDKIT_PASSWORD": PASSWORD,
        }
        baseline = Series(f"python -c {HEAVY_IMPORTS!r}")
        commands = [
            (Series("fieldkit --help"), [str(BIN / "fieldkit"), "--help"], env),
            (
                Series("fieldkit records list --json (an empty store)"),
                [str(BIN / "fieldkit"), "records", "list", "--json"],
                store_env,
            ),
            (
                Series("fieldkit-datacenter --help"),
                [str(BIN / "fieldkit-datacenter"), "--help"],
                env,
            ),
        ]
        heavy = [sys.executable, "-c", HEAVY_IMPORTS]
        for _ in range(2):  # bytecode and page cache, for all alike
            cpu_seconds(heavy, env)
            for _series, command, command_env in commands:
                cpu_seconds(command, command_env)
        load_before = _load_average()
        for _ in range(rounds):
            baseline.seconds.append(cpu_seconds(heavy, env))
            for series, command, command_env in commands:
                series.seconds.append(cpu_seconds(command, command_env))
        load_after = _load_average()
    print(f"machine: {os.cpu_count()} CPU(s), {_cpu_model()}, {_versions()}")
    print(
        f"{rounds} rounds, fresh process each, CPU time (user + system); "
        f"load average {load_before} before, {load_after} after"
    )
    print(baseline.line(None) + " of CPU")
    for series, _command, _env in commands:
        goal = "  (goal: at most 0.25x)" if series.label == "fieldkit --help" else ""
        print(series.line(baseline, "the imports") + goal)


#: An empty store with the cheap test KDF (``tests.support``'s), made once before timing.
_EMPTY_STORE = """
import sys
from pathlib import Path
from fieldkit.officers import Role
from fieldkit.store.keyring import TEST_KDF
from fieldkit.workspace import Workspace
Workspace.init(Path(sys.argv[1]), office_code="3315", username="admin", full_name="Admin",
               role=Role.ADMIN, password=sys.argv[2], kdf=TEST_KDF).close()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--cli", action="store_true", help="the command lines' CPU, not the window's start"
    )
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    parser.add_argument(
        "--typing", type=float, default=3.0, help="seconds the officer takes to type (default 3)"
    )
    args = parser.parse_args()
    if args.cli:
        command_lines(args.rounds)
        return
    env = {**os.environ, "QT_QPA_PLATFORM": args.platform}
    for name in ("FIELDKIT_HOME", "FIELDKIT_PASSWORD", "FIELDKIT_NEW_PASSWORD", "FIELDKIT_LANG"):
        env.pop(name, None)
    app = str(BIN / "fieldkit-app")
    quit_after = ["--report-ready", "--quit-after", "0.2"]
    bare_cmd = [sys.executable, "-c", BARE]
    demo_cmd = [app, "--demo", "--password-stdin", *quit_after]
    real_cmd = [app, "--password-stdin", *quit_after]
    bare = Series("bare PySide6 QMainWindow to first paint")
    real = Series("real start to the login dialog's first paint")
    login_now = Series("login typed at once to the main window's first paint")
    login_typed = Series(
        f"login after {args.typing:g} s of typing to the main window's first paint"
    )
    demo = Series("fieldkit-app --demo to its login dialog's first paint")
    demo_now = Series("demo login pressed at once to the main window's first paint")
    demo_typed = Series(f"demo login after {args.typing:g} s to the main window's first paint")
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "pycache")
        home = Path(folder) / "home"
        _make_store(home, env)
        real_env = {**env, "FIELDKIT_HOME": str(home)}
        # Warm the page cache and the bytecode for all; take the day's first-login backup.
        for _ in range(2):
            time_to_ready(bare_cmd, env)
            time_real_start(demo_cmd, env, args.typing, DEMO_PASSWORD)
            time_real_start(real_cmd, real_env, args.typing)  # the page warm-up runs too
        load_before = _load_average()
        for _ in range(args.rounds):
            bare.seconds.append(time_to_ready(bare_cmd, env))
            login_round(real_cmd, real_env, PASSWORD, args.typing, (real, login_now, login_typed))
            login_round(demo_cmd, env, DEMO_PASSWORD, args.typing, (demo, demo_now, demo_typed))
        load_after = _load_average()
    print(f"machine: {os.cpu_count()} CPU(s), {_cpu_model()}, {_versions()}")
    print(
        f"platform: {args.platform}, {args.rounds} rounds, fresh process each; "
        f"load average {load_before} before, {load_after} after"
    )
    print(bare.line(None))
    print(real.line(bare) + "  (goal: at most 2x)")
    print(login_now.line(bare))
    print(login_typed.line(bare))
    print(demo.line(bare) + "  (goal: at most 2x)")
    print(demo_now.line(bare))
    print(demo_typed.line(bare))


if __name__ == "__main__":
    main()
