"""Tables for requests, visits, their targets and the sarpras checklist (revision 0002).

They live here rather than in :mod:`fieldkit.store.models` so that the planning
work can grow without every feature editing one file; :mod:`fieldkit.schema`
imports this module, so Alembic and the warm-up see these tables.

Ids are UUID strings made on the laptop: a visit planned offline on two
laptops must never collide when they sync.  Personal data (NIK, names,
addresses) is kept only in these encrypted tables, never in the audit log.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from fieldkit.planning.kinds import ID_LENGTH
from fieldkit.store.models import Base, UtcDateTime


class PlanRequest(Base):
    """A surat permohonan: who asked for a jemput bola visit, under which letter."""

    __tablename__ = "plan_requests"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    number: Mapped[str] = mapped_column(String(80))
    letter_date: Mapped[dt.date] = mapped_column(Date)
    requester_type: Mapped[str] = mapped_column(String(24))
    requester_name: Mapped[str] = mapped_column(String(160))
    region_code: Mapped[str] = mapped_column(String(13))
    subject: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class Visit(Base):
    """One trip of a team to one place on one day."""

    __tablename__ = "visits"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("plan_requests.id"), index=True)
    visit_date: Mapped[dt.date] = mapped_column(Date, index=True)
    start_time: Mapped[str] = mapped_column(String(5))  # "08:00", local time of the place
    place_type: Mapped[str] = mapped_column(String(24))
    place_name: Mapped[str | None] = mapped_column(String(160))
    desa_name: Mapped[str] = mapped_column(String(120))
    desa_code: Mapped[str | None] = mapped_column(String(13))
    kecamatan_code: Mapped[str] = mapped_column(String(6))
    terrain: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class VisitOfficer(Base):
    """An officer on a visit's team, with their role in that team."""

    __tablename__ = "visit_officers"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), primary_key=True)
    username: Mapped[str] = mapped_column(String(32), primary_key=True)
    team_role: Mapped[str] = mapped_column(String(16))  # "ketua_tim" or "petugas"


class TargetImport(Base):
    """One accepted import file; rejected files leave nothing behind but an audit event."""

    __tablename__ = "target_imports"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), index=True)
    file_format: Mapped[str] = mapped_column(String(8))
    file_sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    warnings: Mapped[int] = mapped_column(Integer)
    imported_by: Mapped[str] = mapped_column(String(32))
    imported_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class Target(Base):
    """A person to be recorded (data sasaran)."""

    __tablename__ = "targets"
    __table_args__ = (Index("ix_targets_nik", "nik"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), index=True)
    import_id: Mapped[str | None] = mapped_column(ForeignKey("target_imports.id"))
    source_row: Mapped[int | None] = mapped_column(Integer)
    nik: Mapped[str] = mapped_column(String(16))
    kk: Mapped[str | None] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(160))
    birth_place: Mapped[str | None] = mapped_column(String(80))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    address: Mapped[str | None] = mapped_column(Text)
    rt: Mapped[str | None] = mapped_column(String(3))
    rw: Mapped[str | None] = mapped_column(String(3))
    desa: Mapped[str | None] = mapped_column(String(120))
    kecamatan: Mapped[str | None] = mapped_column(String(120))
    categories: Mapped[str] = mapped_column(String(80))  # comma-separated Category values
    disability_kind: Mapped[str | None] = mapped_column(String(80))
    note: Mapped[str | None] = mapped_column(Text)
    warnings: Mapped[str | None] = mapped_column(Text)  # import warning codes, comma-separated
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class SarprasChecklist(Base):
    """The equipment list of one visit, one per phase (check-out before, check-in after)."""

    __tablename__ = "sarpras_checklists"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), index=True)
    phase: Mapped[str] = mapped_column(String(8))  # "checkout" or "checkin"
    template_id: Mapped[str] = mapped_column(String(64))
    template_version: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    self_test_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    self_test_sim: Mapped[bool | None] = mapped_column(Boolean)
    signed_by: Mapped[str | None] = mapped_column(String(32))
    signed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    # Check-in only: the pengurus barang who took the equipment back (SOP 004 step 11).
    accepted_by_name: Mapped[str | None] = mapped_column(String(120))
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    accepted_recorded_by: Mapped[str | None] = mapped_column(String(32))


class SarprasItem(Base):
    """One row of a checklist; its label is copied from the template so history never moves."""

    __tablename__ = "sarpras_items"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    checklist_id: Mapped[str] = mapped_column(ForeignKey("sarpras_checklists.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(40))
    section: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))
    modality: Mapped[str | None] = mapped_column(String(16))
    unit: Mapped[str | None] = mapped_column(String(16))
    expected_quantity: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str | None] = mapped_column(String(8))  # checkout: ok, faulty, missing
    quantity: Mapped[int | None] = mapped_column(Integer)
    baik: Mapped[bool | None] = mapped_column(Boolean)  # checkin: good condition
    lengkap: Mapped[bool | None] = mapped_column(Boolean)  # complete
    bersih: Mapped[bool | None] = mapped_column(Boolean)  # clean
    self_test_ok: Mapped[bool | None] = mapped_column(Boolean)
    self_test_backend: Mapped[str | None] = mapped_column(String(16))
    self_test_message: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    checked_by: Mapped[str | None] = mapped_column(String(32))
    checked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class SarprasPhoto(Base):
    """A photo of damage, kept only inside the encrypted store."""

    __tablename__ = "sarpras_photos"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("sarpras_items.id"), index=True)
    media_type: Mapped[str] = mapped_column(String(16))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    added_by: Mapped[str] = mapped_column(String(32))
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class RecordingOverride(Base):
    """An admin's permission to record without a signed pre-trip checklist, and why."""

    __tablename__ = "recording_overrides"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    granted_by: Mapped[str] = mapped_column(String(32))
    granted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
