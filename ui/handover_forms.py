"""The handover tabs' small parts: their forms, the recipients offered, the empty list's words.

Apart from :mod:`ui.handover_page` because they change with the forms' look and the
relation list, not with the handover's steps.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QFormLayout, QVBoxLayout, QWidget

from fieldkit.handover.cards import Relation
from ui.labels_catalogue import relation_texts

# The recipients a direct handover may name (a courier has a handover of their own).
DIRECT_RELATIONS = tuple(r for r in Relation if r is not Relation.COURIER)


def empty_list_text() -> str:
    """What the empty list says: nothing waits, where cards come from, what to do."""
    return QCoreApplication.translate(
        "HandoverPage",
        "No printed card waits for its handover. Cards appear here after the data center"
        " marks them printed: send the records and receive the news in Sinkronisasi"
        " (Send records now).",
    )


def tab_form() -> tuple[QWidget, QFormLayout]:
    """A tab's form, its rows packed at the top: a tall tab must not spread the steps apart."""
    box = QWidget()
    form = QFormLayout()
    layout = QVBoxLayout(box)
    layout.addLayout(form)
    layout.addStretch(1)
    return box, form


def relations_box() -> QComboBox:
    """Who may receive a card from the office or the courier (never the courier)."""
    box = QComboBox()
    words = relation_texts()
    for relation in DIRECT_RELATIONS:
        box.addItem(words[relation], relation.value)
    return box
