"""Importing the data sasaran that villages send, as CSV or XLSX.

Villages type these lists in Excel on whatever Windows laptop the kantor desa
has, so the importer is lenient about everything a person cannot see (header
spelling and case, column order, title rows, the file's encoding and
delimiter, merged cells, empty rows) and strict about the NIK, the one field
that must be exactly right: a NIK Excel has turned into a number has lost its
last digit, and a silently "repaired" NIK would record the wrong person.

A file is imported whole or not at all: any row with an error and nothing is
stored, so an operator never has to work out which half of a list went in.
Rows are checked and inserted in chunks inside one transaction, so a 100,000
row file needs memory for the row reports, not for every parsed row.

The accepted columns are documented in ``docs/targets-import.md``.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import io
import itertools
import logging
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO, TypeGuard, cast

import sqlalchemy as sa

from fieldkit import audit, nik
from fieldkit.errors import InvalidInput
from fieldkit.nik import Sex
from fieldkit.officers import require_role
from fieldkit.planning.models import Target, TargetImport, Visit
from fieldkit.planning.requests import PLANNERS, resolve_row

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence
    from pathlib import Path

    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

HEADER_SCAN_ROWS = 30
CHUNK_ROWS = 1000
MAX_NAME = 160
MAX_TEXT = 120
MAX_FILE_BYTES = 200 * 1024 * 1024
#: A village's list is hundreds of people; a whole district's is tens of thousands.
MAX_ROWS = 100_000
#: Everything inside an XLSX, unpacked (a 100,000-row list is tens of MiB of XML).
MAX_XLSX_UNPACKED = 256 * 1024 * 1024
#: The shared-strings part, which openpyxl holds in memory whole.
MAX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024
#: One shared string, or any text between two XML tags (Excel's own cell limit is 32,767
#: characters; three bytes each in UTF-8, plus rich-text markup).
MAX_XML_TEXT = 256 * 1024

# --- vocabulary ------------------------------------------------------------------


class Category(enum.StrEnum):
    """Why a person needs a jemput bola visit (SOP 004: lansia, disabilitas, ODGJ)."""

    LANSIA = "lansia"
    DISABILITAS = "disabilitas"
    ODGJ = "odgj"
    TERBARING = "terbaring"  # bed-bound, including in hospital
    LAINNYA = "lainnya"


class Status(enum.StrEnum):
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"


class Column(enum.StrEnum):
    NIK = "nik"
    KK = "kk"
    NAME = "nama"
    BIRTH_PLACE = "tempat_lahir"
    BIRTH_DATE = "tanggal_lahir"
    BIRTH_PLACE_DATE = "tempat_tanggal_lahir"
    SEX = "jenis_kelamin"
    ADDRESS = "alamat"
    RT = "rt"
    RW = "rw"
    RT_RW = "rt_rw"
    DESA = "desa"
    KECAMATAN = "kecamatan"
    CATEGORY = "kategori"
    DISABILITY_KIND = "jenis_disabilitas"
    NOTE = "keterangan"


#: Header spellings seen on village lists, after :func:`normalise_header`.
HEADER_ALIASES: dict[Column, tuple[str, ...]] = {
    Column.NIK: ("nik", "no nik", "nomor nik", "nomor induk kependudukan", "nik penduduk"),
    Column.KK: ("kk", "no kk", "nomor kk", "no kartu keluarga", "nomor kartu keluarga", "nkk"),
    Column.NAME: ("nama", "nama lengkap", "nama sasaran", "nama penduduk", "nama pemohon"),
    Column.BIRTH_PLACE: ("tempat lahir", "tmp lahir", "tpt lahir", "tempat lhr"),
    Column.BIRTH_DATE: (
        "tanggal lahir",
        "tgl lahir",
        "tgl lhr",
        "tanggal lhr",
        "tgl lahir dd mm yyyy",
    ),
    Column.BIRTH_PLACE_DATE: ("ttl", "tempat tanggal lahir", "tempat tgl lahir"),
    Column.SEX: ("jenis kelamin", "jk", "l p", "kelamin", "jns kelamin", "sex"),
    Column.ADDRESS: ("alamat", "alamat lengkap", "alamat rumah"),
    Column.RT: ("rt",),
    Column.RW: ("rw",),
    Column.RT_RW: ("rt rw",),
    Column.DESA: ("desa", "kelurahan", "desa kelurahan", "kelurahan desa", "desa kel", "kel desa"),
    Column.KECAMATAN: ("kecamatan", "kec"),
    Column.CATEGORY: (
        "kategori",
        "kategori rentan",
        "jenis rentan",
        "kondisi sasaran",
        "kelompok rentan",
    ),
    Column.DISABILITY_KIND: ("jenis disabilitas", "ragam disabilitas", "jenis kecacatan"),
    Column.NOTE: ("keterangan", "ket", "catatan"),
}
_ALIAS_TO_COLUMN = {alias: col for col, aliases in HEADER_ALIASES.items() for alias in aliases}
REQUIRED_COLUMNS = (Column.NIK, Column.NAME)

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

_NON_WORD = re.compile(r"[^0-9a-z]+")
_PARENTHESES = re.compile(r"\(.*?\)")
_SCIENTIFIC = re.compile(r"^[0-9]+(?:[.,][0-9]*)?[eE][+-]?[0-9]+$")
_DECIMAL_NUMBER = re.compile(r"^[0-9]+[.,]0+$")
_DMY = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})[-/. ]+([a-z]+)\.?[-/. ]+(\d{2}|\d{4})$")
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?$")
_EXCEL_1900 = dt.date(1899, 12, 30)
_EXCEL_1904 = dt.date(1904, 1, 1)
_MAX_SERIAL = 99999
_YEAR_ONLY = range(1900, 2101)
_TWO_DIGIT_YEAR = 100
_MAX_MONTH = 12
_MAX_RT = 3

_FIX_NUMBER = (
    "Excel stored it as a number and keeps only 15 digits, so the last digit is lost. "
    "Fix: format the NIK column as Text, re-type (or paste) the full 16-digit numbers, "
    "save, and import again; or export a CSV from a sheet whose NIK column is Text."
)
_FIX_NUMBER_ID = (
    "Excel menyimpannya sebagai angka dan hanya menyimpan 15 digit, sehingga digit terakhir "
    "hilang. Perbaikan: ubah format kolom NIK menjadi Text, ketik ulang (atau tempel) 16 digit "
    "lengkap, simpan, lalu impor lagi; atau ekspor CSV dari lembar yang kolom NIK-nya Text."
)


@dataclass(frozen=True, slots=True)
class Message:
    code: str
    message: str
    pesan: str

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "pesan": self.pesan}


@dataclass(slots=True)
class RowReport:
    row: int
    status: Status
    messages: tuple[Message, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "row": self.row,
            "status": self.status.value,
            "messages": [m.as_json() for m in self.messages],
        }


@dataclass
class ImportReport:
    """What happened to one file; ``imported`` is 0 unless every row was acceptable."""

    visit_id: str
    file_format: str | None
    imported: int = 0
    import_id: str | None = None
    rows: list[RowReport] = field(default_factory=list)
    file_messages: list[Message] = field(default_factory=list)
    file_ok: bool = True
    columns: dict[str, str] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for r in self.rows if r.status is status)

    @property
    def accepted(self) -> bool:
        return self.file_ok and self.imported > 0

    def as_json(self) -> dict[str, object]:
        return {
            "imported": self.imported,
            "rows": [r.as_json() for r in self.rows],
            "visit_id": self.visit_id,
            "import_id": self.import_id,
            "format": self.file_format,
            "summary": {s.value: self.count(s) for s in Status},
            "file_messages": [m.as_json() for m in self.file_messages],
            "columns": self.columns,
            "ignored_columns": self.ignored_columns,
        }


def _msg(code: str, message: str, pesan: str) -> Message:
    return Message(code, message, pesan)


class _Formula(str):
    """A cell whose content is a formula; it has no value an import can trust."""

    __slots__ = ()


# --- reading the file --------------------------------------------------------------


class _FileRefused(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(message.code)
        self.detail = message


@dataclass
class _Sheet:
    file_format: str
    sha256: str
    header: list[str]
    columns: dict[Column, int]
    ignored: list[str]
    rows: Iterator[tuple[int, Sequence[object]]]
    notes: list[Message]
    close: Callable[[], None]


def normalise_header(text: object) -> str:
    """``" No. KK "`` → ``"no kk"``; hints in parentheses are dropped."""
    if text is None:
        return ""
    value = _PARENTHESES.sub(" ", str(text).lower())
    return _NON_WORD.sub(" ", value).strip()


def _map_header(cells: Sequence[object]) -> tuple[dict[Column, int], list[str], list[Column]]:
    columns: dict[Column, int] = {}
    ignored: list[str] = []
    repeated: list[Column] = []
    for index, cell in enumerate(cells):
        key = normalise_header(cell)
        if not key:
            continue
        column = _ALIAS_TO_COLUMN.get(key)
        if column is None:
            ignored.append(str(cell).strip())
        elif column in columns:
            repeated.append(column)
        else:
            columns[column] = index
    return columns, ignored, repeated


def _find_header(
    first: Sequence[tuple[int, Sequence[object]]],
) -> tuple[int, dict[Column, int], list[str], list[Column]] | None:
    """The header is the first row naming both the NIK and the name column (titles sit above)."""
    for position, (_, cells) in enumerate(first):
        columns, ignored, repeated = _map_header(cells)
        if all(c in columns for c in REQUIRED_COLUMNS):
            return position, columns, ignored, repeated
    return None


def _sniff_kind(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    for magic in (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z"):
        if head.startswith(magic):
            return "binary"
    return "text"


def _not_a_table(detail: str, detail_id: str) -> _FileRefused:
    return _FileRefused(
        _msg(
            "file.not_csv_or_xlsx",
            f"This file is not a CSV or XLSX spreadsheet ({detail}). Open the list in Excel or "
            "LibreOffice and save it as .xlsx or as CSV.",
            f"Berkas ini bukan spreadsheet CSV atau XLSX ({detail_id}). Buka daftar di Excel "
            "atau LibreOffice lalu simpan sebagai .xlsx atau CSV.",
        )
    )


def open_sheet(path: Path) -> _Sheet:
    """Detect the format by content, not by the name's extension, which is often wrong."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InvalidInput(
            f"Cannot read {path}: {exc.strerror}.",
            code="targets_file_unreadable",
            params={"path": path, "reason": exc.strerror or ""},
        ) from exc
    if size > MAX_FILE_BYTES:
        raise _FileRefused(
            _msg(
                "file.too_large",
                f"The file is {size // 2**20} MiB; split lists larger than "
                f"{MAX_FILE_BYTES // 2**20} MiB.",
                f"Berkas berukuran {size // 2**20} MiB; pecah daftar yang lebih besar dari "
                f"{MAX_FILE_BYTES // 2**20} MiB.",
            )
        )
    kind = _sniff_kind(head)
    if kind == "xls":
        raise _FileRefused(
            _msg(
                "file.old_xls",
                "This is an old Excel 97-2003 (.xls) file. Open it in Excel and save it as "
                "Excel Workbook (.xlsx) or CSV, then import again.",
                "Ini berkas Excel 97-2003 (.xls). Buka di Excel lalu simpan sebagai Excel "
                "Workbook (.xlsx) atau CSV, kemudian impor lagi.",
            )
        )
    if kind == "binary":
        raise _not_a_table("it is a PDF, an image or an archive", "berupa PDF, gambar atau arsip")
    if kind == "zip":
        return _open_xlsx(path)
    return _open_csv(path)


# --- CSV ---------------------------------------------------------------------------


def _decode(raw: bytes) -> tuple[str, str]:
    """Excel on Indonesian Windows writes CSV in Windows-1252; newer Excel writes UTF-8 + BOM."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    if b"\x00" in raw[:4096]:
        raise _not_a_table("it contains binary data", "berisi data biner")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[object]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, [_unwrap_csv(c) for c in cells]
    except csv.Error as exc:
        log.info("csv refused after row %d: %s", number, exc)
        limit = csv.field_size_limit()
        raise _FileRefused(
            _msg(
                "file.field_too_long",
                f"Row {number + 1} has a cell longer than {limit} characters, or a quote that "
                "is never closed. Check that row in Excel, save the file again and import it.",
                f"Baris {number + 1} memiliki sel lebih dari {limit} karakter, atau tanda "
                "kutip yang tidak ditutup. Periksa baris itu di Excel, simpan lagi, lalu impor.",
            )
        ) from None


def _unwrap_csv(cell: str) -> str | None:
    value = cell.strip().strip("\u00a0\ufeff").strip()
    return value or None


def _open_csv(path: Path) -> _Sheet:
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    text, encoding = _decode(raw)
    del raw
    if sum(1 for c in text[:4096] if c < " " and c not in "\r\n\t") > 4:  # noqa: PLR2004
        raise _not_a_table("it contains control characters", "berisi karakter kontrol")
    best: tuple[int, str] | None = None
    for delimiter in (",", ";", "\t", "|"):
        first = list(itertools.islice(_csv_rows(text, delimiter), HEADER_SCAN_ROWS))
        found = _find_header(first)
        if found is not None and (best is None or len(found[1]) > best[0]):
            best = (len(found[1]), delimiter)
    if best is None:
        raise _no_header(text.strip() == "")
    delimiter = best[1]
    rows = _csv_rows(text, delimiter)
    first = list(itertools.islice(rows, HEADER_SCAN_ROWS))
    found = _find_header(first)
    if found is None:  # pragma: no cover - the same rows were scanned above
        raise _no_header(empty=False)
    position, columns, ignored, repeated = found
    _refuse_repeated(repeated)
    notes = []
    if encoding in {"windows-1252", "latin-1"}:  # guessed, not declared by a BOM
        notes.append(
            _msg(
                "file.encoding",
                f"The file was read as {encoding} (not UTF-8); check that names with "
                "accents look right.",
                f"Berkas dibaca sebagai {encoding} (bukan UTF-8); periksa nama yang "
                "memakai huruf beraksen.",
            )
        )
    header = [str(c or "") for c in first[position][1]]
    return _Sheet(
        file_format="csv",
        sha256=digest,
        header=header,
        columns=columns,
        ignored=ignored,
        rows=itertools.chain(first[position + 1 :], rows),
        notes=notes,
        close=lambda: None,
    )


def _no_header(empty: bool) -> _FileRefused:
    if empty:
        return _FileRefused(_msg("file.empty", "The file is empty.", "Berkas kosong."))
    wanted = ", ".join(f'"{a}"' for a in ("NIK", "Nama"))
    return _FileRefused(
        _msg(
            "file.no_header",
            f"No header row with the columns {wanted} was found in the first "
            f"{HEADER_SCAN_ROWS} rows. Put one header row above the list; see "
            "docs/targets-import.md for the accepted column names.",
            f"Baris judul kolom yang memuat {wanted} tidak ditemukan di {HEADER_SCAN_ROWS} "
            "baris pertama. Tambahkan satu baris judul kolom di atas daftar; lihat "
            "docs/targets-import.md untuk nama kolom yang diterima.",
        )
    )


def _refuse_repeated(repeated: list[Column]) -> None:
    if repeated:
        names = ", ".join(sorted({c.value for c in repeated}))
        raise _FileRefused(
            _msg(
                "file.repeated_column",
                f"These columns appear twice in the header: {names}. Keep one of each.",
                f"Kolom berikut muncul dua kali di baris judul: {names}. Sisakan satu saja.",
            )
        )


# --- XLSX --------------------------------------------------------------------------

_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _column_index(letters: bytes) -> int:
    index = 0
    for char in letters:
        index = index * 26 + (char - ord("A") + 1)
    return index - 1


def _merged_ranges(archive_path: Path, sheet_path: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges as (first row, first col, last row, last col), 1-based rows, 0-based cols.

    Read-only openpyxl streams cells but forgets merges, so the sheet's XML is
    scanned for them (they sit after the cell data).
    """
    ranges: list[tuple[int, int, int, int]] = []
    tail = b""
    with zipfile.ZipFile(archive_path) as archive, archive.open(sheet_path.lstrip("/")) as src:
        while chunk := src.read(1 << 20):
            data = tail + chunk
            last_end = 0
            for match in _MERGE_REF.finditer(data):
                c1, r1, c2, r2 = match.groups()
                first_col, first_row = _column_index(c1), int(r1)
                last_col = _column_index(c2) if c2 else first_col
                last_row = int(r2) if r2 else first_row
                ranges.append((first_row, first_col, last_row, last_col))
                last_end = match.end()
            tail = data[max(last_end, len(data) - 200) :]
    return ranges


def _fill_merged(
    rows: Iterable[tuple[int, Sequence[object]]], ranges: list[tuple[int, int, int, int]]
) -> Iterator[tuple[int, Sequence[object]]]:
    """Give every cell of a merged range the value of its top-left cell, as Excel shows it."""
    if not ranges:
        yield from rows
        return
    by_row: dict[int, list[tuple[int, int, int, int]]] = {}
    for merged in ranges:
        for row in range(merged[0], merged[2] + 1):
            by_row.setdefault(row, []).append(merged)
    top_left: dict[tuple[int, int], object] = {}
    for number, cells in rows:
        covering = by_row.get(number)
        if not covering:
            yield number, cells
            continue
        yield number, _fill_row(number, cells, covering, top_left)


def _fill_row(
    number: int,
    cells: Sequence[object],
    covering: list[tuple[int, int, int, int]],
    top_left: dict[tuple[int, int], object],
) -> list[object]:
    filled = list(cells)
    for first_row, first_col, _, last_col in covering:
        if number == first_row:
            top_left[first_row, first_col] = filled[first_col] if first_col < len(filled) else None
        value = top_left.get((first_row, first_col))
        if len(filled) <= last_col:
            filled.extend([None] * (last_col + 1 - len(filled)))
        for col in range(first_col, last_col + 1):
            if (number, col) != (first_row, first_col):
                filled[col] = _Merged(value)
    return filled


@dataclass(frozen=True, slots=True)
class _Merged:
    """A value shown in a cell only because the cell is part of a merged range."""

    value: object


def _xlsx_value(value: object) -> object:
    if isinstance(value, str):
        if value.startswith("="):
            return _Formula(value)
        return _unwrap_csv(value)
    return value


def _open_xlsx(path: Path) -> _Sheet:
    import openpyxl  # noqa: PLC0415 - loads only when an XLSX file is imported
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415

    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    _inspect_xlsx(path)
    # Our own handle, so a workbook openpyxl cannot read is closed here, not leaked.
    handle = path.open("rb")
    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=False)
        return _first_sheet(path, workbook, handle, digest.hexdigest())
    except _FileRefused:
        handle.close()
        raise
    except (InvalidFileException, *_READER_ERRORS) as exc:
        handle.close()
        log.info("not an xlsx workbook: %s", type(exc).__name__)
        raise _not_a_table(
            "a ZIP archive without an Excel workbook", "arsip ZIP tanpa workbook Excel"
        ) from None


def _close_both(workbook: Any, handle: BinaryIO) -> None:
    workbook.close()
    handle.close()


def _first_sheet(path: Path, workbook: Any, handle: BinaryIO, sha256: str) -> _Sheet:
    """The first visible sheet with a header row, read lazily from here on."""
    epoch = _EXCEL_1904 if workbook.epoch.year == 1904 else _EXCEL_1900  # noqa: PLR2004
    for sheet in workbook.worksheets:
        if getattr(sheet, "sheet_state", "visible") != "visible":
            continue
        sheet.reset_dimensions()
        numbered = (
            (number, [_xlsx_value(v) for v in cells])
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
        first = list(itertools.islice(numbered, HEADER_SCAN_ROWS))
        found = _find_header(first)
        if found is None:
            continue
        position, columns, ignored, repeated = found
        _refuse_repeated(repeated)
        # openpyxl's read-only sheet keeps its part name privately and forgets merges;
        # without the name (another openpyxl) merges are simply not filled in.
        sheet_path = str(getattr(sheet, "_worksheet_path", ""))
        ranges = _merged_ranges(path, sheet_path) if sheet_path else []
        notes = []
        if ranges:
            notes.append(
                _msg(
                    "file.merged_cells",
                    f"The sheet has {len(ranges)} merged cell range(s); each merged cell "
                    "was read as the value it shows.",
                    f"Lembar ini memiliki {len(ranges)} rentang sel gabungan (merge); setiap "
                    "sel gabungan dibaca sesuai nilai yang ditampilkan.",
                )
            )
        header = [str(c or "") for c in first[position][1]]
        rows = _fill_merged(itertools.chain(first[position + 1 :], numbered), ranges)
        return _Sheet(
            file_format="xlsx",
            sha256=sha256,
            header=header,
            columns=columns,
            ignored=ignored,
            rows=_with_epoch(rows, epoch),
            notes=notes,
            close=functools.partial(_close_both, workbook, handle),
        )
    workbook.close()
    handle.close()
    raise _no_header(empty=False)


#: What openpyxl, zipfile and expat raise on a file they cannot read: never ours to let
#: through (found by fuzzing: a damaged workbook.xml raised ParseError, an "internal error").
_READER_ERRORS = (
    ET.ParseError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
    OSError,
)
_ROW_TAG = re.compile(rb"<(?:\w{1,16}:)?row[\s>/]")
_SHARED_STRING_TAG = re.compile(rb"<(/?)(?:\w{1,16}:)?si[\s>/]")
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
#: Bytes kept from one chunk to the next so a tag split between them is still seen.
_OVERLAP = 64


def _too_large_unpacked(what: str, what_id: str) -> _FileRefused:
    return _FileRefused(
        _msg(
            "file.xlsx_too_large",
            f"The workbook is too large inside ({what}); a target list is at most "
            f"{MAX_ROWS:,} rows of short text. Copy the list alone into a new workbook, "
            "save it and import again.",
            f"Isi workbook terlalu besar ({what_id}); daftar sasaran paling banyak "
            f"{MAX_ROWS:,} baris teks pendek. Salin daftarnya saja ke workbook baru, "
            "simpan, lalu impor lagi.",
        )
    )


def _too_many_rows() -> _FileRefused:
    return _FileRefused(
        _msg(
            "file.too_many_rows",
            f"The list has more than {MAX_ROWS:,} rows (empty but formatted rows count too). "
            "Split it into one file per village, or delete the empty rows below the list.",
            f"Daftar memiliki lebih dari {MAX_ROWS:,} baris (baris kosong yang diformat juga "
            "dihitung). Pecah menjadi satu berkas per desa, atau hapus baris kosong di bawah "
            "daftar.",
        )
    )


class _XmlPartScan:
    """Limits checked on one XLSX part while it is unpacked, chunk by chunk."""

    def __init__(self, name: str) -> None:
        self.sheet = name.startswith("xl/worksheets/")
        self.shared = name.endswith("sharedStrings.xml")
        self.rows = 0
        self.text_run = 0  # bytes since the last "<"
        self.string_open_at: int | None = None
        self.position = 0  # offset of ``pending`` in the part
        self.pending = b""

    def feed(self, chunk: bytes, *, last: bool) -> None:
        data = self.pending + chunk
        self._check_text_runs(chunk)
        cut = len(data) if last else max(0, len(data) - _OVERLAP)
        if _DECLARATION.search(data, 0, cut + _OVERLAP):
            raise _FileRefused(
                _msg(
                    "file.xml_entities",
                    "The workbook declares XML entities, which Excel never writes; it may "
                    "have been made to attack the importer. Open it in Excel, save it as a "
                    "new .xlsx and import that.",
                    "Workbook ini mendeklarasikan entitas XML, yang tidak pernah ditulis "
                    "Excel; berkas ini mungkin dibuat untuk menyerang pengimpor. Buka di "
                    "Excel, simpan sebagai .xlsx baru, lalu impor berkas itu.",
                )
            )
        if self.sheet:
            self.rows += sum(1 for _ in _ROW_TAG.finditer(data, 0, cut))
            if self.rows > MAX_ROWS + HEADER_SCAN_ROWS:
                raise _too_many_rows()
        if self.shared:
            self._check_shared_strings(data, cut)
        self.position += cut
        self.pending = data[cut:]

    def _check_text_runs(self, chunk: bytes) -> None:
        pieces = chunk.split(b"<")  # C speed; a regex for a long run would backtrack
        if len(pieces) == 1:
            self.text_run += len(chunk)
        else:
            longest = max(self.text_run + len(pieces[0]), *map(len, pieces[1:-1]), 0)
            self.text_run = len(pieces[-1])
            if longest >= MAX_XML_TEXT:
                self.text_run = longest
        if self.text_run >= MAX_XML_TEXT:
            raise _too_large_unpacked(
                f"a cell or text longer than {MAX_XML_TEXT // 1024} KiB",
                f"sel atau teks lebih dari {MAX_XML_TEXT // 1024} KiB",
            )

    def _check_shared_strings(self, data: bytes, cut: int) -> None:
        for match in _SHARED_STRING_TAG.finditer(data, 0, cut):
            at = self.position + match.start()
            if not match.group(1):
                self.string_open_at = at
            elif self.string_open_at is not None:
                self._check_string(at - self.string_open_at)
                self.string_open_at = None
        if self.string_open_at is not None:
            self._check_string(self.position + cut - self.string_open_at)

    @staticmethod
    def _check_string(length: int) -> None:
        if length > MAX_XML_TEXT:
            raise _too_large_unpacked(
                f"a shared string longer than {MAX_XML_TEXT // 1024} KiB",
                f"string bersama lebih dari {MAX_XML_TEXT // 1024} KiB",
            )


def _inspect_xlsx(path: Path) -> None:
    """Unpack every part once, in 1 MiB pieces, before openpyxl touches the file.

    The sizes a ZIP declares may lie, so the limits are checked on the bytes that
    really come out: the total unpacked, the shared strings, the longest text, the
    rows of each sheet, and no DOCTYPE or ENTITY declarations (entity expansion,
    "billion laughs").  A bomb is refused after unpacking little more than a limit.
    """
    total = 0
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                scan = (
                    _XmlPartScan(info.filename)
                    if info.filename.endswith((".xml", ".rels", ".vml"))
                    else None
                )
                part = 0
                with archive.open(info) as src:
                    while True:
                        chunk = src.read(1 << 20)
                        total += len(chunk)
                        part += len(chunk)
                        if total > MAX_XLSX_UNPACKED:
                            raise _too_large_unpacked(
                                f"over {MAX_XLSX_UNPACKED // 2**20} MiB unpacked",
                                f"lebih dari {MAX_XLSX_UNPACKED // 2**20} MiB setelah dibuka",
                            )
                        if scan is not None and scan.shared and part > MAX_SHARED_STRINGS_BYTES:
                            raise _too_large_unpacked(
                                f"over {MAX_SHARED_STRINGS_BYTES // 2**20} MiB of text",
                                f"lebih dari {MAX_SHARED_STRINGS_BYTES // 2**20} MiB teks",
                            )
                        if scan is not None:
                            scan.feed(chunk, last=not chunk)
                        if not chunk:
                            break
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError) as exc:
        log.info("not a readable xlsx archive: %s", type(exc).__name__)
        raise _not_a_table(
            "a damaged or unreadable ZIP archive", "arsip ZIP yang rusak atau tidak terbaca"
        ) from None
    except NotImplementedError:  # a compression method zipfile does not have
        raise _not_a_table(
            "a ZIP archive packed in a way Excel does not use",
            "arsip ZIP yang dikemas dengan cara yang tidak dipakai Excel",
        ) from None


def _guarded(
    rows: Iterable[tuple[int, Sequence[object]]],
) -> Iterator[tuple[int, Sequence[object]]]:
    """At most ``MAX_ROWS`` rows, and a reader's failure half-way becomes a refusal.

    openpyxl parses as it goes, so a sheet broken after its first rows fails only
    here; its exception types are not ours to let through.
    """
    iterator = iter(rows)
    count = 0
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except _FileRefused:
            raise
        except _READER_ERRORS as exc:
            log.info("the sheet could not be read past row %d: %s", count, type(exc).__name__)
            raise _FileRefused(
                _msg(
                    "file.damaged",
                    f"The file cannot be read past row {count}; it may be damaged. Open it "
                    "in Excel or LibreOffice, save it again and import it.",
                    f"Berkas tidak dapat dibaca setelah baris {count}; mungkin rusak. Buka di "
                    "Excel atau LibreOffice, simpan lagi, lalu impor.",
                )
            ) from None
        count += 1
        if count > MAX_ROWS:
            raise _too_many_rows()
        yield item


def _with_epoch(
    rows: Iterable[tuple[int, Sequence[object]]], epoch: dt.date
) -> Iterator[tuple[int, Sequence[object]]]:
    """Numbers in a date column are serial dates counted from the workbook's epoch."""
    for number, cells in rows:
        yield number, [_SerialEpoch(c, epoch) if _is_number(c) else c for c in cells]


@dataclass(frozen=True, slots=True)
class _SerialEpoch:
    value: int | float
    epoch: dt.date


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


# --- one row -----------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
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
    errors: list[Message] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)

    def error(self, code: str, message: str, pesan: str) -> None:
        self.errors.append(_msg(code, message, pesan))

    def warn(self, code: str, message: str, pesan: str) -> None:
        self.warnings.append(_msg(code, message, pesan))


def _plain(value: object) -> object:
    if isinstance(value, _Merged):
        return _plain(value.value)
    if isinstance(value, _SerialEpoch):
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


def _formula_error(row: _Row, column: Column) -> None:
    row.error(
        f"{column.value}.formula",
        f"The {column.value} cell holds a formula; formulas are not imported. Select the "
        "column, Copy, then Paste Special > Values, save and import again.",
        f"Sel {column.value} berisi rumus; rumus tidak diimpor. Pilih kolomnya, Salin, lalu "
        "Tempel Spesial > Nilai (Values), simpan dan impor lagi.",
    )


def _number_like(
    raw: object, row: _Row, column: Column, label: str, merged_ok: bool = False
) -> str | None:
    """The NIK or KK cell as text, refusing what Excel has already damaged."""
    if isinstance(raw, _Merged) and not merged_ok:
        if raw.value is None:
            return None
        row.error(
            f"{column.value}.merged",
            f"The {label} cell is part of a merged range shared with another row; each "
            "person needs their own cell. Unmerge the cells.",
            f"Sel {label} tergabung (merge) dengan baris lain; setiap orang perlu sel "
            "sendiri. Pisahkan (unmerge) sel tersebut.",
        )
        return None
    value = _plain(raw)
    if value is None:
        return None
    if isinstance(value, _Formula):
        _formula_error(row, column)
        return None
    if _is_number(value):
        row.error(
            f"{column.value}.stored_as_number",
            f"The {label} is a number cell. " + _FIX_NUMBER,
            f"{label} berupa sel angka. " + _FIX_NUMBER_ID,
        )
        return None
    text = str(value).strip()
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1]  # the ="..." trick that keeps a CSV number as text in Excel
    text = text.lstrip("'").strip()
    return None if _damaged_by_excel(text, row, column, label) else text


def _damaged_by_excel(text: str, row: _Row, column: Column, label: str) -> bool:
    if _SCIENTIFIC.fullmatch(text):
        row.error(
            f"{column.value}.scientific_notation",
            f"The {label} is in scientific notation (like 3.31501E+15). " + _FIX_NUMBER,
            f"{label} tertulis dalam notasi ilmiah (seperti 3.31501E+15). " + _FIX_NUMBER_ID,
        )
        return True
    if _DECIMAL_NUMBER.fullmatch(text):
        row.error(
            f"{column.value}.stored_as_number",
            f"The {label} has decimals. " + _FIX_NUMBER,
            f"{label} memiliki angka desimal. " + _FIX_NUMBER_ID,
        )
        return True
    return False


def _parse_date(raw: object, row: _Row) -> dt.date | None:  # noqa: C901, PLR0911, PLR0912
    value = raw.value if isinstance(raw, _Merged) else raw
    if isinstance(value, _Formula):
        _formula_error(row, Column.BIRTH_DATE)
        return None
    epoch = _EXCEL_1900
    if isinstance(value, _SerialEpoch):
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
        row.warn(
            "tanggal_lahir.year_only",
            "The birth date gives only a year; it was not stored.",
            "Tanggal lahir hanya berisi tahun; tidak disimpan.",
        )
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
            row.warn(
                "tanggal_lahir.month_first",
                "The birth date looks like month/day/year; it was read as day/month/year.",
                "Tanggal lahir tampak berformat bulan/tanggal/tahun; dibaca sebagai "
                "tanggal/bulan/tahun.",
            )
    elif (match := _D_MONTH_Y.fullmatch(text)) and match.group(2) in _MONTHS:
        day, month, year = int(match.group(1)), _MONTHS[match.group(2)], int(match.group(3))
    elif len(text) == 8 and text.isdigit():  # noqa: PLR2004 - DDMMYYYY typed without separators
        day, month, year = int(text[:2]), int(text[2:4]), int(text[4:])
    if day is None or month is None or year is None:
        row.error(
            "tanggal_lahir.unreadable",
            "The birth date is not a date FieldKit understands; write it as DD-MM-YYYY "
            "(e.g. 17-08-1950) or use an Excel date cell.",
            "Tanggal lahir tidak dapat dibaca; tulis sebagai DD-MM-YYYY (misalnya "
            "17-08-1950) atau gunakan sel tanggal Excel.",
        )
        return None
    today = dt.datetime.now(dt.UTC).date()
    if year < _TWO_DIGIT_YEAR:
        year += today.year - today.year % _TWO_DIGIT_YEAR
        if year > today.year:
            year -= _TWO_DIGIT_YEAR
    try:
        date = dt.date(year, month, day)
    except ValueError:
        row.error(
            "tanggal_lahir.invalid",
            f"The birth date {day:02d}-{month:02d}-{year} does not exist.",
            f"Tanggal lahir {day:02d}-{month:02d}-{year} tidak ada di kalender.",
        )
        return None
    if date > today:
        row.error(
            "tanggal_lahir.future",
            "The birth date is in the future.",
            "Tanggal lahir ada di masa depan.",
        )
        return None
    return date


def _parse_sex(raw: object, row: _Row) -> Sex | None:
    text = _text(raw)
    if text is None:
        return None
    sex = _SEX_WORDS.get(normalise_header(text))
    if sex is None:
        row.error(
            "jenis_kelamin.unknown",
            "Jenis kelamin must be L or P (Laki-laki / Perempuan).",
            "Jenis kelamin harus L atau P (Laki-laki / Perempuan).",
        )
    return sex


def _parse_categories(raw: object, row: _Row) -> None:
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
            row.warn(
                "kategori.unknown",
                f"Kategori {part.strip()[:40]!r} is not one of lansia, disabilitas, ODGJ, "
                "terbaring, lainnya; it was stored as lainnya.",
                f"Kategori {part.strip()[:40]!r} bukan lansia, disabilitas, ODGJ, terbaring "
                "atau lainnya; disimpan sebagai lainnya.",
            )
            category = Category.LAINNYA
        if category not in row.categories:
            row.categories.append(category)
        if kind and not row.disability_kind:
            row.disability_kind = kind


def _rt_rw(raw: str | None, row: _Row, label: str) -> str | None:
    if raw is None:
        return None
    digits = raw.strip().lstrip("0") or "0"
    if not digits.isdigit() or len(digits) > _MAX_RT:
        row.warn(
            f"{label.lower()}.invalid",
            f"{label} must be a number of up to 3 digits; it was not stored.",
            f"{label} harus berupa angka paling banyak 3 digit; tidak disimpan.",
        )
        return None
    return digits.zfill(3)


def _limited(text: str | None, limit: int, row: _Row, column: Column) -> str | None:
    if text is not None and len(text) > limit:
        row.warn(
            f"{column.value}.too_long",
            f"{column.value} is longer than {limit} characters and was cut.",
            f"{column.value} lebih dari {limit} karakter dan dipotong.",
        )
        return text[:limit]
    return text


def _parse_birth(row: _Row, cell: Callable[[Column], object], columns: dict[Column, int]) -> None:
    place_date = _text(cell(Column.BIRTH_PLACE_DATE))
    if place_date:  # "Blitar, 17-08-1950" in one TTL column
        place, _, date_text = place_date.rpartition(",")
        row.birth_place = place.strip() or None
        row.birth_date = _parse_date(date_text.strip(), row)
    if Column.BIRTH_PLACE in columns:
        row.birth_place = _limited(_text(cell(Column.BIRTH_PLACE)), 80, row, Column.BIRTH_PLACE)
    if Column.BIRTH_DATE in columns:
        row.birth_date = _parse_date(cell(Column.BIRTH_DATE), row)


def _parse_row(number: int, cells: Sequence[object], columns: dict[Column, int]) -> _Row | None:
    """One row as a target, or None for a row with nothing in any known column."""

    def raw(column: Column) -> object:
        index = columns.get(column)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    # A row whose only content is a merged cell running past the list is empty too.
    if all(_plain(raw(c)) is None or isinstance(raw(c), _Merged) for c in columns):
        return None
    row = _Row(number)
    formulas = {c for c in columns if isinstance(_plain(raw(c)), _Formula)}
    for column in sorted(formulas):
        _formula_error(row, column)

    def cell(column: Column) -> object:
        return None if column in formulas else raw(column)

    row.nik = _number_like(cell(Column.NIK), row, Column.NIK, "NIK")
    row.kk = _number_like(cell(Column.KK), row, Column.KK, "KK number", merged_ok=True)
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
    row.note = _text(cell(Column.NOTE))
    _check_identity(row)
    return row


def _check_identity(row: _Row) -> None:
    if row.name is None:
        row.error("nama.missing", "The name (Nama) is empty.", "Nama kosong.")
    elif len(row.name) > MAX_NAME:
        row.error(
            "nama.too_long",
            f"The name is longer than {MAX_NAME} characters.",
            f"Nama lebih dari {MAX_NAME} karakter.",
        )
    if row.nik is None:
        if not any(m.code.startswith("nik.") for m in row.errors):
            row.error("nik.missing", "The NIK is empty.", "NIK kosong.")
        return
    checked = nik.check_nik(row.nik, birth_date=row.birth_date, sex=row.sex)
    row.errors += [Message(f.code, f.message, f.pesan) for f in checked.errors]
    row.warnings += [Message(f.code, f.message, f.pesan) for f in checked.warnings]
    if row.kk is not None:
        kk = nik.check_kk(row.kk)
        row.errors += [Message(f.code, f.message, f.pesan) for f in kk.errors]
        row.warnings += [Message(f.code, f.message, f.pesan) for f in kk.warnings]
        if row.kk == row.nik:
            row.warn(
                "kk.same_as_nik",
                "The KK number equals the NIK; a KK number is the family card's own number.",
                "Nomor KK sama dengan NIK; nomor KK adalah nomor kartu keluarga sendiri.",
            )


# --- the import --------------------------------------------------------------------


def _batched(
    items: Iterator[tuple[int, Sequence[object]]], size: int
) -> Iterator[list[tuple[int, Sequence[object]]]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


class _Rollback(Exception):
    """Raised inside the transaction to undo every chunk inserted so far."""


def _stored_duplicates(
    session: Session, niks: list[str], import_id: str
) -> dict[str, tuple[str, dt.date]]:
    found: dict[str, tuple[str, dt.date]] = {}
    for start in range(0, len(niks), 500):
        part = niks[start : start + 500]
        query = (
            sa.select(Target.nik, Visit.id, Visit.visit_date)
            .join(Visit, Visit.id == Target.visit_id)
            .where(Target.nik.in_(part))
            .where(sa.or_(Target.import_id.is_(None), Target.import_id != import_id))
        )
        for number, visit_id, visit_date in session.execute(query):
            found.setdefault(number, (visit_id, visit_date))
    return found


def _finish(row: _Row) -> RowReport:
    status = Status.ERROR if row.errors else Status.WARNING if row.warnings else Status.OK
    return RowReport(row.number, status, tuple(row.errors + row.warnings))


def _target_values(row: _Row, visit_id: str, import_id: str, now: dt.datetime) -> dict[str, object]:
    return {
        "id": str(uuid.uuid4()),
        "visit_id": visit_id,
        "import_id": import_id,
        "source_row": row.number,
        "nik": row.nik,
        "kk": row.kk,
        "name": row.name,
        "birth_place": row.birth_place,
        "birth_date": row.birth_date,
        "sex": row.sex.value if row.sex else None,
        "address": row.address,
        "rt": row.rt,
        "rw": row.rw,
        "desa": row.desa,
        "kecamatan": row.kecamatan,
        "categories": ",".join(c.value for c in row.categories),
        "disability_kind": row.disability_kind,
        "note": row.note,
        "warnings": ",".join(sorted({m.code for m in row.warnings})) or None,
        "created_at": now,
    }


def import_targets(ws: Workspace, visit_ref: str, path: Path) -> ImportReport:
    """Check every row of ``path`` and store them all as the visit's targets, or none.

    Returns the report either way; ``report.imported`` is 0 when anything was
    wrong.  Only an unknown visit or an unreadable path raises.
    """
    require_role(ws.officer, *PLANNERS)
    with ws.transaction() as session:
        visit_id = resolve_row(session, Visit, visit_ref, "visit").id
    report = ImportReport(visit_id=visit_id, file_format=None)
    try:
        sheet = open_sheet(path)
    except _FileRefused as refused:
        report.file_ok = False
        report.file_messages.append(refused.detail)
        _audit_refusal(ws, report, refused.detail.code)
        return report
    report.file_format = sheet.file_format
    report.columns = {c.value: sheet.header[i] for c, i in sorted(sheet.columns.items())}
    report.ignored_columns = sheet.ignored
    report.file_messages += sheet.notes
    sheet.rows = _guarded(sheet.rows)
    try:
        _store_all(ws, sheet, report)
    except _FileRefused as refused:  # met half-way: the transaction has been rolled back
        report.file_ok = False
        report.rows = []
        report.imported = 0
        report.import_id = None
        report.file_messages.append(refused.detail)
        _audit_refusal(ws, report, refused.detail.code)
    except _Rollback:
        report.imported = 0
        report.import_id = None
        _audit_refusal(ws, report, "row_errors" if report.file_ok else "no_rows")
    finally:
        sheet.close()
    return report


def _store_all(ws: Workspace, sheet: _Sheet, report: ImportReport) -> None:
    now = dt.datetime.now(dt.UTC)
    import_id = str(uuid.uuid4())
    seen: dict[str, int] = {}
    failed = False
    stored = warned = 0
    with ws.transaction() as session:
        session.add(
            TargetImport(
                id=import_id,
                visit_id=report.visit_id,
                file_format=sheet.file_format,
                file_sha256=sheet.sha256,
                rows=0,
                warnings=0,
                imported_by=ws.officer.username,
                imported_at=now,
            )
        )
        session.flush()
        for chunk in _batched(sheet.rows, CHUNK_ROWS):
            parsed = [r for r in (_parse_row(n, c, sheet.columns) for n, c in chunk) if r]
            for row in parsed:
                if row.nik is None or row.errors:
                    continue
                first = seen.setdefault(row.nik, row.number)
                if first != row.number:
                    row.error(
                        "nik.duplicate_in_file",
                        f"The same NIK is already on row {first} of this file.",
                        f"NIK yang sama sudah ada di baris {first} berkas ini.",
                    )
            candidates = [r.nik for r in parsed if r.nik is not None and not r.errors]
            stored_dups = _stored_duplicates(session, candidates, import_id)
            for row in parsed:
                if row.nik in stored_dups and not row.errors:
                    other, when = stored_dups[row.nik]
                    row.error(
                        "nik.duplicate_stored",
                        f"This NIK is already a target of visit {other[:8]} on {when.isoformat()}.",
                        f"NIK ini sudah menjadi sasaran kunjungan {other[:8]} tanggal "
                        f"{when.isoformat()}.",
                    )
                report.rows.append(_finish(row))
            failed = failed or any(r.errors for r in parsed)
            if not failed and parsed:
                # Core executemany: the ORM's bulk path runs a statement per few rows.
                session.connection().execute(
                    sa.insert(cast("sa.Table", Target.__table__)),
                    [_target_values(r, report.visit_id, import_id, now) for r in parsed],
                )
                stored += len(parsed)
                warned += sum(1 for r in parsed if r.warnings)
        if not report.rows:
            report.file_ok = False
            report.file_messages.append(
                _msg(
                    "file.no_rows",
                    "The file has a header row but no targets below it.",
                    "Berkas memiliki baris judul tetapi tidak ada sasaran di bawahnya.",
                )
            )
            raise _Rollback
        if failed:
            raise _Rollback
        session.execute(
            sa.update(TargetImport)
            .where(TargetImport.id == import_id)
            .values(rows=stored, warnings=warned)
        )
        audit.append(
            session,
            ws.officer.username,
            "targets.imported",
            report.visit_id,
            {
                "import_id": import_id,
                "rows": stored,
                "warnings": warned,
                "format": sheet.file_format,
            },
        )
    report.imported = stored
    report.import_id = import_id
    log.info("imported %d targets (%d with warnings)", stored, warned)
    ws.events.emit("targets_changed", visit_id=report.visit_id)


def _audit_refusal(ws: Workspace, report: ImportReport, reason: str) -> None:
    """A refused file changes no data, but the office should see that one was tried."""
    with ws.transaction() as session:
        audit.append(
            session,
            ws.officer.username,
            "targets.import_refused",
            report.visit_id,
            {
                "reason": reason,
                "format": report.file_format,
                "rows": len(report.rows),
                "errors": report.count(Status.ERROR),
            },
        )
    log.info("target import refused (%s, %d row errors)", reason, report.count(Status.ERROR))


# --- reading targets back ----------------------------------------------------------


@dataclass(frozen=True)
class TargetInfo:
    id: str
    visit_id: str
    nik: str
    name: str
    birth_date: dt.date | None
    sex: str | None
    address: str | None
    desa: str | None
    categories: tuple[Category, ...]
    disability_kind: str | None
    note: str | None = None  # the list's "keterangan" column

    @classmethod
    def from_row(cls, row: Target) -> TargetInfo:
        return cls(
            row.id,
            row.visit_id,
            row.nik,
            row.name,
            row.birth_date,
            row.sex,
            row.address,
            row.desa,
            tuple(Category(c) for c in row.categories.split(",") if c),
            row.disability_kind,
            row.note,
        )

    def as_json(self, *, reveal: bool = False) -> dict[str, object]:
        """Masks the NIK unless asked: lists are shown on screens people can see."""
        data = dataclasses.asdict(self)
        data["nik"] = self.nik if reveal else nik.mask(self.nik)
        data["birth_date"] = self.birth_date.isoformat() if self.birth_date else None
        data["categories"] = [c.value for c in self.categories]
        return data


def list_targets(ws: Workspace, visit_ref: str) -> list[TargetInfo]:
    with ws.transaction() as session:
        visit = resolve_row(session, Visit, visit_ref, "visit")
        rows = session.execute(
            sa.select(Target)
            .where(Target.visit_id == visit.id)
            .order_by(Target.source_row, Target.created_at)
        ).scalars()
        return [TargetInfo.from_row(r) for r in rows]
