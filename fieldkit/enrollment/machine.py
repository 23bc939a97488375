"""The enrollment state machine, as pure logic over what has been captured so far.

Steps run in a default order, but the officer may go to any step at any time
and defer any of them: an agitated person may allow only the face photo at
first, and the fingers an hour later.  So the machine does not store a path;
it stores the current step and the deferred ones, and *computes* from the
captures and exceptions whether each step is done.  The one hard rule is the
end: a record is finished only when consent is recorded and every capture slot
is resolved (good enough, forced with a reason, or excepted with proof)::

    consent -> face -> fingers -> iris -> signature -> review -> finish (seal)
       ^________any step, in any order, may be visited or deferred_________|

Captures need consent first (privacy: no biometric is taken without it).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fieldkit.enrollment.errors import StepNotAllowed
from fieldkit.formats.positions import CAPTURE_442, TEN_FINGERS, FingerPosition, slap_members
from fieldkit.quality.result import QualityModality

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from fieldkit.quality.policy import QualityPolicy


class Step(enum.StrEnum):
    CONSENT = "consent"
    FACE = "face"
    FINGERS = "fingers"
    IRIS = "iris"
    SIGNATURE = "signature"
    REVIEW = "review"


ORDER: tuple[Step, ...] = tuple(Step)
CAPTURE_STEPS = (Step.FACE, Step.FINGERS, Step.IRIS, Step.SIGNATURE)


class FingerMode(enum.StrEnum):
    SLAPS = "slaps"  # 4-4-2: left slap, right slap, both thumbs
    SINGLE = "single"  # one finger at a time (ZFM-style scanners, hands that cannot lie flat)


class SignatureMode(enum.StrEnum):
    SIGNATURE = "signature"
    THUMBPRINT = "thumbprint"  # cap jempol: a person who cannot sign gives a thumbprint


class SlotState(enum.StrEnum):
    MISSING = "missing"  # nothing captured yet
    BELOW_THRESHOLD = "below_threshold"  # captured, not good enough, not forced: decide
    OK = "ok"
    FORCED = "forced"  # below the threshold, kept with a reason: flagged for review
    EXCEPTED = "excepted"  # every part excepted with proof: flagged for review


@dataclass(frozen=True)
class Slot:
    """One capture the officer triggers; ``parts`` are the fingers or eyes it yields."""

    name: str
    step: Step
    modality: QualityModality
    parts: tuple[str, ...]
    #: What to ask the device for (``CaptureRequest.position``).
    position: str

    def exception_parts(self) -> tuple[str, ...]:
        """The parts an exception may name (``finger:7``, ``eye:left``)."""
        if self.modality is QualityModality.IRIS:
            return tuple(f"eye:{p}" for p in self.parts)
        if self.modality is QualityModality.FINGER and self.step is Step.FINGERS:
            return tuple(f"finger:{p}" for p in self.parts)
        return ()


FACE_SLOT = Slot("face", Step.FACE, QualityModality.FACE, ("face",), "")
IRIS_SLOT = Slot("iris", Step.IRIS, QualityModality.IRIS, ("right", "left"), "both")
SIGNATURE_SLOT = Slot("signature", Step.SIGNATURE, QualityModality.SIGNATURE, ("signature",), "")
THUMBPRINT_SLOT = Slot(
    "thumbprint",
    Step.SIGNATURE,
    QualityModality.FINGER,
    (str(FingerPosition.RIGHT_THUMB.value),),
    str(FingerPosition.RIGHT_THUMB.value),
)


def finger_slots(mode: FingerMode) -> tuple[Slot, ...]:
    if mode is FingerMode.SLAPS:
        return tuple(
            Slot(
                f"finger:{slap.value}",
                Step.FINGERS,
                QualityModality.FINGER,
                tuple(str(p.value) for p in slap_members(slap)),
                str(slap.value),
            )
            for slap in CAPTURE_442
        )
    return tuple(
        Slot(
            f"finger:{p.value}", Step.FINGERS, QualityModality.FINGER, (str(p.value),), str(p.value)
        )
        for p in TEN_FINGERS
    )


def slots_for(finger_mode: FingerMode, signature_mode: SignatureMode) -> tuple[Slot, ...]:
    signature = SIGNATURE_SLOT if signature_mode is SignatureMode.SIGNATURE else THUMBPRINT_SLOT
    return (FACE_SLOT, *finger_slots(finger_mode), IRIS_SLOT, signature)


def slot_named(finger_mode: FingerMode, signature_mode: SignatureMode, name: str) -> Slot:
    """The enrollment's slot called ``name``; refused when its modes have no such slot."""
    slots = slots_for(finger_mode, signature_mode)
    for slot in slots:
        if slot.name == name:
            return slot
    raise StepNotAllowed(
        code="slot_not_in_enrollment",
        params={"slot": name, "slots": ", ".join(s.name for s in slots)},
    )


def all_exception_parts() -> tuple[str, ...]:
    """Every finger and eye; the same in both finger modes."""
    return (*(f"finger:{p.value}" for p in TEN_FINGERS), "eye:right", "eye:left")


@dataclass(frozen=True)
class AttemptSummary:
    """What the machine needs to know of one attempt."""

    attempt: int
    score: float | None
    passed: bool
    forced: bool
    parts: tuple[str, ...]


@dataclass(frozen=True)
class SlotProgress:
    """A slot as the screens show it, with the policy's numbers it was judged by.

    ``threshold`` (its modality's) and ``max_attempts`` come from the same read of the
    policy as the rest of the view, so a screen needs no copy of the policy of its own
    to draw the meter's mark, say "attempt 2 of 3" or offer another try (issue 35).
    """

    slot: Slot
    state: SlotState
    attempts: int
    best_attempt: int | None
    best_score: float | None
    excepted_parts: tuple[str, ...]
    threshold: float
    max_attempts: int

    @property
    def attempts_left(self) -> int:
        return max(0, self.max_attempts - self.attempts)

    @property
    def resolved(self) -> bool:
        return self.state in {SlotState.OK, SlotState.FORCED, SlotState.EXCEPTED}

    @property
    def flagged(self) -> bool:
        return self.state in {SlotState.FORCED, SlotState.EXCEPTED} or bool(self.excepted_parts)

    def replaced_by_exception(self, part: str) -> bool:
        """Whether an image of ``part`` (a finger code, an eye) gives way to its exception.

        Auto-capture may take a finger before anyone can say it is missing: an exception
        declared afterwards replaces what was captured for that finger everywhere (the
        review strip, the record, and so the receipt, the BA and the interchange file's
        14.018 AMP), as docs/interchange.md says (issue 56.3).
        """
        named = dict(zip(self.slot.parts, self.slot.exception_parts(), strict=False))
        return named.get(part) in self.excepted_parts

    def as_json(self) -> dict[str, object]:
        return {
            "slot": self.slot.name,
            "step": self.slot.step.value,
            "state": self.state.value,
            "attempts": self.attempts,
            "best_attempt": self.best_attempt,
            "best_score": self.best_score,
            "excepted_parts": list(self.excepted_parts),
            "threshold": self.threshold,
            "max_attempts": self.max_attempts,
        }


@dataclass(frozen=True)
class Progress:
    current: Step
    consent: bool
    slots: tuple[SlotProgress, ...]
    deferred: frozenset[Step] = field(default_factory=frozenset)

    def step_done(self, step: Step) -> bool:
        if step is Step.CONSENT:
            return self.consent
        if step is Step.REVIEW:
            return False
        return all(s.resolved for s in self.slots if s.slot.step is step)

    def missing(self) -> list[str]:
        """What stands between the draft and finishing, as codes: ``consent`` or a slot's name.

        Codes, not words: the enrollment screen words each in the officer's language
        (``ui/enrollment/words.py``), and a slot's state and attempts are in ``slots``.
        """
        left = [] if self.consent else [Step.CONSENT.value]
        left += [s.slot.name for s in self.slots if not s.resolved]
        return left

    def next_step(self, after: Step | None = None) -> Step:
        """The next step in the default order that is neither done nor deferred."""
        start = 0 if after is None else ORDER.index(after) + 1
        for step in ORDER[start:]:
            if step is Step.REVIEW:
                return step
            if not self.step_done(step) and step not in self.deferred:
                return step
        return Step.REVIEW

    def as_json(self) -> dict[str, object]:
        return {
            "current_step": self.current.value,
            "consent": self.consent,
            "deferred": sorted(s.value for s in self.deferred),
            "steps": {s.value: self.step_done(s) for s in ORDER if s is not Step.REVIEW},
            "slots": [s.as_json() for s in self.slots],
            "ready_to_finish": not self.missing(),
            "missing": self.missing(),
        }


def slot_progress(
    slot: Slot, attempts: Sequence[AttemptSummary], excepted: Iterable[str], policy: QualityPolicy
) -> SlotProgress:
    """A slot's state from its attempts and the exceptions recorded on its parts."""
    excepted_parts = tuple(p for p in slot.exception_parts() if p in set(excepted))
    best = _best(attempts)
    if slot.exception_parts() and len(excepted_parts) == len(slot.parts):
        state = SlotState.EXCEPTED
    elif best is None:
        state = SlotState.MISSING
    elif best.passed:
        state = SlotState.OK
    elif best.forced:
        state = SlotState.FORCED
    else:
        state = SlotState.BELOW_THRESHOLD
    return SlotProgress(
        slot,
        state,
        len(attempts),
        best.attempt if best else None,
        best.score if best else None,
        excepted_parts,
        policy.threshold(slot.modality),
        policy.max_attempts,
    )


def _best(attempts: Sequence[AttemptSummary]) -> AttemptSummary | None:
    """The kept attempt: the highest score; a forced one only if no attempt passed."""
    if not attempts:
        return None
    passed = [a for a in attempts if a.passed]
    pool = passed or [a for a in attempts if a.forced] or list(attempts)
    return max(pool, key=lambda a: (-1.0 if a.score is None else a.score, -a.attempt))


def kept_attempt(attempts: Sequence[AttemptSummary]) -> int | None:
    best = _best(attempts)
    return best.attempt if best else None


def progress(
    *,
    current: Step,
    consent: bool,
    slots: Sequence[Slot],
    attempts: Mapping[str, Sequence[AttemptSummary]],
    excepted: Iterable[str],
    deferred: Iterable[Step] = (),
    policy: QualityPolicy,
) -> Progress:
    excepted_set = set(excepted)
    return Progress(
        current=current,
        consent=consent,
        slots=tuple(
            slot_progress(s, attempts.get(s.name, ()), excepted_set, policy) for s in slots
        ),
        deferred=frozenset(deferred),
    )
