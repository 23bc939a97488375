"""One click, one thing: a double click on a push button acts once.

Officers double-click out of habit (a desktop icon, a file).  On a button that
creates something, that made two: three identical visits from one "Jadwalkan
kunjungan", two letter numbers from one "Buat", a sealed record and then the
Draf tab's "Pilih dulu draf" under the second click.  Guarding each handler would
leave the next new button unguarded; this filter sits on the application and
drops a press that lands on the same push button within the system's
double-click interval of the press it accepted, together with that press's
release.  Toggle buttons and every other widget are left alone, and so is the
keyboard: a key press is a deliberate act, not a habit of the mouse.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractButton, QApplication

log = logging.getLogger(__name__)

#: Dynamic properties kept on the button itself, so nothing outlives it.
_ACCEPTED_AT = "_fieldkit_press_accepted_at"
_DROPPING = "_fieldkit_dropping_press"
_PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)


class OneClickGuard(QObject):
    """An application event filter: a push button's second press in a double click is dropped."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind not in (*_PRESSES, QEvent.Type.MouseButtonRelease):
            return False
        if not isinstance(watched, QAbstractButton) or watched.isCheckable():
            return False
        if kind is QEvent.Type.MouseButtonRelease:
            dropping = bool(watched.property(_DROPPING))
            watched.setProperty(_DROPPING, False)  # noqa: FBT003 - Qt's QVariant
            return dropping
        now = time.monotonic()
        accepted_at = watched.property(_ACCEPTED_AT)
        interval_s = QApplication.doubleClickInterval() / 1000
        if isinstance(accepted_at, float) and now - accepted_at < interval_s:
            log.info("dropped the second click of a double click on a button")
            # A burst of clicks acts once: each dropped press extends the quiet time.
            watched.setProperty(_ACCEPTED_AT, now)
            watched.setProperty(_DROPPING, True)  # noqa: FBT003 - Qt's QVariant
            return True
        watched.setProperty(_ACCEPTED_AT, now)
        return False


def install(app: QApplication) -> OneClickGuard:
    """Guard every push button of ``app``, the ones made later included."""
    guard = OneClickGuard(app)
    app.installEventFilter(guard)
    return guard
