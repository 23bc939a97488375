"""``fieldkit sim NAME ARGS``: a training simulator, run until SIGTERM or SIGINT.

Each simulator parses its own options; this module names them and hands them their
arguments, importing only the one asked for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from fieldkit.cli.output import ARGPARSE_USAGE_ERROR, EXIT_USER

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

#: How a simulator's usage begins: the words typed before its name.
PROG = ("fieldkit", "sim")
#: Each simulator's own entry point; ``fieldkit sim NAME ARGS`` hands ARGS to it.
SIMULATORS: dict[str, str] = {
    "zfm": "drivers.fingerprint.zfm_sim:main",
    "card": "drivers.cardreader.vpcd_card:main",
    "sbi": "drivers.sbi.sim:main",
    "pad": "drivers.signature.pad_sim:main",
}
#: ``fieldkit sim --help``: what each simulator is (argparse's help, for the developer).
SIMULATORS_HELP: dict[str, str] = {
    "zfm": "ZFM/R30x fingerprint scanner on a pty/socket",
    "card": "virtual staff card for a pcscd with vpcd",
    "sbi": "MOSIP SBI device service (Finger, Iris or Face)",
    "pad": "ISDV4 signature pad on a pty/socket, replaying",
}


def run_simulator(name: str, argv: Sequence[str]) -> int:
    target = SIMULATORS[name]
    module_name, _, function = target.partition(":")
    entry: Callable[..., int] = getattr(importlib.import_module(module_name), function)
    try:
        # Its usage names it as typed, "fieldkit sim zfm", not the bare "fieldkit" that
        # argparse makes of the process's name (issue 59 §8).
        return entry(list(argv), prog=" ".join((*PROG, name)))
    except SystemExit as stop:
        # The simulators parse with plain argparse (they also run alone, as modules).
        if stop.code == ARGPARSE_USAGE_ERROR:
            return EXIT_USER
        raise
