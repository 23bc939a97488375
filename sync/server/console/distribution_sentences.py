"""Distribusi's sentences ("console_distribution"): the schedule, a delivery, its BA.

Written once here; ``scripts/i18n.py --update`` extracts them into
``assets/i18n/fieldkit_id.ts``, where their Indonesian is written.
"""

from __future__ import annotations

from fieldkit.sentences import translate

# --- the schedule -----------------------------------------------------------------------
translate("console_distribution", "Distribution", "console_distribution.title")
translate(
    "console_distribution",
    "The printed cards waiting to be taken to their desa, by desa and by the laptop whose "
    "team recorded them. Tick the cards, choose the day and schedule the delivery: the "
    "laptop receives it at its next sync, and the BA serah terima is made from it.",
    "console_distribution.intro",
)
translate("console_distribution", "unknown", "console_distribution.unknown")
translate("console_distribution", "Unnamed laptop ({id})", "console_distribution.laptop_unnamed")
translate(
    "console_distribution", "No printed card waits for a delivery.", "console_distribution.none"
)
translate(
    "console_distribution",
    "{count} printed cards wait for a delivery.",
    "console_distribution.count",
)
translate(
    "console_distribution",
    "{count} printed cards wait for a delivery; the first {shown} are shown.",
    "console_distribution.count_cut",
)
translate("console_distribution", "Desa {desa}", "console_distribution.group_desa")
translate("console_distribution", "no desa", "console_distribution.no_desa")
translate(
    "console_distribution",
    "Cards without a desa recorded by {laptop}",
    "console_distribution.caption_no_desa",
)
translate(
    "console_distribution",
    "Without a desa: cards recorded on a visit planned with no desa code",
    "console_distribution.group_no_desa",
)
translate(
    "console_distribution",
    "Choose the desa these cards go to: the delivery places them there, and Rekaman and "
    "Grafik then show that desa.",
    "console_distribution.no_desa_note",
)
translate("console_distribution", "Desa the cards go to", "console_distribution.desa_label")
translate("console_distribution", "Choose a desa…", "console_distribution.desa_choose")
translate(
    "console_distribution",
    "Desa code (10 digits; the office's region table has no desa yet)",
    "console_distribution.desa_code_label",
)
translate(
    "console_distribution",
    "Choose the desa the cards without a desa go to.",
    "console_distribution.desa_missing",
)
translate(
    "console_distribution",
    "{desa} is not a desa's 10-digit code.",
    "console_distribution.desa_invalid",
)
translate("console_distribution", "{laptop} · {team}", "console_distribution.group_laptop")
translate("console_distribution", "{laptop}", "console_distribution.group_laptop_alone")
translate(
    "console_distribution",
    "Cards for desa {desa} recorded by {laptop}",
    "console_distribution.caption",
)
translate("console_distribution", "Deliver", "console_distribution.col_choose")
translate("console_distribution", "Name", "console_distribution.col_name")
translate("console_distribution", "NIK (last 4 digits)", "console_distribution.col_nik")
translate("console_distribution", "Request", "console_distribution.col_request")
translate("console_distribution", "Card chip UID", "console_distribution.col_uid")
translate("console_distribution", "Promise", "console_distribution.col_promise")
translate("console_distribution", "Deliver {name}'s card", "console_distribution.choose_label")
translate("console_distribution", "Delivery date", "console_distribution.date_label")
translate("console_distribution", "dd-mm-yyyy", "console_distribution.date_placeholder")
translate(
    "console_distribution",
    "Schedule the delivery of the ticked cards",
    "console_distribution.schedule_button",
)
translate("console_distribution", "Scheduled deliveries", "console_distribution.listed_title")
translate(
    "console_distribution",
    "No delivery has been scheduled yet.",
    "console_distribution.listed_none",
)
translate(
    "console_distribution",
    "Deliveries scheduled, the latest day first",
    "console_distribution.listed_caption",
)
translate("console_distribution", "Number", "console_distribution.col_number")
translate("console_distribution", "Date", "console_distribution.col_date")
translate("console_distribution", "Desa", "console_distribution.col_desa")
translate("console_distribution", "Team", "console_distribution.col_team")
translate("console_distribution", "Cards", "console_distribution.col_cards")
translate("console_distribution", "Handed over", "console_distribution.col_handed")

# --- scheduling: the answers ------------------------------------------------------------
translate(
    "console_distribution",
    "Delivery {number} scheduled: {count} cards.",
    "console_distribution.scheduled",
)
translate(
    "console_distribution",
    "Tick at least one card to deliver. Nothing was stored.",
    "console_distribution.none_chosen",
)
translate(
    "console_distribution",
    "Write the delivery date as day-month-year, for example 01-12-2026. Nothing was stored.",
    "console_distribution.date_invalid",
)
translate(
    "console_distribution",
    "The delivery date is before today. Nothing was stored.",
    "console_distribution.date_past",
)
translate(
    "console_distribution",
    "A delivery takes at most {max} cards: tick fewer. Nothing was stored.",
    "console_distribution.too_many",
)
translate(
    "console_distribution",
    "No card could be scheduled: each ticked row says why. Nothing was stored.",
    "console_distribution.all_refused",
)
translate(
    "console_distribution",
    "Delivery {number} was stored; {count} cards were left out, each says why.",
    "console_distribution.partly",
)
translate("console_distribution", "Record {record}: {why}", "console_distribution.row_refused")
translate("console_distribution", "Open delivery {number}", "console_distribution.open_created")
translate(
    "console_distribution",
    "This record was not recorded by this laptop.",
    "console_distribution.other_laptop",
)
translate(
    "console_distribution",
    "This card is no longer waiting for a delivery (it moved meanwhile).",
    "console_distribution.not_printed",
)
translate(
    "console_distribution",
    "No printed card is stored for this record.",
    "console_distribution.no_card",
)
translate(
    "console_distribution",
    "This record was recorded in another desa.",
    "console_distribution.other_desa",
)
translate(
    "console_distribution",
    "This card is already in another delivery.",
    "console_distribution.already",
)
translate(
    "console_distribution",
    "The data center refused this delivery.",
    "console_distribution.refused_other",
)

# --- a delivery and its BA serah terima -------------------------------------------------
translate("console_distribution", "Delivery {number}", "console_distribution.delivery_title")
translate("console_distribution", "Delivery", "console_distribution.delivery_page")
translate("console_distribution", "Back to Distribution", "console_distribution.back")
translate(
    "console_distribution",
    "Print this page with the browser (Ctrl+P): the menus are left out of the print.",
    "console_distribution.print_help",
)
translate(
    "console_distribution",
    "{handed} of {count} cards reported handed over by the laptop.",
    "console_distribution.handed_count",
)
translate(
    "console_distribution", "BERITA ACARA SERAH TERIMA KTP-EL", "console_distribution.ba_title"
)
translate("console_distribution", "Number: {number}", "console_distribution.ba_number")
translate("console_distribution", "Delivery date", "console_distribution.ba_date")
translate("console_distribution", "Desa", "console_distribution.ba_desa")
translate("console_distribution", "Kecamatan", "console_distribution.ba_kecamatan")
translate("console_distribution", "Team", "console_distribution.ba_team")
translate("console_distribution", "Laptop", "console_distribution.ba_laptop")
translate("console_distribution", "Scheduled by", "console_distribution.ba_actor")
translate(
    "console_distribution",
    "The office hands over to the team below the KTP-el cards listed, for delivery to "
    "their owners in the desa named above.",
    "console_distribution.ba_statement",
)
translate("console_distribution", "KTP-el cards handed over", "console_distribution.ba_caption")
translate("console_distribution", "No", "console_distribution.ba_no")
translate("console_distribution", "Name", "console_distribution.ba_name")
translate("console_distribution", "NIK (last 4 digits)", "console_distribution.ba_nik")
translate("console_distribution", "Request number", "console_distribution.ba_request")
translate("console_distribution", "Card UID", "console_distribution.ba_uid")
translate("console_distribution", "Handed over by", "console_distribution.ba_giver")
translate("console_distribution", "Received by", "console_distribution.ba_receiver")
translate("console_distribution", "(the office)", "console_distribution.ba_giver_who")
translate("console_distribution", "({team})", "console_distribution.ba_receiver_who")
translate("console_distribution", "Name and signature", "console_distribution.ba_sign")
translate("console_distribution", "Delivery not found", "console_distribution.missing_title")
translate(
    "console_distribution",
    "No delivery has this number. Open Distribution for the deliveries scheduled.",
    "console_distribution.missing",
)

# --- a record's page --------------------------------------------------------------------
translate(
    "console_distribution",
    "Scheduled for delivery: {number}, {day}, {team}",
    "console_distribution.record_line",
)
