"""The parser of ``fieldkit quality face|finger|iris FILE``.

Only the parser: ``fieldkit.cli.quality_commands`` and its image stack (OpenCV, NBIS)
load when the command runs (``fieldkit.cli.deferred``).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from fieldkit.cli.deferred import Handlers
from fieldkit.cli.output import say

if TYPE_CHECKING:
    from fieldkit.cli.deferred import Adder

#: The one handler, imported when the command runs.
quality = Handlers("fieldkit.cli.quality_commands")


def _birth_year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        year = 0
    if not 1850 <= year <= 2200:  # noqa: PLR2004 - a plausible birth year
        raise argparse.ArgumentTypeError(say("not_a_birth_year", text=repr(text)))
    return year


def register(groups: Any, add: Adder) -> None:
    quality_group = groups.add_parser(
        "quality", help="check a face, fingerprint or iris image"
    ).add_subparsers(dest="quality_command", required=True)
    for modality, text in (
        ("face", "check a face photo (ICAO subset, KTP-el background)"),
        ("finger", "check a fingerprint image (NFIQ 2)"),
        ("iris", "check an iris image (ISO/IEC 29794-6 subset)"),
    ):
        cmd = add(quality_group, modality, quality.cmd_quality, text)
        cmd.add_argument("file", help="an image file (PNG, JPEG, JPEG 2000, BMP, TIFF, WSQ…)")
        cmd.add_argument("--threshold", type=float, help="pass mark on the modality's 0-100 scale")
        if modality == "face":
            cmd.add_argument(
                "--birth-year",
                type=_birth_year,
                help="red background for an odd year, blue for an even one",
            )
        if modality == "finger":
            cmd.add_argument("--ppi", type=int, default=500, help="scan resolution")
