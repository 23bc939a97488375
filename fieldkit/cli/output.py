"""The CLI's only place that writes to stdout/stderr, human-readable or ``--json``."""

from __future__ import annotations

import argparse
import functools
import json
import logging
import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec

from fieldkit import sentences
from fieldkit.durable import O_BINARY
from fieldkit.errors import InvalidInput

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from fieldkit.errors import KnownError

#: The documented exit codes (README): ok, the user's error or a negative answer, a bug.
EXIT_OK = 0
EXIT_USER = 1
EXIT_INTERNAL = 2
#: What argparse exits with on a usage mistake, which for us is the user's error.
ARGPARSE_USAGE_ERROR = 2


log = logging.getLogger(__name__)
_P = ParamSpec("_P")


def quiet_when_the_reader_leaves(main: Callable[_P, int]) -> Callable[_P, int]:
    """A command's ``main``, ending quietly with exit 1 when its output pipe closes.

    ``fieldkit audit list --json | head -3``: ``head`` leaves, and the next write (or the
    last flush) raises BrokenPipeError, which printed a traceback. As the Python docs
    advise (``signal``, "Note on SIGPIPE"), stdout is pointed at the null device, so
    the interpreter's own flush at exit finds nowhere to fail, and the command exits
    non-zero. No signal is touched: Windows has no SIGPIPE.
    """

    @functools.wraps(main)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> int:
        try:
            try:
                return main(*args, **kwargs)
            finally:
                sys.stdout.flush()  # still inside the try: a closed pipe shows here, too
        except BrokenPipeError:
            log.debug("the output pipe closed before the command finished")
            devnull = os.open(os.devnull, os.O_WRONLY | O_BINARY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
            return EXIT_USER

    return run


def say(code: str, /, **params: object) -> str:
    """A line for a person in the terminal: the English of its sentence (``cli/sentences.py``).

    The command code words nothing itself: every sentence it prints is written once, in
    a sentences module (``fieldkit/cli/sentences.py``, ``sync/*/sentences.py``), and
    read here by its code.
    """
    return sentences.english("cli", code, params)


def undecodable_argument(argv: Sequence[str]) -> InvalidInput | None:
    r"""The first argument that is not UTF-8 text, as a refusal that names it; else None.

    On POSIX Python keeps a byte that is not UTF-8 (a Latin-1 terminal, a file name
    from an old stick) as a lone surrogate.  Passed on, it fails deep inside: the store
    cannot encode it, and the command ended in "internal error".  It is refused here,
    before argparse, by its position and the option it is the value of, the bad byte
    shown as ``\xff``.  (Windows hands programs Unicode arguments: nothing to refuse.)
    """
    for index, argument in enumerate(argv):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            pass
        else:
            continue
        option, value = None, argument
        if argument.startswith("--") and "=" in argument:
            option, value = argument.split("=", 1)
        elif index and argv[index - 1].startswith("-") and not argument.startswith("-"):
            option = argv[index - 1]
        params: dict[str, object] = {"position": index + 1, "argument": value}
        if option is None or not option.isascii():
            return InvalidInput(code="cli_argument_not_utf8", params=params)
        return InvalidInput(code="cli_option_value_not_utf8", params=params | {"option": option})
    return None


class Parser(argparse.ArgumentParser):
    """argparse, except that a usage mistake exits 1 (the user's error), not 2 (a bug).

    Sub-commands get this class too: ``add_subparsers`` uses the parent's class.
    """

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USER, f"{self.prog}: error: {message}\n")


class Output:
    def __init__(self, *, as_json: bool) -> None:
        self.as_json = as_json

    def result(self, data: Mapping[str, Any] | list[Any], text: str) -> None:
        """Print ``data`` as JSON, or ``text`` for a person."""
        if self.as_json:
            print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        else:
            print(text)

    def line(self, text: str) -> None:
        """A progress line for people; kept off stdout in JSON mode so JSON stays parseable."""
        print(text, file=sys.stderr if self.as_json else sys.stdout)

    def error(self, error: KnownError) -> None:
        if self.as_json:
            print(json.dumps({"error": error.as_dict()}, ensure_ascii=False, indent=2))
        print(f"fieldkit: {error.message}", file=sys.stderr)
        if error.hint:
            print(f"  {error.hint}", file=sys.stderr)

    def internal_error(self, log_path: str | None) -> None:
        where = " " + say("internal.where", path=log_path) if log_path else ""
        if self.as_json:
            print(json.dumps({"error": {"code": "internal", "message": say("internal")}}))
        print(
            "fieldkit: " + say("internal") + where,
            file=sys.stderr,
        )
