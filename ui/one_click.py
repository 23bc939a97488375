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

The second press of a double click is dropped too when it lands on *another*
push button, at the spot where a button has just taken the first.  The first
click changed the screen under the mouse (Perekaman's "Selesai dan segel" seals
the record and shows the start screen, whose Draf tab has "Lanjutkan draf" at
that place: "Pilih dulu draf"), and the second click was never meant for what
appeared there; the rule above did not see it, being about one button.  Qt
itself tells such a press apart: it arrives as a double-click event, not as a
press, at whatever widget is under the mouse by then.  A press on another
button elsewhere, or after the first press missed every button, is a click of
its own and acts.

Why here, and not on the buttons that happen to be uncovered: any screen can
put a button where the last one was (the next page, a dialog), and the next
button made would be unguarded again; keeping a different button away from
that spot would move controls officers know by place; and a button that ignored
clicks for a moment after its page appeared would also ignore a deliberate one.
Here nothing moves and nothing waits: only the double click's own second press
is dropped, by Qt's own measure of a double click.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog

if TYPE_CHECKING:
    from collections.abc import Callable

log = logging.getLogger(__name__)

#: Dynamic properties kept on the button itself, so nothing outlives it.
_ACCEPTED_AT = "_fieldkit_press_accepted_at"
_DROPPING = "_fieldkit_dropping_press"
_PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)
#: What counts as the officer's activity for the idle lock (``ui.activity``).
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class OneClickGuard(QObject):
    """An application event filter: a push button's second press in a double click is dropped."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: When (by our clock and by the window system's) and where (on the screen) a push
        #: button last took a press, whichever it was.
        self._last_press: tuple[float, int, QPointF] | None = None
        #: Told of every key, click, wheel or touch (the idle lock's activity).  Heard here
        #: rather than by a second application filter: each one makes every event of the
        #: app (paints, timers, a screen reader's calls) a call into Python, and two made
        #: each look of the accessibility reader a quarter slower (issue 35).
        self.on_activity: list[Callable[[], None]] = []
        #: Told of each dialog window that hides (``ui.refocus``), here for the same reason.
        self.on_dialog_hidden: list[Callable[[QDialog], None]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        self._tell_listeners(kind, watched)
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
        if kind is QEvent.Type.MouseButtonDblClick and self._first_press_took_a_button(
            event, now, interval_s
        ):
            log.info("dropped the second click of a double click: the first acted on a button")
            watched.setProperty(_DROPPING, True)  # noqa: FBT003 - Qt's QVariant
            return True
        watched.setProperty(_ACCEPTED_AT, now)
        if isinstance(event, QMouseEvent):
            self._last_press = (now, event.timestamp(), event.globalPosition())
        return False

    def _tell_listeners(self, kind: QEvent.Type, watched: QObject) -> None:
        """What others hear through this one filter: the officer's activity, a dialog hiding."""
        if kind in ACTIVITY:
            for heard in self.on_activity:
                heard()
        elif kind is QEvent.Type.Hide and isinstance(watched, QDialog) and watched.isWindow():
            for hidden in list(self.on_dialog_hidden):
                hidden(watched)

    def _first_press_took_a_button(self, event: QEvent, now: float, interval_s: float) -> bool:
        """Whether this double click's first press was taken by a push button (another one).

        Only then is the second press dropped: after a first press that missed every
        button (just beside it), the second is the officer's own try again.
        """
        if self._last_press is None or not isinstance(event, QMouseEvent):
            return False
        pressed_at, pressed_stamp, where = self._last_press
        distance = (event.globalPosition() - where).manhattanLength()
        near = distance <= QApplication.styleHints().mouseDoubleClickDistance()
        # The window system's timestamps say when the person pressed; our clock says when
        # we got to it.  A first click that sealed a record on a busy laptop keeps the
        # event loop longer than the interval, yet the second press came at once.
        pressed_stamps_apart = event.timestamp() - pressed_stamp
        soon = now - pressed_at < interval_s or 0 <= pressed_stamps_apart < interval_s * 1000
        return soon and near


def install(app: QApplication) -> OneClickGuard:
    """Guard every push button of ``app``, the ones made later included."""
    guard = OneClickGuard(app)
    app.installEventFilter(guard)
    return guard
