"""The letter-number register (agenda surat keluar): every outgoing letter's number.

An office numbers its letters itself, one running number per year and letter
type, in a format of its own (``474/012/Disdukcapil/XI/2026``).  Typing that in
by hand is how two letters end up with one number; so the reports take their
numbers from here, and each number given is kept with its date, type and
subject.  A letter printed again for the same visit keeps its number.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit import audit, office_sent
from fieldkit.errors import InvalidInput
from fieldkit.officers import require_role
from fieldkit.permissions import ADMINISTRATORS
from fieldkit.reports.letter_numbers import (
    DEFAULT_PATTERN,
    MAX_NUMBER_LENGTH,
    LetterType,
    indonesian_pattern,
    render_number,
)
from fieldkit.reports.models import LetterNumber
from fieldkit.store.models import Setting

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

PATTERN_KEY = "letters.number_pattern"


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
    if given is not None and len(given) > MAX_NUMBER_LENGTH:
        raise InvalidInput(
            code="letter_number_too_long",
            params={"max": MAX_NUMBER_LENGTH},
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
