"""The office's clock and name on every console page, in Debian's Chromium (issue 59 §9).

A Makassar office (7371: Sulawesi Selatan, WITA by its province) whose records arrived
on either side of its midnight: Beranda counts "today" from 00:00 WITA (16:00 UTC), not
from UTC's midnight, whatever moment the test runs at (the records are placed around
the office's midnight before now, so one of the two days differs from UTC's).  The
administrator sees the zone where the office's settings are, chooses WIT and Beranda
follows.  Every page the console serves names the office in its header (the routes read
from the app itself, so a page added later is checked too).  Screenshots go to
``test-artifacts/console/zona-*.png``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING

from sync.server import catalogue
from sync.server.app import create_app
from sync.server.store.tables import records
from tests.sync.server.browsersupport import LAPTOP, log_in, new_page, shot
from tests.sync.server.consolesupport import console_server, database
from tests.sync.server.dcsupport import accepted_record_row, dc_cli

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser, Page

OFFICE = "Disdukcapil Kota Makassar"
OFFICERS = "console_officers"
WITA = dt.timezone(dt.timedelta(hours=8))
WIT = dt.timezone(dt.timedelta(hours=9))
#: Routes that answer no page: the API's spec, metrics, the stylesheet, the downloads.
_NOT_PAGES = ("/openapi.json", "/metrics", "/static/", "/rekaman/unduh.")
#: A value for each path parameter: none of them exists, so each page says so, headed.
_PARAMS = {
    "device_id": "laptop-tidak-ada",
    "record_id": "rekaman-tidak-ada",
    "other_device": "laptop-lain",
    "other": "rekaman-lain",
    "number": "999",
    "name": "rina",
}
_seq = itertools.count(1)
#: The office form's zone set to a value the page never offers, as a forged POST would.
FORGED = """() => {
    const zone = document.querySelector('#f-time_zone');
    zone.add(new Option('PST', 'PST'));
    zone.value = 'PST';
}"""


def _utc_text(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _midnight(now: dt.datetime, zone: dt.timezone) -> dt.datetime:
    return now.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)


def _record(received: dt.datetime) -> dict[str, object]:
    return accepted_record_row(next(_seq), _utc_text(received))


def _pages() -> list[str]:
    """Every page path the console serves, its parameters filled in."""
    paths = []
    for route in create_app(None).routes:
        path: str = getattr(route, "path", "")
        if "GET" not in (getattr(route, "methods", None) or ()) or path.startswith("/v1"):
            continue
        if path.startswith(_NOT_PAGES):
            continue
        paths.append(path.format(**_PARAMS))
    return paths


def _today_count(page: Page) -> str:
    label = catalogue.text("id", "console.records_today")
    tile = page.locator("li.card", has_text=label)
    return tile.locator(".number").inner_text()


def test_beranda_counts_the_offices_day_and_every_page_names_the_office(
    tmp_path: Path, browser: Browser
) -> None:
    now = dt.datetime.now(dt.UTC)
    wita_midnight = _midnight(now, WITA)
    utc_midnight = _midnight(now, dt.UTC)
    # Two records at 00:00 WITA, one a second before: today in WITA is two, in UTC 0 or 3.
    stamps = [wita_midnight, wita_midnight, wita_midnight - dt.timedelta(seconds=1)]
    assert sum(s >= utc_midnight for s in stamps) != 2, "the UTC day must count otherwise"
    with console_server(tmp_path, rina="admin") as dc:
        done = dc_cli(dc, "office", "set", "7371", "--name", OFFICE)
        assert done.returncode == 0, done.stderr
        with database(dc) as engine, engine.begin() as conn:
            conn.execute(records.insert(), [_record(s) for s in stamps])

        page = new_page(browser, LAPTOP)
        log_in(page, dc.url, "rina")
        assert page.locator("header .office").inner_text() == OFFICE
        assert _today_count(page) == "2", page.inner_text("main")
        since = wita_midnight.strftime("%d-%m-%Y 00:00 WITA")
        assert since in page.inner_text("main"), page.inner_text("main")
        shot(page, "zona-beranda-wita")

        # Where the office's settings are shown: its zone, by its province until chosen.
        page.goto(dc.url + "/petugas/aturan")
        zone = page.locator("#f-time_zone")
        by_province = catalogue.text(
            "id",
            "console_officers.time_zone_province",
            {"zone": "WITA"},
            context="console_officers",
        )
        assert zone.locator("option:checked").inner_text() == by_province
        zone.select_option("WIT")
        shot(page, "zona-aturan-wit")
        with page.expect_navigation():
            page.locator("form[action='/petugas/kantor'] button[type=submit]").click()
        assert page.locator("#f-time_zone option:checked").inner_text().startswith("WIT (UTC+9)")
        # A forged form (no such option is offered): refused in Indonesian, nothing saved.
        page.evaluate(FORGED)
        with page.expect_navigation():
            page.locator("form[action='/petugas/kantor'] button[type=submit]").click()
        refusal = catalogue.text(
            "id", "datacenter_time_zone_invalid", {"zone": "PST"}, context="errors"
        )
        assert page.get_by_role("alert").inner_text() == refusal
        assert page.locator("#f-time_zone option:checked").inner_text().startswith("WIT (UTC+9)")
        shot(page, "zona-aturan-ditolak")

        page.goto(dc.url + "/")
        wit_midnight = _midnight(dt.datetime.now(dt.UTC), WIT)
        expected = sum(s >= wit_midnight for s in stamps)
        assert _today_count(page) == str(expected)
        assert wit_midnight.strftime("%d-%m-%Y 00:00 WIT") in page.inner_text("main")
        shot(page, "zona-beranda-wit")

        # Every page the console serves names the office in its header.
        unnamed = []
        for path in _pages():
            page.goto(dc.url + path)
            header = page.locator("header .office")
            if header.count() != 1 or header.inner_text() != OFFICE:
                unnamed.append(path)
        assert unnamed == [], unnamed
        page.goto(dc.url + "/audit/konsol")
        assert page.locator("header .office").inner_text() == OFFICE
        shot(page, "zona-jejak-konsol")
