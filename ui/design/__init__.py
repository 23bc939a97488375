"""FieldKit's design system: tokens, themes, and the few helpers screens use to ask for a look.

A screen never writes a colour or a size.  It marks what a widget *is*:

- :func:`mark_primary` on the one button that does the screen's main work (accent
  filled, at least 44 px high); every other button is drawn outlined;
- :func:`show_field_error` / :func:`clear_field_error` on the field that caused an
  error: a red border and the message in a label right under it;
- :class:`ui.design.pill.StatusPill` for a state (Siap, Terputus, terekam, …);
- :func:`mark_status` on a line that reports what an action did.

The stylesheet in :mod:`ui.design.theme` draws each of these in every theme.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QFormLayout,
    QLabel,
    QLayout,
    QPushButton,
    QWidget,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent

#: The attribute a field keeps its error label under (made on the first error).
_ERROR_LABEL = "_fieldkit_error_label"
#: A field's error label that stays, empty, when its message goes (``keep_field_error_room``).
_KEEPS_ROOM = "fieldkitKeepsRoom"


def repolish(widget: QWidget) -> None:
    """Redraw a widget after one of its dynamic properties changed (Qt does not by itself)."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def mark_primary(button: QPushButton) -> QPushButton:
    """The screen's one main action: accent-coloured and 44 px high (Enter is ui.enter_key's)."""
    button.setProperty("role", "primary")
    repolish(button)
    return button


def mark_status(label: QLabel, kind: str | None) -> None:
    """Colour a status line by what it says: ``ok``, ``warning``, ``error``, or plain (None)."""
    label.setProperty("status", kind or "")
    repolish(label)


def mark_banner(widget: QWidget, kind: str = "warning") -> None:
    """A bar across the page that says what holds the work up: ``warning`` or ``danger``.

    Its colours come from the theme's stylesheet, so it follows a theme chosen later.
    """
    widget.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, on=True)
    widget.setProperty("banner", kind)
    repolish(widget)


def mark_preview(widget: QWidget) -> None:
    """The dark ground a camera's live view and a capture's image are shown on."""
    widget.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, on=True)
    widget.setProperty("preview", "true")
    repolish(widget)


def _containing_layout(field: QWidget) -> QLayout | None:
    """The layout that holds ``field`` directly (its parent's, or one nested in it)."""
    parent = field.parentWidget()
    top = parent.layout() if parent is not None else None
    todo = [top] if top is not None else []
    while todo:
        layout = todo.pop()
        if layout.indexOf(field) >= 0:
            return layout
        for index in range(layout.count()):
            item = layout.itemAt(index)
            child = item.layout() if item is not None else None
            if child is not None:
                todo.append(child)
    return None


class _FieldErrorLabel(QLabel):
    """The words under a field, as tall as they are at the field's width, no taller.

    A word-wrapped label asks its layout for the height of its text wrapped at a
    narrow guess; a form layout gave it three lines' height for one line of words,
    and a gap opened under every message.  This one measures at its own width
    (the field's, before it is laid out).
    """

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        buddy = self.buddy()
        width = self.width() if self.isVisible() and self.width() > 1 else 0
        width = width or (buddy.width() if buddy is not None else 0) or hint.width()
        return QSize(hint.width(), self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # wrapped at another width: another height


def _error_label(field: QWidget) -> QLabel:
    """The label under ``field`` that says what is wrong with it (made once, then reused)."""
    label = getattr(field, _ERROR_LABEL, None)
    if isinstance(label, QLabel):
        return label
    label = _FieldErrorLabel()
    label.setWordWrap(True)
    # Right under the field even when the layout gives the label more height than it needs.
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setProperty("fieldError", "true")
    label.setBuddy(field)
    layout = _containing_layout(field)
    if isinstance(layout, QFormLayout):
        position = cast("tuple[int, QFormLayout.ItemRole]", layout.getWidgetPosition(field))
        layout.insertRow(position[0] + 1, "", label)
    elif isinstance(layout, QBoxLayout):
        layout.insertWidget(layout.indexOf(field) + 1, label)
    elif field.parentWidget() is not None:
        label.setParent(field.parentWidget())
    setattr(field, _ERROR_LABEL, label)
    return label


def show_field_error(field: QWidget, message: str) -> QLabel:
    """Mark ``field`` as the cause of an error: a red border, the message under it, focus on it.

    The message is also the field's accessible description, so a screen reader
    says it when the field gets the focus.
    """
    field.setProperty("error", "true")
    repolish(field)
    label = _error_label(field)
    label.setText("⚠ " + message)
    label.setAccessibleName(message)
    label.setVisible(True)
    field.setAccessibleDescription(message)
    field.setFocus()
    _grow_dialog_for(field)
    return label


def _grow_dialog_for(field: QWidget) -> None:
    """A dialog grows to show the message whole; it never shrinks (nothing jumps).

    A dialog keeps the size it opened at: the first-login dialog's wrong-code message
    was cut, and its Masuk button with it, at 1366x768 (issue 47).
    """
    window = field.window()
    if not isinstance(window, QDialog):
        return
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    wanted = window.sizeHint().expandedTo(window.minimumSizeHint())
    if layout.hasHeightForWidth():  # wrapped words: as tall as they are at this width
        wanted.setHeight(max(wanted.height(), layout.totalHeightForWidth(window.width())))
    if wanted.height() > window.height() or wanted.width() > window.width():
        window.resize(wanted.expandedTo(window.size()))


def clear_field_error(field: QWidget) -> None:
    """The field is fine again: no red border, no message."""
    if field.property("error") == "true":
        field.setProperty("error", "")
        repolish(field)
    field.setAccessibleDescription("")
    label = getattr(field, _ERROR_LABEL, None)
    if isinstance(label, QLabel):
        if label.property(_KEEPS_ROOM):
            # Still there, empty, as tall as the longest message it held: nothing moves.
            label.setMinimumHeight(max(label.minimumHeight(), label.height()))
            label.clear()
            label.setAccessibleName("")
            return
        label.clear()
        label.setVisible(False)


def keep_field_error_room(field: QWidget, lines: int = 1) -> None:
    """The line under ``field`` keeps its room from now on, shown or not: nothing moves.

    In a dialog filled field by field the words under a field came and went: typing in
    the first-login dialog's code field after a wrong code hid its message at the first
    key, the password fields moved up a line, and the next click, aimed at a password
    field, landed in the code field, where the password was then typed in clear (issue
    59 §7).  The room is ``lines`` lines from the start, and as tall as the longest message
    since.
    """
    label = _error_label(field)
    label.setProperty(_KEEPS_ROOM, True)  # noqa: FBT003 - Qt's API
    bold = QFont(label.font())
    bold.setBold(True)
    label.setMinimumHeight(lines * QFontMetrics(bold).lineSpacing())
    label.setVisible(True)


def field_error(field: QWidget) -> str:
    """The message shown under ``field`` now, or "" (for tests and the e2e checks)."""
    label = getattr(field, _ERROR_LABEL, None)
    if isinstance(label, QLabel) and not label.isHidden() and label.text():
        return label.accessibleName()
    return ""
