"""What the capture screen may offer for a slot: the rules it asks, not decides."""

from __future__ import annotations

from drivers.base import Modality
from fieldkit.enrollment import capture_rules
from fieldkit.enrollment.machine import (
    FACE_SLOT,
    IRIS_SLOT,
    SIGNATURE_SLOT,
    THUMBPRINT_SLOT,
    FingerMode,
    Slot,
    SlotProgress,
    SlotState,
    Step,
    finger_slots,
)
from fieldkit.quality.policy import QualityPolicy
from fieldkit.quality.result import QualityModality

POLICY = QualityPolicy(max_attempts=3)
LEFT_SLAP = finger_slots(FingerMode.SLAPS)[0]


def _progress(
    slot: Slot = FACE_SLOT,
    state: SlotState = SlotState.MISSING,
    attempts: int = 0,
    excepted: tuple[str, ...] = (),
    policy: QualityPolicy = POLICY,
) -> SlotProgress:
    best = attempts or None
    return SlotProgress(
        slot,
        state,
        attempts,
        best,
        None,
        excepted,
        policy.threshold(slot.modality),
        policy.max_attempts,
    )


def test_capture_first_then_retry_while_attempts_last() -> None:
    fresh = _progress()
    assert capture_rules.may_capture(fresh)
    assert not capture_rules.may_retry(fresh)
    tried = [_progress(state=SlotState.BELOW_THRESHOLD, attempts=n) for n in (1, 2, 3)]
    assert [capture_rules.may_capture(p) for p in tried] == [False, False, False]
    assert [capture_rules.may_retry(p) for p in tried] == [True, True, False]
    # The slot carries the policy it was read with: the screen holds no copy of its own.
    four = _progress(
        state=SlotState.BELOW_THRESHOLD, attempts=3, policy=QualityPolicy(max_attempts=4)
    )
    assert capture_rules.may_retry(four)
    assert four.attempts_left == 1


def test_only_a_below_threshold_capture_may_be_kept_with_a_reason() -> None:
    kept = {
        state: capture_rules.may_force(_progress(state=state, attempts=1)) for state in SlotState
    }
    assert kept == {state: state is SlotState.BELOW_THRESHOLD for state in SlotState}


def test_exceptions_on_fingers_and_eyes_only() -> None:
    assert capture_rules.may_except(_progress(LEFT_SLAP))
    assert capture_rules.may_except(_progress(IRIS_SLOT))
    assert not capture_rules.may_except(_progress(FACE_SLOT))
    assert not capture_rules.may_except(_progress(SIGNATURE_SLOT))


def test_the_parts_offered_belong_to_the_step_and_are_not_yet_excepted() -> None:
    slots = (
        _progress(LEFT_SLAP, excepted=("finger:7",)),
        _progress(IRIS_SLOT, excepted=("eye:left",)),
    )
    fingers = capture_rules.exception_parts_offered(Step.FINGERS, slots)
    assert fingers == tuple(f"finger:{n}" for n in (1, 2, 3, 4, 5, 6, 8, 9, 10))
    assert capture_rules.exception_parts_offered(Step.IRIS, slots) == ("eye:right",)
    assert capture_rules.exception_parts_offered(Step.FACE, slots) == ()


def test_every_slot_is_taken_with_the_device_of_its_modality() -> None:
    # The core names a failing device and the screen opens one by the same rule (issue 39).
    kinds = {
        slot.name: capture_rules.device_kind(slot)
        for slot in (FACE_SLOT, LEFT_SLAP, IRIS_SLOT, SIGNATURE_SLOT, THUMBPRINT_SLOT)
    }
    assert kinds == {
        "face": Modality.FACE,
        LEFT_SLAP.name: Modality.FINGERPRINT,
        "iris": Modality.IRIS,
        "signature": Modality.SIGNATURE,
        "thumbprint": Modality.FINGERPRINT,  # a person who cannot sign: the scanner
    }
    assert set(capture_rules.DEVICE_KIND) == set(QualityModality)
