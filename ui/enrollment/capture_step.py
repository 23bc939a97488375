"""A capture step (face, fingers, irises, signature): live preview, Rekam, and what to do else.

The preview and the capture are judged by the same core verdict (``assess.live_judge``
for frames, ``capture.capture`` for the kept attempt), so the meter never promises what
the capture refuses; the reasons come in the UI's language.  Device I/O runs off the
GUI thread: the preview on a :class:`~ui.capture_widgets.PreviewWorker`, captures on
the page's worker pool.  The preview outlives its device: when the device (or its SBI
service) goes away and comes back, the stream reconnects by itself while the step is
shown (:func:`fieldkit.live_preview.live_frames`), saying so in place of the picture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtCore import Slot as QtSlot
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.devices import converted
from fieldkit.enrollment import assess, capture, capture_rules, exceptions, flow
from fieldkit.enrollment.cosign import CosignSubject
from fieldkit.enrollment.machine import (
    SignatureMode,
    SlotState,
    Step,
)
from fieldkit.errors import KnownError
from fieldkit.live_preview import RETRY, Reconnecting, RetryPlan
from fieldkit.quality.result import QualityModality
from ui.capture_widgets import FingerMap, PreviewView, PreviewWorker, QualityMeter
from ui.common import StatusLine
from ui.design import mark_primary
from ui.enrollment.auto_capture import AutoCapture
from ui.enrollment.cosign_dialog import offer_cosign
from ui.enrollment.devices import face_camera, still_taker
from ui.enrollment.dialogs import ExceptionDialog, ForceDialog
from ui.enrollment.eye_states import EyeStates
from ui.enrollment.preview_feed import backdrop_hanger, reconnecting_words, slot_frames
from ui.messages import explain
from ui.quality_catalogue import instruction_text

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np
    from numpy.typing import NDArray

    from drivers.base import ImageDevice
    from fieldkit.enrollment.drafts import EnrollmentView
    from fieldkit.enrollment.machine import Slot, SlotProgress
    from fieldkit.quality.result import QualityReport
    from ui.enrollment.host import EnrollmentHost


class CaptureStep(QWidget):
    """One capture step of the draft on screen; which step is set by :meth:`show_step`."""

    capture_done = Signal(object)
    exception_recorded = Signal(object)
    #: A one-eye iris camera is about to take this eye ("right", "left"); from the worker.
    shot_next = Signal(str)

    def __init__(self, host: EnrollmentHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.slot: Slot | None = None
        #: The slot on screen as the core last returned it (its threshold, its attempts).
        self.slot_state: SlotProgress | None = None
        self.preview: PreviewWorker | None = None
        #: How long a preview whose device went away waits for it (tests shorten it).
        self.reconnect_plan: RetryPlan = RETRY
        #: The threshold the running preview judges by: a new one restarts it.
        self._judged_at: float | None = None
        self.exception_dialog: ExceptionDialog | None = None
        self.force_dialog: ForceDialog | None = None
        self.preview_view = PreviewView()
        self.step_title = QLabel()
        self.step_title.setProperty("stepTitle", "true")  # the theme's step title size
        self.slot_picker = QComboBox()
        self.slot_picker.currentIndexChanged.connect(self._slot_picked)
        self.meter = QualityMeter()
        self.attempts_label = QLabel()
        self.auto = AutoCapture(self, self.shot_next.emit, parent=self)
        self.result_label = StatusLine()
        self.finger_map = FingerMap()
        self.eyes = EyeStates(host.words)
        self.backdrop_box = self._backdrop_picker()
        side = QVBoxLayout()
        side.addWidget(self.step_title)
        # One row for what only some steps show (which fingers, the training backdrop), kept
        # when empty: the capture button stays where the hand expects it on every step.
        options = QWidget()
        options_layout = QVBoxLayout(options)
        options_layout.setContentsMargins(0, 0, 0, 0)
        options_layout.addWidget(self.slot_picker)
        options_layout.addWidget(self.backdrop_box)
        options.setMinimumHeight(
            max(self.slot_picker.sizeHint().height(), self.backdrop_box.sizeHint().height())
        )
        side.addWidget(options)
        side.addWidget(self.meter)
        side.addLayout(self.auto.row(self.attempts_label))
        side.addLayout(self._buttons())
        side.addWidget(self._thumbprint_row())
        side.addWidget(self.finger_map)
        side.addWidget(self.eyes)
        side.addWidget(self.result_label)
        side.addStretch(1)
        panel = QWidget()
        panel.setLayout(side)
        panel.setMinimumWidth(440)  # the preview gives way first on a 1280 px screen
        panel.setMaximumWidth(560)
        layout = QHBoxLayout(self)
        layout.addWidget(self.preview_view, 1)
        layout.addWidget(panel)
        self.shot_next.connect(self._show_next_shot)

    # --- building ----------------------------------------------------------------

    def _buttons(self) -> QGridLayout:
        self.capture_button = QPushButton(self.tr("Capture"))
        mark_primary(self.capture_button)
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
            button.setShortcut(QKeySequence(key))
            button.setToolTip(self.host.hint(words, key))
            # Tall enough to hit; 40 pushed the status line below a 720-pixel screen.
            button.setMinimumHeight(34)
            button.clicked.connect(handler)
            grid.addWidget(button, n // 2, n % 2)
        return grid

    def _thumbprint_row(self) -> QWidget:
        self.thumb_reason = QLineEdit()
        self.thumb_reason.setPlaceholderText(self.tr("why the person cannot sign"))
        self.thumb_button = QPushButton(self.tr("Use a thumbprint instead"))
        self.thumb_button.clicked.connect(self.use_thumbprint)
        row = QHBoxLayout()
        row.addWidget(self.thumb_reason, 1)
        row.addWidget(self.thumb_button)
        self.thumb_box = QWidget()
        self.thumb_box.setLayout(row)
        return self.thumb_box

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

    # --- showing -------------------------------------------------------------------

    def reset(self) -> None:
        """A new person: no slot, no reason or backdrop of the last one."""
        self.stop_preview()
        self.slot = None
        self.slot_state = None
        self.auto.new_person()
        self.thumb_reason.clear()
        self.backdrop_choice.setCurrentIndex(0)
        self.result_label.clear()

    def show_step(self, view: EnrollmentView, step: Step) -> None:
        states = [s for s in view.progress.slots if s.slot.step is step]
        previous = self.slot.name if self.slot is not None else None
        pick = next((s for s in states if s.slot.name == previous and not s.resolved), None)
        pick = pick or next((s for s in states if not s.resolved), states[0])
        self.slot_picker.blockSignals(True)  # noqa: FBT003 - Qt's API
        self.slot_picker.clear()
        for state in states:
            self.slot_picker.addItem(self.host.words.slot_state(state), state.slot.name)
        self.slot_picker.setCurrentIndex(self.slot_picker.findData(pick.slot.name))
        self.slot_picker.blockSignals(False)  # noqa: FBT003
        self.slot_picker.setVisible(len(states) > 1)
        self.step_title.setText(self.host.words.steps[step])
        self.finger_map.setVisible(step is Step.FINGERS)
        self.eyes.setVisible(step is Step.IRIS)
        self.thumb_box.setVisible(
            step is Step.SIGNATURE and view.signature_mode is SignatureMode.SIGNATURE
        )
        self._update_finger_map(view)
        if step is Step.IRIS:
            self._update_eyes(view)
        changed = self.slot is None or self.slot.name != pick.slot.name
        self.slot = pick.slot
        self.show_slot_state(pick)
        if changed:
            self.result_label.clear()  # the last slot's "score 0" does not belong here
        self.auto.follow(view, pick)
        if changed or self.preview is None or self._judged_at != pick.threshold:
            self.meter.show_slot(pick)  # its best score so far, not "no score yet" (issue 47)
            self.start_preview()

    def show_slot_state(self, state: SlotProgress) -> None:
        """The slot's attempts and buttons, from its progress alone (it carries the policy's)."""
        self.slot_state = state
        self.attempts_label.setText(
            self.tr("Attempt %1 of %2 · %3")
            .replace("%1", str(state.attempts))
            .replace("%2", str(state.max_attempts))
            .replace("%3", self.host.words.states[state.state])
        )
        busy = self.host.busy
        self.capture_button.setEnabled(not busy and capture_rules.may_capture(state))
        self.retry_button.setEnabled(not busy and capture_rules.may_retry(state))
        self.force_button.setEnabled(not busy and capture_rules.may_force(state))
        self.exception_button.setEnabled(not busy and capture_rules.may_except(state))
        self.defer_button.setEnabled(not busy)
        self.capture_button.setDefault(capture_rules.may_capture(state))
        self._show_backdrop_choice(state.slot)

    def show_busy(self, *, busy: bool) -> None:
        if busy:
            for button in (
                self.capture_button,
                self.retry_button,
                self.force_button,
                self.defer_button,
                self.exception_button,
            ):
                button.setEnabled(False)
            return
        view = self.host.view
        if view is not None and self.slot is not None:
            state = next((s for s in view.progress.slots if s.slot == self.slot), None)
            if state is not None:
                self.show_slot_state(state)

    def _update_finger_map(self, view: EnrollmentView) -> None:
        states: dict[str, str] = {}
        for state in view.progress.slots:
            if state.slot.step is not Step.FINGERS:
                continue
            for part in state.slot.parts:
                if f"finger:{part}" in state.excepted_parts:
                    states[part] = FingerMap.EXCEPTED
                elif state.state in {SlotState.OK, SlotState.FORCED}:
                    states[part] = FingerMap.CAPTURED
                elif state.state is SlotState.BELOW_THRESHOLD:
                    states[part] = FingerMap.BELOW
        self.finger_map.set_states(states)

    def _update_eyes(self, view: EnrollmentView) -> None:
        state = next((s for s in view.progress.slots if s.slot.step is Step.IRIS), None)
        if state is None:
            return
        reasons: dict[str, str] = {}
        if state.excepted_parts:  # only then worth a look in the store
            reasons = {
                e.part: self.host.words.exception_reasons[e.reason]
                for e in exceptions.list_exceptions(self.host.workspace, view.id)
            }
        self.eyes.show_eyes(state, reasons)

    @QtSlot(int)
    def _slot_picked(self, index: int) -> None:
        view = self.host.view
        if view is None or index < 0:
            return
        name = self.slot_picker.itemData(index)
        state = next((s for s in view.progress.slots if s.slot.name == name), None)
        if state is None or (self.slot is not None and self.slot.name == name):
            return
        self.slot = state.slot
        self.show_slot_state(state)
        self.auto.follow(view, state)
        self.meter.show_slot(state)
        self.start_preview()

    # --- the live preview ----------------------------------------------------------

    def _birth_year(self) -> int | None:
        return self.host.view.birth_year if self.host.view is not None else None

    def _analyzer(
        self, state: SlotProgress, device: ImageDevice
    ) -> Callable[[NDArray[np.uint8]], QualityReport] | None:
        slot = state.slot
        several = len(slot.parts) > 1 and (
            slot.modality is QualityModality.FINGER
            or capture.shots_for(slot, device, slot.parts) == ("",)  # both eyes in one frame
        )
        return assess.live_judge(
            slot.modality, state.threshold, self._birth_year(), several_in_frame=several
        )

    def _backdrop_hanger(self, slot: Slot) -> Callable[[ImageDevice], None]:
        """The training cloth to hang on the slot's camera (read here, on the GUI thread)."""
        chosen = self.backdrop_choice.currentData()
        return backdrop_hanger(slot, self._birth_year(), str(chosen) if chosen else None)

    def _show_backdrop_choice(self, slot: Slot) -> None:
        """The trainer's backdrop picker, only on the face step of a simulated camera."""
        offered = False
        if slot.modality is QualityModality.FACE and self.host.devices is not None:
            try:
                device = self.host.devices.device_for(slot)
            except KnownError:
                device = None
            offered = device is not None and "backdrop" in device.simulation_controls()
        self.backdrop_box.setVisible(offered)

    def start_preview(self) -> None:
        if self.auto.waiting_here():  # the device is taking this slot by itself already
            return
        self.stop_preview()
        devices, state = self.host.devices, self.slot_state
        if self.slot is None or state is None or devices is None or not self.isVisible():
            return
        try:
            device = devices.device_for(self.slot)
        except KnownError as error:
            self.preview_view.show_message("⚠ " + explain(error))
            return
        analyzer = self._analyzer(state, device)
        self._judged_at = state.threshold
        if analyzer is None and self.auto.start_device():
            return  # a scanner does one thing at a time: it waits for the finger, no preview
        hang = self._backdrop_hanger(self.slot)
        frames = slot_frames(self.host.devices, self.slot, hang, self.reconnect_plan)
        worker = PreviewWorker(frames, analyzer, self)
        worker.frame_ready.connect(self._on_frame)
        worker.failed.connect(self._on_preview_failed)
        worker.reconnecting.connect(self._on_reconnecting)
        self.preview = worker
        self.preview_view.show_message(self.tr("Starting the preview…"))
        worker.start()

    def stop_preview(self) -> None:
        self.auto.cancel()
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
        if report is not None and not self.host.busy:
            live: QualityReport = report  # type: ignore[assignment]
            self.meter.show_report(live)
            self.auto.heard(live)
        worker.frame_shown()

    @QtSlot(object)
    def _on_reconnecting(self, notice: object) -> None:
        """The device went away: say so where the picture was; the next frame clears it."""
        if self.preview is None or self.sender() is not self.preview:
            return
        assert isinstance(notice, Reconnecting)  # noqa: S101 - the worker's signal
        self.auto.spell.interrupted()  # a steady spell is steady from the first frame back
        if self.slot_state is not None:  # no live verdict of a frame no longer shown
            self.meter.show_slot(self.slot_state)
        self.preview_view.show_message(reconnecting_words(notice))

    @QtSlot(str)
    def _on_preview_failed(self, message: str) -> None:
        self.auto.spell.stop()  # the device went away: no auto-capture until the next slot
        self.preview_view.show_message(
            "⚠ " + self.tr("The preview stopped: %1").replace("%1", message)
        )

    # --- acting --------------------------------------------------------------------

    def capture_now(self) -> None:
        view = self.host.view
        if view is None or self.slot is None or self.host.busy:
            return
        if self.auto.take_over():  # the device waiting by itself takes it: Rekam joins it
            return
        try:
            device = self.host.devices.device_for(self.slot) if self.host.devices else None
        except KnownError as error:
            self.host.status.error(explain(error))
            return
        if device is None:
            self.host.status.error(self.tr("No device for this step."))
            return
        ws, slot, draft = self.host.workspace, self.slot, view.id
        self.host.status.clear()  # a new action: "Tuliskan mengapa…" was about the last one
        if slot.modality in {QualityModality.FINGER, QualityModality.IRIS}:
            self.stop_preview()  # the scanner does one thing at a time
        self.host.set_busy(busy=True)
        self.result_label.info(self.tr("Capturing… follow the instruction."))
        hang_backdrop, kind = self._backdrop_hanger(slot), capture_rules.device_kind(slot)

        def take() -> capture.CaptureOutcome:
            with converted(kind):
                hang_backdrop(device)
            return capture.capture(ws, draft, slot.name, device, on_shot=self.shot_next.emit)

        self.host.start_work(take, self._captured)

    def _show_next_shot(self, part: str) -> None:
        """Guide the officer holding a one-eye camera: which eye it takes now."""
        if part == "right":
            self.result_label.info(self.tr("Hold the camera to the RIGHT eye…"))
        elif part == "left":
            self.result_label.info(self.tr("Now hold the camera to the LEFT eye…"))

    def _captured(self, result: object) -> None:
        assert isinstance(result, capture.CaptureOutcome)  # noqa: S101 - the worker's result
        score = "-" if result.score is None else f"{result.score:.0f}"
        text = (
            self.tr("Attempt %1: score %2.").replace("%1", str(result.attempt)).replace("%2", score)
        )
        if result.kept:
            text += " " + self.tr("Kept as the best.")
        if result.passed:
            self.result_label.ok(text)
        elif result.attempts_left == 0:  # no "press harder" for an attempt there is none of
            self.result_label.error(text + " " + self.meter.spent_words())
        else:
            why = "; ".join(instruction_text(r) for r in result.reasons)
            self.result_label.error(
                text
                + (f" {why}." if why else "")
                + " "
                + self.tr("%n attempt(s) left.", "", result.attempts_left)
            )
        news = f"{self._slot_words(result.slot)}: {text}"
        self.host.set_busy(busy=False)
        # The core moved the draft on in the transaction that kept the attempt: shown as is.
        if _stays(result):
            # Only on the slot's own meter: put there before a move, the thumbs' "59 / 40"
            # showed on the iris step until its own state replaced it (issue 59 §6).
            self.meter.show_score(result.score, passed=result.passed)
        self.host.show_view(result.view)
        if result.passed:
            # The next slot clears the step's own line; the page's line keeps the news, said
            # after the move (which clears that line of the step left).
            self.host.status.ok(news)
        if self.preview is None and self.isVisible():
            self.start_preview()
        self.capture_done.emit(result)

    def _slot_words(self, slot_name: str) -> str:
        states = self.host.view.progress.slots if self.host.view is not None else ()
        slot = next((s.slot for s in states if s.slot.name == slot_name), None)
        return self.host.words.slot(slot) if slot is not None else slot_name

    def defer(self) -> None:
        view = self.host.view
        if view is None or self.host.busy:
            return
        ws, draft, step = self.host.workspace, view.id, view.progress.current
        self.stop_preview()
        if self.host.run(lambda: flow.defer_step(ws, draft, step)):
            self.host.status.ok(self.tr("Step deferred: it stays on the list of what is missing."))

    def force(self) -> None:
        if self.slot is None:
            return
        dialog = ForceDialog(self.slot.modality, self)
        dialog.accepted.connect(lambda: self._forced(dialog))
        dialog.open()
        self.force_dialog = dialog

    def _forced(self, dialog: ForceDialog) -> None:
        view = self.host.view
        if view is None or self.slot is None:
            return
        ws, slot_name = self.host.workspace, self.slot.name
        try:
            capture.force_accept(ws, view.id, slot_name, dialog.reason())
        except KnownError as error:
            self.host.status.error(explain(error))
            return
        self.host.show_view(flow.advance(ws, view.id))
        self.host.status.ok(self.tr("Kept with a reason; flagged for the ketua tim."))
        offer_cosign(self, self.host, view.id, [CosignSubject.forced(slot_name)])

    def _exception_parts(self) -> list[tuple[str, str]]:
        view = self.host.view
        if view is None:
            return []
        offered = capture_rules.exception_parts_offered(view.progress.current, view.progress.slots)
        return [(part, self.host.words.part(part)) for part in offered]

    def open_exception_dialog(self) -> ExceptionDialog | None:
        if self.host.view is None:
            return None
        self.auto.pause()  # an exception changes what the device is asked for
        devices = self.host.devices
        dialog = ExceptionDialog(
            self._exception_parts(), still_taker(devices), self, camera=face_camera(devices)
        )
        if self.slot is not None:
            dialog.preselect(self.slot.exception_parts())
        dialog.accepted.connect(lambda: self._record_exception(dialog))
        self.exception_dialog = dialog
        dialog.open()
        return dialog

    def _record_exception(self, dialog: ExceptionDialog) -> None:
        view = self.host.view
        if view is None:
            return
        ws = self.host.workspace
        parts, reason, permanence, words = dialog.values()
        recorded = []
        refused: str | None = None
        for part in parts:  # both eyes: one exception each, with the same proof photo
            try:
                recorded.append(
                    exceptions.record_exception(
                        ws, view.id, part, reason, permanence, dialog.photo, text=words
                    )
                )
            except KnownError as error:
                refused = explain(error)
                break
        if recorded:
            self.host.show_view(flow.advance(ws, view.id))  # first: a move clears the line
        if refused is not None:
            self.host.status.error(refused)
        elif recorded:
            self.host.status.ok(
                self.tr("Exception recorded with its proof photo; flagged for review.")
            )
        for info in recorded:
            self.exception_recorded.emit(info)
        offer_cosign(self, self.host, view.id, [CosignSubject.exception(i.part) for i in recorded])

    def use_thumbprint(self) -> None:
        view = self.host.view
        if view is None:
            return
        ws, draft, reason = self.host.workspace, view.id, self.thumb_reason.text()
        # The slot on screen stays until the thumbprint's slot replaces it: a refusal
        # ("Tuliskan mengapa…") had left none, and Rekam then did nothing at all.
        self.host.run(
            lambda: capture.set_signature_mode(ws, draft, SignatureMode.THUMBPRINT, reason)
        )


def _stays(result: capture.CaptureOutcome) -> bool:
    """Whether the captured slot stays on screen (a retry is offered): the step shows it."""
    view = result.view
    state = next((s for s in view.progress.slots if s.slot.name == result.slot), None)
    return state is not None and not state.resolved and state.slot.step is view.progress.current
