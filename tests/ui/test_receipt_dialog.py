"""The receipt dialog: its QR decodes on screen and on a printed page; a saved PDF reads back."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from fieldkit import demo
from fieldkit.planning import targets_import
from fieldkit.receipts import content
from fieldkit.workspace import Workspace
from tests.fieldkit.planning.planning_support import person, plan_visit, write_csv
from tests.fieldkit.reports.report_support import pdf_text, record_target
from tests.support import init_workspace, read_qr
from ui.receipt_dialog import QR_SIDE_PX, ReceiptDialog, offer_receipt


@pytest.fixture
def sealed(home: Path, tmp_path: Path) -> Iterator[tuple[Workspace, str]]:
    """A training store with one person recorded by the simulators; (workspace, record id)."""
    ws = init_workspace(home, training=True)
    visit = plan_visit(ws)[0]
    targets_import.import_targets(ws, visit.id, write_csv(tmp_path / "s.csv", [person(0)]))
    target = targets_import.list_targets(ws, visit.id)[0].id
    with demo.SimKit(slaps=True) as kit:
        done = record_target(ws, kit, visit.id, target, amputated=("finger:9",))
    yield ws, done.record_id
    ws.close()


def _decode(png: Path) -> str:
    decoded = read_qr(png)
    assert decoded is not None, f"no QR code found in {png.name}"
    return decoded


def test_the_qr_on_screen_is_large_and_decodes(
    qtbot: QtBot, sealed: tuple[Workspace, str], tmp_path: Path, indonesian: None
) -> None:
    del indonesian  # the longer words, where a wrapped line was once cut off
    ws, record_id = sealed
    dialog = ReceiptDialog(ws, record_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.pages.currentIndex() == 0
    # Every wrapped line shows whole: no label is shorter than its text needs.
    for label in dialog.pages.currentWidget().findChildren(QLabel):
        if label.wordWrap():
            assert label.height() >= label.heightForWidth(label.width()), label.text()
    texts = " ".join(w.text() for w in dialog.findChildren(QWidget) if hasattr(w, "text"))
    assert "Sasaran Uji 0" in texts
    assert "jari manis kiri" in texts
    assert record_id in texts  # the number the family quotes when it asks
    # The summary carries a small QR already: a phone can take it without another click.
    small = tmp_path / "qr-small.png"
    assert dialog.small_qr.grab().save(str(small))
    assert _decode(small) == content.receipt(ws, record_id).qr
    dialog.qr_button.click()
    assert dialog.pages.currentIndex() == 1
    shot = tmp_path / "qr-on-screen.png"
    assert dialog.qr_label.grab().save(str(shot))
    pixmap = dialog.qr_label.pixmap()
    assert min(pixmap.width(), pixmap.height()) >= QR_SIDE_PX - 12  # whole modules only
    assert _decode(shot) == content.receipt(ws, record_id).qr
    dialog.grab().save(str(tmp_path / "receipt-dialog-qr.png"))
    dialog.qr_button.click()
    assert dialog.pages.currentIndex() == 0


def test_printing_to_a_pdf_printer_and_saving(
    qtbot: QtBot, sealed: tuple[Workspace, str], tmp_path: Path
) -> None:
    ws, record_id = sealed
    dialog = ReceiptDialog(ws, record_id)
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    with qtbot.waitSignal(dialog.printed) as done:
        assert dialog.print_to(printer)
    assert done.args == ["printed"]
    prefix = tmp_path / "printed-page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", str(printed), str(prefix)], check=True
    )
    assert _decode(prefix.with_suffix(".png")) == content.receipt(ws, record_id).qr

    with qtbot.waitSignal(dialog.saved) as saved:
        assert dialog.save_to(tmp_path / "chosen" / "bukti")  # ".pdf" is added
    path = saved.args[0]
    assert path == tmp_path / "chosen" / "bukti.pdf"
    assert "Sasaran Uji 0" in pdf_text(path)
    assert dialog.status.text().startswith("✔")


def test_no_receipt_no_dialog(qtbot: QtBot, sealed: tuple[Workspace, str]) -> None:
    ws, _ = sealed
    parent = QWidget()
    qtbot.addWidget(parent)
    assert offer_receipt(parent, ws, "00000000-no-such-record") is None


def test_the_screens_warmed_up_off_the_gui_thread_do_not_load_qt_print_support() -> None:
    # ui.app imports the screens (PAGE_MODULES) on a worker thread while the login shows;
    # importing QtPrintSupport there crashed the app once in five starts.  The print dialog
    # loads it on the GUI thread, when the officer presses Cetak.
    script = (
        "import sys\n"
        "from ui.main_window import PAGE_MODULES\n"
        "import importlib\n"
        "for name in PAGE_MODULES: importlib.import_module(name)\n"
        "print('PySide6.QtPrintSupport' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "False", done.stderr
