"""``sync.server.office.steering.Office`` on a real store, SQLite and PostgreSQL: the revision, the
recorded NIKs' earliest date, all-or-nothing imports, and the recorded key at rest."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

import pytest

from fieldkit import safejson
from fieldkit.enrollment.canonical_record import FORMAT
from fieldkit.errors import InvalidInput
from fieldkit.records import container
from sync.server.intake.payload import payload_nik
from sync.server.keys import DataCenterKeys
from sync.server.office.plan import read_targets
from sync.server.office.recorded import nik_mac, recorded_key
from sync.server.office.steering import Office
from sync.server.store.database import SqlStore, sqlite_url
from tests.sync.server.dcsupport import fresh_database

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture(params=["sqlite", "postgresql"])
def office(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Office]:
    url = fresh_database(request, request.param) or sqlite_url(tmp_path)
    store = SqlStore(url)
    yield Office(store)
    store.close()


def test_every_change_raises_the_version_by_one(office: Office) -> None:
    assert office.settings()["version"] == 0
    assert office.set_office("3273") == 1
    assert office.set_min_version("0.9.0") == 2
    office.set_rules(max_attempts=4)
    assert office.settings()["version"] == 3
    with pytest.raises(InvalidInput):
        office.set_rules(max_attempts=0)
    with pytest.raises(InvalidInput):
        office.set_office("0000")
    assert office.settings()["version"] == 3
    assert office.settings()["rules"]["max_attempts"] == 4


def test_the_countersign_on_the_spot_is_a_rule_of_the_package(office: Office) -> None:
    """Issue 35: off unless the office says; the laptop reads a JSON boolean only."""
    assert office.set_rules(max_attempts=4)["cosign_on_spot"] is None
    assert office.set_rules(cosign_on_spot=True)["cosign_on_spot"] is True
    assert office.settings()["rules"]["cosign_on_spot"] is True
    assert office.set_rules(cosign_on_spot=False)["cosign_on_spot"] is False


def test_the_auto_capture_rule_is_a_rule_of_the_package(office: Office) -> None:
    """A JSON boolean and seconds in the laptop's range; a value it would refuse is refused here."""
    rules = office.set_rules(max_attempts=4)
    assert (rules["autocapture"], rules["autocapture_steady_s"]) == (None, None)
    rules = office.set_rules(autocapture=False, autocapture_steady_s=0.8)
    assert (rules["autocapture"], rules["autocapture_steady_s"]) == (False, 0.8)
    assert office.settings()["rules"]["autocapture"] is False
    assert office.set_rules(autocapture=True)["autocapture_steady_s"] == 0.8
    version = office.settings()["version"]
    for bad in (0.1, 5.5):
        with pytest.raises(InvalidInput) as refused:
            office.set_rules(autocapture=False, autocapture_steady_s=bad)
        assert refused.value.code == "autocapture_steady_range"
    assert office.settings()["version"] == version
    assert office.settings()["rules"]["autocapture"] is True


def test_recorded_keeps_the_earliest_day(office: Office) -> None:
    office.record_nik("ab" * 32, "2026-11-20")
    office.record_nik("ab" * 32, "2026-11-25")
    office.record_nik("ab" * 32, "2026-11-12")
    office.record_nik("cd" * 32, "2026-11-22")
    assert office.recorded() == [
        {"mac": "ab" * 32, "recorded_on": "2026-11-12"},
        {"mac": "cd" * 32, "recorded_on": "2026-11-22"},
    ]
    assert office.settings()["version"] == 0  # the list changes without a new revision


def test_a_region_file_with_one_bad_row_imports_nothing(office: Office, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("327301,Sukasari\n", encoding="utf-8")
    assert office.import_regions(good) == (1, 1)
    bad = tmp_path / "bad.csv"
    bad.write_text("327302,Coblong\n99.99.99,Nowhere\n", encoding="utf-8")
    with pytest.raises(InvalidInput):
        office.import_regions(bad)
    assert office.regions() == [{"code": "327301", "name": "Sukasari"}]
    assert office.settings()["version"] == 1


def test_the_recorded_key_is_made_once_and_sealed(tmp_path: Path) -> None:
    keys = DataCenterKeys(tmp_path / "keys")
    key = recorded_key(keys)
    assert len(key) == 32
    assert recorded_key(DataCenterKeys(tmp_path / "keys")) == key
    kept = (tmp_path / "keys" / "recorded.key").read_bytes()
    assert key not in kept
    assert base64.b64encode(key) not in kept
    assert nik_mac(key, "3315014107900001") != nik_mac(key, "3315014107900002")


def test_the_targets_reader_names_rows_not_their_content(tmp_path: Path) -> None:
    sheet = tmp_path / "targets.csv"
    sheet.write_text(
        "NIK,Nama\n3315014107900001,Siti\n3315014107900001,Siti lagi\n12,Budi\n",
        encoding="utf-8",
    )
    read = read_targets(sheet, "visit")
    assert [row for row, _code in read.errors] == [3, 4]
    assert all("Siti" not in code and "Budi" not in code for _row, code in read.errors)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert read_targets(empty, "visit").refused is not None


def test_the_nik_is_read_where_a_laptops_record_names_it() -> None:
    """A laptop's record names the person under ``person.nik``, not at the top.

    Before, only a top-level ``nik`` was read, so the office never learnt who a real
    laptop had recorded (``recorded_niks`` stayed empty for every real record).
    """
    nik = "3315014107900001"
    header = {"format": FORMAT, "record_id": "r-1", "person": {"nik": nik, "name": "Sasaran"}}
    laptops_record = container.pack(header, container.BlobList()).payload
    assert payload_nik(laptops_record) == nik
    assert payload_nik(safejson.canonical_json({"nik": nik})) == nik  # a bare JSON record
    for not_a_nik in ("12345", None, 3315014107900001):
        bad = container.pack({**header, "person": {"nik": not_a_nik}}, container.BlobList())
        assert payload_nik(bad.payload) is None
    assert payload_nik(b"not a record") is None
