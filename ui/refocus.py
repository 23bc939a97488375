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

from ui.one_click import OneClickGuard


class ReturnFocus(QObject):
    """Watches the application's dialogs; one of ``window``'s closing gives it the keys back.

    It hears the dialogs through the app's one-click filter when there is one: a second
    application event filter makes every event of the app (paints, timers, a screen
    reader's calls) one more call into Python, and made each person's recording in the
    window slower (issue 60).  An app without the guard (a test) gets a filter of its own.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        app = QApplication.instance()
        if app is None:
            return
        guards = app.findChildren(OneClickGuard)
        if not guards:
            app.installEventFilter(self)
            return
        hooks = guards[-1].on_dialog_hidden  # the one installed last, as ui.activity's
        hooks.append(self._dialog_hidden)
        window.destroyed.connect(lambda: hooks.remove(self._dialog_hidden))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() is QEvent.Type.Hide and isinstance(watched, QDialog) and watched.isWindow():
            self._dialog_hidden(watched)
        return False

    def _dialog_hidden(self, dialog: QDialog) -> None:
        if self._owns(dialog):
            # After the hide has settled: the platform may yet activate a window itself.
            QTimer.singleShot(0, self, self._take_back)

    def _owns(self, dialog: QDialog) -> bool:
        parent = dialog.parentWidget()
        return parent is not None and parent.window() is self.window

    def _take_back(self) -> None:
        if QApplication.activeWindow() is None and self.window.isVisible():
            self.window.activateWindow()
