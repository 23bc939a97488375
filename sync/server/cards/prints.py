"""Printed KTP-el cards (issue 49 §2): marking a print-ready record's card printed.

The office prints a card for a record the search left ``PRINT_READY_RECORD`` and marks it
printed with the card's chip UID (read with the office's card reader, or typed) and the
day it was printed.  :func:`mark_printed` is the one way to do it, for the console's
print queue (``/cetak``) and ``fieldkit-datacenter cards printed`` alike:

* the UID is 4, 7 or 10 bytes, written as 8, 14 or 20 hex digits (ISO/IEC 14443's single,
  double and triple UIDs); spaces, colons and hyphens between the bytes are allowed and
  dropped.  :func:`fieldkit.card_uid.normalise_uid` reads it, as the laptop does when it
  binds the same card, so a UID one side takes the other never refuses;
* the day is not after today (a card cannot be printed tomorrow);
* only a ``PRINT_READY_RECORD`` gets a card: anything else is refused, and so is a record
  that moved meanwhile (two operators at once: one wins, the other is told);
* a record a simulator captured (``record_places.simulated``) gets no card unless the
  office runs this data center as a training one (``office training on``, issue 56.2):
  a real KTP-el never carries synthetic prints.  Read in the card's own transaction;
* a chip is one card: a UID already stored is refused (the column is unique, so two
  requests at once cannot both store it);
* the record moves to ``PRINTED`` through :func:`sync.server.intake.states.set_later_state`,
  the same change ``records set-state`` makes (its history line, the laptops' status
  pull), and the card's row and the ``console_audit`` line (who marked what) are written
  in that change's own transaction: all three or none.

A reprint (the record is made print-ready again and printed anew) adds a row: the
history of a record's cards stays.  No personal data is kept here: ids, UID, days, names
of the office's accounts.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from fieldkit.card_uid import normalise_uid
from fieldkit.errors import InvalidInput
from fieldkit.printable import printable
from fieldkit.promise import FIRST_DAY, LAST_DAY, in_range
from sync.protocol import Reason, RecordState
from sync.server.accounts.trail import write_audit
from sync.server.cards.promises import recorded_on
from sync.server.errors import DataCenterError
from sync.server.intake.states import named_record, set_later_state
from sync.server.store.stamps import iso, office_today
from sync.server.store.tables import card_prints, office_settings, record_places

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.engine import Connection

    from sync.server.store.database import SqlStore
    from sync.server.store.rows import StoredRecord

log = logging.getLogger(__name__)

#: How much of a refused UID the refusal repeats.
_SHOWN_TYPED = 40
#: The ``console_audit`` action of a card marked printed.
AUDIT_ACTION = "card_printed"
#: ``console_audit.account`` holds this many characters.
_ACCOUNT_CHARS = 32


@dataclass(frozen=True)
class PrintedCard:
    """One card as stored: whose record, its chip, the day printed, who marked it, when."""

    device_id: str
    record_id: str
    card_uid: str
    printed_on: str
    actor: str
    printed_at: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def card_uid(typed: str) -> str:
    """The UID as stored (upper-case hex, no separators); refused unless 8, 14 or 20 digits."""
    try:
        return normalise_uid(typed)
    except InvalidInput:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_card_uid_invalid",
            params={"uid": printable(typed.strip())[:_SHOWN_TYPED]},
        ) from None


def check_print_day(printed_on: dt.date, today: dt.date) -> None:
    """A card is printed today or earlier: a later day is a typing mistake.

    And inside the range FieldKit takes (issue 57.10: 1900-01-01 was stored, and counted
    the promise as met before the recording).
    """
    if printed_on > today:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_card_date_future",
            params={"day": printed_on.isoformat(), "today": today.isoformat()},
        )
    check_day_in_range(printed_on)


def check_day_in_range(day: dt.date) -> None:
    """:func:`fieldkit.promise.check_in_range`, refused as the data center's other rules are."""
    if not in_range(day):
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="date_out_of_range",
            params={
                "day": day.isoformat(),
                "first": FIRST_DAY.isoformat(),
                "last": LAST_DAY.isoformat(),
            },
        )


def check_not_before_recording(conn: Connection, record: StoredRecord, printed_on: dt.date) -> None:
    """A card printed before its recording is a typing mistake (the promise met too early)."""
    visit_date = conn.execute(
        sa.select(record_places.c.visit_date).where(
            record_places.c.device_id == record.device_id,
            record_places.c.record_id == record.record_id,
        )
    ).scalar()
    recorded = recorded_on(visit_date, record.received_at)
    if recorded is not None and printed_on < recorded:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_card_date_before_recording",
            params={
                "record_id": record.record_id,
                "day": printed_on.isoformat(),
                "recorded": recorded.isoformat(),
            },
        )


def _not_print_ready(record_id: str, state: str) -> DataCenterError:
    return DataCenterError(
        409,
        Reason.INVALID_REQUEST,
        code="datacenter_card_not_print_ready",
        params={"record_id": record_id, "state": state},
    )


def simulated_unprintable(conn: Connection, device_id: str, record_id: str) -> bool:
    """A simulator captured this record and the data center is a real office's (issue 56.2)."""
    simulated = conn.execute(
        sa.select(record_places.c.simulated).where(
            record_places.c.device_id == device_id, record_places.c.record_id == record_id
        )
    ).scalar()
    if not simulated:
        return False
    training = conn.execute(sa.select(office_settings.c.training)).scalar()
    return not training


def _simulated(record_id: str) -> DataCenterError:
    return DataCenterError(
        409,
        Reason.INVALID_REQUEST,
        code="datacenter_card_simulated_prints",
        params={"record_id": record_id},
    )


def _uid_used(uid: str) -> DataCenterError:
    return DataCenterError(
        409, Reason.INVALID_REQUEST, code="datacenter_card_uid_used", params={"uid": uid}
    )


def mark_printed(
    store: SqlStore,
    *,
    actor: str,
    record_id: str,
    uid: str,
    printed_on: dt.date,
    device_id: str | None = None,
    today: dt.date | None = None,
) -> PrintedCard:
    """Store the record's card and move the record to PRINTED, audited, in one transaction.

    ``actor`` is the console account's name, or the shell's (:meth:`Actor.shell`).
    Every refusal is a :class:`DataCenterError` whose code says which rule refused it;
    nothing is written then.
    """
    stored_uid = card_uid(uid)
    check_print_day(printed_on, today or office_today())
    record = named_record(store, record_id, device_id)
    if record.state != RecordState.PRINT_READY_RECORD:
        raise _not_print_ready(record_id, record.state)
    with store.reading() as conn:
        check_not_before_recording(conn, record, printed_on)
    now = time.time()
    card = PrintedCard(
        device_id=record.device_id,
        record_id=record.record_id,
        card_uid=stored_uid,
        printed_on=printed_on.isoformat(),
        actor=actor,
        printed_at=iso(now),
    )

    def store_card(conn: Connection, _read: StoredRecord) -> None:
        if simulated_unprintable(conn, card.device_id, card.record_id):
            raise _simulated(record_id)
        holder = conn.execute(
            sa.select(card_prints.c.id).where(card_prints.c.card_uid == stored_uid)
        ).first()
        if holder is not None:
            raise _uid_used(stored_uid)
        conn.execute(card_prints.insert().values(**card.as_json()))
        write_audit(
            conn,
            now,
            actor=actor,
            action=AUDIT_ACTION,
            account=actor[:_ACCOUNT_CHARS],
            detail=f"{card.device_id} {card.record_id} {stored_uid} {card.printed_on}",
        )

    try:
        set_later_state(
            store,
            record.record_id,
            RecordState.PRINTED,
            card.printed_at,
            record.device_id,
            audit=store_card,
            expected=RecordState.PRINT_READY_RECORD,
        )
    except IntegrityError as exc:  # the same UID stored by another request at this moment
        raise _uid_used(stored_uid) from exc
    except DataCenterError as exc:
        if exc.code == "datacenter_state_changed":  # printed (or moved) by another meanwhile
            raise _not_print_ready(
                record_id, _state_now(store, record.device_id, record_id)
            ) from exc
        raise
    log.info("card %s marked printed for record %s by %s", stored_uid, record_id, actor)
    return card


def _state_now(store: SqlStore, device_id: str, record_id: str) -> str:
    found = store.record(device_id, record_id)
    return found.state if found is not None else "?"


def _cards(conn: Connection, *where: Any) -> list[PrintedCard]:
    rows = conn.execute(
        sa.select(
            card_prints.c.device_id,
            card_prints.c.record_id,
            card_prints.c.card_uid,
            card_prints.c.printed_on,
            card_prints.c.actor,
            card_prints.c.printed_at,
        )
        .where(*where)
        .order_by(card_prints.c.printed_at, card_prints.c.id)
    ).mappings()
    return [PrintedCard(**{k: str(v) for k, v in row.items()}) for row in rows]


def printed_cards(store: SqlStore) -> list[PrintedCard]:
    """Every card printed, oldest first (``cards list``)."""
    with store.reading() as conn:
        return _cards(conn)


def cards_of(store: SqlStore, device_id: str, record_id: str) -> list[PrintedCard]:
    """A record's cards, oldest first: the last is the card it has now."""
    with store.reading() as conn:
        return _cards(
            conn, card_prints.c.device_id == device_id, card_prints.c.record_id == record_id
        )
