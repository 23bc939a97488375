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

This module stores and lists; reading a file is :mod:`~fieldkit.planning.target_reading`
(XLSX in :mod:`~fieldkit.planning.target_xlsx`), checking a row is
:mod:`~fieldkit.planning.target_rows`, and the report's vocabulary is
:mod:`~fieldkit.planning.target_import_types`; the public names callers use are
importable from here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import logging
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import sqlalchemy as sa

from fieldkit import audit, nik
from fieldkit.events import TargetsChanged
from fieldkit.officers import require_role
from fieldkit.permissions import PLANNERS
from fieldkit.planning.kinds import Category
from fieldkit.planning.models import Target, TargetImport, Visit
from fieldkit.planning.requests import resolve_row
from fieldkit.planning.target_import_types import (
    CHUNK_ROWS,
    Column,
    FileRefused,
    ImportReport,
    Message,
    RowReport,
    Sheet,
    Status,
    normalise_header,
)
from fieldkit.planning.target_reading import guarded, open_sheet
from fieldkit.planning.target_rows import ParsedRow, parse_row

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from pathlib import Path

    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace

__all__ = [
    "Category",
    "Column",
    "ImportReport",
    "Message",
    "RowReport",
    "Status",
    "TargetInfo",
    "import_targets",
    "list_targets",
    "normalise_header",
    "open_sheet",
]

log = logging.getLogger(__name__)


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


def _finish(row: ParsedRow) -> RowReport:
    status = Status.ERROR if row.errors else Status.WARNING if row.warnings else Status.OK
    return RowReport(row.number, status, tuple(row.errors + row.warnings))


def _target_values(
    row: ParsedRow, visit_id: str, import_id: str, now: dt.datetime
) -> dict[str, object]:
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
    except FileRefused as refused:
        report.file_ok = False
        report.file_messages.append(refused.detail)
        _audit_refusal(ws, report, refused.detail.code)
        return report
    report.file_format = sheet.file_format
    report.columns = {c.value: sheet.header[i] for c, i in sorted(sheet.columns.items())}
    report.ignored_columns = sheet.ignored
    report.file_messages += sheet.notes
    sheet.rows = guarded(sheet.rows)
    try:
        _store_all(ws, sheet, report)
    except FileRefused as refused:  # met half-way: the transaction has been rolled back
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


def _store_all(ws: Workspace, sheet: Sheet, report: ImportReport) -> None:
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
            parsed = [r for r in (parse_row(n, c, sheet.columns) for n, c in chunk) if r]
            for row in parsed:
                if row.nik is None or row.errors:
                    continue
                first = seen.setdefault(row.nik, row.number)
                if first != row.number:
                    row.error("nik.duplicate_in_file", {"row": str(first)})
            candidates = [r.nik for r in parsed if r.nik is not None and not r.errors]
            stored_dups = _stored_duplicates(session, candidates, import_id)
            for row in parsed:
                if row.nik in stored_dups and not row.errors:
                    other, when = stored_dups[row.nik]
                    row.error(
                        "nik.duplicate_stored", {"visit": other[:8], "date": when.isoformat()}
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
            report.file_messages.append(Message("file.no_rows"))
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
    ws.events.emit(TargetsChanged(report.visit_id))


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
