"""The Audit screen against the real service over HTTPS (SQLite and PostgreSQL).

Findings made through the laptops' own signed API are read on the page in Indonesian
words (every problem the data center writes), acknowledged by an administrator after
the confirmation, gone from the default list and kept, with the reason, in the full
one; the acknowledgement is in ``console_audit`` with the account's name and the CLI
agrees.  Each bad request (no reason, too long, an unknown or stale laptop, a forged
CSRF token, an operator) is refused in words and changes nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from sync.server.console import trail_sentences
from sync.server.store.tables import audit_epochs, console_audit
from tests.sync.server.auditsupport import (
    cli_findings,
    tampered_laptop,
    unproven_laptop,
)
from tests.sync.server.consolesupport import (
    csrf_of,
    database,
    foreign,
    log_in,
    started,
    visible_text,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    import httpx

    from tests.sync.server.dcsupport import DataCenterProcess

OK, REDIRECT, BAD, FORBIDDEN, NOT_FOUND, CONFLICT = 200, 303, 400, 403, 404, 409
assert trail_sentences  # Audit links to Jejak konsol in that page's words (issue 49 §3)
#: The contexts of the words an Audit page may say.
CONTEXTS = {"console", "console_audit", "console_trail"}
_STAMP = re.compile(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}")  # the office's day: 26-11-2026 14:05


def _acknowledgements(server: DataCenterProcess) -> list[dict[str, Any]]:
    with database(server) as engine, engine.connect() as conn:
        query = sa.select(console_audit).where(console_audit.c.action == "audit_acknowledged")
        return [dict(row) for row in conn.execute(query).mappings()]


def _rows(page: str) -> list[list[str]]:
    """The findings table's rows, each cell's visible text."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [
            " ".join(visible_text(cell))
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)
    ]


def _findings_made(server: DataCenterProcess, client: httpx.Client) -> tuple[str, str]:
    tampered = tampered_laptop(server, client, "laptop-desa-sukamaju")
    unproven = unproven_laptop(server, client, "laptop-desa-mekar")
    return tampered, unproven


def _the_findings_in_words(page: str, tampered: str, unproven: str) -> set[str]:
    """The four findings read in Indonesian; the data a page may show beside its words."""
    rows = _rows(page)
    assert [row[:5] for row in rows] == [
        [
            f"laptop-desa-sukamaju {tampered[:16]}",
            "Catatan dimundurkan",
            "10",
            "jaringan (HTTPS)",
            rows[0][4],
        ],
        [
            f"laptop-desa-sukamaju {tampered[:16]}",
            "Catatan ditulis ulang",
            "10",
            "jaringan (HTTPS)",
            rows[1][4],
        ],
        [
            f"laptop-desa-sukamaju {tampered[:16]}",
            "Rantai rusak di laptop",
            "3",
            "jaringan (HTTPS)",
            rows[2][4],
        ],
        [
            f"laptop-desa-mekar {unproven[:16]}",
            "Catatan tidak dapat diperiksa",
            "10",
            "jaringan (HTTPS)",
            rows[3][4],
        ],
    ]
    assert all(_STAMP.fullmatch(row[4]) for row in rows), rows
    details = [row[5] for row in rows]
    assert re.fullmatch(
        r"Catatan berakhir di peristiwa ke-5, padahal pada \S+ \S+ sudah mencapai peristiwa "
        r"ke-10: salinan data laptop yang lebih lama sedang dipakai\.",
        details[0],
    ), details[0]
    assert re.fullmatch(
        r"Peristiwa ke-10 berbeda dengan yang dicatat pusat data pada \S+ \S+: catatan "
        r"ditulis ulang sampai titik itu\.",
        details[1],
    ), details[1]
    assert details[2] == (
        "Pemeriksaan laptop sendiri atas catatannya gagal di peristiwa ke-3: "
        "ada peristiwa yang diubah."
    )
    assert details[3].startswith("Laptop tidak menunjukkan peristiwa ke-10 yang dicatat pada")
    data = {"siti", "Audit", "laptop-desa-sukamaju", "laptop-desa-mekar"}
    data |= {f"laptop-desa-sukamaju {tampered[:16]}", tampered[:16], unproven[:16]}
    data |= set(_STAMP.findall(page))
    assert foreign(visible_text(page), "id", CONTEXTS, data) == []
    assert "differs" not in page
    assert "anchored" not in page
    return data


def test_findings_are_read_in_words_and_an_admin_acknowledges_them(
    start_datacenter: Callable[..., Any],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    with server.client() as client:
        tampered, unproven = _findings_made(server, client)
        assert log_in(client, "siti").status_code == REDIRECT
        page = client.get("/audit")
        assert page.status_code == OK
        assert "<h1>Audit</h1>" in page.text
        data = _the_findings_in_words(page.text, tampered, unproven)

        # One form per laptop with open findings; the first step asks to confirm.
        assert page.text.count('action="/audit/akui"') == 2
        assert "laptop-desa-sukamaju · " + tampered[:16] + " (3 temuan)" in page.text
        reason = "Laptop dipulihkan dari cadangan oleh admin kecamatan <b>"
        asked = client.post(
            "/audit/akui", data={"csrf": csrf_of(page), "laptop": tampered, "reason": reason}
        )
        assert asked.status_code == OK
        assert f"Akui temuan laptop laptop-desa-sukamaju · {tampered[:16]}?" in asked.text
        assert "Kantor menerima catatan audit laptop ini apa adanya sekarang" in asked.text
        assert "Periode catatan yang baru (nomor 1) dimulai" in asked.text
        assert "kecamatan &lt;b&gt;" in asked.text
        assert "kecamatan <b>" not in asked.text
        assert foreign(visible_text(asked.text), "id", CONTEXTS, data | {reason}) == []
        assert cli_findings(server) != [], "asking changed nothing yet"
        assert _acknowledgements(server) == []

        done = client.post(
            "/audit/akui",
            data={"csrf": csrf_of(asked), "laptop": tampered, "reason": reason, "confirm": "1"},
        )
        assert done.status_code == REDIRECT
        assert done.headers["location"] == f"/audit?diakui={tampered}&periode=1"
        after = client.get(done.headers["location"])
        assert (
            '<p class="info done" role="status">Temuan laptop laptop-desa-sukamaju sudah diakui; '
            "periode catatan ke-1 dimulai.</p>"
        ) in after.text
        assert [row[1] for row in _rows(after.text)] == ["Catatan tidak dapat diperiksa"]
        assert after.text.count('action="/audit/akui"') == 1

        everything = client.get("/audit?semua=1")
        kept = _rows(everything.text)
        assert len(kept) == 4
        assert kept[0][6].startswith("Pada ")
        assert kept[0][6].endswith(f"Alasan: {reason}")
        assert kept[3][6] == "Belum"
        assert "&lt;b&gt;" in everything.text

    # The terminal and the database agree; the account is named in the console's audit.
    assert {r["device_id"] for r in cli_findings(server)} == {unproven}
    acknowledged = [r for r in cli_findings(server, "--all") if r["acknowledged_at"]]
    assert {r["acknowledgement"] for r in acknowledged} == {reason}
    with database(server) as engine, engine.connect() as conn:
        epochs = conn.execute(sa.select(audit_epochs.c.device_id, audit_epochs.c.epoch)).all()
    assert [tuple(e) for e in epochs] == [(tampered, 1)]
    [line] = _acknowledgements(server)
    assert (line["actor"], line["account"]) == ("siti", "siti")
    assert line["detail"] == f"laptop {tampered}, epoch 1: {reason}"


def test_the_page_in_english_says_the_same(start_datacenter: Callable[..., Any]) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    with server.client() as client:
        tampered, _unproven = _findings_made(server, client)
        assert log_in(client, "siti").status_code == REDIRECT
        page = client.get("/audit?lang=en")
        rows = _rows(page.text)
        assert [row[1] for row in rows] == [
            "Log set back",
            "Log rewritten",
            "Chain broken on the laptop",
            "Log cannot be checked",
        ]
        assert (
            rows[2][5]
            == "The laptop's own check of its log failed at event 3: an event was edited."
        )
        data = {"siti", "laptop-desa-sukamaju", "laptop-desa-mekar", tampered[:16], _unproven[:16]}
        data |= {f"laptop-desa-sukamaju {tampered[:16]}"} | set(_STAMP.findall(page.text))
        assert foreign(visible_text(page.text), "en", CONTEXTS, data) == []


def test_bad_acknowledgements_are_refused_in_words_and_change_nothing(
    start_datacenter: Callable[..., Any],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    with server.client() as client:
        tampered, unproven = _findings_made(server, client)
        before = cli_findings(server, "--all")
        assert log_in(client, "siti").status_code == REDIRECT
        page = client.get("/audit")
        csrf = csrf_of(page)
        for reason, status, said in (
            ("", BAD, "Tuliskan alasan Anda mengakui temuan ini."),
            ("   \n  ", BAD, "Tuliskan alasan Anda mengakui temuan ini."),
            (
                "x" * 501,
                BAD,
                "Alasan terlalu panjang: paling banyak 500 karakter, Anda menulis 501.",
            ),
        ):
            for confirm in ("", "1"):
                refused = client.post(
                    "/audit/akui",
                    data={"csrf": csrf, "laptop": tampered, "reason": reason, "confirm": confirm},
                )
                assert refused.status_code == status
                assert f'class="notice" role="alert">{said}</p>' in refused.text
                assert 'aria-invalid="true"' in refused.text
        for laptop, status, said in (
            (
                "0" * 32,
                NOT_FOUND,
                "Laptop itu tidak terdaftar di pusat data ini; tidak ada yang diubah.",
            ),
            ("", NOT_FOUND, "Laptop itu tidak terdaftar di pusat data ini; tidak ada yang diubah."),
        ):
            refused = client.post(
                "/audit/akui",
                data={"csrf": csrf, "laptop": laptop, "reason": "alasan", "confirm": "1"},
            )
            assert refused.status_code == status
            assert f'<p class="notice" role="alert">{said}</p>' in refused.text
        for data in (
            {"laptop": tampered, "reason": "alasan", "confirm": "1"},
            {"csrf": "bukan-tokennya", "laptop": tampered, "reason": "alasan", "confirm": "1"},
        ):
            refused = client.post("/audit/akui", data=data)
            assert refused.status_code == FORBIDDEN
            assert "Formulir ini sudah kedaluwarsa" in refused.text
        assert cli_findings(server, "--all") == before
        assert _acknowledgements(server) == []

        # Acknowledged once; the same form sent again (a second tab, a double click) is stale.
        sent = {"csrf": csrf, "laptop": unproven, "reason": "diperiksa", "confirm": "1"}
        assert client.post("/audit/akui", data=sent).status_code == REDIRECT
        again = client.post("/audit/akui", data=sent)
        assert again.status_code == CONFLICT
        assert "Laptop itu tidak punya temuan yang belum diakui" in again.text
        assert len(_acknowledgements(server)) == 1
        with database(server) as engine, engine.connect() as conn:
            epoch = conn.execute(
                sa.select(audit_epochs.c.epoch).where(audit_epochs.c.device_id == unproven)
            ).scalar_one()
        assert epoch == 1, "one acknowledgement, one new period"


def test_an_operator_reads_the_findings_but_may_not_acknowledge(
    start_datacenter: Callable[..., Any],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    with server.client() as client:
        tampered, _unproven = _findings_made(server, client)
        assert log_in(client, "budi").status_code == REDIRECT
        page = client.get("/audit")
        assert page.status_code == OK
        assert len(_rows(page.text)) == 4
        assert 'action="/audit/akui"' not in page.text
        assert "Hanya administrator yang dapat mengakui temuan" in page.text
        for confirm in ("", "1"):
            refused = client.post(
                "/audit/akui",
                data={"csrf": csrf_of(page), "laptop": tampered, "reason": "x", "confirm": confirm},
            )
            assert refused.status_code == FORBIDDEN
        assert len(cli_findings(server)) == 4
        assert _acknowledgements(server) == []
