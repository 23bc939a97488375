"""The Audit screen in a real browser, with the keyboard alone, at 1366x768.

An administrator tabs to Audit, reads a tampered laptop's findings in Indonesian, types
a reason, confirms on the page that says what acknowledging means, and sees the
findings gone.  Every input has a label; screenshots go to ``test-artifacts/console/``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.sync.server.auditsupport import console_with_a_tampered_laptop
from tests.sync.server.browsersupport import (
    FOCUSED_TEXT,
    LAPTOP,
    OVERFLOW,
    UNLABELLED,
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


def test_an_admin_acknowledges_a_laptop_s_findings_with_the_keyboard(
    server: tuple[DataCenterProcess, str], browser: Browser
) -> None:
    dc, device_id = server
    page = new_page(browser, LAPTOP)
    log_in(page, dc.url, "rina")

    tab_to(page, "Audit", most=40)
    press_enter(page)
    assert page.locator("h1").inner_text() == "Audit"
    rows = page.locator("table.findings tbody tr")
    assert rows.count() == 3
    problems = page.locator("table.findings td.problem").all_inner_texts()
    assert problems == ["Catatan dimundurkan", "Catatan ditulis ulang", "Rantai rusak di laptop"]
    assert rows.nth(0).locator("th").inner_text().startswith("laptop-desa-sukamaju")
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "audit-findings")

    tab_to(page, "Alasan (wajib, paling banyak 500 karakter)", most=40)
    page.keyboard.type("Laptop dipulihkan dari cadangan oleh admin kecamatan.")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_TEXT) == "Akui"
    press_enter(page)
    assert page.locator("h1").inner_text() == (
        f"Akui temuan laptop laptop-desa-sukamaju · {device_id[:16]}?"
    )
    explained = page.inner_text("main")
    assert "Kantor menerima catatan audit laptop ini apa adanya sekarang" in explained
    assert "Periode catatan yang baru (nomor 1) dimulai" in explained
    assert "Laptop dipulihkan dari cadangan oleh admin kecamatan." in explained
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "audit-acknowledge")

    tab_to(page, "Ya, akui", most=40)
    press_enter(page)
    assert page.get_by_role("status").inner_text() == (
        "Temuan laptop laptop-desa-sukamaju sudah diakui; periode catatan ke-1 dimulai."
    )
    assert "Tidak ada temuan" in page.inner_text("main")
    shot(page, "audit-acknowledged")

    # The console's own trail: who did that, and who logged in (issue 49 §3).
    tab_to(page, "Jejak konsol: siapa masuk, siapa mengubah apa", most=40)
    press_enter(page)
    assert page.locator("h1").inner_text() == "Jejak konsol"
    first = page.locator("table.trail tbody tr").first
    assert first.locator("th, td").all_inner_texts()[1:4] == [
        "rina",
        "temuan audit diakui",
        "rina",
    ]
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "audit-trail")
    tab_to(page, "Jenis", most=40)
    page.keyboard.press("ArrowDown")  # "Masuk dan keluar", the first kind
    tab_to(page, "Tampilkan", most=10)
    press_enter(page)
    assert "jenis=masuk" in page.url
    actions = page.locator("table.trail tbody td:nth-child(3)").all_inner_texts()
    assert actions, "rina's login at least"
    assert set(actions) <= {
        "masuk",
        "keluar",
        "kata sandi salah",
        "terkunci karena kata sandi salah",
    }
    shot(page, "audit-trail-masuk")
