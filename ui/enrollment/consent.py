"""Consent before any capture: the person, or a wali or pendamping for them.

The letter's photo is optional, so the face camera stays off until the petugas asks
for it: nothing of the person is on screen before they agree (issue 36, finding 8).
The first press shows the live view, the next takes the photo; pressed again, another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fieldkit.enrollment import intake
from ui.core_sentences import core_text
from ui.design import mark_primary
from ui.enrollment.devices import face_camera, still_taker
from ui.enrollment.dialogs import THUMB_HEIGHT
from ui.enrollment.proof_camera import LiveView

if TYPE_CHECKING:
    from PySide6.QtGui import QHideEvent

    from fieldkit.enrollment.drafts import EnrollmentView
    from fieldkit.workspace import Workspace
    from ui.enrollment.host import EnrollmentHost


class ConsentScreen(QGroupBox):
    """Who consents, and an optional photo of a signed letter."""

    photo_taken = Signal(bytes)

    def __init__(self, host: EnrollmentHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.photo: bytes | None = None
        # The draft the photo was taken for: it goes with that person's consent only.
        self.photo_for: str | None = None
        #: The draft whose consent the fields hold (``show_for``).
        self.shown_for: str | None = None
        self.setTitle(self.tr("Consent before any capture"))
        self.consent_words = self._words_to_read()
        self.person = QRadioButton(self.tr("The person themself"))
        self.guardian = QRadioButton(self.tr("A guardian (wali) for them"))
        self.caretaker = QRadioButton(self.tr("A caretaker (pendamping) for them"))
        self.person.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.person, self.guardian, self.caretaker):
            group.addButton(button)
            # As wide as its words: a click beside them (on the row's empty right) did
            # nothing, which a person (and a reader's click at the centre) took for a fault.
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.guardian_name = QLineEdit()
        self.guardian_relation = QLineEdit()
        self.guardian_relation.setPlaceholderText(self.tr("e.g. anak, istri, perawat panti"))
        self.guardian_nik = QLineEdit()
        self.guardian_nik.setMaxLength(16)
        self.guardian_nik.setPlaceholderText(self.tr("optional"))
        self.live = LiveView(face_camera(host.devices))
        self.photo_button = QPushButton()
        self.photo_button.clicked.connect(self.take_photo)
        self.photo_view = QLabel(self.tr("No photo."))
        self.photo_view.setAccessibleName(self.tr("Consent photo taken"))
        self.photo_view.setMinimumHeight(THUMB_HEIGHT)
        self._name_photo_button()
        self.consent_button = QPushButton(self.tr("Record consent"))
        mark_primary(self.consent_button)
        self.consent_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.consent_button.setToolTip(host.hint(self.tr("Record consent"), "Ctrl+Return"))
        self.consent_button.clicked.connect(self.record_consent)
        form = QFormLayout(self)
        form.addRow(self.consent_words)
        form.addRow(self.person)
        form.addRow(self.guardian)
        form.addRow(self.caretaker)
        form.addRow(self.tr("Name of the guardian"), self.guardian_name)
        form.addRow(self.tr("Relation"), self.guardian_relation)
        form.addRow(self.tr("NIK of the guardian"), self.guardian_nik)
        form.addRow(self.tr("Photo of the letter"), self._photo_box())
        form.addRow(self.consent_button)

    def _photo_box(self) -> QWidget:
        """The live view beside the photo button and the photo taken."""
        taken = QVBoxLayout()
        taken.addWidget(self.photo_button, 0, Qt.AlignmentFlag.AlignLeft)
        taken.addWidget(self.photo_view, 0, Qt.AlignmentFlag.AlignLeft)
        taken.addStretch(1)
        photo_row = QHBoxLayout()
        photo_row.setContentsMargins(0, 0, 0, 0)
        photo_row.addWidget(self.live, 0, Qt.AlignmentFlag.AlignTop)
        photo_row.addLayout(taken, 1)
        # As tall as the live view, no taller: a stretched row pushed Catat persetujuan
        # below a 768-pixel screen.
        photo_box = QWidget()
        photo_box.setLayout(photo_row)
        photo_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        return photo_box

    def _words_to_read(self) -> QLabel:
        """What the petugas reads to the person (or their wali) before asking.

        The office's own words when it set them, otherwise the catalogue's (``show_for``).
        """
        words = QLabel()
        words.setWordWrap(True)
        words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return words

    def _name_photo_button(self) -> None:
        """What the button does next: show the camera, take the photo, or take another."""
        if not self.live.running:
            words = self.tr("Show the camera for a consent photo (optional)")
        elif self.photo is None:
            words = self.tr("Take photo")
        else:
            words = self.tr("Retake")
        self.photo_button.setText(words)

    def show_for(self, view: EnrollmentView) -> None:
        """The consent of the draft on screen; another person's starts from its own.

        Every person starts at "the person themself" with empty fields and no photo, or
        with the consent recorded for this very draft: the last person's guardian, chosen
        and filled in, once sealed the next person's record with someone else's wali
        (issue 47).  The same draft shown again keeps what was typed.
        """
        if view.id == self.shown_for:
            return
        self.shown_for = view.id
        recorded = view.consent
        giver = recorded.given_by if recorded is not None else intake.ConsentGiver.PERSON
        buttons = {
            intake.ConsentGiver.GUARDIAN.value: self.guardian,
            intake.ConsentGiver.CARETAKER.value: self.caretaker,
        }
        buttons.get(giver, self.person).setChecked(True)
        self.guardian_name.setText(recorded.name or "" if recorded else "")
        self.guardian_relation.setText(recorded.relation or "" if recorded else "")
        self.guardian_nik.setText(recorded.nik or "" if recorded else "")
        self.photo, self.photo_for = None, None
        self.live.stop()
        self.photo_view.setText(self.tr("No photo."))
        self._name_photo_button()
        self.consent_words.setText(consent_words(self.host.workspace))

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        """Leaving the consent (recorded, paused) turns the camera off."""
        self.live.stop()
        self._name_photo_button()
        super().hideEvent(event)

    def take_photo(self) -> None:
        take = still_taker(self.host.devices)
        if take is None:
            self.host.status.error(self.tr("The face camera is not connected."))
            return
        if not self.live.running:  # the first press: aim first, in the live view
            self.live.camera = face_camera(self.host.devices)
            self.live.start()
            self._name_photo_button()
            return
        self.photo_button.setEnabled(False)
        self.photo_view.setText(self.tr("Taking the photo…"))
        taken_for = self.shown_for
        self.host.start_work(take, lambda data: self._photo_done(data, taken_for))

    def _photo_done(self, data: object, taken_for: str | None) -> None:
        """The letter's photo, for the draft it was taken for: never for the next person."""
        assert isinstance(data, bytes)  # noqa: S101 - what the worker returns
        self.photo_button.setEnabled(True)
        if taken_for != self.shown_for:
            self._name_photo_button()
            return
        self.photo = data
        self.photo_for = taken_for
        self._name_photo_button()
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
            self.photo, self.photo_for = None, None
            self.photo_view.setText(self.tr("No photo."))
            self._name_photo_button()
            self.host.status.ok(self.tr("Consent recorded."))


def consent_words(workspace: Workspace) -> str:
    """The words read to the person before consent: the office's, else the catalogue's."""
    office = intake.consent_text(workspace)
    if office:
        return office
    # One copy of the default, the core's: the console shows the same words as its hint.
    return core_text("consent", "consent.default_text")
