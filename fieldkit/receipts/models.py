"""The receipt's stored content (revision 0007), kept until its record is purged."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fieldkit.store.models import Base, UtcDateTime

ID_LENGTH = 36


class RecordReceipt(Base):
    """What the bukti perekaman says, as JSON, inside the encrypted store.

    It is made from the draft at the moment of sealing (after which the laptop
    can no longer read the record), and it goes when the record is purged.
    """

    __tablename__ = "record_receipts"

    record_id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    content: Mapped[str] = mapped_column(Text)
    made_by: Mapped[str] = mapped_column(String(32))
    made_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
