"""The Audit screen in a real browser, with the keyboard alone, at 1366x768.

An administrator tabs to Audit, reads a tampered laptop's findings in Indonesian, types
a reason, confirms on the page that says what acknowledging means, and sees the
findings gone.  Every input has a label; screenshots go to ``test-artifacts/console/``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.sync.server.auditsupport import tampered_laptop
from tests.sync.server.consolesupport import PASSWORD, add_account
from tests.sync.server.dcsupport import DataCenterProcess
from tests.sync.server.test_console_browser import (
    FOCUSED,
    LAPTOP,
    OVERFLOW,
    UNLABELLED,
    _page,
    _shot,
    browser,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser, Page

__all__ = ["browser"]

#: The focused element's accessible text: a textarea's label, else its own text.
FOCUSED_FIELD = """() => { const e = document.activeElement;
    return e && e.labels && e.labels.length ? e.labels[0].textContent.trim()
         : (e && e.textContent || '').trim(); }"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[DataCenterProcess, str]]:
    dc = DataCenterProcess(tmp_path / "dc", tmp_path / "dc.log")
    done = add_account(dc, "rina", "admin")
    assert done.returncode == 0, done.stderr
    dc.start()
    with dc.client() as client:
        device_id = tampered_laptop(dc, client, "laptop-desa-sukamaju")
    try:
        yield dc, device_id
    finally:
        dc.stop()


def _tab_to(page: Page, words: str, most: int = 40) -> None:
    """Press Tab until the focused element (or its label) says ``words``."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if words in (page.evaluate(FOCUSED), page.evaluate(FOCUSED_FIELD)):
            return
    pytest.fail(f"{words!r} is not reachable with Tab")


def _log_in(page: Page, url: str) -> None:
    page.goto(url + "/masuk")
    page.keyboard.type("rina")  # the name field has the focus
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Beranda"


def test_an_admin_acknowledges_a_laptop_s_findings_with_the_keyboard(
    server: tuple[DataCenterProcess, str], browser: Browser
) -> None:
    dc, device_id = server
    page = _page(browser, LAPTOP)
    _log_in(page, dc.url)

    _tab_to(page, "Audit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Audit"
    rows = page.locator("table.findings tbody tr")
    assert rows.count() == 3
    problems = page.locator("table.findings td.problem").all_inner_texts()
    assert problems == ["Catatan dimundurkan", "Catatan ditulis ulang", "Rantai rusak di laptop"]
    assert rows.nth(0).locator("th").inner_text().startswith("laptop-desa-sukamaju")
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(OVERFLOW) <= 0
    _shot(page, "audit-findings")

    _tab_to(page, "Alasan (wajib, paling banyak 500 karakter)")
    page.keyboard.type("Laptop dipulihkan dari cadangan oleh admin kecamatan.")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "Akui"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == (
        f"Akui temuan laptop laptop-desa-sukamaju · {device_id[:16]}?"
    )
    explained = page.inner_text("main")
    assert "Kantor menerima catatan audit laptop ini apa adanya sekarang" in explained
    assert "Periode catatan yang baru (nomor 1) dimulai" in explained
    assert "Laptop dipulihkan dari cadangan oleh admin kecamatan." in explained
    assert page.evaluate(OVERFLOW) <= 0
    _shot(page, "audit-acknowledge")

    _tab_to(page, "Ya, akui")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("status").inner_text() == (
        "Temuan laptop laptop-desa-sukamaju sudah diakui; periode catatan ke-1 dimulai."
    )
    assert "Tidak ada temuan" in page.inner_text("main")
    _shot(page, "audit-acknowledged")
