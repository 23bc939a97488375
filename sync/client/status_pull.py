"""The laptop's side of the records' states: pulled from the data center, applied, shown.

:class:`StatusPull` is the part of :class:`~sync.client.client.SyncClient` that asks
the data center what became of the records sent (``GET /v1/status`` by cursor), applies
each change to the outbox, and sums up the laptop's own sync status.
"""

from __future__ import annotations

import collections
import logging
from typing import TYPE_CHECKING, Any

from fieldkit.delivery import flow
from fieldkit.delivery.flow import DeliveryOutcome
from fieldkit.printable import printable
from fieldkit.records import outbox
from fieldkit.records import states as delivery
from sync.client import config
from sync.client.errors import SyncError, SyncReason
from sync.client.outcomes import (
    SyncStatus,
    outcome_of,
    receipt_from_json,
    receipt_verdict,
    refusal_words,
)
from sync.client.transport import Clock, RetryPolicy, Transport, pinned_context

if TYPE_CHECKING:
    import httpx
    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace
    from sync.client.config import SyncConfig
log = logging.getLogger(__name__)

#: States asked for per request.
STATUS_PAGE = 500


class StatusPull:
    """The states' part of the sync client: its settings, its transport, the status pull.

    :class:`~sync.client.client.SyncClient` makes these in its ``__init__``.
    """

    ws: Workspace
    actor: str
    clock: Clock
    retry: RetryPolicy
    timeout: httpx.Timeout | None
    workers: int
    correct_clock: bool

    def settings(self) -> SyncConfig:
        with self.ws.transaction() as session:
            settings = config.load(session)
        if settings is None:
            raise SyncError(SyncReason.NOT_ENROLLED)
        return settings

    def _transport(self, settings: SyncConfig) -> Transport:
        with self.ws.transaction() as session:
            key = outbox.device_key(session)
        return Transport(
            settings.url,
            pinned_context(settings.ca_pem),
            device_id=settings.device_id,
            device_key=key,
            clock=self.clock,
            retry=self.retry,
            timeout=self.timeout,
            connections=self.workers + 1,
            correct_clock=self.correct_clock,
        )

    def pull_status(self) -> int:
        """Fetch state changes (ACCEPTED, REJECTED, DEDUPLICATED, PRINTED, READY_FOR_HANDOVER)."""
        settings = self.settings()
        transport = self._transport(settings)
        try:
            transport.health()
            return self._pull(transport, settings)
        finally:
            transport.close()

    def _pull(self, transport: Transport, settings: SyncConfig) -> int:
        applied = 0
        with self.ws.transaction() as session:
            cursor = int(config.get(session, config.STATUS_CURSOR) or 0)
        while True:
            response = transport.request("GET", f"/v1/status?since={cursor}&limit={STATUS_PAGE}")
            try:
                body = response.json()
                entries: list[dict[str, Any]] = body["entries"]
                next_cursor = int(body["next_cursor"])
            except (ValueError, KeyError, TypeError) as exc:
                raise SyncError(SyncReason.BAD_RESPONSE) from exc
            with self.ws.transaction() as session:
                applied += self._apply_statuses(session, settings, entries)
                config.put(session, config.STATUS_CURSOR, str(next_cursor))
            if len(entries) < STATUS_PAGE or next_cursor <= cursor:
                return applied
            cursor = next_cursor

    def _apply_statuses(
        self, session: Session, settings: SyncConfig, entries: list[dict[str, Any]]
    ) -> int:
        """Apply one page of state changes; returns how many entries were for records held here.

        Entries come in cursor order and each carries its record's current
        receipt, so applying a record's last entry of the page leaves the same
        result as applying each in turn, with one receipt check and one write
        instead of one per entry (a push's own records come back as two entries
        each: RECEIVED, then ACCEPTED).
        """
        latest: dict[str, dict[str, Any]] = {}
        counts: collections.Counter[str] = collections.Counter()
        for entry in entries:
            record_id = str(entry.get("record_id"))
            latest.pop(record_id, None)  # keep the order of each record's last change
            latest[record_id] = entry
            counts[record_id] += 1
        outbox.preload(session, list(latest))
        return sum(
            counts[record_id]
            for record_id, entry in latest.items()
            if self._apply_status(session, settings, entry)
        )

    def _apply_status(self, session: Session, settings: SyncConfig, entry: dict[str, Any]) -> bool:
        record_id = str(entry.get("record_id"))
        info = outbox.record_info(session, record_id)
        if info is None:
            log.info("status for record %s, which this laptop does not hold", record_id)
            return False
        receipt = receipt_from_json(entry.get("receipt") or {})
        try:
            verdict = receipt_verdict(
                settings,
                info,
                receipt,
                reason=entry.get("reason"),
                # The office's words, kept and shown on the revisit list: controls and
                # bidi overrides written visibly, whatever the data center sent.
                message=None if entry.get("message") is None else printable(str(entry["message"])),
                news=str(entry.get("state")),
            )
        except SyncError:
            log.warning("status entry for %s carries a receipt that does not verify", record_id)
            return False
        flow.apply_verdict(session, verdict, actor=self.actor, word=refusal_words)
        return True

    def local_status(self) -> SyncStatus:
        """What is waiting, what was refused and why; no network needed."""
        with self.ws.transaction() as session:
            settings = config.load(session)
            last = config.get(session, delivery.LAST_SYNC_KEY)
            tally = delivery.tally(session)
        counts = {state.value: count for state, count in tally.counts.items()}
        problems = [
            outcome_of(info, DeliveryOutcome.of_state(state), info.reason, info.message)
            for state, info in tally.problems
        ]
        return SyncStatus(
            enrolled=settings is not None,
            url=settings.url if settings else None,
            device_id=settings.device_id if settings else None,
            ca_fingerprint=settings.ca_fingerprint if settings else None,
            last_success_at=last,
            counts=counts,
            problems=problems,
        )
