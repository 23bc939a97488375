"""The Laptop screen against the real service over HTTPS (SQLite and PostgreSQL).

An administrator makes an enrollment code on the console and the real laptop client
enrolls with what the page shows; the code works once; the page keeps the code out of
the database and shows it to that session alone.  Revoking with a reason refuses the
laptop's next signed request.  Bad input, a forged CSRF token and an operator change
nothing.  Beranda lists the laptops that need attention.  Every word of these pages
is a catalogue sentence or data.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from http.cookies import SimpleCookie
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import sqlalchemy as sa

from sync.bundle import EnrollmentBundle, group_fingerprint
from sync.client.client import SyncClient
from sync.client.enroll import enroll_laptop
from sync.client.errors import SyncError, SyncReason
from sync.server.console import records_sentences  # noqa: F401  Beranda says a Rekaman sentence
from sync.server.console.laptops import CODE_COOKIE, qr_svg
from sync.server.store.rows import hash_code
from sync.server.store.tables import codes, console_audit, devices
from tests.sync.server.consolesupport import (
    csrf_of,
    database,
    foreign,
    log_in,
    started,
    visible_text,
)
from tests.sync.server.dcsupport import DataCenterProcess, Laptop, dc_cli, new_code
from tests.sync.server.test_office_steering import _enrolled

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from fieldkit.workspace import Workspace

OK, REDIRECT, BAD, FORBIDDEN, MISSING, CONFLICT = 200, 303, 400, 403, 404, 409
_CODE = re.compile(r'id="enroll-code">(.*?)</dd>', re.DOTALL)
#: What a Laptop page may say: the console's sentences and the screen's.
#: Beranda shows a tile of the Rekaman screen too (its "Data ganda" count, issue 48).
CONTEXTS = {"console", "console_laptops", "console_records"}
#: Around the words, also the dashes of a code's groups.
STRIP = " :·()-"
_QR_NAME = "Kode QR berkas pendaftaran: alamat, kode, dan sidik CA"


def _rows(server: DataCenterProcess, table: sa.Table) -> list[dict[str, Any]]:
    with database(server) as engine, engine.connect() as conn:
        return [dict(row) for row in conn.execute(sa.select(table)).mappings()]


@contextlib.contextmanager
def _logged_in(server: DataCenterProcess) -> Iterator[httpx.Client]:
    with server.client() as client:
        assert log_in(client, "siti").status_code == REDIRECT
        yield client


def _code_on(page: str) -> str:
    found = _CODE.search(page)
    assert found is not None, page
    return re.sub(r"<[^>]+>", "", found.group(1))


def _by_id(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}">([^<]*)<', page)
    assert found is not None, element_id
    return html.unescape(found.group(1))


def _make_code(client: httpx.Client, **form: str) -> httpx.Response:
    fleet = client.get("/laptop")
    assert fleet.status_code == OK, fleet.text
    data = {"csrf": csrf_of(fleet), "hours": "24", "url": "", **form}
    return client.post("/laptop/kode", data=data)


def _set_cookie(response: httpx.Response, name: str) -> Any:
    for header in response.headers.get_list("set-cookie"):
        parsed: SimpleCookie = SimpleCookie()
        parsed.load(header)
        if name in parsed:
            return parsed[name]
    return None


def test_an_admin_makes_a_code_that_enrolls_the_real_laptop_once(  # noqa: PLR0915 - one story
    start_datacenter: Callable[..., DataCenterProcess], workspace: Workspace
) -> None:
    server = started(start_datacenter, siti="admin")
    with _logged_in(server) as client:
        fleet = client.get("/laptop")
        assert '<h2 id="enroll-title">Daftarkan laptop baru</h2>' in fleet.text
        assert 'name="hours"' in fleet.text
        assert 'value="24"' in fleet.text, "a day, as codes new gives"
        # serve's own address (url.txt), as ``codes new`` takes it
        assert f'value="{server.url}"' in fleet.text

        made = _make_code(client, hours="2", url=server.url + "/")
        assert (made.status_code, made.headers["location"]) == (REDIRECT, "/laptop/kode")
        cookie = _set_cookie(made, CODE_COOKIE)
        assert cookie["path"] == "/laptop/kode"
        assert cookie["secure"]
        assert cookie["httponly"]
        assert cookie["samesite"].lower() == "strict"

        page = client.get("/laptop/kode")
        assert page.status_code == OK
        assert page.headers["content-security-policy"].startswith("default-src 'none'")
        code = _code_on(page.text)
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code), code
        assert code not in made.text
        assert code not in cookie.value
        url = _by_id(page.text, "bundle-url")
        fingerprint = _by_id(page.text, "bundle-fingerprint")
        assert url == server.url, "the trailing slash taken off"
        assert fingerprint == group_fingerprint(server.fingerprint)
        bundle = EnrollmentBundle(url=url, code=code, ca_fingerprint=server.fingerprint)
        assert str(qr_svg(bundle.text(), _QR_NAME)) in page.text
        assert f'<svg role="img" aria-label="{_QR_NAME}"' in page.text
        assert "data:" not in page.text
        assert "<script" not in page.text
        assert "Baca kode QR-nya dengan kamera" in page.text
        command = f"fieldkit sync enroll {url} {code} --ca-fingerprint {server.fingerprint}"
        assert command in html.unescape(page.text)
        assert "@media print" in client.get("/static/console.css").text
        assert (
            foreign(
                visible_text(page.text),
                "id",
                CONTEXTS,
                {code, url, fingerprint, command, *code.split("-")},
                strip=STRIP,
            )
            == []
        )

        # Only the hash is kept, valid for the two hours asked for.
        (row,) = _rows(server, codes)
        trail = [(r["actor"], r["action"]) for r in _rows(server, console_audit)]
        assert ("siti", "laptop_code_issued") in trail, trail
        assert row["code_hash"] == hash_code(code)
        assert code not in json.dumps(row)
        assert row["used_at"] is None
        assert code not in server.log.read_text(encoding="utf-8")

        result = enroll_laptop(
            workspace, url, code, ca_fingerprint_expected=fingerprint.replace(" ", "")
        )
        assert result.url == server.url
        again = Laptop(client).enroll_response(code)
        assert again.status_code == CONFLICT, again.text
        assert again.json()["reason"] == "code_used"

        fleet = client.get("/laptop")
        assert result.device_id[:16] in fleet.text
        english = client.get("/laptop?lang=en").text
        assert '<h2 id="enroll-title">Enroll a new laptop</h2>' in english
        assert '<label for="hours">Code valid for (hours)</label>' in english
        client.get("/laptop?lang=id")

        done = client.post("/laptop/kode/selesai", data={"csrf": csrf_of(page)})
        assert (done.status_code, done.headers["location"]) == (REDIRECT, "/laptop")
        gone = client.get("/laptop/kode")
        assert (gone.status_code, gone.headers["location"]) == (REDIRECT, "/laptop?kode=habis")
        said = client.get("/laptop?kode=habis")
        assert (
            '<p class="info" role="status">Kode tidak ditampilkan lagi. Bila belum terpakai, '
            "buat kode baru.</p>"
        ) in said.text


def test_the_shown_code_belongs_to_its_session_alone(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="admin")
    with _logged_in(server) as first, _logged_in(server) as second:
        assert _make_code(first, url=server.url).status_code == REDIRECT
        sealed = first.cookies.get(CODE_COOKIE, path="/laptop/kode")
        assert sealed
        assert first.get("/laptop/kode").status_code == OK
        second.cookies.set(CODE_COOKIE, sealed, path="/laptop/kode")
        other = second.get("/laptop/kode")
        assert (other.status_code, other.headers["location"]) == (REDIRECT, "/laptop?kode=habis")
        forged = sealed[:-4] + ("AAAA" if not sealed.endswith("AAAA") else "BBBB")
        first.cookies.set(CODE_COOKIE, forged, path="/laptop/kode")
        assert first.get("/laptop/kode").status_code == REDIRECT
        # After logging out, the same cookie shows nothing to anybody.
        first.cookies.set(CODE_COOKIE, sealed, path="/laptop/kode")
        out = first.post("/keluar", data={"csrf": csrf_of(first.get("/laptop"))})
        assert out.status_code == REDIRECT
        assert first.get("/laptop/kode").headers["location"] == "/masuk"


_HOURS_WRONG = "Isi jumlah jam berupa bilangan bulat dari 1 sampai 168."
_URL_WRONG = "Isi alamat seperti https://10.0.0.5:8443 (https, tanpa jalur di belakangnya)."
_WRONG_FORMS = [
    ({"hours": "0"}, "hours", _HOURS_WRONG),
    ({"hours": "169"}, "hours", _HOURS_WRONG),
    ({"hours": "dua"}, "hours", _HOURS_WRONG),
    ({"hours": ""}, "hours", _HOURS_WRONG),
    ({"url": ""}, "url", _URL_WRONG),
    ({"url": "http://10.0.0.5:8443"}, "url", _URL_WRONG),
    ({"url": "https://10.0.0.5:8443/v1"}, "url", _URL_WRONG),
    ({"url": "https://10.0.0.5:port"}, "url", _URL_WRONG),
    ({"url": "https://a b"}, "url", _URL_WRONG),
    ({"url": "https://" + "a" * 200}, "url", _URL_WRONG),
]


def test_a_wrong_form_makes_no_code_and_says_why_at_its_field(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="admin")
    with _logged_in(server) as client:
        for form, field, words in _WRONG_FORMS:
            refused = _make_code(client, **({"url": server.url} | form))
            assert refused.status_code == BAD, form
            assert (
                '<p class="notice" role="alert">Kode belum dibuat: perbaiki isian yang ditandai '
                "di bawah.</p>"
            ) in refused.text
            error = re.search(rf'<p class="notice" id="{field}-error">([^<]*)</p>', refused.text)
            assert error is not None, refused.text
            assert error.group(1) == words
            assert re.search(rf'aria-describedby="({field}-help )?{field}-error"', refused.text)
            assert f'value="{html.escape(form[field])}"' in refused.text, "what was typed is kept"
            assert _set_cookie(refused, CODE_COOKIE) is None
    assert _rows(server, codes) == []


def test_revoking_names_the_laptop_needs_a_reason_and_refuses_its_next_request(  # noqa: PLR0915
    start_datacenter: Callable[..., DataCenterProcess], workspace: Workspace
) -> None:
    server = started(start_datacenter, siti="admin")
    result = enroll_laptop(
        workspace, server.url, new_code(server), ca_fingerprint_expected=server.fingerprint
    )
    device_id = result.device_id
    with _logged_in(server) as client:
        fleet = client.get("/laptop")
        link = f'href="/laptop/{device_id}/cabut"'
        assert link in fleet.text
        name = re.search(r'aria-label="Cabut ([^"]+)">Cabut</a>', fleet.text)
        assert name is not None
        hostname = html.unescape(name.group(1))

        form = client.get(f"/laptop/{device_id}/cabut")
        assert form.status_code == OK
        assert f"Laptop {hostname} ({device_id[:16]})" in html.unescape(form.text)
        assert '<label for="reason">Alasan (wajib, paling banyak 500 karakter)</label>' in form.text
        data = set(device_id[:16].split()) | {hostname, f"{hostname} ({device_id[:16]})"}
        assert foreign(visible_text(form.text), "id", CONTEXTS, data, strip=STRIP) == []
        csrf = csrf_of(form)
        cases = [
            ({"csrf": csrf, "reason": "   "}, BAD, "Tuliskan alasan laptop ini dicabut."),
            ({"csrf": csrf}, BAD, "Tuliskan alasan laptop ini dicabut."),
            ({"csrf": csrf, "reason": "x" * 501}, BAD, "Alasan lebih dari 500 karakter."),
            ({"csrf": "bukan-tokennya", "reason": "hilang"}, FORBIDDEN, "Permintaan ditolak"),
            ({"reason": "hilang"}, FORBIDDEN, "Permintaan ditolak"),
        ]
        for data_sent, status, words in cases:
            answer = client.post(f"/laptop/{device_id}/cabut", data=data_sent)
            assert answer.status_code == status, (data_sent, answer.text)
            assert words in answer.text
            if status == BAD:
                assert 'role="alert" id="reason-error"' in answer.text
                assert 'aria-describedby="reason-error"' in answer.text
        (row,) = _rows(server, devices)
        assert row["revoked_at"] is None, "nothing changed"
        assert SyncClient(workspace).pull_status() == 0, "still served"

        reason = "Laptop hilang di jalan ke Desa Sukamaju"
        done = client.post(f"/laptop/{device_id}/cabut", data={"csrf": csrf, "reason": reason})
        assert done.status_code == REDIRECT
        assert done.headers["location"] == f"/laptop?dicabut={device_id}"
        shown = client.get(done.headers["location"])
        assert (
            f'<p class="info" role="status">Laptop {hostname} ({device_id[:16]}) sudah dicabut.</p>'
        ) in html.unescape(shown.text)
        assert "<li>dicabut</li>" in shown.text
        assert link not in shown.text, "no second revocation offered"
        (row,) = _rows(server, devices)
        assert row["revoke_reason"] == reason
        assert row["revoked_at"] is not None

        with pytest.raises(SyncError) as refused:
            SyncClient(workspace).pull_status()
        assert (refused.value.status, refused.value.reason) == (403, SyncReason.DEVICE_REVOKED)
        assert refused.value.server_reason in {None, "device_revoked"}

        again = client.post(f"/laptop/{device_id}/cabut", data={"csrf": csrf, "reason": "lagi"})
        assert again.status_code == CONFLICT
        assert "Laptop ini sudah dicabut pada " in again.text
        assert client.get(f"/laptop/{device_id}/cabut").status_code == CONFLICT
        (after,) = _rows(server, devices)
        assert after["revoke_reason"] == reason, "the first reason kept"
        trail = [(r["actor"], r["action"], r["detail"]) for r in _rows(server, console_audit)]
        assert ("siti", "laptop_revoked", device_id) in trail, trail
        for unknown in ("dev-tidak-ada", "x" * 300):
            missing = client.post(f"/laptop/{unknown}/cabut", data={"csrf": csrf, "reason": "r"})
            assert missing.status_code == MISSING
            assert "Tidak ada laptop terdaftar dengan ID ini." in missing.text
            assert foreign(visible_text(missing.text), "id", CONTEXTS, set(), strip=STRIP) == []


def test_an_operator_sees_the_fleet_but_neither_makes_codes_nor_revokes(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="operator")
    with server.client() as api:
        laptop = Laptop(api)
        laptop.enroll(new_code(server))
    with _logged_in(server) as client:
        fleet = client.get("/laptop")
        assert fleet.status_code == OK
        assert laptop.device_id[:16] in fleet.text
        assert "Mendaftarkan dan mencabut laptop hanya dapat dilakukan oleh administrator." in (
            fleet.text
        )
        assert 'action="/laptop/kode"' not in fleet.text
        assert "/cabut" not in fleet.text
        csrf = csrf_of(fleet)
        made = client.post("/laptop/kode", data={"csrf": csrf, "hours": "1", "url": server.url})
        assert made.status_code == FORBIDDEN
        assert client.get("/laptop/kode").status_code == FORBIDDEN
        path = f"/laptop/{laptop.device_id}/cabut"
        assert client.get(path).status_code == FORBIDDEN
        revoked = client.post(path, data={"csrf": csrf, "reason": "coba"})
        assert revoked.status_code == FORBIDDEN
    assert [row["used_at"] is not None for row in _rows(server, codes)] == [True], "the CLI's"
    (row,) = _rows(server, devices)
    assert row["revoked_at"] is None


def test_beranda_lists_the_laptops_that_need_attention_with_their_reasons(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="operator")
    with _logged_in(server) as client:
        empty = client.get("/")
        assert "Tidak ada laptop yang perlu diperhatikan." in empty.text
        with server.client() as api:
            needing, _key = _enrolled(server, api)  # a failed scanner, old records
        home = client.get("/")
        section = home.text.split('id="attention-title"', 1)[1]
        assert "Laptop yang perlu diperhatikan</h2>" in section
        assert f'<a href="/laptop#laptop-{needing.device_id[:16]}">laptop-tim-1</a>' in section
        assert "<li>menyimpan rekaman lebih tua dari 7 hari</li>" in section
        assert "<li>uji mandiri perangkat gagal: pemindai sidik jari</li>" in section
        assert '<a href="/laptop">Lihat semua laptop</a>' in section
        assert f'id="laptop-{needing.device_id[:16]}"' in client.get("/laptop").text
        data = {"laptop-tim-1", needing.device_id[:16], "laptop-tim-1 " + needing.device_id[:16]}
        assert foreign(visible_text(home.text), "id", CONTEXTS, data, strip=STRIP) == []
    revoked = new_code(server)
    with server.client() as api:
        gone = Laptop(api)
        gone.enroll(revoked)
    assert dc_cli(server, "devices", "revoke", gone.device_id, "--reason", "r").returncode == 0
    with _logged_in(server) as client:
        later = client.get("/").text
        assert gone.device_id[:16] not in later, "a revoked laptop needs nobody's attention"
        assert needing.device_id[:16] in later
