"""Distribusi (issue 49 §2) against the real service over HTTPS (SQLite and PostgreSQL).

Records sealed by a signing laptop the office named "Laptop Tim 2" (team "Tim 2"), two
in Sumberjo and one in Kalirejo, their cards printed: the page groups them by desa and
laptop, each card naming the person (the NIK's last four digits only, opened from the
seal for the page); a group's form schedules a delivery (refused whole with nothing
ticked or a past day, each in Indonesian); the delivery is listed, its BA serah terima
names the cards with the office's letterhead and two signature blocks; the records are
READY_FOR_HANDOVER, their page says the delivery, the laptop's package carries it, the
console's audit names who made it.  A card already scheduled is refused on its own.
Two operators scheduling one group at the same moment: one delivery.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import uuid
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import sqlalchemy as sa

from fieldkit.reports import OFFICE_NAME
from sync.office_package import open_package
from sync.protocol import RecordState
from sync.server.console.formats import parse_day
from sync.server.store.tables import card_deliveries, console_audit, record_places, records
from tests.atonce import at_once
from tests.support import OFFICE
from tests.sync.server.consolesupport import add_account, csrf_of, database, log_in, visible_text
from tests.sync.server.dcsupport import dc_cli
from tests.sync.server.recordsupport import (
    KALIREJO,
    NIK,
    PERSON,
    PLAN_DATE,
    SUMBERJO,
    office_with_plan,
    sealed,
    visit_of,
)
from tests.sync.server.test_office_steering import _enrolled

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from cryptography.hazmat.primitives.asymmetric import x25519

    from tests.sync.server.dcsupport import DataCenterProcess, Laptop

OK, REDIRECT, BAD, FORBIDDEN, CONFLICT = 200, 303, 400, 403, 409
_FORM = re.compile(r'<form method="post" action="/distribusi"[^>]*>(.*?)</form>', re.DOTALL)
_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
_TICK = re.compile(r'<input type="checkbox" id="[^"]+" name="([^"]+)" value="([^"]+)"( checked)?')


@contextlib.contextmanager
def _logged_in(server: DataCenterProcess, role: str = "operator") -> Iterator[httpx.Client]:
    name = f"{role[:5]}{uuid.uuid4().hex[:4]}"
    assert add_account(server, name, role).returncode == 0
    with server.client() as client:
        assert log_in(client, name).status_code == REDIRECT
        client.headers["x-account"] = name  # for the test's own reading only
        yield client


def _groups(page: httpx.Response) -> dict[str, dict[str, Any]]:
    """Each group's form by its desa: its hidden fields, its cards (record id: ticked), day."""
    found = {}
    for body in _FORM.findall(page.text):
        hidden = dict(_HIDDEN.findall(body))
        ticks = {value: (name, bool(checked)) for name, value, checked in _TICK.findall(body)}
        day = re.search(r'name="tanggal"[^>]*value="([^"]*)"', body)
        # A "Tanpa desa" group (issue 59 §1) has no desa of its own: keyed "".
        found[hidden.get("desa", "")] = {
            "hidden": hidden,
            "ticks": ticks,
            "day": day and day.group(1),
        }
    return found


def _form(
    group: dict[str, Any], chosen: list[str] | None = None, day: str | None = None
) -> dict[str, str]:
    """The group's form as sent: the cards ``chosen`` ticked (default: those ticked)."""
    data = dict(group["hidden"])
    for record_id, (name, ticked) in group["ticks"].items():
        if (chosen is None and ticked) or (chosen is not None and record_id in chosen):
            data[name] = record_id
    data["tanggal"] = day if day is not None else group["day"]
    return data


def _alert(page: httpx.Response) -> str:
    found = re.search(r'<p class="notice" role="alert" id="[^"]+">([^<]+)</p>', page.text)
    assert found is not None, page.text
    return found.group(1)


def _state(server: DataCenterProcess, record_id: str) -> str:
    with database(server) as engine, engine.connect() as conn:
        return str(
            conn.execute(
                sa.select(records.c.state).where(records.c.record_id == record_id)
            ).scalar()
        )


def _printed(
    server: DataCenterProcess, laptop: Laptop, *record_ids: str, first: int = 0
) -> list[str]:
    """Penunggalan passed them and the office printed each card (the CLI's ``cards printed``)."""
    with database(server) as engine, engine.begin() as conn:
        conn.execute(
            records.update()
            .where(records.c.record_id.in_(record_ids))
            .values(state=RecordState.PRINT_READY_RECORD.value)
        )
    uids = []
    for index, record_id in enumerate(record_ids):
        uid = f"04A1B2{first + index:02X}"
        done = dc_cli(
            server, "cards", "printed", record_id, "--card-uid", uid, "--device", laptop.device_id
        )
        assert done.returncode == 0, done.stderr
        uids.append(uid)
    return uids


def _office(
    server: DataCenterProcess, client: httpx.Client, tmp_path: Path
) -> tuple[Laptop, x25519.X25519PrivateKey, dict[str, str]]:
    """The plan, a laptop named "Laptop Tim 2" of team "Tim 2", three printed cards."""
    plan = office_with_plan(server, tmp_path)
    laptop, key = _enrolled(server, client)
    named = dc_cli(
        server, "laptops", "name", laptop.device_id, "--name", "Laptop Tim 2", "--team", "Tim 2"
    )
    assert named.returncode == 0, named.stderr
    made = [
        sealed(laptop, visit_of(plan.planned, PLAN_DATE, SUMBERJO)),
        sealed(laptop, visit_of(plan.planned, PLAN_DATE, SUMBERJO)),
        sealed(laptop, visit_of(plan.unplanned, "2026-11-10", KALIREJO)),
    ]
    laptop.sync(*made)
    ids = [r.record_id for r in made]
    uids = _printed(server, laptop, *ids)
    return laptop, key, dict(zip(ids, uids, strict=True))


def _package(laptop: Laptop, key: x25519.X25519PrivateKey) -> dict[str, Any]:
    answer = laptop.signed("GET", "/v1/office/package")
    assert answer.status_code == OK, answer.text
    return open_package(
        answer.content,
        package_private_key=key,
        receipt_public_key=laptop.receipt_key,
        office_code=OFFICE,
        device_id=laptop.device_id,
    )


def test_cards_grouped_by_desa_scheduled_listed_and_their_ba(  # noqa: PLR0915 - a journey
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    server = start_datacenter()
    with _logged_in(server) as client:
        laptop, key, uids = _office(server, client, tmp_path)
        first, second, kalirejo = list(uids)
        version = _package(laptop, key)["version"]

        page = client.get("/distribusi")
        assert page.status_code == OK
        assert 'aria-current="page">Distribusi</a>' in page.text
        assert "3 KTP-el tercetak menunggu distribusi." in page.text
        assert NIK not in page.text, "the NIK's last four digits only"
        assert "laptop-tim-1" not in page.text, "the office's name, never the hostname"
        groups = _groups(page)
        assert set(groups) == {SUMBERJO, KALIREJO}
        sumberjo = groups[SUMBERJO]
        assert sorted(sumberjo["ticks"]) == sorted([first, second])
        assert all(ticked for _name, ticked in sumberjo["ticks"].values()), "all ticked at first"
        day = parse_day(sumberjo["day"])
        assert day is not None
        today = dt.datetime.now(dt.UTC).astimezone().date()
        assert day > today, "the next working day"
        assert day.weekday() < 5
        heading = re.search(r'<h2 class="section" id="grup-\d+">Desa Sumberjo.*?</h2>', page.text)
        assert heading is not None
        assert visible_text(heading.group(0)) == [
            f"Desa Sumberjo ({SUMBERJO})",
            "Laptop Tim 2 · Tim 2",
        ]
        row = re.search(
            rf"<tr>\s*<td class=\"choose\">(?:(?!</tr>).)*{first[:8]}.*?</tr>", page.text, re.DOTALL
        )
        assert row is not None
        shown = visible_text(row.group(0))
        assert shown[:6] == [
            f"Antar KTP-el {PERSON}",
            PERSON,
            first[:8],
            NIK[-4:],
            "470/77/2026",
            uids[first],
        ]
        assert shown[6] == "10-12-2026"  # 14 working days after Friday 20 November

        # Refused whole: no token, nothing ticked, a day that is none or past.
        assert (
            client.post("/distribusi", data={**_form(sumberjo), "csrf": "palsu"}).status_code
            == FORBIDDEN
        )
        sumberjo["hidden"]["csrf"] = csrf_of(page)
        nothing = client.post("/distribusi", data=_form(sumberjo, []))
        assert nothing.status_code == BAD
        assert (
            _alert(nothing)
            == "Centang setidaknya satu KTP-el untuk diantar. Tidak ada yang disimpan."
        )
        for typed, said in (
            ("31-02-2026", "Tulis tanggal distribusi sebagai hari-bulan-tahun"),
            ("01-01-2020", "Tanggal distribusi sebelum hari ini."),
        ):
            refused = client.post("/distribusi", data=_form(sumberjo, day=typed))
            assert refused.status_code == BAD
            assert _alert(refused).startswith(said)
            assert f'value="{typed}"' in refused.text, "what was typed stays"
        assert _state(server, first) == RecordState.PRINTED

        done = client.post("/distribusi", data=_form(sumberjo))
        assert done.status_code == REDIRECT, done.text
        where = done.headers["location"]
        number = re.fullmatch(r"/distribusi/(DST-\d{4}-0001)\?baru=1", where)
        assert number is not None, where
        ba = client.get(where)
        assert ba.status_code == OK
        assert f"Distribusi {number.group(1)} dijadwalkan: 2 KTP-el." in ba.text
        text = visible_text(ba.text.split('<div class="letterhead">')[1])
        assert text[0].startswith("PEMERINTAH KABUPATEN"), text
        assert text[1] == OFFICE_NAME.upper()
        assert "BERITA ACARA SERAH TERIMA KTP-EL" in text
        assert f"Nomor: {number.group(1)}" in text
        facts = text[text.index("Tanggal distribusi") :]
        assert facts[:8] == [
            "Tanggal distribusi",
            sumberjo["day"],
            "Desa",
            f"Sumberjo ({SUMBERJO})",
            "Kecamatan",
            facts[5],
            "Tim",
            "Tim 2",
        ]
        table = visible_text(
            ba.text.split('<table class="fleet records-print ba-cards">')[1].split("</table>")[0]
        )
        assert table[:6] == [
            "KTP-el yang diserahterimakan",
            "No",
            "Nama",
            "NIK (4 digit terakhir)",
            "Nomor permohonan",
            "UID kartu",
        ]
        in_order = sorted([first, second])
        assert table[6:] == [
            "1",
            PERSON,
            NIK[-4:],
            "470/77/2026",
            uids[in_order[0]],
            "2",
            PERSON,
            NIK[-4:],
            "470/77/2026",
            uids[in_order[1]],
        ]
        signatures = visible_text(ba.text.split('<div class="ba-signatures">')[1])
        assert signatures[:6] == [
            "Yang menyerahkan",
            "(Dinas)",
            "Nama dan tanda tangan",
            "Yang menerima",
            "(Tim 2)",
            "Nama dan tanda tangan",
        ]
        assert NIK not in ba.text

        # Listed below the waiting cards, which no longer show them.
        after = client.get("/distribusi")
        assert set(_groups(after)) == {KALIREJO}
        listed = visible_text(after.text.split('<table class="fleet deliveries">')[1])
        assert listed[7:13] == [
            number.group(1),
            sumberjo["day"],
            f"Sumberjo ({SUMBERJO})",
            "Tim 2",
            "2",
            "0",
        ]

        # The cards are ready to hand over; the record's page names the delivery.
        assert _state(server, first) == _state(server, second) == RecordState.READY_FOR_HANDOVER
        record_page = client.get(f"/rekaman/{laptop.device_id}/{first}")
        assert (
            f"Dijadwalkan diantar: {number.group(1)}, {sumberjo['day']}, Tim 2" in record_page.text
        )
        # Its person is named (issue 56.6), the NIK by its last four digits only.
        assert PERSON in record_page.text
        assert NIK not in record_page.text

        # The laptop receives it in its office package.
        package = _package(laptop, key)
        assert package["version"] > version
        (carried,) = package["deliveries"]
        assert carried["number"] == number.group(1)
        assert (carried["desa_code"], carried["desa_name"], carried["team"]) == (
            SUMBERJO,
            "Sumberjo",
            "Tim 2",
        )
        assert carried["delivery_date"] == day.isoformat()
        assert carried["cards"] == [{"record_id": r, "card_uid": uids[r]} for r in in_order]

        # A card already scheduled is refused at its row; the others go.
        kalirejo_group = _groups(after)[KALIREJO]
        kalirejo_group["hidden"]["csrf"] = csrf_of(after)
        data = _form(kalirejo_group) | {"kartu_9": first}
        partly = client.post("/distribusi", data=data)
        assert partly.status_code == CONFLICT
        assert _alert(partly).startswith("Distribusi DST-")
        assert f"Rekaman {first[:8]}: KTP-el ini sudah masuk distribusi lain." in _alert(partly)
        assert _state(server, kalirejo) == RecordState.READY_FOR_HANDOVER

        _a_card_without_a_desa(server, client, laptop)

        with database(server) as engine, engine.connect() as conn:
            audit = conn.execute(
                sa.select(console_audit.c.actor, console_audit.c.detail).where(
                    console_audit.c.action == "card_delivery_scheduled"
                )
            ).all()
        assert len(audit) == 3
        assert client.headers["x-account"] in {a.actor for a in audit}
        assert client.get("/distribusi/DST-1999-0001").status_code == 404


def _a_card_without_a_desa(server: DataCenterProcess, client: httpx.Client, laptop: Laptop) -> None:
    """Issue 59 §1: a card recorded on a visit with no desa code waits in "Tanpa desa".

    Its group's form asks for the desa (refused, in Indonesian, without one or with a
    code that is none); ``cards deliver --without-desa`` schedules it for the desa named,
    and the record is placed there (Rekaman, Grafik).
    """
    record = sealed(laptop, visit_of(str(uuid.uuid4()), "2026-11-24", None))
    laptop.sync(record)
    _printed(server, laptop, record.record_id, first=9)
    page = client.get("/distribusi")
    unplaced = _groups(page)[""]
    assert list(unplaced["ticks"]) == [record.record_id]
    heading = re.search(r'<h2 class="section" id="grup-\d+">Tanpa desa.*?</h2>', page.text)
    assert heading is not None, page.text
    assert (
        f'<option value="{KALIREJO}">Kalirejo ({KALIREJO}, Kec. Kedungjati)</option>' in page.text
    )
    unplaced["hidden"]["csrf"] = csrf_of(page)
    for desa, said in (
        ("", "Pilih desa tujuan untuk kartu yang tanpa desa. Tidak ada yang disimpan."),
        ("12345", "12345 bukan kode desa 10 angka. Tidak ada yang disimpan."),
    ):
        refused = client.post("/distribusi", data=_form(unplaced) | {"desa": desa})
        assert refused.status_code == BAD
        assert _alert(refused) == said
    assert _state(server, record.record_id) == RecordState.PRINTED
    day = (dt.datetime.now(dt.UTC).astimezone().date() + dt.timedelta(days=7)).isoformat()
    deliver = ("cards", "deliver", "--laptop", "Laptop Tim 2", "--desa", "Kalirejo", "--date", day)
    none = dc_cli(server, *deliver, "--json")
    assert none.returncode == 2, none.stdout
    done = dc_cli(server, *deliver, "--without-desa", "--json", process=True)
    assert done.returncode == 0, done.stderr
    delivery = json.loads(done.stdout)["delivery"]
    assert (delivery["desa_code"], delivery["record_ids"]) == (KALIREJO, [record.record_id])
    assert _state(server, record.record_id) == RecordState.READY_FOR_HANDOVER
    with database(server) as engine, engine.connect() as conn:
        placed = conn.execute(
            sa.select(record_places.c.desa_code).where(
                record_places.c.record_id == record.record_id
            )
        ).scalar()
    assert placed == KALIREJO
    assert "" not in _groups(client.get("/distribusi"))


@pytest.mark.both_backends
def test_two_operators_schedule_one_group_at_once_one_delivery(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    server = start_datacenter()
    with _logged_in(server) as first, _logged_in(server) as second:
        _office(server, first, tmp_path)
        forms = []
        for client in (first, second):
            page = client.get("/distribusi")
            group = _groups(page)[SUMBERJO]
            group["hidden"]["csrf"] = csrf_of(page)
            forms.append(_form(group))
        answers = at_once(
            [
                lambda: first.post("/distribusi", data=forms[0]),
                lambda: second.post("/distribusi", data=forms[1]),
            ]
        )
        assert sorted(a.status_code for a in answers) == [REDIRECT, CONFLICT]
        lost = next(a for a in answers if a.status_code == CONFLICT)
        assert _alert(lost).startswith("Tidak ada KTP-el yang dapat dijadwalkan")
        with database(server) as engine, engine.connect() as conn:
            count = conn.execute(sa.select(sa.func.count()).select_from(card_deliveries)).scalar()
        assert count == 1
