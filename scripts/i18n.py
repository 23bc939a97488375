"""Keep the Qt translations in step with the UI's source strings.

python scripts/i18n.py --update   # add new strings to assets/i18n/*.ts
python scripts/i18n.py --release  # compile .ts into the .qm files the app loads
python scripts/i18n.py --check    # CI: sources extracted, all translated, .qm current
"""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
I18N = REPO / "assets" / "i18n"
LANGUAGES = ("id",)
BIN = Path(sys.executable).parent

log = logging.getLogger("i18n")


def _sources() -> list[str]:
    return sorted(str(p.relative_to(REPO)) for p in (REPO / "ui").rglob("*.py"))


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
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True
    )


def _messages(ts: Path) -> dict[tuple[str, str], str | None]:
    found: dict[tuple[str, str], str | None] = {}
    for context in ET.parse(ts).getroot().iter("context"):  # noqa: S314 - our own file
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            unfinished = translation is None or translation.get("type") == "unfinished"
            text = None if unfinished or translation is None else translation.text
            found[(name, message.findtext("source") or "")] = text
    return found


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
                for (_, src) in extracted.keys() - committed.keys()
            ]
            problems += [
                f"{ts.name}: no longer in the UI: {src!r}"
                for (_, src) in committed.keys() - extracted.keys()
            ]
            problems += [
                f"{ts.name}: untranslated: {src!r}"
                for (_, src), text in committed.items()
                if not text
            ]
            qm = Path(tmp) / "fresh.qm"
            _lrelease(ts, qm)
            shipped = I18N / f"fieldkit_{language}.qm"
            if not shipped.exists() or shipped.read_bytes() != qm.read_bytes():
                problems.append(f"{shipped.name} is stale: run python scripts/i18n.py --release")
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
        for language in LANGUAGES:
            _lupdate(I18N / f"fieldkit_{language}.ts", language)
    elif args.release:
        for language in LANGUAGES:
            _lrelease(I18N / f"fieldkit_{language}.ts", I18N / f"fieldkit_{language}.qm")
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
