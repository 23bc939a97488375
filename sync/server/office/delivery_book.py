"""The card deliveries as stored, read: for the console, the CLI and the office package.

Apart from :mod:`sync.server.cards.deliveries` (which schedules them) so that the office package
(:meth:`sync.server.office.steering.Office.document`) reads a laptop's deliveries without importing
the scheduling, which itself writes through the office's settings: one direction only.
Nothing here writes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from fieldkit.office.package import MAX_PRINTED_CARDS
from sync.server.store.stamps import office_today
from sync.server.store.tables import (
    card_deliveries,
    card_delivery_cards,
    card_handovers,
    card_prints,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable, Mapping

    from sqlalchemy.engine import Connection

    from sync.server.store.database import SqlStore

#: ``card_deliveries.team`` holds this many characters (the package's limit too).
MAX_TEAM = 64
#: The deliveries one laptop's package carries at most (the latest by day).
PACKAGE_DELIVERIES = 200


@dataclass(frozen=True)
class Delivery:
    """One delivery as stored, with its cards' record ids (in record id order)."""

    id: str
    number: str
    device_id: str
    desa_code: str
    kecamatan_code: str
    delivery_date: str
    team: str
    actor: str
    created_at: str
    record_ids: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        found = asdict(self)
        found["record_ids"] = list(self.record_ids)
        return found


def _deliveries(conn: Connection, *where: Any, limit: int | None = None) -> list[Delivery]:
    query = (
        sa.select(card_deliveries)
        .where(*where)
        .order_by(card_deliveries.c.delivery_date.desc(), card_deliveries.c.number.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    rows = conn.execute(query).mappings().all()
    ids = [str(r["id"]) for r in rows]
    cards: dict[str, list[str]] = {i: [] for i in ids}
    if ids:
        for delivery_id, record_id in conn.execute(
            sa.select(card_delivery_cards.c.delivery_id, card_delivery_cards.c.record_id)
            .where(card_delivery_cards.c.delivery_id.in_(ids))
            .order_by(card_delivery_cards.c.record_id)
        ):
            cards[str(delivery_id)].append(str(record_id))
    return [
        Delivery(
            **{k: str(v) for k, v in row.items()},
            record_ids=tuple(cards[str(row["id"])]),
        )
        for row in rows
    ]


def deliveries(
    store: SqlStore, device_id: str | None = None, *, limit: int | None = None
) -> list[Delivery]:
    """Every delivery (or one laptop's, or the latest ``limit``), the latest day first."""
    where = [] if device_id is None else [card_deliveries.c.device_id == device_id]
    with store.reading() as conn:
        return _deliveries(conn, *where, limit=limit)


def delivery_by_number(store: SqlStore, number: str) -> Delivery | None:
    with store.reading() as conn:
        found = _deliveries(conn, card_deliveries.c.number == number)
    return found[0] if found else None


def delivery_of(store: SqlStore, device_id: str, record_id: str) -> Delivery | None:
    """The delivery a record's card is in, if any (a record's page says it)."""
    with store.reading() as conn:
        delivery_id = conn.execute(
            sa.select(card_delivery_cards.c.delivery_id).where(
                card_delivery_cards.c.device_id == device_id,
                card_delivery_cards.c.record_id == record_id,
            )
        ).scalar_one_or_none()
        if delivery_id is None:
            return None
        found = _deliveries(conn, card_deliveries.c.id == delivery_id)
    return found[0] if found else None


def handed_over(store: SqlStore, delivery: Delivery) -> set[str]:
    """The delivery's records whose card a laptop has reported handed over."""
    if not delivery.record_ids:
        return set()
    with store.reading() as conn:
        return {
            str(r)
            for r in conn.execute(
                sa.select(card_handovers.c.record_id)
                .where(
                    card_handovers.c.device_id == delivery.device_id,
                    card_handovers.c.record_id.in_(delivery.record_ids),
                )
                .distinct()
            ).scalars()
        }


def card_uids(conn: Connection, device_id: str, record_ids: Iterable[str]) -> dict[str, str]:
    """Each record's card now: the UID of its latest print."""
    wanted = list(record_ids)
    if not wanted:
        return {}
    uids: dict[str, str] = {}
    for record_id, uid in conn.execute(
        sa.select(card_prints.c.record_id, card_prints.c.card_uid)
        .where(card_prints.c.device_id == device_id, card_prints.c.record_id.in_(wanted))
        .order_by(card_prints.c.printed_at, card_prints.c.id)
    ):
        uids[str(record_id)] = str(uid)
    return uids


def package_deliveries(
    store: SqlStore,
    device_id: str,
    today: dt.date | None = None,
    *,
    desa_names: Callable[[], Mapping[str, str]],
) -> list[dict[str, Any]]:
    """The ``deliveries`` of a laptop's office package (docs/sync-protocol.md §14).

    That laptop's deliveries whose day is today or later, or which still have a card no
    handover was reported for; the latest :data:`PACKAGE_DELIVERIES` by day, then in
    day order; each delivery's cards in record id order with their card's UID.
    ``desa_names`` gives the desa's names, asked only when there is a delivery to name.
    """
    day = (today or office_today()).isoformat()
    open_card = sa.exists(
        sa.select(card_delivery_cards.c.record_id).where(
            card_delivery_cards.c.delivery_id == card_deliveries.c.id,
            ~sa.exists(
                sa.select(card_handovers.c.event_id).where(
                    card_handovers.c.device_id == card_delivery_cards.c.device_id,
                    card_handovers.c.record_id == card_delivery_cards.c.record_id,
                )
            ),
        )
    )
    with store.reading() as conn:
        found = _deliveries(
            conn,
            card_deliveries.c.device_id == device_id,
            sa.or_(card_deliveries.c.delivery_date >= day, open_card),
            limit=PACKAGE_DELIVERIES,
        )
        uids = card_uids(conn, device_id, [r for d in found for r in d.record_ids])
    names = desa_names() if found else {}
    return [
        package_entry(d, uids, names)
        for d in sorted(found, key=lambda d: (d.delivery_date, d.number))
    ]


def package_printed_cards(store: SqlStore, device_id: str) -> list[dict[str, str]]:
    """The ``printed_cards`` of a laptop's office package (issue 56.1).

    Every card the office printed for this laptop's records and no handover was reported
    for, in or out of a delivery, each with the UID of the record's latest print: the
    laptop compares the card it reads with it on every path ("Semua kartu" and the CLI
    too), and names the person a card read for someone else was printed for.
    """
    handed = sa.exists(
        sa.select(card_handovers.c.event_id).where(
            card_handovers.c.device_id == card_prints.c.device_id,
            card_handovers.c.record_id == card_prints.c.record_id,
        )
    )
    with store.reading() as conn:
        rows = conn.execute(
            sa.select(card_prints.c.record_id)
            .where(card_prints.c.device_id == device_id, ~handed)
            .group_by(card_prints.c.record_id)
            .order_by(sa.func.max(card_prints.c.printed_at).desc(), card_prints.c.record_id)
            .limit(MAX_PRINTED_CARDS)  # the latest printed, as the laptop reads them
        ).scalars()
        uids = card_uids(conn, device_id, [str(r) for r in rows])
    return [{"record_id": r, "card_uid": uid} for r, uid in sorted(uids.items())]


def package_entry(
    delivery: Delivery, uids: Mapping[str, str], names: Mapping[str, str]
) -> dict[str, Any]:
    """One delivery as the office package carries it (and as the laptop's check reads it)."""
    return {
        "id": delivery.id,
        "number": delivery.number,
        "delivery_date": delivery.delivery_date,
        "desa_code": delivery.desa_code,
        "desa_name": names.get(delivery.desa_code, delivery.desa_code),
        "kecamatan_code": delivery.kecamatan_code,
        "team": delivery.team[:MAX_TEAM],
        "cards": [{"record_id": r, "card_uid": uids.get(r, "")} for r in delivery.record_ids],
    }
