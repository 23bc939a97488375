"""The shared PDF layout, read back from real PDFs: the letterhead, tables and headings."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from PIL import Image

from fieldkit.reports.pdf import Letterhead, PdfDocument, Signatory

HEAD = Letterhead(
    government="Pemerintah Kabupaten Grobogan",
    office="Dinas Kependudukan dan Pencatatan Sipil",
    address="Jl. Gajah Mada No. 1, Purwodadi 58111",
    contact="Telp. (0292) 421234 · Pos-el disdukcapil@grobogan.go.id",
)


def _page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _word_boxes(pdf: Path) -> list[tuple[str, float, float]]:
    """(word, top, bottom) in points from the top of page 1 (``pdftotext -bbox``)."""
    html = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        (word, float(y_min), float(y_max))
        for y_min, y_max, word in re.findall(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', html
        )
    ]


def _thick_rules(pdf: Path, tmp_path: Path) -> list[int]:
    """Rows of page 1 (at 72 dpi, so in points) that are mostly dark: the letterhead's rules."""
    prefix = tmp_path / "page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", "-singlefile", str(pdf), prefix],
        check=True,
    )
    with Image.open(prefix.with_suffix(".png")) as page:
        grey = page.convert("L")
        width, height = grey.size
        pixels = grey.load()
        assert pixels is not None
        return [
            y
            for y in range(height // 4)
            if sum(pixels[x, y] < 128 for x in range(width)) > width * 0.7  # type: ignore[operator]
        ]


def test_the_letterhead_rule_lies_under_the_contact_line(tmp_path: Path) -> None:
    doc = PdfDocument(HEAD, title="Uji kop surat")
    doc.paragraph("Isi surat.")
    pdf = doc.save(tmp_path / "kop.pdf")
    rules = _thick_rules(pdf, tmp_path)
    assert rules, "no letterhead rule found"
    contact_bottom = max(bottom for word, _, bottom in _word_boxes(pdf) if word == "Telp.")
    assert contact_bottom < rules[0], (
        f"the rule at {rules[0]} pt strikes the contact line ending at {contact_bottom} pt"
    )
    body_top = min(top for word, top, _ in _word_boxes(pdf) if word == "Isi")
    assert body_top > rules[-1], "the body starts above the letterhead's rule"


def test_niks_dates_and_header_words_are_never_broken(tmp_path: Path) -> None:
    doc = PdfDocument(HEAD, title="Uji tabel")
    niks = [f"33150147089{n:05d}" for n in range(12)]
    doc.table(
        ["No", "Nama lengkap", "NIK", "Terekam", "Tgl rekam"],
        [
            [str(n), "Nama Yang Cukup Panjang Sekali", nik, "ya", "23-11-2026"]
            for n, nik in enumerate(niks)
        ],
        # The widths a report asked for before: far too narrow for a NIK and a date.
        widths_mm=[8, 80, 20, 10, 12],
        nowrap=(2, 4),
    )
    pdf = doc.save(tmp_path / "tabel.pdf")
    text = _page_text(pdf, 1)
    lines = text.splitlines()
    for nik in niks:
        assert any(nik in line for line in lines), f"NIK {nik} is split over lines"
    assert sum("23-11-2026" in line for line in lines) == len(niks)
    assert any("Terekam" in line for line in lines), "the header 'Terekam' broke inside the word"


def test_a_heading_is_never_left_alone_at_the_foot_of_a_page(tmp_path: Path) -> None:
    # Fill page 1 until a heading lands at its foot; the heading must move with its table.
    for filler in range(30, 60):
        doc = PdfDocument(HEAD, title="Uji judul")
        for _ in range(filler):
            doc.paragraph("Baris pengisi halaman.")
        doc.subheading("D. Pengecualian Biometrik")
        doc.table(["No", "Nama"], [[str(n), f"Orang {n}"] for n in range(3)])
        pdf = doc.save(tmp_path / f"judul-{filler}.pdf")
        (first,) = [_page_text(pdf, 1)]
        if "Orang 0" not in first:  # the table went to page 2: where did its heading go?
            assert "D. Pengecualian" not in first, f"heading orphaned with {filler} lines"
            return
    raise AssertionError("no filler length pushed the table onto page 2")


def test_the_rule_lies_under_the_office_name_when_there_is_no_address(tmp_path: Path) -> None:
    """A new office has no address line yet: the rule struck through its name."""
    bare = Letterhead(government=HEAD.government, office=HEAD.office, address=None, contact=None)
    doc = PdfDocument(bare, title="Uji kop surat")
    doc.paragraph("Isi surat.")
    pdf = doc.save(tmp_path / "kop.pdf")
    rules = _thick_rules(pdf, tmp_path)
    assert rules, "no letterhead rule found"
    office_bottom = max(bottom for word, _, bottom in _word_boxes(pdf) if word == "PENCATATAN")
    assert office_bottom < rules[0], (
        f"the rule at {rules[0]} pt strikes the office's name ending at {office_bottom} pt"
    )
    body_top = min(top for word, top, _ in _word_boxes(pdf) if word == "Isi")
    assert body_top > rules[-1], "the body starts above the letterhead's rule"


def test_the_place_and_date_stay_with_the_signatures(tmp_path: Path) -> None:
    """A long table ending near a page's foot left "Grobogan, 23 November 2026" alone there."""
    for rows in range(20, 40):
        doc = PdfDocument(HEAD, title="Uji tanda tangan")
        doc.table(["No", "Barang"], [[str(n), f"Barang {n}"] for n in range(rows)])
        doc.signatures("Grobogan, 23 November 2026", [("Ketua,", Signatory("Tim", "Budi"))])
        pdf = doc.save(tmp_path / f"ttd-{rows}.pdf")
        whole = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        for text in whole.split("\f"):
            assert ("Grobogan, 23 November 2026" in text) == ("Budi" in text), rows
