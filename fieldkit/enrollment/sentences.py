"""Enrollment's sentences: its errors and why recording is frozen (context "freeze").

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate(
    "errors",
    "The device returned {got} image(s) for {slot}, {expected} were expected; capture again.",
    "capture_image_count",
)
translate("errors", "The device returned no image for {slot}; capture again.", "capture_no_image")
translate(
    "errors",
    "The capture for {slot} was not good enough, so nothing was recorded; hold still.",
    "capture_still_not_good",
)
translate(
    "errors",
    "The steady spell before an automatic capture must be between {low} and {high} seconds.",
    "autocapture_steady_range",
)
translate(
    "errors",
    "The slap could not be split into {fingers} fingers; place the hand flat, fingers"
    " apart, and retry.",
    "capture_slap_not_split",
)
translate(
    "errors",
    "Keeping a capture below the threshold needs a reason code and words.",
    "capture_force_reason_required",
)
translate(
    "errors",
    "Say why the person cannot sign (e.g. tremor, cannot write).",
    "signature_reason_required",
)
translate(
    "errors",
    "{part} is not a finger or eye; use finger:1 .. finger:10, eye:right or eye:left.",
    "exception_part_unknown",
)
translate("errors", "The reason 'other' needs a description.", "exception_other_needs_description")
translate(
    "errors",
    "Discarding captures needs a reason (e.g. consent withdrawn).",
    "discard_reason_required",
)
translate("errors", "There is no target {target} on visit {visit}.", "target_not_on_visit")
translate("errors", "The draft's person is missing from its visit.", "draft_person_missing")
translate("errors", "The freeze limit must be at least one day.", "freeze_days_too_small")
translate("errors", "The waiting-records limit must be at least 1.", "freeze_waiting_too_small")
translate(
    "errors",
    "{field} {value} must be a number of at most 3 digits, e.g. 004.",
    "rt_rw_invalid",
)
translate("errors", "Sex {value} must be L (laki-laki) or P (perempuan).", "sex_invalid")
translate(
    "errors",
    "The NIK is not valid: {problems}. Check the number on the KK; a NIK has 16 digits.",
    "invalid_nik",
)
translate("errors", "The KK number is not valid: {problems}.", "invalid_kk")
translate("errors", "The person's name is required.", "name_required")
translate("errors", "The name is longer than {max} characters.", "name_too_long")
translate(
    "errors",
    "Say which disability (e.g. disabilitas netra, fisik, rungu, wicara, intelektual or mental) "
    "for the disabilitas category.",
    "disability_kind_required",
)
translate(
    "errors",
    "The kind of disability is longer than {max} characters; say it in fewer words.",
    "disability_kind_too_long",
)
translate(
    "errors",
    "Describe the 'other' category in a few words.",
    "other_category_needs_description",
)
translate("errors", "The birth date is in the future.", "birth_date_in_future")
translate(
    "errors",
    "Pick a person from the visit's list, or enter one met on the spot.",
    "person_required",
)
translate(
    "errors",
    "Consent by a guardian or companion needs their name and their relation to the "
    "person (e.g. anak, istri, perawat panti).",
    "consent_giver_details_required",
)
translate(
    "errors",
    "The guardian's NIK is not valid; leave it empty if it is not known.",
    "guardian_nik_invalid",
)
translate("errors", "The chosen file is not a readable image (JPEG or PNG).", "image_not_readable")
translate(
    "errors",
    "'Recorded' is set by finishing (sealing) the person's record.",
    "outcome_recorded_by_sealing",
)
translate(
    "errors",
    "'Cannot be recorded' needs a reason (e.g. in intensive care, cannot be moved).",
    "outcome_unable_needs_reason",
)
translate(
    "errors",
    "GPS {lat},{lon} is outside Indonesia; check the order (lat,lon) and the minus "
    "sign of the latitude (south of the equator is negative).",
    "gps_outside_indonesia",
)
translate("errors", "GPS source must be 'manual' or 'device'.", "gps_source_invalid")
translate("errors", "GPS accuracy cannot be negative.", "gps_accuracy_negative")
translate(
    "errors",
    "Desa code {code} must be the 10-digit Kemendagri desa/kelurahan code, e.g. 3315012001.",
    "desa_code_format",
)
translate(
    "errors",
    "Desa code {code}: its kecamatan {kecamatan} is not in the Kemendagri table.",
    "desa_code_kecamatan_unknown",
)
translate("errors", "GPS {value} must look like -8.0954,112.1609 (lat,lon).", "gps_format")
translate(
    "errors",
    "The camera's picture could not be saved; take the photo again.",
    "photo_not_encoded",
)
translate(
    "errors",
    "{slot} is not a capture of this enrollment; it has: {slots}.",
    "slot_not_in_enrollment",
)
translate(
    "errors",
    "Every part of {slot} has an exception; there is nothing to capture.",
    "slot_fully_excepted",
)
translate(
    "errors",
    "This capture is not chained to the previous one (another capture came in "
    "between); capture again.",
    "capture_chain_broken",
)
translate(
    "errors",
    "Another capture was saved meanwhile; capture again.",
    "capture_saved_meanwhile",
)
translate(
    "errors",
    "{slot} has no capture to keep; capture it, or record an exception.",
    "nothing_to_keep",
)
translate("errors", "{slot} already passed the quality threshold.", "already_passed")
translate("errors", "Enrollment {id} is paused; resume it first.", "enrollment_paused")
translate("errors", "Record the consent before recording exceptions.", "exception_needs_consent")
translate(
    "errors",
    "{part} already has an exception; remove it first to change it.",
    "exception_exists",
)
translate("errors", "{part} has no exception to remove.", "exception_missing")
translate("errors", "A record with no capture at all cannot be sealed.", "nothing_captured")
translate("errors", "This person was already recorded on this visit.", "already_recorded")
translate(
    "errors",
    "This person already has a draft ({id}); resume it instead of starting again.",
    "draft_exists",
)
translate("errors", "This person's record is already sealed; the outcome stays.", "outcome_sealed")
translate(
    "errors",
    "This person has a draft ({id}) with captures: finish it, mark a revisit, or "
    "discard it on the Drafts tab (with a reason) first.",
    "outcome_draft_exists",
)
translate("errors", "This step is not possible now.", "step_not_allowed")
translate(
    "errors",
    "Record the consent (the person's, or a guardian's) before any capture.",
    "consent_required",
)
translate(
    "errors",
    "There is no enrollment draft {enrollment} on this laptop (a finished one is sealed;"
    " see the list of records).",
    "unknown_enrollment",
)
translate(
    "errors",
    "An enrollment id needs at least {min} characters.",
    "enrollment_id_too_short",
)
translate(
    "errors",
    "More than one enrollment draft starts with {enrollment}; type more of its id.",
    "enrollment_id_ambiguous",
)
translate(
    "errors",
    "An exception for {part} needs a proof photo (of the hand or the eye).",
    "proof_required",
)
translate(
    "errors",
    "The record cannot be finished yet: some steps are still open.",
    "not_ready_to_finish",
)
translate(
    "errors",
    "New enrollments are blocked on this laptop until it syncs. Sync as soon as there"
    " is a network.",
    "enrollment_frozen",
)
translate("errors", "There is no single person {target} on this laptop's lists.", "unknown_target")
translate(
    "errors",
    "Visit {visit} cannot be closed: {count} person(s) have no outcome yet.",
    "visit_has_open_targets",
)
translate("errors", "There is no visit {visit} on this laptop.", "unknown_visit")
translate("errors", "A visit id needs at least {min} characters.", "visit_id_too_short")
translate(
    "errors",
    "More than one visit starts with {visit}; type more of its id.",
    "visit_id_ambiguous",
)
translate("errors", "Visit {visit} is closed; start or reopen another visit.", "visit_closed")
translate("errors", "Say why the visit is cancelled.", "visit_cancel_reason_required")
translate(
    "errors",
    "Visit {visit} already has recordings or outcomes; it cannot be cancelled.",
    "visit_has_work",
)
translate(
    "errors",
    "Visit {visit} already has recordings or outcomes; it stays on its day. Plan a "
    "revisit for the people left.",
    "visit_has_work_moved",
)
translate("errors", "Visit {visit} was cancelled; choose another visit.", "visit_cancelled")
translate("errors", "A revisit needs a suggested date.", "revisit_date_required")
translate("errors", "The suggested revisit date is in the past.", "revisit_date_in_past")
translate(
    "errors",
    "A revisit date goes only with 'Not at home', 'Unable' or 'Revisit on a date'.",
    "revisit_date_not_for_outcome",
)
translate("errors", "The review cannot be deferred; it is the last step.", "review_not_deferrable")
translate(
    "errors",
    "Enroll it first on the Sinkronisasi screen, or: fieldkit sync enroll "
    "--bundle FILE (the file from 'fieldkit-datacenter codes new --bundle-out "
    "FILE').",
    "recording_needs_datacenter.hint",
)
translate(
    "errors",
    "Run the sync (fieldkit sync) as soon as there is a network.",
    "enrollment_frozen.hint",
)
translate("errors", "Check the number on the KK; a NIK has 16 digits.", "invalid_nik.hint")
translate(
    "freeze",
    "{age} days since the last successful sync (the limit is {days}). Sync with the "
    "data center to record new people; drafts already started can still be finished.",
    "days_without_sync",
)
translate(
    "freeze",
    "{age} days since the first record and no sync since (the limit is {days}). Sync "
    "with the data center to record new people; drafts already started can still be "
    "finished.",
    "days_since_first_record",
)
translate(
    "freeze",
    "{waiting} sealed records are waiting for the data center (the limit is {limit}). "
    "Sync first; drafts already started can still be finished.",
    "records_waiting",
)
translate(
    "errors",
    "Recording cannot start: this laptop is not enrolled with a data center yet, so "
    "nothing recorded could be delivered. Enroll it on the Sync screen first.",
    "recording_needs_datacenter",
)
translate(
    "errors",
    "The NIK disagrees with the birth date or sex on the form. Correct the form, or keep "
    "it with a reason of at least {min} characters that the ketua tim will read.",
    "nik_disagrees_with_form",
)
translate(
    "errors",
    "This NIK is already on this visit's list, as {name}. Choose {name} from the list "
    "instead of adding the person again.",
    "nik_already_on_visit_list",
)
# The words read before consent when the office has set none of its own (the office rule
# consent.text, fieldkit/enrollment/consent_words.py); the console shows them as the
# default under its consent text field.  Word for word the consent screen's own default.
translate(
    "consent",
    'Read to the person (or to their guardian): "Bapak/Ibu, we will record your data '
    "for the KTP-el: your photo, your ten fingerprints, your irises and your signature. "
    "The data is kept encrypted and sent only to the Disdukcapil data center, to print "
    'your KTP-el. You may refuse or stop at any time. Do you agree?"',
    "consent.default_text",
)
