"""``fieldkit-app``: the desktop app's entry point (kept apart so ``fieldkit`` never imports Qt).

``--demo`` starts on a throwaway store with a planned visit and simulated
devices, deleted at exit, so a new user sees a working app at once.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from fieldkit import logs, paths
from fieldkit._version import __version__
from fieldkit.devices import DeviceConfig, DeviceSupervisor
from fieldkit.errors import KnownError
from fieldkit.store import keyring
from ui import demo, i18n
from ui.dialogs import FirstRunDialog, LoginDialog
from ui.main_window import ActivityWatcher, MainWindow
from ui.messages import explain

if TYPE_CHECKING:
    from collections.abc import Sequence

    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

#: Written to stdout on the main window's first paint (tests and the start-up benchmark).
READY_MARKER = "FIELDKIT_READY"


class FirstPaint(QObject):
    """Says when the main window first paints (the moment it is usable); may quit after it."""

    def __init__(
        self, report: bool, quit_after_s: float | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.report = report
        self.quit_after_s = quit_after_s
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if not self.painted and event.type() == QEvent.Type.Paint:
            self.painted = True
            log.info("main window painted")
            if self.report:
                sys.stdout.write(READY_MARKER + "\n")
                sys.stdout.flush()
            if self.quit_after_s is not None:
                QTimer.singleShot(round(self.quit_after_s * 1000), QApplication.quit)
        return super().eventFilter(watched, event)


def _options(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="fieldkit-app", add_help=True)
    parser.add_argument("--demo", action="store_true", help="a throwaway store with demo data")
    parser.add_argument("--verbose", action="store_true")
    # For tests and the start-up benchmark: quit this long after the first paint.
    parser.add_argument("--quit-after", type=float, metavar="SECONDS", help=argparse.SUPPRESS)
    parser.add_argument("--report-ready", action="store_true", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(list(argv[1:]))
    return args, [argv[0], *rest]


def _log_in(home: Path) -> Workspace | int:
    """The first-run or login dialog; an exit code when there is no session to open."""
    dialog: FirstRunDialog | LoginDialog
    if (home / keyring.KEYRING_FILE).exists():
        try:
            last = keyring.load(home).last_officer
        except KnownError as error:
            log.warning("keyring unreadable at start-up: %s", error.code)
            sys.stderr.write(explain(error) + "\n")
            return 1
        dialog = LoginDialog(home, last)
    else:
        dialog = FirstRunDialog(home)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.workspace is None:
        return 0
    return dialog.workspace


def _start_demo(folder: Path) -> Workspace:
    home = folder / "data"
    os.environ[paths.ENV_HOME] = str(home)  # devices.json and the UI settings stay inside it
    logs.configure(log_dir=folder / "logs")
    made = demo.create(home)
    names = ", ".join(f"{user} ({role})" for user, role in made.accounts)
    sys.stdout.write(
        f"FieldKit demo: training data in {folder}, deleted at exit.\n"
        f"Accounts: {names}; password for all: {demo.DEMO_PASSWORD}\n"
    )
    sys.stdout.flush()
    return made.workspace


def run(argv: Sequence[str]) -> int:
    args, qt_argv = _options(argv)
    app = QApplication(qt_argv)
    app.setApplicationName("FieldKit")
    app.setApplicationVersion(__version__)
    font = app.font()
    font.setPointSizeF(max(font.pointSizeF(), 11.0))  # readable on a knee, in poor light
    app.setFont(font)
    demo_folder = Path(tempfile.mkdtemp(prefix="fieldkit-demo-")) if args.demo else None
    try:
        home = (demo_folder / "data") if demo_folder else paths.data_dir()
        i18n.install(app, i18n.chosen_language(home))
        log.info("FieldKit %s starting%s", __version__, " (demo)" if demo_folder else "")
        workspace = _start_demo(demo_folder) if demo_folder else _log_in(home)
        if isinstance(workspace, int):
            return workspace
        supervisor = DeviceSupervisor(
            workspace.events, config=DeviceConfig.load(home), sim=demo_folder is not None
        )
        window = MainWindow(workspace, supervisor, demo=demo_folder is not None)
        supervisor.start()  # after the window exists, so no status event is missed
        app.installEventFilter(ActivityWatcher(workspace, app))
        window.installEventFilter(FirstPaint(args.report_ready, args.quit_after, window))
        window.show()
        code = app.exec()
        window.close()  # stops the devices and closes the store if the app quit without it
        # Delete the widgets while QApplication still exists: left to the garbage
        # collector, they may outlive it and crash the interpreter on the way out.
        shiboken6.delete(window)
        app.shutdown()
        return code
    finally:
        if demo_folder is not None:
            shutil.rmtree(demo_folder, ignore_errors=True)


def main() -> int:
    if "--self-test" in sys.argv[1:]:
        from ui import selftest  # noqa: PLC0415 - no window, no log file: a report on stdout

        return selftest.main(sys.argv[1:])
    logs.configure(verbose="--verbose" in sys.argv)
    return run(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
