"""The CLI's only place that writes to stdout/stderr, human-readable or ``--json``."""

from __future__ import annotations

import argparse
import functools
import json
import logging
import os
import re
import sys
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec

from fieldkit import catalogue
from fieldkit.durable import O_BINARY
from fieldkit.errors import InvalidInput

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

    from fieldkit.errors import KnownError
    from fieldkit.planning.target_import_types import Note

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
    """A line for a person in the terminal, in the command's language (``--lang``).

    The command code words nothing itself: every sentence it prints is written once, in
    a sentences module (``fieldkit/cli/sentences.py``, ``sync/*/sentences.py``), and
    read here by its code: Indonesian from the app's catalogue unless English was asked
    for (:mod:`fieldkit.catalogue`).
    """
    return catalogue.spoken("cli", code, params)


def import_row_line(row: int, status: str, note: Note) -> str:
    """One row's note from a list's import, wholly in the command's language (issue 59 §2).

    The note's own sentence (``note.message``) is the catalogue's English when read
    outside :func:`fieldkit.catalogue.said`, and the row's status was the code
    ("warning"): the Indonesian line read "baris 4 warning: Kategori is disabilitas ...".
    The laptop's ``targets import`` and the office's ``plan targets import`` both print it.
    """
    return say(
        "import.row",
        row=row,
        status=say("import.status.error") if status == "error" else say("import.status.warning"),
        problem=catalogue.said(lambda: note.message),
    )


def window_word(context: str, source: str) -> str:
    """A word as the window shows it (Qt's ``context`` and its English), in the command's language.

    A listing's states (an officer "aktif", a visit "terjadwal") are the window's own
    words, so the terminal and the window name one thing one way (issue 59 §8).
    """
    return catalogue.window_words(context, source, catalogue.language())


def table(rows: Sequence[Sequence[str]]) -> str:
    """Rows as columns, each as wide as its widest cell: a word's length is the language's."""
    if not rows:
        return ""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


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


#: argparse's words for a usage mistake (Python 3.11 to 3.13), each with its sentence's code
#: (context "cli"): the sentence names the same parts, in the command's language.
_ARGPARSE_MISTAKES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"the following arguments are required: (?P<arguments>.+)"), "argparse.required"),
    (re.compile(r"unrecognized arguments: (?P<arguments>.+)"), "unrecognized_arguments"),
    (
        re.compile(
            r"argument (?P<argument>\S+): invalid choice: (?P<value>.+?) "
            r"\(choose from (?P<choices>.+)\)"
        ),
        "argparse.invalid_choice",
    ),
    (re.compile(r"argument (?P<argument>\S+): expected one argument"), "argparse.expected_one"),
    (
        re.compile(r"argument (?P<argument>\S+): invalid \S+ value: (?P<value>.+)"),
        "argparse.invalid_value",
    ),
    (re.compile(r"one of the arguments (?P<arguments>.+) is required"), "argparse.one_required"),
)


def argparse_mistake(message: str) -> str:
    """Argparse's message about a usage mistake in the command's language, when it is known.

    argparse words them with ``gettext``; the common ones are the catalogue's sentences
    here, their parts (the option, the value, the choices) as argparse named them.  One
    not in the table stays argparse's English, which still names what was wrong.
    """
    if catalogue.language() == "en":
        return message  # argparse's own, word for word (it names the type: "invalid int value")
    for pattern, code in _ARGPARSE_MISTAKES:
        found = pattern.fullmatch(message)
        if found:
            return say(code, **found.groupdict())
    return message


#: The catalogue's context of the options' and sub-commands' help lines (uncoded: each
#: is found by its English, as written in ``help=``; ``scripts/i18n.py --update`` collects
#: them from the built parser trees into ``fieldkit/cli/option_lines.py``).
OPTION_CONTEXT = "cli-option"


def option_words(text: str) -> str:
    """A ``help=`` or ``description=`` line in the command's language.

    Each is written in English where its option is added; its Indonesian is the
    catalogue's (context :data:`OPTION_CONTEXT`), so no call site words it twice.  A line
    the catalogue lacks stays English (``scripts/i18n.py --check`` keeps that out).
    """
    return catalogue.window_words(OPTION_CONTEXT, text, catalogue.language())


def help_lines(parser: argparse.ArgumentParser) -> Iterator[str]:
    """Every help line of ``parser``'s tree as written: descriptions, options, sub-commands.

    In a fixed order (the parsers' own), each sub-command's parser once; what
    :func:`option_words` translates, and what ``scripts/i18n.py`` collects.
    """
    seen: set[int] = set()

    def walk(node: argparse.ArgumentParser) -> Iterator[str]:
        if id(node) in seen:
            return
        seen.add(id(node))
        if node.description:
            yield node.description
        for action in node._actions:  # noqa: SLF001
            spoken = isinstance(action, argparse._HelpAction)  # noqa: SLF001 - speak_argparse's
            if action.help and action.help != argparse.SUPPRESS and not spoken:
                yield action.help
            if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
                for choice in action._choices_actions:  # noqa: SLF001
                    if choice.help:
                        yield choice.help
                for child in action.choices.values():
                    yield from walk(child)

    return walk(parser)


def speak_argparse(parser: argparse.ArgumentParser) -> None:
    """Argparse's own words in the command's language: "usage:", the headings, ``-h``'s line.

    argparse words them with ``gettext``, which would need a compiled message file and
    the locale set; these few are the catalogue's instead (``argparse.*`` in context
    "cli"), set on the parser and its formatter.  Its messages about a mistake (a
    missing argument, an invalid choice) stay argparse's English, after our prefix.
    """
    base = parser.formatter_class
    prefix = say("argparse.usage")

    class Spoken(base):  # type: ignore[valid-type,misc]
        #: Marks a formatter already speaking, so a second call does not wrap it again.
        spoken = True

        def _get_help_string(self, action: argparse.Action) -> str | None:
            """An option's help line in the command's language, its ``%(default)s`` kept."""
            found: str | None = super()._get_help_string(action)
            return option_words(found) if found else found

        def add_text(self, text: str | None) -> None:
            """A parser's description in the command's language."""
            super().add_text(option_words(text) if text and text != argparse.SUPPRESS else text)

        def add_usage(
            self,
            usage: str | None,
            actions: Iterable[argparse.Action],
            groups: Iterable[argparse._MutuallyExclusiveGroup],
            prefix_given: str | None = None,
        ) -> None:
            super().add_usage(
                usage, actions, groups, prefix if prefix_given is None else prefix_given
            )

    if not getattr(base, "spoken", False):
        parser.formatter_class = Spoken
    parser._positionals.title = say("argparse.positionals")  # noqa: SLF001
    parser._optionals.title = say("argparse.options")  # noqa: SLF001
    for action in parser._actions:  # noqa: SLF001
        if isinstance(action, argparse._HelpAction):  # noqa: SLF001
            action.help = say("argparse.help")


class _SubCommands(argparse._SubParsersAction):  # type: ignore[type-arg]  # noqa: SLF001
    """Sub-commands whose own ``--help`` says what they do: their line, as the list shows it."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        said = kwargs.get("help")
        if said and said != argparse.SUPPRESS and kwargs.get("description") is None:
            kwargs["description"] = said
        parser: argparse.ArgumentParser = super().add_parser(name, **kwargs)
        return parser


class SpokenParser(argparse.ArgumentParser):
    """argparse in the command's language (:func:`speak_argparse`), sub-commands included.

    ``add_subparsers`` makes each sub-command's parser of the parent's class, so one
    class at the top makes every level speak.  A usage mistake exits 2, argparse's own.
    """

    #: The exit code of a usage mistake.
    usage_exit = ARGPARSE_USAGE_ERROR

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The parents' options join this parser's headings once those speak: joined
        # before, the parents' "opsi" and this parser's "options" became two headings.
        parents: Sequence[argparse.ArgumentParser] = kwargs.pop("parents", ())
        super().__init__(*args, **kwargs)
        self.register("action", "parsers", _SubCommands)
        speak_argparse(self)
        for parent in parents:
            speak_argparse(parent)
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)  # noqa: SLF001

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        said = say("argparse.error", prog=self.prog, message=argparse_mistake(message))
        self.exit(self.usage_exit, said + "\n")


class Parser(SpokenParser):
    """argparse, except that a usage mistake exits 1 (the user's error), not 2 (a bug).

    Sub-commands get this class too: ``add_subparsers`` uses the parent's class.
    """

    usage_exit = EXIT_USER


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
            # Its code and keys for scripts; its message and hint in the command's language.
            said = catalogue.said(error.as_dict)
            print(json.dumps({"error": said}, ensure_ascii=False, indent=2))
        print(f"fieldkit: {catalogue.error_message(error)}", file=sys.stderr)
        hint = catalogue.error_hint(error)
        if hint:
            print(f"  {hint}", file=sys.stderr)

    def internal_error(self, log_path: str | None) -> None:
        where = " " + say("internal.where", path=log_path) if log_path else ""
        if self.as_json:
            print(json.dumps({"error": {"code": "internal", "message": say("internal")}}))
        print(
            "fieldkit: " + say("internal") + where,
            file=sys.stderr,
        )
