"""Plain progress events for the sync progress bar (the UI bridges them to Qt signals).

Events are delivered on the thread that called ``push``, never on an upload
worker, so a listener needs no locking.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fieldkit.delivery.flow import DeliveryOutcome


@dataclass(frozen=True)
class BatchEvent:
    """One manifest batch was answered."""

    batch: int
    batches: int
    announced: int
    to_upload: int
    already_have: int
    refused: int

    def as_json(self) -> dict[str, Any]:
        return {"event": "batch", **asdict(self)}


@dataclass(frozen=True)
class RecordEvent:
    """One record reached an outcome: purged, sent, rejected or pending."""

    record_id: str
    outcome: DeliveryOutcome
    size: int
    reason: str | None
    message: str | None
    records_done: int
    records_total: int
    bytes_done: int
    bytes_total: int
    #: Bytes per second uploaded since the push started.
    rate_bps: float
    #: Seconds left at the current rate; None until there is a rate.
    eta_s: float | None

    def as_json(self) -> dict[str, Any]:
        return {"event": "record", **asdict(self)}


@dataclass(frozen=True)
class RetryEvent:
    """A request failed for a transient reason and will be retried after ``delay_s``."""

    what: str
    attempt: int
    delay_s: float
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"event": "retry", **asdict(self)}


SyncEvent = BatchEvent | RecordEvent | RetryEvent
ProgressCallback = Callable[[SyncEvent], None]


@dataclass
class Meter:
    """Bytes and records done against the totals, with a rate and an ETA."""

    records_total: int = 0
    bytes_total: int = 0
    records_done: int = 0
    bytes_done: int = 0
    #: Only bytes that crossed the network count towards the rate.
    bytes_sent: int = 0
    started: float = field(default_factory=time.monotonic)

    def add(self, size: int, *, sent: bool) -> None:
        self.records_done += 1
        self.bytes_done += size
        if sent:
            self.bytes_sent += size

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.bytes_sent / elapsed if elapsed > 0 else 0.0

    def eta(self) -> float | None:
        rate = self.rate()
        if rate <= 0:
            return None
        return max(0.0, (self.bytes_total - self.bytes_done) / rate)
