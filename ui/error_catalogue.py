"""The core's error codes in words: the one place a sentence for a person is written.

The core raises :class:`~fieldkit.errors.KnownError` with a stable ``code`` and
``params`` only.  Each sentence here is ``QCoreApplication.translate("errors",
template, code)``: Qt translates it for the app (:func:`ui.messages.explain` fills
the ``{name}`` places from the params), and ``scripts/i18n.py --update`` copies the
English template into ``fieldkit/catalogue_en.py``, the English the core logs and
the command line prints.  A new sentence goes here (or in a sibling module), then
``--update``, the Indonesian in ``assets/i18n/fieldkit_id.ts``, ``--release``.
``tests/ui/test_error_catalogue.py`` finds every raise in ``fieldkit``, ``sync`` and
``drivers`` and checks each code has a sentence naming only the params it gets.
Device errors (``device_*``, context "devices") are worded in ``ui.messages``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.error_catalogue_ketua import ketua_error_texts
from ui.error_catalogue_operator import operator_error_texts


def core_error_texts() -> dict[str, str]:
    """Code -> sentence; built per call so the installed translation applies."""
    return {
        "backend_unknown": QCoreApplication.translate(
            "errors",
            "There is no {kind} backend named {backend} (known: {known}).",
            "backend_unknown",
        ),
        "capture_image_count": QCoreApplication.translate(
            "errors",
            "The device returned {got} image(s) for {slot}, {expected} were expected; capture"
            " again.",
            "capture_image_count",
        ),
        "capture_no_image": QCoreApplication.translate(
            "errors", "The device returned no image for {slot}; capture again.", "capture_no_image"
        ),
        "capture_slap_not_split": QCoreApplication.translate(
            "errors",
            "The slap could not be split into {fingers} fingers; place the hand flat, fingers"
            " apart, and retry.",
            "capture_slap_not_split",
        ),
        "capture_force_reason_required": QCoreApplication.translate(
            "errors",
            "Keeping a capture below the threshold needs a reason code and words.",
            "capture_force_reason_required",
        ),
        "signature_reason_required": QCoreApplication.translate(
            "errors",
            "Say why the person cannot sign (e.g. tremor, cannot write).",
            "signature_reason_required",
        ),
        "exception_part_unknown": QCoreApplication.translate(
            "errors",
            "{part} is not a finger or eye; use finger:1 .. finger:10, eye:right or eye:left.",
            "exception_part_unknown",
        ),
        "exception_other_needs_description": QCoreApplication.translate(
            "errors", "The reason 'other' needs a description.", "exception_other_needs_description"
        ),
        "discard_reason_required": QCoreApplication.translate(
            "errors",
            "Discarding captures needs a reason (e.g. consent withdrawn).",
            "discard_reason_required",
        ),
        "target_not_on_visit": QCoreApplication.translate(
            "errors", "There is no target {target} on visit {visit}.", "target_not_on_visit"
        ),
        "draft_person_missing": QCoreApplication.translate(
            "errors", "The draft's person is missing from its visit.", "draft_person_missing"
        ),
        "freeze_days_too_small": QCoreApplication.translate(
            "errors", "The freeze limit must be at least one day.", "freeze_days_too_small"
        ),
        "freeze_waiting_too_small": QCoreApplication.translate(
            "errors", "The waiting-records limit must be at least 1.", "freeze_waiting_too_small"
        ),
        "rt_rw_invalid": QCoreApplication.translate(
            "errors",
            "{field} {value} must be a number of at most 3 digits, e.g. 004.",
            "rt_rw_invalid",
        ),
        "sex_invalid": QCoreApplication.translate(
            "errors", "Sex {value} must be L (laki-laki) or P (perempuan).", "sex_invalid"
        ),
        "invalid_nik": QCoreApplication.translate(
            "errors",
            "The NIK is not valid: {problems}. Check the number on the KK; a NIK has 16 digits.",
            "invalid_nik",
        ),
        "invalid_kk": QCoreApplication.translate(
            "errors", "The KK number is not valid: {problems}.", "invalid_kk"
        ),
        "name_required": QCoreApplication.translate(
            "errors", "The person's name is required.", "name_required"
        ),
        "name_too_long": QCoreApplication.translate(
            "errors", "The name is longer than {max} characters.", "name_too_long"
        ),
        "disability_kind_required": QCoreApplication.translate(
            "errors",
            "Say which disability (e.g. tunanetra, tunadaksa, tunarungu) for the disabilitas "
            "category.",
            "disability_kind_required",
        ),
        "other_category_needs_description": QCoreApplication.translate(
            "errors",
            "Describe the 'other' category in a few words.",
            "other_category_needs_description",
        ),
        "birth_date_in_future": QCoreApplication.translate(
            "errors", "The birth date is in the future.", "birth_date_in_future"
        ),
        "person_required": QCoreApplication.translate(
            "errors",
            "Pick a person from the visit's list, or enter one met on the spot.",
            "person_required",
        ),
        "consent_giver_details_required": QCoreApplication.translate(
            "errors",
            "Consent by a guardian or companion needs their name and their relation to the "
            "person (e.g. anak, istri, perawat panti).",
            "consent_giver_details_required",
        ),
        "guardian_nik_invalid": QCoreApplication.translate(
            "errors",
            "The guardian's NIK is not valid; leave it empty if it is not known.",
            "guardian_nik_invalid",
        ),
        "image_not_readable": QCoreApplication.translate(
            "errors", "The chosen file is not a readable image (JPEG or PNG).", "image_not_readable"
        ),
        "outcome_recorded_by_sealing": QCoreApplication.translate(
            "errors",
            "'Recorded' is set by finishing (sealing) the person's record.",
            "outcome_recorded_by_sealing",
        ),
        "outcome_unable_needs_reason": QCoreApplication.translate(
            "errors",
            "'Cannot be recorded' needs a reason (e.g. in intensive care, cannot be moved).",
            "outcome_unable_needs_reason",
        ),
        "gps_outside_indonesia": QCoreApplication.translate(
            "errors",
            "GPS {lat},{lon} is outside Indonesia; check the order (lat,lon) and the minus "
            "sign of the latitude (south of the equator is negative).",
            "gps_outside_indonesia",
        ),
        "gps_source_invalid": QCoreApplication.translate(
            "errors", "GPS source must be 'manual' or 'device'.", "gps_source_invalid"
        ),
        "gps_accuracy_negative": QCoreApplication.translate(
            "errors", "GPS accuracy cannot be negative.", "gps_accuracy_negative"
        ),
        "desa_code_format": QCoreApplication.translate(
            "errors",
            "Desa code {code} must be the 10-digit Kemendagri desa/kelurahan code, e.g. "
            "3315012001.",
            "desa_code_format",
        ),
        "desa_code_kecamatan_unknown": QCoreApplication.translate(
            "errors",
            "Desa code {code}: its kecamatan {kecamatan} is not in the Kemendagri table.",
            "desa_code_kecamatan_unknown",
        ),
        "gps_format": QCoreApplication.translate(
            "errors", "GPS {value} must look like -8.0954,112.1609 (lat,lon).", "gps_format"
        ),
        "card_uid_length": QCoreApplication.translate(
            "errors", "Card UID {uid} must have 4, 7 or 10 bytes.", "card_uid_length"
        ),
        "card_uid_not_hex": QCoreApplication.translate(
            "errors", "Card UID {uid} is not hexadecimal.", "card_uid_not_hex"
        ),
        "handover_field_required": QCoreApplication.translate(
            "errors", "The {field} is required.", "handover_field_required"
        ),
        "handover_field_too_long": QCoreApplication.translate(
            "errors", "The {field} is longer than 160 characters.", "handover_field_too_long"
        ),
        "courier_uses_courier_handover": QCoreApplication.translate(
            "errors",
            "A courier signs a courier receipt: use the courier handover.",
            "courier_uses_courier_handover",
        ),
        "courier_needs_records": QCoreApplication.translate(
            "errors", "Name at least one record for the courier.", "courier_needs_records"
        ),
        "recipient_is_courier": QCoreApplication.translate(
            "errors", "The final recipient cannot be the courier.", "recipient_is_courier"
        ),
        "username_invalid": QCoreApplication.translate(
            "errors",
            "User name {username} is not allowed: use 2-32 lower-case letters, digits, '.', "
            "'_' or '-', starting with a letter.",
            "username_invalid",
        ),
        "password_too_short": QCoreApplication.translate(
            "errors", "The password needs at least {min} characters.", "password_too_short"
        ),
        "password_spaces": QCoreApplication.translate(
            "errors", "The password must not start or end with a space.", "password_spaces"
        ),
        "role_unknown": QCoreApplication.translate(
            "errors", "Unknown role {role}; choose one of: {choices}.", "role_unknown"
        ),
        "region_code_format": QCoreApplication.translate(
            "errors",
            "Region code {code} must be a Kemendagri code of 4 (kabupaten/kota), 6 "
            "(kecamatan) or 10 (desa/kelurahan) digits, e.g. 35.05.01.2001.",
            "region_code_format",
        ),
        "region_code_unknown": QCoreApplication.translate(
            "errors",
            "Region code {code} is not in the Kemendagri region table.",
            "region_code_unknown",
        ),
        "requester_name_required": QCoreApplication.translate(
            "errors",
            "The requester's name (e.g. Desa Sumberjo) is required.",
            "requester_name_required",
        ),
        "id_prefix_too_short": QCoreApplication.translate(
            "errors", "A {what} id needs at least {min} characters.", "id_prefix_too_short"
        ),
        "id_not_found": QCoreApplication.translate(
            "errors", "No {what} with id {id}.", "id_not_found"
        ),
        "id_ambiguous": QCoreApplication.translate(
            "errors", "The {what} id {id} is ambiguous; type more of it.", "id_ambiguous"
        ),
        "requester_type_unknown": QCoreApplication.translate(
            "errors",
            "Unknown requester type {value}; choose one of: {choices}.",
            "requester_type_unknown",
        ),
        "time_format": QCoreApplication.translate(
            "errors", "Time {value} must look like 08:00 (24-hour clock).", "time_format"
        ),
        "team_needs_petugas": QCoreApplication.translate(
            "errors",
            "A team needs at least one petugas besides the ketua tim.",
            "team_needs_petugas",
        ),
        "team_duplicate_officer": QCoreApplication.translate(
            "errors", "An officer can hold only one place on a team.", "team_duplicate_officer"
        ),
        "visits_count_range": QCoreApplication.translate(
            "errors", "Plan between 1 and {max} visits at a time.", "visits_count_range"
        ),
        "visits_cadence_too_small": QCoreApplication.translate(
            "errors", "Visits must be at least one day apart.", "visits_cadence_too_small"
        ),
        "visit_date_in_past": QCoreApplication.translate(
            "errors", "The visit date {date} is in the past.", "visit_date_in_past"
        ),
        "desa_name_required": QCoreApplication.translate(
            "errors", "The desa/kelurahan name is required.", "desa_name_required"
        ),
        "kecamatan_code_format": QCoreApplication.translate(
            "errors", "{code} is not a 6-digit kecamatan code.", "kecamatan_code_format"
        ),
        "desa_not_in_kecamatan": QCoreApplication.translate(
            "errors", "Desa code {code} is not in kecamatan {kecamatan}.", "desa_not_in_kecamatan"
        ),
        "officer_not_active": QCoreApplication.translate(
            "errors", "No active officer named {username}.", "officer_not_active"
        ),
        "officer_not_ketua": QCoreApplication.translate(
            "errors", "{username} is not a ketua tim and cannot lead the team.", "officer_not_ketua"
        ),
        "officer_not_field": QCoreApplication.translate(
            "errors", "{username} is a {role}, not a field officer.", "officer_not_field"
        ),
        "backup_not_found": QCoreApplication.translate(
            "errors",
            "There is no backup named {name}; choose one from the list.",
            "backup_not_found",
        ),
        "no_backups": QCoreApplication.translate(
            "errors", "This store has no backups to restore.", "no_backups"
        ),
        "targets_file_unreadable": QCoreApplication.translate(
            "errors", "Cannot read {path}: {reason}.", "targets_file_unreadable"
        ),
        "threshold_range": QCoreApplication.translate(
            "errors", "The {modality} threshold must be between 0 and 100.", "threshold_range"
        ),
        "attempts_range": QCoreApplication.translate(
            "errors", "Attempts per capture must be between 1 and {max}.", "attempts_range"
        ),
        "target_not_marked_for_referral": QCoreApplication.translate(
            "errors",
            "Target {target} is not marked for referral.",
            "target_not_marked_for_referral",
        ),
        "no_visit_on_date": QCoreApplication.translate(
            "errors", "There is no visit on {date} on this laptop.", "no_visit_on_date"
        ),
        "handover_report_needs_date": QCoreApplication.translate(
            "errors",
            "Name a date or the handovers for the berita acara serah terima.",
            "handover_report_needs_date",
        ),
        "no_handover_on_date": QCoreApplication.translate(
            "errors",
            "There is no card handover for {when}; nothing to report.",
            "no_handover_on_date",
        ),
        "photo_type": QCoreApplication.translate(
            "errors", "A damage photo must be a JPEG or PNG image.", "photo_type"
        ),
        "checklist_row_unknown": QCoreApplication.translate(
            "errors", "The checklist has no row {key}.", "checklist_row_unknown"
        ),
        "checklist_signed": QCoreApplication.translate(
            "errors",
            "This checklist was signed by {by}; a signed checklist can no longer change.",
            "checklist_signed",
        ),
        "photo_not_encoded": QCoreApplication.translate(
            "errors",
            "The camera's picture could not be saved; take the photo again.",
            "photo_not_encoded",
        ),
        "device_not_connected": QCoreApplication.translate(
            "errors",
            "This device is not connected; check its cable and the Home screen.",
            "device_not_connected",
        ),
        "photo_too_large": QCoreApplication.translate(
            "errors", "A photo may be at most {max_mib} MiB.", "photo_too_large"
        ),
        "override_reason_too_short": QCoreApplication.translate(
            "errors",
            "Give a reason of at least {min} characters for the override.",
            "override_reason_too_short",
        ),
        "device_ok_only_by_self_test": QCoreApplication.translate(
            "errors",
            "{item}: a device is marked ok only by passing its self-test; run the self-test, "
            "or mark it faulty or missing with a note.",
            "device_ok_only_by_self_test",
        ),
        "quantity_negative": QCoreApplication.translate(
            "errors", "A quantity cannot be negative.", "quantity_negative"
        ),
        "item_not_counted": QCoreApplication.translate(
            "errors", "{item} is not counted; leave out the quantity.", "item_not_counted"
        ),
        "checkout_note_required": QCoreApplication.translate(
            "errors", "{item}: say in a note what is wrong.", "checkout_note_required"
        ),
        "no_checkin_checklist": QCoreApplication.translate(
            "errors",
            "Visit {visit} has no return checklist yet; there is nothing to report.",
            "no_checkin_checklist",
        ),
        "keeper_name_required": QCoreApplication.translate(
            "errors",
            "Type the name of the goods keeper who accepted the equipment.",
            "keeper_name_required",
        ),
        "keeper_name_too_long": QCoreApplication.translate(
            "errors",
            "The goods keeper's name may have at most {max} characters.",
            "keeper_name_too_long",
        ),
        "already_accepted": QCoreApplication.translate(
            "errors", "The goods keeper has already accepted this return.", "already_accepted"
        ),
        "checklist_incomplete": QCoreApplication.translate(
            "errors",
            "The checklist is not complete ({count} row(s) still to do), so it cannot be signed.",
            "checklist_incomplete",
        ),
        "card_pin_format": QCoreApplication.translate(
            "errors", "A staff card PIN has 4 to 12 digits.", "card_pin_format"
        ),
        "card_bound_to_another_officer": QCoreApplication.translate(
            "errors",
            "This staff card is already bound to another officer here.",
            "card_bound_to_another_officer",
        ),
        "office_code_format": QCoreApplication.translate(
            "errors",
            "Office code {code} must be the 4-digit Kemendagri regency code, e.g. 3505.",
            "office_code_format",
        ),
        "office_code_unknown": QCoreApplication.translate(
            "errors",
            "Office code {code} is not a known regency or city code.",
            "office_code_unknown",
        ),
        "officer_name_required": QCoreApplication.translate(
            "errors", "The officer's full name is required.", "officer_name_required"
        ),
        "officer_name_too_long": QCoreApplication.translate(
            "errors",
            "The officer's full name has {length} characters; it may have at most {max}.",
            "officer_name_too_long",
        ),
        "officer_exists": QCoreApplication.translate(
            "errors", "An officer named {username} already exists on this laptop.", "officer_exists"
        ),
        "cannot_disable_self": QCoreApplication.translate(
            "errors", "You cannot disable your own account.", "cannot_disable_self"
        ),
        "idle_lock_range": QCoreApplication.translate(
            "errors", "The idle lock must be between 1 and 120 minutes.", "idle_lock_range"
        ),
        "officer_unknown": QCoreApplication.translate(
            "errors", "No officer named {username}.", "officer_unknown"
        ),
        "officer_disabled": QCoreApplication.translate(
            "errors", "The account {username} is disabled.", "officer_disabled"
        ),
        "slot_not_in_enrollment": QCoreApplication.translate(
            "errors",
            "{slot} is not a capture of this enrollment; it has: {slots}.",
            "slot_not_in_enrollment",
        ),
        "slot_fully_excepted": QCoreApplication.translate(
            "errors",
            "Every part of {slot} has an exception; there is nothing to capture.",
            "slot_fully_excepted",
        ),
        "capture_chain_broken": QCoreApplication.translate(
            "errors",
            "This capture is not chained to the previous one (another capture came in "
            "between); capture again.",
            "capture_chain_broken",
        ),
        "capture_saved_meanwhile": QCoreApplication.translate(
            "errors",
            "Another capture was saved meanwhile; capture again.",
            "capture_saved_meanwhile",
        ),
        "nothing_to_keep": QCoreApplication.translate(
            "errors",
            "{slot} has no capture to keep; capture it, or record an exception.",
            "nothing_to_keep",
        ),
        "already_passed": QCoreApplication.translate(
            "errors", "{slot} already passed the quality threshold.", "already_passed"
        ),
        "enrollment_paused": QCoreApplication.translate(
            "errors", "Enrollment {id} is paused; resume it first.", "enrollment_paused"
        ),
        "exception_needs_consent": QCoreApplication.translate(
            "errors", "Record the consent before recording exceptions.", "exception_needs_consent"
        ),
        "exception_exists": QCoreApplication.translate(
            "errors",
            "{part} already has an exception; remove it first to change it.",
            "exception_exists",
        ),
        "exception_missing": QCoreApplication.translate(
            "errors", "{part} has no exception to remove.", "exception_missing"
        ),
        "nothing_captured": QCoreApplication.translate(
            "errors", "A record with no capture at all cannot be sealed.", "nothing_captured"
        ),
        "already_recorded": QCoreApplication.translate(
            "errors", "This person was already recorded on this visit.", "already_recorded"
        ),
        "draft_exists": QCoreApplication.translate(
            "errors",
            "This person already has a draft ({id}); resume it instead of starting again.",
            "draft_exists",
        ),
        "outcome_sealed": QCoreApplication.translate(
            "errors", "This person's record is already sealed; the outcome stays.", "outcome_sealed"
        ),
        "outcome_draft_exists": QCoreApplication.translate(
            "errors",
            "This person has a draft ({id}) with captures: finish it, mark a revisit, or "
            "discard it on the Drafts tab (with a reason) first.",
            "outcome_draft_exists",
        ),
        "step_not_allowed": QCoreApplication.translate(
            "errors", "This step is not possible now.", "step_not_allowed"
        ),
        "invalid_input": QCoreApplication.translate(
            "errors", "The input is not valid.", "invalid_input"
        ),
        "consent_required": QCoreApplication.translate(
            "errors",
            "Record the consent (the person's, or a guardian's) before any capture.",
            "consent_required",
        ),
        "unknown_enrollment": QCoreApplication.translate(
            "errors",
            "There is no enrollment draft {enrollment} on this laptop (a finished one is sealed;"
            " see the list of records).",
            "unknown_enrollment",
        ),
        "enrollment_id_too_short": QCoreApplication.translate(
            "errors",
            "An enrollment id needs at least {min} characters.",
            "enrollment_id_too_short",
        ),
        "enrollment_id_ambiguous": QCoreApplication.translate(
            "errors",
            "More than one enrollment draft starts with {enrollment}; type more of its id.",
            "enrollment_id_ambiguous",
        ),
        "proof_required": QCoreApplication.translate(
            "errors",
            "An exception for {part} needs a proof photo (of the hand or the eye).",
            "proof_required",
        ),
        "not_ready_to_finish": QCoreApplication.translate(
            "errors",
            "The record cannot be finished yet: some steps are still open.",
            "not_ready_to_finish",
        ),
        "enrollment_frozen": QCoreApplication.translate(
            "errors",
            "New enrollments are blocked on this laptop until it syncs. Sync as soon as there"
            " is a network.",
            "enrollment_frozen",
        ),
        "unknown_target": QCoreApplication.translate(
            "errors", "There is no single person {target} on this laptop's lists.", "unknown_target"
        ),
        "visit_has_open_targets": QCoreApplication.translate(
            "errors",
            "Visit {visit} cannot be closed: {count} person(s) have no outcome yet.",
            "visit_has_open_targets",
        ),
        "unknown_visit": QCoreApplication.translate(
            "errors", "There is no visit {visit} on this laptop.", "unknown_visit"
        ),
        "visit_id_too_short": QCoreApplication.translate(
            "errors", "A visit id needs at least {min} characters.", "visit_id_too_short"
        ),
        "visit_id_ambiguous": QCoreApplication.translate(
            "errors",
            "More than one visit starts with {visit}; type more of its id.",
            "visit_id_ambiguous",
        ),
        "visit_closed": QCoreApplication.translate(
            "errors", "Visit {visit} is closed; start or reopen another visit.", "visit_closed"
        ),
        "visit_cancel_reason_required": QCoreApplication.translate(
            "errors", "Say why the visit is cancelled.", "visit_cancel_reason_required"
        ),
        "visit_has_work": QCoreApplication.translate(
            "errors",
            "Visit {visit} already has recordings or outcomes; it cannot be cancelled.",
            "visit_has_work",
        ),
        "visit_has_work_moved": QCoreApplication.translate(
            "errors",
            "Visit {visit} already has recordings or outcomes; it stays on its day. Plan a "
            "revisit for the people left.",
            "visit_has_work_moved",
        ),
        "visit_cancelled": QCoreApplication.translate(
            "errors", "Visit {visit} was cancelled; choose another visit.", "visit_cancelled"
        ),
        "unknown_record": QCoreApplication.translate(
            "errors", "There is no record {record} on this laptop.", "unknown_record"
        ),
        "record_id_too_short": QCoreApplication.translate(
            "errors", "A record id needs at least {min} characters.", "record_id_too_short"
        ),
        "record_id_ambiguous": QCoreApplication.translate(
            "errors",
            "More than one record starts with {record}; type more of its id.",
            "record_id_ambiguous",
        ),
        "not_printed": QCoreApplication.translate(
            "errors",
            "The card of record {record} is not printed yet (data center state: {state}); only"
            " printed cards can be handed over.",
            "not_printed",
        ),
        "wrong_card": QCoreApplication.translate(
            "errors",
            "This card (UID {uid}) is not the card of record {record}, which is bound to UID"
            " {bound_uid}. Do not hand it over; check the name and NIK on the card against the"
            " list.",
            "wrong_card",
        ),
        "card_of_another_record": QCoreApplication.translate(
            "errors",
            "This card (UID {uid}) belongs to another record ({other}), not to {record}. Do not"
            " hand it over; give it to the person of record {other}.",
            "card_of_another_record",
        ),
        "signature_rejected": QCoreApplication.translate(
            "errors", "The signature was not accepted; ask for it again.", "signature_rejected"
        ),
        "already_handed_over": QCoreApplication.translate(
            "errors",
            "The card of record {record} was already handed over or has left the office.",
            "already_handed_over",
        ),
        "card_not_with_courier": QCoreApplication.translate(
            "errors",
            "The card of record {record} is not with a courier (handover state: {state}); only a"
            " card given to a courier can be delivered.",
            "card_not_with_courier",
        ),
        "image_unreadable": QCoreApplication.translate(
            "errors",
            "The file {file} is not an image FieldKit can read, or it is damaged.",
            "image_unreadable",
        ),
        "image_file_missing": QCoreApplication.translate(
            "errors",
            "There is no file {file}; check the name and the folder.",
            "image_file_missing",
        ),
        "reason_required": QCoreApplication.translate(
            "errors",
            "Keeping a capture below the quality threshold needs a reason, so the ketua tim "
            "can review it.",
            "reason_required",
        ),
        "reason_code_unknown": QCoreApplication.translate(
            "errors",
            "There is no reason code {given}; choose one of: {choices}.",
            "reason_code_unknown",
        ),
        "attempt_limit_reached": QCoreApplication.translate(
            "errors",
            "This capture has had {attempts} attempts, the most allowed is {max}. Keep the best"
            " one, record an exception, or give a reason to try again.",
            "attempt_limit_reached",
        ),
        "record_container_invalid": QCoreApplication.translate(
            "errors", "The record file is damaged.", "record_container_invalid"
        ),
        "record_not_found": QCoreApplication.translate(
            "errors", "The sealed record is missing or damaged on this laptop.", "record_not_found"
        ),
        "record_not_on_laptop": QCoreApplication.translate(
            "errors", "There is no sealed record {record} on this laptop.", "record_not_on_laptop"
        ),
        "record_purged": QCoreApplication.translate(
            "errors",
            "Record {record} was deleted from this laptop after the data center accepted it.",
            "record_purged",
        ),
        "requeue_not_rejected": QCoreApplication.translate(
            "errors",
            "Record {record} is {state}, not refused: only a refused (REJECTED) record can be put"
            " back in the queue.",
            "requeue_not_rejected",
        ),
        "sealed_file_missing": QCoreApplication.translate(
            "errors",
            "The sealed file of record {record} is missing from {folder}. Ask the operator to"
            " restore the latest backup.",
            "sealed_file_missing",
        ),
        "sealed_file_damaged": QCoreApplication.translate(
            "errors",
            "The sealed file of record {record} is damaged. Ask the operator to restore the"
            " latest backup.",
            "sealed_file_damaged",
        ),
        "purge_refused": QCoreApplication.translate(
            "errors",
            "Record {record} is {state}; it is deleted only after the data center has accepted"
            " it and its receipt was checked.",
            "purge_refused",
        ),
        "seal_invalid": QCoreApplication.translate(
            "errors",
            "The sealed record failed its check: it was altered or is not a FieldKit record.",
            "seal_invalid",
        ),
        "empty_referral_list": QCoreApplication.translate(
            "errors",
            "No one is marked for referral to Dinsos; there is nothing to export.",
            "empty_referral_list",
        ),
        "not_eligible": QCoreApplication.translate(
            "errors",
            "Only recorded people who are lansia, disabilitas, ODGJ or terbaring can be referred.",
            "not_eligible",
        ),
        "recording_blocked": QCoreApplication.translate(
            "errors",
            "Recording cannot start: the pre-trip sarpras checklist of visit {visit} has not"
            " been started. Complete it on the Sarpras screen and have the ketua tim sign it.",
            "recording_blocked",
        ),
        "recording_blocked_incomplete": QCoreApplication.translate(
            "errors",
            "Recording cannot start: the pre-trip sarpras checklist of visit {visit} is not"
            " complete (still to do: {missing}). Complete it on the Sarpras screen and have the"
            " ketua tim sign it.",
            "recording_blocked_incomplete",
        ),
        "recording_blocked_unsigned": QCoreApplication.translate(
            "errors",
            "Recording cannot start: the pre-trip sarpras checklist of visit {visit} is complete"
            " but not signed. Ask the ketua tim to sign it on the Sarpras screen.",
            "recording_blocked_unsigned",
        ),
        "store_not_initialised": QCoreApplication.translate(
            "errors",
            "FieldKit is not set up in the data folder {path} yet.",
            "store_not_initialised",
        ),
        "store_already_initialised": QCoreApplication.translate(
            "errors",
            "FieldKit is already set up in the data folder {path}; nothing was changed.",
            "store_already_initialised",
        ),
        "store_io_error": QCoreApplication.translate(
            "errors",
            "FieldKit could not read or write {path}. Check the disk, then try again.",
            "store_io_error",
        ),
        "store_busy": QCoreApplication.translate(
            "errors",
            "Another FieldKit window or command is writing to {path} and did not finish in time."
            " Nothing was changed; close the other one, then try again.",
            "store_busy",
        ),
        "auth_locked_out": QCoreApplication.translate(
            "errors",
            "Too many wrong passwords. The account is locked; try again in {seconds} seconds.",
            "auth_locked_out",
        ),
        "restore_needs_admin": QCoreApplication.translate(
            "errors",
            "Only an admin may restore a backup: it undoes everyone's work since the backup. "
            "Ask the admin of your office.",
            "restore_needs_admin",
        ),
        "auth_no_password": QCoreApplication.translate(
            "errors",
            "This officer has no password yet. Ask the admin of your office.",
            "auth_no_password",
        ),
        "password_too_common": QCoreApplication.translate(
            "errors",
            "This password is one of the most common ones and is guessed first. Choose a "
            "phrase of a few words with a digit.",
            "password_too_common",
        ),
        "json_refused": QCoreApplication.translate(
            "errors",
            "The file or message is damaged or too large to read safely; it was refused "
            "and nothing of it was stored.",
            "json_refused",
        ),
        "json_too_large": QCoreApplication.translate(
            "errors",
            "The file or message is larger than {max_bytes} bytes, the most FieldKit reads"
            " safely; it was refused and nothing of it was stored.",
            "json_too_large",
        ),
        "json_too_deep": QCoreApplication.translate(
            "errors",
            "The file or message is nested deeper than {max_depth} levels, the most FieldKit"
            " reads safely; it was refused and nothing of it was stored.",
            "json_too_deep",
        ),
        "json_number_too_long": QCoreApplication.translate(
            "errors",
            "The file or message holds a number longer than {max} characters; it was refused"
            " and nothing of it was stored.",
            "json_number_too_long",
        ),
        "json_not_utf8": QCoreApplication.translate(
            "errors",
            "The file or message is damaged or too large to read safely; it was refused "
            "and nothing of it was stored.",
            "json_not_utf8",
        ),
        "json_syntax": QCoreApplication.translate(
            "errors",
            "The file or message is damaged or too large to read safely; it was refused "
            "and nothing of it was stored.",
            "json_syntax",
        ),
        "json_unreadable": QCoreApplication.translate(
            "errors",
            "The file {file} cannot be read; it was refused and nothing of it was stored.",
            "json_unreadable",
        ),
        **ketua_error_texts(),
        **operator_error_texts(),
    }
