"""Enrollment: pick a person, record consent, then face, fingers, irises, signature, review, seal.

Every button calls one ``fieldkit.enrollment`` function (``start_enrollment``,
``record_consent``, ``capture.capture``, ``record_exception``, ``go_to``,
``defer_step``, ``pause_enrollment``, ``finish_enrollment``...).  Device I/O,
quality analysis and sealing run off the GUI thread: the live preview on a
:class:`~ui.capture_widgets.PreviewWorker` per stream, captures, photos and
sealing on the thread pool (``ui.workers``).  The state machine lives in the
core; this page only shows the draft's current step.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

import cv2
import numpy as np
from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtCore import Slot as QtSlot
from PySide6.QtGui import QAction, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from drivers.base import CaptureRequest, ImageDevice, Modality
from fieldkit import nik, training
from fieldkit.devices import converted
from fieldkit.enrollment import (
    assess,
    capture,
    exceptions,
    finish,
    flow,
    freeze,
    intake,
    outcomes,
)
from fieldkit.enrollment.errors import StepNotAllowed
from fieldkit.enrollment.exceptions import ExceptionReason, Permanence
from fieldkit.enrollment.machine import (
    FACE_SLOT,
    FingerMode,
    Progress,
    SignatureMode,
    Slot,
    SlotProgress,
    SlotState,
    Step,
    all_exception_parts,
    finger_slots,
)
from fieldkit.enrollment.outcomes import Outcome
from fieldkit.errors import InvalidInput, KnownError
from fieldkit.formats.positions import FingerPosition
from fieldkit.planning import targets_import
from fieldkit.planning.targets_import import Category
from fieldkit.quality.imageio import decode_image
from fieldkit.quality.policy import (
    ForceReason,
    ForceReasonCode,
    QualityPolicy,
    force_reasons_for,
    load_policy,
)
from fieldkit.quality.result import QualityModality
from fieldkit.records import outbox
from ui import i18n, receipt_dialog, workers
from ui.capture_widgets import FingerMap, PreviewView, PreviewWorker, QualityMeter, to_qimage
from ui.common import StatusLine, VisitPicker, date_of, read_only_table, row_key
from ui.messages import explain, explain_any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from numpy.typing import NDArray

    from drivers.base import CancelToken, Frame
    from fieldkit.devices import DeviceSupervisor
    from fieldkit.enrollment.drafts import EnrollmentView
    from fieldkit.quality.result import QualityReport
    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

THUMB_HEIGHT = 96
PHOTO_TIMEOUT_S = 5.0
_BANNER = "background: #fdecea; color: #8c1d18; border: 2px solid #b00020; padding: 6px;"
_JPEG_QUALITY = 90


class DeviceProvider(Protocol):
    """Where the page finds the open device for a capture slot (``demo.SimKit`` is one)."""

    def device_for(self, slot: Slot) -> ImageDevice: ...


_KIND = {
    QualityModality.FACE: Modality.FACE,
    QualityModality.FINGER: Modality.FINGERPRINT,
    QualityModality.IRIS: Modality.IRIS,
    QualityModality.SIGNATURE: Modality.SIGNATURE,
}


class SupervisorDevices:
    """The devices the app's :class:`DeviceSupervisor` keeps open."""

    def __init__(self, supervisor: DeviceSupervisor) -> None:
        self.supervisor = supervisor

    def device_for(self, slot: Slot) -> ImageDevice:
        device = self.supervisor.device(_KIND[slot.modality])
        if not isinstance(device, ImageDevice):
            raise StepNotAllowed(
                f"The {slot.modality.value} device is not connected; check the Home screen."
            )
        return device


def jpeg_photo(device: ImageDevice) -> bytes:
    """One still from the face camera as JPEG bytes (a consent letter, a proof photo)."""
    result = device.capture(CaptureRequest(timeout_s=PHOTO_TIMEOUT_S))
    ok, encoded = cv2.imencode(".jpg", result.images[0], [cv2.IMWRITE_JPEG_QUALITY, _JPEG_QUALITY])
    if not ok:
        raise InvalidInput("The camera's picture could not be encoded; take it again.")
    return bytes(encoded.tobytes())


def _thumbnails(ws: Workspace, enrollment_id: str) -> list[tuple[str, str, QImage]]:
    """(slot, part, small image) of every kept capture; runs on a worker thread."""
    with ws.transaction() as session:
        kept = capture.kept_images(session, enrollment_id)
        found = [
            (slot, image.part, image.data)
            for slot, images in kept.items()
            for image in images
            if image.media_type == capture.JP2
        ]
    thumbs = []
    for slot, part, data in found:
        picture = decode_image(data, mode="keep", name=part)
        scale = THUMB_HEIGHT / picture.shape[0]
        size = (max(1, round(picture.shape[1] * scale)), THUMB_HEIGHT)
        small = np.asarray(cv2.resize(picture, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
        thumbs.append((slot, part, to_qimage(small)))
    return thumbs


def exception_reason_words() -> dict[ExceptionReason, str]:
    """The fixed exception reasons in the UI's language, for the dialog and the review."""
    translate = QCoreApplication.translate
    return {
        ExceptionReason.AMPUTATED: translate("ExceptionDialog", "Amputated / missing"),
        ExceptionReason.BANDAGED_OR_INJURED: translate("ExceptionDialog", "Bandaged / injured"),
        ExceptionReason.WORN_OR_UNREADABLE: translate("ExceptionDialog", "Worn / unreadable"),
        ExceptionReason.TREMOR: translate("ExceptionDialog", "Tremor"),
        ExceptionReason.BLIND_OR_EYE_DISEASE: translate("ExceptionDialog", "Blind / eye disease"),
        ExceptionReason.UNABLE_TO_COOPERATE: translate("ExceptionDialog", "Unable to cooperate"),
        ExceptionReason.OTHER: translate("ExceptionDialog", "Other"),
    }


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

    def reason(self) -> ForceReason:
        return ForceReason.parse(str(self.code.currentData()), self.text.text())


class ExceptionDialog(QDialog):
    """A finger or eye that cannot be captured: reason, how long, and a proof photo."""

    photo_taken = Signal(bytes)
    photo_failed = Signal(str)

    def __init__(
        self,
        parts: list[tuple[str, str]],
        take_photo: Callable[[], bytes] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Biometric exception"))
        self._take_photo = take_photo
        self._task: workers.Task | None = None
        self.photo: bytes | None = None
        self.part = QComboBox()
        for code, label in parts:
            self.part.addItem(label, code)
        self.reason = QComboBox()
        words = exception_reason_words()
        for reason in ExceptionReason:
            self.reason.addItem(words.get(reason, reason.label_id), reason.value)
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
        self.photo_button = QPushButton(self.tr("Take proof photo (face camera)"))
        self.photo_button.clicked.connect(self.take_photo)
        self.photo_button.setEnabled(take_photo is not None)
        self.photo_view = QLabel(self.tr("No proof photo yet."))
        self.photo_view.setMinimumHeight(THUMB_HEIGHT)
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
        form.addRow(self.photo_button, self.photo_view)
        form.addRow(self.buttons)

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
        self.photo_button.setText(self.tr("Take the photo again"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        self.photo_taken.emit(data)

    def _photo_error(self, error: object) -> None:
        self.photo_button.setEnabled(True)
        self.photo_view.setText("⚠ " + explain_any(error))
        self.photo_failed.emit(explain_any(error))

    def values(self) -> tuple[str, ExceptionReason, Permanence, str]:
        permanence = Permanence.PERMANENT if self.permanent.isChecked() else Permanence.TEMPORARY
        return (
            str(self.part.currentData()),
            ExceptionReason(str(self.reason.currentData())),
            permanence,
            self.text.text(),
        )


class EnrollmentPage(QWidget):
    """The officer's screen for one person at a time, one step at a time."""

    #: The draft's current step after every change (a ``Step`` value).
    step_shown = Signal(str)
    capture_done = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    # The officer asked to go to Sinkronisasi (to enroll this laptop).
    sync_requested = Signal()
    photo_taken = Signal(bytes)
    thumbnails_ready = Signal(int)
    exception_recorded = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        devices: DeviceProvider | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.devices = devices
        self.view: EnrollmentView | None = None
        self.slot: Slot | None = None
        self.preview: PreviewWorker | None = None
        self.policy = QualityPolicy()
        self.target_names: dict[str, str] = {}
        self.exception_dialog: ExceptionDialog | None = None
        self.consent_photo: bytes | None = None
        self._tasks: list[workers.Task] = []
        self._busy = False
        self._analyzers: dict[QualityModality, Callable[[NDArray[np.uint8]], QualityReport]] = {}
        self._step_names = {
            Step.CONSENT: self.tr("Consent"),
            Step.FACE: self.tr("Face"),
            Step.FINGERS: self.tr("Fingers"),
            Step.IRIS: self.tr("Irises"),
            Step.SIGNATURE: self.tr("Signature"),
            Step.REVIEW: self.tr("Review"),
        }
        self._state_words = {
            SlotState.MISSING: "○ " + self.tr("not captured"),
            SlotState.BELOW_THRESHOLD: "✖ " + self.tr("below the threshold"),
            SlotState.OK: "✔ " + self.tr("good"),
            SlotState.FORCED: "⚑ " + self.tr("kept below threshold (flagged)"),
            SlotState.EXCEPTED: "⊘ " + self.tr("exception (flagged)"),
        }
        self._outcome_words = {
            Outcome.RECORDED: "✔ " + self.tr("recorded"),
            Outcome.NOT_AT_HOME: "⌂ " + self.tr("not at home"),
            Outcome.REFUSED: "✖ " + self.tr("refused"),
            Outcome.DECEASED: "✝ " + self.tr("deceased"),
            Outcome.MOVED: "→ " + self.tr("moved away"),
            Outcome.UNABLE: "✖ " + self.tr("unable to record"),
            Outcome.REVISIT: "↻ " + self.tr("to visit again"),
        }
        self.visit = VisitPicker(workspace)
        self.visit.currentIndexChanged.connect(self.load_visit)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(_BANNER)
        self.banner.hide()
        self.status = StatusLine()
        self.screens = QStackedWidget()
        self.start_screen = self._start_screen()
        self.consent_screen = self._consent_screen()
        self.capture_screen = self._capture_screen()
        self.review_screen = self._review_screen()
        for screen in (
            self.start_screen,
            self.consent_screen,
            self.capture_screen,
            self.review_screen,
        ):
            self.screens.addWidget(screen)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Visit")))
        top.addWidget(self.visit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addLayout(self._step_bar())
        layout.addWidget(self.screens, 1)
        layout.addWidget(self.status)
        self._build_shortcuts()
        self._show_steps(None)

    # --- building ----------------------------------------------------------------

    def _hint(self, text: str, key: QKeySequence) -> str:
        return f"{text} ({key.toString(QKeySequence.SequenceFormat.NativeText)})"

    def _step_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.person_label = QLabel()
        self.person_label.setStyleSheet("font-weight: bold;")
        bar.addWidget(self.person_label)
        self.step_buttons: dict[Step, QPushButton] = {}
        for n, step in enumerate(Step, start=1):
            button = QPushButton(f"{n}. {self._step_names[step]}")
            key = QKeySequence(f"Alt+{n}")
            button.setShortcut(key)
            button.setToolTip(self._hint(self._step_names[step], key))
            button.clicked.connect(lambda _checked=False, s=step: self.go_to(s))
            self.step_buttons[step] = button
            bar.addWidget(button)
        self.pause_button = QPushButton(self.tr("Pause"))
        pause_key = QKeySequence("Ctrl+P")
        self.pause_button.setShortcut(pause_key)
        self.pause_button.setToolTip(
            self._hint(self.tr("Pause: keep the draft for later"), pause_key)
        )
        self.pause_button.clicked.connect(self.pause)
        bar.addStretch(1)
        bar.addWidget(self.pause_button)
        return bar

    def _start_screen(self) -> QWidget:
        tabs = QTabWidget()
        self.start_tabs = tabs
        tabs.addTab(self._targets_tab(), self.tr("Visit list"))
        tabs.addTab(self._add_person_tab(), self.tr("Add a person on the spot"))
        tabs.addTab(self._drafts_tab(), self.tr("Drafts (paused)"))
        screen = QWidget()
        layout = QVBoxLayout(screen)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._enroll_prompt())
        layout.addWidget(tabs, 1)
        return screen

    def _enroll_prompt(self) -> QWidget:
        """A real store not enrolled with a data center: why recording waits, and the way out."""
        self.enroll_prompt = QWidget()
        self.enroll_prompt.setObjectName("enroll_prompt")
        text = QLabel(
            "⚠ "
            + self.tr(
                "Recording cannot start: this laptop is not enrolled with a data center yet, "
                "so nothing recorded could be delivered."
            )
        )
        text.setWordWrap(True)
        self.enroll_prompt_button = QPushButton(self.tr("Open Sync to enroll"))
        self.enroll_prompt_button.clicked.connect(self.sync_requested.emit)
        row = QHBoxLayout(self.enroll_prompt)
        row.addWidget(text, 1)
        row.addWidget(self.enroll_prompt_button)
        self.show_enroll_prompt()
        return self.enroll_prompt

    def show_enroll_prompt(self) -> None:
        with self.workspace.transaction() as session:
            waiting = not training.is_training_store(session) and not (
                outbox.datacenter_enrolled(session)
            )
        self.enroll_prompt.setVisible(waiting)

    def _modes(self) -> QHBoxLayout:
        self.finger_mode = QComboBox()
        self.finger_mode.addItem(self.tr("Fingers: 4-4-2 slaps"), FingerMode.SLAPS.value)
        self.finger_mode.addItem(self.tr("Fingers: one at a time"), FingerMode.SINGLE.value)
        self.signature_mode = QComboBox()
        self.signature_mode.addItem(self.tr("Signature"), SignatureMode.SIGNATURE.value)
        self.signature_mode.addItem(
            self.tr("Thumbprint (cannot sign)"), SignatureMode.THUMBPRINT.value
        )
        row = QHBoxLayout()
        row.addWidget(self.finger_mode)
        row.addWidget(self.signature_mode)
        return row

    def _targets_tab(self) -> QWidget:
        tab = QWidget()
        self.targets = QTableWidget(0, 4)
        self.targets.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("NIK"), self.tr("Categories"), self.tr("Outcome")]
        )
        read_only_table(self.targets)
        self.targets.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.start_button = QPushButton(self.tr("Start enrollment of the selected person"))
        self.start_button.clicked.connect(self.start_selected)
        modes = self._modes()
        modes.addWidget(self.start_button)
        modes.addStretch(1)
        outcome_box = QGroupBox(self.tr("Not recorded: say why"))
        self.outcome = QComboBox()
        outcome_words = {
            Outcome.NOT_AT_HOME: self.tr("Not at home"),
            Outcome.REFUSED: self.tr("Refused"),
            Outcome.DECEASED: self.tr("Deceased"),
            Outcome.MOVED: self.tr("Moved away"),
            Outcome.UNABLE: self.tr("Unable (give a reason)"),
            Outcome.REVISIT: self.tr("Revisit on a date"),
        }
        for outcome, words in outcome_words.items():
            self.outcome.addItem(words, outcome.value)
        self.outcome_reason = QLineEdit()
        self.outcome_reason.setPlaceholderText(self.tr("reason"))
        self.revisit_date = QDateEdit(QDate.currentDate().addDays(7))
        self.revisit_date.setCalendarPopup(True)
        self.outcome_button = QPushButton(self.tr("Record outcome"))
        self.outcome_button.clicked.connect(self.record_outcome)
        row = QHBoxLayout(outcome_box)
        row.addWidget(self.outcome)
        row.addWidget(self.outcome_reason, 1)
        row.addWidget(QLabel(self.tr("revisit")))
        row.addWidget(self.revisit_date)
        row.addWidget(self.outcome_button)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.targets, 1)
        layout.addLayout(modes)
        layout.addWidget(outcome_box)
        return tab

    def _add_person_tab(self) -> QWidget:  # noqa: PLR0915 - one form, field by field
        tab = QWidget()
        self.nik = QLineEdit()
        self.nik.setMaxLength(16)
        self.kk = QLineEdit()
        self.kk.setMaxLength(16)
        self.name = QLineEdit()
        self.birth_place = QLineEdit()
        self.birth_date = QDateEdit(QDate(1950, 1, 1))
        self.birth_date.setDisplayFormat("dd-MM-yyyy")
        self.birth_date.setCalendarPopup(True)
        self.sex = QComboBox()
        self.sex.addItem(self.tr("L (male)"), "L")
        self.sex.addItem(self.tr("P (female)"), "P")
        self.address = QLineEdit()
        self.rt = QLineEdit()
        self.rt.setMaxLength(3)
        self.rw = QLineEdit()
        self.rw.setMaxLength(3)
        rt_rw = QHBoxLayout()
        rt_rw.addWidget(QLabel(self.tr("RT")))
        rt_rw.addWidget(self.rt)
        rt_rw.addWidget(QLabel(self.tr("RW")))
        rt_rw.addWidget(self.rw)
        self.categories: dict[Category, QCheckBox] = {}
        category_words = {
            Category.LANSIA: self.tr("Elderly (lansia)"),
            Category.DISABILITAS: self.tr("Disability (disabilitas)"),
            Category.ODGJ: self.tr("Mental illness (ODGJ)"),
            Category.TERBARING: self.tr("Bed-bound (terbaring)"),
            Category.LAINNYA: self.tr("Other (lainnya)"),
        }
        categories = QHBoxLayout()
        for category, words in category_words.items():
            box = QCheckBox(words)
            self.categories[category] = box
            categories.addWidget(box)
        self.disability = QLineEdit()
        self.disability.setPlaceholderText(self.tr("which disability, or the 'other' category"))
        self.person_warnings = QLabel()
        self.person_warnings.setWordWrap(True)
        self.check_button = QPushButton(self.tr("Check NIK and KK"))
        self.check_button.clicked.connect(self.check_person)
        self.add_button = QPushButton(self.tr("Add and start enrollment"))
        self.add_button.clicked.connect(self.add_and_start)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("NIK"), self.nik)
        form.addRow(self.tr("KK number"), self.kk)
        form.addRow(self.tr("Full name"), self.name)
        form.addRow(self.tr("Birth place"), self.birth_place)
        form.addRow(self.tr("Birth date"), self.birth_date)
        form.addRow(self.tr("Sex"), self.sex)
        form.addRow(self.tr("Address"), self.address)
        form.addRow("", rt_rw)
        form.addRow(self.tr("Categories"), categories)
        form.addRow("", self.disability)
        layout = QVBoxLayout(tab)
        layout.addLayout(form)
        layout.addWidget(self.person_warnings)
        layout.addLayout(buttons)
        layout.addStretch(1)
        return tab

    def _drafts_tab(self) -> QWidget:
        tab = QWidget()
        self.drafts = QTableWidget(0, 4)
        self.drafts.setHorizontalHeaderLabels(
            [self.tr("Draft"), self.tr("NIK"), self.tr("Status"), self.tr("Still to do")]
        )
        read_only_table(self.drafts)
        self.resume_button = QPushButton(self.tr("Resume the selected draft"))
        self.resume_button.clicked.connect(self.resume_selected)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.drafts, 1)
        layout.addWidget(self.resume_button)
        return tab

    def _consent_screen(self) -> QWidget:
        screen = QGroupBox(self.tr("Consent before any capture"))
        self.consent_person = QRadioButton(self.tr("The person themself"))
        self.consent_guardian = QRadioButton(self.tr("A guardian (wali) for them"))
        self.consent_caretaker = QRadioButton(self.tr("A caretaker (pendamping) for them"))
        self.consent_person.setChecked(True)
        group = QButtonGroup(screen)
        for button in (self.consent_person, self.consent_guardian, self.consent_caretaker):
            group.addButton(button)
        self.guardian_name = QLineEdit()
        self.guardian_relation = QLineEdit()
        self.guardian_relation.setPlaceholderText(self.tr("e.g. anak, istri, perawat panti"))
        self.guardian_nik = QLineEdit()
        self.guardian_nik.setMaxLength(16)
        self.guardian_nik.setPlaceholderText(self.tr("optional"))
        self.consent_photo_button = QPushButton(self.tr("Take consent photo (optional)"))
        self.consent_photo_button.clicked.connect(self.take_consent_photo)
        self.consent_photo_view = QLabel(self.tr("No photo."))
        self.consent_photo_view.setMinimumHeight(THUMB_HEIGHT)
        self.consent_button = QPushButton(self.tr("Record consent"))
        key = QKeySequence("Ctrl+Return")
        self.consent_button.setShortcut(key)
        self.consent_button.setToolTip(self._hint(self.tr("Record consent"), key))
        self.consent_button.clicked.connect(self.record_consent)
        form = QFormLayout(screen)
        form.addRow(self.consent_person)
        form.addRow(self.consent_guardian)
        form.addRow(self.consent_caretaker)
        form.addRow(self.tr("Name of the guardian"), self.guardian_name)
        form.addRow(self.tr("Relation"), self.guardian_relation)
        form.addRow(self.tr("NIK of the guardian"), self.guardian_nik)
        form.addRow(self.consent_photo_button, self.consent_photo_view)
        form.addRow(self.consent_button)
        return screen

    def _capture_screen(self) -> QWidget:  # noqa: PLR0915 - one screen, widget by widget
        screen = QWidget()
        self.preview_view = PreviewView()
        self.step_title = QLabel()
        self.step_title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.slot_picker = QComboBox()
        self.slot_picker.currentIndexChanged.connect(self._slot_picked)
        self.meter = QualityMeter()
        self.attempts_label = QLabel()
        self.result_label = StatusLine()
        self.capture_button = QPushButton(self.tr("Capture"))
        self.retry_button = QPushButton(self.tr("Retry"))
        self.force_button = QPushButton(self.tr("Keep with a reason…"))
        self.defer_button = QPushButton(self.tr("Defer this step"))
        self.exception_button = QPushButton(self.tr("Exception…"))
        actions = (
            (self.capture_button, "F5", self.tr("Capture"), self.capture_now),
            (
                self.retry_button,
                "F6",
                self.tr("Retry (the best attempt is kept)"),
                self.capture_now,
            ),
            (
                self.force_button,
                "F7",
                self.tr("Keep below the threshold, with a reason"),
                self.force,
            ),
            (self.defer_button, "F8", self.tr("Defer this step for later"), self.defer),
            (
                self.exception_button,
                "F9",
                self.tr("Record a finger or eye exception"),
                self.open_exception_dialog,
            ),
        )
        grid = QGridLayout()
        for n, (button, key, words, handler) in enumerate(actions):
            sequence = QKeySequence(key)
            button.setShortcut(sequence)
            button.setToolTip(self._hint(words, sequence))
            button.setMinimumHeight(40)
            button.clicked.connect(handler)
            grid.addWidget(button, n // 2, n % 2)
        self.thumb_reason = QLineEdit()
        self.thumb_reason.setPlaceholderText(self.tr("why the person cannot sign"))
        self.thumb_button = QPushButton(self.tr("Use a thumbprint instead"))
        self.thumb_button.clicked.connect(self.use_thumbprint)
        thumb_row = QHBoxLayout()
        thumb_row.addWidget(self.thumb_reason, 1)
        thumb_row.addWidget(self.thumb_button)
        self.thumb_box = QWidget()
        self.thumb_box.setLayout(thumb_row)
        self.finger_map = FingerMap()
        self.backdrop_box = self._backdrop_picker()
        side = QVBoxLayout()
        side.addWidget(self.step_title)
        side.addWidget(self.slot_picker)
        side.addWidget(self.backdrop_box)
        side.addWidget(self.meter)
        side.addWidget(self.attempts_label)
        side.addLayout(grid)
        side.addWidget(self.thumb_box)
        side.addWidget(self.finger_map)
        side.addWidget(self.result_label)
        side.addStretch(1)
        panel = QWidget()
        panel.setLayout(side)
        panel.setMinimumWidth(440)  # the preview gives way first on a 1280 px screen
        panel.setMaximumWidth(560)
        layout = QHBoxLayout(screen)
        layout.addWidget(self.preview_view, 1)
        layout.addWidget(panel)
        return screen

    def _backdrop_picker(self) -> QWidget:
        """Training only: which cloth the simulated face camera shows (see ``_frames``)."""
        self.backdrop_choice = QComboBox()
        self.backdrop_choice.setAccessibleName(self.tr("Training backdrop"))
        self.backdrop_choice.addItem(self.tr("as the birth year requires"), None)
        self.backdrop_choice.addItem(self.tr("red cloth"), "red")
        self.backdrop_choice.addItem(self.tr("blue cloth"), "blue")
        self.backdrop_choice.currentIndexChanged.connect(lambda _index: self.start_preview())
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Training backdrop:")))
        row.addWidget(self.backdrop_choice, 1)
        box = QWidget()
        box.setLayout(row)
        box.setVisible(False)
        return box

    def _review_screen(self) -> QWidget:
        screen = QWidget()
        self.review_table = QTableWidget(0, 5)
        self.review_table.setHorizontalHeaderLabels(
            [
                self.tr("Capture"),
                self.tr("State"),
                self.tr("Attempts"),
                self.tr("Best score"),
                self.tr("Exceptions"),
            ]
        )
        read_only_table(self.review_table)
        self.review_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.thumbs = QWidget()
        self.thumbs_layout = QHBoxLayout(self.thumbs)
        scroll = QScrollArea()
        scroll.setWidget(self.thumbs)
        scroll.setWidgetResizable(True)
        scroll.setFixedHeight(THUMB_HEIGHT + 60)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # one row
        self.review_missing = QLabel()
        self.review_missing.setWordWrap(True)
        self.finish_button = QPushButton(self.tr("Finish and seal the record"))
        key = QKeySequence("Ctrl+Return")
        self.finish_button.setShortcut(key)
        self.finish_button.setToolTip(self._hint(self.tr("Finish and seal the record"), key))
        self.finish_button.setMinimumHeight(40)
        self.finish_button.clicked.connect(self.finish)
        layout = QVBoxLayout(screen)
        layout.addWidget(scroll)
        layout.addWidget(self.review_table, 1)
        layout.addWidget(self.review_missing)
        layout.addWidget(self.finish_button)
        return screen

    def _build_shortcuts(self) -> None:
        back = QAction(self)
        back.setShortcut(QKeySequence("Ctrl+Shift+P"))
        back.triggered.connect(self.show_start)
        self.addAction(back)

    # --- the visit -----------------------------------------------------------------

    def refresh(self) -> None:
        with self.workspace.transaction() as session:
            self.policy = load_policy(session)
        self.visit.reload()
        self.show_enroll_prompt()

    def _outcome_text(
        self, result: outcomes.OutcomeInfo | None, *, drafted: bool, refused: set[str]
    ) -> tuple[str, str]:
        """A target's outcome in words, and its tooltip (the reason given)."""
        if result is not None and result.record_id in refused:
            # What the data center said, as the berita acara says it: not "terekam".
            return "✖ " + self.tr("rejected by the data center: record again"), ""
        if result is not None:
            words = self._outcome_words[result.outcome]
            if result.revisit_date is not None:
                words += " · " + self.tr("revisit %1").replace(
                    "%1", result.revisit_date.strftime("%d-%m-%Y")
                )
            return words, result.reason or ""
        if drafted:
            return self.tr("draft"), ""
        return "○ " + self.tr("no outcome yet"), ""

    def _refused_records(self, results: dict[str, outcomes.OutcomeInfo | None]) -> set[str]:
        """Record ids of this visit that the data center rejected."""
        ids = {r.record_id for r in results.values() if r is not None and r.record_id}
        if not ids:
            return set()
        with self.workspace.transaction() as session:
            infos = [outbox.record_info(session, record_id) for record_id in ids]
        return {
            info.record_id
            for info in infos
            if info is not None and info.state is outbox.RecordStatus.REJECTED
        }

    @QtSlot()
    def load_visit(self) -> None:
        self._show_freeze()
        visit_id = self.visit.visit_id()
        self.targets.setRowCount(0)
        self.drafts.setRowCount(0)
        if visit_id is None:
            return
        try:
            targets = targets_import.list_targets(self.workspace, visit_id)
            results = outcomes.visit_outcomes(self.workspace, visit_id)
            drafts = flow.list_drafts(self.workspace, visit_id)
            refused = self._refused_records(results)
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.target_names = {t.id: t.name for t in targets}
        drafted = {d.target_id for d in drafts}
        self.targets.setRowCount(len(targets))
        for n, target in enumerate(targets):
            words, tooltip = self._outcome_text(
                results.get(target.id), drafted=target.id in drafted, refused=refused
            )
            cells = [
                target.name,
                nik.mask(target.nik),
                ", ".join(c.value for c in target.categories),
                words,
            ]
            for column, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, target.id)
                cell.setToolTip(tooltip or value)  # a cut-off cell still reads in full
                self.targets.setItem(n, column, cell)
        self.drafts.setRowCount(len(drafts))
        for n, draft in enumerate(drafts):
            cells = [
                f"{draft.id[:8]} · {self.target_names.get(draft.target_id, '')}",
                draft.nik_masked,
                self.tr("paused") if draft.status == "paused" else self.tr("open"),
                "; ".join(self._missing_words(draft.progress)) or "✔",
            ]
            for column, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, draft.id)
                self.drafts.setItem(n, column, cell)

    def _show_freeze(self) -> None:
        with self.workspace.transaction() as session:
            status = freeze.freeze_status(session)
        if status.frozen:
            self.banner.setText(
                "⛔ "
                + self.tr(
                    "New enrollments are blocked until this laptop syncs with the data "
                    "center. Drafts already started can still be finished."
                )
                + "\n"
                + " ".join(status.reasons)
            )
        self.banner.setVisible(status.frozen)
        self.start_button.setEnabled(not status.frozen)
        self.add_button.setEnabled(not status.frozen)

    # --- starting ------------------------------------------------------------------

    def _run(self, action: Callable[[], EnrollmentView]) -> bool:
        try:
            view = action()
        except KnownError as error:
            self.status.error(explain(error))
            self.failed.emit(explain(error))
            return False
        self.show_view(view)
        return True

    def _modes_chosen(self) -> dict[str, object]:
        wanted = FingerMode(str(self.finger_mode.currentData()))
        try:
            slap = finger_slots(FingerMode.SLAPS)[0]  # the scanner a slap would be asked of
            scanner = self.devices.device_for(slap) if self.devices else None
        except KnownError:
            scanner = None  # not attached yet: the officer's choice stands
        mode = capture.finger_mode_for(scanner, wanted)
        if mode is not wanted:
            self.finger_mode.setCurrentIndex(self.finger_mode.findData(mode.value))
            self.status.info(
                self.tr(
                    "This scanner takes one finger at a time: the fingers are recorded one by one."
                )
            )
        return {
            "finger_mode": mode,
            "signature_mode": SignatureMode(str(self.signature_mode.currentData())),
        }

    def start_selected(self) -> None:
        visit_id, target_id = self.visit.visit_id(), row_key(self.targets)
        if visit_id is None or target_id is None:
            self.status.error(self.tr("Pick a person from the visit list first."))
            return
        modes = self._modes_chosen()
        self._run(
            lambda: intake.start_enrollment(
                self.workspace,
                visit_id,
                target_ref=target_id,
                **modes,  # type: ignore[arg-type]
            )
        )

    def person_input(self) -> intake.PersonInput:
        chosen = tuple(c for c, box in self.categories.items() if box.isChecked())
        extra = self.disability.text().strip() or None
        return intake.PersonInput(
            nik=self.nik.text(),
            name=self.name.text(),
            kk=self.kk.text() or None,
            birth_place=self.birth_place.text(),
            birth_date=date_of(self.birth_date),
            sex=str(self.sex.currentData()),
            address=self.address.text(),
            rt=self.rt.text(),
            rw=self.rw.text(),
            categories=chosen,
            disability_kind=extra if Category.DISABILITAS in chosen else None,
            category_note=extra if Category.LAINNYA in chosen else None,
        )

    def check_person(self) -> bool:
        """Validate the form; errors refuse, NIK/KK disagreements are shown as warnings."""
        try:
            checked = intake.check_person(self.person_input())
        except KnownError as error:
            self.person_warnings.setText("✖ " + explain(error))
            self.person_warnings.setStyleSheet("color: #b00020; font-weight: bold;")
            return False
        if checked.warnings:
            indonesian = i18n.active_language() == "id"
            lines = [f"⚠ {w.pesan if indonesian else w.message}" for w in checked.warnings]
            self.person_warnings.setText("\n".join(lines))
            self.person_warnings.setStyleSheet("color: #8a6d00; font-weight: bold;")
        else:
            self.person_warnings.setText("✔ " + self.tr("NIK and KK are valid."))
            self.person_warnings.setStyleSheet("color: #1b7f3b; font-weight: bold;")
        return True

    def add_and_start(self) -> None:
        visit_id = self.visit.visit_id()
        if visit_id is None:
            self.status.error(self.tr("Pick a visit first."))
            return
        if not self.check_person():
            return
        person = self.person_input()
        modes = self._modes_chosen()
        self._run(
            lambda: intake.start_enrollment(
                self.workspace,
                visit_id,
                person=person,
                **modes,  # type: ignore[arg-type]
            )
        )

    def resume_selected(self) -> None:
        draft_id = row_key(self.drafts)
        if draft_id is None:
            self.status.error(self.tr("Pick a draft first."))
            return
        view = flow.get_enrollment(self.workspace, draft_id)
        if view.status == "paused":
            self._run(lambda: flow.resume_enrollment(self.workspace, draft_id))
        else:
            self.show_view(view)

    def record_outcome(self) -> None:
        visit_id, target_id = self.visit.visit_id(), row_key(self.targets)
        if visit_id is None or target_id is None:
            self.status.error(self.tr("Pick a person from the visit list first."))
            return
        outcome = Outcome(str(self.outcome.currentData()))
        try:
            outcomes.record_outcome(
                self.workspace,
                visit_id,
                target_id,
                outcome,
                reason=self.outcome_reason.text(),
                revisit_date=date_of(self.revisit_date) if outcome is Outcome.REVISIT else None,
            )
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.status.ok(self.tr("Outcome recorded."))
        self.outcome_reason.clear()  # the next person starts with an empty reason
        self.load_visit()

    # --- the draft's steps -----------------------------------------------------------

    def _show_steps(self, view: EnrollmentView | None) -> None:
        for step, button in self.step_buttons.items():
            button.setVisible(view is not None)
            if view is None:
                continue
            done = view.progress.step_done(step)
            mark = "✔ " if done else "⏸ " if step in view.progress.deferred else ""
            n = list(Step).index(step) + 1
            button.setText(f"{mark}{n}. {self._step_names[step]}")
            button.setStyleSheet("font-weight: bold;" if step is view.progress.current else "")
        self.pause_button.setVisible(view is not None)
        if view is None:
            self.person_label.setText("")
        else:
            name = self.target_names.get(view.target_id, "")
            self.person_label.setText(f"{name} · NIK {view.nik_masked}")

    def show_start(self) -> None:
        self.stop_preview()
        self.view = None
        self.slot = None
        # Each person starts clean: the last one's "cannot sign" or reason does not carry over.
        self.finger_mode.setCurrentIndex(0)
        self.signature_mode.setCurrentIndex(0)
        self.thumb_reason.clear()
        self.backdrop_choice.setCurrentIndex(0)
        self.result_label.clear()
        self._show_steps(None)
        self.screens.setCurrentWidget(self.start_screen)
        self.load_visit()

    def show_view(self, view: EnrollmentView) -> None:
        """Show the draft at its current step."""
        self.view = view
        step = view.progress.current
        if view.target_id not in self.target_names:  # a person just added on the spot
            self.load_visit()
        self._show_steps(view)
        if step is Step.CONSENT:
            self.stop_preview()
            self.screens.setCurrentWidget(self.consent_screen)
        elif step is Step.REVIEW:
            self.stop_preview()
            self._show_review(view)
            self.screens.setCurrentWidget(self.review_screen)
        else:
            self.screens.setCurrentWidget(self.capture_screen)
            self._show_capture_step(view, step)
        self.step_shown.emit(step.value)

    def go_to(self, step: Step) -> None:
        if self.view is None or self._busy:
            return
        draft = self.view.id
        if step is Step.REVIEW:
            self._run(lambda: finish.review(self.workspace, draft))
        else:
            self._run(lambda: flow.go_to(self.workspace, draft, step))

    def _reload(self) -> None:
        if self.view is not None:
            self._run(lambda: flow.get_enrollment(self.workspace, self.view.id))  # type: ignore[union-attr]

    def pause(self) -> None:
        if self.view is None:
            return
        draft = self.view.id
        try:
            flow.pause_enrollment(self.workspace, draft)
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.status.ok(self.tr("Paused. The draft is kept; resume it from the Drafts tab."))
        self.show_start()
        self.start_tabs.setCurrentIndex(2)

    def pause_for_lock(self) -> None:
        """The screen locks or changes hands: a draft on screen is paused, its preview stops."""
        if self.view is not None and not self._busy:
            self.pause()
        self.stop_preview()

    def defer(self) -> None:
        if self.view is None or self._busy:
            return
        draft, step = self.view.id, self.view.progress.current
        self.stop_preview()
        if self._run(lambda: flow.defer_step(self.workspace, draft, step)):
            self.status.ok(self.tr("Step deferred: it stays on the list of what is missing."))

    # --- consent -------------------------------------------------------------------

    def _face_device(self) -> ImageDevice | None:
        if self.devices is None:
            return None
        return self.devices.device_for(FACE_SLOT)

    def photo_function(self) -> Callable[[], bytes] | None:
        try:
            device = self._face_device()
        except KnownError:
            return None
        if device is None:
            return None
        return lambda: jpeg_photo(device)

    def take_consent_photo(self) -> None:
        take = self.photo_function()
        if take is None:
            self.status.error(self.tr("The face camera is not connected."))
            return
        self.consent_photo_button.setEnabled(False)
        self.consent_photo_view.setText(self.tr("Taking the photo…"))
        self._start(take, self._consent_photo_done)

    def _consent_photo_done(self, data: object) -> None:
        assert isinstance(data, bytes)  # noqa: S101 - what the worker returns
        self.consent_photo = data
        self.consent_photo_button.setEnabled(True)
        self.consent_photo_view.setPixmap(
            QPixmap.fromImage(QImage.fromData(data)).scaledToHeight(THUMB_HEIGHT)
        )
        self.photo_taken.emit(data)

    def record_consent(self) -> None:
        if self.view is None:
            return
        if self.consent_person.isChecked():
            giver = intake.ConsentGiver.PERSON
        elif self.consent_guardian.isChecked():
            giver = intake.ConsentGiver.GUARDIAN
        else:
            giver = intake.ConsentGiver.CARETAKER
        consent = intake.ConsentInput(
            giver,
            name=self.guardian_name.text(),
            relation=self.guardian_relation.text(),
            nik=self.guardian_nik.text(),
            photo=self.consent_photo,
        )
        draft = self.view.id
        if self._run(lambda: intake.record_consent(self.workspace, draft, consent)):
            self.consent_photo = None
            self.consent_photo_view.setText(self.tr("No photo."))
            self.status.ok(self.tr("Consent recorded."))

    # --- capture steps -------------------------------------------------------------

    def _slots_of(self, view: EnrollmentView, step: Step) -> list[SlotProgress]:
        return [s for s in view.progress.slots if s.slot.step is step]

    def _slot_name(self, slot: Slot) -> str:
        if slot.modality is QualityModality.FINGER and slot.position.isdigit():
            return FingerPosition(int(slot.position)).id
        if slot.modality is QualityModality.IRIS:
            return self.tr("Both eyes")
        return self._step_names[slot.step]

    def _missing_words(self, progress: Progress) -> list[str]:
        """What a draft still needs, in the UI's words (the core's list is English, for logs)."""
        left = [] if progress.consent else [self.tr("Consent: not recorded")]
        left += [
            f"{self._slot_name(s.slot)}: {self._state_words[s.state]}"
            for s in progress.slots
            if not s.resolved
        ]
        return left

    def _slot_label(self, slot_name: str) -> str:
        states = self.view.progress.slots if self.view is not None else ()
        slot = next((s.slot for s in states if s.slot.name == slot_name), None)
        return self._slot_name(slot) if slot is not None else slot_name

    def _slot_words(self, state: SlotProgress) -> str:
        return f"{self._slot_name(state.slot)} · {self._state_words[state.state]}"

    def _show_capture_step(self, view: EnrollmentView, step: Step) -> None:
        states = self._slots_of(view, step)
        previous = self.slot.name if self.slot is not None else None
        pick = next((s for s in states if s.slot.name == previous and not s.resolved), None)
        pick = pick or next((s for s in states if not s.resolved), states[0])
        self.slot_picker.blockSignals(True)  # noqa: FBT003 - Qt's API
        self.slot_picker.clear()
        for state in states:
            self.slot_picker.addItem(self._slot_words(state), state.slot.name)
        self.slot_picker.setCurrentIndex(self.slot_picker.findData(pick.slot.name))
        self.slot_picker.blockSignals(False)  # noqa: FBT003
        self.slot_picker.setVisible(len(states) > 1)
        self.step_title.setText(self._step_names[step])
        self.finger_map.setVisible(step is Step.FINGERS)
        self.thumb_box.setVisible(
            step is Step.SIGNATURE and view.signature_mode is SignatureMode.SIGNATURE
        )
        self._update_finger_map(view)
        changed = self.slot is None or self.slot.name != pick.slot.name
        self.slot = pick.slot
        self._show_slot_state(pick)
        if changed:
            self.result_label.clear()  # the last slot's "score 0" does not belong here
        if changed or self.preview is None:
            self.meter.reset(self.policy.threshold(pick.slot.modality))
            self.start_preview()

    def _show_slot_state(self, state: SlotProgress) -> None:
        most = self.policy.max_attempts
        self.attempts_label.setText(
            self.tr("Attempt %1 of %2 · %3")
            .replace("%1", str(state.attempts))
            .replace("%2", str(most))
            .replace("%3", self._state_words[state.state])
        )
        exceptable = bool(state.slot.exception_parts()) or state.slot.step is Step.FINGERS
        self.capture_button.setEnabled(not self._busy and state.attempts == 0)
        self.retry_button.setEnabled(not self._busy and 0 < state.attempts < most)
        self.force_button.setEnabled(not self._busy and state.state is SlotState.BELOW_THRESHOLD)
        self.exception_button.setEnabled(not self._busy and exceptable)
        self.defer_button.setEnabled(not self._busy)
        self.capture_button.setDefault(state.attempts == 0)
        self._show_backdrop_choice(state.slot)

    def _update_finger_map(self, view: EnrollmentView) -> None:
        states: dict[str, str] = {}
        for state in self._slots_of(view, Step.FINGERS):
            for part in state.slot.parts:
                if f"finger:{part}" in state.excepted_parts:
                    states[part] = FingerMap.EXCEPTED
                elif state.state in {SlotState.OK, SlotState.FORCED}:
                    states[part] = FingerMap.CAPTURED
                elif state.state is SlotState.BELOW_THRESHOLD:
                    states[part] = FingerMap.BELOW
        self.finger_map.set_states(states)

    @QtSlot(int)
    def _slot_picked(self, index: int) -> None:
        if self.view is None or index < 0:
            return
        name = self.slot_picker.itemData(index)
        state = next((s for s in self.view.progress.slots if s.slot.name == name), None)
        if state is None or (self.slot is not None and self.slot.name == name):
            return
        self.slot = state.slot
        self._show_slot_state(state)
        self.meter.reset(self.policy.threshold(state.slot.modality))
        self.start_preview()

    # --- the live preview ----------------------------------------------------------

    def _analyzer(self, slot: Slot) -> Callable[[NDArray[np.uint8]], QualityReport] | None:
        birth_year = self.view.birth_year if self.view is not None else None
        slap = len(slot.parts) > 1 and slot.modality is QualityModality.FINGER
        return assess.live_judge(slot.modality, self.policy, birth_year, whole_hand=slap)

    def _frames(self, device: ImageDevice, slot: Slot) -> Callable[[CancelToken], Iterator[Frame]]:
        backdrop = None
        if slot.modality is QualityModality.FACE and "backdrop" in device.simulation_controls():
            birth_year = self.view.birth_year if self.view is not None else None
            backdrop = capture.training_backdrop(birth_year, self._chosen_backdrop())

        kind = _KIND[slot.modality]

        def frames(cancel: CancelToken) -> Iterator[Frame]:
            with converted(kind):  # a device gone mid-preview is said in words
                if backdrop is not None:  # on the worker: a training camera reopens its clip
                    device.set_simulation("backdrop", backdrop)
                yield from device.stream(cancel, position=slot.position)

        return frames

    def _chosen_backdrop(self) -> str | None:
        value = self.backdrop_choice.currentData()
        return str(value) if value else None

    def _show_backdrop_choice(self, slot: Slot) -> None:
        """The trainer's backdrop picker, only on the face step of a simulated camera."""
        offered = False
        if slot.modality is QualityModality.FACE and self.devices is not None:
            try:
                device = self.devices.device_for(slot)
            except KnownError:
                device = None
            offered = device is not None and "backdrop" in device.simulation_controls()
        self.backdrop_box.setVisible(offered)

    def start_preview(self) -> None:
        self.stop_preview()
        if self.slot is None or self.devices is None or not self.isVisible():
            return
        try:
            device = self.devices.device_for(self.slot)
        except KnownError as error:
            self.preview_view.show_message("⚠ " + explain(error))
            return
        worker = PreviewWorker(self._frames(device, self.slot), self._analyzer(self.slot), self)
        worker.frame_ready.connect(self._on_frame)
        worker.failed.connect(self._on_preview_failed)
        self.preview = worker
        self.preview_view.show_message(self.tr("Starting the preview…"))
        worker.start()

    def stop_preview(self) -> None:
        worker, self.preview = self.preview, None
        if worker is not None:
            worker.frame_ready.disconnect(self._on_frame)
            worker.stop()
            worker.deleteLater()

    @QtSlot(QImage, object, int)
    def _on_frame(self, image: QImage, report: object, _sequence: int) -> None:
        worker = self.preview
        if worker is None or self.sender() is not worker:
            return
        self.preview_view.show_image(image)
        if report is not None and not self._busy:
            indonesian = i18n.active_language() == "id"
            live: QualityReport = report  # type: ignore[assignment]
            words = live.instruction.id if indonesian else live.instruction.en
            self.meter.show_report(live, words)
        worker.frame_shown()

    @QtSlot(str)
    def _on_preview_failed(self, message: str) -> None:
        self.preview_view.show_message(
            "⚠ " + self.tr("The preview stopped: %1").replace("%1", message)
        )

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)  # type: ignore[arg-type]
        if self.screens.currentWidget() is self.capture_screen and self.preview is None:
            self.start_preview()

    def hideEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        self.stop_preview()
        super().hideEvent(event)  # type: ignore[arg-type]

    # --- capturing -----------------------------------------------------------------

    def _start(self, work: Callable[[], object], done: Callable[[object], None]) -> None:
        def finished(result: object) -> None:
            self._tasks = [t for t in self._tasks if t is not task]
            done(result)

        def broke(error: object) -> None:
            self._tasks = [t for t in self._tasks if t is not task]
            self._set_busy(busy=False)
            self.consent_photo_button.setEnabled(True)
            self.status.error(explain_any(error))
            self.failed.emit(explain_any(error))
            if self.screens.currentWidget() is self.capture_screen:
                self.result_label.error(explain_any(error))  # where the officer is looking
                self.start_preview()

        task = workers.start(work, finished, broke)
        self._tasks.append(task)

    def _set_busy(self, *, busy: bool) -> None:
        self._busy = busy
        for button in (
            self.capture_button,
            self.retry_button,
            self.force_button,
            self.defer_button,
            self.exception_button,
            self.finish_button,
        ):
            if busy:
                button.setEnabled(False)
        for button in self.step_buttons.values():
            button.setEnabled(not busy)
        if not busy and self.view is not None and self.slot is not None:
            state = next((s for s in self.view.progress.slots if s.slot == self.slot), None)
            if state is not None:
                self._show_slot_state(state)

    def capture_now(self) -> None:
        if self.view is None or self.slot is None or self._busy:
            return
        try:
            device = self.devices.device_for(self.slot) if self.devices else None
        except KnownError as error:
            self.status.error(explain(error))
            return
        if device is None:
            self.status.error(self.tr("No device for this step."))
            return
        slot, draft = self.slot, self.view.id
        if slot.modality in {QualityModality.FINGER, QualityModality.IRIS}:
            self.stop_preview()  # the scanner does one thing at a time
        self._set_busy(busy=True)
        self.result_label.info(self.tr("Capturing… follow the instruction."))
        self._start(
            lambda: capture.capture(self.workspace, draft, slot.name, device), self._captured
        )

    def _captured(self, result: object) -> None:
        assert isinstance(result, capture.CaptureOutcome)  # noqa: S101 - the worker's result
        self._busy = False
        self.meter.show_score(result.score, passed=result.passed)
        score = "-" if result.score is None else f"{result.score:.0f}"
        text = (
            self.tr("Attempt %1: score %2.").replace("%1", str(result.attempt)).replace("%2", score)
        )
        if result.kept:
            text += " " + self.tr("Kept as the best.")
        if result.passed:
            self.result_label.ok(text)
            # The next slot clears that line; the page's own line keeps the news.
            self.status.ok(f"{self._slot_label(result.slot)}: {text}")
        else:
            indonesian = i18n.active_language() == "id"
            why = "; ".join(r.id if indonesian else r.en for r in result.reasons)
            self.result_label.error(
                text
                + (f" {why}." if why else "")
                + " "
                + self.tr("%n attempt(s) left.").replace("%n", str(result.attempts_left))
            )
        view = flow.get_enrollment(self.workspace, self.view.id)  # type: ignore[union-attr]
        step = view.progress.current
        if view.progress.step_done(step):
            view = flow.go_to(self.workspace, view.id, view.progress.next_step(step))
        self._set_busy(busy=False)
        self.show_view(view)
        if self.preview is None and self.screens.currentWidget() is self.capture_screen:
            self.start_preview()
        self.capture_done.emit(result)

    def force(self) -> None:
        if self.slot is None:
            return
        dialog = ForceDialog(self.slot.modality, self)
        dialog.accepted.connect(lambda: self._forced(dialog))
        dialog.open()
        self.force_dialog = dialog

    def _forced(self, dialog: ForceDialog) -> None:
        if self.view is None or self.slot is None:
            return
        try:
            capture.force_accept(self.workspace, self.view.id, self.slot.name, dialog.reason())
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.status.ok(self.tr("Kept with a reason; flagged for the ketua tim."))
        self._advance()

    def _advance(self) -> None:
        if self.view is None:
            return
        view = flow.get_enrollment(self.workspace, self.view.id)
        step = view.progress.current
        if view.progress.step_done(step):
            view = flow.go_to(self.workspace, view.id, view.progress.next_step(step))
        self.show_view(view)

    def _exception_parts(self) -> list[tuple[str, str]]:
        if self.view is None:
            return []
        step = self.view.progress.current
        taken = {p for s in self.view.progress.slots for p in s.excepted_parts}
        parts = []
        for part in all_exception_parts():
            if part in taken:
                continue
            if (part.startswith("finger:") and step is Step.FINGERS) or (
                part.startswith("eye:") and step is Step.IRIS
            ):
                parts.append((part, self._part_words(part)))
        return parts

    def _thumbnail_caption(self, part: str) -> str:
        """A kept image's part (``face``, ``7``, ``left``, ``signature``) in words."""
        if part.isdigit():
            return self._part_words(f"finger:{part}")
        if part in {"left", "right"}:
            return self._part_words(f"eye:{part}")
        return {"face": self.tr("Face"), "signature": self.tr("Signature")}.get(part, part)

    def _part_words(self, part: str) -> str:
        """``finger:9`` or ``eye:left`` as the officer reads it."""
        if part.startswith("finger:"):
            code = int(part.split(":")[1])
            return f"{code}: {FingerPosition(code).id}"
        return self.tr("Right eye") if part == "eye:right" else self.tr("Left eye")

    def open_exception_dialog(self) -> ExceptionDialog | None:
        if self.view is None:
            return None
        dialog = ExceptionDialog(self._exception_parts(), self.photo_function(), self)
        dialog.accepted.connect(lambda: self._record_exception(dialog))
        self.exception_dialog = dialog
        dialog.open()
        return dialog

    def _record_exception(self, dialog: ExceptionDialog) -> None:
        if self.view is None:
            return
        part, reason, permanence, words = dialog.values()
        try:
            info = exceptions.record_exception(
                self.workspace, self.view.id, part, reason, permanence, dialog.photo, text=words
            )
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.status.ok(self.tr("Exception recorded with its proof photo; flagged for review."))
        self._advance()
        self.exception_recorded.emit(info)

    def use_thumbprint(self) -> None:
        if self.view is None:
            return
        draft, reason = self.view.id, self.thumb_reason.text()
        self.slot = None
        self._run(
            lambda: capture.set_signature_mode(
                self.workspace, draft, SignatureMode.THUMBPRINT, reason
            )
        )

    # --- review and finish ---------------------------------------------------------

    def _show_review(self, view: EnrollmentView) -> None:
        slots = view.progress.slots
        reasons = exception_reason_words()
        why = {
            e.part: reasons[e.reason] for e in exceptions.list_exceptions(self.workspace, view.id)
        }
        self.review_table.setRowCount(len(slots))
        for n, state in enumerate(slots):
            score = "" if state.best_score is None else f"{state.best_score:.0f}"
            cells = [
                self._slot_words(state).split(" · ")[0],
                self._state_words[state.state] + (" ⚑" if state.flagged else ""),
                str(state.attempts),
                score,
                "; ".join(
                    f"{self._part_words(part)} ({why.get(part, '?')})"
                    for part in state.excepted_parts
                ),
            ]
            for column, value in enumerate(cells):
                self.review_table.setItem(n, column, QTableWidgetItem(value))
        missing = self._missing_words(view.progress)
        if missing:
            self.review_missing.setText(
                "✖ " + self.tr("Still missing:") + "\n• " + "\n• ".join(missing)
            )
            self.review_missing.setStyleSheet("color: #b00020; font-weight: bold;")
        else:
            self.review_missing.setText("✔ " + self.tr("Everything is captured or excepted."))
            self.review_missing.setStyleSheet("color: #1b7f3b; font-weight: bold;")
        self.finish_button.setEnabled(not missing and not self._busy)
        draft = view.id
        self._start(lambda: _thumbnails(self.workspace, draft), self._show_thumbnails)

    def _show_thumbnails(self, result: object) -> None:
        while self.thumbs_layout.count():
            item = self.thumbs_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        thumbs: list[tuple[str, str, QImage]] = result  # type: ignore[assignment]
        for _slot, part, image in thumbs:
            cell = QLabel()
            cell.setPixmap(QPixmap.fromImage(image))
            caption = self._thumbnail_caption(part)
            cell.setToolTip(caption)
            box = QVBoxLayout()
            box.addWidget(cell)
            box.addWidget(QLabel(caption))
            holder = QWidget()
            holder.setLayout(box)
            self.thumbs_layout.addWidget(holder)
        self.thumbs_layout.addStretch(1)
        self.thumbnails_ready.emit(len(thumbs))

    def finish(self) -> None:
        if self.view is None or self._busy:
            return
        draft = self.view.id
        self._set_busy(busy=True)
        self.status.info(self.tr("Sealing the record…"))
        self._start(lambda: finish.finish_enrollment(self.workspace, draft), self._finished)

    def _finished(self, result: object) -> None:
        assert isinstance(result, finish.FinishedRecord)  # noqa: S101 - the worker's result
        self._set_busy(busy=False)
        flags = len(result.review_flags)
        self.show_start()
        self.status.ok(
            self.tr("Record %1 sealed (%2 flag(s) for the ketua tim); its plaintext is erased.")
            .replace("%1", result.record_id[:8])
            .replace("%2", str(flags))
        )
        self.finished.emit(result)
        receipt_dialog.offer_receipt(self, self.workspace, result.record_id)

    def shutdown(self) -> None:
        self.stop_preview()
