"""Python's cyclic garbage collector, run on the GUI thread only.

A reference cycle holding a Qt object (a closure connected to a signal, a widget's
Python subclass reached again through one of its slots) is freed by the collector, and
the collector runs in whichever thread happens to allocate when a generation's count
runs over: under load, one of the device discovery's pool threads, right after the main
window paints.  Freeing the cycle there runs the C++ destructor on that thread, which Qt
then adopts (its thread data made, its thread storage used); the pool's idle thread ends
only at the interpreter's exit, after QApplication, and Qt tears that storage down behind
its own back: "QThreadStorage: entry 0 destroyed before end of thread", then a pure
virtual call and exit code 255 under Wine (two loaded CI-like runs, 2026-11-29, at the
main window's ``--quit-after``; packaging/README.md has the earlier causes).  The rule
``ui.workers`` keeps (no Python thread calls Qt) cannot hold while the collector may run
anywhere; so the automatic collector is turned off and this one collects on a timer in
the GUI thread, by the same thresholds (pyqtgraph's ``GarbageCollector`` does the same
for the same crash).
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QObject, QTimer, Slot

log = logging.getLogger(__name__)

#: How often the GUI thread looks at the collector's counts: a few times a second is far
#: below what a person notices, and a generation-0 collection takes well under 1 ms.
INTERVAL_MS = 100


class GuiThreadCollector(QObject):
    """Turns the automatic collector off and collects on the GUI thread instead."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    @Slot()
    def check(self) -> None:
        """Collect the generations whose counts ran over, as the automatic collector would."""
        gen0, gen1, gen2 = gc.get_count()
        first, second, third = self._thresholds
        if gen0 <= first:
            return
        gc.collect(0)
        if gen1 > second:
            gc.collect(1)
            if gen2 > third:
                gc.collect(2)

    def stop(self) -> None:
        """No more timed collections; one last one now, while Qt's objects can still go.

        The automatic collector stays off: a cycle freed on another thread after this
        would meet Qt already gone.  :meth:`restore` turns it back on (tests).
        """
        self._timer.stop()
        gc.collect()

    def restore(self) -> None:
        """The automatic collector as it was before this one (for a process that goes on)."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()


__all__ = ["INTERVAL_MS", "GuiThreadCollector"]
