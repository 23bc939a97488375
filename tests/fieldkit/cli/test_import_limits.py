"""Hostile target lists (issue 16): refused with exit 1 in seconds and bounded memory.

The bombs are made here, with ``zipfile`` and hand-written XML, never committed.
Each import runs as the real CLI in a child process that reports its own peak
resident memory (``VmHWM``: ``getrusage``'s ``ru_maxrss`` for a child survives
``exec`` and would count pytest's size as well).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from fieldkit.planning import target_reading
from fieldkit.planning import targets_import as ti
from fieldkit.planning.models import Target
from fieldkit.workspace import Workspace
from tests.fieldkit.planning.planning_support import person, plan_visit, write_csv
from tests.support import ADMIN, ADMIN_PASSWORD

AS_ADMIN = {"FIELDKIT_PASSWORD": ADMIN_PASSWORD, "FIELDKIT_OFFICER": ADMIN}
_MEASURED_CLI = (
    "import sys\n"
    "from pathlib import Path\n"
    "from fieldkit.cli.main import main\n"
    "code = main(sys.argv[1:])\n"
    "peak = next(l for l in Path('/proc/self/status').read_text().splitlines()"
    " if l.startswith('VmHWM:'))\n"
    "sys.stderr.write(f'\\nMAXRSS_KIB={peak.split()[1]}\\n')\n"
    "sys.exit(code)\n"
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_XLSX_TYPE}.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{_XLSX_TYPE}.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    f'ContentType="{_XLSX_TYPE}.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} xmlns:r="{_REL}">'
    '<sheets><sheet name="Sasaran" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
_HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>NIK</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Nama</t></is></c></row>'
)


def write_xlsx(
    path: Path,
    sheet: Iterator[bytes],
    shared: Iterable[bytes] = (),
) -> Path:
    """A minimal workbook openpyxl opens, with the sheet and shared strings streamed in."""
    shared = shared or [b'<?xml version="1.0"?><sst ' + _NS.encode() + b"/>"]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        for name, parts in (("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", shared)):
            with archive.open(name, "w", force_zip64=True) as out:
                for part in parts:
                    out.write(part)
    return path


def _sheet(rows: Iterable[bytes]) -> Iterator[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><sheetData>'.encode()
    yield from rows
    yield b"</sheetData></worksheet>"


def million_rows(path: Path, rows: int) -> Path:
    def body() -> Iterator[bytes]:
        yield _HEADER_ROW.encode()
        batch = 100_000
        row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'  # no numbers: packs tight
        for start in range(0, rows, batch):
            yield row * min(batch, rows - start)

    return write_xlsx(path, _sheet(body()))


def huge_shared_string(path: Path, size: int) -> Path:
    def shared() -> Iterator[bytes]:
        yield b'<?xml version="1.0"?><sst ' + _NS.encode() + b' count="1" uniqueCount="1"><si><t>'
        block = b"A" * (1 << 20)
        for _ in range(size // len(block)):
            yield block
        yield b"</t></si></sst>"

    row = b'<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>0</v></c></row>'
    return write_xlsx(path, _sheet([_HEADER_ROW.encode(), row]), shared())


def entity_declarations(path: Path) -> Path:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "ha">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    sheet = iter(
        [
            laughs,
            f"<worksheet {_NS}><sheetData>{_HEADER_ROW}".encode(),
            b'<row r="2"><c r="B2" t="inlineStr"><is><t>&c;</t></is></c></row>',
            b"</sheetData></worksheet>",
        ]
    )
    return write_xlsx(path, sheet)


def run_import(path: Path, visit: str) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """The CLI's answer, its wall time and its peak memory in MiB."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED_CLI, "targets", "import", str(path), "--visit", visit],
        capture_output=True,
        text=True,
        env={**os.environ, **AS_ADMIN},
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    elapsed = time.monotonic() - started
    peak_kib = int(done.stderr.rsplit("MAXRSS_KIB=", 1)[1].split()[0])
    return done, elapsed, peak_kib / 1024


def _stored(ws: Workspace) -> int:
    with ws.transaction() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(Target)) or 0


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    ("bomb", "code"),
    [
        (lambda p: million_rows(p, 6_400_000), "file.too_many_rows"),
        (lambda p: huge_shared_string(p, 300 * 1024 * 1024), "file.xlsx_too_large"),
        (entity_declarations, "file.xml_entities"),
    ],
    ids=["6.4-million-rows", "300-MB-shared-string", "entity-declarations"],
)
def test_xlsx_bombs_are_refused_quickly_in_bounded_memory(
    workspace: Workspace, tmp_path: Path, bomb: object, code: str
) -> None:
    visit = plan_visit(workspace)[0].id
    assert callable(bomb)
    path: Path = bomb(tmp_path / "sasaran.xlsx")
    assert path.stat().st_size < 2 * 1024 * 1024  # small on disk, huge unpacked
    done, elapsed, peak = run_import(path, visit)
    assert done.returncode == 1, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert elapsed < 30, f"took {elapsed:.1f} s"
    assert peak < 500, f"peak memory {peak:.0f} MiB"
    listed = subprocess.run(
        [
            sys.executable,
            "-m",
            "fieldkit.cli.main",
            "targets",
            "import",
            str(path),
            "--visit",
            visit,
            "--json",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **AS_ADMIN},
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    report = json.loads(listed.stdout)
    assert [m["code"] for m in report["file_messages"]] == [code]
    assert report["imported"] == 0
    assert _stored(workspace) == 0


def test_a_csv_field_over_the_csv_limit_is_a_clear_refusal(
    workspace: Workspace, tmp_path: Path
) -> None:
    visit = plan_visit(workspace)[0].id
    rows = [person(i) for i in range(3)]
    rows[1][13] = "x" * 200_000  # Keterangan
    path = write_csv(tmp_path / "sasaran.csv", rows)
    done, _, _ = run_import(path, visit)
    assert done.returncode == 1, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert "131072" in done.stdout
    assert _stored(workspace) == 0


def test_more_rows_than_the_limit_are_refused_and_nothing_is_stored(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    visit = plan_visit(workspace)[0].id
    monkeypatch.setattr(target_reading, "MAX_ROWS", 10)
    path = write_csv(tmp_path / "sasaran.csv", [person(i) for i in range(12)])
    report = ti.import_targets(workspace, visit, path)
    assert not report.accepted
    assert [m.code for m in report.file_messages] == ["file.too_many_rows"]
    assert report.rows == []
    assert _stored(workspace) == 0
    ok = ti.import_targets(workspace, visit, write_csv(tmp_path / "ok.csv", [person(0)] * 1))
    assert ok.accepted
