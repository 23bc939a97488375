"""Data ganda in a real browser (Debian's Chromium, Playwright) at 1366x768.

An administrator goes from Beranda's tile to the records waiting for a decision, opens
the pair (both faces and the matched fingers shown from ``data:`` images the page's
policy allows), decides "Data ganda" with a reason, and the record's own page then says
DUPLICATE_CLOSED in words.  Screenshots go to ``test-artifacts/console/ganda-*.png``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sync.protocol import RecordState
from sync.server import catalogue
from tests.sync.server.axesupport import assert_accessible
from tests.sync.server.browsersupport import (
    LAPTOP,
    OVERFLOW,
    UNLABELLED,
    log_in,
    new_page,
    shot,
)
from tests.sync.server.consolesupport import add_account
from tests.sync.server.dcsupport import DataCenterProcess
from tests.sync.server.dedupsupport import searched_site

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser

REASON = "Orang yang sama, direkam dua kali di desa berbeda"
#: Every image on the page has loaded (a blocked data: image has no natural width).
IMAGES_SHOWN = "() => [...document.images].every(i => i.complete && i.naturalWidth > 0)"


def _words(code: str, **params: object) -> str:
    return str(catalogue.text("id", code, params, context="console_records"))


def test_an_admin_compares_a_pair_and_closes_the_duplicate(
    tmp_path: Path, browser: Browser
) -> None:
    first, second = searched_site(tmp_path / "dc", 2)
    dc = DataCenterProcess(tmp_path / "dc", tmp_path / "dc.log")
    assert add_account(dc, "wati", "admin").returncode == 0
    dc.start()
    try:
        page = new_page(browser, LAPTOP)
        log_in(page, dc.url, "wati")
        with page.expect_navigation():
            page.get_by_role("link", name=_words("console_records.dup_waiting_tile")).click()
        assert page.locator("h1").inner_text() == _words("console_records.dup_title")
        assert page.get_by_role("row").count() == 2
        assert page.evaluate(OVERFLOW) <= 0
        shot(page, "ganda-list")

        page.get_by_role("link", name=_words("console_records.dup_open")).click()
        page.wait_for_load_state()
        heading = _words("console_records.dup_pair_heading", record=second[:8], other=first[:8])
        assert page.locator("h1").inner_text() == heading
        assert page.locator("img").count() == 2 + 2 * 2  # two faces, two fingers a side
        # Each side names its person (issue 56.6): the page shows who the prints are.
        named = page.locator("dd.person-name").all_inner_texts()
        assert named == ["Sasaran Uji", "Sasaran Uji"], named
        page.wait_for_function(IMAGES_SHOWN)
        assert page.evaluate(UNLABELLED) == []
        assert page.evaluate(OVERFLOW) <= 0
        shot(page, "ganda-pair")
        assert_accessible(page, "the pair page")

        page.get_by_label(_words("console_records.dup_duplicate", other=first[:8])).check()
        page.get_by_label(_words("console_records.dup_reason")).fill(REASON)
        with page.expect_navigation():
            page.get_by_role("button", name=_words("console_records.dup_submit")).click()
        status = page.get_by_role("status").first.inner_text()
        assert status == _words("console_records.dup_decided", record=second[:8])
        assert _words("console_records.dup_none") in page.inner_text("main")

        page.goto(f"{dc.url}/rekaman?status={RecordState.DUPLICATE_CLOSED.value}")
        page.get_by_role("link", name=second[:8]).click()
        page.wait_for_load_state()
        closed = _words(f"console_records.state_{RecordState.DUPLICATE_CLOSED.value}")
        assert closed in page.inner_text(".record-facts")
    finally:
        dc.stop()
