"""Settings: devices and backends, language, data center, the admin's thresholds, my card.

Pinning a backend writes ``devices.json`` exactly as ``fieldkit devices use``
does (``DeviceConfig.use``/``auto``/``save``), and the app's device supervisor
takes it at once (or when the recording on screen ends).  The devices' states are
the supervisor's, as Beranda shows them.  The language is saved beside
the store and applies at the next start: the screens are built once, and a
half-translated window would be worse than a clear restart notice.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from drivers import Modality, SerialPort
from drivers.registry import available_backends
from fieldkit import devices, logs, training_mode
from fieldkit.errors import InvalidInput, KnownError
from fieldkit.events import DeviceStatus, RulesChanged
from fieldkit.permissions import may_administer
from sync.client import config
from ui import crashlog, i18n, workers
from ui.card_login import CardBindBox, first_pcsc_reader
from ui.common import StatusLine, fit_columns, read_only_table, tip_cells
from ui.design import theme
from ui.design.empty import empty_state
from ui.design.pill import pill_column
from ui.design.tokens import Spacing, ThemeName
from ui.device_catalogue import backend_text, device_detail
from ui.messages import explain, explain_any
from ui.officers_box import OfficersBox
from ui.rules_box import RulesBox
from ui.settings_devices import STATE_COLUMN, DeviceStates
from ui.unsaved import mark_saved

if TYPE_CHECKING:
    from collections.abc import Callable

    from fieldkit.devices import DeviceSupervisor
    from fieldkit.workspace import Workspace
    from ui.bridge import EventBridge

log = logging.getLogger(__name__)

AUTO = "auto"


class SettingsPage(DeviceStates, QWidget):
    devices_listed = Signal(object)
    # The serial ports were listed (a list of SerialPort) or could not be (the error).
    ports_listed = Signal(object)
    # Training mode chosen (True) or left (False); the main window switches the devices.
    training_changed = Signal(bool)
    # A new officer made their first login here: the window is now theirs (an OfficerInfo).
    officer_switched = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        simulated: Callable[[], bool] | None = None,
        parent: QWidget | None = None,
        *,
        supervisor: Callable[[], DeviceSupervisor | None] | None = None,
    ) -> None:
        """``supervisor`` gives the app's device supervisor (replaced when training switches)."""
        super().__init__(parent)
        self.workspace = workspace
        self._simulated = simulated or (lambda: True)
        self._supervisor = supervisor or (lambda: None)
        self._task: workers.Task | None = None
        # Kept referenced until the next listing (never dropped in its own slot, while its
        # signal is still being delivered); ``_listing_ports`` says one is under way.
        self._ports_task: workers.Task | None = None
        self._listing_ports = False
        self._device_names = {
            Modality.FACE: self.tr("Face camera"),
            Modality.FINGERPRINT: self.tr("Fingerprint scanner"),
            Modality.IRIS: self.tr("Iris camera"),
            Modality.SIGNATURE: self.tr("Signature pad"),
            Modality.CARD: self.tr("Card reader"),
        }
        # Two columns that each fit a 1280x720 window: devices and my card on the left,
        # language, data center and the admin's thresholds on the right.
        left = QVBoxLayout()
        left.addWidget(self._devices_box(), 1)
        self.card_box = CardBindBox(workspace, first_pcsc_reader)
        left.addWidget(self.card_box)
        left.addWidget(self._training_box())  # simulators are a choice about the devices
        left.addWidget(self._log_box())
        right = QVBoxLayout()
        right.addWidget(self._language_box())
        right.addWidget(self._theme_box())
        right.addWidget(self._datacenter_box())
        self.status = StatusLine()
        self.thresholds_box = self._thresholds_box()
        right.addWidget(self.thresholds_box)
        # Every officer sees it: anyone logged in opens a newcomer's first login.
        self.officers_box = OfficersBox(workspace)
        self.officers_box.officer_switched.connect(self.officer_switched)
        right.addWidget(self.officers_box)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.status)

    # --- devices ---------------------------------------------------------------------

    def _devices_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Devices and backends"))
        layout = QVBoxLayout(box)
        self.devices_table = QTableWidget(0, 4)
        self.devices_table.setHorizontalHeaderLabels(
            [self.tr("Device"), self.tr("Backend"), self.tr("State"), self.tr("Detail")]
        )
        read_only_table(self.devices_table)
        self.devices_table.setAccessibleName(self.tr("Devices table"))
        # Half a 1280-px window has no room for four whole columns: the device, its module
        # and the detail share what the pill leaves, in proportion, each wrapping onto a
        # second line rather than cut ("Rincian" and its detail were cut to "ki…" beside
        # whole columns, issue 47 D9).
        pill_column(self.devices_table, STATE_COLUMN)  # the state as Beranda's pills say it
        fit_columns(self.devices_table, stretch=(0, 1, 3), wrap=True)
        # Room for every device on two lines: the card reader's row was under the fold.
        two_lines = 2 * self.devices_table.fontMetrics().lineSpacing() + Spacing.m
        header_height = self.devices_table.horizontalHeader().sizeHint().height()
        self.devices_table.setMinimumHeight(header_height + len(Modality) * two_lines)
        self.devices_empty = empty_state(
            self.devices_table,
            self.tr("No device is listed yet."),
            self.tr('Press "Check devices now" to look for the devices.'),
        )
        self.list_button = QPushButton(self.tr("Check devices now"))
        self.list_button.clicked.connect(self.list_devices)
        pin = QHBoxLayout()
        self.pin_kind = QComboBox()
        self.pin_kind.setAccessibleName(self.tr("Device to pin"))
        for kind in Modality:
            self.pin_kind.addItem(self._device_names[kind], kind.value)
        self.pin_backend = QComboBox()
        self.pin_backend.setAccessibleName(self.tr("Backend to use"))
        self.pin_kind.currentIndexChanged.connect(self._fill_backends)
        self.pin_backend.currentIndexChanged.connect(self._backend_chosen)
        self.pin_options = QLineEdit()
        # The serial port as this system names it: COM3 on Windows, /dev/ttyUSB0 on Linux.
        self.pin_options.setPlaceholderText(
            "port=COM3" if sys.platform == "win32" else "port=/dev/ttyUSB0"
        )
        self.pin_options.setAccessibleName(self.tr("Backend options"))
        self.pin_button = QPushButton(self.tr("Use this backend"))
        self.pin_button.clicked.connect(self.pin)
        for widget in (self.pin_kind, self.pin_backend):
            pin.addWidget(widget, 1)
        self.port_row = self._port_row()
        options = QHBoxLayout()
        options.addWidget(self.pin_options, 1)
        options.addWidget(self.pin_button)
        self.pinned_label = QLabel()
        self.pinned_label.setWordWrap(True)
        layout.addWidget(self.devices_table, 1)
        layout.addWidget(self.list_button)
        layout.addLayout(pin)
        layout.addWidget(self.port_row)
        layout.addLayout(options)
        layout.addWidget(self.pinned_label)
        self._fill_backends()
        self._show_devices()
        return box

    def _port_row(self) -> QWidget:
        """The system's serial ports for a scanner or pad on a USB-UART adapter (COM5 on Windows).

        Shown only while such a backend is chosen; choosing a port writes ``port=...``
        into the options and keeps whatever else was typed there.
        """
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("Serial port"))
        self.pin_port = QComboBox()
        self.pin_port.setAccessibleName(self.tr("Serial port"))
        self.pin_port.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        # Short enough that the row never widens the column (a sideways scroll bar at 1366).
        self.pin_port.setMinimumContentsLength(8)
        self.pin_port.activated.connect(self._port_chosen)
        label.setBuddy(self.pin_port)
        self.refresh_ports_button = QPushButton(self.tr("Refresh the port list"))
        self.refresh_ports_button.clicked.connect(self.list_ports)
        layout.addWidget(label)
        layout.addWidget(self.pin_port, 1)
        layout.addWidget(self.refresh_ports_button)
        row.setVisible(False)
        return row

    def _backend_chosen(self) -> None:
        kind = Modality(str(self.pin_kind.currentData()))
        backend = self.pin_backend.currentData()
        on_a_port = isinstance(backend, str) and devices.takes_serial_port(kind, backend)
        self.port_row.setVisible(on_a_port)
        if on_a_port:
            self.list_ports()

    def list_ports(self) -> None:
        """List the serial ports on a worker thread; :attr:`ports_listed` fires after."""
        if self._listing_ports:
            return  # one listing at a time; the one under way is as fresh
        self._listing_ports = True
        self.refresh_ports_button.setEnabled(False)
        self._ports_task = workers.start(
            devices.list_serial_ports, self._ports_found, self._ports_failed
        )

    def _ports_found(self, result: object) -> None:
        self._listing_ports = False
        self.refresh_ports_button.setEnabled(True)
        ports = [p for p in result if isinstance(p, SerialPort)] if isinstance(result, list) else []
        self.pin_port.clear()
        if not ports:
            self._no_ports()
            self.ports_listed.emit(ports)
            return
        self.pin_port.setPlaceholderText(self.tr("Choose the adapter's port"))
        for port in ports:  # the USB-UART bridges first, as listed
            words = port.description or port.bridge
            text = self.tr("%1 — %2").replace("%2", words) if words else "%1"
            self.pin_port.addItem(text.replace("%1", port.device), port.device)
            if port.bridge is not None:
                tip = self.tr("USB-UART adapter %1 (USB %2:%3)")
                tip = (
                    tip.replace("%1", port.bridge)
                    .replace("%2", f"{port.vid or 0:04X}")
                    .replace("%3", f"{port.pid or 0:04X}")
                )
                self.pin_port.setItemData(
                    self.pin_port.count() - 1, tip, Qt.ItemDataRole.ToolTipRole
                )
        try:
            typed = _options(self.pin_options.text()).get("port")
        except InvalidInput:
            typed = None
        self.pin_port.setCurrentIndex(self.pin_port.findData(typed) if typed else -1)
        self.ports_listed.emit(ports)

    def _ports_failed(self, error: object) -> None:
        self._listing_ports = False
        self.refresh_ports_button.setEnabled(True)
        self.pin_port.clear()
        self._no_ports()
        self.status.error(explain_any(error))
        self.ports_listed.emit(error)

    def _no_ports(self) -> None:
        """Say so in the combo itself, where the person looks for the port.

        The combo stays enabled: a disabled one greys the words out (hard to read on a
        laptop in daylight) and a screen reader skips it.  The item carries no port.
        """
        self.pin_port.setPlaceholderText("")  # with one, Qt would leave the item unselected
        self.pin_port.addItem(self.tr("No serial port detected"))
        self.pin_port.setCurrentIndex(0)

    def _port_chosen(self, index: int) -> None:
        port = self.pin_port.itemData(index)
        if isinstance(port, str):
            self.pin_options.setText(devices.with_option(self.pin_options.text(), "port", port))

    def _fill_backends(self) -> None:
        kind = Modality(str(self.pin_kind.currentData()))
        self.pin_backend.clear()
        self.pin_backend.addItem(self.tr("automatic"), AUTO)
        for backend in available_backends(kind):
            self.pin_backend.addItem(backend_text(backend), backend)

    def list_devices(self) -> None:
        """Check on a worker thread (up to a few seconds); :attr:`devices_listed` fires after.

        With the app's supervisor, it is asked to look at its devices now: a second
        probe would open a serial port the supervisor holds, and call it broken.
        """
        sim = self._simulated()
        config = devices.DeviceConfig.load(self.workspace.directory)
        supervisor = self._supervisor()
        self.list_button.setEnabled(False)
        self.status.info(self.tr("Looking for devices…"))
        if not self.port_row.isHidden():
            self.list_ports()  # an adapter plugged in since shows in the port list too
        work: Callable[[], object] = (
            supervisor.check_now
            if supervisor is not None
            else lambda: devices.list_devices(sim=sim, config=config)
        )
        self._task = workers.start(work, self._listed, self._list_failed)

    def _listed(self, result: object) -> None:
        self.list_button.setEnabled(True)
        reports = (
            [r for r in result if isinstance(r, devices.DeviceReport)]
            if isinstance(result, list)
            else []
        )
        self.devices_table.setRowCount(len(reports))
        for row, report in enumerate(reports):
            status = report.status
            self._show_row(
                row,
                report.kind,
                report.backend or "-",
                state=status.state.value,
                reason=status.reason.value,
                detail=device_detail(status.reason, status.error, status.detail),
            )
        tip_cells(self.devices_table)
        self._show_cables()
        self.status.ok(self.tr("%n device(s) checked.", "", len(reports)))
        self.devices_listed.emit(reports)

    def _list_failed(self, error: object) -> None:
        self.list_button.setEnabled(True)
        self.status.error(explain_any(error))
        self.devices_listed.emit(error)

    def pin(self) -> None:
        kind = Modality(str(self.pin_kind.currentData()))
        backend = str(self.pin_backend.currentData())
        try:
            options = _options(self.pin_options.text())
            config = devices.DeviceConfig.load(self.workspace.directory)
            if backend == AUTO:
                config.auto(kind)
            else:
                config.use(kind, backend, options)
            config.save(self.workspace.directory)
        except KnownError as error:
            self.status.error(explain(error))
            return
        mark_saved(self.pin_options)
        self._show_pinned()
        self._apply_choice(config, kind, self.pin_backend.currentText())

    def _show_pinned(self) -> None:
        config = devices.DeviceConfig.load(self.workspace.directory)
        if not config.choices:
            self.pinned_label.setText(self.tr("Every device is detected automatically."))
            return
        pinned = ", ".join(
            f"{self._device_names[kind]}: {backend_text(backend)}"
            # By name: a Modality does not order, and two pinned devices crashed the screen.
            for kind, (backend, _options) in sorted(
                config.choices.items(), key=lambda choice: choice[0].value
            )
        )
        self.pinned_label.setText(self.tr("Pinned: %1").replace("%1", pinned))

    # --- language --------------------------------------------------------------------

    # --- training mode ----------------------------------------------------------------

    def _training_box(self) -> QGroupBox:
        """Training with the simulators on this (real) store: chosen here, never by itself."""
        box = QGroupBox(self.tr("Training mode"))
        layout = QVBoxLayout(box)
        self.training_check = QCheckBox(self.tr("Train with the simulated devices (LATIHAN)"))
        state = training_mode.training_state(self.workspace)
        self._training_store = state.training_store
        self.training_check.setChecked(state.training_mode)
        self.training_check.setEnabled(not self._training_store)
        self.training_check.toggled.connect(self.set_training)
        # One line: the screen must fit 1366x768; the why is in the tooltip.
        self.training_check.setToolTip(
            self.tr(
                "Training records go to a visit of their own (Desa Latihan): they are never "
                "sent and never appear in a report. Real visits cannot be recorded meanwhile."
            )
        )
        layout.addWidget(self.training_check)
        layout.addLayout(self._cables_grid())
        return box

    def set_training(self, on: bool) -> None:
        try:
            training_mode.set_training_mode(self.workspace, on=on)
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.training_changed.emit(on)
        if on:
            self.status.ok(self.tr("Training mode is on: the simulated devices are in use."))
        else:
            self.status.ok(self.tr("Training mode is off: the real devices are in use."))

    # --- log files ------------------------------------------------------------------

    def _log_box(self) -> QGroupBox:
        """Where the log files are, for a support call: readable, selectable, one click to open."""
        box = QGroupBox(self.tr("Log files"))
        row = QHBoxLayout(box)
        self.log_folder = QLineEdit(str(logs.current_folder()))
        self.log_folder.setReadOnly(True)  # select and copy; a long path scrolls, never widens
        self.log_folder.setAccessibleName(self.tr("Log folder"))
        self.log_folder.setToolTip(self.log_folder.text())
        self.log_folder.setCursorPosition(0)
        self.open_logs_button = QPushButton(self.tr("Open the log folder"))
        self.open_logs_button.clicked.connect(self.open_log_folder)
        row.addWidget(self.log_folder, 1)
        row.addWidget(self.open_logs_button)
        return box

    def open_log_folder(self) -> None:
        if not crashlog.open_folder(logs.current_folder()):
            self.status.error(self.tr("Cannot open the folder; its path is shown under Log files."))

    def _language_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Language"))
        form = QFormLayout(box)
        self.language = QComboBox()
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(i18n.active_language()))
        self.save_language_button = QPushButton(self.tr("Save language"))
        self.save_language_button.clicked.connect(self.save_language)
        self.language_note = QLabel()
        self.language_note.setWordWrap(True)
        self.language_note.setAccessibleName(self.tr("Language note"))
        choice = QHBoxLayout()
        choice.addWidget(self.language, 1)
        choice.addWidget(self.save_language_button)
        form.addRow(self.tr("Language of the app"), choice)
        form.addRow(self.language_note)
        self.language.setAccessibleName(self.tr("Language of the app"))
        return box

    def save_language(self) -> None:
        code = str(self.language.currentData())
        try:
            i18n.save_language(self.workspace.directory, code)
        except OSError as error:
            self.status.error(
                self.tr("Cannot save the language: %1").replace("%1", error.strerror or "")
            )
            return
        if code == i18n.active_language():
            self.language_note.setText("✔ " + self.tr("Saved. This language is already in use."))
        else:
            self.language_note.setText(
                "ℹ " + self.tr("Saved. Restart the app to apply the language.")  # noqa: RUF001
            )

    # --- theme -------------------------------------------------------------------------

    def _theme_box(self) -> QGroupBox:
        """Light, dark or high contrast, or as Windows has it: applied at once, kept per laptop."""
        box = QGroupBox(self.tr("Theme"))
        form = QFormLayout(box)
        self.theme_choice = QComboBox()
        self.theme_choice.setAccessibleName(self.tr("Theme of the app"))
        for choice, words in (
            (ThemeName.SYSTEM, self.tr("Follow Windows")),
            (ThemeName.LIGHT, self.tr("Light")),
            (ThemeName.DARK, self.tr("Dark")),
            (ThemeName.HIGH_CONTRAST, self.tr("High contrast")),
        ):
            self.theme_choice.addItem(words, choice.value)
        self.theme_choice.setCurrentIndex(self.theme_choice.findData(theme.current_choice().value))
        self.theme_choice.activated.connect(self.choose_theme)
        form.addRow(self.tr("Theme of the app"), self.theme_choice)
        return box

    def choose_theme(self, _index: int = -1) -> None:
        choice = ThemeName(str(self.theme_choice.currentData()))
        try:
            theme.choose(choice, self.workspace.directory)
        except OSError as error:
            self.status.error(
                self.tr("Cannot save the theme: %1").replace("%1", error.strerror or "")
            )

    # --- data center and thresholds --------------------------------------------------------

    def _datacenter_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Data center"))
        form = QFormLayout(box)
        self.datacenter_url = QLabel()
        self.datacenter_url.setWordWrap(True)
        self.datacenter_state = QLabel()
        self.datacenter_state.setWordWrap(True)
        form.addRow(self.tr("Address"), self.datacenter_url)
        form.addRow(self.tr("Registration"), self.datacenter_state)
        return box

    def _thresholds_box(self) -> RulesBox:
        """The office's enrollment rules; only an admin sees and changes them."""
        box = RulesBox(self.workspace, self.status)
        self.threshold_inputs = box.threshold_inputs
        self.attempts_input = box.attempts_input
        self.freeze_days_input = box.freeze_days_input
        self.freeze_waiting_input = box.freeze_waiting_input
        self.save_rules_button = box.save_button
        box.setVisible(may_administer(self.workspace.officer))
        return box

    def _show_rules(self) -> None:
        self.thresholds_box.show_rules()

    def save_rules(self) -> None:
        self.thresholds_box.save()

    def follow(self, bridge: EventBridge) -> None:
        """Rules changed elsewhere (the CLI, another admin) and the devices' states show here."""
        bridge.subscribe(RulesChanged, lambda _e: self._rules_changed(), self)
        bridge.subscribe(DeviceStatus, self._device_changed, self)

    def _rules_changed(self) -> None:
        if may_administer(self.workspace.officer):
            self._show_rules()

    def refresh(self) -> None:
        link = config.data_center_link(self.workspace)
        self.datacenter_url.setText(link.url if link.url is not None else self.tr("not set"))
        self.datacenter_state.setText(
            "✔ " + self.tr("enrolled: records are sealed to the data center's key")
            if link.enrolled
            else "⚠ " + self.tr("not enrolled: records are sealed with the demo key")
        )
        self._show_pinned()
        if self._supervisor() is not None:
            self._show_devices()  # the supervisor's states, as Beranda's lights
        self._show_cables()
        if may_administer(self.workspace.officer):
            self._show_rules()


def _options(text: str) -> dict[str, str]:
    """``port=/dev/ttyUSB0, baud=57600`` as the CLI's ``--option`` pairs."""
    options = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(code="device_option_format", params={"item": part})
        options[key.strip()] = value.strip()
    return options
