"""The parser of ``fieldkit request|visit|targets|sarpras|report``: planning a trip.

Only the parser: the handlers are in ``fieldkit.cli.planning_commands``, imported when
their command runs (``fieldkit.cli.deferred``), so ``fieldkit --help`` loads none of
their stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fieldkit.cli.arguments import iso_date
from fieldkit.cli.deferred import Handlers
from fieldkit.planning import kinds
from fieldkit.sarpras.kinds import Phase

if TYPE_CHECKING:
    from fieldkit.cli.deferred import Adder

#: The handlers, a ``PlanningCommands`` built with the CLI's login when one runs.
c = Handlers("fieldkit.cli.planning_commands", "PlanningCommands")


def register(groups: Any, add: Adder) -> None:
    """Add the planning command groups to the ``fieldkit`` parser."""
    for part in (_requests_and_visits, _targets_and_sarpras, _reports):
        part(groups, add, c)


def _requests_and_visits(groups: Any, add: Adder, c: Handlers) -> None:
    request = groups.add_parser("request", help="requests (surat permohonan)").add_subparsers(
        dest="request_command", required=True
    )
    create = add(request, "create", c.request_create, "record a surat permohonan")
    create.add_argument("--number", required=True, help="the letter's number")
    create.add_argument("--date", required=True, type=iso_date, help="the letter's date")
    create.add_argument(
        "--type", required=True, help=", ".join(t.value for t in kinds.RequesterType)
    )
    create.add_argument("--name", required=True, help="e.g. 'Pemerintah Desa Sumberjo'")
    create.add_argument("--region", required=True, help="kecamatan or desa code, e.g. 33.15.01")
    create.add_argument("--subject", help="perihal")
    add(request, "list", c.request_list, "list requests")

    visit = groups.add_parser("visit", help="visits and teams").add_subparsers(
        dest="visit_command", required=True
    )
    create = add(visit, "create", c.visit_create, "plan a visit (or --weeks N weekly visits)")
    create.add_argument("--request", required=True, help="request id (or its first characters)")
    create.add_argument("--date", required=True, type=iso_date, help="the visit's day, YYYY-MM-DD")
    create.add_argument("--time", default=kinds.DEFAULT_START_TIME, help="start, e.g. 08:00")
    create.add_argument("--place", required=True, choices=[p.value for p in kinds.PlaceType])
    create.add_argument("--place-name", help="hospital or panti name")
    create.add_argument("--desa", required=True, help="desa/kelurahan name")
    create.add_argument("--desa-code", help="10-digit desa/kelurahan code")
    create.add_argument("--kecamatan", required=True, help="6-digit kecamatan code")
    create.add_argument("--terrain", default="mudah", choices=[t.value for t in kinds.Terrain])
    create.add_argument("--ketua", required=True, help="the ketua tim's user name")
    create.add_argument("--petugas", action="append", required=True, help="repeat for each")
    create.add_argument("--weeks", type=int, default=1, help="plan N visits, one a week")
    create.add_argument("--every-days", type=int, default=kinds.DEFAULT_CADENCE_DAYS)
    listing = add(visit, "list", c.visit_list, "list visits")
    listing.add_argument("--request")
    listing.add_argument("--from", dest="from_date", type=iso_date)
    add(visit, "show", c.visit_show, "a visit, with the suggested team size").add_argument(
        "--visit", required=True, help="visit id (or its first characters)"
    )
    assign = add(visit, "assign", c.visit_assign, "replace a visit's team")
    assign.add_argument("--visit", required=True, help="visit id (or its first characters)")
    assign.add_argument("--ketua", required=True, help="the ketua tim's user name")
    assign.add_argument("--petugas", action="append", required=True, help="repeat for each")
    cancel = add(visit, "cancel", c.visit_cancel, "call off a visit nobody has worked on")
    cancel.add_argument("--visit", required=True, help="visit id (or its first characters)")
    cancel.add_argument("--reason", required=True, help="why (kept in the audit log)")
    move = add(visit, "move", c.visit_move, "move a visit nobody has worked on")
    move.add_argument("--visit", required=True, help="visit id (or its first characters)")
    move.add_argument("--date", type=iso_date, required=True, help="the new day, YYYY-MM-DD")
    move.add_argument("--time", required=True, help="start time, e.g. 09:30")


def _targets_and_sarpras(groups: Any, add: Adder, c: Handlers) -> None:
    targets = groups.add_parser("targets", help="data sasaran").add_subparsers(
        dest="targets_command", required=True
    )
    imp = add(targets, "import", c.targets_import, "import a CSV/XLSX list (all or nothing)")
    imp.add_argument("file")
    imp.add_argument("--visit", required=True, help="visit id (or its first characters)")
    add(targets, "list", c.targets_list, "a visit's targets (NIK masked)").add_argument(
        "--visit", required=True, help="visit id (or its first characters)"
    )

    sarpras = groups.add_parser("sarpras", help="the equipment checklist").add_subparsers(
        dest="sarpras_command", required=True
    )
    for name, handler, text in (
        ("checkout", c.sarpras_checkout, "check equipment out before the trip"),
        ("checkin", c.sarpras_checkin, "check equipment back in after the trip"),
    ):
        cmd = add(sarpras, name, handler, text)
        cmd.add_argument("--visit", required=True, help="visit id (or its first characters)")
        cmd.add_argument("--sim", action="store_true", help="self-test the simulators")
        cmd.add_argument("--no-self-test", action="store_true", help="skip the device self-test")
        cmd.add_argument("--ok", action="append", default=[], metavar="KEY", help="a row is fine")
        cmd.add_argument("--ok-rest", action="store_true", help="every other row is fine")
        cmd.add_argument("--qty", action="append", default=[], metavar="KEY=N")
        if name == "checkout":
            cmd.add_argument("--faulty", action="append", default=[], metavar="KEY=NOTE")
            cmd.add_argument("--missing", action="append", default=[], metavar="KEY=NOTE")
        else:
            cmd.add_argument("--damaged", action="append", default=[], metavar="KEY=NOTE")
            cmd.add_argument("--incomplete", action="append", default=[], metavar="KEY=NOTE")
            cmd.add_argument("--dirty", action="append", default=[], metavar="KEY=NOTE")
            cmd.add_argument("--photo", action="append", default=[], metavar="KEY=FILE")
            cmd.add_argument(
                "--note",
                action="append",
                default=[],
                metavar="KEY=NOTE",
                help="a note on a row (an item rusak at check-out is baik only with one)",
            )
    accept = add(
        sarpras, "accept", c.sarpras_accept, "the pengurus barang accepts the returned equipment"
    )
    accept.add_argument("--visit", required=True, help="visit id (or its first characters)")
    accept.add_argument("--by", required=True, help="the pengurus barang's name")
    for name, handler, text in (
        ("sign", c.sarpras_sign, "the ketua tim signs a checklist"),
        ("show", c.sarpras_show, "show a checklist"),
    ):
        cmd = add(sarpras, name, handler, text)
        cmd.add_argument("--visit", required=True, help="visit id (or its first characters)")
        cmd.add_argument("--phase", default="checkout", choices=[p.value for p in Phase])
    override = add(sarpras, "override", c.sarpras_override, "admin: allow recording anyway")
    override.add_argument("--visit", required=True, help="visit id (or its first characters)")
    override.add_argument("--reason", required=True, help="why (kept in the audit log)")
    add(sarpras, "ready", c.sarpras_ready, "exit 0 if recording may start").add_argument(
        "--visit", required=True, help="visit id (or its first characters)"
    )


def _reports(groups: Any, add: Adder, c: Handlers) -> None:
    report = groups.add_parser("report", help="official documents (PDF)").add_subparsers(
        dest="report_command", required=True
    )
    # report_commands adds the berita acara to this group (public argparse API, no privates).
    groups.choices["report"].set_defaults(report_subcommands=report)
    for kind, text in (
        ("surat-tugas", "the duty letter of a visit"),
        ("surat-balasan", "the draft reply letter to the requester"),
    ):
        cmd = add(report, kind, c.report_letter, text)
        cmd.set_defaults(kind=kind)
        cmd.add_argument("--visit", required=True, help="visit id (or its first characters)")
        cmd.add_argument("--out", required=True, help="the PDF file to write")
        cmd.add_argument("--number", help="the letter's number (default: dotted blanks)")
        cmd.add_argument("--date", type=iso_date, help="date of the letter (default: today)")
    office = add(report, "office", c.report_office, "show or set the letterhead (admin)")
    for option in ("address", "contact", "head-name", "head-rank", "head-nip"):
        office.add_argument(f"--{option}")
