"""Rekaman shows where each printed card is (issue 49 §2), from the laptops' reports.

The real service over HTTPS (SQLite and PostgreSQL): a laptop's records printed with
``records set-state``, their handovers reported through ``POST /v1/handovers``; the
list's state column says the latest outcome in words under the state, and a record's page lists each
step in its "Kartu" section: the day, the outcome, the receiver's role, the courier's
receipt and the laptop.  Every word on those pages is the catalogue's.
"""

from __future__ import annotations

import contextlib
import json
import re
import uuid
from typing import TYPE_CHECKING, Any

from sync.protocol import HANDOVERS_PATH
from sync.server.console import cards_sentences, handover_view, records
from tests.sync.server.consolesupport import add_account, foreign, log_in, visible_text
from tests.sync.server.dcsupport import (
    DataCenterProcess,
    Laptop,
    new_code,
    searched,
    set_state,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    import httpx

assert handover_view.handover_view_sentences  # their words, registered
assert cards_sentences  # a record's page says its printed cards (none here) in theirs
assert records.records_sentences

OK, REDIRECT = 200, 303
CONTEXTS = {"console", "console_records", "console_cards", "console_handover", "console_people"}


@contextlib.contextmanager
def _logged_in(server: DataCenterProcess) -> Iterator[httpx.Client]:
    name = f"op{uuid.uuid4().hex[:6]}"
    assert add_account(server, name, "operator").returncode == 0
    with server.client() as client:
        assert log_in(client, name).status_code == REDIRECT
        yield client


def _report(laptop: Laptop, *events: dict[str, Any]) -> None:
    body = json.dumps({"events": list(events)}).encode()
    answer = laptop.signed(
        "POST", HANDOVERS_PATH, body, headers={"content-type": "application/json"}
    )
    assert answer.status_code == OK, answer.text
    assert {v["verdict"] for v in answer.json()["verdicts"]} == {"stored"}


def _event(
    record_id: str, outcome: str, role: str, day: str, receipt: str | None = None
) -> dict[str, Any]:
    return {
        "event_id": str(uuid.uuid4()),
        "record_id": record_id,
        "outcome": outcome,
        "receiver_role": role,
        "handed_over_on": day,
        "courier_receipt": receipt,
    }


def _row_state(page: httpx.Response, record_id: str) -> str:
    """The state cell of the list's row of ``record_id``."""
    assert page.status_code == OK, page.text
    row = re.search(
        r'<tr[^>]*>\s*<th scope="row"><a href="/rekaman/[^/"]+/'
        + re.escape(record_id)
        + r'".*?</tr>',
        page.text,
        re.DOTALL,
    )
    assert row is not None, record_id
    return row.group(0)


def test_the_list_and_the_record_page_say_where_the_card_is(
    datacenter: DataCenterProcess,
) -> None:
    with _logged_in(datacenter) as client:
        laptop = Laptop(client)
        laptop.enroll(new_code(datacenter))
        delivered, waiting = laptop.seal(), laptop.seal()
        laptop.sync(delivered, waiting)
        for record in (delivered, waiting):
            searched(datacenter, record.record_id)
            set_state(datacenter, record.record_id, "PRINTED", "READY_FOR_HANDOVER")
        receipt = "5f0c2a9e-1111-4222-8333-944455556666"
        # Reported in the reverse order: the page still lists the courier first.
        _report(laptop, _event(delivered.record_id, "family", "Wali/pengampu", "2026-11-20"))
        _report(laptop, _event(delivered.record_id, "courier", "Kurir", "2026-11-20", receipt))

        listing = client.get("/rekaman", params={"latihan": "1"})
        assert (
            '<td>siap diserahkan<br><span class="card-outcome">'
            "Kartu: diserahkan kepada keluarga</span></td>"
        ) in _row_state(listing, delivered.record_id)
        assert "<td>siap diserahkan</td>" in _row_state(listing, waiting.record_id)

        page = client.get(f"/rekaman/{laptop.device_id}/{delivered.record_id}")
        assert page.status_code == OK, page.text
        section = page.text[page.text.index('id="kartu-serah"') :]
        rows = re.findall(r"<tr>\s*<td class=\"when\">(.*?)</tr>", section, re.DOTALL)
        cells = [re.findall(r"<td[^>]*>(.*?)</td>", "<td>" + r) for r in rows]
        laptop_label = laptop.device_id[:12]
        assert cells == [
            ["20-11-2026", "dibawa kurir", "Kurir", receipt[:8], laptop_label],
            ["20-11-2026", "diserahkan kepada keluarga", "Wali/pengampu", "", laptop_label],
        ]
        assert "Kartu: diserahkan kepada keluarga</span></dd>" in page.text

        none = client.get(f"/rekaman/{laptop.device_id}/{waiting.record_id}")
        assert "Belum ada laporan serah terima untuk kartu ini." in none.text

        data = {
            laptop.device_id,
            laptop_label,
            delivered.record_id,
            waiting.record_id,
            delivered.record_id[:8],
            waiting.record_id[:8],
            receipt[:8],
            "Kurir",
            "Wali/pengampu",
        }
        for shown in (listing, page, none):
            strays = foreign(visible_text(shown.text), "id", CONTEXTS, data)
            strays = [s for s in strays if not re.fullmatch(r"[\d\- :]+", s)]
            assert strays == [], strays
