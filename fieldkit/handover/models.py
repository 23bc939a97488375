"""Tables of revision 0005 (and 0012-0014): what follows a recording.

The card handover (``handovers``, their signatures and the card UID bound to
each record) and the Dinsos/DTKS referral marks (``referrals``) share one
revision because both hang off a recorded target and both arrived together.
Signatures are pen samples (not pictures) kept only in the SQLCipher store.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fieldkit.store.models import Base, UtcDateTime

ID_LENGTH = 36


class CardBinding(Base):
    """Which printed card (by its chip UID) belongs to which sealed record.

    Bound at the first read: the data center's PRINTED state carries no UID,
    so the officer picks the record and the card read then is recorded; every
    later read of that record must show the same UID.
    """

    __tablename__ = "card_bindings"

    record_id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    card_uid: Mapped[str] = mapped_column(String(20), unique=True)  # hex, upper case
    bound_by: Mapped[str] = mapped_column(String(32))
    bound_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class HandoverSignature(Base):
    """One signature on the pad: pen samples as JSON and the quality verdict."""

    __tablename__ = "handover_signatures"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(60))
    samples: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    units_per_mm: Mapped[float] = mapped_column(Float)
    quality_score: Mapped[float | None] = mapped_column(Float)
    quality_passed: Mapped[bool] = mapped_column(Boolean)
    device: Mapped[str] = mapped_column(Text)  # JSON: backend, model, serial
    captured_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class Handover(Base):
    """One step of a card's way to its owner: direct, to a courier, or delivered by one."""

    __tablename__ = "handovers"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)
    target_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    visit_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    kind: Mapped[str] = mapped_column(String(12))  # "direct", "courier", "delivery"
    batch_id: Mapped[str | None] = mapped_column(String(ID_LENGTH), index=True)
    card_uid: Mapped[str | None] = mapped_column(String(20))
    recipient_name: Mapped[str] = mapped_column(String(160))
    relation: Mapped[str] = mapped_column(String(24))
    organisation: Mapped[str | None] = mapped_column(String(160))
    signature_id: Mapped[str | None] = mapped_column(ForeignKey("handover_signatures.id"))
    source: Mapped[str | None] = mapped_column(String(24))  # delivery: "signed", "courier_report"
    note: Mapped[str | None] = mapped_column(Text)
    handed_by: Mapped[str] = mapped_column(String(32))
    handed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), index=True)


class HandoverReport(Base):
    """A handover the data center confirmed it keeps (issue 49 §2); absent: not yet.

    Written from the push's answer (``sync.client.handovers``): every handover without a
    row here goes with the next push, and a resend is kept once at the data center.
    """

    __tablename__ = "handover_reports"

    handover_id: Mapped[str] = mapped_column(ForeignKey("handovers.id"), primary_key=True)
    reported_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class CardDelivery(Base):
    """A delivery the office scheduled (issue 49 §2): one desa's printed cards, a day, a team.

    Written only by the office package (``fieldkit.office.apply``), replaced whole by each
    newer package that carries deliveries.  No names or NIKs: the cards' people are this
    laptop's own records, read from the store when shown.
    """

    __tablename__ = "card_deliveries"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # the data center's, hex
    number: Mapped[str] = mapped_column(String(32))  # DST-2026-0001
    delivery_date: Mapped[dt.date] = mapped_column(Date)
    desa_code: Mapped[str] = mapped_column(String(10))
    desa_name: Mapped[str] = mapped_column(String(120))
    kecamatan_code: Mapped[str] = mapped_column(String(6))
    team: Mapped[str] = mapped_column(String(64))
    #: The office package that brought it (``office.package_version``).
    package_version: Mapped[int] = mapped_column(Integer)


class CardDeliveryCard(Base):
    """One card of a delivery: the record and the chip UID the office recorded, if any."""

    __tablename__ = "card_delivery_cards"

    delivery_id: Mapped[str] = mapped_column(
        ForeignKey("card_deliveries.id", ondelete="CASCADE"), primary_key=True
    )
    record_id: Mapped[str] = mapped_column(String(128), primary_key=True, index=True)
    card_uid: Mapped[str | None] = mapped_column(String(20))  # hex, upper case
    #: The card's place in the office's list: the BA lists them in that order.
    position: Mapped[int] = mapped_column(Integer)


#: A setting, set when a package carried the office's printed cards (even none): from then
#: on a card the office never recorded is a question for the ketua, not a first read's
#: silent binding.  Its value is the package's version.
PRINTED_CARDS_KEY = "office.printed_cards_version"


class OfficePrintedCard(Base):
    """A card the office printed for one of this laptop's records, not yet handed over.

    Written only by the office package's ``printed_cards`` (issue 56.1), replaced whole by
    each newer package that carries them: the card read at a handover is compared with it
    on every path, in a delivery or not.  No names or NIKs.
    """

    __tablename__ = "office_printed_cards"

    record_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    card_uid: Mapped[str] = mapped_column(String(20), unique=True)  # hex, upper case


class Referral(Base):
    """A recorded vulnerable person proposed to Dinsos for DTKS (SOP 003 steps 9-10)."""

    __tablename__ = "referrals"

    target_id: Mapped[str] = mapped_column(ForeignKey("targets.id"), primary_key=True)
    visit_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    marked_by: Mapped[str] = mapped_column(String(32))
    marked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
