"""Pengaturan's devices as the app's supervisor sees them, and training's cables.

The devices table shows the supervisor's state in Beranda's words (one source, so the
two screens agree); a backend chosen here goes to the supervisor at once; in training
each simulator's cable can be pulled and plugged back.  A part of :class:`SettingsPage`
(``ui/settings_page.py``), kept apart so that screen stays readable; its sentences keep
the page's translation context.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QTableWidget, QTableWidgetItem

from drivers import Modality
from fieldkit import devices
from fieldkit.errors import KnownError
from ui.common import tip_cells
from ui.design.pill import PillKind, StatusPill, mark_pill_cell
from ui.device_catalogue import backend_text, device_detail, state_pill_kind, state_text
from ui.messages import explain

if TYPE_CHECKING:
    from collections.abc import Callable

    from fieldkit.devices import DeviceSupervisor
    from fieldkit.events import DeviceStatus
    from fieldkit.workspace import Workspace
    from ui.common import StatusLine

log = logging.getLogger(__name__)

#: The devices table's column that shows the state, drawn as a pill.
STATE_COLUMN = 2


class DeviceStates:
    """The devices table's rows, the chosen backend's hand-over, and the training cables."""

    workspace: Workspace
    status: StatusLine
    devices_table: QTableWidget
    _supervisor: Callable[[], DeviceSupervisor | None]
    _device_names: dict[Modality, str]

    def _show_devices(self) -> None:
        """One row per device type from the start: the supervisor's state, as on Beranda.

        Without a supervisor (a screen on its own) "not checked yet" until the first check.
        """
        try:
            config = devices.DeviceConfig.load(self.workspace.directory)
        except KnownError as error:
            log.warning("devices.json unreadable: %s", error.message)
            config = devices.DeviceConfig()
        supervisor = self._supervisor()
        self.devices_table.setRowCount(len(Modality))
        for row, kind in enumerate(Modality):
            pinned = config.choices.get(kind)
            if supervisor is not None:
                status = supervisor.status(kind)
                backend = supervisor.backend(kind) or (pinned[0] if pinned else None)
                self._show_row(
                    row,
                    kind,
                    backend,
                    state=status.state.value,
                    reason=status.reason.value,
                    detail=device_detail(status.reason, status.error, status.detail),
                )
                continue
            cells = [
                self._device_names[kind],
                backend_text(pinned[0] if pinned else None),
                state_text("not_ready", "not_checked"),
                QCoreApplication.translate("SettingsPage", 'Press "Check devices now".'),
            ]
            self._set_cells(row, cells, state_pill_kind("not_ready", "not_checked"))
        tip_cells(self.devices_table)

    def _set_cells(self, row: int, cells: list[str], kind: PillKind) -> None:
        """One device's row, its state cell a pill in Beranda's words and colours."""
        for column, value in enumerate(cells):
            item = QTableWidgetItem(value)
            if column == STATE_COLUMN:
                mark_pill_cell(item, kind)
            self.devices_table.setItem(row, column, item)

    def _show_row(
        self, row: int, kind: Modality, backend: str | None, *, state: str, reason: str, detail: str
    ) -> None:
        cells = [
            self._device_names[kind],
            backend_text(backend),
            state_text(state, reason),
            detail,
        ]
        self._set_cells(row, cells, state_pill_kind(state, reason))

    def _device_changed(self, status: DeviceStatus) -> None:
        """The supervisor saw a device change: its row (and Beranda's light) say so now."""
        kind = Modality(status.kind)
        row = list(Modality).index(kind)
        if self.devices_table.rowCount() != len(Modality):
            self._show_devices()
        self._show_row(
            row,
            kind,
            status.backend,
            state=status.state,
            reason=status.reason,
            detail=device_detail(status.reason, status.error),
        )
        tip_cells(self.devices_table)
        self._show_cables()

    def _cables_grid(self) -> QGridLayout:
        """Training: pull a simulated device's cable, and plug it back, to see what follows.

        One row per simulator that has a cable (never for real hardware), beside the
        training switch where a trainer sets up the exercise; the device then fails
        exactly as an unplugged one does, on Beranda, here and in Perekaman.
        """
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        self.cable_names: dict[Modality, QLabel] = {}
        self.cable_states: dict[Modality, StatusPill] = {}
        self.cable_buttons: dict[Modality, QPushButton] = {}
        for row, kind in enumerate(Modality):
            name = QLabel(self._device_names[kind])
            state = StatusPill()  # what the pull did, beside the button (the table may scroll)
            button = QPushButton()
            button.clicked.connect(lambda _checked=False, k=kind: self.toggle_cable(k))
            name.setBuddy(button)
            grid.addWidget(name, row, 0)
            grid.addWidget(state, row, 1)
            grid.addWidget(button, row, 2)
            self.cable_names[kind] = name
            self.cable_states[kind] = state
            self.cable_buttons[kind] = button
            for widget in (name, state, button):
                widget.hide()
        grid.setColumnStretch(0, 1)
        return grid

    def _show_cables(self) -> None:
        supervisor = self._supervisor()
        for kind, button in self.cable_buttons.items():
            shown = supervisor is not None and (
                supervisor.can_unplug(kind) or not supervisor.plugged(kind)
            )
            for widget in (self.cable_names[kind], self.cable_states[kind], button):
                widget.setVisible(shown)
            if not shown or supervisor is None:
                continue
            status = supervisor.status(kind)
            state, reason = status.state.value, status.reason.value
            self.cable_states[kind].set_state(
                state_pill_kind(state, reason), state_text(state, reason)
            )
            device = self._device_names[kind]
            device = device[:1].lower() + device[1:]
            if supervisor.plugged(kind):
                button.setText(QCoreApplication.translate("SettingsPage", "Unplug (training)"))
                button.setAccessibleName(
                    QCoreApplication.translate("SettingsPage", "Unplug the %1 (training)").replace(
                        "%1", device
                    )
                )
            else:
                button.setText(QCoreApplication.translate("SettingsPage", "Plug back in"))
                button.setAccessibleName(
                    QCoreApplication.translate("SettingsPage", "Plug the %1 back in").replace(
                        "%1", device
                    )
                )

    def toggle_cable(self, kind: Modality) -> None:
        """Pull or plug back the simulator's cable; the lights follow within a second."""
        supervisor = self._supervisor()
        if supervisor is None:
            return
        name = self._device_names[kind]
        try:
            if supervisor.plugged(kind):
                supervisor.unplug(kind)
                self.status.info(
                    QCoreApplication.translate(
                        "SettingsPage",
                        "%1 is unplugged (training). Try a capture to see what happens.",
                    ).replace("%1", name)
                )
            else:
                supervisor.plug_in(kind)
                self.status.ok(
                    QCoreApplication.translate(
                        "SettingsPage", "%1 is plugged back in (training)."
                    ).replace("%1", name)
                )
        except KnownError as error:
            self.status.error(explain(error))
        self._show_cables()

    def _apply_choice(self, config: devices.DeviceConfig, kind: Modality, backend: str) -> None:
        """Hand the saved choice to the app's supervisor, and say when it applies."""
        supervisor = self._supervisor()
        applied = supervisor.use(config).get(kind, devices.Applied.NOW) if supervisor else None
        if applied is None:
            said = QCoreApplication.translate(
                "SettingsPage", "%1 will use %2 from the next start of FieldKit."
            )
        elif applied is devices.Applied.NOW:
            said = QCoreApplication.translate("SettingsPage", "%1 now uses %2.")
        elif applied is devices.Applied.WHEN_IDLE:
            said = QCoreApplication.translate(
                "SettingsPage", "%1 will use %2 as soon as it finishes what it is doing."
            )
        elif applied is devices.Applied.AFTER_RECORDING:
            said = QCoreApplication.translate(
                "SettingsPage",
                "%1 will use %2 when the recording on the Enrollment screen ends: "
                "it is using the device now.",
            )
        else:
            said = QCoreApplication.translate(
                "SettingsPage",
                "%1 will use %2 when training mode is off: in training the simulated "
                "devices are used.",
            )
        name = self._device_names[kind]
        said = said.replace("%1", name).replace("%2", backend)
        if applied in {None, devices.Applied.NOW}:
            self.status.ok(said)
        else:
            self.status.info(said)  # not done yet: what it waits for, not a tick
