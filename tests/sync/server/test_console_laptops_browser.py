"""The Laptop screen in a real browser (Debian's Chromium, Playwright), keyboard only, 1366x768.

An administrator sees on Beranda the laptop that needs attention, opens Laptop, makes
an enrollment code, reads it on the page and in the QR code (a screenshot of the QR
element decoded with OpenCV), a real laptop enrolls with what the QR code holds, the
office sees it in the fleet, revokes it with a reason and sees it revoked.  Screenshots
go to ``test-artifacts/console/laptop-*.png`` and ``beranda-attention.png``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sync.bundle import EnrollmentBundle, parse_bundle
from sync.client.enroll import enroll_laptop
from tests.sync.server.browsersupport import (
    FOCUSED_ID,
    LAPTOP,
    OVERFLOW,
    PHONE,
    UNLABELLED,
    log_in,
    new_page,
    press_enter,
    qr_text,
    shot,
    tab_to,
)
from tests.sync.server.consolesupport import console_server
from tests.sync.server.test_office_steering import _enrolled

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser

    from fieldkit.workspace import Workspace
    from tests.sync.server.dcsupport import DataCenterProcess


@pytest.fixture
def server(tmp_path: Path) -> Iterator[DataCenterProcess]:
    with console_server(tmp_path, rina="admin") as dc:
        with dc.client() as client:
            _enrolled(dc, client)  # laptop-tim-1: a failed scanner, old records
        yield dc


def test_the_office_enrolls_and_revokes_a_laptop_with_the_keyboard(  # noqa: PLR0915 - one walk
    server: DataCenterProcess, browser: Browser, workspace: Workspace
) -> None:
    page = new_page(browser, LAPTOP)
    log_in(page, server.url, "rina")

    attention = page.get_by_role("region", name="Laptop yang perlu diperhatikan")
    assert attention.get_by_role("link", name="laptop-tim-1").is_visible()
    assert attention.locator("ul.flags li").all_inner_texts() == [
        "menyimpan rekaman lebih tua dari 7 hari",
        "uji mandiri perangkat gagal: pemindai sidik jari",
    ]
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "beranda-attention")

    tab_to(page, "Laptop", most=60)
    press_enter(page)
    assert page.locator("h1").inner_text() == "Laptop"
    assert page.evaluate(UNLABELLED) == []
    assert page.get_by_label("Kode berlaku selama (jam)").input_value() == "24"
    assert page.get_by_label("Alamat data center untuk laptop").input_value() == server.url
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "laptop-fleet")

    tab_to(page, "hours", most=60, reads=FOCUSED_ID)
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    tab_to(page, "Buat kode", most=60)
    press_enter(page)
    assert page.url == server.url + "/laptop/kode"
    assert page.locator("h1").inner_text() == "Kode pendaftaran laptop baru"
    code = page.locator("#enroll-code").inner_text().replace(" ", "")
    url = page.locator("#bundle-url").inner_text()
    fingerprint = page.locator("#bundle-fingerprint").inner_text()
    assert url == server.url
    assert fingerprint.replace(" ", "") == server.fingerprint
    qr = page.get_by_role("img", name="Kode QR berkas pendaftaran: alamat, kode, dan sidik CA")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= LAPTOP["height"], "the QR code is seen without scrolling"
    held = qr_text(page)
    bundle = parse_bundle(held)
    assert held == EnrollmentBundle(url=url, code=code, ca_fingerprint=server.fingerprint).text()
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "laptop-enroll-qr")
    page.set_viewport_size(PHONE)
    assert page.evaluate(OVERFLOW) <= 0, "a phone reads the code without scrolling sideways"
    shot(page, "laptop-enroll-qr-ponsel")
    page.set_viewport_size(LAPTOP)
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation").is_visible(), "the print leaves the menu out"
    assert not page.get_by_role("button", name="Selesai: sembunyikan kode").is_visible()
    assert qr_text(page) == held
    shot(page, "laptop-enroll-print")
    page.emulate_media(media="screen")

    # The laptop reads the QR code's bundle, as its camera button does, and enrolls.
    result = enroll_laptop(
        workspace, bundle.url, bundle.code, ca_fingerprint_expected=bundle.ca_fingerprint
    )

    tab_to(page, "Selesai: sembunyikan kode", most=60)
    press_enter(page)
    assert page.url == server.url + "/laptop"
    row = page.locator(f"#laptop-{result.device_id[:16]}")
    assert row.is_visible()
    name = row.locator("th").inner_text().splitlines()[0]
    assert row.locator("ul.flags li").all_inner_texts() == [
        "belum pernah melapor sejak didaftarkan"  # enrolled just now: not "not seen for 7 days"
    ]

    # The office names it: the name and team replace the hostname on every page.
    tab_to(page, f"Beri nama {name}", most=60)
    press_enter(page)
    assert page.locator("h1").inner_text() == "Beri nama laptop"
    assert page.evaluate(UNLABELLED) == []
    # autofocus is the browser's, at its next rendering: on a loaded machine that is after
    # the load event, so the test waits for it (and fails if it never comes).
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'name'")
    assert page.evaluate(FOCUSED_ID) == "name", "the name's box has the focus"
    page.keyboard.type("Laptop Tim 2")
    page.keyboard.press("Tab")
    page.keyboard.type("Tim Jemput Bola 2")
    shot(page, "laptop-name")
    tab_to(page, "Simpan nama", most=20)
    press_enter(page)
    assert page.get_by_role("status").inner_text() == (
        f"Laptop {result.device_id[:16]} sekarang bernama Laptop Tim 2."
    )
    row = page.locator(f"#laptop-{result.device_id[:16]}")
    assert row.locator("th").inner_text().splitlines()[:2] == ["Laptop Tim 2", "Tim Jemput Bola 2"]
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "laptop-named")
    name = "Laptop Tim 2"

    tab_to(page, f"Cabut {name}", most=60)
    press_enter(page)
    assert page.locator("h1").inner_text() == "Cabut laptop"
    assert page.locator(".which").inner_text() == f"Laptop {name} ({result.device_id[:16]})"
    assert page.evaluate(UNLABELLED) == []
    tab_to(page, "Cabut laptop ini", most=60)  # no reason yet
    press_enter(page)
    assert page.get_by_role("alert").inner_text() == "Tuliskan alasan laptop ini dicabut."
    page.keyboard.type("Laptop hilang dalam perjalanan ke Desa Sukamaju")  # the field has focus
    shot(page, "laptop-revoke")
    page.set_viewport_size(PHONE)
    assert page.evaluate(OVERFLOW) <= 0
    page.set_viewport_size(LAPTOP)
    tab_to(page, "Cabut laptop ini", most=60)
    press_enter(page)

    assert page.url.startswith(server.url + "/laptop?dicabut=")
    assert page.get_by_role("status").inner_text() == (
        f"Laptop {name} ({result.device_id[:16]}) sudah dicabut."
    )
    row = page.locator(f"#laptop-{result.device_id[:16]}")
    assert row.locator("ul.flags li").all_inner_texts() == ["dicabut"]
    flags_colour = row.locator("td.flags-cell").evaluate("e => getComputedStyle(e).color")
    assert flags_colour == "rgb(164, 38, 44)", "said in the warning colour"
    assert row.get_by_role("link").count() == 0, "nothing more to revoke"
    shot(page, "laptop-revoked")
