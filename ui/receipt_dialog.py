"""The bukti perekaman after a person's recording: print it, save it as a PDF, or show its QR.

The receipt's content comes from the store (``fieldkit.receipts``), where it
was kept when the record was sealed.  Printing draws the PDF in memory
(PDFium, through ``fieldkit.reports.pages``), so nothing of the receipt touches
the disk unless the officer saves it.  The QR is shown large enough for the
family to photograph with a phone.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import KnownError
from fieldkit.officers import format_nip
from fieldkit.receipts import content, document
from fieldkit.reports import pages
from fieldkit.reports.pdf import hari_tanggal, tanggal
from ui.common import StatusLine
from ui.messages import explain

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from fieldkit.receipts.content import ReceiptContent
    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

# The QR's side on screen: a phone photographs it from arm's length.
QR_SIDE_PX = 360
QR_SMALL_PX = 160
# Wide enough that a wrapped line (the place, what was recorded) never needs a third line
# the layout did not plan for: QFormLayout sizes a dialog before its labels wrap.
DIALOG_MIN_WIDTH_PX = 760
PRINT_DPI_MAX = 300


class ReceiptDialog(QDialog):
    """One person's receipt: a summary, and what to do with it."""

    # After a print: ``"printed"`` or ``"failed"``.
    printed = Signal(str)
    saved = Signal(object)

    def __init__(self, workspace: Workspace, record_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.content: ReceiptContent = content.receipt(workspace, record_id)
        self.setWindowTitle(self.tr("Recording receipt (bukti perekaman)"))
        self.setAccessibleName(self.tr("Recording receipt"))
        self.setMinimumWidth(DIALOG_MIN_WIDTH_PX)
        self.status = StatusLine()
        self.pages = QStackedWidget()
        self.pages.addWidget(self._summary())
        self.pages.addWidget(self._qr_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status)
        layout.addLayout(self._buttons())

    def _summary(self) -> QWidget:
        """The receipt as the family reads it on screen, with its QR beside it.

        The QR is there from the start (a phone can photograph it as it is);
        "Show QR code" only makes it larger for a phone held further away.
        """
        page = QWidget()
        c = self.content
        heading = QLabel(
            self.tr("Recording receipt: %1").replace("%1", c.office_name)
            + (self.tr(" (TRAINING)") if c.training else "")
        )
        heading.setWordWrap(True)
        heading_font = heading.font()
        heading_font.setBold(True)
        heading.setFont(heading_font)
        form = QFormLayout()
        officer = c.officer_name + (f" (NIP. {format_nip(c.officer_nip)})" if c.officer_nip else "")
        rows = [
            (self.tr("Name"), c.person_name),
            (self.tr("NIK"), c.nik_masked),
            (self.tr("Recorded on"), hari_tanggal(c.recorded_on)),
            (self.tr("Place"), c.place),
            (self.tr("Officer"), officer),
            (self.tr("Recorded"), "; ".join(c.captured)),
            (self.tr("Not recorded"), "; ".join(c.excepted) or self.tr("nothing: all recorded")),
            (self.tr("Card due by"), tanggal(c.due_by)),
            (self.tr("Record number"), c.record_id),
            (self.tr("Office contact"), ", ".join(filter(None, [c.address, c.contact])) or "-"),
        ]
        for label, value in rows:
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, shown)
        keep = QLabel(
            self.tr(
                "Keep this receipt: show it when asking about the e-KTP or receiving it. "
                "The data goes to the Dukcapil data center first."
            )
        )
        keep.setWordWrap(True)
        self.small_qr = small_qr = QLabel()
        small_qr.setAccessibleName(self.tr("Receipt QR code, small"))
        small_qr.setPixmap(self._qr_pixmap(QR_SMALL_PX))
        small_qr.setAlignment(Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.addWidget(heading)
        column.addLayout(form)
        column.addWidget(keep)
        column.addStretch(1)
        box = QHBoxLayout(page)
        box.addLayout(column, 1)
        box.addWidget(small_qr)
        return page

    def _qr_pixmap(self, side: int) -> QPixmap:
        pixmap = QPixmap()
        pixmap.loadFromData(document.qr_png(self.content.qr, scale=12), "PNG")
        # Nearest-neighbour: a smoothed QR blurs its module edges and scans worse.
        return pixmap.scaled(
            side,
            side,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )

    def _qr_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.qr_label = QLabel()
        self.qr_label.setAccessibleName(self.tr("Receipt QR code"))
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_label.setPixmap(self._qr_pixmap(QR_SIDE_PX))
        caption = QLabel(
            self.tr("Photograph this code: it holds the record number and the office code.")
        )
        caption.setWordWrap(True)
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.qr_label, 1)
        box.addWidget(caption)
        return page

    def _buttons(self) -> QHBoxLayout:
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.clicked.connect(self.print_receipt)
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.save_button.clicked.connect(self.save_as)
        self.qr_button = QPushButton(self.tr("Show QR code"))
        self.qr_button.setCheckable(True)
        self.qr_button.toggled.connect(self.show_qr)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close the receipt"))
        self.close_button.clicked.connect(self.accept)
        row = QHBoxLayout()
        for button in (self.print_button, self.save_button, self.qr_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        return row

    # --- actions ---------------------------------------------------------------------

    def show_qr(self, on: bool) -> None:
        self.pages.setCurrentIndex(1 if on else 0)
        self.qr_button.setText(self.tr("Show summary") if on else self.tr("Show QR code"))

    def print_receipt(self) -> None:
        """Qt's print dialog; the receipt goes to the printer chosen there."""
        # Imported here, on the GUI thread: the start-up warm-up imports this module on a
        # worker, and importing QtPrintSupport there crashed the app (seen once in five).
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # noqa: PLC0415

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        """Paint the receipt's page on ``printer``, scaled to its page, in memory only."""
        dpi = min(printer.resolution(), PRINT_DPI_MAX)
        try:
            png = pages.render_first_page(document.receipt_pdf(self.content), dpi)
        except pages.PageRenderError:
            log.exception("the receipt could not be rendered for printing")
            self.status.error(
                self.tr("Cannot print: the receipt could not be drawn. Save it as a PDF instead.")
            )
            self.printed.emit("failed")
            return False
        image = QImage()
        if not image.loadFromData(png):
            self.status.error(self.tr("The printer could not be started."))
            self.printed.emit("failed")
            return False
        painter = QPainter()
        if not painter.begin(printer):
            self.status.error(self.tr("The printer could not be started."))
            self.printed.emit("failed")
            return False
        try:
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(QRect(area.x(), area.y(), size.width(), size.height()))
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
        finally:
            painter.end()
        document.note_printed(self.workspace, self.content.record_id)
        self.status.ok(self.tr("The receipt was sent to the printer."))
        self.printed.emit("printed")
        return True

    def save_as(self) -> None:
        suggested = Path.home() / f"bukti-perekaman-{self.content.record_id[:8]}.pdf"
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the receipt"), str(suggested), self.tr("PDF files (*.pdf)")
        )
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, path: Path) -> bool:
        """Write the receipt's PDF where the officer chose (the only time it reaches a disk)."""
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        try:
            written = document.save_receipt_pdf(self.workspace, self.content.record_id, path)
        except KnownError as error:
            self.status.error(explain(error))
            return False
        self.status.ok(self.tr("Saved: %1").replace("%1", str(written)))
        self.saved.emit(written)
        return True


def offer_receipt(parent: QWidget, workspace: Workspace, record_id: str) -> ReceiptDialog | None:
    """After a seal: offer the family's receipt in a window of its own (not modal).

    The enrollment screen calls this once a record is sealed; the officer may
    close it and go on with the next person.  A receipt that cannot be made is
    logged and skipped: it never stands in the way of the next recording.
    """
    try:
        dialog = ReceiptDialog(workspace, record_id, parent)
    except KnownError as error:  # a known refusal, not a bug: no traceback in the log
        log.warning("no receipt could be offered for a sealed record: %s", error.code)
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
