"""``fieldkit visit new|outcome|close``, ``demo enroll``, ``records list|verify``, ``enrollment``.

Thin wrappers over ``fieldkit.enrollment`` and ``fieldkit.records.outbox``;
the app's screens call the same functions.  ``demo enroll --json`` prints one
line per sealed record, and only after its transaction committed durably, so
a script (or the kill test) may trust every line it has read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from typing import TYPE_CHECKING, Any

from fieldkit import finish, training_mode
from fieldkit.cli.output import EXIT_OK, EXIT_USER, say
from fieldkit.enrollment import autocapture, cosign, freeze, outcomes, rules, visits
from fieldkit.errors import InvalidInput
from fieldkit.planning.kinds import PlaceType
from fieldkit.quality.result import QualityModality
from fieldkit.records import outbox

if TYPE_CHECKING:
    from collections.abc import Callable

    from fieldkit.cli.output import Output
    from fieldkit.workspace import Workspace

    Handler = Callable[[argparse.Namespace, Output], int]
    Adder = Callable[[Any, str, Handler, str], argparse.ArgumentParser]
    Login = Callable[[argparse.Namespace], Workspace]

DEMO_WARNING = "demo_warning"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("not_a_date", text=repr(text))) from None


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
        lines += [f"  {r.message}" for r in status.reasons]
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

    def records_list(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws, ws.transaction() as session:
            infos = outbox.list_records(session)
        lines = [
            f"{r.seq:>6}  {r.record_id}  {r.state.value:<9} {r.sha256[:16]}"
            + ("  DEMO" if r.demo else "")
            for r in infos
        ]
        if any(r.demo for r in infos):
            lines.append(say(DEMO_WARNING))
        out.result([r.as_json() for r in infos], "\n".join(lines) or say("records.none"))
        return EXIT_OK

    def records_verify(self, args: argparse.Namespace, out: Output) -> int:
        with self._login(args) as ws, ws.transaction() as session:
            problems = outbox.verify_records(session)
            count = len(outbox.list_records(session))
        data = {"ok": not problems, "records": count, "problems": [p.as_json() for p in problems]}
        if problems:
            text = (
                say("records.failed", n=count, bad=len(problems))
                + "\n"
                + "\n".join(f"  seq {p.seq} {p.record_id}: {p.problem}" for p in problems)
            )
        else:
            text = say("records.intact", n=count)
        out.result(data, text)
        return EXIT_OK if not problems else EXIT_USER

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


def _visit_subparsers(groups: Any) -> Any:
    """The ``visit`` group that planning registered, to add the field's commands to it."""
    parser = groups.choices["visit"]
    for action in parser._actions:  # noqa: SLF001 - argparse offers no public accessor
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            return action
    msg = "planning_commands.register_did_not_run"  # a bug in the parser's order, not input
    raise RuntimeError(msg)


def _threshold(text: str) -> tuple[QualityModality, float]:
    """``face=60`` on the command line."""
    name, _, value = text.partition("=")
    try:
        return QualityModality(name.strip().lower()), float(value)
    except ValueError:
        choices = ", ".join(m.value for m in QualityModality)
        raise argparse.ArgumentTypeError(say("threshold_format", choices=choices)) from None


def _seconds(text: str) -> float:
    """``0.5`` (or ``0,5``, as Indonesia writes it) on the command line; the range is the core's."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(say("seconds_format", text=repr(text)))
    return value


def register(groups: Any, add: Adder, login: Login) -> None:
    """Add the field-enrollment commands (after ``planning_commands.register``)."""
    c = EnrollmentCommands(login)
    visit = _visit_subparsers(groups)
    new = add(visit, "new", c.visit_new, "start a visit in the field (walk-in, no letter)")
    new.add_argument("--desa", required=True, help="10-digit desa code, e.g. 3315012001")
    new.add_argument("--date", required=True, type=_date)
    new.add_argument("--place", required=True, choices=[p.value for p in PlaceType])
    new.add_argument("--desa-name", help="the desa/kelurahan's name")
    new.add_argument("--place-name", help="hospital or panti name")
    new.add_argument("--gps", help="lat,lon typed from a map, e.g. -8.0954,112.1609")
    outcome = add(visit, "outcome", c.visit_outcome, "how a target ended (not recorded)")
    outcome.add_argument("--visit", required=True)
    outcome.add_argument("--target", required=True)
    outcome.add_argument(
        "--outcome",
        required=True,
        choices=[o.value for o in outcomes.Outcome if o is not outcomes.Outcome.RECORDED],
    )
    outcome.add_argument("--reason")
    outcome.add_argument("--revisit-date", type=_date)
    add(
        visit, "close", c.visit_close, "close a visit (every target needs an outcome)"
    ).add_argument("--visit", required=True)

    enrollment = groups.add_parser("enrollment", help="field enrollment").add_subparsers(
        dest="enrollment_command", required=True
    )
    add(enrollment, "status", c.enrollment_status, "is enrollment open or frozen, and why")
    rule = add(
        enrollment, "rules", c.enrollment_rules, "quality thresholds and freeze limits (admin sets)"
    )
    rule.add_argument("--threshold", action="append", type=_threshold, metavar="MODALITY=NUMBER")
    rule.add_argument("--attempts", type=int, help="attempts per capture before a reason is needed")
    rule.add_argument("--freeze-days", type=int, help="days without a sync before new work stops")
    rule.add_argument("--freeze-max-waiting", type=int, help="sealed records waiting at most")
    rule.add_argument(
        "--cosign-on-spot",
        choices=("on", "off"),
        help="the ketua tim may countersign a forced capture or an exception on the spot",
    )
    rule.add_argument(
        "--autocapture",
        choices=("on", "off"),
        help="a capture step takes its capture by itself once the person holds still",
    )
    rule.add_argument(
        "--steady-s",
        type=_seconds,
        metavar="SECONDS",
        help="how long the live verdict stays good before auto-capture takes it (0.2-5)",
    )

    demo_group = groups.add_parser("demo", help="training with simulated devices").add_subparsers(
        dest="demo_command", required=True
    )
    enroll = add(demo_group, "enroll", c.demo_enroll, "N complete simulated enrollments")
    enroll.add_argument("--count", type=int, default=1)
    enroll.add_argument("--visit", help="record on this visit (default: a new walk-in visit)")
    enroll.add_argument("--sim", action="store_true", help="use the simulators (required)")
    enroll.add_argument("--slaps", action="store_true", help="4-4-2 slaps over SBI")
    enroll.add_argument(
        "--with-exception",
        type=int,
        default=0,
        metavar="K",
        help="the first K people have an amputated finger (with a proof photo): flagged",
    )
    enroll.add_argument(
        "--plant-duplicate",
        action="store_true",
        help="then record the first person again under a new NIK (a Duplicate Record)",
    )

    records = groups.add_parser("records", help="sealed records").add_subparsers(
        dest="records_command", required=True
    )
    add(records, "list", c.records_list, "list sealed records (demo ones are marked)")
    add(records, "verify", c.records_verify, "re-check every record's hash and signature")
