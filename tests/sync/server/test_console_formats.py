"""The console writes numbers and dates the Indonesian way, and its Operasi page no jargon.

Issue 47, finding 11: the office's console showed ``2026-11-26`` times, a date filter
reading ``mm/dd/yyyy`` (Chromium's own order for ``<input type=date>`` in an English
browser), ``GET /v1/ready`` and "skema 0006" on Operasi, and counts as ``100000``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import jinja2
import pytest

from sync.server.console import formats
from tests.sync.server.browsersupport import LAPTOP, log_in, shot
from tests.sync.server.consolesupport import console_server, visible_text
from tests.sync.server.consolesupport import log_in as client_log_in
from tests.sync.server.test_office_steering import _enrolled

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import Browser

    from tests.sync.server.dcsupport import DataCenterProcess

OK, REDIRECT = 200, 303
#: A local day and minute as the office reads it.
MOMENT = re.compile(r"\b\d{2}-\d{2}-\d{4} \d{2}:\d{2}\b")
ISO_MOMENT = re.compile(r"\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}\b")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[DataCenterProcess]:
    with console_server(tmp_path, rina="admin") as dc:
        with dc.client() as client:
            _enrolled(dc, client)  # a laptop that reported its health: its time is shown
        yield dc


def test_days_and_counts_are_written_one_way() -> None:
    when = dt.datetime(2026, 11, 26, 14, 5, tzinfo=dt.UTC).astimezone()
    assert formats.moment_text(when) == when.strftime("%d-%m-%Y %H:%M")
    assert formats.day_text(dt.date(2026, 11, 6)) == "06-11-2026"
    assert formats.iso_day_text("2026-11-06") == "06-11-2026"
    assert formats.iso_day_text("bukan tanggal") == "bukan tanggal"
    for typed in ("26-11-2026", "26/11/2026", "2026-11-26", " 26-11-2026 "):
        assert formats.parse_day(typed) == dt.date(2026, 11, 26), typed
    for bad in ("kemarin", "30-02-2026", "11/26/2026x", ""):
        assert formats.parse_day(bad) is None, bad
    env = jinja2.Environment(autoescape=True)
    formats.install(env)
    page = env.from_string("{{ n | angka }} {{ s | angka }}")
    assert page.render(n=100_000, s="x", lang="id") == "100.000 x"
    assert page.render(n=100_000, s="x", lang="en") == "100,000 x"


def test_operasi_and_the_pages_say_no_jargon_and_indonesian_times(
    server: DataCenterProcess,
) -> None:
    with server.client() as client:
        assert client_log_in(client, "rina").status_code == REDIRECT
        operations = client.get("/operasi")
        assert operations.status_code == OK
        words = " ".join(visible_text(operations.text))
        for jargon in ("GET /", "/v1/ready", "skema", "Skema"):
            assert jargon not in words, jargon
        assert "Baru saja diperiksa, sama seperti sinkronisasi laptop" in words
        assert "versi susunan data" in words
        laptops = client.get("/laptop")
        shown = " ".join(visible_text(laptops.text))
        assert MOMENT.search(shown), shown  # the laptop's last report
        assert not ISO_MOMENT.search(shown), shown
        # The Rekaman filter takes the day as the office writes it, and says it back so.
        records = client.get("/rekaman", params={"dari": "20-11-2026", "sampai": "2026-11-21"})
        assert records.status_code == OK
        assert 'role="alert"' not in records.text
        assert 'value="20-11-2026"' in records.text
        assert 'value="21-11-2026"' in records.text
        assert 'type="date"' not in records.text
        assert '<html lang="id">' in records.text


@pytest.mark.parametrize("locale", ["en-US", "id-ID"])
def test_the_date_filter_reads_day_month_year_in_any_browser(
    server: DataCenterProcess, browser: Browser, locale: str
) -> None:
    """Chromium's own date field follows the browser's language, not the page's ``lang``."""
    page = browser.new_page(viewport=LAPTOP, ignore_https_errors=True, locale=locale)
    page.goto(server.url + "/masuk?lang=id")  # the office chose Indonesian (kept in a cookie)
    log_in(page, server.url, "rina")
    page.goto(server.url + "/rekaman")
    assert page.evaluate("document.documentElement.lang") == "id"
    field = page.locator("#dari")
    assert field.get_attribute("type") == "text"
    assert field.get_attribute("placeholder") == "hh-bb-tttt"
    field.fill("20-11-2026")
    page.locator("#sampai").fill("21/11/2026")
    page.locator("#sampai").press("Enter")
    page.wait_for_url(re.compile(r".*dari=20-11-2026.*"))
    assert page.locator("#dari").input_value() == "20-11-2026"
    assert page.locator("#sampai").input_value() == "21-11-2026"
    assert page.get_by_role("alert").count() == 0
    shot(page, f"rekaman-tanggal-{locale}")
