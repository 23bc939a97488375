"""The words of a card's whereabouts in Rekaman ("console_handover", issue 49 §2).

Written once here; ``scripts/i18n.py --update`` extracts them into
``assets/i18n/fieldkit_id.ts``, where their Indonesian is written.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate("console_handover", "handed to its owner", "console_handover.outcome_owner")
translate("console_handover", "handed to a family member", "console_handover.outcome_family")
translate("console_handover", "with a courier", "console_handover.outcome_courier")
translate("console_handover", "handed to the kecamatan", "console_handover.outcome_kecamatan")
translate("console_handover", "handed to the desa", "console_handover.outcome_desa")
translate("console_handover", "Card: {outcome}", "console_handover.card_outcome")
translate("console_handover", "Card handover", "console_handover.title")
translate(
    "console_handover",
    "Where the printed card went, as the laptop that handed it over reported it. The "
    "receiver's name stays on that laptop.",
    "console_handover.intro",
)
translate(
    "console_handover",
    "No handover of this card has been reported yet.",
    "console_handover.none",
)
translate("console_handover", "The card's handovers, oldest first", "console_handover.caption")
translate("console_handover", "Handed over on", "console_handover.col_day")
translate("console_handover", "Outcome", "console_handover.col_outcome")
translate("console_handover", "Receiver", "console_handover.col_role")
translate("console_handover", "Courier's receipt", "console_handover.col_receipt")
translate("console_handover", "Laptop", "console_handover.col_laptop")
