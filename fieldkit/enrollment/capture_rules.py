"""What the officer may do with a capture slot now: capture, retry, keep, except.

The capture screen asks these before it enables a button, so the rule lives
with the enrollment it governs and not in a widget (issue 26).  They read a
slot's progress only (which carries the policy's numbers); the functions that record
(``capture.record_capture``, ``capture.force_accept``,
``exceptions.record_exception``) still refuse what the store does not allow.
Which kind of device takes a slot is decided here too, once for the core that
captures and the screen that previews.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING

from drivers.base import Modality
from fieldkit.enrollment.machine import SlotState, Step, all_exception_parts
from fieldkit.quality.result import QualityModality

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fieldkit.enrollment.machine import Slot, SlotProgress

#: Which exception parts belong to which step: fingers on the fingers step, eyes on iris.
_PART_PREFIX = {Step.FINGERS: "finger:", Step.IRIS: "eye:"}
#: The kind of device each modality is taken with: a thumbprint on the fingerprint scanner.
DEVICE_KIND: Mapping[QualityModality, Modality] = MappingProxyType(
    {
        QualityModality.FACE: Modality.FACE,
        QualityModality.FINGER: Modality.FINGERPRINT,
        QualityModality.IRIS: Modality.IRIS,
        QualityModality.SIGNATURE: Modality.SIGNATURE,
    }
)


def device_kind(slot: Slot) -> Modality:
    """The device a slot is captured with: the one to open, and to name when it fails."""
    return DEVICE_KIND[slot.modality]


def may_capture(progress: SlotProgress) -> bool:
    """The first capture of a slot; after it, the officer retries, keeps or excepts."""
    return progress.attempts == 0


def may_retry(progress: SlotProgress) -> bool:
    """Another attempt, while the policy's attempts last (MOSIP's default: 3).

    The slot's progress carries the policy's limit it was read with, so the screen
    asks this with nothing but what the core returned.
    """
    return 0 < progress.attempts < progress.max_attempts


def may_force(progress: SlotProgress) -> bool:
    """Keep a below-threshold capture with a stated reason (flagged to the ketua tim)."""
    return progress.state is SlotState.BELOW_THRESHOLD


def may_except(progress: SlotProgress) -> bool:
    """Record an exception (an amputated finger, a blind eye) for a part of this slot.

    On the fingers step any finger may be excepted, even from a slot that names
    none (a one-finger slot in the single-finger mode names its finger anyway).
    """
    return bool(progress.slot.exception_parts()) or progress.slot.step is Step.FINGERS


def exception_parts_offered(step: Step, slots: tuple[SlotProgress, ...]) -> tuple[str, ...]:
    """The fingers or eyes an exception may still name at ``step``, in their fixed order.

    A part already excepted on any slot is not offered again.
    """
    prefix = _PART_PREFIX.get(step)
    if prefix is None:
        return ()
    taken = {part for progress in slots for part in progress.excepted_parts}
    return tuple(
        part for part in all_exception_parts() if part.startswith(prefix) and part not in taken
    )
