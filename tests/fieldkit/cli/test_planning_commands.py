"""The planning commands through the installed ``fieldkit`` executable, as a script uses them."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fieldkit.workspace import Workspace
from tests.fieldkit.planning.planning_support import (
    HEADER,
    KETUA,
    PASSWORD,
    add_team,
    person,
    plan_visit,
    write_csv,
)
from tests.support import ADMIN, ADMIN_PASSWORD, cli, wildcard_twin

AS_ADMIN = {"FIELDKIT_PASSWORD": ADMIN_PASSWORD, "FIELDKIT_OFFICER": ADMIN}
AS_KETUA = {"FIELDKIT_PASSWORD": PASSWORD, "FIELDKIT_OFFICER": KETUA}
#: Grobogan kecamatan codes, so 100,000 synthetic NIKs can all differ.
KECAMATANS = ("331501", "331502", "331503", "331504", "331505", "331506")


def _json(*args: str, env: dict[str, str] = AS_ADMIN, code: int = 0) -> object:
    done = cli(*args, "--json", env=env)
    assert done.returncode == code, (done.stdout[-2000:], done.stderr[-2000:])
    return json.loads(done.stdout)


def test_a_visit_planned_imported_checked_out_signed_and_lettered(  # noqa: PLR0915 - one story
    workspace: Workspace, tmp_path: Path
) -> None:
    add_team(workspace)
    request = _json(
        "request",
        "create",
        "--number",
        "470/123/2026",
        "--date",
        "2026-11-02",
        "--type",
        "desa",
        "--name",
        "Pemerintah Desa Sumberjo",
        "--region",
        "33.15.01.2005",
    )
    assert isinstance(request, dict)
    visits = _json(
        "visit",
        "create",
        "--request",
        request["id"][:8],
        "--date",
        "2026-11-30",
        "--place",
        "rumah",
        "--desa",
        "Sumberjo",
        "--desa-code",
        "3315012005",
        "--kecamatan",
        "331501",
        "--terrain",
        "sedang",
        "--ketua",
        KETUA,
        "--petugas",
        "petugas1",
    )
    assert isinstance(visits, list)
    visit = visits[0]["id"]

    bad_rows = [person(i) for i in range(5)]
    bad_rows[3][1] = "3.31501E+15"
    refused = _json(
        "targets",
        "import",
        str(write_csv(tmp_path / "bad.csv", bad_rows)),
        "--visit",
        visit,
        code=1,
    )
    assert isinstance(refused, dict)
    assert refused["imported"] == 0
    assert [r["status"] for r in refused["rows"]] == ["ok", "ok", "ok", "error", "ok"]
    assert refused["rows"][3]["row"] == 5
    assert "Text" in refused["rows"][3]["messages"][0]["message"]
    # Typed in Indonesian (the default), the row's status and note are too (issue 59 §2).
    worded = cli(
        "targets",
        "import",
        str(tmp_path / "bad.csv"),
        "--visit",
        visit,
        "--lang",
        "id",
        env=AS_ADMIN,
    )
    assert worded.returncode == 1
    said = worded.stdout + worded.stderr
    assert "  baris 5 kesalahan: " in said, said
    assert "notasi ilmiah" in said, said  # the note too, not its English

    good = write_csv(tmp_path / "good.csv", [person(i) for i in range(6)], delimiter=";")
    imported = _json("targets", "import", str(good), "--visit", visit)
    assert isinstance(imported, dict)
    assert imported["imported"] == 6
    assert {"imported", "rows"} <= set(imported)
    assert imported["rows"][0] == {"row": 2, "status": "ok", "messages": []}

    listed = _json("visit", "list")
    assert isinstance(listed, list)
    assert [(v["id"], v["targets"]) for v in listed] == [(visit, 6)]
    # A person's listing, in the default language: the counts and the state as the window.
    in_indonesian = {**AS_ADMIN, "FIELDKIT_LANG": ""}
    (line,) = cli("visit", "list", env=in_indonesian).stdout.splitlines()
    assert line.startswith(visit[:8])
    assert line.endswith("  6 sasaran  terjadwal"), line
    (line,) = cli("request", "list", env=in_indonesian).stdout.splitlines()
    assert line.endswith("  1 kunjungan"), line
    (line,) = cli("visit", "list", env=AS_ADMIN).stdout.splitlines()
    assert line.endswith("  6 targets  planned"), line
    shown = _json("visit", "show", "--visit", visit[:8])
    assert isinstance(shown, dict)
    assert shown["suggested_team"]["petugas"] == 2  # disabled, ODGJ and bed-bound targets

    blocked = cli("sarpras", "ready", "--visit", visit, env=AS_ADMIN)
    assert blocked.returncode == 1
    assert "Recording cannot start" in blocked.stderr
    checked = _json(
        "sarpras", "checkout", "--visit", visit, "--sim", "--ok-rest", "--qty", "masker=12"
    )
    assert isinstance(checked, dict)
    assert checked["complete"] is True
    assert {i["key"]: i["quantity"] for i in checked["items"]}["masker"] == 12
    assert _json("sarpras", "sign", "--visit", visit, code=1, env=AS_ADMIN)  # not a ketua
    signed = _json("sarpras", "sign", "--visit", visit, env=AS_KETUA)
    assert isinstance(signed, dict)
    assert signed["signed_by"] == KETUA
    assert cli("sarpras", "ready", "--visit", visit, env=AS_ADMIN).returncode == 0

    for kind in ("surat-tugas", "surat-balasan"):
        out = tmp_path / f"{kind}.pdf"
        done = cli("report", kind, "--visit", visit, "--out", str(out), env=AS_ADMIN)
        assert done.returncode == 0, done.stderr
        assert out.read_bytes().startswith(b"%PDF")


def test_checkin_with_a_damage_photo_from_the_command_line(
    workspace: Workspace, tmp_path: Path
) -> None:
    visit = plan_visit(workspace)[0].id
    photo = tmp_path / "rusak.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 64)
    view = _json(
        "sarpras",
        "checkin",
        "--visit",
        visit,
        "--sim",
        "--damaged",
        "cables=kabel putus",
        "--photo",
        "cables=" + str(photo),
        "--dirty",
        "vehicle=berlumpur",
        "--ok-rest",
        "--qty",
        "tisu=0",
        "--qty",
        "masker=3",
    )
    assert isinstance(view, dict)
    items = {i["key"]: i for i in view["items"]}
    assert items["cables"]["baik"] is False
    assert items["cables"]["photos"] == 1
    assert items["vehicle"]["bersih"] is False
    assert items["vehicle"]["baik"] is True
    assert items["masker"]["quantity"] == 3
    assert set(view["incomplete"]) == {"minyak_kayu_putih", "sarung_tangan", "hand_sanitizer"}


def test_a_file_that_is_not_a_list_exits_1_with_the_report_shape(
    workspace: Workspace, tmp_path: Path
) -> None:
    visit = plan_visit(workspace)[0].id
    pdf = tmp_path / "sasaran.csv"
    pdf.write_bytes(b"%PDF-1.4\n")
    report = _json("targets", "import", str(pdf), "--visit", visit, code=1)
    assert isinstance(report, dict)
    assert report["imported"] == 0
    assert report["rows"] == []
    assert report["file_messages"][0]["code"] == "file.not_csv_or_xlsx"


def _big_csv(path: Path, rows: int) -> None:
    """100,000 distinct synthetic people, written as plain text for speed."""
    template = person(0)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(HEADER) + "\n")
        for i in range(rows):
            region = KECAMATANS[i // 20000]
            row = person(i % 20000, region=region)
            row[0] = str(i + 1)
            row[13] = template[13]
            fh.write(",".join(row) + "\n")


#: Runs the real CLI and reports its own peak memory.  VmHWM belongs to the new address
#: space, whereas getrusage's ru_maxrss survives exec and would count pytest's own size.
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


@pytest.mark.timeout(120)
def test_100000_rows_import_in_bounded_memory(workspace: Workspace, tmp_path: Path) -> None:
    visit = plan_visit(workspace)[0].id
    path = tmp_path / "besar.csv"
    _big_csv(path, 100_000)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _MEASURED_CLI,
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
        timeout=110,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["imported"] == 100_000
    assert report["summary"] == {"ok": 100_000, "warning": 0, "error": 0}
    peak_kib = int(done.stderr.rsplit("MAXRSS_KIB=", 1)[1].split()[0])
    assert peak_kib / 1024 < 400, f"peak memory {peak_kib / 1024:.0f} MiB"


def test_a_visit_is_moved_then_cancelled_from_the_command_line(workspace: Workspace) -> None:
    """Issue 23, finding 3: a visit could not be cancelled "in the app or the CLI"."""
    first, second = plan_visit(workspace, weeks=2)
    workspace.close()
    later = (dt.datetime.now().astimezone().date() + dt.timedelta(days=30)).isoformat()
    moved = _json("visit", "move", "--visit", first.id[:8], "--date", later, "--time", "10.00")
    assert isinstance(moved, dict)
    assert (moved["date"], moved["start_time"]) == (later, "10:00")
    cancelled = _json("visit", "cancel", "--visit", second.id[:8], "--reason", "dobel")
    assert isinstance(cancelled, dict)
    assert cancelled["status"] == "cancelled"
    done = cli("visit", "cancel", "--visit", second.id[:8], "--reason", "lagi", env=AS_ADMIN)
    assert done.returncode == 1  # refused in words, not a traceback
    assert "Traceback" not in done.stderr
    assert "cancelled" in done.stderr


def test_percent_and_underscore_in_an_id_prefix_match_only_themselves(
    workspace: Workspace,
) -> None:
    """Issue 24, finding 1: ``--visit 6%%%`` showed a visit whose id does not begin "6%%%"."""
    visit = plan_visit(workspace)[0].id
    workspace.close()
    for ref in (visit[0] + "%%%", visit[0] + "___", wildcard_twin(visit)):
        refused = _json("visit", "show", "--visit", ref, code=1)
        assert isinstance(refused, dict)
        assert refused["error"]["code"] == "id_not_found", ref
    shown = _json("visit", "show", "--visit", visit[:4])
    assert isinstance(shown, dict)
    assert shown["id"] == visit
