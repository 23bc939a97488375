"""``fieldkit-datacenter cards``: printed KTP-el cards (issue 49 §2).

``cards printed RECORD_ID --card-uid UID [--date YYYY-MM-DD]`` marks a print-ready
record's card printed through :func:`sync.server.cards.prints.mark_printed`, the console's own
function (its refusals, its audit line naming the shell's user, :meth:`Actor.shell`);
``cards list`` shows every card printed, with its UID and day.  ``cards deliver --laptop
LAPTOP --desa CODE --date YYYY-MM-DD [RECORD_ID ...]`` schedules a delivery of printed
cards through :func:`sync.server.cards.deliveries.schedule_delivery` (the console's
Distribusi does the same; no ids: every card of that laptop and desa waiting for one),
and ``cards deliveries`` lists the deliveries scheduled.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from fieldkit import catalogue
from fieldkit.cli.output import say
from fieldkit.printable import printable
from sync.protocol import Reason
from sync.server.accounts.roles import Actor
from sync.server.errors import DataCenterError

if TYPE_CHECKING:
    import argparse

    from sync.server.office.cli_helpers import CliHelpers

#: How much of a refused date the refusal repeats.
_SHOWN_DATE = 20


def _print_day(typed: str | None) -> dt.date | None:
    """``--date`` as a day (None: today); refused unless it is YYYY-MM-DD.

    :func:`sync.server.cards.prints.mark_printed` checks the day's range (after "not after today").
    """
    if typed is None:
        return None
    try:
        day = dt.date.fromisoformat(typed.strip())
    except ValueError:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_card_date_invalid",
            params={"day": printable(typed)[:_SHOWN_DATE]},
        ) from None
    return day


def cmd_cards_printed(args: argparse.Namespace) -> int:
    from sync.server.cards.prints import mark_printed  # noqa: PLC0415 - this command's
    from sync.server.store.stamps import office_today  # noqa: PLC0415 - this command's

    day = _print_day(args.date)
    store = args.helpers.store(args)  # opened first: it says the office's time zone
    try:
        if day is None:
            day = office_today()
        card = mark_printed(
            store,
            actor=Actor.shell().name,
            record_id=args.record_id,
            uid=args.card_uid,
            printed_on=day,
            device_id=args.device,
        )
    finally:
        store.close()
    if args.json:
        args.helpers.write(json.dumps(card.as_json()))
    else:
        args.helpers.write(
            say(
                "dc.card_printed",
                record=card.record_id,
                uid=card.card_uid,
                day=card.printed_on,
                actor=card.actor,
            )
        )
    return 0


def _delivery_day(typed: str | None) -> dt.date | None:
    """``--date`` as a day (None: not given); refused unless YYYY-MM-DD, in the range.

    Not given, the delivery is for the office's today (its time zone, known once the
    store is open), not the host's: a data-center PC whose clock runs on UTC is a day
    behind a WIT office every morning before nine, and a day typed from the shell's
    ``date +%F`` would be refused as past.
    """
    from sync.server.cards.prints import check_day_in_range  # noqa: PLC0415 - this command's

    if typed is None:
        return None
    try:
        day = dt.date.fromisoformat(typed.strip())
    except ValueError:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_delivery_date_invalid",
            params={"day": printable(typed)[:_SHOWN_DATE]},
        ) from None
    check_day_in_range(day)  # before the laptop is looked up: the day is the first mistake
    return day


def _refusal_lines(refused: dict[str, DataCenterError]) -> list[str]:
    return [
        say("dc.delivery_card_refused", record=record_id, why=catalogue.error_message(error))
        for record_id, error in refused.items()
    ]


def cmd_cards_deliver(args: argparse.Namespace) -> int:
    from sync.server.cards.deliveries import (  # noqa: PLC0415 - this command's
        DeliveryRefused,
        schedule_delivery,
        waiting_cards,
    )
    from sync.server.office.health import device_for  # noqa: PLC0415 - as above
    from sync.server.office.steering import Office  # noqa: PLC0415 - as above
    from sync.server.store.stamps import office_today  # noqa: PLC0415 - as above

    day = _delivery_day(args.date)
    typed = args.desa.strip()
    store = args.helpers.store(args)  # opened first: it says the office's time zone
    try:
        if day is None:
            day = office_today()
        device_id = device_for(store, args.laptop)
        # A name is looked up in the office's region table, as ``plan visit add --desa``.
        desa = typed if typed.replace(".", "").isdigit() else Office(store).find_desa(typed).code
        desa = desa.replace(".", "")
        if args.record_ids:
            record_ids = list(args.record_ids)
        elif args.without_desa:
            record_ids = [c.record_id for c in waiting_cards(store, device_id, unplaced=True)]
        else:
            record_ids = [c.record_id for c in waiting_cards(store, device_id, desa)]
        if not record_ids:
            raise DataCenterError(
                404,
                Reason.INVALID_REQUEST,
                code="datacenter_delivery_none_unplaced"
                if args.without_desa
                else "datacenter_delivery_none_waiting",
                params={"laptop": printable(args.laptop)[:64], "desa": printable(desa)[:16]},
            )
        try:
            scheduled = schedule_delivery(
                store,
                actor=Actor.shell().name,
                device_id=device_id,
                desa_code=desa,
                delivery_date=day,
                record_ids=record_ids,
            )
        except DeliveryRefused as refused:
            if not args.json:
                args.helpers.write(*_refusal_lines(refused.refused))
            raise
    finally:
        store.close()
    delivery = scheduled.delivery
    if args.json:
        args.helpers.write(
            json.dumps(
                {
                    "delivery": delivery.as_json(),
                    "refused": {
                        r: {"code": e.code, "message": e.message}
                        for r, e in scheduled.refused.items()
                    },
                }
            )
        )
        return 0
    args.helpers.write(
        say(
            "dc.delivery_scheduled",
            number=delivery.number,
            count=len(delivery.record_ids),
            desa=delivery.desa_code,
            day=delivery.delivery_date,
            team=delivery.team,
        ),
        *_refusal_lines(scheduled.refused),
    )
    return 0


def cmd_cards_deliveries(args: argparse.Namespace) -> int:
    from sync.server.cards.deliveries import deliveries, handed_over  # noqa: PLC0415 - this command's

    store = args.helpers.store(args)
    try:
        found = [(d, len(handed_over(store, d))) for d in deliveries(store)]
    finally:
        store.close()
    if args.json:
        args.helpers.write(
            json.dumps([d.as_json() | {"handed_over": handed} for d, handed in found])
        )
    elif not found:
        args.helpers.write(say("dc.deliveries_none"))
    else:
        args.helpers.write(
            *(
                say(
                    "dc.delivery_line",
                    number=d.number,
                    day=d.delivery_date,
                    desa=d.desa_code,
                    team=d.team,
                    count=len(d.record_ids),
                    handed=handed,
                )
                for d, handed in found
            )
        )
    return 0


def cmd_cards_list(args: argparse.Namespace) -> int:
    from sync.server.cards.prints import printed_cards  # noqa: PLC0415 - this command's

    store = args.helpers.store(args)
    try:
        cards = printed_cards(store)
    finally:
        store.close()
    if args.json:
        args.helpers.write(json.dumps([c.as_json() for c in cards]))
    elif not cards:
        args.helpers.write(say("dc.cards_none"))
    else:
        args.helpers.write(
            *(
                say(
                    "dc.card_line",
                    record=c.record_id,
                    uid=c.card_uid,
                    day=c.printed_on,
                    actor=c.actor,
                )
                for c in cards
            )
        )
    return 0


def register(sub: Any, helpers: CliHelpers) -> None:
    """Add ``cards printed``, ``list``, ``deliver`` and ``deliveries`` to the CLI."""
    group = sub.add_parser("cards", help="printed KTP-el cards").add_subparsers(
        dest="action", required=True
    )
    printed = group.add_parser(
        "printed", help="mark a PRINT_READY_RECORD's card printed, with its chip UID"
    )
    printed.add_argument("record_id")
    printed.add_argument(
        "--card-uid", required=True, metavar="UID", help="the chip's UID: 8, 14 or 20 hex digits"
    )
    printed.add_argument("--date", metavar="YYYY-MM-DD", help="the day printed (default: today)")
    printed.add_argument("--device", help="the laptop's device id, if two laptops used this id")
    printed.set_defaults(func=cmd_cards_printed)
    listing = group.add_parser("list", help="the cards printed, with their UID and day")
    listing.set_defaults(func=cmd_cards_list)
    deliver = group.add_parser(
        "deliver", help="schedule a delivery of printed cards to a desa by a laptop's team"
    )
    deliver.add_argument("record_ids", nargs="*", metavar="RECORD_ID")
    deliver.add_argument(
        "--laptop", required=True, help="the laptop whose team delivers: its name or device id"
    )
    deliver.add_argument(
        "--desa",
        required=True,
        metavar="NAME_OR_CODE",
        help="the desa: its name in the office's region table, or its 10-digit code",
    )
    deliver.add_argument(
        "--without-desa",
        action="store_true",
        help="take the laptop's printed cards recorded with no desa, and place them in --desa",
    )
    deliver.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="the delivery day, today or later (default: today on the office's clock)",
    )
    deliver.set_defaults(func=cmd_cards_deliver)
    scheduled = group.add_parser("deliveries", help="the deliveries scheduled, the latest first")
    scheduled.set_defaults(func=cmd_cards_deliveries)
    for command in (printed, listing, deliver, scheduled):
        helpers.data_args(command)
        command.add_argument("--json", action="store_true", help="machine-readable output")
        command.set_defaults(helpers=helpers)
