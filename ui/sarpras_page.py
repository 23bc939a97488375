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

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import KnownError
from fieldkit.events import SarprasSigned, VisitsChanged
from fieldkit.permissions import may_receive_equipment, may_sign_equipment
from fieldkit.sarpras import checklist
from fieldkit.sarpras.checklist import (
    ChecklistView,
    ItemKind,
    ItemStatus,
    ItemView,
    Phase,
    RowTodo,
)
from ui import workers
from ui.common import (
    ElidedLabel,
    StatusLine,
    VisitPicker,
    fit_columns,
    read_only_table,
    row_key,
    tip_cells,
)
from ui.core_sentences import core_text
from ui.dates import moment_text
from ui.design import clear_field_error, mark_primary, show_field_error
from ui.design.empty import empty_state
from ui.design.pill import mark_pill_cell, pill_column
from ui.messages import explain, explain_any
from ui.sarpras_words import CONDITION_COLUMN, SELF_TEST_COLUMN, RowWords

if TYPE_CHECKING:
    from collections.abc import Callable

    from fieldkit.workspace import Workspace
    from ui.bridge import EventBridge

log = logging.getLogger(__name__)

_MAX_QUANTITY = 9999
ROW_LABEL_WIDTH = 260
KEEPER_NAME_WIDTH = 180
#: Which editor field a refusal is about (its message goes under that field).
_NOTE_CODES = frozenset(
    {"checkout_note_required", "checkin_note_required", "checkin_baik_after_rusak"}
)
_QUANTITY_CODES = frozenset({"quantity_negative", "checkin_quantity_invalid", "item_not_counted"})
_KEEPER_CODES = frozenset({"keeper_name_required", "keeper_name_too_long"})


def row_todo_texts() -> dict[RowTodo, str]:
    """Why a checklist row is not done, worded: the core's sentence of each reason's code."""
    return {todo: core_text("sarpras", todo.value) for todo in RowTodo}


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
        #: The editor holds changes to the selected row that are not saved yet.
        self._dirty = False
        self._editing_key: str | None = None
        #: The question "Sign the checklist?" while it is open (see :meth:`sign`).
        self.sign_question: QMessageBox | None = None
        self.row_words = RowWords(row_todo_texts())

        self.status = StatusLine()
        layout = QVBoxLayout(self)
        for row in self._top():
            layout.addLayout(row)
        layout.addWidget(self._table(), 1)
        layout.addWidget(self._editor())
        layout.addLayout(self._bottom())
        layout.addWidget(self.status)
        self._edit_selected()

    def _top(self) -> tuple[QHBoxLayout, QHBoxLayout]:
        """Two rows, so the visit's long name never pushes the self-test button off screen."""
        self.visit = VisitPicker(self.workspace)
        self.visit.setAccessibleName(self.tr("Sarpras visit"))
        self.visit.currentIndexChanged.connect(self.load)
        self.phase = QComboBox()
        self.phase.setAccessibleName(self.tr("Sarpras phase"))
        self.phase.addItem(self.tr("Pre-trip (check-out)"), Phase.CHECKOUT.value)
        self.phase.addItem(self.tr("Return (check-in)"), Phase.CHECKIN.value)
        self.phase.currentIndexChanged.connect(self.load)
        self.use_sim = QCheckBox(self.tr("Test the simulators (training, no hardware)"))
        self.self_test_button = QPushButton(self.tr("Run device self-tests"))
        self.self_test_button.clicked.connect(self.run_self_tests)
        visit_label = QLabel(self.tr("Visit"))
        visit_label.setBuddy(self.visit)
        first = QHBoxLayout()
        first.addWidget(visit_label)
        first.addWidget(self.visit, 1)
        first.addWidget(self.phase)
        second = QHBoxLayout()
        second.addWidget(self.self_test_button)
        second.addWidget(self.use_sim)
        second.addStretch(1)
        return first, second

    def _table(self) -> QTableWidget:
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Item"),
                self.tr("Self-test"),
                self.tr("Condition"),
                self.tr("Quantity"),
                self.tr("Note"),
                self.tr("Row done"),
            ]
        )
        read_only_table(self.table)
        self.table.setAccessibleName(self.tr("Sarpras checklist"))
        # The item's name, the note and the row's state share the room by what they hold.
        # The short ones (self-test, condition, quantity) as wide as what they show now: a
        # fixed 170 px kept for "◌ Belum diperiksa" cut the item names beside "● Siap".
        fit_columns(self.table, stretch=(0, 4, 5))
        for column in (SELF_TEST_COLUMN, CONDITION_COLUMN):
            pill_column(self.table, column)
        self.empty = empty_state(
            self.table,
            self.tr("No equipment is listed for this visit."),
            self.tr(
                "Choose a visit above; if the list stays empty, ask the office for the "
                "equipment list."
            ),
        )
        self.table.itemSelectionChanged.connect(self._on_selection)
        return self.table

    def _editor(self) -> QGroupBox:
        """The selected row's answers on one line and its note and Save on the next."""
        editor = QGroupBox(self.tr("Selected row"))
        rows = QVBoxLayout(editor)
        row = QHBoxLayout()
        self.row_label = ElidedLabel()
        self.row_label.setMinimumWidth(ROW_LABEL_WIDTH)
        self.item_status = QComboBox()
        self.item_status.setAccessibleName(self.tr("Row condition"))
        for status in ItemStatus:
            self.item_status.addItem(self.row_words.status[status], status.value)
        self.baik = QCheckBox(self.tr("good (baik)"))
        self.lengkap = QCheckBox(self.tr("complete (lengkap)"))
        self.bersih = QCheckBox(self.tr("clean (bersih)"))
        self.quantity = QSpinBox()
        self.quantity.setAccessibleName(self.tr("Row quantity"))
        self.quantity.setRange(0, _MAX_QUANTITY)
        self.quantity.setPrefix(self.tr("qty "))
        self.note = QLineEdit()
        self.note.setAccessibleName(self.tr("Row note"))
        self.note.setPlaceholderText(self.tr("note: what is wrong"))
        self.save_row_button = QPushButton(self.tr("Save row"))
        self.save_row_button.clicked.connect(self.save_row)
        row.addWidget(self.row_label, 1)
        for widget in (self.item_status, self.baik, self.lengkap, self.bersih):
            row.addWidget(widget)
        row.addLayout(_under_it(self.quantity))  # its error message goes under it
        second = QHBoxLayout()
        second.addLayout(_under_it(self.note), 1)
        second.addWidget(self.save_row_button, 0, Qt.AlignmentFlag.AlignTop)
        rows.addLayout(row)
        rows.addLayout(second)
        # Any change in the editor is unsaved until "Save row": nothing may overwrite it silently.
        self.item_status.currentIndexChanged.connect(self._mark_dirty)
        for box in (self.baik, self.lengkap, self.bersih):
            box.toggled.connect(self._mark_dirty)
        self.quantity.valueChanged.connect(self._mark_dirty)
        self.note.textEdited.connect(self._mark_dirty)
        self.quantity.valueChanged.connect(lambda _v: clear_field_error(self.quantity))
        self.note.textEdited.connect(lambda _t: clear_field_error(self.note))
        return editor

    def _mark_dirty(self, *_args: object) -> None:
        self._dirty = self._editing_key is not None

    def _bottom(self) -> QHBoxLayout:
        self.keeper_name = QLineEdit()
        self.keeper_name.setAccessibleName(self.tr("Goods keeper's name"))
        self.keeper_name.setPlaceholderText(self.tr("goods keeper (pengurus barang)"))
        self.keeper_name.setMinimumWidth(KEEPER_NAME_WIDTH)
        self.keeper_name.textEdited.connect(lambda _t: clear_field_error(self.keeper_name))
        self.accept_button = QPushButton(self.tr("Accepted by the goods keeper"))
        self.accept_button.clicked.connect(self.record_acceptance)
        self.rest_ok_button = QPushButton(self.tr("Mark every other row OK"))
        self.rest_ok_button.clicked.connect(self.mark_rest_ok)
        self.sign_button = QPushButton(self.tr("Sign as ketua tim"))
        mark_primary(self.sign_button)
        self.sign_button.clicked.connect(self.sign)
        self.sign_note = QLabel()
        self.sign_note.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.rest_ok_button)
        bottom.addWidget(self.sign_button)
        bottom.addLayout(_under_it(self.keeper_name))
        bottom.addWidget(self.accept_button, 0, Qt.AlignmentFlag.AlignTop)
        bottom.addWidget(self.sign_note, 1)
        return bottom

    # --- loading ---------------------------------------------------------------------

    def current_phase(self) -> Phase:
        return Phase(str(self.phase.currentData()))

    def follow(self, bridge: EventBridge) -> None:
        """A signature reloads the checklist it signed; a new visit, the visit list."""
        bridge.subscribe(VisitsChanged, lambda _e: self.visit.reload(), self)
        bridge.subscribe(SarprasSigned, self._signed, self)

    def _signed(self, event: SarprasSigned) -> None:
        if event.visit_id == self.visit.visit_id():
            self.load()

    def refresh(self) -> None:
        self.use_sim.setChecked(self._simulated())
        self.visit.reload()

    def load(self) -> None:
        visit_id = self.visit.visit_id()
        view = None
        if visit_id is not None:
            try:
                view = checklist.get_checklist(self.workspace, visit_id, self.current_phase())
            except KnownError as error:
                self.status.error(explain(error))
        self.show_view(view)

    def show_view(self, view: ChecklistView | None) -> None:
        """Show a checklist, or the template's rows, unchecked, before the first is opened."""
        if view is None:
            view = checklist.template_view(self.current_phase(), self.visit.visit_id() or "")
        self.view = view
        items = view.items
        self.table.setRowCount(len(items))
        for n, item in enumerate(items):
            for column, value in enumerate(self.row_words.cells(item, self.current_phase())):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, item.key)
                if column == 0:
                    cell.setToolTip(f"{item.section}: {item.label}")
                kind = self.row_words.pill_kinds(item, self.current_phase()).get(column)
                if kind is not None:
                    mark_pill_cell(cell, kind)
                if column == 1 and item.self_test_ok is False and item.self_test_message:
                    # The failed checks with the driver's detail: diagnostics for IT, not
                    # a sentence for the officer, so off the cell and in its tooltip.
                    cell.setToolTip(item.self_test_message)
                self.table.setItem(n, column, cell)
        tip_cells(self.table)
        self._show_sign_state()
        self._edit_selected()

    def _checkout_shown(self) -> bool:
        return self.current_phase() is Phase.CHECKOUT

    def _show_acceptance(self) -> str:
        """The pengurus barang's part of a return: shown on the check-in list only."""
        view = self.view
        checkin = not self._checkout_shown()
        accepted = bool(view and view.accepted)
        may = may_receive_equipment(self.workspace.officer)
        self.keeper_name.setVisible(checkin and not accepted)
        self.accept_button.setVisible(checkin and not accepted)
        ready = bool(view and view.id and view.complete)
        self.keeper_name.setEnabled(ready and may)
        self.accept_button.setEnabled(ready and may)
        if not (checkin and view is not None and view.accepted):
            return ""
        when = moment_text(view.accepted_at) if view.accepted_at else ""
        return " ✔ " + self.tr("Accepted by the goods keeper %1 on %2.").replace(
            "%1", str(view.accepted_by_name)
        ).replace("%2", when)

    def _show_sign_state(self) -> None:
        view = self.view
        ketua = may_sign_equipment(self.workspace.officer)
        if view is None or not view.id:
            note = self.tr("Not started: run the self-tests or mark the rows to begin.")
        elif view.signed:
            when = moment_text(view.signed_at) if view.signed_at else ""
            note = "✔ " + self.tr("Signed by %1 on %2.").replace("%1", str(view.signed_by)).replace(
                "%2", when
            )
        elif not view.complete:
            note = self.tr(
                "%n row(s) still to do before it can be signed.", "", len(view.incomplete)
            )
        elif not ketua:
            note = self.tr("Complete. Only the ketua tim may sign: log in as the ketua tim.")
        else:
            note = self.tr("Complete: ready for your signature.")
        self.sign_note.setText(note + self._show_acceptance())
        self.sign_button.setEnabled(
            ketua and view is not None and bool(view.id) and view.complete and not view.signed
        )
        editable = (view is None or not view.signed) and self.visit.visit_id() is not None
        for widget in (self.rest_ok_button, self.self_test_button, self.save_row_button):
            widget.setEnabled(editable and self._task is None)

    def _selected(self) -> ItemView | None:
        key = row_key(self.table)
        return None if self.view is None or key is None else self.view.item(key)

    def _on_selection(self) -> None:
        """Another row chosen: the row being edited is saved first, never dropped."""
        key = row_key(self.table)
        if self._dirty and self._editing_key is not None and key != self._editing_key:
            leaving = self._editing_key
            if not self._save_edited_row():
                # Not saved (a note is missing, say): stay on that row, the error says why.
                self._select_key(leaving)
                return
        self._edit_selected()

    def _select_key(self, key: str) -> None:
        with QSignalBlocker(self.table):
            for row in range(self.table.rowCount()):
                cell = self.table.item(row, 0)
                if cell is not None and cell.data(Qt.ItemDataRole.UserRole) == key:
                    self.table.selectRow(row)
                    return

    def _edit_selected(self) -> None:
        item = self._selected()
        checkout = self.current_phase() is Phase.CHECKOUT
        self.item_status.setVisible(checkout)
        for box in (self.baik, self.lengkap, self.bersih):
            box.setVisible(not checkout)
        signed = bool(self.view and self.view.signed)
        self.save_row_button.setEnabled(item is not None and not signed and self._task is None)
        self._editing_key = None if item is None else item.key
        self._dirty = False
        for field in (self.quantity, self.note):
            clear_field_error(field)  # another row: the last one's error is not this one's
        widgets = (self.item_status, self.baik, self.lengkap, self.bersih, self.quantity, self.note)
        blockers = [QSignalBlocker(w) for w in widgets]
        try:
            self._fill_editor(item)
        finally:
            del blockers

    def _fill_editor(self, item: ItemView | None) -> None:
        if item is None:
            self.row_label.set_full_text(self.tr("Choose a row in the list."))
            self.note.clear()
            return
        rusak = item.rusak_at_checkout and not self._checkout_shown()
        self.row_label.set_full_text(
            item.label + (" — " + self.tr("faulty when taken out") if rusak else "")
        )
        status = item.status or ItemStatus.OK
        self.item_status.setCurrentIndex(self.item_status.findData(status.value))
        self.baik.setChecked(bool(item.baik) if item.baik is not None else True)
        self.lengkap.setChecked(bool(item.lengkap) if item.lengkap is not None else True)
        self.bersih.setChecked(bool(item.bersih) if item.bersih is not None else True)
        consumable = item.kind is ItemKind.CONSUMABLE
        self.quantity.setEnabled(consumable)
        known = item.quantity if item.quantity is not None else item.expected_quantity
        self.quantity.setValue((known or 0) if consumable else 0)
        self.note.setText(item.notes or "")

    def has_unsaved_row(self) -> bool:
        """Whether the editor holds changes to a row that "Save row" has not stored yet."""
        return self._dirty and self._editing_key is not None

    def _save_edited_row(self) -> bool:
        """Save the row in the editor if it changed; False (and the reason shown) if refused."""
        if not self.has_unsaved_row():
            return True
        return self.save_row()

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
        """Store the editor's answers for the row being edited; False if the core refused."""
        key, visit_id = self._editing_key, self.visit.visit_id()
        item = self.view.item(key) if self.view is not None and key is not None else None
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
            self._refused_row(item, error)
            return False
        for field in (self.quantity, self.note):
            clear_field_error(field)
        self._dirty = False
        self.status.ok(self.tr("Saved: %1").replace("%1", item.label))
        self.show_view(view)
        return True

    def _refused_row(self, item: ItemView, error: KnownError) -> None:
        """Say why a row was not saved: under the note or the quantity when it is about one."""
        said = self.tr("%1 was not saved: %2").replace("%1", item.label)
        said = said.replace("%2", explain(error))
        field: QWidget | None = None
        if error.code in _NOTE_CODES:
            field = self.note
        elif error.code in _QUANTITY_CODES:
            field = self.quantity
        if field is None:
            self.status.error(said)
            return
        self.status.clear()
        show_field_error(field, explain(error))  # it names the row: the editor shows which

    def mark_rest_ok(self) -> None:
        """Every unanswered row is fine; a row edited but not saved is saved first, as edited."""
        visit_id = self.visit.visit_id()
        if visit_id is None:
            self.status.error(self.tr("Plan a visit first."))
            return
        if not self._save_edited_row():
            return  # the status says why that row could not be saved; nothing else changed
        try:
            view = checklist.mark_rest_ok(self.workspace, visit_id, self.current_phase())
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.status.ok(self.tr("The other rows are marked OK."))
        self.show_view(view)

    def record_acceptance(self) -> None:
        """The pengurus barang took the equipment back: their name, as they accepted it."""
        visit_id = self.visit.visit_id()
        if visit_id is None or not self._save_edited_row():
            return
        clear_field_error(self.keeper_name)
        try:
            view = checklist.record_acceptance(self.workspace, visit_id, self.keeper_name.text())
        except KnownError as error:
            if error.code in _KEEPER_CODES:
                show_field_error(self.keeper_name, explain(error))
            else:
                self.status.error(explain(error))
            return
        self.keeper_name.clear()
        self.status.ok(self.tr("The goods keeper's acceptance is recorded."))
        self.show_view(view)

    def sign(self) -> None:
        """Ask first: a signed list can no longer be changed, and it is the ketua's name on it.

        No is the default, so Enter does not sign.  An officer who may not sign is
        not asked: the core refuses and the page says why.
        """
        visit_id = self.visit.visit_id()
        if visit_id is None or not self._save_edited_row():
            return
        if not may_sign_equipment(self.workspace.officer):
            self._sign(visit_id)
            return
        title = self.tr("Sign the checklist?")
        question = QMessageBox(QMessageBox.Icon.Question, title, title, parent=self)
        question.setInformativeText(
            self.tr("%1 of the visit %2. Once signed, the list can no longer be changed.")
            .replace("%1", self.phase.currentText())
            .replace("%2", self.visit.currentText())
        )
        yes = question.addButton(self.tr("Sign"), QMessageBox.ButtonRole.AcceptRole)
        question.setDefaultButton(
            question.addButton(self.tr("Not yet"), QMessageBox.ButtonRole.RejectRole)
        )
        question.buttonClicked.connect(
            lambda button: self._sign(visit_id) if button is yes else None
        )
        self.sign_question = question
        question.open()

    def _sign(self, visit_id: str) -> None:
        try:
            view = checklist.sign_checklist(self.workspace, visit_id, self.current_phase())
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.status.ok(self.tr("Checklist signed."))
        self.show_view(view)


def _under_it(field: QWidget) -> QVBoxLayout:
    """A column holding only ``field``: an error message about it is put right under it."""
    column = QVBoxLayout()
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(field)
    return column
