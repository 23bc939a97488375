"""The target import's vocabulary: columns, limits, the report, the sheet, and refusals.

Shared by the three parts of the import, which change for different reasons:
:mod:`~fieldkit.planning.target_reading` (what a file is and how its cells come out),
:mod:`~fieldkit.planning.target_rows` (what a row must say) and
:mod:`~fieldkit.planning.targets_import` (storing and listing).  Nothing here touches the
store or a file.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeGuard

from fieldkit import sentences
from fieldkit.nik import Finding

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

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


_NON_WORD = re.compile(r"[^0-9a-z]+")
_PARENTHESES = re.compile(r"\(.*?\)")


EXCEL_1900 = dt.date(1899, 12, 30)
EXCEL_1904 = dt.date(1904, 1, 1)


#: The context of the import's own sentences (``fieldkit/planning/sentences.py``).
CONTEXT = "targets"
#: Params holding a code of their own, worded by the catalogue entry ``<name>.<code>``
#: from the same params: why a file is not a table, what in a workbook is too large
#: (``reason``), which number a cell holds (``number``: nik or kk).
WORDED_PARAMS = ("reason", "number")


@dataclass(frozen=True, slots=True)
class Message:
    """One note on an import: a stable ``code`` and the ``params`` its sentence names.

    ``wording`` is the catalogue entry when one code has several sentences; it
    defaults to the code.  No language is chosen here: the planning screen words a
    note from the catalogue, the CLI reads ``message``, the catalogue's English.
    """

    code: str
    #: Text, or a count (an int: each language writes it its own way, "100.000")
    params: dict[str, str | int] = field(default_factory=dict)
    wording: str = ""

    @property
    def sentence(self) -> str:
        """The catalogue entry of this note's sentence."""
        return self.wording or self.code

    @property
    def message(self) -> str:
        """The English sentence, from the catalogue's fallback: logs, the CLI, ``--json``."""
        values = dict(self.params)
        for name in WORDED_PARAMS:
            if name in values:
                values[name] = sentences.english(CONTEXT, f"{name}.{values[name]}", self.params)
        return sentences.english(CONTEXT, self.sentence, values)

    def as_json(self) -> dict[str, object]:
        return {"code": self.code, "params": dict(self.params), "message": self.message}


#: What an import reports on a row: its own notes, and the NIK/KK check's findings.
Note = Message | Finding


@dataclass(slots=True)
class RowReport:
    row: int
    status: Status
    messages: tuple[Note, ...]

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


class Formula(str):
    """A cell whose content is a formula; it has no value an import can trust."""

    __slots__ = ()


# --- the sheet and the refusals every reader shares --------------------------------


class FileRefused(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(message.code)
        self.detail = message


@dataclass
class Sheet:
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


def find_header(
    first: Sequence[tuple[int, Sequence[object]]],
) -> tuple[int, dict[Column, int], list[str], list[Column]] | None:
    """The header is the first row naming both the NIK and the name column (titles sit above)."""
    for position, (_, cells) in enumerate(first):
        columns, ignored, repeated = _map_header(cells)
        if all(c in columns for c in REQUIRED_COLUMNS):
            return position, columns, ignored, repeated
    return None


def no_header(empty: bool) -> FileRefused:
    if empty:
        return FileRefused(Message("file.empty"))
    wanted = ", ".join(f'"{a}"' for a in ("NIK", "Nama"))
    return FileRefused(
        Message("file.no_header", {"columns": wanted, "rows": str(HEADER_SCAN_ROWS)})
    )


def refuse_repeated(repeated: list[Column]) -> None:
    if repeated:
        names = ", ".join(sorted({c.value for c in repeated}))
        raise FileRefused(Message("file.repeated_column", {"names": names}))


#: The refusal of a file that is no spreadsheet at all, whatever its name.
NOT_A_TABLE = "file.not_csv_or_xlsx"


def not_a_table(reason: str) -> FileRefused:
    """The file is no table; ``reason`` is a code the catalogue words (``reason.<code>``)."""
    return FileRefused(Message(NOT_A_TABLE, {"reason": reason}))


def too_many_rows() -> FileRefused:
    return FileRefused(Message("file.too_many_rows", {"max": MAX_ROWS}))


@dataclass(frozen=True, slots=True)
class SerialEpoch:
    value: int | float
    epoch: dt.date


def is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def unwrap_cell(cell: str) -> str | None:
    value = cell.strip().strip("\u00a0\ufeff").strip()
    return value or None


@dataclass(frozen=True, slots=True)
class Merged:
    """A value shown in a cell only because the cell is part of a merged range."""

    value: object
