"""Letter numbers: the office's format and the number it makes, without the agenda book.

Why a module of its own: the office package and the data center check a format by making
a sample number with it, and reaching it through :mod:`fieldkit.reports.agenda` loaded the
laptop's store tables (SQLAlchemy's ORM) into every ``fieldkit-datacenter`` command.
"""

from __future__ import annotations

import enum
import re
import string
from typing import TYPE_CHECKING

from fieldkit.errors import InvalidInput

if TYPE_CHECKING:
    import datetime as dt

#: A format's places, as people read and type them (Indonesian), and the English names
#: formats were stored with before (issue 47, finding 11).  Both are taken; a format is
#: shown, and stored again, with the Indonesian ones (:func:`indonesian_pattern`).
PLACES: dict[str, str] = {
    "seq": "urut",
    "year": "tahun",
    "month": "bulan",
    "roman_month": "bulan_romawi",
    "type": "jenis",
}
DEFAULT_PATTERN = "474/{urut:03d}/Disdukcapil/{bulan_romawi}/{tahun}"
_FIELDS = frozenset(PLACES.values())
#: A place named the English way, up to its format spec or its closing brace.
_ENGLISH_PLACE = re.compile(
    r"\{(" + "|".join(sorted(PLACES, key=len, reverse=True)) + r")(?=[:!}])"
)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
MAX_NUMBER_LENGTH = 120


class LetterType(enum.StrEnum):
    SURAT_TUGAS = "surat_tugas"
    SURAT_BALASAN = "surat_balasan"
    BA_PEREKAMAN = "ba_perekaman"
    BA_SERAH_TERIMA = "ba_serah_terima"

    @property
    def code(self) -> str:
        """The short type code a pattern may use as ``{type}``."""
        return _CODES[self]


_CODES = {
    LetterType.SURAT_TUGAS: "ST",
    LetterType.SURAT_BALASAN: "SB",
    LetterType.BA_PEREKAMAN: "BA",
    LetterType.BA_SERAH_TERIMA: "BAST",
}


#: The running number's placeholder, as the refusal names it to the person who typed it.
URUT = "{urut}"


def _bad_pattern(pattern: str, exc: Exception) -> InvalidInput:
    return InvalidInput(
        code="letter_pattern_invalid",
        params={"pattern": pattern, "problem": exc, "urut": URUT},
    )


def indonesian_pattern(pattern: str) -> str:
    """``474/{seq:03d}/{year}`` as people now read it: ``474/{urut:03d}/{tahun}``.

    Formats stored (on a laptop, in an office package, at the data center) before the
    places were Indonesian keep working: they are read through here, so a screen and
    the next save show the Indonesian names, and the number they make is the same.
    """
    return _ENGLISH_PLACE.sub(lambda match: "{" + PLACES[match.group(1)], pattern)


def render_number(pattern: str, seq: int, letter_date: dt.date, letter_type: LetterType) -> str:
    """The number a pattern makes; a pattern that cannot make one is refused, with why."""
    pattern = indonesian_pattern(pattern)
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None]
    except ValueError as exc:
        raise _bad_pattern(pattern, exc) from None
    for field in fields:
        if field not in _FIELDS:
            allowed = ", ".join(f"{{{f}}}" for f in sorted(_FIELDS))
            raise InvalidInput(
                code="letter_pattern_field",
                params={"field": field, "fields": allowed},
            )
    try:
        number = pattern.format(
            urut=seq,
            tahun=letter_date.year,
            bulan=letter_date.month,
            bulan_romawi=_ROMAN[letter_date.month - 1],
            jenis=letter_type.code,
        )
    except (ValueError, IndexError) as exc:
        raise _bad_pattern(pattern, exc) from None
    if "{urut" not in pattern or not number.strip() or len(number) > MAX_NUMBER_LENGTH:
        raise InvalidInput(
            code="letter_pattern_invalid",
            params={"pattern": pattern, "urut": URUT},
        )
    return number
