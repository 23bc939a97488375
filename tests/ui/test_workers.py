"""ui.workers: each kind of slow work on its own pool, so one kind never queues behind another."""

from __future__ import annotations

import gc
import threading
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QLabel

from ui import workers

if TYPE_CHECKING:
    from collections.abc import Callable

    from pytestqt.qtbot import QtBot


def test_devices_waiting_for_a_person_never_hold_up_an_update_check(qtbot: QtBot) -> None:
    """Auto-capture's device waits last as long as the person takes; an update check must not.

    Before the waits had a pool of their own, a few left waiting held every thread of
    the update check's pool, and its answer came when they timed out.
    """
    person_ready = threading.Event()
    waits = [
        workers.start_waiting(lambda: person_ready.wait(30.0), lambda _r: None, lambda _e: None)
        for _ in range(workers.APART_THREADS + 1)
    ]
    try:
        answers: list[object] = []
        # Referenced until it reports, as every caller keeps its task.
        check = workers.start_apart(lambda: "no update offered", answers.append, answers.append)
        qtbot.waitUntil(lambda: bool(answers), timeout=10_000)
        assert answers == ["no update offered"]
        assert check.work() == "no update offered"
        assert not person_ready.is_set()  # the waits were still waiting all along
    finally:
        person_ready.set()
        assert workers.wait_for_all(10_000)
    assert len(waits) == workers.APART_THREADS + 1


def test_answers_reach_the_gui_thread_whoever_lets_go_of_the_task_and_when(
    qtbot: QtBot,
) -> None:
    """A screen lets go of its task in its slot, or never keeps it; a collection runs meanwhile.

    A task used to own the QObject its answer came by, and the pool thread could destroy it
    while the GUI thread delivered the answer: the demo died with SIGSEGV, "Garbage-
    collecting", one start in dozens.  Now a task holds no Qt object, and every slot runs
    on the GUI thread.
    """
    gui = threading.get_ident()
    answered: list[tuple[int, object]] = []
    kept: dict[int, workers.Task] = {}

    def done(n: int) -> Callable[[object], None]:
        def slot(result: object) -> None:
            answered.append((threading.get_ident(), result))
            kept.pop(n, None)  # let go in the slot, as a screen does
            if n % 20 == 0:
                gc.collect()  # a collection meets tasks let go of on either thread

        return slot

    rounds = 200
    for n in range(rounds):
        task = workers.start(lambda n=n: n * n, done(n), lambda error: answered.append((0, error)))
        if n % 2:
            kept[n] = task  # half kept until they report, half let go of at once
        del task
    qtbot.waitUntil(lambda: len(answered) == rounds, timeout=60_000)
    assert {thread for thread, _ in answered} == {gui}
    assert sorted(result for _, result in answered) == [n * n for n in range(rounds)]
    assert kept == {}
    spare = workers.Task(lambda: None)
    assert not [v for v in vars(spare).values() if isinstance(v, QObject) and v is not None]


def test_a_screen_closed_before_its_task_answers_is_not_called(qtbot: QtBot) -> None:
    """As Qt drops a connection to a destroyed receiver, the relay drops a dead screen's slot."""

    class Screen(QLabel):
        def show_answer(self, result: object) -> None:
            self.setText(str(result))

    release = threading.Event()
    gone, alive = Screen(), Screen()
    qtbot.addWidget(alive)
    answered: list[object] = []
    first = workers.start(release.wait, gone.show_answer, answered.append)
    second = workers.start(release.wait, alive.show_answer, answered.append)
    shiboken6.delete(gone)  # the screen closes while its task still runs
    release.set()
    qtbot.waitUntil(lambda: alive.text() == "True", timeout=10_000)
    assert workers.wait_for_all(10_000)
    QCoreApplication.processEvents()  # both answers are posted by now: the first is dropped
    assert answered == []
    assert first.work == second.work
