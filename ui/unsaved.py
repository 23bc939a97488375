"""Typed but not saved: what quitting, or another officer taking the laptop, would throw away.

Issue 23 asks that nothing a person typed is dropped without a message saying so.
A screen's forms live until the app quits or another officer logs in (every
screen is then built again for the new role), so those are the two moments to
look.  The test is Qt's own: ``QLineEdit.isModified()`` is set by the person's
typing only, and reset by ``setText``/``clear``; a form that saved what was
typed either clears it or calls :func:`mark_saved`, so a value filled in by the
program (a default hour, a code taken from the request) is never "unsaved".
A field that holds no work (a search box) says so with :func:`not_work`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit

if TYPE_CHECKING:
    from collections.abc import Iterable

    from PySide6.QtWidgets import QWidget

# The property that keeps a field out of the count.
_NOT_WORK = "fieldkit_not_work"


def not_work(field: QLineEdit) -> QLineEdit:
    """A field whose text is no work to lose (a search or filter box)."""
    field.setProperty(_NOT_WORK, True)  # noqa: FBT003 - Qt's property value
    return field


def mark_saved(form: QWidget) -> None:
    """What the form's fields hold now is saved: it stays on screen, it is not lost work."""
    fields = form.findChildren(QLineEdit)
    if isinstance(form, QLineEdit):
        fields.append(form)
    for field in fields:
        field.setModified(False)


def typed_fields(screen: QWidget) -> list[QLineEdit]:
    """The fields of a screen holding text the person typed and nobody saved."""
    return [
        field
        for field in screen.findChildren(QLineEdit)
        if field.isModified()
        and field.text().strip()
        and not field.isReadOnly()
        and field.echoMode() is QLineEdit.EchoMode.Normal
        and not field.property(_NOT_WORK)
        and not _part_of_another_control(field)
    ]


def _part_of_another_control(field: QLineEdit) -> bool:
    """A spin, date or combo box's own line edit holds a choice, not typing to keep."""
    parent = field.parentWidget()
    return parent is not None and (
        parent.inherits("QAbstractSpinBox") or parent.inherits("QComboBox")
    )


def screens_with_typing(screens: Iterable[tuple[str, QWidget]]) -> list[str]:
    """The names of the screens (as the sidebar says them) that hold unsaved typing."""
    return [name for name, screen in screens if typed_fields(screen)]
