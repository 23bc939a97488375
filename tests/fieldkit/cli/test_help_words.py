"""Every help line of both command lines reads Indonesian by default, English with ``--lang en``.

Issue 59 §8: ``fieldkit --help``, ``fieldkit-datacenter plan visit add --help`` and
``fieldkit sim zfm --help`` read their headings in Indonesian and every option's line in
English.  The lines stay written in English beside their options; ``scripts/i18n.py
--update`` collects them from the built parser trees, and the catalogue words them
(context "cli-option").  Walked here over every parser of every tree, as ``--help`` shows
each one, in both languages; one ``--help`` of each tool is a child process, as typed.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fieldkit import catalogue
from fieldkit.cli.output import OPTION_CONTEXT
from tests.support import cli

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import ModuleType

REPO = Path(__file__).resolve().parents[3]
#: A fresh machine: no language set anywhere.
UNSET = {"FIELDKIT_LANG": ""}
#: What a line keeps, word for word, in any language: argparse's places, variables,
#: options, paths and URLs.
_KEPT = re.compile(r"%\(\w+\)\w|\$[A-Z_]+|--[a-z][a-z-]*|\b[a-z]+://[\w./:@-]*")


def _i18n() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_script", REPO / "scripts" / "i18n.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def i18n() -> ModuleType:
    return _i18n()


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                yield from _parsers(child)


def _own_lines(parser: argparse.ArgumentParser) -> Iterator[str]:
    """The lines ``parser``'s own ``--help`` shows: its description, options, sub-commands."""
    if parser.description:
        yield parser.description
    for action in parser._actions:
        if action.help and not isinstance(action, argparse._HelpAction):
            yield action.help
        if isinstance(action, argparse._SubParsersAction):
            yield from (choice.help for choice in action._choices_actions if choice.help)


def _unwrapped(text: str) -> str:
    return "".join(text.split())


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_every_help_line_has_its_indonesian_keeping_options_and_places(i18n: ModuleType) -> None:
    lines = i18n.cli_help_lines()
    # Both tools, their sub-commands below the first level, the simulators and the window.
    for expected in (
        "machine-readable output",
        "plan a visit; prints its id",
        "the desa from the office's region table (regions import): its name or code",
        "the officer's full name",
        "start with no finger",
        "a throwaway store with demo data",
        "hours the code works (default: %(default)g)",
    ):
        assert expected in lines
    found = {
        source: text
        for (context, source), text in catalogue._window_indonesian().items()
        if context == OPTION_CONTEXT
    }
    assert [line for line in lines if line not in found] == []
    for line in lines:
        said = found[line]
        assert _KEPT.findall(said) == _KEPT.findall(line), (line, said)
    different = [line for line in lines if found[line] != line]
    assert len(different) > 0.95 * len(lines)  # the rest are lists of values: mudah, sedang


def test_each_parsers_help_shows_its_lines_in_the_language_asked(
    i18n: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every parser's ``--help`` as argparse formats it: Indonesian, then English again."""
    translated = {
        line: said
        for line in i18n.cli_help_lines()
        if (said := catalogue.window_words(OPTION_CONTEXT, line, "id")) != line and "%(" not in line
    }
    checked = 0
    try:
        for language in ("id", "en"):
            catalogue.use_language(language)
            monkeypatch.setenv(catalogue.ENV_LANGUAGE, language)  # the window's reads it
            for tree in i18n._parser_trees():
                for parser in _parsers(tree):
                    # argparse wraps a line at a space or after a hyphen ("kata-\n kata")
                    shown = _unwrapped(parser.format_help())
                    own = [line for line in _own_lines(parser) if line in translated]
                    for line in own:
                        words = translated[line] if language == "id" else line
                        assert _unwrapped(words) in shown, (parser.prog, language, line)
                        checked += 1
                    if language == "id":
                        assert "options:" not in shown, parser.prog
                        assert "show this help" not in shown, parser.prog
    finally:
        catalogue.use_language(catalogue.DEFAULT_LANGUAGE)
    assert checked > 2 * 300


def test_the_collected_help_lines_are_current(i18n: ModuleType) -> None:
    """A help line added or changed in a parser is in the catalogue's module (``--update``)."""
    written = (REPO / "fieldkit" / "cli" / "option_lines.py").read_text(encoding="utf-8")
    assert written == i18n.option_module()


def test_the_data_centers_help_is_indonesian_by_default_english_when_asked() -> None:
    def shown(*language: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "sync.server.cli", *language, "plan", "visit", "add", "--help"],
            capture_output=True,
            text=True,
            env=_env(UNSET),
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return _flat(done.stdout)

    indonesian = shown()
    assert indonesian.startswith("penggunaan: fieldkit-datacenter plan visit add [-h]")
    assert "rencanakan kunjungan; mencetak id-nya" in indonesian
    assert "--team USER:ROLE anggota dan perannya, mis. rudi:ketua_tim" in indonesian
    assert "--json keluaran untuk mesin (JSON)" in indonesian
    assert "--data DATA folder data [$FIELDKIT_DATACENTER_DATA]" in indonesian
    assert "the desa from" not in indonesian
    english = shown("--lang", "en")
    assert "--team USER:ROLE a member and role, e.g. rudi:ketua_tim" in english
    assert "--data DATA the data directory [$FIELDKIT_DATACENTER_DATA]" in english


def test_a_simulators_help_speaks_the_command_s_language() -> None:
    indonesian = cli("sim", "zfm", "--help", env=UNSET, process=True)
    assert indonesian.returncode == 0, indonesian.stderr
    shown = _flat(indonesian.stdout)
    assert shown.startswith("penggunaan: fieldkit sim zfm [-h]"), shown
    assert "emulator pemindai sidik jari ZFM/R30x FieldKit" in shown
    assert "--no-finger mulai tanpa jari di pemindai" in shown
    assert "opsi: -h, --help tampilkan bantuan ini lalu keluar" in shown


def _env(extra: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **extra}
