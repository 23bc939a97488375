"""A sent record's state at the data center, as Perekaman, Tinjauan and Serah terima show it.

The core says which sentence (:func:`fieldkit.records.server_states.state_words`); this
module translates it from the catalogue and gives its pill, so the three screens say
"Siap cetak" or "Data ganda: menunggu keputusan kantor" alike (issue 48).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from fieldkit.records.server_states import CONTEXT, Tone
from fieldkit.sentences import render
from ui.core_sentences import core_text
from ui.design.pill import PillKind

if TYPE_CHECKING:
    from fieldkit.records.server_states import StateWords

# Each tone's pill and symbol: on its way to a card, someone must act, refused, nothing to do.
TONE_LOOKS: dict[Tone, tuple[PillKind, str]] = {
    Tone.OK: (PillKind.OK, "✔"),
    Tone.WARNING: (PillKind.WARNING, "⚠"),
    Tone.DANGER: (PillKind.DANGER, "✖"),
    Tone.NEUTRAL: (PillKind.NEUTRAL, "○"),
}
# A record the data center has not answered (not sent yet, or no news).
NO_NEWS = "-"


def heading() -> str:
    """The column's heading on the three screens."""
    return QCoreApplication.translate("DataCenterWords", "Data center")


def state_text(words: StateWords | None) -> str:
    """The state's words in the app's language, after its symbol; a dash when there is none."""
    if words is None:
        return NO_NEWS
    symbol = TONE_LOOKS[words.tone][1]
    return f"{symbol} {render(core_text(CONTEXT, words.code), words.params)}"


def state_pill(words: StateWords | None) -> tuple[str, PillKind | None]:
    """The cell's text and its pill's kind (None: a plain dash, no pill)."""
    if words is None:
        return NO_NEWS, None
    return state_text(words), TONE_LOOKS[words.tone][0]
