"""Beranda says that nothing reaches the laptops until the office code is set (issue 47, B3).

In Debian's Chromium (Playwright) at 1366x768: an operator sees the notice and who may act
on it; an administrator follows its link with the keyboard to the office's form, sets the
code, and Beranda no longer shows it.  Screenshots go to
``test-artifacts/console/beranda-kode-kantor-*.png``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sync.server import catalogue
from tests.sync.server.browsersupport import LAPTOP, log_in, new_page, press_enter, shot, tab_to
from tests.sync.server.consolesupport import console_server

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser

NOTICE = catalogue.text("id", "console.office_unset_notice")
ACTION = catalogue.text("id", "console.office_unset_action")
ASK_ADMIN = catalogue.text("id", "console.office_unset_ask_admin")


def test_beranda_asks_for_the_office_code_until_it_is_set(tmp_path: Path, browser: Browser) -> None:
    assert "laptop" in NOTICE  # Indonesian, from the catalogue
    with console_server(tmp_path, rina="admin", budi="operator") as dc:
        operator = new_page(browser, LAPTOP)
        log_in(operator, dc.url, "budi")
        main = operator.inner_text("main")
        assert NOTICE in main
        assert ASK_ADMIN in main  # an operator may not set it: who may is said
        assert operator.get_by_role("link", name=ACTION).count() == 0
        shot(operator, "beranda-kode-kantor-operator")

        admin = new_page(browser, LAPTOP)
        log_in(admin, dc.url, "rina")
        assert NOTICE in admin.inner_text("main")
        shot(admin, "beranda-kode-kantor-belum-diatur")
        tab_to(admin, ACTION, most=40)
        press_enter(admin)
        assert admin.url.endswith("/petugas/aturan#office-title"), admin.url
        admin.fill("#f-office_code", "3315")
        admin.fill("#f-office_name", "Disdukcapil Kabupaten Grobogan")
        with admin.expect_navigation():
            admin.locator("form[action='/petugas/kantor'] button[type=submit]").click()

        admin.goto(dc.url + "/")
        assert admin.locator("h1").inner_text() == "Beranda"
        assert NOTICE not in admin.inner_text("main")
        assert admin.get_by_role("link", name=ACTION).count() == 0
        shot(admin, "beranda-kode-kantor-diatur")
        operator.reload()
        assert NOTICE not in operator.inner_text("main")
