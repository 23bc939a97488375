"""``fieldkit-datacenter cards``: printed KTP-el cards (issue 49 §2).

``cards printed RECORD_ID --card-uid UID [--date YYYY-MM-DD]`` marks a print-ready
record's card printed through :func:`sync.server.cards.mark_printed`, the console's own
function (its refusals, its audit line naming the shell's user, :meth:`Actor.shell`);
``cards list`` shows every card printed, with its UID and day.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from fieldkit.cli.output import say
from fieldkit.printable import printable
from sync.protocol import Reason
from sync.server.console.accounts import Actor
from sync.server.errors import DataCenterError

if TYPE_CHECKING:
    import argparse

    from sync.server.office_cli import CliHelpers

#: How much of a refused date the refusal repeats.
_SHOWN_DATE = 20


def _print_day(typed: str | None) -> dt.date | None:
    """``--date`` as a day (None: today); refused unless it is YYYY-MM-DD."""
    if typed is None:
        return None
    try:
        return dt.date.fromisoformat(typed.strip())
    except ValueError:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_card_date_invalid",
            params={"day": printable(typed)[:_SHOWN_DATE]},
        ) from None


def cmd_cards_printed(args: argparse.Namespace) -> int:
    from sync.server.cards import mark_printed, office_today  # noqa: PLC0415 - this command's

    day = _print_day(args.date) or office_today()
    store = args.helpers.store(args)
    try:
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


def cmd_cards_list(args: argparse.Namespace) -> int:
    from sync.server.cards import printed_cards  # noqa: PLC0415 - this command's

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
    """Add ``cards printed`` and ``cards list`` to ``fieldkit-datacenter``."""
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
    for command in (printed, listing):
        helpers.data_args(command)
        command.add_argument("--json", action="store_true")
        command.set_defaults(helpers=helpers)
