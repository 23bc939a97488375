"""The Operasi screen in a real browser, with the keyboard alone, at 1366x768.

An administrator tabs to Operasi, reads readiness, makes a backup with Enter and sees
it said and listed, with the command that restores it.  Screenshots go to
``test-artifacts/console/``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from tests.sync.server.auditsupport import tampered_laptop
from tests.sync.server.consolesupport import PASSWORD, add_account
from tests.sync.server.dcsupport import DataCenterProcess
from tests.sync.server.test_console_browser import (
    FOCUSED,
    LAPTOP,
    OVERFLOW,
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


def test_an_admin_makes_a_backup_with_the_keyboard(
    server: tuple[DataCenterProcess, str], browser: Browser
) -> None:
    dc, _device_id = server
    page = _page(browser, LAPTOP)
    _log_in(page, dc.url)

    _tab_to(page, "Operasi")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Operasi"
    assert "Siap: pusat data dapat menerima rekaman sekarang." in page.inner_text("main")
    assert "Belum ada cadangan di" in page.inner_text("main")
    assert page.evaluate(OVERFLOW) <= 0
    _shot(page, "operasi")

    _tab_to(page, "Buat cadangan")
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
    _shot(page, "operasi-backup-made")
