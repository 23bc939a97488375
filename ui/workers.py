"""Slow work (device self-tests, imports, PDF rendering) off the GUI thread.

A :class:`Task` runs one plain function on Qt's global thread pool and hands
its result, or its error, back by signal: the receiving slot runs on the GUI
thread, so a screen never freezes while a scanner answers or a file parses.
The signal is one long-lived object's (see :class:`_Relay` for why not the task's).
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot

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


class _Relay(QObject):
    """The one object a task's answer crosses threads by: made on the GUI thread, never deleted.

    A task used to carry a QObject of its own for its signals.  The pool thread that ran
    the task could then drop the last reference to it (the screen had already let go of
    the task in its slot), so the QObject was destroyed on that thread while the GUI
    thread still delivered its signal, or a garbage collection on the GUI thread met a
    half-destroyed one: the demo died with SIGSEGV "Garbage-collecting" one start in
    dozens under load.  A task is now a plain runnable; only this long-lived object
    signals, and the answer carries the task to the GUI thread, which calls its slots.
    """

    reported = Signal(object, bool, object)  # the task, whether it succeeded, result or error

    def __init__(self) -> None:
        super().__init__()
        self.reported.connect(self._deliver)  # queued: emitted on pool threads

    @Slot(object, bool, object)
    def _deliver(self, task: Task, succeeded: bool, value: object) -> None:
        """The receiver is this object, on the GUI thread: the call is queued there."""
        task.report(succeeded=succeeded, value=value)


class Task(QRunnable):
    """One plain function for a pool thread; its answer goes to ``on_done`` or ``on_failed``.

    Holds no QObject: whatever thread drops the last reference to it, nothing of Qt's
    is destroyed there.  The slots are called on the GUI thread and then let go of, so
    the widgets they reach are never released on a pool thread either.
    """

    def __init__(
        self,
        work: Callable[[], object],
        on_done: Callable[[object], None] | None = None,
        on_failed: Callable[[object], None] | None = None,
    ) -> None:
        super().__init__()
        self.work = work
        self._on_done = on_done
        self._on_failed = on_failed
        _relay()  # made (once) here, on the GUI thread that starts tasks

    def run(self) -> None:
        try:
            result = self.work()
        except KnownError as error:
            # The environment (an unplugged scanner, a full disk): shown in words, no trace.
            log.info("background task refused: %s", error.code)
            _relay().reported.emit(self, False, error)  # noqa: FBT003 - a signal's args
            return
        except Exception as error:
            # Anything else is a bug: logged with its trace, shown as a pointer to the log.
            log.exception("background task failed")
            _relay().reported.emit(self, False, error)  # noqa: FBT003 - a signal's args
            return
        _relay().reported.emit(self, True, result)  # noqa: FBT003 - a signal's args

    def report(self, *, succeeded: bool, value: object) -> None:
        """On the GUI thread: hand the answer to its slot, then let go of both slots.

        A slot that is a method of a widget closed meanwhile is not called, as Qt drops
        a connection to a destroyed receiver: the answer of a screen's task that outlived
        the screen goes nowhere.
        """
        slot = self._on_done if succeeded else self._on_failed
        self._on_done = self._on_failed = None
        if slot is None:
            return
        receiver = getattr(slot, "__self__", None)
        if isinstance(receiver, QObject) and not shiboken6.isValid(receiver):
            log.debug("a task answered %s, which is gone", type(receiver).__name__)
            return
        slot(value)


@functools.cache
def _relay() -> _Relay:
    relay = _Relay()
    application = QCoreApplication.instance()
    if application is not None:
        relay.moveToThread(application.thread())  # its slot runs on the GUI thread
    return relay


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
    return Task(work, on_done, on_failed)


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Let running tasks finish before the store they write to is closed."""
    done = QThreadPool.globalInstance().waitForDone(timeout_ms)
    apart = _pool("apart", APART_THREADS).waitForDone(timeout_ms)
    return _pool("waiting", WAITING_THREADS).waitForDone(timeout_ms) and apart and done
