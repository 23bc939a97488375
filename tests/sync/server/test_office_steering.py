"""The office steers its laptops (issue 38): settings by the real CLI, the package and
the health report over the real HTTPS server, on SQLite and PostgreSQL.

Each test starts its own data center (the office's settings are one per data center).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric import x25519

from fieldkit import recorded_list
from fieldkit.safejson import canonical_json
from sync.office_package import PackageRefused, open_package
from sync.server.office.codes import hash_first_login_code
from sync.server.store.stamps import ZONE_INFO, OfficeZone
from tests.sync.server.dcsupport import DataCenterProcess, Laptop, dc_cli, new_code

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

NIK = "3315014107900001"


def _cli(dc: DataCenterProcess, *args: str) -> Any:
    done = dc_cli(dc, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _refused(dc: DataCenterProcess, *args: str) -> str:
    done = dc_cli(dc, *args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "\nerror: " in "\n" + done.stderr
    return done.stderr.split("error: ", 1)[1]


def _version(dc: DataCenterProcess) -> int:
    version: int = _cli(dc, "office", "show")["version"]
    return version


def _health(private: x25519.X25519PrivateKey, /, **overrides: Any) -> dict[str, Any]:
    health: dict[str, Any] = {
        "version": 1,
        "reported_at": "2026-11-25T08:00:00+00:00",
        "hostname": "laptop-tim-1",
        "fieldkit_version": "0.9.0",
        "package_key": base64.b64encode(private.public_key().public_bytes_raw()).decode(),
        "package_version": 0,
        "last_sync_at": None,
        "unsent_records": 4,
        "oldest_unsent_at": "2026-01-01T00:00:00+00:00",
        "free_disk_bytes": 51234567890,
        "devices": [{"kind": "fingerprint", "backend": "sim", "ok": False, "tested_at": None}],
        "audit": {"ok": True, "events": 812},
        "frozen": False,
        "freeze_reasons": [],
    }
    health.update(overrides)
    return health


def _post_health(laptop: Laptop, body: bytes) -> Any:
    return laptop.signed(
        "POST", "/v1/laptop/health", body, headers={"content-type": "application/json"}
    )


def _enrolled(dc: DataCenterProcess, client: Any) -> tuple[Laptop, x25519.X25519PrivateKey]:
    laptop = Laptop(client)
    laptop.enroll(new_code(dc))
    key = x25519.X25519PrivateKey.generate()
    answer = _post_health(laptop, canonical_json(_health(key)))
    assert answer.status_code == 200, answer.text
    assert answer.json()["stored"] is True
    return laptop, key


def _package(laptop: Laptop, key: x25519.X25519PrivateKey) -> dict[str, Any]:
    answer = laptop.signed("GET", "/v1/office/package")
    assert answer.status_code == 200, answer.text
    return open_package(
        answer.content,
        package_private_key=key,
        receipt_public_key=laptop.receipt_key,
        office_code="3273",
        device_id=laptop.device_id,
    )


def test_no_package_until_the_office_code_is_set(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    dc = start_datacenter()
    with dc.client() as client:
        laptop = Laptop(client)
        laptop.enroll(new_code(dc))
        assert laptop.signed("GET", "/v1/office/package").status_code == 204  # no key either
        key = x25519.X25519PrivateKey.generate()
        assert _post_health(laptop, canonical_json(_health(key))).status_code == 200
        assert laptop.signed("GET", "/v1/office/package").status_code == 204
        shown = _cli(dc, "package", "show", laptop.device_id)
        assert shown == {"package": None}
        assert "No office code" in _refused(dc, "package", "export", str(dc.data / "stick"))
        assert _cli(dc, "office", "set", "3273", "--name", "Kota Bandung") == {"version": 1}
        document = _package(laptop, key)
    assert document["version"] == 1
    assert document["officers"] == []
    assert document["rules"] is None
    assert document["plan"] == {"requests": [], "visits": [], "targets": []}
    assert document["release"] == {"min_version": None, "offered_version": None}
    assert len(base64.b64decode(document["recorded"]["key"])) == 32


def test_unsigned_and_invalid_health_refused(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    dc = start_datacenter()
    key = x25519.X25519PrivateKey.generate()
    with dc.client() as client:
        laptop = Laptop(client)
        laptop.enroll(new_code(dc))
        body = canonical_json(_health(key))
        assert client.post("/v1/laptop/health", content=body).status_code == 401
        assert client.get("/v1/office/package").status_code == 401
        for bad in (
            _health(key, package_key=base64.b64encode(b"x" * 31).decode()),
            _health(key, unsent_records=-1),
            _health(key, hostname="h" * 201),
            [],
        ):
            answer = _post_health(laptop, canonical_json(bad))
            assert answer.status_code == 400, answer.text
            assert answer.json()["reason"] == "invalid_request"
        assert _post_health(laptop, b"{not json").status_code == 400
        assert _post_health(laptop, b" " * 70_000).status_code == 413  # over 64 KiB
        assert laptop.signed("GET", "/v1/office/package").status_code == 204
    rows = _cli(dc, "laptops", "list")
    assert [r["hostname"] for r in rows] == [None]  # no health kept; enrolled as "host"
    assert rows[0]["package_version"] is None
    assert "never_reported" in rows[0]["flags"]
    assert "not_seen" not in rows[0]["flags"], "enrolled just now: not 'not seen for 7 days'"


def test_officers_rules_regions_and_a_package(  # noqa: PLR0915 - one package, all of it
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    dc = start_datacenter()
    assert _cli(dc, "office", "set", "3273")["version"] == 1
    added = _cli(
        dc,
        "officers",
        "add",
        "sari",
        "--role",
        "petugas",
        "--name",
        "Sari Wulandari",
        "--nip",
        "198703122010012003",
        "--rank",
        "Penata Muda, III/a",
    )
    assert added["version"] == 2
    first_code = added["code"]
    renewed = _cli(dc, "officers", "code", "sari")
    assert renewed["version"] == 3
    code = renewed["code"]
    assert code != first_code
    text = dc_cli(dc, "officers", "add", "budi", "--role", "ketua_tim", "--name", "Budi")
    assert text.returncode == 0, text.stderr
    assert "First-login code" in text.stdout
    assert _cli(dc, "officers", "disable", "budi")["state"] == "disabled"
    assert "disabled" in _refused(dc, "officers", "code", "budi")
    listed = {o["username"]: o for o in _cli(dc, "officers", "list")}
    assert listed["sari"]["waiting_first_login"] is True
    assert listed["sari"]["nip"] == "198703122010012003"
    assert listed["budi"]["state"] == "disabled"
    assert listed["budi"]["waiting_first_login"] is False
    letterhead = tmp_path / "letterhead.json"
    letterhead.write_text(json.dumps({"address": "Jl. Merdeka 1", "head_name": "Kepala"}))
    rules = _cli(
        dc,
        "rules",
        "set",
        "--threshold",
        "face=61",
        "--attempts",
        "5",
        "--freeze-days",
        "7",
        "--idle-lock-minutes",
        "5",
        "--letterhead",
        str(letterhead),
        "--number-pattern",
        "470/{seq}/{roman_month}/{year}",
        "--cosign-on-spot",
        "on",
        "--autocapture",
        "off",
        "--steady-s",
        "0,8",
    )["rules"]
    _cli(dc, "rules", "set", "--threshold", "iris=70")
    regions = tmp_path / "regions.csv"
    regions.write_text("code,name\n32.73.01,Sukasari\n327302,Coblong\n", encoding="utf-8")
    assert _cli(dc, "regions", "import", str(regions))["regions"] == 2
    assert _cli(dc, "release", "set", "--min-version", "0.9.0")["version"] == _version(dc)
    with dc.client() as client:
        laptop, key = _enrolled(dc, client)
        document = _package(laptop, key)
    assert document["version"] == _version(dc) == 9
    officers = {o["username"]: o for o in document["officers"]}
    assert officers["budi"]["state"] == "disabled"
    login = officers["sari"]["first_login"]
    assert (login["kdf"], login["memory_kib"], login["iterations"], login["lanes"]) == (
        "argon2id",
        65536,
        3,
        4,
    )
    salt = base64.b64decode(login["salt"])
    assert base64.b64decode(login["hash"]) == hash_first_login_code(code, salt)
    assert base64.b64decode(login["hash"]) == hash_first_login_code(code.lower(), salt)
    assert base64.b64decode(login["hash"]) != hash_first_login_code(first_code, salt)
    assert document["rules"]["thresholds"] == {"face": 61.0, "iris": 70.0}
    assert rules["letterhead"]["address"] == "Jl. Merdeka 1"
    assert document["rules"]["idle_lock_minutes"] == 5
    assert document["rules"]["freeze_max_waiting"] is None
    assert document["rules"]["cosign_on_spot"] is True
    assert (document["rules"]["autocapture"], document["rules"]["autocapture_steady_s"]) == (
        False,
        0.8,
    )
    assert document["regions"] == [
        {"code": "327301", "name": "Sukasari"},
        {"code": "327302", "name": "Coblong"},
    ]
    assert document["release"]["min_version"] == "0.9.0"
    # The code itself is nowhere at the data center, only its hash.
    engine = sa.create_engine(dc.database_url)
    with engine.connect() as conn:
        kept = conn.execute(sa.text("SELECT first_login FROM office_officers")).scalars().all()
    engine.dispose()
    assert all(code not in (k or "") for k in kept)
    rows = {r["device_id"]: r for r in _cli(dc, "laptops", "list")}
    row = rows[laptop.device_id]
    assert row["hostname"] == "laptop-tim-1"
    assert row["behind"] is True
    assert row["devices_failed"] == ["fingerprint"]
    assert set(row["flags"]) == {"old_records", "behind"}
    table = dc_cli(dc, "laptops", "list")
    assert "laptop-tim-1" in table.stdout
    assert "failed:fingerprint" in table.stdout


def test_an_officer_disabled_then_enabled_again_gets_a_new_code(
    start_datacenter: Callable[..., DataCenterProcess],
) -> None:
    dc = start_datacenter()
    _cli(dc, "office", "set", "3273")
    first = _cli(dc, "officers", "add", "budi", "--role", "petugas", "--name", "Budi")["code"]
    assert "not disabled" in _refused(dc, "officers", "enable", "budi")
    _cli(dc, "officers", "disable", "budi")
    before = _version(dc)
    enabled = _cli(dc, "officers", "enable", "budi")
    assert enabled["version"] == before + 1 == _version(dc)
    assert enabled["code"] != first
    budi = {o["username"]: o for o in _cli(dc, "officers", "list")}["budi"]
    assert (budi["state"], budi["waiting_first_login"]) == ("active", True)
    assert "nobody" in _refused(dc, "officers", "enable", "nobody")


def test_refusals_change_nothing(start_datacenter: Callable[..., DataCenterProcess]) -> None:
    dc = start_datacenter()
    _cli(dc, "office", "set", "3273")
    _cli(dc, "officers", "add", "sari", "--role", "petugas", "--name", "Sari")
    before = _version(dc)
    for args, words in (
        (("office", "set", "12"), "4"),
        (("office", "set", "9999"), "9999"),
        (("officers", "add", "Bad Name!", "--role", "petugas", "--name", "X"), ""),
        (("officers", "add", "tono", "--role", "kepala", "--name", "Tono"), "kepala"),
        (("officers", "add", "tono", "--role", "petugas", "--name", "T", "--nip", "123"), ""),
        (("officers", "add", "sari", "--role", "petugas", "--name", "Sari"), "already"),
        (("officers", "disable", "nobody"), "nobody"),
        (("rules", "set", "--threshold", "face=101"), "face"),
        (("rules", "set", "--threshold", "smell=50"), "smell"),
        (("rules", "set", "--attempts", "11"), ""),
        (("rules", "set", "--idle-lock-minutes", "0"), ""),
        (("rules", "set", "--freeze-days", "0"), ""),
        (("rules", "set", "--number-pattern", "no sequence"), ""),
        (("rules", "set", "--steady-s", "9"), "between 0.2 and 5 seconds"),
        (("rules", "set", "--steady-s", "lama", "--autocapture", "off"), "0.2 and 5"),
        (
            (
                "rules",
                "set",
            ),
            "No rule",
        ),
        (("release", "set", "--min-version", "latest"), "latest"),
        (
            (
                "plan",
                "visit",
                "add",
                "--request",
                "nope",
                "--date",
                "2026-12-01",
                "--time",
                "08:00",
                "--place-type",
                "rumah",
                "--desa-name",
                "Sukasari",
                "--kecamatan-code",
                "327301",
                "--terrain",
                "mudah",
                "--team",
                "sari:petugas",
            ),
            "nope",
        ),
        (
            (
                "plan",
                "request",
                "add",
                "--number",
                "1",
                "--date",
                "2026-13-01",
                "--requester-type",
                "desa",
                "--requester-name",
                "Desa",
                "--region",
                "3273",
            ),
            "date",
        ),
    ):
        stderr = _refused(dc, *args)
        assert words in stderr
    assert _version(dc) == before


def test_plan_targets_sealed_and_per_laptop(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    dc = start_datacenter()
    _cli(dc, "office", "set", "3273")
    _cli(dc, "officers", "add", "sari", "--role", "petugas", "--name", "Sari")
    _cli(dc, "officers", "add", "budi", "--role", "ketua_tim", "--name", "Budi")
    request = _cli(
        dc,
        "plan",
        "request",
        "add",
        "--number",
        "470/12/2026",
        "--date",
        "2026-11-20",
        "--requester-type",
        "desa",
        "--requester-name",
        "Desa Sukasari",
        "--region",
        "327301",
    )["id"]
    with dc.client() as client:
        first, first_key = _enrolled(dc, client)
        second, second_key = _enrolled(dc, client)
        visit_args = (
            "plan",
            "visit",
            "add",
            "--request",
            request,
            "--date",
            "2026-12-01",
            "--time",
            "08.30",
            "--place-type",
            "kantor_desa",
            "--desa-name",
            "Sukasari",
            "--kecamatan-code",
            "327301",
            "--terrain",
            "mudah",
            "--team",
            "sari:petugas",
            "--team",
            "budi:ketua_tim",
        )
        everyone = _cli(dc, *visit_args)["id"]
        only_first = _cli(dc, *visit_args, "--laptop", first.device_id)["id"]
        assert len(everyone) == 36
        targets = tmp_path / "targets.csv"
        targets.write_text(
            "NIK,Nama,Tanggal Lahir,Jenis Kelamin,Kategori\n"
            f"{NIK},Siti Aminah,1990-07-01,P,lansia\n",
            encoding="utf-8",
        )
        imported = _cli(dc, "plan", "targets", "import", only_first, str(targets))
        assert imported["imported"] == 1
        bad = tmp_path / "bad.csv"
        bad.write_text("NIK,Nama\n12345,Orang\n", encoding="utf-8")
        refused = dc_cli(dc, "plan", "targets", "import", everyone, str(bad), "--json")
        assert refused.returncode == 2
        assert json.loads(refused.stdout)["errors"][0]["row"] == 2
        listed = _cli(dc, "plan", "list")
        counts = {v["id"]: v["targets"] for v in listed["visits"]}
        assert counts == {everyone: 0, only_first: 1}
        mine = _package(first, first_key)
        other = _package(second, second_key)
    assert [r["id"] for r in mine["plan"]["requests"]] == [request]
    assert {v["id"] for v in mine["plan"]["visits"]} == {everyone, only_first}
    assert {v["id"] for v in other["plan"]["visits"]} == {everyone}
    visit = next(v for v in mine["plan"]["visits"] if v["id"] == only_first)
    assert visit["start_time"] == "08:30"
    assert visit["team"] == [
        {"username": "sari", "team_role": "petugas"},
        {"username": "budi", "team_role": "ketua_tim"},
    ]
    [target] = mine["plan"]["targets"]
    assert (target["nik"], target["name"], target["sex"]) == (NIK, "Siti Aminah", "P")
    assert target["categories"] == ["lansia"]
    assert other["plan"]["targets"] == []
    shown = _cli(dc, "package", "show", first.device_id)
    assert (shown["visits"], shown["targets"]) == (2, 1)
    assert NIK not in json.dumps(shown)
    # The target list is sealed at rest: neither the NIK nor the name is in the database.
    engine = sa.create_engine(dc.database_url)
    with engine.connect() as conn:
        kept = conn.execute(sa.text("SELECT sealed FROM plan_targets")).scalars().all()
    engine.dispose()
    assert kept
    assert all(NIK not in k and "Siti" not in k for k in kept)


def test_recorded_niks_and_the_stick(
    start_datacenter: Callable[..., DataCenterProcess], tmp_path: Path
) -> None:
    dc = start_datacenter()
    _cli(dc, "office", "set", "3273")
    with dc.client() as client:
        laptop, key = _enrolled(dc, client)
        quiet = Laptop(client)
        quiet.enroll(new_code(dc))
        [receipt] = laptop.sync(laptop.seal())
        assert receipt.state == "ACCEPTED"
        document = _package(laptop, key)
    recorded_key = base64.b64decode(document["recorded"]["key"])
    mac = hmac.new(recorded_key, NIK.encode(), hashlib.sha256).digest()
    # Format 2 (issue 46): the first 6 bytes of the MAC and the day, packed.
    packed = base64.b64decode(document["recorded"]["entries"])
    assert document["recorded"]["count"] == 1
    # Its day is the office's (Bandung: WIB), not the UTC stamp's own date.
    arrived = dt.datetime.fromisoformat(receipt.received_at).astimezone(ZONE_INFO[OfficeZone.WIB])
    assert recorded_list.lookup(packed, mac[: recorded_list.DIGEST_BYTES]) == arrived.date()
    key_file = dc.data / "keys" / "recorded.key"
    assert key_file.stat().st_mode & 0o077 == 0
    assert recorded_key not in key_file.read_bytes()
    stick = tmp_path / "stick"
    rows = {r["device_id"]: r for r in _cli(dc, "package", "export", str(stick))}
    assert rows[quiet.device_id]["path"] is None
    written = stick / laptop.device_id / "office-package.json"
    assert rows[laptop.device_id]["path"] == str(written)
    opened = open_package(
        written.read_bytes(),
        package_private_key=key,
        receipt_public_key=laptop.receipt_key,
        office_code="3273",
        device_id=laptop.device_id,
    )
    assert opened["recorded"]["entries"] == document["recorded"]["entries"]
    with pytest.raises(PackageRefused) as refused:
        open_package(
            written.read_bytes(),
            package_private_key=key,
            receipt_public_key=laptop.receipt_key,
            office_code="3273",
            device_id=quiet.device_id,
        )
    assert refused.value.code == "package_other_laptop"
