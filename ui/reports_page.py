"""Laporan: every document the SOPs ask for, as a PDF, with a page preview.

The letters (surat tugas, surat balasan), the berita acara perekaman, the rekap
harian, the berita acara of the equipment's return and of the cards' handover,
and the DTKS referral list are written by ``fieldkit.reports`` and
``fieldkit.referral`` (the same functions as ``fieldkit report ...``) into
``reports/`` in the data folder: an operator at the office makes each one here,
never in a terminal.  The preview draws page 1 with PDFium (``fieldkit.reports.pages``)
on a worker thread, in memory, since PySide6-Essentials ships no QtPdf.  Under the
list, ``ui.report_files`` prints the chosen document, saves a copy where the person
chooses, names where the file is and opens its folder or the desktop's PDF viewer.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import KnownError
from fieldkit.events import VisitsChanged
from fieldkit.permissions import may_administer
from fieldkit.reports import OFFICE_NAME, pages
from ui import workers
from ui.common import StatusLine, VisitPicker, date_of
from ui.dates import date_edit
from ui.design import clear_field_error, mark_primary, show_field_error
from ui.design.empty import empty_state
from ui.enter_key import enter_presses
from ui.messages import explain, explain_any
from ui.report_files import DocumentActions
from ui.unsaved import mark_saved

if TYPE_CHECKING:
    from types import ModuleType

    from fieldkit.workspace import Workspace
    from ui.bridge import EventBridge

log = logging.getLogger(__name__)

REPORTS_DIR = "reports"
PREVIEW_DPI = 60


class Needs(enum.Flag):
    """What a document is made from: the form shows only those fields."""

    NOTHING = 0
    VISIT = enum.auto()
    DATE = enum.auto()
    NUMBER = enum.auto()


#: Each document and what it needs, in the order of a visit's life (SOP 004).
KINDS: dict[str, Needs] = {
    "surat-tugas": Needs.VISIT | Needs.NUMBER,
    "surat-balasan": Needs.VISIT | Needs.NUMBER,
    "ba-perekaman": Needs.VISIT | Needs.NUMBER,
    "rekap-harian": Needs.DATE,
    "ba-sarpras": Needs.VISIT,
    "ba-serah-terima": Needs.DATE | Needs.NUMBER,
    "usulan-dtks": Needs.NOTHING,
}


@dataclass(frozen=True)
class DocumentRequest:
    """What the form holds when "Buat PDF" is pressed."""

    kind: str
    visit_id: str | None
    date: dt.date
    number: str | None


def _letters() -> ModuleType:
    """``fieldkit.reports.letters``, imported on first use: ReportLab costs ~80 ms at start-up."""
    from fieldkit.reports import letters  # noqa: PLC0415 - deferred on purpose (start-up time)

    return letters


def write_document(ws: Workspace, request: DocumentRequest, out: Path) -> Path:
    """Write one document with the core's function for it (ReportLab loads on first use)."""
    # Deferred on purpose (start-up time): each pulls in ReportLab.
    from fieldkit import referral  # noqa: PLC0415
    from fieldkit.reports import berita_acara, sarpras_report, serah_terima  # noqa: PLC0415

    letters, visit, number = _letters(), request.visit_id or "", request.number
    match request.kind:
        case "surat-tugas":
            path: Path = letters.surat_tugas(ws, visit, out, number=number)
        case "surat-balasan":
            path = letters.surat_balasan(ws, visit, out, number=number)
        case "ba-perekaman":
            path = berita_acara.ba_perekaman(ws, visit, out, number=number)
        case "rekap-harian":
            path = berita_acara.rekap_harian(ws, request.date, out)
        case "ba-sarpras":
            path = sarpras_report.ba_pengembalian_sarpras(ws, visit, out)
        case "ba-serah-terima":
            path = serah_terima.ba_serah_terima(ws, out, date=request.date, number=number)
        case "usulan-dtks":
            path = referral.export_pdf(ws, out)
        case _:
            raise ValueError(request.kind)
    return path


class ReportsPage(QWidget):
    #: The document rendered, or None when no preview could be made.
    preview_ready = Signal(object)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.folder = workspace.directory / REPORTS_DIR
        self._task: workers.Task | None = None
        self._names = {
            "surat-tugas": self.tr("Surat tugas (duty letter)"),
            "surat-balasan": self.tr("Surat balasan (draft reply)"),
            "ba-perekaman": self.tr("Berita acara perekaman (one visit)"),
            "rekap-harian": self.tr("Rekap harian (one day's visits)"),
            "ba-sarpras": self.tr("Berita acara pengembalian sarpras (one visit)"),
            "ba-serah-terima": self.tr("Berita acara serah terima KTP-el (one day)"),
            "usulan-dtks": self.tr("Usulan DTKS (referral list to Dinsos)"),
        }

        generate = self._generate_box()
        self.status = StatusLine()

        self.documents = QListWidget()
        self.documents.setAccessibleName(self.tr("Documents list"))
        empty_state(
            self.documents,
            self.tr("No documents on this laptop yet."),
            self.tr("Choose a document and a visit above, then click Generate PDF."),
        )
        self.documents.currentItemChanged.connect(lambda *_: self._document_chosen())
        self.files = DocumentActions(self.current_document, self.status)
        self.open_button = self.files.open_button
        documents = QGroupBox(self.tr("Documents on this laptop"))
        documents_layout = QVBoxLayout(documents)
        documents_layout.addWidget(self.documents, 1)
        documents_layout.addWidget(self.files)

        # The letterhead is set once, at set-up: in a dialog of its own, so the page fits
        # 1280x720 with its documents list and preview (it scrolled, its status hidden).
        self.office_dialog = QDialog(self)
        self.office_dialog.setWindowTitle(self.tr("Letterhead and signatory (office profile)"))
        office_layout = QVBoxLayout(self.office_dialog)
        office_layout.addWidget(self._office_box())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.office_dialog.reject)
        office_layout.addWidget(close)
        # Enter in a field saves the letterhead (an admin's); for others it does nothing.
        enter_presses(self.office_dialog, self.save_office_button)
        self.office_button = QPushButton(self.tr("Letterhead and signatory…"))
        self.office_button.clicked.connect(self.office_dialog.open)

        left = QVBoxLayout()
        left.addWidget(generate)
        left.addWidget(documents, 1)
        left.addWidget(self.office_button)

        self.preview_label = QLabel(self.tr("Choose a document to see its first page."))
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview_label.setWordWrap(True)
        self.preview_label.setAccessibleName(self.tr("Document preview"))
        scroll = QScrollArea()
        scroll.setWidget(self.preview_label)
        scroll.setWidgetResizable(True)
        preview = QGroupBox(self.tr("Preview (page 1)"))
        preview_layout = QVBoxLayout(preview)
        preview_layout.addWidget(scroll)

        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addWidget(preview, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.status)

    def _generate_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("New document"))
        self.form = QFormLayout(box)
        self.visit = VisitPicker(self.workspace)
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(self._names[kind], kind)
        self.kind.currentIndexChanged.connect(lambda _index: self._show_needed_fields())
        self.date = date_edit(QDate.currentDate())
        self.number = QLineEdit()
        self.number.setPlaceholderText(
            self.tr("letter number (blank: the next number of the letter register)")
        )
        self.generate_button = QPushButton(self.tr("Generate PDF"))
        mark_primary(self.generate_button)
        self.generate_button.clicked.connect(self.generate)
        self.form.addRow(self.tr("Document"), self.kind)
        self.form.addRow(self.tr("Visit"), self.visit)
        self.visit.currentIndexChanged.connect(lambda _index: clear_field_error(self.visit))
        self.kind.currentIndexChanged.connect(lambda _index: clear_field_error(self.visit))
        self.form.addRow(self.tr("Date"), self.date)
        self.form.addRow(self.tr("Number"), self.number)
        self.form.addRow(self.generate_button)
        self._show_needed_fields()
        return box

    def _office_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Letterhead and signatory (office profile)"))
        form = QFormLayout(box)
        self.office_fields = {
            "address": QLineEdit(),
            "contact": QLineEdit(),
            "head_name": QLineEdit(),
            "head_nip": QLineEdit(),
        }
        labels = {
            "address": self.tr("Office address"),
            "contact": self.tr("Telephone, e-mail"),
            "head_name": self.tr("Head of office"),
            "head_nip": self.tr("Head's NIP"),
        }
        self.government_label = QLabel()
        form.addRow(self.government_label)
        for key, field in self.office_fields.items():
            form.addRow(labels[key], field)
        self.save_office_button = QPushButton(self.tr("Save letterhead"))
        self.save_office_button.clicked.connect(self.save_office)
        admin = may_administer(self.workspace.officer)
        for field in self.office_fields.values():
            field.setReadOnly(not admin)
        self.save_office_button.setVisible(admin)
        form.addRow(self.save_office_button)
        # Anyone may read what the letters print; fields that do not take typing must say why
        # (issue 47, finding 10), or the dialog looks broken.
        self.office_read_only_note = QLabel(
            self.tr("Only an admin can change the letterhead; here it can be read.")
        )
        self.office_read_only_note.setWordWrap(True)
        self.office_read_only_note.setVisible(not admin)
        form.insertRow(0, self.office_read_only_note)
        return box

    # --- loading ---------------------------------------------------------------------

    def follow(self, bridge: EventBridge) -> None:
        """The documents are made on request; only the list of visits follows the plan."""
        bridge.subscribe(VisitsChanged, lambda _e: self.visit.reload(), self)

    def refresh(self) -> None:
        self.visit.reload()
        self.list_documents()
        letters = _letters()
        profile = letters.office_profile(self.workspace)
        self.government_label.setText(f"<b>{profile.government}</b><br>{OFFICE_NAME}")
        for key, field in self.office_fields.items():
            field.setText(getattr(profile, key) or "")

    def list_documents(self, select: Path | None = None) -> None:
        blocker = QSignalBlocker(self.documents)
        self.documents.clear()
        files = (
            sorted(self.folder.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)
            if self.folder.exists()
            else []
        )
        for path in files:
            item = QListWidgetItem(path.name)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.documents.addItem(item)
            if select is not None and path == select:
                self.documents.setCurrentItem(item)
        blocker.unblock()
        self.files.show_location(self.current_document())

    def current_document(self) -> Path | None:
        item = self.documents.currentItem()
        return Path(str(item.data(Qt.ItemDataRole.UserRole))) if item else None

    # --- actions ---------------------------------------------------------------------

    def _show_needed_fields(self) -> None:
        """Only the fields the chosen document is made from: nothing typed is ignored."""
        needs = KINDS[str(self.kind.currentData())]
        self.form.setRowVisible(self.visit, Needs.VISIT in needs)
        self.form.setRowVisible(self.date, Needs.DATE in needs)
        self.form.setRowVisible(self.number, Needs.NUMBER in needs)

    def request(self) -> DocumentRequest:
        kind = str(self.kind.currentData())
        needs = KINDS[kind]
        return DocumentRequest(
            kind,
            self.visit.visit_id() if Needs.VISIT in needs else None,
            date_of(self.date),
            (self.number.text().strip() or None) if Needs.NUMBER in needs else None,
        )

    def generate(self) -> None:
        request = self.request()
        clear_field_error(self.visit)
        if Needs.VISIT in KINDS[request.kind] and request.visit_id is None:
            # About the Visit field, so said under it (issue 36).
            show_field_error(
                self.visit, self.tr("No visit to choose: plan one on Perencanaan first.")
            )
            return
        stamp = dt.datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
        about = request.visit_id[:8] if request.visit_id else request.date.strftime("%Y%m%d")
        out = self.folder / f"{request.kind}-{about}-{stamp}.pdf"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = write_document(self.workspace, request, out)
        except KnownError as error:
            self.status.error(explain(error))
            return
        except OSError as error:
            self.status.error(
                self.tr("Cannot write the PDF: %1").replace("%1", error.strerror or str(error))
            )
            return
        mark_saved(self.number)  # the number is on the letter now
        self.status.ok(self.tr("Wrote %1").replace("%1", path.name))
        self.list_documents(select=path)
        self.preview()

    def _document_chosen(self) -> None:
        self.files.show_location(self.current_document())
        self.preview()

    def preview(self) -> None:
        """Render page 1 on a worker thread; :attr:`preview_ready` says whether it worked."""
        path = self.current_document()
        if path is None:
            return
        self.preview_label.setText(self.tr("Rendering %1…").replace("%1", path.name))
        self._task = workers.start(
            lambda: pages.render_first_page(path, PREVIEW_DPI), self._rendered, self._failed
        )

    def _rendered(self, png: object) -> None:
        pixmap = QPixmap()
        if isinstance(png, bytes) and pixmap.loadFromData(png, "PNG"):
            self.preview_label.setPixmap(pixmap)
            self.preview_ready.emit(self.current_document())
            return
        self._failed(pages.PageRenderError("unreadable image"))

    def _failed(self, error: object) -> None:
        if isinstance(error, pages.PageRenderError):
            log.warning("PDF preview unavailable: %s", error)
            text = self.tr("No preview: this file could not be read as a PDF.")
        else:
            text = explain_any(error)
        self.preview_label.setText(text)
        self.preview_ready.emit(None)

    def save_office(self) -> None:
        try:
            _letters().set_office_profile(
                self.workspace, **{k: f.text() for k, f in self.office_fields.items()}
            )
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.office_dialog.accept()
        self.status.ok(self.tr("Letterhead saved."))
        self.refresh()
