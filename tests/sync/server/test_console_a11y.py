"""Every console page passes axe-core's WCAG 2 A/AA checks in Chromium at 1366x768.

The pages reachable today, in light and dark colours: the login (and its refusal),
Beranda, Laptop with a laptop that needs a look, Akun (its list, its refusals, a new
password, disabling), the forbidden page an operator gets, and the refusal of a form
without its CSRF token.  A screen added to the console adds its pages to ``ADMIN_PAGES``
(a path, or a function that opens the page) and so is checked too.  axe runs under the
pages' own CSP (see :mod:`tests.sync.server.axesupport`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import pytest

from tests.sync.server.axesupport import assert_accessible, violations
from tests.sync.server.browsersupport import chromium, new_page
from tests.sync.server.consolesupport import PASSWORD, console_server
from tests.sync.server.test_office_steering import _enrolled

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from playwright.sync_api import Browser, Page

    from tests.sync.server.dcsupport import DataCenterProcess


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DataCenterProcess]:
    """An administrator (rina), an operator (budi) and a laptop that reported its health."""
    with console_server(tmp_path_factory.mktemp("a11y"), rina="admin", budi="operator") as dc:
        with dc.client() as client:
            _enrolled(dc, client)
        yield dc


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for the module: every page is opened in a context of its own."""
    with chromium() as launched:
        yield launched


def _page(browser: Browser, scheme: Literal["light", "dark"]) -> Page:
    return new_page(browser, color_scheme=scheme)


def _log_in(page: Page, url: str, name: str) -> None:
    page.goto(url + "/masuk")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.press("#password", "Enter")
    assert page.url == url + "/", page.url


def _akun_refusals(page: Page, url: str) -> None:
    """Akun's add form sent with every field wrong: the messages at the fields."""
    page.goto(url + "/akun")
    page.fill("#name", "Nama Salah")
    page.fill("#password", "pendek")
    page.fill("#password_again", "lain")
    with page.expect_navigation():
        page.press("#password_again", "Enter")
    assert page.locator(".field-error").count() == 3


def _refused(page: Page, _url: str) -> None:
    """A form whose CSRF token is not the session's: the refusal page."""
    page.evaluate(
        """() => { document.querySelector('form[action="/keluar"] [name=csrf]').value = 'x' }"""
    )
    with page.expect_navigation():
        page.press('form[action="/keluar"] button', "Enter")
    assert page.locator("h1").inner_text() == "Permintaan ditolak"


#: An administrator's pages: a path to open, or a function that opens the page (given
#: the page and the console's address).
ADMIN_PAGES: list[tuple[str, str | Callable[[Page, str], None]]] = [
    ("Beranda", "/"),
    ("Laptop", "/laptop"),
    ("Rekaman", "/rekaman"),
    ("Rekaman, a refused filter", "/rekaman?dari=kemarin"),
    ("Data ganda", "/rekaman/ganda"),
    ("Grafik", "/grafik"),
    ("Antrean cetak", "/cetak"),
    ("Antrean cetak, a refused filter", "/cetak?desa=9999"),
    ("Distribusi", "/distribusi"),
    ("Distribusi, a delivery not found", "/distribusi/DST-1999-0001"),
    ("Petugas", "/petugas"),
    ("Petugas, adding one", "/petugas/tambah"),
    ("Kantor & aturan", "/petugas/aturan"),
    ("Versi & laptop", "/petugas/versi"),
    ("Audit", "/audit"),
    ("Audit with the acknowledged", "/audit?semua=1"),
    ("Jejak konsol", "/audit/konsol"),
    ("Jejak konsol, a refused filter", "/audit/konsol?dari=kemarin"),
    ("Operasi", "/operasi"),
    ("Akun", "/akun"),
    ("Akun, refusals", _akun_refusals),
    ("Akun, a new password", "/akun/budi/sandi"),
    ("Akun, disabling", "/akun/budi/nonaktifkan"),
    ("Beranda in English", "/?lang=en"),
    ("Beranda in Indonesian again", "/?lang=id"),
    ("refused", _refused),  # last: it ends on a page that is no longer the console's
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe(
    server: DataCenterProcess, browser: Browser, scheme: Literal["light", "dark"]
) -> None:
    page = _page(browser, scheme)
    try:
        page.goto(server.url + "/masuk")
        assert_accessible(page, "login")
        page.fill("#name", "rina")
        page.fill("#password", "bukan-kata-sandinya")
        with page.expect_navigation():
            page.press("#password", "Enter")
        assert_accessible(page, "login, wrong password")

        _log_in(page, server.url, "rina")
        for name, opens in ADMIN_PAGES:
            if isinstance(opens, str):
                page.goto(server.url + opens)
            else:
                opens(page, server.url)
            assert_accessible(page, f"{name} ({scheme})")
    finally:
        page.close()

    operator = _page(browser, scheme)
    try:
        _log_in(operator, server.url, "budi")
        operator.goto(server.url + "/akun")
        assert operator.locator("h1").inner_text() == "Khusus administrator"
        assert_accessible(operator, f"forbidden ({scheme})")
    finally:
        operator.close()


def test_axe_does_find_what_is_wrong(server: DataCenterProcess, browser: Browser) -> None:
    """The check can fail: a field's label taken away, faint text, are found."""
    page = _page(browser, "light")
    try:
        page.goto(server.url + "/masuk")
        assert violations(page) == []
        page.evaluate(
            """() => {
                document.querySelector('label[for=name]').remove();
                document.querySelector('h1').style.color = '#eeeeee';
            }"""
        )
        found = {v["id"]: v for v in violations(page)}
        assert set(found) == {"label", "color-contrast"}
        assert found["label"]["nodes"][0]["target"] == "#name"
    finally:
        page.close()
