"""Laporan's Print, Save as and "where is the file" (issue 36, finding 4)."""

from __future__ import annotations

import errno
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFilter
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from fieldkit.workspace import Workspace
from ui.report_files import shown_path
from ui.reports_page import ReportsPage


def _pdf_text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


@pytest.fixture
def made(qtbot: QtBot, demo_ws: Workspace, indonesian: None) -> tuple[ReportsPage, Path]:
    """Laporan with a berita acara perekaman just made, in Indonesian."""
    del indonesian
    page = ReportsPage(demo_ws)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert not page.files.save_button.isEnabled()  # nothing chosen: nothing to save
    page.kind.setCurrentIndex(page.kind.findData("ba-perekaman"))
    with qtbot.waitSignal(page.preview_ready, timeout=60_000):
        qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    path = page.current_document()
    assert path is not None
    return page, path


def test_after_making_a_document_the_page_says_where_it_is(
    made: tuple[ReportsPage, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    page, path = made
    where = page.files.location
    assert where.text() == f"Berkas ada di: {shown_path(path)}"
    assert where.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert page.files.save_button.isEnabled()
    assert page.files.print_button.text() == "Cetak…"
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    assert page.files.folder_button.text() == "Buka folder"
    page.files.folder_button.click()
    assert opened == [QUrl.fromLocalFile(str(path.parent))]


def test_printing_renders_every_page_on_the_printer(
    qtbot: QtBot, made: tuple[ReportsPage, Path], tmp_path: Path
) -> None:
    page, path = made
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    printer.setDocName(path.name)
    with qtbot.waitSignal(page.files.printed, timeout=60_000) as done:
        page.files.print_to(printer, path)
    assert done.args == ["printed"], page.status.text()
    assert page.status.text().startswith("✔")
    pages = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True, check=True)
    original = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    count = [line for line in pages.stdout.splitlines() if line.startswith("Pages:")]
    assert count == [line for line in original.stdout.splitlines() if line.startswith("Pages:")]
    # Each printed page is the document's page, at its size (a blank page differs by 0.095,
    # the page shrunk once more into the printer's margins by 0.058).
    assert _page_difference(printed, path) < 0.045


def _page(pdf: Path, tmp: Path) -> Image.Image:
    prefix = tmp / pdf.stem
    subprocess.run(
        ["pdftoppm", "-png", "-gray", "-r", "40", "-singlefile", str(pdf), str(prefix)],
        check=True,
    )
    page = Image.open(prefix.with_suffix(".png")).convert("L").resize((330, 468))
    return page.filter(ImageFilter.GaussianBlur(2))  # anti-aliasing differs, not the page


def _page_difference(printed: Path, original: Path) -> float:
    """Mean difference of page 1 of two PDFs, 0 (the same) to 1 (black against white)."""
    with tempfile.TemporaryDirectory() as tmp:
        first, second = _page(printed, Path(tmp)), _page(original, Path(tmp))
        assert first.getextrema()[0] < 200, "the printed page is blank"
        histogram = ImageChops.difference(first, second).histogram()
    return sum(level * count for level, count in enumerate(histogram)) / sum(histogram) / 255


def test_printing_a_damaged_file_says_so_and_offers_save_as(
    qtbot: QtBot, made: tuple[ReportsPage, Path]
) -> None:
    """A document cut short (a full disk, a stick pulled out) is refused in words, not printed."""
    page, path = made
    path.write_bytes(path.read_bytes()[:300])
    with qtbot.waitSignal(page.files.printed, timeout=30_000) as done:
        page.files.print_to(QPrinter(), path)
    assert done.args == ["failed"]
    assert "tidak dapat dibaca sebagai PDF" in page.status.text()
    assert "Simpan sebagai" in page.status.text()
    assert page.files.print_button.isEnabled()  # the page carries on


def test_save_as_copies_it_and_names_the_copy(
    made: tuple[ReportsPage, Path], tmp_path: Path
) -> None:
    page, path = made
    usb = tmp_path / "flashdisk"
    usb.mkdir()
    copy = page.files.save_to(usb / "berita-acara")
    assert copy == usb / "berita-acara.pdf"
    assert "BERITA ACARA" in _pdf_text(copy).upper()
    assert path.exists()
    assert page.files.location.text() == f"Salinan disimpan di: {shown_path(copy)}"
    assert page.status.text() == f"✔ Disimpan: {shown_path(copy)}"


def test_save_as_on_a_full_disk_refuses_in_indonesian_and_keeps_the_original(
    made: tuple[ReportsPage, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page, path = made
    before = path.read_bytes()

    def full(_source: Path, _destination: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", full)
    assert page.files.save_to(tmp_path / "copy.pdf") is None
    assert page.status.text().startswith("⚠ Disk")
    assert "penuh" in page.status.text()
    assert str(path) in page.status.text()
    assert path.read_bytes() == before
    assert not (tmp_path / "copy.pdf").exists()


def test_no_pdf_viewer_explains_and_offers_save_as_and_the_folder(
    qtbot: QtBot, made: tuple[ReportsPage, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    page, path = made
    asked: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: asked.append(url) or False)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert asked == [QUrl.fromLocalFile(str(path))]
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    assert shown_path(path) in box.text()
    buttons = {b.text() for b in box.findChildren(QPushButton)}
    assert {"Simpan sebagai…", "Buka folder"} <= buttons
    folder = next(b for b in box.findChildren(QPushButton) if b.text() == "Buka folder")
    folder.click()
    assert asked[-1] == QUrl.fromLocalFile(str(path.parent))
    assert page.status.text().startswith("⚠")
