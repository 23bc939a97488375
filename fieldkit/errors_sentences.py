"""Error sentences shared by several packages of the core (context "errors").

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.

A code raised in one package only lives in that package's ``sentences`` module; here are
the ones raised in several, by :mod:`fieldkit`'s own modules, or for the drivers (which
cannot import the core).  :mod:`fieldkit.errors` imports this module, so every
:class:`~fieldkit.errors.KnownError` finds its English.
"""

from __future__ import annotations

from fieldkit.sentences import PLURAL, plural, translate

translate(
    "errors",
    "There is no {kind} backend named {backend} (known: {known}).",
    "backend_unknown",
)
translate(
    "errors",
    "Only a simulated device can be unplugged from FieldKit; pull a real one's cable.",
    "device_not_simulated",
)
translate(
    "errors",
    "User name {username} is not allowed: use 2-32 lower-case letters, digits, '.', "
    "'_' or '-', starting with a letter.",
    "username_invalid",
)
translate("errors", "The password needs at least {min} characters.", "password_too_short")
translate("errors", "The password must not start or end with a space.", "password_spaces")
translate("errors", "Unknown role {role}; choose one of: {choices}.", "role_unknown")
translate("errors", "The visit date {date} is in the past.", "visit_date_in_past")
translate(
    "errors",
    "Target {target} is not marked for referral.",
    "target_not_marked_for_referral",
)
translate(
    "errors",
    "This device is not connected; check its cable and the Home screen.",
    "device_not_connected",
)
translate("errors", "A staff card PIN has 4 to 12 digits.", "card_pin_format")
translate(
    "errors",
    "Office code {code} must be the 4-digit Kemendagri regency code, e.g. 3505.",
    "office_code_format",
)
translate(
    "errors",
    "Office code {code} is not a known regency or city code.",
    "office_code_unknown",
)
translate("errors", "The officer's full name is required.", "officer_name_required")
translate(
    "errors",
    "The officer's full name has {length} characters; it may have at most {max}.",
    "officer_name_too_long",
)
translate("errors", "An officer named {username} already exists on this laptop.", "officer_exists")
translate("errors", "You cannot disable your own account.", "cannot_disable_self")
translate("errors", "The idle lock must be between 1 and 120 minutes.", "idle_lock_range")
translate("errors", "No officer named {username}.", "officer_unknown")
translate("errors", "The account {username} is disabled.", "officer_disabled")
translate("errors", "The input is not valid.", "invalid_input")
translate("errors", "There is no sealed record {record} on this laptop.", "record_not_on_laptop")
translate(
    "errors",
    "The sealed record failed its check: it was altered or is not a FieldKit record.",
    "seal_invalid",
)
translate(
    "errors",
    "No one is marked for referral to Dinsos; there is nothing to export.",
    "empty_referral_list",
)
translate(
    "errors",
    "Only recorded people who are lansia, disabilitas, ODGJ or terbaring can be referred.",
    "not_eligible",
)
translate(
    "errors",
    "FieldKit is not set up in the data folder {path} yet.",
    "store_not_initialised",
)
translate(
    "errors",
    "FieldKit is already set up in the data folder {path}; nothing was changed.",
    "store_already_initialised",
)
translate(
    "errors",
    "FieldKit could not read or write {path}. Check the disk, then try again.",
    "store_io_error",
)
translate(
    "errors",
    "Another FieldKit window or command is writing to {path} and did not finish in time."
    " Nothing was changed; close the other one, then try again.",
    "store_busy",
)
translate(
    "errors",
    "Too many wrong passwords. The account is locked; try again in {seconds} seconds.",
    "auth_locked_out",
)
translate(
    "errors",
    "This officer has no password yet. Ask the admin of your office.",
    "auth_no_password",
)
translate(
    "errors",
    "This password is one of the most common ones and is guessed first. Choose a "
    "phrase of a few words with a digit.",
    "password_too_common",
)
translate(
    "errors",
    "The file or message is damaged or too large to read safely; it was refused "
    "and nothing of it was stored.",
    "json_refused",
)
translate(
    "errors",
    "The file or message is larger than {max_bytes} bytes, the most FieldKit reads"
    " safely; it was refused and nothing of it was stored.",
    "json_too_large",
)
translate(
    "errors",
    "The file or message is nested deeper than {max_depth} levels, the most FieldKit"
    " reads safely; it was refused and nothing of it was stored.",
    "json_too_deep",
)
translate(
    "errors",
    "The file or message holds a number longer than {max} characters; it was refused"
    " and nothing of it was stored.",
    "json_number_too_long",
)
translate(
    "errors",
    "The file or message is damaged or too large to read safely; it was refused "
    "and nothing of it was stored.",
    "json_not_utf8",
)
translate(
    "errors",
    "The file or message is damaged or too large to read safely; it was refused "
    "and nothing of it was stored.",
    "json_syntax",
)
translate(
    "errors",
    "The file {file} cannot be read; it was refused and nothing of it was stored.",
    "json_unreadable",
)
translate(
    "errors",
    "A NIP has exactly 18 digits (this one has {length} characters).",
    "nip_length",
)
translate(
    "errors",
    "This NIP is not valid: it starts with a birth date (YYYYMMDD), then the year and"
    " month of appointment, a 1 or 2, and a serial.",
    "nip_invalid",
)
translate("errors", "The rank/grade may have at most {max} characters.", "rank_too_long")
translate(
    "errors",
    "The data center is not ready: {parts} cannot be used now (see details).",
    "not_ready",
)
translate(
    "errors",
    "This laptop already sends as many records as the data center reads at once; "
    "try again in {seconds} seconds.",
    "busy",
)
translate(
    "errors",
    "The data center's disk is full; nothing of this request was stored.",
    "disk_full",
)
translate(
    "errors",
    "Tell the data-center operator to free disk space; then send again.",
    "disk_full.hint",
)
translate("errors", "The record is sealed to a key this data center does not hold.", "kid_unknown")
translate(
    "errors",
    "The data center asks for the person to be recorded again.",
    "recapture_requested",
)
translate(
    "errors",
    "No password given: set {env} or run in a terminal to be asked.",
    "auth_no_password.hint",
)
translate(
    "errors",
    "Record on the training visit (Desa Latihan, LATIHAN), or turn training mode "
    "off in Settings to record with the real devices.",
    "training_mixes_with_real_work.hint",
)
translate(
    "errors",
    "Mark recorded vulnerable people first: fieldkit referral mark TARGET_ID.",
    "empty_referral_list.hint",
)
translate(
    "errors",
    "Use a phrase of a few words with a digit, at least {min} characters.",
    "password_too_short.hint",
)
translate(
    "errors",
    "Check the user name, or ask an admin to add you.",
    "auth_unknown_officer.hint",
)
translate(
    "errors",
    "Log in with your password and bind the card (Settings or fieldkit officer card-bind).",
    "auth_card_not_bound.hint",
)
translate(
    "errors",
    "Use the card or the password of {username}.",
    "auth_card_of_another_officer.hint",
)
translate("errors", "Ask an admin of your office.", "auth_disabled.hint")
translate(
    "errors",
    "Create one with: fieldkit init --office-code KODE --officer USER --role admin",
    "store_not_initialised.hint",
)
translate(
    "errors",
    "Log in to it, or choose another folder with FIELDKIT_HOME.",
    "store_already_initialised.hint",
)
translate(
    "errors",
    "Restore keyring.json from the office's backup of this laptop.",
    "store_keyring_damaged.hint",
)
translate(
    "errors",
    "Free some space (for example, sync and purge finished records), then retry.",
    "store_disk_full.hint",
)
translate(
    "errors",
    "Check that the disk is not write-protected and that you own the folder.",
    "store_read_only.hint",
)
translate(
    "errors",
    "Check that the folder exists and that you may write to it.",
    "store_io_error.hint",
)
translate(
    "errors",
    "Restore the latest good backup: fieldkit store restore",
    "store_corrupted.hint",
)
translate("errors", "Install the newer FieldKit on this laptop.", "store_too_new.hint")
translate(
    "errors",
    "Wrong password. Check Caps Lock and try again; {tries_left} attempt(s) left before"
    " the account is locked for a while.",
    "auth_wrong_password",
)
translate(
    "errors",
    "No password was typed: nothing was checked, and no attempt was counted.",
    "auth_empty_password",
)
translate(
    "errors",
    "The current password is wrong; the password was not changed.",
    "auth_wrong_current_password",
)
translate(
    "errors",
    "There is no officer with the user name {username} on this laptop.",
    "auth_unknown_officer",
)
translate("errors", "This account is disabled. Ask the admin of your office.", "auth_disabled")
translate("errors", "Your role ({role}) may not do this; it needs: {allowed}.", "auth_forbidden")
translate(
    "errors",
    "FieldKit cannot write to {path}: the disk or folder is read-only.",
    "store_read_only",
)
translate(
    "errors",
    "The disk is full. The last change was not saved; everything saved before it "
    "is safe. Free some space, then try again.",
    "store_disk_full",
)
translate(
    "errors",
    "This data was written by a newer FieldKit (schema {revision}; this one knows up to"
    " {known}). Install the newer version; nothing was changed.",
    "store_too_new",
)
translate(
    "errors",
    "The data file is damaged. Ask the operator to restore the latest backup "
    "(fieldkit store restore); the damaged file is kept, not deleted.",
    "store_corrupted",
)
translate("errors", "The key file {path} of this laptop is damaged.", "store_keyring_damaged")
translate(
    "errors",
    "This card is not bound to an officer on this laptop. Log in with your "
    "password, then bind the card in Settings.",
    "auth_card_not_bound",
)
translate(
    "errors",
    "This staff card belongs to another officer. The screen stays locked: use your "
    "own card or your password.",
    "auth_card_of_another_officer",
)
translate(
    "errors",
    "Training and real work do not mix: record real people with training mode off, "
    "and train on the training visit (Desa Latihan).",
    "training_mixes_with_real_work",
)
translate(
    "errors",
    "The data center's certificate does not match the fingerprint you were given. "
    "Nothing was sent and the code is still valid: check the address and each group "
    "of the fingerprint with the operator (or open the enrollment file), then try "
    "again with the same code.",
    "sync_fingerprint_mismatch",
)
translate(
    "errors",
    "The data center's CA fingerprint is required. Open the enrollment file from the "
    "operator, or type the fingerprint that 'fieldkit-datacenter serve' prints.",
    "sync_fingerprint_required",
)
translate(
    "errors",
    "The CA fingerprint must be 16 groups of 4 hexadecimal digits.",
    "sync_invalid_fingerprint",
)
translate(
    "errors",
    "This file is not an enrollment file. Choose the .json or .png file written by "
    "'fieldkit-datacenter codes new --bundle-out'.",
    "sync_bundle_invalid",
)
translate(
    "errors",
    "Too many wrong passwords. The account is locked for %n minute(s).",
    "auth_locked_out.minutes",
    PLURAL,
)
plural(
    "errors",
    "auth_locked_out.minutes",
    "Too many wrong passwords. The account is locked for %n minute.",
    "Too many wrong passwords. The account is locked for %n minutes.",
)

# --- the office package (issue 38): raised by the features the office steers ---------
translate(
    "errors",
    "The office set this rule ({rule}): it may be made stricter than {office_value}, never looser.",
    "rule_set_by_office",
)
translate(
    "errors",
    "{username} has not logged in on this laptop yet. Ask a colleague who is logged in "
    "to open 'First login' and type the one-time code from the office.",
    "auth_first_login_pending",
)
translate(
    "errors",
    "This person was already recorded on {date} (the office's list). Give a reason to "
    "record them again.",
    "already_recorded_at_office",
)
translate(
    "errors",
    "The reason to record an already recorded person again needs at least {min} characters.",
    "recapture_reason_short",
)
# Issue 48: the status feed says a record of this NIK waits for adjudication at the office.
translate(
    "errors",
    "The record of this NIK made on {date} waits for the office's decision on a possible "
    "duplicate; recording again makes another duplicate. Give a reason to record them again.",
    "duplicate_awaits_decision",
)
