"""A card the office never recorded: a question for the ketua tim, never a silent binding.

Once the office sends its printed cards (issue 56.1), a card it has no UID for is refused
at the handover (``cards.UnrecordedCard``): the card on the reader may be someone else's
from another office, or a blank.  The ketua tim, logged in, may still accept it after
checking the name and NIK printed on it; the acceptance is written to the audit trail.
Anyone else is refused with the words that say so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from fieldkit.handover import cards
from fieldkit.permissions import may_accept_unrecorded_card

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from fieldkit.workspace import Workspace


def read_card(parent: QWidget, workspace: Workspace, record: str, uid: str) -> cards.CardCheck:
    """``cards.read_card_for``; a card the office never recorded is the ketua tim's question."""
    try:
        return cards.read_card_for(workspace, record, uid)
    except cards.UnrecordedCard:
        if not may_accept_unrecorded_card(workspace.officer) or not _ketua_accepts(parent, uid):
            raise
    return cards.read_card_for(workspace, record, uid, accept_unrecorded=True)


def _ketua_accepts(parent: QWidget, uid: str) -> bool:
    question = QCoreApplication.translate(
        "UnrecordedCard", "Accept a card the office did not record?"
    )
    box = QMessageBox(QMessageBox.Icon.Warning, question, question, parent=parent)
    box.setInformativeText(
        QCoreApplication.translate(
            "UnrecordedCard",
            "The office printed no card with UID %1 for this laptop's records. Accept it only"
            " if the name and NIK printed on the card are this person's: your decision is"
            " written to the audit trail.",
        ).replace("%1", uid)
    )
    accept = box.addButton(
        QCoreApplication.translate("UnrecordedCard", "Accept this card"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    refuse = box.addButton(
        QCoreApplication.translate("UnrecordedCard", "Do not accept"),
        QMessageBox.ButtonRole.RejectRole,
    )
    box.setDefaultButton(refuse)  # Enter must not bind an unknown card
    box.exec()
    return box.clickedButton() is accept
