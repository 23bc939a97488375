"""Reports: the surat tugas and the draft surat balasan, as PDFs, with a page preview.

Letters are written by ``fieldkit.reports.letters`` (the same functions as
``fieldkit report surat-tugas|surat-balasan``) into ``reports/`` in the data
folder.  The preview renders page 1 with poppler's ``pdftoppm`` on a worker
thread, since PySide6-Essentials ships no QtPdf; "Open" hands the file to the
desktop's PDF viewer for printing.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
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
from ui import workers
from ui.common import StatusLine, VisitPicker
from ui.messages import explain, explain_any

if TYPE_CHECKING:
    from types import ModuleType

    from fieldkit.workspace import Workspace
    from ui.bridge import EventBridge

log = logging.getLogger(__name__)

REPORTS_DIR = "reports"
PREVIEW_DPI = 60
RENDER_TIMEOUT_S = 60
_KINDS = ("surat-tugas", "surat-balasan")


def _letters() -> ModuleType:
    """``fieldkit.reports.letters``, imported on first use: ReportLab costs ~80 ms at start-up."""
    from fieldkit.reports import letters  # noqa: PLC0415 - deferred on purpose (start-up time)

    return letters


class PreviewUnavailable(Exception):
    """pdftoppm is not installed, or could not render the file."""


def render_first_page(pdf: Path, dpi: int = PREVIEW_DPI) -> bytes:
    """Page 1 of ``pdf`` as PNG bytes (runs on a worker thread)."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise PreviewUnavailable("pdftoppm (poppler-utils) is not installed")
    with tempfile.TemporaryDirectory(prefix="fieldkit-preview-") as tmp:
        prefix = Path(tmp) / "page"
        done = subprocess.run(  # noqa: S603 - fixed program, our own file
            [exe, "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), prefix],
            capture_output=True,
            timeout=RENDER_TIMEOUT_S,
            check=False,
        )
        png = prefix.with_suffix(".png")
        if done.returncode != 0 or not png.exists():
            raise PreviewUnavailable(done.stderr.decode(errors="replace").strip())
        return png.read_bytes()


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
        }

        generate = QGroupBox(self.tr("New document"))
        form = QFormLayout(generate)
        self.visit = VisitPicker(workspace)
        self.kind = QComboBox()
        for kind in _KINDS:
            self.kind.addItem(self._names[kind], kind)
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("letter number (blank: dotted line to fill in)"))
        self.generate_button = QPushButton(self.tr("Generate PDF"))
        self.generate_button.clicked.connect(self.generate)
        form.addRow(self.tr("Visit"), self.visit)
        form.addRow(self.tr("Document"), self.kind)
        form.addRow(self.tr("Number"), self.number)
        form.addRow(self.generate_button)

        self.documents = QListWidget()
        self.documents.setAccessibleName(self.tr("Documents list"))
        self.documents.currentItemChanged.connect(lambda *_: self.preview())
        self.open_button = QPushButton(self.tr("Open in PDF viewer"))
        self.open_button.clicked.connect(self.open_current)
        documents = QGroupBox(self.tr("Documents on this laptop"))
        documents_layout = QVBoxLayout(documents)
        documents_layout.addWidget(self.documents, 1)
        documents_layout.addWidget(self.open_button)

        left = QVBoxLayout()
        left.addWidget(generate)
        left.addWidget(documents, 1)
        left.addWidget(self._office_box())

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
        self.status = StatusLine()
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.status)

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
        self.government_label.setText(f"<b>{profile.government}</b><br>{letters.OFFICE_NAME}")
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

    def current_document(self) -> Path | None:
        item = self.documents.currentItem()
        return Path(str(item.data(Qt.ItemDataRole.UserRole))) if item else None

    # --- actions ---------------------------------------------------------------------

    def generate(self) -> None:
        visit_id = self.visit.visit_id()
        if visit_id is None:
            self.status.error(self.tr("Plan a visit first."))
            return
        kind = str(self.kind.currentData())
        stamp = dt.datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
        out = self.folder / f"{kind}-{visit_id[:8]}-{stamp}.pdf"
        letters = _letters()
        write = letters.surat_tugas if kind == "surat-tugas" else letters.surat_balasan
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = write(self.workspace, visit_id, out, number=self.number.text().strip() or None)
        except KnownError as error:
            self.status.error(explain(error))
            return
        except OSError as error:
            self.status.error(
                self.tr("Cannot write the PDF: %1").replace("%1", error.strerror or str(error))
            )
            return
        self.status.ok(self.tr("Wrote %1").replace("%1", path.name))
        self.list_documents(select=path)
        self.preview()

    def preview(self) -> None:
        """Render page 1 on a worker thread; :attr:`preview_ready` says whether it worked."""
        path = self.current_document()
        if path is None:
            return
        self.preview_label.setText(self.tr("Rendering %1…").replace("%1", path.name))
        self._task = workers.start(lambda: render_first_page(path), self._rendered, self._failed)

    def _rendered(self, png: object) -> None:
        pixmap = QPixmap()
        if isinstance(png, bytes) and pixmap.loadFromData(png, "PNG"):
            self.preview_label.setPixmap(pixmap)
            self.preview_ready.emit(self.current_document())
            return
        self._failed(PreviewUnavailable("unreadable image"))

    def _failed(self, error: object) -> None:
        if isinstance(error, PreviewUnavailable):
            log.warning("PDF preview unavailable: %s", error)
            text = self.tr("No preview: the PDF renderer (poppler-utils) is missing or failed.")
        else:
            text = explain_any(error)
        self.preview_label.setText(text)
        self.preview_ready.emit(None)

    def open_current(self) -> None:
        path = self.current_document()
        if path is None:
            self.status.error(self.tr("Choose a document first."))
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.status.error(self.tr("No PDF viewer is set up on this computer."))

    def save_office(self) -> None:
        try:
            _letters().set_office_profile(
                self.workspace, **{k: f.text() for k, f in self.office_fields.items()}
            )
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.status.ok(self.tr("Letterhead saved."))
        self.refresh()
