"""Akun in a real browser (Debian's Chromium), driven with the keyboard alone at 1366x768.

An administrator opens Akun from the menu, adds an operator (a mistyped repeat first,
said at its field), sees it listed, and disables it after confirming; the operator,
logged in meanwhile in a browser of his own, is refused Akun and, once disabled, is
sent to the login by his next click.  Screenshots go to ``test-artifacts/console/``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sync.server.accounts.book import MAX_FAILURES
from tests.sync.server.axesupport import assert_accessible
from tests.sync.server.browsersupport import (
    FOCUSED_NAME,
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
from tests.sync.server.consolesupport import log_in as log_in_over_http

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser, Page

    from tests.sync.server.dcsupport import DataCenterProcess

NEW_PASSWORD = "andi-kata-sandi-panjang"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[DataCenterProcess]:
    with console_server(tmp_path, rina="admin") as dc:
        yield dc


def _row(page: Page, name: str) -> list[str]:
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name, exact=False))
    return [c.strip() for c in row.locator("th, td").all_inner_texts()]


def _add_andi(page: Page) -> None:
    """The new account's form: the name, the role (Operator already chosen), the password
    twice, with the repeat mistyped first."""
    tab_to(page, "Nama akun", most=60)
    page.keyboard.type("andi")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_NAME) == "Peran"
    assert page.evaluate("() => document.activeElement.value") == "operator"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_NAME) == "Kata sandi"
    page.keyboard.type(NEW_PASSWORD)
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_NAME) == "Ulangi kata sandi"
    page.keyboard.type(NEW_PASSWORD + "?")
    press_enter(page)
    assert page.get_by_role("alert").inner_text() == (
        "Akun belum ditambahkan: periksa isian yang ditandai."
    )
    assert page.locator("#password_again-error").inner_text() == "Kedua kata sandi tidak sama."
    assert page.input_value("#name") == "andi", "the name kept, the passwords not"
    assert page.evaluate(FOCUSED_NAME) == "Ulangi kata sandi", "the field to fix has the focus"
    shot(page, "akun-refused")

    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED_NAME) == "Kata sandi"
    page.keyboard.type(NEW_PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(NEW_PASSWORD)
    press_enter(page)


def _disable_andi(page: Page) -> None:
    """From the list: the row's Nonaktifkan, the confirmation, its button."""
    tab_to(page, "Nonaktifkan andi", most=60)
    press_enter(page)
    assert page.locator("h1").inner_text() == "Nonaktifkan andi?"
    shot(page, "akun-nonaktifkan")
    tab_to(page, "Ya, nonaktifkan andi", most=60)
    press_enter(page)


def test_an_admin_adds_and_disables_an_operator_with_the_keyboard(
    server: DataCenterProcess, browser: Browser
) -> None:
    page = new_page(browser)
    log_in(page, server.url, "rina")
    assert page.url == server.url + "/", page.url
    tab_to(page, "Akun", most=60)
    press_enter(page)
    assert page.url == server.url + "/akun"
    assert page.locator("h1").inner_text() == "Akun konsol"
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(OVERFLOW) <= 0
    assert _row(page, "rina")[:3] == ["rina (Anda)", "administrator", "aktif"]
    shot(page, "akun-list")

    _add_andi(page)
    assert page.get_by_role("status").inner_text() == "Akun andi ditambahkan sebagai operator."
    assert _row(page, "andi")[:5] == [
        "andi",
        "operator",
        "aktif",
        "tidak terkunci",
        "belum pernah",
    ]
    shot(page, "akun-added")

    # andi logs in on his own browser: Akun is not in his menu, and refused if typed.
    andi = new_page(browser)  # a browser of its own: its own cookies
    log_in(andi, server.url, "andi", NEW_PASSWORD)
    assert andi.url == server.url + "/", andi.url
    assert andi.get_by_role("navigation").get_by_role("link", name="Akun").count() == 0
    andi.goto(server.url + "/akun")
    assert andi.locator("h1").inner_text() == "Khusus administrator"
    assert_accessible(andi, "forbidden")
    shot(andi, "akun-forbidden")

    # Someone guesses andi's password five times: rina lets him in again from the list.
    with server.client() as guesser:
        for n in range(MAX_FAILURES):
            log_in_over_http(guesser, "andi", f"tebakan-{n}")
    page.goto(server.url + "/akun")
    andi_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="andi"))
    assert andi_row.locator("td.locked").count() == 1, "the lock's end, marked"
    assert _row(page, "andi")[3] != "tidak terkunci"
    shot(page, "akun-terkunci")
    tab_to(page, "Buka kunci andi", most=60)
    press_enter(page)
    assert page.get_by_role("status").inner_text() == (
        "Kunci akun andi dibuka: akun ini dapat masuk lagi sekarang."
    )
    assert _row(page, "andi")[3] == "tidak terkunci"
    assert page.get_by_role("button", name="Buka kunci andi").count() == 0
    shot(page, "akun-buka-kunci")

    # rina disables andi, after confirming: the list says so.
    _disable_andi(page)
    assert page.get_by_role("status").inner_text() == (
        "Akun andi sudah dinonaktifkan; sesinya yang terbuka sudah diakhiri."
    )
    assert _row(page, "andi")[:3] == ["andi", "operator", "nonaktif"]
    assert page.get_by_role("link", name="Nonaktifkan andi").count() == 0
    shot(page, "akun-disabled")
    page.set_viewport_size(PHONE)
    assert page.evaluate(OVERFLOW) <= 0, "a phone's width: the table scrolls, not the page"
    shot(page, "akun-ponsel")

    # andi's next click takes him to the login.
    tab_to(andi, "Beranda", most=60)
    press_enter(andi)
    assert andi.url == server.url + "/masuk"
    assert andi.locator("h1").inner_text() == "Masuk ke konsol"
