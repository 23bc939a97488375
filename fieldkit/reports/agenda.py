"""The letter-number register (agenda surat keluar): every outgoing letter's number.

An office numbers its letters itself, one running number per year and letter
type, in a format of its own (``474/012/Disdukcapil/XI/2026``).  Typing that in
by hand is how two letters end up with one number; so the reports take their
numbers from here, and each number given is kept with its date, type and
subject.  A letter printed again for the same visit keeps its number.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import re
import string
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit import audit, office_sent
from fieldkit.errors import InvalidInput
from fieldkit.officers import require_role
from fieldkit.permissions import ADMINISTRATORS
from fieldkit.reports.models import LetterNumber
from fieldkit.store.models import Setting

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

PATTERN_KEY = "letters.number_pattern"
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
_MAX_NUMBER_LENGTH = 120


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


@dataclass(frozen=True)
class LetterInfo:
    number: str
    letter_type: LetterType
    year: int
    seq: int | None
    subject: str
    letter_date: dt.date
    ref_id: str | None
    issued_by: str
    issued_at: dt.datetime

    @classmethod
    def from_row(cls, row: LetterNumber) -> LetterInfo:
        return cls(
            row.number,
            LetterType(row.letter_type),
            row.year,
            row.seq,
            row.subject,
            row.letter_date,
            row.ref_id,
            row.issued_by,
            row.issued_at,
        )

    def as_json(self) -> dict[str, object]:
        return {
            "number": self.number,
            "type": self.letter_type.value,
            "year": self.year,
            "seq": self.seq,
            "manual": self.seq is None,
            "subject": self.subject,
            "date": self.letter_date.isoformat(),
            "ref_id": self.ref_id,
            "issued_by": self.issued_by,
            "issued_at": self.issued_at.isoformat(),
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
    if "{urut" not in pattern or not number.strip() or len(number) > _MAX_NUMBER_LENGTH:
        raise InvalidInput(
            code="letter_pattern_invalid",
            params={"pattern": pattern, "urut": URUT},
        )
    return number


def number_pattern(ws: Workspace) -> str:
    with ws.transaction() as session:
        row = session.get(Setting, PATTERN_KEY)
    return indonesian_pattern(row.value) if row is not None else DEFAULT_PATTERN


def set_number_pattern(ws: Workspace, pattern: str) -> str:
    """The office's own format (admin); checked by making a sample number with it."""
    require_role(ws.officer, *ADMINISTRATORS)
    pattern = indonesian_pattern(pattern.strip())
    render_number(pattern, 1, dt.date(2026, 1, 1), LetterType.SURAT_TUGAS)
    with ws.transaction() as session:
        office_sent.refuse_change(session, PATTERN_KEY, pattern)
        session.merge(Setting(key=PATTERN_KEY, value=pattern))
        audit.append(
            session, ws.officer.username, "settings.changed", None, {"letter_pattern": pattern}
        )
    return pattern


def _next_seq(session: Session, year: int, letter_type: LetterType, *, per_type: bool) -> int:
    """The next running number of the year: of the type only when the pattern names the type.

    An agenda surat keluar is one book: with a pattern that does not print the type
    (the default), every letter takes the next number of one series, or a surat tugas
    and a surat balasan would both be "474/001/..." (issue 23, finding 9).
    """
    query = sa.select(sa.func.max(LetterNumber.seq)).where(LetterNumber.year == year)
    if per_type:
        query = query.where(LetterNumber.letter_type == letter_type.value)
    highest = session.execute(query).scalar_one()
    return (highest or 0) + 1


def issue_number(
    ws: Workspace,
    letter_type: LetterType,
    *,
    subject: str,
    letter_date: dt.date,
    ref_id: str | None = None,
    given: str | None = None,
) -> LetterInfo:
    """The number of a letter about to be printed, recorded in the register.

    ``given`` is a number the officer typed (one the office gave outside
    FieldKit): it is recorded as it is.  Otherwise the number the office's
    package gave this letter (a visit's duty letter, issued by "kantor") is
    used, or the next running number of the year and type is taken, unless
    this letter (same type, same visit) was numbered before: a reprint keeps
    its number.
    """
    given = " ".join((given or "").split()) or None
    if given is not None and len(given) > _MAX_NUMBER_LENGTH:
        raise InvalidInput(
            code="letter_number_too_long",
            params={"max": _MAX_NUMBER_LENGTH},
        )
    with ws.transaction() as session:
        if given is None and ref_id is not None:
            office_given = session.execute(
                sa.select(LetterNumber).where(
                    LetterNumber.letter_type == letter_type.value,
                    LetterNumber.ref_id == ref_id,
                    LetterNumber.issued_by == office_sent.OFFICE_ACTOR,
                )
            ).scalar_one_or_none()
            if office_given is not None:  # the office numbered it in its own agenda
                return LetterInfo.from_row(office_given)
        pattern_row = session.get(Setting, PATTERN_KEY)
        pattern = pattern_row.value if pattern_row is not None else DEFAULT_PATTERN
        if ref_id is not None:
            query = (
                sa.select(LetterNumber)
                .where(LetterNumber.letter_type == letter_type.value)
                .where(LetterNumber.ref_id == ref_id)
                .where(LetterNumber.year == letter_date.year)
            )
            query = query.where(
                LetterNumber.number == given if given else LetterNumber.seq.is_not(None)
            )
            earlier = session.execute(query.limit(1)).scalar_one_or_none()
            if earlier is not None:
                return LetterInfo.from_row(earlier)
        pattern = indonesian_pattern(pattern)
        per_type = "{jenis" in pattern
        seq = (
            None if given else _next_seq(session, letter_date.year, letter_type, per_type=per_type)
        )
        number = given or render_number(pattern, seq or 0, letter_date, letter_type)
        row = LetterNumber(
            id=str(uuid.uuid4()),
            year=letter_date.year,
            letter_type=letter_type.value,
            seq=seq,
            number=number,
            subject=subject,
            ref_id=ref_id,
            letter_date=letter_date,
            issued_by=ws.officer.username,
            issued_at=dt.datetime.now(dt.UTC),
        )
        session.add(row)
        session.flush()
        audit.append(
            session,
            ws.officer.username,
            "letter.numbered",
            ref_id,
            {"type": letter_type.value, "number": number, "manual": seq is None},
        )
        info = LetterInfo.from_row(row)
    log.info("letter number %s issued (%s)", info.number, letter_type.value)
    return info


def list_letters(ws: Workspace, *, year: int | None = None) -> list[LetterInfo]:
    """The register, oldest first."""
    query = sa.select(LetterNumber).order_by(LetterNumber.issued_at, LetterNumber.number)
    if year is not None:
        query = query.where(LetterNumber.year == year)
    with ws.transaction() as session:
        return [LetterInfo.from_row(row) for row in session.execute(query).scalars()]
