"""Tinjauan's third tab: everyone to visit again and why, the family's contact, a new visit.

Apart from the ketua tim's queue (``ui.review_page``) because it changes with the
revisit list, not with the review; its words keep the page's translation context
(``ReviewPage``), so the catalogue's translations carry over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import KnownError
from fieldkit.permissions import may_contact, may_plan
from fieldkit.review import revisits
from ui.common import date_of, fit_columns, read_only_table, row_key, tip_cells
from ui.dates import date_edit, date_text
from ui.design.empty import empty_state
from ui.messages import explain
from ui.sync_catalogue import refusal_text

if TYPE_CHECKING:
    import datetime as dt

    from fieldkit.workspace import Workspace
    from ui.common import StatusLine
    from ui.review_words import ReviewWords

#: A bare call, which lupdate extracts with its literal context.
translate = QCoreApplication.translate


def cell(text: str, key: str | None = None) -> QTableWidgetItem:
    """A table cell, with the row's id kept in the first one."""
    item = QTableWidgetItem(text)
    if key is not None:
        item.setData(Qt.ItemDataRole.UserRole, key)
    return item


class RevisitsTab(QWidget):
    """The revisit list; the family's contact (who may call) and a new visit (who plans)."""

    #: A contact or a plan was recorded: the page redraws its lists.
    changed = Signal()

    def __init__(self, workspace: Workspace, words: ReviewWords, status: StatusLine) -> None:
        super().__init__()
        self.workspace = workspace
        self.words = words
        self.status = status
        officer = workspace.officer
        self.may_plan = may_plan(officer)
        self.may_call = may_contact(officer)
        self._build()

    def _build(self) -> None:
        self.revisit_table = QTableWidget(0, 5)
        self.revisit_table.setHorizontalHeaderLabels(
            [
                translate("ReviewPage", "Name"),
                translate("ReviewPage", "NIK"),
                translate("ReviewPage", "Why"),
                translate("ReviewPage", "Date"),
                translate("ReviewPage", "Family"),
            ]
        )
        self.revisit_table.setAccessibleName(translate("ReviewPage", "People to visit again"))
        read_only_table(self.revisit_table)
        fit_columns(self.revisit_table, stretch=(2,))
        self.revisit_empty = empty_state(self.revisit_table, *self.words.empty_revisits)

        self.notified_button = QPushButton(translate("ReviewPage", "Family notified"))
        self.notified_button.setAccessibleName(translate("ReviewPage", "Family notified"))
        self.notified_button.clicked.connect(
            lambda: self.record_contact(revisits.ContactResult.NOTIFIED)
        )
        self.unreachable_button = QPushButton(translate("ReviewPage", "Family unreachable"))
        self.unreachable_button.setAccessibleName(translate("ReviewPage", "Family unreachable"))
        self.unreachable_button.clicked.connect(
            lambda: self.record_contact(revisits.ContactResult.UNREACHABLE)
        )
        self.plan_date = date_edit(QDate.currentDate())
        self.plan_date.setDate(QDate.currentDate().addDays(1))
        self.plan_date.setAccessibleName(translate("ReviewPage", "Date of the revisit"))
        self.plan_button = QPushButton(translate("ReviewPage", "Plan a revisit"))
        self.plan_button.setAccessibleName(translate("ReviewPage", "Plan a revisit"))
        self.plan_button.clicked.connect(self.plan)
        row = QHBoxLayout()
        row.addWidget(self.notified_button)
        row.addWidget(self.unreachable_button)
        row.addStretch(1)
        row.addWidget(self.plan_date)
        row.addWidget(self.plan_button)
        for button in (self.notified_button, self.unreachable_button):
            button.setVisible(self.may_call)
        self.plan_date.setVisible(self.may_plan)
        self.plan_button.setVisible(self.may_plan)
        layout = QVBoxLayout(self)
        layout.addWidget(self.revisit_table, 1)
        layout.addLayout(row)

    def show_revisits(self) -> None:
        listed = revisits.list_revisits(self.workspace)
        self.revisit_table.setRowCount(len(listed))
        for row, item in enumerate(listed):
            why = self.words.sources[item.source]
            detail = item.reason  # a person's own words: the petugas', the ketua's, the operator's
            if item.source is revisits.RevisitSource.DATACENTER_REJECTED and item.reason_code:
                # The data center's reason is a code, worded here in the officer's language.
                detail = refusal_text(item.reason_code) or detail
            if detail:
                why += f": {detail}"
            when = date_text(item.revisit_date) if item.revisit_date else "-"
            family = self.words.contacts[item.contact] if item.contact else "-"
            self.revisit_table.setItem(row, 0, cell(item.name or "-", item.id))
            self.revisit_table.setItem(row, 1, cell(item.nik_masked or "-"))
            self.revisit_table.setItem(row, 2, cell(why))
            self.revisit_table.setItem(row, 3, cell(when))
            self.revisit_table.setItem(row, 4, cell(family))
        tip_cells(self.revisit_table)

    def record_contact(self, result: revisits.ContactResult) -> None:
        revisit_id = row_key(self.revisit_table)
        if revisit_id is None:
            self.status.error(translate("ReviewPage", "Choose a person on the revisit list first."))
            return
        try:
            revisits.record_contact(self.workspace, revisit_id, result)
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.status.ok(translate("ReviewPage", "Contact with the family recorded."))
        self.changed.emit()

    def plan(self) -> None:
        revisit_id = row_key(self.revisit_table)
        if revisit_id is None:
            self.status.error(translate("ReviewPage", "Choose a person on the revisit list first."))
            return
        when: dt.date = date_of(self.plan_date)
        try:
            revisits.plan_revisit(self.workspace, [revisit_id], visit_date=when)
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.status.ok(translate("ReviewPage", "Revisit planned: a new visit with this person."))
        self.changed.emit()
