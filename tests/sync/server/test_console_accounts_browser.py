"""Akun in a real browser (Debian's Chromium), driven with the keyboard alone at 1366x768.

An administrator opens Akun from the menu, adds an operator (a mistyped repeat first,
said at its field), sees it listed, and disables it after confirming; the operator,
logged in meanwhile in a browser of his own, is refused Akun and, once disabled, is
sent to the login by his next click.  Screenshots go to ``test-artifacts/console/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.sync.server.axesupport import assert_accessible
from tests.sync.server.consolesupport import PASSWORD, add_account
from tests.sync.server.dcsupport import DataCenterProcess

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, ViewportSize

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "console"
LAPTOP: ViewportSize = {"width": 1366, "height": 768}
NEW_PASSWORD = "andi-kata-sandi-panjang"

UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
    .filter(e => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label'))
    .map(e => e.name)"""
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
#: What the focused element says: a control's label, else its own text.
FOCUSED = """() => {
    const e = document.activeElement;
    if (!e) return '';
    if (e.labels && e.labels.length) return e.labels[0].textContent.trim();
    return e.textContent.replace(/\\s+/g, ' ').trim();
}"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[DataCenterProcess]:
    dc = DataCenterProcess(tmp_path / "dc", tmp_path / "dc.log")
    done = add_account(dc, "rina", "admin")
    assert done.returncode == 0, done.stderr
    dc.start()
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


def _page(browser: Browser) -> Page:
    """A browser of its own (its own cookies), as a second person's would be."""
    context = browser.new_context(viewport=LAPTOP, ignore_https_errors=True, locale="id-ID")
    return context.new_page()


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _tab_to(page: Page, words: str, most: int = 60) -> None:
    """Press Tab until the focused element says ``words`` (as a keyboard user does)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED) == words:
            return
    pytest.fail(f"{words!r} is not reachable with Tab")


def _press_enter(page: Page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _log_in(page: Page, url: str, name: str, password: str) -> None:
    """The login form with the keyboard: the name has the focus, Tab, the password, Enter."""
    page.goto(url + "/masuk")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    _press_enter(page)
    assert page.url == url + "/", page.url


def _row(page: Page, name: str) -> list[str]:
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name, exact=False))
    return [c.strip() for c in row.locator("th, td").all_inner_texts()]


def _add_andi(page: Page) -> None:
    """The new account's form: the name, the role (Operator already chosen), the password
    twice, with the repeat mistyped first."""
    _tab_to(page, "Nama akun")
    page.keyboard.type("andi")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "Peran"
    assert page.evaluate("() => document.activeElement.value") == "operator"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "Kata sandi"
    page.keyboard.type(NEW_PASSWORD)
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "Ulangi kata sandi"
    page.keyboard.type(NEW_PASSWORD + "?")
    _press_enter(page)
    assert page.get_by_role("alert").inner_text() == (
        "Akun belum ditambahkan: periksa isian yang ditandai."
    )
    assert page.locator("#password_again-error").inner_text() == "Kedua kata sandi tidak sama."
    assert page.input_value("#name") == "andi", "the name kept, the passwords not"
    assert page.evaluate(FOCUSED) == "Ulangi kata sandi", "the field to fix has the focus"
    _shot(page, "akun-refused")

    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED) == "Kata sandi"
    page.keyboard.type(NEW_PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(NEW_PASSWORD)
    _press_enter(page)


def _disable_andi(page: Page) -> None:
    """From the list: the row's Nonaktifkan, the confirmation, its button."""
    _tab_to(page, "Nonaktifkan andi")
    _press_enter(page)
    assert page.locator("h1").inner_text() == "Nonaktifkan andi?"
    _shot(page, "akun-nonaktifkan")
    _tab_to(page, "Ya, nonaktifkan andi")
    _press_enter(page)


def test_an_admin_adds_and_disables_an_operator_with_the_keyboard(
    server: DataCenterProcess, browser: Browser
) -> None:
    page = _page(browser)
    _log_in(page, server.url, "rina", PASSWORD)
    _tab_to(page, "Akun")
    _press_enter(page)
    assert page.url == server.url + "/akun"
    assert page.locator("h1").inner_text() == "Akun konsol"
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(OVERFLOW) <= 0
    assert _row(page, "rina")[:3] == ["rina (Anda)", "administrator", "aktif"]
    _shot(page, "akun-list")

    _add_andi(page)
    assert page.get_by_role("status").inner_text() == "Akun andi ditambahkan sebagai operator."
    assert _row(page, "andi")[:5] == [
        "andi",
        "operator",
        "aktif",
        "tidak terkunci",
        "belum pernah",
    ]
    _shot(page, "akun-added")

    # andi logs in on his own browser: Akun is not in his menu, and refused if typed.
    andi = _page(browser)
    _log_in(andi, server.url, "andi", NEW_PASSWORD)
    assert andi.get_by_role("navigation").get_by_role("link", name="Akun").count() == 0
    andi.goto(server.url + "/akun")
    assert andi.locator("h1").inner_text() == "Khusus administrator"
    assert_accessible(andi, "forbidden")
    _shot(andi, "akun-forbidden")

    # rina disables andi, after confirming: the list says so.
    page.goto(server.url + "/akun")
    _disable_andi(page)
    assert page.get_by_role("status").inner_text() == (
        "Akun andi sudah dinonaktifkan; sesinya yang terbuka sudah diakhiri."
    )
    assert _row(page, "andi")[:3] == ["andi", "operator", "nonaktif"]
    assert page.get_by_role("link", name="Nonaktifkan andi").count() == 0
    _shot(page, "akun-disabled")
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate(OVERFLOW) <= 0, "a phone's width: the table scrolls, not the page"
    _shot(page, "akun-ponsel")

    # andi's next click takes him to the login.
    _tab_to(andi, "Beranda")
    _press_enter(andi)
    assert andi.url == server.url + "/masuk"
    assert andi.locator("h1").inner_text() == "Masuk ke konsol"
