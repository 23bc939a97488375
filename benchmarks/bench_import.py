"""Importing a 10,000-row data sasaran list, against just reading the same file.

    .venv/bin/python benchmarks/bench_import.py [ROWS]

The acceptance bar (issue 8) is under 5 s for 10,000 rows on this machine.
Baselines in the same run: the ``csv`` module reading the CSV, and openpyxl's
read-only mode iterating the XLSX, i.e. the cost of merely reading the file.
The import adds header mapping, NIK/KK checks, duplicate checks and the
encrypted, audited insert into SQLCipher in one transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl

from fieldkit import nik
from fieldkit.accounts import Accounts
from fieldkit.officers import Role
from fieldkit.planning import kinds, requests, schedule, targets_import
from fieldkit.store.keyring import TEST_KDF
from fieldkit.workspace import Workspace

if TYPE_CHECKING:
    from collections.abc import Callable

PASSWORD = "sandi-bench-1"  # noqa: S105 - synthetic
HEADER = ["No", "NIK", "No. KK", "Nama Lengkap", "Tgl Lahir", "JK", "Alamat", "Kategori"]
KECAMATANS = ("350501", "350502", "350503", "350504", "350505", "350506")
CATEGORIES = ("Lansia", "Disabilitas fisik", "ODGJ", "Terbaring", "Lainnya")
REPEAT = 3


def row(i: int) -> list[str]:
    """A synthetic person whose NIK (real kecamatan code, serial 9xxx) matches the form."""
    region, n = KECAMATANS[i // 20000], i % 20000
    female = n % 2 == 1
    born = dt.date(1940 + n % 40, 1 + n % 12, 1 + n % 28)
    number = nik.synthetic_nik(region, born, nik.Sex.FEMALE if female else nik.Sex.MALE, n)
    kk = f"{region}{n % 28 + 1:02d}0{n % 9 + 1}15{9000 + n % 1000:04d}"
    return [
        str(i + 1),
        number,
        kk,
        f"Sasaran Bench {i}",
        born.strftime("%d-%m-%Y"),
        "P" if female else "L",
        f"Dusun Krajan RT {n % 5 + 1}",
        CATEGORIES[n % len(CATEGORIES)],
    ]


def write_files(folder: Path, rows: int) -> tuple[Path, Path]:
    csv_path = folder / "sasaran.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(row(i) for i in range(rows))
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for i in range(rows):
        sheet.append(row(i))
    xlsx_path = folder / "sasaran.xlsx"
    book.save(xlsx_path)
    return csv_path, xlsx_path


def read_csv(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.reader(fh))


def read_xlsx(path: Path) -> int:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        sheet = book.worksheets[0]
        return sum(1 for _ in sheet.iter_rows(values_only=True))
    finally:
        book.close()


def fresh_visit(folder: Path) -> tuple[Workspace, str]:
    ws = Workspace.init(
        folder,
        office_code="3505",
        username="admin",
        full_name="Bench",
        role=Role.ADMIN,
        password=PASSWORD,
        kdf=TEST_KDF,
    )
    Accounts(ws).add_officer("ketua1", "Ketua", Role.KETUA_TIM, PASSWORD, kdf=TEST_KDF)
    Accounts(ws).add_officer("petugas1", "Petugas", Role.PETUGAS, PASSWORD, kdf=TEST_KDF)
    request = requests.create_request(
        ws,
        number="470/1/2026",
        letter_date=dt.date(2026, 11, 2),
        requester_type=kinds.RequesterType.DESA,
        requester_name="Desa Bench",
        region_code="350501",
    )
    visit = schedule.create_visit(
        ws,
        request.id,
        visit_date=dt.datetime.now(dt.UTC).date() + dt.timedelta(days=7),
        place_type=kinds.PlaceType.KANTOR_DESA,
        desa_name="Bench",
        kecamatan_code="350501",
        team=schedule.TeamPlan("ketua1", ("petugas1",)),
    )[0]
    return ws, visit.id


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path, xlsx_path = write_files(folder, rows)
        print(
            f"{rows} rows: CSV {csv_path.stat().st_size / 2**20:.1f} MiB, "
            f"XLSX {xlsx_path.stat().st_size / 2**20:.1f} MiB; median of {REPEAT} runs"
        )
        for label, path, baseline in (
            ("CSV ", csv_path, read_csv),
            ("XLSX", xlsx_path, read_xlsx),
        ):
            base = [timed(lambda p=path, b=baseline: b(p))[0] for _ in range(REPEAT)]
            runs = []
            for n in range(REPEAT):
                ws, visit_id = fresh_visit(folder / f"{label.strip()}-{n}")
                try:
                    seconds, report = timed(
                        lambda w=ws, v=visit_id, p=path: targets_import.import_targets(w, v, p)
                    )
                finally:
                    ws.close()
                assert isinstance(report, targets_import.ImportReport)
                assert report.imported == rows, report.file_messages
                runs.append(seconds)
            import_s, base_s = statistics.median(runs), statistics.median(base)
            verdict = "PASS" if import_s < 5.0 else "FAIL"
            print(
                f"{label} import {import_s:6.2f} s ({rows / import_s:8.0f} rows/s)  "
                f"baseline read-only {base_s:6.2f} s ({import_s / base_s:5.1f}x)  "
                f"[{verdict} < 5 s]"
            )


if __name__ == "__main__":
    main()
