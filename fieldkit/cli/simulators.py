"""``fieldkit sim NAME ARGS``: a training simulator, run until SIGTERM or SIGINT.

Each simulator parses its own options; this module names them and hands them their
arguments, importing only the one asked for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from fieldkit.cli.output import ARGPARSE_USAGE_ERROR, EXIT_USER, SpokenParser

if TYPE_CHECKING:
    import argparse
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


def _entry(name: str, function: str) -> Callable[..., Any]:
    """The simulator's ``function`` (its ``main`` when empty), its module imported now."""
    module_name, _, main = SIMULATORS[name].partition(":")
    found: Callable[..., Any] = getattr(importlib.import_module(module_name), function or main)
    return found


def _prog(name: str) -> str:
    # Its usage names it as typed, "fieldkit sim zfm", not the bare "fieldkit" that
    # argparse makes of the process's name (issue 59 §8).
    return " ".join((*PROG, name))


def simulator_parser(name: str) -> argparse.ArgumentParser:
    """The options of ``fieldkit sim NAME``, as its ``--help`` shows them (for their words)."""
    built: argparse.ArgumentParser = _entry(name, "build_parser")(_prog(name), SpokenParser)
    return built


def run_simulator(name: str, argv: Sequence[str]) -> int:
    entry = _entry(name, "")
    try:
        # Its options, help and mistakes speak the command's language: the simulator
        # parses with our parser class (drivers import nothing of ours).
        code: int = entry(list(argv), prog=_prog(name), parser_class=SpokenParser)
    except SystemExit as stop:
        # A usage mistake exits 2 (argparse's, SpokenParser's): the user's error here.
        if stop.code == ARGPARSE_USAGE_ERROR:
            return EXIT_USER
        raise
    return code
