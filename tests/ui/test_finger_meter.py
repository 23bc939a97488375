"""The finger step's meter says what the slot holds, and asks for no attempt it has not (issue 47).

Finding 6: after a finger's capture the meter read "no score yet" beside the line
saying "score 38" (the screen reset it when the preview restarted), and after
"0 attempts left" the instruction still asked to press harder.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fieldkit import demo as sim
from fieldkit.enrollment import autocapture, flow, intake, outcomes, rules
from fieldkit.enrollment.machine import FingerMode, Step
from fieldkit.quality.result import QualityModality
from ui import demo
from ui.bridge import EventBridge
from ui.enrollment.page import EnrollmentPage
from ui.window_fit import TARGET_SIZE

CAPTURE_MS = 60_000


@pytest.fixture
def kit() -> Iterator[sim.SimKit]:
    with sim.SimKit() as devices:
        yield devices


def test_after_the_last_finger_attempt_the_meter_keeps_the_score_and_asks_for_nothing(
    qtbot: QtBot, demo_data: demo.Demo, kit: sim.SimKit, indonesian: None
) -> None:
    del indonesian
    ws = demo_data.workspace
    with ws.transaction() as session:
        autocapture.store_rule(session, on=False)  # the petugas presses Rekam
    # One attempt, at a mark no finger reaches: the first capture is the last.
    rules.change_rules(ws, thresholds={QualityModality.FINGER: 100}, max_attempts=1)
    target = next(iter(outcomes.visit_outcomes(ws, demo_data.visit_id)))
    draft = intake.start_enrollment(
        ws, demo_data.visit_id, target_ref=target, finger_mode=FingerMode.SINGLE
    ).id
    intake.record_consent(ws, draft, intake.ConsentInput(intake.ConsentGiver.PERSON))
    view = flow.get_enrollment(ws, draft)
    sim.hang_backdrop(kit, view.birth_year)
    for state in view.progress.slots:
        if state.slot.step is Step.FACE:
            sim.capture_best(ws, draft, state.slot, kit.device_for(state.slot))

    page = EnrollmentPage(ws, kit)
    qtbot.addWidget(page)
    page.follow(EventBridge(ws.events, page))
    page.resize(TARGET_SIZE)
    page.show()
    qtbot.waitExposed(page)
    page.show_view(flow.get_enrollment(ws, draft))
    screen = page.capture_screen
    assert page.view is not None
    assert page.view.progress.current is Step.FINGERS
    assert screen.meter.bar.text() == "belum ada skor"

    with qtbot.waitSignal(screen.capture_done, timeout=CAPTURE_MS) as done:
        qtbot.mouseClick(screen.capture_button, Qt.MouseButton.LeftButton)
    outcome = done.args[0]
    assert outcome.attempts_left == 0
    assert not outcome.passed
    assert outcome.score is not None
    score = f"{outcome.score:.0f}"
    said = screen.result_label.text()
    assert f"skor {score}" in said
    # The meter beside it: the slot's score, not "no score yet".
    assert screen.meter.bar.text() != "belum ada skor", said
    assert score in screen.meter.bar.text()
    # Nothing asks for another press: the way on is to keep it or record an exception.
    spent = screen.meter.spent_words()
    assert spent in said
    assert screen.meter.instruction.text() == spent
    if screen.preview is not None:  # a live view came back: its frames do not ask either
        shown = screen.preview_view.frames_shown
        qtbot.waitUntil(lambda: screen.preview_view.frames_shown >= shown + 3, timeout=CAPTURE_MS)
    assert screen.meter.instruction.text() == spent
    assert screen.force_button.isEnabled()
    page.shutdown()
