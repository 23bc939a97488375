"""Reading a target list: what the file is (by content, not name) and its rows as cells.

CSV is read here; XLSX, with its merged cells and the limits checked while it is
unpacked, in :mod:`~fieldkit.planning.target_xlsx`.  The row values are not
judged here; :mod:`~fieldkit.planning.target_rows` does that.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import logging
from typing import TYPE_CHECKING

from fieldkit.errors import InvalidInput
from fieldkit.planning.target_import_types import (
    HEADER_SCAN_ROWS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    NOT_A_TABLE,
    FileRefused,
    Message,
    Sheet,
    find_header,
    no_header,
    not_a_table,
    refuse_repeated,
    too_many_rows,
    unwrap_cell,
)
from fieldkit.planning.target_xlsx import READER_ERRORS, open_xlsx

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence
    from pathlib import Path

log = logging.getLogger(__name__)


#: Names that promise an Excel workbook (a zip archive inside).
_EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls"})


def _sniff_kind(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    for magic in (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z"):
        if head.startswith(magic):
            return "binary"
    return "text"


def open_sheet(path: Path) -> Sheet:
    """Detect the format by content, not by the name's extension, which is often wrong."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InvalidInput(
            code="targets_file_unreadable",
            params={"path": path, "reason": exc.strerror or ""},
        ) from exc
    if size > MAX_FILE_BYTES:
        raise FileRefused(
            Message(
                "file.too_large", {"size": str(size // 2**20), "max": str(MAX_FILE_BYTES // 2**20)}
            )
        )
    kind = _sniff_kind(head)
    if kind == "xls":
        raise FileRefused(Message("file.old_xls"))
    if kind == "binary":
        raise not_a_table("document")
    if kind == "zip":
        return open_xlsx(path)
    if path.suffix.lower() not in _EXCEL_SUFFIXES:
        return _open_csv(path)
    # Named like an Excel workbook, but plain text: a CSV renamed, or a list pasted into a
    # text file.  Read it as CSV if it is one, and say what it really was either way.
    try:
        sheet = _open_csv(path)
    except FileRefused as refused:
        if refused.detail.code == NOT_A_TABLE:
            # Not text at all (binary bytes, control characters): "plain text" would be
            # a wrong name for it; say what it is not, as for any other name (issue 47).
            raise
        raise FileRefused(Message("file.excel_name_but_text", {"name": path.name})) from None
    sheet.notes.append(Message("file.excel_name_read_as_csv", {"name": path.name}))
    return sheet


# --- CSV ---------------------------------------------------------------------------


def _decode(raw: bytes) -> tuple[str, str]:
    """Excel on Indonesian Windows writes CSV in Windows-1252; newer Excel writes UTF-8 + BOM."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    if b"\x00" in raw[:4096]:
        raise not_a_table("binary")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def _csv_rows(
    text: str, delimiter: str, *, strict: bool = False
) -> Iterator[tuple[int, list[object]]]:
    """The rows of a CSV; ``strict`` refuses a quote never closed (or stray after a close).

    Lenient, Python's reader takes everything after a quote that is never closed as one
    cell: one person with a name of many lines, and everyone below gone without a word
    (issue 47, finding 13).  The rows are read strictly; only the guess of the delimiter
    reads leniently, where a quoted field read with the wrong delimiter is no fault.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, [unwrap_cell(c) for c in cells]
    except csv.Error as exc:
        log.info("csv refused after row %d: %s", number, exc)
        limit = csv.field_size_limit()
        raise FileRefused(
            Message("file.field_too_long", {"row": str(number + 1), "limit": str(limit)})
        ) from None


def _open_csv(path: Path) -> Sheet:
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    text, encoding = _decode(raw)
    del raw
    if sum(1 for c in text[:4096] if c < " " and c not in "\r\n\t") > 4:  # noqa: PLR2004
        raise not_a_table("control_characters")
    best: tuple[int, str] | None = None
    for delimiter in (",", ";", "\t", "|"):
        first = list(itertools.islice(_csv_rows(text, delimiter), HEADER_SCAN_ROWS))
        found = find_header(first)
        if found is not None and (best is None or len(found[1]) > best[0]):
            best = (len(found[1]), delimiter)
    if best is None:
        raise no_header(text.strip() == "")
    delimiter = best[1]
    rows = _csv_rows(text, delimiter, strict=True)
    first = list(itertools.islice(rows, HEADER_SCAN_ROWS))
    found = find_header(first)
    if found is None:  # pragma: no cover - the same rows were scanned above
        raise no_header(empty=False)
    position, columns, ignored, repeated = found
    refuse_repeated(repeated)
    notes = []
    if encoding in {"windows-1252", "latin-1"}:  # guessed, not declared by a BOM
        notes.append(Message("file.encoding", {"encoding": encoding}))
    header = [str(c or "") for c in first[position][1]]
    return Sheet(
        file_format="csv",
        sha256=digest,
        header=header,
        columns=columns,
        ignored=ignored,
        rows=itertools.chain(first[position + 1 :], rows),
        notes=notes,
        close=lambda: None,
    )


def guarded(
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
        except FileRefused:
            raise
        except READER_ERRORS as exc:
            log.info("the sheet could not be read past row %d: %s", count, type(exc).__name__)
            raise FileRefused(Message("file.damaged", {"row": str(count)})) from None
        count += 1
        if count > MAX_ROWS:
            raise too_many_rows()
        yield item
