"""``fieldkit-app``: the desktop app's entry point (kept apart so ``fieldkit`` never imports Qt)."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QDialog

from fieldkit import logs, paths
from fieldkit._version import __version__
from fieldkit.devices import DeviceConfig, DeviceSupervisor
from fieldkit.errors import KnownError
from fieldkit.store import keyring
from ui import i18n
from ui.dialogs import FirstRunDialog, LoginDialog
from ui.main_window import ActivityWatcher, MainWindow
from ui.messages import explain

if TYPE_CHECKING:
    from collections.abc import Sequence

log = logging.getLogger(__name__)


def run(argv: Sequence[str]) -> int:
    app = QApplication(list(argv))
    app.setApplicationName("FieldKit")
    app.setApplicationVersion(__version__)
    font = app.font()
    font.setPointSizeF(max(font.pointSizeF(), 11.0))  # readable on a knee, in poor light
    app.setFont(font)
    i18n.install(app, i18n.chosen_language())
    home = paths.data_dir()
    log.info("FieldKit %s starting", __version__)

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
    workspace = dialog.workspace
    supervisor = DeviceSupervisor(workspace.events, config=DeviceConfig.load(home))
    window = MainWindow(workspace, supervisor)
    supervisor.start()  # after the window exists, so no status event is missed
    watcher = ActivityWatcher(workspace, app)
    app.installEventFilter(watcher)
    window.show()
    return app.exec()


def main() -> int:
    logs.configure(verbose="--verbose" in sys.argv)
    return run(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
