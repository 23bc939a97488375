"""Rekaman's search, export and printable list in a real browser (Chromium, 1366x768, keyboard).

An operator types a name into the search, narrows to a desa with the filter's select,
downloads the CSV of that list (read back with the ``csv`` module: exactly its rows) and
opens the printable list.  Screenshots go to ``test-artifacts/console/rekaman-cari-*.png``.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

import pytest

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
from tests.sync.server.consolesupport import console_server
from tests.sync.server.recordsupport import KALIREJO, SUMBERJO, office_with_plan
from tests.sync.server.test_console_records_search import BUDI, RAHAYU, SITI, _header, _visit
from tests.sync.server.test_office_steering import _enrolled

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser

    from tests.sync.server.dcsupport import DataCenterProcess


@pytest.fixture
def office(tmp_path: Path) -> Iterator[DataCenterProcess]:
    """An operator's account, the office's plan, three records naming their person."""
    with console_server(tmp_path, rina="operator") as dc:
        plan = office_with_plan(dc, tmp_path)
        with dc.client() as client:
            laptop, _key = _enrolled(dc, client)
            laptop.sync(
                laptop.seal(_header(SITI, "sari", _visit(plan.planned, SUMBERJO))),
                laptop.seal(_header(BUDI, "sari", _visit(plan.unplanned, KALIREJO))),
                laptop.seal(_header(RAHAYU, "sari", _visit(plan.unplanned, KALIREJO))),
            )
        yield dc


def test_search_a_name_filter_a_desa_download_and_print_by_keyboard(
    office: DataCenterProcess, browser: Browser
) -> None:
    page = new_page(browser, LAPTOP, accept_downloads=True)
    log_in(page, office.url, "rina")
    tab_to(page, "Rekaman", most=30)
    press_enter(page)
    assert page.get_by_role("row").count() == 4

    # The name's word in the search box, then the desa Sumberjo from its select.
    tab_to(page, "cari", most=30, reads=FOCUSED_ID)
    page.keyboard.type("siti")
    tab_to(page, "desa", most=30, reads=FOCUSED_ID)
    page.keyboard.press("ArrowDown")  # "semua" -> the first desa, Sumberjo
    assert page.locator("#desa").input_value() == SUMBERJO
    tab_to(page, "Tampilkan", most=30)
    press_enter(page)
    assert "cari=siti" in page.url
    assert f"desa={SUMBERJO}" in page.url
    assert page.get_by_role("row").count() == 2, "Siti in Sumberjo; Rahayu is in Kalirejo"
    assert page.get_by_role("status").inner_text() == "1 rekaman; halaman 1 dari 1"
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(OVERFLOW) <= 0
    # A search's results name their person (issue 56.6): name, sex, birth year.
    found = page.locator("table.records tbody td.person").all_inner_texts()
    assert [" ".join(f.split()) for f in found] == [f"{SITI[0]} perempuan · 1990"]
    assert SITI[1] not in page.inner_text("main"), "the NIK's last four digits only"
    shot(page, "rekaman-cari-list")

    # The CSV of this list, downloaded with Enter on its link.
    tab_to(page, "Unduh CSV", most=40)
    with page.expect_download() as waiting:
        page.keyboard.press("Enter")
    download = waiting.value
    assert download.suggested_filename.endswith(".csv")
    body = download.path().read_bytes()
    download.delete()  # a name is in it: not left behind
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Nama", "Jenis kelamin", "Tahun lahir", "NIK (4 digit akhir)"]
    assert [[r[0], r[3]] for r in rows[1:]] == [[SITI[0], SITI[1][-4:]]]

    # The printable list of the same query.
    tab_to(page, "Daftar untuk dicetak", most=40)
    press_enter(page)
    assert "/rekaman/cetak?" in page.url
    assert page.locator("h1").inner_text() == "Daftar Rekaman KTP-el"
    main = page.inner_text("main")
    assert "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL" in main
    said = page.locator("dl.print-filters").inner_text()
    assert said.replace(":", "").split() == ["Nama", "siti", "Desa", "Sumberjo", f"({SUMBERJO})"]
    assert SITI[0] in main
    assert RAHAYU[0] not in main
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "rekaman-cari-cetak")
    page.emulate_media(media="print")
    assert page.locator("nav.screens").is_hidden()
    shot(page, "rekaman-cari-cetak-print")
