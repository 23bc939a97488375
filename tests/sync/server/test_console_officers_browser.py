"""Petugas & aturan in a real browser (Debian's Chromium, Playwright), with the keyboard alone.

At 1366x768 an administrator adds an officer, reads the one-time code, sets a rule and sees
the office package's version rise; every input has a label, and the pages fit a phone's
width.  Screenshots go to ``test-artifacts/console/petugas-*.png``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from sync.server.office.steering import Office
from sync.server.store.database import SqlStore
from tests.sync.server.browsersupport import (
    FOCUSED_NAME,
    FOCUSED_TEXT,
    LAPTOP,
    OVERFLOW,
    PHONE,
    UNLABELLED,
    log_in,
    new_page,
    press_enter,
    shot,
    tab_to,
)
from tests.sync.server.consolesupport import add_account
from tests.sync.server.dcsupport import DataCenterProcess, dc_cli
from tests.sync.server.test_office_steering import _enrolled

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser, Page


@pytest.fixture
def server(tmp_path: Path) -> Iterator[DataCenterProcess]:
    dc = DataCenterProcess(tmp_path / "dc", tmp_path / "dc.log")
    assert add_account(dc, "rina", "admin").returncode == 0
    done = dc_cli(dc, "office", "set", "3273", "--name", "Disdukcapil Kota Bandung")
    assert done.returncode == 0, done.stderr
    dc.start()
    try:
        with dc.client() as client:
            _enrolled(dc, client)  # a laptop that reported package 0
        yield dc
    finally:
        dc.stop()


def _version_shown(page: Page) -> int:
    found = re.search(r"Paket kantor saat ini: versi (\d+)", page.inner_text("main"))
    assert found is not None
    return int(found.group(1))


def _add_officer(page: Page) -> str:
    """From the list: "Tambah petugas", fill the form with the keyboard; the code shown."""
    tab_to(page, "Tambah petugas", most=60)
    press_enter(page)
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
    press_enter(page)

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
    shot(page, "petugas-code")
    return code


def _set_rule(page: Page) -> None:
    """From any part: "Kantor & aturan", a face threshold refused at its field, then 61."""
    tab_to(page, "Kantor & aturan", most=60)
    press_enter(page)
    assert page.locator("h1").inner_text() == "Kantor & aturan"
    assert page.evaluate(UNLABELLED) == []
    tab_to(page, "Wajah", most=60)
    page.keyboard.type("150")
    press_enter(page)  # refused at the field, said in Indonesian
    assert page.get_by_role("alert").inner_text() == (
        "Belum ada yang disimpan: perbaiki isian yang ditandai di bawah."
    )
    assert page.locator("#e-threshold_face").inner_text() == "Ambang mutu harus antara 0 dan 100."
    assert page.evaluate("() => document.activeElement.id") == "f-threshold_face"
    assert _version_shown(page) == 2
    page.keyboard.press("Control+A")
    page.keyboard.type("61")
    press_enter(page)
    assert page.get_by_role("status").inner_text().startswith("Aturan sudah disimpan")
    assert _version_shown(page) == 3
    assert page.locator("#f-threshold_face").input_value() == "61"


def test_an_officer_added_a_code_read_and_a_rule_set_with_the_keyboard(
    server: DataCenterProcess, browser: Browser
) -> None:
    page = new_page(browser, LAPTOP)
    log_in(page, server.url, "rina")
    tab_to(page, "Petugas & aturan", most=60)
    press_enter(page)
    assert page.url == server.url + "/petugas"
    assert page.locator("h1").inner_text() == "Petugas & aturan"
    assert _version_shown(page) == 1
    assert "Belum ada petugas" in page.inner_text("main")

    code = _add_officer(page)

    tab_to(page, "Kembali ke daftar petugas", most=60)
    press_enter(page)
    assert _version_shown(page) == 2
    row = page.get_by_role("row", name=re.compile("^sari"))
    cells = row.locator("td").all_inner_texts()
    assert cells[:2] == ["Sari Wulandari", "Ketua tim"]
    assert cells[2].startswith("menunggu login pertama (kode berlaku sampai")
    assert code not in page.inner_text("main")
    shot(page, "petugas-list")

    # Issue 56.4: the laptop reports Sari's first login; the list says where, and offers
    # a new code (for another laptop), since this one is used up.
    store = SqlStore(server.database_url)
    try:
        office = Office(store)
        (device,) = office.health()
        (sari,) = office.officers()
        salt = sari["first_login"]["salt"]
        done = office.first_logins_reported(
            device, [{"username": "sari", "code": salt, "at": "2026-11-28T03:00:00+00:00"}]
        )
        assert done == ["sari"]
    finally:
        store.close()
    page.reload()
    row = page.get_by_role("row", name=re.compile("^sari"))
    assert row.locator("td").all_inner_texts()[2] == (
        "aktif: login pertama di laptop-tim-1, 28-11-2026 (kodenya sudah terpakai)"
    )
    assert row.get_by_role("button", name="Kode baru untuk sari").is_visible()
    shot(page, "petugas-list-first-login-used")

    _set_rule(page)
    shot(page, "petugas-rules")

    tab_to(page, "Versi & laptop", most=60)
    press_enter(page)
    row = page.get_by_role("row", name=re.compile("^laptop-tim-1"))
    assert row.locator("td").all_inner_texts()[2] == "tertinggal: versi 0, kantor sudah versi 3"
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "petugas-versi")


def test_the_officers_pages_fit_a_phone(server: DataCenterProcess, browser: Browser) -> None:
    page = new_page(browser, PHONE)
    log_in(page, server.url, "rina")
    for path in ("/petugas", "/petugas/tambah", "/petugas/aturan", "/petugas/versi"):
        page.goto(server.url + path)
        assert page.evaluate(OVERFLOW) <= 0, path
        assert page.evaluate(UNLABELLED) == [], path
    shot(page, "petugas-versi-ponsel")
    assert page.evaluate(FOCUSED_TEXT) is not None
