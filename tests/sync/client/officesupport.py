"""The office's side of an office-package journey, through the data center's real CLI.

Shared by the client's tests over HTTPS and on a stick and by the end-to-end journey in
the real window: an officer with a one-time code, a threshold, and a visit of three
targets for her team.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from tests.support import OFFICE
from tests.sync.server.dcsupport import dc_cli

if TYPE_CHECKING:
    from pathlib import Path

    from tests.sync.client.syncsupport import FixedPortDataCenter

KECAMATAN = "331501"
DESA = "Sumberjo"
SARI = "Sari Wulandari"
TARGET_NAME = "Sasaran Kantor"


def dc_json(dc: FixedPortDataCenter, *args: str) -> Any:
    """A data center command with ``--json``; it must succeed."""
    done = dc_cli(dc.data, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if done.stdout.strip() else None


def targets_file(path: Path, count: int) -> Path:
    """``count`` synthetic elderly people (NIKs of kecamatan 331501) as the office's CSV."""
    rows = ["NIK,Nama,Tanggal Lahir,Jenis Kelamin,Kategori"]
    rows += [
        f"{KECAMATAN}120341{9500 + n:04d},{TARGET_NAME} {n},1941-03-12,L,lansia"
        for n in range(1, count + 1)
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def office_plans(dc: FixedPortDataCenter, tmp_path: Path, visit_date: str) -> dict[str, str]:
    """Sari added (her one-time code returned), face threshold 61, a visit of three targets."""
    dc_json(dc, "office", "set", OFFICE)
    code = dc_json(dc, "officers", "add", "sari", "--role", "petugas", "--name", SARI)["code"]
    dc_json(dc, "rules", "set", "--threshold", "face=61")
    request = dc_json(
        dc,
        "plan",
        "request",
        "add",
        "--number",
        "470/77/2026",
        "--date",
        "2026-11-20",
        "--requester-type",
        "desa",
        "--requester-name",
        f"Desa {DESA}",
        "--region",
        KECAMATAN,
    )["id"]
    visit = dc_json(
        dc,
        "plan",
        "visit",
        "add",
        "--request",
        request,
        "--date",
        visit_date,
        "--time",
        "08:30",
        "--place-type",
        "kantor_desa",
        "--desa-name",
        DESA,
        "--kecamatan-code",
        KECAMATAN,
        "--terrain",
        "mudah",
        "--team",
        "sari:petugas",
    )["id"]
    dc_json(dc, "plan", "targets", "import", visit, str(targets_file(tmp_path / "t.csv", 3)))
    return {"code": str(code), "visit": str(visit)}
