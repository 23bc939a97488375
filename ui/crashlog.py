"""A windowed app that fails well: no console needed, every failure in the log file.

``fieldkit-app.exe`` has no console (PyInstaller ``console=False``), so Python
starts it with no ``sys.stdout``/``sys.stderr``.  :func:`install`, run first in
``main``, gives those streams a harmless sink and sends to the log folder what
used to go to a console nobody sees: uncaught Python exceptions (any thread),
Qt's own warnings and errors (:func:`qInstallMessageHandler`), and
``faulthandler``'s traceback of a crash in C code.  qutebrowser's
``crashsignal.py`` does the same; FieldKit logs instead of showing a crash
dialog, and the log's folder is shown in Pengaturan and the About box.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QMessageLogContext, QtMsgType, QUrl, qInstallMessageHandler
from PySide6.QtGui import QDesktopServices

from fieldkit import logs

if TYPE_CHECKING:
    from pathlib import Path

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's messages (from any thread) into the log, with Qt's category."""
    category = context.category or "default"
    qt_log.log(_LEVELS.get(kind, logging.WARNING), "%s: %s", category, message)


def install(*, log_folder: Path | None = None) -> None:
    """Streams, uncaught exceptions, Qt's messages and faults: all to the log folder."""
    replaced = logs.give_missing_streams_a_sink()
    folder = log_folder or logs.current_folder()
    faults = logs.record_faults(folder)
    logs.log_uncaught_exceptions()
    qInstallMessageHandler(qt_message)
    log.debug("no console streams: %s; faults to %s", ", ".join(replaced) or "none missing", faults)


def open_folder(folder: Path) -> bool:
    """Open ``folder`` in the desktop's file manager (Explorer, Files); False if it could not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.warning("cannot make the log folder: %s", exc.strerror)
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
