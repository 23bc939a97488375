"""Records sealed to the public demo key: refused by default, flagged with --accept-demo."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from fieldkit.records.demo import DEMO_KEY, DEMO_KID
from sync.protocol import RecordState
from tests.sync.server.dcsupport import (
    DataCenterProcess,
    Laptop,
    dc_cli,
    list_records,
    new_code,
    receipts_file,
    write_export,
)

StartDataCenter = Callable[..., DataCenterProcess]


def test_demo_records_are_refused_by_default_on_both_roads(
    laptop: Laptop, datacenter: DataCenterProcess, tmp_path: Path
) -> None:
    assert laptop.key_set is not None
    assert DEMO_KID not in {k.kid for k in laptop.key_set.keys}
    record = laptop.seal(to=DEMO_KEY)
    assert record.demo

    verdict = laptop.manifest(record).json()["verdicts"][0]
    assert (verdict["verdict"], verdict["reason"]) == ("rejected", "kid_unknown")
    assert "demo key" in verdict["message"]

    folder = write_export(tmp_path / "stick", laptop, [record])
    done = dc_cli(datacenter, "import", str(folder), "--json")
    assert done.returncode == 2, done.stderr
    assert [(r["state"], r["reason"]) for r in receipts_file(folder)] == [
        ("REFUSED", "kid_unknown")
    ]
    assert record.record_id not in {r["record_id"] for r in list_records(datacenter)}


def test_accept_demo_stores_demo_records_and_marks_them(
    start_datacenter: StartDataCenter, tmp_path: Path
) -> None:
    server = start_datacenter(None, "--accept-demo")
    with server.client() as client:
        laptop = Laptop(client)
        laptop.enroll(new_code(server))
        assert laptop.key_set is not None
        assert DEMO_KID not in {k.kid for k in laptop.key_set.keys}  # never offered for sealing
        demo, real = laptop.seal(to=DEMO_KEY), laptop.seal()
        receipts = laptop.sync(demo, real)
    assert [r.state for r in receipts] == [RecordState.ACCEPTED] * 2

    by_usb = laptop.seal(to=DEMO_KEY, seq=2)
    folder = write_export(tmp_path / "stick", laptop, [by_usb])
    done = dc_cli(server, "import", str(folder), "--json", "--accept-demo")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["records"][0]["state"] == "ACCEPTED"

    rows = {r["record_id"]: r for r in list_records(server)}
    assert {
        rid: rows[rid]["demo"] for rid in (demo.record_id, real.record_id, by_usb.record_id)
    } == {
        demo.record_id: True,
        real.record_id: False,
        by_usb.record_id: True,
    }
    listing = dc_cli(server, "records", "list").stdout.splitlines()
    flagged = {line.split()[0] for line in listing if line.endswith("[demo]")}
    assert flagged == {demo.record_id, by_usb.record_id}
