"""Antrean cetak (issue 49 §2) against the real service over HTTPS (SQLite and PostgreSQL).

Records sealed by a signing laptop, their headers naming a visit and a person, made
print-ready: the queue shows them oldest promise first, each with the person's name and
the NIK's last four digits only (opened from the seal for the page), filtered by
kecamatan, desa and request; a batch marked printed where a bad row is refused on its own
and the others are stored; each refusal said in Indonesian; the record's page shows its
card; the console's audit names who marked it.  Two operators marking one record at the
same moment: one card.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import sqlalchemy as sa

from sync.protocol import RecordState
from sync.server.console.formats import day_text
from sync.server.store.stamps import office_today
from sync.server.store.tables import card_prints, console_audit, records
from tests.atonce import at_once
from tests.sync.server.consolesupport import add_account, csrf_of, database, log_in, visible_text
from tests.sync.server.dcsupport import dc_cli
from tests.sync.server.recordsupport import (
    KALIREJO,
    KECAMATAN,
    NIK,
    PERSON,
    PLAN_DATE,
    SUMBERJO,
    sealed,
    visit_of,
)
from tests.sync.server.test_console_records import Office

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from tests.sync.server.dcsupport import DataCenterProcess

OK, REDIRECT, BAD, FORBIDDEN, CONFLICT = 200, 303, 400, 403, 409
_ROW = re.compile(r'<a class="id" href="/rekaman/[^/"]+/([^"]+)">')


@contextlib.contextmanager
def _logged_in(server: DataCenterProcess, role: str = "operator") -> Iterator[httpx.Client]:
    name = f"{role[:5]}{uuid.uuid4().hex[:4]}"
    assert add_account(server, name, role).returncode == 0
    with server.client() as client:
        assert log_in(client, name).status_code == REDIRECT
        client.headers["x-account"] = name  # for the test's own reading only
        yield client


def _queued(page: httpx.Response) -> list[str]:
    """The record ids the queue shows, in its order."""
    return _ROW.findall(page.text)


def _print_ready(server: DataCenterProcess, *record_ids: str) -> None:
    """The search found nobody else (as penunggalan would leave them)."""
    with database(server) as engine, engine.begin() as conn:
        conn.execute(
            records.update()
            .where(records.c.record_id.in_(record_ids))
            .values(state=RecordState.PRINT_READY_RECORD.value)
        )


def _state(server: DataCenterProcess, record_id: str) -> str:
    with database(server) as engine, engine.connect() as conn:
        return str(
            conn.execute(
                sa.select(records.c.state).where(records.c.record_id == record_id)
            ).scalar()
        )


def _cards(server: DataCenterProcess) -> list[dict[str, Any]]:
    with database(server) as engine, engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(card_prints)).mappings()]


def _form(page: httpx.Response, picks: dict[str, str], day: str | None = None) -> dict[str, str]:
    """The queue's form with the rows of ``picks`` (record id: typed UID) ticked."""
    data = {"csrf": csrf_of(page)}
    for index, record_id in enumerate(_queued(page)):
        device = re.search(
            rf'name="perangkat_{index}" value="([^"]+)">\s*'
            rf'<input type="hidden" name="rekaman_{index}" value="{record_id}">',
            page.text,
        )
        assert device is not None, page.text
        data[f"perangkat_{index}"] = device.group(1)
        data[f"rekaman_{index}"] = record_id
        if record_id in picks:
            data[f"pilih_{index}"] = "1"
            data[f"uid_{index}"] = picks[record_id]
    data["tanggal"] = day if day is not None else day_text(office_today())
    return data


def _viewed(server: DataCenterProcess) -> list[tuple[str, str]]:
    """The audit's ``person_viewed`` lines, oldest first: (account, detail)."""
    with database(server) as engine, engine.connect() as conn:
        found = conn.execute(
            sa.select(console_audit.c.actor, console_audit.c.detail)
            .where(console_audit.c.action == "person_viewed")
            .order_by(console_audit.c.id)
        )
        return [(str(actor), str(detail)) for actor, detail in found]


def _alert(page: httpx.Response) -> str:
    found = re.search(r'<p class="notice" role="alert" id="cetak-error">([^<]+)</p>', page.text)
    assert found is not None, page.text
    return found.group(1)


def test_the_queue_oldest_first_filtered_and_a_batch_marked_printed(  # noqa: PLR0915 - a journey
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    server = start_datacenter()
    with _logged_in(server) as client:
        office = Office(server, client, tmp_path)
        planned, older, accepted = office.push(
            sealed(office.laptop, visit_of(office.plan.planned, PLAN_DATE, SUMBERJO)),
            sealed(office.laptop, visit_of(office.plan.unplanned, "2026-11-10", KALIREJO)),
            sealed(office.laptop, visit_of(office.plan.planned, PLAN_DATE, SUMBERJO)),
        )
        _print_ready(server, planned, older)

        page = client.get("/cetak")
        assert page.status_code == OK
        assert _queued(page) == [older, planned], "the oldest promise first; ACCEPTED not here"
        assert "2 rekaman menunggu dicetak." in page.text
        assert NIK not in page.text, "the NIK's last four digits only"
        rows = re.findall(r"<tr>\s*<td class=\"choose\">.*?</tr>", page.text, re.DOTALL)
        shown = visible_text(rows[1])
        assert shown[:8] == [
            f"Cetak {PERSON}",
            PERSON,
            planned[:8],
            "perempuan",
            "1990",
            NIK[-4:],
            f"Sumberjo ({SUMBERJO})",
            "470/77/2026",
        ]
        assert shown[8] == "10-12-2026"  # 14 working days after Friday 20 November
        assert visible_text(rows[0])[6:9] == [
            f"Kalirejo ({KALIREJO})",
            "tidak diketahui",
            "30-11-2026",  # 14 working days after Tuesday 10 November
        ]
        assert 'aria-current="page">Antrean cetak</a>' in page.text
        # Every view of a person is in the audit: who, which page, which records (56.6).
        device = office.laptop.device_id
        assert _viewed(server)[-1] == (
            client.headers["x-account"],
            f"print_queue {device}/{older} {device}/{planned}",
        )
        options = dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', page.text))
        request = next(k for k, v in options.items() if v == "470/77/2026")
        assert options[KECAMATAN] == KECAMATAN

        # The filters, each alone; a value not in the list is said at its field.
        assert _queued(client.get("/cetak", params={"desa": SUMBERJO})) == [planned]
        assert _queued(client.get("/cetak", params={"kecamatan": KECAMATAN})) == [older, planned]
        assert _queued(client.get("/cetak", params={"permohonan": request})) == [planned]
        wrong = client.get("/cetak", params={"desa": "9999999999"})
        assert wrong.status_code == OK
        assert 'id="desa-error" role="alert">Pilihan ini tidak ada dalam daftar' in wrong.text
        assert _queued(wrong) == [older, planned]

        # Refused as a whole: no token, nothing ticked, a date that is none or tomorrow.
        data = _form(page, {planned: "04A1B2C3"})
        assert client.post("/cetak", data={**data, "csrf": "palsu"}).status_code == FORBIDDEN
        nothing = client.post("/cetak", data=_form(page, {}))
        assert nothing.status_code == BAD
        assert _alert(nothing) == "Pilih setidaknya satu baris untuk ditandai sudah dicetak."
        for day, said in (
            ("31-02-2026", "Tulis tanggal cetak sebagai hari-bulan-tahun"),
            ("01-01-2999", "Tanggal cetak setelah hari ini."),
        ):
            refused = client.post("/cetak", data=_form(page, {planned: "04A1B2C3"}, day))
            assert refused.status_code == BAD
            assert _alert(refused).startswith(said)
            assert 'value="04A1B2C3"' in refused.text, "what was typed stays"
        assert _cards(server) == []

        # A batch: the good row is stored, the bad one refused on its own, said at its row.
        batch = client.post(
            "/cetak", data=_form(page, {planned: "04:a1:b2:c3", older: "04A1B2C3Z"}, "26-11-2026")
        )
        assert batch.status_code == CONFLICT
        assert _alert(batch) == (
            "1 KTP-el disimpan; baris di bawah ini ditolak, masing-masing dengan alasannya. "
            f"Rekaman {older[:8]}: UID ini tidak sah: tulis 8, 14, atau 20 digit heksadesimal "
            "(0-9, A-F)."
        )
        assert _queued(batch) == [older]
        assert 'aria-invalid="true"' in batch.text
        assert 'value="04A1B2C3Z"' in batch.text
        assert _state(server, planned) == RecordState.PRINTED
        assert _state(server, older) == RecordState.PRINT_READY_RECORD
        # A UID already on another card; a UID left empty.
        for uid, said in (
            ("04a1b2c3", "UID ini sudah tersimpan untuk kartu lain"),
            ("", "Ketik UID chip kartu ini."),
        ):
            again = client.post("/cetak", data=_form(batch, {older: uid}))
            assert again.status_code == CONFLICT
            assert said in _alert(again)
        assert _state(server, older) == RecordState.PRINT_READY_RECORD

        done = client.post("/cetak", data=_form(batch, {older: "04 A1 B2 C3 D4 E5 F6"}))
        assert done.status_code == REDIRECT
        assert done.headers["location"] == "/cetak?dicetak=1"
        after = client.get(done.headers["location"])
        assert "1 KTP-el ditandai sudah dicetak." in after.text
        assert "Tidak ada rekaman yang menunggu dicetak." in after.text
        assert {(c["record_id"], c["card_uid"], c["printed_on"]) for c in _cards(server)} == {
            (planned, "04A1B2C3", "2026-11-26"),
            (older, "04A1B2C3D4E5F6", office_today().isoformat()),
        }

        # The record's page: its card, who marked it; its person, never the whole NIK.
        record_page = client.get(f"/rekaman/{office.laptop.device_id}/{planned}")
        card = visible_text(record_page.text.split('<table class="fleet cards">')[1])
        assert card[5:8] == ["04A1B2C3", "26-11-2026", client.headers["x-account"]]
        assert PERSON in record_page.text
        assert NIK not in record_page.text
        unprinted = client.get(f"/rekaman/{office.laptop.device_id}/{accepted}")
        assert "Belum ada KTP-el yang dicetak untuk rekaman ini." in unprinted.text

        with database(server) as engine, engine.connect() as conn:
            audit = conn.execute(
                sa.select(console_audit.c.actor, console_audit.c.detail).where(
                    console_audit.c.action == "card_printed"
                )
            ).all()
        assert sorted(a.detail.split()[1] for a in audit) == sorted([planned, older])
        assert {a.actor for a in audit} == {client.headers["x-account"]}


@pytest.mark.both_backends
def test_two_operators_mark_one_record_at_once_one_card_is_stored(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    server = start_datacenter()
    with _logged_in(server) as first, _logged_in(server) as second:
        office = Office(server, first, tmp_path)
        (record,) = office.push(
            sealed(office.laptop, visit_of(office.plan.planned, PLAN_DATE, SUMBERJO))
        )
        _print_ready(server, record)
        forms = [
            _form(first.get("/cetak"), {record: "0A0A0A0A"}),
            _form(second.get("/cetak"), {record: "0B0B0B0B"}),
        ]
        answers = at_once(
            [
                lambda: first.post("/cetak", data=forms[0]),
                lambda: second.post("/cetak", data=forms[1]),
            ]
        )
        assert sorted(a.status_code for a in answers) == [REDIRECT, CONFLICT]
        lost = next(a for a in answers if a.status_code == CONFLICT)
        assert "Rekaman ini tidak lagi siap cetak" in _alert(lost)
        assert len(_cards(server)) == 1
        assert _state(server, record) == RecordState.PRINTED


def _words(html: str) -> str:
    """What a person reads on the page (or a piece of it), as one text."""
    return " ".join(visible_text(html))


def _row_of(page: httpx.Response, record_id: str) -> str:
    """The queue's table row of ``record_id`` (its HTML)."""
    for row in re.findall(r"<tr[^>]*>.*?</tr>", page.text, flags=re.DOTALL):
        if f'value="{record_id}"' in row:
            return str(row)
    raise AssertionError(f"{record_id} is not in the queue")


def test_a_record_a_simulator_captured_is_printed_only_by_a_training_data_center(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    server = start_datacenter()
    with _logged_in(server) as client:
        office = Office(server, client, tmp_path)
        place = visit_of(office.plan.planned, PLAN_DATE, SUMBERJO)
        simulated, real = office.push(
            sealed(office.laptop, place, simulated=True), sealed(office.laptop, place)
        )
        _print_ready(server, simulated, real)

        # The queue names it and leaves it unticked; Rekaman and its page mark it too.
        page = client.get("/cetak")
        row = _row_of(page, simulated)
        assert "SIMULATOR" in row
        assert re.search(r'id="pilih_\d+" name="pilih_\d+" value="1" disabled>', row), row
        assert "Tidak dapat dicetak: sidik jari ini diambil simulator" in _words(row)
        assert "SIMULATOR" not in _row_of(page, real)
        assert "PUSAT DATA LATIHAN" not in _words(client.get("/").text)
        listed = _words(client.get("/rekaman").text)
        assert listed.count("SIMULATOR") == 1
        record_page = client.get(f"/rekaman/{office.laptop.device_id}/{simulated}")
        assert "diambil simulator" in _words(record_page.text)

        # A forged tick is refused at its row; the real one beside it is stored.
        answer = client.post("/cetak", data=_form(page, {simulated: "0C0C0C0C", real: "0D0D0D0D"}))
        assert answer.status_code == CONFLICT
        assert "hanya dicetak oleh pusat data latihan" in _words(answer.text)
        assert [c["record_id"] for c in _cards(server)] == [real]
        assert _state(server, simulated) == RecordState.PRINT_READY_RECORD

        # The CLI refuses it in the same words' English, and says the office's choice.
        refused = dc_cli(server, "cards", "printed", simulated, "--card-uid", "0E0E0E0E")
        assert refused.returncode == 2, refused.stdout
        assert "captured with a simulator" in refused.stderr
        shown = dc_cli(server, "office", "show")
        assert "real office's data center" in shown.stdout, shown.stdout

        # The office chooses, on purpose, to be a training data center: said and audited.
        chosen = dc_cli(server, "office", "training", "on")
        assert chosen.returncode == 0, chosen.stderr
        assert "training data center" in dc_cli(server, "office", "show").stdout
        assert "PUSAT DATA LATIHAN" in _words(client.get("/").text)
        page = client.get("/cetak")
        assert "Pusat data latihan" in _words(page.text)
        assert " disabled" not in _row_of(page, simulated)
        done = client.post("/cetak", data=_form(page, {simulated: "0C0C0C0C"}))
        assert done.status_code == REDIRECT, done.text
        assert _state(server, simulated) == RecordState.PRINTED
        with database(server) as engine, engine.connect() as conn:
            actions = conn.execute(sa.select(console_audit.c.action)).scalars().all()
        assert "office_training_set" in actions
