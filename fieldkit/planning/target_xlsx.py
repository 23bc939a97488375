"""Reading an XLSX target list: merged cells, serial dates, and limits checked while unpacking.

Read-only openpyxl streams the cells but forgets merged ranges, so those are
scanned from the sheet's XML; every part is unpacked once, in pieces, before
openpyxl sees the file, so a ZIP bomb or an entity attack is refused early.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import logging
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from typing import TYPE_CHECKING, Any, BinaryIO

from fieldkit.planning.target_import_types import (
    EXCEL_1900,
    EXCEL_1904,
    HEADER_SCAN_ROWS,
    MAX_ROWS,
    MAX_SHARED_STRINGS_BYTES,
    MAX_XLSX_UNPACKED,
    MAX_XML_TEXT,
    FileRefused,
    Formula,
    Merged,
    Message,
    SerialEpoch,
    Sheet,
    find_header,
    is_number,
    no_header,
    not_a_table,
    refuse_repeated,
    too_many_rows,
    unwrap_cell,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Iterator, Sequence
    from pathlib import Path

log = logging.getLogger(__name__)


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
                filled[col] = Merged(value)
    return filled


def _xlsx_value(value: object) -> object:
    if isinstance(value, str):
        if value.startswith("="):
            return Formula(value)
        return unwrap_cell(value)
    return value


def open_xlsx(path: Path) -> Sheet:
    import openpyxl  # noqa: PLC0415 - loads only when an XLSX file is imported
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415 - as above

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
    except FileRefused:
        handle.close()
        raise
    except (InvalidFileException, *READER_ERRORS) as exc:
        handle.close()
        log.info("not an xlsx workbook: %s", type(exc).__name__)
        raise not_a_table("zip_without_workbook") from None


def _close_both(workbook: Any, handle: BinaryIO) -> None:
    workbook.close()
    handle.close()


def _first_sheet(path: Path, workbook: Any, handle: BinaryIO, sha256: str) -> Sheet:
    """The first visible sheet with a header row, read lazily from here on."""
    epoch = EXCEL_1904 if workbook.epoch.year == 1904 else EXCEL_1900  # noqa: PLR2004
    for sheet in workbook.worksheets:
        if getattr(sheet, "sheet_state", "visible") != "visible":
            continue
        sheet.reset_dimensions()
        numbered = (
            (number, [_xlsx_value(v) for v in cells])
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
        first = list(itertools.islice(numbered, HEADER_SCAN_ROWS))
        found = find_header(first)
        if found is None:
            continue
        position, columns, ignored, repeated = found
        refuse_repeated(repeated)
        # openpyxl's read-only sheet keeps its part name privately and forgets merges;
        # without the name (another openpyxl) merges are simply not filled in.
        sheet_path = str(getattr(sheet, "_worksheet_path", ""))
        ranges = _merged_ranges(path, sheet_path) if sheet_path else []
        notes = []
        if ranges:
            notes.append(Message("file.merged_cells", {"count": str(len(ranges))}))
        header = [str(c or "") for c in first[position][1]]
        rows = _fill_merged(itertools.chain(first[position + 1 :], numbered), ranges)
        return Sheet(
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
    raise no_header(empty=False)


#: What openpyxl, zipfile and expat raise on a file they cannot read: never ours to let
#: through (found by fuzzing: a damaged workbook.xml raised ParseError, an "internal error").
READER_ERRORS = (
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


def _too_large_unpacked(reason: str, **params: str) -> FileRefused:
    """What is too large is a code the catalogue words (``reason.<code>``), with ``params``."""
    return FileRefused(
        Message("file.xlsx_too_large", {"reason": reason, **params, "max": MAX_ROWS})
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
            raise FileRefused(Message("file.xml_entities"))
        if self.sheet:
            self.rows += sum(1 for _ in _ROW_TAG.finditer(data, 0, cut))
            if self.rows > MAX_ROWS + HEADER_SCAN_ROWS:
                raise too_many_rows()
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
            raise _too_large_unpacked("long_text", kib=str(MAX_XML_TEXT // 1024))

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
            raise _too_large_unpacked("long_shared_string", kib=str(MAX_XML_TEXT // 1024))


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
                                "unpacked", mib=str(MAX_XLSX_UNPACKED // 2**20)
                            )
                        if scan is not None and scan.shared and part > MAX_SHARED_STRINGS_BYTES:
                            raise _too_large_unpacked(
                                "shared_strings", mib=str(MAX_SHARED_STRINGS_BYTES // 2**20)
                            )
                        if scan is not None:
                            scan.feed(chunk, last=not chunk)
                        if not chunk:
                            break
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError) as exc:
        log.info("not a readable xlsx archive: %s", type(exc).__name__)
        raise not_a_table("zip_damaged") from None
    except NotImplementedError:  # a compression method zipfile does not have
        raise not_a_table("zip_packed_oddly") from None


def _with_epoch(
    rows: Iterable[tuple[int, Sequence[object]]], epoch: dt.date
) -> Iterator[tuple[int, Sequence[object]]]:
    """Numbers in a date column are serial dates counted from the workbook's epoch."""
    for number, cells in rows:
        yield number, [SerialEpoch(c, epoch) if is_number(c) else c for c in cells]
