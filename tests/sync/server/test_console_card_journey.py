"""The card in hand, in the office's console: the journey issue 49 asks for.

Debian's Chromium at 1366x768, the keyboard alone, in Indonesian, against the real data
center process.  A laptop pushes two recordings: Siti Aminah's, recorded two days ago,
and Karsinah's, recorded in September, long past its promise.  Penunggalan passes both
(its own journey is ``tests/e2e/test_penunggalan_journey.py``).  The administrator:

- sees on Beranda one record overdue, follows the tile and finds Karsinah's in red;
- searches Rekaman for Siti by name and finds her record alone, named with her sex and
  birth year;
- prints her card in Antrean cetak with its chip UID; the queue keeps Karsinah's;
- in Distribusi, first schedules Sutrisno's card, recorded on a visit planned with no desa
  code (issue 59 §1): it waits under "Tanpa desa", the administrator chooses Kalirejo
  for it with the keyboard, and Grafik then counts it in Kalirejo;
- schedules Siti's for delivery in Distribusi (Sumberjo, by the laptop's team, the next
  working day) and opens the delivery's BA serah terima; the laptop's status pull then
  finds the card READY_FOR_HANDOVER;
- the laptop hands the card to Siti's family and its push reports it
  (``POST /v1/handovers``, signed as the laptop signs; the same path with the laptop's
  real window, its sync and Serah terima is ``tests/e2e/test_card_journey.py``);
- opens Siti's record: her name, sex, birth year and desa (the NIK's last four digits),
  the card's UID, who marked it, the handover, the history of states;
- sees both in Grafik, whose numbers are its tables';
- finds each view of a person in Audit (issue 56.6).

Screens: ``test-artifacts/console/kartu-journey-*.png``.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import TYPE_CHECKING, Any

import pytest

from sync.protocol import RecordState
from sync.server.store.tables import records
from tests.sync.server.axesupport import assert_accessible
from tests.sync.server.browsersupport import (
    FOCUSED_ID,
    FOCUSED_TEXT,
    LAPTOP,
    OVERFLOW,
    log_in,
    new_page,
    press_enter,
    shot,
    tab_to,
)
from tests.sync.server.consolesupport import console_server, database
from tests.sync.server.dcsupport import dc_cli
from tests.sync.server.recordsupport import KALIREJO, SUMBERJO, office_with_plan, visit_of
from tests.sync.server.test_office_steering import _enrolled

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser, Page

    from tests.sync.server.dcsupport import DataCenterProcess, Laptop

#: The people, synthetic: (name, NIK).
SITI = ("Siti Aminah", "3315014107900011")
KARSINAH = ("Karsinah", "3315014505500033")
#: Recorded on a visit planned with no desa code (issue 59 §1), his card already printed.
SUTRISNO = ("Sutrisno", "3315011203650002")
#: Their sex and birth dates, as their NIKs say them (a woman's day of birth plus 40).
BORN = {
    SITI[1]: ("P", "1990-07-01"),
    KARSINAH[1]: ("P", "1950-05-05"),
    SUTRISNO[1]: ("L", "1965-03-12"),
}
UID = "04A1B2C3D4E5F6"
SUTRISNO_UID = "04A1B2C3"
#: Where the focused link leads: Beranda's tiles are a number and a sentence.
FOCUSED_HREF = "() => (document.activeElement && document.activeElement.getAttribute('href')) || ''"
#: READY_FOR_HANDOVER in the console's words: the delivery made it so.
READY = "siap diserahkan"
#: ``--warn`` of console.css (light theme): overdue's red.
WARN = "rgb(164, 38, 44)"


def _header(person: tuple[str, str], visit: dict[str, Any]) -> dict[str, Any]:
    name, nik = person
    return {
        "format": "fieldkit-record-1",
        "nik": nik,
        "person": {"nik": nik, "name": name, "sex": BORN[nik][0], "birth_date": BORN[nik][1]},
        "officer": {"username": "ani", "full_name": "Ani Petugas", "role": "operator"},
        "visit": visit,
    }


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[DataCenterProcess, Laptop, list[str]]]:
    """An administrator, the office's plan, a laptop and its two records, penunggalan passed."""
    with console_server(tmp_path, rina="admin") as dc:
        plan = office_with_plan(dc, tmp_path)
        recent = (dt.datetime.now(dt.UTC).astimezone().date() - dt.timedelta(days=2)).isoformat()
        with dc.client() as client:
            laptop, _key = _enrolled(dc, client)
            named = dc_cli(
                dc, "laptops", "name", laptop.device_id, "--name", "Laptop Tim 2", "--team", "Tim 2"
            )
            assert named.returncode == 0, named.stderr
            made = [
                laptop.seal(_header(SITI, visit_of(plan.planned, recent, SUMBERJO))),
                laptop.seal(_header(KARSINAH, visit_of(plan.unplanned, "2026-09-28", KALIREJO))),
                laptop.seal(_header(SUTRISNO, visit_of(str(uuid.uuid4()), recent, None))),
            ]
            laptop.sync(*made)
            with database(dc) as engine, engine.begin() as conn:
                conn.execute(records.update().values(state=RecordState.PRINT_READY_RECORD.value))
            sutrisno = made[2].record_id
            printed = dc_cli(dc, "cards", "printed", sutrisno, "--card-uid", SUTRISNO_UID)
            assert printed.returncode == 0, printed.stderr
            yield dc, laptop, [r.record_id for r in made]


def _hand_over_on_the_laptop(laptop: Laptop, record_id: str) -> None:
    """The laptop's push reports the card given to a family member (its wire format)."""
    event = {
        "event_id": str(uuid.uuid4()),
        "record_id": record_id,
        "outcome": "family",
        "receiver_role": "Anak kandung",
        "handed_over_on": dt.datetime.now(dt.UTC).astimezone().date().isoformat(),
        "courier_receipt": None,
    }
    answer = laptop.signed(
        "POST",
        "/v1/handovers",
        json.dumps({"events": [event]}).encode(),
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 200, answer.text
    assert [v["verdict"] for v in answer.json()["verdicts"]] == ["stored"], answer.text


def _go(page: Page, nav: str) -> None:
    tab_to(page, nav, most=40, reads=FOCUSED_TEXT)
    press_enter(page)
    assert page.locator("h1").inner_text().startswith(nav.split(maxsplit=1)[0]), page.url


def test_a_record_is_searched_printed_handed_over_and_its_history_shown(  # noqa: PLR0915 - one journey
    office: tuple[DataCenterProcess, Laptop, list[str]], browser: Browser
) -> None:
    dc, laptop, (siti, karsinah, sutrisno) = office
    page = new_page(browser, LAPTOP)
    log_in(page, dc.url, "rina")

    # Beranda: one overdue; its tile lists Karsinah's record, in red.
    overdue = page.locator("li.overdue-tile .number")
    assert overdue.inner_text() == "1"
    tab_to(page, "/rekaman?tenggat=terlambat", most=40, reads=FOCUSED_HREF)
    press_enter(page)
    assert "tenggat=terlambat" in page.url
    rows = page.locator("table.records tbody tr")
    assert rows.count() == 1
    assert karsinah[:8] in rows.first.inner_text()
    late = rows.first.locator("td.promise")
    assert late.evaluate("e => getComputedStyle(e).color") == WARN
    shot(page, "kartu-journey-terlambat")

    # Rekaman: Siti by name.
    _go(page, "Rekaman")
    tab_to(page, "cari", most=40, reads=FOCUSED_ID)
    page.keyboard.type("siti aminah")
    tab_to(page, "Tampilkan", most=40, reads=FOCUSED_TEXT)
    press_enter(page)
    rows = page.locator("table.records tbody tr")
    assert rows.count() == 1
    assert siti[:8] in rows.first.inner_text()
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "kartu-journey-cari")

    # Antrean cetak: her card, with its UID.
    _go(page, "Antrean cetak")
    queue = page.locator("table.print-queue tbody tr")
    assert queue.count() == 2
    assert "Karsinah" in queue.first.inner_text(), "the oldest promise first"
    tab_to(page, "Cetak Siti Aminah", most=60)
    page.keyboard.press("Space")
    tab_to(page, "UID chip kartu Siti Aminah", most=5)
    page.keyboard.type(UID)
    shot(page, "kartu-journey-cetak")
    tab_to(page, "Tandai yang dipilih sudah dicetak", most=20, reads=FOCUSED_TEXT)
    press_enter(page)
    assert page.locator("p[role=status].info").inner_text() == "1 KTP-el ditandai sudah dicetak."
    assert queue.count() == 1
    assert "Karsinah" in queue.first.inner_text()

    # Distribusi: Sutrisno's card, recorded with no desa, waits first in "Tanpa desa"
    # (issue 59 §1); the operator chooses Kalirejo for it and schedules it.
    _go(page, "Distribusi")
    groups = page.locator("section.delivery-group")
    assert groups.count() == 2
    assert groups.first.locator("h2").inner_text().startswith("Tanpa desa")
    assert "Sutrisno" in groups.first.inner_text()
    assert_accessible(page, "Distribusi, tanpa desa")
    # Scheduled with no desa chosen: said over the group, in Indonesian, nothing stored.
    tab_to(page, "Jadwalkan distribusi kartu yang dicentang", most=40, reads=FOCUSED_TEXT)
    press_enter(page)
    alert = page.locator("section.delivery-group p[role=alert]")
    assert alert.inner_text() == (
        "Pilih desa tujuan untuk kartu yang tanpa desa. Tidak ada yang disimpan."
    )
    shot(page, "kartu-journey-distribusi-tanpa-desa-ditolak")
    tab_to(page, "Desa tujuan kartu", most=40)
    page.keyboard.type("Kalirejo")  # the closed list's type-ahead, as a keyboard user does
    assert page.evaluate("() => document.activeElement.value") == KALIREJO
    shot(page, "kartu-journey-distribusi-tanpa-desa")
    tab_to(page, "Jadwalkan distribusi kartu yang dicentang", most=10, reads=FOCUSED_TEXT)
    press_enter(page)
    assert page.locator("h1").inner_text().startswith("BERITA ACARA SERAH TERIMA KTP-EL")
    ba = page.locator("table.ba-cards tbody tr td, table.ba-cards tbody tr th").all_inner_texts()
    assert ba[1:2] + ba[-1:] == ["Sutrisno", SUTRISNO_UID]
    assert f"Kalirejo ({KALIREJO})" in page.inner_text("main")
    shot(page, "kartu-journey-ba-tanpa-desa")

    # Then Siti's card, alone in Sumberjo's group and ticked, scheduled for delivery.
    _go(page, "Distribusi")
    assert groups.count() == 1
    assert "Siti Aminah" in groups.first.inner_text()
    assert "Laptop Tim 2 · Tim 2" in groups.first.inner_text()
    assert page.locator("input[type=checkbox][name^=kartu_]:checked").count() == 1
    assert_accessible(page, "Distribusi")
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "kartu-journey-distribusi")
    tab_to(page, "Jadwalkan distribusi kartu yang dicentang", most=40, reads=FOCUSED_TEXT)
    press_enter(page)
    assert page.locator("h1").inner_text().startswith("BERITA ACARA SERAH TERIMA KTP-EL")
    assert page.locator("p[role=status].info").inner_text().endswith("dijadwalkan: 1 KTP-el.")
    ba = page.locator("table.ba-cards tbody tr td, table.ba-cards tbody tr th").all_inner_texts()
    assert ba == ["1", "Siti Aminah", SITI[1][-4:], "470/77/2026", UID]
    assert SITI[1] not in page.inner_text("main"), "the NIK's last four digits only"
    assert_accessible(page, "BA serah terima")
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "kartu-journey-ba")
    page.emulate_media(media="print")  # as the browser prints it: no menus, the BA alone
    assert not page.locator("nav.screens").is_visible()
    assert not page.locator(".print-actions").is_visible()
    shot(page, "kartu-journey-ba-cetak")
    page.emulate_media(media="screen")

    # The laptop pulls the state: the card is ready to hand over.
    feed = laptop.signed("GET", "/v1/status?since=0&limit=100").json()["entries"]
    assert [e["state"] for e in feed if e["record_id"] == siti][-1] == "READY_FOR_HANDOVER"
    # It hands the card over, and its push reports it.
    _hand_over_on_the_laptop(laptop, siti)

    # Siti's record: the card, the handover, the states.
    page.goto(f"{dc.url}/rekaman?cari=siti+aminah")
    # A search's results name their people (issue 56.6): name, sex, birth year.
    found = page.locator("table.records tbody td.person").all_inner_texts()
    assert [" ".join(f.split()) for f in found] == ["Siti Aminah perempuan · 1990"], found
    tab_to(page, siti[:8], most=60, reads=FOCUSED_TEXT)
    press_enter(page)
    assert page.locator("h1").inner_text() == f"Rekaman {siti[:8]}"
    card = page.locator("table.cards tbody tr").first.locator("td").all_inner_texts()
    assert (card[0], card[2]) == (UID, "rina")
    steps = page.locator("table.card-steps tbody tr").first.locator("td").all_inner_texts()
    assert steps[1:3] == ["diserahkan kepada keluarga", "Anak kandung"]
    history = page.get_by_role("table", name="Status rekaman, dari yang terlama")
    states = history.locator("tbody tr td:nth-child(3)").all_inner_texts()
    assert states[-2:] == ["KTP-el sudah dicetak", READY], states
    assert "Dijadwalkan diantar: DST-" in page.inner_text("section.record-card")
    # The record's page names her, and says that this view is in the audit (issue 56.6).
    facts = page.locator("section.person-facts dd").all_inner_texts()
    assert facts == ["Siti Aminah", "perempuan", "1990", f"Sumberjo ({SUMBERJO})", SITI[1][-4:]]
    assert SITI[1] not in page.inner_text("main"), "the NIK's last four digits only"
    assert page.evaluate(OVERFLOW) <= 0
    shot(page, "kartu-journey-rekaman")

    # The list says where the card is; Grafik counts both recordings.
    _go(page, "Rekaman")
    assert "Kartu: diserahkan kepada keluarga" in page.inner_text("table.records")
    _go(page, "Grafik")
    desa = page.locator("#grafik-desa-judul + svg rect.bar").evaluate_all(
        "rs => rs.map(r => [r.dataset.key, Number(r.dataset.value)])"
    )
    # Sutrisno's record is placed in the desa his card went to: no "tidak diketahui" bar.
    assert sorted(desa) == [[SUMBERJO, 1], [KALIREJO, 1]], (
        "Karsinah's September visit is before the 8 weeks"
    )
    assert sutrisno
    shot(page, "kartu-journey-grafik")

    # Audit: each page that showed a person is there, by whom (issue 56.6).
    page.goto(f"{dc.url}/audit/konsol")
    trail = page.locator("table.trail tbody").inner_text()
    assert "data orang dilihat" in trail, trail
    shot(page, "kartu-journey-audit")
