"""Test support for the console: accounts made with the real CLI, a login as a browser does it."""

from __future__ import annotations

import contextlib
import html.parser
import os
import re
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit import sentences
from sync.server import catalogue
from sync.server.store.database import normalise_url
from tests.sync.server.dcsupport import DataCenterProcess, database_url, dc_cli

if TYPE_CHECKING:
    import subprocess
    from collections.abc import Callable, Iterator
    from pathlib import Path

    import httpx

    from tests.sync.server.dcsupport import Site

PASSWORD = "kata-sandi-kantor-2026"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def add_account(
    site: Site | Path, name: str, role: str = "admin", password: str = PASSWORD
) -> subprocess.CompletedProcess[str]:
    """``fieldkit-datacenter users add``, the password in its variable as an office would."""
    os.environ["FIELDKIT_DATACENTER_NEW_PASSWORD"] = password
    try:
        return dc_cli(site, "users", "add", name, "--role", role, "--json")
    finally:
        del os.environ["FIELDKIT_DATACENTER_NEW_PASSWORD"]


@contextlib.contextmanager
def console_server(tmp_path: Path, **roles: str) -> Iterator[DataCenterProcess]:
    """A data center of its own under ``tmp_path``, with these accounts (name=role) made by the
    real CLI before it starts; stopped when the ``with`` ends, whatever happened inside."""
    dc = DataCenterProcess(tmp_path / "dc", tmp_path / "dc.log")
    for name, role in roles.items():
        done = add_account(dc, name, role)
        assert done.returncode == 0, done.stderr
    dc.start()
    try:
        yield dc
    finally:
        dc.stop()


def started(start: Callable[..., DataCenterProcess], **roles: str) -> DataCenterProcess:
    """``start_datacenter``'s data center, with these accounts (name=role) by the real CLI."""
    server = start()
    for name, role in roles.items():
        done = add_account(server, name, role)
        assert done.returncode == 0, done.stderr
    return server


@contextlib.contextmanager
def database(site: Site) -> Iterator[sa.Engine]:
    """The data center's own database, as an office's DBA would open it."""
    engine = sa.create_engine(normalise_url(database_url(site)))
    try:
        yield engine
    finally:
        engine.dispose()


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


def sentence_pattern(template: str) -> re.Pattern[str]:
    """A catalogue sentence as a pattern: each ``{name}`` stands for any text."""
    parts = re.split(r"\{[a-z_]+\}", template)
    return re.compile(".+?".join(re.escape(" ".join(p.split())) for p in parts), re.DOTALL)


def foreign(
    pieces: list[str],
    language: str,
    contexts: set[str],
    data: set[str],
    *,
    strip: str = " :·()",
    also_data: re.Pattern[str] | None = None,
) -> list[str]:
    """The pieces of text that are neither a sentence of ``contexts`` in ``language`` nor data.

    A piece is first stripped of ``strip`` (punctuation around words and values); what
    fully matches ``also_data`` (times, say) counts as data too.
    """
    patterns = [
        sentence_pattern(catalogue.text(language, s.code, {}, context=s.context))
        for s in sentences.registered()
        if s.context in contexts
    ]
    strays = []
    for piece in pieces:
        text = piece.strip(strip)
        if not text or text in data or piece in data or text.isdigit():
            continue
        if also_data is not None and also_data.fullmatch(text):
            continue
        if not any(p.fullmatch(text) or p.fullmatch(piece) for p in patterns):
            strays.append(piece)
    return strays
