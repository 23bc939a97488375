"""The office's console in a real browser: Debian's Chromium, driven by Playwright.

The operator's path at 1366x768, with the keyboard alone: the login page, a wrong
password said in Indonesian, Beranda, the Laptop page with a laptop that needs a look,
and logging out. Every input has a label, and the
pages fit a phone's width without scrolling sideways. Screenshots of each page go to
``test-artifacts/console/`` (read in review; the main ones are in README).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.sync.server.browsersupport import (
    LAPTOP,
    OVERFLOW,
    PHONE,
    UNLABELLED,
    new_page,
    press_enter,
    shot,
    tab_to,
)
from tests.sync.server.consolesupport import PASSWORD, console_server
from tests.sync.server.test_office_steering import _enrolled

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser

    from tests.sync.server.dcsupport import DataCenterProcess


@pytest.fixture
def server(tmp_path: Path) -> Iterator[DataCenterProcess]:
    with console_server(tmp_path, rina="admin") as dc:
        with dc.client() as client:
            _enrolled(
                dc, client
            )  # a laptop that reported its health: a failed scanner, old records
        yield dc


def test_the_operator_logs_in_and_out_with_the_keyboard(
    server: DataCenterProcess, browser: Browser
) -> None:
    page = new_page(browser, LAPTOP)
    page.goto(server.url + "/")
    assert page.url.endswith("/masuk")
    assert page.locator("h1").inner_text() == "Masuk ke konsol"
    assert page.evaluate(UNLABELLED) == []
    shot(page, "masuk")

    # The name field has the focus already: type, Tab, type, Enter.
    page.keyboard.type("rina")
    page.keyboard.press("Tab")
    page.keyboard.type("bukan-kata-sandinya")
    press_enter(page)
    assert page.get_by_role("alert").inner_text() == "Nama akun atau kata sandi salah."
    shot(page, "masuk-salah")

    page.keyboard.type(PASSWORD)  # the password field has the focus, the name kept
    press_enter(page)
    assert page.url == server.url + "/"
    assert page.locator("h1").inner_text() == "Beranda"
    assert "Rekaman masuk hari ini" in page.inner_text("main")
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "beranda")

    tab_to(page, "Laptop", most=30)
    press_enter(page)
    assert page.locator("h1").inner_text() == "Laptop"
    assert page.evaluate(OVERFLOW) <= 0
    row = page.get_by_role("row", name="laptop-tim-1")
    cells = row.locator("td").all_inner_texts()
    assert cells[:2] == ["0.9.0", "0"]  # its FieldKit, and the package it applied
    assert cells[3].startswith("4, tertua dari 01-01-2026")
    assert cells[4] == "51,2 GB"  # the Indonesian decimal comma (issue 47, finding 11)
    flags = row.locator("td ul.flags li").all_inner_texts()
    assert flags == [
        "menyimpan rekaman lebih tua dari 7 hari",
        "uji mandiri perangkat gagal: pemindai sidik jari",
    ]
    shot(page, "laptop")

    tab_to(page, "Keluar", most=30)
    press_enter(page)
    assert page.get_by_role("status").inner_text() == "Anda sudah keluar."
    page.goto(server.url + "/")
    assert page.url.endswith("/masuk")  # the session is gone


def test_the_pages_fit_a_phone(server: DataCenterProcess, browser: Browser) -> None:
    page = new_page(browser, PHONE)
    page.goto(server.url + "/masuk")
    assert page.evaluate(OVERFLOW) <= 0
    page.fill("#name", "rina")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Beranda"
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "beranda-ponsel")
    # Every screen, as the office's head opens it on a phone.
    for path in (
        "/laptop",
        "/rekaman",
        "/petugas",
        "/petugas/aturan",
        "/petugas/versi",
        "/audit",
        "/operasi",
        "/akun",
    ):
        page.goto(server.url + path)
        assert page.evaluate(OVERFLOW) <= 0, path
    shot(page, "akun-ponsel-semua")
