"""The date field takes a date typed whole (issue 36: "01-01-2020" became another date), and
errors write their days in words, never as the core's ISO 2020-01-01."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from fieldkit.errors import InvalidInput
from ui.dates import clear_date, date_edit, date_words, empty_date_edit, typed_date
from ui.messages import explain

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDateEdit
    from pytestqt.qtbot import QtBot


_WINDOWS: list[QWidget] = []  # kept alive while a test runs; qtbot closes them


def _field_in_a_window(qtbot: QtBot) -> tuple[QDateEdit, QLineEdit]:
    window = QWidget()
    _WINDOWS[:] = [window]
    layout = QVBoxLayout(window)
    field = date_edit(QDate(2026, 11, 26))
    other = QLineEdit()
    layout.addWidget(field)
    layout.addWidget(other)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return field, other


@pytest.mark.parametrize("typed", ["01-01-2020", "01/01/2020", "01012020", "1-1-2020", "1.1.2020"])
def test_a_date_typed_after_a_click_is_exactly_that_date(qtbot: QtBot, typed: str) -> None:
    field, other = _field_in_a_window(qtbot)
    qtbot.mouseClick(field.lineEdit(), Qt.MouseButton.LeftButton)  # lands in the day's part
    qtbot.waitUntil(lambda: field.lineEdit().selectedText() == "26-11-2026")
    qtbot.keyClicks(field, typed)
    other.setFocus()
    assert field.date() == QDate(2020, 1, 1)
    assert field.text() == "01-01-2020"


def test_a_date_typed_after_qt_selected_one_part_replaces_the_whole(qtbot: QtBot) -> None:
    """Tab into the field selects the day only; typing a whole date still replaces all."""
    field, other = _field_in_a_window(qtbot)
    field.setFocus()
    field.lineEdit().setSelection(0, 2)
    qtbot.keyClicks(field, "15-12-1950")
    other.setFocus()
    assert field.date() == QDate(1950, 12, 15)


def test_a_day_that_does_not_exist_leaves_the_date_as_it_was(qtbot: QtBot) -> None:
    field, other = _field_in_a_window(qtbot)
    field.setFocus()
    field.lineEdit().selectAll()
    qtbot.keyClicks(field, "31-02-2020")
    other.setFocus()
    assert field.date() == QDate(2026, 11, 26)


def test_the_arrows_still_step_the_date(qtbot: QtBot) -> None:
    field, _other = _field_in_a_window(qtbot)
    field.setFocus()
    field.lineEdit().setCursorPosition(0)
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.date() == QDate(2026, 11, 27)


def test_typed_date_reads_day_first() -> None:
    assert typed_date("02-01-2020") == QDate(2020, 1, 2)
    assert typed_date("02012020") == QDate(2020, 1, 2)
    assert typed_date("2020-01-02") is None
    assert typed_date("02-01-20") is None


@pytest.mark.usefixtures("indonesian")
def test_an_error_writes_its_date_in_indonesian_words() -> None:
    assert date_words(dt.date(2020, 1, 1)) == "1 Januari 2020"
    said = explain(InvalidInput(code="visit_date_in_past", params={"date": "2020-01-01"}))
    assert "1 Januari 2020" in said, said
    assert "2020-01-01" not in said


def test_an_empty_date_field_shows_its_hint_until_a_date_is_typed(qtbot: QtBot) -> None:
    field = empty_date_edit("hh-bb-tttt")
    qtbot.addWidget(field)
    field.show()
    assert field.is_empty()
    assert field.text() == "hh-bb-tttt"
    field.setFocus()
    field.lineEdit().selectAll()
    qtbot.keyClicks(field, "15031948")
    assert field.date() == QDate(1948, 3, 15)
    assert not field.is_empty()
    clear_date(field)
    assert field.is_empty()


def test_typing_into_the_hint_replaces_it_wherever_the_cursor_is(qtbot: QtBot) -> None:
    """Before the focus's select-all has run, the first key lands in the hint's text."""
    field = empty_date_edit("hh-bb-tttt")
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    field.lineEdit().setCursorPosition(len("hh-bb-tttt"))
    qtbot.keyClicks(field, "15-03-1948")
    assert field.date() == QDate(1948, 3, 15)


def test_the_first_key_after_the_focus_replaces_the_date_wherever_the_cursor_is(
    qtbot: QtBot,
) -> None:
    field, other = _field_in_a_window(qtbot)
    # The focus comes by a click (sent as the window system does, whatever window is active).
    QApplication.sendEvent(field, QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.MouseFocusReason))
    field.lineEdit().deselect()
    field.lineEdit().setCursorPosition(3)  # where a click left it, before the select-all ran
    qtbot.keyClicks(field, "15-03-1948")
    other.setFocus()
    assert field.date() == QDate(1948, 3, 15)
