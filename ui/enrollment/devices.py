"""Where the enrollment screen finds the open device for a capture slot."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from drivers.base import ImageDevice
from fieldkit.enrollment import capture_rules, pictures
from fieldkit.enrollment.errors import StepNotAllowed
from fieldkit.enrollment.machine import FACE_SLOT
from fieldkit.errors import KnownError

if TYPE_CHECKING:
    from collections.abc import Callable

    from fieldkit.devices import DeviceSupervisor
    from fieldkit.enrollment.machine import Slot


class DeviceProvider(Protocol):
    """The open device for a capture slot (``fieldkit.demo.SimKit`` is one)."""

    def device_for(self, slot: Slot) -> ImageDevice: ...


class SupervisorDevices:
    """The devices the app's :class:`DeviceSupervisor` keeps open."""

    def __init__(self, supervisor: DeviceSupervisor) -> None:
        self.supervisor = supervisor

    def device_for(self, slot: Slot) -> ImageDevice:
        device = self.supervisor.device(capture_rules.device_kind(slot))
        if not isinstance(device, ImageDevice):
            raise StepNotAllowed(
                code="device_not_connected",
                params={"modality": slot.modality.value},
            )
        return device

    def recording(self, *, active: bool) -> None:
        """A person's recording is (no longer) on screen: a newly chosen backend waits for it."""
        self.supervisor.set_recording(active=active)

    def get_ready(self) -> None:
        """The officer is choosing whom to record: the simulators draw their images ahead."""
        self.supervisor.get_ready()


def face_camera(devices: DeviceProvider | None) -> ImageDevice | None:
    """The open face camera, which also takes proof photos; None without one."""
    if devices is None:
        return None
    try:
        return devices.device_for(FACE_SLOT)
    except KnownError:
        return None


def still_taker(devices: DeviceProvider | None) -> Callable[[], bytes] | None:
    """A function that takes one JPEG still with the face camera, or None without one."""
    camera = face_camera(devices)
    if camera is None:
        return None
    return lambda: pictures.jpeg_still(camera)
