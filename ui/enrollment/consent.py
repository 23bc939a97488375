"""Consent before any capture: the person, or a wali or pendamping for them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from fieldkit.enrollment import intake
from ui.design import mark_primary
from ui.enrollment.devices import still_taker
from ui.enrollment.dialogs import THUMB_HEIGHT

if TYPE_CHECKING:
    from ui.enrollment.host import EnrollmentHost


class ConsentScreen(QGroupBox):
    """Who consents, and an optional photo of a signed letter."""

    photo_taken = Signal(bytes)

    def __init__(self, host: EnrollmentHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.photo: bytes | None = None
        self.setTitle(self.tr("Consent before any capture"))
        self.person = QRadioButton(self.tr("The person themself"))
        self.guardian = QRadioButton(self.tr("A guardian (wali) for them"))
        self.caretaker = QRadioButton(self.tr("A caretaker (pendamping) for them"))
        self.person.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.person, self.guardian, self.caretaker):
            group.addButton(button)
        self.guardian_name = QLineEdit()
        self.guardian_relation = QLineEdit()
        self.guardian_relation.setPlaceholderText(self.tr("e.g. anak, istri, perawat panti"))
        self.guardian_nik = QLineEdit()
        self.guardian_nik.setMaxLength(16)
        self.guardian_nik.setPlaceholderText(self.tr("optional"))
        self.photo_button = QPushButton(self.tr("Take consent photo (optional)"))
        self.photo_button.clicked.connect(self.take_photo)
        self.photo_view = QLabel(self.tr("No photo."))
        self.photo_view.setMinimumHeight(THUMB_HEIGHT)
        self.consent_button = QPushButton(self.tr("Record consent"))
        mark_primary(self.consent_button)
        self.consent_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.consent_button.setToolTip(host.hint(self.tr("Record consent"), "Ctrl+Return"))
        self.consent_button.clicked.connect(self.record_consent)
        form = QFormLayout(self)
        form.addRow(self.person)
        form.addRow(self.guardian)
        form.addRow(self.caretaker)
        form.addRow(self.tr("Name of the guardian"), self.guardian_name)
        form.addRow(self.tr("Relation"), self.guardian_relation)
        form.addRow(self.tr("NIK of the guardian"), self.guardian_nik)
        form.addRow(self.photo_button, self.photo_view)
        form.addRow(self.consent_button)

    def take_photo(self) -> None:
        take = still_taker(self.host.devices)
        if take is None:
            self.host.status.error(self.tr("The face camera is not connected."))
            return
        self.photo_button.setEnabled(False)
        self.photo_view.setText(self.tr("Taking the photo…"))
        self.host.start_work(take, self._photo_done)

    def _photo_done(self, data: object) -> None:
        assert isinstance(data, bytes)  # noqa: S101 - what the worker returns
        self.photo = data
        self.photo_button.setEnabled(True)
        self.photo_view.setPixmap(
            QPixmap.fromImage(QImage.fromData(data)).scaledToHeight(THUMB_HEIGHT)
        )
        self.photo_taken.emit(data)

    def work_failed(self) -> None:
        """A photo that could not be taken leaves the button usable for another try."""
        self.photo_button.setEnabled(True)

    def record_consent(self) -> None:
        view = self.host.view
        if view is None:
            return
        if self.person.isChecked():
            giver = intake.ConsentGiver.PERSON
        elif self.guardian.isChecked():
            giver = intake.ConsentGiver.GUARDIAN
        else:
            giver = intake.ConsentGiver.CARETAKER
        consent = intake.ConsentInput(
            giver,
            name=self.guardian_name.text(),
            relation=self.guardian_relation.text(),
            nik=self.guardian_nik.text(),
            photo=self.photo,
        )
        ws, draft = self.host.workspace, view.id
        if self.host.run(lambda: intake.record_consent(ws, draft, consent)):
            self.photo = None
            self.photo_view.setText(self.tr("No photo."))
            self.host.status.ok(self.tr("Consent recorded."))
