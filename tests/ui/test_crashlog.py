"""A windowed app that fails well: no console streams needed; failures go to the log folder.

``fieldkit-app.exe`` is built windowed: Python starts it with ``sys.stdout``,
``sys.stderr`` and ``sys.stdin`` all None.  The starts below do the same in a
fresh interpreter, then read the log folder, as a support call would.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSize, Qt, QThreadPool, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QScrollArea
from pytestqt.qtbot import QtBot

from fieldkit import logs, paths
from fieldkit.errors import BugError
from fieldkit.store.models import Officer
from fieldkit.workspace import Workspace
from tests.conftest import wait_until
from tests.ui.conftest import SCREENSHOTS
from ui import workers
from ui.main_window import MainWindow, Page
from ui.messages import explain_any
from ui.window_fit import TARGET_SIZE

#: What pythonw (and PyInstaller's windowed bootloader) leave a windowed program.
NO_CONSOLE = (
    "import sys\n"
    "sys.stdout = sys.stderr = sys.stdin = None\n"
    "sys.__stdout__ = sys.__stderr__ = sys.__stdin__ = None\n"
)
NIK = "3315014708950003"


def _env(logs_dir: Path) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", paths.ENV_LOG_DIR: str(logs_dir)}
    env.pop(paths.ENV_HOME, None)
    return env


def _log_text(folder: Path) -> str:
    return "\n".join(p.read_text("utf-8") for p in sorted(folder.rglob("*.log")))


def test_a_windowed_start_reaches_the_login_window_and_writes_to_no_console(
    tmp_path: Path,
) -> None:
    """The demo's start writes its accounts to stdout: with no stdout it must still open."""
    logs_dir = tmp_path / "logs"
    script = NO_CONSOLE + (
        "sys.argv = ['fieldkit-app', '--demo', '--report-ready']\n"
        "from ui.app import main\n"
        "raise SystemExit(main())\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(logs_dir),
        cwd=tmp_path,
    )
    try:
        # Another process's log file offers no event to wait on: poll it, with a deadline.
        wait_until(
            lambda: "LoginDialog painted" in _log_text(logs_dir) or process.poll() is not None,
            60,
            "the login window's first paint in the log",
        )
        assert process.poll() is None, _log_text(logs_dir)  # still running, at its login
        process.send_signal(signal.SIGTERM)  # ends it in order, as a shutdown does
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=10)
    text = _log_text(logs_dir)
    assert "LoginDialog painted" in text
    assert "uncaught exception" not in text
    assert "Traceback" not in text
    assert process.returncode in {0, 128 + signal.SIGTERM}, text
    assert out == b""  # nothing reached a console: the streams were sinks
    assert err == b"", err.decode(errors="replace")
    assert (logs_dir / logs.FAULT_FILE).exists()  # faulthandler has a file, not stderr


def test_uncaught_exceptions_and_qt_warnings_land_in_the_log_file(tmp_path: Path) -> None:
    logs_dir = tmp_path / "logs"
    script = NO_CONSOLE + (
        "import threading\n"
        "from PySide6.QtCore import QCoreApplication, QFile, QIODevice, QTimer, qWarning\n"
        "from fieldkit import logs\n"
        "from ui import crashlog\n"
        "logs.configure()\n"
        "crashlog.install()\n"
        "app = QCoreApplication([])\n"
        "qWarning('probe: a Qt warning')\n"
        "QFile().open(QIODevice.OpenModeFlag.ReadOnly)  # Qt's own C++ warning\n"
        "def fail_in_thread():\n"
        "    raise ValueError('probe: in a thread')\n"
        "worker = threading.Thread(target=fail_in_thread, name='probe-thread')\n"
        "worker.start()\n"
        "worker.join()\n"
        "def fail_in_slot():\n"
        "    raise KeyError('probe: in a Qt slot')\n"
        "QTimer.singleShot(0, fail_in_slot)\n"
        "QTimer.singleShot(0, app.quit)\n"
        "app.exec()\n"
        f"raise RuntimeError('probe: at the top, for {NIK}')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        env=_env(logs_dir),
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    text = (logs_dir / logs.LOG_FILE).read_text("utf-8")
    assert done.returncode == 1, text  # the uncaught exception still ends the program
    assert "WARNING qt: default: probe: a Qt warning" in text
    assert "QFSFileEngine::open: No file name specified" in text
    assert "uncaught exception in thread probe-thread" in text
    assert "ValueError: probe: in a thread" in text
    assert "KeyError: 'probe: in a Qt slot'" in text
    assert "uncaught exception in the main thread" in text
    assert "RuntimeError: probe: at the top" in text
    assert NIK not in text  # a traceback's text is masked like any message
    assert done.stdout == b""
    assert done.stderr == b""


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX segfault")
def test_a_crash_in_c_code_leaves_its_traceback_in_the_log_folder(tmp_path: Path) -> None:
    logs_dir = tmp_path / "logs"
    script = NO_CONSOLE + (
        "import faulthandler\n"
        "from fieldkit import logs\n"
        "from ui import crashlog\n"
        "logs.configure()\n"
        "crashlog.install()\n"
        "def a_driver_call():\n"
        "    faulthandler._sigsegv()\n"
        "a_driver_call()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        env=_env(logs_dir),
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    faults = (logs_dir / logs.FAULT_FILE).read_text("utf-8")
    assert "Fatal Python error: Segmentation fault" in faults
    assert "a_driver_call" in faults
    assert done.stderr == b""


class _FolderOpener(QObject):
    """Stands in for the desktop's file manager: Qt hands it the ``file:`` URL it would open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url)


@pytest.fixture
def log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This process logs to a folder of the test's own (as ``main`` configures it)."""
    monkeypatch.setattr(logs, "_current", None)
    folder = tmp_path / "Log FieldKit"
    assert logs.configure(log_dir=folder) == folder / logs.LOG_FILE
    yield folder
    logs.configure(log_dir=tmp_path / "after")  # the test's handler closed, not left open


@pytest.fixture
def opener() -> _FolderOpener:
    handler = _FolderOpener()
    QDesktopServices.setUrlHandler("file", handler, "open")
    yield handler
    QDesktopServices.unsetUrlHandler("file")


def test_settings_and_about_show_the_log_folder_and_open_it(
    qtbot: QtBot,
    workspace: Workspace,
    log_folder: Path,
    opener: _FolderOpener,
    indonesian: None,
) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.resize(TARGET_SIZE)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(Page.SETTINGS)
    page = window.settings
    assert page.log_folder.text() == str(log_folder)
    assert page.log_folder.isReadOnly()
    assert page.log_folder.isVisibleTo(window)
    frame = window.stack.currentWidget()
    assert isinstance(frame, QScrollArea)
    # The long path scrolls inside its field; the screen itself never needs to scroll sideways.
    qtbot.waitUntil(lambda: not frame.horizontalScrollBar().isVisible(), timeout=5_000)
    assert frame.horizontalScrollBar().maximum() == 0

    # Pengaturan (themes, devices, training) is taller than a 1366x768 window since issue
    # 36; the log folder's row is scrolled to whole, as a person scrolls to it.
    # Scrolled again until whole: the page's last rows are laid out after its first show.
    def scrolled_to_whole() -> bool:
        frame.ensureWidgetVisible(page.log_folder)
        return page.log_folder.visibleRegion().boundingRect().size() == page.log_folder.size()

    qtbot.waitUntil(scrolled_to_whole, timeout=5_000)
    image = window.grab()
    assert image.size() == QSize(1366, 768) * image.devicePixelRatio()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert image.save(str(SCREENSHOTS / "settings-log-folder.png"))

    page.log_folder.selectAll()
    assert page.log_folder.selectedText() == str(log_folder)  # can be copied for a support call
    qtbot.mouseClick(page.open_logs_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opener.opened] == [str(log_folder)]

    box = window.about_box()
    qtbot.addWidget(box)
    assert str(log_folder) in box.text()
    assert str(workspace.directory) in box.text()
    assert "Folder log" in box.text()  # in the officer's language
    assert box.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    box.show()
    qtbot.waitExposed(box)
    assert box.grab().save(str(SCREENSHOTS / "about-log-folder.png"))
    (open_button,) = [
        b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.ActionRole
    ]
    assert open_button.text() == "Buka folder log"
    with qtbot.waitSignal(box.finished, timeout=5_000):
        qtbot.mouseClick(open_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opener.opened] == [str(log_folder)] * 2


def test_a_console_start_keeps_its_streams(tmp_path: Path) -> None:
    """A console start (Linux, ``fieldkit.exe``) keeps its real streams: only None is replaced."""
    logs_dir = tmp_path / "logs"
    script = (
        "import sys\n"
        "from fieldkit import logs\n"
        "print(logs.give_missing_streams_a_sink())\n"
        "print(sys.stdout is sys.__stdout__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=_env(logs_dir),
        timeout=60,
        check=True,
    )
    assert done.stdout.split("\n")[:2] == ["[]", "True"]  # the demo's accounts still show


def test_a_store_bug_in_a_background_task_points_to_the_log_not_the_disk(
    qtbot: QtBot, workspace: Workspace, log_folder: Path
) -> None:
    """A constraint our own code breaks is a bug: its trace in the log, no "check the disk"."""
    name = "Siti Rahayu Wulandari"

    def a_buggy_action() -> None:  # a second officer with a taken user name, no check first
        with workspace.transaction() as session:
            session.add(
                Officer(
                    username=workspace.officer.username,
                    full_name=name,
                    role="petugas",
                    created_at=dt.datetime.now(dt.UTC),
                )
            )

    task = workers.Task(a_buggy_action)
    with qtbot.waitSignal(task.signals.failed, timeout=30_000) as failed:
        QThreadPool.globalInstance().start(task)
    (error,) = failed.args
    assert isinstance(error, BugError)
    words = explain_any(error)
    assert str(log_folder / logs.LOG_FILE) in words  # "the details are in the log file: ..."
    assert "disk" not in words.lower()
    text = (log_folder / logs.LOG_FILE).read_text("utf-8")
    assert "background task failed" in text
    assert "Traceback" in text
    assert "SQLITE_CONSTRAINT" in text
    assert "UNIQUE constraint failed: officers.username" in text
    assert name not in text  # the statement's values stay out of the log
