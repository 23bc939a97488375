"""The office keeps each laptop's newest health report, and one a minute over the network.

Issue 46, hole 6: importing Monday's stick after Tuesday's replaced the laptop's health
with Monday's (fewer unsent records, a fresh "last seen").  A report is now kept only
when the time the laptop signed in it is newer than the kept one's; an older one is
refused alone, with words, and the rest of the stick is imported.  The same holds over
the network (409).  The very report kept already (a stick imported again, a retried
request) is answered as stored and nothing is written.

Small point (c): 150 reports in 0.6 s were all written.  Over the network one report of
a laptop is kept per ``HEALTH_EVERY_S``; more are answered 429 with Retry-After, two
at once included (decided under the laptop's lock, on SQLite and PostgreSQL).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import x25519

from fieldkit.safejson import canonical_json
from sync.protocol import b64encode
from sync.server.intake.service import HEALTH_EVERY_S
from sync.server.office.health import health_refusal
from sync.server.store.tables import laptop_health
from tests.sync.server.consolesupport import database
from tests.sync.server.dcsupport import Laptop, dc_cli, new_code, write_export

if TYPE_CHECKING:
    from pathlib import Path

    import httpx

    from tests.sync.server.dcsupport import DataCenterProcess

OK, CONFLICT, TOO_MANY = 200, 409, 429
MONDAY = "2026-11-23T17:00:00+07:00"
TUESDAY = "2026-11-24T09:00:00+00:00"
WEDNESDAY = "2026-11-25T08:00:00+00:00"
#: One laptop's package key: its reports differ by their time and counts alone.
PACKAGE_KEY = base64.b64encode(
    x25519.X25519PrivateKey.generate().public_key().public_bytes_raw()
).decode()


def _health(reported_at: str, unsent: int) -> dict[str, Any]:
    """A report whose hostname says its day, so the kept one is known by it."""
    return {
        "version": 1,
        "reported_at": reported_at,
        "hostname": f"laptop-{reported_at[:10]}",
        "fieldkit_version": "0.9.0",
        "package_key": PACKAGE_KEY,
        "package_version": None,
        "last_sync_at": None,
        "unsent_records": unsent,
        "oldest_unsent_at": None,
        "free_disk_bytes": 10**10,
        "devices": [],
        "audit": {"ok": True, "events": 3},
        "frozen": False,
        "freeze_reasons": [],
    }


def _stick(root: Path, laptop: Laptop, reported_at: str, unsent: int, export_id: str) -> Path:
    """A stick with one export of one record and a signed health report."""
    folder = write_export(root, laptop, [laptop.seal()], export_id=export_id)
    raw = canonical_json(_health(reported_at, unsent))
    (folder / "health.json").write_bytes(raw)
    (folder / "health.sig").write_text(b64encode(laptop.key.sign(raw)))
    return root


def _import(dc: DataCenterProcess, stick: Path) -> dict[str, Any]:
    done = dc_cli(dc, "import", str(stick), "--json")
    assert done.returncode == 0, (done.stdout, done.stderr)
    [outcome] = json.loads(done.stdout)
    return dict(outcome)


def _kept_at(dc: DataCenterProcess, device_id: str) -> str:
    """When the kept report arrived: what "last seen" is made of."""
    with database(dc) as engine, engine.connect() as conn:
        query = sa.select(laptop_health.c.received_at).where(laptop_health.c.device_id == device_id)
        return str(conn.execute(query).scalar_one())


def _row(dc: DataCenterProcess, device_id: str) -> dict[str, Any]:
    done = dc_cli(dc, "laptops", "list", "--json")
    assert done.returncode == 0, done.stderr
    return next(r for r in json.loads(done.stdout) if r["device_id"] == device_id)


def _post(laptop: Laptop, reported_at: str, unsent: int) -> httpx.Response:
    body = canonical_json(_health(reported_at, unsent))
    return laptop.signed(
        "POST", "/v1/laptop/health", body, headers={"content-type": "application/json"}
    )


def test_mondays_stick_after_tuesdays_keeps_tuesdays_health(
    laptop: Laptop, datacenter: DataCenterProcess, tmp_path: Path
) -> None:
    tuesday = _import(datacenter, _stick(tmp_path / "tue", laptop, TUESDAY, 1, "export-tue"))
    assert tuesday["health"] == "stored"
    kept = _row(datacenter, laptop.device_id)
    assert (kept["unsent_records"], kept["hostname"]) == (1, "laptop-2026-11-24")
    arrived = _kept_at(datacenter, laptop.device_id)

    monday_stick = _stick(tmp_path / "mon", laptop, MONDAY, 7, "export-mon")
    monday = _import(datacenter, monday_stick)
    assert monday["health"] == "refused"
    assert (
        f"written at {MONDAY}, before the one the office already has" in (monday["health_message"])
    )
    assert [r["state"] for r in monday["records"]] == ["ACCEPTED"], "the rest carries on"
    assert monday["receipts_written"] is True
    after = _row(datacenter, laptop.device_id)
    assert (after["unsent_records"], after["hostname"]) == (1, "laptop-2026-11-24")
    assert _kept_at(datacenter, laptop.device_id) == arrived
    text = dc_cli(datacenter, "import", str(monday_stick))
    assert "health report was refused" in text.stdout, text.stdout

    again = _import(datacenter, tmp_path / "tue")  # the same stick again: harmless
    assert again["health"] == "stored"
    assert _row(datacenter, laptop.device_id)["unsent_records"] == 1
    assert _kept_at(datacenter, laptop.device_id) == arrived, "nothing was written"


def test_an_older_report_over_the_network_is_refused_and_the_same_one_is_stored(
    laptop: Laptop, datacenter: DataCenterProcess
) -> None:
    assert _post(laptop, TUESDAY, 1).status_code == OK
    older = _post(laptop, MONDAY, 7)
    assert older.status_code == CONFLICT, older.text
    assert older.json()["reason"] == "conflict"
    assert older.json()["details"] == {"kept_reported_at": TUESDAY}
    assert _post(laptop, TUESDAY, 1).status_code == OK  # a retry: nothing new to keep
    soon = _post(laptop, WEDNESDAY, 3)
    assert soon.status_code == TOO_MANY, soon.text
    assert soon.json()["reason"] == "busy"
    assert 0 < int(soon.headers["retry-after"]) <= HEALTH_EVERY_S
    assert _row(datacenter, laptop.device_id)["unsent_records"] == 1


def test_two_reports_at_once_one_is_kept_the_other_told_to_wait(
    laptop: Laptop, datacenter: DataCenterProcess
) -> None:
    start = threading.Barrier(2)
    answers: dict[int, httpx.Response] = {}

    def send(unsent: int) -> None:
        with datacenter.client() as client:
            twin = Laptop(client)
            twin.key, twin.device_id = laptop.key, laptop.device_id
            start.wait(timeout=30)
            answers[unsent] = _post(twin, WEDNESDAY if unsent == 2 else TUESDAY, unsent)

    threads = [threading.Thread(target=send, args=(unsent,)) for unsent in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    statuses = sorted(answer.status_code for answer in answers.values())
    assert statuses in ([OK, CONFLICT], [OK, TOO_MANY]), [a.text for a in answers.values()]
    [kept] = [unsent for unsent, answer in answers.items() if answer.status_code == OK]
    assert _row(datacenter, laptop.device_id)["unsent_records"] == kept


def _report(reported_at: str) -> str:
    return canonical_json({"reported_at": reported_at, "unsent_records": 1}).decode()


def test_the_window_and_a_kept_time_that_cannot_be_true() -> None:
    now = dt.datetime(2026, 11, 26, 8, 0, 0, tzinfo=dt.UTC)
    received = (now - dt.timedelta(seconds=2)).isoformat()
    kept = (_report(TUESDAY), received)
    soon = health_refusal(kept, _report(WEDNESDAY), now, 5)
    assert soon is not None
    assert (soon.why, soon.retry_after_s) == ("too_soon", 3)
    later = now + dt.timedelta(seconds=3)
    assert health_refusal(kept, _report(WEDNESDAY), later, 5) is None
    assert health_refusal(kept, _report(WEDNESDAY), now, 0) is None  # a stick: no window
    older = health_refusal(kept, _report(MONDAY), now, 0)
    assert older is not None
    assert (older.why, older.kept_at) == ("older", TUESDAY)
    same = health_refusal(kept, _report(TUESDAY), now, 5)
    assert same is not None
    assert same.why == "same"
    # A laptop whose clock ran a year ahead, since put right: its reports are kept again.
    future = (_report("2027-11-26T08:00:00+00:00"), received)
    assert health_refusal(future, _report(WEDNESDAY), later, 5) is None


def test_a_time_that_is_no_time_is_refused(laptop: Laptop) -> None:
    answer = _post(laptop, "Selasa pagi", 1)
    assert answer.status_code == 400, answer.text
    assert answer.json()["details"] == {"field": "reported_at"}


def test_a_fresh_laptop_reports_after_an_enrollment(datacenter: DataCenterProcess) -> None:
    """Each laptop has its own window: one laptop's report never holds another's back."""
    with datacenter.client() as client:
        first, second = Laptop(client), Laptop(client)
        first.enroll(new_code(datacenter))
        second.enroll(new_code(datacenter))
        assert _post(first, TUESDAY, 1).status_code == OK
        assert _post(second, TUESDAY, 2).status_code == OK
        assert _post(first, WEDNESDAY, 1).status_code == TOO_MANY
