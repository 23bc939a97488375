"""Tables of the paperwork (revision 0007): the letter-number register (agenda surat)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fieldkit.store.models import Base, UtcDateTime

ID_LENGTH = 36


class LetterNumber(Base):
    """One number given to an outgoing letter: the office's agenda surat keluar.

    ``seq`` is the running number within the year and letter type; a number the
    officer typed in by hand is recorded too, with no ``seq``, so the register
    still lists every letter that left the office.
    """

    __tablename__ = "letter_numbers"
    __table_args__ = (
        UniqueConstraint("year", "letter_type", "seq", name="uq_letter_numbers_seq"),
        Index("ix_letter_numbers_ref_id", "ref_id"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    letter_type: Mapped[str] = mapped_column(String(24))
    seq: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(120))
    subject: Mapped[str] = mapped_column(Text)
    ref_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    letter_date: Mapped[dt.date] = mapped_column(Date)
    issued_by: Mapped[str] = mapped_column(String(32))
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
