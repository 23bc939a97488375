"""The main window takes the keyboard back when one of its dialogs closes.

A message box or dialog that closes leaves no active window on Qt's X11 and
offscreen platforms when no window manager hands activation back (and on
some desktops when one does not): ``QApplication.activeWindow()`` is None, so no
window shortcut matches and Ctrl+Shift+L, Ctrl+L or Ctrl+1 do nothing until the
officer clicks the window (issue 47, finding 10).  The cause is the hand-back, not
the shortcuts, so the fix is here: when a dialog of the window hides and nothing
is active, the window is activated again, as Windows does for an owned window.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget


class ReturnFocus(QObject):
    """Watches the application's dialogs; one of ``window``'s closing gives it the keys back."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            event.type() is QEvent.Type.Hide
            and isinstance(watched, QDialog)
            and watched.isWindow()
            and self._owns(watched)
        ):
            # After the hide has settled: the platform may yet activate a window itself.
            QTimer.singleShot(0, self, self._take_back)
        return False

    def _owns(self, dialog: QDialog) -> bool:
        parent = dialog.parentWidget()
        return parent is not None and parent.window() is self.window

    def _take_back(self) -> None:
        if QApplication.activeWindow() is None and self.window.isVisible():
            self.window.activateWindow()
