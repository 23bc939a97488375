"""Test support for the console's Rekaman screen: an office's plan and regions made with the
real CLI, and records sealed by a signing laptop whose headers name a visit and a person.

The person (a synthetic NIK and name) and the GPS position travel sealed inside the
records: the tests check that none of them ever reaches a page.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fieldkit.records.demo import DEMO_KEY
from tests.support import OFFICE
from tests.sync.server.dcsupport import dc_cli

if TYPE_CHECKING:
    from pathlib import Path

    from fieldkit.sealing import SealedRecord
    from tests.sync.server.dcsupport import Laptop, Site

KECAMATAN = "331501"
SUMBERJO, KALIREJO = "3315012001", "3315012002"
DESA_NAMES = {SUMBERJO: "Sumberjo", KALIREJO: "Kalirejo"}
#: The person inside every sealed record: a synthetic NIK, a name, a place in a field.
NIK = "3315014107900001"
PERSON = "Sasaran Rahasia Wulandari"
BIRTH_DATE = "1990-07-01"
#: The recording officer's login, as the laptop's header names it.
OFFICER = "ani"
GPS = {"lat": -7.123456, "lon": 110.654321, "accuracy_m": 8.0, "source": "gnss"}
PLAN_DATE = "2026-11-20"


def dc_json(site: Site, *args: str) -> Any:
    """A data center command with ``--json`` on this server's own database; it must succeed."""
    done = dc_cli(site, *args, "--json")
    assert done.returncode == 0, (args, done.stderr)
    return json.loads(done.stdout) if done.stdout.strip() else None


@dataclass(frozen=True)
class Plan:
    """The office's planned visit (to Sumberjo) and a visit the office never planned."""

    planned: str
    unplanned: str


def office_with_plan(site: Site, tmp_path: Path) -> Plan:
    """Regions Sumberjo and Kalirejo, and a planned visit to Sumberjo on ``PLAN_DATE``."""
    regions = tmp_path / "regions.csv"
    regions.write_text(
        "code,name\n" + "".join(f"{c},{n}\n" for c, n in DESA_NAMES.items()), encoding="utf-8"
    )
    dc_json(site, "office", "set", OFFICE)
    dc_json(site, "regions", "import", str(regions))
    dc_json(site, "officers", "add", "sari", "--role", "petugas", "--name", "Sari Petugas")
    request = dc_json(
        site,
        "plan",
        "request",
        "add",
        "--number",
        "470/77/2026",
        "--date",
        "2026-11-01",
        "--requester-type",
        "desa",
        "--requester-name",
        "Desa Sumberjo",
        "--region",
        KECAMATAN,
    )["id"]
    visit = dc_json(
        site,
        "plan",
        "visit",
        "add",
        "--request",
        request,
        "--date",
        PLAN_DATE,
        "--time",
        "08:30",
        "--place-type",
        "kantor_desa",
        "--desa-name",
        "Sumberjo",
        "--desa-code",
        SUMBERJO,
        "--kecamatan-code",
        KECAMATAN,
        "--terrain",
        "mudah",
        "--team",
        "sari:petugas",
    )["id"]
    return Plan(planned=str(visit), unplanned=str(uuid.uuid4()))


def header(visit: dict[str, Any] | None, *, simulated: bool = False) -> dict[str, Any]:
    """A record's header as a laptop writes it: the person, and the visit (with its GPS).

    ``simulated``: its face was taken by a simulator, as the laptop's capture step writes
    the device (issue 56.2: such a record prints only on a training data center).
    """
    body: dict[str, Any] = {
        "format": "fieldkit-record-1",
        "nik": NIK,
        "person": {
            "nik": NIK,
            "name": PERSON,
            "birth_place": "Purwodadi",
            "birth_date": BIRTH_DATE,  # as the NIK says: a woman (day + 40), 1 July 1990
            "sex": "P",
        },
        "officer": {"username": OFFICER, "full_name": "Petugas Uji", "role": "operator"},
    }
    if visit is not None:
        body["visit"] = visit
    if simulated:
        device = {"kind": "face", "backend": "sim", "simulated": True}
        attempt = {"kept": True, "device": device, "images": []}
        body["captures"] = [{"slot": "face", "attempts": [attempt]}]
    return body


def visit_of(visit_id: str, date: str, desa: str | None) -> dict[str, Any]:
    return {
        "id": visit_id,
        "request_id": None,
        "date": date,
        "place_type": "kantor_desa",
        "desa_code": desa,
        "kecamatan_code": KECAMATAN,
        "walk_in": False,
        "gps": GPS,
    }


def sealed(
    laptop: Laptop, visit: dict[str, Any] | None, *, demo: bool = False, simulated: bool = False
) -> SealedRecord:
    return laptop.seal(header(visit, simulated=simulated), to=DEMO_KEY if demo else None)


def rejected(laptop: Laptop) -> SealedRecord:
    """A record whose header names another record's id: stored REJECTED (payload_invalid)."""
    return laptop.seal({**header(None), "record_id": "not-this-one"})
