"""Perekaman: pick a person, record consent, then face, fingers, irises, signature, review, seal.

The page holds one draft and the step bar; each step is its own widget (``start``,
``consent``, ``capture_step``, ``review``) over the core's step model, which decides
what comes next (a capture's outcome carries the next step's view; ``flow.advance``
after a kept attempt or an exception).  Every button calls one ``fieldkit.enrollment``
function; device I/O, quality analysis and sealing run off the GUI thread.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtCore import Slot as QtSlot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit import finish
from fieldkit.enrollment import flow, screen
from fieldkit.enrollment.machine import Step
from fieldkit.errors import KnownError
from fieldkit.events import (
    OutcomesChanged,
    RecordSealed,
    RulesChanged,
    TargetsChanged,
    VisitsChanged,
)
from ui import receipt_dialog, workers
from ui.common import StatusLine, VisitPicker, size_to_current
from ui.design import mark_banner
from ui.enrollment.capture_step import CaptureStep
from ui.enrollment.consent import ConsentScreen
from ui.enrollment.header import PersonHeader
from ui.enrollment.review import ReviewStep
from ui.enrollment.start import DRAFTS_TAB, StartScreen
from ui.enrollment.words import EnrollmentWords
from ui.freeze_catalogue import reason_text
from ui.messages import explain, explain_any
from ui.unsaved import mark_saved

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from fieldkit.enrollment.drafts import EnrollmentView
    from fieldkit.workspace import Workspace
    from ui.bridge import EventBridge
    from ui.enrollment.devices import DeviceProvider

log = logging.getLogger(__name__)


class EnrollmentPage(QWidget):
    """The officer's screen for one person at a time, one step at a time."""

    #: The draft's current step after every change (a ``Step`` value).
    step_shown = Signal(str)
    finished = Signal(object)
    failed = Signal(str)
    #: The officer asked to go to Sinkronisasi (to enroll this laptop).
    sync_requested = Signal()

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
        self.words = EnrollmentWords()
        self._tasks: list[workers.Task] = []
        self._busy = False
        #: The draft and step on screen: leaving them clears the status line.
        self._shown: tuple[str, Step] | None = None
        self._visit_days: dict[tuple[str, dt.date], screen.VisitDay] = {}
        self.visit = VisitPicker(workspace)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        mark_banner(self.banner, "danger")
        self.banner.hide()
        self.status = StatusLine()
        self.start_screen = StartScreen(self)
        self.consent_screen = ConsentScreen(self)
        self.capture_screen = CaptureStep(self)
        self.review_screen = ReviewStep(self)
        self.screens = QStackedWidget()
        for widget in (
            self.start_screen,
            self.consent_screen,
            self.capture_screen,
            self.review_screen,
        ):
            self.screens.addWidget(widget)
        # The page is as tall as the step shown, not the tallest step: the start list fits
        # the window, so its status line does not scroll the page when it speaks (issue 36).
        self.screens.currentChanged.connect(lambda _index: size_to_current(self.screens))
        size_to_current(self.screens)
        self.visit.currentIndexChanged.connect(self.load_visit)
        self.start_screen.sync_requested.connect(self.sync_requested.emit)
        self.review_screen.sealed.connect(self._sealed)
        # The visit picker while choosing whom to record; while recording, the person's
        # header in its place (the draft's visit is fixed, and its chip names its day).
        self.visit_row = QWidget()
        top = QHBoxLayout(self.visit_row)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel(self.tr("Visit")))
        top.addWidget(self.visit, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.visit_row)
        layout.addWidget(self.banner)
        # The person's whole name and the visit's day, on a row of their own above the
        # step marks: the name wraps rather than being cut to "Demo Sa…" (issue 36).
        self.header = PersonHeader()
        self.nik_label = self.header.nik_label
        layout.addWidget(self.header)
        layout.addLayout(self._step_bar())
        layout.addWidget(self.screens, 1)
        layout.addWidget(self.status)
        back = QAction(self)
        back.setShortcut(QKeySequence("Ctrl+Shift+P"))
        back.triggered.connect(self.show_start)
        self.addAction(back)
        self._show_steps(None)

    # --- what the steps ask of the page (``EnrollmentHost``) -------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    def _recording(self, *, active: bool) -> None:
        """Tell the devices a recording is on screen: a newly chosen backend then waits."""
        recording = getattr(self.devices, "recording", None)
        if callable(recording):
            recording(active=active)

    def hint(self, text: str, key: str) -> str:
        shown = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
        return f"{text} ({shown})"

    def run(self, action: Callable[[], EnrollmentView]) -> bool:
        # A new action: the last one's words ("Pick a person first", "Paused") are stale.
        self.status.clear()
        try:
            view = action()
        except KnownError as error:
            self.status.error(explain(error))
            self.failed.emit(explain(error))
            return False
        self.show_view(view)
        return True

    def start_work(self, work: Callable[[], object], done: Callable[[object], None]) -> None:
        def finished(result: object) -> None:
            self._tasks = [t for t in self._tasks if t is not task]
            done(result)

        def broke(error: object) -> None:
            self._tasks = [t for t in self._tasks if t is not task]
            self.set_busy(busy=False)
            self.consent_screen.work_failed()
            self.status.error(explain_any(error))
            self.failed.emit(explain_any(error))
            if self.screens.currentWidget() is self.capture_screen:
                # Where the officer is looking.
                self.capture_screen.result_label.error(explain_any(error))
                self.capture_screen.start_preview()

        task = workers.start(work, finished, broke)
        self._tasks.append(task)

    def set_busy(self, *, busy: bool) -> None:
        self._busy = busy
        for button in self.step_buttons.values():
            button.setEnabled(not busy)
        self.capture_screen.show_busy(busy=busy)
        self.review_screen.show_busy(busy=busy)

    # --- building ----------------------------------------------------------------

    def _step_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.step_buttons: dict[Step, QPushButton] = {}
        for n, step in enumerate(Step, start=1):
            button = QPushButton(f"{n}. {self.words.steps[step]}")
            button.setShortcut(QKeySequence(f"Alt+{n}"))
            button.setToolTip(self.hint(self.words.steps[step], f"Alt+{n}"))
            button.clicked.connect(lambda _checked=False, s=step: self.go_to(s))
            self.step_buttons[step] = button
            bar.addWidget(button)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setShortcut(QKeySequence("Ctrl+P"))
        self.pause_button.setToolTip(
            self.hint(self.tr("Pause: keep the draft for later"), "Ctrl+P")
        )
        self.pause_button.clicked.connect(self.pause)
        bar.addWidget(self.pause_button)
        return bar

    # --- the visit -----------------------------------------------------------------

    def follow(self, bridge: EventBridge) -> None:
        """Refresh only what an event changed: the visit list, one visit's people, the rules.

        A draft on screen is never reloaded by someone else's event; the start screen's
        lists are, so the officer returns to them up to date.
        """
        bridge.subscribe(VisitsChanged, self._visits_changed, self)
        bridge.subscribe(TargetsChanged, self._visit_changed, self)
        bridge.subscribe(OutcomesChanged, self._visit_changed, self)
        bridge.subscribe(RecordSealed, lambda _e: self.start_screen.load_visit(), self)
        bridge.subscribe(RulesChanged, self._rules_changed, self)

    def _visits_changed(self, _event: VisitsChanged) -> None:
        self._visit_days.clear()  # a visit moved or was planned for today
        self.visit.reload()

    def _visit_changed(self, event: TargetsChanged | OutcomesChanged) -> None:
        if event.visit_id == self.visit.visit_id():
            self.start_screen.load_visit()

    def _rules_changed(self, _event: RulesChanged) -> None:
        """The freeze banner follows its rule; a draft on screen, the quality policy's.

        The screen keeps no policy of its own: the thresholds and attempts it shows come
        with the draft's view, so a draft on screen is read again to show the new ones.
        """
        self.load_visit()
        if self.view is not None and not self._busy:
            ws, draft = self.workspace, self.view.id
            self.run(lambda: flow.get_enrollment(ws, draft))

    def refresh(self) -> None:
        self.visit.reload()
        self.start_screen.show_enroll_prompt()

    @QtSlot()
    def load_visit(self) -> None:
        frozen = screen.freeze_status(self.workspace)
        if frozen.frozen:
            self.banner.setText(
                "⛔ "
                + self.tr(
                    "New enrollments are blocked until this laptop syncs with the data "
                    "center. Drafts already started can still be finished."
                )
                + "\n"
                + " ".join(reason_text(r) for r in frozen.reasons)
            )
        self.banner.setVisible(frozen.frozen)
        self.start_screen.set_frozen(frozen=frozen.frozen)
        self.start_screen.load_visit()

    # --- the draft's steps -----------------------------------------------------------

    def _show_steps(self, view: EnrollmentView | None) -> None:
        for step, button in self.step_buttons.items():
            button.setVisible(view is not None)
            if view is None:
                continue
            done = view.progress.step_done(step)
            mark = "✔ " if done else "⏸ " if step in view.progress.deferred else ""
            n = list(Step).index(step) + 1
            button.setText(f"{mark}{n}. {self.words.steps[step]}")
            button.setStyleSheet("font-weight: bold;" if step is view.progress.current else "")
        self.pause_button.setVisible(view is not None)
        self.header.setVisible(view is not None)
        self.visit_row.setVisible(view is None)
        if view is None:
            self.header.clear()
            return
        self.header.show_person(
            self.start_screen.target_names.get(view.target_id, ""),
            view.nik_masked,
            self._visit_day(view.visit_id),
        )

    def _visit_day(self, visit_id: str) -> screen.VisitDay | None:
        """The draft's visit day, read once per visit and day: a step shows with no store read.

        Issue 35 keeps the store off the GUI thread between a capture and the next step;
        a visit moved to another day (``VisitsChanged``) or midnight reads it again.
        """
        key = (visit_id, screen.local_today())
        if key not in self._visit_days:
            try:
                self._visit_days[key] = screen.visit_day(self.workspace, visit_id, key[1])
            except KnownError:
                return None  # the visit is gone: the draft still shows whose it is
        return self._visit_days[key]

    def show_start(self) -> None:
        """Back to the list of people; the draft's words leave with it (see :meth:`show_view`)."""
        self.status.clear()
        self._shown = None
        self.view = None
        self._recording(active=False)
        self.start_screen.reset()
        self.capture_screen.reset()
        self._show_steps(None)
        self.screens.setCurrentWidget(self.start_screen)
        self.load_visit()

    def show_view(self, view: EnrollmentView) -> None:
        """Show the draft at its current step.

        Another step (or another draft) starts with an empty status line: a message
        belongs to the action that caused it, and "Pilih dulu orang…" or "Tuliskan
        mengapa…" said under the next step reads as if it were about that step.  This
        holds whoever moved (a button, a capture, an exception), so a caller with news
        of the move ("Persetujuan dicatat", a capture's score) says it after this.
        """
        step = view.progress.current
        if self._shown != (view.id, step):
            self.status.clear()
        self._shown = (view.id, step)
        self._recording(active=True)
        self.view = view
        # What was typed for the draft is in it now (a draft is saved at every step):
        # quitting or another officer need not warn about it (``ui.unsaved``).
        mark_saved(self)
        if view.target_id not in self.start_screen.target_names:  # a person added on the spot
            self.load_visit()
        self._show_steps(view)
        if step is Step.CONSENT:
            self.capture_screen.stop_preview()
            self.consent_screen.show_for(view)
            self.screens.setCurrentWidget(self.consent_screen)
        elif step is Step.REVIEW:
            self.capture_screen.stop_preview()
            self.review_screen.show_draft(view)
            self.screens.setCurrentWidget(self.review_screen)
        else:
            self.screens.setCurrentWidget(self.capture_screen)
            self.capture_screen.show_step(view, step)
        self.step_shown.emit(step.value)

    def go_to(self, step: Step) -> None:
        if self.view is None or self._busy:
            return
        ws, draft = self.workspace, self.view.id
        if step is Step.REVIEW:
            self.run(lambda: finish.review(ws, draft))
        else:
            self.run(lambda: flow.go_to(ws, draft, step))

    def pause(self) -> None:
        if self.view is None:
            return
        try:
            flow.pause_enrollment(self.workspace, self.view.id)
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.show_start()
        self.status.ok(self.tr("Paused. The draft is kept; resume it from the Drafts tab."))
        self.start_screen.tabs.setCurrentIndex(DRAFTS_TAB)

    def open_recording(self) -> str | None:
        """The name of the person whose recording is on screen, or None (quitting names it)."""
        if self.view is None:
            return None
        name = self.start_screen.target_names.get(self.view.target_id, "")
        return name or self.tr("the person on screen")

    def pause_for_lock(self) -> None:
        """The screen locks or changes hands: a draft on screen is paused, its preview stops."""
        if self.view is not None and not self._busy:
            self.pause()
        self.capture_screen.stop_preview()
        self.consent_screen.live.stop()

    def _sealed(self, result: object) -> None:
        assert isinstance(result, finish.FinishedRecord)  # noqa: S101 - the step's signal
        self.show_start()
        self.status.ok(
            self.tr(
                "Record %1 sealed (%n flag(s) for the ketua tim); its plaintext is erased.",
                "",
                len(result.review_flags),
            ).replace("%1", result.record_id[:8])
        )
        self.finished.emit(result)
        # The family's receipt: print, save or show its QR; never blocks the next person.
        receipt_dialog.offer_receipt(self, self.workspace, result.record_id)

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)  # type: ignore[arg-type]
        get_ready = getattr(self.devices, "get_ready", None)
        if callable(get_ready):  # simulators draw while the officer chooses whom to record
            get_ready()
        if (
            self.screens.currentWidget() is self.capture_screen
            and self.capture_screen.preview is None
        ):
            self.capture_screen.start_preview()

    def hideEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        self.capture_screen.stop_preview()
        super().hideEvent(event)  # type: ignore[arg-type]

    def shutdown(self) -> None:
        self.capture_screen.stop_preview()
        self.consent_screen.live.stop()
