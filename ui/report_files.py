r"""What a person does with a document Laporan made: print it, save a copy, find it.

The documents are written into ``reports/`` in the data folder, where nobody looks
(``C:\\ProgramData\\FieldKit\\reports`` on the office laptops), and "Open in PDF
viewer" was the only way out: on a laptop with no viewer it did nothing useful.  So
each document offers, under the list:

- "Print…": Qt's print dialog, then every page drawn on the chosen printer.
  PySide6-Essentials (what we ship) has no QtPdf, and the documents are ReportLab's,
  not drawn with QPainter, so each page is drawn by PDFium (``fieldkit.reports.pages``,
  as the preview and the receipt's print are) on a worker thread, in memory (no page
  image on the disk), and painted scaled to the printer's page.
- "Save as…": the person chooses folder and name; ``fieldkit.reports.copies`` copies
  the file there and refuses in words on a full disk or a folder it may not write to.
  On Windows the system's own dialog (the one people know); elsewhere Qt's own, which
  speaks our Indonesian and which a screen reader and the end-to-end tests can drive
  (a Linux desktop's portal dialog is another process that neither can).
- Where the file is: its full path, selectable, and "Open folder" beside it.
- "Open in PDF viewer": when no viewer opens, a message says so and offers Save as
  and the folder instead.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDir, QRect, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import KnownError
from fieldkit.reports import copies, pages
from ui import workers
from ui.messages import explain, explain_any

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtPrintSupport import QPrinter

    from ui.common import StatusLine

log = logging.getLogger(__name__)

PRINT_DPI_MAX = 300


def _documents_folder() -> str:
    """Where a Save as starts: the person's Documents (their home when there is none)."""
    location = QStandardPaths.StandardLocation.DocumentsLocation
    documents = QStandardPaths.writableLocation(location)
    return documents if documents and Path(documents).is_dir() else str(Path.home())


def shown_path(path: Path) -> str:
    """The path as the person's system writes it (backslashes on Windows)."""
    return QDir.toNativeSeparators(str(path))


class DocumentActions(QWidget):
    """Print, Save as, Open in PDF viewer and Open folder for the chosen document."""

    # After a print: ``"printed"`` or ``"failed"``.
    printed = Signal(str)
    # The copy's path after a Save as.
    saved = Signal(object)

    def __init__(
        self,
        current: Callable[[], Path | None],
        status: StatusLine,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._current = current
        self.status = status
        self._task: workers.Task | None = None
        self._printer: QPrinter | None = None
        # The file the location line names ("Open folder" opens its folder).
        self.shown: Path | None = None

        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(self.tr("Save as…"))
        self.save_button.clicked.connect(self.save_as)
        self.open_button = QPushButton(self.tr("Open in PDF viewer"))
        self.open_button.clicked.connect(self.open_current)
        buttons = QHBoxLayout()
        for button in (self.print_button, self.save_button, self.open_button):
            buttons.addWidget(button)

        self.location = QLabel()
        self.location.setWordWrap(True)
        self.location.setTextFormat(Qt.TextFormat.PlainText)
        self.location.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.folder_button = QPushButton(self.tr("Open folder"))
        self.folder_button.clicked.connect(self.open_folder)
        where = QHBoxLayout()
        where.addWidget(self.location, 1)
        where.addWidget(self.folder_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addLayout(where)
        self.show_location(None)

    # --- where the file is -----------------------------------------------------------

    def show_location(self, path: Path | None, *, copy: bool = False) -> None:
        """Name where ``path`` is (the made document, or the copy just saved)."""
        self.shown = path
        if path is None:
            self.location.setText(self.tr("Choose a document in the list."))
        elif copy:
            self.location.setText(self.tr("Copy saved at: %1").replace("%1", shown_path(path)))
        else:
            self.location.setText(self.tr("The file is at: %1").replace("%1", shown_path(path)))
        chosen = self._current() is not None
        for button in (self.print_button, self.save_button, self.open_button):
            button.setEnabled(chosen)
        self.folder_button.setEnabled(path is not None)

    def open_folder(self) -> None:
        path = self.shown
        if path is None:
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))):
            self.status.error(
                self.tr(
                    "No file manager opened the folder. The file is at %1: select the path"
                    " and copy it."
                ).replace("%1", shown_path(path))
            )

    # --- save as ---------------------------------------------------------------------

    def save_as(self) -> None:
        path = self._current()
        if path is None:
            self.status.error(self.tr("Choose a document first."))
            return
        options = QFileDialog.Option(0)
        if sys.platform != "win32":
            options |= QFileDialog.Option.DontUseNativeDialog
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the document as"),
            str(Path(_documents_folder()) / path.name),
            self.tr("PDF files (*.pdf)"),
            options=options,
        )
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, chosen: Path) -> Path | None:
        """Copy the chosen document to ``chosen``; say where it is, or why it is not."""
        path = self._current()
        if path is None:
            self.status.error(self.tr("Choose a document first."))
            return None
        try:
            copy = copies.save_copy(path, chosen)
        except KnownError as error:
            self.status.error(explain(error))
            return None
        self.show_location(copy, copy=True)
        self.status.ok(self.tr("Saved: %1").replace("%1", shown_path(copy)))
        self.saved.emit(copy)
        return copy

    # --- the PDF viewer --------------------------------------------------------------

    def open_current(self) -> None:
        path = self._current()
        if path is None:
            self.status.error(self.tr("Choose a document first."))
            return
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.status.info(
                self.tr("Sent to the PDF viewer. If no window opens, use Print… or Save as… here.")
            )
            return
        self.status.error(self.tr("No PDF viewer is set up on this computer."))
        self.no_viewer(path)

    def no_viewer(self, path: Path) -> QMessageBox:
        """Say that nothing opened the file, and offer the ways that need no viewer."""
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("No PDF viewer"), "", parent=self)
        box.setText(
            self.tr(
                "No PDF viewer is set up on this computer, so the document cannot be opened"
                " here. You can print it with Print…, save a copy (for example on a USB stick)"
                " to open it on another computer, or open its folder. The file is at %1."
            ).replace("%1", shown_path(path))
        )
        save = box.addButton(self.tr("Save as…"), QMessageBox.ButtonRole.AcceptRole)
        folder = box.addButton(self.tr("Open folder"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(save)
        save.clicked.connect(self.save_as)
        folder.clicked.connect(self.open_folder)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    # --- print -----------------------------------------------------------------------

    def print_document(self) -> None:
        """Qt's print dialog; the document goes to the printer chosen there."""
        path = self._current()
        if path is None:
            self.status.error(self.tr("Choose a document first."))
            return
        # Imported here, on the GUI thread: the start-up warm-up imports the screens on a
        # worker, and importing QtPrintSupport there crashed the app (seen once in five).
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # noqa: PLC0415

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(path.name)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer, path)

    def print_to(self, printer: QPrinter, path: Path) -> None:
        """Render the pages on a worker thread, then paint them; :attr:`printed` tells."""
        self._printer = printer
        dpi = min(printer.resolution(), PRINT_DPI_MAX)
        self.print_button.setEnabled(False)
        self.status.info(self.tr("Preparing %1 for the printer…").replace("%1", path.name))
        self._task = workers.start(
            lambda: pages.render_pages(path, dpi), self._paint, self._not_rendered
        )

    def _not_rendered(self, error: object) -> None:
        self._task, self._printer = None, None
        self.print_button.setEnabled(self._current() is not None)
        if isinstance(error, pages.PageRenderError):
            log.warning("a report could not be rendered for printing: %s", error)
            self.status.error(
                self.tr(
                    "Cannot print: this file could not be read as a PDF (damaged or not"
                    " FieldKit's). Make the document again, or save it with Save as… and"
                    " print it from another computer."
                )
            )
        else:
            self.status.error(explain_any(error))
        self.printed.emit("failed")

    def _paint(self, pages: object) -> None:
        printer, self._task, self._printer = self._printer, None, None
        self.print_button.setEnabled(self._current() is not None)
        images = [QImage.fromData(png) for png in pages] if isinstance(pages, list) else []
        painter = QPainter()
        if printer is not None:
            # The documents carry their own margins: the page is printed whole, at its
            # size, not shrunk again into the printer's margins.
            printer.setFullPage(True)
        if printer is None or not images or not painter.begin(printer):
            self.status.error(self.tr("The printer could not be started."))
            self.printed.emit("failed")
            return
        try:
            for index, image in enumerate(images):
                if index:
                    printer.newPage()
                area = printer.pageLayout().fullRectPixels(printer.resolution())
                size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(0, 0, size.width(), size.height()), image)
        finally:
            painter.end()
        self.status.ok(self.tr("%1 was sent to the printer.").replace("%1", printer.docName()))
        self.printed.emit("printed")
