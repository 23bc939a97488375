"""Cycles are freed on the GUI thread only (``ui.collector``).

Python's automatic collector runs in whichever thread allocates when a count runs over;
a cycle holding a Qt object freed on a device's pool thread makes Qt adopt that thread,
and the app then ended with exit code 255 at quit under Wine.  With the GUI thread's
collector, a cycle left by a busy Python thread is freed on the GUI thread; without it
(the control), the same thread frees it itself.
"""

from __future__ import annotations

import gc
import threading
from typing import TYPE_CHECKING

from ui.collector import GuiThreadCollector

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


class _Cycle:
    """Refers to itself, so only the collector frees it; says on which thread it went."""

    def __init__(self, freed_on: list[int]) -> None:
        self.me = self
        self.freed_on = freed_on

    def __del__(self) -> None:
        self.freed_on.append(threading.get_ident())


def _busy_thread_leaves_a_cycle(freed_on: list[int]) -> list[object]:
    """A thread leaves a cycle, then allocates enough to run the collector many times."""
    kept: list[object] = []

    def work() -> None:
        _Cycle(freed_on)
        kept.extend([number] for number in range(50_000))

    thread = threading.Thread(target=work, name="busy")
    thread.start()
    thread.join()
    return kept


def test_a_cycle_left_by_a_busy_python_thread_is_freed_on_the_gui_thread(qtbot: QtBot) -> None:
    gui = threading.get_ident()
    collector = GuiThreadCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        freed_on: list[int] = []
        kept = _busy_thread_leaves_a_cycle(freed_on)
        assert freed_on == []  # the busy thread did not collect
        qtbot.waitUntil(lambda: bool(freed_on), timeout=5000)
        assert freed_on == [gui]
        assert len(kept) == 50_000
    finally:
        collector.restore()
    assert gc.isenabled()


def test_without_it_the_busy_thread_frees_the_cycle_itself() -> None:
    """The control: what the collector prevents does happen with the automatic one."""
    assert gc.isenabled()
    gc.collect()
    freed_on: list[int] = []
    _busy_thread_leaves_a_cycle(freed_on)
    assert len(freed_on) == 1
    assert freed_on != [threading.get_ident()]


def test_stop_collects_what_is_left_and_leaves_the_automatic_collector_off(qtbot: QtBot) -> None:
    collector = GuiThreadCollector(interval_ms=60_000)  # no timed collection in this test
    try:
        freed_on: list[int] = []
        _Cycle(freed_on)
        assert freed_on == []
        collector.stop()
        assert freed_on == [threading.get_ident()]
        assert not gc.isenabled()
    finally:
        collector.restore()
    assert gc.isenabled()
