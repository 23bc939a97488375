"""What an empty list says: what would be here, and what to do to fill it.

An empty table is a grey box a new officer reads as "broken".  Every list in
FieldKit says instead, over its own empty area, why nothing is there and the
next step ("Belum ada kunjungan. Klik Tambah kunjungan untuk merencanakan
satu."), and the words go away with the first row.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QVBoxLayout
from shiboken6 import Shiboken

from ui.design import repolish


class EmptyState(QLabel):
    """Words over an item view's empty area while it has no rows; hidden once it has one.

    A child of the view's viewport, so it scrolls and resizes with it and a screen
    reader finds it where the rows would be.  Follows the model by its signals, so
    a page that fills or clears its table never has to remember it.
    """

    def __init__(self, view: QAbstractItemView, title: str = "", hint: str = "") -> None:
        super().__init__(view.viewport())
        self._view = view
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setProperty("empty", "true")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        repolish(self)
        layout = view.viewport().layout()
        if layout is None:
            layout = QVBoxLayout(view.viewport())
        layout.addWidget(self)
        self.set_words(title, hint)
        model = view.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self.follow)
        view.installEventFilter(self)
        self.follow()

    def set_words(self, title: str, hint: str = "") -> None:
        """What is missing, and (on a line of its own) what to do about it."""
        self.setText(f"{title}\n{hint}" if hint else title)
        self.setAccessibleName(self.text())
        self.follow()

    def follow(self, *_args: object) -> None:
        """Show the words exactly while the view has no rows, and say them to a screen reader.

        Qt's accessible table lists only its cells and headers, never a widget over its
        viewport: the words are seen but not read, so while empty they are also the
        view's accessible description.  A view being destroyed empties its model as it
        goes; nothing may be called on it then.
        """
        if not (Shiboken.isValid(self._view) and Shiboken.isValid(self)):
            return
        empty = self._view.model().rowCount(self._view.rootIndex()) == 0
        self.setVisible(empty)
        self._view.setAccessibleDescription(self.text() if empty else "")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._view and event.type() == QEvent.Type.Show:
            self.follow()
        return super().eventFilter(watched, event)


def empty_state(view: QAbstractItemView, title: str, hint: str = "") -> EmptyState:
    """Give ``view`` words for when it is empty (see :class:`EmptyState`)."""
    return EmptyState(view, title, hint)
