"""Simulated enrollments through the real driver transports (training, tests, benchmarks).

:class:`SimKit` starts every simulator once and keeps the devices open for
all the records of a run: the face camera plays its clip through OpenCV, the
ZFM fingerprint emulator answers on a pty, the SBI service (slaps and iris)
on loopback HTTP, the ISDV4 pad emulator on a pty.  :func:`enroll_one` then
walks one synthetic person through the same functions the app calls.  The
people are made up: their NIKs are structurally valid, with serials from
9000 up, and their names say ``Demo``.

Each simulated person is a *subject* of the simulators (:func:`subject_for`): their
own ten fingers, irises and face, captured afresh for each record, so two people
never share biometrics and the same person recorded twice is found again, as
penunggalan at the office must (``enroll_one(..., subject=N)`` records subject N
under whatever NIK: the training's planted duplicate).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Self, TypeVar

from drivers import Modality, get_backend
from drivers.simulation import SIM_CARD_UID, set_subject
from fieldkit import finish, nik, regions, training
from fieldkit.enrollment import capture, drafts, exceptions, intake, visits
from fieldkit.enrollment.machine import FingerMode, SignatureMode, Slot, slots_for
from fieldkit.officers import Role
from fieldkit.planning.kinds import PlaceType
from fieldkit.planning.targets_import import Category
from fieldkit.quality.policy import ForceReason, ForceReasonCode
from fieldkit.quality.result import QualityModality
from fieldkit.sarpras import checklist
from fieldkit.store.models import Setting

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import TracebackType

    from sqlalchemy.orm import Session

    from drivers.base import ImageDevice
    from drivers.interfaces import FaceCamera, FingerprintScanner, IrisCamera, SignaturePad
    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

D = TypeVar("D", bound="ImageDevice")

DEMO_FORCE = ForceReason(ForceReasonCode.DEVICE_LIMIT, "simulated training capture")
#: Subjects of planned targets (:func:`target_subject`) start here, above the demo's
#: numbered people (``synthetic_person(index)`` is subject ``index``).
_TARGET_SUBJECTS = 1_000_000


def subject_for(index: int) -> int:
    """The simulators' subject for the demo's ``index``-th made-up person."""
    return index


def target_subject(target_or_draft_id: str) -> int:
    """A planned target's own subject, from its id: each target is its own person."""
    return _TARGET_SUBJECTS + zlib.crc32(target_or_draft_id.encode()) % _TARGET_SUBJECTS


@dataclass
class SimKit:
    """Every simulated device, started once and shared by all records of a run.

    All come from the registry's simulator backends, as the app's demo gets them
    (never imported from a backend package): the face camera plays its clip through
    OpenCV, the slap scanner and the dual-iris camera are the SBI driver against its
    simulated service on loopback, the single-finger scanner the ZFM driver against
    its emulator on a pty, the pad the ISDV4 driver against its emulator.
    """

    slaps: bool = False
    #: The simulated person in front of the devices (:meth:`use_subject` changes it).
    subject: int = 0
    face: FaceCamera = field(init=False)
    zfm: FingerprintScanner = field(init=False)
    iris: IrisCamera = field(init=False)
    pad: SignaturePad = field(init=False)
    slap_scanner: FingerprintScanner | None = field(init=False, default=None)
    _open: list[ImageDevice] = field(init=False, default_factory=list)

    def __enter__(self) -> Self:
        who = {"subject": self.subject}
        try:
            self.iris = self._opened(get_backend(Modality.IRIS, "sim", capture_delay_s=0.0, **who))
            if self.slaps:
                self.slap_scanner = self._opened(
                    get_backend(Modality.FINGERPRINT, "sim", capture_delay_s=0.0, **who)
                )
            self.face = self._opened(
                get_backend(Modality.FACE, "sim", warmup_s=0.0, warmup_frames=1, **who)
            )
            self.zfm = self._opened(get_backend(Modality.FINGERPRINT, "zfm-sim", **who))
            self.pad = self._opened(
                get_backend(
                    Modality.SIGNATURE,
                    "sim",
                    strokes="initials",
                    speed=5.0,
                    lead_in_s=0.0,
                    # The signer lifts the pen for 44-60 ms between strokes at this pace;
                    # with 0.15 s a loaded machine's stalled emulator thread ended the
                    # signature mid-way, and the next person's capture found the pad
                    # still replaying the rest (no ink: "nobody signed").
                    idle_s=0.4,
                )
            )
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _opened(self, device: D) -> D:
        device.open()
        self._open.append(device)
        return device

    def use_subject(self, subject: int) -> None:
        """Another simulated person steps up: every open device shows them from now on."""
        if subject < 0:
            raise ValueError("a subject is a number from 0")
        self.subject = subject
        for device in self._open:
            set_subject(device, subject)

    def close(self) -> None:
        for device in reversed(self._open):
            with contextlib.suppress(Exception):
                device.close()
        self._open.clear()

    def device_for(self, slot: Slot) -> ImageDevice:
        if slot.modality is QualityModality.FACE:
            return self.face
        if slot.modality is QualityModality.IRIS:
            return self.iris
        if slot.modality is QualityModality.SIGNATURE:
            return self.pad
        if slot.position in {"13", "14", "15"} and self.slap_scanner is not None:
            return self.slap_scanner
        return self.zfm


def demo_region(ws: Workspace) -> str:
    """A kecamatan of the laptop's own regency, for the demo visit and NIKs."""
    with ws.transaction() as session:
        office = session.get(Setting, "office_code")
    regency = office.value if office else "3315"
    for n in range(1, 100):
        code = f"{regency}{n:02d}"
        if regions.district(code) is not None:
            return code
    return "331501"


def synthetic_person(index: int, region: str) -> intake.PersonInput:
    """A made-up person whose NIK agrees with their birth date and sex."""
    female = index % 2 == 1
    born = dt.date(1935 + index % 40, 1 + index % 12, 1 + index % 28)
    return intake.PersonInput(
        nik=nik.synthetic_nik(region, born, nik.Sex.FEMALE if female else nik.Sex.MALE, index),
        name=f"Demo Sasaran {index}",
        birth_place="Demo",
        birth_date=born,
        sex="P" if female else "L",
        address="Jalan Latihan",
        rt="001",
        rw="002",
        desa="Desa Latihan",
        categories=(Category.LANSIA,),
    )


def demo_visit(ws: Workspace) -> str:
    """A new visit for the simulated people, marked as training (kept out of every report)."""
    region = demo_region(ws)
    visit_id = visits.new_visit(
        ws,
        desa_code=f"{region}2001",
        desa_name="Desa Latihan",
        visit_date=dt.datetime.now(dt.UTC).date(),
        place=PlaceType.RUMAH,
    )
    with ws.transaction() as session:
        training.mark_training_visit(session, visit_id)
    return visit_id


def enroll_walk_in(ws: Workspace) -> finish.FinishedRecord:
    """One synthetic person on a new walk-in visit today, with the simulators: deliverable.

    What the Perekaman screen does for a first person, on a real (not training)
    visit, so an enrolled store seals it to the data center's key.  README's first
    day (its test) and the Windows check under Wine both need such a record, and
    the installed programs record only through the screen.
    """
    region = demo_region(ws)
    visit = visits.new_visit(
        ws,
        desa_code=f"{region}2001",
        visit_date=dt.datetime.now(dt.UTC).date(),
        place=PlaceType.RUMAH,
    )
    with SimKit() as kit:
        return enroll_one(ws, kit, visit, 0, region)


def prepare_sarpras(ws: Workspace, visit_id: str) -> None:
    """The demo visit's pre-trip checklist, done the way a team does it, with the simulators.

    Every device row gets a simulator self-test, the rest is ticked, and the
    ketua tim signs; an admin running the demo records the override an admin
    may grant instead (audited, with its reason).  Recording then passes the
    same ``ensure_recording_allowed`` a real visit must.
    """
    checklist.open_checklist(ws, visit_id, checklist.Phase.CHECKOUT)
    checklist.run_self_tests(ws, visit_id, checklist.Phase.CHECKOUT, sim=True)
    checklist.mark_rest_ok(ws, visit_id, checklist.Phase.CHECKOUT)
    if ws.officer.role is Role.KETUA_TIM:
        checklist.sign_checklist(ws, visit_id, checklist.Phase.CHECKOUT)
    else:
        checklist.grant_recording_override(
            ws, visit_id, "Latihan dengan simulator (fieldkit demo enroll)"
        )


def capture_best(
    ws: Workspace, enrollment_id: str, slot: Slot, device: ImageDevice
) -> capture.CaptureOutcome:
    """Up to the policy's attempts; a slot still below the threshold is forced (flagged).

    The outcome says how many attempts are left, by the policy its capture was judged
    by: no read of the policy of its own.
    """
    outcome = capture.capture(ws, enrollment_id, slot.name, device)
    while not outcome.passed and outcome.attempts_left > 0:
        outcome = capture.capture(ws, enrollment_id, slot.name, device)
    if not outcome.slot_state.resolved:
        capture.force_accept(ws, enrollment_id, slot.name, DEMO_FORCE)
    return outcome


#: The finger a demo exception removes: the left little finger (ANSI/NIST position 10).
DEMO_EXCEPTION_PART = "finger:10"


def proof_photo(index: int) -> bytes:
    """A made-up proof photo (a JPEG of a drawn hand's outline), different for each person."""
    from PIL import Image, ImageDraw  # noqa: PLC0415 - only for demo exceptions

    image = Image.new("RGB", (320, 240), (200 + index % 40, 170, 150))
    draw = ImageDraw.Draw(image)
    draw.rectangle((110, 120, 210, 220), outline=(90, 60, 50), width=4)  # the palm
    for n, height in enumerate((70, 95, 100, 90)):  # three fingers and a stump
        left = 112 + n * 25
        top = 120 - (20 if n == 3 else height)  # noqa: PLR2004 - the fourth is the stump
        draw.rectangle((left, top, left + 20, 120), outline=(90, 60, 50), width=3)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def enroll_one(
    ws: Workspace,
    kit: SimKit,
    visit_id: str,
    index: int,
    region: str,
    *,
    with_exception: bool = False,
    subject: int | None = None,
) -> finish.FinishedRecord:
    """One complete simulated enrollment, sealed.

    ``with_exception``: the person's left little finger is amputated (with a proof
    photo), which flags the record for the ketua tim's review.  ``subject``: whose
    biometrics the simulators show (default: the ``index``-th person's own,
    :func:`subject_for`); another person's subject under this NIK plants a duplicate.
    """
    kit.use_subject(subject_for(index) if subject is None else subject)
    mode = FingerMode.SLAPS if kit.slap_scanner is not None else FingerMode.SINGLE
    view = intake.start_enrollment(
        ws, visit_id, person=synthetic_person(index, region), finger_mode=mode
    )
    intake.record_consent(ws, view.id, intake.ConsentInput(intake.ConsentGiver.PERSON))
    if with_exception:
        exceptions.record_exception(
            ws,
            view.id,
            DEMO_EXCEPTION_PART,
            exceptions.ExceptionReason.AMPUTATED,
            exceptions.Permanence.PERMANENT,
            proof_photo(index),
        )
    with ws.transaction() as session:
        excepted = drafts.excepted_parts(session, view.id)
    hang_backdrop(kit, view.birth_year)
    for slot in slots_for(mode, SignatureMode.SIGNATURE):
        codes = slot.exception_parts()
        if codes and set(codes) <= excepted:
            continue  # every part of it excepted: nothing to capture
        capture_best(ws, view.id, slot, kit.device_for(slot))
    return finish.finish_enrollment(ws, view.id)


def hang_backdrop(kit: SimKit, birth_year: int | None) -> None:
    """Hang the cloth the person's birth year calls for, as a team does (red odd, blue even).

    Otherwise every even-year person's face was refused and their record flagged: the
    app's demo printed a card for a person whose record still waited for review.
    """
    backdrop = capture.training_backdrop(birth_year)
    if backdrop is not None and "backdrop" in kit.face.simulation_controls():
        kit.face.set_simulation("backdrop", backdrop)


def capture_rest(ws: Workspace, kit: SimKit, draft_id: str, *, subject: int | None = None) -> None:
    """Every slot of a started draft not resolved yet, with the person's backdrop hung.

    The simulators show ``subject``; by default the draft's target's own
    (:func:`target_subject`), so each planned target is a different person.
    """
    view = finish.review(ws, draft_id)
    kit.use_subject(target_subject(view.target_id or view.id) if subject is None else subject)
    hang_backdrop(kit, view.birth_year)
    for state in view.progress.slots:
        if not state.resolved:
            capture_best(ws, draft_id, state.slot, kit.device_for(state.slot))


def play_printed_news(ws: Workspace, record_ids: list[str], *, receipt: str) -> tuple[str, ...]:
    """The data center's answers to ``record_ids`` as a sync applies them; returns the answered.

    An accepting receipt (the record is purged to a tombstone) and the PRINTED news,
    which puts the card on Serah terima.  Only for a training store, which is never
    sent: the demo plays the data center so a handover can be tried (issue 36).

    It plays one consistent sync (issue 47): a record the ketua tim holds back was
    never sent, so it gets no answer (the demo printed the card of a person whose
    record still waited for review), and the sync that brought the answers is the
    laptop's last one (the demo said "2 accepted" beside "last sync: never").
    """
    from fieldkit.delivery import flow  # noqa: PLC0415 - the sync's code, for the demo alone
    from fieldkit.records import outbox  # noqa: PLC0415
    from fieldkit.records import states as delivery  # noqa: PLC0415

    with ws.transaction() as session:
        held = delivery.held_back(session)
        answers = [
            flow.Verdict(info, "ACCEPTED", receipt=receipt, news="PRINTED")
            for info in (outbox.record_info(session, record) for record in record_ids)
            if info is not None and info.record_id not in held
        ]
        flow.apply_verdicts(session, answers, actor=ws.officer.username, word=lambda *_: None)
        delivery.mark_sync_done(session, dt.datetime.now(dt.UTC))
        answered = tuple(answer.record.record_id for answer in answers)
        _play_office_cards(session, answered)
    return answered


def _play_office_cards(session: Session, record_ids: Sequence[str]) -> None:
    """The office package's printed cards (issue 56.1): the first is the simulated card's.

    The simulated reader presents one card, so the first printed person's card is it and
    every other person's is another: reading it for the second person is refused with
    the first person's name, as a wrong card at a real handover is.
    """
    from fieldkit.handover.models import (  # noqa: PLC0415 - the demo's data center alone
        PRINTED_CARDS_KEY,
        OfficePrintedCard,
    )

    for n, record_id in enumerate(record_ids):
        uid = SIM_CARD_UID if n == 0 else f"04D{n:05X}"
        session.add(OfficePrintedCard(record_id=record_id, card_uid=uid))
    session.merge(Setting(key=PRINTED_CARDS_KEY, value="0"))
    session.flush()
