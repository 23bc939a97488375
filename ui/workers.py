"""Slow work (device self-tests, imports, PDF rendering) off the GUI thread.

A :class:`Task` runs one plain function on Qt's global thread pool and hands
its result, or its error, back by signal: the receiving slot runs on the GUI
thread, so a screen never freezes while a scanner answers or a file parses.
"""

from __future__ import annotations

import logging
import weakref
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from fieldkit.errors import KnownError

if TYPE_CHECKING:
    from collections.abc import Callable

log = logging.getLogger(__name__)

#: The pools of their own (:func:`own_pool`), waited for with the global one at exit.
_OWN_POOLS: weakref.WeakSet[QThreadPool] = weakref.WeakSet()


class TaskSignals(QObject):
    done = Signal(object)
    failed = Signal(object)


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
            self.signals.failed.emit(error)
            return
        except Exception as error:
            # Anything else is a bug: logged with its trace, shown as a pointer to the log.
            log.exception("background task failed")
            self.signals.failed.emit(error)
            return
        self.signals.done.emit(result)


def start(
    work: Callable[[], object],
    on_done: Callable[[object], None],
    on_failed: Callable[[object], None],
    pool: QThreadPool | None = None,
) -> Task:
    """Run ``work`` on ``pool`` (Qt's global one by default); keep the task until it reports."""
    task = Task(work)
    task.signals.done.connect(on_done)
    task.signals.failed.connect(on_failed)
    (pool or QThreadPool.globalInstance()).start(task)
    return task


def own_pool(parent: QObject) -> QThreadPool:
    """A one-thread pool for long network work that must not wait behind the rest.

    The global pool has a thread per core (two on a field laptop). A download of an
    installer can take minutes on a slow link, and a device self-test or a PDF can keep
    both global threads busy for as long: each would otherwise queue behind the other.
    """
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(1)
    _OWN_POOLS.add(pool)
    return pool


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Let running tasks finish before the store they write to is closed."""
    done = QThreadPool.globalInstance().waitForDone(timeout_ms)
    for pool in list(_OWN_POOLS):
        done = pool.waitForDone(timeout_ms) and done
    return done
