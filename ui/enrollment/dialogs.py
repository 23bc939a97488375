"""The enrollment screen's dialogs: keep a capture below the threshold, record an exception."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.enrollment.exceptions import ExceptionReason, Permanence
from fieldkit.quality.policy import ForceReason, ForceReasonCode, force_reasons_for
from ui import workers
from ui.common import ReasonDialog
from ui.enrollment.proof_camera import LiveView
from ui.enrollment.words import EnrollmentWords
from ui.enter_key import enter_presses
from ui.messages import explain_any

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtGui import QShowEvent

    from drivers.base import ImageDevice
    from fieldkit.quality.result import QualityModality

#: Height of a thumbnail or a proof photo on screen, in pixels.
THUMB_HEIGHT = 96


class ForceDialog(QDialog):
    """Keep a below-threshold capture: a reason code from the fixed list, and words."""

    def __init__(self, modality: QualityModality, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keep below the threshold"))
        self.code = QComboBox()
        words = {
            ForceReasonCode.WORN_PRINTS: self.tr("Worn prints (age, farm work)"),
            ForceReasonCode.SKIN_CONDITION: self.tr("Skin condition (dry, wet, scarred)"),
            ForceReasonCode.CANNOT_COOPERATE: self.tr("Cannot cooperate (tremor, agitation)"),
            ForceReasonCode.EYE_CONDITION: self.tr("Eye condition (cataract, drooping lid)"),
            ForceReasonCode.DEVICE_LIMIT: self.tr("Device limit (light, space)"),
            ForceReasonCode.TIME_LIMIT: self.tr("Time limit (the person is exhausted)"),
            ForceReasonCode.OTHER: self.tr("Other"),
        }
        for code in force_reasons_for(modality):
            self.code.addItem(words.get(code, code.value), code.value)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("what happened, for the ketua tim"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Reason"), self.code)
        form.addRow(self.tr("In words"), self.text)
        form.addRow(buttons)
        enter_presses(self, buttons.button(QDialogButtonBox.StandardButton.Ok))

    def reason(self) -> ForceReason:
        return ForceReason.parse(str(self.code.currentData()), self.text.text())


class DiscardDraftDialog(ReasonDialog):
    """Throw a draft away on purpose (consent withdrawn): who, why, and a button that says so."""

    def __init__(self, person: str, parent: QWidget | None = None) -> None:
        super().__init__(
            title=QCoreApplication.translate("DiscardDraftDialog", "Discard a draft"),
            note=QCoreApplication.translate(
                "DiscardDraftDialog",
                "The draft of %1 and all its captures will be erased from this laptop.",
            ).replace("%1", person),
            action=QCoreApplication.translate("DiscardDraftDialog", "Discard the draft"),
            placeholder=QCoreApplication.translate(
                "DiscardDraftDialog", "why, e.g. consent withdrawn (required)"
            ),
            parent=parent,
        )
        self.discard_button = self.action_button


class RecordAgainDialog(ReasonDialog):
    """The office's list says the data center has this person: record again only with a reason."""

    def __init__(self, person: str, recorded_on: str, parent: QWidget | None = None) -> None:
        super().__init__(
            title=QCoreApplication.translate("RecordAgainDialog", "Already recorded"),
            note=QCoreApplication.translate(
                "RecordAgainDialog",
                "%1: recorded on %2, accepted by the data center. Record again only with a "
                "reason (the ketua tim and the office read it); Cancel leaves the person alone.",
            )
            .replace("%1", person)
            .replace("%2", recorded_on),
            action=QCoreApplication.translate("RecordAgainDialog", "Record anyway"),
            placeholder=QCoreApplication.translate(
                "RecordAgainDialog", "why again, e.g. the photo was of someone else (required)"
            ),
            parent=parent,
        )
        self.setAccessibleName(QCoreApplication.translate("RecordAgainDialog", "Already recorded"))
        self.record_button = self.action_button


class AwaitsDecisionDialog(ReasonDialog):
    """A record of this NIK waits for the office's decision on a duplicate (issue 48).

    ``warning`` is the core's sentence ("... recording again makes another duplicate"):
    a second recording now is one more Duplicate Record the person clears at the office.
    """

    def __init__(self, person: str, warning: str, parent: QWidget | None = None) -> None:
        title = QCoreApplication.translate("AwaitsDecisionDialog", "Possible duplicate")
        super().__init__(
            title=title,
            note=QCoreApplication.translate(
                "AwaitsDecisionDialog",
                "%1: %2\nThe ketua tim and the office read the reason; Cancel leaves the "
                "person alone.",
            )
            .replace("%1", person)
            .replace("%2", warning),
            action=QCoreApplication.translate("AwaitsDecisionDialog", "Record anyway"),
            placeholder=QCoreApplication.translate(
                "AwaitsDecisionDialog", "why again, e.g. the office asked for it (required)"
            ),
            parent=parent,
        )
        self.setAccessibleName(title)
        self.record_button = self.action_button


class KeepDisagreementDialog(ReasonDialog):
    """The NIK says another birth date or sex than the form: correct it, or keep it with a reason.

    Cancel leaves the petugas on the form with the disagreement under its field; the
    reason goes with the NIK warning to the ketua tim's review (issue 47).
    """

    def __init__(self, person: str, findings: list[str], parent: QWidget | None = None) -> None:
        super().__init__(
            title=QCoreApplication.translate("KeepDisagreementDialog", "The NIK disagrees"),
            note=QCoreApplication.translate(
                "KeepDisagreementDialog",
                "%1: %2\nCorrect the form (Cancel), or record with the form as it is and say "
                "why; the ketua tim reads the reason.",
            )
            .replace("%1", person)
            .replace("%2", "".join(f"\n• {finding}" for finding in findings)),
            action=QCoreApplication.translate("KeepDisagreementDialog", "Record as it is"),
            placeholder=QCoreApplication.translate(
                "KeepDisagreementDialog",
                "why, e.g. the birth date on the KK was corrected (required)",
            ),
            parent=parent,
        )
        self.setAccessibleName(
            QCoreApplication.translate("KeepDisagreementDialog", "The NIK disagrees")
        )
        self.keep_button = self.action_button


#: The dialog's own entry for a blind person: it records one exception per eye.
BOTH_EYES = "both_eyes"
BOTH_EYES_PARTS = ("eye:right", "eye:left")


class ExceptionDialog(QDialog):
    """A finger or eye that cannot be captured: reason, how long, and a proof photo.

    The photo is aimed in the face camera's live view (``camera``), which runs while
    the dialog is open, and taken with "Ambil foto"; pressed again, it takes another.
    """

    photo_taken = Signal(bytes)
    photo_failed = Signal(str)

    def __init__(
        self,
        parts: list[tuple[str, str]],
        take_photo: Callable[[], bytes] | None,
        parent: QWidget | None = None,
        *,
        camera: ImageDevice | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Biometric exception"))
        self._take_photo = take_photo
        self._task: workers.Task | None = None
        self.photo: bytes | None = None
        self.discard_question: QMessageBox | None = None
        self.part = QComboBox()
        offered = {code for code, _label in parts}
        if set(BOTH_EYES_PARTS) <= offered:
            # A blind person: one exception, one proof photo, for both eyes (issue 23, 12).
            self.part.addItem(self.tr("Both eyes"), BOTH_EYES)
        for code, label in parts:
            self.part.addItem(label, code)
        self.reason = QComboBox()
        for reason, words in EnrollmentWords().exception_reasons.items():
            self.reason.addItem(words, reason.value)
        # The likely reason follows the part (an eye: blind or eye disease; a finger:
        # amputated) until the officer picks one themselves.
        self._reason_chosen = False
        self.reason.activated.connect(self._reason_picked)
        self.part.currentIndexChanged.connect(lambda _index: self._default_reason())
        self._default_reason()
        self.permanent = QRadioButton(self.tr("Permanent"))
        self.temporary = QRadioButton(self.tr("Temporary (re-record later)"))
        self.permanent.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.permanent)
        group.addButton(self.temporary)
        permanence = QHBoxLayout()
        permanence.addWidget(self.permanent)
        permanence.addWidget(self.temporary)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("description (required for 'other')"))
        photo_row = self._photo_row(camera, take_photo)
        self.photo_button.setToolTip(self.tr("Take the proof photo of what the live view shows"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        form = QFormLayout(self)
        form.addRow(self.tr("Finger or eye"), self.part)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Duration"), permanence)
        form.addRow(self.tr("In words"), self.text)
        form.addRow(self.tr("Proof photo"), photo_row)
        form.addRow(self.buttons)
        # Grey until a proof photo is taken: till then Enter records nothing, nor cancels.
        enter_presses(self, self.buttons.button(QDialogButtonBox.StandardButton.Ok))

    def _photo_row(
        self, camera: ImageDevice | None, take_photo: Callable[[], bytes] | None
    ) -> QHBoxLayout:
        """The live view to aim in, and beside it the photo taken and its button."""
        self.live = LiveView(camera)
        self.photo_button = QPushButton(self.tr("Take photo"))
        self.photo_button.setToolTip(self.tr("Take the proof photo of what the live view shows"))
        self.photo_button.clicked.connect(self.take_photo)
        self.photo_button.setEnabled(take_photo is not None)
        # Says why OK is grey: without a proof photo there is nothing to record.
        self.photo_view = QLabel(self.tr("No proof photo yet: take one to record the exception."))
        self.photo_view.setAccessibleName(self.tr("Proof photo taken"))
        self.photo_view.setWordWrap(True)
        self.photo_view.setMinimumHeight(THUMB_HEIGHT)
        self.photo_view.setMaximumWidth(2 * THUMB_HEIGHT)
        taken = QVBoxLayout()
        taken.addWidget(self.photo_view)
        taken.addWidget(self.photo_button)
        taken.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.live, 1)
        row.addLayout(taken)
        return row

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """The live view runs while the dialog is open: the petugas aims before taking."""
        super().showEvent(event)
        self.live.start()

    def _reason_picked(self, _index: int) -> None:
        self._reason_chosen = True

    def _default_reason(self) -> None:
        if self._reason_chosen:
            return
        part = str(self.part.currentData() or "")
        likely = (
            ExceptionReason.BLIND_OR_EYE_DISEASE
            if part == BOTH_EYES or part.startswith("eye:")
            else ExceptionReason.AMPUTATED
        )
        self.reason.setCurrentIndex(self.reason.findData(likely.value))

    def choose(self, part: str, reason: ExceptionReason, permanence: Permanence) -> None:
        self.part.setCurrentIndex(self.part.findData(part))
        self.reason.setCurrentIndex(self.reason.findData(reason.value))
        (self.permanent if permanence is Permanence.PERMANENT else self.temporary).setChecked(True)

    def take_photo(self) -> None:
        if self._take_photo is None:
            return
        self.photo_button.setEnabled(False)
        self.photo_view.setText(self.tr("Taking the photo…"))
        self._task = workers.start(self._take_photo, self._photo_done, self._photo_error)

    def _photo_done(self, data: object) -> None:
        assert isinstance(data, bytes)  # noqa: S101 - what the worker returns
        self.photo = data
        image = QImage.fromData(data)
        self.photo_view.setPixmap(
            QPixmap.fromImage(image).scaledToHeight(
                THUMB_HEIGHT, Qt.TransformationMode.FastTransformation
            )
        )
        self.photo_button.setEnabled(True)
        self.photo_button.setText(self.tr("Retake"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(True)
        # The photo button was disabled while it worked, which sent the focus away: back
        # to OK, which Enter presses from anywhere now there is something to record.
        ok.setFocus()
        self.photo_taken.emit(data)

    def _photo_error(self, error: object) -> None:
        self.photo_button.setEnabled(True)
        self.photo_view.setText("⚠ " + explain_any(error))
        self.photo_failed.emit(explain_any(error))

    def preselect(self, parts: tuple[str, ...]) -> None:
        """Start on the first of ``parts`` still offered: the fingers or eyes on screen.

        Both eyes on screen and both still offered: "Both eyes" first.
        """
        if set(parts) == set(BOTH_EYES_PARTS) and self.part.findData(BOTH_EYES) >= 0:
            self.part.setCurrentIndex(self.part.findData(BOTH_EYES))
            return
        for part in parts:
            index = self.part.findData(part)
            if index >= 0:
                self.part.setCurrentIndex(index)
                return

    def reject(self) -> None:
        """Cancel, Escape or the window's close: a proof photo taken is not lost unasked."""
        if self.photo is None:
            super().reject()
            return
        question = self.tr("Discard this exception?")
        # The question in the box itself: a window title is all a small screen may not show.
        ask = QMessageBox(QMessageBox.Icon.Question, question, question, parent=self)
        ask.setInformativeText(self.tr("The proof photo and the reason will not be recorded."))
        ask.setObjectName("discard_exception")
        discard = ask.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        keep = ask.addButton(self.tr("Back to the exception"), QMessageBox.ButtonRole.RejectRole)
        ask.setDefaultButton(keep)  # Enter, like Escape, keeps the work
        ask.setEscapeButton(keep)
        ask.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        discard.clicked.connect(super().reject)
        self.discard_question = ask
        ask.open()

    def values(self) -> tuple[tuple[str, ...], ExceptionReason, Permanence, str]:
        """The parts (both eyes are two), the reason, how long, and the officer's words."""
        permanence = Permanence.PERMANENT if self.permanent.isChecked() else Permanence.TEMPORARY
        chosen = str(self.part.currentData())
        return (
            BOTH_EYES_PARTS if chosen == BOTH_EYES else (chosen,),
            ExceptionReason(str(self.reason.currentData())),
            permanence,
            self.text.text(),
        )
