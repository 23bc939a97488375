"""Generated and mutated files to the target-list importer: a report, never an exception.

Mutated CSV text, mutated sheet XML inside a well-formed XLSX (so openpyxl's
parser is reached), and mutated XLSX archives.  Every one must come back as an
``ImportReport`` (accepted, or refused with its messages), within bounded time
and memory.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldkit.planning import targets_import as ti
from fieldkit.workspace import Workspace
from tests.fieldkit.planning.planning_support import HEADER, person, plan_visit, write_csv
from tests.fuzzing import SETTINGS, TRIED, bounded, mutations
from tests.support import init_workspace


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, str, Path]]:
    root = tmp_path_factory.mktemp("import-fuzz")
    ws = init_workspace(root / "home")
    visit = plan_visit(ws)[0].id
    yield ws, visit, root
    ws.close()


def _valid_csv(root: Path) -> bytes:
    return write_csv(root / "valid.csv", [person(i) for i in range(3)]).read_bytes()


def _valid_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for i in range(3):
        sheet.append(person(i))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


VALID_XLSX = _valid_xlsx()
SHEET = "xl/worksheets/sheet1.xml"


def _with_sheet(xml: bytes) -> bytes:
    """The valid workbook with its sheet's XML replaced: a well-formed archive, odd content."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(VALID_XLSX)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, xml if info.filename == SHEET else src.read(info))
    return out.getvalue()


with zipfile.ZipFile(io.BytesIO(VALID_XLSX)) as _book:
    VALID_SHEET = _book.read(SHEET)


def _import(site: tuple[Workspace, str, Path], data: bytes, suffix: str) -> None:
    ws, visit, root = site
    path = root / f"fuzzed{suffix}"
    path.write_bytes(data)
    report = bounded(lambda: ti.import_targets(ws, visit, path))
    assert report.accepted or not report.file_ok or any(r.messages for r in report.rows)
    if report.accepted:  # keep the visit empty, so later cases are not refused as duplicates
        with ws.transaction() as session:
            session.query(ti.Target).filter(ti.Target.import_id == report.import_id).delete()


@SETTINGS
@given(data=st.data())
def test_any_csv_is_imported_or_refused(
    site: tuple[Workspace, str, Path], data: st.DataObject
) -> None:
    TRIED["targets CSV"] += 1
    _import(site, data.draw(mutations(_valid_csv(site[2]))), ".csv")


@SETTINGS
@given(mutations(VALID_SHEET).map(_with_sheet))
def test_any_sheet_xml_is_imported_or_refused(
    site: tuple[Workspace, str, Path], book: bytes
) -> None:
    TRIED["targets XLSX sheet"] += 1
    _import(site, book, ".xlsx")


@SETTINGS
@given(mutations(VALID_XLSX))
def test_any_xlsx_archive_is_imported_or_refused(
    site: tuple[Workspace, str, Path], book: bytes
) -> None:
    TRIED["targets XLSX archive"] += 1
    _import(site, book, ".xlsx")


def test_figures() -> None:
    print(  # noqa: T201
        f"target import: {TRIED['targets CSV']} CSV, {TRIED['targets XLSX sheet']} sheet XML "
        f"and {TRIED['targets XLSX archive']} XLSX archive cases"
    )
