"""The card deliveries the office scheduled for this laptop's team (issue 49 §2).

The data center groups printed KTP-el cards by desa into a delivery with a date and a
team; the office package brings it here (``fieldkit.office.apply`` keeps it in
``card_deliveries``).  This module reads it back for Serah terima, which shows each
card under its delivery, and for the berita acara serah terima of one delivery
(``fieldkit.reports.serah_terima``).  A card's person and handover state come from this
laptop's own records (:func:`fieldkit.handover.cards.handover_list`): the package
carries no names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit.errors import InvalidInput
from fieldkit.handover import cards
from fieldkit.handover.cards import HandoverState
from fieldkit.handover.models import CardDelivery, CardDeliveryCard
from fieldkit.officers import require_role
from fieldkit.permissions import CARD_HANDLERS

if TYPE_CHECKING:
    import datetime as dt

    from fieldkit.workspace import Workspace


@dataclass(frozen=True)
class DeliveryCard:
    """One card of a delivery, with what this laptop knows of it."""

    record_id: str
    #: The UID the office recorded for the card (None: none recorded).
    office_uid: str | None
    #: The printed card as Serah terima lists it; None when this laptop has no printed
    #: record by that id (not synced yet, or purged): the BA then names only the id.
    item: cards.HandoverItem | None

    @property
    def handed_over(self) -> bool:
        return self.item is not None and self.item.state is HandoverState.HANDED_OVER


@dataclass(frozen=True)
class Delivery:
    """A delivery of printed cards to one desa, on a day, by a team."""

    id: str
    number: str
    delivery_date: dt.date
    desa_code: str
    desa_name: str
    kecamatan_code: str
    team: str
    cards: tuple[DeliveryCard, ...]

    @property
    def handed_over(self) -> int:
        """How many of its cards reached their owners (directly or by a courier)."""
        return sum(card.handed_over for card in self.cards)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "number": self.number,
            "delivery_date": self.delivery_date.isoformat(),
            "desa_code": self.desa_code,
            "desa_name": self.desa_name,
            "kecamatan_code": self.kecamatan_code,
            "team": self.team,
            "cards": [
                {
                    "record_id": c.record_id,
                    "office_uid": c.office_uid,
                    "state": c.item.state.value if c.item else None,
                }
                for c in self.cards
            ],
            "handed_over": self.handed_over,
        }


def list_deliveries(ws: Workspace) -> list[Delivery]:
    """Every delivery the office sent, by date then number, each card with its state."""
    require_role(ws.officer, *CARD_HANDLERS)
    with ws.transaction() as session:
        if session.scalar(sa.select(sa.func.count()).select_from(CardDelivery)) == 0:
            return []  # most laptops, most days: Serah terima lists its cards once, not twice
    items = {i.record_id: i for i in cards.handover_list(ws, include_done=True)}
    with ws.transaction() as session:
        rows = session.scalars(
            sa.select(CardDelivery).order_by(CardDelivery.delivery_date, CardDelivery.number)
        ).all()
        members: dict[str, list[DeliveryCard]] = {row.id: [] for row in rows}
        for card in session.scalars(
            sa.select(CardDeliveryCard).order_by(
                CardDeliveryCard.delivery_id, CardDeliveryCard.position
            )
        ):
            members.setdefault(card.delivery_id, []).append(
                DeliveryCard(card.record_id, card.card_uid, items.get(card.record_id))
            )
        return [
            Delivery(
                id=row.id,
                number=row.number,
                delivery_date=row.delivery_date,
                desa_code=row.desa_code,
                desa_name=row.desa_name,
                kecamatan_code=row.kecamatan_code,
                team=row.team,
                cards=tuple(members[row.id]),
            )
            for row in rows
        ]


def find_delivery(ws: Workspace, ref: str) -> Delivery:
    """The delivery by its number (``DST-2026-0001``, any case) or its id.

    Raises :class:`InvalidInput` ``unknown_delivery`` when none has it.
    """
    wanted = ref.strip().casefold()
    for delivery in list_deliveries(ws):
        if wanted in {delivery.number.casefold(), delivery.id}:
            return delivery
    raise InvalidInput(code="unknown_delivery", params={"delivery": ref.strip()})
