"""The office's console in a real browser: Debian's Chromium, driven by Playwright.

The operator's path at 1366x768, with the keyboard alone: the login page, a wrong
password said in Indonesian, Beranda, the Laptop page with a laptop that needs a look,
and logging out. Every input has a label, and the
pages fit a phone's width without scrolling sideways. Screenshots of each page go to
``test-artifacts/console/`` (read in review; the main ones are in README).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.sync.server.consolesupport import PASSWORD, add_account
from tests.sync.server.dcsupport import DataCenterProcess
from tests.sync.server.test_office_steering import _enrolled

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser

CHROMIUM = Path("/usr/bin/chromium")  # Debian's (scripts/bootstrap.sh dev), never a download
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "console"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 375, "height": 740}

#: Every form control a person fills in, and whether it has a label that names it.
UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
    .filter(e => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label'))
    .map(e => e.name)"""
#: How far a page is wider than its window (a phone must not scroll sideways).
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
FOCUSED = "() => (document.activeElement && document.activeElement.textContent || '').trim()"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[DataCenterProcess]:
    dc = DataCenterProcess(tmp_path / "dc", tmp_path / "dc.log")
    done = add_account(dc, "rina", "admin")
    assert done.returncode == 0, done.stderr
    dc.start()
    with dc.client() as client:
        _enrolled(dc, client)  # a laptop that reported its health: a failed scanner, old records
    try:
        yield dc
    finally:
        dc.stop()


@pytest.fixture
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "Debian's chromium is missing: run scripts/bootstrap.sh dev as root"
    with sync_playwright() as pw:
        # Root (CI) needs --no-sandbox; nothing but our own pages is opened.
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield chromium
        finally:
            chromium.close()


def _page(browser: Browser, viewport: dict[str, int]) -> Page:
    return browser.new_page(viewport=viewport, ignore_https_errors=True, locale="id-ID")


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _tab_to(page: Page, words: str, most: int = 30) -> None:
    """Press Tab until the focused element says ``words`` (as a keyboard user does)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED) == words:
            return
    pytest.fail(f"{words!r} is not reachable with Tab")


def test_the_operator_logs_in_and_out_with_the_keyboard(
    server: DataCenterProcess, browser: Browser
) -> None:
    page = _page(browser, LAPTOP)
    page.goto(server.url + "/")
    assert page.url.endswith("/masuk")
    assert page.locator("h1").inner_text() == "Masuk ke konsol"
    assert page.evaluate(UNLABELLED) == []
    _shot(page, "masuk")

    # The name field has the focus already: type, Tab, type, Enter.
    page.keyboard.type("rina")
    page.keyboard.press("Tab")
    page.keyboard.type("bukan-kata-sandinya")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("alert").inner_text() == "Nama akun atau kata sandi salah."
    _shot(page, "masuk-salah")

    page.keyboard.type(PASSWORD)  # the password field has the focus, the name kept
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == server.url + "/"
    assert page.locator("h1").inner_text() == "Beranda"
    assert "Rekaman masuk hari ini" in page.inner_text("main")
    assert page.evaluate(OVERFLOW) <= 0
    _shot(page, "beranda")

    _tab_to(page, "Laptop")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Laptop"
    assert page.evaluate(OVERFLOW) <= 0
    row = page.get_by_role("row", name="laptop-tim-1")
    cells = row.locator("td").all_inner_texts()
    assert cells[:2] == ["0.9.0", "0"]  # its FieldKit, and the package it applied
    assert cells[3].startswith("4, tertua dari 2026-01-01")
    assert cells[4] == "51.2 GB"
    flags = row.locator("td ul.flags li").all_inner_texts()
    assert flags == [
        "menyimpan rekaman lebih tua dari 7 hari",
        "uji mandiri perangkat gagal: pemindai sidik jari",
    ]
    _shot(page, "laptop")

    _tab_to(page, "Keluar")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("status").inner_text() == "Anda sudah keluar."
    page.goto(server.url + "/")
    assert page.url.endswith("/masuk")  # the session is gone


def test_the_pages_fit_a_phone(server: DataCenterProcess, browser: Browser) -> None:
    page = _page(browser, PHONE)
    page.goto(server.url + "/masuk")
    assert page.evaluate(OVERFLOW) <= 0
    page.fill("#name", "rina")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Beranda"
    assert page.evaluate(OVERFLOW) <= 0
    _shot(page, "beranda-ponsel")
