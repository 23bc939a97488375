"""An office's data center filled straight through SQL: laptops, reports, officers, records.

The console's Beranda, Laptop, Petugas and Versi pages read these tables; the tests
compare what the pages count with a recount in Python, and ``bench_console_pages``
times the pages at 100,000 and 1,000,000 records.  Rows are written with plain bulk
INSERTs (no service, no sealing, no Argon2), so a million records take seconds, not
hours.  Everything is drawn from ``random.Random(seed)``: the same seed, the same office.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fieldkit.records.demo import DEMO_KID
from sync.protocol import RecordState
from sync.server.store.tables import (
    audit_findings,
    devices,
    laptop_health,
    office_officers,
    office_settings,
    records,
)

if TYPE_CHECKING:
    from sync.server.store.database import SqlStore

#: The data center's own key id, as a real record's ``kid`` names it.
REAL_KID = "dc-2026-1"
VERSIONS = ("0.8.2", "0.9.0", "0.9.1", "1.0.0", "1.0.1")
#: Records in each INSERT: big enough to be quick, small enough for PostgreSQL's 65,535
#: parameters (twelve columns a row).
BATCH = 5000
#: Most records wait at ACCEPTED; the rest have moved on, or never got there.
_STATES = (
    [RecordState.ACCEPTED] * 6
    + [RecordState.DEDUPLICATED] * 2
    + [RecordState.PRINTED, RecordState.READY_FOR_HANDOVER, RecordState.RECAPTURE]
    + [RecordState.REJECTED, RecordState.RECEIVED]
    + [RecordState.DUPLICATE_RECORD, RecordState.DUPLICATE_CLOSED]
    + [RecordState.PRINT_READY_RECORD, RecordState.ENROLL_FAILURE]
)
#: The reason a state is stored with, where the data center gives one.
_REASONS = {
    RecordState.REJECTED: "duplicate_nik",
    RecordState.DUPLICATE_RECORD: "duplicate_candidates",
    RecordState.DUPLICATE_CLOSED: "adjudicated",
    RecordState.ENROLL_FAILURE: "images_unsearchable",
}


def stamp(when: dt.datetime) -> str:
    """As ``service.iso`` writes a time: fixed-width UTC text."""
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Office:
    """What was written: the laptops' ids, in enrollment order, and the count of records."""

    laptops: list[str]
    records: int


def _device_id(n: int) -> str:
    return hashlib.sha256(f"laptop {n}".encode()).hexdigest()[:32]


def _report(rng: random.Random, n: int, now: dt.datetime) -> dict[str, Any]:
    """A health report (§14.1) as a laptop sends it, each field drawn to vary the flags."""
    oldest = now - dt.timedelta(days=rng.choice([1, 3, 10, 30]))
    return {
        "hostname": f"laptop-{n:03d}" if n % 5 else None,
        "fieldkit_version": rng.choice([*VERSIONS, None]),
        "package_version": rng.choice([None, 3, 4, 5, 5]),
        "last_sync_at": stamp(now - dt.timedelta(hours=rng.randint(1, 400))),
        "unsent_records": rng.choice([None, 0, 0, 3, 17]),
        "oldest_unsent_at": rng.choice([None, stamp(oldest)]),
        "free_disk_bytes": rng.choice([None, 12_300_000_000, 800_000_000]),
        "devices": [
            {"kind": kind, "ok": rng.random() > 0.2}
            for kind in ("face", "fingerprint", "iris", "signature", "card")
        ],
        "audit": rng.choice([{"ok": True}, {"ok": False}, None]),
        "frozen": rng.choice([False, False, True, None]),
    }


def fill(
    store: SqlStore,
    *,
    records_count: int,
    laptops: int = 12,
    officers: int = 40,
    seed: int = 46,
    now: dt.datetime | None = None,
) -> Office:
    """Write an office of ``laptops`` laptops and ``records_count`` records into ``store``.

    Some laptops are revoked, some never reported, two have sent no record; a tenth of
    the records are training records (the demo key); their times spread over the last
    sixty days, some of them today.
    """
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    now = now or dt.datetime.now(dt.UTC)
    ids = [_device_id(n) for n in range(laptops)]
    with store.writing() as conn:
        conn.execute(
            office_settings.insert().values(
                id=1,
                version=5,
                office_code="3273",
                office_name="Disdukcapil Kota Bandung",
                rules=None,
                min_version="0.9.1",
                changed_at=stamp(now),
            )
        )
        conn.execute(
            devices.insert(),
            [
                {
                    "device_id": device_id,
                    "public_key": hashlib.sha256(device_id.encode()).hexdigest(),
                    "info": json.dumps(
                        {
                            "hostname": f"host-{n:03d}" if n % 3 else "",
                            "app_version": rng.choice(VERSIONS),
                        }
                    ),
                    "enrolled_at": stamp(now - dt.timedelta(days=90 - n)),
                    "revoked_at": stamp(now - dt.timedelta(days=2)) if n % 7 == 6 else None,
                    "revoke_reason": "hilang" if n % 7 == 6 else None,
                }
                for n, device_id in enumerate(ids)
            ],
        )
        conn.execute(
            laptop_health.insert(),
            [
                {
                    "device_id": device_id,
                    "package_key": "k" * 64,
                    "report": json.dumps(_report(rng, n, now)),
                    "via": rng.choice(["https", "usb"]),
                    "received_at": stamp(now - dt.timedelta(days=_report_age(rng, n, laptops))),
                }
                for n, device_id in enumerate(ids)
                # A quarter of the fleet has never reported, and the last laptop nothing at all.
                if n % 4 != 3 and n != laptops - 1
            ],
        )
        conn.execute(
            audit_findings.insert(),
            [
                {
                    "device_id": ids[n % laptops],
                    "epoch": 1,
                    "problem": "gap",
                    "seq": n,
                    "detail": "{}",
                    "via": "https",
                    "found_at": stamp(now - dt.timedelta(days=n)),
                    "acknowledged_at": stamp(now) if n % 2 else None,
                }
                for n in range(0, 2 * laptops, 5)
            ],
        )
        conn.execute(office_officers.insert(), [_officer(rng, n, now) for n in range(officers)])
    office = Office(ids, 0)
    return add_records(store, office, records_count, seed=seed, now=now)


def add_records(
    store: SqlStore, office: Office, count: int, *, seed: int = 46, now: dt.datetime | None = None
) -> Office:
    """``count`` more records from the office's laptops, numbered on from those it has."""
    rng = random.Random(seed * 1_000_003 + office.records)  # noqa: S311 - synthetic data
    now = now or dt.datetime.now(dt.UTC)
    # The last two laptops send no record: "never reported", and "not seen" for 20 days.
    senders = office.laptops[:-2] or office.laptops
    weights = [rng.randint(1, 10) for _ in senders]
    end = office.records + count
    for start in range(office.records, end, BATCH):
        rows = [
            _record(rng, n, rng.choices(senders, weights)[0], now)
            for n in range(start, min(start + BATCH, end))
        ]
        with store.writing() as conn:
            conn.execute(records.insert(), rows)
    return Office(office.laptops, end)


def _report_age(rng: random.Random, n: int, laptops: int) -> int:
    """Days since a laptop's report; the one before last, which sends no record, is silent."""
    return 20 if n == laptops - 2 else rng.choice([0, 1, 5, 9, 20])


def _officer(rng: random.Random, n: int, now: dt.datetime) -> dict[str, Any]:
    expires = now + dt.timedelta(days=rng.choice([-3, 5]))
    waiting = n % 3 == 0
    return {
        "username": f"petugas{n:04d}",
        "full_name": f"Petugas Nomor {n}",
        "role": rng.choice(["petugas", "ketua_tim", "admin"]),
        "nip": None if n % 2 else f"{n:018d}",
        "rank": None,
        "state": "disabled" if n % 10 == 9 else "active",
        "first_login": json.dumps({"kdf": "argon2id", "expires_at": expires.isoformat()})
        if waiting
        else None,
        "created_at": stamp(now),
        "changed_at": stamp(now),
    }


def _record(rng: random.Random, n: int, device_id: str, now: dt.datetime) -> dict[str, Any]:
    # A tenth of the records arrive since the office's midnight, so "today" is never empty
    # (a run just after midnight included: "a few hours ago" was yesterday then).
    since_midnight = now - now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    today = dt.timedelta(seconds=rng.randint(0, int(since_midnight.total_seconds())))
    ago = today if n % 10 == 0 else None
    received = now - (ago or dt.timedelta(seconds=rng.randint(0, 60 * 86400)))
    digest = hashlib.sha256(n.to_bytes(8, "big")).hexdigest()
    state = rng.choice(_STATES)
    return {
        "device_id": device_id,
        "record_id": f"rec-{n:08d}",
        "seq": n,
        "kid": DEMO_KID if n % 10 == 3 else REAL_KID,
        "sha256": digest,
        "size": rng.randint(200_000, 2_000_000),
        "record_signature": digest + digest[:24],
        "state": state.value,
        "reason": _REASONS.get(state),
        "message": None,
        "received_at": stamp(received),
        "receipt": json.dumps({"record_id": f"rec-{n:08d}", "sha256": digest, "sig": digest * 2}),
    }
