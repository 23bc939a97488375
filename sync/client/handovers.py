"""Send the cards' handovers the data center has not confirmed; mark those it keeps.

Once per push, after the records and their states (a card's record must be known
there as printed): ``POST /v1/handovers`` with the events of
:func:`fieldkit.handover.reports.unreported`, in reports of at most
``MAX_HANDOVER_EVENTS``.  Each event the data center answers as ``stored`` or
``already_stored`` is confirmed here; one it refuses (its record not printed there,
or not known) stays to be sent again at the next push, when the office may have
printed it.  A data center that predates handovers answers 404: nothing is
confirmed, and the push goes on.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fieldkit.handover import reports
from sync.client import handovers_sentences
from sync.client.errors import SyncError, SyncReason
from sync.protocol import HANDOVERS_PATH, MAX_HANDOVER_EVENTS, HandoverVerdictKind

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace
    from sync.client.transport import Transport

log = logging.getLogger(__name__)

__all__ = ["HandoverSync", "handovers_sentences", "report_handovers"]

#: An older data center without the endpoint.
_NOT_FOUND = 404
_KEPT = frozenset({HandoverVerdictKind.STORED.value, HandoverVerdictKind.ALREADY_STORED.value})


@dataclass
class HandoverSync:
    """What one push did with the handovers."""

    confirmed: int = 0
    #: Events the data center refused, by the refusal's code; sent again next time.
    refused: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"confirmed": self.confirmed, "refused": dict(sorted(self.refused.items()))}


def _verdicts(body: object) -> list[dict[str, Any]]:
    if not isinstance(body, dict) or not isinstance(body.get("verdicts"), list):
        raise SyncError(SyncReason.BAD_RESPONSE)
    verdicts: list[dict[str, Any]] = [v for v in body["verdicts"] if isinstance(v, dict)]
    return verdicts


def report_handovers(ws: Workspace, transport: Transport) -> HandoverSync | None:
    """Report every unconfirmed handover; None when the data center predates the endpoint."""
    result = HandoverSync()
    batch = min(reports.BATCH, MAX_HANDOVER_EVENTS)
    offered: set[str] = set()
    while True:
        with ws.transaction() as session:
            events = [
                e
                for e in reports.unreported(session, batch + len(offered))
                if e["event_id"] not in offered
            ][:batch]
        if not events:
            return result
        offered.update(str(e["event_id"]) for e in events)
        body = json.dumps({"events": events}).encode()
        try:
            response = transport.request(
                "POST", HANDOVERS_PATH, body, {"content-type": "application/json"}
            )
        except SyncError as error:
            if error.status == _NOT_FOUND:
                log.info("the data center takes no handover reports (an older version)")
                return None
            raise
        try:
            verdicts = _verdicts(response.json())
        except ValueError as exc:
            raise SyncError(SyncReason.BAD_RESPONSE) from exc
        sent = {str(e["event_id"]) for e in events}
        kept = {str(v.get("event_id")) for v in verdicts if v.get("verdict") in _KEPT} & sent
        for verdict in verdicts:
            if verdict.get("verdict") == HandoverVerdictKind.REFUSED.value:
                code = str(verdict.get("reason") or "refused")
                result.refused[code] = result.refused.get(code, 0) + 1
        with ws.transaction() as session:
            result.confirmed += reports.mark_reported(session, kept, ws.officer.username)
        if len(events) < batch:
            return result
