"""The window and the screen it is on: never larger than the free area, and inside it.

A field laptop may have a 1280x720 screen, a panel, and a larger font; a window
that grows past the screen hides its buttons off the display.  Each screen sits in a
:class:`PageFrame` that scrolls instead of growing the window.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

#: The screen every field laptop must fit (accessibility: no scrolling off-screen).
TARGET_SIZE = QSize(1366, 768)
#: The smallest screen the app is laid out for (a 720p laptop or projector).
SMALLEST_SCREEN = QSize(1280, 720)
#: The window's first size, before it is fitted to the screen it opens on.
DEFAULT_SIZE = QSize(1280, 720)
#: Room left for a window manager's title bar and borders before the real ones are known.
DECORATION_GUESS = QSize(16, 48)
#: When to fit again after the first show, once the window manager has framed the window.
REFIT_AFTER_SHOW_MS = (0, 300)


class PageFrame(QScrollArea):
    """A screen inside a scroll area, so its minimum size never pushes the window past the screen.

    Each screen is laid out to fit 1280x720 without scrolling; this is the safety
    net for a smaller screen or a larger font, where a screen scrolls instead of
    growing the window until its buttons are off the display.
    """

    def __init__(self, page: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(page)
        self.setAccessibleName(page.accessibleName())


def fit_to_screen(window: QWidget) -> None:
    """Never larger than the screen's free area (panels excluded), and inside it.

    The maximum size also keeps a screen's layout from growing the window later: a
    screen that needs more room scrolls in its :class:`PageFrame`.
    """
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    available = screen.availableGeometry()
    # Before the window manager has framed the window its frame is unknown: guess one.
    decoration = window.frameGeometry().size() - window.geometry().size()
    if not window.isVisible():
        decoration = DECORATION_GUESS
    room = (available.size() - decoration).expandedTo(QSize(320, 240))
    window.setMaximumSize(room)
    if window.isMaximized() or window.isFullScreen():
        return
    window.resize(window.size().boundedTo(room))
    frame = window.frameGeometry()
    if not available.contains(frame):
        x = min(max(frame.x(), available.x()), available.right() + 1 - frame.width())
        y = min(max(frame.y(), available.y()), available.bottom() + 1 - frame.height())
        window.move(max(x, available.x()), max(y, available.y()))
