"""Importing data sasaran from real CSV and XLSX files into a real encrypted store."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from fieldkit.errors import InvalidInput
from fieldkit.planning import targets_import as ti
from fieldkit.planning.models import Target, TargetImport
from fieldkit.store.models import AuditEvent
from fieldkit.workspace import Workspace
from tests.fieldkit.planning.planning_support import (
    HEADER,
    make_nik,
    person,
    plan_visit,
    write_csv,
)


@pytest.fixture
def visit_id(workspace: Workspace) -> str:
    return plan_visit(workspace)[0].id


def _stored(ws: Workspace) -> int:
    with ws.transaction() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(Target)) or 0


def _codes(report: ti.ImportReport, row: int) -> set[str]:
    found = next(r for r in report.rows if r.row == row)
    return {m.code for m in found.messages}


def _statuses(report: ti.ImportReport) -> dict[int, str]:
    return {r.row: r.status.value for r in report.rows}


# --- good files ----------------------------------------------------------------------


def test_a_clean_csv_imports_every_row(workspace: Workspace, visit_id: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "sasaran.csv", [person(i) for i in range(25)])
    report = ti.import_targets(workspace, visit_id, path)
    assert report.accepted, report.as_json()
    assert report.imported == 25
    assert set(_statuses(report).values()) == {"ok"}
    assert report.columns["nik"] == "NIK"
    assert report.ignored_columns == ["No"]
    targets = ti.list_targets(workspace, visit_id)
    assert len(targets) == 25
    first = targets[0]
    assert first.categories == (ti.Category.LANSIA,)
    assert targets[1].categories == (ti.Category.DISABILITAS,)
    assert targets[1].disability_kind == "fisik"
    assert "*" in str(first.as_json()["nik"])  # masked unless revealed
    with workspace.transaction() as session:
        imports = session.execute(sa.select(TargetImport)).scalars().all()
        event = session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "targets.imported")
        ).scalar_one()
    assert [i.rows for i in imports] == [25]
    assert event.record_id == visit_id
    assert make_nik(0) not in event.details


def test_headers_in_any_order_case_spacing_and_aliases_under_a_title(
    workspace: Workspace, visit_id: str, tmp_path: Path
) -> None:
    header = [
        "  jenis KELAMIN ",
        "NAMA",
        "Tanggal Lahir (dd-mm-yyyy)",
        "nomor kk",
        " Nik  ",
        "Ket.",
    ]
    rows = [
        ["DATA SASARAN PEREKAMAN KTP-EL RENTAN", "", "", "", "", ""],
        ["DESA SUMBERJO KECAMATAN KEDUNGJATI", "", "", "", "", ""],
        [],
        header,
        [
            "Perempuan",
            "Sasaran A",
            "2 Januari 1950",
            "",
            make_nik(1, female=True, born=dt.date(1950, 1, 2)),
            "",
        ],
        ["laki-laki", "Sasaran B", "1950-03-04", "", make_nik(2, born=dt.date(1950, 3, 4)), "x"],
        ["Lk", "Sasaran C", "05/06/1951", "", make_nik(3, born=dt.date(1951, 6, 5)), ""],
    ]
    path = tmp_path / "judul.csv"
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    report = ti.import_targets(workspace, visit_id, path)
    assert report.imported == 3, report.as_json()
    assert sorted(_statuses(report)) == [5, 6, 7]  # spreadsheet row numbers
    assert set(report.columns) == {
        "jenis_kelamin",
        "nama",
        "tanggal_lahir",
        "kk",
        "nik",
        "keterangan",
    }


def test_a_nik_that_disagrees_with_the_form_is_a_warning_kept_with_the_row(
    workspace: Workspace, visit_id: str, tmp_path: Path
) -> None:
    row = person(0)
    row[5] = "01-01-1939"  # the NIK says otherwise
    row[6] = "P"  # and the NIK is a man's
    report = ti.import_targets(workspace, visit_id, write_csv(tmp_path / "a.csv", [row, person(2)]))
    assert report.imported == 2
    assert _statuses(report) == {2: "warning", 3: "ok"}
    assert {"nik.birth_date_mismatch", "nik.sex_mismatch"} <= _codes(report, 2)
    message = next(r for r in report.rows if r.row == 2).messages[0]
    assert message.params  # worded by the catalogue, in the UI's language
    assert "{" not in message.message  # the English fallback has every place filled
    with workspace.transaction() as session:
        warned = session.execute(sa.select(Target.warnings).where(Target.source_row == 2)).scalar()
    assert "nik.sex_mismatch" in str(warned)


def test_xlsx_with_date_cells_serial_dates_and_text_niks(
    workspace: Workspace, visit_id: str, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Nama Lengkap", "NIK", "Tgl Lahir", "L/P", "RT/RW", "Kategori"])
    born = dt.date(1948, 8, 17)
    sheet.append(
        [
            "Sasaran Satu",
            make_nik(5, born=born),
            dt.datetime(1948, 8, 17, tzinfo=dt.UTC).replace(tzinfo=None),  # Excel has no zone
            "L",
            "1/2",
            "lansia, terbaring",
        ]
    )
    serial = (dt.date(1952, 2, 29) - dt.date(1899, 12, 30)).days
    sheet.append(
        [
            "Sasaran Dua",
            make_nik(6, female=True, born=dt.date(1952, 2, 29)),
            serial,
            "P",
            "003/004",
            "ODGJ",
        ]
    )
    path = tmp_path / "sasaran.xlsx"
    book.save(path)
    report = ti.import_targets(workspace, visit_id, path)
    assert report.imported == 2, report.as_json()
    assert report.file_format == "xlsx"
    assert set(_statuses(report).values()) == {"ok"}  # dates agree with the NIKs
    targets = ti.list_targets(workspace, visit_id)
    assert [t.birth_date for t in targets] == [born, dt.date(1952, 2, 29)]
    assert targets[0].categories == (ti.Category.LANSIA, ti.Category.TERBARING)
    with workspace.transaction() as session:
        assert session.execute(sa.select(Target.rt, Target.rw)).all()[1] == ("003", "004")


# --- encodings and delimiters -------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "note"),
    [("utf-8", False), ("utf-8-sig", False), ("cp1252", True), ("utf-16", False)],
)
def test_encodings_excel_writes(
    workspace: Workspace, visit_id: str, tmp_path: Path, encoding: str, note: bool
) -> None:
    row = person(0)
    row[3] = "Séptiani Ayu Prameswari"
    path = write_csv(tmp_path / "enc.csv", [row], encoding=encoding)
    if encoding == "utf-8-sig":
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    report = ti.import_targets(workspace, visit_id, path)
    assert report.imported == 1, report.as_json()
    assert ti.list_targets(workspace, visit_id)[0].name == "Séptiani Ayu Prameswari"
    assert any(m.code == "file.encoding" for m in report.file_messages) is note


def test_semicolon_and_tab_delimiters(workspace: Workspace, visit_id: str, tmp_path: Path) -> None:
    semi = write_csv(tmp_path / "semi.csv", [person(i) for i in range(3)], delimiter=";")
    assert ti.import_targets(workspace, visit_id, semi).imported == 3
    tab = write_csv(tmp_path / "tab.txt", [person(i) for i in range(3, 5)], delimiter="\t")
    assert ti.import_targets(workspace, visit_id, tab).imported == 2


# --- layout quirks -----------------------------------------------------------------


def test_empty_rows_are_skipped(workspace: Workspace, visit_id: str, tmp_path: Path) -> None:
    lines = [",".join(HEADER), ",".join(person(0)), "", ",,,,,,,,,,,,,", ",".join(person(1)), "  "]
    path = tmp_path / "gaps.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    report = ti.import_targets(workspace, visit_id, path)
    assert report.imported == 2
    assert sorted(_statuses(report)) == [2, 5]


def test_merged_cells_are_read_as_excel_shows_them(
    workspace: Workspace, visit_id: str, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["DAFTAR SASARAN DESA SUMBERJO"])
    sheet.merge_cells("A1:D1")  # a title across the columns
    sheet.append(["NIK", "Nama", "Desa", "Kategori"])
    for i in range(4):
        sheet.append(
            [
                make_nik(i, born=dt.date(1950, 1, 1 + i)),
                f"Sasaran {i}",
                "Sumberjo" if i == 0 else None,
                "Lansia",
            ]
        )
    sheet.merge_cells("C3:C6")  # one Desa cell for the whole list
    sheet.append([None, None, None, None])
    sheet.append([make_nik(9, born=dt.date(1951, 1, 1)), "Sasaran 9", None, "Lansia"])
    path = tmp_path / "merged.xlsx"
    book.save(path)
    report = ti.import_targets(workspace, visit_id, path)
    assert report.imported == 5, report.as_json()
    assert any(m.code == "file.merged_cells" for m in report.file_messages)
    with workspace.transaction() as session:
        desa = session.execute(sa.select(Target.desa).order_by(Target.source_row)).scalars().all()
    assert desa == ["Sumberjo"] * 4 + [None]


def test_a_nik_cell_merged_over_two_people_is_refused(
    workspace: Workspace, visit_id: str, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["NIK", "Nama"])
    sheet.append([make_nik(1), "Sasaran Satu"])
    sheet.append([None, "Sasaran Dua"])
    sheet.merge_cells("A2:A3")
    path = tmp_path / "merged-nik.xlsx"
    book.save(path)
    report = ti.import_targets(workspace, visit_id, path)
    assert report.imported == 0
    assert _statuses(report) == {2: "ok", 3: "error"}
    assert "nik.merged" in _codes(report, 3)


def test_formula_cells_are_refused_where_they_matter(
    workspace: Workspace, visit_id: str, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["No", "NIK", "Nama"])
    sheet.append(["=ROW()-1", make_nik(1), "Sasaran Satu"])  # a formula in an ignored column
    sheet.append(["=ROW()-1", '=TEXT(3315010101409001,"0")', "Sasaran Dua"])
    sheet.append(["=ROW()-1", make_nik(3), '=PROPER("sasaran tiga")'])
    path = tmp_path / "formula.xlsx"
    book.save(path)
    report = ti.import_targets(workspace, visit_id, path)
    assert report.imported == 0
    assert _statuses(report) == {2: "ok", 3: "error", 4: "error"}
    assert "nik.formula" in _codes(report, 3)
    assert "nama.formula" in _codes(report, 4)
    message = next(r for r in report.rows if r.row == 3).messages[0]
    assert "Paste Special" in message.message
    assert message.params == {"column": "nik"}
    assert _stored(workspace) == 0


# --- NIKs ---------------------------------------------------------------------------


def test_non_numeric_and_short_niks_are_errors(
    workspace: Workspace, visit_id: str, tmp_path: Path
) -> None:
    letter_o = person(0)
    letter_o[1] = letter_o[1][:6] + "O" + letter_o[1][7:]
    short = person(1)
    short[1] = short[1][:15]
    empty = person(2)
    empty[1] = ""
    report = ti.import_targets(
        workspace, visit_id, write_csv(tmp_path / "n.csv", [letter_o, short, empty, person(3)])
    )
    assert report.imported == 0
    assert "nik.not_digits" in _codes(report, 2)
    assert "nik.length" in _codes(report, 3)
    assert "nik.missing" in _codes(report, 4)
    assert _statuses(report)[5] == "ok"
    assert _stored(workspace) == 0


@pytest.mark.parametrize("mangled", ["3.31501E+15", "3,31501E+15", "3315014101909000.0"])
def test_niks_mangled_by_excel_in_a_csv_are_refused_with_the_fix(
    workspace: Workspace, visit_id: str, tmp_path: Path, mangled: str
) -> None:
    row = person(0)
    row[1] = mangled
    report = ti.import_targets(
        workspace, visit_id, write_csv(tmp_path / "sci.csv", [row], delimiter=";")
    )
    assert report.imported == 0
    message = report.rows[0].messages[0]
    assert message.code in {"nik.scientific_notation", "nik.stored_as_number"}
    assert "format the NIK column as Text" in message.message
    assert message.params == {"number": "nik"}


def test_a_nik_stored_as_a_number_cell_in_xlsx_is_refused(
    workspace: Workspace, visit_id: str, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["NIK", "Nama"])
    sheet.append([float(make_nik(1)), "Sasaran Satu"])
    sheet.append([int(make_nik(2)), "Sasaran Dua"])
    path = tmp_path / "number.xlsx"
    book.save(path)
    report = ti.import_targets(workspace, visit_id, path)
    assert report.imported == 0
    assert _codes(report, 2) == {"nik.stored_as_number"}
    assert _codes(report, 3) == {"nik.stored_as_number"}


def test_the_excel_text_trick_and_apostrophes_are_accepted(
    workspace: Workspace, visit_id: str, tmp_path: Path
) -> None:
    a, b = person(0), person(1)
    a[1] = f'="{a[1]}"'
    b[1] = "'" + b[1]
    report = ti.import_targets(workspace, visit_id, write_csv(tmp_path / "t.csv", [a, b]))
    assert report.imported == 2, report.as_json()


# --- duplicates and all-or-nothing ---------------------------------------------------


def test_duplicates_within_the_file_and_against_the_store(
    workspace: Workspace, visit_id: str, tmp_path: Path
) -> None:
    first = ti.import_targets(
        workspace, visit_id, write_csv(tmp_path / "1.csv", [person(0), person(1)])
    )
    assert first.imported == 2
    again = ti.import_targets(
        workspace,
        visit_id,
        write_csv(tmp_path / "2.csv", [person(2), person(2), person(1), person(3)]),
    )
    assert again.imported == 0
    assert _statuses(again) == {2: "ok", 3: "error", 4: "error", 5: "ok"}
    assert "nik.duplicate_in_file" in _codes(again, 3)
    assert "nik.duplicate_stored" in _codes(again, 4)
    assert "row 2" in again.rows[1].messages[0].message
    assert _stored(workspace) == 2  # the first file only


def test_one_bad_row_stores_nothing_and_the_refusal_is_audited(
    workspace: Workspace, visit_id: str, tmp_path: Path
) -> None:
    rows = [person(i) for i in range(2500)]  # spans several insert chunks
    rows[2400][5] = "31-02-1950"
    report = ti.import_targets(workspace, visit_id, write_csv(tmp_path / "bad.csv", rows))
    assert report.imported == 0
    assert report.count(ti.Status.ERROR) == 1
    assert "tanggal_lahir.invalid" in _codes(report, 2402)
    assert _stored(workspace) == 0
    with workspace.transaction() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(TargetImport)) == 0
        refused = session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "targets.import_refused")
        ).scalar_one()
    assert json.loads(refused.details)["errors"] == 1
    assert workspace.verify_audit().ok


# --- files that are not lists --------------------------------------------------------


def _not_a_list(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"file-{kind}.csv"
    if kind == "pdf":
        path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    elif kind == "png":
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    elif kind == "xls":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    elif kind == "zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "not a workbook")
    elif kind == "binary":
        path.write_bytes(bytes(range(256)) * 16)
    elif kind == "empty":
        path.write_bytes(b"")
    else:
        path.write_text("Surat permohonan\nKami mohon perekaman.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("pdf", "file.not_csv_or_xlsx"),
        ("png", "file.not_csv_or_xlsx"),
        ("zip", "file.not_csv_or_xlsx"),
        ("binary", "file.not_csv_or_xlsx"),
        ("xls", "file.old_xls"),
        ("empty", "file.empty"),
        ("prose", "file.no_header"),
    ],
)
def test_files_that_are_not_target_lists(
    workspace: Workspace, visit_id: str, tmp_path: Path, kind: str, code: str
) -> None:
    report = ti.import_targets(workspace, visit_id, _not_a_list(tmp_path, kind))
    assert report.imported == 0
    assert not report.file_ok
    assert [m.code for m in report.file_messages] == [code]
    assert "{" not in report.file_messages[0].message
    assert not report.file_messages[0].message.startswith(code)  # a sentence, not a code
    assert _stored(workspace) == 0


def test_a_text_file_named_xlsx_is_said_to_be_no_workbook(
    workspace: Workspace, visit_id: str, tmp_path: Path
) -> None:
    """Issue 23, finding 17: it got "see docs/targets-import.md", never "not really Excel"."""
    prose = _not_a_list(tmp_path, "prose").rename(tmp_path / "sasaran.xlsx")
    report = ti.import_targets(workspace, visit_id, prose)
    assert [m.code for m in report.file_messages] == ["file.excel_name_but_text"]
    words = report.file_messages[0].message
    assert "sasaran.xlsx" in words
    assert "docs/" not in words
    # A CSV list saved under an .xlsx name is read, and the officer is told what it was.
    renamed = write_csv(tmp_path / "daftar.csv", [person(0)]).rename(tmp_path / "daftar.xlsx")
    report = ti.import_targets(workspace, visit_id, renamed)
    assert report.imported == 1
    assert "file.excel_name_read_as_csv" in [m.code for m in report.file_messages]


@pytest.mark.parametrize("kind", ["binary", "control"])
def test_bytes_named_xlsx_are_not_called_plain_text(
    workspace: Workspace, visit_id: str, tmp_path: Path, kind: str
) -> None:
    """Issue 47, finding 6: random bytes named .xlsx were "plain text with no list in it"."""
    named = tmp_path / "sasaran.xlsx"
    if kind == "binary":
        named.write_bytes(bytes(range(256)) * 16)
    else:  # no NUL byte, but no text either
        named.write_bytes(bytes(range(1, 32)) * 64)
    report = ti.import_targets(workspace, visit_id, named)
    assert [m.code for m in report.file_messages] == ["file.not_csv_or_xlsx"]
    assert "plain text" not in report.file_messages[0].message
    assert _stored(workspace) == 0


def test_a_header_without_rows_and_a_repeated_column(
    workspace: Workspace, visit_id: str, tmp_path: Path
) -> None:
    only_header = write_csv(tmp_path / "h.csv", [])
    report = ti.import_targets(workspace, visit_id, only_header)
    assert [m.code for m in report.file_messages] == ["file.no_rows"]
    repeated = write_csv(
        tmp_path / "r.csv", [[*person(0), person(0)[1]]], header=[*HEADER, "No NIK"]
    )
    report = ti.import_targets(workspace, visit_id, repeated)
    assert [m.code for m in report.file_messages] == ["file.repeated_column"]


def test_an_unknown_visit_is_an_error(workspace: Workspace, tmp_path: Path) -> None:
    plan_visit(workspace)
    with pytest.raises(InvalidInput, match="No visit"):
        ti.import_targets(workspace, "ffffffff", write_csv(tmp_path / "a.csv", [person(0)]))


def test_a_quote_never_closed_refuses_the_file_at_its_row(
    workspace: Workspace, visit_id: str, tmp_path: Path
) -> None:
    """Issue 47, finding 13: as docs/targets-import.md says, not the rest of the list as a name.

    A lenient CSV reader took everything after the stray quote as one cell: one row
    with a name of many lines, and the people below it gone without a word.
    """
    good = write_csv(tmp_path / "good.csv", [person(0), person(1), person(2)])
    lines = good.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace("Sasaran Uji 1", '"Sasaran Uji 1')  # row 3: a quote opened
    broken = tmp_path / "broken.csv"
    broken.write_text("".join(lines), encoding="utf-8")
    report = ti.import_targets(workspace, visit_id, broken)
    assert not report.file_ok
    assert report.imported == 0
    assert _stored(workspace) == 0
    assert [(m.code, m.params.get("row")) for m in report.file_messages] == [
        ("file.field_too_long", "3")
    ]
    assert "quote that is never closed" in report.file_messages[0].message
