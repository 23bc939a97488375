"""The promise date in a real browser (issue 49 §1): Beranda's tiles, the overdue list and a
record's page, keyboard only, at 1366x768 (Debian's Chromium, Playwright).

An operator reads Beranda's "due this week" and "overdue" counts, goes by the keyboard
from the overdue tile to the records past their promise, where each says "Terlambat" in
words and in red, and opens one.  Screenshots go to ``test-artifacts/console/janji-*.png``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from fieldkit.promise import add_working_days, default_calendar, latest_start
from sync.server import catalogue
from sync.server.cards import promises
from tests.sync.server.browsersupport import (
    FOCUSED_TEXT,
    LAPTOP,
    OVERFLOW,
    UNLABELLED,
    log_in,
    new_page,
    press_enter,
    shot,
    tab_to,
)
from tests.sync.server.consolesupport import console_server
from tests.sync.server.dcsupport import java_office_today
from tests.sync.server.recordsupport import SUMBERJO, office_with_plan, sealed, visit_of
from tests.sync.server.test_office_steering import _enrolled

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser

    from tests.sync.server.dcsupport import DataCenterProcess

#: ``--warn`` of console.css (light theme): the red that repeats "Terlambat".
WARN = "rgb(164, 38, 44)"
LONG_AGO = "2026-10-05"  # a Monday: 14 working days later is 23 October, long past


def _words(code: str, **params: object) -> str:
    return catalogue.text("id", code, params, context=code.partition(".")[0])


def _visit_days(today: dt.date) -> list[str]:
    """Long past, due this week (when a working day is left in it), and recorded today."""
    calendar = default_calendar()
    week_end = today + dt.timedelta(days=6 - today.weekday())
    this_week = latest_start(week_end, 14, calendar)
    if add_working_days(this_week, 14, calendar) < today:  # a weekend: no working day left
        return [LONG_AGO, today.isoformat()]
    return [LONG_AGO, this_week.isoformat(), today.isoformat()]


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[DataCenterProcess, list[str], list[str]]]:
    """An operator's account and three records of one laptop, recorded on ``_visit_days``."""
    days = _visit_days(java_office_today())
    with console_server(tmp_path, rina="operator") as dc:
        plan = office_with_plan(dc, tmp_path)
        with dc.client() as client:
            laptop, _key = _enrolled(dc, client)
            made = [sealed(laptop, visit_of(plan.unplanned, day, SUMBERJO)) for day in days]
            laptop.sync(*made)
        yield dc, [r.record_id for r in made], days


def test_an_operator_goes_from_the_overdue_tile_to_a_late_record_by_keyboard(
    office: tuple[DataCenterProcess, list[str], list[str]], browser: Browser
) -> None:
    dc, made, days = office
    today = java_office_today()
    clock = promises.OfficeClock(days=14, calendar=default_calendar(), today=today)
    counted = [
        promises.record_clock(clock, state="ACCEPTED", visit_date=day, received_at=None)
        for day in days
    ]
    overdue = sum(1 for c in counted if c is not None and c.overdue)
    week = sum(
        1 for c in counted if c is not None and not c.overdue and c.promise_date <= clock.week_end
    )
    assert overdue == 1  # LONG_AGO alone; the others are due this week or later

    page = new_page(browser, LAPTOP)
    log_in(page, dc.url, "rina")
    overdue_label = _words("console.overdue")
    week_label = _words("console.due_this_week")
    tiles = {
        label: page.locator(".tiles .card", has_text=label).locator(".number").inner_text()
        for label in (overdue_label, week_label)
    }
    assert tiles == {overdue_label: str(overdue), week_label: str(week)}
    assert "Janji: KTP-el terbit paling lambat 14 hari kerja" in page.inner_text("main")
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "janji-beranda")

    tab_to(page, f"{overdue}{overdue_label}", most=40, reads=FOCUSED_TEXT)
    press_enter(page)
    assert page.url.endswith("/rekaman?tenggat=terlambat")
    assert page.locator("#tenggat").input_value() == "terlambat"
    rows = page.locator("table.records tbody tr")
    assert rows.count() == 1
    cell = rows.first.locator("td.promise")
    assert cell.locator(".when").inner_text() == "23-10-2026"
    standing = cell.locator(".standing").inner_text()
    assert counted[0] is not None
    assert standing == f"Terlambat {counted[0].late_by} hari kerja dari janji"
    # Not colour alone: the word says it, the red and the weight repeat it.
    assert cell.evaluate("e => getComputedStyle(e).color") == WARN
    assert cell.evaluate("e => getComputedStyle(e).fontWeight") == "600"
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "janji-terlambat")

    tab_to(page, made[0][:8], most=40, reads=FOCUSED_TEXT)
    press_enter(page)
    assert page.locator("h1").inner_text() == f"Rekaman {made[0][:8]}"
    facts = page.locator("dl.record-facts")
    assert "05-10-2026" in facts.inner_text()
    assert "23-10-2026 (14 hari kerja)" in facts.inner_text()
    late = facts.locator("dd.promise.overdue")
    assert late.inner_text() == standing
    assert late.evaluate("e => getComputedStyle(e).color") == WARN
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "janji-rekaman")
