"""A KTP-el chip's UID, written one way on the laptop and in the data center.

The laptop binds a printed card to its record by the chip's UID (``fieldkit.handover``);
the office marks the same card printed with the same UID (``sync.server.cards.prints``).  Both
read it here, so a UID one side takes the other never refuses: 4, 7 or 10 bytes (ISO/IEC
14443-3's single, double and triple sizes), that is 8, 14 or 20 hex digits, in either
case, with spaces, colons or hyphens between the bytes as card readers print them.
Stored upper-case, with no separators.

Kept free of the database and of Qt: the data center imports it without the laptop.
"""

from __future__ import annotations

import re

from fieldkit.errors import InvalidInput

__all__ = ["UID_BYTES", "normalise_uid"]

#: The sizes ISO/IEC 14443-3 gives a UID: single, double and triple.
UID_BYTES = (4, 7, 10)
_BETWEEN_BYTES = re.compile(r"[\s:\-]+")
_HEX = re.compile(r"[0-9A-Fa-f]*")


def normalise_uid(text: str) -> str:
    """``04:a2:f1:c3`` or ``04 A2 F1 C3`` to ``04A2F1C3``.

    Raises :class:`InvalidInput` ``card_uid_not_hex`` when a character is not a hex digit,
    ``card_uid_length`` when the digits are not 4, 7 or 10 bytes.
    """
    digits = _BETWEEN_BYTES.sub("", text)
    # Checked before upper-casing: "\ufb00".upper() is "FF" (issue 57 §13).
    if not _HEX.fullmatch(digits):
        raise InvalidInput(code="card_uid_not_hex", params={"uid": text})
    digits = digits.upper()
    if len(digits) not in {size * 2 for size in UID_BYTES}:
        raise InvalidInput(code="card_uid_length", params={"uid": text})
    return digits
