"""Dates as every screen shows them: one format, and nothing heavy to import.

The login dialog uses these before the store's code is loaded, so this module
imports Qt only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDateEdit

if TYPE_CHECKING:
    import datetime as dt

    from PySide6.QtCore import QDate

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


def date_edit(day: QDate) -> QDateEdit:
    """A date field with its calendar, showing the screens' one date format."""
    edit = QDateEdit(day)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(QT_DATE_FORMAT)
    return edit
