"""Pages whose screens arrive with their own issues (enrollment, sync).

Each says plainly what is coming, so the navigation is complete today and an
officer who clicks it is not left guessing.  ``MainWindow.replace_page`` puts
the real screen in the same slot when it lands.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class _ComingPage(QWidget):
    def __init__(self, title: str, body: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(f"<h2>{title}</h2>")
        self.message = QLabel(body)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def refresh(self) -> None:
        """Nothing to load yet."""


class EnrollmentPlaceholder(_ComingPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Enrollment"),
            self.tr(
                "The enrollment screen is coming in the next release. Until then, record "
                "people with the fieldkit command on this laptop."
            ),
            parent,
        )


class SyncPlaceholder(_ComingPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Sync"),
            self.tr(
                "The sync screen is coming in the next release. Until then, send records to "
                "the data center with the command: fieldkit sync"
            ),
            parent,
        )
