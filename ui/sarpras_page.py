"""Sarpras: the equipment list taken out before a trip and handed back after it.

Devices are filled by their live self-tests, run on a worker thread (a
scanner can take seconds to answer); the other rows by the officer; and the
ketua tim signs.  Every change calls the same ``fieldkit.sarpras.checklist``
function as ``fieldkit sarpras checkout|checkin|sign``, which also enforces
who may do what: the page only explains it in advance.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import KnownError
from fieldkit.officers import Role
from fieldkit.sarpras import checklist
from fieldkit.sarpras.checklist import ChecklistView, ItemKind, ItemStatus, ItemView, Phase
from ui import workers
from ui.common import StatusLine, VisitPicker, read_only_table, row_key
from ui.messages import explain, explain_any

if TYPE_CHECKING:
    from collections.abc import Callable

    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

_MAX_QUANTITY = 9999


class SarprasPage(QWidget):
    self_tests_finished = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        simulated: Callable[[], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._simulated = simulated or (lambda: True)
        self._task: workers.Task | None = None
        self.view: ChecklistView | None = None
        self._why = {
            "self-test not run": self.tr("self-test not run"),
            "not checked": self.tr("not checked"),
            "quantity not entered": self.tr("quantity not entered"),
            "quantity returned not entered": self.tr("quantity returned not entered"),
            "baik / lengkap / bersih not answered": self.tr("good / complete / clean not answered"),
            "a note is needed": self.tr("a note is needed"),
        }
        self._status_words = {
            ItemStatus.OK: self.tr("✔ ok"),
            ItemStatus.FAULTY: self.tr("✖ faulty"),
            ItemStatus.MISSING: self.tr("✖ missing"),
        }

        self.status = StatusLine()
        layout = QVBoxLayout(self)
        layout.addLayout(self._top())
        layout.addWidget(self._table(), 1)
        layout.addWidget(self._editor())
        layout.addLayout(self._bottom())
        layout.addWidget(self.status)
        self._edit_selected()

    def _top(self) -> QVBoxLayout:
        self.visit = VisitPicker(self.workspace)
        self.visit.currentIndexChanged.connect(self.load)
        self.phase = QComboBox()
        self.phase.addItem(self.tr("Pre-trip (check-out)"), Phase.CHECKOUT.value)
        self.phase.addItem(self.tr("Return (check-in)"), Phase.CHECKIN.value)
        self.phase.currentIndexChanged.connect(self.load)
        self.use_sim = QCheckBox(self.tr("Test the simulators (training, no hardware)"))
        self.self_test_button = QPushButton(self.tr("Run device self-tests"))
        self.self_test_button.clicked.connect(self.run_self_tests)
        # Two lines, so the row fits a 1280 px screen whatever the visit's name.
        first = QHBoxLayout()
        first.addWidget(QLabel(self.tr("Visit")))
        first.addWidget(self.visit, 1)
        second = QHBoxLayout()
        second.addWidget(self.phase)
        second.addWidget(self.use_sim)
        second.addStretch(1)
        second.addWidget(self.self_test_button)
        top = QVBoxLayout()
        top.addLayout(first)
        top.addLayout(second)
        return top

    def _table(self) -> QTableWidget:
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Item"),
                self.tr("Self-test"),
                self.tr("Condition"),
                self.tr("Quantity"),
                self.tr("Note"),
                self.tr("Still to do"),
            ]
        )
        read_only_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (2, 3):  # condition and quantity are short: shown whole
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._edit_selected)
        return self.table

    def _editor(self) -> QGroupBox:
        editor = QGroupBox(self.tr("Selected row"))
        lines = QVBoxLayout(editor)
        self.row_label = QLabel()
        self.row_label.setWordWrap(True)
        lines.addWidget(self.row_label)
        row = QHBoxLayout()
        lines.addLayout(row)
        self.item_status = QComboBox()
        for status in ItemStatus:
            self.item_status.addItem(self._status_words[status], status.value)
        self.baik = QCheckBox(self.tr("good (baik)"))
        self.lengkap = QCheckBox(self.tr("complete (lengkap)"))
        self.bersih = QCheckBox(self.tr("clean (bersih)"))
        self.quantity = QSpinBox()
        self.quantity.setRange(0, _MAX_QUANTITY)
        self.quantity.setPrefix(self.tr("qty "))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("note: what is wrong"))
        self.save_row_button = QPushButton(self.tr("Save row"))
        self.save_row_button.clicked.connect(self.save_row)
        self.item_status.setAccessibleName(self.tr("Condition of the row"))
        self.quantity.setAccessibleName(self.tr("Quantity"))
        self.note.setAccessibleName(self.tr("Note of the row"))
        for widget in (
            self.item_status,
            self.baik,
            self.lengkap,
            self.bersih,
            self.quantity,
        ):
            row.addWidget(widget)
        row.addWidget(self.note, 1)
        row.addWidget(self.save_row_button)
        return editor

    def _bottom(self) -> QHBoxLayout:
        self.rest_ok_button = QPushButton(self.tr("Mark every other row OK"))
        self.rest_ok_button.clicked.connect(self.mark_rest_ok)
        self.sign_button = QPushButton(self.tr("Sign as ketua tim"))
        self.sign_button.clicked.connect(self.sign)
        self.sign_note = QLabel()
        self.sign_note.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.rest_ok_button)
        bottom.addWidget(self.sign_button)
        bottom.addWidget(self.sign_note, 1)
        return bottom

    # --- loading ---------------------------------------------------------------------

    def current_phase(self) -> Phase:
        return Phase(str(self.phase.currentData()))

    def refresh(self) -> None:
        self.use_sim.setChecked(self._simulated())
        self.visit.reload()

    def load(self) -> None:
        visit_id = self.visit.visit_id()
        view = None
        if visit_id is not None:
            try:
                # The rows show from the start, copied from the template: an empty list
                # read as broken.  Opening only copies the template; nothing is checked.
                view = checklist.open_checklist(self.workspace, visit_id, self.current_phase())
            except KnownError as error:
                self.status.error(explain(error))
        self.show_view(view)

    def show_view(self, view: ChecklistView | None) -> None:
        self.view = view
        items = view.items if view else ()
        self.table.setRowCount(len(items))
        for n, item in enumerate(items):
            cells = [
                f"{item.section}: {item.label}",
                self._self_test_text(item),
                self._condition_text(item),
                self._quantity_text(item),
                item.notes or "",
                self._todo_text(item),
            ]
            for column, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, item.key)
                cell.setToolTip(value)  # the cut-off label reads in full on hover
                self.table.setItem(n, column, cell)
        self._show_sign_state()
        self._edit_selected()

    def _self_test_text(self, item: ItemView) -> str:
        if item.kind is not ItemKind.DEVICE:
            return ""
        if item.self_test_ok is None:
            return self.tr("not run")
        if item.self_test_ok:
            return self.tr("✔ passed")
        # The driver's own words say what failed; the operator or IT needs them as they are.
        failed = self.tr("✖ failed")
        return f"{failed}: {item.self_test_message or ''}".rstrip(": ")

    def _condition_text(self, item: ItemView) -> str:
        if self.current_phase() is Phase.CHECKOUT:
            return self._status_words[item.status] if item.status else ""
        answers = (
            (self.tr("good"), item.baik),
            (self.tr("complete"), item.lengkap),
            (self.tr("clean"), item.bersih),
        )
        return " ".join(
            f"{name} {'?' if value is None else '✔' if value else '✖'}" for name, value in answers
        )

    @staticmethod
    def _quantity_text(item: ItemView) -> str:
        if item.kind is not ItemKind.CONSUMABLE:
            return ""
        taken = "-" if item.quantity is None else str(item.quantity)
        return f"{taken} / {item.expected_quantity} {item.unit or ''}".strip()

    def _todo_text(self, item: ItemView) -> str:
        why = item.missing(self.current_phase())
        return "✔" if why is None else "☐ " + self._why.get(why, why)

    def _show_sign_state(self) -> None:
        view = self.view
        ketua = self.workspace.officer.role is Role.KETUA_TIM
        if view is None:
            note = self.tr("Not started: run the self-tests or mark the rows to begin.")
        elif view.signed:
            when = view.signed_at.astimezone().strftime("%Y-%m-%d %H:%M") if view.signed_at else ""
            note = "✔ " + self.tr("Signed by %1 on %2.").replace("%1", str(view.signed_by)).replace(
                "%2", when
            )
        elif not view.complete:
            note = self.tr("%n row(s) still to do before it can be signed.").replace(
                "%n", str(len(view.incomplete))
            )
        elif not ketua:
            note = self.tr("Complete. Only the ketua tim may sign: log in as the ketua tim.")
        else:
            note = self.tr("Complete: ready for your signature.")
        self.sign_note.setText(note)
        self.sign_button.setEnabled(
            ketua and view is not None and view.complete and not view.signed
        )
        editable = view is None or not view.signed
        for widget in (self.rest_ok_button, self.self_test_button, self.save_row_button):
            widget.setEnabled(editable and self._task is None)

    def _selected(self) -> ItemView | None:
        key = row_key(self.table)
        return None if self.view is None or key is None else self.view.item(key)

    def _edit_selected(self) -> None:
        item = self._selected()
        checkout = self.current_phase() is Phase.CHECKOUT
        self.item_status.setVisible(checkout)
        for box in (self.baik, self.lengkap, self.bersih):
            box.setVisible(not checkout)
        self.save_row_button.setEnabled(item is not None and not (self.view and self.view.signed))
        if item is None:
            self.row_label.setText(self.tr("Choose a row in the list."))
            return
        self.row_label.setText(item.label)
        if item.status is not None:
            self.item_status.setCurrentIndex(self.item_status.findData(item.status.value))
        self.baik.setChecked(bool(item.baik) if item.baik is not None else True)
        self.lengkap.setChecked(bool(item.lengkap) if item.lengkap is not None else True)
        self.bersih.setChecked(bool(item.bersih) if item.bersih is not None else True)
        consumable = item.kind is ItemKind.CONSUMABLE
        self.quantity.setEnabled(consumable)
        known = item.quantity if item.quantity is not None else item.expected_quantity
        self.quantity.setValue((known or 0) if consumable else 0)
        self.note.setText(item.notes or "")

    # --- actions ---------------------------------------------------------------------

    def run_self_tests(self) -> None:
        """Test every device on a worker thread; :attr:`self_tests_finished` fires after."""
        visit_id = self.visit.visit_id()
        if visit_id is None:
            self.status.error(self.tr("Plan a visit first."))
            return
        phase, sim = self.current_phase(), self.use_sim.isChecked()
        try:
            self.show_view(checklist.open_checklist(self.workspace, visit_id, phase))
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.self_test_button.setEnabled(False)
        self.status.info(self.tr("Testing the devices… this takes a few seconds."))
        self._task = workers.start(
            lambda: checklist.run_self_tests(self.workspace, visit_id, phase, sim=sim),
            self._tested,
            self._test_failed,
        )

    def _tested(self, result: object) -> None:
        self._task = None
        if isinstance(result, ChecklistView):
            self.show_view(result)
            failed = [i.label for i in result.items if i.self_test_ok is False]
            if failed:
                self.status.error(self.tr("Self-test failed: %1").replace("%1", ", ".join(failed)))
            else:
                self.status.ok(self.tr("Every device passed its self-test."))
        self.self_tests_finished.emit(result)

    def _test_failed(self, error: object) -> None:
        self._task = None
        self._show_sign_state()
        self.status.error(explain_any(error))
        self.self_tests_finished.emit(error)

    def save_row(self) -> bool:
        """Save the selected row's editor; False when there was nothing or it was refused."""
        item, visit_id = self._selected(), self.visit.visit_id()
        if item is None or visit_id is None:
            return False
        quantity = self.quantity.value() if item.kind is ItemKind.CONSUMABLE else None
        note = self.note.text().strip() or None
        try:
            if self.current_phase() is Phase.CHECKOUT:
                view = checklist.record_checkout_item(
                    self.workspace,
                    visit_id,
                    item.key,
                    status=ItemStatus(str(self.item_status.currentData())),
                    quantity=quantity,
                    notes=note,
                )
            elif item.kind is ItemKind.CONSUMABLE:
                view = checklist.record_checkin_item(
                    self.workspace, visit_id, item.key, quantity=quantity, notes=note
                )
            else:
                view = checklist.record_checkin_item(
                    self.workspace,
                    visit_id,
                    item.key,
                    baik=self.baik.isChecked(),
                    lengkap=self.lengkap.isChecked(),
                    bersih=self.bersih.isChecked(),
                    notes=note,
                )
        except KnownError as error:
            self.status.error(explain(error))
            return False
        self.status.ok(self.tr("Saved: %1").replace("%1", item.label))
        self.show_view(view)
        return True

    def _unsaved_edit(self) -> bool:
        """Whether the selected row's editor holds a change not saved yet."""
        item = self._selected()
        if item is None or (self.view is not None and self.view.signed):
            return False
        note = self.note.text().strip() or None
        if note != (item.notes or None):
            return True
        if item.kind is ItemKind.CONSUMABLE and self.quantity.value() != (item.quantity or 0):
            return True
        if self.current_phase() is Phase.CHECKOUT:
            chosen = ItemStatus(str(self.item_status.currentData()))
            # An unchecked row shows "baik" in the editor: only another choice is an edit.
            return chosen is not (item.status or ItemStatus.OK)
        ticks = (self.baik.isChecked(), self.lengkap.isChecked(), self.bersih.isChecked())
        return item.kind is not ItemKind.CONSUMABLE and ticks != (
            bool(item.baik),
            bool(item.lengkap),
            bool(item.bersih),
        )

    def mark_rest_ok(self) -> None:
        visit_id = self.visit.visit_id()
        if visit_id is None:
            self.status.error(self.tr("Plan a visit first."))
            return
        # A row set to "rusak" with a note but not saved was once marked "baik" here:
        # the officer's edit is saved first, and stops everything if it cannot be.
        if self._unsaved_edit() and not self.save_row():
            return
        try:
            view = checklist.mark_rest_ok(self.workspace, visit_id, self.current_phase())
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.status.ok(self.tr("The other rows are marked OK."))
        self.show_view(view)

    def sign(self) -> None:
        visit_id = self.visit.visit_id()
        if visit_id is None:
            return
        try:
            view = checklist.sign_checklist(self.workspace, visit_id, self.current_phase())
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.status.ok(self.tr("Checklist signed."))
        self.show_view(view)
