"""The core's sentences are written once, beside their code, and reach the screens translated."""

from __future__ import annotations

import ast
import importlib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from fieldkit import sentences
from ui.core_sentences import SENTENCE_MODULES, core_text, core_texts

REPO = Path(__file__).resolve().parents[2]
INDONESIAN = REPO / "assets" / "i18n" / "fieldkit_id.ts"
#: The data center's own sentences: its command line and its service, never a laptop's
#: screen (the laptop's bundle leaves ``sync.server`` out, so the screens may not import it).
#: Importing the package registers every room's (``sync/server/__init__.py``).
DATA_CENTER_SENTENCES = "sync.server"
#: One of them, the intake's: the rooms' sentences modules are found like any other.
INTAKE_SENTENCES = "sync.server.intake.sentences"
#: Every sentences module of the data center (its service's, its console's) starts so.
DATA_CENTER = "sync.server."


def _sentence_modules() -> list[str]:
    found = [
        path
        for top in ("fieldkit", "sync", "drivers")
        for path in (REPO / top).rglob("*.py")
        if path.name == "sentences.py" or path.name.endswith("_sentences.py")
    ]
    return sorted(
        ".".join(path.relative_to(REPO).with_suffix("").parts)
        for path in found
        if path != REPO / "fieldkit" / "sentences.py"
    )


def _ui_spellings() -> list[tuple[str, int, str, str, str]]:
    """(file, line, context, English, code) of each ``translate`` call with a code in ui/."""
    found = []
    for path in sorted((REPO / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "translate"
                and len(node.args) >= 3
                and all(isinstance(a, ast.Constant) for a in node.args[:3])
            ):
                continue
            context, english, code = (ast.literal_eval(a) for a in node.args[:3])
            if code:
                rel = str(path.relative_to(REPO))
                found.append((rel, node.lineno, context, english, code))
    return found


def test_the_screens_read_every_sentences_module_of_the_laptop() -> None:
    read = sorted(module.__name__ for module in SENTENCE_MODULES)
    assert len(read) > 10
    assert read == [name for name in _sentence_modules() if not name.startswith(DATA_CENTER)]
    assert INTAKE_SENTENCES in _sentence_modules()
    assert "sync.server.console.sentences" in _sentence_modules()


def test_no_ui_module_spells_a_sentence_of_the_core() -> None:
    spelt = _ui_spellings()
    # The scan sees the screens' own coded sentences (the parameter names only screens show).
    assert {rel for rel, *_ in spelt} >= {"ui/param_catalogue.py"}
    wrong = [
        (rel, line, context, code)
        for rel, line, context, _, code in spelt
        if sentences.sentence(context, code) is not None
    ]
    assert wrong == []
    assert [s for s in spelt if s[2] == "cli" or s[4].startswith("dc.")] == []


def test_every_core_sentence_has_its_indonesian() -> None:
    translated = set()
    for context in ET.parse(INDONESIAN).getroot().iter("context"):  # noqa: S314 - our file
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") == "unfinished":
                continue
            forms = [f.text for f in translation.iter("numerusform")]
            if (forms and all(forms)) or (not forms and translation.text):
                source = message.findtext("source") or ""
                translated.add((name, source, message.findtext("comment") or ""))
    importlib.import_module(DATA_CENTER_SENTENCES)  # translated too, for its CLI one day
    every = sentences.registered()
    assert len(every) > 900  # every module registered
    missing = [s for s in every if (s.context, s.source, s.code) not in translated]
    assert missing == []
    counted = [s for s in every if s.counted]
    assert counted
    assert [s for s in counted if sentences.english_forms(s.context, s.code) is None] == []


@pytest.mark.usefixtures("indonesian")
def test_a_screen_shows_a_core_sentence_in_indonesian(qapp: QApplication) -> None:
    del qapp
    assert core_text("cli", "audit.none") != sentences.english("cli", "audit.none")
    assert core_texts("errors")["review_not_found"].startswith("Rekaman {record_id}")


def test_a_code_without_a_sentence_shows_the_code(qapp: QApplication) -> None:
    del qapp
    assert core_text("errors", "no_such_code_anywhere") == "no_such_code_anywhere"
