"""Berita acara pelaksanaan perekaman (per visit) and the daily recap (per date).

After sealing, a person's data lives only in the sealed record, which this
laptop cannot read.  What stays is enough for these reports: the planning
target (name, NIK, categories as the village listed them, or as typed for a
walk-in) and the target's outcome (the outcome code, the seconds per step
and the review flags, which name each biometric exception by part, reason
and permanence: codes only, never a photo).  Corrections typed during the
recording (a better address from the KK) are in the sealed record only, so
the reports show the list's version.

The summaries (:func:`visit_report`, :func:`daily_recap`) are plain data, so
the app shows the same numbers the PDFs print.
"""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - dataclass field types are read at runtime
import json
import logging
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit import audit, training
from fieldkit.enrollment import tally
from fieldkit.enrollment.exceptions import ExceptionReason
from fieldkit.enrollment.models import TargetOutcome
from fieldkit.enrollment.outcomes import Outcome
from fieldkit.enrollment.timing import SOP_SECONDS
from fieldkit.enrollment.visits import resolve_visit
from fieldkit.errors import InvalidInput
from fieldkit.formats.positions import FingerPosition
from fieldkit.officers import require_role
from fieldkit.permissions import REPORTERS
from fieldkit.planning import kinds, schedule
from fieldkit.planning.kinds import Category
from fieldkit.planning.models import Target, Visit
from fieldkit.records import states as delivery
from fieldkit.records.models import RecordReview, ReviewState, SealedRecordRow
from fieldkit.reports import agenda, letter_numbers
from fieldkit.reports.letters import is_training_document, office_profile, officer_signatory
from fieldkit.reports.pdf import PdfDocument, Signatory, hari_tanggal, tanggal, terbilang

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

OUTCOME_LABELS = {
    Outcome.RECORDED: "Terekam",
    Outcome.NOT_AT_HOME: "Tidak di tempat",
    Outcome.REFUSED: "Menolak",
    Outcome.DECEASED: "Meninggal dunia",
    Outcome.MOVED: "Pindah",
    Outcome.UNABLE: "Tidak dapat direkam",
    Outcome.REVISIT: "Kunjungan ulang",
}
NO_OUTCOME = "Belum ada hasil"
#: A person recorded whose record the data center refused: not recorded for the office.
REJECTED_KEY = tally.REJECTED_KEY
REJECTED_LABEL = "Ditolak data center (perlu rekam ulang)"
#: A person recorded whose record the ketua tim returned for recapture: not recorded
#: either (the record is held on the laptop, the person is on the revisit list).
RETURNED_KEY = tally.RETURNED_KEY
RETURNED_LABEL = "Dikembalikan ketua tim (perlu rekam ulang)"
CATEGORY_LABELS = {
    Category.LANSIA: "Lansia",
    Category.DISABILITAS: "Disabilitas",
    Category.ODGJ: "ODGJ",
    Category.TERBARING: "Terbaring sakit",
    Category.LAINNYA: "Lainnya",
}
#: The row of the people listed, or met as walk-ins, without a category.
NO_CATEGORY_LABEL = "Tanpa kategori"
_PERMANENCE = {"permanent": "permanen", "temporary": "sementara"}


def category_label(code: str) -> str:
    if code == tally.NO_CATEGORY:
        return NO_CATEGORY_LABEL
    try:
        return CATEGORY_LABELS[Category(code)]
    except ValueError:
        return code


def categories_of(joined: str) -> tuple[str, ...]:
    return tally.categories_of(joined)


# --- what is kept per person ---------------------------------------------------------


@dataclass(frozen=True)
class ExceptionEntry:
    part: str  # "finger:8", "eye:left"
    reason: str
    permanence: str

    @property
    def document_term(self) -> str:
        """The exception as the berita acara prints it: Indonesian, as the form is by regulation."""
        kind, _, where = self.part.partition(":")
        if kind == "finger" and where.isdigit():
            # The finger by name, as the family's receipt says it ("jari manis kiri").
            part = f"{FingerPosition(int(where)).id.lower()} ({where})"
        elif kind == "finger":
            part = f"jari {where}"
        else:
            part = f"mata {'kanan' if where == 'right' else 'kiri'}"
        try:
            reason = ExceptionReason(self.reason).document_term
        except ValueError:
            reason = self.reason
        return f"{part}: {reason} ({_PERMANENCE.get(self.permanence, self.permanence)})"


@dataclass(frozen=True)
class FlagSummary:
    """The review flags of one sealed record, sorted into what the reports print."""

    exceptions: tuple[ExceptionEntry, ...]
    forced: int
    thumbprint: bool

    @classmethod
    def parse(cls, flags: tuple[str, ...]) -> FlagSummary:
        exceptions = []
        forced = 0
        for flag in flags:
            parts = flag.split(":")
            if parts[0] == "exception" and len(parts) == 5:  # noqa: PLR2004 - kind:part:n:reason:perm
                exceptions.append(ExceptionEntry(f"{parts[1]}:{parts[2]}", parts[3], parts[4]))
            elif parts[0] == "forced":
                forced += 1
        return cls(tuple(exceptions), forced, "thumbprint_for_signature" in flags)

    @property
    def text_id(self) -> str:
        lines = [e.document_term for e in self.exceptions]
        if self.forced:
            lines.append(f"{self.forced} pengambilan di bawah ambang mutu")
        if self.thumbprint:
            lines.append("cap jempol pengganti tanda tangan")
        return "; ".join(lines) or "-"


#: Who may consent for a person, as the berita acara names them.
_CONSENT_GIVERS = {"guardian": "wali", "caretaker": "pendamping"}


@dataclass(frozen=True)
class ConsentEntry:
    """Someone consented for the person (a wali or pendamping): who, and how related.

    Read from the ketua tim's review summary, which keeps the consent's details of a
    record whose consent was not the person's own (``fieldkit.review.queue``).
    """

    given_by: str  # "guardian" or "caretaker"
    name: str | None
    relation: str | None

    @classmethod
    def from_details(cls, details: str | None) -> ConsentEntry | None:
        try:
            entries = json.loads(details) if details else []
        except ValueError:
            return None
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and entry.get("kind") == "consent":
                return cls(str(entry.get("code")), entry.get("name"), entry.get("relation"))
        return None

    @property
    def giver_id(self) -> str:
        return _CONSENT_GIVERS.get(self.given_by, self.given_by)


@dataclass(frozen=True)
class PersonLine:
    number: int
    target_id: str
    name: str
    nik: str
    categories: tuple[str, ...]
    outcome: Outcome | None
    reason: str | None
    revisit_date: dt.date | None
    seconds_total: int | None
    record_id: str | None
    flags: FlagSummary
    #: The sealed record's state on this laptop (``REJECTED`` when the data center refused it).
    record_state: str | None = None
    #: The ketua tim's review of the record, when it was flagged (``ReviewState``).
    review_state: str | None = None
    #: The ketua tim's reason when the record was returned for recapture.
    review_note: str | None = None
    #: A wali or pendamping consented for the person (None: the person's own consent).
    consent: ConsentEntry | None = None

    @property
    def rejected(self) -> bool:
        """Recorded in the field, refused by the data center: it is not "terekam"."""
        return self.counted_as == REJECTED_KEY

    @property
    def returned(self) -> bool:
        """Recorded, then returned by the ketua tim for recapture: it is not "terekam"."""
        return self.counted_as == RETURNED_KEY

    @property
    def counted_as(self) -> str:
        """The key every screen and report counts this person under (``enrollment.tally``)."""
        return tally.counted_as(
            self.outcome.value if self.outcome else None, self.record_state, self.review_state
        )

    @property
    def recorded(self) -> bool:
        return self.counted_as == Outcome.RECORDED.value

    @property
    def outcome_id(self) -> str:
        if self.outcome is None:
            return NO_OUTCOME
        if self.rejected:
            return REJECTED_LABEL
        if self.returned:
            return RETURNED_LABEL + (f": {self.review_note}" if self.review_note else "")
        label = OUTCOME_LABELS[self.outcome]
        if self.outcome is Outcome.REVISIT and self.revisit_date:
            label += f" ({tanggal(self.revisit_date)})"
        elif self.revisit_date:
            label += f" (kunjungan ulang {tanggal(self.revisit_date)})"
        if self.reason:
            label += f": {self.reason}"
        return label

    @property
    def over_sop(self) -> bool:
        return (self.seconds_total or 0) > SOP_SECONDS

    def as_json(self) -> dict[str, object]:
        return {
            "number": self.number,
            "target_id": self.target_id,
            "categories": list(self.categories),
            "outcome": self.outcome.value if self.outcome else None,
            "revisit_date": self.revisit_date.isoformat() if self.revisit_date else None,
            "seconds_total": self.seconds_total,
            "over_sop": self.over_sop,
            "record_id": self.record_id,
            "record_state": self.record_state,
            "rejected_by_datacenter": self.rejected,
            "returned_by_ketua": self.returned,
            "exceptions": [e.__dict__ for e in self.flags.exceptions],
            "forced": self.flags.forced,
            "thumbprint": self.flags.thumbprint,
            "consent_by": self.consent.given_by if self.consent else None,
        }


@dataclass(frozen=True)
class TimeStats:
    """Seconds per recorded person against SOP 004's 30 minutes."""

    count: int
    mean_s: float | None
    median_s: float | None
    max_s: int | None
    over_sop: int

    @classmethod
    def of(cls, seconds: list[int]) -> TimeStats:
        if not seconds:
            return cls(0, None, None, None, 0)
        return cls(
            len(seconds),
            round(statistics.fmean(seconds), 1),
            float(statistics.median(seconds)),
            max(seconds),
            sum(1 for s in seconds if s > SOP_SECONDS),
        )

    def as_json(self) -> dict[str, object]:
        return {
            "count": self.count,
            "mean_s": self.mean_s,
            "median_s": self.median_s,
            "max_s": self.max_s,
            "over_sop": self.over_sop,
            "sop_s": SOP_SECONDS,
        }


def minutes(seconds: float | None) -> str:
    """``12,5 menit``, with the Indonesian decimal comma."""
    if seconds is None:
        return "-"
    return f"{seconds / 60:.1f}".replace(".", ",") + " menit"


@dataclass(frozen=True)
class VisitReport:
    visit: schedule.VisitInfo
    people: tuple[PersonLine, ...]

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(p.counted_as for p in self.people)
        return {o.value: counted.get(o.value, 0) for o in Outcome} | {
            "none": counted["none"],
            REJECTED_KEY: counted[REJECTED_KEY],
            RETURNED_KEY: counted[RETURNED_KEY],
        }

    @property
    def time(self) -> TimeStats:
        return TimeStats.of([p.seconds_total for p in self.people if p.seconds_total is not None])

    def as_json(self) -> dict[str, object]:
        return {
            "visit": self.visit.as_json(),
            "counts": self.counts,
            "time": self.time.as_json(),
            "people": [p.as_json() for p in self.people],
        }


def _lines(session: Session, visit_id: str) -> tuple[PersonLine, ...]:
    rows = session.execute(
        sa.select(
            Target,
            TargetOutcome,
            SealedRecordRow.state,
            RecordReview.state,
            RecordReview.note,
            RecordReview.details,
        )
        .outerjoin(TargetOutcome, TargetOutcome.target_id == Target.id)
        .outerjoin(SealedRecordRow, SealedRecordRow.record_id == TargetOutcome.record_id)
        .outerjoin(RecordReview, RecordReview.record_id == TargetOutcome.record_id)
        .where(Target.visit_id == visit_id)
        .order_by(Target.source_row, Target.created_at, Target.id)
    ).all()
    return tuple(
        PersonLine(
            number=n,
            target_id=target.id,
            name=target.name,
            nik=target.nik,
            categories=categories_of(target.categories),
            outcome=Outcome(outcome.outcome) if outcome else None,
            reason=outcome.reason if outcome else None,
            revisit_date=outcome.revisit_date if outcome else None,
            seconds_total=outcome.seconds_total if outcome else None,
            record_id=outcome.record_id if outcome else None,
            flags=FlagSummary.parse(tuple(json.loads(outcome.review_flags)) if outcome else ()),
            record_state=state,
            review_state=review,
            review_note=note if review == ReviewState.RETURNED.value else None,
            consent=ConsentEntry.from_details(details),
        )
        for n, (target, outcome, state, review, note, details) in enumerate(rows, start=1)
    )


def visit_report(ws: Workspace, visit_ref: str) -> VisitReport:
    """Everything the berita acara of one visit prints; an unknown visit is refused."""
    with ws.transaction() as session:
        visit_id = resolve_visit(session, visit_ref).id
    visit = schedule.get_visit(ws, visit_id)
    with ws.transaction() as session:
        return VisitReport(visit, _lines(session, visit.id))


# --- the daily recap -----------------------------------------------------------------


@dataclass(frozen=True)
class DailyRecap:
    date: dt.date
    visits: tuple[VisitReport, ...]
    #: Sealed records of these visits by local state, and by the data center's state.
    record_states: dict[str, int]
    server_states: dict[str, int]

    @property
    def counts(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for visit in self.visits:
            total.update(visit.counts)
        return dict(total)

    @property
    def by_category(self) -> dict[str, dict[str, int]]:
        """Per category: targets, and how many of them were recorded; "none" for no category."""
        people = [person for visit in self.visits for person in visit.people]
        return tally.by_category(people, [c.value for c in Category])

    @property
    def time(self) -> TimeStats:
        return TimeStats.of(
            [p.seconds_total for v in self.visits for p in v.people if p.seconds_total is not None]
        )

    def as_json(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "visits": [v.visit.id for v in self.visits],
            "counts": self.counts,
            "by_category": self.by_category,
            "time": self.time.as_json(),
            "record_states": self.record_states,
            "server_states": self.server_states,
        }


def daily_recap(ws: Workspace, date: dt.date) -> DailyRecap:
    """All visits on one date; a date with no visit is refused (nothing to recap)."""
    with ws.transaction() as session:
        ids = training.real_only(
            session,
            session.scalars(
                sa.select(Visit.id)
                .where(Visit.visit_date == date)
                .order_by(Visit.start_time, Visit.id)
            ).all(),
        )
        if not ids:
            raise InvalidInput(
                code="no_visit_on_date",
                params={"date": date.isoformat()},
            )
        # By the delivery state the sync screen shows (a record held for the ketua tim is
        # not "sealed, not sent yet"), from the same function (issue 47).
        local = {s.value: n for s, n in delivery.tally(session, ids).counts.items() if n}
        servers = session.scalars(
            sa.select(SealedRecordRow.server_state).where(SealedRecordRow.visit_id.in_(ids))
        ).all()
    visits = tuple(visit_report(ws, i) for i in ids)
    server = Counter(ss or "-" for ss in servers)
    return DailyRecap(date, visits, local, dict(sorted(server.items())))


# --- the PDFs ---------------------------------------------------------------------------


def _not_recorded_after_all(counts: dict[str, int]) -> list[list[str]]:
    """The rows of people recorded in the field but not recorded for the office (yet)."""
    return [
        [label, str(counts[key])]
        for key, label in ((REJECTED_KEY, REJECTED_LABEL), (RETURNED_KEY, RETURNED_LABEL))
        if counts.get(key)
    ]


def _audit(ws: Workspace, kind: str, subject: str | None) -> None:
    with ws.transaction() as session:
        audit.append(session, ws.officer.username, "report.generated", subject, {"kind": kind})


_LOCAL_STATE_LABELS = {
    "AWAITING_REVIEW": "Menunggu tinjauan ketua tim, belum dikirim",
    "RETURNED": "Dikembalikan ketua tim, tidak akan dikirim",
    "SEALED": "Tersegel, belum dikirim",
    "SENT": "Terkirim, menunggu diterima",
    "ACCEPTED": "Diterima data center",
    "REJECTED": "Ditolak data center",
    "PURGED": "Diterima, salinan laptop dihapus",
}
#: What the data center said of a record (``sync.protocol.RecordState``), as the rekap says it.
_SERVER_STATE_LABELS = {
    "RECEIVED": "Data center: diterima, menunggu diproses",
    "ACCEPTED": "Data center: diterima",
    "REJECTED": "Data center: ditolak",
    # DEDUPLICATED is the pipeline's step after ACCEPTED (penunggalan done), not a duplicate.
    "DEDUPLICATED": "Data center: lolos penunggalan",
    "PRINTED": "Data center: KTP-el sudah dicetak",
    "READY_FOR_HANDOVER": "Data center: KTP-el siap diserahkan",
    "RECAPTURE": "Data center: perlu rekam ulang",
    # Issue 48: the states after penunggalan (tests/fieldkit/records/test_server_states.py
    # fails on a state of ``sync.protocol`` missing here).
    "PRINT_READY_RECORD": "Data center: siap cetak",
    "DUPLICATE_RECORD": "Data center: data ganda, menunggu keputusan kantor",
    "ENROLL_FAILURE": "Data center: perlu rekam ulang (rekaman tidak dapat diperiksa)",
    "DUPLICATE_CLOSED": "Data center: ditutup, rekaman ganda (KTP-el dari rekaman sebelumnya)",
}


def ba_perekaman(
    ws: Workspace,
    visit_ref: str,
    out: Path,
    *,
    number: str | None = None,
    issued: dt.date | None = None,
) -> Path:
    """The berita acara of one visit, signed by the ketua tim and a village witness."""
    require_role(ws.officer, *REPORTERS)
    report = visit_report(ws, visit_ref)
    with ws.transaction() as session:
        if training.is_training_visit(session, report.visit.id) and not (
            training.is_training_store(session)
        ):
            raise training.TrainingRefused
    profile = office_profile(ws)
    visit = report.visit
    issued = issued or visit.visit_date
    doc = PdfDocument(
        profile.letterhead,
        title="Berita Acara Pelaksanaan Perekaman",
        training=is_training_document(ws, visit.id),
    )
    number = agenda.issue_number(
        ws,
        letter_numbers.LetterType.BA_PEREKAMAN,
        subject=f"Berita acara perekaman KTP-el, Desa/Kelurahan {visit.desa_name}, "
        f"{tanggal(visit.visit_date)}",
        letter_date=issued,
        ref_id=visit.id,
        given=number,
    ).number
    doc.heading("BERITA ACARA PELAKSANAAN PEREKAMAN KTP-EL", number)
    place = (
        f"Desa/Kelurahan {visit.desa_name}, Kecamatan {visit.kecamatan_name}"
        if visit.place_name is None
        else f"{visit.place_name}, Desa/Kelurahan {visit.desa_name}, "
        f"Kecamatan {visit.kecamatan_name}"
    )
    doc.paragraph(
        f"Pada hari ini {hari_tanggal(visit.visit_date)}, bertempat di {place}, telah "
        "dilaksanakan perekaman KTP-el jemput bola bagi penduduk rentan administrasi "
        "kependudukan oleh tim sebagai berikut:"
    )
    doc.subheading("A. Tim Pelaksana")
    doc.table(
        ["No", "Nama", "Jabatan dalam Tim"],
        [
            [
                str(n),
                m.full_name,
                "Ketua Tim" if m.team_role is kinds.TeamRole.KETUA_TIM else "Petugas Perekaman",
            ]
            for n, m in enumerate(visit.team, start=1)
        ]
        or [["-", "Belum ada tim yang ditugaskan", "-"]],
        widths_mm=[12, 95, 63],
    )
    total = len(report.people)
    doc.subheading(f"B. Sasaran dan Hasil Perekaman ({total} ({terbilang(total)}) orang)")
    doc.table(
        ["No", "Nama", "NIK", "Kategori", "Hasil", "Waktu"],
        [
            [
                str(p.number),
                p.name,
                p.nik,
                ", ".join(category_label(c) for c in p.categories) or "-",
                p.outcome_id,
                (minutes(p.seconds_total) + (" (melebihi 30 menit)" if p.over_sop else ""))
                if p.seconds_total is not None
                else "-",
            ]
            for p in report.people
        ]
        or [["-", "Tidak ada sasaran", "-", "-", "-", "-"]],
        widths_mm=[10, 38, 41, 24, 33, 24],
        nowrap=(2,),
    )
    doc.subheading("C. Rekapitulasi Hasil")
    counts = report.counts
    rows = [[OUTCOME_LABELS[o], str(counts[o.value])] for o in Outcome]
    rows += _not_recorded_after_all(counts)
    if counts["none"]:
        rows.append([NO_OUTCOME, str(counts["none"])])
    rows.append(["Jumlah sasaran", str(total)])
    doc.table(["Hasil", "Jumlah"], rows, widths_mm=[120, 50])
    doc.subheading("D. Pengecualian Biometrik")
    excepted = [p for p in report.people if p.flags.text_id != "-"]
    doc.table(
        ["No", "Nama", "Jumlah", "Jenis pengecualian"],
        [[str(p.number), p.name, str(len(p.flags.exceptions)), p.flags.text_id] for p in excepted]
        or [["-", "Tidak ada pengecualian", "0", "-"]],
        widths_mm=[10, 55, 20, 85],
    )
    _consent_section(doc, report)
    time = report.time
    doc.subheading("F. Waktu Perekaman (standar SOP: 30 menit per orang)")
    doc.fields(
        [
            ("Perekaman diukur", str(time.count)),
            ("Rata-rata", minutes(time.mean_s)),
            ("Median", minutes(time.median_s)),
            ("Terlama", minutes(time.max_s)),
            ("Melebihi 30 menit", f"{time.over_sop} orang"),
        ]
    )
    ketua = visit.ketua
    doc.signatures(
        f"{profile.city}, {tanggal(issued)}",
        [
            (
                "Ketua Tim Perekaman,",
                officer_signatory(ws, ketua.username if ketua else None, "Disdukcapil"),
            ),
            (
                "Saksi,",
                Signatory(f"Aparat Desa/Kelurahan {visit.desa_name}", None),
            ),
        ],
        closing="Foto bukti pengecualian tersimpan terenkripsi dalam rekaman yang dikirim ke "
        "data center dan tidak dilampirkan pada berita acara ini. Demikian berita acara ini "
        "dibuat dengan sebenarnya untuk dapat dipergunakan sebagaimana mestinya.",
    )
    path = doc.save(out)
    _audit(ws, "ba_perekaman", visit.id)
    return path


def _consent_section(doc: PdfDocument, report: VisitReport) -> None:
    """Who consented to each recording: the person, or a wali/pendamping and their relation."""
    doc.subheading("E. Persetujuan Perekaman")
    recorded = [p for p in report.people if p.record_id is not None]
    for_them = [p for p in recorded if p.consent is not None]
    own = len(recorded) - len(for_them)
    doc.paragraph(
        f"{own} ({terbilang(own)}) orang yang direkam memberikan persetujuan sendiri; "
        f"{len(for_them)} ({terbilang(len(for_them))}) orang diwakili sebagai berikut:"
    )
    doc.table(
        ["No", "Nama", "Persetujuan oleh", "Hubungan", "Nama pemberi persetujuan"],
        [
            [
                str(p.number),
                p.name,
                p.consent.giver_id,
                p.consent.relation or "-",
                p.consent.name or "-",
            ]
            for p in for_them
            if p.consent is not None
        ]
        or [["-", "Tidak ada persetujuan yang diwakilkan", "-", "-", "-"]],
        widths_mm=[10, 45, 30, 35, 50],
    )


def rekap_harian(ws: Workspace, date: dt.date, out: Path) -> Path:
    """The recap of one day: outcomes, categories, times, and how far the records got."""
    require_role(ws.officer, *REPORTERS)
    recap = daily_recap(ws, date)
    profile = office_profile(ws)
    doc = PdfDocument(
        profile.letterhead,
        title="Rekapitulasi Harian Perekaman",
        training=is_training_document(ws),
    )
    doc.heading("REKAPITULASI HARIAN PEREKAMAN KTP-EL JEMPUT BOLA")
    doc.paragraph(f"Hari, tanggal: {hari_tanggal(date)}", style="center")
    doc.subheading(f"A. Kunjungan ({len(recap.visits)})")
    doc.table(
        ["No", "Lokasi", "Tim", "Sasaran", "Terekam", "Belum terekam"],
        [
            [
                str(n),
                f"{v.visit.desa_name}, {v.visit.kecamatan_name}",
                ", ".join(m.full_name for m in v.visit.team) or "-",
                str(len(v.people)),
                str(v.counts[Outcome.RECORDED.value]),
                str(len(v.people) - v.counts[Outcome.RECORDED.value]),
            ]
            for n, v in enumerate(recap.visits, start=1)
        ],
        widths_mm=[10, 50, 50, 20, 20, 20],
    )
    counts = recap.counts
    doc.subheading("B. Hasil per Jenis")
    rows = [[OUTCOME_LABELS[o], str(counts.get(o.value, 0))] for o in Outcome]
    rows += _not_recorded_after_all(counts)
    if counts.get("none"):
        rows.append([NO_OUTCOME, str(counts["none"])])
    rows.append(["Jumlah sasaran", str(sum(len(v.people) for v in recap.visits))])
    doc.table(["Hasil", "Jumlah"], rows, widths_mm=[120, 50])
    doc.subheading("C. Per Kategori Penduduk Rentan")
    doc.table(
        ["Kategori", "Sasaran", "Terekam"],
        [
            [category_label(code), str(row["targets"]), str(row["recorded"])]
            for code, row in recap.by_category.items()
        ],
        widths_mm=[90, 40, 40],
    )
    time = recap.time
    doc.subheading("D. Waktu Perekaman (standar SOP: 30 menit per orang)")
    doc.fields(
        [
            ("Perekaman diukur", str(time.count)),
            ("Rata-rata", minutes(time.mean_s)),
            ("Median", minutes(time.median_s)),
            ("Terlama", minutes(time.max_s)),
            ("Melebihi 30 menit", f"{time.over_sop} orang"),
        ]
    )
    doc.subheading("E. Rekaman Tersegel dan Status Sinkronisasi")
    sealed = sum(recap.record_states.values())
    rows = [
        [_LOCAL_STATE_LABELS.get(state, state), str(n)] for state, n in recap.record_states.items()
    ]
    rows += [
        [_SERVER_STATE_LABELS.get(state, f"Status data center: {state}"), str(n)]
        for state, n in recap.server_states.items()
        if state != "-"
    ]
    rows.append(["Jumlah rekaman tersegel", str(sealed)])
    doc.table(["Status", "Jumlah"], rows, widths_mm=[120, 50])
    path = doc.save(out)
    _audit(ws, "rekap_harian", None)
    return path
