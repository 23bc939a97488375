"""Where the enrollment screen used to live; it is now the ``ui.enrollment`` package."""

from ui.enrollment.devices import DeviceProvider, SupervisorDevices
from ui.enrollment.page import EnrollmentPage

__all__ = ["DeviceProvider", "EnrollmentPage", "SupervisorDevices"]
