"""A card's whereabouts in a real browser (Debian's Chromium, Playwright) at 1366x768.

An operator opens Rekaman from the nav by keyboard, reads in the state column that a
card went to a family member after a courier, opens the record and reads its "Kartu"
section; nothing scrolls sideways.  Screenshots: ``test-artifacts/console/kartu-*.png``.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING

from sync.protocol import HANDOVERS_PATH
from tests.sync.server.browsersupport import (
    LAPTOP,
    OVERFLOW,
    log_in,
    new_page,
    press_enter,
    shot,
    tab_to,
)
from tests.sync.server.consolesupport import console_server
from tests.sync.server.dcsupport import searched, set_state
from tests.sync.server.recordsupport import (
    PLAN_DATE,
    SUMBERJO,
    office_with_plan,
    sealed,
    visit_of,
)
from tests.sync.server.test_office_steering import _enrolled

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser

OK = 200
RECEIPT = "5f0c2a9e-1111-4222-8333-944455556666"


def test_an_operator_reads_where_a_card_went_by_keyboard(tmp_path: Path, browser: Browser) -> None:
    with console_server(tmp_path, rina="operator") as dc:
        plan = office_with_plan(dc, tmp_path)
        with dc.client() as client:
            laptop, _key = _enrolled(dc, client)
            record = sealed(laptop, visit_of(plan.planned, PLAN_DATE, SUMBERJO))
            laptop.sync(record)
            searched(dc, record.record_id)
            set_state(dc, record.record_id, "PRINTED", "READY_FOR_HANDOVER")
            steps = [
                ("courier", "Kurir", RECEIPT),
                ("family", "Wali/pengampu", None),
            ]
            events = [
                {
                    "event_id": str(uuid.uuid4()),
                    "record_id": record.record_id,
                    "outcome": outcome,
                    "receiver_role": role,
                    "handed_over_on": "2026-11-24",
                    "courier_receipt": receipt,
                }
                for outcome, role, receipt in steps
            ]
            answer = laptop.signed(
                "POST",
                HANDOVERS_PATH,
                json.dumps({"events": events}).encode(),
                headers={"content-type": "application/json"},
            )
            assert answer.status_code == OK, answer.text

        page = new_page(browser, LAPTOP)
        log_in(page, dc.url, "rina")
        tab_to(page, "Rekaman", most=30)
        press_enter(page)
        assert page.locator("h1").inner_text() == "Rekaman"
        cells = page.get_by_role("row").nth(1).locator("td").all_inner_texts()
        assert "siap diserahkan\nKartu: diserahkan kepada keluarga" in cells
        assert page.evaluate(OVERFLOW) <= 0
        shot(page, "kartu-list")

        tab_to(page, record.record_id[:8], most=30)
        press_enter(page)
        table = page.get_by_role("table", name="Serah terima kartu, dari yang terlama")
        rows = [r.locator("td").all_inner_texts() for r in table.locator("tbody tr").all()]
        assert rows == [
            ["24-11-2026", "dibawa kurir", "Kurir", RECEIPT[:8], "laptop-tim-1"],
            ["24-11-2026", "diserahkan kepada keluarga", "Wali/pengampu", "", "laptop-tim-1"],
        ]
        assert page.evaluate(OVERFLOW) <= 0
        page.get_by_role("heading", name="Serah terima kartu").scroll_into_view_if_needed()
        shot(page, "kartu-record")
