"""Error sentences the operator meets at a terminal, and the hints the command line adds.

The command line (``fieldkit``, ``fieldkit-datacenter``) prints the English of these
(``fieldkit.catalogue_en``, generated from this catalogue); the same rule applies as in
:mod:`ui.error_catalogue`: every code the core raises has a sentence, written only here.
A hint is the sentence of ``<code>.hint``: what to do next, printed under the error.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def operator_error_texts() -> dict[str, str]:
    """Code -> sentence for the command lines, the data center's refusals and their hints."""
    return {
        "device_option_format": QCoreApplication.translate(
            "errors", "Option {item} must look like key=value.", "device_option_format"
        ),
        "cli_passwords_differ": QCoreApplication.translate(
            "errors", "The two passwords differ.", "cli_passwords_differ"
        ),
        "cli_officer_required": QCoreApplication.translate(
            "errors", "Say who you are with --officer USER or {env}.", "cli_officer_required"
        ),
        "cli_officer_empty": QCoreApplication.translate(
            "errors", "--officer is empty: give an officer's username.", "cli_officer_empty"
        ),
        "cli_argument_not_utf8": QCoreApplication.translate(
            "errors",
            "Argument {position} ({argument}) is not UTF-8 text. Type it again in a UTF-8 "
            "terminal, or rename the file it names.",
            "cli_argument_not_utf8",
        ),
        "cli_option_value_not_utf8": QCoreApplication.translate(
            "errors",
            "The value of {option} (argument {position}: {argument}) is not UTF-8 text. Type "
            "it again in a UTF-8 terminal, or rename the file it names.",
            "cli_option_value_not_utf8",
        ),
        "cli_first_officer_required": QCoreApplication.translate(
            "errors", "Name the first officer with --officer USER.", "cli_first_officer_required"
        ),
        "cli_demo_needs_sim": QCoreApplication.translate(
            "errors",
            "demo enroll records made-up people with the simulated devices only; add --sim.",
            "cli_demo_needs_sim",
        ),
        "cli_demo_count_range": QCoreApplication.translate(
            "errors", "--count must be between 1 and {max}.", "cli_demo_count_range"
        ),
        "cli_demo_exception_range": QCoreApplication.translate(
            "errors", "--with-exception must be between 0 and --count.", "cli_demo_exception_range"
        ),
        "cli_pair_format": QCoreApplication.translate(
            "errors", "{option} {item} must look like KEY=VALUE.", "cli_pair_format"
        ),
        "cli_quantity_not_whole": QCoreApplication.translate(
            "errors", "The quantity of {key} must be a whole number.", "cli_quantity_not_whole"
        ),
        "cli_photo_unreadable": QCoreApplication.translate(
            "errors", "Cannot read the photo {path}: {reason}.", "cli_photo_unreadable"
        ),
        "cli_sim_card_uid_required": QCoreApplication.translate(
            "errors",
            "With --sim, give the simulated card's UID with --card-uid HEX.",
            "cli_sim_card_uid_required",
        ),
        "cli_pad_port_required": QCoreApplication.translate(
            "errors",
            "Name the signature pad's serial port with --pad-port (or use --sim).",
            "cli_pad_port_required",
        ),
        "cli_serah_terima_needs_date": QCoreApplication.translate(
            "errors",
            "Give --date YYYY-MM-DD or one or more --handover ID.",
            "cli_serah_terima_needs_date",
        ),
        "cli_enroll_bundle_or_code": QCoreApplication.translate(
            "errors",
            "Give either --bundle FILE or URL CODE --ca-fingerprint F, not both.",
            "cli_enroll_bundle_or_code",
        ),
        "cli_enroll_needs_code": QCoreApplication.translate(
            "errors",
            "Give the data center's URL and one-time code, or --bundle FILE.",
            "cli_enroll_needs_code",
        ),
        "auth_invalid": QCoreApplication.translate(
            "errors",
            "The request's signature does not match this laptop's enrolled key.",
            "auth_invalid",
        ),
        "auth_invalid.hint": QCoreApplication.translate(
            "errors", "Enroll the laptop again if its key was replaced.", "auth_invalid.hint"
        ),
        "auth_missing": QCoreApplication.translate(
            "errors", "The request is not signed by an enrolled device.", "auth_missing"
        ),
        "auth_missing.hint": QCoreApplication.translate(
            "errors",
            "Enroll this laptop with a code from the data-center operator.",
            "auth_missing.hint",
        ),
        "body_too_large": QCoreApplication.translate(
            "errors",
            "The request is larger than the data center accepts ({limit} bytes).",
            "body_too_large",
        ),
        "body_too_slow": QCoreApplication.translate(
            "errors",
            "The body stopped arriving for {seconds} seconds; the data center stopped waiting.",
            "body_too_slow",
        ),
        "not_ready": QCoreApplication.translate(
            "errors",
            "The data center is not ready: {parts} cannot be used now (see details).",
            "not_ready",
        ),
        "busy": QCoreApplication.translate(
            "errors",
            "This laptop already sends as many records as the data center reads at once; "
            "try again in {seconds} seconds.",
            "busy",
        ),
        "client_too_old": QCoreApplication.translate(
            "errors",
            "This laptop's FieldKit is older than the data center accepts ({minimum} or "
            "newer). Nothing was sent.",
            "client_too_old",
        ),
        "usb_entry_refused": QCoreApplication.translate(
            "errors",
            "The data center refused record {record_id} of the export ({reason}).",
            "usb_entry_refused",
        ),
        "payload_container_invalid": QCoreApplication.translate(
            "errors", "The record container is invalid ({problem}).", "payload_container_invalid"
        ),
        "payload_not_json": QCoreApplication.translate(
            "errors", "The record's content is not valid JSON ({problem}).", "payload_not_json"
        ),
        "payload_not_object": QCoreApplication.translate(
            "errors", "The record's content is not a JSON object.", "payload_not_object"
        ),
        "payload_other_record": QCoreApplication.translate(
            "errors", "The record's content names a different record id.", "payload_other_record"
        ),
        "payload_other_seq": QCoreApplication.translate(
            "errors", "The record's content names a different sequence number.", "payload_other_seq"
        ),
        "client_too_old.hint": QCoreApplication.translate(
            "errors",
            "Update FieldKit on this laptop (its records are kept), then sync again.",
            "client_too_old.hint",
        ),
        "clock_skew_ahead": QCoreApplication.translate(
            "errors",
            "The laptop's clock is {seconds} seconds ahead of the data center's.",
            "clock_skew_ahead",
        ),
        "clock_skew_ahead.hint": QCoreApplication.translate(
            "errors",
            "Set the laptop's date and time, or let FieldKit correct by the server time.",
            "clock_skew_ahead.hint",
        ),
        "clock_skew_behind": QCoreApplication.translate(
            "errors",
            "The laptop's clock is {seconds} seconds behind the data center's.",
            "clock_skew_behind",
        ),
        "clock_skew_behind.hint": QCoreApplication.translate(
            "errors",
            "Set the laptop's date and time, or let FieldKit correct by the server time.",
            "clock_skew_behind.hint",
        ),
        "clock_skew": QCoreApplication.translate(
            "errors", "The laptop's clock differs too much from the data center's.", "clock_skew"
        ),
        "code_expired": QCoreApplication.translate(
            "errors", "This enrollment code has expired.", "code_expired"
        ),
        "code_expired.hint": QCoreApplication.translate(
            "errors",
            "Ask the operator for a new code and use it the same day.",
            "code_expired.hint",
        ),
        "code_unknown": QCoreApplication.translate(
            "errors", "This enrollment code is not known to the data center.", "code_unknown"
        ),
        "code_unknown.hint": QCoreApplication.translate(
            "errors",
            "Check the code for typos, or ask the operator for a new one.",
            "code_unknown.hint",
        ),
        "code_used": QCoreApplication.translate(
            "errors", "This enrollment code has already been used.", "code_used"
        ),
        "code_used.hint": QCoreApplication.translate(
            "errors",
            "Each code enrolls one laptop once; ask the operator for a new one.",
            "code_used.hint",
        ),
        "conflict": QCoreApplication.translate(
            "errors",
            "The data center already holds record {record_id} with different content.",
            "conflict",
        ),
        "decrypt_failed": QCoreApplication.translate(
            "errors", "The data center could not open the sealed record.", "decrypt_failed"
        ),
        "device_revoked": QCoreApplication.translate(
            "errors", "This laptop's enrollment was revoked by the data center.", "device_revoked"
        ),
        "device_revoked.hint": QCoreApplication.translate(
            "errors",
            "Contact the data-center operator; records stay sealed on the laptop.",
            "device_revoked.hint",
        ),
        "device_unknown": QCoreApplication.translate(
            "errors", "This laptop is not enrolled at this data center.", "device_unknown"
        ),
        "datacenter_device_unknown": QCoreApplication.translate(
            "errors",
            "There is no enrolled laptop {device_id} at this data center.",
            "datacenter_device_unknown",
        ),
        "device_unknown.hint": QCoreApplication.translate(
            "errors", "Enroll it with a code from the data-center operator.", "device_unknown.hint"
        ),
        "disk_full": QCoreApplication.translate(
            "errors",
            "The data center's disk is full; nothing of this request was stored.",
            "disk_full",
        ),
        "disk_full.hint": QCoreApplication.translate(
            "errors",
            "Tell the data-center operator to free disk space; then send again.",
            "disk_full.hint",
        ),
        "file_missing": QCoreApplication.translate(
            "errors",
            "The record file {name} listed in the export's manifest is missing.",
            "file_missing",
        ),
        "file_missing.hint": QCoreApplication.translate(
            "errors",
            "Copy the whole export folder again, or export again from the laptop.",
            "file_missing.hint",
        ),
        "file_unreadable": QCoreApplication.translate(
            "errors", "The file {name} of the export cannot be read.", "file_unreadable"
        ),
        "usb_folder_unreadable": QCoreApplication.translate(
            "errors", "The folder {root} cannot be read.", "usb_folder_unreadable"
        ),
        "usb_folder_unreadable.hint": QCoreApplication.translate(
            "errors",
            "Check that the stick is plugged in and the path is right.",
            "usb_folder_unreadable.hint",
        ),
        "file_unreadable.hint": QCoreApplication.translate(
            "errors",
            "The stick may be failing: copy the export to another stick, or export again.",
            "file_unreadable.hint",
        ),
        "internal_error": QCoreApplication.translate(
            "errors",
            "The data center failed on this request; nothing was changed.",
            "internal_error",
        ),
        "invalid_record_id": QCoreApplication.translate(
            "errors", "The record id has characters or a length not allowed.", "invalid_record_id"
        ),
        "invalid_request": QCoreApplication.translate(
            "errors", "The data center refused the request as not valid.", "invalid_request"
        ),
        "invalid_sha256": QCoreApplication.translate(
            "errors", "The record's SHA-256 is not valid.", "invalid_sha256"
        ),
        "key_already_enrolled": QCoreApplication.translate(
            "errors",
            "This laptop's key is already enrolled or was revoked.",
            "key_already_enrolled",
        ),
        "key_already_enrolled.hint": QCoreApplication.translate(
            "errors",
            "The laptop makes a new key when it enrolls again.",
            "key_already_enrolled.hint",
        ),
        "kid_unknown": QCoreApplication.translate(
            "errors", "The record is sealed to a key this data center does not hold.", "kid_unknown"
        ),
        "not_announced": QCoreApplication.translate(
            "errors", "The record was not announced in a manifest by this laptop.", "not_announced"
        ),
        "not_announced.hint": QCoreApplication.translate(
            "errors",
            "Send the manifest first; the client does this on its own.",
            "not_announced.hint",
        ),
        "owned_by_other_device": QCoreApplication.translate(
            "errors", "The record belongs to another laptop.", "owned_by_other_device"
        ),
        "payload_invalid": QCoreApplication.translate(
            "errors", "The record's content is not valid.", "payload_invalid"
        ),
        "recapture_requested": QCoreApplication.translate(
            "errors",
            "The data center asks for the person to be recorded again.",
            "recapture_requested",
        ),
        "record_signature_invalid": QCoreApplication.translate(
            "errors", "The record is not signed by this laptop's key.", "record_signature_invalid"
        ),
        "record_signature_invalid.hint": QCoreApplication.translate(
            "errors",
            "The record may have been copied from another laptop; it was not stored.",
            "record_signature_invalid.hint",
        ),
        "record_unknown": QCoreApplication.translate(
            "errors", "The data center holds no record {record_id}.", "record_unknown"
        ),
        "review_invalid": QCoreApplication.translate(
            "errors", "The ketua tim's review sent with the record is not valid.", "review_invalid"
        ),
        "sha256_mismatch": QCoreApplication.translate(
            "errors", "The received bytes do not match the announced hash.", "sha256_mismatch"
        ),
        "sha256_mismatch.hint": QCoreApplication.translate(
            "errors", "The upload was altered on the way; send it again.", "sha256_mismatch.hint"
        ),
        "size_invalid": QCoreApplication.translate(
            "errors", "The record's size is not allowed.", "size_invalid"
        ),
        "size_mismatch": QCoreApplication.translate(
            "errors",
            "Received {received} bytes, but {announced} were announced.",
            "size_mismatch",
        ),
        "size_mismatch.hint": QCoreApplication.translate(
            "errors", "The upload was cut short or altered; send it again.", "size_mismatch.hint"
        ),
        "datacenter_database_unsupported": QCoreApplication.translate(
            "errors",
            "The data center stores metadata in SQLite or PostgreSQL, not {dialect}.",
            "datacenter_database_unsupported",
        ),
        "datacenter_database_unsupported.hint": QCoreApplication.translate(
            "errors",
            "Use sqlite:///FILE or postgresql://USER:PASSWORD@HOST/DATABASE.",
            "datacenter_database_unsupported.hint",
        ),
        "datacenter_key_needs_passphrase": QCoreApplication.translate(
            "errors",
            "The data center's keys are protected by a passphrase ({file}).",
            "datacenter_key_needs_passphrase",
        ),
        "datacenter_key_needs_passphrase.hint": QCoreApplication.translate(
            "errors",
            "Set {env} to the passphrase before starting the data center.",
            "datacenter_key_needs_passphrase.hint",
        ),
        "datacenter_passphrase_wrong": QCoreApplication.translate(
            "errors",
            "The passphrase does not open the data center's key {file}.",
            "datacenter_passphrase_wrong",
        ),
        "datacenter_passphrase_wrong.hint": QCoreApplication.translate(
            "errors", "Check {env}; the keys are unchanged.", "datacenter_passphrase_wrong.hint"
        ),
        "datacenter_demo_refused": QCoreApplication.translate(
            "errors",
            "The record is sealed to the public demo key (training only); this data center"
            " refuses demo records. Seal real records to the data center's key after enrolling"
            " the laptop.",
            "datacenter_demo_refused",
        ),
        "datacenter_export_bug": QCoreApplication.translate(
            "errors",
            "The data center hit an error on this export; the others were imported.",
            "datacenter_export_bug",
        ),
        "datacenter_record_bug": QCoreApplication.translate(
            "errors",
            "The data center hit an error on this record; the others were imported.",
            "datacenter_record_bug",
        ),
        "datacenter_receipts_not_written": QCoreApplication.translate(
            "errors",
            "The records were imported, but {file} could not be written.",
            "datacenter_receipts_not_written",
        ),
        "datacenter_kid_not_held": QCoreApplication.translate(
            "errors", "Key {kid} is not a key of this data center.", "datacenter_kid_not_held"
        ),
        "datacenter_kid_too_long": QCoreApplication.translate(
            "errors",
            "The key id is longer than {max} characters, so it is not a key of this data center.",
            "datacenter_kid_too_long",
        ),
        "datacenter_sha256_format": QCoreApplication.translate(
            "errors", "The hash is not a lowercase hex SHA-256.", "datacenter_sha256_format"
        ),
        "datacenter_size_out_of_range": QCoreApplication.translate(
            "errors", "The size must be 1..{max} bytes.", "datacenter_size_out_of_range"
        ),
        "datacenter_seq_out_of_range": QCoreApplication.translate(
            "errors", "The sequence number must be 0..{max}.", "datacenter_seq_out_of_range"
        ),
        "datacenter_conflict_shown": QCoreApplication.translate(
            "errors",
            "The data center already holds this record with different content; the operator"
            " has been shown the conflict.",
            "datacenter_conflict_shown",
        ),
        "datacenter_cannot_decrypt": QCoreApplication.translate(
            "errors", "The record cannot be decrypted.", "datacenter_cannot_decrypt"
        ),
        "datacenter_request_malformed": QCoreApplication.translate(
            "errors", "The request is malformed.", "datacenter_request_malformed"
        ),
        "datacenter_connection_closed": QCoreApplication.translate(
            "errors", "The connection was closed.", "datacenter_connection_closed"
        ),
        "datacenter_hit_an_error": QCoreApplication.translate(
            "errors", "The data center hit an error.", "datacenter_hit_an_error"
        ),
        "datacenter_no_such_path": QCoreApplication.translate(
            "errors", "The data center has no such address.", "datacenter_no_such_path"
        ),
        "datacenter_method_not_allowed": QCoreApplication.translate(
            "errors",
            "This address does not take that kind of request.",
            "datacenter_method_not_allowed",
        ),
        "datacenter_http_refused": QCoreApplication.translate(
            "errors",
            "The data center refused the request (HTTP {status}).",
            "datacenter_http_refused",
        ),
        "datacenter_length_not_a_number": QCoreApplication.translate(
            "errors", "The Content-Length header is not a number.", "datacenter_length_not_a_number"
        ),
        "datacenter_audit_report_invalid": QCoreApplication.translate(
            "errors",
            "The audit report is malformed: numbers out of range, a hash that is not 64 hex "
            "digits, or more than {max} proofs.",
            "datacenter_audit_report_invalid",
        ),
        "datacenter_workers_need_postgresql": QCoreApplication.translate(
            "errors",
            "Several workers need PostgreSQL (--database postgresql://...): SQLite takes "
            "one writing process.",
            "datacenter_workers_need_postgresql",
        ),
        "datacenter_database_password_in_argument": QCoreApplication.translate(
            "errors",
            "--database holds a password, which every account on this computer can read in "
            "the list of processes; nothing was done. Give the password another way: the "
            "whole URL in ${env}, the password alone in a file named by {option} FILE or "
            "${file_env}, or in libpq's ~/.pgpass ($PGPASSFILE).",
            "datacenter_database_password_in_argument",
        ),
        "datacenter_database_url_invalid": QCoreApplication.translate(
            "errors",
            "The database URL is not one (sqlite:///FILE or postgresql://USER@HOST/DB); it "
            "is not repeated here, because it may hold a password.",
            "datacenter_database_url_invalid",
        ),
        "datacenter_database_password_file_unreadable": QCoreApplication.translate(
            "errors",
            "The database password file {file} cannot be read: {cause}.",
            "datacenter_database_password_file_unreadable",
        ),
        "datacenter_database_password_file_empty": QCoreApplication.translate(
            "errors",
            "The database password file {file} is empty: its first line is the password.",
            "datacenter_database_password_file_empty",
        ),
        "datacenter_database_newer": QCoreApplication.translate(
            "errors",
            "The database was made by a newer FieldKit (schema {revision}; this one knows up "
            "to {known}). Install that release again, or restore a backup made by this one.",
            "datacenter_database_newer",
        ),
        "datacenter_setting_invalid": QCoreApplication.translate(
            "errors",
            'The setting ${name} is "{value}"; it takes {allowed}.',
            "datacenter_setting_invalid",
        ),
        "datacenter_backup_invalid": QCoreApplication.translate(
            "errors",
            "The backup cannot be restored ({problem}{member}); nothing was changed.",
            "datacenter_backup_invalid",
        ),
        "datacenter_backup_keys_unprotected": QCoreApplication.translate(
            "errors",
            "The keys are not encrypted with a passphrase, so they are not put in a backup: "
            "set FIELDKIT_DATACENTER_KEY_PASSPHRASE and run 'fieldkit-datacenter keys "
            "protect', or back up DATA/keys on its own.",
            "datacenter_backup_keys_unprotected",
        ),
        "datacenter_key_in_clear": QCoreApplication.translate(
            "errors",
            "The key {file} is stored in the clear, so the keys are not put in a backup and "
            "no file was written. With {env} set, run 'fieldkit-datacenter keys protect': it "
            "encrypts every key still in the clear, in place, with the passphrase.",
            "datacenter_key_in_clear",
        ),
        "datacenter_key_unreadable": QCoreApplication.translate(
            "errors",
            "The data center's key {file} is not a key this data center can read.",
            "datacenter_key_unreadable",
        ),
        "datacenter_keys_protect_no_passphrase": QCoreApplication.translate(
            "errors",
            "Set {env} to the passphrase first: it is read from the environment, never from "
            "the command line. No key was changed.",
            "datacenter_keys_protect_no_passphrase",
        ),
        "datacenter_backup_blob_missing": QCoreApplication.translate(
            "errors",
            "The sealed record {blob} is missing from the blob store, so no backup was "
            "written. Find it (a copy of the blob store, an earlier backup) before the next "
            "backup.",
            "datacenter_backup_blob_missing",
        ),
        "datacenter_backup_blob_damaged": QCoreApplication.translate(
            "errors",
            "The sealed record {blob} is damaged in the blob store (its bytes no longer match "
            "its SHA-256), so no backup was written. Put it back from an earlier backup "
            "before the next one.",
            "datacenter_backup_blob_damaged",
        ),
        "datacenter_backup_key_unreadable": QCoreApplication.translate(
            "errors",
            "The backup key {file} cannot be read ({error}); nothing was changed.",
            "datacenter_backup_key_unreadable",
        ),
        "datacenter_backup_key_invalid": QCoreApplication.translate(
            "errors",
            "{file} is not a backup key (one is {size} bytes); nothing was changed.",
            "datacenter_backup_key_invalid",
        ),
        "datacenter_backup_unsigned": QCoreApplication.translate(
            "errors",
            "The backup carries no signature of a data center's backup key (it was made "
            "before backups were signed, or the signature was taken out), so nothing vouches "
            "for it; it is refused and nothing was changed.",
            "datacenter_backup_unsigned",
        ),
        "datacenter_backup_no_key": QCoreApplication.translate(
            "errors",
            "The backup cannot be checked: there is no {file} here. Give the copy of the old "
            "data center's backup.key kept with the passphrase, with --backup-key FILE or "
            "{env}; nothing was changed.",
            "datacenter_backup_no_key",
        ),
        "datacenter_backup_other_key": QCoreApplication.translate(
            "errors",
            "The backup was signed with another backup key than {file}: give the key of the "
            "data center that made it with --backup-key FILE; nothing was changed.",
            "datacenter_backup_other_key",
        ),
        "datacenter_backup_signature_wrong": QCoreApplication.translate(
            "errors",
            "The backup was altered after it was made: its signature does not match its "
            "contents. It is refused and nothing was changed.",
            "datacenter_backup_signature_wrong",
        ),
        "datacenter_restore_rows_clash": QCoreApplication.translate(
            "errors",
            "The backup holds two rows of table {table} with the same {columns} ({value}); "
            "it is refused and nothing was changed.",
            "datacenter_restore_rows_clash",
        ),
        "datacenter_restore_rows_clash_withheld": QCoreApplication.translate(
            "errors",
            "The backup holds two rows of table {table} with the same {columns} (the value "
            "is key material and is not shown); it is refused and nothing was changed.",
            "datacenter_restore_rows_clash_withheld",
        ),
        "datacenter_restore_database_refused": QCoreApplication.translate(
            "errors",
            "The database refused the backup's rows of table {table}: a constraint of this "
            "database clashes with them. Nothing was changed; the restore can be run again "
            "once that is cleared.",
            "datacenter_restore_database_refused",
        ),
        "datacenter_restore_database_failed": QCoreApplication.translate(
            "errors",
            "The database failed while the backup's rows were written ({error}). Nothing was "
            "changed; the restore can be run again.",
            "datacenter_restore_database_failed",
        ),
        "datacenter_restore_blobs_full": QCoreApplication.translate(
            "errors",
            "The blob store is full. The sealed records this restore had written were "
            "removed again and nothing else was changed; free space and run it again.",
            "datacenter_restore_blobs_full",
        ),
        "datacenter_restore_not_empty": QCoreApplication.translate(
            "errors",
            "This data center already holds {records} records and {devices} laptops; restore "
            "onto a fresh one, or give --force to replace them.",
            "datacenter_restore_not_empty",
        ),
        "datacenter_blobs_unavailable": QCoreApplication.translate(
            "errors",
            "The object store holding the sealed records cannot be reached ({what}); the "
            "record was not stored and the laptop sends it again.",
            "datacenter_blobs_unavailable",
        ),
        "datacenter_blobs_url_invalid": QCoreApplication.translate(
            "errors",
            "The blob store {url} is not s3://BUCKET/PREFIX with an http(s) endpoint.",
            "datacenter_blobs_url_invalid",
        ),
        "datacenter_blob_damaged": QCoreApplication.translate(
            "errors",
            "A sealed record came back from the object store damaged.",
            "datacenter_blob_damaged",
        ),
        "datacenter_review_unreadable": QCoreApplication.translate(
            "errors",
            "The ketua tim's decision on record {record_id} does not open with this data "
            "center's key: it was altered in the database.",
            "datacenter_review_unreadable",
        ),
        "datacenter_manifest_too_long": QCoreApplication.translate(
            "errors",
            "A manifest may announce at most {max} records.",
            "datacenter_manifest_too_long",
        ),
        "datacenter_no_bundle_address": QCoreApplication.translate(
            "errors",
            "No address for the bundle: give --url https://HOST:PORT (the address "
            "laptops reach), or start 'fieldkit-datacenter serve' once so it is "
            "remembered.",
            "datacenter_no_bundle_address",
        ),
        "datacenter_no_ca": QCoreApplication.translate(
            "errors",
            "This data directory has no CA yet: run 'fieldkit-datacenter serve' once first.",
            "datacenter_no_ca",
        ),
        "datacenter_public_key_invalid": QCoreApplication.translate(
            "errors",
            "The laptop's public key is not a raw Ed25519 key.",
            "datacenter_public_key_invalid",
        ),
        "datacenter_recapture_needs_reason": QCoreApplication.translate(
            "errors",
            "RECAPTURE needs --reason: why record the person again.",
            "datacenter_recapture_needs_reason",
        ),
        "datacenter_record_ambiguous": QCoreApplication.translate(
            "errors",
            "Record {record_id} was sent by several laptops: name one with --device ({devices}).",
            "datacenter_record_ambiguous",
        ),
        "datacenter_record_rejected": QCoreApplication.translate(
            "errors",
            "Record {record_id} was REJECTED; it cannot move on.",
            "datacenter_record_rejected",
        ),
        "datacenter_server_extra_missing": QCoreApplication.translate(
            "errors",
            "Writing an enrollment bundle needs the server extra: pip install 'fieldkit[server]'.",
            "datacenter_server_extra_missing",
        ),
        "datacenter_state_unknown": QCoreApplication.translate(
            "errors", "State must be one of: {allowed}.", "datacenter_state_unknown"
        ),
        "usb_no_export": QCoreApplication.translate(
            "errors", "No FieldKit export found in {root}.", "usb_no_export"
        ),
        "usb_no_export.hint": QCoreApplication.translate(
            "errors",
            "Point at the stick's folder holding <device_id>/<export_id>/manifest.json.",
            "usb_no_export.hint",
        ),
        "usb_export_invalid": QCoreApplication.translate(
            "errors", "The export's {file} is not valid ({problem}).", "usb_export_invalid"
        ),
        "usb_export_invalid.hint": QCoreApplication.translate(
            "errors",
            "Export again from the laptop; the folder may have been altered or copied partly.",
            "usb_export_invalid.hint",
        ),
        "usb_file_not_regular": QCoreApplication.translate(
            "errors",
            "The export's {name} is not a regular file (a folder, a named pipe or a device); "
            "it was not read.",
            "usb_file_not_regular",
        ),
        "usb_symlink": QCoreApplication.translate(
            "errors",
            "The export's {name} is a link to another place; links on a stick are never followed.",
            "usb_symlink",
        ),
        "usb_file_too_large": QCoreApplication.translate(
            "errors",
            "The export's {name} is larger than {max} bytes, so it is not a FieldKit file; "
            "it was not read.",
            "usb_file_too_large",
        ),
        "usb_duplicate_in_manifest": QCoreApplication.translate(
            "errors",
            "Record {record_id} is listed more than once in the export's manifest; "
            "only its first line was imported.",
            "usb_duplicate_in_manifest",
        ),
        "auth_no_password.hint": QCoreApplication.translate(
            "errors",
            "No password given: set {env} or run in a terminal to be asked.",
            "auth_no_password.hint",
        ),
        "recording_blocked.hint": QCoreApplication.translate(
            "errors",
            "Complete it with: fieldkit sarpras checkout --visit {visit}, then have the "
            "ketua tim sign it: fieldkit sarpras sign --visit {visit}.",
            "recording_blocked.hint",
        ),
        "recording_blocked_incomplete.hint": QCoreApplication.translate(
            "errors",
            "Complete it with: fieldkit sarpras checkout --visit {visit}, then have the "
            "ketua tim sign it: fieldkit sarpras sign --visit {visit}.",
            "recording_blocked_incomplete.hint",
        ),
        "recording_blocked_unsigned.hint": QCoreApplication.translate(
            "errors",
            "The ketua tim signs it with: fieldkit sarpras sign --visit {visit}.",
            "recording_blocked_unsigned.hint",
        ),
        "recording_needs_datacenter.hint": QCoreApplication.translate(
            "errors",
            "Enroll it first on the Sinkronisasi screen, or: fieldkit sync enroll "
            "--bundle FILE (the file from 'fieldkit-datacenter codes new --bundle-out "
            "FILE').",
            "recording_needs_datacenter.hint",
        ),
        "training_mixes_with_real_work.hint": QCoreApplication.translate(
            "errors",
            "Record on the training visit (Desa Latihan, LATIHAN), or turn training mode "
            "off in Settings to record with the real devices.",
            "training_mixes_with_real_work.hint",
        ),
        "enrollment_frozen.hint": QCoreApplication.translate(
            "errors",
            "Run the sync (fieldkit sync) as soon as there is a network.",
            "enrollment_frozen.hint",
        ),
        "empty_referral_list.hint": QCoreApplication.translate(
            "errors",
            "Mark recorded vulnerable people first: fieldkit referral mark TARGET_ID.",
            "empty_referral_list.hint",
        ),
        "not_printed.hint": QCoreApplication.translate(
            "errors",
            "Run 'fieldkit sync status' to pull the data center's latest states.",
            "not_printed.hint",
        ),
        "receipt_gone.hint": QCoreApplication.translate(
            "errors",
            "The receipt is kept only until the record is purged; the office can look "
            "the person up by the record id on an earlier printed receipt.",
            "receipt_gone.hint",
        ),
        "image_unreadable.hint": QCoreApplication.translate(
            "errors", "Capture or copy the file again.", "image_unreadable.hint"
        ),
        "invalid_nik.hint": QCoreApplication.translate(
            "errors", "Check the number on the KK; a NIK has 16 digits.", "invalid_nik.hint"
        ),
        "password_too_short.hint": QCoreApplication.translate(
            "errors",
            "Use a phrase of a few words with a digit, at least {min} characters.",
            "password_too_short.hint",
        ),
        "auth_unknown_officer.hint": QCoreApplication.translate(
            "errors",
            "Check the user name, or ask an admin to add you.",
            "auth_unknown_officer.hint",
        ),
        "auth_card_not_bound.hint": QCoreApplication.translate(
            "errors",
            "Log in with your password and bind the card (Settings or fieldkit officer card-bind).",
            "auth_card_not_bound.hint",
        ),
        "auth_card_of_another_officer.hint": QCoreApplication.translate(
            "errors",
            "Use the card or the password of {username}.",
            "auth_card_of_another_officer.hint",
        ),
        "auth_disabled.hint": QCoreApplication.translate(
            "errors", "Ask an admin of your office.", "auth_disabled.hint"
        ),
        "store_not_initialised.hint": QCoreApplication.translate(
            "errors",
            "Create one with: fieldkit init --office-code KODE --officer USER --role admin",
            "store_not_initialised.hint",
        ),
        "store_already_initialised.hint": QCoreApplication.translate(
            "errors",
            "Log in to it, or choose another folder with FIELDKIT_HOME.",
            "store_already_initialised.hint",
        ),
        "store_keyring_damaged.hint": QCoreApplication.translate(
            "errors",
            "Restore keyring.json from the office's backup of this laptop.",
            "store_keyring_damaged.hint",
        ),
        "store_disk_full.hint": QCoreApplication.translate(
            "errors",
            "Free some space (for example, sync and purge finished records), then retry.",
            "store_disk_full.hint",
        ),
        "store_read_only.hint": QCoreApplication.translate(
            "errors",
            "Check that the disk is not write-protected and that you own the folder.",
            "store_read_only.hint",
        ),
        "store_io_error.hint": QCoreApplication.translate(
            "errors",
            "Check that the folder exists and that you may write to it.",
            "store_io_error.hint",
        ),
        "store_corrupted.hint": QCoreApplication.translate(
            "errors",
            "Restore the latest good backup: fieldkit store restore",
            "store_corrupted.hint",
        ),
        "store_too_new.hint": QCoreApplication.translate(
            "errors", "Install the newer FieldKit on this laptop.", "store_too_new.hint"
        ),
    }


def device_hints() -> dict[str, str]:
    """``device_<reason>.hint`` -> what to do next, under a device error at the terminal."""
    return {
        "auth_no_password.hint": QCoreApplication.translate(
            "devices",
            "No password given: set {env} or run in a terminal to be asked.",
            "auth_no_password.hint",
        ),
        "device_unplugged.hint": QCoreApplication.translate(
            "devices",
            "Check the cable and that the device is switched on, then try again.",
            "device_unplugged.hint",
        ),
        "device_not_found.hint": QCoreApplication.translate(
            "devices",
            "Check the cable and that the device is switched on, then try again.",
            "device_not_found.hint",
        ),
        "device_no_response.hint": QCoreApplication.translate(
            "devices",
            "The device did not answer in time; unplug it, plug it in again, retry.",
            "device_no_response.hint",
        ),
    }
