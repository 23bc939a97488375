"""The delivery flow as ``sync/`` drives it: what to send, and what an answer does.

Both transports, the push over HTTPS and the USB export with its ``receipts.json``,
make the same calls, so each rule is written once::

    plan_sending ─> sync/ sends ─> verdict ─> apply_verdict ─> DeliveryOutcome ─> mark_sync_done
    (what goes;     (HTTPS, USB:   (sync/     (the state        (purged: gone;     (states.py:
     what no data    signatures,    checks     decides, settle   rejected, sent,    nothing waits
     center could    bytes,         the        writes)           pending: kept)     → last sync)
     take: refused)  batches)       receipt)

``sync/`` checks signatures, moves bytes, batches and commits in groups; it never
looks at a record's state or at what a server state means.  What each verdict
writes (the purge, the revisit, the audit) is :mod:`fieldkit.delivery.settle`;
which records wait, and when a sync is done, :mod:`fieldkit.records.states`.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fieldkit.delivery import settle
from fieldkit.records import outbox, server_states, states
from fieldkit.records.outbox import PENDING_STATES, RecordInfo, RecordStatus

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import Session

__all__ = [
    "UNSENDABLE",
    "DeliveryOutcome",
    "SendPlan",
    "Verdict",
    "Wording",
    "apply_verdict",
    "apply_verdicts",
    "plan_sending",
]

log = logging.getLogger(__name__)

#: The reason a record no data center could take is refused with: the code the data
#: center itself gives a kid it does not hold (``sync.protocol.Reason.KID_UNKNOWN``), so
#: one sentence words both (a training record's, or a key this data center lacks).
UNSENDABLE = "kid_unknown"
#: The data center's record states (``sync.protocol.RecordState``) this module tells apart;
#: RECAPTURE and ENROLL_FAILURE alike ask for the person again (``RECAPTURE_STATES``).
_RECEIVED, _REJECTED = server_states.RECEIVED, server_states.REJECTED

#: How the caller words a refusal, from its own catalogue: the record, the reason code and
#: the data center's note.  The words are kept on the record (and on a revisit) for the log.
Wording = Callable[[RecordInfo, str, str | None], str | None]


class DeliveryOutcome(enum.StrEnum):
    """What one answer, or one pass of a transport, did to a record: one list for every path.

    A ``StrEnum``, so ``--json``, the progress events and the screens see the same words
    as before; code compares the members.
    """

    PURGED = "purged"  # accepted on a verified receipt; the ciphertext is gone
    SENT = "sent"  # the data center holds it (RECEIVED) and has not accepted it yet
    REJECTED = "rejected"  # refused (signed, by the server per record, or here); kept
    PENDING = "pending"  # still waiting: sent again by the next push
    SEALED = "sealed"  # waiting, never sent yet (the local status of a record)
    SKIPPED = "skipped"  # left off a USB export and still waiting (held back, damaged)
    IGNORED = "ignored"  # a ``receipts.json`` line that changes nothing
    NOTED = "noted"  # a later state (DEDUPLICATED, RECAPTURE...) noted on a settled record

    @property
    def explained(self) -> bool:
        """Whether a person is told why (a refused or a waiting record has a reason to show)."""
        return self in _EXPLAINED

    @classmethod
    def of_state(cls, state: RecordStatus) -> DeliveryOutcome:
        """A waiting or refused record's state as the local status lists it (``sealed``...)."""
        return _OF_STATE[state]


_EXPLAINED = frozenset({DeliveryOutcome.REJECTED, DeliveryOutcome.PENDING})
_OF_STATE = {
    RecordStatus.SEALED: DeliveryOutcome.SEALED,
    RecordStatus.SENT: DeliveryOutcome.SENT,
    RecordStatus.REJECTED: DeliveryOutcome.REJECTED,
}


# --- plan ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SendPlan:
    """The records a transport sends now, and the ones it leaves, in sequence order."""

    #: Sealed, not held back, and sealed to a key the data center holds.
    sendable: list[RecordInfo] = field(default_factory=list)
    #: Held back for the ketua tim (awaiting review, or returned): not sent, still sealed.
    held: list[RecordInfo] = field(default_factory=list)
    #: Refused here, for good, already written: no data center could take them.
    refused: list[Verdict] = field(default_factory=list)


def plan_sending(session: Session, kids: Iterable[str], *, actor: str, word: Wording) -> SendPlan:
    """Plan a push or a USB export: which sealed records go, and refuse what never could.

    A record sealed to the demo key (sealed before enrollment: training data) or to a
    key the enrolled data center does not list (``kids``) is refused here as
    ``REJECTED`` with :data:`UNSENDABLE`, on either transport.  Refusing, not skipping:
    this laptop knows the answer as well as any data center would, so it is given once
    and the record stops waiting.  Skipped, it stayed SEALED, so a laptop that syncs only
    by USB never had "nothing waiting" and froze for a record it can never send.  An
    operator puts one refused by mistake back (:func:`fieldkit.delivery.requeue.requeue`).
    """
    held = states.held_back(session)
    known = frozenset(kids)
    plan = SendPlan()
    for info in outbox.list_records(session, states=(RecordStatus.SEALED,)):
        if info.record_id in held:
            plan.held.append(info)
        elif info.demo or info.kid not in known:
            plan.refused.append(Verdict.refused(info, UNSENDABLE))
        else:
            plan.sendable.append(info)
    apply_verdicts(session, plan.refused, actor=actor, word=word)
    return plan


# --- verdict -------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What was said about one record: a verified receipt, a refusal without one, or neither.

    ``sync/`` builds it after the signature checks; this module alone decides what it
    means.  ``state`` is the verified receipt's state (RECEIVED, ACCEPTED, REJECTED...),
    or REJECTED with no ``receipt`` for a refusal without one (the server's per-record
    answer, this laptop's own), or None when the receipt did not verify.
    """

    record: RecordInfo
    state: str | None
    #: The verified receipt, as kept on the record.
    receipt: str | None = None
    #: The reason code: the data center's, this laptop's, or the failed check's.
    reason: str | None = None
    #: The data center's own words on the record (the operator's note on a recapture).
    message: str | None = None
    #: The status feed's state for the record now (DEDUPLICATED, RECAPTURE...); None
    #: for an answer to this push, a manifest or a USB import.
    news: str | None = None

    @classmethod
    def refused(cls, record: RecordInfo, reason: str | None, message: str | None = None) -> Verdict:
        """Refused with no receipt: by the data center per record, or by this laptop."""
        return cls(record, _REJECTED, reason=reason, message=message)

    @classmethod
    def unverified(cls, record: RecordInfo, reason: str) -> Verdict:
        """A receipt came and did not verify (``reason`` says which check failed)."""
        return cls(record, None, reason=reason)

    @property
    def code(self) -> str:
        """The reason the record is settled with (a refusal without one says ``rejected``)."""
        return self.reason or settle.REJECTED


def apply_verdict(
    session: Session, verdict: Verdict, *, actor: str, word: Wording
) -> DeliveryOutcome:
    """Apply one verdict through :mod:`~fieldkit.delivery.settle`; what it did to the record.

    A receipt's state decides: REJECTED refuses (and puts the person on the revisit
    list), RECEIVED marks it sent, any other state (ACCEPTED, or a later one such as
    DEDUPLICATED) accepts and purges.  A status entry (``news``) settles a record still
    waiting by its receipt first, then notes its news on it: RECAPTURE asks for the
    person again (so does ENROLL_FAILURE: the office could not search its images),
    REJECTED refuses a record the laptop still holds, the others are noted (PRINT_READY_RECORD,
    DUPLICATE_RECORD, DUPLICATE_CLOSED...: the screens say them in words).
    """
    info = verdict.record
    if verdict.news is not None and info.state not in PENDING_STATES:
        _note_news(session, info, verdict, actor=actor)
        return DeliveryOutcome.NOTED
    outcome = _settle(session, verdict, actor=actor, word=word)
    if verdict.news is not None:
        _note_news(
            session, outbox.record_info(session, info.record_id) or info, verdict, actor=actor
        )
    return outcome


def apply_verdicts(
    session: Session, verdicts: list[Verdict], *, actor: str, word: Wording
) -> list[DeliveryOutcome]:
    """Apply a group of verdicts in one transaction (a push commits them so), in order."""
    outbox.preload(session, [verdict.record.record_id for verdict in verdicts])
    return [apply_verdict(session, verdict, actor=actor, word=word) for verdict in verdicts]


def _settle(session: Session, verdict: Verdict, *, actor: str, word: Wording) -> DeliveryOutcome:
    info, state = verdict.record, verdict.state
    if state is None:
        settle.unverified(session, info.record_id, verdict.code)
        return DeliveryOutcome.PENDING
    if verdict.receipt is None:
        settle.refused(
            session, info.record_id, verdict.code, word(info, verdict.code, verdict.message)
        )
        return DeliveryOutcome.REJECTED
    if state == _REJECTED:
        if verdict.message:
            log.info("data center's note on rejected %s: %s", info.record_id, verdict.message)
        settle.rejected(
            session,
            info.record_id,
            server_state=state,
            reason=verdict.reason,
            message=word(info, verdict.code, verdict.message),
            actor=actor,
            receipt=verdict.receipt,
        )
        return DeliveryOutcome.REJECTED
    if state == _RECEIVED:
        settle.received(session, info.record_id, verdict.receipt, state)
        return DeliveryOutcome.SENT
    settle.accepted(session, info, verdict.receipt, state, actor=actor)
    return DeliveryOutcome.PURGED


def _note_news(session: Session, info: RecordInfo, verdict: Verdict, *, actor: str) -> None:
    news = str(verdict.news)
    if news in server_states.RECAPTURE_STATES:
        settle.recapture_requested(session, info, news, verdict.message, actor=actor)
    else:
        settle.later_state(
            session,
            info,
            news,
            refused=news == _REJECTED,
            reason=verdict.reason,
            message=verdict.message,
        )
