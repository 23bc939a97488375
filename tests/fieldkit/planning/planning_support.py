"""Synthetic data for the planning, sarpras and report tests: never a real NIK."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from fieldkit.accounts import Accounts
from fieldkit.officers import Role
from fieldkit.planning import kinds, requests, schedule
from fieldkit.store.keyring import TEST_KDF
from fieldkit.workspace import Workspace

KECAMATAN = "331501"  # Kedungjati, Kabupaten Grobogan (the test office, 3315)
KETUA = "ketua1"
PETUGAS = "petugas1"
PASSWORD = "kata-sandi-uji"
VISIT_DATE = dt.date(2026, 11, 30)  # a Monday

HEADER = [
    "No",
    "NIK",
    "No. KK",
    "Nama Lengkap",
    "Tempat Lahir",
    "Tgl Lahir",
    "JK",
    "Alamat",
    "RT",
    "RW",
    "Desa/Kelurahan",
    "Kecamatan",
    "Kategori",
    "Keterangan",
]


def make_nik(
    index: int, *, region: str = KECAMATAN, female: bool = False, born: dt.date | None = None
) -> str:
    """A structurally valid, synthetic NIK: real region code, serial 9000 + index."""
    born = born or dt.date(1940 + index % 40, 1 + index % 12, 1 + index % 28)
    day = born.day + (40 if female else 0)
    serial = 9000 + index % 1000
    return f"{region}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def person(index: int, *, region: str = KECAMATAN) -> list[str]:
    """One row under HEADER, consistent with its NIK."""
    female = index % 2 == 1
    born = dt.date(1940 + index % 40, 1 + index % 12, 1 + index % 28)
    kk = f"{region}{(index % 28) + 1:02d}0{(index % 9) + 1}15{9000 + index % 1000:04d}"
    categories = ["Lansia", "Disabilitas fisik", "ODGJ", "Terbaring", "Lainnya"]
    return [
        str(index + 1),
        make_nik(index, region=region, female=female, born=born),
        kk,
        f"Sasaran Uji {index}",
        "Grobogan",
        born.strftime("%d-%m-%Y"),
        "P" if female else "L",
        f"Dusun Krajan {index % 7}",
        str(1 + index % 5),
        str(1 + index % 3),
        "Sumberjo",
        "Kedungjati",
        categories[index % len(categories)],
        "",
    ]


def write_csv(
    path: Path,
    rows: list[list[str]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    header: list[str] | None = None,
) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header or HEADER)
        writer.writerows(rows)
    return path


def add_team(ws: Workspace) -> None:
    Accounts(ws).add_officer(KETUA, "Budi Santoso", Role.KETUA_TIM, PASSWORD, kdf=TEST_KDF)
    Accounts(ws).add_officer(PETUGAS, "Siti Aminah", Role.PETUGAS, PASSWORD, kdf=TEST_KDF)


def plan_visit(ws: Workspace, *, team: bool = True, weeks: int = 1) -> list[schedule.VisitInfo]:
    """A request from Desa Sumberjo and its visit(s), planned by the admin."""
    if team:
        add_team(ws)
    request = requests.create_request(
        ws,
        number="470/123/409.20.1.2/2026",
        letter_date=dt.date(2026, 11, 2),
        requester_type=kinds.RequesterType.DESA,
        requester_name="Pemerintah Desa Sumberjo",
        region_code="33.15.01.2005",
    )
    return schedule.create_visit(
        ws,
        request.id,
        visit_date=VISIT_DATE,
        place_type=kinds.PlaceType.RUMAH,
        desa_name="Sumberjo",
        desa_code="3315012005",
        kecamatan_code=KECAMATAN,
        terrain=kinds.Terrain.SEDANG,
        team=schedule.TeamPlan(KETUA, (PETUGAS,)),
        weeks=weeks,
    )
