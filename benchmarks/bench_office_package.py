"""The office package at an office's scale, against the push's own time in the same run.

    .venv/bin/python benchmarks/bench_office_package.py [--officers 200] [--visits 50]
        [--targets 100] [--records 20] [--kib 256] [--rounds 3]

The package holds 200 officers (each with a first-login hash), 50 visits of 100 targets
each and the whole region table (7,838 names).  Figures, each the median of ``--rounds``:

* size: the sealed package's bytes (what a push downloads, what a stick carries);
* make: the data center building it for one laptop (``Office.sealed_package``: the
  settings read, the 5,000 targets opened from their seal, the document signed and sealed),
  in process on the running service's database;
* apply: the laptop opening, checking and applying it whole (``sync.client.office.
  apply_sealed``), each round on a laptop that has not seen it yet;
* the baseline: one ``SyncClient.push`` of ``--records`` records of ``--kib`` KiB over
  loopback to the same data center before the office sets anything, so it holds the
  health report and the question for a package (answered 204): the push's own time.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_sync import start_datacenter  # the service on a free port, as bench_sync starts it

from fieldkit.officers import Role
from fieldkit.paths import assets_dir
from fieldkit.records import outbox
from fieldkit.store.keyring import TEST_KDF
from fieldkit.workspace import Workspace
from sync.client import config
from sync.client.client import SyncClient
from sync.client.enroll import enroll_laptop
from sync.client.office import apply_sealed, report_health
from sync.client.transport import Transport, pinned_context
from sync.server.accounts.roles import Actor
from sync.server.keys import DataCenterKeys
from sync.server.office.steering import Office
from sync.server.store.database import SqlStore, sqlite_url

OFFICE = "3315"
KECAMATAN = "331501"


def _run(data: Path, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own service, fixed argv
        [sys.executable, "-m", "sync.server.cli", *args, "--data", str(data)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def new_laptop(home: Path, url: str, data: Path, fingerprint: str) -> Workspace:
    ws = Workspace.init(
        home,
        office_code=OFFICE,
        username="admin",
        full_name="Bench",
        role=Role.ADMIN,
        password="kata-sandi-bench",  # noqa: S106 - a throwaway store
        kdf=TEST_KDF,
    )
    code = json.loads(_run(data, "codes", "new", "--json"))["code"]
    enroll_laptop(ws, url, code, ca_fingerprint_expected=fingerprint)
    return ws


def fill_the_office(
    office: Office, keys: DataCenterKeys, args: argparse.Namespace, tmp: Path
) -> None:
    office.set_office(OFFICE)
    for n in range(args.officers):
        office.add_officer(
            f"petugas{n:03d}", role="petugas", full_name=f"Petugas Uji {n}", by=Actor.shell()
        )
    office.set_rules(thresholds={"face": 61.0}, max_attempts=5)
    regions = tmp / "regions.csv"
    with (assets_dir() / "regions" / "wilayah.csv").open(encoding="utf-8") as source:
        rows = [(r["code"], r["name"]) for r in csv.DictReader(source) if len(r["code"]) >= 4]
    with regions.open("w", encoding="utf-8", newline="") as sink:
        csv.writer(sink).writerows([("code", "name"), *rows])
    office.import_regions(regions)
    request, _ = office.add_request(
        number="470/1/2026",
        letter_date="2026-11-20",
        requester_type="desa",
        requester_name="Desa Uji",
        region_code=KECAMATAN,
    )
    for v in range(args.visits):
        visit, _ = office.add_visit(
            request_id=request,
            visit_date="2026-12-01",
            start_time="08:30",
            place_type="kantor_desa",
            desa_name=f"Desa {v}",
            kecamatan_code=KECAMATAN,
            terrain="mudah",
            team=[f"petugas{v % args.officers:03d}:petugas"],
        )
        targets = tmp / f"targets-{v}.csv"
        lines = ["NIK,Nama,Tanggal Lahir,Jenis Kelamin,Kategori"]
        lines += [
            f"{KECAMATAN}1203{41 + (v % 50):02d}{t + 1:04d},Warga {v}-{t},1941-03-12,L,lansia"
            for t in range(args.targets)
        ]
        targets.write_text("\n".join(lines) + "\n", encoding="utf-8")
        read = office.import_targets(visit, targets, keys)
        if read.errors:
            raise SystemExit(f"targets of visit {v} refused: {read.errors[:3]}")


def push_records(ws: Workspace, count: int, kib: int) -> float:
    with ws.transaction() as session:
        for _ in range(count):
            record_id = str(uuid.uuid4())
            body = json.dumps({"record_id": record_id, "blob": os.urandom(kib * 512).hex()})
            outbox.seal_record(session, record_id, body.encode())
    started = time.perf_counter()
    summary = SyncClient(ws).push()
    elapsed = time.perf_counter() - started
    if summary.error is not None or summary.accepted != count:
        raise SystemExit(f"push failed: {summary.as_json()}")
    return elapsed


def settings_of(ws: Workspace) -> config.SyncConfig:
    with ws.transaction() as session:
        settings = config.load(session)
    assert settings is not None
    return settings


def report_key(ws: Workspace, url: str) -> None:
    """The laptop's health report alone: the data center learns its package key."""
    settings = settings_of(ws)
    with ws.transaction() as session:
        key = outbox.device_key(session)
    transport = Transport(
        url, pinned_context(settings.ca_pem), device_id=settings.device_id, device_key=key
    )
    try:
        report_health(ws, transport)
    finally:
        transport.close()


def one_push(args: argparse.Namespace, site: tuple[Path, str, Path, str]) -> float:
    """The baseline: one laptop's push of its records, before the office has set anything."""
    home, url, data, fingerprint = site
    pusher = new_laptop(home / "pusher", url, data, fingerprint)
    try:
        return push_records(pusher, args.records, args.kib)
    finally:
        pusher.close()


def one_round(
    office: Office, keys: DataCenterKeys, site: tuple[Path, str, Path, str]
) -> tuple[float, float, int]:
    """(make, apply, size): the data center makes a laptop's package, the laptop applies it."""
    home, url, data, fingerprint = site
    fresh = new_laptop(home / "fresh", url, data, fingerprint)
    report_key(fresh, url)
    settings = settings_of(fresh)
    started = time.perf_counter()
    sealed = office.sealed_package(settings.device_id, keys)
    make = time.perf_counter() - started
    assert sealed is not None
    blob = json.dumps(sealed).encode()
    started = time.perf_counter()
    result = apply_sealed(fresh, settings, blob)
    apply = time.perf_counter() - started
    assert result.applied is not None, result.as_json()
    fresh.close()
    return make, apply, len(blob)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--officers", type=int, default=200)
    parser.add_argument("--visits", type=int, default=50)
    parser.add_argument("--targets", type=int, default=100)
    parser.add_argument("--records", type=int, default=20)
    parser.add_argument("--kib", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        data = tmp / "dc"
        proc, url, fingerprint = start_datacenter(data)
        try:
            keys = DataCenterKeys(data / "keys", None)
            office = Office(SqlStore(sqlite_url(data)))
            pushes = [
                one_push(args, (tmp / f"push-{n}", url, data, fingerprint))
                for n in range(args.rounds)
            ]
            filled = time.perf_counter()
            fill_the_office(office, keys, args, tmp)
            filled = time.perf_counter() - filled
            rounds = [
                one_round(office, keys, (tmp / f"round-{n}", url, data, fingerprint))
                for n in range(args.rounds)
            ]
            office.store.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)
    makes, applies, sizes = (list(column) for column in zip(*rounds, strict=True))

    def med(values: list[float]) -> str:
        return f"{statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f})"

    log = sys.stdout.write
    log(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"load {os.getloadavg()[0]:.2f}, Python {platform.python_version()}\n"
    )
    log(
        f"office filled through its API in {filled:.1f} s: {args.officers} officers, "
        f"{args.visits} visits x {args.targets} targets, the region table\n"
    )
    log(f"package size: {statistics.median(sizes) / 1e6:.2f} MB sealed\n")
    log(f"make at the data center: {med(makes)}\n")
    log(f"apply on the laptop:     {med(applies)}\n")
    log(f"baseline, one push of {args.records} x {args.kib} KiB records: {med(pushes)}\n")


if __name__ == "__main__":
    main()
