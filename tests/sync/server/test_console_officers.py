"""Petugas & aturan against the real service over HTTPS (SQLite and PostgreSQL).

Each form of the office package's editor with its refusals (a bad rule value, a duplicate
username, a forged CSRF token, an operator where only an administrator may act), the
one-time code shown once and never stored, every change audited with the account's name,
and the key journey: an officer and a rule added in the console reach a real laptop,
whose real client syncs and then holds the officer (who logs in with the console's code)
and the rule.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import html
import json
import os
import re
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import ed25519

from fieldkit import sentences
from fieldkit.enrollment import autocapture, cosign
from fieldkit.enrollment.autocapture_rule import AutoCaptureRule
from fieldkit.office.newcomers import first_login, pending_officers
from fieldkit.office_sent import RuleSetByOffice
from fieldkit.quality.policy import load_policy
from fieldkit.quality.result import QualityModality
from fieldkit.store.keyring import KdfParams
from fieldkit.update.release_keys import ReleaseKey
from fieldkit.update.verify import sign
from fieldkit.workspace import Workspace
from sync.server import catalogue
from sync.server.accounts.trail import REFUSAL_ACTIONS
from sync.server.console import officers as officers_screen
from sync.server.office import sentences as server_sentences
from sync.server.office.codes import hash_first_login_code
from sync.server.office.releases import offer_release
from sync.server.store.database import normalise_url
from sync.server.store.stamps import ZONE_INFO, OfficeZone
from sync.server.store.tables import console_audit, office_officers
from tests.support import OFFICE, init_workspace
from tests.sync.client.syncsupport import client as sync_client
from tests.sync.client.syncsupport import enroll
from tests.sync.server.consolesupport import (
    add_account,
    csrf_of,
    foreign,
    log_in,
    started,
    visible_text,
)
from tests.sync.server.dcsupport import DataCenterProcess, dc_cli
from tests.sync.server.test_office_steering import _enrolled

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

OK, REDIRECT, BAD, FORBIDDEN, MISSING = 200, 303, 400, 403, 404
#: The screen's sentences and the data center's refusals, registered as the service does.
REGISTERED = (server_sentences, officers_screen)
CODE = re.compile(
    r'<p class="big-code first-code">'
    r'<span class="group">([A-Z2-9]{4})</span><span class="dash">-</span>'
    r'<span class="group">([A-Z2-9]{4})</span><span class="dash">-</span>'
    r'<span class="group">([A-Z2-9]{4})</span></p>'
)
#: Cheap Argon2id for the officer's new key slot on the laptop (its cost is not tested here).
CHEAP = KdfParams(memory_kib=1024, iterations=1, lanes=1)


# --- helpers ---------------------------------------------------------------------------


def _cli(server: DataCenterProcess, *args: str) -> Any:
    done = dc_cli(server, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _version(server: DataCenterProcess) -> int:
    version: int = _cli(server, "office", "show")["version"]
    return version


def _officers(server: DataCenterProcess) -> dict[str, dict[str, Any]]:
    return {o["username"]: o for o in _cli(server, "officers", "list")}


@contextlib.contextmanager
def _database(server: DataCenterProcess) -> Iterator[sa.Connection]:
    engine = sa.create_engine(normalise_url(server.database_url))
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def _audit(server: DataCenterProcess) -> list[tuple[str, str, str]]:
    """(actor, action, account) of each console_audit line about the office, oldest first."""
    with _database(server) as conn:
        rows = conn.execute(sa.select(console_audit).order_by(console_audit.c.id)).mappings()
        return [
            (r["actor"], r["action"], r["account"])
            for r in rows
            if r["action"] not in {"account_added", "login", "logout", "login_failed"}
            and r["action"] not in REFUSAL_ACTIONS  # attempts, not changes
        ]


@contextlib.contextmanager
def _logged_in(server: DataCenterProcess, name: str) -> Iterator[httpx.Client]:
    with server.client() as client:
        assert log_in(client, name).status_code == REDIRECT
        yield client


def _code(page: httpx.Response) -> str:
    found = CODE.search(page.text)
    assert found is not None, page.text
    return "-".join(found.groups())


def _add(client: httpx.Client, **fields: str) -> httpx.Response:
    form = client.get("/petugas/tambah")
    assert form.status_code == OK
    data = {"username": "", "full_name": "", "role": "petugas", "nip": "", "rank": ""} | fields
    return client.post("/petugas/tambah", data={"csrf": csrf_of(form), **data})


def _field_error(page: str, name: str) -> str:
    """The refusal said at field ``name`` (and only if the field points at it)."""
    assert f'id="f-{name}"' in page, name
    field = re.search(rf'<input id="f-{name}"[^>]*>', page) or re.search(
        rf'<select id="f-{name}"[^>]*>', page
    )
    assert field is not None
    assert 'aria-invalid="true"' in field.group(0), field.group(0)
    assert f"e-{name}" in field.group(0)
    found = re.search(rf'<p class="field-error" id="e-{name}">([^<]*)</p>', page)
    assert found is not None, page
    return found.group(1)


def _status(page: str) -> str:
    found = re.search(r'role="status">([^<]*)<', page)
    assert found is not None, page
    return found.group(1)


def _alert(page: str) -> str:
    found = re.search(r'role="alert">([^<]*)<', page)
    assert found is not None, page
    return found.group(1)


def _rules_form(page: httpx.Response) -> dict[str, str]:
    """Every field of the rules form as the page filled it (a browser sends them all)."""
    form = page.text.split('action="/petugas/aturan"', 1)[1].split("</form>", 1)[0]
    field = r'<input id="f-[^"]+" name="([^"]+)" type="text" value="([^"]*)"'
    values = dict(re.findall(field, form))
    values |= {
        name: html.unescape(text)
        for name, text in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
    }
    for name, text in re.findall(
        r'<textarea id="f-[^"]+" name="([^"]+)"[^>]*>\n(.*?)</textarea>', form, re.DOTALL
    ):
        values[name] = html.unescape(text)
    for name, options in re.findall(
        r'<select id="f-[^"]+" name="([^"]+)"[^>]*>(.*?)</select>', form, re.DOTALL
    ):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        values[name] = chosen.group(1) if chosen else ""  # a browser sends the first: ""
    values["csrf"] = csrf_of(page)
    return values


def _selected(page: str, name: str) -> str:
    """The option a switch of the rules form shows as chosen, in words."""
    found = re.search(
        rf'<select id="f-{name}".*?<option value="[^"]*" selected>([^<]*)<', page, re.DOTALL
    )
    assert found is not None, name
    return found.group(1)


# --- officers --------------------------------------------------------------------------


def test_an_officer_is_added_with_a_code_shown_once_and_kept_nowhere(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    with _logged_in(server, "siti") as client:
        empty = client.get("/petugas")
        assert empty.status_code == OK
        assert "<h1>Petugas &amp; aturan</h1>" in empty.text
        assert "Paket kantor saat ini: versi 0" in empty.text
        assert "Belum ada petugas: tambahkan yang pertama." in empty.text
        form = client.get("/petugas/tambah")
        for label in (
            "Nama pengguna",
            "Nama lengkap dengan gelar, seperti tercetak di surat",
            "Peran",
            "NIP (boleh kosong)",
            "Pangkat/golongan (boleh kosong)",
        ):
            assert f">{label}</label>" in form.text
        assert '<option value="admin"' in form.text, "an administrator gives every role"

        added = _add(
            client,
            username="Sari",
            full_name="  Sari   Wulandari, S.Kom. ",
            role="ketua_tim",
            nip="19870312 201001 2 003",
            rank="Penata Muda, III/a",
        )
        assert added.status_code == OK
        code = _code(added)
        assert "<h1>Kode login pertama untuk sari</h1>" in added.text
        assert _status(added.text) == "Petugas sari (Sari Wulandari, S.Kom.) sudah ditambahkan."
        assert "bersama paket kantor versi 1 pada sinkronisasi berikutnya" in added.text
        assert "Masuk pertama kali petugas baru…" in added.text
        assert "Kode ini hanya ditampilkan sekarang" in added.text
        assert "no-store" in added.headers["cache-control"]

        listed = client.get("/petugas")
        row = re.search(r"<tr>\s*<th scope=\"row\">sari</th>.*?</tr>", listed.text, re.DOTALL)
        assert row is not None, listed.text
        assert "Sari Wulandari, S.Kom." in row.group(0)
        assert "Ketua tim" in row.group(0)
        assert "menunggu login pertama (kode berlaku sampai" in row.group(0)
        assert 'aria-label="Kode baru untuk sari"' in row.group(0)
        assert 'aria-label="Nonaktifkan sari"' in row.group(0)
        assert code not in listed.text, "the code is shown once, on its own page"

    assert _version(server) == 1
    sari = _officers(server)["sari"]
    assert (sari["role"], sari["nip"], sari["waiting_first_login"]) == (
        "ketua_tim",
        "198703122010012003",
        True,
    )
    with _database(server) as conn:
        stored = json.loads(
            conn.execute(sa.select(office_officers.c.first_login)).scalar_one() or "{}"
        )
        dump = json.dumps([dict(r) for r in conn.execute(sa.select(console_audit)).mappings()])
    salt = base64.b64decode(stored["salt"])
    assert base64.b64decode(stored["hash"]) == hash_first_login_code(code, salt)
    assert code not in dump
    assert code not in server.log.read_text(encoding="utf-8")
    assert _audit(server) == [("siti", "officer_added", "sari")]


def test_the_add_form_refuses_bad_input_at_its_field_and_changes_nothing(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    with _logged_in(server, "siti") as client:
        assert _add(client, username="sari", full_name="Sari Wulandari").status_code == OK
        cases = [
            ({"username": "sari", "full_name": "Sari Lain"}, "username", "Petugas bernama sari"),
            ({"username": "Sari!", "full_name": "Sari"}, "username", "Nama pengguna sari!"),
            ({"username": "rina", "full_name": "   "}, "full_name", "Nama lengkap petugas wajib"),
            ({"username": "rina", "full_name": "R" * 101}, "full_name", "101 karakter"),
            ({"username": "rina", "full_name": "Rina", "nip": "1234"}, "nip", "tepat 18 angka"),
            ({"username": "rina", "full_name": "Rina", "rank": "P" * 81}, "rank", "paling banyak"),
            ({"username": "rina", "full_name": "Rina", "role": "lurah"}, "role", "Peran lurah"),
        ]
        for fields, name, words in cases:
            refused = _add(client, **fields)
            assert refused.status_code == BAD, fields
            assert _alert(refused.text) == (
                "Belum ada yang disimpan: perbaiki isian yang ditandai di bawah."
            )
            assert words in _field_error(refused.text, name), (fields, refused.text)
            assert CODE.search(refused.text) is None
            typed = fields.get("full_name", "")
            if typed.strip() and len(typed) < 30:  # what was typed stays in the form
                assert f'value="{typed}"' in refused.text

        form = client.get("/petugas/tambah")
        for data in (
            {"username": "rina", "full_name": "Rina", "role": "petugas"},
            {"csrf": "dipalsukan", "username": "rina", "full_name": "Rina", "role": "petugas"},
        ):
            forged = client.post("/petugas/tambah", data=data)
            assert forged.status_code == FORBIDDEN
            assert "Formulir ini sudah kedaluwarsa" in forged.text
        assert csrf_of(form)
    assert set(_officers(server)) == {"sari"}
    assert _version(server) == 1
    assert _audit(server) == [("siti", "officer_added", "sari")]


def test_an_operator_adds_field_officers_but_neither_admins_nor_enables_again(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    with _logged_in(server, "budi") as client:
        form = client.get("/petugas/tambah")
        assert '<option value="admin"' not in form.text
        refused = _add(client, username="kepala", full_name="Kepala", role="admin")
        assert refused.status_code == FORBIDDEN
        assert _field_error(refused.text, "role").startswith(
            "Hanya administrator yang boleh melakukan ini untuk kepala"
        )
        added = _add(client, username="sari", full_name="Sari Wulandari", role="petugas")
        assert added.status_code == OK
        _code(added)
        page = client.get("/petugas")
        assert "Sebagai operator, Anda dapat menambah petugas" in page.text
        disabled = client.post(
            "/petugas/nonaktifkan", data={"csrf": csrf_of(page), "petugas": "sari"}
        )
        assert (disabled.status_code, disabled.headers["location"]) == (
            REDIRECT,
            "/petugas?hasil=nonaktif",
        )
        page = client.get("/petugas")
        assert "Aktifkan lagi" not in page.text, "an operator is not offered it"
        refused = client.post("/petugas/aktifkan", data={"csrf": csrf_of(page), "petugas": "sari"})
        assert refused.status_code == FORBIDDEN
    assert set(_officers(server)) == {"sari"}
    assert _officers(server)["sari"]["state"] == "disabled"
    assert _audit(server) == [
        ("budi", "officer_added_refused", "kepala"),
        ("budi", "officer_added", "sari"),
        ("budi", "officer_disabled", "sari"),
    ]


def test_a_new_code_a_confirmed_disable_and_enabling_again(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    with _logged_in(server, "siti") as client:
        first = _code(_add(client, username="sari", full_name="Sari Wulandari"))
        page = client.get("/petugas")
        again = client.post("/petugas/kode", data={"csrf": csrf_of(page), "petugas": "sari"})
        assert again.status_code == OK
        second = _code(again)
        assert second != first
        assert _status(again.text) == ("Kode baru untuk sari: kode sebelumnya tidak berlaku lagi.")

        confirm = client.get("/petugas/nonaktifkan?petugas=sari")
        assert confirm.status_code == OK
        assert "<h1>Nonaktifkan sari?</h1>" in confirm.text
        assert "Sari Wulandari tidak dapat login lagi" in confirm.text
        assert ">Ya, nonaktifkan sari</button>" in confirm.text
        assert _officers(server)["sari"]["state"] == "active", "the question changes nothing"
        done = client.post(
            "/petugas/nonaktifkan", data={"csrf": csrf_of(confirm), "petugas": "sari"}
        )
        assert done.status_code == REDIRECT
        page = client.get(done.headers["location"])
        assert _status(page.text) == (
            "Petugas dinonaktifkan: setiap laptop menolak loginnya sejak sinkronisasi berikutnya."
        )
        assert re.search(r"<th scope=\"row\">sari</th>.*?<td>nonaktif</td>", page.text, re.DOTALL)
        assert 'aria-label="Aktifkan lagi sari"' in page.text

        # Stale and unknown: said in words, nothing changed.
        stale = client.post("/petugas/nonaktifkan", data={"csrf": csrf_of(page), "petugas": "sari"})
        assert stale.status_code == BAD
        assert _alert(stale.text) == "Petugas sari dinonaktifkan."
        stale = client.post("/petugas/kode", data={"csrf": csrf_of(page), "petugas": "sari"})
        assert stale.status_code == BAD
        unknown = client.get("/petugas/nonaktifkan?petugas=tidak-ada")
        assert unknown.status_code == MISSING
        assert _alert(unknown.text) == "Tidak ada petugas aktif bernama tidak-ada."
        version = _version(server)

        enabled = client.post("/petugas/aktifkan", data={"csrf": csrf_of(page), "petugas": "sari"})
        assert enabled.status_code == OK
        assert _status(enabled.text) == "sari aktif lagi."
        third = _code(enabled)
        assert third not in {first, second}
        assert f"paket kantor versi {version + 1} " in enabled.text
    assert _officers(server)["sari"]["state"] == "active"
    assert _audit(server) == [
        ("siti", "officer_added", "sari"),
        ("siti", "officer_code", "sari"),
        ("siti", "officer_disabled", "sari"),
        ("siti", "officer_enabled", "sari"),
    ]


# --- the office and its rules ----------------------------------------------------------


def test_the_rules_form_says_each_rule_s_unit_and_range_and_refuses_at_the_field(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    with _logged_in(server, "siti") as client:
        page = client.get("/petugas/aturan")
        assert page.status_code == OK
        for words in (
            ">Wajah</label>",
            "Dari 0 sampai 100 poin; bawaan laptop 50.",
            ">Sidik jari</label>",
            "Dari 0 sampai 100 poin; bawaan laptop 40.",
            ">Percobaan per perekaman</label>",
            "Dari 1 sampai 10 kali; bawaan laptop 3.",
            '<span class="unit">hari</span>',
            "Paling sedikit 1 hari; bawaan laptop 7.",
            "Paling sedikit 1 rekaman; bawaan laptop 500.",
            "Dari 1 sampai 120 menit; bawaan laptop 10.",
            ">NIP kepala dinas</label>",
            # The format's places in Indonesian (issue 47, finding 11).
            (
                "Wajib memuat {urut} (nomor urut); boleh juga memakai "
                "{tahun}, {bulan}, {bulan_romawi}, {jenis}"
            ),
        ):
            assert words in page.text, words

        bad_office = client.post(
            "/petugas/kantor",
            data={"csrf": csrf_of(page), "office_code": "12", "office_name": "Kantor"},
        )
        assert bad_office.status_code == BAD
        assert "4 digit" in _field_error(bad_office.text, "office_code")
        saved = client.post(
            "/petugas/kantor",
            data={"csrf": csrf_of(page), "office_code": "3273", "office_name": "Disdukcapil Kota"},
        )
        assert (saved.status_code, saved.headers["location"]) == (
            REDIRECT,
            "/petugas/aturan?hasil=kantor",
        )
        page = client.get(saved.headers["location"])
        assert _status(page.text) == "Identitas kantor sudah disimpan."
        assert '<span class="office">Disdukcapil Kota</span>' in page.text
        assert _version(server) == 1

        refusals = [
            ({"max_attempts": "11"}, "max_attempts", "antara 1 dan 10"),
            ({"threshold_face": "150"}, "threshold_face", "Ambang mutu harus antara 0 dan 100."),
            ({"threshold_iris": "enam puluh"}, "threshold_iris", "Isi dengan angka."),
            ({"threshold_iris": "nan"}, "threshold_iris", "Isi dengan angka."),
            ({"freeze_days": "0"}, "freeze_days", "paling sedikit satu hari"),
            ({"freeze_max_waiting": "-3"}, "freeze_max_waiting", "paling sedikit 1"),
            ({"idle_lock_minutes": "121"}, "idle_lock_minutes", "antara 1 dan 120 menit"),
            ({"head_nip": "123"}, "head_nip", "tepat 18 angka"),
            ({"number_pattern": "474/Disdukcapil"}, "number_pattern", "nomor urut ({urut})"),
            (
                {"autocapture_steady_s": "9"},
                "autocapture_steady_s",
                "Waktu diam sebelum rekam otomatis harus antara 0,2 dan 5 detik.",
            ),
            ({"autocapture_steady_s": "lama"}, "autocapture_steady_s", "Isi dengan angka."),
        ]
        for fields, name, words in refusals:
            refused = client.post("/petugas/aturan", data=_rules_form(page) | fields)
            assert refused.status_code == BAD, fields
            assert words in _field_error(refused.text, name), fields
            assert f'value="{next(iter(fields.values()))}"' in refused.text, "kept as typed"
        forged_switch = client.post(
            "/petugas/aturan", data=_rules_form(page) | {"autocapture": "kadang"}
        )
        assert forged_switch.status_code == BAD
        assert _field_error(forged_switch.text, "autocapture") == (
            "Pilih salah satu pilihan dalam daftar."
        )
        assert _version(server) == 1
        assert _cli(server, "rules", "show")["rules"] is None

        untouched = client.post("/petugas/aturan", data=_rules_form(page))
        assert untouched.status_code == BAD
        assert _alert(untouched.text) == "Tidak ada aturan yang diberikan; tidak ada yang diubah."
        assert _version(server) == 1

        changed = _rules_form(page) | {
            "threshold_face": "61,5",
            "max_attempts": "5",
            "idle_lock_minutes": "5",
            "address": "Jl. Merdeka 1",
        }
        saved = client.post("/petugas/aturan", data=changed)
        assert (saved.status_code, saved.headers["location"]) == (
            REDIRECT,
            "/petugas/aturan?hasil=aturan",
        )
        page = client.get(saved.headers["location"])
        assert _status(page.text).startswith("Aturan sudah disimpan")
        assert "Paket kantor saat ini: versi 2" in page.text
        shown = _rules_form(page)
        # Indonesian decimals, as typed (issue 47, finding 11).
        assert (shown["threshold_face"], shown["max_attempts"], shown["address"]) == (
            "61,5",
            "5",
            "Jl. Merdeka 1",
        )
        assert shown["threshold_finger"] == "", "a rule never set stays the laptop's own"
    rules = _cli(server, "rules", "show")["rules"]
    assert rules["thresholds"] == {"face": 61.5}
    assert (rules["max_attempts"], rules["idle_lock_minutes"]) == (5, 5)
    assert rules["letterhead"]["address"] == "Jl. Merdeka 1"
    assert rules["freeze_days"] is None
    assert _version(server) == 2
    assert _audit(server) == [("siti", "office_set", "office"), ("siti", "rules_set", "office")]


def test_auto_capture_and_the_countersign_on_the_spot_are_set_in_the_form(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    with _logged_in(server, "siti") as client:
        page = client.get("/petugas/aturan")
        for words in (
            '<label for="f-cosign_on_spot">Ketua tim menandatangani di tempat</label>',
            '<label for="f-autocapture">Rekam otomatis (tanpa menekan tombol)</label>',
            '<label for="f-autocapture_steady_s">Rekam otomatis menunggu orangnya diam selama',
            "Dari 0,2 sampai 5 detik; begitu kantor mengaturnya",
            '<span class="unit">detik</span>',
        ):
            assert words in page.text, words
        assert _selected(page.text, "cosign_on_spot") == "tidak diatur: bawaan laptop (nonaktif)"
        assert _selected(page.text, "autocapture") == "tidak diatur: bawaan laptop (aktif)"
        forged = client.post(
            "/petugas/aturan",
            data=_rules_form(page) | {"csrf": "dipalsukan", "autocapture": "off"},
        )
        assert forged.status_code == FORBIDDEN
        assert _cli(server, "rules", "show")["rules"] is None

        chosen = {"cosign_on_spot": "on", "autocapture": "off", "autocapture_steady_s": "0,8"}
        saved = client.post("/petugas/aturan", data=_rules_form(page) | chosen)
        assert (saved.status_code, saved.headers["location"]) == (
            REDIRECT,
            "/petugas/aturan?hasil=aturan",
        )
        page = client.get(saved.headers["location"])
        assert _selected(page.text, "cosign_on_spot") == "aktif"
        assert _selected(page.text, "autocapture") == "nonaktif"
        assert _rules_form(page)["autocapture_steady_s"] == "0,8"
        again = client.post("/petugas/aturan", data=_rules_form(page))  # nothing differs
        assert again.status_code == BAD
        on = client.post("/petugas/aturan", data=_rules_form(page) | {"autocapture": "on"})
        assert on.status_code == REDIRECT
    rules = _cli(server, "rules", "show")["rules"]
    assert (rules["cosign_on_spot"], rules["autocapture"], rules["autocapture_steady_s"]) == (
        True,
        True,
        0.8,
    )
    assert _version(server) == 2
    assert _audit(server) == [("siti", "rules_set", "office"), ("siti", "rules_set", "office")]
    with _database(server) as conn:
        details = conn.execute(
            sa.select(console_audit.c.detail).where(console_audit.c.action == "rules_set")
        ).scalars()
        assert [d.split(";")[0] for d in details] == [
            "rules changed: autocapture, autocapture_steady_s, cosign_on_spot",
            "rules changed: autocapture",
        ]
    with _logged_in(server, "budi") as client:
        page = client.get("/petugas/aturan")
        assert "<dt>Ketua tim menandatangani di tempat</dt>\n    <dd>aktif</dd>" in page.text
        assert "<dd>0,8 detik</dd>" in page.text


def test_an_operator_reads_the_rules_but_changes_none_of_them(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    assert _cli(server, "rules", "set", "--attempts", "4")["version"] == 1
    with _logged_in(server, "budi") as client:
        page = client.get("/petugas/aturan")
        assert page.status_code == OK
        assert 'action="/petugas/aturan"' not in page.text
        assert "Hanya administrator yang dapat mengubah identitas kantor" in page.text
        assert "<dd>4 kali</dd>" in page.text
        assert "<dd>bawaan laptop (7)</dd>" in page.text
        token = csrf_of(page)
        for path, data in (
            ("/petugas/aturan", {"max_attempts": "9"}),
            ("/petugas/kantor", {"office_code": "3273"}),
            ("/petugas/versi", {"min_version": "9.9.9"}),
        ):
            refused = client.post(path, data={"csrf": token, **data})
            assert refused.status_code == FORBIDDEN, path
            assert "Hanya administrator konsol" in refused.text
    assert _version(server) == 1
    assert _cli(server, "rules", "show")["rules"]["max_attempts"] == 4
    assert _audit(server) == []


# --- versions and laptops --------------------------------------------------------------


def test_the_minimum_version_the_offer_and_each_laptop_s_package(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    _cli(server, "office", "set", "3273")
    with server.client() as api:
        _enrolled(server, api)  # reported package 0 (none applied)
    with _logged_in(server, "siti") as client:
        page = client.get("/petugas/versi")
        assert page.status_code == OK
        assert "Belum ada versi minimum." in page.text
        assert "Tidak ada pembaruan yang ditawarkan." in page.text
        assert "fieldkit-datacenter release offer PEMASANG --version VERSI" in page.text
        row = re.search(r"<tr class=\"attention\">.*?</tr>", page.text, re.DOTALL)
        assert row is not None, page.text
        assert "laptop-tim-1" in row.group(0)
        assert "tertinggal: versi 0, kantor sudah versi 1" in row.group(0)

        refused = client.post(
            "/petugas/versi", data={"csrf": csrf_of(page), "min_version": "terbaru"}
        )
        assert refused.status_code == BAD
        assert _field_error(refused.text, "min_version") == (
            "terbaru bukan versi FieldKit seperti 0.9.0."
        )
        saved = client.post("/petugas/versi", data={"csrf": csrf_of(page), "min_version": "1.0.0"})
        assert (saved.status_code, saved.headers["location"]) == (
            REDIRECT,
            "/petugas/versi?hasil=versi",
        )
        key = ed25519.Ed25519PrivateKey.generate()
        installer = tmp_path / "FieldKit-setup-1.0.0.exe"
        installer.write_bytes(b"MZ" + os.urandom(3000))
        signature = sign(key, "1.0.0", hashlib.sha256(installer.read_bytes()).hexdigest())
        offer_release(
            server.data,
            installer,
            "1.0.0",
            signature,
            trusted_keys=[ReleaseKey("test", key.public_key())],
        )
        page = client.get(saved.headers["location"])
        assert _status(page.text).startswith("Versi minimum sudah disimpan")
        assert "Versi minimum saat ini: 1.0.0" in page.text
        assert "FieldKit 1.0.0 ditawarkan (" in page.text
        assert "di bawah versi minimum" in page.text, "the laptop runs 0.9.0"
        assert "tertinggal: versi 0, kantor sudah versi 2" in page.text
    assert _cli(server, "office", "show")["min_version"] == "1.0.0"
    assert _audit(server) == [("siti", "min_version_set", "office")]


def test_the_offer_s_size_and_the_code_s_day_are_written_as_the_page_s_language(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    """Issue 47, D11: "(…, 1.5 MB)" and "2026-12-03" on the Indonesian pages.

    Indonesian writes 1,5 MB and 03-12-2026 (the English page keeps 1.5 MB).
    """
    server = started(start_datacenter, siti="admin")
    _cli(server, "office", "set", "3273")
    key = ed25519.Ed25519PrivateKey.generate()
    installer = tmp_path / "FieldKit-setup-1.0.0.exe"
    installer.write_bytes(b"MZ" + os.urandom(1_500_000 - 2))
    signature = sign(key, "1.0.0", hashlib.sha256(installer.read_bytes()).hexdigest())
    offer_release(
        server.data, installer, "1.0.0", signature, trusted_keys=[ReleaseKey("t", key.public_key())]
    )
    # The page's day is the office's (3273, Bandung: WIB), not the host's.
    expires = (dt.datetime.now(ZONE_INFO[OfficeZone.WIB]) + officers_screen.CODE_TTL).date()
    iso_day = re.compile(r"\b\d{4}-\d\d-\d\d\b")
    with _logged_in(server, "siti") as client:
        shown = " ".join(visible_text(client.get("/petugas/versi").text))
        assert "FieldKit 1.0.0 ditawarkan (fieldkit-1.0.0-windows-x64-setup.exe, 1,5 MB)." in shown
        code = " ".join(visible_text(_add(client, username="sari", full_name="Sari W").text))
        assert f"Berlaku sampai {expires:%d-%m-%Y}" in code, code
        listed = " ".join(visible_text(client.get("/petugas").text))
        assert f"{expires:%d-%m-%Y}" in listed, listed
        for page in (shown, code, listed):
            assert not iso_day.search(page), page
        client.get("/petugas?lang=en")
        english = " ".join(visible_text(client.get("/petugas/versi").text))
        assert (
            "FieldKit 1.0.0 is offered (fieldkit-1.0.0-windows-x64-setup.exe, 1.5 MB)." in english
        )


# --- the words -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_word_of_the_screen_comes_from_the_catalogue(
    start_datacenter: Callable[..., DataCenterProcess], lang: str
) -> None:
    server = started(start_datacenter, siti="admin", budi="operator")
    with server.client() as api:
        _enrolled(server, api)
    data = {"siti", "sari", "Sari Wulandari", "laptop-tim-1", "-", "3273"}
    with _logged_in(server, "siti") as client:
        client.get(f"/petugas?lang={lang}")
        added = _add(client, username="sari", full_name="Sari Wulandari")
        pages = {"code": added.text}
        data |= set(_code(added).split("-"))
        pages["list"] = client.get("/petugas").text
        pages["add"] = client.get("/petugas/tambah").text
        pages["refused"] = _add(client, username="sari", full_name="Sari Wulandari").text
        pages["disable"] = client.get("/petugas/nonaktifkan?petugas=sari").text
        pages["rules"] = client.get("/petugas/aturan").text
        bad_rule = _rules_form(client.get("/petugas/aturan")) | {"freeze_days": "0"}
        pages["bad_rule"] = client.post("/petugas/aturan", data=bad_rule).text
        pages["version"] = client.get("/petugas/versi").text
        data |= set(re.findall(r'<small class="id">([^<]+)</small>', pages["version"]))
        data |= set(re.findall(r"(\d\d-\d\d-\d{4})", pages["list"]))
        data.add("0.9.0")
    english_only = {
        s.source
        for s in sentences.registered()
        if s.context == "console_officers"
        and catalogue.text("id", s.code, context=s.context) != s.source
    }
    for name, page in pages.items():
        assert f'<html lang="{lang}">' in page, name
        pieces = visible_text(page)
        assert (
            # "consent": the laptops' default consent words, greyed in their field.
            foreign(
                pieces,
                lang,
                {"console", "console_officers", "errors", "consent"},
                data,
                strip=" :·()-",
            )
            == []
        ), name
        if lang == "id":
            assert not english_only & set(pieces), name


# --- the key journey: a real laptop receives what the console set ----------------------


def test_an_officer_and_a_rule_added_in_the_console_reach_a_real_laptop(
    tmp_path: Path,
) -> None:
    server = DataCenterProcess(tmp_path / "dc", tmp_path / "dc.log")
    server.start()
    try:
        assert add_account(server, "siti", "admin").returncode == 0
        home = tmp_path / "home"
        with init_workspace(home) as ws:
            enroll(ws, server)
            assert sync_client(ws).push().error is None  # reports its health and package key
        with _logged_in(server, "siti") as console:
            page = console.get("/petugas/aturan")
            office = console.post(
                "/petugas/kantor",
                data={"csrf": csrf_of(page), "office_code": OFFICE, "office_name": "Disdukcapil"},
            )
            assert office.status_code == REDIRECT
            code = _code(_add(console, username="sari", full_name="Sari Wulandari"))
            page = console.get("/petugas/aturan")
            saved = console.post(
                "/petugas/aturan",
                data=_rules_form(page)
                | {
                    "threshold_face": "61",
                    "idle_lock_minutes": "5",
                    "cosign_on_spot": "on",
                    "autocapture": "off",
                    "autocapture_steady_s": "0.8",
                },
            )
            assert saved.status_code == REDIRECT
            before = console.get("/petugas/versi").text
            assert "tertinggal: versi 0, kantor sudah versi 3" in before

            with Workspace.login(home, "admin", "kata-sandi-admin") as ws:
                summary = sync_client(ws).push()
                assert summary.error is None, summary.as_json()
                assert summary.office is not None
                assert summary.office.refused is None, summary.office.as_json()
                assert summary.office.applied is not None
                assert [o.username for o in pending_officers(ws)] == ["sari"]
                with ws.transaction() as session:
                    assert load_policy(session).threshold(QualityModality.FACE) == 61
                assert ws.setting_int("idle_timeout_minutes") == 5
                assert cosign.offered(ws)
                assert autocapture.current_rule(ws) == AutoCaptureRule(on=False, steady_s=0.8)
                with pytest.raises(RuleSetByOffice):
                    autocapture.set_rule(ws, on=True)  # the office's "off" is a floor
                # The code the console showed is the one the laptop takes.
                first_login(ws, "sari", code.lower(), "Sari-menyapa-warga-2026", kdf=CHEAP)
            with Workspace.login(home, "sari", "Sari-menyapa-warga-2026") as sari:
                assert sari.officer.full_name == "Sari Wulandari"

            # The laptop reported its health before it applied the package: behind still,
            # until its next sync says what it applied.
            assert "tertinggal: versi 0, kantor sudah versi 3" in console.get("/petugas/versi").text
            with Workspace.login(home, "admin", "kata-sandi-admin") as ws:
                assert sync_client(ws).push().error is None
            after = console.get("/petugas/versi").text
            row = re.search(r"<tr>\s*<th scope=\"row\">.*?</tr>", after, re.DOTALL)
            assert row is not None, after
            assert "<td>3</td>" in row.group(0)
            assert "<td>mutakhir</td>" in row.group(0)
    finally:
        server.stop()
