"""Tables of revision 0006: the review's proof thumbnails, and the revisit list.

The summary is what the ketua tim needs to decide without opening the sealed
record (which the laptop cannot open anyway): the flags, their reasons in the
officer's words and small thumbnails of the proof photos.  Like everything
else in the store it is encrypted by SQLCipher; it is erased with the record's
tombstone work, never sent on its own.  The summary and the decision themselves
(``RecordReview``) are in :mod:`fieldkit.records.models`, beside the sealed record
they hold back: delivery's states and the enrollment freeze read them, below review.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fieldkit.store.models import Base, UtcDateTime

ID_LENGTH = 36


class ReviewPhoto(Base):
    """A thumbnail of one exception's proof photo (JPEG), for the review screen."""

    __tablename__ = "review_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)
    part: Mapped[str] = mapped_column(String(24))
    media_type: Mapped[str] = mapped_column(String(60))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Revisit(Base):
    """A person to visit again, why (in words), and what was done about it."""

    __tablename__ = "revisits"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    target_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)
    visit_id: Mapped[str | None] = mapped_column(String(ID_LENGTH), index=True)
    record_id: Mapped[str | None] = mapped_column(String(ID_LENGTH), index=True)
    source: Mapped[str] = mapped_column(String(24))  # RevisitSource
    reason_code: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    revisit_date: Mapped[dt.date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(12), index=True)  # RevisitState
    planned_visit_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    contact: Mapped[str | None] = mapped_column(String(16))  # ContactResult
    contact_note: Mapped[str | None] = mapped_column(Text)
    contacted_by: Mapped[str | None] = mapped_column(String(32))
    contacted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
