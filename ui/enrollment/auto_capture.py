"""Auto-capture on the capture step: hands-free, and the petugas may still press Rekam.

The rules are the core's (:mod:`fieldkit.enrollment.autocapture`); this is the screen's
half.  Where the preview has a live verdict (the face camera, a one-finger sensor, a
one-eye iris camera) a steady spell of good verdicts takes the capture, as a press of
Rekam would.  Where it has none (an SBI slap scanner or dual-iris camera, whose own
RCAPTURE waits for the requested score; a signature pad, which ends once the pen is
lifted) the device is asked on entering the slot and waits for the person while the
screen stays free.  Either way the still is judged before anything is recorded, a bad
one is not kept, and after three the petugas takes over.  An unplugged device stops it,
said in words; a device that waited in vain is asked again.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout

from drivers.base import CancelToken
from drivers.errors import DeviceReason, DeviceTimeout, DeviceUnavailable
from fieldkit.devices import DeviceError
from fieldkit.enrollment import autocapture, capture, capture_rules
from fieldkit.errors import KnownError
from fieldkit.quality.result import QualityModality
from ui import capture_cue, workers
from ui.design import mark_status
from ui.messages import explain, explain_any

if TYPE_CHECKING:
    from collections.abc import Callable

    from fieldkit.enrollment.drafts import EnrollmentView
    from fieldkit.enrollment.machine import Slot, SlotProgress
    from fieldkit.quality.result import QualityReport
    from ui.capture_widgets import PreviewView
    from ui.common import StatusLine
    from ui.enrollment.host import EnrollmentHost

log = logging.getLogger(__name__)

#: A device still finishing a capture that was called off (an SBI service answers "703,
#: already in progress" until its RCAPTURE ends) is asked again after this long ...
BUSY_RETRY_MS = 500
#: ... this many times, then auto-capture stops and says the device is busy.
BUSY_TRIES = 20


class CaptureScreen(Protocol):
    """What auto-capture uses of the capture step (``ui.enrollment.capture_step``)."""

    host: EnrollmentHost
    slot: Slot | None
    result_label: StatusLine
    preview_view: PreviewView

    def isVisible(self) -> bool: ...  # noqa: N802 - Qt's name

    def start_preview(self) -> None: ...

    def stop_preview(self) -> None: ...

    def _captured(self, result: object) -> None: ...

    def _slot_words(self, slot_name: str) -> str: ...

    def capture_now(self) -> None: ...


@dataclass
class AutoJob:
    """One auto-capture on the worker: which draft and slot it is for, and how to stop it.

    ``by_device``: the device waits for the person by itself (an SBI slap scanner, a pad)
    and the screen stays free meanwhile; else a steady spell fired and the screen is busy
    as for a press of Rekam.
    """

    draft: str
    slot: str
    by_device: bool
    spell_s: float = 0.0
    #: Rekam was pressed while the device waited: a bad still is then taken again by hand.
    by_hand: bool = False
    cancel: CancelToken = field(default_factory=CancelToken)
    started: float = field(default_factory=time.monotonic)


class AutoCapture(QObject):
    """The capture step's auto-capture: its switch, its cue line, its watch and its job."""

    def __init__(
        self, step: CaptureScreen, on_shot: Callable[[str], None], parent: QObject
    ) -> None:
        """``on_shot``: the step's "this eye next" (a one-eye camera), called from the worker."""
        super().__init__(parent)
        self.step = step
        self._on_shot = on_shot
        self.rule = autocapture.current_rule(step.host.workspace)
        self.spell = autocapture.SteadySpell(self.rule)
        self.job: AutoJob | None = None
        self._task: workers.Task | None = None
        self._key: tuple[str, str, frozenset[str]] | None = None
        self._busy_tries = 0
        self.box = QCheckBox(self.tr("Auto-capture"))
        self.box.setToolTip(
            self.tr(
                "Captures by itself once the person holds still; untick it for a restless"
                " person and press Capture instead."
            )
        )
        self.box.setChecked(self.rule.on)
        self.box.toggled.connect(self._toggled)
        self.cue = QLabel()
        mark_status(self.cue, "ok")

    def row(self, attempts: QLabel) -> QVBoxLayout:
        """The attempts line with the switch beside it, and the cue line under them."""
        line = QHBoxLayout()
        line.addWidget(attempts, 1)
        line.addWidget(self.box)
        column = QVBoxLayout()
        column.addLayout(line)
        column.addWidget(self.cue)
        return column

    # --- following the step ----------------------------------------------------------

    def new_person(self) -> None:
        """Each person starts with the office's rule; "off" was for the last one only."""
        self.cancel()
        self.rule = autocapture.current_rule(self.step.host.workspace)
        self._key = None
        self.spell = autocapture.SteadySpell(self.rule)
        self.box.blockSignals(True)  # noqa: FBT003 - Qt's API
        self.box.setChecked(self.rule.on)
        self.box.blockSignals(False)  # noqa: FBT003
        self.cue.clear()

    def follow(self, view: EnrollmentView, state: SlotProgress) -> None:
        """A slot on screen: a new one (or new exceptions) arms the watch afresh.

        Only a slot not captured yet is taken by itself: after an attempt the petugas
        decides (retry, keep with a reason, exception).
        """
        key = (view.id, state.slot.name, frozenset(state.excepted_parts))
        if key == self._key:
            if not capture_rules.may_capture(state):  # Rekam took an attempt meanwhile
                self.spell.stop()
            return
        same_slot = self._key is not None and self._key[:2] == key[:2]
        if not same_slot:
            # "Direkam otomatis: Kedua ibu jari" is about the thumbs: it stayed on the iris
            # and signature steps (issue 59 §6).  The page's line keeps the move's news.
            self.cue.clear()
        self._key = key
        self._busy_tries = 0
        self.cancel()
        if capture_rules.may_capture(state) and not state.resolved:
            self.spell.start(state.slot.name)
        else:
            self.spell.stop()
        if same_slot and self.spell.armed and not self.step.host.busy and self.step.isVisible():
            # New exceptions on the slot on screen: the step keeps its preview, so the
            # device is asked afresh here, for the parts that are left.
            self.step.start_preview()

    def _toggled(self, on: bool) -> None:
        step = self.step
        self.spell.set_on(on=on)
        if not on:
            self.cancel()
            step.result_label.clear()
        elif step.slot is not None and step.host.view is not None:
            state = next((s for s in step.host.view.progress.slots if s.slot == step.slot), None)
            if state is not None and capture_rules.may_capture(state):
                self.spell.start(state.slot.name)
        if not step.host.busy and step.isVisible():
            step.start_preview()  # a scanner waiting by itself gives its preview back, or not

    def pause(self) -> None:
        """The petugas took the step in hand (an exception): none until the slot changes."""
        waited = self.job is not None and self.job.by_device
        self.cancel()
        self.spell.stop()
        if waited and not self.step.host.busy and self.step.isVisible():
            self.step.start_preview()  # the scanner that waited shows its preview again

    def take_over(self) -> bool:
        """Rekam pressed: True if the device already waiting for this slot takes it.

        Calling that capture off would leave an SBI service answering "busy" until its
        own RCAPTURE ends, so Rekam joins it instead (and a pad is told the signer is
        done); if its still is judged bad, Rekam then takes one that is kept anyway.
        Otherwise any auto-capture is called off and Rekam goes its usual way.
        """
        job, step = self.job, self.step
        if job is None or not self.waiting_here() or step.slot is None:
            self.cancel()
            return False
        job.by_hand = True
        device = step.host.devices.device_for(step.slot) if step.host.devices else None
        finish = getattr(device, "finish", None)  # a pen pad's "done" (PenSignaturePad)
        if step.slot.modality is QualityModality.SIGNATURE and callable(finish):
            finish()  # the signer is done: the pad ends the capture now
        step.result_label.info(self.tr("Capturing… follow the instruction."))
        return True

    def cancel(self) -> None:
        job, self.job = self.job, None
        if job is not None:
            job.cancel.cancel()
            if job.by_device:
                self.step.result_label.clear()

    def waiting_here(self) -> bool:
        """Whether a device is waiting for this very slot by itself (nothing to restart)."""
        job, view, slot = self.job, self.step.host.view, self.step.slot
        return (
            job is not None
            and job.by_device
            and view is not None
            and slot is not None
            and (job.draft, job.slot) == (view.id, slot.name)
        )

    def heard(self, live: QualityReport) -> None:
        """One live verdict from the preview; a steady spell met takes the capture."""
        if self.spell.feed(good=live.passed, now=time.monotonic()):
            self._start(by_device=False)

    def start_device(self) -> bool:
        """A device with its own auto-capture takes the slot; True if the preview stays off.

        A slap scanner or a dual-iris camera over SBI is busy while it waits; a signature
        pad mirrors the ink as it collects it, so its preview goes on beside the capture.
        """
        slot = self.step.slot
        if not self.spell.armed or self.step.host.busy or slot is None:
            return False
        self._start(by_device=True)
        if self.job is None or slot.modality is QualityModality.SIGNATURE:
            return False
        if slot.modality is QualityModality.FINGER:
            words = self.tr("Place the fingers on the scanner: it captures by itself.")
        else:
            words = self.tr("Look into the camera: it captures by itself.")
        self.step.preview_view.show_message(words)
        return True

    # --- the capture -------------------------------------------------------------------

    def _start(self, *, by_device: bool) -> None:
        step = self.step
        view, devices, slot = step.host.view, step.host.devices, step.slot
        if view is None or slot is None or devices is None or self.job is not None:
            return
        try:
            device = devices.device_for(slot)
        except KnownError as error:
            self.spell.stop()
            step.result_label.error(explain(error))
            return
        job = AutoJob(view.id, slot.name, by_device, self.spell.last_spell_s)
        if by_device:
            if slot.modality is QualityModality.SIGNATURE:
                step.result_label.info(self.tr("Sign on the pad; lift the pen when done."))
        else:
            if slot.modality in {QualityModality.FINGER, QualityModality.IRIS}:
                step.stop_preview()  # the scanner does one thing at a time
            step.host.set_busy(busy=True)
            step.result_label.info(self.tr("Holding still: capturing…"))
        self.job = job
        ws, shot = step.host.workspace, self._on_shot

        def work() -> object:
            try:
                return autocapture.capture_when_good(
                    ws, job.draft, job.slot, device, cancel=job.cancel, on_shot=shot
                )
            except KnownError as error:  # said on the screen by _done, not a crash
                return error

        self._task = workers.start_waiting(
            work, lambda result: self._done(job, result), self._broke
        )

    def _broke(self, error: object) -> None:
        """A bug on the worker (a known error comes back as a value): said; auto stops."""
        self.job = None
        self.spell.stop()
        self.step.host.set_busy(busy=False)
        self.step.host.status.error(explain_any(error))

    def _done(self, job: AutoJob, result: object) -> None:
        step = self.step
        current = self.job is job
        if current:
            self.job = None
        if not job.by_device:
            step.host.set_busy(busy=False)
        if isinstance(result, capture.CaptureOutcome):
            view = step.host.view
            if not current and (view is None or view.id != job.draft):
                return  # kept in the store; the screen shows another person now
            step._captured(result)  # noqa: SLF001 - the step's own path after a capture
            self._taken(job, result)  # after the move: the cue names a slot still on screen
            return
        if not current or job.cancel.cancelled:
            return  # left, cancelled or Rekam pressed: nothing to say
        if job.by_hand:
            self._by_hand(result)
            return
        if isinstance(result, KnownError):
            self._failed(result)
            return
        # A bad still (a blink, a finger lifted early): nothing recorded, wait again.
        if self.spell.missed():
            step.result_label.info(self.tr("Not steady yet; hold still…"))
        else:
            step.result_label.error(
                self.tr("Auto-capture did not get a good capture: press Capture.")
            )
        if step.isVisible():
            step.start_preview()

    def _by_hand(self, result: object) -> None:
        """Rekam joined the device's capture: a bad still is taken again, and kept."""
        step = self.step
        if isinstance(result, KnownError):
            step.result_label.error(explain(result))
            step.host.status.error(explain(result))
            step.start_preview()
        else:
            step.capture_now()

    def _failed(self, error: KnownError) -> None:
        """Nobody before the device in time: ask again; anything else: stop and say why.

        A device still busy with a capture called off a moment ago is asked again soon.
        """
        step = self.step
        driver = error.driver_error if isinstance(error, DeviceError) else None
        if isinstance(driver, DeviceTimeout) and self.spell.armed:
            if step.isVisible():
                step.start_preview()
            return
        busy = isinstance(driver, DeviceUnavailable) and driver.reason is DeviceReason.BUSY
        if busy and self.spell.armed and self._busy_tries < BUSY_TRIES:
            self._busy_tries += 1
            QTimer.singleShot(BUSY_RETRY_MS, self, self._retry)
            return
        self.spell.stop()
        words = self.tr("Auto-capture stopped: %1").replace("%1", explain(error))
        step.result_label.error(words)
        step.host.status.error(words)
        if step.isVisible():
            step.start_preview()

    def _retry(self) -> None:
        step = self.step
        if self.job is None and self.spell.armed and not step.host.busy and step.isVisible():
            step.start_preview()

    def _taken(self, job: AutoJob, result: capture.CaptureOutcome) -> None:
        """The cue: a capture was taken by itself (seen, heard, told to a screen reader)."""
        words = self.tr("Captured by itself: %1").replace(
            "%1",
            self.step._slot_words(result.slot),  # noqa: SLF001 - the step's words for a slot
        )
        # A check mark, not a camera emoji: a laptop without an emoji font drew a box.
        # Shown while the slot it names is on screen (a capture below the threshold stays
        # for a retry); a capture that moved on is said on the page's line instead.
        on_screen = self.step.slot is not None and self.step.slot.name == result.slot
        self.cue.setText("✔ " + words if on_screen else "")
        capture_cue.taken(self.step.preview_view, words)
        if job.by_device:  # the person's time too: placing the fingers, signing
            waited = time.monotonic() - job.started
            log.info("auto-capture: %s taken by the device itself after %.3f s", job.slot, waited)
        else:
            log.info("auto-capture: %s after a steady spell of %.3f s", job.slot, job.spell_s)
