"""One status pill for every screen: a rounded label whose colour and symbol say the state.

The words are fixed and few (Siap, Terputus, Belum diperiksa; terekam, draf,
dikembalikan, ditolak), so a state reads the same on Beranda, Pengaturan and
Tinjauan.  Each word keeps its symbol (● ✖ ◌ …): colour is only a second signal,
for sunlight, black-and-white printouts and colour-blind officers.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidgetItem,
    QTreeWidgetItem,
    QWidget,
)

from ui.design import repolish
from ui.design.theme import current_theme


class PillKind(enum.StrEnum):
    OK = "ok"
    WARNING = "warning"
    DANGER = "danger"
    NEUTRAL = "neutral"


class Word(enum.StrEnum):
    """The fixed states a pill names."""

    READY = "ready"
    DISCONNECTED = "disconnected"
    NOT_CHECKED = "not_checked"
    RECORDED = "recorded"
    DRAFT = "draft"
    RETURNED = "returned"
    REJECTED = "rejected"


#: Each word's kind and symbol.
WORD_LOOKS: dict[Word, tuple[PillKind, str]] = {
    Word.READY: (PillKind.OK, "●"),
    Word.DISCONNECTED: (PillKind.DANGER, "✖"),
    Word.NOT_CHECKED: (PillKind.NEUTRAL, "◌"),
    Word.RECORDED: (PillKind.OK, "✔"),
    Word.DRAFT: (PillKind.NEUTRAL, "◐"),
    Word.RETURNED: (PillKind.WARNING, "↩"),
    Word.REJECTED: (PillKind.DANGER, "✖"),
}


def word_text(word: Word) -> str:
    """The word in the app's language (the same words the rest of the app uses)."""
    words = {
        Word.READY: QCoreApplication.translate("StatusPill", "Ready"),
        Word.DISCONNECTED: QCoreApplication.translate("StatusPill", "Disconnected"),
        Word.NOT_CHECKED: QCoreApplication.translate("StatusPill", "Not checked yet"),
        Word.RECORDED: QCoreApplication.translate("StatusPill", "recorded"),
        Word.DRAFT: QCoreApplication.translate("StatusPill", "draft"),
        Word.RETURNED: QCoreApplication.translate("StatusPill", "returned"),
        Word.REJECTED: QCoreApplication.translate("StatusPill", "rejected"),
    }
    return words[word]


class StatusPill(QLabel):
    """A state in a pill: ``set_state(kind, text)`` for any words, ``set_word`` for the fixed ones.

    Its text (symbol and word) is what a screen reader and the e2e tests read.
    """

    def __init__(
        self, text: str = "", kind: PillKind = PillKind.NEUTRAL, parent: QWidget | None = None
    ) -> None:
        super().__init__(text, parent)
        # As wide as its words: in a grid or a form it never stretches into a bar.
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.set_state(kind, text)

    def kind(self) -> PillKind:
        return PillKind(str(self.property("pill")))

    def set_state(self, kind: PillKind, text: str) -> None:
        self.setText(text)
        if self.property("pill") != kind.value:
            self.setProperty("pill", kind.value)
            repolish(self)

    def set_word(self, word: Word) -> None:
        kind, symbol = WORD_LOOKS[word]
        self.set_state(kind, f"{symbol} {word_text(word)}")


# --- pills in a list or table ---------------------------------------------------------

#: The item data role a status cell keeps its pill kind under (a :class:`PillKind` value).
PILL_ROLE = Qt.ItemDataRole.UserRole + 40


def pill_texts(word: Word) -> tuple[str, PillKind]:
    """A fixed word's pill text (symbol and word) and kind, for a cell or a label."""
    kind, symbol = WORD_LOOKS[word]
    return f"{symbol} {word_text(word)}", kind


def mark_pill_cell(
    item: QTableWidgetItem | QTreeWidgetItem, kind: PillKind, column: int = 0
) -> None:
    """Have :class:`PillDelegate` draw this cell as a pill of ``kind`` (its text stays the item's).

    The text stays the item's own, so sorting, copying and a screen reader read the word.
    """
    if isinstance(item, QTreeWidgetItem):
        item.setData(column, PILL_ROLE, kind.value)
    else:
        item.setData(PILL_ROLE, kind.value)


def _pill_colours(kind: PillKind) -> tuple[str, str, str]:
    """Text, fill and border of a pill, from the theme on screen (as the stylesheet's)."""
    c = current_theme().colours
    return {
        PillKind.OK: (c.success, c.success_bg, c.success),
        PillKind.WARNING: (c.warning, c.warning_bg, c.warning),
        PillKind.DANGER: (c.danger, c.danger_bg, c.danger),
        PillKind.NEUTRAL: (c.neutral, c.neutral_bg, c.border_strong),
    }[kind]


def _pill_font(option: QStyleOptionViewItem) -> QFont:
    """The font a pill in a cell is drawn in: the theme's small size, semi-bold."""
    font = QFont(option.font)
    font.setPixelSize(current_theme().type.small_px)
    font.setWeight(QFont.Weight.DemiBold)
    return font


def _pill_width(metrics: QFontMetrics, text: str) -> int:
    """The pill's width for ``text`` whole.

    Two pixels of slack: the advance is rounded, and eliding at exactly the text's
    width cut "✖ rusak" to "✖ rus…".
    """
    return metrics.horizontalAdvance(text) + 2 * (current_theme().spacing.s + 2) + 2


class PillDelegate(QStyledItemDelegate):
    """Draws a status cell as the same pill the labels are (colours from the theme on screen).

    A table's cells are not widgets, so the stylesheet's ``QLabel[pill]`` cannot reach
    them; this paints the same shape from the same tokens.  A cell without a pill kind
    is drawn as any other.
    """

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        kind_value = index.data(PILL_ROLE)
        if not kind_value:
            super().paint(painter, option, index)
            return
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        # The row's own background (selection, hover) first, without its text.
        plain = QStyleOptionViewItem(option)
        self.initStyleOption(plain, index)
        plain.text = ""
        style = plain.widget.style() if plain.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter, plain.widget)
        theme = current_theme()
        fg, bg, border = _pill_colours(PillKind(str(kind_value)))
        font = _pill_font(option)
        metrics = QFontMetrics(font)
        pad = theme.spacing.s + 2
        height = min(theme.heights.pill, option.rect.height() - 2)
        width = min(_pill_width(metrics, text), option.rect.width() - 4)
        box = QRectF(
            option.rect.left() + 2,
            option.rect.top() + (option.rect.height() - height) / 2,
            width,
            height,
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(border), 1))
        painter.setBrush(QColor(bg))
        painter.drawRoundedRect(box, theme.radii.pill, theme.radii.pill)
        painter.setFont(font)
        painter.setPen(QColor(fg))
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(box.width()) - 2 * pad)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, shown)
        painter.restore()

    def sizeHint(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        if not index.data(PILL_ROLE):
            return hint
        # Measured in the pill's own font (smaller, but semi-bold): measured in the
        # cell's, "◐ menunggu masuk pertama kali" was cut in Kelola petugas (issue 47).
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        pill = _pill_width(QFontMetrics(_pill_font(option)), text) + 4  # 2 px each side
        theme = current_theme()
        return QSize(max(hint.width(), pill), max(hint.height(), theme.heights.pill + 4))


def pill_column(view: QAbstractItemView, column: int) -> PillDelegate:
    """Draw ``column`` of ``view`` as pills wherever a cell has a pill kind."""
    delegate = PillDelegate(view)
    view.setItemDelegateForColumn(column, delegate)
    return delegate
