"""The command line's lines come from its sentences modules: none is spelt in the CLI's code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import fieldkit.cli
import sync.client
import sync.server
import sync.server.console
import sync.server.dedup  # its commands' sentences (dedup run, records adjudicate)
from fieldkit import catalogue, sentences

REPO = Path(__file__).resolve().parents[3]
#: The CLI's command code; its sentences modules are where its sentences are written.
CLI_MODULES = sorted(
    [
        *(
            p
            for p in (REPO / "fieldkit" / "cli").glob("*.py")
            # option_lines.py: the help lines, generated for lupdate (scripts/i18n.py)
            if p.name not in {"sentences.py", "option_lines.py"}
        ),
        REPO / "sync" / "client" / "cli.py",
        REPO / "sync" / "client" / "update_cli.py",
        # The data center's entry point and each room's commands (``<room>/*cli*.py``).
        *(REPO / "sync" / "server").rglob("*cli*.py"),
        REPO / "sync" / "server" / "office" / "releases.py",
    ]
)
#: Calls whose string arguments are for the developer, not a person: argparse's help
#: and names, log lines (English by rule), the catalogue's own lookup, and a pattern that
#: reads argparse's English to word it in the command's language (``re.compile``).
NOT_FOR_A_PERSON = frozenset(
    {"add_argument", "add_parser", "add", "debug", "info", "warning", "exception", "say", "compile"}
)
#: Keyword arguments that hold argparse's help texts.
HELP_KEYWORDS = frozenset({"help", "description", "epilog", "metavar"})
#: Two words in a row outside any ``{place}``: a sentence, not a value or a code.
SENTENCE = re.compile(r"[A-Za-z]{2,}[,:;]? +[A-Za-z]{2,}")
#: Module-level tables of argparse help are named for it, and tables of the window's own
#: words (a listing's states, read through ``output.window_word``) too.
HELP_TABLE = re.compile(r"_HELP$|_WORDS$")


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _literal_text(node: ast.AST) -> str:
    """The text a string literal or an f-string spells itself (its places left out)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(_literal_text(v) for v in node.values if isinstance(v, ast.Constant))
    return ""


def spelt_sentences(source: str) -> list[tuple[int, str]]:
    """Sentences a CLI module spells itself: anything but help, logs, docstrings and codes."""
    tree = ast.parse(source)
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and _name(node) in NOT_FOR_A_PERSON) or (
            isinstance(node, ast.keyword) and node.arg in HELP_KEYWORDS
        ):
            skipped.update(id(n) for n in ast.walk(node))
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skipped.add(id(node.value))  # a docstring
        elif isinstance(node, ast.For) and isinstance(node.iter, ast.Tuple):
            skipped.update(id(n) for n in ast.walk(node.iter))  # a table of (name, help)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and HELP_TABLE.search(t.id) for t in targets):
                skipped.update(id(n) for n in ast.walk(node))
    found: dict[int, str] = {}
    for node in ast.walk(tree):
        if id(node) in skipped or not isinstance(node, ast.Constant | ast.JoinedStr):
            continue
        text = _literal_text(node)
        if SENTENCE.search(text):
            found.setdefault(node.lineno, text)  # an f-string, before the words inside it
    return sorted(found.items())


def _codes_used() -> tuple[set[str], set[str]]:
    """The codes ``say`` is called with, and every string a CLI module holds (codes chosen
    by a condition first, ``code = "a" if ok else "b"``)."""
    said: set[str] = set()
    strings: set[str] = set()
    for path in CLI_MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.add(node.value)
            if isinstance(node, ast.Call) and _name(node) == "say" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    said.add(first.value)
    return said, strings


@pytest.mark.parametrize("path", CLI_MODULES, ids=lambda p: p.name)
def test_no_cli_module_spells_a_sentence(path: Path) -> None:
    assert spelt_sentences(path.read_text(encoding="utf-8")) == []


def test_a_table_of_the_windows_words_holds_only_the_windows_words() -> None:
    """A ``*_WORDS`` table names states as the window does: each word must be the window's.

    The command prints it through ``window_word``; a word the window lacks would print
    as written, in English.
    """
    window = {source for (_context, source) in catalogue._window_indonesian()}
    found: dict[str, str] = {}
    for path in CLI_MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            named = isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id.endswith("_WORDS") for t in node.targets
            )
            if named and isinstance(node.value, ast.Dict):  # type: ignore[union-attr]
                for value in node.value.values:  # type: ignore[union-attr]
                    word = value.value if isinstance(value, ast.Constant) else None
                    # COMMAND_WORDS holds the codes of its sentences, not words
                    if isinstance(word, str) and sentences.template("cli", word) is None:
                        found[word] = path.name
    assert {"Fingerprint scanner", "waiting for the first login", "Irises"} <= set(found)
    assert sorted(word for word in found if word not in window) == []


def test_the_scan_finds_a_sentence_spelt_the_old_way() -> None:
    """The check itself: the lines the CLI printed before the catalogue are caught."""
    old = (
        'out.result(info.as_json(), f"Request {info.id} recorded.")\n'
        'out.line("Put the printed card on the reader...")\n'
        'out.result(data, text or say("audit.none"))\n'
        "lines = [f\"Data center: {status.url or 'not enrolled'}\"]\n"
        'cmd.add_argument("--out", help="the PDF file to write")\n'
        'log.info("device error (%s): %s", where, code)\n'
    )
    assert [line for line, _ in spelt_sentences(old)] == [1, 2, 4]


def test_every_line_the_cli_prints_has_its_sentence() -> None:
    del fieldkit.cli, sync.client, sync.server  # imported for their sentences (and dedup's)
    said, strings = _codes_used()
    assert len(said) > 50  # the scan found the CLI's lines
    missing = sorted(code for code in said if sentences.template("cli", code) is None)
    assert missing == []
    written = {s.code for s in sentences.registered() if s.context == "cli"}
    assert sorted(written - strings) == []  # no sentence the CLI never prints


def test_a_counted_line_takes_the_english_number() -> None:
    assert sentences.english("cli", "records.intact", {"n": 1}) == "All 1 sealed record intact."
    assert (
        sentences.english("cli", "revisit.planned", {"n": 2, "visit": "v1", "date": "2026-12-01"})
        == "Planned visit v1 on 2026-12-01 with 2 people."
    )


def test_a_data_center_line_renders_in_english() -> None:
    assert sentences.english("cli", "dc.code", {"code": "K7Q2-M4"}) == "Enrollment code: K7Q2-M4"
    # A stick as the officers' Windows laptops name it; the sentence only carries the text.
    one = {"n": 1, "size": "2 MB", "path": "E:\\"}
    assert sentences.english("cli", "sync.exported", one) == "Exported 1 record, 2 MB, to E:\\."
    two = {**one, "n": 2}
    assert sentences.english("cli", "sync.exported", two) == "Exported 2 records, 2 MB, to E:\\."
