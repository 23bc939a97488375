"""Antrean cetak in a real browser (issue 49 §2), keyboard only, at 1366x768 (Debian's
Chromium, Playwright).

An operator opens the print queue from the menu, filters it to one desa, ticks two
cards with Space, types their chip UIDs, marks them printed, sees them leave the queue,
and finds the UID on the record's page.  Screenshots go to
``test-artifacts/console/cetak-*.png``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from sync.protocol import RecordState
from sync.server.store.tables import records
from tests.sync.server.browsersupport import (
    FOCUSED_ID,
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
from tests.sync.server.consolesupport import console_server, database
from tests.sync.server.recordsupport import KALIREJO, SUMBERJO, office_with_plan, visit_of
from tests.sync.server.test_office_steering import _enrolled

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser

    from tests.sync.server.dcsupport import DataCenterProcess

#: ``--warn`` of console.css (light theme): the red that repeats "Terlambat".
WARN = "rgb(164, 38, 44)"
#: The people of the three records: (name, NIK), synthetic.
PEOPLE = [
    ("Siti Aminah", "3315014107900011"),
    ("Budi Santoso", "3315010101800022"),
    ("Karsinah", "3315014505500033"),
]
UIDS = ["04A1B2C3", "04D5E6F7A8B9C0"]


def _header(visit: dict[str, Any], name: str, nik: str) -> dict[str, Any]:
    return {"format": "fieldkit-record-1", "nik": nik, "person": {"nik": nik, "name": name}}


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[DataCenterProcess, list[str]]]:
    """An operator's account; two print-ready records in Sumberjo and one (late) in Kalirejo."""
    with console_server(tmp_path, rina="operator") as dc:
        plan = office_with_plan(dc, tmp_path)
        visits = [
            visit_of(plan.planned, "2026-11-20", SUMBERJO),
            visit_of(plan.planned, "2026-11-20", SUMBERJO),
            visit_of(plan.unplanned, "2026-10-05", KALIREJO),
        ]
        with dc.client() as client:
            laptop, _key = _enrolled(dc, client)
            made = [
                laptop.seal({**_header(v, n, k), "visit": v})
                for v, (n, k) in zip(visits, PEOPLE, strict=True)
            ]
            laptop.sync(*made)
        with database(dc) as engine, engine.begin() as conn:
            conn.execute(records.update().values(state=RecordState.PRINT_READY_RECORD.value))
        yield dc, [r.record_id for r in made]


def test_an_operator_filters_the_queue_and_marks_two_cards_printed_by_keyboard(  # noqa: PLR0915 - one journey
    office: tuple[DataCenterProcess, list[str]], browser: Browser
) -> None:
    dc, made = office
    page = new_page(browser, LAPTOP)
    log_in(page, dc.url, "rina")
    tab_to(page, "Antrean cetak", most=20, reads=FOCUSED_TEXT)
    press_enter(page)
    assert page.locator("h1").inner_text() == "Antrean cetak"
    rows = page.locator("table.print-queue tbody tr")
    assert rows.count() == 3
    # The oldest promise first: Karsinah's, long past, says so in words and in red.
    late = rows.first.locator("td.promise")
    assert "Karsinah" in rows.first.inner_text()
    assert late.locator(".standing").inner_text().startswith("Terlambat ")
    assert late.evaluate("e => getComputedStyle(e).color") == WARN
    assert "3315014505500033" not in page.inner_text("main"), "the NIK's last 4 digits only"
    assert "0033" in rows.first.inner_text()
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "cetak-semua")

    # Only Sumberjo: the desa chosen by typing its name in the list, then "Tampilkan".
    tab_to(page, "desa", most=30, reads=FOCUSED_ID)
    page.keyboard.type("Sumberjo")
    tab_to(page, "Tampilkan", most=10, reads=FOCUSED_TEXT)
    press_enter(page)
    assert page.locator("#desa").input_value() == SUMBERJO
    assert rows.count() == 2
    assert "Karsinah" not in page.inner_text("table.print-queue")

    # Tick each with Space and type its UID; the date stays today's.
    for name, uid in zip(["Siti Aminah", "Budi Santoso"], UIDS, strict=True):
        tab_to(page, f"Cetak {name}", most=40)
        page.keyboard.press("Space")
        tab_to(page, f"UID chip kartu {name}", most=5)
        page.keyboard.type(uid)
    assert page.locator("input[type=checkbox]:checked").count() == 2
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "cetak-antrean")
    tab_to(page, "Tandai yang dipilih sudah dicetak", most=10, reads=FOCUSED_TEXT)
    press_enter(page)

    assert page.locator("p[role=status].info").inner_text() == "2 KTP-el ditandai sudah dicetak."
    assert page.locator("#desa").input_value() == SUMBERJO, "the filter stays"
    assert "Tidak ada rekaman yang menunggu dicetak." in page.inner_text("main")
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "cetak-selesai")

    # The record's page, from Rekaman: its card's UID, day and who marked it.
    tab_to(page, "Rekaman", most=20, reads=FOCUSED_TEXT)
    press_enter(page)
    siti = made[0]
    tab_to(page, siti[:8], most=60, reads=FOCUSED_TEXT)
    press_enter(page)
    assert page.locator("h1").inner_text() == f"Rekaman {siti[:8]}"
    card = page.locator("table.cards tbody tr")
    assert card.count() == 1
    cells = card.locator("td").all_inner_texts()
    assert cells[0] == UIDS[0]
    assert cells[2] == "rina"
    # Its person, opened for this page (issue 56.6), never the whole NIK.
    assert page.locator("section.person-facts dd").first.inner_text() == "Siti Aminah"
    assert PEOPLE[0][1] not in page.inner_text("main"), "the NIK's last four digits only"
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "cetak-rekaman")
