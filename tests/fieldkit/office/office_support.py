"""A valid office package document for the tests, and its known one-time code."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import hmac
from typing import Any

from fieldkit import kdf as argon2
from fieldkit.officers import normalise_first_login_code
from tests.fieldkit.enrollment.enrollment_support import DESA, KECAMATAN, make_nik
from tests.support import OFFICE

CODE = "BUNGA-7731"
#: Cheap Argon2id parameters (the data center uses 64 MiB); the parser allows them.
KDF = {"memory_kib": 8 * 1024, "iterations": 1, "lanes": 1}
SALT = b"0123456789abcdef"
RECORDED_KEY = b"k" * 32
ISSUED = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)
REQUEST_ID = "req-office-0001"
VISIT_ID = "vis-office-0001"
TARGET_ID = "tgt-office-0001"
TARGET_NIK = make_nik(301)


def code_hash(code: str = CODE, salt: bytes = SALT) -> str:
    derived = argon2.derive(
        normalise_first_login_code(code).encode(),
        salt=salt,
        length=32,
        iterations=KDF["iterations"],
        lanes=KDF["lanes"],
        memory_kib=KDF["memory_kib"],
    )
    return base64.b64encode(derived).decode()


def first_login(expires_at: dt.datetime | None = None) -> dict[str, Any]:
    return {
        "kdf": "argon2id",
        "salt": base64.b64encode(SALT).decode(),
        "hash": code_hash(),
        **KDF,
        "expires_at": (expires_at or dt.datetime(2027, 1, 1, tzinfo=dt.UTC)).isoformat(),
    }


def mac(nik: str) -> str:
    return hmac.new(RECORDED_KEY, nik.encode(), hashlib.sha256).hexdigest()


def document(version: int = 3, issued_at: dt.datetime = ISSUED, **parts: Any) -> dict[str, Any]:
    """A valid package for office 3315; ``parts`` replaces top-level keys."""
    doc: dict[str, Any] = {
        "format": "fieldkit-office-package",
        "format_version": 1,
        "office_code": OFFICE,
        "device_id": "dev-test",
        "version": version,
        "issued_at": issued_at.isoformat(),
        "officers": [
            {
                "username": "sari",
                "full_name": "Sari Wulandari",
                "role": "petugas",
                "nip": "198703122010012003",
                "rank": "Penata Muda, III/a",
                "state": "active",
                "first_login": first_login(),
            }
        ],
        "rules": {
            "thresholds": {"face": 61},
            "max_attempts": 4,
            "freeze_days": 5,
            "freeze_max_waiting": 300,
            "idle_lock_minutes": 5,
            "letterhead": {"address": "Jl. Kantor 1", "head_name": "Kepala Dinas"},
            "number_pattern": "470/{seq:03d}/Dukcapil/{year}",
        },
        "regions": [
            {"code": f"{KECAMATAN[:2]}.{KECAMATAN[2:4]}.{KECAMATAN[4:]}", "name": "Kedungjati Baru"}
        ],
        "plan": {
            "requests": [
                {
                    "id": REQUEST_ID,
                    "number": "140/12/2026",
                    "letter_date": "2026-11-20",
                    "requester_type": "desa",
                    "requester_name": "Kepala Desa Uji",
                    "region_code": DESA,
                    "subject": "Perekaman lansia",
                }
            ],
            "visits": [
                {
                    "id": VISIT_ID,
                    "request_id": REQUEST_ID,
                    "visit_date": "2026-12-02",
                    "start_time": "08:00",
                    "place_type": "rumah",
                    "place_name": None,
                    "desa_name": "Desa Uji",
                    "desa_code": DESA,
                    "kecamatan_code": KECAMATAN,
                    "terrain": "sedang",
                    "team": [{"username": "sari", "team_role": "petugas"}],
                    "duty_letter_number": None,
                }
            ],
            "targets": [
                {
                    "id": TARGET_ID,
                    "visit_id": VISIT_ID,
                    "nik": TARGET_NIK,
                    "kk": None,
                    "name": "Sasaran Kantor",
                    "birth_place": "Grobogan",
                    "birth_date": None,
                    "sex": "L",
                    "address": "Jalan Uji",
                    "rt": "1",
                    "rw": "2",
                    "desa": "Desa Uji",
                    "kecamatan": "Kedungjati",
                    "categories": ["lansia"],
                    "disability_kind": None,
                    "note": None,
                }
            ],
        },
        "recorded": {
            "key": base64.b64encode(RECORDED_KEY).decode(),
            "entries": [{"mac": mac(make_nik(302)), "recorded_on": "2026-11-12"}],
        },
        "release": {"min_version": "0.1.0", "offered_version": None},
    }
    doc.update(copy.deepcopy(parts))
    return doc
