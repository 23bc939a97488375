"""The distribution schedule (issue 49 §2; SOP 000 step 10, "penyusunan jadwal distribusi").

The office groups printed cards of one desa into a *delivery*: a number of its own
(``DST-2026-0001``, sequential per year), a day, and the team of one laptop that takes
the cards there.  The delivery travels to that laptop in its office package
(:func:`package_deliveries`, the key ``deliveries``), and its BA serah terima KTP-el is
made from it in the console (``/distribusi/{number}``).

:func:`schedule_delivery` is the one way to make one, for the console's Distribusi and
``fieldkit-datacenter cards deliver`` alike:

* only a card whose record is ``PRINTED``, recorded by that laptop, placed in that desa
  (``record_places``) or in no desa at all (issue 59 §1: the delivery then places it
  there, unless its kecamatan is another) and in no delivery yet is taken; any other
  is refused on its own, with a code saying which rule (:attr:`Scheduled.refused`), and
  the others go;
* nothing valid at all refuses the whole delivery (:class:`DeliveryRefused`, which still
  carries each card's refusal); so does a day before today;
* each card's record moves ``PRINTED`` -> ``READY_FOR_HANDOVER``, the same change
  :func:`sync.server.intake.states.set_later_state` makes (its history line, which the laptops'
  status pull reads: the card shows there as ready to hand over), and the delivery, its
  cards, the state changes, one ``console_audit`` line and the office package's new
  version are written in one transaction: all or nothing;
* the transaction holds the laptop's lock (``SqlStore.writing_alone``) and the office
  settings' row (the version's bump), and reads the records again under them: two
  requests for one card at the same moment are decided one after the other, and the
  second is told the card is already in a delivery.  The unique key on a card
  (``card_delivery_cards``) holds even if that ever failed.

No personal data is kept: ids, codes, a day, the team's words and an account's name.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from fieldkit.office.package import OfficePackageInvalid, Part, check_part
from fieldkit.planning.kinds import DESA_CODE_DIGITS
from fieldkit.records.demo import DEMO_KID
from sync.protocol import Reason, RecordState
from sync.server.accounts.trail import write_audit
from sync.server.cards.prints import check_day_in_range
from sync.server.errors import DataCenterError
from sync.server.office.delivery_book import (
    MAX_TEAM,
    PACKAGE_DELIVERIES,
    Delivery,
    card_uids,
    deliveries,
    delivery_by_number,
    delivery_of,
    handed_over,
    package_deliveries,
    package_entry,
)
from sync.server.office.laptop_labels import labels
from sync.server.office.steering import Office
from sync.server.store.stamps import iso, office_time, office_today
from sync.server.store.tables import card_deliveries, card_delivery_cards, record_places, records

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.engine import Connection

    from sync.server.store.database import SqlStore

log = logging.getLogger(__name__)

#: The reading half (:mod:`sync.server.office.delivery_book`) is named here too: the console and
#: the CLI import a delivery's facts and its scheduling from one place.
__all__ = [
    "MAX_TEAM",
    "PACKAGE_DELIVERIES",
    "Delivery",
    "DeliveryRefused",
    "Scheduled",
    "WaitingCard",
    "card_uids",
    "deliveries",
    "delivery_by_number",
    "delivery_of",
    "desa_names",
    "handed_over",
    "package_deliveries",
    "schedule_delivery",
    "waiting_cards",
]

#: The ``console_audit`` action of a delivery scheduled.
AUDIT_ACTION = "card_delivery_scheduled"
#: A delivery's number: ``DST-<year>-<serial>``, the serial counted per year from 1.
NUMBER_PREFIX = "DST"
_SERIAL_DIGITS = 4
#: The cards one delivery takes at most (a desa's day of cards, with room to spare).
MAX_CARDS = 500
#: ``console_audit.account`` holds this many characters.
_ACCOUNT_CHARS = 32
#: How many times a delivery is tried again when the database's keys refused it.
_ATTEMPTS = 3


@dataclass(frozen=True)
class Scheduled:
    """A delivery made, and each card asked for that was left out, with its refusal."""

    delivery: Delivery
    refused: dict[str, DataCenterError] = field(default_factory=dict)


class DeliveryRefused(DataCenterError):
    """No card could go: the whole delivery is refused; ``refused`` says each card's why."""

    def __init__(
        self, refused: dict[str, DataCenterError], *, code: str, params: dict[str, object]
    ) -> None:
        super().__init__(409, Reason.INVALID_REQUEST, code=code, params=params)
        self.refused = refused


def check_delivery_day(day: dt.date, today: dt.date) -> None:
    """A delivery is for today or later: a day already past is a typing mistake.

    And inside the range FieldKit takes (issue 57.10: 9999-12-31 went into the laptop's
    package).
    """
    check_day_in_range(day)
    if day < today:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_delivery_date_past",
            params={"day": day.isoformat(), "today": today.isoformat()},
        )


def team_of(store: SqlStore, device_id: str) -> str:
    """The team the laptop's label names, else the laptop's name, else its id's start."""
    label = labels(store).get(device_id)
    if label is not None:
        return (label.team or label.name)[:MAX_TEAM]
    return f"Laptop {device_id[:12]}"


# --- the refusals of one card -----------------------------------------------------------


def _other_laptop(record_id: str) -> DataCenterError:
    return DataCenterError(
        404,
        Reason.INVALID_REQUEST,
        code="datacenter_delivery_other_laptop",
        params={"record_id": record_id},
    )


def _not_printed(record_id: str, state: str) -> DataCenterError:
    return DataCenterError(
        409,
        Reason.INVALID_REQUEST,
        code="datacenter_delivery_not_printed",
        params={"record_id": record_id, "state": state},
    )


def _no_card(record_id: str) -> DataCenterError:
    return DataCenterError(
        409,
        Reason.INVALID_REQUEST,
        code="datacenter_delivery_no_card",
        params={"record_id": record_id},
    )


def _other_desa(record_id: str, desa: str) -> DataCenterError:
    return DataCenterError(
        409,
        Reason.INVALID_REQUEST,
        code="datacenter_delivery_other_desa",
        params={"record_id": record_id, "desa": desa},
    )


def _already(record_id: str, number: str) -> DataCenterError:
    return DataCenterError(
        409,
        Reason.INVALID_REQUEST,
        code="datacenter_delivery_already",
        params={"record_id": record_id, "number": number},
    )


# --- scheduling -------------------------------------------------------------------------


@dataclass
class _Judged:
    """The cards that may go, each other's refusal, the desa's kecamatan, the cards to place."""

    valid: list[str]
    refused: dict[str, DataCenterError]
    kecamatan: str | None
    #: Cards recorded with no desa (a visit planned without its code): the delivery places
    #: them in its desa, as the operator chose it for them (issue 59 §1).
    unplaced: list[str]
    #: Of ``unplaced``, the records with no ``record_places`` row at all.
    no_row: set[str]


def _judged(conn: Connection, device_id: str, desa_code: str, record_ids: list[str]) -> _Judged:
    """Which cards may go to ``desa_code``: placed there, or placed nowhere yet.

    A card recorded with no desa goes to the desa the operator chose for it, unless its
    kecamatan (which the visit did say) is another one's.
    """
    found = {
        str(r.record_id): r
        for r in conn.execute(
            sa.select(
                records.c.record_id,
                records.c.state,
                record_places.c.desa_code,
                record_places.c.kecamatan_code,
            )
            .select_from(
                records.outerjoin(
                    record_places,
                    sa.and_(
                        record_places.c.device_id == records.c.device_id,
                        record_places.c.record_id == records.c.record_id,
                    ),
                )
            )
            .where(records.c.device_id == device_id, records.c.record_id.in_(record_ids))
        )
    }
    taken = dict(
        conn.execute(
            sa.select(card_delivery_cards.c.record_id, card_deliveries.c.number)
            .join(card_deliveries, card_deliveries.c.id == card_delivery_cards.c.delivery_id)
            .where(
                card_delivery_cards.c.device_id == device_id,
                card_delivery_cards.c.record_id.in_(record_ids),
            )
        ).all()
    )
    uids = card_uids(conn, device_id, record_ids)
    placed = set(
        conn.execute(
            sa.select(record_places.c.record_id).where(
                record_places.c.device_id == device_id,
                record_places.c.record_id.in_(record_ids),
            )
        ).scalars()
    )
    judged = _Judged([], {}, None, [], set())
    for record_id in record_ids:
        row = found.get(record_id)
        if row is None:
            judged.refused[record_id] = _other_laptop(record_id)
        elif record_id in taken:
            judged.refused[record_id] = _already(record_id, str(taken[record_id]))
        elif row.state != RecordState.PRINTED:
            judged.refused[record_id] = _not_printed(record_id, str(row.state))
        elif record_id not in uids:  # PRINTED by ``records set-state``: no chip to hand over
            judged.refused[record_id] = _no_card(record_id)
        elif not row.desa_code and row.kecamatan_code not in {None, "", desa_code[:6]}:
            judged.refused[record_id] = _other_desa(record_id, str(row.kecamatan_code))
        elif row.desa_code and row.desa_code != desa_code:
            judged.refused[record_id] = _other_desa(record_id, str(row.desa_code))
        else:
            judged.valid.append(record_id)
            judged.kecamatan = judged.kecamatan or row.kecamatan_code
            if not row.desa_code:
                judged.unplaced.append(record_id)
                if record_id not in placed:
                    judged.no_row.add(record_id)
    return judged


def _place(conn: Connection, device_id: str, desa_code: str, judged: _Judged) -> None:
    """The cards recorded with no desa are placed in the delivery's desa (Grafik, Rekaman)."""
    kecamatan = desa_code[:6]
    for record_id in judged.unplaced:
        if record_id in judged.no_row:
            conn.execute(
                record_places.insert().values(
                    device_id=device_id,
                    record_id=record_id,
                    desa_code=desa_code,
                    kecamatan_code=kecamatan,
                )
            )
        else:
            conn.execute(
                record_places.update()
                .where(
                    record_places.c.device_id == device_id,
                    record_places.c.record_id == record_id,
                )
                .values(desa_code=desa_code, kecamatan_code=kecamatan)
            )


def _next_number(conn: Connection, year: int) -> str:
    """The year's next number; the caller holds the office settings' row, so none races it."""
    prefix = f"{NUMBER_PREFIX}-{year}-"
    numbers = conn.execute(
        sa.select(card_deliveries.c.number).where(card_deliveries.c.number.like(f"{prefix}%"))
    ).scalars()
    serials = [int(n.removeprefix(prefix)) for n in numbers if n.removeprefix(prefix).isdigit()]
    return f"{prefix}{max(serials, default=0) + 1:0{_SERIAL_DIGITS}d}"


def _unique(record_ids: Iterable[str]) -> list[str]:
    return sorted({r.strip() for r in record_ids if r.strip()})


def schedule_delivery(
    store: SqlStore,
    *,
    actor: str,
    device_id: str,
    desa_code: str,
    delivery_date: dt.date,
    record_ids: Iterable[str],
    today: dt.date | None = None,
) -> Scheduled:
    """Make a delivery of these cards to ``desa_code`` by ``device_id``'s team on the day.

    ``actor`` is the console account's name, or the shell's.  A refusal of the whole
    delivery is a :class:`DataCenterError` (:class:`DeliveryRefused` when no card may
    go); nothing is written then.
    """
    check_delivery_day(delivery_date, today or office_today())
    if not (desa_code.isdigit() and len(desa_code) == DESA_CODE_DIGITS):
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_delivery_desa_invalid",
            params={"desa": desa_code[:16]},
        )
    wanted = _unique(record_ids)
    if not wanted:
        raise DataCenterError(
            400, Reason.INVALID_REQUEST, code="datacenter_delivery_no_cards", params={}
        )
    if len(wanted) > MAX_CARDS:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_delivery_too_many",
            params={"count": len(wanted), "max": MAX_CARDS},
        )
    team = team_of(store, device_id)
    for attempt in range(_ATTEMPTS):
        try:
            return _write_delivery(
                store,
                actor=actor,
                device_id=device_id,
                desa_code=desa_code,
                delivery_date=delivery_date,
                wanted=wanted,
                team=team,
            )
        except IntegrityError:
            # Another request stored one of these cards, or this number, first: read again.
            log.info("delivery for %s met another at once (try %d)", device_id, attempt + 1)
    raise DataCenterError(409, Reason.INVALID_REQUEST, code="datacenter_delivery_busy", params={})


def _check_as_the_laptop_reads_it(delivery: Delivery, uids: dict[str, str]) -> None:
    """Refuse a delivery the laptop would refuse in its package, before it is stored.

    The laptop refuses a package whole when one field is off, officer changes and all
    (``fieldkit.office.package``); a record placed with a code the laptop does not read
    as a desa (the place comes from the record's header) would otherwise block every
    later package of that laptop.  The desa's name is the package's concern, not this
    check's: it is read from the office's region table, itself checked when stored.
    """
    try:
        check_part(Part.DELIVERY, package_entry(delivery, uids, {}))
    except OfficePackageInvalid as refused:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_delivery_package_invalid",
            params={"field": str(refused.params.get("field", "deliveries"))},
        ) from None


def _write_delivery(
    store: SqlStore,
    *,
    actor: str,
    device_id: str,
    desa_code: str,
    delivery_date: dt.date,
    wanted: list[str],
    team: str,
) -> Scheduled:
    now = time.time()
    stamp = iso(now)
    with store.writing_alone(device_id) as conn:
        # The settings' row first: deliveries (and every office change) go one at a time
        # from here, so the number is drawn once; the laptop's package version goes up.
        version = Office(store).changed_in(conn, f"card delivery for laptop {device_id}")
        judged = _judged(conn, device_id, desa_code, wanted)
        valid, refused, kecamatan = judged.valid, judged.refused, judged.kecamatan
        if not valid:
            raise DeliveryRefused(
                refused, code="datacenter_delivery_nothing_valid", params={"count": len(refused)}
            )
        delivery = Delivery(
            id=uuid.uuid4().hex,
            number=_next_number(conn, office_time(dt.datetime.fromtimestamp(now, dt.UTC)).year),
            device_id=device_id,
            desa_code=desa_code,
            kecamatan_code=kecamatan or desa_code[:6],
            delivery_date=delivery_date.isoformat(),
            team=team,
            actor=actor,
            created_at=stamp,
            record_ids=tuple(valid),
        )
        _check_as_the_laptop_reads_it(delivery, card_uids(conn, device_id, valid))
        _place(conn, device_id, desa_code, judged)
        conn.execute(
            card_deliveries.insert().values(
                {k: v for k, v in delivery.as_json().items() if k != "record_ids"}
            )
        )
        conn.execute(
            card_delivery_cards.insert(),
            [{"delivery_id": delivery.id, "device_id": device_id, "record_id": r} for r in valid],
        )
        for record_id in valid:
            store.move_state_in(
                conn,
                device_id,
                record_id,
                RecordState.READY_FOR_HANDOVER,
                stamp,
                expected=RecordState.PRINTED,
            )
        write_audit(
            conn,
            now,
            actor=actor,
            action=AUDIT_ACTION,
            account=actor[:_ACCOUNT_CHARS],
            detail=(
                f"{delivery.number} {device_id} {desa_code} {delivery.delivery_date} "
                f"{len(valid)} cards: {' '.join(valid)}; office package version {version}"
                + (
                    f"; placed in desa {desa_code}: {' '.join(judged.unplaced)}"
                    if judged.unplaced
                    else ""
                )
            ),
        )
    log.info(
        "delivery %s: %d cards to desa %s on %s by %s (%d refused)",
        delivery.number,
        len(valid),
        desa_code,
        delivery.delivery_date,
        actor,
        len(refused),
    )
    return Scheduled(delivery, refused)


@dataclass(frozen=True)
class WaitingCard:
    """A printed card no delivery takes yet: whose record, where, its promise's facts."""

    device_id: str
    record_id: str
    desa_code: str | None
    kecamatan_code: str | None
    visit_id: str | None
    visit_date: str | None
    received_at: str
    card_uid: str


def waiting_cards(
    store: SqlStore,
    device_id: str | None = None,
    desa_code: str | None = None,
    *,
    unplaced: bool = False,
) -> list[WaitingCard]:
    """The printed cards in no delivery (training records left out), by desa, laptop, id.

    ``unplaced``: only the cards recorded with no desa (a delivery places them).
    """
    scheduled = sa.select(card_delivery_cards.c.record_id).where(
        card_delivery_cards.c.device_id == records.c.device_id,
        card_delivery_cards.c.record_id == records.c.record_id,
    )
    where = [
        records.c.state == RecordState.PRINTED.value,
        records.c.kid != DEMO_KID,
        ~sa.exists(scheduled),
    ]
    if device_id is not None:
        where.append(records.c.device_id == device_id)
    if desa_code is not None:
        where.append(record_places.c.desa_code == desa_code)
    if unplaced:
        where.append(sa.or_(record_places.c.desa_code.is_(None), record_places.c.desa_code == ""))
    with store.reading() as conn:
        rows = conn.execute(
            sa.select(
                records.c.device_id,
                records.c.record_id,
                records.c.received_at,
                record_places.c.desa_code,
                record_places.c.kecamatan_code,
                record_places.c.visit_id,
                record_places.c.visit_date,
            )
            .select_from(
                records.outerjoin(
                    record_places,
                    sa.and_(
                        record_places.c.device_id == records.c.device_id,
                        record_places.c.record_id == records.c.record_id,
                    ),
                )
            )
            .where(*where)
        ).all()
        uids: dict[tuple[str, str], str] = {}
        for device in {str(r.device_id) for r in rows}:
            mine = [str(r.record_id) for r in rows if r.device_id == device]
            for record_id, uid in card_uids(conn, device, mine).items():
                uids[(device, record_id)] = uid
    cards = [  # a record set PRINTED by hand has no card to deliver (``_no_card``)
        WaitingCard(
            str(r.device_id),
            str(r.record_id),
            r.desa_code,
            r.kecamatan_code,
            r.visit_id,
            r.visit_date,
            str(r.received_at),
            uids.get((str(r.device_id), str(r.record_id)), ""),
        )
        for r in rows
        if (str(r.device_id), str(r.record_id)) in uids
    ]
    cards.sort(key=lambda c: (c.desa_code or "", c.device_id, c.record_id))
    return cards


# --- the office package ------------------------------------------------------------------


def desa_names(store: SqlStore) -> dict[str, str]:
    """Desa names as the console shows them: the office's region table, else its plan's."""
    return Office(store).desa_names()
