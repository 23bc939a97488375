"""The one place where the core's typed events become Qt signals.

The core raises events on whichever thread found them: a device monitor's, discovery's,
a driver's.  Those are Python threads, and a Python thread must never call Qt: one that
emits a signal is adopted by Qt, and its thread storage is torn down behind Qt's back when
it ends (under Wine the app then ended with exit code 255 at quit: packaging/README.md,
"The demo's early exit under Wine").  So an event from a Python thread is put in a queue
and the GUI thread is woken through a socket pair (the self-pipe wake asyncio uses on
Windows too), read by a :class:`QSocketNotifier`, and emits it.  The GUI thread and
Qt's own threads (the worker pools') emit as before: a worker's event stays queued
ahead of its task's answer.
"""

from __future__ import annotations

import contextlib
import functools
import queue
import socket
import threading
import weakref
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QSocketNotifier, Signal, Slot

from fieldkit.events import Event

if TYPE_CHECKING:
    from collections.abc import Callable

    from fieldkit.events import EventBus

E = TypeVar("E", bound=Event)
#: Bytes read from the wake socket at once (each wake is one byte; many may be pending).
_WAKE_READ = 4096


class _Subscription(QObject):
    """One screen's handler for one event type; dies with the screen, and so disconnects."""

    def __init__(self, kind: type[Event], handler: Callable[[Any], None], owner: QObject) -> None:
        super().__init__(owner)
        self._kind = kind
        self._handler = handler

    @Slot(object)
    def deliver(self, event: object) -> None:
        if isinstance(event, self._kind):
            self._handler(event)


class EventBridge(QObject):
    """Re-emits core events on the GUI thread, whichever thread raised them.

    Screens call :meth:`subscribe` with the event types they show; a test waits on
    ``arrived`` and checks the event's type.  There is no channel by name.  Made on the
    GUI thread: an event raised there is emitted at once, one from another thread waits
    in a queue until the wake socket rouses the GUI thread.
    """

    #: The typed event (a :class:`fieldkit.events.Event`), emitted on the GUI thread.
    arrived = Signal(object)

    def __init__(self, bus: EventBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus: EventBus | None = bus
        self._gui_thread = threading.get_ident()
        self._waiting: queue.SimpleQueue[Event] = queue.SimpleQueue()
        self._wake_in, self._wake_out = socket.socketpair()
        for end in (self._wake_in, self._wake_out):
            end.settimeout(0.0)  # non-blocking: a full buffer or an empty one never waits
        self._notifier = QSocketNotifier(self._wake_in.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._deliver_waiting)
        bus.connect(self._forward)
        # A bridge deleted with its window or screen must not be called by the bus again,
        # and its wake sockets close with it (or when Python lets go of it, if sooner).
        self.destroyed.connect(functools.partial(_forget, bus, self._forward))
        self.destroyed.connect(functools.partial(_close, self._wake_in, self._wake_out))
        weakref.finalize(self, _close, self._wake_in, self._wake_out)

    def subscribe(self, kind: type[E], handler: Callable[[E], None], owner: QObject) -> None:
        """Call ``handler`` on the GUI thread for every ``kind`` event while ``owner`` lives."""
        subscription = _Subscription(kind, handler, owner)
        self.arrived.connect(subscription.deliver)

    def _forward(self, event: Event) -> None:
        if self._bus is None:
            return
        if threading.get_ident() == self._gui_thread or _made_by_qt():
            # The GUI thread emits at once; a thread of Qt's own (a worker pool's) may emit,
            # queued in order with its task's own answer, as Qt delivers them.
            self.arrived.emit(event)
            return
        # A Python thread: no Qt call here, only the queue and one byte on the socket.
        self._waiting.put(event)
        with contextlib.suppress(OSError):  # a wake already pending fills no buffer; closed
            self._wake_out.send(b"\0")

    @Slot()
    def _deliver_waiting(self) -> None:
        """On the GUI thread: empty the wake socket, then emit every event that waits."""
        with contextlib.suppress(OSError):
            while self._wake_in.recv(_WAKE_READ):
                pass
        while self._bus is not None:
            try:
                event = self._waiting.get_nowait()
            except queue.Empty:
                return
            self.arrived.emit(event)

    def detach(self) -> None:
        """Stop forwarding; safe to call twice (a window can be closed more than once)."""
        bus, self._bus = self._bus, None
        if bus is not None:
            _forget(bus, self._forward)
            self._notifier.setEnabled(False)
            _close(self._wake_in, self._wake_out)


def _made_by_qt() -> bool:
    """Whether this thread is one Qt started (not Python's ``threading``).

    Python names such a thread with a dummy object when it first runs Python code; a
    thread ``threading`` started has its own :class:`threading.Thread`.
    """
    return isinstance(threading.current_thread(), threading._DummyThread)  # noqa: SLF001 - the one test there is


def _close(*ends: socket.socket) -> None:
    """Close the wake sockets (again is harmless)."""
    for end in ends:
        end.close()


def _forget(bus: EventBus, listener: Callable[[Event], None], *_: object) -> None:
    """Disconnect ``listener`` if it is still connected (detach and deletion both call this)."""
    with contextlib.suppress(ValueError):
        bus.disconnect(listener)
