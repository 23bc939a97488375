"""The recording header: whose record this is, and on which visit's day.

Issue 36: the person's name was cut to "Demo Sa…" to leave the step marks their
room, so an officer with two "Siti …" on one visit could not tell from the screen
whom they were recording.  The name now has a row of its own and wraps: it is never
cut.  Beside it, the NIK (never shortened either) and a chip with the visit's planned
day, which turns to the warning tone when that day is not today (a walk-in filed
under next week's visit is caught before the first capture, not in next week's
berita acara).

Colour is only a second signal: the chip's words say "bukan hari ini" too, and its
accessible description says it for a screen reader.  The chip's look is chosen by
its ``tone`` property ("neutral" or "warning"): the warning's amber is the theme's
``attention`` token, in ui.design's stylesheet (``QLabel#visit_day_chip[tone=…]``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

if TYPE_CHECKING:
    import datetime as dt

    from fieldkit.enrollment.screen import VisitDay

# The tones the chip takes; a theme styles ``QLabel#visit_day_chip[tone="..."]``.
NEUTRAL, WARNING = "neutral", "warning"
# Its look, both tones, is in ui.design's stylesheet (QLabel#visit_day_chip): the neutral
# one on the theme's neutral tint, the warning one the theme's amber with dark text
# (about 11:1 in light), readable in a sunny yard.


def day_in_words(day: dt.date) -> str:
    """``Senin, 30 November 2026`` in the app's language (QLocale's default follows it)."""
    return QLocale().toString(QDate(day), "dddd, d MMMM yyyy")


class VisitDayChip(QLabel):
    """The visit's planned day; amber, with "not today" in its words, on another day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visit_day_chip")
        self.set_tone(NEUTRAL)

    def tone(self) -> str:
        return str(self.property("tone"))

    def set_tone(self, tone: str) -> None:
        self.setProperty("tone", tone)
        # A dynamic property changed after polish restyles only when asked to.
        self.style().unpolish(self)
        self.style().polish(self)

    def show_day(self, day: VisitDay | None) -> None:
        if day is None:
            self.clear()
            self.setAccessibleName("")
            self.setAccessibleDescription("")
            self.set_tone(NEUTRAL)
            return
        planned = day_in_words(day.visit_date)
        if day.is_today:
            text = self.tr("Visit: today, %1").replace("%1", planned)
            about = self.tr("The visit is planned for today.")
        else:
            text = "⚠ " + self.tr("Visit: %1, not today").replace("%1", planned)
            about = (
                self.tr("Warning: this visit is planned for %1, not for today (%2).")
                .replace("%1", planned)
                .replace("%2", day_in_words(day.today))
            )
        self.setText(text)
        self.setToolTip(about)
        self.setAccessibleName(text)
        self.setAccessibleDescription(about)
        self.set_tone(NEUTRAL if day.is_today else WARNING)


class PersonHeader(QWidget):
    """One row above the step marks: the whole name (wrapping), the NIK, the visit's day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name_label = QLabel()
        self.name_label.setObjectName("person_name")
        self.name_label.setWordWrap(True)
        # Takes the row's room and grows downwards for a long name: never cut, never
        # widening the window (a word-wrapped label asks only for its longest word).
        self.name_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        font = self.name_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.name_label.setFont(font)
        # The NIK never shortens: it is how the officer tells two people with one name
        # apart.
        self.nik_label = QLabel()
        self.nik_label.setObjectName("person_nik")
        nik_font = self.nik_label.font()
        nik_font.setBold(True)
        self.nik_label.setFont(nik_font)
        self.chip = VisitDayChip()
        # One line high each, centred beside a name of two lines.
        for widget in (self.nik_label, self.chip):
            widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.name_label, 1)
        row.addWidget(self.nik_label)
        row.addWidget(self.chip)

    def show_person(self, name: str, nik_masked: str, day: VisitDay | None) -> None:
        # No accessible name of its own: a screen reader (and the end-to-end test) reads
        # what the label shows, so a shortened name could not hide behind a whole one.
        self.name_label.setText(name)
        self.nik_label.setText(f"NIK {nik_masked}")
        self.chip.show_day(day)

    def clear(self) -> None:
        self.name_label.clear()
        self.nik_label.clear()
        self.chip.show_day(None)
