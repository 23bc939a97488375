"""Serah terima: a printed KTP-el handed to its owner, read on the card reader, signed on the pad.

The office's job after the data center reports a card PRINTED (SOP: the card goes
to the person who could not come, or to their guardian).  The screen walks the
operator or the ketua tim through it in the order it happens at the door: choose
the card in the list, put it on the reader (its UID is bound to the record at the
first read and checked at every later one, ``fieldkit.handover.cards``), write
who receives it, let them sign on the pad, hand it over.  The berita acara serah
terima of the day is then made in Laporan.  Device waits run on a worker thread,
so the window stays alive while nobody has put the card down yet.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from drivers import CardReader, Modality, SignaturePad
from fieldkit import devices, nik
from fieldkit.enrollment.errors import StepNotAllowed
from fieldkit.errors import KnownError
from fieldkit.events import HandoverChanged
from fieldkit.handover import cards
from fieldkit.handover.cards import Relation
from ui import workers
from ui.common import StatusLine, fit_columns, read_only_table, row_key, tip_cells
from ui.dates import date_text
from ui.labels_catalogue import handover_state_texts, relation_texts
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
# The recipients a direct handover may name (a courier has a handover of their own).
DIRECT_RELATIONS = tuple(r for r in Relation if r is not Relation.COURIER)


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
        self._check: cards.CardCheck | None = None
        self._signature: cards.SignatureInput | None = None
        self._states = handover_state_texts()

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
        fit_columns(self.table, stretch=(0, 2))
        self.table.itemSelectionChanged.connect(self._chosen)
        self.show_done = QCheckBox(self.tr("Show cards already handed over"))
        self.show_done.toggled.connect(lambda _on: self.refresh())
        cards_box = QGroupBox(self.tr("Printed cards from the data center"))
        cards_layout = QVBoxLayout(cards_box)
        cards_layout.addWidget(self.table, 1)
        cards_layout.addWidget(self.show_done)

        columns = QHBoxLayout()
        columns.addWidget(cards_box, 3)
        columns.addWidget(self._handover_box(), 2)
        self.status = StatusLine()
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.status)
        self._chosen()

    def _handover_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Hand the chosen card over"))
        form = QFormLayout(box)
        self.person = QLabel(self.tr("Choose a card in the list."))
        self.person.setWordWrap(True)
        self.read_button = QPushButton(self.tr("1. Read the card on the reader"))
        self.read_button.clicked.connect(self.read_card)
        self.card_label = QLabel()
        self.card_label.setWordWrap(True)
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText(self.tr("who receives the card (required)"))
        self.relation = QComboBox()
        relations = relation_texts()
        for relation in DIRECT_RELATIONS:
            self.relation.addItem(relations[relation], relation.value)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("optional, e.g. received at the hospital"))
        self.sign_button = QPushButton(self.tr("2. The recipient signs on the pad"))
        self.sign_button.clicked.connect(self.take_signature)
        self.signature_label = QLabel()
        self.give_button = QPushButton(self.tr("3. Hand the card over"))
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
        hint = QLabel(self.tr("The berita acara serah terima of the day is made in Laporan."))
        hint.setWordWrap(True)
        form.addRow(hint)
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
        except KnownError as error:
            self.status.error(explain(error))
            return
        chosen = row_key(self.table)
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            first = QTableWidgetItem(item.name or "-")
            first.setData(Qt.ItemDataRole.UserRole, item.record_id)
            self.table.setItem(row, 0, first)
            cells = [
                nik.mask(item.nik) if item.nik else "-",
                item.desa or "-",
                date_text(item.visit_date) if item.visit_date else "-",
                self._states[item.state],
            ]
            for column, value in enumerate(cells, start=1):
                self.table.setItem(row, column, QTableWidgetItem(value))
            if item.record_id == chosen:
                self.table.selectRow(row)
        tip_cells(self.table)
        if not items:
            self.status.info(self.tr("No printed card waits for its handover."))

    def chosen_record(self) -> str | None:
        return row_key(self.table)

    def _chosen(self) -> None:
        """Another card: what was read and signed for the last one no longer counts."""
        self._check, self._signature = None, None
        row = self.table.currentRow()
        name, masked = self.table.item(row, 0), self.table.item(row, 1)
        if self.chosen_record() is None or name is None or masked is None:
            self.person.setText(self.tr("Choose a card in the list."))
        else:
            self.person.setText(
                self.tr("Card of %1 (NIK %2).")
                .replace("%1", name.text())
                .replace("%2", masked.text())
            )
        self.card_label.clear()
        self.signature_label.clear()
        self._show_steps()

    def _show_steps(self) -> None:
        """Each step opens when the one before it is done: nothing is done out of order."""
        busy = self._task is not None
        chosen = self.chosen_record() is not None
        self.read_button.setEnabled(chosen and not busy)
        self.sign_button.setEnabled(self._check is not None and not busy)
        self.give_button.setEnabled(
            self._check is not None
            and self._signature is not None
            and bool(self.recipient.text().strip())
            and not busy
        )

    # --- the card --------------------------------------------------------------------

    def read_card(self) -> None:
        record = self.chosen_record()
        if record is None:
            self.status.error(self.tr("Choose a card in the list first."))
            return
        self.status.info(self.tr("Put the card on the reader…"))
        self._task = workers.start(self._read_uid, self._uid_read, self._device_failed)
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
            check = cards.read_card_for(self.workspace, record, uid)
        except KnownError as error:
            self.status.error(explain(error))
            self.card_read.emit(error)
            self._show_steps()
            return
        self._check = check
        if check.first_read:
            words = self.tr(
                "Card %1 is now bound to this record. Check the name and NIK printed on it."
            )
        else:
            words = self.tr("Card %1 is the card bound to this record.")
        self.card_label.setText("✔ " + words.replace("%1", check.card_uid))
        self.status.ok(self.tr("Card read."))
        self.card_read.emit(check.card_uid)
        self._show_steps()

    # --- the signature ---------------------------------------------------------------

    def take_signature(self) -> None:
        self.status.info(self.tr("The recipient signs on the pad now…"))
        self._task = workers.start(self._sign, self._signed, self._device_failed)
        self._show_steps()

    def _sign(self) -> cards.SignatureInput:
        """On the worker thread: one signature from the pad (empty if nobody signed)."""
        pad = _device(self._find_device, Modality.SIGNATURE)
        if not isinstance(pad, SignaturePad):
            raise StepNotAllowed(code="device_not_connected", params={"modality": "signature"})
        with devices.converted(Modality.SIGNATURE):
            return cards.capture_signature(pad, timeout_s=SIGNATURE_WAIT_S)

    def _signed(self, signature: object) -> None:
        self._task = None
        if not isinstance(signature, cards.SignatureInput):
            self._show_steps()
            return
        if not signature.samples:
            self.status.error(self.tr("Nobody signed on the pad. Ask the recipient to sign again."))
            self.signed.emit(None)
            self._show_steps()
            return
        self._signature = signature
        self.signature_label.setText(self.tr("✔ Signed."))
        self.status.ok(self.tr("Signature taken."))
        self.signed.emit(signature)
        self._show_steps()

    def _device_failed(self, error: object) -> None:
        self._task = None
        self.status.error(explain_any(error))
        self.card_read.emit(error)
        self._show_steps()

    # --- the handover ----------------------------------------------------------------

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
            self.status.error(explain(error))
            return
        self.recipient.clear()
        self.note.clear()
        self.refresh()  # the card leaves the list of cards waiting
        self._chosen()
        self.status.ok(
            self.tr("The card was handed over to %1.").replace("%1", info.recipient_name)
        )
