"""``fieldkit review list|approve|return|undo`` and ``fieldkit revisit list|plan|contact``.

Thin wrappers over ``fieldkit.review``; the Tinjauan screen calls the same
functions.  The officer is the one logged in (``FIELDKIT_OFFICER``): approving
or returning needs the ketua tim role, reading either list one of the review
screen's roles (``REVIEW_READERS``, checked in ``fieldkit.review``); anyone else
is refused (exit 1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fieldkit.cli.output import EXIT_OK, say
from fieldkit.planning.schedule import TeamPlan
from fieldkit.printable import printable
from fieldkit.records.models import ReviewState
from fieldkit.review import queue, revisits

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from fieldkit.cli.output import Output
    from fieldkit.workspace import Workspace

    Handler = Callable[[argparse.Namespace, Output], int]
    Adder = Callable[[Any, str, Handler, str], argparse.ArgumentParser]
    Login = Callable[[argparse.Namespace], Workspace]


def _review_line(item: queue.ReviewItem) -> str:
    who = f"{item.name} ({item.nik_masked})" if item.name else say("review.unknown_person")
    decided = " " + say("review.decided_by", officer=item.decided_by) if item.decided_by else ""
    return f"{item.record_id}  {item.state.value}{decided}  {who}  flags: {', '.join(item.flags)}"


def _revisit_line(item: revisits.RevisitItem) -> str:
    who = f"{item.name} ({item.nik_masked})" if item.name else item.target_id
    when = " " + say("revisit.on", date=item.revisit_date.isoformat()) if item.revisit_date else ""
    why = item.reason or item.reason_code or ""
    # The reason may be the data center's words (a recapture's, a duplicate's): one line,
    # no terminal escape or bidi override acted on (issue 57 §12).
    return printable(f"{item.id[:8]}  {item.source.value}{when}  {who}  {why}")


class ReviewCommands:
    def __init__(self, login: Login) -> None:
        self._login = login

    def review_list(self, args: argparse.Namespace, out: Output) -> int:
        states = tuple(ReviewState) if args.all else (ReviewState.WAITING,)
        with self._login(args) as ws:
            items = queue.list_reviews(ws, states)
        text = "\n".join(_review_line(i) for i in items) or say("review.none")
        out.result([i.as_json() for i in items], text)
        return EXIT_OK

    def review_approve(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            item = queue.approve(ws, args.record_id, args.note)
        out.result(item.as_json(), say("review.approved", record=item.record_id))
        return EXIT_OK

    def review_return(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            item = queue.return_for_recapture(ws, args.record_id, args.reason)
        out.result(
            item.as_json(),
            say(
                "review.returned",
                record=item.record_id,
            ),
        )
        return EXIT_OK

    def review_undo(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            item = queue.undo_decision(ws, args.record_id)
        out.result(item.as_json(), say("review.undone", record=item.record_id))
        return EXIT_OK

    def revisit_list(self, args: argparse.Namespace, out: Output) -> int:
        states = tuple(revisits.RevisitState) if args.all else (revisits.RevisitState.OPEN,)
        with self._login(args) as ws:
            items = revisits.list_revisits(ws, states)
        text = "\n".join(_revisit_line(i) for i in items) or say("revisit.none")
        out.result([i.as_json() for i in items], text)
        return EXIT_OK

    def revisit_plan(self, args: argparse.Namespace, out: Output) -> int:
        team = TeamPlan(ketua=args.ketua, petugas=tuple(args.petugas or ())) if args.ketua else None
        with self._login(args) as ws:
            visit_id = revisits.plan_revisit(ws, args.ids, visit_date=args.date, team=team)
        out.result(
            {"visit_id": visit_id, "revisits": args.ids},
            say(
                "revisit.planned",
                visit=visit_id,
                date=args.date.isoformat(),
                n=len(args.ids),
            ),
        )
        return EXIT_OK

    def revisit_contact(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            item = revisits.record_contact(
                ws, args.revisit_id, revisits.ContactResult(args.result), args.note
            )
        out.result(item.as_json(), say("revisit.contact", revisit=item.id[:8], result=args.result))
        return EXIT_OK
