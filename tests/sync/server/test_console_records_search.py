"""Rekaman's search, further filters, exports and printable list (issue 49 §3), for real.

A real data center (SQLite and PostgreSQL) over HTTPS, records sealed by a signing laptop
whose headers name a person and an officer: the blind index holds no name or NIK in the
clear; a name is found by its whole words, a NIK exactly, a request by its number; the
filters combine and refuse what is not one, at its field; the CSV and XLSX read back (the
``csv`` module, ``openpyxl``) with exactly the filtered rows, formula-safe; two exports at
the same moment; the audit's line; the printable list; ``records reindex`` by the CLI.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import csv
import datetime as dt
import io
import logging
import re
import uuid
from typing import TYPE_CHECKING, Any

import httpx
import openpyxl
import sqlalchemy as sa

from sync.server.console.records_export import QueryOutOfAccessLog, safe_cell
from sync.server.store.tables import console_audit, record_search
from tests.sync.server.consolesupport import add_account, database, foreign, log_in, visible_text
from tests.sync.server.dcsupport import dc_cli
from tests.sync.server.recordsupport import (
    GPS,
    KALIREJO,
    KECAMATAN,
    PLAN_DATE,
    SUMBERJO,
    dc_json,
    office_with_plan,
)
from tests.sync.server.test_office_steering import _enrolled

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from tests.sync.server.dcsupport import DataCenterProcess, Laptop

OK, REDIRECT = 200, 303
_DATA = re.compile(r"[\d\- :]+|\d\d-\d\d-\d{4} · [0-9a-f]{8}")
_ROW = re.compile(r'<th scope="row"><a href="/rekaman/[^/"]+/([^"]+)">')
#: The people inside the sealed records (synthetic).
SITI = ("Siti Aminah Wulandari", "3315014107900011")
BUDI = ("Budi Santoso", "3315010101900012")
RAHAYU = ("SITI Rahayu", "3315015508850013")
FORMULA = ('=HYPERLINK("http://x") Jahat', "3315010202900014")


def _born(nik: str) -> dict[str, str]:
    """The sex and birth date a NIK says (a woman's day of birth plus 40), as a laptop's form."""
    day = int(nik[6:8])
    sex = "P" if day > 40 else "L"
    return {"sex": sex, "birth_date": f"19{nik[10:12]}-{nik[8:10]}-{day % 40:02d}"}


def _header(person: tuple[str, str], officer: str, visit: dict[str, Any] | None) -> dict[str, Any]:
    name, nik = person
    return {
        "format": "fieldkit-record-1",
        "nik": nik,
        "person": {"nik": nik, "name": name, **_born(nik)},
        "officer": {"username": officer, "full_name": officer.title(), "role": "petugas"},
        "visit": visit,
    }


def _visit(visit_id: str, desa: str, request_id: str | None = None) -> dict[str, Any]:
    return {
        "id": visit_id,
        "request_id": request_id,
        "date": PLAN_DATE,
        "place_type": "kantor_desa",
        "desa_code": desa,
        "kecamatan_code": KECAMATAN,
        "walk_in": False,
        "gps": GPS,
    }


def _listed(page: httpx.Response) -> list[str]:
    assert page.status_code == OK, page.text
    return _ROW.findall(page.text)


@contextlib.contextmanager
def _logged_in(server: DataCenterProcess, role: str = "operator") -> Iterator[httpx.Client]:
    name = f"{role[:5]}{uuid.uuid4().hex[:4]}"
    assert add_account(server, name, role).returncode == 0
    with server.client() as client:
        assert log_in(client, name).status_code == REDIRECT
        yield client


class Made:
    """Four records: Siti (planned visit, Sumberjo, sari), Budi (Kalirejo, sari),
    Rahayu (Sumberjo, joko), a formula-like name (Kalirejo, joko)."""

    def __init__(self, server: DataCenterProcess, client: httpx.Client, tmp_path: Path) -> None:
        plan = office_with_plan(server, tmp_path)
        dc_json(server, "officers", "add", "joko", "--role", "petugas", "--name", "Joko Petugas")
        self.laptop: Laptop = _enrolled(server, client)[0]
        self.planned = plan.planned
        made = [
            self.laptop.seal(_header(SITI, "sari", _visit(plan.planned, SUMBERJO))),
            self.laptop.seal(_header(BUDI, "sari", _visit(plan.unplanned, KALIREJO))),
            self.laptop.seal(_header(RAHAYU, "joko", _visit(plan.unplanned, SUMBERJO))),
            self.laptop.seal(_header(FORMULA, "joko", _visit(plan.unplanned, KALIREJO))),
        ]
        self.laptop.sync(*made)
        self.siti, self.budi, self.rahayu, self.formula = (r.record_id for r in made)


def _page(client: httpx.Client, **query: str) -> httpx.Response:
    return client.get("/rekaman", params=query)


def _alert(page: httpx.Response, field: str) -> str:
    found = re.search(rf'<p [^>]*id="{field}-error" role="alert">([^<]+)</p>', page.text)
    assert found is not None, (field, page.text)
    return found.group(1)


def test_search_by_name_nik_and_request_and_the_filters(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    server = start_datacenter()
    with _logged_in(server) as client:
        made = Made(server, client, tmp_path)
        everyone = {made.siti, made.budi, made.rahayu, made.formula}
        assert set(_listed(_page(client))) == everyone

        # A name: whole words, any case, every word typed.
        assert set(_listed(_page(client, cari="siti"))) == {made.siti, made.rahayu}
        assert _listed(_page(client, cari="SITI  aminah")) == [made.siti]
        assert _listed(_page(client, cari="Wulandari", menurut="nama")) == [made.siti]
        assert _listed(_page(client, cari="wulan")) == [], "a part of a word is not a word"
        assert _listed(_page(client, cari="siti budi")) == [], "every word must be in the name"
        # A NIK: exact; a request: by its letter's number (the planned visit's request).
        assert _listed(_page(client, cari=BUDI[1], menurut="nik")) == [made.budi]
        assert _listed(_page(client, cari="3315010101900099", menurut="nik")) == []
        assert _listed(_page(client, cari="470/77/2026", menurut="permohonan")) == [made.siti]

        # The filters, alone and with the search.
        assert set(_listed(_page(client, petugas="sari"))) == {made.siti, made.budi}
        assert set(_listed(_page(client, kecamatan=KECAMATAN))) == everyone
        assert set(_listed(_page(client, laptop=made.laptop.device_id))) == everyone
        assert _listed(_page(client, cari="siti", desa=KALIREJO)) == []
        assert _listed(_page(client, cari="siti", desa=SUMBERJO, petugas="joko")) == [made.rahayu]
        assert set(_listed(_page(client, desa=KALIREJO, status="ACCEPTED"))) == {
            made.budi,
            made.formula,
        }
        bookmarked = _page(client, cari="siti", desa=SUMBERJO)
        assert "cari=siti" in bookmarked.text
        assert f"desa={SUMBERJO}" in bookmarked.text
        # The page's export and print links carry the same query.
        assert f"/rekaman/unduh.csv?desa={SUMBERJO}" in bookmarked.text
        assert "Nama dicari per kata utuh" in bookmarked.text

        # What is not one is said at its field, and filters nothing out.
        for query, field, words in (
            ({"cari": "12345", "menurut": "nik"}, "cari", "NIK terdiri dari tepat 16 angka"),
            ({"cari": "!!! ...", "menurut": "nama"}, "cari", "Ketik sedikitnya satu kata utuh"),
            ({"cari": " ".join("abcdefghijklm")}, "cari", "Ketik paling banyak 12 kata"),
            ({"cari": "999/1/2026", "menurut": "permohonan"}, "cari", "Kantor tidak punya"),
            ({"menurut": "alamat", "cari": "x"}, "menurut", "Pilihan ini tidak ada"),
            ({"kecamatan": "999999"}, "kecamatan", "Pilihan ini tidak ada"),
            ({"laptop": "bukan-laptop"}, "laptop", "Pilihan ini tidak ada"),
            ({"petugas": "siapa"}, "petugas", "Pilihan ini tidak ada"),
            ({"dari": "31-02-2026"}, "dari", "Tulis tanggal sebagai hari-bulan-tahun"),
        ):
            page = _page(client, **query)
            assert _alert(page, field).startswith(words), (query, _alert(page, field))
            assert set(_listed(page)) == everyone, query
        # A bad value beside a good one: the good one still filters.
        page = _page(client, petugas="siapa", desa=KALIREJO)
        assert set(_listed(page)) == {made.budi, made.formula}

        # The blind index: HMACs only, never a name word or a NIK in the clear.
        with database(server) as engine, engine.connect() as conn:
            rows = conn.execute(sa.select(record_search)).all()
        assert {r.kind for r in rows} == {"nik", "name", "officer"}
        assert all(re.fullmatch(r"[0-9a-f]{64}", r.mac) for r in rows)
        stored = " ".join(str(v) for r in rows for v in r).casefold()
        for name, nik in (SITI, BUDI, RAHAYU):
            assert nik not in stored
            assert not any(word.casefold() in stored for word in name.split())
        if server.database is None:  # SQLite: the file's very bytes (and its WAL)
            raw = b"".join(p.read_bytes() for p in server.data.glob("*.sqlite3*"))
            raw += b"".join(p.read_bytes() for p in server.data.glob("*.db*"))
            assert raw, "the database file was read"
            for name, nik in (SITI, BUDI, RAHAYU):
                assert nik.encode() not in raw
                assert name.encode() not in raw
                assert b"Wulandari" not in raw


def _csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _xlsx_text(value: object) -> str:
    """A cell as the CSV writes it: a date as ``20-11-2026``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def _xlsx_rows(body: bytes) -> list[list[str]]:
    book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    sheet = book.worksheets[0]
    return [[_xlsx_text(c) for c in row] for row in sheet.iter_rows(values_only=True)]


def _xlsx_days(body: bytes) -> list[tuple[object, str, object, str]]:
    """Each row's recording day and promise date as openpyxl reads them, with their formats."""
    sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
    return [
        (row[8].value, row[8].number_format, row[9].value, row[9].number_format)
        for row in sheet.iter_rows(min_row=2)
    ]


#: The person's columns follow the console's rule (issue 56.6): the NIK's last 4 digits.
HEADER = [
    "Nama",
    "Jenis kelamin",
    "Tahun lahir",
    "NIK (4 digit akhir)",
    "Desa/Kelurahan",
    "Kecamatan",
    "Nomor Permohonan",
    "Status",
    "Tanggal Rekam",
    "Tanggal Janji",
]


def test_exports_read_back_with_the_filtered_rows_and_are_audited(  # noqa: PLR0915 - a journey
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    server = start_datacenter()
    with _logged_in(server) as client:
        made = Made(server, client, tmp_path)
        query = {"desa": KALIREJO}
        csv_answer = client.get("/rekaman/unduh.csv", params=query)
        assert csv_answer.status_code == OK
        assert csv_answer.headers["content-type"].startswith("text/csv")
        assert csv_answer.headers["cache-control"] == "no-store"
        assert "attachment" in csv_answer.headers["content-disposition"]
        rows = _csv_rows(csv_answer.content)
        assert rows[0] == HEADER
        by_nik = {r[3]: r for r in rows[1:]}
        assert set(by_nik) == {BUDI[1][-4:], FORMULA[1][-4:]}, "only the filtered rows"
        budi = by_nik[BUDI[1][-4:]]
        assert budi[:3] == [BUDI[0], "laki-laki", "1990"]
        assert budi[4] == f"Kalirejo ({KALIREJO})"
        assert budi[5].endswith(f"({KECAMATAN})")
        assert budi[7] == "diterima"
        assert budi[8] == "20-11-2026"
        assert budi[9] == "10-12-2026"
        assert by_nik[FORMULA[1][-4:]][0] == "'" + FORMULA[0], "a formula is shown as text"
        assert BUDI[1] not in csv_answer.text, "the NIK's last four digits only"

        xlsx_answer = client.get("/rekaman/unduh.xlsx", params=query)
        assert xlsx_answer.status_code == OK
        assert _xlsx_rows(xlsx_answer.content) == rows
        # The days are dates, not text (issue 59 §9): Excel sorts and filters them as days,
        # shown in the office's order.
        days = _xlsx_days(xlsx_answer.content)
        assert len(days) == len(rows) - 1
        for recorded, recorded_format, promise, promise_format in days:
            assert isinstance(recorded, dt.datetime), recorded
            assert isinstance(promise, dt.datetime), promise
            assert recorded_format == promise_format == "dd-mm-yyyy"
        shown = {(_xlsx_text(d[0]), _xlsx_text(d[2])) for d in days}
        assert ("20-11-2026", "10-12-2026") in shown, shown

        # The planned visit's request number; the search's rows only, every page.
        siti = _csv_rows(client.get("/rekaman/unduh.csv", params={"cari": "aminah"}).content)
        assert [[r[0], r[3], r[6]] for r in siti[1:]] == [[SITI[0], SITI[1][-4:], "470/77/2026"]]

        # Two exports at the same moment: the same file, each audited.
        with (
            _logged_in(server) as other,
            concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool,
        ):
            both = list(
                pool.map(
                    lambda c: c.get("/rekaman/unduh.csv", params={"petugas": "joko"}),
                    (client, other),
                )
            )
            # An XLSX and the printable list at the same moment too.
            other_two = list(
                pool.map(
                    lambda pair: pair[0].get(pair[1], params={"petugas": "joko"}),
                    ((client, "/rekaman/unduh.xlsx"), (other, "/rekaman/cetak")),
                )
            )
        assert [a.status_code for a in both] == [OK, OK]
        assert both[0].content == both[1].content
        joko = _csv_rows(both[0].content)
        assert {r[3] for r in joko[1:]} == {RAHAYU[1][-4:], FORMULA[1][-4:]}
        assert [a.status_code for a in other_two] == [OK, OK]
        assert _xlsx_rows(other_two[0].content) == joko
        assert RAHAYU[0] in other_two[1].text

        with database(server) as engine, engine.connect() as conn:
            lines = conn.execute(
                sa.select(console_audit).where(console_audit.c.action == "records_export")
            ).all()
        assert len(lines) == 7
        # Each line names the records it carried (issue 56.6), after what it was.
        carried = {
            line.detail.partition(" records: ")[0]: line.detail.partition(" records: ")[2].split()
            for line in lines
        }
        assert carried["format=csv rows=1 filter: cari=nama"] == [
            f"{made.laptop.device_id}/{made.siti}"
        ]
        assert all(len(named) == int(said.split()[1][5:]) for said, named in carried.items())
        details = [line.detail.partition(" records: ")[0] for line in lines]
        assert f"format=csv rows=2 filter: desa={KALIREJO}" in details
        assert f"format=xlsx rows=2 filter: desa={KALIREJO}" in details
        assert "format=csv rows=1 filter: cari=nama" in details, "the search by its kind only"
        assert details.count("format=csv rows=2 filter: petugas=joko") == 2
        assert "format=xlsx rows=2 filter: petugas=joko" in details
        assert "format=print rows=2 filter: petugas=joko" in details, "printing is audited"
        every = " ".join(details)
        assert "aminah" not in every.casefold()
        assert all(nik not in every for _name, nik in (SITI, BUDI, RAHAYU, FORMULA))
        assert made.siti


def test_the_printable_list_and_its_letterhead(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    server = start_datacenter()
    with _logged_in(server) as client:
        Made(server, client, tmp_path)
        page = client.get("/rekaman/cetak", params={"cari": "siti", "desa": SUMBERJO})
        assert page.status_code == OK
        assert page.headers["cache-control"] == "no-store"
        text = page.text
        assert "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL" in text
        assert "<dt>Nama</dt><dd>siti</dd>" in text
        assert f"<dt>Desa</dt><dd>Sumberjo ({SUMBERJO})</dd>" in text
        assert "2 rekaman" in text
        assert SITI[0] in text
        assert RAHAYU[0] in text
        assert BUDI[0] not in text
        assert "@media print" in client.get("/static/console.css").text
        bad = client.get("/rekaman/cetak", params={"dari": "kemarin"})
        assert bad.status_code == OK
        assert "4 rekaman" in bad.text


def test_an_export_needs_a_session(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    server = start_datacenter()
    with server.client() as client:
        for path in ("/rekaman/unduh.csv", "/rekaman/unduh.xlsx", "/rekaman/cetak"):
            answer = client.get(path, follow_redirects=False)
            assert answer.status_code == REDIRECT
            assert answer.headers["location"] == "/masuk"


def test_reindex_fills_the_index_of_records_stored_before_it(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    server = start_datacenter()
    with _logged_in(server) as client:
        made = Made(server, client, tmp_path)
        with database(server) as engine, engine.begin() as conn:
            conn.execute(record_search.delete())
        assert _listed(_page(client, cari="budi")) == []
        done = dc_cli(server, "records", "reindex", "--json")
        assert done.returncode == 0, done.stderr
        assert '"indexed": 4' in done.stdout
        assert '"unopened": 0' in done.stdout
        for name, nik in (SITI, BUDI, RAHAYU):
            assert name not in done.stdout + done.stderr
            assert nik not in done.stdout + done.stderr
        assert _listed(_page(client, cari="budi")) == [made.budi]
        again = dc_cli(server, "records", "reindex", "--json")
        assert '"indexed": 0' in again.stdout, "idempotent"


def test_a_search_never_reaches_the_access_log() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", "/rekaman?cari=Siti+Aminah&desa=1", "1.1", 200),
        None,
    )
    assert QueryOutOfAccessLog().filter(record)
    assert "Siti" not in record.getMessage()
    assert "/rekaman?…" in record.getMessage()
    assert safe_cell("-1+2") == "'-1+2"
    assert safe_cell("@x") == "'@x"
    assert safe_cell("Siti") == "Siti"


def test_every_word_of_the_search_and_the_printable_list_comes_from_the_catalogue(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    server = start_datacenter()
    with _logged_in(server) as client:
        made = Made(server, client, tmp_path)
        pages = {
            "searched": _page(client, cari="siti", petugas="sari", kecamatan=KECAMATAN),
            "refused": _page(client, cari="123", menurut="nik", laptop="x", petugas="y"),
            "printable": client.get("/rekaman/cetak", params={"cari": "siti", "desa": SUMBERJO}),
            "printable, all": client.get("/rekaman/cetak", params={"status": "ACCEPTED"}),
        }
        data = {
            "laptop-tim-1",
            "20-11-2026 · Sumberjo",
            f"Sumberjo ({SUMBERJO})",
            f"Kalirejo ({KALIREJO})",
            "Kedungjati (331501)",
            "Sari Petugas (sari)",
            "Joko Petugas (joko)",
            "siti",
            "123",
            "470/77/2026",
            "PEMERINTAH KABUPATEN GROBOGAN",
            "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL",
            *(p for person in (SITI, BUDI, RAHAYU, FORMULA) for p in person),
            *(nik[-4:] for _name, nik in (SITI, BUDI, RAHAYU, FORMULA)),
            "'" + FORMULA[0],
            *(r[:8] for r in (made.siti, made.budi, made.rahayu, made.formula)),
        }
        for name, page in pages.items():
            assert page.status_code == OK, name
            contexts = {"console", "console_records", "console_people"}
            strays = foreign(visible_text(page.text), "id", contexts, data)
            # Times, dates, an unplanned visit's date and id are data, not words.
            strays = [s for s in strays if not _DATA.fullmatch(s)]
            assert strays == [], (name, strays)
