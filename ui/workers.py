"""Slow work (device self-tests, imports, PDF rendering) off the GUI thread.

A :class:`Task` runs one plain function on Qt's global thread pool and hands
its result, or its error, back by signal: the receiving slot runs on the GUI
thread, so a screen never freezes while a scanner answers or a file parses.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from fieldkit.errors import KnownError

if TYPE_CHECKING:
    from collections.abc import Callable

log = logging.getLogger(__name__)


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
) -> Task:
    """Run ``work`` on the pool; keep the returned task referenced until it reports."""
    task = Task(work)
    task.signals.done.connect(on_done)
    task.signals.failed.connect(on_failed)
    QThreadPool.globalInstance().start(task)
    return task


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Let running tasks finish before the store they write to is closed."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
