"""The console's Data ganda pages against the real service over HTTPS (issue 48, part 2).

One person recorded four times by four laptops (``dedupsupport.searched_site``: real
sealed records, the real search), then served by ``fieldkit-datacenter serve``: the
list of records waiting, a pair side by side with the images opened in memory, the
decision by an administrator (refusals at the field, two administrators at once), an
operator kept off the pair, every view and decision in ``console_audit``.  Built once
for the module; each test decides a record of its own.
"""

from __future__ import annotations

import base64
import contextlib
import re
import threading
import uuid
from typing import TYPE_CHECKING

import httpx
import pytest
import sqlalchemy as sa

from sync.protocol import RecordState
from sync.server import catalogue
from sync.server.console.duplicates import LIST_PATH, VIEWED
from sync.server.dedup.adjudicate import ADJUDICATED
from sync.server.store.tables import console_audit, records
from tests.sync.server.consolesupport import add_account, csrf_of, database, log_in
from tests.sync.server.dcsupport import DataCenterProcess
from tests.sync.server.dedupsupport import NIK, OFFICER, searched_site

if TYPE_CHECKING:
    from collections.abc import Iterator

OK, REDIRECT, BAD, FORBIDDEN, CONFLICT = 200, 303, 400, 403, 409
_PAIR = re.compile(r'href="(/rekaman/ganda/[^"]+)"')
_IMAGE = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
_PNG = b"\x89PNG\r\n\x1a\n"


def _id(code: str, **params: object) -> str:
    return str(catalogue.text("id", code, params, context="console_records"))


@pytest.fixture(scope="module")
def office(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[DataCenterProcess, list[str]]]:
    """Four recordings of one person, searched; the data center serving them."""
    root = tmp_path_factory.mktemp("duplicates")
    made = searched_site(root / "dc", 4)
    server = DataCenterProcess(root / "dc", root / "dc.log")
    for name, role in (("admin_satu", "admin"), ("admin_dua", "admin"), ("op_satu", "operator")):
        assert add_account(server, name, role).returncode == 0
    server.start()
    yield server, made
    server.stop()


@contextlib.contextmanager
def _client(server: DataCenterProcess, name: str) -> Iterator[httpx.Client]:
    """A console client logged in as ``name``, closed when the ``with`` ends."""
    with server.client() as client:
        assert log_in(client, name).status_code == REDIRECT
        yield client


def _state(server: DataCenterProcess, record_id: str) -> str:
    with database(server) as engine, engine.connect() as conn:
        return str(
            conn.execute(
                sa.select(records.c.state).where(records.c.record_id == record_id)
            ).scalar()
        )


def _audit(server: DataCenterProcess, action: str) -> list[tuple[str, str]]:
    with database(server) as engine, engine.connect() as conn:
        rows = conn.execute(
            sa.select(console_audit.c.actor, console_audit.c.detail).where(
                console_audit.c.action == action
            )
        ).all()
    return [(r.actor, r.detail) for r in rows]


def _pair_of(server: DataCenterProcess, page: httpx.Response, record_id: str, other: str) -> str:
    """The pair page of ``record_id`` (as the list links it) and its candidate ``other``.

    A candidate is named by its laptop and its id (issue 57 §13): ``other``'s laptop is
    read from the database.
    """
    path = next(p for p in _PAIR.findall(page.text) if p.split("/")[4] == record_id)
    with database(server) as engine, engine.connect() as conn:
        device = conn.execute(
            sa.select(records.c.device_id).where(records.c.record_id == other)
        ).scalar_one()
    return "/".join([*path.split("/")[:5], device, other])


def test_the_list_shows_each_waiting_record_with_its_best_score_and_beranda_counts_them(
    office: tuple[DataCenterProcess, list[str]],
) -> None:
    server, (first, second, third, fourth) = office
    assert _state(server, first) == RecordState.PRINT_READY_RECORD.value
    with _client(server, "admin_satu") as admin, _client(server, "op_satu") as operator:
        page = admin.get(LIST_PATH)
        assert page.status_code == OK, page.text
        text = page.text
        assert _id("console_records.dup_title") in text
        # Newest first; the first recording is not waiting.
        shown = [text.index(f">{r[:8]}</a>") for r in (fourth, third, second)]
        assert shown == sorted(shown)
        assert f">{first[:8]}</a>" not in text
        # A fused finger score, two decimals the Indonesian way (the simulator's second
        # impressions clear the one-in-10,000 unit many times over).
        assert re.search(r'<td class="number">\d+,\d\d</td>', text), "a fused score"
        assert NIK not in text
        assert "Sasaran Uji" not in text
        # Beranda counts them and leads here; the records page too.
        home = admin.get("/")
        assert f'href="{LIST_PATH}"' in home.text
        assert _id("console_records.dup_waiting_tile") in home.text
        assert f'href="{LIST_PATH}"' in admin.get("/rekaman").text
        # An operator sees the list without a way into the pair.
        seen = operator.get(LIST_PATH)
        assert seen.status_code == OK
        assert _id("console_records.dup_admins_only") in seen.text
        assert not _PAIR.findall(seen.text)


def test_a_pair_side_by_side_in_memory_audited_and_kept_from_an_operator(
    office: tuple[DataCenterProcess, list[str]],
) -> None:
    server, (first, second, _third, _fourth) = office
    with _client(server, "admin_satu") as admin, _client(server, "op_satu") as operator:
        path = _pair_of(server, admin.get(LIST_PATH), second, first)
        page = admin.get(path)
        assert page.status_code == OK, page.text
        assert page.headers["cache-control"] == "no-store"
        assert "img-src 'self' data:" in page.headers["content-security-policy"]
        images = [base64.b64decode(found) for found in _IMAGE.findall(page.text)]
        # Two faces and both sides of each matched finger (two fingers).
        assert len(images) == 6
        assert all(image.startswith(_PNG) for image in images)
        assert _id("console_records.dup_finger_1") in page.text
        assert _id("console_records.dup_finger_2") in page.text
        assert f"Petugas Uji ({OFFICER})" in page.text
        assert NIK not in page.text, "the NIK's last four digits only"
        # Each side names its person (issue 56.6): what tells a replay from two people.
        named = re.findall(r'<dd class="person-name">([^<]+)</dd>', page.text)
        assert named == ["Sasaran Uji", "Sasaran Uji"]
        assert page.text.count("<dd>1990</dd>") == 2
        assert page.text.count(f'<dd class="nik">{NIK[-4:]}</dd>') == 2
        assert (
            "admin_satu",
            f"{path.split('/')[3]} {second} {first} {path.split('/')[5]}",
        ) in _audit(server, VIEWED)
        # The candidate is its laptop and its id (issue 57 §13): another laptop's is no pair.
        parts = path.split("/")
        elsewhere = "/".join([*parts[:5], "laptop-lain", *parts[6:]])
        assert admin.get(elsewhere).status_code == 404
        # Nothing of it on disk: no image file in the data directory.
        assert not [p for p in server.data.rglob("*") if p.suffix in {".png", ".jp2", ".jpg"}]
        refused = operator.get(path)
        assert refused.status_code == FORBIDDEN
        assert "data:image" not in refused.text
        posted = operator.post(
            path, data={"csrf": "x", "decision": "not_duplicate", "reason": "x" * 20}
        )
        assert posted.status_code == FORBIDDEN
        assert _state(server, second) == RecordState.DUPLICATE_RECORD.value


def test_refusals_are_said_at_their_field_and_a_duplicate_closes_the_newer(
    office: tuple[DataCenterProcess, list[str]],
) -> None:
    server, (first, second, _third, _fourth) = office
    with _client(server, "admin_satu") as admin:
        path = _pair_of(server, admin.get(LIST_PATH), second, first)
        csrf = csrf_of(admin.get(path))
        without = admin.post(path, data={"decision": "duplicate", "reason": "Orang yang sama"})
        assert without.status_code == FORBIDDEN  # no CSRF token
        short = admin.post(path, data={"csrf": csrf, "decision": "duplicate", "reason": "sama"})
        assert short.status_code == BAD
        assert 'id="reason-error"' in short.text
        assert _id("console_records.dup_reason_short", min=10) in short.text
        assert ">sama</textarea>" in short.text
        none = admin.post(path, data={"csrf": csrf, "reason": "Orang yang sama, dicek"})
        assert none.status_code == BAD
        assert 'id="decision-error"' in none.text
        assert _state(server, second) == RecordState.DUPLICATE_RECORD.value
        why = "Orang yang sama, direkam dua kali"
        done = admin.post(path, data={"csrf": csrf, "decision": "duplicate", "reason": why})
        assert done.status_code == REDIRECT
        listed = admin.get(done.headers["location"])
        assert _id("console_records.dup_decided", record=second[:8]) in listed.text
        assert _state(server, second) == RecordState.DUPLICATE_CLOSED.value
        assert _state(server, first) == RecordState.PRINT_READY_RECORD.value
        # The closed record's page: the administrator's reason in its history, as the
        # office's words, and why no recapture is asked for it, in words (not its code).
        page = admin.get(f"/rekaman/{path.split('/')[3]}/{second}").text
        assert f"<td>{why}</td>" in page
        assert _id("console_records.note_closed_duplicate") in page
        assert [a for a, d in _audit(server, ADJUDICATED) if second in d and why in d] == [
            "admin_satu"
        ]
        again = admin.post(path, data={"csrf": csrf, "decision": "duplicate", "reason": why})
        assert again.status_code == CONFLICT
        assert _id("console_records.dup_refused_decided") in again.text


def test_two_administrators_deciding_at_once_one_wins_the_other_is_told(
    office: tuple[DataCenterProcess, list[str]],
) -> None:
    server, (first, _second, third, _fourth) = office
    with _client(server, "admin_satu") as one, _client(server, "admin_dua") as two:
        path = _pair_of(server, one.get(LIST_PATH), third, first)
        forms = [
            (one, {"csrf": csrf_of(one.get(path)), "decision": "not_duplicate"}),
            (two, {"csrf": csrf_of(two.get(path)), "decision": "duplicate"}),
        ]
        gate = threading.Barrier(2)
        answers: list[httpx.Response] = []

        def send(client: httpx.Client, form: dict[str, str]) -> None:
            gate.wait()
            answers.append(client.post(path, data={**form, "reason": f"Diperiksa {uuid.uuid4()}"}))

        threads = [threading.Thread(target=send, args=pair) for pair in forms]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(a.status_code for a in answers) == [REDIRECT, CONFLICT]
        lost = next(a for a in answers if a.status_code == CONFLICT)
        assert _id("console_records.dup_refused_decided") in lost.text
        assert len([d for _a, d in _audit(server, ADJUDICATED) if third in d.split(":")[0]]) == 1
        assert _state(server, third) in {
            RecordState.PRINT_READY_RECORD.value,
            RecordState.DUPLICATE_CLOSED.value,
        }
