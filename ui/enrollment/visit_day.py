"""Starting a person on a visit planned for another day: said before the first capture.

Issue 36, finding 3: a walk-in started on next week's visit gave no sign.  The record
would have gone into next week's berita acara and the day's rekap would have missed
it.  Recording on another day stays possible (a team goes a day early, or finishes
yesterday's list), so this is a question, not a refusal: go on with this visit, or
pick today's visit (when there is one), or go back.  Enter and Esc both take the safe
answer: nothing starts unless "Record on this visit" is pressed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from fieldkit.enrollment import screen
from fieldkit.errors import KnownError
from ui.enrollment.header import day_in_words
from ui.messages import explain

if TYPE_CHECKING:
    from collections.abc import Callable

    from fieldkit.enrollment.screen import VisitDay
    from ui.enrollment.host import EnrollmentHost


class VisitDayQuestion(QMessageBox):
    """The officer's choice: record on another day's visit, or pick today's, or go back."""

    def __init__(self, day: VisitDay, parent: QWidget | None = None) -> None:
        title = QCoreApplication.translate("VisitDayQuestion", "Not today's visit")
        super().__init__(QMessageBox.Icon.Warning, title, title, parent=parent)
        self.setObjectName("visit_day_question")
        self.setAccessibleName(title)
        planned = day_in_words(day.visit_date)
        self.setText(
            QCoreApplication.translate(
                "VisitDayQuestion", "This visit is planned for %1, not today."
            ).replace("%1", planned)
        )
        self.setInformativeText(
            QCoreApplication.translate(
                "VisitDayQuestion",
                "Today is %1. The record keeps today's date, but it is counted in this "
                "visit's berita acara. Record on this visit only if that is right.",
            ).replace("%1", day_in_words(day.today))
        )
        self.go_on: QPushButton = self.addButton(
            QCoreApplication.translate("VisitDayQuestion", "Record on this visit"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        self.pick_today: QPushButton | None = None
        if day.todays_visit_id is not None:
            self.pick_today = self.addButton(
                QCoreApplication.translate("VisitDayQuestion", "Pick today's visit"),
                QMessageBox.ButtonRole.ActionRole,
            )
        self.back: QPushButton = self.addButton(
            QCoreApplication.translate("VisitDayQuestion", "Back"),
            QMessageBox.ButtonRole.RejectRole,
        )
        # The safe answer for Enter as for Esc: today's visit, or back to the list.
        self.setDefaultButton(self.pick_today or self.back)
        self.setEscapeButton(self.back)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)


def start_on_its_day(
    host: EnrollmentHost, parent: QWidget, visit_id: str, begin: Callable[[], None]
) -> VisitDayQuestion | None:
    """``begin`` at once on today's visit; on another day's, after the officer says so.

    Returns the question while it is open (window-modal, not blocking), else None.
    "Pick today's visit" chooses it in the page's picker and starts nothing: the
    person is started again there (a walk-in's form stays filled).
    """
    try:
        day = screen.visit_day(host.workspace, visit_id)
    except KnownError as error:
        host.status.error(explain(error))
        return None
    if day.is_today:
        begin()
        return None
    question = VisitDayQuestion(day, parent)
    question.go_on.clicked.connect(begin)
    todays = day.todays_visit_id
    if question.pick_today is not None and todays is not None:

        def pick_today() -> None:
            host.visit.select(todays)
            host.status.info(
                QCoreApplication.translate(
                    "VisitDayQuestion", "Today's visit is chosen: start the person again here."
                )
            )

        question.pick_today.clicked.connect(pick_today)
    question.open()
    return question
