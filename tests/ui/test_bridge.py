"""The bridge from the core's events to the window (``ui.bridge``).

An event raised on a Python thread (a device monitor's) reaches its screen on the GUI
thread, and that thread never calls Qt: a Python thread that emits a signal is adopted by
Qt and torn down behind its back when it ends (the Windows app's exit code 255 at quit).
Two threads raising at once lose nothing and keep each one's order.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QThread

from fieldkit.events import DeviceStatus, EventBus, TargetsChanged
from ui.bridge import EventBridge

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

EACH = 50


def _status(kind: str, number: int) -> DeviceStatus:
    return DeviceStatus(kind, "connected", str(number), "", "sim", simulated=True)


def test_events_of_two_threads_at_once_reach_the_gui_thread_each_in_order(qtbot: QtBot) -> None:
    bus = EventBus()
    owner = QObject()
    bridge = EventBridge(bus, owner)
    got: list[tuple[str, str]] = []
    on_gui: list[bool] = []

    def shown(event: DeviceStatus) -> None:
        got.append((event.kind, event.reason))
        on_gui.append(QThread.currentThread() is owner.thread())

    bridge.subscribe(DeviceStatus, shown, owner)
    start = threading.Barrier(2)
    called_qt: list[object] = []

    def raise_events(kind: str) -> None:
        start.wait()
        for number in range(EACH):
            bus.emit(_status(kind, number))
        # Not adopted by Qt: Python made this thread, and the bridge called no Qt on it.
        called_qt.append(threading.current_thread().name)

    threads = [threading.Thread(target=raise_events, args=(k,)) for k in ("face", "iris")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    qtbot.waitUntil(lambda: len(got) == 2 * EACH, timeout=10_000)
    assert all(on_gui)
    for kind in ("face", "iris"):
        assert [n for k, n in got if k == kind] == [str(n) for n in range(EACH)]
    assert len(called_qt) == 2
    bridge.detach()
    owner.deleteLater()


def test_an_event_of_the_gui_thread_is_emitted_at_once_and_none_after_detach(
    qapp: QCoreApplication,
) -> None:
    bus = EventBus()
    owner = QObject()
    bridge = EventBridge(bus, owner)
    got: list[object] = []
    bridge.subscribe(TargetsChanged, got.append, owner)
    bus.emit(TargetsChanged("visit-1"))
    assert len(got) == 1, "on the GUI thread: delivered before emit returns"
    bridge.detach()
    bridge.detach()  # twice is safe
    bus.emit(TargetsChanged("visit-1"))
    late = threading.Thread(target=bus.emit, args=(TargetsChanged("visit-1"),))
    late.start()
    late.join()
    QCoreApplication.processEvents()  # the loop's turn: nothing may come of either
    assert len(got) == 1
    owner.deleteLater()
