"""What feeds the capture step's live preview: the slot's frames from whichever device is open.

The step's preview outlives its device: the stream asks the step's device provider again
after each stop (the supervisor's device is a new object once an SBI service restarts or a
camera is plugged back in) and says, between its frames, that it reconnects
(:func:`fieldkit.live_preview.live_frames`; issue 47 B4).  Kept apart from the step's
widgets: this is what changes with the devices, not with the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from fieldkit.enrollment import capture, capture_rules
from fieldkit.live_preview import live_frames
from fieldkit.quality.result import QualityModality
from ui.core_sentences import core_text

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from drivers.base import CancelToken, Frame, ImageDevice
    from fieldkit.enrollment.machine import Slot
    from fieldkit.live_preview import Reconnecting, RetryPlan
    from ui.enrollment.devices import DeviceProvider


def backdrop_hanger(
    slot: Slot, birth_year: int | None, chosen: str | None
) -> Callable[[ImageDevice], None]:
    """What hangs a training camera's cloth (the birth year's, or the trainer's pick).

    Built on the GUI thread (the trainer's pick is read from a widget); run on the worker,
    before the preview's frames and before a capture alike: whichever comes first reopens
    the clip, the other finds it hung.  Before, only the preview did, and a Rekam pressed
    as the step opened took the last person's cloth, or the camera between its close and
    its open.  It takes the device it hangs on: a preview that reconnected has another
    device object (the supervisor rebuilt it).
    """
    backdrop = None
    if slot.modality is QualityModality.FACE:
        backdrop = capture.training_backdrop(birth_year, chosen)

    def hang(device: ImageDevice) -> None:
        if backdrop is not None and "backdrop" in device.simulation_controls():
            device.set_simulation("backdrop", backdrop)

    return hang


def slot_frames(
    devices: DeviceProvider | None,
    slot: Slot,
    hang: Callable[[ImageDevice], None],
    plan: RetryPlan,
) -> Callable[[CancelToken], Iterator[Frame | Reconnecting]]:
    """The slot's live frames, asking ``devices`` for the slot's device again after each stop."""
    kind = capture_rules.device_kind(slot)

    def device() -> ImageDevice | None:
        return devices.device_for(slot) if devices is not None else None

    def frames(cancel: CancelToken) -> Iterator[Frame | Reconnecting]:
        return live_frames(device, kind, cancel, position=slot.position, prepare=hang, plan=plan)

    return frames


def reconnecting_words(notice: Reconnecting) -> str:
    """Where the picture was: the device stopped, and the preview tries again by itself."""
    device = core_text("devices", f"modality_{notice.kind.value}")
    return "⚠ " + QCoreApplication.translate(
        "CaptureStep", "%1 stopped answering. Reconnecting by itself… (try %2 of %3)"
    ).replace("%1", device).replace("%2", str(notice.attempt)).replace("%3", str(notice.attempts))
