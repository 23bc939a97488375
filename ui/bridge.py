"""The one place where the core's plain-Python events become Qt signals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from fieldkit.events import Event, EventBus


class EventBridge(QObject):
    """Re-emits core events on the GUI thread, whichever thread raised them."""

    received = Signal(str, dict)

    def __init__(self, bus: EventBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus: EventBus | None = bus
        bus.connect(self._forward)

    def _forward(self, event: Event) -> None:
        if self._bus is not None:
            self.received.emit(event.name, dict(event.data))

    def detach(self) -> None:
        """Stop forwarding; safe to call twice (a window can be closed more than once)."""
        bus, self._bus = self._bus, None
        if bus is not None:
            bus.disconnect(self._forward)
