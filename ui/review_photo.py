"""A proof photo of Tinjauan as large as it was kept, with the exception it proves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QPixmap


def enlarged_photo(parent: QWidget, pixmap: QPixmap, title: str) -> QDialog:
    """The dialog, open (it deletes itself when closed); ``title`` says what it proves."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(QCoreApplication.translate("ReviewPage", "Proof photo"))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    caption = QLabel(title)
    caption.setWordWrap(True)
    picture = QLabel()
    picture.setPixmap(pixmap)
    picture.setAccessibleName(title)
    close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    close.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(caption)
    layout.addWidget(picture, 0, Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(close)
    dialog.open()
    return dialog
