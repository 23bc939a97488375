"""Error sentences of the ketua tim's and the office's work: review, revisits, letters, sarpras.

Kept apart from :mod:`ui.error_catalogue` only for size; the same context ("errors") and
the same rule apply: every code the core raises has a sentence.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def ketua_error_texts() -> dict[str, str]:
    """Code -> sentence for review, revisits, the letter register, NIPs and sarpras returns."""
    return {
        "review_not_found": QCoreApplication.translate(
            "errors", "Record {record_id} is not waiting for review.", "review_not_found"
        ),
        "review_already_decided": QCoreApplication.translate(
            "errors",
            "Record {record_id} was already decided by the ketua tim.",
            "review_already_decided",
        ),
        "review_reason_required": QCoreApplication.translate(
            "errors", "Say why the record goes back for recapture.", "review_reason_required"
        ),
        "review_reason_too_long": QCoreApplication.translate(
            "errors", "The reason is longer than {max} characters.", "review_reason_too_long"
        ),
        "review_note_too_long": QCoreApplication.translate(
            "errors", "The note is longer than {max} characters.", "review_note_too_long"
        ),
        "revisit_not_found": QCoreApplication.translate(
            "errors", "This person is no longer on the revisit list.", "revisit_not_found"
        ),
        "revisit_already_planned": QCoreApplication.translate(
            "errors", "A revisit is already planned for this person.", "revisit_already_planned"
        ),
        "revisit_none": QCoreApplication.translate(
            "errors", "Choose at least one person to visit again.", "revisit_none"
        ),
        "revisit_visit_unknown": QCoreApplication.translate(
            "errors",
            "The first visit of this person is not on this laptop; plan the visit by hand.",
            "revisit_visit_unknown",
        ),
        "revisit_team_required": QCoreApplication.translate(
            "errors",
            "The first visit had no ketua tim; plan the visit by hand with a team.",
            "revisit_team_required",
        ),
        "revisit_date_required": QCoreApplication.translate(
            "errors", "A revisit needs a suggested date.", "revisit_date_required"
        ),
        "revisit_date_in_past": QCoreApplication.translate(
            "errors", "The suggested revisit date is in the past.", "revisit_date_in_past"
        ),
        "revisit_date_not_for_outcome": QCoreApplication.translate(
            "errors",
            "A revisit date goes only with 'Not at home', 'Unable' or 'Revisit on a date'.",
            "revisit_date_not_for_outcome",
        ),
        "letter_number_required": QCoreApplication.translate(
            "errors", "The letter number (nomor surat) is required.", "letter_number_required"
        ),
        "letter_date_in_future": QCoreApplication.translate(
            "errors", "The letter date {date} is in the future.", "letter_date_in_future"
        ),
        "checkin_failed_self_test": QCoreApplication.translate(
            "errors",
            "{item} failed its self-test, so it cannot be called good.",
            "checkin_failed_self_test",
        ),
        "checkin_quantity_invalid": QCoreApplication.translate(
            "errors",
            "{item}: a quantity is only for consumables, and at least 0.",
            "checkin_quantity_invalid",
        ),
        "checkin_note_required": QCoreApplication.translate(
            "errors",
            "{item}: say in a note what is damaged, missing or dirty.",
            "checkin_note_required",
        ),
        "checkin_baik_after_rusak": QCoreApplication.translate(
            "errors",
            "{item} was faulty when it was taken out. To check it in as good, say in the note"
            " why it is good now (repaired, replaced).",
            "checkin_baik_after_rusak",
        ),
        "receipt_gone": QCoreApplication.translate(
            "errors",
            "There is no receipt for record {record}: it was deleted with the record after the"
            " data center accepted it, or the record was not sealed on this laptop.",
            "receipt_gone",
        ),
        "acceptance_incomplete": QCoreApplication.translate(
            "errors",
            "The return checklist is not complete ({count} row(s) still to do), so the goods"
            " keeper cannot accept it yet.",
            "acceptance_incomplete",
        ),
        "nip_length": QCoreApplication.translate(
            "errors",
            "A NIP has exactly 18 digits (this one has {length} characters).",
            "nip_length",
        ),
        "nip_invalid": QCoreApplication.translate(
            "errors",
            "This NIP is not valid: it starts with a birth date (YYYYMMDD), then the year and"
            " month of appointment, a 1 or 2, and a serial.",
            "nip_invalid",
        ),
        "rank_too_long": QCoreApplication.translate(
            "errors", "The rank/grade may have at most {max} characters.", "rank_too_long"
        ),
        "letter_pattern_field": QCoreApplication.translate(
            "errors",
            "The letter-number format uses {{field}}; it may use only {fields}.",
            "letter_pattern_field",
        ),
        "letter_pattern_invalid": QCoreApplication.translate(
            "errors",
            "The letter-number format {pattern} is not valid: it must contain the running"
            " number (seq) and make a number of at most 120 characters.",
            "letter_pattern_invalid",
        ),
        "letter_number_too_long": QCoreApplication.translate(
            "errors", "A letter number may have at most {max} characters.", "letter_number_too_long"
        ),
        "review_not_deferrable": QCoreApplication.translate(
            "errors", "The review cannot be deferred; it is the last step.", "review_not_deferrable"
        ),
        "handover_with_courier": QCoreApplication.translate(
            "errors",
            "The card of record {record} is with a courier; record its delivery instead.",
            "handover_with_courier",
        ),
    }
