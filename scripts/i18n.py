"""Keep the Qt translations in step with the sentences in the source.

python scripts/i18n.py --update   # add new sentences to assets/i18n/*.ts; write the core's
                                  # English plural forms into fieldkit_en.ts
python scripts/i18n.py --release  # compile .ts into the .qm files the app loads
python scripts/i18n.py --check    # CI: sources extracted, all translated, .qm current,
                                  # fieldkit_en.ts holds the core's English plural forms

lupdate reads ``ui/`` (the screens' own words) and every ``sentences`` module of
``fieldkit/``, ``sync/`` and ``drivers/`` (``sentences.py``, ``<module>_sentences.py``):
there each sentence of the core is written once, as ``translate(context, template, code)``
(Qt's disambiguation is the code; :mod:`fieldkit.sentences`).  A counted sentence's
English forms are written beside it (``plural(...)``) and copied into ``fieldkit_en.ts``,
which otherwise holds the screens' English numerus forms, written by hand.

The command lines' help lines (each option's ``help=``, each sub-command's, each parser's
description) are written in English where they are added; ``--update`` collects them from
the built parser trees into ``fieldkit/cli/option_lines.py`` (context "cli-option"),
where lupdate finds them, and ``--check`` fails while that file is behind the parsers.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
I18N = REPO / "assets" / "i18n"
LANGUAGES = ("id",)
#: English needs no translation, only the numerus forms of Qt's ``%n`` sentences.
ENGLISH_PLURALS = I18N / "fieldkit_en.ts"
#: The Qt-free layers, whose sentences live in their ``sentences`` modules.
CORE = ("fieldkit", "sync", "drivers")
BIN = Path(sys.executable).parent

log = logging.getLogger("i18n")

#: The command lines' help lines, as lupdate reads them (written by :func:`option_module`).
OPTION_MODULE = REPO / "fieldkit" / "cli" / "option_lines.py"
OPTION_HEADER = '''"""The command lines' help lines, for the catalogue (GENERATED: do not edit).

``python scripts/i18n.py --update`` writes this file from the built parser trees
(``fieldkit``, ``fieldkit-datacenter``, ``fieldkit sim NAME``, ``fieldkit-app``): each
option's ``help=``, each sub-command's and each description stays written in English
beside its option, and lupdate finds it here (context "cli-option"); the command lines
word it from the catalogue by its English (``fieldkit.cli.output.option_words``).
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 - the name lupdate reads
    """A line for lupdate; only the catalogue reads it."""
    del context
    return source


LINES = (
'''


def _parser_trees() -> list[argparse.ArgumentParser]:
    """Every command line's parser tree, built as its ``--help`` builds it."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from fieldkit.cli import main as laptop  # noqa: PLC0415 - after the path is set
    from fieldkit.cli import simulators  # noqa: PLC0415
    from sync.server import cli as datacenter  # noqa: PLC0415
    from ui import app  # noqa: PLC0415

    return [
        laptop.build_parser(),
        datacenter.build_parser(),
        *(simulators.simulator_parser(name) for name in simulators.SIMULATORS),
        app.app_parser(),
    ]


def cli_help_lines() -> list[str]:
    """Every help line the command lines write as English source, once each, in order.

    The trees are built in both languages: a line the catalogue already words (a
    command's ``say(...)``) differs between them and is left out; one written as
    ``help="..."`` is the same in both, and is what :data:`OPTION_MODULE` lists.
    """
    from fieldkit import catalogue  # noqa: PLC0415 - after the path is set
    from fieldkit.cli.output import help_lines  # noqa: PLC0415

    walks: dict[str, list[str]] = {}
    try:
        for language in ("en", "id"):
            catalogue.use_language(language)
            walks[language] = [line for tree in _parser_trees() for line in help_lines(tree)]
    finally:
        catalogue.use_language(catalogue.DEFAULT_LANGUAGE)
    if len(walks["en"]) != len(walks["id"]):
        msg = "the parser trees differ between the languages"
        raise RuntimeError(msg)
    return list(dict.fromkeys(e for e, i in zip(walks["en"], walks["id"], strict=True) if e == i))


def option_module() -> str:
    """The text of :data:`OPTION_MODULE` for the parsers as they are now."""
    lines = "".join(
        f'    QT_TRANSLATE_NOOP("cli-option", {json.dumps(line, ensure_ascii=False)}),\n'
        for line in cli_help_lines()
    )
    return OPTION_HEADER + lines + ")\n"


def sentence_modules() -> list[Path]:
    """Every core module that writes sentences (the registry itself writes none)."""
    found = [
        path
        for top in CORE
        for path in (REPO / top).rglob("*.py")
        if path.name == "sentences.py" or path.name.endswith("_sentences.py")
    ]
    return sorted(path for path in found if path != REPO / "fieldkit" / "sentences.py")


def _sources() -> list[str]:
    screens = (REPO / "ui").rglob("*.py")
    lines = [OPTION_MODULE] if OPTION_MODULE.exists() else []
    return sorted(str(p.relative_to(REPO)) for p in [*screens, *sentence_modules(), *lines])


def _lupdate(ts: Path, language: str) -> None:
    subprocess.run(
        [
            str(BIN / "pyside6-lupdate"),
            *_sources(),
            "-no-obsolete",
            "-source-language",
            "en",
            "-target-language",
            language,
            "-ts",
            str(ts),
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )


def _lrelease(ts: Path, qm: Path) -> None:
    """Compile beside the target, then rename over it.

    A running app maps its ``.qm``: lrelease rewriting it in place crashed every app
    reading it (SIGBUS) while a developer released translations.
    """
    fresh = qm.with_name(qm.name + ".new")
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(fresh)], check=True, capture_output=True
    )
    fresh.replace(qm)


def _messages(ts: Path) -> dict[tuple[str, str, str], str | None]:
    """(context, source, code) -> translation; a numerus one counts when its forms are filled."""
    found: dict[tuple[str, str, str], str | None] = {}
    for context in ET.parse(ts).getroot().iter("context"):  # noqa: S314 - our own file
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            unfinished = translation is None or translation.get("type") == "unfinished"
            if unfinished or translation is None:
                text = None
            elif message.get("numerus") == "yes":
                forms = [form.text or "" for form in translation.iter("numerusform")]
                text = forms[0] if forms and all(forms) else None
            else:
                text = translation.text
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            found[key] = text
    return found


def _registry() -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], tuple[str, str]]]:
    """(context, code) -> English source, and -> English plural forms, of the core's sentences."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    for path in sentence_modules():
        importlib.import_module(".".join(path.relative_to(REPO).with_suffix("").parts))
    from fieldkit import sentences  # noqa: PLC0415 - after the path is set

    sources = {(s.context, s.code): s.source for s in sentences.registered()}
    forms = {
        (s.context, s.code): found
        for s in sentences.registered()
        if s.counted and (found := sentences.english_forms(s.context, s.code)) is not None
    }
    return sources, forms


def _english_ts() -> str:
    """fieldkit_en.ts with the core's English plural forms written in, as Qt writes a .ts."""
    sources, forms = _registry()
    tree = ET.parse(ENGLISH_PLURALS)  # noqa: S314 - our own file
    root = tree.getroot()
    contexts = {c.findtext("name") or "": c for c in root.iter("context")}
    for (context, code), (singular, plural) in sorted(forms.items()):
        element = contexts.get(context)
        if element is None:
            element = ET.SubElement(root, "context")
            ET.SubElement(element, "name").text = context
            contexts[context] = element
        message = next((m for m in element.iter("message") if m.findtext("comment") == code), None)
        if message is None:
            message = ET.SubElement(element, "message", numerus="yes")
            ET.SubElement(message, "source")
            ET.SubElement(message, "comment").text = code
            ET.SubElement(message, "translation")
        source = message.find("source")
        translation = message.find("translation")
        if source is None or translation is None:
            msg = f"{ENGLISH_PLURALS.name}: {context}/{code} has no source or translation"
            raise SystemExit(msg)
        source.text = sources[(context, code)]
        for form in list(translation):
            translation.remove(form)
        for text in (singular, plural):
            ET.SubElement(translation, "numerusform").text = text
    ET.indent(tree, space="    ")
    body = ET.tostring(root, encoding="unicode")
    # Qt escapes quotes in text as entities; ElementTree leaves them as they are.
    body = re.sub(
        r">([^<]+)<",
        lambda m: ">" + m.group(1).replace("'", "&apos;").replace('"', "&quot;") + "<",
        body,
    )
    return '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n"


def _counted_without_forms() -> list[str]:
    sources, forms = _registry()
    from fieldkit import sentences  # noqa: PLC0415 - imported by _registry

    return [
        f"{s.context}/{s.code}: a counted sentence without its English forms (plural(...))"
        for s in sentences.registered()
        if s.counted and (s.context, s.code) not in forms
    ] + [f"{key}: plural forms of no sentence" for key in forms if key not in sources]


def check() -> list[str]:
    problems: list[str] = []
    for language in LANGUAGES:
        ts = I18N / f"fieldkit_{language}.ts"
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / ts.name
            shutil.copyfile(ts, fresh)
            _lupdate(fresh, language)
            committed, extracted = _messages(ts), _messages(fresh)
            problems += [
                f"{ts.name}: not extracted yet: {src!r}"
                for (_, src, _) in extracted.keys() - committed.keys()
            ]
            problems += [
                f"{ts.name}: no longer in the UI: {src!r}"
                for (_, src, _) in committed.keys() - extracted.keys()
            ]
            problems += [
                f"{ts.name}: untranslated: {src!r}"
                for (_, src, _), text in committed.items()
                if not text
            ]
            qm = Path(tmp) / "fresh.qm"
            _lrelease(ts, qm)
            shipped = I18N / f"fieldkit_{language}.qm"
            if not shipped.exists() or shipped.read_bytes() != qm.read_bytes():
                problems.append(f"{shipped.name} is stale: run python scripts/i18n.py --release")
    if ENGLISH_PLURALS.exists():
        qm = ENGLISH_PLURALS.with_suffix(".qm")
        with tempfile.TemporaryDirectory() as tmp:
            fresh_qm = Path(tmp) / qm.name
            _lrelease(ENGLISH_PLURALS, fresh_qm)
            if not qm.exists() or qm.read_bytes() != fresh_qm.read_bytes():
                problems.append(f"{qm.name} is stale: run python scripts/i18n.py --release")
    problems += _counted_without_forms()
    if not OPTION_MODULE.exists() or OPTION_MODULE.read_text(encoding="utf-8") != option_module():
        problems.append(
            f"{OPTION_MODULE.name} is behind the command lines' help: run scripts/i18n.py --update"
        )
    if ENGLISH_PLURALS.read_text(encoding="utf-8") != _english_ts():
        problems.append(
            f"{ENGLISH_PLURALS.name} lacks the core's plural forms: run scripts/i18n.py --update"
        )
    return problems


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--update", action="store_true")
    action.add_argument("--release", action="store_true")
    action.add_argument("--check", action="store_true")
    args = parser.parse_args()
    if args.update:
        OPTION_MODULE.write_text(option_module(), encoding="utf-8", newline="\n")
        for language in LANGUAGES:
            _lupdate(I18N / f"fieldkit_{language}.ts", language)
        ENGLISH_PLURALS.write_text(_english_ts(), encoding="utf-8", newline="\n")
    elif args.release:
        for language in LANGUAGES:
            _lrelease(I18N / f"fieldkit_{language}.ts", I18N / f"fieldkit_{language}.qm")
        if ENGLISH_PLURALS.exists():
            _lrelease(ENGLISH_PLURALS, ENGLISH_PLURALS.with_suffix(".qm"))
    else:
        problems = check()
        for problem in problems:
            log.error("%s", problem)
        if problems:
            return 1
        log.info("translations OK: %s", ", ".join(LANGUAGES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
