"""Status pills in a table's cells and the words an empty list says (issue 36)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from ui.design.empty import empty_state
from ui.design.pill import PILL_ROLE, PillKind, Word, mark_pill_cell, pill_column, pill_texts
from ui.design.theme import current_theme


def _table(qtbot: QtBot, rows: int = 0) -> QTableWidget:
    table = QTableWidget(rows, 2)
    qtbot.addWidget(table)
    table.resize(400, 200)
    return table


def test_a_pill_cell_is_painted_in_its_kinds_colours(qtbot: QtBot) -> None:
    table = _table(qtbot, rows=1)
    pill_column(table, 1)
    text, kind = pill_texts(Word.RETURNED)
    item = QTableWidgetItem(text)
    mark_pill_cell(item, kind)
    table.setItem(0, 1, item)
    table.setItem(0, 0, QTableWidgetItem("Sasaran 1"))
    table.show()
    qtbot.waitExposed(table)
    assert item.data(PILL_ROLE) == PillKind.WARNING.value
    assert item.text().startswith("↩ ")  # the symbol says it without the colour
    rect = table.visualItemRect(item)
    shot: QImage = table.viewport().grab(rect).toImage()
    colours = {QColor(shot.pixel(x, shot.height() // 2)).name() for x in range(shot.width())}
    assert current_theme().colours.warning_bg in colours, colours
    # A cell without a kind is painted as Qt paints it: no pill fill.
    plain = table.viewport().grab(table.visualItemRect(table.item(0, 0))).toImage()
    plain_colours = {
        QColor(plain.pixel(x, plain.height() // 2)).name() for x in range(plain.width())
    }
    assert current_theme().colours.warning_bg not in plain_colours


def test_an_empty_list_says_what_to_do_until_it_has_a_row(qtbot: QtBot) -> None:
    table = _table(qtbot)
    words = empty_state(table, "Belum ada kunjungan.", "Klik Tambah kunjungan.")
    table.show()
    qtbot.waitExposed(table)
    assert words.isVisible()
    assert words.text() == "Belum ada kunjungan.\nKlik Tambah kunjungan."
    table.setRowCount(1)
    assert not words.isVisible()
    table.setRowCount(0)
    assert words.isVisible()
    words.set_words("Tidak ada yang cocok.")
    assert words.accessibleName() == "Tidak ada yang cocok."


def test_a_screen_reader_hears_the_empty_words_and_a_dying_table_is_quiet(qtbot: QtBot) -> None:
    """Qt's accessible table lists its cells only: the words are its description."""
    table = QTableWidget(0, 2)
    qtbot.addWidget(table)
    words = empty_state(table, "Kosong.", "Isi di sini.")
    assert table.accessibleDescription() == words.text() == "Kosong.\nIsi di sini."
    table.setRowCount(1)
    assert table.accessibleDescription() == ""
    table.setRowCount(0)
    assert table.accessibleDescription() == "Kosong.\nIsi di sini."
    table.setRowCount(2)
    with qtbot.waitSignal(table.destroyed):
        table.deleteLater()  # its model empties as it goes: nothing may be called on it
