"""Numbers as a person reads them: Indonesian groups thousands with "." and decimals with ",".

One helper for every count a screen, a console page or an Indonesian sentence shows
("100.000 baris", "1,5 MB"), so no place writes a number the English way ("100,000")
by a format of its own (issue 47, finding 11).  :func:`fieldkit.sentences.render`, the
one way a sentence's ``{name}`` places are filled in Indonesian, writes every whole
number through :func:`count_text`; the console's templates have it as the ``angka``
filter; the laptop's Qt sentences write ``%Ln`` (the locale's number, QLocale being
Indonesian in the Indonesian app).  English (the logs, the command line, ``--json``
and the console in English) keeps its own way: ``100,000`` and ``1.5``.
"""

from __future__ import annotations

from dataclasses import dataclass

#: (thousands separator, decimal mark) per language; Indonesian is the default.
_MARKS = {"id": (".", ","), "en": (",", ".")}


def _marks(language: str) -> tuple[str, str]:
    return _MARKS.get(language, _MARKS["id"])


def count_text(number: int, language: str = "id") -> str:
    """A whole number with its thousands grouped: ``100.000`` (``100,000`` in English)."""
    thousands, _ = _marks(language)
    return f"{number:,}".replace(",", thousands)


def decimal_text(number: float, places: int = 1, language: str = "id") -> str:
    """A number with ``places`` decimals: ``1.234,5`` (``1,234.5`` in English)."""
    thousands, mark = _marks(language)
    whole, _, fraction = f"{number:,.{places}f}".partition(".")
    whole = whole.replace(",", thousands)
    return f"{whole}{mark}{fraction}" if fraction else whole


@dataclass(frozen=True)
class Measure:
    """A sentence's param that is a measure with decimals (``{size}`` GB): written by language.

    :func:`fieldkit.sentences.render` writes it ``1,5`` in Indonesian, and
    :func:`fieldkit.sentences.english` ``1.5``; ``str()`` is the English.
    """

    value: float
    places: int = 1

    def text(self, language: str) -> str:
        return decimal_text(self.value, self.places, language)

    def __str__(self) -> str:
        return self.text("en")


#: A megabyte and a kilobyte as a person counts them (the office's console, Windows' own
#: file sizes in decimal units): "MB"/"KB" read the same in both languages; "MiB" is a
#: word Indonesian screens do not have.
MEGABYTE = 1_000_000
KILOBYTE = 1_000


def size_text(size: float, language: str = "id") -> str:
    """A file's or a transfer's size: ``1,5 MB`` or ``340 KB`` (``1.5 MB`` in English).

    One decimal from a megabyte up (a package, an installer), whole kilobytes below it
    (a small record); the screens once wrote ``1.5 MiB`` in Indonesian (issue 47, D11).
    """
    kilobytes = round(size / KILOBYTE)
    if kilobytes >= MEGABYTE // KILOBYTE:  # 999.6 KB is "1,0 MB", never "1.000 KB"
        return f"{decimal_text(size / MEGABYTE, 1, language)} MB"
    return f"{count_text(kilobytes, language)} KB"
