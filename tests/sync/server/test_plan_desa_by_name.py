"""The office plans a visit by the desa's name, and imports its list with each row's notes.

Issue 59 §1: README's ``plan visit add`` gave a desa name and no code, so every record of
the visit came back "desa tidak diketahui" and its card could never be scheduled.  The
desa now comes from the office's region table by name (``--desa``), its code and
kecamatan behind it; a name that is two desa, or none, is refused, listing what it could
be, and nothing is planned.  Issue 59 §2 (the data center's part): ``plan targets
import`` says each row's warnings (a "disabilitas" row without its Jenis) in the laptop's
own sentences and counts, where it said only "N targets imported".

The commands run as the operator types them (child processes where the words matter);
the refusals are tested by their exit code, the codes they list and their Indonesian
sentence from the catalogue.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from fieldkit.errors import InvalidInput
from sync.server import catalogue
from sync.server.office.places import find_desa
from tests.support import OFFICE
from tests.sync.server.dcsupport import dc_cli

if TYPE_CHECKING:
    from pathlib import Path

SUMBERJO, SUMBERJO_LAIN, KALIREJO = "3315012001", "3315022001", "3315012002"
TABLE = [
    {"code": "331501", "name": "Kedungjati"},
    {"code": SUMBERJO, "name": "Sumberjo"},
    {"code": SUMBERJO_LAIN, "name": "Sumberjo"},
    {"code": KALIREJO, "name": "Kalirejo"},
]


def _ok(data: Path, *args: str) -> object:
    done = dc_cli(data, *args, "--json")
    assert done.returncode == 0, (args, done.stderr)
    return json.loads(done.stdout)


def _visit(data: Path, request: str, *place: str) -> list[str]:
    return [
        "plan", "visit", "add", "--request", request, "--date", "2026-12-01",
        "--time", "08:30", "--place-type", "kantor_desa", *place, "--terrain", "mudah",
        "--team", "sari:petugas",
    ]  # fmt: skip


@pytest.fixture
def office(tmp_path: Path) -> tuple[Path, str]:
    """An office with its desa list imported, an officer and a request."""
    data = tmp_path / "dc"
    regions = tmp_path / "desa-grobogan.csv"
    regions.write_text(
        "code,name\n" + "".join(f"{r['code']},{r['name']}\n" for r in TABLE), encoding="utf-8"
    )
    _ok(data, "office", "set", OFFICE)
    _ok(data, "regions", "import", str(regions))
    _ok(data, "officers", "add", "sari", "--role", "petugas", "--name", "Sari Petugas")
    request = _ok(
        data, "plan", "request", "add", "--number", "470/1/2026", "--date", "2026-11-20",
        "--requester-type", "desa", "--requester-name", "Desa Kalirejo", "--region", "331501",
    )  # fmt: skip
    assert isinstance(request, dict)
    return data, str(request["id"])


def test_a_visit_planned_by_the_desa_name_carries_its_code_and_kecamatan(
    office: tuple[Path, str],
) -> None:
    data, request = office
    planned = dc_cli(data, *_visit(data, request, "--desa", "desa kalirejo"), process=True)
    assert planned.returncode == 0, planned.stderr
    by_code = dc_cli(data, *_visit(data, request, "--desa", SUMBERJO_LAIN))
    assert by_code.returncode == 0, by_code.stderr
    plan = _ok(data, "plan", "list")
    assert isinstance(plan, dict)
    places = {
        v["id"]: (v["desa_name"], v["desa_code"], v["kecamatan_code"]) for v in plan["visits"]
    }
    assert places[planned.stdout.strip()] == ("Kalirejo", KALIREJO, "331501")
    assert places[by_code.stdout.strip()] == ("Sumberjo", SUMBERJO_LAIN, "331502")


def test_a_name_of_two_desa_or_none_is_refused_with_what_it_could_be(
    office: tuple[Path, str],
) -> None:
    data, request = office
    two = dc_cli(data, *_visit(data, request, "--desa", "Sumberjo"), process=True)
    assert two.returncode == 2
    assert SUMBERJO in two.stderr
    assert SUMBERJO_LAIN in two.stderr
    assert "Kec. Kedungjati" in two.stderr
    typo = dc_cli(data, *_visit(data, request, "--desa", "Kalirjo"))
    assert typo.returncode == 2
    assert f"Kalirejo ({KALIREJO}, Kec. Kedungjati)" in typo.stderr
    unknown = dc_cli(data, *_visit(data, request, "--desa", "Atlantis"))
    assert unknown.returncode == 2
    # A kecamatan given with the desa must be the desa's.
    other = dc_cli(data, *_visit(data, request, "--desa", "Kalirejo", "--kecamatan-code", "331502"))
    assert other.returncode == 2
    # Neither --desa nor --desa-name with its kecamatan: said, not a traceback.
    bare = dc_cli(data, *_visit(data, request, "--desa-name", "Kalirejo"))
    assert bare.returncode == 2
    plan = _ok(data, "plan", "list")
    assert isinstance(plan, dict)
    assert plan["visits"] == [], "nothing planned"
    # --desa-name and --desa-code typed by hand still work.
    typed = dc_cli(
        data,
        *_visit(data, request, "--desa-name", "Kalirejo", "--desa-code", KALIREJO),
        "--kecamatan-code",
        "331501",
    )
    assert typed.returncode == 0, typed.stderr


def test_the_refusals_say_in_indonesian_what_the_desa_could_be() -> None:
    with pytest.raises(InvalidInput) as two:
        find_desa(TABLE, "sumberjo")
    said = catalogue.text("id", two.value.code, two.value.params, context="errors")
    assert said == (
        "Ada lebih dari satu desa bernama sumberjo: Sumberjo (3315012001, Kec. Kedungjati); "
        "Sumberjo (3315022001, Kec. Karangrayung). Sebutkan desa yang dimaksud dengan "
        "kodenya; tidak ada yang diubah."
    )
    with pytest.raises(InvalidInput) as empty:
        find_desa([{"code": "331501", "name": "Kedungjati"}], "Kalirejo")
    said = catalogue.text("id", empty.value.code, empty.value.params, context="errors")
    assert said.startswith("Tabel wilayah kantor belum berisi desa, jadi Kalirejo tidak dapat")
    with pytest.raises(InvalidInput) as code:
        find_desa(TABLE, "3315019999")
    assert code.value.code == "datacenter_desa_code_unknown"
    assert find_desa(TABLE, "Kel. Kalirejo").code == KALIREJO


def test_targets_import_says_each_rows_warning_as_the_laptop_does(
    office: tuple[Path, str], tmp_path: Path
) -> None:
    data, request = office
    visit = dc_cli(data, *_visit(data, request, "--desa", "Kalirejo")).stdout.strip()
    targets = tmp_path / "sasaran.csv"
    targets.write_text(
        "NIK,Nama,Tanggal Lahir,Jenis Kelamin,Kategori,Jenis Disabilitas\n"
        "3315011203419501,Sasaran Satu,1941-03-12,L,lansia,\n"
        "3315011203419502,Sasaran Dua,1941-03-12,L,disabilitas,\n"
        "3315011203419503,Sasaran Tiga,1941-03-12,L,disabilitas,netra\n",
        encoding="utf-8",
    )
    said = dc_cli(data, "plan", "targets", "import", visit, str(targets), "--json", process=True)
    assert said.returncode == 0, said.stderr
    report = json.loads(said.stdout)
    assert (report["imported"], report["ok"]) == (3, 2)
    (warned,) = report["warnings"]
    assert warned["row"] == 3
    assert [m["code"] for m in warned["messages"]] == ["jenis_disabilitas.missing"]
    text = dc_cli(data, "plan", "targets", "import", visit, str(targets))
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert len(lines) == 2, lines
    assert "3" in lines[0]
    assert warned["messages"][0]["message"] in lines[0], "the laptop's own sentence"
    # And wholly in Indonesian, the commands' default: the row's status and its note too
    # (the line read "baris 3 warning: Kategori is disabilitas but ...").
    indonesian = dc_cli(data, "plan", "targets", "import", visit, str(targets), "--lang", "id")
    assert indonesian.returncode == 0, indonesian.stderr
    assert indonesian.stdout.splitlines()[0].startswith(
        "  baris 3 peringatan: Kategori disabilitas, tetapi kolom Jenis disabilitas kosong: "
    ), indonesian.stdout
    # A whole file refused says why in the laptop's sentence, not only its code.
    pdf = tmp_path / "sasaran.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    refused = dc_cli(data, "plan", "targets", "import", visit, str(pdf), "--lang", "id")
    assert refused.returncode == 2, refused.stderr
    assert refused.stdout.strip() == (
        "Berkas sasaran ditolak, tidak ada yang diimpor: Berkas ini bukan spreadsheet CSV atau "
        "XLSX (berupa PDF, gambar atau arsip). Buka daftar di Excel atau LibreOffice lalu "
        "simpan sebagai .xlsx atau CSV."
    ), refused.stdout + refused.stderr
