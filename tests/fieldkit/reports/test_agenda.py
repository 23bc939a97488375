"""The letter-number register and the surat tugas's NIP and pangkat, read back from real PDFs."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from fieldkit.accounts import Accounts
from fieldkit.errors import AuthError, InvalidInput
from fieldkit.officers import check_nip, format_nip
from fieldkit.reports import agenda, letter_numbers, letters
from fieldkit.sarpras import checklist
from fieldkit.sarpras.checklist import ItemStatus, Phase
from fieldkit.store.models import Setting
from fieldkit.workspace import Workspace
from tests.fieldkit.planning.planning_support import KETUA, PASSWORD, PETUGAS, plan_visit
from tests.fieldkit.reports.report_support import pdf_text
from tests.support import ADMIN, ADMIN_PASSWORD, cli

AS_ADMIN = {"FIELDKIT_PASSWORD": ADMIN_PASSWORD, "FIELDKIT_OFFICER": ADMIN}
ISSUED = dt.date(2026, 11, 23)
KETUA_NIP = "197001012000031001"
PETUGAS_NIP = "19880217 201101 2 004"


def _lines(pdf: Path) -> list[str]:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def test_nip_rules() -> None:
    assert check_nip(PETUGAS_NIP) == "198802172011012004"
    assert format_nip("198802172011012004") == PETUGAS_NIP
    for bad, code in (
        ("19700101200003100", "nip_length"),  # 17 digits
        ("1970010120000310011", "nip_length"),
        ("19700101 2000O3 1 001", "nip_length"),  # a letter O
        ("197013012000031001", "nip_invalid"),  # month 13
        ("197001012000131001", "nip_invalid"),  # appointed in month 13
        ("197001012000033001", "nip_invalid"),  # sex digit 3
    ):
        with pytest.raises(InvalidInput) as refused:
            check_nip(bad)
        assert refused.value.code == code, bad


def test_the_surat_tugas_names_each_officer_with_nip_and_rank_and_a_register_number(
    workspace: Workspace, tmp_path: Path
) -> None:
    visits = plan_visit(workspace, weeks=2)
    Accounts(workspace).set_officer_details(KETUA, nip=KETUA_NIP, rank="Penata Tingkat I, III/d")
    Accounts(workspace).set_officer_details(PETUGAS, nip=PETUGAS_NIP, rank="Pengatur, II/c")
    with Workspace.login(workspace.directory, KETUA, PASSWORD) as ketua, pytest.raises(AuthError):
        Accounts(ketua).set_officer_details(PETUGAS, nip=KETUA_NIP)

    first = letters.surat_tugas(workspace, visits[0].id, tmp_path / "st1.pdf", issued=ISSUED)
    lines = _lines(first)
    text = pdf_text(first)
    assert "474/001/Disdukcapil/XI/2026" in text
    for expected in ("NIP", "Pangkat/Gol.", "Penata Tingkat I, III/d", "Pengatur, II/c"):
        assert expected in text, expected
    # Each NIP is whole on one line of the text layer: it can be read and searched for.
    assert any("19700101 200003 1 001" in line for line in lines)
    assert any(PETUGAS_NIP in line for line in lines)

    again = letters.surat_tugas(workspace, visits[0].id, tmp_path / "st1b.pdf", issued=ISSUED)
    assert "474/001/Disdukcapil/XI/2026" in pdf_text(again)  # a reprint keeps its number
    second = letters.surat_tugas(workspace, visits[1].id, tmp_path / "st2.pdf", issued=ISSUED)
    assert "474/002/Disdukcapil/XI/2026" in pdf_text(second)
    balasan = letters.surat_balasan(workspace, visits[0].id, tmp_path / "sb.pdf", issued=ISSUED)
    # One register, one series: the surat balasan does not share the surat tugas's number.
    assert "474/003/Disdukcapil/XI/2026" in pdf_text(balasan)

    agenda.set_number_pattern(workspace, "470/{seq:04d}/{type}/409.20/{year}")
    typed = letters.surat_tugas(
        workspace, visits[1].id, tmp_path / "st3.pdf", number="800/77/2026", issued=ISSUED
    )
    assert "800/77/2026" in pdf_text(typed)
    january = letters.surat_balasan(
        workspace, visits[1].id, tmp_path / "sb2.pdf", issued=dt.date(2027, 1, 4)
    )
    assert "470/0001/SB/409.20/2027" in pdf_text(january)  # a new year starts at 1

    register = agenda.list_letters(workspace)
    assert [(i.letter_type.value, i.number) for i in register] == [
        ("surat_tugas", "474/001/Disdukcapil/XI/2026"),
        ("surat_tugas", "474/002/Disdukcapil/XI/2026"),
        ("surat_balasan", "474/003/Disdukcapil/XI/2026"),
        ("surat_tugas", "800/77/2026"),
        ("surat_balasan", "470/0001/SB/409.20/2027"),
    ]
    assert register[3].seq is None
    assert all("Sumberjo" in i.subject and i.issued_by == ADMIN for i in register)
    assert register[0].letter_date == ISSUED

    for bad in ("474/{nomor}/2026", "474/{seq:03d/{year}", "474/{seq.real}", "tanpa nomor"):
        with pytest.raises(InvalidInput):
            agenda.set_number_pattern(workspace, bad)

    done = cli("letters", "list", "--year", "2026", "--json", env=AS_ADMIN)
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)
    assert [e["number"] for e in listed] == [
        "474/001/Disdukcapil/XI/2026",
        "474/002/Disdukcapil/XI/2026",
        "474/003/Disdukcapil/XI/2026",
        "800/77/2026",
    ]
    assert listed[3]["manual"] is True


def test_officer_nip_and_rank_through_the_cli(workspace: Workspace) -> None:
    plan_visit(workspace)
    bad = cli("officer", "set", PETUGAS, "--nip", "12345", "--json", env=AS_ADMIN)
    assert bad.returncode == 1
    assert json.loads(bad.stdout)["error"]["code"] == "nip_length"
    done = cli(
        "officer",
        "set",
        PETUGAS,
        "--nip",
        PETUGAS_NIP,
        "--rank",
        "Pengatur, II/c",
        "--json",
        env=AS_ADMIN,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["nip"] == "198802172011012004"
    listed = json.loads(cli("officer", "list", "--json", env=AS_ADMIN).stdout)
    assert {o["username"]: o["rank"] for o in listed}[PETUGAS] == "Pengatur, II/c"


def test_the_cli_refuses_a_rusak_item_back_as_baik_without_a_note(
    workspace: Workspace,
) -> None:
    visit = plan_visit(workspace)[0].id
    checklist.run_self_tests(workspace, visit, Phase.CHECKOUT, sim=True)
    checklist.record_checkout_item(
        workspace, visit, "power_bank", status=ItemStatus.FAULTY, notes="retak"
    )
    args = ("sarpras", "checkin", "--visit", visit, "--sim", "--ok", "power_bank", "--json")
    refused = cli(*args, env=AS_ADMIN)
    assert refused.returncode == 1
    assert json.loads(refused.stdout)["error"]["code"] == "checkin_baik_after_rusak"
    noted = cli(*args, "--note", "power_bank=diganti baru", env=AS_ADMIN)
    assert noted.returncode == 0, noted.stdout
    rows = {i["key"]: i for i in json.loads(noted.stdout)["items"]}
    assert rows["power_bank"]["baik"] is True
    assert rows["power_bank"]["checkout_status"] == "faulty"


def test_a_number_format_reads_and_is_typed_with_indonesian_places(workspace: Workspace) -> None:
    """Issue 47, finding 11: "{urut}", "{tahun}"... on screen; a stored "{seq}" still works."""
    assert letter_numbers.DEFAULT_PATTERN == "474/{urut:03d}/Disdukcapil/{bulan_romawi}/{tahun}"
    assert agenda.number_pattern(workspace) == letter_numbers.DEFAULT_PATTERN
    day = dt.date(2026, 11, 23)
    english = "470/{seq:03d}/{type}/{roman_month}/{month}/{year}"
    indonesian = "470/{urut:03d}/{jenis}/{bulan_romawi}/{bulan}/{tahun}"
    assert letter_numbers.indonesian_pattern(english) == indonesian
    for pattern in (english, indonesian):
        made = letter_numbers.render_number(
            pattern, 7, day, letter_numbers.LetterType.SURAT_BALASAN
        )
        assert made == "470/007/SB/XI/11/2026", pattern
    # A format stored before (here by the office's package) reads the Indonesian way,
    # and the numbers it makes count on per type as before.
    with workspace.transaction() as session:
        session.merge(Setting(key=agenda.PATTERN_KEY, value=english))
    assert agenda.number_pattern(workspace) == indonesian
    first = agenda.issue_number(
        workspace, letter_numbers.LetterType.SURAT_BALASAN, subject="uji", letter_date=day
    )
    assert first.number == "470/001/SB/XI/11/2026"
    # Typed either way, it is kept the Indonesian way.
    assert (
        agenda.set_number_pattern(workspace, "{seq}/DUKCAPIL/{year}") == "{urut}/DUKCAPIL/{tahun}"
    )
    assert agenda.number_pattern(workspace) == "{urut}/DUKCAPIL/{tahun}"
    with pytest.raises(InvalidInput) as refused:
        agenda.set_number_pattern(workspace, "474/{nomor}/{tahun}")
    assert "{urut}" in str(refused.value.params["fields"])
