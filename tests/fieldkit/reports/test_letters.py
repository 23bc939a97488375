"""The surat tugas and surat balasan, rendered by poppler as a person would see them."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from reportlab.lib.pagesizes import A4

from fieldkit.accounts import Accounts
from fieldkit.errors import AuthError
from fieldkit.officers import Role
from fieldkit.planning import kinds, requests, schedule, targets_import
from fieldkit.reports import letters
from fieldkit.reports.pdf import MARGIN, hari_tanggal, jam, tanggal, terbilang, zona_waktu
from fieldkit.store.keyring import TEST_KDF
from fieldkit.store.models import Officer
from fieldkit.workspace import Workspace
from tests.fieldkit.planning.planning_support import (
    KETUA,
    PASSWORD,
    PETUGAS,
    person,
    plan_visit,
    write_csv,
)
from tests.fieldkit.reports.report_support import assert_page_one_is_not_blank, pdf_text


def test_indonesian_dates_times_and_numbers() -> None:
    assert hari_tanggal(dt.date(2026, 11, 30)) == "Senin, 30 November 2026"
    assert tanggal(dt.date(2027, 8, 17)) == "17 Agustus 2027"
    assert zona_waktu("350501") == "WIB"
    assert zona_waktu("5171") == "WITA"
    assert zona_waktu("9471") == "WIT"
    assert jam("08:30", "3315") == "08.30 WIB"
    assert [terbilang(n) for n in (3, 12, 40, 57)] == [
        "tiga",
        "dua belas",
        "empat puluh",
        "lima puluh tujuh",
    ]


def test_surat_tugas_and_surat_balasan(workspace: Workspace, tmp_path: Path) -> None:
    visit = plan_visit(workspace)[0]
    targets_import.import_targets(
        workspace, visit.id, write_csv(tmp_path / "s.csv", [person(i) for i in range(12)])
    )
    letters.set_office_profile(
        workspace,
        address="Jl. Gajah Mada No. 1, Purwodadi",
        head_name="Drs. Kepala Dinas Uji, M.Si.",
        head_nip="197001012000031001",
    )
    tugas = letters.surat_tugas(
        workspace,
        visit.id,
        tmp_path / "out" / "surat-tugas.pdf",
        number="470/001/409.20/2026",
        issued=dt.date(2026, 11, 23),
    )
    assert_page_one_is_not_blank(tugas, tmp_path)
    text = pdf_text(tugas)
    for expected in (
        "PEMERINTAH KABUPATEN GROBOGAN",
        "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL",
        "Jl. Gajah Mada No. 1, Purwodadi",
        "SURAT TUGAS",
        "470/001/409.20/2026",
        "Budi Santoso",
        "Siti Aminah",
        "Ketua Tim",
        "Senin, 30 November 2026",
        "08.00 WIB",
        "Sumberjo",
        "Kedungjati",
        "12 (dua belas) orang",
        "Grobogan, 23 November 2026",
        "Drs. Kepala Dinas Uji, M.Si.",
        "NIP. 19700101 200003 1 001",  # the head's NIP spaced as the officers' are
    ):
        assert expected in text, expected

    balasan = letters.surat_balasan(workspace, visit.id, tmp_path / "surat-balasan.pdf")
    assert_page_one_is_not_blank(balasan, tmp_path)
    text = pdf_text(balasan)
    assert "DRAFT" not in text.upper().replace("KONSEP", "")  # issue 23, finding 9: Indonesian
    assert "LATIHAN - bukan dokumen resmi" in text  # made on a training store
    for expected in (
        "KONSEP",
        "Pemberitahuan Pelaksanaan Perekaman KTP-el",
        "Pemerintah Desa Sumberjo",
        "470/123/409.20.1.2/2026",
        "2 November 2026",
        "Senin, 30 November 2026",
        "mendampingi petugas",
        "Budi Santoso",
        "(TTE)",
    ):
        assert expected in text, expected


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    top: float
    right: float
    bottom: float


def _words(pdf: Path, *pages: int) -> list[Word]:
    """Every word poppler finds, with its box in points (``pdftotext -bbox``)."""
    first_last = ["-f", str(min(pages)), "-l", str(max(pages))] if pages else []
    html = subprocess.run(
        ["pdftotext", *first_last, "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = (
        r'<word xMin="(-?[\d.]+)" yMin="(-?[\d.]+)" xMax="(-?[\d.]+)" yMax="(-?[\d.]+)">'
        r"([^<]*)</word>"
    )
    return [
        Word(html_text, float(left), float(top), float(right), float(bottom))
        for left, top, right, bottom, html_text in re.findall(pattern, html)
    ]


@pytest.mark.parametrize(
    "name",
    [
        ("Wiryaningrumzzyzxkusumo" * 7)[:150],  # typed without a space
        ("Wiryaningrum Zzyzxkusumo " * 7)[:150].strip(),
    ],
    ids=["one-word", "many-words"],
)
def test_a_150_character_name_wraps_inside_the_surat_tugas_team_table(
    workspace: Workspace, tmp_path: Path, name: str
) -> None:
    """Issue 24, finding 4: such a name pushed the team table off the page's right edge.

    New names have a maximum length (``officer_name_too_long``); a name already in a
    store (or a long one word) must still print, whole, inside its cell.
    """
    visit = plan_visit(workspace)[0]
    with workspace.transaction() as session:  # as a store from before the limit holds it
        session.execute(sa.update(Officer).where(Officer.username == KETUA).values(full_name=name))
    pdf = letters.surat_tugas(workspace, visit.id, tmp_path / "st.pdf", number="470/1/2026")
    assert_page_one_is_not_blank(pdf, tmp_path)

    for word in _words(pdf):  # on every page, nothing in the right margin or past it
        assert word.left >= 0, word
        assert word.right <= A4[0] - MARGIN + 1, word

    page_one = _words(pdf, 1)
    [siti] = [w for w in page_one if w.text == "Siti"]  # the second row, on page 1
    [one], [two] = ([w for w in page_one if w.text == n and w.right < siti.left] for n in "12")
    first_row = sorted(
        (w for w in page_one if one.top - 1 <= w.top < two.top - 1),
        key=lambda w: (round(w.top), w.left),
    )
    others = {"1", "-", "Ketua", "Tim"}  # the row's number, NIP, pangkat and role
    assert {w.text for w in first_row} >= {"1", "Ketua", "Tim"}
    assert "".join(w.text for w in first_row if w.text not in others) == "".join(name.split())
    for heading in ("No", "Nama", "NIP", "Pangkat/Gol.", "Jabatan", "Petugas", "Perekaman"):
        assert any(w.text == heading for w in page_one), heading


def test_a_blitar_office_letterhead(tmp_path: Path) -> None:
    with Workspace.init(
        tmp_path / "blitar",
        office_code="3505",
        username="admin",
        full_name="Admin Blitar",
        role=Role.ADMIN,
        password=PASSWORD,
        kdf=TEST_KDF,
    ) as ws:
        Accounts(ws).add_officer(
            "ketua.blitar", "Ketua Blitar", Role.KETUA_TIM, PASSWORD, kdf=TEST_KDF
        )
        Accounts(ws).add_officer(
            "petugas.blitar", "Petugas Blitar", Role.PETUGAS, PASSWORD, kdf=TEST_KDF
        )
        request = requests.create_request(
            ws,
            number="474/55/2026",
            letter_date=dt.date(2026, 11, 9),
            requester_type=kinds.RequesterType.RUMAH_SAKIT,
            requester_name="RSUD Ngudi Waluyo Wlingi",
            region_code="3505",
        )
        visit = schedule.create_visit(
            ws,
            request.id,
            visit_date=dt.date(2026, 12, 1),
            start_time="09.30",
            place_type=kinds.PlaceType.RUMAH_SAKIT,
            place_name="RSUD Ngudi Waluyo",
            desa_name="Beru",
            kecamatan_code="350501",
            team=schedule.TeamPlan("ketua.blitar", ("petugas.blitar",)),
        )[0]
        pdf = letters.surat_tugas(ws, visit.id, tmp_path / "st.pdf")
        assert letters.office_profile(ws).government == "PEMERINTAH KABUPATEN BLITAR"
    text = pdf_text(pdf)
    assert "LATIHAN" not in text  # a real store's letter is a real letter
    assert "PEMERINTAH KABUPATEN BLITAR" in text
    assert "Selasa, 1 Desember 2026" in text
    assert "09.30 WIB" in text
    assert "RSUD Ngudi Waluyo" in text


def test_a_petugas_cannot_issue_letters_or_change_the_letterhead(
    workspace: Workspace, tmp_path: Path
) -> None:
    visit = plan_visit(workspace)[0]
    with Workspace.login(workspace.directory, PETUGAS, PASSWORD) as field:
        with pytest.raises(AuthError):
            letters.surat_tugas(field, visit.id, tmp_path / "x.pdf")
        with pytest.raises(AuthError):
            letters.set_office_profile(field, address="x")
    assert not (tmp_path / "x.pdf").exists()
