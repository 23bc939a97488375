"""What the bukti perekaman says, made from the draft at the moment it is sealed.

Aadhaar gives every enrollee a receipt; a family visited at home by a
jemput bola team has even more need of one: it names the office and the
officer, says what was recorded and what could not be (in words, with the
reason), and when the card is due: the SOP's 14 working days, or the number the office
set, with weekends, national holidays and cuti bersama skipped (:mod:`fieldkit.promise`:
the office's days off from its package, else the list FieldKit ships), so the family's
date is the one the office's console shows.  Its QR code
holds only the record id and the office code, so the office can find the
record without the paper carrying the NIK.

The content is kept in the encrypted store (never in a file) until the record
is purged; the PDF is written only where the officer chooses to save it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit import nik, promise, regions, training
from fieldkit.enrollment import drafts
from fieldkit.enrollment.exceptions import ExceptionReason
from fieldkit.enrollment.machine import SignatureMode, SlotState, Step
from fieldkit.enrollment.models import BiometricException, Enrollment
from fieldkit.errors import KnownError
from fieldkit.formats.positions import FingerPosition
from fieldkit.planning.kinds import PlaceType
from fieldkit.planning.models import Visit
from fieldkit.receipts.models import RecordReceipt
from fieldkit.reports import OFFICE_NAME
from fieldkit.reports.letters import office_profile_in
from fieldkit.reports.pdf import tanggal, terbilang
from fieldkit.store.models import Officer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

#: SOP 004: the card is issued within 14 working days of a complete recording.
WORKING_DAYS = promise.DEFAULT_PROMISE_DAYS
QR_PREFIX = "FKBP1"
#: A record is named by its id or the 8-character prefix the screens show.
_MIN_REF = 8
_PERMANENCE = {"permanent": "permanen", "temporary": "sementara"}
_EYES = {"right": "mata kanan", "left": "mata kiri"}


class ReceiptGone(KnownError):
    """The record was purged (or never sealed here): its receipt went with it."""

    code = "receipt_gone"


def qr_payload(office_code: str, record_id: str) -> str:
    """``FKBP1|3315|<record id>``: the office and the record, nothing personal."""
    return f"{QR_PREFIX}|{office_code}|{record_id}"


@dataclass(frozen=True)
class ReceiptContent:
    record_id: str
    office_code: str
    government: str
    office: str  # the letterhead's line: DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL
    office_name: str  # in a sentence: Dinas ... Sipil Kabupaten Grobogan
    address: str | None
    contact: str | None
    city: str
    recorded_on: dt.date
    place: str
    person_name: str
    nik_masked: str
    officer_name: str
    officer_nip: str | None
    captured: tuple[str, ...]
    excepted: tuple[str, ...]
    due_by: dt.date
    training: bool = False
    #: The working days ``due_by`` counts (a receipt kept before the office could set them: 14).
    promise_days: int = WORKING_DAYS

    @property
    def qr(self) -> str:
        return qr_payload(self.office_code, self.record_id)

    @property
    def next_steps(self) -> str:
        return (
            "Data perekaman dikirim ke data center Dukcapil untuk diproses. KTP-el diterbitkan "
            f"paling lambat {self.promise_days} ({terbilang(self.promise_days)}) hari kerja "
            "sejak perekaman lengkap, "
            f"yaitu {tanggal(self.due_by)}, dan diantar atau diberitahukan melalui "
            "pemerintah desa/kelurahan. Simpan bukti ini dan tunjukkan saat menanyakan "
            "atau menerima KTP-el."
        )

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["recorded_on"] = self.recorded_on.isoformat()
        data["due_by"] = self.due_by.isoformat()
        data["captured"] = list(self.captured)
        data["excepted"] = list(self.excepted)
        data["qr"] = self.qr
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> ReceiptContent:
        fields = dict(data)
        fields.pop("qr", None)
        fields["recorded_on"] = dt.date.fromisoformat(str(data["recorded_on"]))
        fields["due_by"] = dt.date.fromisoformat(str(data["due_by"]))
        fields["captured"] = tuple(str(x) for x in data["captured"])  # type: ignore[attr-defined]
        fields["excepted"] = tuple(str(x) for x in data["excepted"])  # type: ignore[attr-defined]
        return cls(**fields)  # type: ignore[arg-type]


def _place(visit: Visit) -> str:
    district = regions.district(visit.kecamatan_code)
    kecamatan = district.display_name if district else visit.kecamatan_code
    where = f"Desa/Kelurahan {visit.desa_name}, Kecamatan {kecamatan}"
    place = PlaceType(visit.place_type)
    if place is PlaceType.RUMAH:
        return f"Rumah, {where}"
    if place is PlaceType.KANTOR_DESA:
        return f"Kantor Desa/Kelurahan {visit.desa_name}, Kecamatan {kecamatan}"
    return f"{visit.place_name or place.document_term}, {where}"


def _part_words(part: str) -> str:
    kind, _, where = part.partition(":")
    if kind == "finger":
        try:
            return FingerPosition(int(where)).id.lower()
        except ValueError:
            return f"jari {where}"
    return _EYES.get(where, f"mata {where}")


def _part_order(entry: BiometricException) -> tuple[str, int]:
    """Fingers 1-10 in their order (not "10" before "9"), then the eyes."""
    kind, _, where = entry.part.partition(":")
    return kind, int(where) if where.isdigit() else 0


def _what(session: Session, row: Enrollment) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What was captured and what was excepted, in words a family reads."""
    progress = drafts.progress_of(session, row)
    excepted_rows = sorted(
        session.scalars(
            sa.select(BiometricException).where(BiometricException.enrollment_id == row.id)
        ),
        key=_part_order,
    )
    excepted = {e.part for e in excepted_rows}
    fingers = [p for s in progress.slots if s.slot.step is Step.FINGERS for p in s.slot.parts]
    eyes = [e for e in ("right", "left") if f"eye:{e}" not in excepted]
    captured = []
    face = next((s for s in progress.slots if s.slot.step is Step.FACE), None)
    if face is not None and face.state in {SlotState.OK, SlotState.FORCED}:
        captured.append("foto wajah")
    taken = [f for f in fingers if f"finger:{f}" not in excepted]
    if taken:
        captured.append(f"sidik jari ({len(taken)} dari {len(fingers)} jari)")
    if eyes:
        captured.append("iris " + " dan ".join(_EYES[e] for e in eyes))
    if SignatureMode(row.signature_mode) is SignatureMode.SIGNATURE:
        captured.append("tanda tangan")
    else:
        captured.append("cap ibu jari kanan sebagai pengganti tanda tangan")
    words = []
    for entry in excepted_rows:
        try:
            reason = ExceptionReason(entry.reason).document_term.lower()
        except ValueError:
            reason = entry.reason
        permanence = _PERMANENCE.get(entry.permanence, entry.permanence)
        words.append(f"{_part_words(entry.part)}: {reason} ({permanence})")
    # A capture kept below the quality threshold was still captured: that is the ketua
    # tim's to review, not the family's to worry about, so the receipt leaves it out.
    return tuple(captured), tuple(words)


def build(
    session: Session, row: Enrollment, record_id: str, finished_by: str, finished_at: dt.datetime
) -> ReceiptContent:
    """The receipt of a draft about to be sealed (its plaintext is still readable).

    It names the officer who finished the record and hands the receipt over, not the one
    who opened the draft: after "Ganti pengguna" the ketua tim may finish a petugas' draft.
    """
    profile = office_profile_in(session)
    visit = session.get(Visit, row.visit_id)
    officer = session.execute(
        sa.select(Officer).where(Officer.username == finished_by)
    ).scalar_one_or_none()
    # The family's date: the visit's own local day (a late evening in WIT is still that day).
    recorded_on = visit.visit_date if visit is not None else finished_at.date()
    captured, excepted = _what(session, row)
    days, calendar = promise.office_promise_in(session)
    return ReceiptContent(
        record_id=record_id,
        office_code=profile.office_code,
        government=profile.government,
        office=OFFICE_NAME.upper(),
        office_name=f"{OFFICE_NAME} {profile.regency.name}",
        address=profile.address,
        contact=profile.contact,
        city=profile.city,
        recorded_on=recorded_on,
        place=_place(visit) if visit is not None else "-",
        person_name=row.name,
        nik_masked=nik.mask(row.nik),
        officer_name=officer.full_name if officer is not None else finished_by,
        officer_nip=officer.nip if officer is not None else None,
        captured=captured,
        excepted=excepted,
        due_by=promise.add_working_days(recorded_on, days, calendar),
        training=training.is_training_store(session)
        or training.is_training_visit(session, row.visit_id),
        promise_days=days,
    )


def keep(
    session: Session, row: Enrollment, record_id: str, officer: str, finished_at: dt.datetime
) -> None:
    """Store the receipt in the sealing transaction, before the draft's plaintext is erased."""
    content = build(session, row, record_id, officer, finished_at)
    session.merge(
        RecordReceipt(
            record_id=record_id,
            content=json.dumps(content.as_json(), ensure_ascii=False),
            made_by=officer,
            made_at=finished_at,
        )
    )


def forget(session: Session, record_id: str) -> None:
    """The record is purged: its receipt goes with it (secure_delete zeroes the pages)."""
    session.execute(sa.delete(RecordReceipt).where(RecordReceipt.record_id == record_id))


def receipt(ws: Workspace, record_ref: str) -> ReceiptContent:
    """The receipt of a sealed record, until it is purged."""
    record_ref = record_ref.strip()
    with ws.transaction() as session:
        matching = RecordReceipt.record_id.startswith(record_ref, autoescape=True)
        rows = session.scalars(sa.select(RecordReceipt).where(matching)).all()
    if len(rows) != 1 or len(record_ref) < _MIN_REF:
        raise ReceiptGone(
            params={"record": record_ref[:8]},
        )
    return ReceiptContent.from_json(json.loads(rows[0].content))
