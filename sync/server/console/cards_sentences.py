"""The print queue's sentences ("console_cards"): the queue, marking cards printed, a record's card.

Written once here; ``scripts/i18n.py --update`` extracts them into
``assets/i18n/fieldkit_id.ts``, where their Indonesian is written.
"""

from __future__ import annotations

from fieldkit.sentences import translate

# --- the queue --------------------------------------------------------------------------
translate("console_cards", "Print queue", "console_cards.title")
translate(
    "console_cards",
    "The records ready to print, the oldest promise first. Tick the cards you printed, "
    "type each card's chip UID, and mark them printed.",
    "console_cards.intro",
)
translate("console_cards", "Filter the queue", "console_cards.filter_legend")
translate("console_cards", "Kecamatan", "console_cards.kecamatan")
translate("console_cards", "Desa", "console_cards.desa")
translate("console_cards", "Request", "console_cards.request")
translate("console_cards", "all", "console_cards.any")
translate("console_cards", "Show", "console_cards.apply")
translate("console_cards", "Clear the filter", "console_cards.clear")
translate(
    "console_cards", "This choice is not in the list; it was left out.", "console_cards.choice"
)
translate("console_cards", "No record waits to be printed.", "console_cards.none")
translate(
    "console_cards",
    "{count} records wait to be printed; the first {shown} are shown.",
    "console_cards.count_cut",
)
translate("console_cards", "{count} records wait to be printed.", "console_cards.count")
translate("console_cards", "Records ready to print, oldest promise first", "console_cards.caption")
translate("console_cards", "Choose", "console_cards.col_choose")
translate("console_cards", "Name", "console_cards.col_name")
translate("console_cards", "NIK (last 4 digits)", "console_cards.col_nik")
translate("console_cards", "Desa", "console_cards.col_desa")
translate("console_cards", "Request", "console_cards.col_request")
translate("console_cards", "Promise", "console_cards.col_promise")
translate("console_cards", "Card chip UID", "console_cards.col_uid")
translate("console_cards", "Record", "console_cards.col_record")
translate("console_cards", "unknown", "console_cards.unknown")
translate("console_cards", "Print {name}", "console_cards.choose_label")
translate("console_cards", "Chip UID of {name}'s card", "console_cards.uid_label")
translate(
    "console_cards",
    "8, 14 or 20 hex digits (0-9, A-F), as the card reader shows them.",
    "console_cards.uid_help",
)

# --- marking printed --------------------------------------------------------------------
translate("console_cards", "Mark the cards printed", "console_cards.mark_legend")
translate("console_cards", "Print date", "console_cards.print_date")
translate("console_cards", "dd-mm-yyyy", "console_cards.date_placeholder")
translate("console_cards", "Mark the chosen cards printed", "console_cards.mark_button")
translate("console_cards", "{count} cards marked printed.", "console_cards.marked")
translate(
    "console_cards",
    "{count} cards were stored; the rows below were refused, each says why.",
    "console_cards.partly",
)
translate(
    "console_cards", "No card was stored: each chosen row says why.", "console_cards.all_refused"
)
translate("console_cards", "Choose at least one row to mark printed.", "console_cards.none_chosen")
translate(
    "console_cards",
    "Write the print date as day-month-year, for example 27-11-2026. Nothing was stored.",
    "console_cards.date_invalid",
)
translate(
    "console_cards",
    "The print date is after today. Nothing was stored.",
    "console_cards.date_future",
)
translate(
    "console_cards",
    "The print date is before the day this person was recorded.",
    "console_cards.date_before_recording",
)
translate(
    "console_cards",
    "Choose a print date from {first} to {last}. Nothing was stored.",
    "console_cards.date_out_of_range",
)
translate("console_cards", "Type this card's chip UID.", "console_cards.uid_missing")
translate(
    "console_cards",
    "This UID is not one: write 8, 14 or 20 hex digits (0-9, A-F).",
    "console_cards.uid_invalid",
)
translate(
    "console_cards",
    "This UID is already stored for another card: check the UID read from the card.",
    "console_cards.uid_used",
)
translate(
    "console_cards",
    "This record is no longer ready to print (it was printed or moved meanwhile).",
    "console_cards.not_print_ready",
)
translate("console_cards", "This record is not held here.", "console_cards.not_found")
translate(
    "console_cards",
    "A simulator took this record's prints: it is printed only by a training data center, "
    "never on a real KTP-el. Ask for a recapture with the real devices.",
    "console_cards.simulated_refused",
)
translate(
    "console_cards",
    "Not printable: a simulator took these prints. Ask for a recapture on the record's page.",
    "console_cards.simulated_blocked",
)
translate(
    "console_cards",
    "Training data center: records a simulator captured are printed here, on training "
    "cards only. A real office turns this off (fieldkit-datacenter office training off).",
    "console_cards.training_office",
)
translate("console_cards", "The data center refused this card.", "console_cards.refused_other")
translate("console_cards", "Record {record}: {why}", "console_cards.row_refused")

# --- a record's card (its page) ---------------------------------------------------------
translate("console_cards", "Printed card", "console_cards.card_title")
translate("console_cards", "No card has been printed for this record.", "console_cards.no_card")
translate("console_cards", "Cards printed for this record", "console_cards.card_caption")
translate("console_cards", "Chip UID", "console_cards.card_uid")
translate("console_cards", "Printed on", "console_cards.card_day")
translate("console_cards", "Marked by", "console_cards.card_actor")
translate("console_cards", "Marked at", "console_cards.card_at")
