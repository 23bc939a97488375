"""The red mark in the menu bar: training, or a simulator on a real store, never unseen.

LATIHAN says the data on screen is training data.  SIMULATOR says something worse could
happen: a simulator chosen in Pengaturan serves a real store, so what it captures would
go into a real record and, from there, onto a real KTP-el (issue 56.2).  The mark names
the devices, for as long as any simulator serves the real store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMenuBar, QWidget

from fieldkit.events import DeviceStatus
from ui.messages import device_name

if TYPE_CHECKING:
    from collections.abc import Callable

    from ui.bridge import EventBridge


class TrainingBanner(QLabel):
    """A red mark in the menu bar, on every screen: LATIHAN, or SIMULATOR on a real store.

    Training is the demo store, a training store, or training mode on a real store
    (the simulators chosen in Settings): nothing made then is sent or reported, and
    nobody should mistake it for real work.  The menu bar's corner costs no height:
    every screen must still fit 1366x768.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training_banner")
        self.show_training()
        # Its colours: QLabel#training_banner in ui.design's stylesheet, which follows the theme.

    def show_training(self) -> None:
        self.setText(self.tr("LATIHAN · simulated devices · never sent, never in a report"))
        self.setToolTip(
            self.tr(
                "Training: what is recorded now is training data. It is never sent to the "
                "data center and never appears in a report."
            )
        )

    def show_simulators(self, devices: str) -> None:
        """A simulator serves a real store: ``devices`` names them, in the person's words."""
        self.setText(
            self.tr("SIMULATOR on a real store: %1 · not for a real KTP-el").replace("%1", devices)
        )
        self.setToolTip(
            self.tr(
                "A simulator chosen in Settings serves this real store: what it captures is "
                "synthetic and must never reach a real record or a KTP-el. Choose the real "
                "device in Settings, or switch training mode on."
            )
        )


class BannerWatch:
    """Says LATIHAN in training, SIMULATOR while a simulator serves a real store, else nothing.

    Each device's status event says whether a simulator serves it; the watch keeps the
    set and shows the banner's words for it.
    """

    def __init__(
        self, menu_bar: QMenuBar, bridge: EventBridge, *, in_training: Callable[[], bool]
    ) -> None:
        """The banner goes in ``menu_bar``'s corner, which costs no height at 1366x768."""
        self.banner = TrainingBanner()
        menu_bar.setCornerWidget(self.banner, Qt.Corner.TopRightCorner)
        self._in_training = in_training
        self._simulated: set[str] = set()
        bridge.subscribe(DeviceStatus, self._device_status, self.banner)
        self.show()

    def _device_status(self, event: DeviceStatus) -> None:
        before = set(self._simulated)
        if event.simulated:
            self._simulated.add(event.kind)
        else:
            self._simulated.discard(event.kind)
        if self._simulated != before:
            self.show()

    def show(self) -> None:
        if self._in_training():
            self.banner.show_training()
            self.banner.setVisible(True)
        elif self._simulated:
            self.banner.show_simulators(
                ", ".join(device_name(kind) for kind in sorted(self._simulated))
            )
            self.banner.setVisible(True)
        else:
            self.banner.setVisible(False)
        # A screen reader hears the menu bar's items, not its corner: the window says it too.
        window = self.banner.window()
        if window is not self.banner:
            window.setAccessibleDescription(
                self.banner.text() if self.banner.isVisibleTo(window) else ""
            )
