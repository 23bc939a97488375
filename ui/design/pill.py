"""One status pill for every screen: a rounded label whose colour and symbol say the state.

The words are fixed and few (Siap, Terputus, Belum diperiksa; terekam, draf,
dikembalikan, ditolak), so a state reads the same on Beranda, Pengaturan and
Tinjauan.  Each word keeps its symbol (● ✖ ◌ …): colour is only a second signal,
for sunlight, black-and-white printouts and colour-blind officers.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from ui.design import repolish


class PillKind(enum.StrEnum):
    OK = "ok"
    WARNING = "warning"
    DANGER = "danger"
    NEUTRAL = "neutral"


class Word(enum.StrEnum):
    """The fixed states a pill names."""

    READY = "ready"
    DISCONNECTED = "disconnected"
    NOT_CHECKED = "not_checked"
    RECORDED = "recorded"
    DRAFT = "draft"
    RETURNED = "returned"
    REJECTED = "rejected"


#: Each word's kind and symbol.
WORD_LOOKS: dict[Word, tuple[PillKind, str]] = {
    Word.READY: (PillKind.OK, "●"),
    Word.DISCONNECTED: (PillKind.DANGER, "✖"),
    Word.NOT_CHECKED: (PillKind.NEUTRAL, "◌"),
    Word.RECORDED: (PillKind.OK, "✔"),
    Word.DRAFT: (PillKind.NEUTRAL, "◐"),
    Word.RETURNED: (PillKind.WARNING, "↩"),
    Word.REJECTED: (PillKind.DANGER, "✖"),
}


def word_text(word: Word) -> str:
    """The word in the app's language (the same words the rest of the app uses)."""
    words = {
        Word.READY: QCoreApplication.translate("StatusPill", "Ready"),
        Word.DISCONNECTED: QCoreApplication.translate("StatusPill", "Disconnected"),
        Word.NOT_CHECKED: QCoreApplication.translate("StatusPill", "Not checked yet"),
        Word.RECORDED: QCoreApplication.translate("StatusPill", "recorded"),
        Word.DRAFT: QCoreApplication.translate("StatusPill", "draft"),
        Word.RETURNED: QCoreApplication.translate("StatusPill", "returned"),
        Word.REJECTED: QCoreApplication.translate("StatusPill", "rejected"),
    }
    return words[word]


class StatusPill(QLabel):
    """A state in a pill: ``set_state(kind, text)`` for any words, ``set_word`` for the fixed ones.

    Its text (symbol and word) is what a screen reader and the e2e tests read.
    """

    def __init__(
        self, text: str = "", kind: PillKind = PillKind.NEUTRAL, parent: QWidget | None = None
    ) -> None:
        super().__init__(text, parent)
        # As wide as its words: in a grid or a form it never stretches into a bar.
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.set_state(kind, text)

    def kind(self) -> PillKind:
        return PillKind(str(self.property("pill")))

    def set_state(self, kind: PillKind, text: str) -> None:
        self.setText(text)
        if self.property("pill") != kind.value:
            self.setProperty("pill", kind.value)
            repolish(self)

    def set_word(self, word: Word) -> None:
        kind, symbol = WORD_LOOKS[word]
        self.set_state(kind, f"{symbol} {word_text(word)}")
