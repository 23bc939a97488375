"""A desa found by its name in the office's region table (issue 59 §1).

README's first day planned its visit with ``--desa-name Sumberjo`` and no code, so every
record of it came back "desa tidak diketahui" and no card could be scheduled for its
desa.  A place now comes from the office's region table (``regions import``, the same
table the laptops' Perencanaan searches with its ``DesaSearch``): the operator types the
name, the table gives the code and, from the code, the kecamatan.  A name that is two
desa, or none, is refused with what it could be, never guessed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fieldkit import regions
from fieldkit.errors import InvalidInput
from fieldkit.planning.kinds import DESA_CODE_DIGITS

if TYPE_CHECKING:
    from collections.abc import Iterable

_KECAMATAN_DIGITS = 6
#: Words an operator may type before a name ("Desa Sumberjo", "Kel. Purwodadi").
_PREFIXES = ("desa ", "kelurahan ", "kel. ", "kel ", "ds. ", "ds ")
#: How many possibilities a refusal lists.
_LISTED = 8


@dataclass(frozen=True)
class Desa:
    """One desa of the office's region table: its 10-digit code, its name, its kecamatan."""

    code: str
    name: str

    @property
    def kecamatan_code(self) -> str:
        return self.code[:_KECAMATAN_DIGITS]


def _key(text: str) -> str:
    key = " ".join(text.split()).casefold()
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            return key.removeprefix(prefix).strip()
    return key


def desa_of(table: Iterable[dict[str, str]]) -> list[Desa]:
    """The desa (10-digit codes) of a region table's rows, by code."""
    return sorted(
        (Desa(r["code"], r["name"]) for r in table if len(r["code"]) == DESA_CODE_DIGITS),
        key=lambda d: d.code,
    )


def kecamatan_name(code: str, table: Iterable[dict[str, str]]) -> str:
    """The kecamatan's name: the office's table first, then the shipped Kemendagri table."""
    kecamatan = code[:_KECAMATAN_DIGITS]
    for row in table:
        if row["code"] == kecamatan:
            return row["name"]
    known = regions.district(kecamatan)
    return known.name if known is not None else kecamatan


def described(desa: Desa, table: list[dict[str, str]]) -> str:
    """``Sumberjo (3315012001, Kec. Kedungjati)``: how a refusal names a possibility."""
    return f"{desa.name} ({desa.code}, Kec. {kecamatan_name(desa.code, table)})"


def find_desa(table: list[dict[str, str]], typed: str) -> Desa:
    """The one desa of the office's table that ``typed`` names (its name or its code).

    Refused (:class:`InvalidInput`) when the table has no desa yet (import it first),
    when no desa has that name (the close names are listed), or when two or more do
    (each listed with its code and kecamatan, to be given by code).
    """
    known = desa_of(table)
    shown = " ".join(typed.split())[:80]
    if not known:
        raise InvalidInput(code="datacenter_desa_table_empty", params={"desa": shown})
    digits = typed.strip().replace(".", "")
    if digits.isdigit():
        for desa in known:
            if desa.code == digits:
                return desa
        raise InvalidInput(code="datacenter_desa_code_unknown", params={"desa": shown})
    key = _key(typed)
    exact = [d for d in known if _key(d.name) == key]
    if len(exact) == 1:
        return exact[0]
    if exact:
        raise InvalidInput(
            code="datacenter_desa_ambiguous",
            params={"desa": shown, "choices": "; ".join(described(d, table) for d in exact)},
        )
    names = {_key(d.name): d for d in known}
    close = [names[n] for n in difflib.get_close_matches(key, list(names), n=_LISTED, cutoff=0.6)]
    close += [d for d in known if key and key in _key(d.name) and d not in close]
    if not close:
        raise InvalidInput(code="datacenter_desa_unknown", params={"desa": shown})
    raise InvalidInput(
        code="datacenter_desa_unknown_close",
        params={
            "desa": shown,
            "choices": "; ".join(described(d, table) for d in close[:_LISTED]),
        },
    )
