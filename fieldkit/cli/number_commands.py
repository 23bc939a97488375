"""The handlers of ``fieldkit nik check``, ``kk check`` and ``version``: no store, no login.

Apart from ``core_commands`` (whose login opens the encrypted store) so that checking a
number, which scripts and the office's spreadsheets do by the thousand, costs a start-up
and nothing more.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldkit import catalogue, nik
from fieldkit._version import __version__
from fieldkit.cli.output import EXIT_OK, EXIT_USER, say

if TYPE_CHECKING:
    import argparse

    from fieldkit.cli.output import Output


def _finding(finding: nik.Finding) -> str:
    """A finding's sentence in the command's language (``Finding.message`` is the English)."""
    return catalogue.said(lambda: finding.message)


def _verdict(result: nik.NikCheck | nik.KkCheck) -> list[str]:
    """The verdict ("valid", "INVALID"), then each error and warning, in the language."""
    lines = [say("number.valid" if result.valid else "number.invalid")]
    lines += [say("number.error", problem=_finding(f)) for f in result.errors]
    lines += [say("number.warning", problem=_finding(f)) for f in result.warnings]
    return lines


def cmd_nik_check(args: argparse.Namespace, out: Output) -> int:
    sex = nik.Sex(args.sex) if args.sex else None
    result = nik.check_nik(args.nik, birth_date=args.birth_date, sex=sex)
    lines = _verdict(result)
    if result.valid:
        lines.append(
            say(
                "nik.decoded",
                province=result.province,
                regency=result.regency,
                district=result.district,
                born=result.birth_date,
                sex=result.sex,
            )
        )
    out.result(result.as_json(), "\n".join(lines))
    return EXIT_OK if result.valid else EXIT_USER


def cmd_kk_check(args: argparse.Namespace, out: Output) -> int:
    result = nik.check_kk(args.kk)
    lines = _verdict(result)
    out.result(result.as_json(), "\n".join(lines))
    return EXIT_OK if result.valid else EXIT_USER


def cmd_version(_args: argparse.Namespace, out: Output) -> int:
    out.result({"version": __version__}, f"FieldKit {__version__}")
    return EXIT_OK
