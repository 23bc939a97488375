"""Issue 46, hole 4: the data center checks each change with the laptop's own reader.

A value the data center stored but the laptop refuses made every laptop refuse every
package (officer disables included).  Here each out-of-range value is refused by the
real ``fieldkit-datacenter`` CLI with the laptop's own sentence; a package with every
limit at its maximum is opened and applied by the real laptop-side code; and a
package over the size budget is not built, with a message that says why.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import threading
from typing import TYPE_CHECKING, Any

import pytest
from cryptography.hazmat.primitives.asymmetric import x25519

from fieldkit import office as laptop_office
from fieldkit.enrollment.autocapture_rule import STEADY_RANGE_S
from fieldkit.errors import InvalidInput
from fieldkit.office.package import OfficePackage, OfficePackageInvalid
from fieldkit.officers import MAX_NAME_LENGTH, MAX_RANK_LENGTH
from fieldkit.quality.result import QualityModality
from fieldkit.safejson import canonical_json
from fieldkit.workspace import Workspace
from sync import office_package
from sync.office_package import open_package
from sync.server import catalogue
from sync.server.accounts.roles import Actor
from sync.server.keys import DataCenterKeys
from sync.server.office import rules as office_rules
from sync.server.office import steering as dc_office
from sync.server.office.recorded import nik_mac, recorded_key
from sync.server.office.steering import Office
from sync.server.store.database import SqlStore, sqlite_url
from sync.server.store.tables import office_settings, recorded_niks
from tests.fieldkit.office.test_recorded_list import synthetic_niks
from tests.support import OFFICE
from tests.sync.server.consolesupport import csrf_of, log_in, started
from tests.sync.server.dcsupport import DataCenterProcess, dc_cli
from tests.sync.server.test_console_officers import BAD, REDIRECT, _field_error, _rules_form

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

DEVICE = "dev-0123456789abcdef"
#: A kecamatan of the office's regency (the shipped region table knows it).
KECAMATAN = f"{OFFICE}01"
#: The sealed package's bytes per recorded NIK the data center's budget allows for.
BYTES_PER_NIK = 16


def laptop_words(field: str) -> str:
    """What the laptop says when it refuses a package for ``field``."""
    return OfficePackageInvalid(params={"field": field}).message


def _request_args(**changes: str) -> list[str]:
    values = {
        "--number": "470/12/2026",
        "--date": "2026-11-20",
        "--requester-type": "desa",
        "--requester-name": "Desa Satu",
        "--region": KECAMATAN,
    } | changes
    return ["plan", "request", "add", *(x for pair in values.items() for x in pair)]


def _visit_args(request: str, **changes: str) -> list[str]:
    values = {
        "--request": request,
        "--date": "2026-12-01",
        "--time": "08:00",
        "--place-type": "rumah",
        "--desa-name": "Satu",
        "--kecamatan-code": KECAMATAN,
        "--terrain": "mudah",
        "--team": "sari:petugas",
    } | changes
    return ["plan", "visit", "add", *(x for pair in values.items() for x in pair)]


def _ok(data: Path, *args: str) -> Any:
    done = dc_cli(data, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _refusal(data: Path, *args: str) -> str:
    done = dc_cli(data, *args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    return done.stderr.split("error: ", 1)[1].strip()


def test_the_cli_refuses_what_the_laptop_would_refuse_in_its_words(tmp_path: Path) -> None:
    data = tmp_path / "dc"
    _ok(data, "office", "set", OFFICE)
    _ok(data, "officers", "add", "sari", "--role", "petugas", "--name", "Sari")
    request = _ok(data, *_request_args())["id"]
    long_region = tmp_path / "regions.csv"
    long_region.write_text(f"code,name\n{KECAMATAN},Satu\n{OFFICE}02,{'D' * 121}\n")
    before = _ok(data, "office", "show")["version"]
    refusals = [
        (["rules", "set", "--freeze-days", "5000"], "rules.freeze_days"),
        (["rules", "set", "--freeze-max-waiting", "1000001"], "rules.freeze_max_waiting"),
        (["regions", "import", str(long_region)], "regions[1].name"),
        (_request_args(**{"--number": "N" * 81}), "plan.requests[0].number"),
        (_request_args(**{"--requester-name": "R" * 161}), "plan.requests[0].requester_name"),
        (_visit_args(request, **{"--desa-name": "D" * 121}), "plan.visits[0].desa_name"),
        (_visit_args(request, **{"--place-name": "P" * 161}), "plan.visits[0].place_name"),
        (
            _visit_args(request, **{"--duty-letter-number": "S" * 121}),
            "plan.visits[0].duty_letter_number",
        ),
        (["release", "set", "--min-version", "1.2.3.4.5"], "release.min_version"),
    ]
    for args, field in refusals:
        assert _refusal(data, *args) == laptop_words(field), args
    assert _ok(data, "office", "show")["version"] == before
    assert _ok(data, "rules", "show")["rules"] is None


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    store = SqlStore(sqlite_url(tmp_path))
    yield Office(store)
    store.close()


def _laptop_key(office: Office) -> x25519.X25519PrivateKey:
    key = x25519.X25519PrivateKey.generate()
    public = base64.b64encode(key.public_key().public_bytes_raw()).decode()
    office.store_health(DEVICE, {"package_key": public}, via="test")
    return key


def _record(office: Office, key: bytes, niks: list[str]) -> None:
    """Many accepted records' NIKs at once (``record_nik`` is one transaction each)."""
    with office.store.writing() as conn:
        conn.execute(
            recorded_niks.insert(),
            [{"mac": nik_mac(key, nik), "recorded_on": "2026-11-12"} for nik in niks],
        )


def _opened(office: Office, keys: DataCenterKeys, key: x25519.X25519PrivateKey) -> OfficePackage:
    sealed = office.sealed_package(DEVICE, keys)
    assert sealed is not None
    document = open_package(
        canonical_json(sealed),
        package_private_key=key,
        receipt_public_key=keys.receipt_key.public_key().public_bytes_raw(),
        office_code=OFFICE,
        device_id=DEVICE,
    )
    return OfficePackage.from_document(document)


def test_a_package_with_every_limit_at_its_maximum_is_applied_by_the_laptop(
    office: Office, tmp_path: Path, workspace: Workspace
) -> None:
    keys = DataCenterKeys(tmp_path / "keys")
    key = _laptop_key(office)
    office.set_office(OFFICE, "Kantor")
    office.set_rules(
        thresholds=dict.fromkeys((m.value for m in QualityModality), 100.0),
        max_attempts=office_rules.MAX_ATTEMPTS_LIMIT,
        freeze_days=3650,
        freeze_max_waiting=1_000_000,
        idle_lock_minutes=max(office_rules.IDLE_LOCK_RANGE),
        letterhead={
            "address": "A" * 200,
            "contact": "C" * 200,
            "head_name": "K" * 200,
            "head_rank": "P" * 200,
            "head_nip": "198703122010012003",
        },
        number_pattern="474/{seq:03d}/" + "D" * 106,
        cosign_on_spot=True,
        autocapture=True,
        autocapture_steady_s=STEADY_RANGE_S[1],
    )
    office.set_min_version("123456789.123456789.123456789.1-" + "r" * 32)
    office.add_officer(
        "s" + "a" * 31,
        role="petugas",
        full_name="N" * MAX_NAME_LENGTH,
        nip="198703122010012003",
        rank="R" * MAX_RANK_LENGTH,
        by=Actor.shell(),
    )
    regions = tmp_path / "regions.csv"
    regions.write_text(f"code,name\n{KECAMATAN},{'W' * 120}\n", encoding="utf-8")
    office.import_regions(regions)
    request, _ = office.add_request(
        number="N" * 80,
        letter_date="2026-11-20",
        requester_type="desa",
        requester_name="R" * 160,
        region_code=KECAMATAN,
        subject="S" * 200,
    )
    visit, _ = office.add_visit(
        request_id=request,
        visit_date="2026-12-01",
        start_time="08:00",
        place_type="rumah",
        place_name="P" * 160,
        desa_name="D" * 120,
        desa_code=f"{KECAMATAN}2001",
        kecamatan_code=KECAMATAN,
        terrain="mudah",
        team=["s" + "a" * 31 + ":petugas"],
        duty_letter_number="T" * 120,
    )
    targets = tmp_path / "targets.csv"
    targets.write_text(
        "NIK,Nama,Tanggal Lahir,Jenis Kelamin,Kategori\n"
        f"{OFFICE}014107900001,{'M' * 160},1990-07-01,P,lansia\n",
        encoding="utf-8",
    )
    read = office.import_targets(visit, targets, keys)
    assert (read.refused, read.errors, len(read.rows)) == (None, [], 1)
    mac_key = recorded_key(keys)
    niks = synthetic_niks(1000)
    _record(office, mac_key, niks[1:])
    office.record_nik(nik_mac(mac_key, niks[0]), "2026-11-12")  # as the service does

    package = _opened(office, keys, key)
    assert package.rules is not None
    assert package.rules.freeze_days == 3650
    assert package.recorded is not None
    assert package.recorded.count == len(niks)  # format 2: packed, not format 1 entries
    summary = laptop_office.apply_package(workspace, package)
    assert summary.version == office.settings()["version"]
    assert all(
        laptop_office.already_recorded(workspace, nik) == dt.date(2026, 11, 12) for nik in niks
    )


def test_a_package_over_the_budget_is_not_built_and_says_why(
    office: Office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = DataCenterKeys(tmp_path / "keys")
    _laptop_key(office)
    office.set_office(OFFICE)
    mac_key = recorded_key(keys)
    empty = len(canonical_json(office.sealed_package(DEVICE, keys)))
    niks = synthetic_niks(20_000)
    _record(office, mac_key, niks)
    full = len(canonical_json(office.sealed_package(DEVICE, keys)))
    assert (full - empty) / len(niks) < BYTES_PER_NIK
    # A million NIKs fit the budget with room to spare (half the laptop's cap).
    assert empty + 1_000_000 * BYTES_PER_NIK < dc_office.PACKAGE_BUDGET_BYTES
    assert dc_office.PACKAGE_BUDGET_BYTES <= office_package.MAX_PACKAGE_BYTES // 2
    # Over the budget: a smaller budget stands in for two million recorded NIKs.
    monkeypatch.setattr(dc_office, "PACKAGE_BUDGET_BYTES", full - 1)
    with pytest.raises(InvalidInput) as refused:
        office.sealed_package(DEVICE, keys)
    assert refused.value.code == "datacenter_package_too_large"
    assert refused.value.params["recorded"] == str(len(niks))
    assert str(len(niks)) in refused.value.message


def test_a_value_stored_before_these_checks_stops_the_build_in_the_laptop_s_words(
    office: Office, tmp_path: Path
) -> None:
    """Rules stored by an older data center are caught when the package is built."""
    keys = DataCenterKeys(tmp_path / "keys")
    _laptop_key(office)
    office.set_office(OFFICE)
    with office.store.writing() as conn:
        conn.execute(office_settings.update().values(rules=json.dumps({"freeze_days": 5000})))
    with pytest.raises(InvalidInput) as refused:
        office.sealed_package(DEVICE, keys)
    assert refused.value.message == laptop_words("rules.freeze_days")


def test_two_rule_changes_at_once_keep_the_package_readable(office: Office) -> None:
    """One change in range, one out: the first is stored, the second refused, both at once."""
    office.set_office(OFFICE)
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def change(name: str, days: int) -> None:
        start.wait()
        try:
            outcomes[name] = office.set_rules(freeze_days=days)["freeze_days"]
        except InvalidInput as refused:
            outcomes[name] = refused.message

    threads = [
        threading.Thread(target=change, args=("good", 30)),
        threading.Thread(target=change, args=("bad", 5000)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == {"good": 30, "bad": laptop_words("rules.freeze_days")}
    assert office.settings()["rules"]["freeze_days"] == 30


def test_the_console_refuses_what_the_laptop_would_refuse_at_the_field(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    """The rules and version forms: the laptop's sentence (Indonesian) at the field."""
    server = started(start_datacenter, siti="admin")
    with server.client() as client:
        assert log_in(client, "siti").status_code == REDIRECT
        page = client.get("/petugas/aturan")
        for fields, name, field in (
            ({"freeze_days": "5000"}, "freeze_days", "rules.freeze_days"),
            ({"freeze_max_waiting": "1000001"}, "freeze_max_waiting", "rules.freeze_max_waiting"),
        ):
            refused = client.post("/petugas/aturan", data=_rules_form(page) | fields)
            assert refused.status_code == BAD, fields
            said = html.unescape(_field_error(refused.text, name))
            assert said == catalogue.text("id", "package_malformed", {"field": field}, "errors")
            assert field in said
        version_page = client.get("/petugas/versi")
        refused = client.post(
            "/petugas/versi", data={"csrf": csrf_of(version_page), "min_version": "1.2.3.4.5"}
        )
        assert refused.status_code == BAD
        said = html.unescape(_field_error(refused.text, "min_version"))
        assert said == catalogue.text(
            "id", "package_malformed", {"field": "release.min_version"}, "errors"
        )
        assert dc_cli(server, "rules", "show", "--json").stdout.strip().startswith('{"rules": null')
