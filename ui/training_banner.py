"""The red LATIHAN mark: training data on screen must never be mistaken for real work."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


class TrainingBanner(QLabel):
    """A red LATIHAN mark in the menu bar, on every screen, for as long as training is on.

    Training is the demo store, a training store, or training mode on a real store
    (the simulators chosen in Settings): nothing made then is sent or reported, and
    nobody should mistake it for real work.  The menu bar's corner costs no height:
    every screen must still fit 1366x768.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(self.tr("LATIHAN · simulated devices · never sent, never in a report"))
        self.setObjectName("training_banner")
        self.setToolTip(
            self.tr(
                "Training: what is recorded now is training data. It is never sent to the "
                "data center and never appears in a report."
            )
        )
        # Its colours: QLabel#training_banner in ui.design's stylesheet, which follows the theme.
