"""The handlers of ``fieldkit nik check``, ``kk check`` and ``version``: no store, no login.

Apart from ``core_commands`` (whose login opens the encrypted store) so that checking a
number, which scripts and the office's spreadsheets do by the thousand, costs a start-up
and nothing more.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldkit import nik
from fieldkit._version import __version__
from fieldkit.cli.output import EXIT_OK, EXIT_USER, say

if TYPE_CHECKING:
    import argparse

    from fieldkit.cli.output import Output


def cmd_nik_check(args: argparse.Namespace, out: Output) -> int:
    sex = nik.Sex(args.sex) if args.sex else None
    result = nik.check_nik(args.nik, birth_date=args.birth_date, sex=sex)
    lines = ["valid" if result.valid else "INVALID"]
    lines += [f"  error: {f.message}" for f in result.errors]
    lines += [f"  warning: {f.message}" for f in result.warnings]
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
    lines = ["valid" if result.valid else "INVALID"]
    lines += [f"  error: {f.message}" for f in result.errors]
    lines += [f"  warning: {f.message}" for f in result.warnings]
    out.result(result.as_json(), "\n".join(lines))
    return EXIT_OK if result.valid else EXIT_USER


def cmd_version(_args: argparse.Namespace, out: Output) -> int:
    out.result({"version": __version__}, f"FieldKit {__version__}")
    return EXIT_OK
