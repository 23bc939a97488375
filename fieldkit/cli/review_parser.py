"""The parser of ``fieldkit review`` and ``fieldkit revisit``: the ketua tim's loop.

Only the parser: the handlers are in ``fieldkit.cli.review_commands``, imported when
their command runs (``fieldkit.cli.deferred``), so ``fieldkit --help`` loads none of
their stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fieldkit.cli.arguments import iso_date
from fieldkit.cli.deferred import Handlers
from fieldkit.review.kinds import ContactResult

if TYPE_CHECKING:
    from fieldkit.cli.deferred import Adder

#: The handlers, a ``ReviewCommands`` built with the CLI's login when one runs.
c = Handlers("fieldkit.cli.review_commands", "ReviewCommands")


def register(groups: Any, add: Adder) -> None:
    """Add the ketua tim's review commands and the revisit list."""
    review = groups.add_parser(
        "review", help="flagged records waiting for the ketua tim"
    ).add_subparsers(dest="review_command", required=True)
    listing = add(review, "list", c.review_list, "records waiting for review")
    listing.add_argument("--all", action="store_true", help="also approved and returned ones")
    approve = add(review, "approve", c.review_approve, "approve a record (ketua tim)")
    approve.add_argument("record_id", help="the record id (or its first 8 characters)")
    approve.add_argument("--note", help="a note that travels with the record")
    back = add(review, "return", c.review_return, "return a record for recapture (ketua tim)")
    back.add_argument("record_id", help="the record id (or its first 8 characters)")
    back.add_argument("--reason", required=True, help="why, in words the team will read")
    undo = add(review, "undo", c.review_undo, "undo your own decision while it is unsent")
    undo.add_argument("record_id", help="the record id (or its first 8 characters)")

    revisit = groups.add_parser("revisit", help="people to visit again").add_subparsers(
        dest="revisit_command", required=True
    )
    rlist = add(revisit, "list", c.revisit_list, "the people to visit again, with the reason")
    rlist.add_argument("--all", action="store_true", help="also the ones already planned")
    plan = add(revisit, "plan", c.revisit_plan, "plan a new visit with these people")
    plan.add_argument("ids", nargs="+", metavar="REVISIT_ID")
    plan.add_argument("--date", required=True, type=iso_date, help="the visit's day, YYYY-MM-DD")
    plan.add_argument("--ketua", help="the team's ketua tim (default: the first visit's)")
    plan.add_argument("--petugas", action="append", help="a petugas (repeat for more)")
    contact = add(revisit, "contact", c.revisit_contact, "record the contact with the family")
    contact.add_argument("revisit_id")
    contact.add_argument("--result", required=True, choices=[r.value for r in ContactResult])
    contact.add_argument("--note")
