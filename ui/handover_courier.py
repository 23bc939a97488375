"""Serah terima's second way: cards read into a courier's batch, one signature, one receipt.

Apart from the handover screen because the batch is its own piece of work (SOP
002, Becak Pintar): several cards chosen one by one, one signature that covers
exactly them, one receipt, whatever card is chosen in the list meanwhile.  The
screen keeps the devices (the read and the signature run on its worker) and
hands the results here.  The words keep the screen's translation context
(``HandoverPage``), so the catalogue's translations carry over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import KnownError
from fieldkit.handover import cards
from fieldkit.sentences import one_stop
from ui.messages import explain

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace
    from ui.common import StatusLine

#: A bare call, which lupdate extracts with its literal context.
translate = QCoreApplication.translate


class CourierTab(QWidget):
    """The courier's batch and receipt; the screen reads the cards and takes the signature."""

    #: The chosen card is to be read into the batch (the screen reads it).
    read_requested = Signal()
    #: The courier is to sign on the pad (the screen takes the signature).
    sign_requested = Signal()
    #: What may be done next changed: the screen opens or closes the steps.
    changed = Signal()
    #: The batch left with the courier: the list of cards changed.
    given = Signal()

    def __init__(self, workspace: Workspace, status: StatusLine) -> None:
        super().__init__()
        self.workspace = workspace
        self.status = status
        #: (record id, card UID, the person's name) per card read into the batch.
        self.cards: list[tuple[str, str, str]] = []
        self.signature: cards.SignatureInput | None = None
        how = QLabel(
            translate(
                "HandoverPage",
                "Choose a card in the list and read it into the batch; do so for every card "
                "the courier takes. The courier then signs one receipt for all of them.",
            )
        )
        how.setWordWrap(True)
        self.batch_add_button = QPushButton(
            translate("HandoverPage", "1. Read the card into the batch")
        )
        self.batch_add_button.clicked.connect(self.read_requested)
        self.batch = QListWidget()
        self.batch.setAccessibleName(translate("HandoverPage", "Courier's batch"))
        self.batch.setMaximumHeight(self.fontMetrics().height() * 5)
        self.batch.itemSelectionChanged.connect(self.changed)
        self.batch_remove_button = QPushButton(
            translate("HandoverPage", "Take the chosen card out of the batch")
        )
        self.batch_remove_button.clicked.connect(self.remove_chosen)
        self.courier_name = QLineEdit()
        self.courier_name.setPlaceholderText(translate("HandoverPage", "courier's name (required)"))
        self.courier_organisation = QLineEdit()
        self.courier_organisation.setPlaceholderText(
            translate("HandoverPage", "e.g. Becak Pintar, PT Pos Indonesia (required)")
        )
        self.courier_sign_button = QPushButton(
            translate("HandoverPage", "2. The courier signs on the pad")
        )
        self.courier_sign_button.clicked.connect(self.sign_requested)
        self.courier_signature_label = QLabel()
        self.courier_give_button = QPushButton(
            translate("HandoverPage", "3. Give the cards to the courier")
        )
        self.courier_give_button.clicked.connect(self.give)
        for field in (self.courier_name, self.courier_organisation):
            field.textChanged.connect(lambda _text: self.changed.emit())
        # The rows packed at the top, as on the other ways' tabs: the steps stay together.
        form = QFormLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        form.addRow(how)
        form.addRow(self.batch_add_button)
        form.addRow(self.batch)
        form.addRow(self.batch_remove_button)
        form.addRow(translate("HandoverPage", "Courier"), self.courier_name)
        form.addRow(translate("HandoverPage", "Organisation"), self.courier_organisation)
        form.addRow(self.courier_sign_button)
        form.addRow(self.courier_signature_label)
        form.addRow(self.courier_give_button)

    def show_steps(self, *, ready: bool, chosen: str | None, busy: bool) -> None:
        """Each step opens when the one before it is done (``ready``: the chosen card is)."""
        in_batch = chosen in {record for record, _uid, _name in self.cards}
        self.batch_add_button.setEnabled(ready and not in_batch and not busy)
        self.batch_remove_button.setEnabled(bool(self.batch.selectedItems()) and not busy)
        self.courier_sign_button.setEnabled(bool(self.cards) and not busy)
        self.courier_give_button.setEnabled(
            bool(self.cards)
            and self.signature is not None
            and bool(self.courier_name.text().strip())
            and bool(self.courier_organisation.text().strip())
            and not busy
        )

    def add(self, check: cards.CardCheck, name: str, card_words: str) -> None:
        """The card joins the batch; the courier's signature, if taken, covered fewer cards."""
        self.cards.append((check.record_id, check.card_uid, name))
        line = QListWidgetItem(f"{name} · {check.card_uid}")
        line.setData(Qt.ItemDataRole.UserRole, check.record_id)
        self.batch.addItem(line)
        self._forget_signature()
        self.status.ok(
            translate(
                "HandoverPage", "%1 In the courier's batch: %n card(s).", "", len(self.cards)
            ).replace("%1", card_words)
        )

    def remove_chosen(self) -> None:
        for line in self.batch.selectedItems():
            record = line.data(Qt.ItemDataRole.UserRole)
            self.cards = [entry for entry in self.cards if entry[0] != record]
            self.batch.takeItem(self.batch.row(line))
        self._forget_signature()
        self.status.info(
            translate("HandoverPage", "In the courier's batch: %n card(s).", "", len(self.cards))
        )
        self.changed.emit()

    def _forget_signature(self) -> None:
        """A courier signs for the cards they take: a changed batch needs a new signature."""
        if self.signature is not None:
            self.courier_signature_label.setText(
                translate("HandoverPage", "The batch changed: the courier signs again.")
            )
        self.signature = None

    def forget_signature(self) -> None:
        """The courier signs again: the last signature and its "✔ Signed" go."""
        self.signature = None
        self.courier_signature_label.clear()

    def signed(self, signature: cards.SignatureInput, done: str) -> None:
        self.signature = signature
        self.courier_signature_label.setText(done)

    def give(self) -> None:
        """One receipt for the whole batch; a refused card refuses the receipt, in words."""
        signature = self.signature
        if not self.cards or signature is None:
            self.status.error(
                translate("HandoverPage", "Read the cards and take the courier's signature first.")
            )
            return
        try:
            given = cards.give_to_courier(
                self.workspace,
                [(record, uid) for record, uid, _name in self.cards],
                courier=self.courier_name.text(),
                organisation=self.courier_organisation.text(),
                signature=signature,
            )
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.cards, self.signature = [], None
        self.batch.clear()
        self.courier_signature_label.clear()
        courier = given[0].recipient_name
        self.courier_name.clear()
        self.courier_organisation.clear()
        self.given.emit()
        self.status.ok(
            one_stop(
                translate(
                    "HandoverPage", "%n card(s) given to the courier %1.", "", len(given)
                ).replace("%1", courier)
            )
        )
