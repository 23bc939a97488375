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
        self._bus = bus
        bus.connect(self._forward)

    def _forward(self, event: Event) -> None:
        self.received.emit(event.name, dict(event.data))

    def detach(self) -> None:
        self._bus.disconnect(self._forward)
