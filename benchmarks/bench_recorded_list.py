"""The already-recorded list at a district's and a regency's scale, against format 1.

    .venv/bin/python benchmarks/bench_recorded_list.py [--sizes 100000 1000000] [--lookups 2000]

For each size, synthetic NIKs of one regency are put in the data center's
``recorded_niks`` (SQLite, in a temporary folder), as accepted records leave them.
Figures per size, all in this run:

* baseline: the package with format 1's list (a full HMAC in hex and a date per NIK),
  signed and sealed as before issue 46: its bytes and the time to build it;
* format 2: ``Office.sealed_package`` (the list read from the store, packed, the whole
  document checked by the laptop's reader, signed, sealed, the budget checked): its
  bytes, bytes per NIK, and time;
* the laptop: opening and reading the sealed package (``open_package`` and
  ``OfficePackage.from_document``), applying it to a real encrypted store
  (``apply_package``), and one lookup before a recording (``office.already_recorded``),
  median over ``--lookups`` NIKs, half listed and half not; every listed one must be
  found (no false negatives) and the unlisted hits are counted (false positives).
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import logging
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives.asymmetric import x25519

from fieldkit import office as laptop_office
from fieldkit import recorded_list as recorded
from fieldkit.office.package import OfficePackage
from fieldkit.officers import Role
from fieldkit.safejson import canonical_json
from fieldkit.store.keyring import TEST_KDF
from fieldkit.workspace import Workspace
from sync.office_package import open_package, seal_package, sign_package
from sync.server.keys import DataCenterKeys
from sync.server.office.recorded import nik_mac, recorded_key
from sync.server.office.steering import PACKAGE_BUDGET_BYTES, Office
from sync.server.store.database import SqlStore, sqlite_url
from sync.server.store.tables import recorded_niks

OFFICE = "3315"
DEVICE = "dev-bench-recorded"
MIB = 1024 * 1024


def synthetic_niks(count: int, seed: int) -> list[str]:
    """``count`` distinct well-formed NIKs of regency 3315 (districts 01-20)."""
    rng = random.Random(seed)  # noqa: S311 - synthetic NIKs, repeatable
    out: set[str] = set()
    while len(out) < count:
        day = rng.randint(1, 28) + rng.choice((0, 40))
        out.add(
            f"{OFFICE}{rng.randint(1, 20):02d}{day:02d}{rng.randint(1, 12):02d}"
            f"{rng.randint(30, 99):02d}{rng.randint(1, 9999):04d}"
        )
    return list(out)


def fill(office: Office, key: bytes, niks: list[str]) -> None:
    start = dt.date(2026, 1, 1)
    with office.store.writing() as conn:
        for at in range(0, len(niks), 50_000):
            conn.execute(
                recorded_niks.insert(),
                [
                    {
                        "mac": nik_mac(key, nik),
                        "recorded_on": (start + dt.timedelta(days=i % 300)).isoformat(),
                    }
                    for i, nik in enumerate(niks[at : at + 50_000], start=at)
                ],
            )


def format_1(office: Office, keys: DataCenterKeys, public: bytes) -> tuple[int, float]:
    """The baseline: the same document with format 1's list, signed and sealed."""
    started = time.perf_counter()
    document = office.document(DEVICE, keys)
    assert document is not None
    document["format_version"] = 1
    document["recorded"] = {"key": document["recorded"]["key"], "entries": office.recorded()}
    sealed = seal_package(document, sign_package(document, keys.receipt_key), public)
    size = len(canonical_json(sealed))
    return size, time.perf_counter() - started


def laptop(
    home: Path, sealed: bytes, keys: DataCenterKeys, private: x25519.X25519PrivateKey
) -> tuple[float, float, Workspace]:
    """(read, apply) seconds on a fresh laptop store; the store, to look up in."""
    ws = Workspace.init(
        home,
        office_code=OFFICE,
        username="admin",
        full_name="Bench",
        role=Role.ADMIN,
        password="kata-sandi-bench",  # noqa: S106 - a throwaway store
        kdf=TEST_KDF,
    )
    started = time.perf_counter()
    document = open_package(
        sealed,
        package_private_key=private,
        receipt_public_key=keys.receipt_key.public_key().public_bytes_raw(),
        office_code=OFFICE,
        device_id=DEVICE,
    )
    package = OfficePackage.from_document(document)
    read = time.perf_counter() - started
    started = time.perf_counter()
    laptop_office.apply_package(ws, package)
    return read, time.perf_counter() - started, ws


def lookups(ws: Workspace, listed: list[str], unlisted: list[str]) -> tuple[float, int, int]:
    """(median seconds per lookup, listed NIKs missed, unlisted NIKs hit)."""
    times = []
    missed = hits = 0
    with ws.transaction() as session:
        for nik, expected in [(n, True) for n in listed] + [(n, False) for n in unlisted]:
            started = time.perf_counter()
            found = laptop_office.already_recorded(session, nik)
            times.append(time.perf_counter() - started)
            missed += expected and found is None
            hits += (not expected) and found is not None
    return statistics.median(times), missed, hits


def one_size(count: int, lookups_n: int, tmp: Path) -> dict[str, Any]:
    store = SqlStore(sqlite_url(tmp))
    office = Office(store)
    keys = DataCenterKeys(tmp / "keys")
    private = x25519.X25519PrivateKey.generate()
    public = private.public_key().public_bytes_raw()
    office.store_health(DEVICE, {"package_key": base64.b64encode(public).decode()}, via="bench")
    office.set_office(OFFICE)
    niks = synthetic_niks(count + lookups_n // 2, seed=count)
    listed, unlisted = niks[:count], niks[count:]
    started = time.perf_counter()
    fill(office, recorded_key(keys), listed)
    fill_s = time.perf_counter() - started
    base_size, base_s = format_1(office, keys, public)
    started = time.perf_counter()
    sealed = office.sealed_package(DEVICE, keys)
    build_s = time.perf_counter() - started
    assert sealed is not None
    blob = canonical_json(sealed)
    read_s, apply_s, ws = laptop(tmp / "laptop", blob, keys, private)
    sample = random.Random(7).sample(listed, lookups_n // 2)  # noqa: S311 - a sample
    lookup_s, missed, hits = lookups(ws, sample, unlisted)
    ws.close()
    store.close()
    return {
        "niks": count,
        "fill_s": fill_s,
        "format1_bytes": base_size,
        "format1_s": base_s,
        "format2_bytes": len(blob),
        "bytes_per_nik": len(blob) / count,
        "build_s": build_s,
        "read_s": read_s,
        "apply_s": apply_s,
        "lookup_ms": lookup_s * 1000,
        "missed": missed,
        "false_hits": hits,
        "unlisted_looked_up": len(unlisted),
        "expected_fp_rate": recorded.false_positive_rate(count),
        "under_budget": len(blob) <= PACKAGE_BUDGET_BYTES,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--lookups", type=int, default=2000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    print(f"machine: {platform.machine()} {platform.system()}, {os.cpu_count()} cores")
    print(f"load before: {os.getloadavg()}")
    for count in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            row = one_size(count, args.lookups, Path(folder))
        print(
            f"{row['niks']:>9,} NIKs | format 1 (baseline): {row['format1_bytes'] / MIB:7.1f} MiB "
            f"in {row['format1_s']:5.1f} s | format 2: {row['format2_bytes'] / MIB:6.2f} MiB "
            f"({row['bytes_per_nik']:.1f} B/NIK) built in {row['build_s']:5.2f} s | laptop: "
            f"read {row['read_s']:5.2f} s, apply {row['apply_s']:5.1f} s, lookup "
            f"{row['lookup_ms']:.3f} ms | missed {row['missed']}, false hits "
            f"{row['false_hits']}/{row['unlisted_looked_up']} (expected rate "
            f"{row['expected_fp_rate']:.1e}) | under budget: {row['under_budget']}"
        )
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
