"""The navigation rail: each screen's icon and name, and a count where something waits.

It stays a ``QListWidget`` named ``sidebar`` whose items are named exactly as the
screens (the end-to-end journeys click "list item" by that name, and the design's
style sheet targets ``QListWidget#sidebar``).  A row is at least 40 px high, as in
Windows 11's own apps.  The count (records to send, flagged records to review,
unfinished drafts) is painted as a badge by :class:`RailDelegate` from
:data:`WAITING_ROLE`.  A painted badge is invisible to a screen reader, and a list
item's accessible description is not read out by every reader (Windows' Narrator
and NVDA say a list item's name and stop; issue 47, finding 12), so the count is
part of the item's accessible name: "Tinjauan, 3 menunggu tinjauan".  The item's
text stays the screen's name alone; the description keeps the count's words too.

Colours come from the palette (the theme's), never from here.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from fieldkit import overview
from fieldkit.errors import KnownError
from fieldkit.events import (
    DraftsChanged,
    Event,
    OutboxChanged,
    OutcomesChanged,
    RecordSealed,
    ReviewsChanged,
    RevisitsChanged,
)
from ui.icons import themed_icon
from ui.screens import Page

if TYPE_CHECKING:
    from fieldkit.overview import WaitingWork
    from fieldkit.workspace import Workspace
    from ui.bridge import EventBridge

log = logging.getLogger(__name__)

#: The core's events after which a count may have changed.
COUNTED_ON: tuple[type[Event], ...] = (
    RecordSealed,  # one record more to send, one draft less
    OutboxChanged,  # a sync sent or settled records, or one was put back
    ReviewsChanged,  # approved (now to send) or returned
    RevisitsChanged,
    DraftsChanged,  # a recording begun or thrown away
    OutcomesChanged,  # a person marked not recorded: their draft went
)

#: The item data role holding a row's waiting count (an int; 0 or none: no badge).
WAITING_ROLE = Qt.ItemDataRole.UserRole + 36
#: Windows 11's navigation rows are 40 px high; ours are never lower.
ROW_MIN_PX = 40
#: The icons' size on the rail (the vendored SVGs are drawn for 24 and scale cleanly).
ICON_PX = 20
#: The widest count a badge shows; more reads "99+".
MAX_SHOWN = 99
#: Room inside a badge and around it.
_BADGE_PAD_PX = 5
_BADGE_GAP_PX = 6


def badge_text(count: int) -> str:
    return f"{MAX_SHOWN}+" if count > MAX_SHOWN else str(count)


def spoken_name(name: str, description: str) -> str:
    """A row's accessible name with its count: "Tinjauan, 3 menunggu tinjauan"."""
    return f"{name}, {description}" if description else name


class RailDelegate(QStyledItemDelegate):
    """Paints a row as the style does, then its count as a pill at the right edge."""

    def _badge_font(self, option: QStyleOptionViewItem) -> QFont:
        font = QFont(option.font)
        font.setWeight(QFont.Weight.DemiBold)
        return font

    def _badge_size(self, option: QStyleOptionViewItem, text: str) -> QSize:
        metrics = QFontMetrics(self._badge_font(option))
        height = metrics.height() + 2
        return QSize(max(height, metrics.horizontalAdvance(text) + 2 * _BADGE_PAD_PX), height)

    def sizeHint(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        # Every row keeps room for the widest badge, so a count never covers a name
        # and the rail does not change width when one appears.
        badge = self._badge_size(option, badge_text(MAX_SHOWN + 1))
        width = size.width() + badge.width() + 2 * _BADGE_GAP_PX
        return QSize(width, max(size.height(), ROW_MIN_PX))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        count = index.data(WAITING_ROLE)
        if not isinstance(count, int) or count <= 0:
            return
        text = badge_text(count)
        size = self._badge_size(option, text)
        rect = QRect(
            option.rect.right() - _BADGE_GAP_PX - size.width() + 1,
            option.rect.center().y() - size.height() // 2,
            size.width(),
            size.height(),
        )
        palette = option.palette
        # The accent (the theme's highlight) on every row: the chosen row is only tinted
        # (ui.design's stylesheet), so the accent stands out on it too.
        fill, ink = QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(fill))
        radius = size.height() / 2
        painter.drawRoundedRect(rect, radius, radius)
        painter.setPen(palette.color(ink))
        painter.setFont(self._badge_font(option))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()


class NavigationRail(QListWidget):
    """The screens' list: one row per screen, in :class:`Page` order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setItemDelegate(RailDelegate(self))
        self.setIconSize(QSize(ICON_PX, ICON_PX))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._icons: list[str] = []

    def add_screen(self, name: str, icon: str, hint: str) -> QListWidgetItem:
        item = QListWidgetItem(name)
        item.setToolTip(hint)
        self.addItem(item)
        self._icons.append(icon)
        self._tint(self.count() - 1)
        return item

    def fit_width(self) -> None:
        """As wide as the longest name with its icon and a badge, and no wider."""
        self.setFixedWidth(max(self.sizeHintForColumn(0), 120) + 2 * self.frameWidth() + 4)

    def _tint(self, row: int) -> None:
        name = self._icons[row]
        if name:
            ratio = self.devicePixelRatioF()
            self.item(row).setIcon(themed_icon(name, self.palette(), ICON_PX, ratio))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """A theme change (a new palette) tints the icons again."""
        super().changeEvent(event)
        if event.type() in {QEvent.Type.PaletteChange, QEvent.Type.StyleChange}:
            for row in range(self.count()):
                self._tint(row)

    def show_waiting(self, page: Page, count: int, description: str) -> None:
        """The badge on ``page``'s row, and its words for a screen reader."""
        item = self.item(page)
        if item is None:
            return
        shown = max(count, 0)
        if item.data(WAITING_ROLE) == shown:
            return
        item.setData(WAITING_ROLE, shown)
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, description if shown else "")
        # What a screen reader says for the row: its name, and the count when there is one.
        item.setData(
            Qt.ItemDataRole.AccessibleTextRole,
            spoken_name(item.text(), description) if shown else item.text(),
        )

    def waiting(self, page: Page) -> int:
        count = self.item(page).data(WAITING_ROLE)
        return count if isinstance(count, int) else 0

    def show_work(self, work: WaitingWork) -> None:
        """The counts from :func:`fieldkit.overview.waiting_work`, each on its screen's row."""
        for page, count, description in waiting_rows(work):
            self.show_waiting(page, count, description)


def waiting_rows(work: WaitingWork) -> list[tuple[Page, int, str]]:
    """Each counted screen, its count, and the words a screen reader says for it."""
    return [
        (
            Page.SYNC,
            work.to_send,
            QCoreApplication.translate("NavigationRail", "%n waiting to be sent", "", work.to_send),
        ),
        (
            Page.REVIEW,
            work.to_review,
            QCoreApplication.translate(
                "NavigationRail", "%n waiting for review", "", work.to_review
            ),
        ),
        (
            Page.ENROLLMENT,
            work.drafts,
            QCoreApplication.translate("NavigationRail", "%n unfinished draft(s)", "", work.drafts),
        ),
    ]


class WaitingCounts(QObject):
    """Keeps the rail's counts current: read once now, then again after each counted event.

    A burst of events (a sync settling many records) reads the store once, on the
    next turn of the event loop: three SQL counts, never a list of records.
    """

    def __init__(self, rail: NavigationRail, workspace: Workspace, bridge: EventBridge) -> None:
        super().__init__(rail)
        self.rail = rail
        self.workspace = workspace
        self._due = QTimer(self)
        self._due.setSingleShot(True)
        self._due.setInterval(0)
        self._due.timeout.connect(self.refresh)
        for kind in COUNTED_ON:
            bridge.subscribe(kind, lambda _event: self._due.start(), self)
        self.refresh()

    def refresh(self) -> None:
        if self.workspace.idle.locked:
            return  # counted again at unlock (the window refreshes after it)
        try:
            work = overview.waiting_work(self.workspace)
        except KnownError as error:  # the counts are a hint: the screens say what is wrong
            log.warning("waiting counts not read: %s", type(error).__name__)
            return
        self.rail.show_work(work)
