"""The office's day in its console, in one browser session: the path issue 34 asks for.

Debian's Chromium at 1366x768, the keyboard alone, in Indonesian, against the real data
center process. An administrator logs in; sees the laptop the team took out and the two
records it pushed; enrolls a new laptop from the QR page (the QR read back from the
screen's pixels) and revokes it; adds an officer and a rule that the team's laptop then
receives in its office package; acknowledges another laptop's audit finding; and looks
at Operasi and Akun. Each screen is kept as ``test-artifacts/console/journey-*.png``;
the main ones are in README.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from sync.bundle import EnrollmentBundle, parse_bundle
from sync.client.client import SyncClient
from sync.client.enroll import enroll_laptop
from sync.client.errors import SyncError, SyncReason
from sync.office_package import open_package
from tests.support import OFFICE
from tests.sync.server.auditsupport import tampered_laptop
from tests.sync.server.browsersupport import (
    OVERFLOW,
    UNLABELLED,
    log_in,
    new_page,
    press_enter,
    qr_text,
    shot,
    tab_to,
)
from tests.sync.server.consolesupport import add_account
from tests.sync.server.dcsupport import DataCenterProcess, Laptop
from tests.sync.server.recordsupport import (
    NIK,
    PERSON,
    PLAN_DATE,
    SUMBERJO,
    office_with_plan,
    sealed,
    visit_of,
)
from tests.sync.server.test_office_steering import _enrolled

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from cryptography.hazmat.primitives.asymmetric import x25519
    from playwright.sync_api import Browser, Page

    from fieldkit.workspace import Workspace


class Office:
    """The data center as the day begins, and what the test holds of it."""

    def __init__(self, dc: DataCenterProcess, team: Laptop, team_key: x25519.X25519PrivateKey):
        self.dc = dc
        self.team = team
        self.team_key = team_key


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    """An admin, the office's plan, a team laptop that pushed two records, a tampered one."""
    dc = DataCenterProcess(tmp_path / "dc", tmp_path / "dc.log")
    done = add_account(dc, "rina", "admin")
    assert done.returncode == 0, done.stderr
    dc.start()
    try:
        plan = office_with_plan(dc, tmp_path)
        with dc.client() as client:
            team, key = _enrolled(dc, client)  # laptop-tim-1: a failed scanner, old records
            team.sync(
                sealed(team, visit_of(plan.planned, PLAN_DATE, SUMBERJO)),
                sealed(team, visit_of(plan.planned, PLAN_DATE, SUMBERJO)),
            )
            tampered_laptop(dc, client, "laptop-tim-2")
            yield Office(dc, team, key)
    finally:
        dc.stop()


def _go(page: Page, screen: str) -> None:
    """The main menu's link to ``screen``, by Tab and Enter."""
    tab_to(page, screen)
    press_enter(page)
    assert page.locator("h1").first.inner_text().startswith(screen.split(" ", maxsplit=1)[0])
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(OVERFLOW) <= 0


def _sees_the_team_and_its_records(page: Page, office: Office) -> None:
    attention = page.locator("section.attention-list").inner_text()
    assert "laptop-tim-1" in attention
    assert "ada temuan audit yang belum diakui (lihat Audit)" in attention  # laptop-tim-2's
    tiles = page.locator("ul.tiles .number").all_inner_texts()
    assert tiles[0] == "2", tiles  # the two records arrived today
    shot(page, "journey-beranda")

    _go(page, "Laptop")
    row = page.get_by_role("row", name=re.compile("^laptop-tim-1"))
    assert row.locator("td").first.inner_text() == "0.9.0"
    shot(page, "journey-laptop")

    _go(page, "Rekaman")
    rows = page.locator("table.records tbody tr")
    assert rows.count() == 2
    assert all("Sumberjo" in text for text in rows.all_inner_texts())
    assert NIK not in page.content()
    assert PERSON not in page.content()
    shot(page, "journey-rekaman")


def _enrolls_and_revokes_a_laptop(page: Page, office: Office, workspace: Workspace) -> None:
    _go(page, "Laptop")
    tab_to(page, "Buat kode")
    press_enter(page)
    assert page.locator("h1").inner_text() == "Kode pendaftaran laptop baru"
    code = page.locator("#enroll-code").inner_text().replace(" ", "")
    held = qr_text(page)
    assert (
        held
        == EnrollmentBundle(
            url=page.locator("#bundle-url").inner_text(),
            code=code,
            ca_fingerprint=office.dc.fingerprint,
        ).text()
    )
    shot(page, "journey-laptop-qr")

    # The new laptop reads the QR code's bundle, as its camera button does, and enrolls.
    bundle = parse_bundle(held)
    enrolled = enroll_laptop(
        workspace, bundle.url, bundle.code, ca_fingerprint_expected=bundle.ca_fingerprint
    )
    short_id = enrolled.device_id[:16]
    tab_to(page, "Selesai: sembunyikan kode")
    press_enter(page)
    new_row = page.locator(f"#laptop-{short_id}")
    name = new_row.locator("th").inner_text().split("\n")[0]

    tab_to(page, f"Cabut {name}")
    press_enter(page)
    assert page.locator("h1").inner_text() == "Cabut laptop"
    page.keyboard.type("Laptop uji pendaftaran, tidak dibawa ke lapangan")
    tab_to(page, "Cabut laptop ini")
    press_enter(page)
    assert page.get_by_role("status").inner_text() == f"Laptop {name} ({short_id}) sudah dicabut."
    assert page.locator(f"#laptop-{short_id}").inner_text().count("dicabut") >= 1
    shot(page, "journey-laptop-revoked")
    with pytest.raises(SyncError) as refused:
        SyncClient(workspace).pull_status()
    assert refused.value.reason is SyncReason.DEVICE_REVOKED


def _adds_an_officer_and_a_rule(page: Page, office: Office) -> None:
    _go(page, "Petugas & aturan")
    tab_to(page, "Tambah petugas")
    press_enter(page)
    page.wait_for_function("() => document.activeElement && document.activeElement.id")
    page.keyboard.type("dewi")
    page.keyboard.press("Tab")
    page.keyboard.type("Dewi Lestari, S.Kom.")
    tab_to(page, "Tambah petugas dan buat kode")
    press_enter(page)
    assert page.locator("h1").inner_text() == "Kode login pertama untuk dewi"
    shot(page, "journey-petugas-kode")

    tab_to(page, "Kembali ke daftar petugas")
    press_enter(page)
    assert page.get_by_role("row", name=re.compile("^dewi")).count() == 1
    tab_to(page, "Kantor & aturan")
    press_enter(page)
    tab_to(page, "Wajah")
    page.keyboard.press("Control+A")
    page.keyboard.type("61")
    press_enter(page)
    assert page.get_by_role("status").inner_text().startswith("Aturan sudah disimpan")
    shot(page, "journey-petugas-aturan")

    # The team's laptop asks for its office package, as its next sync does.
    answer = office.team.signed("GET", "/v1/office/package")
    assert answer.status_code == 200, answer.text
    document = open_package(
        answer.content,
        package_private_key=office.team_key,
        receipt_public_key=office.team.receipt_key,
        office_code=OFFICE,
        device_id=office.team.device_id,
    )
    officers = {o["username"]: o for o in document["officers"]}
    assert officers["dewi"]["full_name"] == "Dewi Lestari, S.Kom."
    assert document["rules"]["thresholds"]["face"] == 61.0


def _acknowledges_the_audit_finding(page: Page) -> None:
    _go(page, "Audit")
    assert "laptop-tim-2" in page.inner_text("main")
    shot(page, "journey-audit")
    tab_to(page, "Alasan (wajib, paling banyak 500 karakter)")
    page.keyboard.type("Laptop dipulihkan dari cadangan oleh teknisi kantor pada 24 November")
    tab_to(page, "Akui")
    press_enter(page)
    assert page.locator("h1").inner_text().startswith("Akui temuan laptop laptop-tim-2")
    tab_to(page, "Ya, akui")
    press_enter(page)
    assert (
        page.get_by_role("status")
        .inner_text()
        .startswith("Temuan laptop laptop-tim-2 sudah diakui")
    )
    assert page.locator("table.findings").count() == 0, "nothing left to acknowledge"
    shot(page, "journey-audit-acknowledged")


def test_the_office_works_its_day_in_the_console(
    office: Office, browser: Browser, workspace: Workspace
) -> None:
    page = new_page(browser)
    log_in(page, office.dc.url, "rina")

    _sees_the_team_and_its_records(page, office)
    _enrolls_and_revokes_a_laptop(page, office, workspace)
    _adds_an_officer_and_a_rule(page, office)
    _acknowledges_the_audit_finding(page)

    _go(page, "Operasi")
    assert "Siap" in page.inner_text("main")
    shot(page, "journey-operasi")
    _go(page, "Akun")
    assert page.get_by_role("row", name=re.compile("^rina")).count() == 1
    shot(page, "journey-akun")

    tab_to(page, "Keluar")
    press_enter(page)
    assert page.get_by_role("status").inner_text() == "Anda sudah keluar."
    page.goto(office.dc.url + "/rekaman")
    assert page.url.endswith("/masuk"), "the session is gone"
