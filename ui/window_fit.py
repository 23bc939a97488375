"""The window and the screen it is on: never larger than the free area, and inside it.

A field laptop may have a 1280x720 screen, a panel, and a larger font; a window
that grows past the screen hides its buttons off the display.  Each screen sits in a
:class:`PageFrame` that scrolls instead of growing the window.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

#: The screen every field laptop must fit (accessibility: no scrolling off-screen).
TARGET_SIZE = QSize(1366, 768)
#: The smallest screen the app is laid out for (a 720p laptop or projector).
SMALLEST_SCREEN = QSize(1280, 720)
#: The window's first size, before it is fitted to the screen it opens on.
DEFAULT_SIZE = QSize(1280, 720)
#: Room left for a window manager's title bar and borders before the real ones are known.
DECORATION_GUESS = QSize(16, 48)
#: Qt's "no maximum" for a widget's size (QWIDGETSIZE_MAX, not exported by PySide6).
QWIDGETSIZE_MAX = (1 << 24) - 1
#: When to fit again after the first show, once the window manager has framed the window.
REFIT_AFTER_SHOW_MS = (0, 300)


#: A page title's size (px) and weight: Windows 11's page titles, larger than the body text.
TITLE_PX = 20
TITLE_WEIGHT = QFont.Weight.DemiBold


class PageFrame(QScrollArea):
    """A screen inside a scroll area, so its minimum size never pushes the window past the screen.

    Each screen is laid out to fit 1280x720 without scrolling; this is the safety
    net for a smaller screen or a larger font, where a screen scrolls instead of
    growing the window until its buttons are off the display.

    With a ``title`` (the screen's name on the navigation rail) the screen has a
    heading above it, so a person always sees where they are; every screen gets it
    here, in one place.  :attr:`page` is the screen itself.
    """

    def __init__(self, page: QWidget, parent: QWidget | None = None, *, title: str = "") -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.page = page
        self.title: QLabel | None = None
        if title:
            # Inside the scrolled content, above the screen: a scroll area shows a screen
            # reader only its viewport, so a title beside it would never be read.
            self.title = page_title(title)
            holder = QWidget()
            layout = QVBoxLayout(holder)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setSpacing(0)
            layout.addWidget(self.title)
            message_bar = _message_bar(page)
            if message_bar is not None:
                layout.addWidget(message_bar)
            layout.addWidget(page, 1)
            self.setWidget(holder)
        else:
            self.setWidget(page)
        self.setAccessibleName(page.accessibleName() or title)


def _message_bar(page: QWidget) -> QWidget | None:
    """The page's own status line, moved under its title: errors in a bar at the top.

    A page keeps its :class:`ui.common.StatusLine` as ``status`` (it is made and
    spoken to there); here it leaves the page's layout (Qt drops a widget from a
    layout when it is reparented) for the top of the page, under the title, where
    a person looks first and a message never moves the controls below it (the line
    keeps its room while silent).
    """
    line = getattr(page, "status", None)
    if not isinstance(line, QLabel) or not hasattr(line, "reserved_height"):
        return None
    holder = QWidget()
    holder.setObjectName("messageBar")
    layout = QVBoxLayout(holder)
    style = holder.style()
    left = style.pixelMetric(QStyle.PixelMetric.PM_LayoutLeftMargin)
    layout.setContentsMargins(
        left, style.pixelMetric(QStyle.PixelMetric.PM_LayoutTopMargin) // 2, left, 0
    )
    layout.addWidget(line)
    return holder


def page_title(text: str) -> QLabel:
    """A screen's heading: its name, 20 px semibold, read first by a screen reader."""
    label = QLabel(text)
    label.setObjectName("pageTitle")
    font = QFont(label.font())
    font.setPixelSize(TITLE_PX)
    font.setWeight(TITLE_WEIGHT)
    label.setFont(font)
    label.setAccessibleName(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    # In line with the screen's own content (its layout's left margin), a little air below.
    style = label.style()
    left = style.pixelMetric(QStyle.PixelMetric.PM_LayoutLeftMargin)
    top = style.pixelMetric(QStyle.PixelMetric.PM_LayoutTopMargin)
    label.setContentsMargins(left, top, left, 0)
    return label


def show_maximized(window: QWidget) -> None:
    """Open the window maximized: the whole free area, never under the taskbar.

    The window manager maximizes it to the screen's free area (Windows' taskbar and a
    desktop's panels excluded).  Where none does (a bare X server), the window is put
    in that free area itself first, so it fits all the same.
    """
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        window.resize((available.size() - DECORATION_GUESS).expandedTo(QSize(320, 240)))
        window.move(available.topLeft())
    window.showMaximized()


def fit_to_screen(window: QWidget) -> None:
    """Never larger than the screen's free area (panels excluded), and inside it.

    The maximum size also keeps a screen's layout from growing the window later: a
    screen that needs more room scrolls in its :class:`PageFrame`.  A maximized
    window has none: the window manager holds it to the free area (and on Windows a
    maximum would stop it short of the screen's edges).
    """
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    available = screen.availableGeometry()
    if window.isMaximized() or window.isFullScreen():
        window.setMaximumSize(QSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX))
        unframed = window.frameGeometry() == window.geometry()
        if window.isVisible() and unframed and window.geometry() != available:
            # No window manager maximized it (a bare X server): fill the free area, and
            # stay maximized (a new geometry alone would make the window a normal one).
            window.setGeometry(available)
            window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        return
    # Before the window manager has framed the window its frame is unknown: guess one.
    decoration = window.frameGeometry().size() - window.geometry().size()
    if not window.isVisible():
        decoration = DECORATION_GUESS
    room = (available.size() - decoration).expandedTo(QSize(320, 240))
    window.setMaximumSize(room)
    window.resize(window.size().boundedTo(room))
    frame = window.frameGeometry()
    if not available.contains(frame):
        x = min(max(frame.x(), available.x()), available.right() + 1 - frame.width())
        y = min(max(frame.y(), available.y()), available.bottom() + 1 - frame.height())
        window.move(max(x, available.x()), max(y, available.y()))
