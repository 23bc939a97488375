"""The recording header and the start on another day's visit (issue 36, finding 3).

The header shows the person's whole name (wrapping, never "Demo Sa…") and a chip
with the visit's day, amber when it is not today.  Starting a person on a visit
planned for another day asks first; nothing starts unless the officer goes on.
"""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fieldkit.audit import AuditEvent
from fieldkit.enrollment import screen
from fieldkit.enrollment.machine import Step
from fieldkit.planning import schedule
from tests.fieldkit.enrollment.enrollment_support import person
from ui import demo
from ui.enrollment.header import NEUTRAL, WARNING, day_in_words
from ui.enrollment.page import EnrollmentPage
from ui.main_window import MainWindow, Page
from ui.window_fit import TARGET_SIZE

LONG_NAME = "Raden Ajeng Siti Nurhaliza Kusumawardhani Purnamasari"
#: Longer than the row at 1366 px: it must wrap onto a second line, still whole.
LONGER_NAME = f"{LONG_NAME} binti {LONG_NAME}"


def _next_week(demo_data: demo.Demo) -> str:
    (later,) = [v for v in schedule.list_visits(demo_data.workspace) if v.id != demo_data.visit_id]
    return later.id


def _fill_walk_in(page: EnrollmentPage, name: str) -> None:
    data = person(1)
    assert data.birth_date is not None
    start = page.start_screen
    start.tabs.setCurrentIndex(1)
    start.nik.setText(data.nik)
    start.kk.setText(data.kk or "")
    start.name.setText(name)
    start.birth_place.setText(data.birth_place or "")
    born = data.birth_date
    start.birth_date.setDate(QDate(born.year, born.month, born.day))
    start.sex.setCurrentIndex(start.sex.findData(data.sex))
    start.address.setText(data.address or "")
    start.rt.setText("1")
    start.rw.setText("2")
    start.categories[next(iter(data.categories))].setChecked(True)


def _window(qtbot: QtBot, demo_data: demo.Demo) -> tuple[MainWindow, EnrollmentPage]:
    window = MainWindow(demo_data.workspace, demo=True)
    qtbot.addWidget(window)
    page = EnrollmentPage(demo_data.workspace)
    window.replace_page(Page.ENROLLMENT, page)
    window.resize(TARGET_SIZE)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(Page.ENROLLMENT)
    return window, page


def test_the_page_opens_on_todays_visit_not_the_newest(qtbot: QtBot, demo_data: demo.Demo) -> None:
    _, page = _window(qtbot, demo_data)
    assert page.visit.count() == 2
    assert page.visit.visit_id() == demo_data.visit_id


def test_a_long_name_is_shown_whole_and_todays_chip_is_neutral(
    qtbot: QtBot, demo_data: demo.Demo
) -> None:
    window, page = _window(qtbot, demo_data)
    _fill_walk_in(page, LONGER_NAME)
    page.start_screen.add_and_start()
    assert page.start_screen.visit_day_question is None, "today's visit needs no question"
    assert page.view is not None
    assert page.view.progress.current is Step.CONSENT
    label = page.header.name_label
    qtbot.waitUntil(lambda: label.isVisible() and label.width() > 0)
    QApplication.processEvents()
    assert label.text() == LONGER_NAME
    assert label.wordWrap()
    # Every wrapped line has its room: the label is as tall as its text needs at its width.
    assert label.height() >= label.heightForWidth(label.width())
    assert label.height() > label.fontMetrics().height() * 1.5, "the long name did not wrap"
    # ... and the whole label is inside the window, not under the step marks.
    top_left = label.mapTo(window, label.rect().topLeft())
    assert window.rect().contains(top_left)
    assert window.rect().contains(label.mapTo(window, label.rect().bottomRight()))
    assert window.width() <= TARGET_SIZE.width(), "the name widened the window"
    chip = page.header.chip
    assert chip.tone() == NEUTRAL
    assert "not today" not in chip.text()
    assert chip.accessibleDescription() == "The visit is planned for today."


def test_another_days_visit_asks_first_then_records_with_an_amber_chip(
    qtbot: QtBot, demo_data: demo.Demo
) -> None:
    _, page = _window(qtbot, demo_data)
    later = _next_week(demo_data)
    page.visit.select(later)
    _fill_walk_in(page, LONG_NAME)
    page.start_screen.add_and_start()
    question = page.start_screen.visit_day_question
    assert question is not None
    assert question.isVisible()
    assert page.view is None, "the draft started before the officer answered"
    day = screen.visit_day(demo_data.workspace, later)
    planned = day_in_words(day.visit_date)
    assert question.text() == f"This visit is planned for {planned}, not today."
    assert question.pick_today is not None
    assert question.defaultButton() is question.pick_today  # Enter takes the safe answer

    question.go_on.click()
    assert page.view is not None
    assert page.view.visit_id == later
    chip = page.header.chip
    assert chip.tone() == WARNING
    assert planned in chip.text()
    assert "not today" in chip.text()
    assert "not for today" in chip.accessibleDescription()
    assert page.header.name_label.text() == LONG_NAME
    # The audit says the start was on another day; the draft keeps the real moment.
    with demo_data.workspace.transaction() as session:
        started = session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "enrollment.started")
        ).one()
        details = json.loads(started.details)
    assert details["off_day"] is True
    assert details["visit_date"] == day.visit_date.isoformat()


def test_pick_todays_visit_starts_nothing_and_keeps_the_form(
    qtbot: QtBot, demo_data: demo.Demo
) -> None:
    _, page = _window(qtbot, demo_data)
    page.visit.select(_next_week(demo_data))
    _fill_walk_in(page, LONG_NAME)
    page.start_screen.add_and_start()
    question = page.start_screen.visit_day_question
    assert question is not None
    assert question.pick_today is not None
    question.pick_today.click()
    assert page.view is None
    assert page.visit.visit_id() == demo_data.visit_id
    assert page.start_screen.name.text() == LONG_NAME, "the walk-in's form was emptied"
    assert "Today's visit is chosen" in page.status.text()


def test_escape_on_the_question_starts_nothing(qtbot: QtBot, demo_data: demo.Demo) -> None:
    _, page = _window(qtbot, demo_data)
    page.visit.select(_next_week(demo_data))
    _fill_walk_in(page, LONG_NAME)
    page.start_screen.add_and_start()
    question = page.start_screen.visit_day_question
    assert question is not None
    with qtbot.waitSignal(question.finished):
        qtbot.keyClick(question, Qt.Key.Key_Escape)
    assert page.view is None
    assert page.visit.visit_id() != demo_data.visit_id  # Esc is "back", not "today's"


def test_the_chip_and_question_read_in_indonesian(
    qtbot: QtBot, demo_data: demo.Demo, indonesian: None
) -> None:
    _, page = _window(qtbot, demo_data)
    page.visit.select(_next_week(demo_data))
    _fill_walk_in(page, LONG_NAME)
    page.start_screen.add_and_start()
    question = page.start_screen.visit_day_question
    assert question is not None
    day = screen.visit_day(demo_data.workspace, _next_week(demo_data))
    weekday = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")[
        day.visit_date.weekday()
    ]
    assert question.text().startswith("Kunjungan ini dijadwalkan " + weekday)
    assert question.text().endswith("bukan hari ini.")
    question.go_on.click()
    assert "bukan hari ini" in page.header.chip.text()


def test_visit_day_knows_today_from_another_day(demo_data: demo.Demo) -> None:
    ws = demo_data.workspace
    today = screen.local_today()
    here = screen.visit_day(ws, demo_data.visit_id, today)
    assert here.is_today
    assert here.todays_visit_id == demo_data.visit_id
    later = screen.visit_day(ws, _next_week(demo_data), today)
    assert not later.is_today
    assert later.days_from_today == demo.NEXT_VISIT_IN_DAYS
    assert later.todays_visit_id == demo_data.visit_id
    # Seen from the day after: today's visit is past, and no visit is planned that day.
    tomorrow = screen.visit_day(ws, demo_data.visit_id, today + dt.timedelta(days=1))
    assert tomorrow.days_from_today == -1
    assert tomorrow.todays_visit_id is None
