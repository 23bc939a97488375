"""The data center's words in Indonesian or English, read from the laptop app's own catalogue.

The Indonesian of every sentence is in ``assets/i18n/fieldkit_id.ts``, filled for the
screens; the data center (its console's pages, the matching queues' answers to the
laptops) reads that file once with the standard library's XML parser (no Qt), keyed by
context and code as Qt's lupdate wrote them.  English is the sentence as written in the
source (:mod:`fieldkit.sentences`).  Below the console and the rooms alike, so a room
words its answers without importing the console (issue 58).
"""

from __future__ import annotations

import functools
import logging
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from fieldkit import paths, sentences

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

log = logging.getLogger(__name__)

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


def read_ts(path: Path) -> dict[tuple[str, str], str]:
    """(context, code) -> the finished translation of every coded message of a Qt ``.ts``."""
    found: dict[tuple[str, str], str] = {}
    root = ET.parse(path).getroot()  # noqa: S314 - our own asset, shipped with the code
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            code = message.findtext("comment")
            translation = message.find("translation")
            if not code or translation is None or translation.get("type") == "unfinished":
                continue
            if translation.text:
                found[(name, code)] = translation.text
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
            return sentences.render(found, values)
        log.warning("no Indonesian for %s/%s", context, code)
    return sentences.english(context, code, values)
