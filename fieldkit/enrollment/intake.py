"""Person intake: who is being recorded, in which condition, and who consented.

A person comes from the visit's list (a planning ``Target``) or is added on
the spot, in which case a target is made for them so every person on a visit
ends with an outcome.  NIK and KK are checked (``fieldkit.nik``): a malformed
number is refused, while a disagreement with the form's birth date or sex is
only a warning that travels with the record (DESIGN §3: a NIK is never
reissued when a birth date is corrected).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from fieldkit import audit, nik, office_sent, training
from fieldkit.enrollment import consent_words, drafts, recorded_again, timing
from fieldkit.enrollment.errors import (
    InvalidKk,
    InvalidNik,
    StepNotAllowed,
)
from fieldkit.enrollment.freeze import check_not_frozen
from fieldkit.enrollment.machine import FingerMode, SignatureMode, Step
from fieldkit.enrollment.models import Enrollment, EnrollmentDocument, TargetOutcome
from fieldkit.enrollment.visits import require_open, resolve_target, resolve_visit
from fieldkit.errors import InvalidInput, KnownError
from fieldkit.events import DraftsChanged, TargetsChanged
from fieldkit.officers import require_role
from fieldkit.permissions import RECORDERS
from fieldkit.planning.models import Target
from fieldkit.planning.targets_import import Category
from fieldkit.quality.imageio import ImageUnreadable, decode_image
from fieldkit.records import outbox

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace

_RT_RW_DIGITS = 3
#: The shortest reason to record again a person the office's list says is recorded.
MIN_RECAPTURE_REASON = 5
#: The NIK's findings that speak of the person, not of the number: its birth date or sex
#: disagrees with the form.  Either may be kept (a NIK is never reissued when a birth date
#: is corrected, DESIGN §3), but only on purpose, with a reason the ketua tim reads.
FORM_DISAGREEMENTS = frozenset({"nik.birth_date_mismatch", "nik.sex_mismatch"})
#: The shortest reason to keep a form that disagrees with its NIK.
MIN_DISAGREEMENT_REASON = 5
_NAME_MAX = 160


class AlreadyOnTheList(InvalidInput):
    """The NIK of someone met on the spot is already on the visit's list: refused, by name.

    Added again, the person had two rows: Beranda counted five people for four and the BA
    said the same person was both "Belum ada hasil" and "Terekam" (issue 56.5).  The
    petugas picks the listed person instead; ``params["name"]`` says who that is.
    """

    code = "nik_already_on_visit_list"


class NikDisagreesWithForm(InvalidInput):
    """The NIK says another birth date or sex than the form: stop, say so, ask why.

    A warning written on a page that is then left goes unseen (issue 47): a walk-in with
    a woman's NIK born 1995 was recorded as a man born 1950.  ``params["findings"]`` holds
    the findings (their codes and values) for the screen to word.
    """

    code = "nik_disagrees_with_form"


def disagreements(checked: CheckedPerson) -> tuple[nik.Finding, ...]:
    """The findings where the NIK and the form disagree about the person."""
    return tuple(w for w in checked.warnings if w.code in FORM_DISAGREEMENTS)


def _kept_disagreements(checked: CheckedPerson, reason: str | None) -> str | None:
    """The reason to keep the form's disagreement with its NIK; refused without one.

    Returns the normalised reason (None when nothing disagrees), which is stored with
    each disagreeing finding so the ketua tim reads it beside the warning.
    """
    found = disagreements(checked)
    if not found:
        return None
    words = " ".join((reason or "").split())
    if len(words) < MIN_DISAGREEMENT_REASON:
        raise NikDisagreesWithForm(
            params={
                "min": MIN_DISAGREEMENT_REASON,
                "findings": json.dumps([f.as_json() for f in found], ensure_ascii=False),
            }
        )
    return words


class NotEnrolledForRecording(KnownError):
    """A real store records only once its laptop is enrolled with a data center."""

    code = "recording_needs_datacenter"


def require_deliverable(session: Session, visit_id: str) -> None:
    """Refuse to start recording what could never reach the data center.

    On a real store that is not enrolled, every record would be sealed to the
    demo key and refused by the data center, while the reports counted it as
    recorded: the day's work would be lost.
    """
    if training.is_training_store(session) or outbox.datacenter_enrolled(session):
        return
    del visit_id  # the rule is the same for every visit of a real store
    raise NotEnrolledForRecording


class ConsentGiver(enum.StrEnum):
    PERSON = "person"  # the person themself
    GUARDIAN = "guardian"  # wali: a relative or legal guardian
    CARETAKER = "caretaker"  # pendamping/pengasuh: a carer, a panti's staff


@dataclass(frozen=True)
class PersonInput:
    """Who is being recorded: the one list of a person's fields.

    The draft (``Enrollment``) keeps each under the same name; a planning
    ``Target`` keeps them as :data:`_TARGET_COLUMN` says.  Both are written and
    read from these fields, never field by field.
    """

    nik: str
    name: str
    kk: str | None = None
    birth_place: str | None = None
    birth_date: dt.date | None = None
    sex: str | None = None  # "L" or "P"
    address: str | None = None
    rt: str | None = None
    rw: str | None = None
    desa: str | None = None
    desa_code: str | None = None
    categories: tuple[Category, ...] = ()
    disability_kind: str | None = None
    category_note: str | None = None


#: Where a planning ``Target`` keeps a person's field under another name, or not at all
#: (a list names its desa in words, without the code).
_TARGET_COLUMN: dict[str, str | None] = {"category_note": "note", "desa_code": None}


def _stored(person: PersonInput) -> Iterator[tuple[str, Any]]:
    """Each field and its stored value (the categories comma-separated)."""
    for item in dataclasses.fields(person):
        value = getattr(person, item.name)
        if item.name == "categories":
            value = ",".join(c.value for c in person.categories)
        yield item.name, value


def _target_pairs() -> Iterator[tuple[str, str]]:
    """(field, the Target column that keeps it) for every field a Target keeps."""
    for item in dataclasses.fields(PersonInput):
        column = _TARGET_COLUMN.get(item.name, item.name)
        if column is not None:
            yield item.name, column


def target_columns(person: PersonInput) -> dict[str, Any]:
    """The person as a Target's columns (to list them on a visit)."""
    columns = dict(_target_pairs())
    return {columns[name]: value for name, value in _stored(person) if name in columns}


def person_columns(target: Target) -> dict[str, Any]:
    """A target's person columns as they are, to list the same person on another visit."""
    return {column: getattr(target, column) for _name, column in _target_pairs()}


@dataclass(frozen=True)
class ConsentInput:
    given_by: ConsentGiver
    name: str | None = None  # of the guardian or caretaker
    relation: str | None = None
    nik: str | None = None  # the guardian's, optional
    photo: bytes | None = None  # of the consent document, optional


@dataclass(frozen=True)
class CheckedPerson:
    person: PersonInput
    warnings: tuple[nik.Finding, ...]


def _digits_or_none(value: str | None, what: str) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > _RT_RW_DIGITS:
        raise InvalidInput(
            code="rt_rw_invalid",
            params={"field": what, "value": text},
        )
    return text.zfill(3)


def check_person(person: PersonInput) -> CheckedPerson:
    """Normalise and validate; errors raise, warnings are returned to keep with the record."""
    sex = (person.sex or "").strip().upper() or None
    if sex is not None and sex not in {"L", "P"}:
        raise InvalidInput(
            code="sex_invalid",
            params={"value": person.sex},
        )
    result = nik.check_nik(
        person.nik, birth_date=person.birth_date, sex=nik.Sex(sex) if sex else None
    )
    if not result.valid:
        raise InvalidNik(result.errors)
    warnings = list(result.warnings)
    kk = (person.kk or "").strip() or None
    if kk is not None:
        kk_result = nik.check_kk(kk)
        if not kk_result.valid:
            raise InvalidKk(kk_result.errors)
        warnings += kk_result.warnings
    name = " ".join(person.name.split())
    if not name:
        raise InvalidInput(code="name_required")
    if len(name) > _NAME_MAX:
        raise InvalidInput(
            code="name_too_long",
            params={"max": _NAME_MAX},
        )
    categories = tuple(dict.fromkeys(person.categories))
    kind = (person.disability_kind or "").strip() or None
    if Category.DISABILITAS in categories and kind is None:
        raise InvalidInput(
            code="disability_kind_required",
        )
    note = (person.category_note or "").strip() or None
    if Category.LAINNYA in categories and note is None:
        raise InvalidInput(code="other_category_needs_description")
    if person.birth_date is not None and person.birth_date > dt.datetime.now(dt.UTC).date():
        raise InvalidInput(code="birth_date_in_future")
    checked = PersonInput(
        nik=person.nik.strip(),
        name=name,
        kk=kk,
        birth_place=(person.birth_place or "").strip() or None,
        birth_date=person.birth_date,
        sex=sex,
        address=(person.address or "").strip() or None,
        rt=_digits_or_none(person.rt, "RT"),
        rw=_digits_or_none(person.rw, "RW"),
        desa=(person.desa or "").strip() or None,
        desa_code=(person.desa_code or "").strip() or None,
        categories=categories,
        disability_kind=kind,
        category_note=note,
    )
    return CheckedPerson(checked, tuple(warnings))


def person_from_target(target: Target) -> PersonInput:
    """The person a visit's list names, as the officer starts recording them."""
    fields = {name: getattr(target, column) for name, column in _target_pairs()}
    fields["categories"] = tuple(Category(c) for c in target.categories.split(",") if c)
    return PersonInput(**fields)


def _warnings_json(findings: tuple[nik.Finding, ...], kept_because: str | None = None) -> str:
    """The findings as stored with the draft; a kept disagreement carries its reason."""
    stored = []
    for finding in findings:
        item = finding.as_json()
        if kept_because is not None and finding.code in FORM_DISAGREEMENTS:
            item["reason"] = kept_because
        stored.append(item)
    return json.dumps(stored, ensure_ascii=False)


def _apply_person(row: Enrollment, checked: CheckedPerson, kept_because: str | None) -> None:
    for name, value in _stored(checked.person):
        setattr(row, name, value)
    row.warnings = _warnings_json(checked.warnings, kept_because)


def _refuse_listed(session: Session, visit_id: str, person: PersonInput) -> None:
    listed = session.scalars(
        sa.select(Target).where(Target.visit_id == visit_id, Target.nik == person.nik)
    ).first()
    if listed is not None:
        raise AlreadyOnTheList(params={"name": listed.name})


def refuse_listed(ws: Workspace, visit_ref: str | None, person: PersonInput) -> None:
    """Refuse, before anything is added, a person met on the spot whom the visit lists.

    The walk-in form's check says it under the NIK field; adding the person refuses it
    again (:func:`add_person`, :func:`start_enrollment`), for the command line and for a
    list that changed in between.  No visit chosen yet: nothing to compare with.
    """
    if visit_ref is None:
        return
    with ws.transaction() as session:
        _refuse_listed(session, resolve_visit(session, visit_ref).id, person)


def _walk_in_target(
    session: Session, visit_id: str, checked: CheckedPerson, now: dt.datetime
) -> Target:
    _refuse_listed(session, visit_id, checked.person)
    target = Target(
        id=str(uuid.uuid4()),
        visit_id=visit_id,
        import_id=None,
        source_row=None,
        kecamatan=None,
        **target_columns(checked.person),
        warnings=",".join(f.code for f in checked.warnings) or None,
        created_at=now,
    )
    session.add(target)
    session.flush()
    return target


def add_person(ws: Workspace, visit_ref: str, person: PersonInput) -> str:
    """Add someone met on the spot to a visit's list; returns the new target's id."""
    require_role(ws.officer, *RECORDERS)
    checked = check_person(person)
    with ws.transaction() as session:
        visit = resolve_visit(session, visit_ref)
        require_open(session, visit)
        target = _walk_in_target(session, visit.id, checked, timing.now())
        audit.append(session, ws.officer.username, "target.added_on_site", target.id)
        target_id = target.id
    ws.events.emit(TargetsChanged(visit_id=visit.id))
    return target_id


def start_enrollment(
    ws: Workspace,
    visit_ref: str,
    *,
    target_ref: str | None = None,
    person: PersonInput | None = None,
    finger_mode: FingerMode = FingerMode.SLAPS,
    signature_mode: SignatureMode = SignatureMode.SIGNATURE,
    recapture_reason: str | None = None,
    disagreement_reason: str | None = None,
) -> drafts.EnrollmentView:
    """Begin recording a person from the visit's list (``target_ref``) or met on the spot.

    ``person`` given with a target corrects the list's data (the KK in the
    house is the better source).  Refused while the laptop is frozen, and for a
    person the office's list says the data center has already recorded, or whose record
    waits for the office's decision on a possible duplicate, unless ``recapture_reason``
    says why (at least 5 characters; audited; :mod:`~fieldkit.enrollment.recorded_again`).
    A NIK whose birth date or sex disagrees with the person's data is refused
    (:class:`NikDisagreesWithForm`) unless ``disagreement_reason`` says why it is kept;
    the reason goes with the warning to the ketua tim's review.
    """
    reason = " ".join((recapture_reason or "").split()) or None
    if reason is not None and len(reason) < MIN_RECAPTURE_REASON:
        raise InvalidInput(code="recapture_reason_short", params={"min": MIN_RECAPTURE_REASON})
    require_role(ws.officer, *RECORDERS)
    if target_ref is None and person is None:
        raise InvalidInput(
            code="person_required",
        )
    now = timing.now()
    with ws.transaction() as session:
        check_not_frozen(session)
        visit = resolve_visit(session, visit_ref)
        require_open(session, visit)
        require_deliverable(session, visit.id)
        training.require_mode_matches(session, visit.id)
        if target_ref is not None:
            target = resolve_target(session, visit.id, target_ref)
            checked = check_person(person or person_from_target(target))
            _refuse_duplicate(session, target)
        else:
            assert person is not None  # noqa: S101 - checked above; narrows the type
            checked = check_person(person)
        kept_because = _kept_disagreements(checked, disagreement_reason)
        if target_ref is None:
            target = _walk_in_target(session, visit.id, checked, now)
        again = recorded_again.check(session, checked.person.nik, reason)
        row = Enrollment(
            id=str(uuid.uuid4()),
            visit_id=visit.id,
            target_id=target.id,
            officer=ws.officer.username,
            status=drafts.OPEN,
            current_step=Step.CONSENT.value,
            step_status="{}",
            finger_mode=finger_mode.value,
            signature_mode=signature_mode.value,
            chain_head="00" * 32,
            chain_length=0,
            timing="{}",
            active_step=Step.CONSENT.value,
            active_since=now,
            started_at=now,
            updated_at=now,
            categories="",
            warnings="[]",
            nik="",
            name="",
        )
        _apply_person(row, checked, kept_because)
        session.add(row)
        session.flush()
        audit.append(
            session,
            ws.officer.username,
            "enrollment.started",
            row.id,
            {
                "visit_id": visit.id,
                "walk_in": target_ref is None,
                "warnings": len(checked.warnings),
                # Recorded on another day than the visit's plan: the screen warned, and
                # the ketua tim can find such starts in the audit (the record keeps
                # ``started_at``, the real moment).
                "visit_date": visit.visit_date.isoformat(),
                "off_day": visit.visit_date != now.astimezone().date(),
            },
        )
        _audit_kept(session, ws, row.id, checked, kept_because)
        if again is not None:
            audit.append(
                session, ws.officer.username, "enrollment.recorded_again", row.id, again.details()
            )
        view = drafts.view_of(session, row)
    ws.events.emit(DraftsChanged())
    return view


def _refuse_duplicate(session: Session, target: Target) -> None:
    outcome = session.get(TargetOutcome, target.id)
    if outcome is not None and outcome.outcome == "recorded":
        raise StepNotAllowed(code="already_recorded")
    draft = session.scalars(
        sa.select(Enrollment.id).where(Enrollment.target_id == target.id)
    ).first()
    if draft is not None:
        raise StepNotAllowed(
            code="draft_exists",
            params={"id": draft[:8]},
        )


def _audit_kept(
    session: Session,
    ws: Workspace,
    enrollment_id: str,
    checked: CheckedPerson,
    kept_because: str | None,
) -> None:
    """Who kept a form that disagrees with its NIK, which findings, and why."""
    if kept_because is None:
        return
    audit.append(
        session,
        ws.officer.username,
        "enrollment.nik_disagreement_kept",
        enrollment_id,
        {"findings": ",".join(f.code for f in disagreements(checked)), "reason": kept_because},
    )


def update_person(
    ws: Workspace,
    enrollment_ref: str,
    person: PersonInput,
    *,
    disagreement_reason: str | None = None,
) -> drafts.EnrollmentView:
    """Correct the demographics during the recording (the KK on the table says otherwise).

    The same rule as at the start: a disagreement with the NIK is kept only with a reason.
    """
    checked = check_person(person)
    kept_because = _kept_disagreements(checked, disagreement_reason)
    with ws.transaction() as session:
        row = drafts.load_for_change(ws, session, enrollment_ref)
        _apply_person(row, checked, kept_because)
        _audit_kept(session, ws, row.id, checked, kept_because)
        row.updated_at = timing.now()
        audit.append(
            session,
            ws.officer.username,
            "enrollment.person_updated",
            row.id,
            {"warnings": len(checked.warnings)},
        )
        return drafts.view_of(session, row)


def sniff_image(data: bytes, what: str) -> str:
    """The media type of a photo, after checking it really is one (not a stray file)."""
    try:
        decode_image(data, mode="keep", name=what)
    except ImageUnreadable as exc:
        raise InvalidInput(
            code="image_not_readable",
            params={"what": what},
        ) from exc
    for magic, media in (
        (b"\xff\xd8", "image/jpeg"),
        (b"\x89PNG", "image/png"),
        (b"\x00\x00\x00\x0cjP", "image/jp2"),
    ):
        if data.startswith(magic):
            return media
    return "application/octet-stream"


def add_document(session: Session, enrollment_id: str, kind: str, data: bytes, what: str) -> str:
    doc = EnrollmentDocument(
        id=str(uuid.uuid4()),
        enrollment_id=enrollment_id,
        kind=kind,
        media_type=sniff_image(data, what),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        added_at=timing.now(),
    )
    session.add(doc)
    session.flush()
    return doc.id


def record_consent(
    ws: Workspace, enrollment_ref: str, consent: ConsentInput
) -> drafts.EnrollmentView:
    """Who agreed: the person, or a guardian or caretaker speaking for them."""
    name = (consent.name or "").strip() or None
    relation = (consent.relation or "").strip() or None
    guardian_nik = (consent.nik or "").strip() or None
    if consent.given_by is ConsentGiver.PERSON:
        # Their own consent names no one else: words left in the wali's fields are not kept.
        name = relation = guardian_nik = None
    if consent.given_by is not ConsentGiver.PERSON and (name is None or relation is None):
        raise InvalidInput(
            code="consent_giver_details_required",
            params={"giver": consent.given_by.value},
        )
    if guardian_nik is not None and not nik.check_nik(guardian_nik).valid:
        raise InvalidNik(
            code="guardian_nik_invalid",
        )
    now = timing.now()
    with ws.transaction() as session:
        row = drafts.load_for_change(ws, session, enrollment_ref)
        drafts.move_to(row, Step.CONSENT, now)
        if consent.photo is not None:
            add_document(session, row.id, "consent", consent.photo, "consent photo")
        row.consent_by = consent.given_by.value
        row.consenter_name, row.consenter_relation = name, relation
        row.consenter_nik = guardian_nik
        row.consent_at = now
        progress = drafts.progress_of(session, row)
        drafts.move_to(row, progress.next_step(Step.CONSENT), now)
        audit.append(
            session,
            ws.officer.username,
            "enrollment.consent",
            row.id,
            {"given_by": consent.given_by.value, "document": consent.photo is not None},
        )
        return drafts.view_of(session, row)


#: The office's own words read before consent (an office rule; the catalogue has a default,
#: ``consent.default_text``); the data center and the package check them (consent_words).
CONSENT_TEXT_RULE = consent_words.RULE_KEY


def consent_text(ws: Workspace) -> str | None:
    """The consent words the office set for its laptops, or None for the catalogue's."""
    with ws.transaction() as session:
        value = office_sent.office_rule(session, CONSENT_TEXT_RULE)
    if not isinstance(value, str):
        return None
    return value.strip() or None
