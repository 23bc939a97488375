"""A PDF's pages drawn in memory by PDFium (no pdftoppm, no image on the disk)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from fieldkit.reports import pages


def _pdf(page_count: int) -> bytes:
    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=A4)
    for number in range(1, page_count + 1):
        sheet.setFillColorRGB(0, 0, 0)
        sheet.rect(72, 72, 200, 200, fill=1)  # a black square an inch from the corner
        sheet.drawString(72, 760, f"Halaman {number}")
        sheet.showPage()
    sheet.save()
    return out.getvalue()


def test_every_page_is_a_png_at_the_asked_resolution(tmp_path: Path) -> None:
    path = tmp_path / "rekap.pdf"
    path.write_bytes(_pdf(3))
    pngs = pages.render_pages(path, 72)
    assert len(pngs) == 3
    image = Image.open(io.BytesIO(pngs[0]))
    assert image.format == "PNG"
    # A4 is 595 x 842 points: at 72 dpi one pixel a point.
    assert abs(image.width - 595) <= 1
    assert abs(image.height - 842) <= 1
    # The square drawn at (72, 72) from the bottom-left is black, the corner white.
    assert image.convert("L").getpixel((150, 842 - 150)) < 40
    assert image.convert("L").getpixel((5, 5)) > 240
    twice = Image.open(io.BytesIO(pages.render_first_page(path, 144)))
    assert abs(twice.width - 2 * 595) <= 2


def test_a_range_of_pages_from_bytes_in_memory() -> None:
    pngs = pages.render_pages(_pdf(4), 36, first=2, last=3)
    assert len(pngs) == 2
    assert pages.render_pages(_pdf(2), 36, first=2, last=9) == pages.render_pages(
        _pdf(2), 36, first=2
    )


@pytest.mark.parametrize(
    "data",
    [b"", b"not a pdf at all", b"%PDF-1.4\n" + b"\x00" * 64, _pdf(2)[:200]],
    ids=["empty", "text", "header-only", "truncated"],
)
def test_a_file_that_is_not_a_pdf_is_refused_in_words(data: bytes) -> None:
    with pytest.raises(pages.PageRenderError):
        pages.render_pages(data, 72)


def test_a_page_past_the_last_is_refused() -> None:
    with pytest.raises(pages.PageRenderError, match="no page 3"):
        pages.render_pages(_pdf(2), 72, first=3)
