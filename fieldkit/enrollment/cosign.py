"""The ketua tim countersigns on the spot: a forced capture or an exception, with card and PIN.

A capture kept below the threshold with a reason, or a finger or eye excepted, flags
the sealed record for the ketua tim's review later, at the laptop's Tinjauan screen;
the record waits there before it may be sent.  When the ketua tim is in the room and
saw it, the office may let them countersign it at once (the office rule
:data:`RULE_KEY`, off unless the office or the laptop's admin turns it on: SOP 004
names no such step, so review after the visit stays the default).  MOSIP's
registration client does the same with its reviewer's authentication.

The ketua proves who they are the way the app's staff-card login does: the card
checks its PIN and counts wrong ones (it blocks itself after three), and the card's
login secret must open the ketua's card slot in this laptop's keyring, whose failures
count toward that officer's lockout (:meth:`Workspace.card_owner`).  Only an active
ketua tim may countersign, never the officer who recorded the person.

A countersigned flag leaves the record's ``review_flags`` (so the record does not wait
for review) and goes to its ``cosigns`` instead, with who signed and when; the
countersign is an audit event too.  The session stays the petugas's throughout.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

import sqlalchemy as sa

from fieldkit import audit, office_sent
from fieldkit.enrollment import (
    cosign_sentences,  # noqa: F401 - registers the sentences
    drafts,
    timing,
)
from fieldkit.enrollment.cosign_record import (
    Cosign,
    cosigns_of,
    exception_flag,
    flagged,
    forced_flag,
    record_entries,
    signed_off,
    valid_cosigns,
)
from fieldkit.enrollment.machine import (
    FingerMode,
    SignatureMode,
    all_exception_parts,
    slot_named,
)
from fieldkit.enrollment.models import (
    BiometricException,
    CaptureAttempt,
    Enrollment,
    EnrollmentCosign,
)
from fieldkit.errors import InvalidInput, KnownError
from fieldkit.events import RulesChanged
from fieldkit.officers import require_role
from fieldkit.permissions import ADMINISTRATORS, COSIGNERS
from fieldkit.store.models import Setting

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

#: The office rule: "1" offers the ketua tim's countersign on the spot, "0" (or no
#: setting) leaves every forced capture and exception to the review after the visit.
RULE_KEY = "enrollment.cosign_on_spot"


class CardProof(Protocol):
    """A staff card opened by its PIN (``staffcard.StaffUnlock``): its UID and login secret."""

    @property
    def uid(self) -> bytes: ...

    @property
    def login_secret(self) -> bytes: ...


class CosignNotOffered(KnownError):
    """The office rule is off: the flag waits for the review, as without this feature."""

    code = "cosign_not_offered"


class CosignNotTeamLead(KnownError):
    """The card belongs to an officer who is not a ketua tim (``role`` is their role's code)."""

    code = "cosign_not_ketua"


class CosignOwnWork(KnownError):
    """A countersign is a second pair of eyes: not the recording officer's own."""

    code = "cosign_own_work"


class NothingToCosign(InvalidInput):
    """No forced capture or exception of ``subject`` waits for a countersign."""

    code = "cosign_nothing"


@dataclass(frozen=True)
class CosignSubject:
    """What the ketua countersigns: a slot's forced capture(s), or one excepted part."""

    kind: Literal["forced", "exception"]
    name: str  # a slot's name ("face", "slap_right") or an exception part ("finger:7")

    @classmethod
    def forced(cls, slot: str) -> CosignSubject:
        return cls("forced", slot)

    @classmethod
    def exception(cls, part: str) -> CosignSubject:
        if part not in all_exception_parts():
            raise InvalidInput(code="exception_part_unknown", params={"part": part})
        return cls("exception", part)


# --- the rule --------------------------------------------------------------------------


def rule_on(session: Session) -> bool:
    row = session.get(Setting, RULE_KEY)
    return row is not None and row.value.strip() == "1"


def offered(ws: Workspace) -> bool:
    """Whether the screens offer the ketua tim's countersign after a force or an exception."""
    with ws.transaction() as session:
        return rule_on(session)


def set_rule(ws: Workspace, *, on: bool) -> None:
    """Turn the countersign on the spot on or off on this laptop (admin only, audited).

    Turning it on is the looser way (fewer records reviewed later), so an office
    package that set it off is a floor the laptop's admin cannot lift.
    """
    require_role(ws.officer, *ADMINISTRATORS)
    value = 1 if on else 0
    with ws.transaction() as session:
        before = rule_on(session)
        office_sent.refuse_above(session, RULE_KEY, value)
        session.merge(Setting(key=RULE_KEY, value=str(value)))
        if before != on:
            audit.append(
                session,
                ws.officer.username,
                "settings.rules_changed",
                None,
                {"cosign_on_spot": f"{int(before)} -> {value}"},
            )
    if before != on:
        ws.events.emit(RulesChanged((RULE_KEY,)))


# --- the countersign -------------------------------------------------------------------


def _subjects(session: Session, row: Enrollment, subject: CosignSubject) -> list[tuple[str, str]]:
    """(subject id, flag) of what ``subject`` names that carries a flag now."""
    if subject.kind == "forced":
        slot = slot_named(
            FingerMode(row.finger_mode), SignatureMode(row.signature_mode), subject.name
        )
        attempts = session.scalars(
            sa.select(CaptureAttempt)
            .where(
                CaptureAttempt.enrollment_id == row.id,
                CaptureAttempt.slot == slot.name,
                CaptureAttempt.forced_code.is_not(None),
            )
            .order_by(CaptureAttempt.attempt)
        )
        return [(a.id, forced_flag(a)) for a in attempts]
    entries = session.scalars(
        sa.select(BiometricException).where(
            BiometricException.enrollment_id == row.id, BiometricException.part == subject.name
        )
    )
    return [(e.id, exception_flag(e)) for e in entries]


def cosign_with_card(
    ws: Workspace, enrollment_ref: str, subject: CosignSubject, card: CardProof
) -> list[Cosign]:
    """Countersign ``subject`` with a staff card already opened by its PIN.

    The screens read the card on a worker (:func:`staffcard.read_login_secret`) and
    call this on the GUI thread, as the idle lock does; :func:`staffcard.countersign`
    does both for the CLI and the tests.  Refused: the rule off, a card
    not bound on this laptop or of a disabled officer, an officer who is not a ketua
    tim, the recording officer, or nothing (left) to countersign.
    """
    if not offered(ws):
        raise CosignNotOffered
    ketua = ws.card_owner(card.uid, card.login_secret)
    if ketua.role not in COSIGNERS:
        with ws.transaction() as session:
            audit.append(
                session,
                ws.officer.username,
                "enrollment.cosign_refused",
                None,
                {"card_of": ketua.username, "role": ketua.role.value},
            )
        raise CosignNotTeamLead(params={"role": ketua.role.value})
    now = timing.now()
    with ws.transaction() as session:
        row = drafts.load_for_change(ws, session, enrollment_ref)
        found = _subjects(session, row, subject)
        recorders = {ws.officer.username, row.officer}
        recorders |= {who for _flag, who in flagged(session, row.id).values() if who}
        if ketua.username in recorders:
            raise CosignOwnWork
        signed = {c.flag for c in valid_cosigns(session, row.id)}
        fresh = [(sid, flag) for sid, flag in found if flag not in signed]
        if not fresh:
            raise NothingToCosign(params={"subject": subject.name})
        for subject_id, flag in fresh:
            session.add(
                EnrollmentCosign(
                    id=str(uuid.uuid4()),
                    enrollment_id=row.id,
                    subject_id=subject_id,
                    flag=flag,
                    ketua=ketua.username,
                    signed_at=now,
                )
            )
            audit.append(
                session,
                ws.officer.username,
                "enrollment.cosign",
                row.id,
                {"flag": flag, "ketua": ketua.username},
            )
    log.info("ketua tim countersigned %d flag(s) on the spot", len(fresh))
    return [Cosign(flag, ketua.username, ketua.full_name, now) for _sid, flag in fresh]


__all__ = [
    "RULE_KEY",
    "CardProof",
    "Cosign",
    "CosignNotOffered",
    "CosignNotTeamLead",
    "CosignOwnWork",
    "CosignSubject",
    "NothingToCosign",
    "cosign_with_card",
    "cosigns_of",
    "exception_flag",
    "forced_flag",
    "offered",
    "record_entries",
    "rule_on",
    "set_rule",
    "signed_off",
]
