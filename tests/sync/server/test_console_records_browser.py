"""Rekaman in a real browser (Debian's Chromium, Playwright) at 1366x768, keyboard only.

An operator opens Rekaman from the nav, narrows the list to a desa with the filter's
select, opens a record, reads its history, asks for a recapture without a reason (told
at the field), then with one, and sees it asked.  Every input has a label, no page
scrolls sideways, and screenshots go to ``test-artifacts/console/rekaman-*.png``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.sync.server.browsersupport import (
    FOCUSED_ID,
    FOCUSED_TEXT,
    LAPTOP,
    OVERFLOW,
    PHONE,
    UNLABELLED,
    log_in,
    new_page,
    press_enter,
    shot,
    tab_to,
)
from tests.sync.server.consolesupport import console_server
from tests.sync.server.recordsupport import (
    KALIREJO,
    PLAN_DATE,
    SUMBERJO,
    office_with_plan,
    sealed,
    visit_of,
)
from tests.sync.server.test_office_steering import _enrolled

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser, Page

    from tests.sync.server.dcsupport import DataCenterProcess

REASON = "Foto wajah buram; mohon rekam ulang"


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[DataCenterProcess, list[str]]]:
    """An operator's account, the office's plan, and three records of "laptop-tim-1"."""
    with console_server(tmp_path, rina="operator") as dc:
        plan = office_with_plan(dc, tmp_path)
        with dc.client() as client:
            laptop, _key = _enrolled(dc, client)
            made = [
                sealed(laptop, visit_of(plan.planned, PLAN_DATE, SUMBERJO)),
                sealed(laptop, visit_of(plan.unplanned, "2026-11-21", KALIREJO)),
                sealed(laptop, None),
            ]
            laptop.sync(*made)
        yield dc, [r.record_id for r in made]


def test_an_operator_filters_opens_a_record_and_asks_for_a_recapture_by_keyboard(
    office: tuple[DataCenterProcess, list[str]], browser: Browser
) -> None:
    dc, made = office
    page = new_page(browser, LAPTOP)
    log_in(page, dc.url, "rina")

    tab_to(page, "Rekaman", most=30)
    press_enter(page)
    assert page.locator("h1").inner_text() == "Rekaman"
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(OVERFLOW) <= 0
    assert page.get_by_role("row").count() == 1 + len(made)

    # The desa's select, with the keyboard: focus it, pick Sumberjo, then "Tampilkan".
    tab_to(page, "desa", most=30, reads=FOCUSED_ID)
    page.keyboard.press("ArrowDown")  # "semua" -> the first desa, Sumberjo
    assert page.locator("#desa").input_value() == SUMBERJO
    tab_to(page, "Tampilkan", most=30)
    press_enter(page)
    assert f"desa={SUMBERJO}" in page.url
    rows = page.get_by_role("row")
    assert rows.count() == 2
    cells = rows.nth(1).locator("td").all_inner_texts()
    assert cells[:6] == [
        cells[0],
        "laptop-tim-1",
        "20-11-2026 · Sumberjo",
        f"Sumberjo ({SUMBERJO})",
        "diterima",
        "tidak ada",
    ]
    assert cells[6].startswith("10-12-2026\n")  # the promise: 14 working days on
    assert page.get_by_role("status").inner_text() == "1 rekaman; halaman 1 dari 1"
    shot(page, "rekaman-list")

    tab_to(page, made[0][:8], most=30)
    press_enter(page)
    assert page.locator("h1").inner_text() == f"Rekaman {made[0][:8]}"
    history = page.get_by_role("table", name="Status rekaman, dari yang terlama")
    states = [row.locator("td").nth(2).inner_text() for row in history.locator("tbody tr").all()]
    assert states == ["diterima server", "diterima"]
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "rekaman-record")

    # No reason: the browser keeps the form (the field is required) and puts the focus in it.
    tab_to(page, "Minta rekam ulang", most=30)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'reason'")
    assert page.locator("#reason:invalid").count() == 1
    assert page.get_by_role("status").count() == 0
    page.keyboard.type(REASON)
    tab_to(page, "Minta rekam ulang", most=30)
    press_enter(page)
    assert page.get_by_role("status").inner_text().startswith("Rekam ulang sudah diminta.")
    last = page.locator("table.history tbody tr").last.locator("td").all_inner_texts()
    assert last[2:] == ["perlu rekam ulang", "kantor meminta perekaman ulang", REASON]
    assert page.locator("#reason").count() == 0
    assert "Rekam ulang rekaman ini sudah diminta; laptop menerimanya" in page.inner_text("main")
    assert "Tidak ada yang diubah" not in page.inner_text("main")
    shot(page, "rekaman-recapture")

    tab_to(page, "Kembali ke daftar rekaman", most=30)
    press_enter(page)
    assert page.locator("h1").inner_text() == "Rekaman"
    assert page.evaluate(FOCUSED_TEXT) != ""


def test_rekaman_fits_a_phone(
    office: tuple[DataCenterProcess, list[str]], browser: Browser
) -> None:
    dc, made = office
    page = new_page(browser, PHONE)
    log_in(page, dc.url, "rina")
    page.goto(dc.url + "/rekaman")
    assert page.evaluate(OVERFLOW) <= 0
    page.goto(dc.url + f"/rekaman/{_device_of(page)}/{made[0]}")
    assert page.locator("h1").inner_text() == f"Rekaman {made[0][:8]}"
    assert page.evaluate(OVERFLOW) <= 0


def _device_of(page: Page) -> str:
    page.goto(page.url.split("/rekaman")[0] + "/rekaman")
    href = page.locator("table.records tbody a").first.get_attribute("href")
    assert href is not None
    return href.split("/")[2]
