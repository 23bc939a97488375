r"""The consent words the office sets for its laptops (the office rule ``consent.text``).

The petugas reads these words to the person (or their guardian) before anything is
recorded; the office may word them itself, else each laptop shows the catalogue's
default (``consent.default_text``).  The words travel in the office package as the rule
``consent_text`` and are shown on the laptop's consent step as they are, so both ends
check them with the same two functions here:

* :func:`clean` is what the data center stores: line breaks as ``\n`` (a browser's
  textarea sends ``\r\n``), trailing spaces of each line and blank edges dropped,
  nothing at all (``None``) for "the default again".
* :func:`fault` says why a text may not be shown, or None: not text, longer than
  :data:`MAX_CHARS`, or holding a character that moves the cursor, reorders or hides
  text (:func:`fieldkit.printable.is_unsafe`: controls, bidi overrides, zero-width
  characters), the line break alone excepted.  The laptop's package check
  (:func:`fieldkit.office.package.check_part`) refuses such a value, so the data center,
  which calls the same check before it stores a change, never stores one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from fieldkit.printable import is_unsafe

#: The laptop's office rule key (``office_rules``), read by ``intake.consent_text``.
RULE_KEY = "consent.text"
#: The rule's name in the office package's ``rules`` and in ``fieldkit-datacenter``.
PACKAGE_NAME = "consent_text"
#: A page of words read aloud; the catalogue's default is about 300 characters.
MAX_CHARS = 2000


class Fault(enum.StrEnum):
    NOT_TEXT = "not_text"
    TOO_LONG = "too_long"
    UNSAFE_CHARACTER = "unsafe_character"


@dataclass(frozen=True)
class ConsentTextFault:
    """Why a consent text is refused: the fault, and where (1-based) for a character."""

    fault: Fault
    length: int = 0
    position: int = 0
    character: str = ""

    @property
    def codepoint(self) -> str:
        """The refused character as the office can look it up (``U+200B``)."""
        return f"U+{ord(self.character):04X}" if self.character else ""


def clean(text: str) -> str | None:
    r"""The text as it is stored and carried: ``\n`` line breaks, no trailing spaces.

    Empty (or only spaces and breaks) is None: the office's words are taken away and
    every laptop reads the catalogue's default again.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n").strip() or None


def fault(value: object) -> ConsentTextFault | None:
    """Why ``value`` may not be the consent text a laptop shows, or None when it may."""
    if not isinstance(value, str):
        return ConsentTextFault(Fault.NOT_TEXT)
    if len(value) > MAX_CHARS:
        return ConsentTextFault(Fault.TOO_LONG, length=len(value))
    for position, char in enumerate(value, start=1):
        if char != "\n" and is_unsafe(char):
            return ConsentTextFault(Fault.UNSAFE_CHARACTER, position=position, character=char)
    return None
