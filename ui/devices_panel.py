"""The home screen's device lights: one row per device, live from the supervisor.

Each state has its own symbol and word as well as its colour, so the status
reads correctly in sunlight, in black and white, and for colour-blind officers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QWidget

from drivers import Modality
from fieldkit.events import DeviceStatus
from ui.design.pill import StatusPill
from ui.device_catalogue import backend_text, device_detail, state_pill_kind, state_text

if TYPE_CHECKING:
    from ui.bridge import EventBridge


class DevicesPanel(QGroupBox):
    def __init__(self, bridge: EventBridge, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Devices"), parent)
        self._names = {
            Modality.FACE: self.tr("Face camera"),
            Modality.FINGERPRINT: self.tr("Fingerprint scanner"),
            Modality.IRIS: self.tr("Iris camera"),
            Modality.SIGNATURE: self.tr("Signature pad"),
            Modality.CARD: self.tr("Card reader"),
        }
        grid = QGridLayout(self)
        self.lights: dict[str, StatusPill] = {}
        self.details: dict[str, QLabel] = {}
        for row, kind in enumerate(Modality):
            grid.addWidget(QLabel(self._names[kind]), row, 0)
            light = StatusPill(state_text("not_ready", "not_checked"))  # as Pengaturan says
            detail = QLabel()
            detail.setWordWrap(True)
            grid.addWidget(light, row, 1)
            grid.addWidget(detail, row, 2)
            self.lights[kind.value] = light
            self.details[kind.value] = detail
        grid.setColumnStretch(2, 1)
        bridge.subscribe(DeviceStatus, self.show_status, self)

    def show_status(self, status: DeviceStatus) -> None:
        kind, state = status.kind, status.state
        light = self.lights[kind]
        # Pengaturan's table says the same words in the same pill.
        light.set_state(state_pill_kind(state, status.reason), state_text(state, status.reason))
        # The backend in words (an SBI service discovery found, not "sbi").
        backend = "sim" if status.simulated else status.backend
        detail = backend_text(backend) if backend else ""
        reason = device_detail(status.reason, status.error)
        if state != "ready" and reason:
            detail = f"{detail} · {reason}" if detail else reason
        self.details[kind].setText(detail)
