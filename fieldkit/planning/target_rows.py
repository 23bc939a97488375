"""One row of a target list, checked: the NIK strictly, everything else leniently.

A NIK Excel has turned into a number has lost its last digit, and a silently
"repaired" NIK would record the wrong person, so number-like NIK and KK cells are
refused with the fix spelled out; dates, sex and categories are read in the many
ways villages write them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fieldkit import nik
from fieldkit.nik import Sex
from fieldkit.planning.kinds import Category
from fieldkit.planning.target_import_types import (
    EXCEL_1900,
    MAX_NAME,
    MAX_TEXT,
    Column,
    Formula,
    Merged,
    Message,
    Note,
    SerialEpoch,
    is_number,
    normalise_header,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


_CATEGORY_WORDS: dict[str, Category] = {
    "lansia": Category.LANSIA,
    "lanjut usia": Category.LANSIA,
    "manula": Category.LANSIA,
    "disabilitas": Category.DISABILITAS,
    "penyandang disabilitas": Category.DISABILITAS,
    "difabel": Category.DISABILITAS,
    "cacat": Category.DISABILITAS,
    "odgj": Category.ODGJ,
    "gangguan jiwa": Category.ODGJ,
    "orang dengan gangguan jiwa": Category.ODGJ,
    "terbaring": Category.TERBARING,
    "terbaring sakit": Category.TERBARING,
    "tirah baring": Category.TERBARING,
    "bed bound": Category.TERBARING,
    "bedbound": Category.TERBARING,
    "sakit": Category.TERBARING,
    "stroke": Category.TERBARING,
    "lainnya": Category.LAINNYA,
    "lain lain": Category.LAINNYA,
    "lain": Category.LAINNYA,
}
_SEX_WORDS = {
    "l": Sex.MALE,
    "lk": Sex.MALE,
    "laki laki": Sex.MALE,
    "laki": Sex.MALE,
    "pria": Sex.MALE,
    "male": Sex.MALE,
    "m": Sex.MALE,
    "p": Sex.FEMALE,
    "pr": Sex.FEMALE,
    "perempuan": Sex.FEMALE,
    "wanita": Sex.FEMALE,
    "female": Sex.FEMALE,
    "f": Sex.FEMALE,
}
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "jan", "january"),
            ("februari", "feb", "pebruari", "peb", "february"),
            ("maret", "mar", "march"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "jun", "june"),
            ("juli", "jul", "july"),
            ("agustus", "agu", "agt", "ags", "aug", "august"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct", "october"),
            ("november", "nov", "nop", "nopember"),
            ("desember", "des", "dec", "december"),
        ),
        start=1,
    )
    for name in names
}


_SCIENTIFIC = re.compile(r"^[0-9]+(?:[.,][0-9]*)?[eE][+-]?[0-9]+$")
_DECIMAL_NUMBER = re.compile(r"^[0-9]+[.,]0+$")
_DMY = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})[-/. ]+([a-z]+)\.?[-/. ]+(\d{2}|\d{4})$")
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?$")


_MAX_SERIAL = 99999
_YEAR_ONLY = range(1900, 2101)
_TWO_DIGIT_YEAR = 100
_MAX_MONTH = 12
_MAX_RT = 3


@dataclass(slots=True)
class ParsedRow:
    number: int
    nik: str | None = None
    kk: str | None = None
    name: str | None = None
    birth_place: str | None = None
    birth_date: dt.date | None = None
    sex: Sex | None = None
    address: str | None = None
    rt: str | None = None
    rw: str | None = None
    desa: str | None = None
    kecamatan: str | None = None
    categories: list[Category] = field(default_factory=list)
    disability_kind: str | None = None
    note: str | None = None
    errors: list[Note] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)

    def error(self, code: str, params: dict[str, str] | None = None, wording: str = "") -> None:
        self.errors.append(Message(code, dict(params or {}), wording))

    def warn(self, code: str, params: dict[str, str] | None = None, wording: str = "") -> None:
        self.warnings.append(Message(code, dict(params or {}), wording))


def _plain(value: object) -> object:
    if isinstance(value, Merged):
        return _plain(value.value)
    if isinstance(value, SerialEpoch):
        return value.value
    return value


def _text(value: object) -> str | None:
    """Any cell as trimmed text: numbers lose a trailing ``.0``, dates become ISO."""
    value = _plain(value)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = " ".join(str(value).split())
    return text or None


def _formula_error(row: ParsedRow, column: Column) -> None:
    row.error(f"{column.value}.formula", {"column": column.value}, "cell.formula")


def _number_like(
    raw: object, row: ParsedRow, column: Column, number: str, merged_ok: bool = False
) -> str | None:
    """The NIK or KK cell as text, refusing what Excel has already damaged.

    ``number`` ("nik" or "kk") is a code the catalogue words (``number.<code>``).
    """
    if isinstance(raw, Merged) and not merged_ok:
        if raw.value is None:
            return None
        row.error(f"{column.value}.merged", {"number": number}, "cell.merged")
        return None
    value = _plain(raw)
    if value is None:
        return None
    if isinstance(value, Formula):
        _formula_error(row, column)
        return None
    if is_number(value):
        row.error(f"{column.value}.stored_as_number", {"number": number}, "cell.stored_as_number")
        return None
    text = str(value).strip()
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1]  # the ="..." trick that keeps a CSV number as text in Excel
    text = text.lstrip("'").strip()
    return None if _damaged_by_excel(text, row, column, number) else text


def _damaged_by_excel(text: str, row: ParsedRow, column: Column, number: str) -> bool:
    if _SCIENTIFIC.fullmatch(text):
        row.error(
            f"{column.value}.scientific_notation", {"number": number}, "cell.scientific_notation"
        )
        return True
    if _DECIMAL_NUMBER.fullmatch(text):
        row.error(f"{column.value}.stored_as_number", {"number": number}, "cell.decimals")
        return True
    return False


def _parse_date(raw: object, row: ParsedRow) -> dt.date | None:  # noqa: C901, PLR0911, PLR0912
    value = raw.value if isinstance(raw, Merged) else raw
    if isinstance(value, Formula):
        _formula_error(row, Column.BIRTH_DATE)
        return None
    epoch = EXCEL_1900
    if isinstance(value, SerialEpoch):
        epoch = value.epoch
        value = value.value
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value) or ""
    if text.isdigit() and int(text) in _YEAR_ONLY:
        row.warn("tanggal_lahir.year_only")
        return None
    if text.isdigit() and 0 < int(text) <= _MAX_SERIAL:
        return epoch + dt.timedelta(days=int(text))
    text = _TIME_SUFFIX.sub("", text.lower()).strip()
    day = month = year = None
    if match := _YMD.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
        if month > _MAX_MONTH >= day:
            day, month = month, day
            row.warn("tanggal_lahir.month_first")
    elif (match := _D_MONTH_Y.fullmatch(text)) and match.group(2) in _MONTHS:
        day, month, year = int(match.group(1)), _MONTHS[match.group(2)], int(match.group(3))
    elif len(text) == 8 and text.isdigit():  # noqa: PLR2004 - DDMMYYYY typed without separators
        day, month, year = int(text[:2]), int(text[2:4]), int(text[4:])
    if day is None or month is None or year is None:
        row.error("tanggal_lahir.unreadable")
        return None
    today = dt.datetime.now(dt.UTC).date()
    if year < _TWO_DIGIT_YEAR:
        year += today.year - today.year % _TWO_DIGIT_YEAR
        if year > today.year:
            year -= _TWO_DIGIT_YEAR
    try:
        date = dt.date(year, month, day)
    except ValueError:
        row.error("tanggal_lahir.invalid", {"date": f"{day:02d}-{month:02d}-{year}"})
        return None
    if date > today:
        row.error("tanggal_lahir.future")
        return None
    return date


def _parse_sex(raw: object, row: ParsedRow) -> Sex | None:
    text = _text(raw)
    if text is None:
        return None
    sex = _SEX_WORDS.get(normalise_header(text))
    if sex is None:
        row.error("jenis_kelamin.unknown")
    return sex


def _parse_categories(raw: object, row: ParsedRow) -> None:
    text = _text(raw)
    if text is None or text.strip("-") == "":
        return
    for part in re.split(r"[,;/+&]| dan ", text.lower()):
        words = normalise_header(part)
        if not words:
            continue
        category = _CATEGORY_WORDS.get(words)
        kind = None
        if category is None:
            # "disabilitas fisik", "disabilitas (netra)": the category, then its kind
            for prefix in ("penyandang disabilitas", "disabilitas", "difabel", "cacat"):
                if words.startswith(prefix + " "):
                    category, kind = Category.DISABILITAS, words.removeprefix(prefix).strip()
                    break
        if category is None:
            row.warn("kategori.unknown", {"category": repr(part.strip()[:40])})
            category = Category.LAINNYA
        if category not in row.categories:
            row.categories.append(category)
        if kind and not row.disability_kind:
            row.disability_kind = kind


def _rt_rw(raw: str | None, row: ParsedRow, label: str) -> str | None:
    if raw is None:
        return None
    digits = raw.strip().lstrip("0") or "0"
    if not digits.isdigit() or len(digits) > _MAX_RT:
        row.warn(f"{label.lower()}.invalid", {"field": label}, "rt_rw.invalid")
        return None
    return digits.zfill(3)


def _limited(text: str | None, limit: int, row: ParsedRow, column: Column) -> str | None:
    if text is not None and len(text) > limit:
        row.warn(
            f"{column.value}.too_long",
            {"column": column.value, "limit": str(limit)},
            "cell.too_long",
        )
        return text[:limit]
    return text


def _parse_birth(
    row: ParsedRow, cell: Callable[[Column], object], columns: dict[Column, int]
) -> None:
    place_date = _text(cell(Column.BIRTH_PLACE_DATE))
    if place_date:  # "Blitar, 17-08-1950" in one TTL column
        place, _, date_text = place_date.rpartition(",")
        row.birth_place = place.strip() or None
        row.birth_date = _parse_date(date_text.strip(), row)
    if Column.BIRTH_PLACE in columns:
        row.birth_place = _limited(_text(cell(Column.BIRTH_PLACE)), 80, row, Column.BIRTH_PLACE)
    if Column.BIRTH_DATE in columns:
        row.birth_date = _parse_date(cell(Column.BIRTH_DATE), row)


def parse_row(number: int, cells: Sequence[object], columns: dict[Column, int]) -> ParsedRow | None:
    """One row as a target, or None for a row with nothing in any known column."""

    def raw(column: Column) -> object:
        index = columns.get(column)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    # A row whose only content is a merged cell running past the list is empty too.
    if all(_plain(raw(c)) is None or isinstance(raw(c), Merged) for c in columns):
        return None
    row = ParsedRow(number)
    formulas = {c for c in columns if isinstance(_plain(raw(c)), Formula)}
    for column in sorted(formulas):
        _formula_error(row, column)

    def cell(column: Column) -> object:
        return None if column in formulas else raw(column)

    row.nik = _number_like(cell(Column.NIK), row, Column.NIK, "nik")
    row.kk = _number_like(cell(Column.KK), row, Column.KK, "kk", merged_ok=True)
    row.name = _text(cell(Column.NAME))
    _parse_birth(row, cell, columns)
    row.sex = _parse_sex(cell(Column.SEX), row)
    row.address = _text(cell(Column.ADDRESS))
    rt, rw = _text(cell(Column.RT)), _text(cell(Column.RW))
    if rt_rw := _text(cell(Column.RT_RW)):
        rt, _, rw = rt_rw.partition("/")
    row.rt, row.rw = _rt_rw(rt, row, "RT"), _rt_rw(rw or None, row, "RW")
    row.desa = _limited(_text(cell(Column.DESA)), MAX_TEXT, row, Column.DESA)
    row.kecamatan = _limited(_text(cell(Column.KECAMATAN)), MAX_TEXT, row, Column.KECAMATAN)
    _parse_categories(cell(Column.CATEGORY), row)
    if kind := _text(cell(Column.DISABILITY_KIND)):
        row.disability_kind = kind
        if Category.DISABILITAS not in row.categories:
            row.categories.append(Category.DISABILITAS)
    row.disability_kind = _limited(row.disability_kind, 80, row, Column.DISABILITY_KIND)
    if Category.DISABILITAS in row.categories and not row.disability_kind:
        # Imported, said on its row: recording refuses the person until the kind is known,
        # and the ketua completes it in Perencanaan → Sasaran (issue 59 §2).
        row.warn("jenis_disabilitas.missing")
    row.note = _text(cell(Column.NOTE))
    _check_identity(row)
    return row


def _check_identity(row: ParsedRow) -> None:
    if row.name is None:
        row.error("nama.missing")
    elif len(row.name) > MAX_NAME:
        row.error("nama.too_long", {"max": str(MAX_NAME)})
    if row.nik is None:
        if not any(m.code.startswith("nik.") for m in row.errors):
            row.error("nik.missing")
        return
    checked = nik.check_nik(row.nik, birth_date=row.birth_date, sex=row.sex)
    row.errors += checked.errors
    row.warnings += checked.warnings
    if row.kk is not None:
        kk = nik.check_kk(row.kk)
        row.errors += kk.errors
        row.warnings += kk.warnings
        if row.kk == row.nik:
            row.warn("kk.same_as_nik")
