"""A PDF's pages as PNG images, in memory: for the preview, the print and the receipt.

FieldKit's documents are ReportLab's PDFs, and PySide6-Essentials (what we ship)
has no QtPdf, so something else must draw a page before Qt can show or print it.
This was poppler's ``pdftoppm``, run as a program: on Windows, the users'
platform, it is not there, so Cetak… and the preview did nothing.  PDFium (the
PDF engine of Chrome, through ``pypdfium2``'s wheels for Windows and Linux) does
it inside the process instead, from bytes in memory: a page, with the names and
NIKs it shows, never lands on the disk as an image.
"""

from __future__ import annotations

import io
import logging
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: Points per inch: PDF's unit, against which a DPI becomes PDFium's scale.
_POINTS_PER_INCH = 72
#: A bound on the pages of one document (a year's rekap is a few dozen).
MAX_PAGES = 500
#: PDFium is not thread-safe: one render at a time in this process.
_PDFIUM = threading.Lock()


def _pdfium() -> Any:  # pypdfium2 ships no type information
    """pypdfium2, loaded when the first page is drawn, not when the module is imported.

    The app's start-up warm-up imports the screens on a worker thread; PDFium's native
    library is not loaded there, nor at all on a laptop that never previews a document.
    """
    import pypdfium2  # noqa: PLC0415 - see the docstring

    return pypdfium2


class PageRenderError(Exception):
    """The file is not a PDF PDFium can read, or a page could not be drawn."""


def render_pages(
    pdf: bytes | Path, dpi: int, *, first: int = 1, last: int | None = None
) -> list[bytes]:
    """Pages ``first``..``last`` (1-based, inclusive; all by default) as PNG bytes.

    Runs on a worker thread: a page at 300 dpi takes a noticeable part of a second.
    """
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    scale = dpi / _POINTS_PER_INCH
    pngs: list[bytes] = []
    pypdfium2 = _pdfium()
    with _PDFIUM:
        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as exc:
            raise PageRenderError(str(exc)) from exc
        try:
            count = min(len(document), MAX_PAGES)
            end = count if last is None else min(last, count)
            if count == 0 or first > end:
                raise PageRenderError(f"no page {first} in a document of {count}")
            for number in range(first, end + 1):
                page = document[number - 1]
                try:
                    image = page.render(scale=scale).to_pil()
                finally:
                    page.close()
                out = io.BytesIO()
                image.save(out, format="PNG")
                pngs.append(out.getvalue())
        except pypdfium2.PdfiumError as exc:
            raise PageRenderError(str(exc)) from exc
        finally:
            document.close()
    log.debug("rendered %d page(s) at %d dpi", len(pngs), dpi)
    return pngs


def render_first_page(pdf: bytes | Path, dpi: int) -> bytes:
    """Page 1 as PNG bytes (the preview, the receipt)."""
    return render_pages(pdf, dpi, first=1, last=1)[0]
