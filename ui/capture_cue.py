"""The cue that a capture was taken by itself: seen, heard, and told to a screen reader.

Auto-capture takes the picture while the petugas looks at the person, not the screen,
and the person may be blind; a silent capture would leave both wondering whether to
hold still any longer.  So each auto-capture flashes the preview's frame, sounds once
and is announced to a screen reader (Qt 6.8's ``QAccessibleAnnouncementEvent``).

Sound: PySide6-Essentials has no QtMultimedia.  On Windows (the users' laptops)
``winsound.MessageBeep`` plays the system's "OK" sound asynchronously; elsewhere
``QApplication.beep()`` rings the display's bell.  Neither may crash a laptop with no
sound device: a failure is logged and the visible cue stays.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QApplication, QWidget

from ui.design import repolish

log = logging.getLogger(__name__)

#: How long the preview's frame stays lit after a capture.
FLASH_MS = 700


def sound() -> None:
    """One short "taken" sound; never raises."""
    if sys.platform == "win32":
        import winsound  # noqa: PLC0415 - Windows only

        try:
            winsound.MessageBeep(winsound.MB_OK)  # asynchronous: the GUI does not wait
        except RuntimeError:
            log.info("no sound for the capture cue (no sound device)")
        return
    QApplication.beep()


def announce(widget: QWidget, text: str) -> None:
    """Tell a screen reader ``text`` now, without moving its focus."""
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))


def flash(widget: QWidget) -> None:
    """Light ``widget``'s frame for a moment, in the theme's success colour."""
    widget.setProperty("flash", "true")
    repolish(widget)
    QTimer.singleShot(FLASH_MS, widget, lambda: _unflash(widget))


def _unflash(widget: QWidget) -> None:
    widget.setProperty("flash", "")
    repolish(widget)


def taken(widget: QWidget, text: str) -> None:
    """All three cues for one capture taken by itself."""
    flash(widget)
    sound()
    announce(widget, text)
