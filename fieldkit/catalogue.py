"""Every sentence in Indonesian or English, read from the app's own catalogue without Qt.

The Indonesian of every sentence is in ``assets/i18n/fieldkit_id.ts``, filled for the
screens; the command lines (``fieldkit``, ``fieldkit-datacenter``) and the data center's
console read that file once with the standard library's XML parser (no Qt), keyed by
context and code as Qt's lupdate wrote them.  English is the sentence as written in the
source (:mod:`fieldkit.sentences`).  Here, in the core, so the laptop's command line can
use it: the core may not import ``sync`` (pyproject's import contracts), and
``sync.server.catalogue`` is this module under the data center's name.

A command speaks one language for its whole run: :func:`use_language` sets it from
``--lang``, ``FIELDKIT_LANG`` or (on the laptop) the window's saved choice, and
:func:`spoken` words a sentence in it.  Logs stay English (:func:`fieldkit.sentences.english`).
"""

from __future__ import annotations

import configparser
import functools
import logging
import os
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, TypeVar

from fieldkit import paths, sentences

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence
    from pathlib import Path

    from fieldkit.errors import KnownError

log = logging.getLogger(__name__)
_T = TypeVar("_T")

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
#: The variable the window reads first too (``ui.i18n``): one setting for both.
ENV_LANGUAGE = "FIELDKIT_LANG"
#: The window's settings file in the data folder, and its language key (``ui.i18n``).
WINDOW_SETTINGS_FILE = "ui.ini"


def _messages(path: Path) -> Iterator[tuple[str, ET.Element]]:
    """(context name, message) of every message of a Qt ``.ts``, in the file's order."""
    root = ET.parse(path).getroot()  # noqa: S314 - our own asset, shipped with the code
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            yield name, message


def _finished(message: ET.Element) -> str | None:
    """A message's finished translation; None while it is unfinished or empty.

    A counted one (``numerus="yes"``) gives its first form: Indonesian has one.
    """
    translation = message.find("translation")
    if translation is None or translation.get("type") == "unfinished":
        return None
    forms = [form.text for form in translation.iter("numerusform") if form.text]
    text = forms[0] if forms else translation.text
    return text if text and text.strip() else None


def read_ts(path: Path) -> dict[tuple[str, str], str]:
    """(context, code) -> the finished translation of every coded message of a Qt ``.ts``."""
    found: dict[tuple[str, str], str] = {}
    for name, message in _messages(path):
        code = message.findtext("comment")
        text = _finished(message) if code else None
        if code and text is not None:
            found[(name, code)] = text
    return found


@functools.cache
def indonesian() -> dict[tuple[str, str], str]:
    """The Indonesian catalogue, read once per process."""
    return read_ts(paths.assets_dir() / "i18n" / "fieldkit_id.ts")


def text(
    language: str, code: str, params: Mapping[str, object] | None = None, context: str = "console"
) -> str:
    """The sentence of ``code`` in ``language``, its ``{name}`` places filled from ``params``.

    A sentence missing from the Indonesian catalogue falls back to its English and logs
    a warning once; ``scripts/i18n.py --check`` keeps that from reaching a release.
    """
    values = params or {}
    if language == "id":
        found = indonesian().get((context, code))
        if found is not None:
            count = values.get(sentences.COUNT)
            if count is not None:
                shown = sentences.render("{n}", {"n": count})
                found = sentences.COUNT_PLACE.sub(shown, found)
            return sentences.render(found, values)
        log.warning("no Indonesian for %s/%s", context, code)
    return sentences.english(context, code, values)


@functools.cache
def _window_indonesian() -> dict[tuple[str, str], str]:
    """(context, English source) -> Indonesian, for the window's own uncoded words."""
    found: dict[tuple[str, str], str] = {}
    for name, message in _messages(paths.assets_dir() / "i18n" / "fieldkit_id.ts"):
        source = message.findtext("source")
        text = None if message.findtext("comment") else _finished(message)
        if source and text is not None:
            found[(name, source)] = text
    return found


def window_words(context: str, source: str, language: str) -> str:
    """A label of the window (``self.tr(source)`` in Qt's ``context``) as the window shows it.

    A command that sends the operator to a button names it with the window's own words,
    so the two cannot drift apart (issue 59 §8: "Open enrollment file" was named where
    the window said "Buka berkas pendaftaran…").
    """
    if language == "id":
        return _window_indonesian().get((context, source), source)
    return source


# --- the language a command speaks ----------------------------------------------------

_spoken_language = DEFAULT_LANGUAGE


def use_language(language: str) -> None:
    """The language :func:`spoken` words in for the rest of this process (one command)."""
    global _spoken_language  # noqa: PLW0603 - one command, one language
    _spoken_language = language if language in LANGUAGES else DEFAULT_LANGUAGE


def language() -> str:
    """The language this command speaks."""
    return _spoken_language


def window_language(home: Path) -> str | None:
    """The language saved in the window's Settings (``ui.ini``, Qt's INI format), or None.

    Read with the standard library: the file is Qt's ``[General]`` section, plain text.
    """
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(home / WINDOW_SETTINGS_FILE, encoding="utf-8")
    except (OSError, configparser.Error, UnicodeDecodeError):
        return None
    value = parser.get("General", "language", fallback="").strip()
    return value if value in LANGUAGES else None


def option_in_arguments(arguments: Sequence[str], option: str) -> str | None:
    """The value of ``OPTION X`` or ``OPTION=X`` among ``arguments``, before argparse runs.

    ``--lang`` is read first because the parser's own help and errors must already speak
    it (an unknown value is left to argparse, which refuses it with the choices), and the
    laptop's ``--home`` because the window's saved language is in that folder.
    """
    for index, argument in enumerate(arguments):
        if argument == "--":
            break
        if argument.startswith(f"{option}="):
            return argument.split("=", 1)[1]
        if argument == option and index + 1 < len(arguments):
            return arguments[index + 1]
    return None


def choose_language(arguments: Sequence[str], home: Path | None = None) -> str:
    """``--lang``, else ``FIELDKIT_LANG``, else the window's saved choice, else Indonesian."""
    for candidate in (
        option_in_arguments(arguments, "--lang"),
        os.environ.get(ENV_LANGUAGE),
        window_language(home) if home is not None else None,
    ):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE


def said(words: Callable[[], _T]) -> _T:
    """``words()`` built in the command's language: every sentence it renders is spoken.

    An object's ``message`` (an error's, a NIK finding's, an office summary's) is put
    together from several catalogue sentences by its own code; called here, each of them
    is the command's language (:func:`fieldkit.sentences.speaking`).  English: as it is.
    """
    if _spoken_language == "en":
        return words()
    with sentences.speaking(_spoken_language, _template):
        return words()


def _template(context: str, code: str) -> str | None:
    return indonesian().get((context, code))


def spoken(context: str, code: str, params: Mapping[str, object] | None = None) -> str:
    """The sentence of ``code`` in the command's language, each value made printable.

    A value may be a name from a USB stick or an argument, and the line goes to a
    terminal, where a newline or an escape sequence in it would forge a line.
    """
    return said(lambda: sentences.english(context, code, params))


def spoken_if_any(
    context: str, code: str, params: Mapping[str, object] | None = None
) -> str | None:
    """Like :func:`spoken`, but None when the catalogue has no such sentence (a hint)."""
    return said(lambda: sentences.english_if_any(context, code, params))


def error_message(error: KnownError) -> str:
    """A refusal's sentence in the command's language (``error.message`` stays English)."""
    return said(lambda: error.message)


def error_hint(error: KnownError) -> str | None:
    """What to do next, in the command's language, when the catalogue has a hint."""
    return said(lambda: error.hint)
