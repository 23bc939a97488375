"""Grafik in a real browser, with the keyboard alone, at 1366x768 (issue 49 §3).

An operator tabs to Grafik, sees the four pictures drawn, opens a picture's numbers with
the keyboard and reads the same counts the bars carry; the page fits a laptop and a
phone.  Screenshots go to ``test-artifacts/console/``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from tests.sync.server.axesupport import assert_accessible
from tests.sync.server.browsersupport import (
    LAPTOP,
    OVERFLOW,
    PHONE,
    log_in,
    new_page,
    press_enter,
    shot,
    tab_to,
)
from tests.sync.server.consolesupport import console_server, database
from tests.sync.server.dcsupport import dc_cli
from tests.sync.server.test_console_graphs import _office_of_records

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser

    from tests.sync.server.dcsupport import DataCenterProcess


#: The officers the office named (issue 59 §9): Grafik says their names; citra has none.
NAMED = {"ani": "Ani Susanti", "budi": "Budi Hartono"}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[DataCenterProcess]:
    with console_server(tmp_path, rina="operator") as dc:
        for username, name in NAMED.items():
            done = dc_cli(dc, "officers", "add", username, "--role", "petugas", "--name", name)
            assert done.returncode == 0, done.stderr
        today = dt.datetime.now(dt.UTC).astimezone().date()
        with database(dc) as engine, engine.begin() as conn:
            _office_of_records(conn, today)
        yield dc


def test_an_operator_looks_at_the_pictures_and_opens_their_numbers(
    server: DataCenterProcess, browser: Browser
) -> None:
    page = new_page(browser, LAPTOP)
    log_in(page, server.url, "rina")
    tab_to(page, "Grafik", most=40)
    press_enter(page)
    assert page.locator("h1").inner_text() == "Grafik"
    charts = page.get_by_role("img")
    assert charts.count() == 4, "four pictures, each an image with its title"
    officers = page.get_by_role("region", name="Rekaman per petugas")
    bars = officers.locator("rect.bar")
    values = [int(v or 0) for v in bars.evaluate_all("rs => rs.map(r => r.dataset.value)")]
    assert values == [2, 2, 2, 1]
    # By the names the office gave them, not their login names (issue 59 §9); an officer
    # the office never named (citra) keeps the login name.
    labels = officers.locator("svg text.label").all_text_contents()
    assert {"Ani Susanti", "Budi Hartono", "citra"} <= set(labels), labels
    assert not {"ani", "budi"} & set(labels), labels
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "grafik")

    tab_to(page, "Angkanya", most=60)  # the first picture's numbers
    page.keyboard.press("Enter")  # opens the details in place: no page to wait for
    day_table = page.locator("#angka-hari")
    day_table.wait_for(state="visible")
    shown = day_table.locator("tbody td").all_inner_texts()
    drawn = page.locator("#grafik-hari-judul + svg rect.bar").evaluate_all(
        "rs => rs.map(r => r.dataset.value)"
    )
    assert shown == drawn, "the table says what the bars are"
    officers.get_by_text("Angkanya").click()  # the officers' numbers: the name, the login
    rows = page.locator("#angka-petugas tbody th").all_inner_texts()
    assert {"Ani Susanti (ani)", "citra"} <= set(rows), rows
    shot(page, "grafik-petugas-angka")
    assert_accessible(page, "grafik")
    page.set_viewport_size(PHONE)
    assert page.evaluate(OVERFLOW) <= 0, "a phone: the pictures shrink, nothing sideways"
    shot(page, "grafik-ponsel")
