"""The letters of SOP 004 step 3-4: the surat tugas and the draft surat balasan.

The office profile (address line, the head of office's name and NIP) is kept
in the encrypted store's settings; the letterhead's first two lines come from
the office's regency code, so a new laptop prints the right office at once.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit import audit, office_sent, regions, training
from fieldkit.errors import BugError
from fieldkit.officers import OfficerInfo, format_nip, require_role
from fieldkit.permissions import ADMINISTRATORS, REPORTERS
from fieldkit.planning import requests, schedule
from fieldkit.planning.kinds import PlaceType, TeamRole
from fieldkit.reports import OFFICE_NAME, PROFILE_KEY, agenda, letter_numbers
from fieldkit.reports.pdf import (
    Letterhead,
    PdfDocument,
    Signatory,
    hari_tanggal,
    jam,
    tanggal,
    terbilang,
    text,
)
from fieldkit.store.models import Officer, Setting

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

_EDITABLE = ("address", "contact", "head_name", "head_rank", "head_nip")


@dataclass(frozen=True)
class OfficeProfile:
    office_code: str
    address: str | None = None  # "Jl. Semeru No. 49, Kanigoro, Blitar 66171"
    contact: str | None = None  # "Telp. (0342) 000000, pos-el: ..."
    head_name: str | None = None
    head_rank: str | None = None
    head_nip: str | None = None

    @property
    def regency(self) -> regions.Region:
        region = regions.regency(self.office_code)
        if region is None:  # the code was checked when the store was created
            raise BugError(f"office code {self.office_code} is not a regency")
        return region

    @property
    def government(self) -> str:
        """``PEMERINTAH KABUPATEN BLITAR`` or ``PEMERINTAH KOTA BLITAR``."""
        return f"Pemerintah {self.regency.name}".upper()

    @property
    def city(self) -> str:
        """Where letters are dated: ``Blitar``."""
        return self.regency.display_name.removeprefix("Kota ")

    @property
    def letterhead(self) -> Letterhead:
        return Letterhead(self.government, OFFICE_NAME.upper(), self.address, self.contact)

    @property
    def head(self) -> Signatory:
        return Signatory(
            f"Kepala {OFFICE_NAME} {self.regency.name}",
            self.head_name,
            self.head_rank,
            self.head_nip,
        )

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = asdict(self)
        data["government"] = self.government
        data["office"] = OFFICE_NAME.upper()
        return data


def office_profile(ws: Workspace) -> OfficeProfile:
    with ws.transaction() as session:
        return office_profile_in(session)


def office_profile_in(session: Session) -> OfficeProfile:
    """The office profile read in a transaction already open (sealing reads it for the receipt)."""
    code_row = session.get(Setting, "office_code")
    profile_row = session.get(Setting, PROFILE_KEY)
    if code_row is None:
        raise BugError("the store has no office code")
    stored = json.loads(profile_row.value) if profile_row else {}
    return OfficeProfile(code_row.value, **{k: stored.get(k) for k in _EDITABLE})


def set_office_profile(ws: Workspace, **changes: str | None) -> OfficeProfile:
    """Set the letterhead's address and contact lines and the head of office (admin)."""
    require_role(ws.officer, *ADMINISTRATORS)
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise BugError(f"not office profile fields: {sorted(unknown)}")
    cleaned = {
        k: (" ".join(v.split()) or None) if v is not None else None for k, v in changes.items()
    }
    current = office_profile(ws)

    def pick(key: str) -> str | None:
        return cleaned[key] if key in cleaned else getattr(current, key)

    profile = OfficeProfile(
        current.office_code,
        address=pick("address"),
        contact=pick("contact"),
        head_name=pick("head_name"),
        head_rank=pick("head_rank"),
        head_nip=pick("head_nip"),
    )
    with ws.transaction() as session:
        office_sent.refuse_change(session, PROFILE_KEY, {k: getattr(profile, k) for k in _EDITABLE})
        session.merge(
            Setting(key=PROFILE_KEY, value=json.dumps({k: getattr(profile, k) for k in _EDITABLE}))
        )
        audit.append(
            session,
            ws.officer.username,
            "settings.changed",
            None,
            {"office_profile": ",".join(sorted(changes))},
        )
    return profile


# --- the letters ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    profile: OfficeProfile
    visit: schedule.VisitInfo
    request: requests.RequestInfo
    issued: dt.date
    officers: dict[str, OfficerInfo]
    training: bool

    @property
    def place(self) -> str:
        """Where the team goes, as the letter names it."""
        visit = self.visit
        where = f"Desa/Kelurahan {visit.desa_name}, Kecamatan {visit.kecamatan_name}"
        if visit.place_type is PlaceType.KANTOR_DESA:
            return f"Kantor Desa/Kelurahan {visit.desa_name}, Kecamatan {visit.kecamatan_name}"
        if visit.place_type is PlaceType.RUMAH:
            return f"Rumah sasaran di {where}"
        name = visit.place_name or visit.place_type.document_term
        return f"{name}, {where}"

    @property
    def when(self) -> list[tuple[str, str]]:
        count = self.visit.targets
        targets = f"{count} ({terbilang(count)}) orang" if count else "sesuai data sasaran"
        return [
            ("Hari, tanggal", hari_tanggal(self.visit.visit_date)),
            ("Waktu", f"{jam(self.visit.start_time, self.visit.kecamatan_code)} s.d. selesai"),
            ("Tempat", self.place),
            ("Jumlah sasaran", targets),
        ]

    @property
    def request_line(self) -> str:
        return (
            f"surat {self.request.requester_name} Nomor {self.request.number} tanggal "
            f"{tanggal(self.request.letter_date)}"
        )


def _context(ws: Workspace, visit_ref: str, issued: dt.date | None) -> _Context:
    require_role(ws.officer, *REPORTERS)
    visit = schedule.get_visit(ws, visit_ref)
    request = requests.get_request(ws, visit.request_id)
    today = dt.datetime.now(dt.UTC).date()
    usernames = [m.username for m in visit.team]
    with ws.transaction() as session:
        rows = session.execute(sa.select(Officer).where(Officer.username.in_(usernames))).scalars()
        officers = {row.username: OfficerInfo.from_row(row) for row in rows}
    return _Context(
        office_profile(ws),
        visit,
        request,
        issued or today,
        officers,
        is_training_document(ws, visit.id),
    )


def is_training_document(ws: Workspace, visit_id: str | None = None) -> bool:
    """Made from training work (a training store, or a training visit of a real one).

    Such a document prints "LATIHAN" on every page (issue 23, finding 9): a surat
    tugas printed while practising must never be taken for a real one.
    """
    with ws.transaction() as session:
        return training.is_training_visit(session, visit_id)


def officer_signatory(ws: Workspace, username: str | None, position: str) -> Signatory:
    """A team member signing a berita acara: their name, pangkat/golongan and NIP if known."""
    if username is None:
        return Signatory(position)
    with ws.transaction() as session:
        row = session.execute(
            sa.select(Officer).where(Officer.username == username)
        ).scalar_one_or_none()
    if row is None:
        return Signatory(position)
    return Signatory(position, row.full_name, row.rank, format_nip(row.nip) if row.nip else None)


def letter_subject(
    letter_type: letter_numbers.LetterType, desa_name: str, visit_date: dt.date
) -> str:
    """A visit's letter as the register (agenda surat keluar) lists it, in Indonesian."""
    subjects = {
        letter_numbers.LetterType.SURAT_TUGAS: "Surat tugas perekaman KTP-el jemput bola",
        letter_numbers.LetterType.SURAT_BALASAN: "Pemberitahuan pelaksanaan perekaman KTP-el",
    }
    return f"{subjects[letter_type]}, Desa/Kelurahan {desa_name}, {tanggal(visit_date)}"


def _letter_number(
    ws: Workspace, ctx: _Context, letter_type: letter_numbers.LetterType, given: str | None
) -> str:
    """The letter's number from the register (or the one typed in, recorded there too)."""
    return agenda.issue_number(
        ws,
        letter_type,
        subject=letter_subject(letter_type, ctx.visit.desa_name, ctx.visit.visit_date),
        letter_date=ctx.issued,
        ref_id=ctx.visit.id,
        given=given,
    ).number


def _audit_report(ws: Workspace, kind: str, visit_id: str) -> None:
    with ws.transaction() as session:
        audit.append(session, ws.officer.username, "report.generated", visit_id, {"kind": kind})


def surat_tugas(
    ws: Workspace,
    visit_ref: str,
    out: Path,
    *,
    number: str | None = None,
    issued: dt.date | None = None,
) -> Path:
    """The duty letter naming the team (with NIP and pangkat/golongan), the place and the day.

    Its number comes from the letter-number register unless ``number`` is given.
    """
    ctx = _context(ws, visit_ref, issued)
    number = _letter_number(ws, ctx, letter_numbers.LetterType.SURAT_TUGAS, number)
    doc = PdfDocument(ctx.profile.letterhead, title="Surat Tugas", training=ctx.training)
    doc.heading("SURAT TUGAS", number)
    basis = (
        f"1. {ctx.request_line} perihal permohonan perekaman KTP-el bagi penduduk "
        "rentan administrasi kependudukan;"
    )
    doc.fields([("Dasar", basis), ("", "2. SOP Perekaman KTP-el Jemput Bola Penduduk Rentan.")])
    doc.paragraph("<b>MENUGASKAN:</b>", markup=True, style="center")
    rows = []
    for n, member in enumerate(ctx.visit.team, start=1):
        officer = ctx.officers.get(member.username)
        nip = officer.nip if officer else None
        rows.append(
            [
                str(n),
                member.full_name,
                format_nip(nip) if nip else "-",
                (officer.rank if officer else None) or "-",
                "Ketua Tim" if member.team_role is TeamRole.KETUA_TIM else "Petugas Perekaman",
            ]
        )
    doc.fields([("Kepada", "")])
    doc.table(
        ["No", "Nama", "NIP", "Pangkat/Gol.", "Jabatan dalam Tim"],
        rows,
        widths_mm=[8, 50, 44, 36, 32],
        nowrap=(2,),
    )
    duty = (
        "Melaksanakan perekaman KTP-el jemput bola bagi penduduk rentan administrasi "
        "kependudukan (lansia, penyandang disabilitas, ODGJ dan sasaran yang terbaring "
        "sakit) pada:"
    )
    doc.fields([("Untuk", duty)])
    doc.fields(ctx.when, indent=44)
    doc.paragraph(
        "Petugas membawa sarana dan prasarana perekaman dengan seizin pengurus barang, "
        "mengutamakan keamanan petugas dan peralatan, dan mengembalikan sarana dan "
        "prasarana dalam kondisi baik, lengkap dan bersih setelah kegiatan selesai."
    )
    doc.signature(
        f"{ctx.profile.city}, {tanggal(ctx.issued)}",
        ctx.profile.head,
        closing="Demikian surat tugas ini dibuat untuk dilaksanakan dengan penuh tanggung jawab.",
    )
    path = doc.save(out)
    _audit_report(ws, "surat_tugas", ctx.visit.id)
    return path


def surat_balasan(
    ws: Workspace,
    visit_ref: str,
    out: Path,
    *,
    number: str | None = None,
    issued: dt.date | None = None,
) -> Path:
    """The draft reply: when the team comes, and a request that the village accompany it.

    It is a draft: the head of office signs it electronically (TTE) outside FieldKit.
    """
    ctx = _context(ws, visit_ref, issued)
    number = _letter_number(ws, ctx, letter_numbers.LetterType.SURAT_BALASAN, number)
    doc = PdfDocument(
        ctx.profile.letterhead, title="Surat Balasan (konsep)", draft=True, training=ctx.training
    )
    doc.fields(
        [
            ("Nomor", number),
            ("Sifat", "Biasa"),
            ("Lampiran", "-"),
            ("Hal", "Pemberitahuan Pelaksanaan Perekaman KTP-el Penduduk Rentan"),
        ]
    )
    doc.paragraph(
        f"Kepada<br/>Yth. {text(ctx.request.requester_name)}<br/>di Tempat",
        markup=True,
        style="left",
    )
    doc.paragraph(
        f"Menindaklanjuti {ctx.request_line} perihal permohonan perekaman KTP-el bagi "
        "penduduk rentan administrasi kependudukan, dengan ini kami sampaikan bahwa "
        "perekaman KTP-el akan dilaksanakan pada:"
    )
    doc.fields(ctx.when, indent=10)
    team = ", ".join(m.full_name for m in ctx.visit.team)
    doc.paragraph(f"Petugas perekaman: {team}.")
    doc.paragraph(
        "Sehubungan dengan hal tersebut, kami mohon Saudara berkenan menugaskan aparat "
        "desa/kelurahan atau petugas instansi untuk mendampingi petugas perekaman selama "
        "kegiatan berlangsung, memastikan sasaran berada di tempat, serta menyiapkan "
        "dokumen kependudukan sasaran (KK)."
    )
    doc.signature(
        f"{ctx.profile.city}, {tanggal(ctx.issued)}",
        ctx.profile.head,
        electronic=True,
        closing="Demikian atas perhatian dan kerja sama Saudara, kami sampaikan terima kasih.",
    )
    path = doc.save(out)
    _audit_report(ws, "surat_balasan", ctx.visit.id)
    return path
