"""The console's refusals are in its audit, bounded, and it asks browsers for HTTPS only.

Issue 46, small points (a) and (b): the console sent no ``Strict-Transport-Security``;
a form without its CSRF token and an operator on a page for administrators were only
in the log.  They are now lines of ``console_audit`` (at most ``REFUSALS_PER_MINUTE``
written a minute by a worker, at most ``REFUSALS_KEPT`` kept: whoever reaches the
console can send refusals, and must not fill the database with them), shown to an
administrator on the Audit page.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

import httpx
import sqlalchemy as sa

from sync.server.accounts.trail import REFUSALS_KEPT, record_refusal, refusals, write_audit
from sync.server.app import create_app
from sync.server.console.pages import HSTS, REFUSALS_PER_MINUTE
from sync.server.store.database import SqlStore, sqlite_url
from sync.server.store.tables import console_audit
from tests.conftest import wait_until
from tests.sync.server.consolesupport import csrf_of, database, log_in, started

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from tests.sync.server.dcsupport import DataCenterProcess

OK, REDIRECT, FORBIDDEN = 200, 303, 403


def _refusal_rows(server: DataCenterProcess) -> list[dict[str, Any]]:
    with database(server) as engine, engine.connect() as conn:
        query = (
            sa.select(console_audit)
            .where(console_audit.c.action.like("refused_%"))
            .order_by(console_audit.c.id)
        )
        return [dict(row) for row in conn.execute(query).mappings()]


def test_every_answer_over_https_asks_for_https_only(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = start_datacenter()
    with server.client() as client:
        for path in ("/masuk", "/", "/static/console.css", "/v1/health", "/tidak-ada"):
            answer = client.get(path)
            assert answer.headers.get("strict-transport-security") == HSTS, (path, answer)
    assert HSTS == "max-age=31536000"


def test_no_such_header_over_plain_http() -> None:
    """The same app, called over plain HTTP and over HTTPS (ASGI's ``scheme``)."""
    transport = httpx.ASGITransport(app=create_app(None))

    async def headers(base: str) -> httpx.Headers:
        async with httpx.AsyncClient(transport=transport, base_url=base) as client:
            return (await client.get("/tidak-ada")).headers

    assert "strict-transport-security" not in asyncio.run(headers("http://testserver"))
    assert asyncio.run(headers("https://testserver"))["strict-transport-security"] == HSTS


def test_refused_attempts_are_in_the_console_audit_and_on_the_audit_page(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    with server.client() as admin, server.client() as operator, server.client() as stranger:
        form = stranger.get("/masuk")
        assert stranger.post("/masuk", data={"name": "siti", "password": "x"}).status_code == (
            FORBIDDEN
        )
        assert form.status_code == OK
        assert log_in(operator, "budi").status_code == REDIRECT
        page = operator.get("/akun")
        assert page.status_code == FORBIDDEN
        assert log_in(admin, "siti").status_code == REDIRECT
        forged = admin.post("/audit/akui", data={"csrf": "bukan-tokennya", "laptop": "x"})
        assert forged.status_code == FORBIDDEN
        wait_until(lambda: len(_refusal_rows(server)) == 3, 30, "three refusals written")

        rows = _refusal_rows(server)
        assert sorted((r["action"], r["actor"]) for r in rows) == [
            ("refused_csrf", "-"),
            ("refused_csrf", "siti"),
            ("refused_forbidden", "budi"),
        ]
        assert all("127.0.0.1" in (r["detail"] or "") for r in rows)

        shown = admin.get("/audit")
        assert shown.status_code == OK
        assert "Percobaan yang ditolak" in shown.text
        assert (
            "formulir dari - ke POST /masuk datang tanpa token keamanannya, dari 127.0.0.1"
            in shown.text
        )
        assert "formulir dari siti ke POST /audit/akui datang tanpa token keamanannya" in (
            shown.text
        )
        assert "budi (operator) meminta GET /akun, yang khusus administrator" in shown.text
        assert "Percobaan yang ditolak" not in operator.get("/audit").text
        assert csrf_of(shown)


def test_a_flood_of_refusals_writes_a_minute_s_worth(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = start_datacenter()
    with server.client() as stranger:
        for _ in range(REFUSALS_PER_MINUTE + 20):
            assert stranger.post("/masuk", data={"name": "x"}).status_code == FORBIDDEN
        wait_until(
            lambda: len(_refusal_rows(server)) >= REFUSALS_PER_MINUTE, 30, "a minute's refusals"
        )
        # One more, now the others are written: over the minute's limit, it is not.
        assert stranger.post("/masuk", data={"name": "x"}).status_code == FORBIDDEN
        assert stranger.get("/masuk").status_code == OK  # a request after it, answered
    assert len(_refusal_rows(server)) == REFUSALS_PER_MINUTE


def test_only_the_newest_refusals_are_kept_and_nothing_else_goes(tmp_path: Path) -> None:
    store = SqlStore(sqlite_url(tmp_path))
    try:
        now = time.time()
        with store.writing() as conn:
            write_audit(conn, now, actor="siti", action="account_added", account="budi")
            conn.execute(
                console_audit.insert(),
                [
                    {
                        "at": "2026-11-26T08:00:00+00:00",
                        "actor": "-",
                        "action": "refused_csrf",
                        "account": "-",
                        "detail": f'{{"path": "/old-{n}"}}',
                    }
                    for n in range(REFUSALS_KEPT)
                ],
            )
        record_refusal(store, now, "-", "refused_csrf", '{"path": "/masuk"}')
        kept = refusals(store, REFUSALS_KEPT + 10)
        assert len(kept) == REFUSALS_KEPT
        assert kept[0]["detail"] == '{"path": "/masuk"}'
        assert '{"path": "/old-0"}' not in {row["detail"] for row in kept}
        with store.reading() as conn:
            others = conn.execute(
                sa.select(console_audit.c.action).where(console_audit.c.action == "account_added")
            ).all()
        assert len(others) == 1
    finally:
        store.close()
