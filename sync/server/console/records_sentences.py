"""The Rekaman screen's sentences ("console_records"): the list, a record's page, its refusals.

Written once here; ``scripts/i18n.py --update`` extracts them into
``assets/i18n/fieldkit_id.ts``, where their Indonesian is written.
"""

from __future__ import annotations

from fieldkit.sentences import translate

# --- the list --------------------------------------------------------------------------
translate("console_records", "Records", "console_records.title")
translate(
    "console_records",
    "The records the laptops have sent, newest first. What a record holds stays sealed: "
    "the list shows where, when and how far along; a search's results also name the "
    "person, and each such view is written to the audit.",
    "console_records.intro",
)
translate("console_records", "Filter the records", "console_records.filter_legend")
translate("console_records", "Received from", "console_records.date_from")
translate("console_records", "Received until", "console_records.date_to")
translate("console_records", "Desa", "console_records.desa")
translate("console_records", "Visit", "console_records.visit")
translate("console_records", "State", "console_records.state")
translate("console_records", "all", "console_records.any")
translate("console_records", "unknown", "console_records.unknown")
translate(
    "console_records", "Also show training records (demo key)", "console_records.with_training"
)
translate("console_records", "Show", "console_records.apply")
translate("console_records", "Clear the filter", "console_records.clear")
translate("console_records", "No record matches this filter.", "console_records.none")
translate(
    "console_records",
    "{count} records; page {page} of {pages}",
    "console_records.count",
)
translate("console_records", "Records, newest first", "console_records.caption")
translate("console_records", "Record", "console_records.col_record")
translate("console_records", "Received", "console_records.col_received")
translate("console_records", "Laptop", "console_records.col_laptop")
translate("console_records", "Visit", "console_records.col_visit")
translate("console_records", "Desa", "console_records.col_desa")
translate("console_records", "State", "console_records.col_state")
translate("console_records", "Reason", "console_records.col_reason")
translate("console_records", "training", "console_records.training")
translate("console_records", "SIMULATOR", "console_records.simulated")
translate(
    "console_records",
    "A simulator took this record's fingerprints, irises, face or signature: they are "
    "synthetic and never go on a real KTP-el. Only a training data center prints its card.",
    "console_records.simulated_note",
)
translate("console_records", "Pages", "console_records.pages_label")
translate("console_records", "Previous page", "console_records.previous")
translate("console_records", "Next page", "console_records.next")
translate("console_records", "dd-mm-yyyy", "console_records.date_placeholder")
translate(
    "console_records",
    "Write the date as day-month-year, for example 20-11-2026.",
    "console_records.date_invalid",
)
translate(
    "console_records",
    "Choose a day from {first} to {last}.",
    "console_records.date_out_of_range",
)
translate(
    "console_records",
    "The end date is before the start date.",
    "console_records.dates_reversed",
)
translate(
    "console_records",
    "This choice is not in the list; it was left out of the filter.",
    "console_records.choice_unknown",
)

# --- the promise (issue 49 §1) ----------------------------------------------------------
translate("console_records", "Promise", "console_records.due")
translate("console_records", "overdue", "console_records.due_overdue")
translate("console_records", "due this week", "console_records.due_week")
translate("console_records", "Promise date", "console_records.col_promise")
translate("console_records", "Recorded on", "console_records.recorded_on")
translate("console_records", "Working days", "console_records.standing")
translate("console_records", "{day} ({days} working days)", "console_records.promise_value")
translate("console_records", "Working day", "console_records.col_workday")
translate(
    "console_records",
    "{elapsed} working days gone, {left} left",
    "console_records.clock_running",
)
translate(
    "console_records",
    "Due today ({elapsed} working days gone)",
    "console_records.clock_due_today",
)
translate(
    "console_records",
    "Overdue: {days} working days past the promise",
    "console_records.clock_overdue",
)
translate("console_records", "Card printed", "console_records.clock_met")
translate("console_records", "Card printed {day}, on time", "console_records.clock_met_on_time")
translate(
    "console_records",
    "Card printed {day}, {days} working days late",
    "console_records.clock_met_late",
)
translate(
    "console_records",
    "No card from this recording: the promise does not run",
    "console_records.clock_stopped",
)
translate(
    "console_records",
    "The list of days off for {years} is not yet the year's SKB: this promise date may be "
    "too early.",
    "console_records.holidays_incomplete",
)

# --- a record's states and reasons, in words --------------------------------------------
translate("console_records", "received", "console_records.state_RECEIVED")
translate("console_records", "accepted", "console_records.state_ACCEPTED")
translate("console_records", "rejected", "console_records.state_REJECTED")
translate("console_records", "deduplicated", "console_records.state_DEDUPLICATED")
translate("console_records", "card printed", "console_records.state_PRINTED")
translate("console_records", "ready for handover", "console_records.state_READY_FOR_HANDOVER")
translate("console_records", "to be recorded again", "console_records.state_RECAPTURE")
translate(
    "console_records",
    "possible duplicate: waits for a decision",
    "console_records.state_DUPLICATE_RECORD",
)
translate("console_records", "ready to print", "console_records.state_PRINT_READY_RECORD")
translate(
    "console_records",
    "images cannot be searched: to be recorded again",
    "console_records.state_ENROLL_FAILURE",
)
translate("console_records", "closed: a second recording", "console_records.state_DUPLICATE_CLOSED")
translate("console_records", "none", "console_records.reason_none")
translate(
    "console_records",
    "could not be opened with the data center's key",
    "console_records.reason_decrypt_failed",
)
translate(
    "console_records", "its contents were not valid", "console_records.reason_payload_invalid"
)
translate(
    "console_records",
    "its visit's date is outside the days FieldKit takes",
    "console_records.reason_visit_date_out_of_range",
)
translate(
    "console_records",
    "the office asked to record the person again",
    "console_records.reason_recapture_requested",
)
translate(
    "console_records",
    "the search found a record alike to an earlier one",
    "console_records.reason_duplicate_candidates",
)
translate(
    "console_records",
    "an image is the same file as another record's",
    "console_records.reason_replayed_images",
)
translate(
    "console_records",
    "its images could not be searched",
    "console_records.reason_images_unsearchable",
)
translate("console_records", "decided by an administrator", "console_records.reason_adjudicated")
translate("console_records", "another reason", "console_records.reason_other")

# --- a record's page -------------------------------------------------------------------
translate("console_records", "Record {record}", "console_records.record_title")
translate("console_records", "Record", "console_records.record_heading")
translate("console_records", "Record id", "console_records.record_id")
translate("console_records", "Kecamatan", "console_records.kecamatan")
translate(
    "console_records",
    "A training record, sealed to the demo key.",
    "console_records.training_note",
)
translate("console_records", "History", "console_records.history")
translate("console_records", "The record's states, oldest first", "console_records.history_caption")
translate("console_records", "When", "console_records.col_when")
translate("console_records", "Office's words", "console_records.col_words")
translate("console_records", "Back to the records", "console_records.back")
translate("console_records", "Ask for a recapture", "console_records.recapture_title")
translate(
    "console_records",
    "The team will see this request and its reason on the laptop's revisit list at its "
    "next sync, and will record the person again.",
    "console_records.recapture_help",
)
translate("console_records", "Reason for the recapture", "console_records.recapture_reason")
translate(
    "console_records",
    "At most {max} characters. The team reads it: do not write the person's NIK.",
    "console_records.recapture_reason_help",
)
translate("console_records", "Ask for a recapture", "console_records.recapture_button")
translate(
    "console_records",
    "The recapture was asked for. The laptop receives it at its next sync.",
    "console_records.recapture_done",
)
translate(
    "console_records",
    "Write why the person must be recorded again.",
    "console_records.recapture_reason_missing",
)
translate(
    "console_records",
    "The reason may be at most {max} characters long; this one has {length}.",
    "console_records.recapture_reason_long",
)
translate(
    "console_records",
    "This record was rejected: there is nothing to record again. Nothing was changed.",
    "console_records.refused_rejected",
)
translate(
    "console_records",
    "This record was closed as a duplicate; the older record stands. Nothing was changed.",
    "console_records.refused_closed_duplicate",
)
translate(
    "console_records",
    "This record changed meanwhile (a search or another operator). Nothing was changed: "
    "look at it again.",
    "console_records.refused_changed",
)
translate(
    "console_records",
    "This is a training record (demo key): no recapture is asked for it. Nothing was changed.",
    "console_records.refused_training",
)
translate(
    "console_records",
    "A recapture of this record has already been asked for. Nothing was changed.",
    "console_records.refused_already",
)
translate(
    "console_records",
    "A recapture cannot be asked for a record in this state (it was printed, handed on, "
    "or already goes back to the team). Nothing was changed.",
    "console_records.refused_state",
)
translate(
    "console_records",
    "The data center refused this change. Nothing was changed.",
    "console_records.refused_other",
)
translate(
    "console_records",
    "This record was rejected: there is nothing to record again.",
    "console_records.note_rejected",
)
translate(
    "console_records",
    "This record was closed as a duplicate; the older record stands.",
    "console_records.note_closed_duplicate",
)
translate(
    "console_records",
    "No recapture is asked for a record in this state: its card is printed or handed on, "
    "or the record already goes back to the team.",
    "console_records.note_state",
)
translate(
    "console_records",
    "This is a training record (demo key): no recapture is asked for it.",
    "console_records.note_training",
)
translate(
    "console_records",
    "A recapture of this record has been asked for; the laptop receives it at its next sync.",
    "console_records.note_already",
)
translate("console_records", "Record not found", "console_records.missing_title")
translate(
    "console_records",
    "The data center holds no such record. It may have been typed wrong.",
    "console_records.missing",
)

# --- Data ganda: records waiting for adjudication, a pair, the decision (issue 48) -------
translate("console_records", "Records waiting for a duplicate decision", "console_records.dup_link")
translate(
    "console_records", "Duplicates waiting for a decision", "console_records.dup_waiting_tile"
)
translate("console_records", "Possible duplicates", "console_records.dup_title")
translate(
    "console_records",
    "The search found these records alike to an earlier one. An administrator compares "
    "each with its candidate and decides.",
    "console_records.dup_intro",
)
translate(
    "console_records",
    "Only an administrator opens a pair and decides.",
    "console_records.dup_admins_only",
)
translate("console_records", "No record is waiting for a decision.", "console_records.dup_none")
translate("console_records", "{count} records waiting", "console_records.dup_count")
translate(
    "console_records", "Records waiting for a decision, newest first", "console_records.dup_caption"
)
translate("console_records", "Best candidate", "console_records.dup_col_best")
translate("console_records", "Score", "console_records.dup_col_score")
translate("console_records", "Action", "console_records.dup_col_action")
translate("console_records", "and {count} more", "console_records.dup_more")
translate("console_records", "Compare", "console_records.dup_open")
translate(
    "console_records",
    "The decision on record {record} was saved.",
    "console_records.dup_decided",
)
translate("console_records", "Compare a pair", "console_records.dup_pair_title")
translate(
    "console_records", "Record {record} and candidate {other}", "console_records.dup_pair_heading"
)
translate(
    "console_records",
    "The images come from the sealed records and are not kept. Looking at a pair is "
    "written to the audit.",
    "console_records.dup_pair_intro",
)
translate("console_records", "Back to the possible duplicates", "console_records.dup_back")
translate("console_records", "This record", "console_records.dup_this")
translate("console_records", "Candidate", "console_records.dup_candidate")
translate("console_records", "Face photo of record {record}", "console_records.dup_face_alt")
translate("console_records", "No face photo.", "console_records.dup_no_face")
translate("console_records", "Recorded", "console_records.dup_recorded")
translate("console_records", "Officer", "console_records.dup_officer")
translate("console_records", "What matched", "console_records.dup_matches")
translate("console_records", "score {score}", "console_records.dup_score")
translate(
    "console_records",
    "A finger's score of 1.00 is as alike as one pair of different people in 10,000 is;"
    " the pair is a candidate when its fingers' scores together pass the mark for that"
    " many fingers.",
    "console_records.dup_score_scale",
)
translate("console_records", "Face", "console_records.dup_part_face")
translate("console_records", "The same image sent again", "console_records.dup_part_replay")
translate(
    "console_records",
    "The ABIS's score (it names no finger)",
    "console_records.dup_part_abis",
)
translate("console_records", "Fingerprint of record {record}", "console_records.dup_finger_alt")
translate("console_records", "No image.", "console_records.dup_no_image")
translate("console_records", "Other candidates:", "console_records.dup_others")
translate("console_records", "Right thumb", "console_records.dup_finger_1")
translate("console_records", "Right index finger", "console_records.dup_finger_2")
translate("console_records", "Right middle finger", "console_records.dup_finger_3")
translate("console_records", "Right ring finger", "console_records.dup_finger_4")
translate("console_records", "Right little finger", "console_records.dup_finger_5")
translate("console_records", "Left thumb", "console_records.dup_finger_6")
translate("console_records", "Left index finger", "console_records.dup_finger_7")
translate("console_records", "Left middle finger", "console_records.dup_finger_8")
translate("console_records", "Left ring finger", "console_records.dup_finger_9")
translate("console_records", "Left little finger", "console_records.dup_finger_10")
translate("console_records", "Decision", "console_records.dup_decision_title")
translate(
    "console_records",
    "This record is no longer waiting for a decision.",
    "console_records.dup_not_waiting",
)
translate("console_records", "Is this the same person?", "console_records.dup_decision_legend")
translate("console_records", "Not a duplicate", "console_records.dup_not_duplicate")
translate("console_records", "A duplicate of record {other}", "console_records.dup_duplicate")
translate("console_records", "Reason for the decision", "console_records.dup_reason")
translate(
    "console_records",
    "At least {min} and at most {max} characters. It is kept in the audit; for a duplicate "
    "the team reads it on the laptop: do not write the person's NIK.",
    "console_records.dup_reason_help",
)
translate("console_records", "Save the decision", "console_records.dup_submit")
translate(
    "console_records",
    "Write the reason in at least {min} characters.",
    "console_records.dup_reason_short",
)
translate(
    "console_records",
    "Choose one of the two decisions.",
    "console_records.dup_decision_missing",
)
translate(
    "console_records",
    "This record has already been decided (perhaps by another administrator just now). "
    "Nothing was changed.",
    "console_records.dup_refused_decided",
)
translate(
    "console_records",
    "That record is not one of this record's candidates. Nothing was changed.",
    "console_records.dup_refused_not_candidate",
)
translate(
    "console_records",
    "The candidate is newer and would be closed, but its card may already be printed. "
    "Settle it at the office first. Nothing was changed.",
    "console_records.dup_refused_not_closable",
)
translate(
    "console_records",
    "The data center refused this decision. Nothing was changed.",
    "console_records.dup_refused_other",
)

# --- search, further filters, export and the printable list (issue 49 §3) ---------------
translate("console_records", "Search", "console_records.search_legend")
translate("console_records", "Search by", "console_records.search_kind")
translate("console_records", "Name", "console_records.search_kind_nama")
translate("console_records", "NIK", "console_records.search_kind_nik")
translate("console_records", "Request number", "console_records.search_kind_permohonan")
translate("console_records", "Search for", "console_records.search")
translate(
    "console_records",
    "A name is found by whole words: every word typed must be one of the name's words "
    '("sri" finds "Sri Wahyuni", "wahyu" does not). A NIK: all 16 digits. A request: '
    "its letter's number as written.",
    "console_records.search_hint",
)
translate(
    "console_records",
    "A NIK has exactly 16 digits; this one does not. It was left out of the search.",
    "console_records.search_nik_invalid",
)
translate(
    "console_records",
    "Type at least one whole word of the name (letters). It was left out of the search.",
    "console_records.search_name_empty",
)
translate(
    "console_records",
    "Type at most 12 words of the name. It was left out of the search.",
    "console_records.search_name_long",
)
translate(
    "console_records",
    "The office has no request with this number. It was left out of the search.",
    "console_records.search_request_unknown",
)
translate("console_records", "Officer", "console_records.officer")
translate("console_records", "This list, every page:", "console_records.export_lead")
translate("console_records", "Download CSV", "console_records.export_csv")
translate("console_records", "Download XLSX", "console_records.export_xlsx")
translate("console_records", "Printable list", "console_records.print_link")
translate("console_records", "Records", "console_records.export_sheet")
translate("console_records", "Name", "console_records.export_name")
translate("console_records", "NIK", "console_records.export_nik")
translate("console_records", "Desa/Kelurahan", "console_records.export_desa")
translate("console_records", "Kecamatan", "console_records.export_kecamatan")
translate("console_records", "Request number", "console_records.export_request")
translate("console_records", "State", "console_records.export_state")
translate("console_records", "Recorded on", "console_records.export_recorded")
translate("console_records", "Promise date", "console_records.export_promise")
translate("console_records", "Printable list of records", "console_records.print_title")
translate("console_records", "List of records", "console_records.print_heading")
translate("console_records", "Printed {when} by {who}.", "console_records.print_printed")
translate("console_records", "Filter", "console_records.print_filters")
translate("console_records", "All records (no filter)", "console_records.print_all")
translate("console_records", "{count} records", "console_records.print_count")
translate("console_records", "The records of this filter", "console_records.print_caption")
translate("console_records", "No.", "console_records.print_no")
translate("console_records", "Back to the records", "console_records.print_back")
translate(
    "console_records",
    "Print it with the browser (Ctrl+P).",
    "console_records.print_help",
)
