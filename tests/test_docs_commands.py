"""Every command README and the docs show exists, with every option they give it.

Issue 59: the office's first day found README and ``docs/datacenter.md`` out of step with
the commands (an option neither used, commands "not found").  A command renamed or an
option dropped now fails here, not on an operator's first day (it found none when
written): each ``fieldkit`` and ``fieldkit-datacenter`` line of a Markdown file is walked
down the tools' own argparse trees, its subcommands and its ``--options`` looked up where
that command defines them.  Summary lines (``sarpras checkout|checkin|sign``) are read for
each alternative.
"""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

import pytest

from fieldkit.cli.main import build_parser as laptop_parser
from sync.server.cli import build_parser as datacenter_parser

REPO = Path(__file__).resolve().parents[1]
DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
#: A tool's name where a command starts (not ``/opt/fieldkit`` or ``fieldkit-app``), and
#: the command up to where Markdown, a comment, a pipe to another program or ``$(…)`` ends.
_COMMAND = {
    "fieldkit": re.compile(r"(?:^|[\s`($])fieldkit[ \t]+([^`#;)\n]*)"),
    "fieldkit-datacenter": re.compile(r"(?:^|[\s`($])fieldkit-datacenter[ \t]+([^`#;)\n]*)"),
}
#: Options every command of the tool takes before argparse sees them.
_EVERYWHERE = {"--lang", "-v", "--verbose", "--help", "-h"}
#: ``fieldkit sim ...``: each simulator builds its parser when it is run.
_BUILT_WHEN_RUN = {"sim"}


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {name for action in parser._actions for name in action.option_strings}


def _words(command: str) -> list[str] | None:
    try:
        return shlex.split(command.replace("[", " ").replace("]", " "))
    except ValueError:  # a quote the line's prose opened: not a command
        return None


def _walk(
    words: list[str], root: argparse.ArgumentParser
) -> tuple[list[argparse.ArgumentParser], list[str], list[str]]:
    """The parsers the words lead to (one per alternative), the path, and what is unknown."""
    parsers, path, unknown = [root], [], []
    for word in words:
        if word.startswith("-"):
            break
        choices = _subcommands(parsers[0])
        alternatives = [w for w in word.split("|") if w]
        known = [w for w in alternatives if w in choices]
        if not choices or not known:
            if choices and not path:
                unknown.append(f"{word}: no such command")
            break
        if len(known) < len(alternatives) and path:
            unknown.append(f"{' '.join(path)} {sorted(set(alternatives) - set(known))}")
        parsers, path = [choices[w] for w in known], [*path, known[0]]
    return parsers, path, unknown


def _mistakes(tool: str, root: argparse.ArgumentParser, document: Path) -> list[str]:
    mistakes: list[str] = []
    text = document.read_text(encoding="utf-8")
    for match in _COMMAND[tool].finditer(text):
        words = _words(match.group(1))
        if not words or not words[0][0].isalpha():
            continue
        parsers, path, unknown = _walk(words, root)
        mistakes += [f"{document.name}: {tool} {what}" for what in unknown]
        if not path or path[0] in _BUILT_WHEN_RUN:
            continue
        # ``status|rules [--threshold ...]``: an option of any of the alternatives.
        options = set().union(*(_options(parser) for parser in parsers)) | _EVERYWHERE
        mistakes += [
            f"{document.name}: {tool} {' '.join(path)} has no {word.split('=')[0]}"
            for word in words
            if word.startswith("--") and word.split("=")[0] not in options
        ]
    return mistakes


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_each_command_a_document_shows_exists_with_its_options(document: Path) -> None:
    mistakes = _mistakes("fieldkit", laptop_parser(), document)
    mistakes += _mistakes("fieldkit-datacenter", datacenter_parser(), document)
    assert not mistakes, "\n".join(mistakes)


def test_a_wrong_option_is_caught(tmp_path: Path) -> None:
    """The walk itself: an option no command has, a command no tool has."""
    page = tmp_path / "page.md"
    page.write_text(
        "```sh\nfieldkit-datacenter plan visit add --desa Sumberjo --desa-kode 1\n"
        "fieldkit-datacenter cards deliver --laptop X\nfieldkit visits list\n```\n",
        encoding="utf-8",
    )
    assert _mistakes("fieldkit-datacenter", datacenter_parser(), page) == [
        "page.md: fieldkit-datacenter plan visit add has no --desa-kode"
    ]
    assert _mistakes("fieldkit", laptop_parser(), page) == [
        "page.md: fieldkit visits: no such command"
    ]
