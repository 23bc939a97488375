"""No English on the Indonesian screens: every page, tab, step and dialog the app can open.

The app runs in Indonesian on a demo-like store (as ``fieldkit-app --demo``
does), every screen is shown with each of its tabs and stacked steps, the
actions that fill a screen are run (self-tests, device check, a target import
with problems, a surat tugas, a refused form), and every dialog the app opens is
opened: the about box, the lock screen, the login and first-run dialogs, Qt's
own file dialogs, the enrollment screen's dialogs, and Qt's print dialog with
every part of it (the receipt's "Cetak…").  Every text found is checked
with ``tests/ui/text_walk.py``; any English word fails the test, listed with
where it was seen.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

import ui
from fieldkit import finish
from fieldkit.enrollment import outcomes
from fieldkit.planning import targets_import
from tests.fieldkit.planning.planning_support import person, write_csv
from tests.ui.text_walk import english_words, texts_of
from ui.dialogs import FirstRunDialog, LoginDialog
from ui.main_window import MainWindow, Page

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from ui import demo

WORKER_MS = 90_000


class Findings:
    """English words seen, with the screen and widget that showed them."""

    def __init__(self) -> None:
        self.seen: dict[str, set[str]] = {}
        #: Every distinct text checked, so the test can show it looked at the real screens.
        self.texts: set[str] = set()

    def check(self, where: str, root: QWidget) -> None:
        for widget, text in texts_of(root):
            self.texts.add(text)
            words = english_words(text)
            if words:
                key = f"{where} · {widget}: {text!r}"
                self.seen.setdefault(key, set()).update(words)

    def report(self) -> list[str]:
        return sorted(f"{key} -> {sorted(words)}" for key, words in self.seen.items())


def _walk_pages_of(found: Findings, where: str, root: QWidget) -> None:
    """Every tab and every stacked step inside ``root``, each shown in turn."""
    QApplication.processEvents()
    found.check(where, root)
    for tabs in root.findChildren(QTabWidget):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            QApplication.processEvents()
            found.check(f"{where}/{tabs.tabText(index)}", root)
    for stack in root.findChildren(QStackedWidget):
        for index in range(stack.count()):
            stack.setCurrentIndex(index)
            QApplication.processEvents()
            found.check(f"{where}/step {index}", root)


def _modal_texts(qtbot: QtBot, found: Findings, where: str, opens: Callable[[], object]) -> None:
    """Open a blocking dialog with ``opens``, check it when it shows, then close it."""
    checked: list[QWidget] = []

    def when_shown() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, when_shown)
            return
        qtbot.wait(300)  # a file dialog fills its list and labels after it shows
        found.check(where, dialog)
        checked.append(dialog)
        if isinstance(dialog, QDialog):
            dialog.reject()
        else:
            dialog.close()

    QTimer.singleShot(0, when_shown)
    opens()
    assert checked, f"{where}: no dialog opened"


def _class_in_ui(name: str) -> type[QDialog]:
    """A dialog class wherever the ui package keeps it (the enrollment screen moves)."""
    modules = [m.name for m in pkgutil.walk_packages(ui.__path__, "ui.")]
    for module_name in modules:
        found = getattr(importlib.import_module(module_name), name, None)
        if isinstance(found, type) and issubclass(found, QDialog):
            return found
    pytest.fail(f"no dialog class {name} in the ui package")


@pytest.fixture
def window(qtbot: QtBot, demo_data: demo.Demo, indonesian: None) -> MainWindow:
    ws = demo_data.workspace
    # One person not at home, one who refused: their outcomes show in the enrollment list.
    first, second = targets_import.list_targets(ws, demo_data.visit_id)[:2]
    finish.record_outcome(ws, demo_data.visit_id, first.id, outcomes.Outcome.NOT_AT_HOME)
    finish.record_outcome(ws, demo_data.visit_id, second.id, outcomes.Outcome.REFUSED)
    main = MainWindow(ws, demo=True)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def test_no_english_on_any_screen_or_dialog(  # noqa: PLR0915 - one walk through the app
    qtbot: QtBot, window: MainWindow, demo_data: demo.Demo, tmp_path: Path
) -> None:
    found = Findings()
    for page in Page:
        window.show_page(page)
        shown = window.shown_page()
        assert shown is not None
        _walk_pages_of(found, page.name.lower(), shown)

    # Screens filled by their actions, and errors from the core worded for the officer.
    planning = window.planning
    window.show_page(Page.PLANNING)
    planning.create_request()  # every field empty: the core refuses, the status line says why
    found.check("planning, empty request", window)
    planning.request_number.setText("470/1/2026")
    planning.request_name.setText("Desa Sumberjo")
    planning.request_region.setText("99.99.99")
    planning.create_request()
    found.check("planning, refused request", window)
    broken = [person(0), person(1)]
    broken[1][1] = "33150112"
    with qtbot.waitSignal(planning.targets.import_finished, timeout=WORKER_MS):
        planning.targets.import_file(write_csv(tmp_path / "sasaran.csv", broken))
    _walk_pages_of(found, "planning, import report", planning)

    sarpras = window.sarpras
    window.show_page(Page.SARPRAS)
    sarpras.use_sim.setChecked(True)
    with qtbot.waitSignal(sarpras.self_tests_finished, timeout=WORKER_MS):
        sarpras.run_self_tests()
    sarpras.table.selectRow(1)
    sarpras.item_status.setCurrentIndex(1)  # faulty without a note: refused, in words
    sarpras.save_row()
    found.check("sarpras, after self-tests", window)

    settings = window.settings
    window.show_page(Page.SETTINGS)
    with qtbot.waitSignal(settings.devices_listed, timeout=WORKER_MS):
        settings.list_devices()
    found.check("settings, devices checked", window)
    settings.pin_kind.setCurrentIndex(settings.pin_kind.findData("signature"))
    with qtbot.waitSignal(settings.ports_listed, timeout=WORKER_MS):
        settings.pin_backend.setCurrentIndex(settings.pin_backend.findData("isdv4"))
    found.check("settings, serial port list", window)

    reports = window.reports
    window.show_page(Page.REPORTS)
    with qtbot.waitSignal(reports.preview_ready, timeout=WORKER_MS):
        reports.generate()
    found.check("reports, surat tugas", window)

    # Dialogs: the app's own and Qt's.
    _modal_texts(qtbot, found, "about", window.show_about)
    _modal_texts(qtbot, found, "file dialog: import targets", planning.targets.choose_import_file)
    window.show_page(Page.SYNC)
    _modal_texts(qtbot, found, "file dialog: export folder", window.sync.choose_export_folder)
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "",
        "",
        QMessageBox.StandardButton.Yes
        | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Cancel
        | QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard,
        window,
    )
    box.setDetailedText("-")
    found.check("Qt's message box buttons", box)

    home = demo_data.workspace.directory
    found.check("login dialog", LoginDialog(home, None, window))
    found.check("first-run dialog", FirstRunDialog(tmp_path / "new-home", window))

    enrollment = window.enrollment
    force_dialog = _class_in_ui("ForceDialog")(enrollment)
    found.check("enrollment: keep below threshold", force_dialog)
    exception_dialog = _class_in_ui("ExceptionDialog")(
        [("finger:7", "7")], lambda: None, enrollment
    )
    found.check("enrollment: exception", exception_dialog)

    window.lock()
    assert window.unlock_dialog is not None
    found.check("lock screen", window.unlock_dialog)
    found.check(f"whole window at the end ({dt.datetime.now().astimezone():%H:%M})", window)

    # It looked at the real screens: the refused request, the self-tests, Qt's file dialog.
    assert "⚠ Kode wilayah 99.99.99 tidak ada di tabel wilayah Kemendagri." in found.texts
    assert "● Siap" in found.texts  # the self-tests, in Beranda's words (issue 36)
    assert "&Nama berkas:" in found.texts
    assert len(found.texts) > 400
    report = found.report()
    assert report == [], "\n".join(report)


def _button(root: QWidget, name: str) -> QAbstractButton:
    """A button of Qt's print dialog by the object name Qt's own form gives it."""
    button = root.findChild(QAbstractButton, name)
    assert button is not None, f"Qt's print dialog has no button {name!r}"
    return button


def test_no_english_in_qts_print_dialog(qtbot: QtBot, indonesian: None, tmp_path: Path) -> None:
    """Qt's print dialog (the receipt's "Cetak…"), its options, properties and messages.

    The printer prints to a PDF file, as the receipt's dialog offers when no
    printer is set up, so no CUPS server is needed.  Every part a person can
    open is opened: the options below (copies, options tabs), the printer
    properties with the page setup (every page size and unit in its lists), the
    output file's file dialog, and the message a wrong output file gets.
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "bukti.pdf"))
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    found = Findings()
    _walk_pages_of(found, "print dialog", dialog)

    options = next(b for b in dialog.findChildren(QPushButton) if ">>" in b.text())
    options.click()  # "Opsi >>": copies and options, in tabs below the printer
    qtbot.waitUntil(lambda: "<<" in options.text())
    _walk_pages_of(found, "print dialog, options shown", dialog)

    _modal_texts(qtbot, found, "print dialog: properties", _button(dialog, "properties").click)
    _modal_texts(qtbot, found, "print dialog: output file", _button(dialog, "fileBrowser").click)

    output = dialog.findChild(QLineEdit, "filename")
    assert output is not None
    output.setText(str(tmp_path))  # a folder, not a file: Qt says so in a message box
    printing = next(b for b in dialog.findChildren(QPushButton) if b.isDefault())
    _modal_texts(qtbot, found, "print dialog: output is a folder", printing.click)
    dialog.reject()

    report = found.report()
    assert report == [], "\n".join(report)
    # It looked at the real dialog: its title, the PDF printer, a page size, the message.
    assert "Cetak" in found.texts
    assert "Cetak ke Berkas (PDF)" in found.texts
    assert "Salinan:" in found.texts
    assert "Ukuran kertas:" in found.texts
    assert "A4" in found.texts
    assert any(text.startswith(f"{tmp_path} adalah sebuah folder.") for text in found.texts)
