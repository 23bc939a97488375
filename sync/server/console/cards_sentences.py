"""The words of a card's whereabouts in Rekaman ("console_cards", issue 49 §2).

Written once here; ``scripts/i18n.py --update`` extracts them into
``assets/i18n/fieldkit_id.ts``, where their Indonesian is written.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate("console_cards", "handed to its owner", "console_cards.outcome_owner")
translate("console_cards", "handed to a family member", "console_cards.outcome_family")
translate("console_cards", "with a courier", "console_cards.outcome_courier")
translate("console_cards", "handed to the kecamatan", "console_cards.outcome_kecamatan")
translate("console_cards", "handed to the desa", "console_cards.outcome_desa")
translate("console_cards", "Card: {outcome}", "console_cards.card_outcome")
translate("console_cards", "Card", "console_cards.title")
translate(
    "console_cards",
    "Where the printed card went, as the laptop that handed it over reported it. The "
    "receiver's name stays on that laptop.",
    "console_cards.intro",
)
translate(
    "console_cards",
    "No handover of this card has been reported yet.",
    "console_cards.none",
)
translate("console_cards", "The card's handovers, oldest first", "console_cards.caption")
translate("console_cards", "Handed over on", "console_cards.col_day")
translate("console_cards", "Outcome", "console_cards.col_outcome")
translate("console_cards", "Receiver", "console_cards.col_role")
translate("console_cards", "Courier's receipt", "console_cards.col_receipt")
translate("console_cards", "Laptop", "console_cards.col_laptop")
