"""``fieldkit-app --demo``: a throwaway store with a planned visit, so the app works at once.

The constants load with the login dialog (it offers the demo accounts); the
store's code loads only in :func:`create`, on the login's warm-up thread.
Everything is made through the same ``fieldkit`` functions the screens call
(``Workspace.init``, ``create_request``, ``create_visit``, ``import_targets``),
in a temporary folder the app deletes at exit.  The people are made up: their
NIKs are structurally valid (real kecamatan code, birth date, +40 for women)
with serials from 9000 up, and their names say "Demo".
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fieldkit import nik
from fieldkit.officers import Role

if TYPE_CHECKING:
    from pathlib import Path

    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

OFFICE = "3315"  # Kabupaten Grobogan
KECAMATAN = "331501"  # Kedungjati
DESA_CODE = "3315012005"
DESA = "Sumberjo"
#: The desa list an office package would send (made up but for the demo's own desa), so
#: the planning form's desa search has something to find in training.
DEMO_DESA = (
    ("3315012001", "Desa Latihan"),
    (DESA_CODE, DESA),
    ("3315012006", "Sumberagung"),
    ("3315012007", "Karangsari"),
    ("3315012008", "Sidomulyo"),
)
#: Printed at start-up: the demo's data is fake and deleted at exit, so this is no secret.
DEMO_PASSWORD = "demo-fieldkit"  # noqa: S105
ADMIN, KETUA, PETUGAS = "admin", "ketua", "petugas"
#: (user name, role) of the demo's officers, each a role to try.
ACCOUNTS = ((ADMIN, Role.ADMIN.value), (KETUA, Role.KETUA_TIM.value), (PETUGAS, "petugas"))
TARGETS = 5
_CATEGORIES = ("Lansia", "Disabilitas fisik", "ODGJ", "Terbaring", "Lansia")


@dataclass(frozen=True)
class Demo:
    workspace: Workspace
    visit_id: str
    accounts: tuple[tuple[str, str], ...]  # (user name, role)


def write_targets(path: Path, count: int = TARGETS) -> Path:
    """A village list in the usual layout: the same columns the import reads from the field."""
    header = ["No", "NIK", "Nama Lengkap", "Tgl Lahir", "JK", "Alamat", "Desa", "Kategori"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for index in range(count):
            female = index % 2 == 1
            born = dt.date(1938 + 7 * index, 1 + index, 3 + 4 * index)
            writer.writerow(
                [
                    index + 1,
                    nik.synthetic_nik(
                        KECAMATAN, born, nik.Sex.FEMALE if female else nik.Sex.MALE, index
                    ),
                    f"Demo Sasaran {index + 1}",
                    born.strftime("%d-%m-%Y"),
                    "P" if female else "L",
                    f"Dusun Krajan RT 0{index + 1}",
                    DESA,
                    _CATEGORIES[index % len(_CATEGORIES)],
                ]
            )
    return path


def create(home: Path) -> Demo:
    """A new store in ``home`` with three officers, a request, today's visit and its targets."""
    # The store's code, loaded here: the login dialog paints before it (see module doc).
    from fieldkit.accounts import Accounts  # noqa: PLC0415
    from fieldkit.planning import requests, schedule, targets_import  # noqa: PLC0415
    from fieldkit.store.keyring import TEST_KDF  # noqa: PLC0415
    from fieldkit.workspace import Workspace  # noqa: PLC0415

    # The cheap KDF keeps start-up quick; the password is printed and the data is fake.
    ws = Workspace.init(
        home,
        office_code=OFFICE,
        username=ADMIN,
        full_name="Admin Demo",
        role=Role.ADMIN,
        password=DEMO_PASSWORD,
        kdf=TEST_KDF,
        training=True,
    )
    try:
        requests.add_office_desa(ws, DEMO_DESA)
        Accounts(ws).add_officer(
            KETUA, "Ketua Tim Demo", Role.KETUA_TIM, DEMO_PASSWORD, kdf=TEST_KDF
        )
        Accounts(ws).add_officer(PETUGAS, "Petugas Demo", Role.PETUGAS, DEMO_PASSWORD, kdf=TEST_KDF)
        today = dt.datetime.now().astimezone().date()
        request = requests.create_request(
            ws,
            number="470/001/DEMO/" + str(today.year),
            letter_date=today,
            requester_type=requests.RequesterType.DESA,
            requester_name=f"Pemerintah Desa {DESA}",
            region_code=DESA_CODE,
            subject="Permohonan perekaman KTP-el jemput bola (demo)",
        )
        (visit,) = schedule.create_visit(
            ws,
            request.id,
            visit_date=today,
            place_type=schedule.PlaceType.RUMAH,
            desa_name=DESA,
            desa_code=DESA_CODE,
            kecamatan_code=KECAMATAN,
            terrain=schedule.Terrain.SEDANG,
            team=schedule.TeamPlan(KETUA, (PETUGAS,)),
        )
        report = targets_import.import_targets(
            ws, visit.id, write_targets(home / "demo-targets.csv")
        )
        if not report.accepted:
            log.error("demo targets were refused: %s", report.as_json()["summary"])
    except BaseException:
        ws.close()
        raise
    return Demo(ws, visit.id, ACCOUNTS)


def build(home: Path) -> None:
    """The store alone, closed again: the officer logs in to it like to a real one."""
    create(home).workspace.close()
