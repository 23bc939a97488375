"""Petugas & aturan in a real browser (Debian's Chromium, Playwright), with the keyboard alone.

At 1366x768 an administrator adds an officer, reads the one-time code, sets a rule and sees
the office package's version rise; every input has a label, and the pages fit a phone's
width.  Screenshots go to ``test-artifacts/console/petugas-*.png``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, ViewportSize, sync_playwright

from tests.sync.server.consolesupport import PASSWORD, add_account
from tests.sync.server.dcsupport import DataCenterProcess, dc_cli
from tests.sync.server.test_console_browser import (
    ARTIFACTS,
    CHROMIUM,
    FOCUSED,
    LAPTOP,
    OVERFLOW,
    PHONE,
    UNLABELLED,
)
from tests.sync.server.test_office_steering import _enrolled

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser

#: The focused element's label (a field) or its own words (a link, a button).
FOCUSED_NAME = """() => {
    const e = document.activeElement;
    if (!e) return '';
    if (e.labels && e.labels.length) return e.labels[0].textContent.trim();
    return (e.getAttribute('aria-label') || e.textContent || '').trim();
}"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[DataCenterProcess]:
    dc = DataCenterProcess(tmp_path / "dc", tmp_path / "dc.log")
    assert add_account(dc, "rina", "admin").returncode == 0
    done = dc_cli(dc, "office", "set", "3273", "--name", "Disdukcapil Kota Bandung")
    assert done.returncode == 0, done.stderr
    dc.start()
    with dc.client() as client:
        _enrolled(dc, client)  # a laptop that reported package 0
    try:
        yield dc
    finally:
        dc.stop()


@pytest.fixture
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "Debian's chromium is missing: run scripts/bootstrap.sh dev as root"
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield chromium
        finally:
            chromium.close()


def _page(browser: Browser, viewport: dict[str, int]) -> Page:
    size = ViewportSize(width=viewport["width"], height=viewport["height"])
    return browser.new_page(viewport=size, ignore_https_errors=True, locale="id-ID")


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _tab_to(page: Page, name: str, most: int = 60) -> None:
    """Press Tab until the focused element is called ``name`` (as a keyboard user does)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_NAME) == name:
            return
    pytest.fail(f"{name!r} is not reachable with Tab")


def _enter(page: Page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _log_in(page: Page, server: DataCenterProcess) -> None:
    page.goto(server.url + "/masuk")
    page.keyboard.type("rina")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    _enter(page)
    assert page.locator("h1").inner_text() == "Beranda"


def _version_shown(page: Page) -> int:
    found = re.search(r"Paket kantor saat ini: versi (\d+)", page.inner_text("main"))
    assert found is not None
    return int(found.group(1))


def _add_officer(page: Page) -> str:
    """From the list: "Tambah petugas", fill the form with the keyboard; the code shown."""
    _tab_to(page, "Tambah petugas")
    _enter(page)
    assert page.locator("h1").inner_text() == "Tambah petugas"
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(FOCUSED_NAME) == "Nama pengguna", "the first field has the focus"
    page.keyboard.type("sari")
    page.keyboard.press("Tab")
    page.keyboard.type("Sari Wulandari")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_NAME) == "Peran"
    page.keyboard.press("ArrowDown")  # Petugas perekaman -> Ketua tim
    page.keyboard.press("Tab")
    page.keyboard.type("198703122010012003")
    page.keyboard.press("Tab")
    page.keyboard.type("Penata Muda, III/a")
    _enter(page)

    assert page.locator("h1").inner_text() == "Kode login pertama untuk sari"
    assert page.get_by_role("status").inner_text() == (
        "Petugas sari (Sari Wulandari) sudah ditambahkan."
    )
    code = page.locator(".first-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code), code
    steps = page.locator("ol.steps li").all_inner_texts()
    assert len(steps) == 3
    assert "paket kantor versi 2" in steps[1]
    assert page.evaluate(OVERFLOW) <= 0
    _shot(page, "petugas-code")
    return code


def _set_rule(page: Page) -> None:
    """From any part: "Kantor & aturan", a face threshold refused at its field, then 61."""
    _tab_to(page, "Kantor & aturan")
    _enter(page)
    assert page.locator("h1").inner_text() == "Kantor & aturan"
    assert page.evaluate(UNLABELLED) == []
    _tab_to(page, "Wajah")
    page.keyboard.type("150")
    _enter(page)  # refused at the field, said in Indonesian
    assert page.get_by_role("alert").inner_text() == (
        "Belum ada yang disimpan: perbaiki isian yang ditandai di bawah."
    )
    assert page.locator("#e-threshold_face").inner_text() == "Ambang mutu harus antara 0 dan 100."
    assert page.evaluate("() => document.activeElement.id") == "f-threshold_face"
    assert _version_shown(page) == 2
    page.keyboard.press("Control+A")
    page.keyboard.type("61")
    _enter(page)
    assert page.get_by_role("status").inner_text().startswith("Aturan sudah disimpan")
    assert _version_shown(page) == 3
    assert page.locator("#f-threshold_face").input_value() == "61"


def test_an_officer_added_a_code_read_and_a_rule_set_with_the_keyboard(
    server: DataCenterProcess, browser: Browser
) -> None:
    page = _page(browser, LAPTOP)
    _log_in(page, server)
    _tab_to(page, "Petugas & aturan")
    _enter(page)
    assert page.url == server.url + "/petugas"
    assert page.locator("h1").inner_text() == "Petugas & aturan"
    assert _version_shown(page) == 1
    assert "Belum ada petugas" in page.inner_text("main")

    code = _add_officer(page)

    _tab_to(page, "Kembali ke daftar petugas")
    _enter(page)
    assert _version_shown(page) == 2
    row = page.get_by_role("row", name=re.compile("^sari"))
    cells = row.locator("td").all_inner_texts()
    assert cells[:2] == ["Sari Wulandari", "Ketua tim"]
    assert cells[2].startswith("menunggu login pertama (kode berlaku sampai")
    assert code not in page.inner_text("main")
    _shot(page, "petugas-list")

    _set_rule(page)
    _shot(page, "petugas-rules")

    _tab_to(page, "Versi & laptop")
    _enter(page)
    row = page.get_by_role("row", name=re.compile("^laptop-tim-1"))
    assert row.locator("td").all_inner_texts()[2] == "tertinggal: versi 0, kantor sudah versi 3"
    assert page.evaluate(OVERFLOW) <= 0
    _shot(page, "petugas-versi")


def test_the_officers_pages_fit_a_phone(server: DataCenterProcess, browser: Browser) -> None:
    page = _page(browser, PHONE)
    _log_in(page, server)
    for path in ("/petugas", "/petugas/tambah", "/petugas/aturan", "/petugas/versi"):
        page.goto(server.url + path)
        assert page.evaluate(OVERFLOW) <= 0, path
        assert page.evaluate(UNLABELLED) == [], path
    _shot(page, "petugas-versi-ponsel")
    assert page.evaluate(FOCUSED) is not None
