"""Put a record refused by mistake back in the queue: the office's decision, audited.

A REJECTED record is never announced or exported again, and the berita acara counts
it as refused by the data center.  Most refusals are final, but some were not the
data center's word: a ``receipts.json`` line without a signature used to be taken as
one (before issue 24), and a laptop-side refusal (a damaged copy, a key this data
center did not list yet) may have been fixed since.  An operator or an admin, never a
petugas in the field, puts such a record back: it is SEALED again, its old verdict
forgotten, and the next push announces it (or the next USB export carries it).  A
record the data center really refused gets the same signed answer again, so nothing
is lost by trying; the audit log keeps who did it and what the record said before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fieldkit import audit
from fieldkit.errors import KnownError
from fieldkit.events import OutboxChanged
from fieldkit.officers import require_role
from fieldkit.permissions import REQUEUERS
from fieldkit.records import outbox
from fieldkit.records.outbox import RecordInfo, RecordNotFound, RecordStatus

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace

__all__ = ["RequeueRefused", "Requeued", "refused", "requeue"]

#: What the audit event keeps of the old reason: a code, else "other" (the reason an
#: unsigned ``receipts.json`` line put there could be any text, even a NIK).
_CODE = re.compile(r"[a-z][a-z0-9_.:-]{0,63}\Z")
_OTHER = "other"


class RequeueRefused(KnownError):
    """Only a REJECTED record goes back in the queue; ``state`` says what this one is."""

    code = "requeue_not_rejected"


@dataclass(frozen=True)
class Requeued:
    """A record put back in the queue, and what its refusal said."""

    record_id: str
    previous_reason: str | None
    previous_server_state: str | None

    def as_json(self) -> dict[str, object]:
        return {
            "record_id": self.record_id,
            "state": RecordStatus.SEALED.value,
            "previous_reason": self.previous_reason,
            "previous_server_state": self.previous_server_state,
        }


def refused(ws: Workspace) -> list[RecordInfo]:
    """The records the data center (or the laptop itself) refused, newest first.

    Anyone logged in may see them (the sync screen lists them with their reason);
    only :data:`~fieldkit.permissions.REQUEUERS` may put one back.
    """
    with ws.transaction() as session:
        rows = outbox.list_records(session, states=(RecordStatus.REJECTED,))
    return sorted(rows, key=lambda info: info.seq, reverse=True)


def requeue(ws: Workspace, record_id: str) -> Requeued:
    """Put the REJECTED record ``record_id`` back among the records waiting to be sent.

    Raises ``AuthError`` (forbidden) for a role other than the office's,
    ``RecordNotFound`` when this laptop never held the record, and ``RequeueRefused``
    for a record in any other state (waiting already, sent, accepted, purged).
    """
    require_role(ws.officer, *REQUEUERS)
    with ws.transaction() as session:
        info = outbox.record_info(session, record_id)
        if info is None:
            raise RecordNotFound(code="record_not_on_laptop", params={"record": record_id[:8]})
        if info.state is not RecordStatus.REJECTED:
            raise RequeueRefused(
                code="requeue_not_rejected",
                params={"record": record_id[:8], "state": info.state.value},
            )
        outbox.requeue(session, record_id)
        reason = info.reason if info.reason and _CODE.match(info.reason) else None
        audit.append(
            session,
            ws.officer.username,
            "record.requeued",
            record_id,
            {
                "reason": reason or (_OTHER if info.reason else None),
                "server_state": info.server_state,
            },
        )
    ws.events.emit(OutboxChanged())
    return Requeued(record_id, info.reason, info.server_state)
