"""Is a text on the Indonesian screen in English?

A short list of common English words that are not Indonesian words and are not
loanwords Indonesian offices use as they are ("data center", "simulator",
"log", "folder", "PDF").  A hit is almost always an untranslated string; the
allow-list is for names that are the same in both languages.
"""

from __future__ import annotations

import re

ENGLISH = frozenset(
    """
    the and of to is are was were be been being not with for from this that these those
    by has have had please click save saved cancel open close file files name error errors
    failed failure required invalid device devices ready recorded capture captured backend
    look in on at or it its must should could cannot can will would settings check
    checks checked score quality good bad again try next back start stop pause paused resume
    finish finished done skip help about quit exit lock locked unlock user password new add
    delete remove edit update report reports visit visits target targets planned expected
    image images returned finger fingers thumb thumbs left right signature face camera
    scanner reader card missing found unknown waiting sent received accepted rejected
    enrolled enrollment today yesterday tomorrow hour hours minute minutes day days
    yes ok apply all none other others note notes reason reasons
    home planning recording sync reports settings language threshold thresholds
    wrong correct letter number required region table field fields day month year
    print printer properties options copies page pages paper output preview
    """.split()  # noqa: SIM905 - a word list reads better as prose
)

#: Words that read the same in both languages on our screens.
ALLOWED = frozenset({"data", "center", "simulator", "log", "pdf", "usb", "qr", "ok"})

#: Equipment names the SOPs themselves write in English ("Signature Pad", "Card Reader").
ALLOWED_PHRASES = re.compile(r"signature pad|card reader|finger ?print|power bank", re.IGNORECASE)

_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_SKIP = re.compile(
    r"(?:'fieldkit[^']*'|https?://\S+|/[\w./-]+|\b[\w.-]+\.(?:csv|xlsx|pdf|png|json|log)\b)"
)


def english_words(text: str) -> list[str]:
    """The English words in a text that a person sees, ignoring paths, URLs and file names."""
    text = ALLOWED_PHRASES.sub(" ", _SKIP.sub(" ", text))
    # A token with a digit is an id or a code (dev-9fb4...b8be40...), not words.
    text = " ".join(t for t in text.split() if not any(c.isdigit() for c in t))
    words = [w.casefold() for w in _WORD.findall(text)]
    return [w for w in words if w in ENGLISH and w not in ALLOWED]
