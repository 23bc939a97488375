"""Test support for the console: accounts made with the real CLI, a login as a browser does it."""

from __future__ import annotations

import html.parser
import os
import re
from typing import TYPE_CHECKING

from tests.sync.server.dcsupport import dc_cli

if TYPE_CHECKING:
    import subprocess

    import httpx

    from tests.sync.server.dcsupport import Site

PASSWORD = "kata-sandi-kantor-2026"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def add_account(
    site: Site, name: str, role: str = "admin", password: str = PASSWORD
) -> subprocess.CompletedProcess[str]:
    """``fieldkit-datacenter users add``, the password in its variable as an office would."""
    os.environ["FIELDKIT_DATACENTER_NEW_PASSWORD"] = password
    try:
        return dc_cli(site, "users", "add", name, "--role", role, "--json")
    finally:
        del os.environ["FIELDKIT_DATACENTER_NEW_PASSWORD"]


def csrf_of(page: httpx.Response) -> str:
    found = _CSRF.search(page.text)
    assert found is not None, page.text
    return found.group(1)


def log_in(client: httpx.Client, name: str, password: str = PASSWORD) -> httpx.Response:
    """Open the login form (its CSRF cookie and field), then send it."""
    form = client.get("/masuk")
    assert form.status_code == 200, form.text
    return client.post("/masuk", data={"csrf": csrf_of(form), "name": name, "password": password})


class _Text(html.parser.HTMLParser):
    """Every piece of text a person sees or hears: text nodes, titles and ARIA labels."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"style", "script"}:
            self._hidden += 1
        for name, value in attrs:
            if name in {"aria-label", "title", "placeholder", "alt"} and value:
                self.pieces.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"style", "script"}:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.pieces.append(" ".join(data.split()))


def visible_text(page: str) -> list[str]:
    parser = _Text()
    parser.feed(page)
    return parser.pieces
