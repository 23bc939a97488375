"""Referring recorded vulnerable people to Dinsos for DTKS (SOP 003 steps 9-10).

Only people who were recorded, and who are listed as lansia, disabilitas,
ODGJ or bed-bound (terbaring), can be marked.  The person data comes from
the planning target (name, NIK, KK, birth date, address as the village
listed it, or as typed for a walk-in): after sealing, corrections made in
the house live only in the sealed record, which this laptop cannot read.

The CSV is for Excel as Indonesian offices run it: UTF-8 with a BOM (so
Excel detects the encoding and keeps names with accents or ``'``), a
semicolon between fields (Excel in the Indonesian locale uses the comma as
the decimal separator, so it splits CSV on semicolons), and NIK/KK written
as ``="3315…"`` so Excel keeps all 16 digits instead of showing
``3,31501E+15``.  Text that starts like a formula is prefixed with ``'``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit import audit, nik, training
from fieldkit.enrollment.errors import UnknownTarget
from fieldkit.enrollment.models import TargetOutcome
from fieldkit.enrollment.outcomes import Outcome
from fieldkit.errors import InvalidInput, KnownError
from fieldkit.handover.models import Referral
from fieldkit.officers import require_role
from fieldkit.permissions import REFERRAL_MARKERS, REPORTERS
from fieldkit.planning.kinds import Category
from fieldkit.planning.models import Target, Visit
from fieldkit.reports.berita_acara import categories_of, category_label
from fieldkit.reports.letters import is_training_document, office_profile
from fieldkit.reports.pdf import PdfDocument, Signatory, tanggal, terbilang
from fieldkit.store.keyring import os_error_to_store_error

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

#: Who may be proposed for social assistance (SOP 003: lansia, disabilitas, ODGJ; and bed-bound).
VULNERABLE = frozenset({Category.LANSIA, Category.DISABILITAS, Category.ODGJ, Category.TERBARING})
CSV_HEADER = (
    "No",
    "NIK",
    "No. KK",
    "Nama Lengkap",
    "Jenis Kelamin",
    "Tempat Lahir",
    "Tanggal Lahir",
    "Alamat",
    "RT",
    "RW",
    "Desa/Kelurahan",
    "Kecamatan",
    "Kategori",
    "Jenis Disabilitas",
    "Tanggal Perekaman",
    "Keterangan",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MIN_PREFIX = 4


class EmptyReferralList(KnownError):
    code = "empty_referral_list"


class NotEligible(KnownError):
    code = "not_eligible"


@dataclass(frozen=True)
class ReferralEntry:
    target_id: str
    visit_id: str
    nik: str
    kk: str | None
    name: str
    sex: str | None
    birth_place: str | None
    birth_date: dt.date | None
    address: str | None
    rt: str | None
    rw: str | None
    desa: str | None
    kecamatan: str | None
    categories: tuple[str, ...]
    disability_kind: str | None
    recorded_on: dt.date
    note: str | None

    def as_json(self) -> dict[str, object]:
        return {
            "target_id": self.target_id,
            "visit_id": self.visit_id,
            "nik": nik.mask(self.nik),
            "name": self.name,
            "desa": self.desa,
            "categories": list(self.categories),
            "recorded_on": self.recorded_on.isoformat(),
            "note": self.note,
        }


def _target(session: Session, ref: str) -> Target:
    ref = ref.strip().lower()
    rows = session.scalars(
        sa.select(Target).where(Target.id.startswith(ref, autoescape=True)).limit(2)
    ).all()
    if len(ref) < _MIN_PREFIX or len(rows) != 1:
        raise UnknownTarget(params={"target": ref})
    return rows[0]


def _eligible(session: Session, target: Target) -> TargetOutcome:
    if training.is_training_visit(session, target.visit_id) and not training.is_training_store(
        session
    ):
        raise training.TrainingRefused
    outcome = session.get(TargetOutcome, target.id)
    if outcome is None or outcome.outcome != Outcome.RECORDED.value:
        raise NotEligible(params={"problem": "not_recorded"})
    if not VULNERABLE & {
        Category(c) for c in categories_of(target.categories) if c in set(Category)
    }:
        raise NotEligible(params={"problem": "not_vulnerable"})
    return outcome


def mark(ws: Workspace, target_ref: str, *, note: str | None = None) -> ReferralEntry:
    """Propose one recorded vulnerable person to Dinsos (marking again updates the note)."""
    require_role(ws.officer, *REFERRAL_MARKERS)
    with ws.transaction() as session:
        target = _target(session, target_ref)
        _eligible(session, target)
        session.merge(
            Referral(
                target_id=target.id,
                visit_id=target.visit_id,
                note=" ".join((note or "").split()) or None,
                marked_by=ws.officer.username,
                marked_at=dt.datetime.now(dt.UTC),
            )
        )
        session.flush()
        audit.append(session, ws.officer.username, "referral.marked", target.id)
        target_id = target.id
    return next(e for e in list_referrals(ws) if e.target_id == target_id)


def unmark(ws: Workspace, target_ref: str) -> None:
    require_role(ws.officer, *REFERRAL_MARKERS)
    with ws.transaction() as session:
        target = _target(session, target_ref)
        row = session.get(Referral, target.id)
        if row is None:
            raise InvalidInput(
                code="target_not_marked_for_referral",
                params={"target": target.id[:8]},
            )
        session.delete(row)
        audit.append(session, ws.officer.username, "referral.unmarked", target.id)


def candidates(ws: Workspace, visit_ref: str | None = None) -> list[str]:
    """Target ids of recorded vulnerable people not yet marked (the screen's suggestions).

    Who is vulnerable is for those who mark a referral to read.
    """
    require_role(ws.officer, *REFERRAL_MARKERS)
    with ws.transaction() as session:
        query = (
            sa.select(Target)
            .join(TargetOutcome, TargetOutcome.target_id == Target.id)
            .where(TargetOutcome.outcome == Outcome.RECORDED.value)
            .where(~Target.id.in_(sa.select(Referral.target_id)))
            .where(training.training_visit_filter(session, Target.visit_id))
        )
        if visit_ref:
            query = query.where(
                Target.visit_id.startswith(visit_ref.strip().lower(), autoescape=True)
            )
        return [
            t.id
            for t in session.scalars(query.order_by(Target.created_at))
            if VULNERABLE & set(categories_of(t.categories))
        ]


def list_referrals(ws: Workspace) -> list[ReferralEntry]:
    """Everyone marked for social services, with NIK, KK, address and disability.

    The same people's data as the exported list (``export_csv``), so the same roles.
    """
    require_role(ws.officer, *REPORTERS)
    with ws.transaction() as session:
        rows = session.execute(
            sa.select(Referral, Target, TargetOutcome, Visit)
            .join(Target, Target.id == Referral.target_id)
            .join(TargetOutcome, TargetOutcome.target_id == Target.id)
            .join(Visit, Visit.id == Target.visit_id)
            .where(training.training_visit_filter(session, Target.visit_id))
            .order_by(Visit.visit_date, Target.name)
        ).all()
        return [
            ReferralEntry(
                target_id=t.id,
                visit_id=t.visit_id,
                nik=t.nik,
                kk=t.kk,
                name=t.name,
                sex=t.sex,
                birth_place=t.birth_place,
                birth_date=t.birth_date,
                address=t.address,
                rt=t.rt,
                rw=t.rw,
                desa=t.desa or v.desa_name,
                kecamatan=t.kecamatan,
                categories=categories_of(t.categories),
                disability_kind=t.disability_kind,
                recorded_on=v.visit_date,
                note=r.note,
            )
            for r, t, _o, v in rows
        ]


def _required(ws: Workspace) -> list[ReferralEntry]:
    require_role(ws.officer, *REPORTERS)
    entries = list_referrals(ws)
    if not entries:
        raise EmptyReferralList
    return entries


def _cell(value: str | None) -> str:
    text = value or ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _digits(value: str | None) -> str:
    return f'="{value}"' if value else ""


def csv_text(entries: list[ReferralEntry]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for n, e in enumerate(entries, start=1):
        writer.writerow(
            [
                str(n),
                _digits(e.nik),
                _digits(e.kk),
                _cell(e.name),
                {"L": "Laki-laki", "P": "Perempuan"}.get(e.sex or "", ""),
                _cell(e.birth_place),
                e.birth_date.strftime("%d-%m-%Y") if e.birth_date else "",
                _cell(e.address),
                e.rt or "",
                e.rw or "",
                _cell(e.desa),
                _cell(e.kecamatan),
                ", ".join(category_label(c) for c in e.categories),
                _cell(e.disability_kind),
                e.recorded_on.strftime("%d-%m-%Y"),
                _cell(e.note),
            ]
        )
    return buffer.getvalue()


def export_csv(ws: Workspace, out: Path) -> Path:
    """The referral list for Excel (UTF-8 with BOM, semicolons); an empty list is refused."""
    entries = _required(ws)
    data = csv_text(entries).encode("utf-8-sig")
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".fieldkit-", suffix=".csv")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        Path(tmp).replace(out)
    except OSError as exc:
        raise os_error_to_store_error(exc, out.parent) from exc
    _audit(ws, "referral_csv", len(entries))
    return out


def export_pdf(ws: Workspace, out: Path) -> Path:
    """The covering list to Dinsos, on the letterhead; an empty list is refused."""
    entries = _required(ws)
    profile = office_profile(ws)
    today = dt.datetime.now(dt.UTC).date()
    doc = PdfDocument(
        profile.letterhead, title="Usulan DTKS Penduduk Rentan", training=is_training_document(ws)
    )
    doc.heading("DAFTAR USULAN DTKS PENDUDUK RENTAN HASIL PEREKAMAN KTP-EL")
    count = len(entries)
    doc.paragraph(
        f"Berikut kami sampaikan {count} ({terbilang(count)}) orang penduduk rentan "
        "(lansia, penyandang disabilitas, ODGJ dan terbaring sakit) yang telah melakukan "
        "perekaman KTP-el melalui layanan jemput bola, untuk difasilitasi pengusulan Data "
        "Terpadu Kesejahteraan Sosial (DTKS) oleh Dinas Sosial."
    )
    doc.table(
        ["No", "Nama", "NIK", "Alamat", "Kategori", "Tgl rekam"],
        [
            [
                str(n),
                e.name,
                e.nik,
                ", ".join(
                    p
                    for p in (
                        e.address,
                        f"RT {e.rt}/RW {e.rw}" if e.rt and e.rw else None,
                        e.desa,
                    )
                    if p
                ),
                ", ".join(category_label(c) for c in e.categories),
                e.recorded_on.strftime("%d-%m-%Y"),
            ]
            for n, e in enumerate(entries, start=1)
        ],
        widths_mm=[10, 32, 41, 40, 25, 22],
        nowrap=(2, 5),
    )
    doc.paragraph(
        "Data diambil dari daftar sasaran yang diajukan desa/kelurahan; perbaikan data yang "
        "dilakukan saat perekaman tercatat pada data kependudukan hasil perekaman."
    )
    doc.signature(f"{profile.city}, {tanggal(today)}", profile.head or Signatory("Kepala Dinas"))
    path = doc.save(out)
    _audit(ws, "referral_pdf", count)
    return path


def _audit(ws: Workspace, kind: str, count: int) -> None:
    with ws.transaction() as session:
        audit.append(
            session, ws.officer.username, "report.generated", None, {"kind": kind, "count": count}
        )
