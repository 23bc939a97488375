"""Penunggalan end to end (issue 48): two laptops, the search, the office's decision, the words.

Two laptops record the same person under two NIKs and push: laptop A records Demo
Sasaran 1, laptop B records the same subject of the simulators as Demo Sasaran 2 (another
NIK) and a different person, Demo Sasaran 3.  The data center's real ``dedup run --once``
makes B's second recording a DUPLICATE_RECORD naming A's, and the others
PRINT_READY_RECORD.  In the real window B's next push brings "Data ganda — menunggu
keputusan kantor" and "Siap cetak" to Perekaman's "Pusat data" column; an administrator
compares the pair in the console in Chromium at 1366x768 and decides "a duplicate of" A's
record; after their next push both laptops say what became of each person in words.
Screenshots of the laptops and of the console go to ``test-artifacts/e2e/<test name>/``.

Everything is synthetic: the simulators' made-up people ("Demo Sasaran N").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from fieldkit import demo
from fieldkit.enrollment import visits
from fieldkit.planning.kinds import PlaceType
from sync.protocol import RecordState
from sync.server import catalogue
from tests.e2e.conftest import RunningApp
from tests.e2e.desktop import Desktop, Hands, Snapshot
from tests.e2e.journeys import audit_events, log_in, open_page, problems_on_screen
from tests.support import ADMIN, ADMIN_PASSWORD, init_workspace
from tests.sync.client.officesupport import dc_json
from tests.sync.client.syncsupport import FixedPortDataCenter, client, enroll, server
from tests.sync.server.browsersupport import LAPTOP, OVERFLOW, chromium, new_page
from tests.sync.server.browsersupport import log_in as console_log_in
from tests.sync.server.consolesupport import add_account

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

__all__ = ["server"]  # the data center fixture, shared with tests/sync/client

#: The console's administrator who decides.
WATI = "wati"
REASON = "Orang yang sama, direkam dua kali dengan NIK berbeda"
#: The demo's people by their index: 1 on laptop A; 2 (subject 1 again) and 3 on laptop B.
TWICE, AGAIN, OTHER = 1, 2, 3
#: Perekaman's "Pusat data" column, in the words of fieldkit_id.ts (server_state).
PRINT_READY = "✔ Siap cetak"
WAITING = "⚠ Data ganda — menunggu keputusan kantor"
#: The administrator's reason travels with the state: the team tells the family why.
CLOSED = f"○ Ditutup: rekaman ganda; KTP-el dari rekaman sebelumnya ({REASON})"
NOTHING_TO_SEND = "Tidak ada rekaman yang menunggu dikirim."
SYNC_S = 120
#: How a sentence missing from the console's catalogue shows: its bare code.
UNSAID = "console_records."


def _name(index: int) -> str:
    return f"Demo Sasaran {index}"


@dataclass(frozen=True)
class Laptop:
    """A laptop's store and what it recorded: the assertions name records by their person."""

    home: Path
    device_id: str
    #: The person's name -> their record's id.
    records: dict[str, str]
    #: The person's name -> the NIK they were recorded under.
    niks: dict[str, str]


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Debian's Chromium, as the office's browser (see ``browsersupport``)."""
    with chromium() as launched:
        yield launched


def _record_and_push(
    home: Path, dc: FixedPortDataCenter, kit: demo.SimKit, people: dict[int, int]
) -> Laptop:
    """A real (not training) store, enrolled, people recorded with the simulators, pushed.

    ``people`` maps the demo's index (its NIK and name) to the simulators' subject (whose
    fingers, face and irises); each is recorded on today's walk-in visit, as Perekaman
    records a person met on the spot, and the push sends them all.
    """
    with init_workspace(home) as ws:
        device = enroll(ws, dc)
        region = demo.demo_region(ws)
        visit = visits.new_visit(
            ws,
            desa_code=f"{region}2001",
            visit_date=dt.datetime.now().astimezone().date(),  # Perekaman shows today's
            place=PlaceType.RUMAH,
        )
        records, niks = {}, {}
        for index, subject in people.items():
            record = demo.enroll_one(ws, kit, visit, index, region, subject=subject)
            assert not record.demo
            assert record.review_flags == (), record.review_flags  # nothing held for review
            records[_name(index)] = record.record_id
            niks[_name(index)] = demo.synthetic_person(index, region).nik
        pushed = client(ws).push()
        assert pushed.error is None, pushed.as_json()
        assert pushed.accepted == len(people), pushed.as_json()
    return Laptop(home, device, records, niks)


def _states(dc: FixedPortDataCenter) -> dict[str, dict[str, Any]]:
    """``records list --json``: each record's row by its id."""
    return {row["record_id"]: row for row in dc_json(dc, "records", "list")}


def _words(code: str, **params: object) -> str:
    return str(catalogue.text("id", code, params, context="console_records"))


def _shot(page: Page, name: str, artifacts: Path) -> None:
    artifacts.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(artifacts / f"console-{name}.png"), full_page=True)


def _office_decides(browser: Browser, dc: FixedPortDataCenter, a: str, b: str, to: Path) -> None:
    """Wati, the console's administrator, finds the pair, compares it and closes B's record."""
    page = new_page(browser, LAPTOP)
    console_log_in(page, dc.url, WATI)
    with page.expect_navigation():
        page.get_by_role("link", name=_words("console_records.dup_waiting_tile")).click()
    assert page.locator("h1").inner_text() == _words("console_records.dup_title")
    page.get_by_role("link", name=_words("console_records.dup_open")).click()
    page.wait_for_load_state()
    heading = _words("console_records.dup_pair_heading", record=b[:8], other=a[:8])
    assert page.locator("h1").inner_text() == heading
    assert page.evaluate(OVERFLOW) <= 0  # nothing to scroll sideways at 1366x768
    assert UNSAID not in page.inner_text("main")
    _shot(page, "pair", to)
    page.get_by_label(_words("console_records.dup_duplicate", other=a[:8])).check()
    page.get_by_label(_words("console_records.dup_reason")).fill(REASON)
    with page.expect_navigation():
        page.get_by_role("button", name=_words("console_records.dup_submit")).click()
    said = page.get_by_role("status").first.inner_text()
    assert said == _words("console_records.dup_decided", record=b[:8])
    assert _words("console_records.dup_none") in page.inner_text("main")
    _shot(page, "decided", to)
    page.goto(f"{dc.url}/rekaman?status={RecordState.DUPLICATE_CLOSED.value}")
    page.get_by_role("link", name=b[:8]).click()
    page.wait_for_load_state()
    closed = _words(f"console_records.state_{RecordState.DUPLICATE_CLOSED.value}")
    facts = page.inner_text(".record-facts")
    assert closed in facts
    assert _words("console_records.reason_adjudicated") in facts
    said = page.inner_text("main")
    assert REASON in said  # the administrator's words, in the record's history
    assert UNSAID not in said  # the closed record's note, in words too
    _shot(page, "closed-record", to)
    page.close()


def _said(snap: Snapshot, person: str) -> str | None:
    """The "Pusat data" cell in ``person``'s row of Perekaman's visit list, as it reads."""
    headers = snap.find("table column header", "Pusat data")
    names = snap.find("table cell", person)
    if len(headers) != 1 or len(names) != 1 or not headers[0].rect or not names[0].rect:
        return None
    column, row = headers[0].rect[0], names[0].rect[1]
    cells = [
        c.name for c in snap.find("table cell") if c.rect and c.rect[:2] == (column, row)
    ]  # fmt: skip
    return cells[0] if len(cells) == 1 else None


def _perekaman_says(hands: Hands, expected: dict[str, str], label: str) -> list[str]:
    """Perekaman's visit list says each person's state in words; the screen's problems."""
    open_page(hands, "Perekaman")
    hands.wait(
        f"the data center's words {expected}",
        lambda s: all(_said(s, person) == words for person, words in expected.items()),
        30,
    )
    hands.screenshot(label)
    desktop = hands.desktop
    return problems_on_screen(hands.look(), desktop.width, desktop.height)


def _pushes_in_the_window(hands: Hands) -> None:
    """Sinkronisasi → Kirim rekaman sekarang, on an app just started: nothing is left to send.

    The status line is empty until this push ends, so its words mark the end.
    """
    open_page(hands, "Sinkronisasi")
    hands.click("push button", "Kirim rekaman sekarang")
    hands.wait_text(NOTHING_TO_SEND, timeout=SYNC_S)


def _syncs_done(home: Path) -> int:
    """How many pushes the laptop's audit log holds."""
    return sum(e["action"] == "sync.pushed" for e in audit_events(home))


def _pushes_again(hands: Hands, home: Path, pushed: int) -> None:
    """Another push in the same window; it ends when the laptop's audit holds one more.

    The status line already says the last push's words, and a push with nothing to send
    takes a tenth of a second, less than one look: neither can mark the end.  ``pushed``
    is how many pushes the laptop made before (each appends one ``sync.pushed``).
    """
    open_page(hands, "Sinkronisasi")
    hands.click("push button", "Kirim rekaman sekarang")
    hands.wait("the push in the audit", lambda _s: _syncs_done(home) == pushed + 1, SYNC_S)
    hands.wait_text(NOTHING_TO_SEND, timeout=SYNC_S)


def _logged_in(launch: Any, desktop: Desktop, home: Path) -> RunningApp:
    app: RunningApp = launch(desktop, home=home)
    log_in(app.hands, ADMIN, ADMIN_PASSWORD)
    return app


def test_a_person_recorded_twice_is_found_decided_and_said_on_both_laptops(
    launch: Any,
    desktop: Desktop,
    server: FixedPortDataCenter,
    browser: Browser,
    tmp_path: Path,
) -> None:
    done = add_account(server, WATI, "admin")
    assert done.returncode == 0, done.stderr
    # Two laptops, one simulator kit (the devices on the table, shown one subject each time).
    with demo.SimKit() as kit:
        a = _record_and_push(tmp_path / "laptop-a", server, kit, {TWICE: TWICE})
        b = _record_and_push(tmp_path / "laptop-b", server, kit, {AGAIN: TWICE, OTHER: OTHER})
    first, second, other = a.records[_name(TWICE)], b.records[_name(AGAIN)], b.records[_name(OTHER)]
    assert a.niks[_name(TWICE)] != b.niks[_name(AGAIN)]  # one person, two NIKs

    # The office's search, once, with the real CLI: B's second recording names A's.
    searched = {row["record_id"]: row for row in dc_json(server, "dedup", "run", "--once")}
    assert {r: searched[r]["state"] for r in (first, second, other)} == {
        first: RecordState.PRINT_READY_RECORD.value,
        second: RecordState.DUPLICATE_RECORD.value,
        other: RecordState.PRINT_READY_RECORD.value,
    }, searched
    rows = _states(server)
    assert rows[second]["device_id"] == b.device_id
    named = {(c["device_id"], c["record_id"]) for c in rows[second]["candidates"]}
    assert (a.device_id, first) in named, rows[second]
    assert other not in {c["record_id"] for c in rows[second]["candidates"]}
    assert [rows[r]["state"] for r in (first, other)] == [RecordState.PRINT_READY_RECORD.value] * 2

    # Laptop B's next push brings the search's answers; Perekaman says them in words.
    app_b = _logged_in(launch, desktop, b.home)
    _pushes_in_the_window(app_b.hands)
    problems = _perekaman_says(
        app_b.hands, {_name(AGAIN): WAITING, _name(OTHER): PRINT_READY}, "laptop-b-data-ganda"
    )

    # The office decides in the console: B's record repeats A's, and is closed.
    _office_decides(browser, server, first, second, app_b.artifacts)
    rows = _states(server)
    assert rows[second]["state"] == RecordState.DUPLICATE_CLOSED.value
    assert rows[first]["state"] == RecordState.PRINT_READY_RECORD.value

    # B pushes again in the same window: the closed record says so.
    _pushes_again(app_b.hands, b.home, pushed=2)  # the first recording's, the window's
    problems += _perekaman_says(
        app_b.hands, {_name(AGAIN): CLOSED, _name(OTHER): PRINT_READY}, "laptop-b-ditutup"
    )
    assert app_b.crashes() == []
    app_b.stop()

    # Laptop A's next push: its person, the first recording, is on the way to a card.
    app_a = _logged_in(launch, desktop, a.home)
    _pushes_in_the_window(app_a.hands)
    problems += _perekaman_says(app_a.hands, {_name(TWICE): PRINT_READY}, "laptop-a-siap-cetak")
    assert app_a.crashes() == []
    assert problems == [], "\n".join(problems)
