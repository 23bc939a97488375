"""Rekaman in a real browser (Debian's Chromium, Playwright) at 1366x768, keyboard only.

An operator opens Rekaman from the nav, narrows the list to a desa with the filter's
select, opens a record, reads its history, asks for a recapture without a reason (told
at the field), then with one, and sees it asked.  Every input has a label, no page
scrolls sideways, and screenshots go to ``test-artifacts/console/rekaman-*.png``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.sync.server.consolesupport import PASSWORD, add_account
from tests.sync.server.dcsupport import DataCenterProcess
from tests.sync.server.recordsupport import (
    KALIREJO,
    PLAN_DATE,
    SUMBERJO,
    office_with_plan,
    sealed,
    visit_of,
)
from tests.sync.server.test_console_browser import (
    FOCUSED,
    LAPTOP,
    OVERFLOW,
    PHONE,
    UNLABELLED,
    _page,
    _shot,
    _tab_to,
    browser,
)
from tests.sync.server.test_office_steering import _enrolled

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser, Page

__all__ = ["browser"]

REASON = "Foto wajah buram; mohon rekam ulang"


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[DataCenterProcess, list[str]]]:
    """An operator's account, the office's plan, and three records of "laptop-tim-1"."""
    dc = DataCenterProcess(tmp_path / "dc", tmp_path / "dc.log")
    done = add_account(dc, "rina", "operator")
    assert done.returncode == 0, done.stderr
    dc.start()
    try:
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
    finally:
        dc.stop()


def _log_in(page: Page, url: str) -> None:
    page.goto(url + "/masuk")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'name'")
    page.keyboard.type("rina")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Beranda", page.inner_text("main")


def test_an_operator_filters_opens_a_record_and_asks_for_a_recapture_by_keyboard(  # noqa: PLR0915
    office: tuple[DataCenterProcess, list[str]], browser: Browser
) -> None:
    dc, made = office
    page = _page(browser, LAPTOP)
    _log_in(page, dc.url)

    _tab_to(page, "Rekaman")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Rekaman"
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(OVERFLOW) <= 0
    assert page.get_by_role("row").count() == 1 + len(made)

    # The desa's select, with the keyboard: focus it, pick Sumberjo, then "Tampilkan".
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "desa":
            break
    else:
        pytest.fail("the desa filter is not reachable with Tab")
    page.keyboard.press("ArrowDown")  # "semua" -> the first desa, Sumberjo
    assert page.locator("#desa").input_value() == SUMBERJO
    _tab_to(page, "Tampilkan")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"desa={SUMBERJO}" in page.url
    rows = page.get_by_role("row")
    assert rows.count() == 2
    cells = rows.nth(1).locator("td").all_inner_texts()
    assert cells == [
        cells[0],
        "laptop-tim-1",
        "2026-11-20 · Sumberjo",
        f"Sumberjo ({SUMBERJO})",
        "diterima",
        "tidak ada",
    ]
    assert page.get_by_role("status").inner_text() == "1 rekaman; halaman 1 dari 1"
    _shot(page, "rekaman-list")

    _tab_to(page, made[0][:8])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == f"Rekaman {made[0][:8]}"
    history = page.get_by_role("table", name="Status rekaman, dari yang terlama")
    states = [row.locator("td").nth(1).inner_text() for row in history.locator("tbody tr").all()]
    assert states == ["diterima server", "diterima"]
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(OVERFLOW) <= 0
    _shot(page, "rekaman-record")

    # No reason: the browser keeps the form (the field is required) and puts the focus in it.
    _tab_to(page, "Minta rekam ulang")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'reason'")
    assert page.locator("#reason:invalid").count() == 1
    assert page.get_by_role("status").count() == 0
    page.keyboard.type(REASON)
    _tab_to(page, "Minta rekam ulang")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("status").inner_text().startswith("Rekam ulang sudah diminta.")
    last = page.locator("table.history tbody tr").last.locator("td").all_inner_texts()
    assert last[1:] == ["perlu rekam ulang", "kantor meminta perekaman ulang", REASON]
    assert page.locator("#reason").count() == 0
    assert "Rekam ulang rekaman ini sudah diminta; laptop menerimanya" in page.inner_text("main")
    assert "Tidak ada yang diubah" not in page.inner_text("main")
    _shot(page, "rekaman-recapture")

    _tab_to(page, "Kembali ke daftar rekaman")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Rekaman"
    assert page.evaluate(FOCUSED) != ""


def test_rekaman_fits_a_phone(
    office: tuple[DataCenterProcess, list[str]], browser: Browser
) -> None:
    dc, made = office
    page = _page(browser, PHONE)
    _log_in(page, dc.url)
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
