"""Typed events the core publishes; ``ui/`` bridges them to Qt signals.

One small dataclass per kind of change (napari's evented model, without the
machinery): a screen subscribes to the types it shows and refreshes only what
the event says changed.  A misspelt event is a type error, not a signal nobody
hears.  The core must run, and be tested, with no Qt at all.

Emit an instance: ``ws.events.emit(TargetsChanged(visit_id))``.  The bus takes
nothing else: an event emitted by a name string could be misspelt and heard by
no one, so there is no such path (issue 26).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """Base of every event; ``name`` is the kind's stable name, for logs."""

    name: ClassVar[str] = "event"


@dataclass(frozen=True)
class RequestsChanged(Event):
    name: ClassVar[str] = "requests_changed"


@dataclass(frozen=True)
class VisitsChanged(Event):
    """A visit was planned, assigned, opened or closed."""

    name: ClassVar[str] = "visits_changed"


@dataclass(frozen=True)
class TargetsChanged(Event):
    """The targets of one visit changed (an import, a walk-in added)."""

    name: ClassVar[str] = "targets_changed"
    visit_id: str


@dataclass(frozen=True)
class OutcomesChanged(Event):
    """A target's outcome (recorded, absent, refused, ...) changed on one visit."""

    name: ClassVar[str] = "outcomes_changed"
    visit_id: str


@dataclass(frozen=True)
class RecordSealed(Event):
    name: ClassVar[str] = "record_sealed"
    record_id: str
    seq: int
    demo: bool


@dataclass(frozen=True)
class SarprasSigned(Event):
    name: ClassVar[str] = "sarpras_signed"
    visit_id: str
    phase: str


@dataclass(frozen=True)
class HandoverChanged(Event):
    """A card's handover changed; ``record_id`` is None when several did."""

    name: ClassVar[str] = "handover_changed"
    record_id: str | None


@dataclass(frozen=True)
class RulesChanged(Event):
    """The admin changed quality or freeze rules; ``changed`` names them."""

    name: ClassVar[str] = "rules_changed"
    changed: tuple[str, ...]


@dataclass(frozen=True)
class OfficersChanged(Event):
    """An account was added or disabled, or its NIP or pangkat changed."""

    name: ClassVar[str] = "officers_changed"


@dataclass(frozen=True)
class DeviceStatus(Event):
    """A device's state as the supervisor sees it."""

    name: ClassVar[str] = "device_status"
    kind: str
    state: str
    #: A ``drivers.base.StatusReason`` value; with ``"failed"``, ``error`` is the driver's reason.
    reason: str
    error: str
    backend: str | None
    simulated: bool


@dataclass(frozen=True)
class ReviewsChanged(Event):
    """The ketua tim approved or returned a record waiting for review."""

    name: ClassVar[str] = "reviews_changed"
    record_id: str
    state: str


@dataclass(frozen=True)
class RevisitsChanged(Event):
    """Someone was put on, or taken off, the revisit list, or the family was contacted."""

    name: ClassVar[str] = "revisits_changed"


@dataclass(frozen=True)
class DraftsChanged(Event):
    """A recording was begun or thrown away: the count of unfinished drafts changed.

    Sealing one is :class:`RecordSealed`; marking a person not recorded is
    :class:`OutcomesChanged`.
    """

    name: ClassVar[str] = "drafts_changed"


@dataclass(frozen=True)
class OutboxChanged(Event):
    """Sealed records changed state without a seal: a sync sent or settled them.

    Or a rejected one was put back to be sent: what waits to be sent is counted again.
    """

    name: ClassVar[str] = "outbox_changed"


CATALOGUE: tuple[type[Event], ...] = (
    RequestsChanged,
    VisitsChanged,
    TargetsChanged,
    OutcomesChanged,
    RecordSealed,
    SarprasSigned,
    HandoverChanged,
    RulesChanged,
    OfficersChanged,
    DeviceStatus,
    ReviewsChanged,
    RevisitsChanged,
    DraftsChanged,
    OutboxChanged,
)

E = TypeVar("E", bound=Event)
Listener = Callable[[Event], None]


class EventBus:
    """Delivers each event to the handlers of its type, then to the listeners of every event.

    Handlers run on the emitting thread; the Qt bridge queues them to the GUI thread.
    """

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._handlers: dict[type[Event], list[Callable[[Any], None]]] = {}

    def subscribe(self, kind: type[E], handler: Callable[[E], None]) -> None:
        self._handlers.setdefault(kind, []).append(handler)

    def unsubscribe(self, kind: type[E], handler: Callable[[E], None]) -> None:
        self._handlers.get(kind, []).remove(handler)

    def connect(self, listener: Listener) -> None:
        """Hear every event (the Qt bridge does; a screen subscribes by type instead)."""
        self._listeners.append(listener)

    def disconnect(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    def emit(self, event: Event) -> None:
        """Deliver ``event``; anything but an :class:`Event` is a bug, refused at once."""
        if not isinstance(event, Event):
            msg = f"emit takes a typed event from fieldkit.events, not {event!r}"
            raise TypeError(msg)
        for handler in list(self._handlers.get(type(event), ())):
            handler(event)
        for listener in list(self._listeners):
            listener(event)
