"""The one place where the core's typed events become Qt signals."""

from __future__ import annotations

import contextlib
import functools
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

from fieldkit.events import Event

if TYPE_CHECKING:
    from collections.abc import Callable

    from fieldkit.events import EventBus

E = TypeVar("E", bound=Event)


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
    ``arrived`` and checks the event's type.  There is no channel by name.
    """

    #: The typed event (a :class:`fieldkit.events.Event`), queued to the GUI thread.
    arrived = Signal(object)

    def __init__(self, bus: EventBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus: EventBus | None = bus
        bus.connect(self._forward)
        # A bridge deleted with its window or screen must not be called by the bus again.
        self.destroyed.connect(functools.partial(_forget, bus, self._forward))

    def subscribe(self, kind: type[E], handler: Callable[[E], None], owner: QObject) -> None:
        """Call ``handler`` on the GUI thread for every ``kind`` event while ``owner`` lives."""
        subscription = _Subscription(kind, handler, owner)
        self.arrived.connect(subscription.deliver)

    def _forward(self, event: Event) -> None:
        if self._bus is not None:
            self.arrived.emit(event)

    def detach(self) -> None:
        """Stop forwarding; safe to call twice (a window can be closed more than once)."""
        bus, self._bus = self._bus, None
        if bus is not None:
            _forget(bus, self._forward)


def _forget(bus: EventBus, listener: Callable[[Event], None], *_: object) -> None:
    """Disconnect ``listener`` if it is still connected (detach and deletion both call this)."""
    with contextlib.suppress(ValueError):
        bus.disconnect(listener)
