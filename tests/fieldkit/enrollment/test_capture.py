"""What the attached devices can give decides what the enrollment asks of them."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Self

import sqlalchemy as sa

from drivers.base import CaptureRequest, Modality
from drivers.registry import get_backend
from fieldkit import nik
from fieldkit.enrollment import (
    assess,
    canonical_record,
    capture,
    exceptions,
    flow,
    intake,
    timing,
)
from fieldkit.enrollment.capture import finger_mode_for
from fieldkit.enrollment.exceptions import ExceptionReason, Permanence
from fieldkit.enrollment.machine import IRIS_SLOT, FingerMode, Step, finger_slots
from fieldkit.enrollment.models import CaptureAttempt, Enrollment
from fieldkit.quality.policy import ATTEMPTS_KEY, QualityPolicy, store_policy
from fieldkit.quality.result import QualityModality
from fieldkit.records import container
from tests.fieldkit.enrollment.enrollment_support import (
    consented,
    open_zfm,
    person,
    photo,
    walk_in_visit,
)

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace


def test_the_finger_mode_follows_what_the_scanner_can_take() -> None:
    # A single-finger ZFM sensor cannot give a slap: 4-4-2 would be refused on every try.
    zfm = get_backend("fingerprint", "zfm-sim")
    slap_scanner = get_backend("fingerprint", "sim")
    assert finger_mode_for(zfm, FingerMode.SLAPS) is FingerMode.SINGLE
    assert finger_mode_for(slap_scanner, FingerMode.SLAPS) is FingerMode.SLAPS
    assert finger_mode_for(slap_scanner, FingerMode.SINGLE) is FingerMode.SINGLE
    assert finger_mode_for(None, FingerMode.SLAPS) is FingerMode.SLAPS


def test_the_training_scanners_give_what_the_defaults_ask_for() -> None:
    # The demo's defaults are 4-4-2 slaps and both irises in one capture (issue 14): its
    # scanners used to be a one-finger ZFM emulator and a one-eye clip camera.
    with get_backend("fingerprint", "sim") as scanner:
        for slap, count in (("14", 4), ("13", 4), ("15", 2)):
            assert len(scanner.capture(CaptureRequest(position=slap)).images) == count
        skipped = scanner.capture(CaptureRequest(position="14", exceptions=("7", "8")))
        assert len(skipped.images) == 2
    with get_backend("iris", "sim") as camera:
        assert camera.eyes_per_capture == 2
        assert len(camera.capture(CaptureRequest(position="both")).images) == 2


def test_a_one_eye_camera_takes_both_irises_in_turn_in_one_press(workspace: Workspace) -> None:
    # Issue 14: a one-eye UVC camera asked for "both" returned one image, and every try
    # was refused ("1 image(s) for iris, 2 were expected").  Now one press takes the right
    # eye, then the left, and the screen is told which before each shot.
    draft = consented(workspace, walk_in_visit(workspace), 1)
    heard: list[str] = []
    with get_backend("iris", "opencv-sim") as camera:
        assert camera.eyes_per_capture == 1
        outcome = capture.capture(workspace, draft, "iris", camera, on_shot=heard.append)
    assert heard == ["right", "left"]
    assert sorted(outcome.parts) == ["left", "right"]
    assert outcome.passed, outcome.reasons


def test_an_sbi_device_is_asked_to_wait_for_the_offices_pass_mark(workspace: Workspace) -> None:
    # Issue 35: an SBI device captures by itself once its ``requestedScore`` is met, and
    # was asked for the vendor default whatever the office's threshold.  Now each
    # RCAPTURE asks for the pass mark the attempt is judged by; the device echoes it.
    draft = consented(workspace, walk_in_visit(workspace), 1)
    with workspace.transaction() as session:
        store_policy(session, thresholds={QualityModality.IRIS: 72}, max_attempts=3)
    with get_backend("iris", "sim") as camera:
        assert camera.requested_score != 72
        capture.capture(workspace, draft, "iris", camera)
    with workspace.transaction() as session:
        kept = session.scalars(sa.select(CaptureAttempt.link_metadata)).one()
    assert json.loads(kept)["requested_score"] == "72"


def test_a_one_eye_camera_takes_the_one_seeing_eye_in_one_shot(workspace: Workspace) -> None:
    draft = consented(workspace, walk_in_visit(workspace), 2)
    exceptions.record_exception(
        workspace,
        draft,
        "eye:left",
        ExceptionReason.BLIND_OR_EYE_DISEASE,
        Permanence.PERMANENT,
        photo(3),
    )
    heard: list[str] = []
    with get_backend("iris", "opencv-sim") as camera:
        outcome = capture.capture(workspace, draft, "iris", camera, on_shot=heard.append)
    assert heard == []  # one eye, one ordinary shot
    assert list(outcome.parts) == ["right"]


def test_a_binocular_preview_gets_no_one_eye_verdict() -> None:
    # Seen in the real window: the dual-iris camera previews both eyes side by side and the
    # one-eye analyser said "eyes too far, 0 / 60" while each eye's capture passed.
    policy = QualityPolicy()
    with get_backend("iris", "sim") as dual:
        assert capture.shots_for(IRIS_SLOT, dual, IRIS_SLOT.parts) == ("",)
    with get_backend("iris", "opencv-sim") as one_eye:
        assert capture.shots_for(IRIS_SLOT, one_eye, IRIS_SLOT.parts) == ("right", "left")
    threshold = policy.threshold(QualityModality.IRIS)
    assert assess.live_judge(QualityModality.IRIS, threshold, None, several_in_frame=True) is None
    judge = assess.live_judge(QualityModality.IRIS, threshold, None)
    assert judge is not None  # one eye in the frame: judged as its capture will be


class _Statements:
    """The SQL a real store runs, heard from its engine: what a press reads, counted."""

    def __init__(self, ws: Workspace) -> None:
        self.engine = ws.store.engine
        self.seen: list[tuple[str, object]] = []

    def __enter__(self) -> Self:
        sa.event.listen(self.engine, "before_cursor_execute", self._heard)
        return self

    def __exit__(self, *_: object) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._heard)

    def _heard(
        self, _conn: object, _cursor: object, statement: str, params: object, *_: object
    ) -> None:
        self.seen.append((statement, params))

    def policy_reads(self) -> int:
        """Each read of the policy asks the settings table for the attempt limit once."""
        return sum(
            1
            for statement, params in self.seen
            if "FROM settings" in statement and ATTEMPTS_KEY in repr(params)
        )

    def draft_reads(self) -> int:
        """Each transaction on a draft reads its row once."""
        return sum(
            1
            for statement, _params in self.seen
            if statement.lstrip().startswith("SELECT")
            and f"FROM {Enrollment.__tablename__} " in statement
        )

    def plans(self) -> int:
        """Each plan counts the slot's attempts so far."""
        return sum(
            1
            for statement, _params in self.seen
            if "count(*)" in statement and f"FROM {CaptureAttempt.__tablename__}" in statement
        )


def test_one_press_reads_the_policy_once_and_plans_once(workspace: Workspace) -> None:
    # One press of Rekam planned the capture twice, checked the attempt twice and read
    # the quality policy four times (issue 39): a policy changed in between could judge
    # one attempt by two different rules.
    draft = consented(workspace, walk_in_visit(workspace), 3, finger_mode=FingerMode.SINGLE)
    scanner = open_zfm()
    try:
        with _Statements(workspace) as heard:
            outcome = capture.capture(workspace, draft, "finger:2", scanner)
    finally:
        scanner.close()
    assert outcome.attempt == 1
    assert heard.plans() == 1
    assert heard.policy_reads() == 1


def test_one_press_returns_the_next_step_from_the_transaction_that_kept_it(
    workspace: Workspace,
) -> None:
    # Issue 35: after the core kept a capture the screen asked it again where the draft
    # stood (``flow.advance``: two more transactions, the draft read twice more) and drew
    # the thresholds and attempts from a copy of the policy of its own.  Now the outcome
    # carries the next step's view, with the policy's numbers of the same single read.
    draft = consented(workspace, walk_in_visit(workspace), 4, finger_mode=FingerMode.SINGLE)
    with workspace.transaction() as session:
        store_policy(session, thresholds={QualityModality.FACE: 40}, max_attempts=4)
    birth_year = flow.get_enrollment(workspace, draft).birth_year
    with get_backend(Modality.FACE, "sim", warmup_s=0.0, warmup_frames=1) as camera:
        camera.set_simulation("backdrop", capture.training_backdrop(birth_year))
        with _Statements(workspace) as heard:
            outcome = capture.capture(workspace, draft, "face", camera)
    assert outcome.passed, outcome.reasons
    assert outcome.view.progress.current is Step.FINGERS  # moved on with the attempt
    face = outcome.view.progress.slots[0]
    assert (face.slot.name, face.threshold, face.max_attempts) == ("face", 40, 4)
    assert outcome.slot_state == face
    assert (heard.plans(), heard.policy_reads(), heard.draft_reads()) == (1, 1, 2)
    # What the screen shows is what the store holds: the draft is at the fingers.
    assert flow.get_enrollment(workspace, draft).progress == outcome.view.progress


def test_a_person_listed_without_a_birth_date_is_held_to_the_nik_s_backdrop(
    workspace: Workspace,
) -> None:
    """Issue 59 §6: no birth date typed or listed meant no backdrop rule at all.

    The NIK holds the birth date; a person it says was born in an even year is refused
    on the red cloth, and the refusal says blue.
    """
    number = nik.synthetic_nik("331501", dt.date(1950, 3, 12), nik.Sex.MALE, 4)
    listed = person(4, nik=number, sex="L", birth_date=None)
    born = nik.birth_date_of(listed.nik)
    assert born == dt.date(1950, 3, 12)
    visit = walk_in_visit(workspace)
    view = intake.start_enrollment(workspace, visit, person=listed)
    intake.record_consent(workspace, view.id, intake.ConsentInput(intake.ConsentGiver.PERSON))
    assert flow.get_enrollment(workspace, view.id).birth_year == born.year
    with get_backend(Modality.FACE, "sim", warmup_s=0.0, warmup_frames=1) as camera:
        camera.set_simulation("backdrop", "red")
        outcome = capture.capture(workspace, view.id, "face", camera)
    assert not outcome.passed
    assert [r.code for r in outcome.reasons] == ["face.background_blue"], outcome.reasons


def test_an_exception_declared_after_the_capture_replaces_that_fingers_image(
    workspace: Workspace,
) -> None:
    # Issue 56.3: auto-capture took the right slap before finger 2 was declared amputated;
    # its image stayed in the review strip and the record (ten Type-14 images, no AMP).
    draft = consented(workspace, walk_in_visit(workspace), 4, finger_mode=FingerMode.SLAPS)
    right_slap = next(s for s in finger_slots(FingerMode.SLAPS) if "2" in s.parts)
    with get_backend("fingerprint", "sim") as scanner:
        taken = capture.capture(workspace, draft, right_slap.name, scanner)
    assert sorted(taken.parts) == ["2", "3", "4", "5"]
    exceptions.record_exception(
        workspace, draft, "finger:2", ExceptionReason.AMPUTATED, Permanence.PERMANENT, photo(5)
    )

    def images_of_the_slap() -> tuple[list[str], list[str]]:
        with workspace.transaction() as session:
            kept = capture.kept_images(session, draft)[right_slap.name]
            row = session.get(Enrollment, draft)
            assert row is not None
            header, _blobs = container.unpack(
                canonical_record.build_record(session, row, finished_at=timing.now()).payload
            )
        (slap,) = [c for c in header["captures"] if c["slot"] == right_slap.name]
        (recorded,) = [a for a in slap["attempts"] if a["kept"]]
        return sorted(i.part for i in kept), sorted(i["part"] for i in recorded["images"])

    assert images_of_the_slap() == (["3", "4", "5"], ["3", "4", "5"])
    # The bandage came off after all: the exception taken back, the finger's image is back.
    exceptions.remove_exception(workspace, draft, "finger:2")
    assert images_of_the_slap() == (["2", "3", "4", "5"], ["2", "3", "4", "5"])
