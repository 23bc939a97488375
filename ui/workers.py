"""Slow work (device self-tests, imports, PDF rendering) off the GUI thread.

A :class:`Task` runs one plain function on Qt's global thread pool and hands
its result, or its error, back by signal: the receiving slot runs on the GUI
thread, so a screen never freezes while a scanner answers or a file parses.
"""

from __future__ import annotations

import functools
import logging
import threading
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    QThread,
    QThreadPool,
    Signal,
    SignalInstance,
)

from fieldkit.errors import KnownError

if TYPE_CHECKING:
    from collections.abc import Callable

log = logging.getLogger(__name__)

#: Long network work at once (:func:`start_apart`): an update check and its download.
APART_THREADS = 4
#: Devices waiting for the person at once (:func:`start_waiting`): the step's capture,
#: and those called off but not yet returned from their device (an SBI request runs
#: to its own timeout), which must not make the next step's wait queue.
WAITING_THREADS = 4


class TaskSignals(QObject):
    done = Signal(object)
    failed = Signal(object)


#: Signals of tasks that have reported, kept from the pool's threads until the GUI thread
#: lets them go (:func:`_let_go_of_retired`).  A ``TaskSignals`` lives on the GUI thread;
#: when a screen had already dropped its task, the pool thread that finished the runnable
#: held the last reference, and the QObject was destroyed there while the GUI thread
#: could be delivering its queued answer: the demo's rare SIGSEGV in ``app.exec``
#: ("Garbage-collecting"), the pattern of saga-soft/novelWriter#2926.  An answer still
#: goes only to a task somebody holds, as before.
_RETIRED: list[TaskSignals] = []


class Task(QRunnable):
    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__()
        self.work = work
        self.signals = TaskSignals()

    def run(self) -> None:
        try:
            result = self.work()
        except KnownError as error:
            # The environment (an unplugged scanner, a full disk): shown in words, no trace.
            log.info("background task refused: %s", error.code)
            self._report(self.signals.failed, error)
            return
        except Exception as error:
            # Anything else is a bug: logged with its trace, shown as a pointer to the log.
            log.exception("background task failed")
            self._report(self.signals.failed, error)
            return
        self._report(self.signals.done, result)

    def _report(self, signal: SignalInstance, value: object) -> None:
        """Emit, then keep the signals alive until the GUI thread lets them go."""
        signal.emit(value)
        _RETIRED.append(self.signals)  # list.append is atomic: no lock needed


def start(
    work: Callable[[], object],
    on_done: Callable[[object], None],
    on_failed: Callable[[object], None],
) -> Task:
    """Run ``work`` on the pool; keep the returned task referenced until it reports."""
    task = _task(work, on_done, on_failed)
    QThreadPool.globalInstance().start(task)
    return task


def start_apart(
    work: Callable[[], object],
    on_done: Callable[[object], None],
    on_failed: Callable[[object], None],
) -> Task:
    """Run ``work`` on a pool of its own, for long network work that must not queue.

    Qt's global pool has a thread per core (two on a field laptop): a download of an
    installer can take minutes on a slow link, and a device self-test or a PDF can keep
    both pool threads busy as long, so each would wait behind the other.  The signals
    still reach the GUI thread (queued, as from the global pool).
    """
    task = _task(work, on_done, on_failed)
    _pool("apart", APART_THREADS).start(task)
    return task


def start_waiting(
    work: Callable[[], object],
    on_done: Callable[[object], None],
    on_failed: Callable[[object], None],
) -> Task:
    """Run ``work`` that waits on a device for the person (auto-capture), on its own pool.

    Such a wait lasts as long as the person takes: a finger placed, a pen lifted.  On
    the apart pool a few of them left waiting held every thread, and an update check
    queued behind them until they timed out; on the global pool they would hold the
    threads a self-test or a PDF needs.
    """
    task = _task(work, on_done, on_failed)
    _pool("waiting", WAITING_THREADS).start(task)
    return task


@functools.cache
def _pool(purpose: str, threads: int) -> QThreadPool:
    """Qt's own threads for one ``purpose``, apart from the global pool's.

    Not Python threads: a Python thread that emits a Qt signal is adopted by Qt, and its
    thread storage is torn down behind Qt's back when it ends ("QThreadStorage: entry
    destroyed before end of thread" in the log). Under Wine the demo then ended with
    code 255 right after its window was painted, and the update box's answer reached
    the window late under load.
    """
    pool = QThreadPool()
    pool.setObjectName(f"fieldkit-{purpose}")
    pool.setMaxThreadCount(threads)
    return pool


def _task(
    work: Callable[[], object],
    on_done: Callable[[object], None],
    on_failed: Callable[[object], None],
) -> Task:
    _let_go_of_retired()
    task = Task(work)
    task.signals.done.connect(on_done)
    task.signals.failed.connect(on_failed)
    return task


def _let_go_of_retired() -> None:
    """Drop the reported tasks' signals, on the GUI thread where they live.

    A signals object whose task a screen still holds stays alive through that task and
    gets its answer; one nobody holds is destroyed here, its answer (if not delivered yet)
    dropped with it, as it would have been.
    """
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return
    del _RETIRED[: len(_RETIRED)]


class NamedThread(QThread):
    """One long job (the start-up's warm-up) on a thread of Qt's own, named for the log.

    Not a Python thread, for the reason :func:`_pool` gives: the job ends by emitting a
    signal, and a Python thread that emits is adopted by Qt and torn down behind its
    back when it ends. Under Wine, with the warm-up still importing when
    ``--quit-after`` ended the app on a loaded machine, the app exited with code 255.
    """

    def __init__(self, name: str, target: Callable[[], None]) -> None:
        super().__init__()
        self.setObjectName(name)
        self._name = name
        self._target = target

    def run(self) -> None:
        threading.current_thread().name = self._name  # the log's threadName, as before
        self._target()


#: Started named threads, held until :func:`wait_for_threads`: a QThread destroyed while
#: it runs aborts the process.
_THREADS: list[NamedThread] = []


def start_thread(name: str, target: Callable[[], None]) -> NamedThread:
    """Run ``target`` on a new thread of Qt's own; the app waits for it before it ends."""
    thread = NamedThread(name, target)
    _THREADS.append(thread)
    thread.start()
    return thread


def wait_for_threads() -> None:
    """Block until every named thread has ended (the app's last step, before Qt goes)."""
    while _THREADS:
        thread = _THREADS.pop()
        if shiboken6.isValid(thread):  # else Qt's shutdown deleted it, ended
            thread.wait()


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Let running tasks finish before the store they write to is closed."""
    done = QThreadPool.globalInstance().waitForDone(timeout_ms)
    apart = _pool("apart", APART_THREADS).waitForDone(timeout_ms)
    return _pool("waiting", WAITING_THREADS).waitForDone(timeout_ms) and apart and done
