"""The data center's record states as the laptop knows them, and the words each is said in.

The status feed brings a sent record's later states (``server_state`` on the outbox
row); Perekaman, Tinjauan and Serah terima show them in words, and the delivery flow
decides what each does.  One mapping, here: :func:`state_words` gives the sentence (a
code of context :data:`CONTEXT` in :mod:`fieldkit.records.sentences`, its params and
its tone), each screen translates and draws it; no screen keeps its own list.

The names mirror ``sync.protocol.RecordState``: the core sits below ``sync`` (the
layers contract) and cannot import it, so ``tests/fieldkit/records/test_server_states``
fails when the protocol gains a state this module does not know or word.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fieldkit.sentences import english

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "ACCEPTED",
    "CONTEXT",
    "DEDUPLICATED",
    "DUPLICATE_CLOSED",
    "DUPLICATE_RECORD",
    "ENROLL_FAILURE",
    "KNOWN_STATES",
    "PRINTED",
    "PRINT_READY_RECORD",
    "READY_FOR_HANDOVER",
    "RECAPTURE",
    "RECAPTURE_STATES",
    "RECEIVED",
    "REJECTED",
    "StateWords",
    "Tone",
    "state_words",
]

RECEIVED = "RECEIVED"
ACCEPTED = "ACCEPTED"
REJECTED = "REJECTED"
DEDUPLICATED = "DEDUPLICATED"
PRINTED = "PRINTED"
READY_FOR_HANDOVER = "READY_FOR_HANDOVER"
RECAPTURE = "RECAPTURE"
#: Penunggalan found candidates: the record waits for the office's decision, no card meanwhile.
DUPLICATE_RECORD = "DUPLICATE_RECORD"
#: No candidate, or decided "not a duplicate": the card may be printed (not printed yet).
PRINT_READY_RECORD = "PRINT_READY_RECORD"
#: The images could not be searched; the laptop treats it as RECAPTURE.
ENROLL_FAILURE = "ENROLL_FAILURE"
#: Decided a second recording of an older record, which stands: this one is closed.
DUPLICATE_CLOSED = "DUPLICATE_CLOSED"

#: Every state the data center may report (``sync.protocol.RecordState``, by value).
KNOWN_STATES = frozenset(
    {
        RECEIVED,
        ACCEPTED,
        REJECTED,
        DEDUPLICATED,
        PRINTED,
        READY_FOR_HANDOVER,
        RECAPTURE,
        DUPLICATE_RECORD,
        PRINT_READY_RECORD,
        ENROLL_FAILURE,
        DUPLICATE_CLOSED,
    }
)
#: States that send the person back to the revisit list (``sync.protocol.RECAPTURE_STATES``).
RECAPTURE_STATES = frozenset({RECAPTURE, ENROLL_FAILURE})

#: The sentences' context (:mod:`fieldkit.records.sentences`).
CONTEXT = "server_state"
#: The code of a state this laptop does not know (a newer data center's): said with its name.
UNKNOWN = "unknown"


class Tone(enum.StrEnum):
    """How a state reads at a glance; the screens draw it as their pill of the same kind."""

    OK = "ok"  # on its way to a card
    WARNING = "warning"  # someone must act: the office decides, or the team records again
    DANGER = "danger"  # refused
    NEUTRAL = "neutral"  # nothing to do here


#: state -> (sentence code, tone).  RECAPTURE and ENROLL_FAILURE carry the reason (below).
_WORDS: dict[str, tuple[str, Tone]] = {
    RECEIVED: ("received", Tone.NEUTRAL),
    ACCEPTED: ("accepted", Tone.OK),
    REJECTED: ("rejected", Tone.DANGER),
    DEDUPLICATED: ("deduplicated", Tone.OK),
    PRINTED: ("printed", Tone.OK),
    READY_FOR_HANDOVER: ("ready_for_handover", Tone.OK),
    RECAPTURE: ("recapture", Tone.WARNING),
    DUPLICATE_RECORD: ("duplicate_record", Tone.WARNING),
    PRINT_READY_RECORD: ("print_ready", Tone.OK),
    ENROLL_FAILURE: ("recapture", Tone.WARNING),
    DUPLICATE_CLOSED: ("duplicate_closed", Tone.NEUTRAL),
}
#: The recapture's sentence with the data center's reason in it.
RECAPTURE_WITH_REASON = "recapture_reason"
#: A closed duplicate's sentence with the administrator's reason (the card comes from the
#: older record: the team tells the family so, and why).
CLOSED_WITH_REASON = "duplicate_closed_reason"


@dataclass(frozen=True)
class StateWords:
    """A data-center state as a sentence: its code in :data:`CONTEXT`, params and tone."""

    code: str
    tone: Tone
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def english(self) -> str:
        """The English sentence (logs, the CLI); the screens translate ``code`` instead."""
        return english(CONTEXT, self.code, self.params)


def state_words(server_state: str | None, message: str | None = None) -> StateWords | None:
    """The words of ``server_state``; None for a record the data center has not answered.

    ``message`` is the data center's own words on the record: a recapture (RECAPTURE,
    ENROLL_FAILURE) is said with it, "Rekam ulang: foto buram", so the team knows why;
    a closed duplicate with the administrator's reason, so the team can tell the family
    their card comes from the earlier recording.
    A state this laptop does not know yet is said by its name rather than hidden.
    """
    if not server_state:
        return None
    found = _WORDS.get(server_state)
    if found is None:
        return StateWords(UNKNOWN, Tone.NEUTRAL, {"state": server_state})
    code, tone = found
    reason = " ".join((message or "").split())
    if server_state in RECAPTURE_STATES and reason:
        return StateWords(RECAPTURE_WITH_REASON, tone, {"reason": reason})
    if server_state == DUPLICATE_CLOSED and reason:
        return StateWords(CLOSED_WITH_REASON, tone, {"reason": reason})
    return StateWords(code, tone)
