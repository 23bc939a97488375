"""The parser of the berita acara reports, ``fieldkit handover`` and ``fieldkit referral``.

Only the parser: the handlers are in ``fieldkit.cli.report_commands``, imported when
their command runs (``fieldkit.cli.deferred``), so ``fieldkit --help`` loads none of
their stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fieldkit.cli.arguments import iso_date
from fieldkit.cli.deferred import Handlers
from fieldkit.handover.kinds import Relation

if TYPE_CHECKING:
    import argparse

    from fieldkit.cli.deferred import Adder

#: The handlers, a ``ReportCommands`` built with the CLI's login when one runs.
c = Handlers("fieldkit.cli.report_commands", "ReportCommands")


def _device_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--sim", action="store_true", help="simulated card reader and pad")
    cmd.add_argument("--card-uid", help="the simulated card's UID (with --sim)")
    cmd.add_argument("--sim-strokes", default="initials", help="simulated signature recording")
    cmd.add_argument("--reader", help="PC/SC reader name (default: the first)")
    cmd.add_argument("--pad-port", help="serial port of the ISDV4 signature pad")
    cmd.add_argument("--timeout", type=float, default=30.0, help="seconds to wait per device")


def _relations() -> list[str]:
    return [r.value for r in Relation if r is not Relation.COURIER]


def _receipt_and_sarpras(report: Any, add: Adder, c: Handlers) -> None:
    cmd = add(report, "bukti-perekaman", c.bukti_perekaman, "the family's receipt of a record")
    cmd.add_argument("--record", required=True, help="the record id (or its first 8 characters)")
    cmd.add_argument("--out", required=True, help="the PDF file to write")
    cmd = add(report, "ba-sarpras", c.ba_sarpras, "berita acara of a visit's equipment return")
    cmd.add_argument("--visit", required=True, help="visit id (or its first characters)")
    cmd.add_argument("--out", required=True, help="the PDF file to write")


def register(groups: Any, add: Adder) -> None:
    """Add the berita acara reports, ``handover`` and ``referral`` to the parser."""
    report = groups.choices["report"].get_default("report_subcommands")
    cmd = add(report, "ba-perekaman", c.ba_perekaman, "berita acara of a visit")
    cmd.add_argument("--visit", required=True, help="visit id (or its first characters)")
    cmd.add_argument("--out", required=True, help="the PDF file to write")
    cmd.add_argument("--number", help="the letter number")
    _receipt_and_sarpras(report, add, c)
    cmd = add(report, "rekap-harian", c.rekap_harian, "recap of one day's visits")
    cmd.add_argument("--date", type=iso_date, required=True, help="the new day, YYYY-MM-DD")
    cmd.add_argument("--out", required=True)
    cmd = add(report, "ba-serah-terima", c.ba_serah_terima, "berita acara of card handovers")
    cmd.add_argument("--date", type=iso_date)
    cmd.add_argument("--handover", action="append", default=[], help="a handover id (repeatable)")
    cmd.add_argument(
        "--delivery", help="a card delivery the office scheduled (DST-2026-0001): all its cards"
    )
    cmd.add_argument("--out", required=True)
    cmd = add(report, "photos", c.photos, "show or set whether reports may hold photos (admin)")
    cmd.add_argument("setting", nargs="?", choices=["on", "off"])

    handover = groups.add_parser("handover", help="hand printed KTP-el over").add_subparsers(
        dest="handover_command", required=True
    )
    cmd = add(handover, "list", c.handover_list, "printed cards waiting for handover")
    cmd.add_argument("--all", action="store_true", help="include cards already handed over")
    cmd = add(handover, "give", c.handover_give, "read the card, the recipient signs")
    cmd.add_argument("record")
    cmd.add_argument("--recipient", required=True, help="who receives the card")
    cmd.add_argument("--relation", required=True, choices=_relations())
    cmd.add_argument("--note")
    cmd.add_argument(
        "--accept-unrecorded-card",
        action="store_true",
        help="ketua tim: hand over a card the office recorded no UID for (audited)",
    )
    _device_options(cmd)
    cmd = add(handover, "courier", c.handover_courier, "cards to a courier, who signs a receipt")
    cmd.add_argument("records", nargs="+")
    cmd.add_argument("--courier", required=True, help="the courier's name")
    cmd.add_argument("--organisation", required=True, help="e.g. Becak Pintar")
    _device_options(cmd)
    cmd = add(handover, "delivered", c.handover_delivered, "a courier's delivery arrived")
    cmd.add_argument("record")
    cmd.add_argument("--recipient", required=True)
    cmd.add_argument("--relation", required=True, choices=_relations())
    cmd.add_argument("--signed", action="store_true", help="the recipient signs on the pad now")
    cmd.add_argument("--note")
    _device_options(cmd)

    ref = groups.add_parser("referral", help="Dinsos/DTKS referral").add_subparsers(
        dest="referral_command", required=True
    )
    cmd = add(ref, "mark", c.referral_mark, "mark a recorded vulnerable person")
    cmd.add_argument("target")
    cmd.add_argument("--note")
    cmd = add(ref, "list", c.referral_list, "marked people, or --candidates")
    cmd.add_argument("--candidates", action="store_true")
    cmd.add_argument("--visit")
    cmd = add(ref, "export", c.referral_export, "write the list as CSV or PDF")
    cmd.add_argument("--format", choices=["csv", "pdf"], required=True)
    cmd.add_argument("--out", required=True)
