"""ui.workers: each kind of slow work on its own pool, so one kind never queues behind another."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QThread

from ui import workers

if TYPE_CHECKING:
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


def test_a_dropped_tasks_signals_are_destroyed_on_the_gui_thread(qtbot: QtBot) -> None:
    """A screen that lets go of its task must not leave its QObject to a pool thread.

    The signals live on the GUI thread; destroyed on the pool thread that finished the
    runnable (the last reference once the screen had dropped the task), they crashed the
    demo now and then while the GUI thread delivered an event (SIGSEGV in ``app.exec``).
    """
    app = QCoreApplication.instance()
    assert app is not None
    on_gui_thread: list[bool] = []
    release = threading.Event()
    task = workers.start(lambda: release.wait(10.0), lambda _r: None, lambda _e: None)
    task.signals.destroyed.connect(
        lambda: on_gui_thread.append(QThread.currentThread() == app.thread()),
        Qt.ConnectionType.DirectConnection,
    )
    del task  # the screen goes away before its answer
    release.set()
    qtbot.waitUntil(lambda: bool(workers._RETIRED), timeout=10_000)
    assert workers.wait_for_all(10_000)
    assert on_gui_thread == []  # the pool thread let go of the task: the signals live on
    answers: list[object] = []
    later = workers.start(lambda: "next", answers.append, answers.append)  # on the GUI thread
    qtbot.waitUntil(lambda: answers == ["next"], timeout=10_000)
    assert on_gui_thread == [True]
    assert later.work() == "next"
