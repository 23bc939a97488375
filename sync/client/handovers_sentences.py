"""The push's words about the cards' handovers (``sync.client.handovers``), in the catalogue."""

from __future__ import annotations

from fieldkit.sentences import translate

translate(
    "sync",
    "The cards' handovers were not reported to the data center this time; the records were "
    "sent, and the next sync tries again.",
    "detail.handovers_not_reported",
)
