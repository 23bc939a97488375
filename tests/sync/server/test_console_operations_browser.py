"""The Operasi screen in a real browser, with the keyboard alone, at 1366x768.

An administrator tabs to Operasi, reads readiness, makes a backup with Enter and sees
it said and listed, with the command that restores it.  Screenshots go to
``test-artifacts/console/``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from tests.sync.server.auditsupport import console_with_a_tampered_laptop
from tests.sync.server.browsersupport import (
    LAPTOP,
    OVERFLOW,
    log_in,
    new_page,
    press_enter,
    shot,
    tab_to,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser

    from tests.sync.server.dcsupport import DataCenterProcess


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[DataCenterProcess, str]]:
    with console_with_a_tampered_laptop(tmp_path) as made:
        yield made


def test_an_admin_makes_a_backup_with_the_keyboard(
    server: tuple[DataCenterProcess, str], browser: Browser
) -> None:
    dc, _device_id = server
    page = new_page(browser, LAPTOP)
    log_in(page, dc.url, "rina")

    tab_to(page, "Operasi", most=40)
    press_enter(page)
    assert page.locator("h1").inner_text() == "Operasi"
    assert "Siap: pusat data dapat menerima rekaman sekarang." in page.inner_text("main")
    assert "Belum ada cadangan di" in page.inner_text("main")
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "operasi")

    tab_to(page, "Buat cadangan", most=40)
    with page.expect_navigation(timeout=120_000):
        page.keyboard.press("Enter")
    status = page.get_by_role("status").first.inner_text()
    said = re.fullmatch(
        r"Cadangan (fieldkit-backup-\S+\.zip) sudah dibuat: \d+ baris dan 0 rekaman tersegel\.",
        status,
    )
    assert said is not None, status
    listed = page.locator("table.backups tbody tr")
    assert listed.count() == 1
    assert listed.locator("th").inner_text() == said.group(1)
    assert page.evaluate(OVERFLOW) <= 0
    command = page.locator("pre.command").inner_text().split()
    assert command[:2] == ["fieldkit-datacenter", "restore"]
    assert any(word.endswith("/" + said.group(1)) for word in command), command
    shot(page, "operasi-backup-made")
