"""The console's Rekaman screen against the real service over HTTPS (SQLite and PostgreSQL).

Records sealed by a signing laptop, their headers naming a visit and a person: the list
filtered by date, desa, visit and state, paged 50 at a time, newest first, training
records left out unless asked for; a record's history; a recapture asked for (by an
operator), refused where the state machine or the console refuses it, audited, and seen
by a real laptop client at its next sync.  No NIK, name or GPS ever reaches a page.  The
migration to 0006 on a database of revision 0005, and a backup restoring the places.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import shutil
import uuid
from typing import TYPE_CHECKING, Any

import httpx
import sqlalchemy as sa
from alembic import command
from alembic.runtime.migration import MigrationContext

from fieldkit import sentences
from fieldkit.records import outbox
from fieldkit.records.demo import DEMO_KID
from sync.client.client import SyncClient
from sync.client.enroll import enroll_laptop
from sync.protocol import Reason, RecordState
from sync.server import catalogue
from sync.server.console.records import MAX_REASON, reason_words, refusal_of, state_words
from sync.server.console.records_query import PAGE_SIZE
from sync.server.store.schema import _alembic_config, known_revisions
from sync.server.store.stamps import iso
from sync.server.store.tables import console_audit, record_places, records
from tests.sync.server.consolesupport import (
    add_account,
    csrf_of,
    database,
    foreign,
    log_in,
    visible_text,
)
from tests.sync.server.dcsupport import DataCenterProcess, Laptop, dc_cli, new_code
from tests.sync.server.recordsupport import (
    BIRTH_DATE,
    GPS,
    KALIREJO,
    NIK,
    OFFICER,
    PERSON,
    PLAN_DATE,
    SUMBERJO,
    Plan,
    header,
    office_with_plan,
    rejected,
    sealed,
    visit_of,
)
from tests.sync.server.test_office_steering import _enrolled

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from fieldkit.sealing import SealedRecord
    from fieldkit.workspace import Workspace

OK, REDIRECT, BAD, FORBIDDEN, NOT_FOUND, CONFLICT = 200, 303, 400, 403, 404, 409
#: Grobogan (3315, Jawa Tengah) keeps WIB: the pages show its times (issue 59 §9).
WIB = dt.timezone(dt.timedelta(hours=7))
_ROW = re.compile(r'<th scope="row"><a href="/rekaman/[^/"]+/([^"]+)">')


def _listed(page: httpx.Response) -> list[str]:
    """The record ids the list shows, in its order."""
    assert page.status_code == OK, page.text
    return _ROW.findall(page.text)


@contextlib.contextmanager
def _logged_in(server: DataCenterProcess, role: str = "admin") -> Iterator[httpx.Client]:
    """A console session of a new account with ``role``; its client is also the laptop's."""
    name = f"{role[:5]}{uuid.uuid4().hex[:4]}"
    assert add_account(server, name, role).returncode == 0
    with server.client() as client:
        assert log_in(client, name).status_code == REDIRECT
        yield client


def _received_on(server: DataCenterProcess, record_id: str, day: dt.date) -> None:
    """Back-date a record's arrival to noon of ``day`` on the office's clock (3315: WIB)."""
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=WIB)
    with database(server) as engine, engine.begin() as conn:
        conn.execute(
            records.update()
            .where(records.c.record_id == record_id)
            .values(received_at=iso(noon.timestamp()))
        )


class Office:
    """A data center with the office's plan, one laptop ("laptop-tim-1") and its records."""

    def __init__(self, server: DataCenterProcess, client: httpx.Client, tmp_path: Path) -> None:
        self.server = server
        self.plan: Plan = office_with_plan(server, tmp_path)
        self.laptop, _key = _enrolled(server, client)

    def push(self, *made: SealedRecord) -> list[str]:
        self.laptop.sync(*made)
        return [r.record_id for r in made]


def _records_page(client: httpx.Client, **query: str) -> httpx.Response:
    return client.get("/rekaman", params=query)


def test_the_list_by_date_desa_visit_and_state_without_training_records(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    server = start_datacenter(None, "--accept-demo")
    with _logged_in(server, "operator") as client:
        office = Office(server, client, tmp_path)
        planned = office.push(
            sealed(office.laptop, visit_of(office.plan.planned, PLAN_DATE, SUMBERJO))
        )[0]
        unplanned = office.push(
            sealed(office.laptop, visit_of(office.plan.unplanned, "2026-11-21", KALIREJO))
        )[0]
        no_place = office.push(sealed(office.laptop, None))[0]
        # A header that names its visit badly is still stored: the good fields are kept.
        odd = {"id": "bad id!", "date": "kemarin", "desa_code": "12ab", "kecamatan_code": 3315}
        malformed = office.push(sealed(office.laptop, odd))[0]
        refused = office.push(rejected(office.laptop))[0]
        training = office.push(
            sealed(office.laptop, visit_of(office.plan.planned, PLAN_DATE, SUMBERJO), demo=True)
        )[0]
        _received_on(server, planned, dt.date(2026, 11, 20))
        _received_on(server, unplanned, dt.date(2026, 11, 22))

        page = _records_page(client)
        shown = _listed(page)
        assert set(shown) == {planned, unplanned, no_place, malformed, refused}, "no training"
        assert shown[-2:] == [unplanned, planned], "newest first"
        assert "5 rekaman; halaman 1 dari 1" in page.text
        rows = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", page.text, re.DOTALL)
        assert len(rows) == len(shown)
        planned_row = visible_text(next(r for r in rows if planned[:8] in r))
        assert planned_row == [
            planned[:8],
            "20-11-2026 12:00",
            "laptop-tim-1",
            "20-11-2026 · Sumberjo",
            f"Sumberjo ({SUMBERJO})",
            "diterima",
            "tidak ada",
            "10-12-2026",  # the promise: 14 working days after Friday 20 November
            planned_row[8],
        ]
        # How it stands depends on today's date: running, due today, or overdue, in words.
        assert re.fullmatch(
            r"\d+ hari kerja berjalan, sisa \d+|Jatuh tempo hari ini \(\d+ hari kerja "
            r"berjalan\)|Terlambat \d+ hari kerja dari janji",
            planned_row[8],
        ), planned_row[8]
        unplanned_row = visible_text(next(r for r in rows if unplanned[:8] in r))
        assert unplanned_row[3:5] == [
            f"21-11-2026 · {office.plan.unplanned[:8]}",
            f"Kalirejo ({KALIREJO})",
        ]
        for old in (no_place, malformed):
            row = visible_text(next(r for r in rows if old[:8] in r))
            assert row[3:5] == ["tidak diketahui", "tidak diketahui"], row
        refused_row = visible_text(next(r for r in rows if refused[:8] in r))
        assert refused_row[5:7] == ["ditolak", "isinya tidak sah"]
        assert refused_row[8] == "Tidak ada KTP-el dari rekaman ini: janji tidak berjalan"

        # Each filter alone, then together.
        assert _listed(_records_page(client, desa=SUMBERJO)) == [planned]
        assert _listed(_records_page(client, desa="-")) == [
            r for r in shown if r in {no_place, malformed, refused}
        ]
        assert _listed(_records_page(client, kunjungan=office.plan.unplanned)) == [unplanned]
        assert _listed(_records_page(client, status="REJECTED")) == [refused]
        assert _listed(_records_page(client, dari="2026-11-21", sampai="2026-11-22")) == [unplanned]
        assert _listed(_records_page(client, sampai="2026-11-20")) == [planned]
        assert _listed(_records_page(client, dari="2026-11-20", desa=KALIREJO)) == [unplanned]
        assert _listed(_records_page(client, dari="2026-11-23", desa=KALIREJO)) == []
        none = _records_page(client, dari="2026-11-23", desa=KALIREJO)
        assert "Tidak ada rekaman yang cocok dengan saringan ini." in none.text

        # Training records only when asked for, marked as such.
        with_training = _records_page(client, latihan="1")
        assert set(_listed(with_training)) == {*shown, training}
        assert "latihan" in visible_text(with_training.text)
        assert _listed(_records_page(client, latihan="1", desa=SUMBERJO)) == [training, planned]

        # The filter's lists: the desas and visits records name, by the office's names.
        options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]+)</option>', page.text)
        assert (SUMBERJO, f"Sumberjo ({SUMBERJO})") in options
        assert (office.plan.planned, "20-11-2026 · Sumberjo") in options
        assert ("REJECTED", "ditolak") in options
        assert ("RECAPTURE", "perlu rekam ulang") in options
        assert ("-", "tidak diketahui") in options


def test_a_filter_that_is_not_one_is_said_at_its_field_and_left_out(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    server = start_datacenter()
    with _logged_in(server) as client:
        office = Office(server, client, tmp_path)
        made = office.push(
            sealed(office.laptop, visit_of(office.plan.planned, PLAN_DATE, SUMBERJO))
        )
        for query, field, words in (
            ({"dari": "kemarin"}, "dari", "Tulis tanggal sebagai hari-bulan-tahun"),
            ({"sampai": "30-02-2026"}, "sampai", "Tulis tanggal sebagai hari-bulan-tahun"),
            (
                {"dari": "20-11-2026", "sampai": "01-11-2026"},
                "sampai",
                "Tanggal akhir lebih awal dari tanggal mulai.",
            ),
            ({"desa": "9999999999"}, "desa", "Pilihan ini tidak ada dalam daftar"),
            ({"kunjungan": "tidak-ada"}, "kunjungan", "Pilihan ini tidak ada dalam daftar"),
            ({"status": "DIBUANG"}, "status", "Pilihan ini tidak ada dalam daftar"),
        ):
            page = _records_page(client, **query)
            assert page.status_code == OK
            alert = re.search(rf'<p [^>]*id="{field}-error" role="alert">([^<]+)</p>', page.text)
            assert alert is not None, (query, page.text)
            assert alert.group(1).startswith(words)
            assert f'aria-describedby="{field}-error"' in page.text
            assert _listed(page) == made, "the bad value filters nothing out"
        assert _listed(_records_page(client, halaman="x")) == made
        assert _listed(_records_page(client, halaman="99")) == made, "past the end: the last page"


def test_fifty_to_a_page_newest_first(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    server = start_datacenter()
    with _logged_in(server) as client:
        office = Office(server, client, tmp_path)
        made = office.push(*(sealed(office.laptop, None) for _ in range(PAGE_SIZE + 1)))
        start = dt.date(2026, 1, 1)
        for n, record_id in enumerate(made):  # one a day, the last made the newest
            _received_on(server, record_id, start + dt.timedelta(days=n))
        first = _records_page(client)
        assert _listed(first) == list(reversed(made))[:PAGE_SIZE]
        assert f"{PAGE_SIZE + 1} rekaman; halaman 1 dari 2" in first.text
        assert 'rel="prev"' not in first.text
        following = re.search(
            r'<a href="(/rekaman\?[^"]+)" rel="next">Halaman berikutnya</a>', first.text
        )
        assert following is not None
        second = client.get(following.group(1).replace("&amp;", "&"))
        assert _listed(second) == [made[0]]
        assert "halaman 2 dari 2" in second.text
        assert 'rel="prev">Halaman sebelumnya</a>' in second.text
        # The filter goes along with the pages (an older link's ISO day reads 01-01-2026).
        filtered = _records_page(client, dari="2026-01-01", status="ACCEPTED")
        link = re.search(r'<a href="(/rekaman\?[^"]+)" rel="next">', filtered.text)
        assert link is not None
        assert "dari=01-01-2026" in link.group(1)
        assert "status=ACCEPTED" in link.group(1)
        assert "halaman=2" in link.group(1)


def _record_url(laptop: Laptop, record_id: str) -> str:
    return f"/rekaman/{laptop.device_id}/{record_id}"


def _state(server: DataCenterProcess, record_id: str) -> str:
    with database(server) as engine, engine.connect() as conn:
        return str(
            conn.execute(
                sa.select(records.c.state).where(records.c.record_id == record_id)
            ).scalar()
        )


def _audit(server: DataCenterProcess) -> list[dict[str, Any]]:
    with database(server) as engine, engine.connect() as conn:
        rows = conn.execute(
            sa.select(console_audit).where(console_audit.c.action == "record_recapture")
        ).mappings()
        return [dict(r) for r in rows]


def test_a_records_history_and_a_recapture_asked_by_an_operator(  # noqa: PLR0915 - one journey
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    server = start_datacenter()
    with _logged_in(server, "operator") as client:
        office = Office(server, client, tmp_path)
        (record,) = office.push(
            sealed(office.laptop, visit_of(office.plan.planned, PLAN_DATE, SUMBERJO))
        )
        url = _record_url(office.laptop, record)
        page = client.get(url)
        assert page.status_code == OK
        assert f"<h1>Rekaman {record[:8]}</h1>" in page.text
        history = re.findall(r"<tr>\s*<td class=\"when\">.*?</tr>", page.text, re.DOTALL)
        assert [visible_text(h)[2:] for h in history] == [
            ["diterima server", "tidak ada"],
            ["diterima", "tidak ada"],
        ]
        # The working day of the promise each change came on (the recording day is 0).
        assert all(visible_text(h)[1].isdigit() for h in history)
        facts = visible_text(page.text.split('<dl class="card record-facts">')[1].split("</dl>")[0])
        assert facts[facts.index("Kecamatan") + 1] == "331501"
        assert facts[facts.index("Desa") + 1] == f"Sumberjo ({SUMBERJO})"
        assert facts[facts.index("Tanggal rekam") + 1] == "20-11-2026"
        assert facts[facts.index("Tanggal janji") + 1] == "10-12-2026 (14 hari kerja)"
        token = csrf_of(page)
        reason = "Foto wajah buram; mohon rekam ulang di balai desa"

        # Without the session's token: refused, nothing changed.
        for data in ({"reason": reason}, {"reason": reason, "csrf": "palsu"}):
            answer = client.post(f"{url}/rekam-ulang", data=data)
            assert answer.status_code == FORBIDDEN
            assert "Formulir ini sudah kedaluwarsa" in answer.text
        # No reason, only spaces, or too long: said at the field, nothing changed.
        for typed, words in (
            ("", "Tulis alasan orang ini harus direkam ulang."),
            ("   \n ", "Tulis alasan orang ini harus direkam ulang."),
            (
                "x" * (MAX_REASON + 1),
                f"Alasan paling banyak {MAX_REASON} karakter; yang ini {MAX_REASON + 1} karakter.",
            ),
        ):
            answer = client.post(f"{url}/rekam-ulang", data={"csrf": token, "reason": typed})
            assert answer.status_code == BAD
            assert f'<p class="notice" id="reason-error" role="alert">{words}</p>' in answer.text
            assert 'aria-invalid="true"' in answer.text
        assert _state(server, record) == "ACCEPTED"
        assert _audit(server) == []

        asked = client.post(f"{url}/rekam-ulang", data={"csrf": token, "reason": reason})
        assert (asked.status_code, asked.headers["location"]) == (REDIRECT, f"{url}?diminta=1")
        after = client.get(asked.headers["location"])
        assert '<p class="info" role="status">Rekam ulang sudah diminta.' in after.text
        history = re.findall(r"<tr>\s*<td class=\"when\">.*?</tr>", after.text, re.DOTALL)
        assert visible_text(history[-1])[2:] == [
            "perlu rekam ulang",
            "kantor meminta perekaman ulang",
            reason,
        ]
        assert _state(server, record) == "RECAPTURE"
        (audited,) = _audit(server)
        assert audited["actor"].startswith("opera")
        assert audited["detail"] == f"{office.laptop.device_id} {record}"
        assert reason not in (audited["detail"] or "")
        # The same request as `records set-state` makes: the laptop's status feed has it.
        feed = office.laptop.signed("GET", "/v1/status?since=0&limit=100").json()["entries"]
        last = [e for e in feed if e["record_id"] == record][-1]
        assert (last["state"], last["reason"], last["message"]) == (
            "RECAPTURE",
            "recapture_requested",
            reason,
        )

        # Asked already: the form is gone, and a second post is refused.
        assert 'id="reason"' not in after.text
        again = client.post(f"{url}/rekam-ulang", data={"csrf": token, "reason": reason})
        assert again.status_code == CONFLICT
        assert "Rekam ulang rekaman ini sudah diminta. Tidak ada yang diubah." in again.text
        assert len(_audit(server)) == 1

        # A record that is not there.
        missing = client.post(
            f"/rekaman/{office.laptop.device_id}/{uuid.uuid4()}/rekam-ulang",
            data={"csrf": token, "reason": reason},
        )
        assert missing.status_code == NOT_FOUND
        assert "Rekaman tidak ditemukan" in missing.text
        assert client.get(f"/rekaman/tidak-ada/{record}").status_code == NOT_FOUND
    with server.client() as stranger:
        assert client.cookies  # a browser without a session is sent to log in
        answer = stranger.post(f"{url}/rekam-ulang", data={"csrf": token, "reason": reason})
        assert (answer.status_code, answer.headers["location"]) == (REDIRECT, "/masuk")
        assert stranger.get(url).headers["location"] == "/masuk"


def test_a_rejected_or_training_record_is_not_asked_for_again(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    server = start_datacenter(None, "--accept-demo")
    with _logged_in(server) as client:
        office = Office(server, client, tmp_path)
        refused, training = office.push(
            rejected(office.laptop), sealed(office.laptop, None, demo=True)
        )
        for record, words, state in (
            (refused, "Rekaman ini ditolak: tidak ada yang bisa direkam ulang.", "REJECTED"),
            (training, "Ini rekaman latihan (kunci demo): rekam ulang tidak diminta", "ACCEPTED"),
        ):
            url = _record_url(office.laptop, record)
            page = client.get(url)
            assert f'<p class="note">{words}' in page.text, "said instead of the form"
            assert "Tidak ada yang diubah" not in page.text, "nothing was tried yet"
            assert 'id="reason"' not in page.text
            answer = client.post(
                f"{url}/rekam-ulang", data={"csrf": csrf_of(page), "reason": "Foto buram sekali"}
            )
            assert answer.status_code == CONFLICT
            assert f'<p class="notice" role="alert">{words}' in answer.text
            assert _state(server, record) == state
        assert _audit(server) == []
        # The data center's own state machine refuses a rejected record too (the CLI's road).
        done = dc_cli(server, "records", "set-state", refused, "RECAPTURE", "--reason", "x")
        assert done.returncode != 0


def test_a_person_is_named_only_where_needed_never_by_nik_or_position_and_audited(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    # The console's rule (issue 56.6, sync.server.console.people): the plain list names
    # no one; a record's page names its person (name, sex, birth year, desa) with the
    # NIK's last four digits; no page shows the whole NIK or the GPS; each view is audited.
    server = start_datacenter(None, "--accept-demo")
    with _logged_in(server) as client:
        office = Office(server, client, tmp_path)
        made = office.push(
            sealed(office.laptop, visit_of(office.plan.planned, PLAN_DATE, SUMBERJO)),
            sealed(office.laptop, None, demo=True),
            rejected(office.laptop),
        )
        lists = [_records_page(client, latihan="1"), _records_page(client, latihan="1", lang="en")]
        pages = [client.get(_record_url(office.laptop, r) + "?lang=id") for r in made]
        pages += [client.get(_record_url(office.laptop, r) + "?lang=en") for r in made]
        secrets = [NIK, "Purwodadi", BIRTH_DATE, str(GPS["lat"]), str(GPS["lon"]), "110.65"]
        for page in [*lists, *pages]:
            assert page.status_code == OK
            for secret in secrets:
                assert secret not in page.text, (secret, page.url)
        for page in lists:
            assert PERSON not in page.text, "browsing names no one"
        accepted, training, refused = pages[:3]
        facts = visible_text(accepted.text.split('class="card person-facts"')[1])
        assert facts[facts.index("Orangnya") + 1 :][:10] == [
            "Nama",
            PERSON,
            "Jenis kelamin",
            "perempuan",
            "Tahun lahir",
            "1990",
            "Desa",
            f"Sumberjo ({SUMBERJO})",
            "NIK (4 digit akhir)",
            NIK[-4:],
        ]
        assert PERSON in training.text
        assert PERSON not in refused.text, "a rejected record is never opened"
    with database(server) as engine, engine.connect() as conn:
        kept = [dict(r) for r in conn.execute(sa.select(record_places)).mappings()]
        viewed = conn.execute(
            sa.select(console_audit.c.actor, console_audit.c.detail)
            .where(console_audit.c.action == "person_viewed")
            .order_by(console_audit.c.id)
        ).all()
    device = office.laptop.device_id
    assert len({actor for actor, _detail in viewed}) == 1, "the one account that looked"
    assert [detail for _actor, detail in viewed] == 2 * [
        f"record {device}/{made[0]}",
        f"record {device}/{made[1]}",
    ], "each view of a person, once; none of the rejected record"
    assert [r["record_id"] for r in kept] == made[:1], "none without a visit, none if rejected"
    for row in kept:
        assert set(row) == {
            "device_id",
            "record_id",
            "visit_id",
            "visit_date",
            "desa_code",
            "kecamatan_code",
            "officer",  # the recording officer's login (issue 49 §3), not the person
            "simulated",  # a simulator took a capture (issue 56.2)
        }
        assert row["officer"] == OFFICER
        assert not {NIK, PERSON} & {str(v) for v in row.values()}
    log = server.log.read_text(encoding="utf-8")
    assert NIK not in log
    assert PERSON not in log


def test_every_word_on_the_indonesian_pages_comes_from_the_catalogue(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    server = start_datacenter(None, "--accept-demo")
    english_only = {
        s.source
        for s in sentences.registered()
        if s.context == "console_records"
        and catalogue.text("id", s.code, context=s.context) != s.source
    }
    with _logged_in(server) as client:
        office = Office(server, client, tmp_path)
        made = office.push(
            sealed(office.laptop, visit_of(office.plan.planned, PLAN_DATE, SUMBERJO)),
            sealed(office.laptop, None, demo=True),
            rejected(office.laptop),
        )
        pages = {
            "list": _records_page(client, latihan="1"),
            "filtered wrong": _records_page(client, dari="x", desa="y"),
            "none": _records_page(client, status="PRINTED"),
            "missing": client.get(f"/rekaman/{office.laptop.device_id}/tidak-ada"),
        }
        for record in made:
            pages[record] = client.get(_record_url(office.laptop, record))
        url = _record_url(office.laptop, made[0])
        token = csrf_of(pages[made[0]])
        pages["no reason"] = client.post(f"{url}/rekam-ulang", data={"csrf": token, "reason": ""})
        asked = client.post(f"{url}/rekam-ulang", data={"csrf": token, "reason": "Foto buram"})
        pages["asked"] = client.get(asked.headers["location"])
        data = {
            "laptop-tim-1",
            "Foto buram",
            "20-11-2026 · Sumberjo",
            f"Sumberjo ({SUMBERJO})",
            f"Kalirejo ({KALIREJO})",
            # The search's filters (issue 49 §3): the kecamatan by the region table's name,
            # the office's officer by name and user name.
            "Kedungjati (331501)",
            "Sari Petugas (sari)",
            PERSON,  # a record's page names its person (issue 56.6)
            office.laptop.device_id,
            *made,
            *(r[:8] for r in made),
        }
        for name, page in pages.items():
            assert '<html lang="id">' in page.text, name
            pieces = visible_text(page.text)
            # A record's page shows its card's print and handovers in their words (issue 49 §2).
            contexts = {
                "console",
                "console_records",
                "console_cards",
                "console_handover",
                "console_people",
            }
            strays = foreign(pieces, "id", contexts, data)
            # Times, dates and codes are data, not words.
            strays = [s for s in strays if not re.fullmatch(r"[\d\- :]+", s)]
            assert strays == [], (name, strays)
            assert not english_only & set(pieces), name
        english = _records_page(client, lang="en")
        assert "<h1>Records</h1>" in english.text
        assert "Filter the records" in english.text


def test_a_laptop_sees_the_recapture_and_its_reason_at_its_next_sync(
    start_datacenter: Callable[..., DataCenterProcess], workspace: Workspace
) -> None:
    server = start_datacenter()
    enroll_laptop(
        workspace, server.url, new_code(server), ca_fingerprint_expected=server.fingerprint
    )
    record_id = str(uuid.uuid4())
    with workspace.transaction() as session:
        outbox.seal_record(
            session,
            record_id,
            json.dumps(header(visit_of(str(uuid.uuid4()), PLAN_DATE, SUMBERJO))).encode(),
        )
    assert SyncClient(workspace).push().ok
    reason = "Sidik jari tidak lolos penunggalan; rekam ulang"
    with _logged_in(server, "operator") as client:
        listed = _listed(_records_page(client, desa=SUMBERJO))
        assert listed == [record_id]
        device_id = dc_cli(server, "devices", "list", "--json")
        assert device_id.returncode == 0
        (device,) = json.loads(device_id.stdout)
        url = f"/rekaman/{device['device_id']}/{record_id}"
        token = csrf_of(client.get(url))
        asked = client.post(f"{url}/rekam-ulang", data={"csrf": token, "reason": reason})
        assert asked.status_code == REDIRECT
    SyncClient(workspace).pull_status()
    with workspace.transaction() as session:
        info = outbox.record_info(session, record_id)
    assert info is not None
    assert (info.server_state, info.reason, info.message) == (
        RecordState.RECAPTURE.value,
        "recapture_requested",
        reason,
    )


# --- the schema ------------------------------------------------------------------------


def _revision(server: DataCenterProcess) -> str | None:
    with database(server) as engine, engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def test_an_office_database_of_revision_0005_is_upgraded_and_old_records_show_unknown(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    server = start_datacenter()
    with server.client() as client:
        office = Office(server, client, tmp_path)
        (old,) = office.push(
            sealed(office.laptop, visit_of(office.plan.planned, PLAN_DATE, SUMBERJO))
        )
    server.stop()
    with database(server) as engine, engine.begin() as conn:  # the release before this one
        config = _alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0005")
        assert "record_places" not in sa.inspect(conn).get_table_names()
    assert _revision(server) == "0005"

    server.start()
    assert _revision(server) == known_revisions()[-1]  # the newest, whatever came after 0006
    with _logged_in(server) as client:
        office.laptop.client = client
        (new,) = office.push(
            sealed(office.laptop, visit_of(office.plan.planned, PLAN_DATE, SUMBERJO))
        )
        page = _records_page(client)
        assert _listed(page) == [new, old]
        assert _listed(_records_page(client, desa=SUMBERJO)) == [new]
        assert _listed(_records_page(client, desa="-")) == [old]
        old_page = client.get(_record_url(office.laptop, old))
        facts = visible_text(old_page.text.split('<dl class="card record-facts">')[1])
        assert facts[facts.index("Desa") + 1] == "tidak diketahui"
        assert facts[facts.index("Kunjungan") + 1] == "tidak diketahui"


def test_a_backup_carries_the_places_to_a_restored_data_center(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    old = start_datacenter()
    with old.client() as client:
        office = Office(old, client, tmp_path)
        (record,) = office.push(
            sealed(office.laptop, visit_of(office.plan.planned, PLAN_DATE, SUMBERJO))
        )
    archive = tmp_path / "backup.zip"
    done = dc_cli(old, "backup", "--output", str(archive), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rows"]["record_places"] == 1
    old.stop()

    fresh = start_datacenter(tmp_path / "fresh")
    fresh.stop()
    shutil.rmtree(fresh.data / "keys")
    shutil.copytree(old.data / "keys", fresh.data / "keys")
    done = dc_cli(fresh, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    fresh.start()
    with _logged_in(fresh) as client:
        assert _listed(_records_page(client, desa=SUMBERJO)) == [record]
        assert _listed(_records_page(client, kunjungan=office.plan.planned)) == [record]


def test_every_record_state_has_indonesian_words_on_the_console() -> None:
    """A state penunggalan sets (DUPLICATE_RECORD, ...) is said in words, never a code."""

    def indonesian(code: str, **params: object) -> str:
        return catalogue.text("id", code, params, context="console_records")

    words = {state: state_words(state.value, indonesian) for state in RecordState}
    assert all(word and word != state.value for state, word in words.items()), words
    assert len(set(words.values())) == len(words), "two states said alike"
    assert words[RecordState.DUPLICATE_RECORD] == "kemungkinan data ganda: menunggu keputusan"


def _indonesian(code: str, **params: object) -> str:
    return catalogue.text("id", code, params, context="console_records")


def test_every_reason_penunggalan_stores_has_indonesian_words_on_the_console() -> None:
    """A search's or a decision's reason reads as what happened, not "alasan lain".

    A record closed as a duplicate showed "alasan lain" beside each of its penunggalan
    states on its page (seen on the e2e journey's screenshot, issue 48).
    """
    other = reason_words("no_such_reason", _indonesian)
    penunggalan = (
        Reason.DUPLICATE_CANDIDATES,
        Reason.REPLAYED_IMAGES,
        Reason.IMAGES_UNSEARCHABLE,
        Reason.ADJUDICATED,
    )
    words = {reason: reason_words(reason.value, _indonesian) for reason in penunggalan}
    assert all(word not in {other, reason.value} for reason, word in words.items()), words
    assert len(set(words.values())) == len(words), "two reasons said alike"
    assert words[Reason.ADJUDICATED] == "diputuskan oleh administrator"


def test_every_refusal_on_a_records_page_has_its_note_in_words() -> None:
    """The page says a refusal's note (``refused_x`` read as ``note_x``) before any post.

    A duplicate the office closed showed the note's bare code,
    "console_records.note_closed_duplicate()", under "Minta rekam ulang" (issue 48).
    """
    rows = [{"state": s.value, "kid": kid} for s in RecordState for kid in ("dc-2026-1", DEMO_KID)]
    refusals = {refusal_of(row) for row in rows} - {None}
    assert "console_records.refused_closed_duplicate" in refusals
    registered = {s.code for s in sentences.registered() if s.context == "console_records"}
    for refusal in sorted(str(r) for r in refusals):
        note = refusal.replace("refused_", "note_")  # as templates/record.html does
        assert note in registered, note
        assert note not in _indonesian(note), note
    closed = _indonesian("console_records.note_closed_duplicate")
    assert closed.startswith("Data ini sudah ditutup sebagai data ganda;"), closed
