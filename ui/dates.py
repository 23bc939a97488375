"""Dates as every screen shows them: one format, and nothing heavy to import.

The login dialog uses these before the store's code is loaded, so this module
imports Qt only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent, QValidator
from PySide6.QtWidgets import QDateEdit

if TYPE_CHECKING:
    import datetime as dt

#: The one date format on screen (issue 23, finding 18): 24-11-2026, as officers write
#: dates on paper forms; official documents print theirs in words ("24 November 2026").
DATE_FORMAT = "%d-%m-%Y"
QT_DATE_FORMAT = "dd-MM-yyyy"


def date_text(day: dt.date) -> str:
    """A day as every screen shows it."""
    return day.strftime(DATE_FORMAT)


def moment_text(moment: dt.datetime) -> str:
    """A moment (a backup, a signature) in the laptop's time, as every screen shows it."""
    return moment.astimezone().strftime(f"{DATE_FORMAT} %H:%M")


#: A whole typed date: 01-01-2020, 1/1/2020, 01.01.2020 or 01012020 (day first, as on paper).
_WHOLE = re.compile(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})|(\d{2})(\d{2})(\d{4})")
#: What a date is on its way to being while typed: digits and at most two separators.
_PARTIAL = re.compile(r"\d{0,2}([-/. ]\d{0,2}([-/. ]\d{0,4})?)?|\d{0,8}")
_SEPARATORS = frozenset("-/. ")


def date_words(day: dt.date) -> str:
    """A day in words in the UI's language ("1 Januari 2020"), for sentences and errors.

    An error's ISO date (2020-01-01) is a computer's way to write a day, not an officer's.
    """
    return QLocale().toString(QDate(day.year, day.month, day.day), "d MMMM yyyy")


def typed_date(text: str) -> QDate | None:
    """The day a person typed, day first; None when ``text`` is not (yet) a whole real day."""
    match = _WHOLE.fullmatch(text.strip())
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups() if g is not None)
    parsed = QDate(year, month, day)
    return parsed if parsed.isValid() else None


class DateEdit(QDateEdit):
    """A date field that takes a date typed whole, as a person writes it on paper.

    Qt's own editor types into one section at a time, and a separator jumps to the next:
    "01-01-2020" typed over a selected date became 26-01-2026 (issue 36).  Here digits and
    separators edit the text as in a plain field; a whole day (dd-mm-yyyy, dd/mm/yyyy,
    ddmmyyyy) is taken as typed, and the arrows and the calendar work as before.
    """

    #: Focus just came and nothing was pressed since: the first digit starts a new date.
    _fresh = False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        text = event.text()
        plain = not event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        fresh, self._fresh = self._fresh, False
        if text and plain and (text.isdigit() or text in _SEPARATORS):
            field = self.lineEdit()
            whole = typed_date(field.text()) is not None
            if self._says_empty(field.text()) or (whole and (fresh or field.hasSelectedText())):
                # The hint, a date just focused (its select-all may not have run yet), or
                # the one section Qt selected: the typed date replaces it all.
                field.selectAll()
            field.insert(text)  # through validate(), past the sections' logic
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        self._fresh = True
        # After the click that gave the focus has placed the cursor: typing replaces the date.
        QTimer.singleShot(0, self, self._select_all_if_fresh)

    def _select_all_if_fresh(self) -> None:
        """Select the whole date, unless typing has begun (it would swallow what was typed)."""
        if self._fresh:
            self.lineEdit().selectAll()

    def is_empty(self) -> bool:
        """No date given yet (a field made by :func:`empty_date_edit` and not filled in)."""
        return bool(self.specialValueText()) and self.date() == self.minimumDate()

    def _says_empty(self, text: str) -> bool:
        hint = self.specialValueText()
        return bool(hint) and text.strip() in {"", hint}

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if self._says_empty(text):
            return QValidator.State.Acceptable, text, pos
        if typed_date(text) is not None:
            return QValidator.State.Acceptable, text, pos
        if _PARTIAL.fullmatch(text.strip()):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos

    def dateTimeFromText(self, text: str) -> QDateTime:  # noqa: N802 - Qt's name
        if self._says_empty(text):
            return QDateTime(self.minimumDate(), QTime(0, 0))
        day = typed_date(text)
        if day is None:
            return self.dateTime()
        return QDateTime(day, QTime(0, 0))

    def fixup(self, text: str) -> str:
        return text  # a half-typed date is not guessed at: the field goes back to its date


def date_edit(day: QDate) -> DateEdit:
    """A date field with its calendar, showing the screens' one date format."""
    edit = DateEdit(day)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(QT_DATE_FORMAT)
    return edit


#: The day an empty date field holds under its hint: before any date such a field takes.
EMPTY_DAY = QDate(1900, 1, 1)


def empty_date_edit(hint: str) -> DateEdit:
    """A date field that starts empty, showing ``hint`` until a date is typed or picked.

    A made-up default (01-01-1950) was kept by whoever did not notice it (issue 36);
    ask :meth:`DateEdit.is_empty` before taking its date.
    """
    edit = date_edit(EMPTY_DAY)
    edit.setMinimumDate(EMPTY_DAY)
    edit.setSpecialValueText(hint)
    return edit


def clear_date(edit: DateEdit) -> None:
    """Empty again: the field shows its hint."""
    edit.setDate(edit.minimumDate())
