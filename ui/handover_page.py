"""Serah terima: a printed KTP-el handed to its owner, read on the card reader, signed on the pad.

The office's job after the data center reports a card PRINTED (SOP: the card goes
to the person who could not come, or to their guardian).  The screen walks the
operator or the ketua tim through it in the order it happens at the door: choose
the card in the list, put it on the reader (its UID is bound to the record at the
first read and checked at every later one, ``fieldkit.handover.cards``), write
who receives it, let them sign on the pad, hand it over.  The berita acara serah
terima of the day is then made in Laporan.  Device waits run on a worker thread,
so the window stays alive while nobody has put the card down yet.

Cards for people far away go through a courier (SOP 002, Becak Pintar): on the
second tab each card is read into the courier's batch, the courier signs one
receipt for all of them; on the third, the delivery the courier reports later is
recorded per card, signed on the pad when the recipient is at hand or as the
courier reports it.  Three tabs, not one form with switches: each way is the
order of steps at the door, and a step of one way never shows in another.

The office's card deliveries (issue 49 §2) narrow the list from a chooser above it
(``ui/handover_deliveries.py``), which also makes a delivery's berita acara.
"""

from __future__ import annotations

import enum
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from drivers import CardReader, Modality, SignaturePad
from fieldkit import devices, nik
from fieldkit.enrollment.errors import StepNotAllowed
from fieldkit.errors import KnownError
from fieldkit.events import HandoverChanged
from fieldkit.handover import cards
from fieldkit.handover.cards import HandoverState, Relation
from fieldkit.sentences import one_stop
from ui import data_center_words, unrecorded_card, workers
from ui.common import StatusLine, fit_columns, read_only_table, row_key, tip_cells
from ui.dates import date_text
from ui.design import mark_primary
from ui.design.empty import empty_state
from ui.design.pill import PillKind, mark_pill_cell, pill_column
from ui.handover_courier import CourierTab
from ui.handover_deliveries import DeliveryChooser
from ui.handover_forms import empty_list_text, relations_box, tab_form
from ui.labels_catalogue import handover_state_texts
from ui.messages import explain, explain_any

if TYPE_CHECKING:
    from collections.abc import Callable

    from drivers import Device
    from fieldkit.workspace import Workspace
    from ui.bridge import EventBridge

log = logging.getLogger(__name__)

# How long the reader waits for the card to be put down, and the pad for a signature.
CARD_WAIT_S = 20.0
SIGNATURE_WAIT_S = 45.0
# Where a card's state is kept on its row, next to its record id.
STATE_ROLE = Qt.ItemDataRole.UserRole + 1
#: The data center's state in words, said for the chosen card (issue 48).
DATA_CENTER_ROLE = Qt.ItemDataRole.UserRole + 2
#: The first cell's promise date (issue 49 §1): the day the family's receipt named.
PROMISE_ROLE = Qt.ItemDataRole.UserRole + 3
#: A card's state as a pill: its kind and symbol, as the app's pills have them (● ready,
#: as "Siap"; ✔ done, as "terekam"); amber while a courier has it and nobody signed yet.
STATE_LOOKS: dict[HandoverState, tuple[PillKind, str]] = {
    HandoverState.READY: (PillKind.OK, "●"),
    HandoverState.WITH_COURIER: (PillKind.WARNING, "→"),
    HandoverState.HANDED_OVER: (PillKind.OK, "✔"),
}


class Way(enum.IntEnum):
    """The tabs, in the order of the SOP: to the owner, to a courier, the courier's delivery."""

    DIRECT = 0
    COURIER = 1
    DELIVERY = 2


def _device(find: Callable[[Modality], Device | None], kind: Modality) -> Device:
    device = find(kind)
    if device is None:
        raise StepNotAllowed(code="device_not_connected", params={"modality": kind.value})
    return device


class HandoverPage(QWidget):
    # The card's UID as read (str), or the error that stopped the read.
    card_read = Signal(object)
    # The signature taken (``cards.SignatureInput``), or the error that stopped it.
    signed = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        find_device: Callable[[Modality], Device | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._find_device = find_device
        self._task: workers.Task | None = None
        # What the running read or signature is for: the tab it was started on.
        self._for: Way = Way.DIRECT
        self._check: cards.CardCheck | None = None
        self._signature: cards.SignatureInput | None = None
        self._delivery_signature: cards.SignatureInput | None = None
        self._states = handover_state_texts()
        self.status = StatusLine()

        # No column of the data center's state (issue 48): every card listed is one it
        # printed, which the box's title says; a sixth column pushed the names off a
        # 1280-px window behind a scroll bar, and the name is what a card is found by.
        # The chosen card's line says it instead ("Pusat data: ✔ KTP-el sudah dicetak.").
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("NIK"),
                self.tr("Desa"),
                self.tr("Recorded"),
                self.tr("Status"),
            ]
        )
        read_only_table(self.table)
        self.table.setAccessibleName(self.tr("Printed cards"))
        # The name takes the room left: the state's pill is wider than its bare word was.
        # Short of room (a 1280-px window, 150 % on a 1920 screen) a name wraps onto a
        # second line, never "Demo …" (issue 47 D9): the name is what the card is found by.
        pill_column(self.table, 4)
        # The desa wraps too: at 1280 px the name alone could not give up the few pixels
        # the state's pill needed, and the pill went behind a horizontal scroll bar.
        fit_columns(self.table, stretch=(0, 2), wrap=True)
        self.table.itemSelectionChanged.connect(self._chosen)
        self.show_done = QCheckBox(self.tr("Show cards already handed over"))
        self.show_done.toggled.connect(lambda _on: self.refresh())
        cards_box = QGroupBox(self.tr("Printed cards from the data center"))
        cards_layout = QVBoxLayout(cards_box)
        self.deliveries = DeliveryChooser(workspace, self.status)
        self.deliveries.changed.connect(self.refresh)
        cards_layout.addWidget(self.deliveries)
        cards_layout.addWidget(self.table, 1)
        # An empty list says where cards come from: a new user took it for a broken screen.
        self.empty_hint = empty_state(self.table, empty_list_text())
        cards_layout.addWidget(self.show_done)

        self.ways = QTabWidget()
        self.ways.setAccessibleName(self.tr("Way of handing over"))
        self.ways.addTab(self._handover_box(), self.tr("To the owner"))
        self.courier = CourierTab(workspace, self.status)
        self.courier.read_requested.connect(self.add_to_batch)
        self.courier.sign_requested.connect(self.take_courier_signature)
        self.courier.changed.connect(self._show_steps)
        self.courier.given.connect(self.refresh)
        self.ways.addTab(self.courier, self.tr("To a courier"))
        self.ways.addTab(self._delivery_box(), self.tr("Courier's delivery"))
        self.ways.currentChanged.connect(self._way_changed)
        hint = QLabel(self.tr("The berita acara serah terima of the day is made in Laporan."))
        hint.setWordWrap(True)
        right = QVBoxLayout()
        right.addWidget(self.ways, 1)
        right.addWidget(hint)

        columns = QHBoxLayout()
        # The list gets the room (its names and pills), the steps what they need.
        columns.addWidget(cards_box, 2)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.status)
        self._chosen()

    def _handover_box(self) -> QWidget:
        box, form = tab_form()
        self.person = QLabel(self.tr("Choose a card in the list."))
        self.person.setWordWrap(True)
        self.read_button = QPushButton(self.tr("1. Read the card on the reader"))
        self.read_button.clicked.connect(self.read_card)
        self.card_label = QLabel()
        self.card_label.setWordWrap(True)
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText(self.tr("who receives the card (required)"))
        self.relation = relations_box()
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("optional, e.g. received at the hospital"))
        self.sign_button = QPushButton(self.tr("2. The recipient signs on the pad"))
        self.sign_button.clicked.connect(self.take_signature)
        self.signature_label = QLabel()
        self.give_button = QPushButton(self.tr("3. Hand the card over"))
        mark_primary(self.give_button)
        self.give_button.clicked.connect(self.give)
        self.recipient.textChanged.connect(lambda _text: self._show_steps())
        form.addRow(self.person)
        form.addRow(self.read_button)
        form.addRow(self.card_label)
        form.addRow(self.tr("Recipient"), self.recipient)
        form.addRow(self.tr("Relation"), self.relation)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.sign_button)
        form.addRow(self.signature_label)
        form.addRow(self.give_button)
        return box

    def _delivery_box(self) -> QWidget:
        box, form = tab_form()
        self.delivery_person = QLabel()
        self.delivery_person.setWordWrap(True)
        self.delivery_recipient = QLineEdit()
        self.delivery_recipient.setPlaceholderText(
            self.tr("who received the card from the courier (required)")
        )
        self.delivery_relation = relations_box()
        self.delivery_note = QLineEdit()
        self.delivery_note.setPlaceholderText(self.tr("optional, e.g. courier's report no. 12"))
        self.delivery_sign_button = QPushButton(self.tr("The recipient signs on the pad"))
        self.delivery_sign_button.clicked.connect(self.take_delivery_signature)
        self.delivery_signature_label = QLabel()
        self.by_report = QCheckBox(self.tr("No signature here: as the courier reports it"))
        self.by_report.toggled.connect(lambda _on: self._show_steps())
        self.delivery_button = QPushButton(self.tr("Record the delivery"))
        self.delivery_button.clicked.connect(self.record_delivery)
        self.delivery_recipient.textChanged.connect(lambda _text: self._show_steps())
        form.addRow(self.delivery_person)
        form.addRow(self.tr("Recipient"), self.delivery_recipient)
        form.addRow(self.tr("Relation"), self.delivery_relation)
        form.addRow(self.tr("Note"), self.delivery_note)
        form.addRow(self.delivery_sign_button)
        form.addRow(self.delivery_signature_label)
        form.addRow(self.by_report)
        form.addRow(self.delivery_button)
        return box

    # --- loading ---------------------------------------------------------------------

    def follow(self, bridge: EventBridge) -> None:
        """A handover made elsewhere (the CLI, another screen) leaves or joins the list.

        A PRINTED state arrives with a push's status pull, which a person starts on
        Sinkronisasi; this screen reloads when it is shown again.
        """
        bridge.subscribe(HandoverChanged, lambda _e: self.refresh(), self)

    def refresh(self) -> None:
        try:
            items = cards.handover_list(self.workspace, include_done=self.show_done.isChecked())
            self.deliveries.reload()
        except KnownError as error:
            self.status.error(explain(error))
            return
        items = self.deliveries.narrow(items)
        self.empty_hint.set_words(*(self.deliveries.empty_words() or (empty_list_text(),)))
        chosen = row_key(self.table)
        with QSignalBlocker(self.table):
            self.table.setRowCount(len(items))
            for row, item in enumerate(items):
                first = QTableWidgetItem(item.name or "-")
                first.setData(Qt.ItemDataRole.UserRole, item.record_id)
                first.setData(STATE_ROLE, item.state.value)
                first.setData(DATA_CENTER_ROLE, data_center_words.state_text(item.data_center))
                if item.promise_date is not None:
                    first.setData(PROMISE_ROLE, date_text(item.promise_date))
                self.table.setItem(row, 0, first)
                kind, symbol = STATE_LOOKS[item.state]
                cells = [
                    nik.mask(item.nik) if item.nik else "-",
                    item.desa or "-",
                    date_text(item.visit_date) if item.visit_date else "-",
                    f"{symbol} {self._states[item.state]}",
                ]
                for column, value in enumerate(cells, start=1):
                    self.table.setItem(row, column, QTableWidgetItem(value))
                state_cell = self.table.item(row, 4)
                if state_cell is not None:
                    mark_pill_cell(state_cell, kind)
                if item.record_id == chosen:
                    self.table.selectRow(row)
        tip_cells(self.table)
        if chosen != row_key(self.table):
            self._chosen()  # the chosen card left the list: its steps start again
        else:
            self._show_chosen()

    def chosen_record(self) -> str | None:
        return row_key(self.table)

    def chosen_state(self) -> HandoverState | None:
        row = self.table.currentRow()
        first = self.table.item(row, 0) if self.chosen_record() is not None else None
        return None if first is None else HandoverState(str(first.data(STATE_ROLE)))

    def _chosen(self) -> None:
        """Another card: what was read and signed for the last one no longer counts.

        The courier's batch stays: it is made of several cards chosen one by one.
        """
        self._check, self._signature, self._delivery_signature = None, None, None
        self.card_label.clear()
        self.signature_label.clear()
        self.delivery_signature_label.clear()
        self._show_chosen()

    def _show_chosen(self) -> None:
        row = self.table.currentRow()
        name, masked = self.table.item(row, 0), self.table.item(row, 1)
        if self.chosen_record() is None or name is None or masked is None:
            words = self.tr("Choose a card in the list.")
        else:
            words = (
                self.tr("Card of %1 (NIK %2).")
                .replace("%1", name.text())
                .replace("%2", masked.text())
            )
            promised = name.data(PROMISE_ROLE)
            if promised:
                # The receipt's date, counted the same way: the family compares the two.
                words += " " + self.tr("Promised by %1.").replace("%1", str(promised))
            said = name.data(DATA_CENTER_ROLE)
            if said and said != data_center_words.NO_NEWS:
                words += " " + self.tr("Data center: %1.").replace("%1", str(said))
        state = self.chosen_state()
        if state is HandoverState.WITH_COURIER:
            self.person.setText(
                self.tr(
                    "%1 It is with a courier: record its delivery under “Courier's delivery”."
                ).replace("%1", words)
            )
        else:
            self.person.setText(words)
        if state is not None and state is not HandoverState.WITH_COURIER:
            words = self.tr("%1 It is not with a courier: nothing to record here.").replace(
                "%1", words
            )
        self.delivery_person.setText(words)
        self._show_steps()

    def _way_changed(self, _index: int) -> None:
        """A message belongs to the way it came from: another tab starts without it."""
        self.status.clear()
        self._show_steps()

    def _show_steps(self) -> None:
        """Each step opens when the one before it is done: nothing is done out of order."""
        busy = self._task is not None
        state = self.chosen_state()
        ready = state is HandoverState.READY
        self.read_button.setEnabled(ready and not busy)
        self.sign_button.setEnabled(self._check is not None and not busy)
        self.give_button.setEnabled(
            self._check is not None
            and self._signature is not None
            and bool(self.recipient.text().strip())
            and not busy
        )
        self.courier.show_steps(ready=ready, chosen=self.chosen_record(), busy=busy)
        with_courier = state is HandoverState.WITH_COURIER
        self.delivery_sign_button.setEnabled(with_courier and not busy)
        self.by_report.setEnabled(with_courier and self._delivery_signature is None)
        self.delivery_button.setEnabled(
            with_courier
            and bool(self.delivery_recipient.text().strip())
            and (self._delivery_signature is not None or self.by_report.isChecked())
            and not busy
        )

    # --- the card --------------------------------------------------------------------

    def read_card(self) -> None:
        """Read the chosen card for a handover to its owner."""
        self._start_read(Way.DIRECT)

    def add_to_batch(self) -> None:
        """Read the chosen card into the courier's batch."""
        self._start_read(Way.COURIER)

    def _start_read(self, way: Way) -> None:
        record = self.chosen_record()
        if record is None:
            self.status.error(self.tr("Choose a card in the list first."))
            return
        self._for = way
        self.status.info(self.tr("Put the card on the reader…"))
        self._task = workers.start(
            self._read_uid, self._uid_read, lambda error: self._device_failed(error, self.card_read)
        )
        self._show_steps()

    def _read_uid(self) -> str:
        """On the worker thread: wait for the card, read its UID, let it go."""
        reader = _device(self._find_device, Modality.CARD)
        if not isinstance(reader, CardReader):
            raise StepNotAllowed(code="device_not_connected", params={"modality": "card"})
        with devices.converted(Modality.CARD):
            return cards.read_card_uid(reader, timeout_s=CARD_WAIT_S)

    def _uid_read(self, uid: object) -> None:
        self._task = None
        record = self.chosen_record()
        if not isinstance(uid, str) or record is None:
            self._show_steps()
            return
        try:
            check = unrecorded_card.read_card(self, self.workspace, record, uid)
        except KnownError as error:
            self.status.error(explain(error))
            self.card_read.emit(error)
            self._show_steps()
            return
        if self._for is Way.COURIER:
            name_cell = self.table.item(self.table.currentRow(), 0)
            name = name_cell.text() if name_cell is not None else check.record_id[:8]
            self.courier.add(check, name, self._card_words(check))
        else:
            self._check = check
            self.card_label.setText("✔ " + self._card_words(check))
            self.status.ok(self.tr("Card read."))
        self.card_read.emit(check.card_uid)
        self._show_steps()

    def _card_words(self, check: cards.CardCheck) -> str:
        if check.office_uid_matched:
            words = self.tr("Card %1 is the card the office printed for this record.")
        elif check.first_read:
            words = self.tr(
                "Card %1 is now bound to this record. Check the name and NIK printed on it."
            )
        else:
            words = self.tr("Card %1 is the card bound to this record.")
        return words.replace("%1", check.card_uid)

    # --- signatures ------------------------------------------------------------------

    def take_signature(self) -> None:
        """The recipient of a direct handover signs."""
        self._start_signature(Way.DIRECT, self.tr("The recipient signs on the pad now…"))

    def take_courier_signature(self) -> None:
        self._start_signature(Way.COURIER, self.tr("The courier signs on the pad now…"))

    def take_delivery_signature(self) -> None:
        self._start_signature(Way.DELIVERY, self.tr("The recipient signs on the pad now…"))

    def _start_signature(self, way: Way, words: str) -> None:
        self._for = way
        self._forget_signature(way)  # signing again replaces the last one, good or not
        self.status.info(words)
        self._task = workers.start(
            self._sign, self._signed, lambda error: self._device_failed(error, self.signed)
        )
        self._show_steps()

    def _sign(self) -> cards.SignatureInput:
        """On the worker thread: one signature from the pad (empty if nobody signed)."""
        pad = _device(self._find_device, Modality.SIGNATURE)
        if not isinstance(pad, SignaturePad):
            raise StepNotAllowed(code="device_not_connected", params={"modality": "signature"})
        with devices.converted(Modality.SIGNATURE):
            signature = cards.capture_signature(pad, timeout_s=SIGNATURE_WAIT_S)
        if signature.samples:  # judged now: "✔ Signed" only of a signature the handover takes
            cards.check_signature(signature)
        return signature

    def _forget_signature(self, way: Way) -> None:
        """No signature for ``way`` any more, and its line says none (issue 59 §6)."""
        if way is Way.COURIER:
            self.courier.forget_signature()
        elif way is Way.DELIVERY:
            self._delivery_signature = None
            self.delivery_signature_label.clear()
        else:
            self._signature = None
            self.signature_label.clear()

    def _signed(self, signature: object) -> None:
        self._task = None
        if not isinstance(signature, cards.SignatureInput):
            self._show_steps()
            return
        if not signature.samples:
            self.status.error(self.tr("Nobody signed on the pad. Ask them to sign again."))
            self.signed.emit(None)
            self._show_steps()
            return
        done = self.tr("✔ Signed.")
        if self._for is Way.COURIER:
            self.courier.signed(signature, done)
        elif self._for is Way.DELIVERY:
            self._delivery_signature = signature
            self.by_report.setChecked(False)
            self.delivery_signature_label.setText(done)
        else:
            self._signature = signature
            self.signature_label.setText(done)
        self.status.ok(self.tr("Signature taken."))
        self.signed.emit(signature)
        self._show_steps()

    def _device_failed(self, error: object, outcome: SignalInstance) -> None:
        """The reader or the pad failed: said in words, and told as the wait's outcome."""
        self._task = None
        self.status.error(explain_any(error))
        if isinstance(error, cards.SignatureRejected):  # said where "✔ Signed" would be
            labels = {
                Way.COURIER: self.courier.courier_signature_label,
                Way.DELIVERY: self.delivery_signature_label,
            }
            labels.get(self._for, self.signature_label).setText("✖ " + explain(error))
        outcome.emit(error)
        self._show_steps()

    # --- the handovers ---------------------------------------------------------------

    def give(self) -> None:
        record, check, signature = self.chosen_record(), self._check, self._signature
        if record is None or check is None or signature is None:
            self.status.error(self.tr("Read the card and take the signature first."))
            return
        try:
            info = cards.give_card(
                self.workspace,
                record,
                card_uid=check.card_uid,
                recipient=self.recipient.text(),
                relation=Relation(str(self.relation.currentData())),
                signature=signature,
                note=self.note.text() or None,
            )
        except KnownError as error:
            if isinstance(error, cards.SignatureRejected):
                self._forget_signature(Way.DIRECT)
            self.status.error(explain(error))
            self._show_steps()
            return
        self.recipient.clear()
        self.note.clear()
        self.relation.setCurrentIndex(0)  # the next card's recipient is not this one's
        self.refresh()  # the card leaves the list of cards waiting
        self._chosen()
        self.status.ok(
            one_stop(self.tr("The card was handed over to %1.").replace("%1", info.recipient_name))
        )

    def record_delivery(self) -> None:
        record, signature = self.chosen_record(), self._delivery_signature
        if record is None:
            self.status.error(self.tr("Choose a card in the list first."))
            return
        if signature is None and not self.by_report.isChecked():
            self.status.error(
                self.tr("Let the recipient sign, or tick that the courier reported it.")
            )
            return
        try:
            info = cards.confirm_delivery(
                self.workspace,
                record,
                recipient=self.delivery_recipient.text(),
                relation=Relation(str(self.delivery_relation.currentData())),
                signature=signature,
                note=self.delivery_note.text() or None,
            )
        except KnownError as error:
            if isinstance(error, cards.SignatureRejected):
                self._forget_signature(Way.DELIVERY)
            self.status.error(explain(error))
            self._show_steps()
            return
        self.delivery_recipient.clear()
        self.delivery_note.clear()
        self.delivery_relation.setCurrentIndex(0)
        self.by_report.setChecked(False)
        self.refresh()
        self._chosen()
        self.status.ok(
            self.tr("The delivery to %1 is recorded.").replace("%1", info.recipient_name)
        )
