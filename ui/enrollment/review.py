"""Periksa: every capture with its state and thumbnail, what is missing, then seal.

Beside the captures, the photos taken as evidence (the consent letter, each exception's
proof): the petugas checks them with the person before sealing (issue 36, finding 8).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit import finish
from fieldkit.enrollment import exceptions, pictures
from fieldkit.enrollment.errors import UnknownEnrollment
from ui.capture_widgets import to_qimage
from ui.common import fit_columns, read_only_table
from ui.design import mark_primary, mark_status
from ui.enrollment.dialogs import THUMB_HEIGHT

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from fieldkit.enrollment.drafts import EnrollmentView
    from ui.enrollment.host import EnrollmentHost


class ReviewStep(QWidget):
    """The last step: the officer checks the draft with the person, then seals it."""

    thumbnails_ready = Signal(int)
    #: The record is sealed (a ``finish.FinishedRecord``).
    sealed = Signal(object)

    def __init__(self, host: EnrollmentHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        #: The draft whose pictures the row shows (or is fetching).
        self.shown_for: str | None = None
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Capture"),
                self.tr("State"),
                self.tr("Attempts"),
                self.tr("Best score"),
                self.tr("Exceptions"),
            ]
        )
        read_only_table(self.table)
        # Each capture's name whole ("Empat jari kiri" and "… kanan" both elided to "Empat
        # jari…" once, seen in the screenshot); the exceptions' long text takes the rest.
        fit_columns(self.table, stretch=(4,))
        self.thumbs = QWidget()
        self.thumbs_layout = QHBoxLayout(self.thumbs)
        scroll = QScrollArea()
        scroll.setWidget(self.thumbs)
        scroll.setWidgetResizable(True)
        scroll.setFixedHeight(THUMB_HEIGHT + 60)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # one row
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.finish_button = QPushButton(self.tr("Finish and seal the record"))
        mark_primary(self.finish_button)
        self.finish_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.finish_button.setToolTip(
            host.hint(self.tr("Finish and seal the record"), "Ctrl+Return")
        )
        self.finish_button.setMinimumHeight(40)
        self.finish_button.clicked.connect(self.finish)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.missing)
        layout.addWidget(self.finish_button)

    def _clear_thumbnails(self) -> None:
        while self.thumbs_layout.count():
            item = self.thumbs_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def show_draft(self, view: EnrollmentView) -> None:
        """The draft's captures; another person's pictures never stay on screen.

        The last person's thumbnails are taken down at once (their worker may come back
        after the next person's review is shown), and a late answer for another draft
        is dropped (issue 47: nothing of one person's journey survives into the next).
        """
        if view.id != self.shown_for:
            self._clear_thumbnails()
        self.shown_for = view.id
        words = self.host.words
        slots = view.progress.slots
        why = {
            e.part: words.exception_reasons[e.reason]
            for e in exceptions.list_exceptions(self.host.workspace, view.id)
        }
        self.table.setRowCount(len(slots))
        for n, state in enumerate(slots):
            score = "" if state.best_score is None else f"{state.best_score:.0f}"
            cells = [
                words.slot(state.slot),
                words.states[state.state] + (" ⚑" if state.flagged else ""),
                str(state.attempts),
                score,
                "; ".join(
                    f"{words.part(part)} ({why.get(part, '?')})" for part in state.excepted_parts
                ),
            ]
            for column, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                self.table.setItem(n, column, cell)
        missing = words.missing(view.progress)
        if missing:
            self.missing.setText("✖ " + self.tr("Still missing:") + "\n• " + "\n• ".join(missing))
            mark_status(self.missing, "error")
        else:
            self.missing.setText("✔ " + self.tr("Everything is captured or excepted."))
            mark_status(self.missing, "ok")
        self.finish_button.setEnabled(not missing and not self.host.busy)
        ws, draft = self.host.workspace, view.id

        def pictures_of_draft() -> object:
            try:
                return (
                    draft,
                    pictures.thumbnails(ws, draft, THUMB_HEIGHT),
                    pictures.document_thumbnails(ws, draft, THUMB_HEIGHT),
                )
            except UnknownEnrollment:  # sealed (or discarded) meanwhile: nothing to show
                return None

        self.host.start_work(pictures_of_draft, self._show_thumbnails)

    def show_busy(self, *, busy: bool) -> None:
        if busy:
            self.finish_button.setEnabled(False)

    def _show_thumbnails(self, result: object) -> None:
        if result is None:
            return
        shown: tuple[str, list[pictures.Thumbnail], list[pictures.DocumentThumbnail]]
        shown = result  # type: ignore[assignment]
        draft, thumbs, documents = shown
        if draft != self.shown_for:
            return  # another person's pictures, come back late
        self._clear_thumbnails()
        # The evidence first, in the order taken (the letter at consent, then the proofs):
        # the row scrolls, and these are the pictures the petugas checks with the family.
        for document in documents:
            if document.kind == "consent":
                caption = self.tr("Consent letter")
                name = self.tr("Photo of the consent letter")
            else:
                caption = self.tr("Proof: %1").replace(
                    "%1", ", ".join(self.host.words.part(p) for p in document.parts)
                )
                name = self.tr("Proof photo: %1").replace(
                    "%1", ", ".join(self.host.words.part(p) for p in document.parts)
                )
            self._add_picture(document.pixels, caption, name)
        for thumb in thumbs:
            caption = self.host.words.caption(thumb.part)
            self._add_picture(thumb.pixels, caption, caption)
        self.thumbs_layout.addStretch(1)
        self.thumbnails_ready.emit(len(thumbs))

    def _add_picture(self, pixels: NDArray[np.uint8], caption: str, name: str) -> None:
        """One picture with its caption under it; a screen reader reads ``name``."""
        cell = QLabel()
        image: QImage = to_qimage(pixels)
        cell.setPixmap(QPixmap.fromImage(image))
        cell.setToolTip(name)
        cell.setAccessibleName(name)
        box = QVBoxLayout()
        box.addWidget(cell)
        box.addWidget(QLabel(caption))
        holder = QWidget()
        holder.setLayout(box)
        self.thumbs_layout.addWidget(holder)

    def finish(self) -> None:
        view = self.host.view
        if view is None or self.host.busy:
            return
        ws, draft = self.host.workspace, view.id
        self.host.set_busy(busy=True)
        self.host.status.info(self.tr("Sealing the record…"))
        self.host.start_work(lambda: finish.finish_enrollment(ws, draft), self._finished)

    def _finished(self, result: object) -> None:
        assert isinstance(result, finish.FinishedRecord)  # noqa: S101 - the worker's result
        self.host.set_busy(busy=False)
        self.sealed.emit(result)
