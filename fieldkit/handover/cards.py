"""Handing printed KTP-el cards to their owners, directly or through a courier.

The data center's later states (PRINTED, READY_FOR_HANDOVER) reach the laptop
through the sync client's status pull and land in the outbox row's
``server_state``; :func:`handover_list` shows those records with the name and
NIK kept on the planning target.

**Which card is whose.**  The data center's PRINTED state carries no card
UID (the reference service's ``records set-state`` cannot send one), so the
binding is made at the first read: the officer picks the record from the
list, the card is read over PC/SC (``FF CA 00 00 00``), and its UID is bound
to that record.  Every later read for that record (the courier's receipt,
then the final delivery, or a repeated attempt) must show the same UID, and a
UID already bound to another record is refused: a wrong card is caught the
second time it is touched, and never given to two people.  A card the office
put in a delivery with the UID it printed (issue 49 §2, ``card_delivery_cards``)
is checked at its first read too: another UID is refused with both UIDs and the
delivery's number in words, and the same UID binds as a card *compared*.

**Signatures.**  The recipient (or their guardian, or the village officer,
or the courier) signs on the pad; the pen samples are kept in the encrypted
store and judged by :mod:`fieldkit.quality.signature`; a failing signature
(``empty``, a dot, a scribble) refuses the handover, so nobody leaves with a
card and no receipt.

**Courier (SOP 002, Becak Pintar).**  The courier signs one receipt for a
batch of cards (:func:`give_to_courier`); each card is still read and bound.
The final recipient is recorded later (:func:`confirm_delivery`), signed on
the pad or on the courier's report.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import logging
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sqlalchemy as sa

from drivers.base import CaptureRequest, PenSample
from drivers.errors import DeviceTimeout, TimeoutReason
from drivers.pen import DEFAULT_UNITS_PER_MM
from fieldkit import audit, nik, promise
from fieldkit.card_uid import normalise_uid
from fieldkit.enrollment.models import TargetOutcome
from fieldkit.errors import InvalidInput, KnownError
from fieldkit.events import HandoverChanged
from fieldkit.handover import kinds
from fieldkit.handover.models import (
    PRINTED_CARDS_KEY,
    CardBinding,
    CardDelivery,
    CardDeliveryCard,
    Handover,
    HandoverSignature,
    OfficePrintedCard,
)
from fieldkit.officers import require_role
from fieldkit.permissions import CARD_HANDLERS, UNRECORDED_CARD_ACCEPTERS
from fieldkit.planning.models import Target, Visit
from fieldkit.quality.signature import assess_signature
from fieldkit.records import server_states
from fieldkit.records.models import SealedRecordRow
from fieldkit.store.models import Setting

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sqlalchemy.orm import Session

    from drivers.base import CaptureResult
    from drivers.interfaces import CardReader, SignaturePad
    from fieldkit.quality.result import QualityReport
    from fieldkit.workspace import Workspace

#: Defined without the tables (``kinds.py``) for the command line's parser; named here too.
Relation = kinds.Relation

log = logging.getLogger(__name__)

#: Data-center states in which the card exists and may be handed over.
#: PRINT_READY_RECORD is not among them: penunggalan passed, the card is not printed yet.
PRINTED_STATES = frozenset({server_states.PRINTED, server_states.READY_FOR_HANDOVER})
PEN_SAMPLES = "application/vnd.fieldkit.pen-samples+json"
_MIN_PREFIX = 4


class HandoverKind(enum.StrEnum):
    DIRECT = "direct"
    COURIER = "courier"  # to the courier, who signs a receipt
    DELIVERY = "delivery"  # the courier's delivery to the final recipient

    @property
    def document_term(self) -> str:
        """The Indonesian term the official documents print, whatever the UI's language.

        The receipt, the letters and the berita acara are worded in Indonesian by
        regulation (``fieldkit/reports/``); a screen words this value from
        ``ui/labels_catalogue.py`` instead.
        """
        return {
            HandoverKind.DIRECT: "Langsung",
            HandoverKind.COURIER: "Kepada kurir",
            HandoverKind.DELIVERY: "Diantar kurir",
        }[self]


class HandoverState(enum.StrEnum):
    READY = "ready"
    WITH_COURIER = "with_courier"
    HANDED_OVER = "handed_over"


# --- errors ----------------------------------------------------------------------------


class UnknownRecord(KnownError):
    """No single record matches the id typed: too short, not here, or more than one."""

    code = "unknown_record"


class NotPrinted(KnownError):
    """The data center has not reported the card as printed."""

    code = "not_printed"


class WrongCard(KnownError):
    """The card is not this record's; the officer checks different things in each case.

    Either the record is bound to another card UID (``wrong_card``), the card is
    bound to another record (``card_of_another_record``), the office recorded
    another UID for this record's card in a delivery (``not_the_delivery_card``) or
    among its printed cards (``not_the_printed_card``), or the office recorded this
    card's UID for another person's (``card_printed_for_another``): that one, and a card
    bound to another record, name the person whose card it is.
    """

    code = "wrong_card"


class UnrecordedCard(KnownError):
    """The office printed no card with this UID for this laptop's records (issue 56.1).

    Not a silent binding: only the ketua tim may decide to hand such a card over
    (``accept_unrecorded``), and the decision is in the audit trail.
    """

    code = "card_not_recorded_by_office"


class AlreadyHandedOver(KnownError):
    code = "already_handed_over"


class SignatureRejected(KnownError):
    code = "signature_rejected"

    def __init__(self, report: QualityReport) -> None:
        super().__init__(params={"instruction": report.instruction.code})
        self.report = report


# --- inputs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureInput:
    """Pen samples from the pad and what the pad was; empty samples mean nobody signed."""

    samples: tuple[PenSample, ...]
    units_per_mm: float = DEFAULT_UNITS_PER_MM
    device: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_capture(cls, result: CaptureResult) -> SignatureInput:
        try:
            units = float(result.metadata.get("units_per_mm", DEFAULT_UNITS_PER_MM))
        except ValueError:
            units = DEFAULT_UNITS_PER_MM
        info = result.device
        return cls(
            result.pen_samples,
            units,
            {"backend": info.backend, "model": info.model, "serial": info.serial},
        )


def read_card_uid(reader: CardReader, timeout_s: float = 15.0) -> str:
    """Wait for a card, read its UID over PC/SC (``FF CA 00 00 00``) and let it go."""
    reader.wait_for_card(timeout_s)
    reader.connect()
    try:
        return reader.get_uid().hex().upper()
    finally:
        reader.disconnect()


def capture_signature(pad: SignaturePad, timeout_s: float = 30.0) -> SignatureInput:
    """One signature from the pad; nobody signing in time gives an empty signature.

    The empty signature is then refused by the quality check with ``empty``,
    the same way as a capture that ended with no ink.
    """
    try:
        return SignatureInput.from_capture(pad.capture(CaptureRequest(timeout_s=timeout_s)))
    except DeviceTimeout as exc:
        if exc.reason is not TimeoutReason.NO_PEN:
            raise
        return SignatureInput((), DEFAULT_UNITS_PER_MM, {"backend": pad.backend_name})


# --- views -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HandoverItem:
    """One printed card waiting for (or past) its handover."""

    record_id: str
    target_id: str | None
    visit_id: str | None
    name: str | None
    nik: str | None
    visit_date: dt.date | None
    desa: str | None
    server_state: str
    state: HandoverState
    card_uid: str | None
    #: The date the family's receipt named (issue 49 §1): the visit + the office's promise.
    promise_date: dt.date | None = None

    @property
    def data_center(self) -> server_states.StateWords | None:
        """The data center's state in words ("KTP-el sudah dicetak"), as every screen says it."""
        return server_states.state_words(self.server_state)

    def as_json(self) -> dict[str, object]:
        return {
            "record_id": self.record_id,
            "target_id": self.target_id,
            "visit_id": self.visit_id,
            "name": self.name,
            "nik": nik.mask(self.nik) if self.nik else None,
            "visit_date": self.visit_date.isoformat() if self.visit_date else None,
            "desa": self.desa,
            "server_state": self.server_state,
            "state": self.state.value,
            "card_uid": self.card_uid,
            "promise_date": self.promise_date.isoformat() if self.promise_date else None,
        }


@dataclass(frozen=True)
class HandoverInfo:
    id: str
    record_id: str
    kind: HandoverKind
    recipient_name: str
    relation: Relation
    organisation: str | None
    card_uid: str | None
    batch_id: str | None
    signature_score: float | None
    source: str | None
    handed_by: str
    handed_at: dt.datetime

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "record_id": self.record_id,
            "kind": self.kind.value,
            "recipient_name": self.recipient_name,
            "relation": self.relation.value,
            "organisation": self.organisation,
            "card_uid": self.card_uid,
            "batch_id": self.batch_id,
            "signature_score": self.signature_score,
            "source": self.source,
            "handed_by": self.handed_by,
            "handed_at": self.handed_at.isoformat(),
        }


def _state(session: Session, record_id: str) -> HandoverState:
    kinds = set(session.scalars(sa.select(Handover.kind).where(Handover.record_id == record_id)))
    if HandoverKind.DIRECT in kinds or HandoverKind.DELIVERY in kinds:
        return HandoverState.HANDED_OVER
    if HandoverKind.COURIER in kinds:
        return HandoverState.WITH_COURIER
    return HandoverState.READY


def _item(
    session: Session,
    row: SealedRecordRow,
    office: tuple[int, promise.HolidayCalendar] | None = None,
) -> HandoverItem:
    outcome = session.scalars(
        sa.select(TargetOutcome).where(TargetOutcome.record_id == row.record_id)
    ).first()
    target = session.get(Target, outcome.target_id) if outcome else None
    visit = session.get(Visit, outcome.visit_id if outcome else row.visit_id or "")
    binding = session.get(CardBinding, row.record_id)
    return HandoverItem(
        record_id=row.record_id,
        target_id=target.id if target else None,
        visit_id=visit.id if visit else row.visit_id,
        name=target.name if target else None,
        nik=target.nik if target else None,
        visit_date=visit.visit_date if visit else None,
        desa=visit.desa_name if visit else None,
        server_state=row.server_state or "",
        state=_state(session, row.record_id),
        card_uid=binding.card_uid if binding else None,
        promise_date=(
            promise.add_working_days(visit.visit_date, office[0], office[1])
            if visit is not None and office is not None
            else None
        ),
    )


def handover_list(ws: Workspace, *, include_done: bool = False) -> list[HandoverItem]:
    """Records whose card the data center printed, oldest first; handed-over ones on request.

    Names and villages of the people: those who hand cards over read it (the screen,
    ``fieldkit handover list``), as the handover screen is theirs alone.
    """
    require_role(ws.officer, *CARD_HANDLERS)
    with ws.transaction() as session:
        rows = session.scalars(
            sa.select(SealedRecordRow)
            .where(SealedRecordRow.server_state.in_(sorted(PRINTED_STATES)))
            .order_by(SealedRecordRow.seq)
        ).all()
        office = promise.office_promise_in(session)
        items = [_item(session, row, office) for row in rows]
    if include_done:
        return items
    return [i for i in items if i.state is not HandoverState.HANDED_OVER]


def _record(session: Session, ref: str) -> SealedRecordRow:
    ref = ref.strip().lower()
    if len(ref) < _MIN_PREFIX:
        raise UnknownRecord(code="record_id_too_short", params={"min": _MIN_PREFIX})
    rows = session.scalars(
        sa.select(SealedRecordRow)
        .where(SealedRecordRow.record_id.startswith(ref, autoescape=True))
        .limit(2)
    ).all()
    if len(rows) != 1:
        raise UnknownRecord(
            code="record_id_ambiguous" if rows else None,
            params={"record": ref, "matches": len(rows)},
        )
    return rows[0]


def _printed(session: Session, ref: str) -> SealedRecordRow:
    row = _record(session, ref)
    if row.server_state not in PRINTED_STATES:
        raise NotPrinted(
            params={"record": row.record_id[:8], "state": row.server_state or row.state}
        )
    return row


@dataclass(frozen=True)
class CardCheck:
    """What reading a card for a record showed."""

    record_id: str
    card_uid: str
    #: True at the card's first read: it was bound now, so there was nothing to compare with.
    first_read: bool
    #: The office's delivery named this UID for the record, and the card read showed it.
    office_uid_matched: bool = False


def check_card(ws: Workspace, record_ref: str, card_uid: str) -> str:
    """Bind the card to the record at its first read, or check it is the bound one.

    Returns the record id.  Usable on its own (the screen reads the card
    first and shows whether it matches) and inside every handover.
    """
    return read_card_for(ws, record_ref, card_uid).record_id


def read_card_for(
    ws: Workspace, record_ref: str, card_uid: str, *, accept_unrecorded: bool = False
) -> CardCheck:
    """:func:`check_card`, saying whether the card was *compared* or only *bound* now.

    The office's UID for the record's card, when it sent one, is the one to match.
    Without one, a first read binds the card on the reader, real or simulated: only a
    later read can show a mismatch, and only the name and NIK printed on the card can
    tell the officer at the first one.  Nobody may be told "the card matches" when
    nothing was compared.  Once the office sends its printed cards, a card it never
    recorded is refused (:class:`UnrecordedCard`) unless the ketua tim, logged in,
    accepts it (``accept_unrecorded``).
    """
    require_role(ws.officer, *CARD_HANDLERS)
    if accept_unrecorded:
        require_role(ws.officer, *UNRECORDED_CARD_ACCEPTERS)
    uid = normalise_uid(card_uid)
    with ws.transaction() as session:
        row = _printed(session, record_ref)
        first_read = _bind_or_match(
            session, ws, row.record_id, uid, accept_unrecorded=accept_unrecorded
        )
        office = first_read and _office_uid(session, row.record_id) is not None
        # A first read the office's UID agreed with was a comparison, not a bare binding.
        return CardCheck(row.record_id, uid, first_read and not office, office_uid_matched=office)


def _office_uid(session: Session, record_id: str) -> tuple[str, str | None] | None:
    """The UID the office recorded for the record's card, and the delivery that lists it.

    A delivery's UID first (the card the team was given); else the office's printed
    cards (no delivery: None).
    """
    found = session.execute(
        sa.select(CardDeliveryCard.card_uid, CardDelivery.number)
        .join(CardDelivery, CardDelivery.id == CardDeliveryCard.delivery_id)
        .where(CardDeliveryCard.record_id == record_id, CardDeliveryCard.card_uid.is_not(None))
        .order_by(CardDelivery.delivery_date.desc(), CardDelivery.number)
        .limit(1)
    ).first()
    if found is not None:
        return str(found[0]), str(found[1])
    printed = session.get(OfficePrintedCard, record_id)
    return None if printed is None else (printed.card_uid, None)


def _printed_for(session: Session, uid: str, record_id: str) -> str | None:
    """The other record the office printed the card with ``uid`` for, if any."""
    for table in (CardDeliveryCard, OfficePrintedCard):
        other = session.scalars(
            sa.select(table.record_id).where(table.card_uid == uid, table.record_id != record_id)
        ).first()
        if other is not None:
            return str(other)
    return None


def _person_of(session: Session, record_id: str) -> str:
    """Whose card it is, as the officer holding it reads the card: the person's name.

    A record this laptop no longer lists by name (its target gone) is named by its id,
    which reads the same in every language.
    """
    outcome = session.scalars(
        sa.select(TargetOutcome).where(TargetOutcome.record_id == record_id)
    ).first()
    target = session.get(Target, outcome.target_id) if outcome else None
    return target.name if target is not None else record_id[:8]


def _bind_or_match(
    session: Session, ws: Workspace, record_id: str, uid: str, *, accept_unrecorded: bool = False
) -> bool:
    """True when the card was bound now (its first read), False when it matched the binding.

    At the first read a UID the office recorded (in a delivery, or among its printed
    cards) is the one to match: a card read with another UID is not bound (the next card
    may be the right one).  A card the office printed for someone else is refused by
    that person's name; one it never recorded, once it sends its printed cards, waits
    for the ketua tim (``accept_unrecorded``).
    """
    binding = session.get(CardBinding, record_id)
    if binding is not None:
        if binding.card_uid != uid:
            raise WrongCard(
                params={"uid": uid, "record": record_id[:8], "bound_uid": binding.card_uid}
            )
        return False
    printed_for = _printed_for(session, uid, record_id)
    if printed_for is not None:  # issue 56.1: bound to the wrong person, and called right
        raise WrongCard(
            code="card_printed_for_another",
            params={
                "uid": uid,
                "record": record_id[:8],
                "person": _person_of(session, record_id),
                "name": _person_of(session, printed_for),
            },
        )
    office = _office_uid(session, record_id)
    if office is not None and office[0] != uid:
        params = {"uid": uid, "record": record_id[:8], "office_uid": office[0]}
        if office[1] is None:
            raise WrongCard(code="not_the_printed_card", params=params)
        raise WrongCard(code="not_the_delivery_card", params={**params, "delivery": office[1]})
    other = session.scalars(sa.select(CardBinding).where(CardBinding.card_uid == uid)).first()
    if other is not None:
        raise WrongCard(
            code="card_of_another_record",
            params={
                "uid": uid,
                "record": record_id[:8],
                "other": other.record_id[:8],
                "name": _person_of(session, other.record_id),
            },
        )
    unrecorded = office is None and session.get(Setting, PRINTED_CARDS_KEY) is not None
    if unrecorded and not accept_unrecorded:
        raise UnrecordedCard(params={"uid": uid, "record": record_id[:8]})
    session.add(
        CardBinding(
            record_id=record_id,
            card_uid=uid,
            bound_by=ws.officer.username,
            bound_at=dt.datetime.now(dt.UTC),
        )
    )
    session.flush()
    audit.append(
        session,
        ws.officer.username,
        "handover.unrecorded_card_accepted" if unrecorded else "handover.card_bound",
        record_id,
    )
    return True


def check_signature(signature: SignatureInput) -> QualityReport:
    """The signature as the handover will judge it; raises ``SignatureRejected`` if refused.

    Called as the pad hands the signature over, so the screen never says "Signed" of a
    signature that the handover then refuses (issue 59 §6).
    """
    report = assess_signature(signature.samples, units_per_mm=signature.units_per_mm)
    if not report.passed:
        raise SignatureRejected(report)
    return report


def _store_signature(session: Session, signature: SignatureInput) -> tuple[str, float | None]:
    report = check_signature(signature)
    samples = json.dumps([[s.x, s.y, s.pressure, s.t_ms] for s in signature.samples]).encode()
    row = HandoverSignature(
        id=str(uuid.uuid4()),
        media_type=PEN_SAMPLES,
        samples=samples,
        sha256=hashlib.sha256(samples).hexdigest(),
        units_per_mm=signature.units_per_mm,
        quality_score=report.score,
        quality_passed=report.passed,
        device=json.dumps(signature.device, sort_keys=True),
        captured_at=dt.datetime.now(dt.UTC),
    )
    session.add(row)
    session.flush()
    return row.id, report.score


#: The handover fields :func:`_clean` names in its errors: English for the command line
#: (``field``), and a code the UI's catalogue words (``field_code``, ``ui/param_catalogue.py``).
_FIELD_CODES = {
    "recipient's name": "recipient_name",
    "courier's name": "courier_name",
    "courier's organisation": "courier_organisation",
    "note": "note",
}


def _clean(text: str | None, what: str, *, required: bool) -> str | None:
    words = " ".join((text or "").split()) or None
    if required and words is None:
        raise InvalidInput(
            code="handover_field_required",
            params={"field": what, "field_code": _FIELD_CODES.get(what, what)},
        )
    if words is not None and len(words) > 160:  # noqa: PLR2004 - the column's width
        raise InvalidInput(
            code="handover_field_too_long",
            params={"field": what, "field_code": _FIELD_CODES.get(what, what)},
        )
    return words


def _add(
    session: Session,
    ws: Workspace,
    row: SealedRecordRow,
    *,
    kind: HandoverKind,
    recipient: str,
    relation: Relation,
    uid: str | None,
    signature_id: str | None,
    batch_id: str | None = None,
    organisation: str | None = None,
    source: str | None = None,
    note: str | None = None,
) -> Handover:
    outcome = session.scalars(
        sa.select(TargetOutcome).where(TargetOutcome.record_id == row.record_id)
    ).first()
    entry = Handover(
        id=str(uuid.uuid4()),
        record_id=row.record_id,
        target_id=outcome.target_id if outcome else None,
        visit_id=outcome.visit_id if outcome else row.visit_id,
        kind=kind.value,
        batch_id=batch_id,
        card_uid=uid,
        recipient_name=recipient,
        relation=relation.value,
        organisation=organisation,
        signature_id=signature_id,
        source=source,
        note=note,
        handed_by=ws.officer.username,
        handed_at=dt.datetime.now(dt.UTC),
    )
    session.add(entry)
    session.flush()
    audit.append(
        session, ws.officer.username, "handover.recorded", row.record_id, {"kind": kind.value}
    )
    return entry


def _info(session: Session, entry: Handover) -> HandoverInfo:
    score = None
    if entry.signature_id:
        signature = session.get(HandoverSignature, entry.signature_id)
        score = signature.quality_score if signature else None
    return HandoverInfo(
        id=entry.id,
        record_id=entry.record_id,
        kind=HandoverKind(entry.kind),
        recipient_name=entry.recipient_name,
        relation=Relation(entry.relation),
        organisation=entry.organisation,
        card_uid=entry.card_uid,
        batch_id=entry.batch_id,
        signature_score=score,
        source=entry.source,
        handed_by=entry.handed_by,
        handed_at=entry.handed_at,
    )


def give_card(
    ws: Workspace,
    record_ref: str,
    *,
    card_uid: str,
    recipient: str,
    relation: Relation,
    signature: SignatureInput,
    note: str | None = None,
) -> HandoverInfo:
    """Hand a printed card to its owner, guardian or village officer, who signs on the pad."""
    require_role(ws.officer, *CARD_HANDLERS)
    if relation is Relation.COURIER:
        raise InvalidInput(
            code="courier_uses_courier_handover",
        )
    name = _clean(recipient, "recipient's name", required=True)
    words = _clean(note, "note", required=False)
    uid = normalise_uid(card_uid)
    with ws.transaction() as session:
        row = _printed(session, record_ref)
        state = _state(session, row.record_id)
        if state is not HandoverState.READY:
            with_courier = state is HandoverState.WITH_COURIER
            raise AlreadyHandedOver(
                code="handover_with_courier" if with_courier else None,
                params={"record": row.record_id[:8], "state": state.value},
            )
        _bind_or_match(session, ws, row.record_id, uid)
        signature_id, _ = _store_signature(session, signature)
        entry = _add(
            session,
            ws,
            row,
            kind=HandoverKind.DIRECT,
            recipient=name or "",
            relation=relation,
            uid=uid,
            signature_id=signature_id,
            note=words,
        )
        info = _info(session, entry)
    ws.events.emit(HandoverChanged(info.record_id))
    return info


def give_to_courier(
    ws: Workspace,
    cards: Sequence[tuple[str, str]],
    *,
    courier: str,
    organisation: str,
    signature: SignatureInput,
) -> list[HandoverInfo]:
    """One courier receipt (SOP 002 step 7) for a batch of ``(record, card UID)`` pairs."""
    require_role(ws.officer, *CARD_HANDLERS)
    if not cards:
        raise InvalidInput(code="courier_needs_records")
    name = _clean(courier, "courier's name", required=True)
    org = _clean(organisation, "courier's organisation", required=True)
    batch_id = str(uuid.uuid4())
    with ws.transaction() as session:
        rows = []
        for ref, card_uid in cards:
            row = _printed(session, ref)
            state = _state(session, row.record_id)
            if state is not HandoverState.READY:
                raise AlreadyHandedOver(params={"record": row.record_id[:8], "state": state.value})
            uid = normalise_uid(card_uid)
            _bind_or_match(session, ws, row.record_id, uid)
            rows.append((row, uid))
        signature_id, _ = _store_signature(session, signature)
        infos = [
            _info(
                session,
                _add(
                    session,
                    ws,
                    row,
                    kind=HandoverKind.COURIER,
                    recipient=name or "",
                    relation=Relation.COURIER,
                    uid=uid,
                    signature_id=signature_id,
                    batch_id=batch_id,
                    organisation=org,
                ),
            )
            for row, uid in rows
        ]
    ws.events.emit(HandoverChanged(None))
    return infos


def confirm_delivery(
    ws: Workspace,
    record_ref: str,
    *,
    recipient: str,
    relation: Relation,
    signature: SignatureInput | None = None,
    card_uid: str | None = None,
    note: str | None = None,
) -> HandoverInfo:
    """The courier delivered: the recipient signed (pad) or the courier reported it (no pad)."""
    require_role(ws.officer, *CARD_HANDLERS)
    if relation is Relation.COURIER:
        raise InvalidInput(code="recipient_is_courier")
    name = _clean(recipient, "recipient's name", required=True)
    words = _clean(note, "note", required=False)
    with ws.transaction() as session:
        row = _printed(session, record_ref)
        state = _state(session, row.record_id)
        if state is not HandoverState.WITH_COURIER:
            raise AlreadyHandedOver(
                code="card_not_with_courier",
                params={"record": row.record_id[:8], "state": state.value},
            )
        uid = normalise_uid(card_uid) if card_uid else None
        if uid is not None:
            _bind_or_match(session, ws, row.record_id, uid)
        signature_id = _store_signature(session, signature)[0] if signature else None
        entry = _add(
            session,
            ws,
            row,
            kind=HandoverKind.DELIVERY,
            recipient=name or "",
            relation=relation,
            uid=uid,
            signature_id=signature_id,
            source="signed" if signature else "courier_report",
            note=words,
        )
        info = _info(session, entry)
    ws.events.emit(HandoverChanged(info.record_id))
    return info


def local_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of a local calendar day and of the next one, as aware times."""
    start = dt.datetime.combine(day, dt.time()).astimezone()
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time()).astimezone()
    return start, end


def local_day(moment: dt.datetime) -> dt.date:
    """The local calendar day a stored (UTC) moment falls on."""
    return moment.astimezone().date()


def handovers(
    ws: Workspace,
    *,
    on: dt.date | None = None,
    ids: Iterable[str] | None = None,
    records: Iterable[str] | None = None,
) -> list[HandoverInfo]:
    """Handovers made on a day of the office's calendar, by id or of records; for the BA.

    The day is the laptop's local one (WIB, WITA or WIT as the office sets its
    clock), not UTC: a card handed over at 06.30 WIB was handed over "today",
    although in UTC it is still yesterday evening.
    """
    with ws.transaction() as session:
        query = sa.select(Handover).order_by(Handover.handed_at, Handover.id)
        if ids is not None:
            query = query.where(Handover.id.in_(list(ids)))
        if records is not None:
            query = query.where(Handover.record_id.in_(list(records)))
        if on is not None:
            start, end = local_day_bounds(on)
            query = query.where(Handover.handed_at >= start, Handover.handed_at < end)
        return [_info(session, e) for e in session.scalars(query)]


def signature_samples(ws: Workspace, handover_id: str) -> SignatureInput | None:
    """The pen samples of a handover's signature (for rendering it when allowed)."""
    with ws.transaction() as session:
        entry = session.get(Handover, handover_id)
        if entry is None or entry.signature_id is None:
            return None
        row = session.get(HandoverSignature, entry.signature_id)
        if row is None:
            return None
        raw = json.loads(row.samples)
        samples = tuple(PenSample(x, y, p, int(t)) for x, y, p, t in raw)
        return SignatureInput(samples, row.units_per_mm, json.loads(row.device))
