"""The parser of the field's commands: ``visit``, ``enrollment``, ``demo``, ``records``.

Only the parser: the handlers are in ``fieldkit.cli.enrollment_commands``, imported when
their command runs (``fieldkit.cli.deferred``), so ``fieldkit --help`` loads none of
their stack.
"""

from __future__ import annotations

import argparse
import math
from typing import TYPE_CHECKING, Any

from fieldkit.cli.arguments import iso_date
from fieldkit.cli.deferred import Handlers
from fieldkit.cli.output import say
from fieldkit.enrollment.kinds import Outcome
from fieldkit.planning.kinds import PlaceType
from fieldkit.quality.result import QualityModality

if TYPE_CHECKING:
    from fieldkit.cli.deferred import Adder

#: The handlers, a ``EnrollmentCommands`` built with the CLI's login when one runs.
c = Handlers("fieldkit.cli.enrollment_commands", "EnrollmentCommands")
records = Handlers("fieldkit.cli.records_commands", "RecordsCommands")


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


def register(groups: Any, add: Adder) -> None:
    """Add the field-enrollment commands (after ``planning_commands.register``)."""
    visit = _visit_subparsers(groups)
    new = add(visit, "new", c.visit_new, "start a visit in the field (walk-in, no letter)")
    new.add_argument("--desa", required=True, help="10-digit desa code, e.g. 3315012001")
    new.add_argument("--date", required=True, type=iso_date, help="the visit's day, YYYY-MM-DD")
    new.add_argument("--place", required=True, choices=[p.value for p in PlaceType])
    new.add_argument("--desa-name", help="the desa/kelurahan's name")
    new.add_argument("--place-name", help="hospital or panti name")
    new.add_argument("--gps", help="lat,lon typed from a map, e.g. -8.0954,112.1609")
    outcome = add(visit, "outcome", c.visit_outcome, "how a target ended (not recorded)")
    outcome.add_argument("--visit", required=True, help="visit id (or its first characters)")
    outcome.add_argument("--target", required=True)
    outcome.add_argument(
        "--outcome",
        required=True,
        choices=[o.value for o in Outcome if o is not Outcome.RECORDED],
    )
    outcome.add_argument("--reason")
    outcome.add_argument("--revisit-date", type=iso_date)
    add(
        visit, "close", c.visit_close, "close a visit (every target needs an outcome)"
    ).add_argument("--visit", required=True, help="visit id (or its first characters)")

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

    records_group = groups.add_parser("records", help="sealed records").add_subparsers(
        dest="records_command", required=True
    )
    add(records_group, "list", records.records_list, "list sealed records (demo ones are marked)")
    add(
        records_group,
        "verify",
        records.records_verify,
        "re-check every record's hash and signature",
    )
