"""An empty list's words, also for a screen reader: the view's description while it is empty.

Qt's accessible table lists only its cells and headers, never a widget laid over its
viewport, so :class:`ui.design.empty.EmptyState` is seen but not read: a blind officer
(and the end-to-end tests, which read the same tree) heard an empty, unnamed table.
The view's accessible description carries the same words while it has no rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiboken6 import Shiboken

from ui.design.empty import EmptyState, empty_state

if TYPE_CHECKING:
    from PySide6.QtWidgets import QAbstractItemView


def spoken_empty_state(view: QAbstractItemView, title: str, hint: str = "") -> EmptyState:
    """:func:`ui.design.empty.empty_state`, and its words as ``view``'s description while empty."""
    words = empty_state(view, title, hint)
    model = view.model()

    def speak(*_args: object) -> None:
        if not Shiboken.isValid(view):  # the page is going: its table empties as it dies
            return
        empty = model.rowCount(view.rootIndex()) == 0
        view.setAccessibleDescription(words.text() if empty else "")

    for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
        signal.connect(speak)
    speak()
    return words
