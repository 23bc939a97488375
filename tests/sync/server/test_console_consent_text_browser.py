"""Issue 47 A1 in a real browser (Debian's Chromium, Playwright): the consent text field.

At 1366x768 an administrator finds the laptops' default words greyed in the empty
field, types the office's own words over several lines (Enter makes a new line, it
does not send the form), is refused at the field for an invisible character pasted
with them, fixes it and saves; the words come back line for line.  The page's decimals
are written the Indonesian way.  Screenshot: ``test-artifacts/console/petugas-persetujuan*.png``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sync.server import catalogue
from tests.sync.server.browsersupport import (
    FOCUSED_ID,
    LAPTOP,
    OVERFLOW,
    UNLABELLED,
    log_in,
    new_page,
    press_enter,
    shot,
    tab_to,
)
from tests.sync.server.consolesupport import add_account
from tests.sync.server.dcsupport import DataCenterProcess, dc_cli

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser

LINES = ("Bapak/Ibu, data Bapak/Ibu akan direkam untuk KTP-el.", "Apakah Bapak/Ibu setuju?")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[DataCenterProcess]:
    dc = DataCenterProcess(tmp_path / "dc", tmp_path / "dc.log")
    assert add_account(dc, "rina", "admin").returncode == 0
    done = dc_cli(dc, "office", "set", "3273", "--name", "Disdukcapil Kota Bandung")
    assert done.returncode == 0, done.stderr
    dc.start()
    try:
        yield dc
    finally:
        dc.stop()


def test_the_office_s_consent_words_are_typed_refused_at_the_field_and_saved(
    server: DataCenterProcess, browser: Browser
) -> None:
    page = new_page(browser, LAPTOP)
    log_in(page, server.url, "rina")
    tab_to(page, "Petugas & aturan", most=60)
    press_enter(page)
    tab_to(page, "Kantor & aturan", most=60)
    press_enter(page)
    assert page.evaluate(UNLABELLED) == []
    main = page.inner_text("main")
    assert "Dari 0,2 sampai 5 detik" in main, "decimals the Indonesian way"
    assert "0.2" not in main

    area = page.locator("#f-consent_text")
    default = catalogue.text("id", "consent.default_text", context="consent")
    assert area.get_attribute("placeholder") == default
    assert area.input_value() == ""
    assert page.get_by_label("Teks persetujuan yang dibacakan kepada setiap orang").count() == 1
    tab_to(page, "f-consent_text", most=80, reads=FOCUSED_ID)
    page.keyboard.type(LINES[0])
    page.keyboard.press("Enter")  # a new line, not the form sent
    page.keyboard.insert_text("Apakah Bapak/Ibu setu\u200bju?")  # pasted, with a zero width
    assert area.input_value() == LINES[0] + "\nApakah Bapak/Ibu setu\u200bju?"
    shot(page, "petugas-persetujuan-diketik")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Simpan aturan"
    press_enter(page)

    assert page.get_by_role("alert").inner_text() == (
        "Belum ada yang disimpan: perbaiki isian yang ditandai di bawah."
    )
    said = page.locator("#e-consent_text").inner_text()
    where = len(LINES[0]) + len("\nApakah Bapak/Ibu setu") + 1
    assert f"(U+200B, karakter ke-{where})" in said
    assert page.evaluate(FOCUSED_ID) == "f-consent_text", "the refused field has the focus"
    assert area.get_attribute("aria-invalid") == "true"
    assert "\u200b" in area.input_value(), "kept as typed"
    shot(page, "petugas-persetujuan-ditolak")

    page.keyboard.press("Control+A")
    page.keyboard.type(LINES[0])
    page.keyboard.press("Enter")
    page.keyboard.type(LINES[1])
    page.keyboard.press("Tab")
    press_enter(page)
    assert page.get_by_role("status").inner_text().startswith("Aturan sudah disimpan")
    assert page.locator("#f-consent_text").input_value() == "\n".join(LINES)
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "petugas-persetujuan")
    shown = dc_cli(server, "rules", "show", "--json")
    assert '"consent_text": "' + "\\n".join(LINES) + '"' in shown.stdout
