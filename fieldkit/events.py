"""Plain-Python events the core publishes; ``ui/`` bridges them to Qt signals.

Kept deliberately tiny (napari's ``EventedModel`` idea without the machinery):
the core must run, and be tested, with no Qt at all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

Listener = Callable[["Event"], None]


@dataclass(frozen=True)
class Event:
    name: str
    data: dict[str, Any] = field(default_factory=dict)


class EventBus:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def connect(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def disconnect(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    def emit(self, name: str, **data: Any) -> None:
        event = Event(name, data)
        for listener in list(self._listeners):
            listener(event)
