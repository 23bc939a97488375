"""Kemendagri region codes (province, regency/city, kecamatan) shipped in ``assets/regions``.

The table is the official names of the current edition (see ``SOURCE.md``);
``former_codes.csv`` keeps codes that NIKs issued before a reorganisation still
carry, because a NIK is never reissued when its region is renumbered.  Nothing
is read at import time: the CLI and the app start fast, and the table loads on
the first lookup.
"""

from __future__ import annotations

import csv
import enum
import functools
import json
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fieldkit.errors import BugError, InvalidInput
from fieldkit.paths import assets_dir

if TYPE_CHECKING:
    from pathlib import Path

logger = logging.getLogger(__name__)

TABLE_FILE = "wilayah.csv"
FORMER_FILE = "former_codes.csv"
MANIFEST_FILE = "manifest.json"


class RegionLevel(enum.StrEnum):
    PROVINCE = "province"
    REGENCY = "regency"
    DISTRICT = "district"


_CODE_LENGTH = {RegionLevel.PROVINCE: 2, RegionLevel.REGENCY: 4, RegionLevel.DISTRICT: 6}

# Official long forms that people shorten on every form and screen.
_PROVINCE_SHORT = (
    ("Daerah Khusus Ibukota ", "DKI "),
    ("Daerah Istimewa ", "DI "),
)
_REGENCY_SHORT = (
    ("Kabupaten Administrasi ", ""),
    ("Kabupaten ", ""),
    ("Kota Administrasi ", "Kota "),
)


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: RegionLevel

    @property
    def display_name(self) -> str:
        """Short everyday name: ``Grobogan`` for a kabupaten, ``Kota Blitar`` for a city.

        A kabupaten and a city often share a name (Blitar), so a city keeps
        ``Kota`` and a kabupaten drops ``Kabupaten``, as Dukcapil prints them.
        """
        rules = {RegionLevel.PROVINCE: _PROVINCE_SHORT, RegionLevel.REGENCY: _REGENCY_SHORT}
        for prefix, short in rules.get(self.level, ()):
            if self.name.startswith(prefix):
                return short + self.name.removeprefix(prefix)
        return self.name


@dataclass(frozen=True)
class FormerCode:
    old_code: str
    new_code: str
    note: str


@dataclass(frozen=True)
class _Table:
    regions: dict[str, Region]
    former: dict[str, FormerCode]
    manifest: dict[str, object]


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except OSError as exc:
        # The table ships with the app; a missing one is a packaging fault.
        raise BugError(f"region table missing or unreadable: {path}") from exc


@functools.cache
def _table() -> _Table:
    folder = assets_dir() / "regions"
    regions: dict[str, Region] = {}
    for row in _read_csv(folder / TABLE_FILE):
        region = Region(row["code"], row["name"], RegionLevel(row["level"]))
        if len(region.code) != _CODE_LENGTH[region.level] or not region.code.isdigit():
            raise BugError(f"bad row in {TABLE_FILE}: {region.code}")
        regions[region.code] = region
    former = {
        row["old_code"]: FormerCode(row["old_code"], row["new_code"], row["note"])
        for row in _read_csv(folder / FORMER_FILE)
    }
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BugError(f"region manifest missing or unreadable in {folder}") from exc
    logger.debug("loaded %d regions, %d former codes", len(regions), len(former))
    return _Table(regions, former, manifest)


#: Region names the office sent (:mod:`fieldkit.office`), consulted before the shipped
#: table: the office knows a renamed or new kecamatan before FieldKit's next release.
_office_names: dict[str, str] = {}


def set_office_regions(names: dict[str, str]) -> None:
    """Replace the office's names (digits-only codes), as its latest package gives them."""
    _office_names.clear()
    _office_names.update(names)


def _lookup(code: str, level: RegionLevel) -> Region | None:
    if len(code) != _CODE_LENGTH[level]:
        return None
    office = _office_names.get(code)
    if office is not None:
        return Region(code, office, level)
    return _table().regions.get(code)


def province(code2: str) -> Region | None:
    return _lookup(code2, RegionLevel.PROVINCE)


def regency(code4: str) -> Region | None:
    return _lookup(code4, RegionLevel.REGENCY)


def district(code6: str) -> Region | None:
    return _lookup(code6, RegionLevel.DISTRICT)


def former_code(code: str) -> FormerCode | None:
    """Return the whole record for ``code``, so a warning can say what happened."""
    return _table().former.get(code)


def resolve_former(code: str) -> str | None:
    """Map a former regency code (``9101``) to the current one (``9301``).

    Only regency codes are listed: kecamatan suffixes were not always kept
    when a regency moved, so guessing a kecamatan would risk naming the wrong one.
    """
    entry = former_code(code)
    return entry.new_code if entry is not None else None


def table_info() -> dict[str, str | int]:
    """Where the table came from and what it holds, for ``fieldkit`` diagnostics."""
    table = _table()
    counts = dict.fromkeys(RegionLevel, 0)
    for region in table.regions.values():
        counts[region.level] += 1
    return {
        "source": str(table.manifest.get("source", "unknown")),
        "regulation": str(table.manifest.get("regulation", "unknown")),
        "date": str(table.manifest.get("date", "unknown")),
        "provinces": counts[RegionLevel.PROVINCE],
        "regencies": counts[RegionLevel.REGENCY],
        "districts": counts[RegionLevel.DISTRICT],
        "former_codes": len(table.former),
    }


_OFFICE_CODE = re.compile(r"^\d{4}$")


def check_office_code(code: str) -> str:
    """A Disdukcapil office is named by its Kemendagri regency or city code (4 digits)."""
    code = code.strip().replace(".", "")
    if not _OFFICE_CODE.fullmatch(code):
        raise InvalidInput(
            code="office_code_format",
            params={"code": code},
        )
    if regency(code) is None:
        raise InvalidInput(
            code="office_code_unknown",
            params={"code": code},
        )
    return code
