"""``fieldkit visit new|outcome|close``, ``demo enroll``, ``records list|verify``, ``enrollment``.

Thin wrappers over ``fieldkit.enrollment`` and ``fieldkit.records.outbox``;
the app's screens call the same functions.  ``demo enroll --json`` prints one
line per sealed record, and only after its transaction committed durably, so
a script (or the kill test) may trust every line it has read.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from fieldkit import catalogue, finish, training_mode
from fieldkit.cli.output import EXIT_OK, say
from fieldkit.cli.records_commands import DEMO_WARNING
from fieldkit.enrollment import autocapture, cosign, freeze, outcomes, rules, visits
from fieldkit.errors import InvalidInput
from fieldkit.planning.kinds import PlaceType
from fieldkit.records import outbox

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from fieldkit.cli.output import Output
    from fieldkit.workspace import Workspace

    Handler = Callable[[argparse.Namespace, Output], int]
    Adder = Callable[[Any, str, Handler, str], argparse.ArgumentParser]
    Login = Callable[[argparse.Namespace], Workspace]


def _json_line(data: dict[str, object]) -> None:
    """One JSON line on stdout, flushed at once (a reader may be killed right after)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()


class EnrollmentCommands:
    def __init__(self, login: Login) -> None:
        self._login = login

    def visit_new(self, args: argparse.Namespace, out: Output) -> int:
        gps = visits.parse_gps(args.gps) if args.gps else None
        with self._login(args) as ws:
            visit_id = visits.new_visit(
                ws,
                desa_code=args.desa,
                visit_date=args.date,
                place=PlaceType(args.place),
                desa_name=args.desa_name,
                place_name=args.place_name,
                gps=gps,
            )
        out.result({"visit_id": visit_id}, say("visit.started", visit=visit_id))
        return EXIT_OK

    def visit_outcome(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            info = finish.record_outcome(
                ws,
                args.visit,
                args.target,
                outcomes.Outcome(args.outcome),
                reason=args.reason,
                revisit_date=args.revisit_date,
            )
        out.result(
            info.as_json(),
            say("visit.outcome", target=info.target_id[:8], outcome=info.outcome.value),
        )
        return EXIT_OK

    def visit_close(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws:
            result = outcomes.close_visit(ws, args.visit)
        counts: dict[str, int] = {}
        for info in result.values():
            counts[info.outcome.value] = counts.get(info.outcome.value, 0) + 1
        summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
        out.result(
            {"visit": args.visit, "closed": True, "outcomes": counts},
            say("visit.closed", outcomes=summary) if summary else say("visit.closed_empty"),
        )
        return EXIT_OK

    def enrollment_status(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws, ws.transaction() as session:
            status = freeze.freeze_status(session)
            demo_key = not outbox.datacenter_enrolled(session)
        data = status.as_json() | {"demo_key": demo_key}
        lines = [say("enrollment.blocked") if status.frozen else say("enrollment.open")]
        lines += catalogue.said(lambda: [f"  {r.message}" for r in status.reasons])
        lines.append(say("enrollment.waiting", n=status.waiting))
        if demo_key:
            lines.append(say(DEMO_WARNING))
        out.result(data, "\n".join(lines))
        return EXIT_OK

    def demo_enroll(self, args: argparse.Namespace, out: Output) -> int:
        if not args.sim:
            raise InvalidInput(code="cli_demo_needs_sim")
        if not 1 <= args.count <= 10_000:  # noqa: PLR2004 - a sanity bound, not a policy
            raise InvalidInput(code="cli_demo_count_range", params={"max": 10_000})
        if not 0 <= args.with_exception <= args.count:
            raise InvalidInput(code="cli_demo_exception_range")
        with self._login(args) as ws:
            visit_id = training_mode.prepare_demo_visit(ws, args.visit)
            warned = False
            for record, subject in training_mode.demo_enrollments(
                ws,
                visit_id,
                args.count,
                with_exception=args.with_exception,
                slaps=args.slaps,
                plant_duplicate=args.plant_duplicate,
            ):
                if args.json:
                    _json_line(
                        {
                            "record_id": record.record_id,
                            "seq": record.seq,
                            "sha256": record.sha256,
                            "demo": record.demo,
                            "target_id": record.target_id,
                            "review_flags": list(record.review_flags),
                            "subject": subject,
                        }
                    )
                    continue
                if record.demo and not warned:
                    out.line(say(DEMO_WARNING))
                    warned = True
                sealed = say(
                    "demo.sealed_record",
                    record=record.record_id,
                    seq=record.seq,
                    sha256=record.sha256[:16],
                )
                if record.review_flags:
                    sealed += " " + say("demo.flags", flags=", ".join(record.review_flags))
                out.line(sealed)
        if not args.json:
            out.line(say("demo.sealed", n=args.count, visit=visit_id))
        return EXIT_OK

    def enrollment_rules(self, args: argparse.Namespace, out: Output) -> int:
        asked = (args.threshold, args.attempts, args.freeze_days, args.freeze_max_waiting)
        with self._login(args) as ws:
            if any(value is not None for value in asked):
                current = rules.change_rules(
                    ws,
                    thresholds=dict(args.threshold) if args.threshold else None,
                    max_attempts=args.attempts,
                    freeze_days=args.freeze_days,
                    freeze_max_waiting=args.freeze_max_waiting,
                )
            else:
                current = rules.current_rules(ws)
            if args.cosign_on_spot is not None:
                cosign.set_rule(ws, on=args.cosign_on_spot == "on")
            if args.autocapture is not None or args.steady_s is not None:
                hands_free = autocapture.set_rule(
                    ws,
                    on=None if args.autocapture is None else args.autocapture == "on",
                    steady_s=args.steady_s,
                )
            else:
                hands_free = autocapture.current_rule(ws)
            on_spot = cosign.offered(ws)
        lines = [f"  {name}: {value:g}" for name, value in current.flat().items()]
        lines.append(f"  cosign_on_spot: {int(on_spot)}")
        lines.append(f"  autocapture: {int(hands_free.on)}")
        lines.append(f"  autocapture_steady_s: {hands_free.steady_s:g}")
        data = current.as_json() | {
            "cosign_on_spot": on_spot,
            "autocapture": hands_free.on,
            "autocapture_steady_s": hands_free.steady_s,
        }
        out.result(data, say("rules.heading") + "\n" + "\n".join(lines))
        return EXIT_OK
