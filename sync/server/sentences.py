"""The data center's sentences: ``fieldkit-datacenter``'s lines ("cli", ``dc.*``), its refusals.

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate(
    "cli",
    "Bundle:          {bundle} (QR code: {qr})",
    "dc.bundle",
)
translate(
    "cli",
    "Enrollment code: {code}",
    "dc.code",
)
translate(
    "cli",
    "CA fingerprint:  {fingerprint}",
    "dc.code_fingerprint",
)
translate(
    "cli",
    "CA fingerprint (SHA-256): {fingerprint}",
    "dc.fingerprint",
)
translate(
    "cli",
    "  in groups, to read out: {groups}",
    "dc.fingerprint_groups",
)
translate(
    "cli",
    "{path}: {device}: {accepted} accepted, {rejected} rejected, {refused} refused ({receipts})",
    "dc.import_done",
)
translate(
    "cli",
    "{path}: REFUSED ({reason}) {message}",
    "dc.import_refused",
)
translate(
    "cli",
    "  {record}  {state}  {reason}: {message}",
    "dc.import_record_refused",
)
translate(
    "cli",
    "On the laptop: Sinkronisasi > Open enrollment file, or fieldkit sync enroll --bundle {name}",
    "dc.on_the_laptop",
)
translate(
    "cli",
    "receipts.json NOT written",
    "dc.receipts_not_written",
)
translate(
    "cli",
    "receipts.json written",
    "dc.receipts_written",
)
translate(
    "cli",
    "Backup written to {path}: {rows} rows, {blobs} sealed records.",
    "dc.backup_written",
)
translate(
    "cli",
    "Restored {rows} rows and their sealed records.",
    "dc.restored",
)
translate(
    "cli",
    "Made {file}, the key that vouches for this data center's backups. Keep a copy "
    "offline with the keys' passphrase: a restore on another machine needs it "
    "(--backup-key).",
    "dc.backup_key_made",
)
translate(
    "cli",
    "Every private key in {keys} is encrypted with the passphrase; from now on the "
    "data center starts only with {env} set.",
    "dc.keys_protected",
)
translate(
    "cli",
    "Before serving, copy the old data center's keys folder to {keys}: without it "
    "the laptops' pinned CA and receipts do not match.",
    "dc.restore_keys_needed",
)
translate(
    "cli",
    "Deleted {deleted} blobs no record points at (of {checked} old enough to check).",
    "dc.blobs_swept",
)
translate(
    "cli",
    "Database schema: {current}; this FieldKit's: {head}.",
    "dc.db_current",
)
translate(
    "cli",
    "{device}  {problem} at event {seq} ({via}, {when}): {detail}",
    "dc.audit_finding",
)
translate(
    "cli",
    "No laptop's audit log differs from what the data center saw.",
    "dc.audit_no_findings",
)
translate(
    "cli",
    "{device}: its audit log is accepted as it now is; epoch {epoch} begins.",
    "dc.audit_acknowledged",
)
translate(
    "cli",
    "{record}  {decision} by {officer} at {when}",
    "dc.review",
)
translate(
    "cli",
    "note: {note}",
    "dc.review_note",
)
translate(
    "cli",
    "FieldKit data center serving on {url}",
    "dc.serving",
)
translate(
    "cli",
    "Data center:     {url}",
    "dc.url",
)
translate(
    "errors",
    "The data center refused record {record_id} of the export ({reason}).",
    "usb_entry_refused",
)
translate("errors", "The record container is invalid ({problem}).", "payload_container_invalid")
translate("errors", "The record's content is not valid JSON ({problem}).", "payload_not_json")
translate("errors", "The record's content is not a JSON object.", "payload_not_object")
translate(
    "errors",
    "The record's visit is dated {day}, outside the days FieldKit takes ({first} to {last}).",
    "payload_visit_date_out_of_range",
)
translate("errors", "The record's content names a different record id.", "payload_other_record")
translate("errors", "The record's content names a different sequence number.", "payload_other_seq")
translate(
    "errors",
    "The laptop's clock is {seconds} seconds ahead of the data center's.",
    "clock_skew_ahead",
)
translate(
    "errors",
    "Set the laptop's date and time, or let FieldKit correct by the server time.",
    "clock_skew_ahead.hint",
)
translate(
    "errors",
    "The laptop's clock is {seconds} seconds behind the data center's.",
    "clock_skew_behind",
)
translate(
    "errors",
    "Set the laptop's date and time, or let FieldKit correct by the server time.",
    "clock_skew_behind.hint",
)
translate(
    "errors",
    "There is no enrolled laptop {device_id} at this data center.",
    "datacenter_device_unknown",
)
translate("errors", "The folder {root} cannot be read.", "usb_folder_unreadable")
translate(
    "errors",
    "Check that the stick is plugged in and the path is right.",
    "usb_folder_unreadable.hint",
)
translate(
    "errors",
    "The data center stores metadata in SQLite or PostgreSQL, not {dialect}.",
    "datacenter_database_unsupported",
)
translate(
    "errors",
    "Use sqlite:///FILE or postgresql://USER:PASSWORD@HOST/DATABASE.",
    "datacenter_database_unsupported.hint",
)
translate(
    "errors",
    "The data center's keys are protected by a passphrase ({file}).",
    "datacenter_key_needs_passphrase",
)
translate(
    "errors",
    "Set {env} to the passphrase before starting the data center.",
    "datacenter_key_needs_passphrase.hint",
)
translate(
    "errors",
    "The passphrase does not open the data center's key {file}.",
    "datacenter_passphrase_wrong",
)
translate("errors", "Check {env}; the keys are unchanged.", "datacenter_passphrase_wrong.hint")
translate(
    "errors",
    "The record is sealed to the public demo key (training only); this data center"
    " refuses demo records. Seal real records to the data center's key after enrolling"
    " the laptop.",
    "datacenter_demo_refused",
)
translate(
    "errors",
    "The data center hit an error on this export; the others were imported.",
    "datacenter_export_bug",
)
translate(
    "errors",
    "The data center hit an error on this record; the others were imported.",
    "datacenter_record_bug",
)
translate(
    "errors",
    "The records were imported, but {file} could not be written.",
    "datacenter_receipts_not_written",
)
translate("errors", "Key {kid} is not a key of this data center.", "datacenter_kid_not_held")
translate(
    "errors",
    "The key id is longer than {max} characters, so it is not a key of this data center.",
    "datacenter_kid_too_long",
)
translate("errors", "The hash is not a lowercase hex SHA-256.", "datacenter_sha256_format")
translate("errors", "The size must be 1..{max} bytes.", "datacenter_size_out_of_range")
translate("errors", "The sequence number must be 0..{max}.", "datacenter_seq_out_of_range")
translate(
    "errors",
    "The data center already holds this record with different content; the operator"
    " has been shown the conflict.",
    "datacenter_conflict_shown",
)
translate("errors", "The record cannot be decrypted.", "datacenter_cannot_decrypt")
translate("errors", "The request is malformed.", "datacenter_request_malformed")
translate("errors", "The connection was closed.", "datacenter_connection_closed")
translate("errors", "The data center hit an error.", "datacenter_hit_an_error")
translate("errors", "The data center has no such address.", "datacenter_no_such_path")
translate(
    "errors",
    "This address does not take that kind of request.",
    "datacenter_method_not_allowed",
)
translate(
    "errors",
    "The data center refused the request (HTTP {status}).",
    "datacenter_http_refused",
)
translate("errors", "The Content-Length header is not a number.", "datacenter_length_not_a_number")
translate(
    "errors",
    "The audit report is malformed: numbers out of range, a hash that is not 64 hex "
    "digits, or more than {max} proofs.",
    "datacenter_audit_report_invalid",
)
translate(
    "errors",
    "Several workers need PostgreSQL (--database postgresql://...): SQLite takes "
    "one writing process.",
    "datacenter_workers_need_postgresql",
)
translate(
    "errors",
    "--database holds a password, which every account on this computer can read in "
    "the list of processes; nothing was done. Give the password another way: the "
    "whole URL in ${env}, the password alone in a file named by {option} FILE or "
    "${file_env}, or in libpq's ~/.pgpass ($PGPASSFILE).",
    "datacenter_database_password_in_argument",
)
translate(
    "errors",
    "The database URL is not one (sqlite:///FILE or postgresql://USER@HOST/DB); it "
    "is not repeated here, because it may hold a password.",
    "datacenter_database_url_invalid",
)
translate(
    "errors",
    "The database password file {file} cannot be read: {cause}.",
    "datacenter_database_password_file_unreadable",
)
translate(
    "errors",
    "The data center cannot listen on {host} port {port}: {cause}. Stop the program that "
    "uses it, or choose another port with --port.",
    "datacenter_port_unavailable",
)
translate(
    "errors",
    "The database password file {file} is empty: its first line is the password.",
    "datacenter_database_password_file_empty",
)
translate(
    "errors",
    "The database was made by a newer FieldKit (schema {revision}; this one knows up "
    "to {known}). Install that release again, or restore a backup made by this one.",
    "datacenter_database_newer",
)
translate(
    "errors",
    'The setting ${name} is "{value}"; it takes {allowed}.',
    "datacenter_setting_invalid",
)
translate(
    "errors",
    "The backup cannot be restored ({problem}{member}); nothing was changed.",
    "datacenter_backup_invalid",
)
translate(
    "errors",
    "The keys are not encrypted with a passphrase, so they are not put in a backup: "
    "set FIELDKIT_DATACENTER_KEY_PASSPHRASE and run 'fieldkit-datacenter keys "
    "protect', or back up DATA/keys on its own.",
    "datacenter_backup_keys_unprotected",
)
translate(
    "errors",
    "The key {file} is stored in the clear, so the keys are not put in a backup and "
    "no file was written. With {env} set, run 'fieldkit-datacenter keys protect': it "
    "encrypts every key still in the clear, in place, with the passphrase.",
    "datacenter_key_in_clear",
)
translate(
    "errors",
    "The data center's key {file} is not a key this data center can read.",
    "datacenter_key_unreadable",
)
translate(
    "errors",
    "Set {env} to the passphrase first: it is read from the environment, never from "
    "the command line. No key was changed.",
    "datacenter_keys_protect_no_passphrase",
)
translate(
    "errors",
    "The sealed record {blob} is missing from the blob store, so no backup was "
    "written. Find it (a copy of the blob store, an earlier backup) before the next "
    "backup.",
    "datacenter_backup_blob_missing",
)
translate(
    "errors",
    "The sealed record {blob} is damaged in the blob store (its bytes no longer match "
    "its SHA-256), so no backup was written. Put it back from an earlier backup "
    "before the next one.",
    "datacenter_backup_blob_damaged",
)
translate(
    "errors",
    "The backup key {file} cannot be read ({error}); nothing was changed.",
    "datacenter_backup_key_unreadable",
)
translate(
    "errors",
    "{file} is not a backup key (one is {size} bytes); nothing was changed.",
    "datacenter_backup_key_invalid",
)
translate(
    "errors",
    "The backup carries no signature of a data center's backup key (it was made "
    "before backups were signed, or the signature was taken out), so nothing vouches "
    "for it; it is refused and nothing was changed.",
    "datacenter_backup_unsigned",
)
translate(
    "errors",
    "The backup cannot be checked: there is no {file} here. Give the copy of the old "
    "data center's backup.key kept with the passphrase, with --backup-key FILE or "
    "{env}; nothing was changed.",
    "datacenter_backup_no_key",
)
translate(
    "errors",
    "The backup was signed with another backup key than {file}: give the key of the "
    "data center that made it with --backup-key FILE; nothing was changed.",
    "datacenter_backup_other_key",
)
translate(
    "errors",
    "The backup was altered after it was made: its signature does not match its "
    "contents. It is refused and nothing was changed.",
    "datacenter_backup_signature_wrong",
)
translate(
    "errors",
    "The backup holds two rows of table {table} with the same {columns} ({value}); "
    "it is refused and nothing was changed.",
    "datacenter_restore_rows_clash",
)
translate(
    "errors",
    "The backup holds two rows of table {table} with the same {columns} (the value "
    "is key material and is not shown); it is refused and nothing was changed.",
    "datacenter_restore_rows_clash_withheld",
)
translate(
    "errors",
    "The database refused the backup's rows of table {table}: a constraint of this "
    "database clashes with them. Nothing was changed; the restore can be run again "
    "once that is cleared.",
    "datacenter_restore_database_refused",
)
translate(
    "errors",
    "The database failed while the backup's rows were written ({error}). Nothing was "
    "changed; the restore can be run again.",
    "datacenter_restore_database_failed",
)
translate(
    "errors",
    "The blob store is full. The sealed records this restore had written were "
    "removed again and nothing else was changed; free space and run it again.",
    "datacenter_restore_blobs_full",
)
translate(
    "errors",
    "This data center already holds {records} records and {devices} laptops; restore "
    "onto a fresh one, or give --force to replace them.",
    "datacenter_restore_not_empty",
)
translate(
    "errors",
    "The object store holding the sealed records cannot be reached ({what}); the "
    "record was not stored and the laptop sends it again.",
    "datacenter_blobs_unavailable",
)
translate(
    "errors",
    "The blob store {url} is not s3://BUCKET/PREFIX with an http(s) endpoint.",
    "datacenter_blobs_url_invalid",
)
translate(
    "errors",
    "A sealed record came back from the object store damaged.",
    "datacenter_blob_damaged",
)
translate(
    "errors",
    "The ketua tim's decision on record {record_id} does not open with this data "
    "center's key: it was altered in the database.",
    "datacenter_review_unreadable",
)
translate(
    "errors",
    "A manifest may announce at most {max} records.",
    "datacenter_manifest_too_long",
)
translate(
    "errors",
    "No address for the bundle: give --url https://HOST:PORT (the address "
    "laptops reach), or start 'fieldkit-datacenter serve' once so it is "
    "remembered.",
    "datacenter_no_bundle_address",
)
translate(
    "errors",
    "This data directory has no CA yet: run 'fieldkit-datacenter serve' once first.",
    "datacenter_no_ca",
)
translate(
    "errors",
    "The laptop's public key is not a raw Ed25519 key.",
    "datacenter_public_key_invalid",
)
translate(
    "errors",
    "RECAPTURE needs --reason: why record the person again.",
    "datacenter_recapture_needs_reason",
)
translate(
    "errors",
    "Record {record_id} was sent by several laptops: name one with --device ({devices}).",
    "datacenter_record_ambiguous",
)
translate(
    "errors",
    "Record {record_id} was REJECTED; it cannot move on.",
    "datacenter_record_rejected",
)
translate(
    "errors",
    "Record {record_id} may be a duplicate and waits for the office's decision: "
    "decide with 'records adjudicate' (or ask for a RECAPTURE).",
    "datacenter_record_awaits_adjudication",
)
translate(
    "errors",
    "Record {record_id} was closed as a duplicate; the older record stands. It cannot move on.",
    "datacenter_record_closed_duplicate",
)
translate(
    "errors",
    "Record {record_id} changed meanwhile (it was {expected}); look at it again and retry.",
    "datacenter_state_changed",
)
translate(
    "errors",
    "Writing an enrollment bundle needs the server extra: pip install 'fieldkit[server]'.",
    "datacenter_server_extra_missing",
)
translate("errors", "State must be one of: {allowed}.", "datacenter_state_unknown")
translate(
    "errors",
    "Record {record_id} is {state}, and {state} cannot be moved to {target} by hand "
    "(from {state}: {allowed}). Only penunggalan, or an administrator's decision on its "
    "candidates, makes a record ready to print; nothing was changed.",
    "datacenter_state_move_refused",
)
translate(
    "errors",
    "Setting a state needs --reason: why, in words the audit keeps (and, for RECAPTURE, "
    "the team reads).",
    "datacenter_state_needs_reason",
)
translate("errors", "No FieldKit export found in {root}.", "usb_no_export")
translate(
    "errors",
    "Point at the stick's folder holding <device_id>/<export_id>/manifest.json.",
    "usb_no_export.hint",
)
translate("errors", "The export's {file} is not valid ({problem}).", "usb_export_invalid")
translate(
    "errors",
    "Export again from the laptop; the folder may have been altered or copied partly.",
    "usb_export_invalid.hint",
)
translate(
    "errors",
    "The export's {name} is not a regular file (a folder, a named pipe or a device); "
    "it was not read.",
    "usb_file_not_regular",
)
translate(
    "errors",
    "The export's {name} is a link to another place; links on a stick are never followed.",
    "usb_symlink",
)
translate(
    "errors",
    "This health report was written at {reported}, before the one the office already has "
    "(written at {kept}); the newer one is kept.",
    "health_older",
)
translate(
    "errors",
    "The data center keeps one health report of a laptop every {every} seconds; "
    "try again in {seconds} seconds.",
    "health_too_soon",
)
translate(
    "errors",
    "{name} on the stick is a link to another place; nothing was written, because links "
    "on a stick are never followed. Remove the link, then export again.",
    "stick_symlink",
)
translate(
    "errors",
    "The export's {name} is larger than {max} bytes, so it is not a FieldKit file; "
    "it was not read.",
    "usb_file_too_large",
)
translate(
    "errors",
    "Record {record_id} is listed more than once in the export's manifest; "
    "only its first line was imported.",
    "usb_duplicate_in_manifest",
)

# --- a record leaves the office: the interchange file (sync.server.dedup.interchange) ----
translate("cli", "{record}: {reference} -> {path}", "dc.exported")
translate("cli", "No record is waiting to be forwarded.", "dc.export_none_waiting")
translate("cli", "{record}: not exported ({code})", "dc.export_skipped")
translate(
    "errors",
    "Record {record_id} is a training record (sealed to the demo key); it never leaves the office.",
    "datacenter_export_training",
)
translate(
    "errors",
    "Record {record_id} is {state}; only an accepted record can be exported.",
    "datacenter_export_not_accepted",
)
translate(
    "errors",
    "Record {record_id} cannot be opened with this data center's keys, or its stored file "
    "is damaged; nothing was written.",
    "datacenter_export_unopenable",
)
translate(
    "errors",
    "Record {record_id} holds no images to export.",
    "datacenter_export_no_images",
)
translate(
    "errors",
    "An image in the record cannot be read ({problem}); nothing was written.",
    "datacenter_export_image_unreadable",
)
translate(
    "errors",
    "An image in the record declares {width} x {height} pixels, more than the {limit} an "
    "image may have; the record cannot be exported, and nothing was written.",
    "datacenter_export_image_too_large",
)
translate(
    "errors",
    "The folder {folder} does not exist; nothing was written.",
    "datacenter_export_no_folder",
)
translate(
    "errors",
    "{path} is a folder or a device, not a file; nothing was written.",
    "datacenter_export_not_a_file",
)
translate(
    "errors",
    "{path} could not be written ({cause}); nothing was left there. Choose a folder you "
    "may write to, with free space.",
    "datacenter_export_unwritable",
)
translate(
    "errors",
    "{name} is a link to another place; nothing was written, because an export never "
    "writes through a link. Remove the link, or choose another place.",
    "datacenter_export_symlink",
)
translate(
    "errors",
    "{path} is inside the data center's own folder {data}; nothing was written, because "
    "an export never replaces the data center's database, keys or records. Choose a "
    "place outside it.",
    "datacenter_export_inside_data",
)
translate(
    "errors",
    "Give a record id with --out FILE, or --waiting with --out FOLDER.",
    "datacenter_export_what",
)

# --- the office steering its laptops (sync.server.office.steering, issue 38) ---------------
# --- refusals --------------------------------------------------------------------
translate(
    "errors",
    "The letterhead file must be a JSON object with only these fields, each text of at most "
    "200 characters or null: {fields}.",
    "datacenter_letterhead_invalid",
)
translate(
    "errors",
    "There is no quality check named {modality}; the checks are: {choices}.",
    "datacenter_modality_unknown",
)
translate("errors", "No rule was given; nothing was changed.", "datacenter_rules_nothing")
translate(
    "errors",
    "The consent text has {length} characters; it may have at most {max}. Shorten it; "
    "nothing was changed.",
    "datacenter_consent_text_too_long",
)
translate(
    "errors",
    "The consent text holds a character a laptop cannot show ({codepoint}, character "
    "{position}): an invisible or control character, often pasted from another "
    "document. Remove it (or type the text again); nothing was changed.",
    "datacenter_consent_text_character",
)
translate(
    "errors",
    "{file} cannot be read as a UTF-8 text file of at most {max} bytes; nothing was changed.",
    "datacenter_consent_text_file",
)
translate(
    "errors",
    "{version} is not a FieldKit version like 0.9.0.",
    "datacenter_version_invalid",
)
translate("errors", "An officer named {username} already exists.", "datacenter_officer_exists")
translate(
    "errors",
    "Officer {username} has already logged in; a first-login code is only for an officer "
    "who has not.",
    "datacenter_officer_logged_in",
)
translate("errors", "Officer {username} is disabled.", "datacenter_officer_disabled")
translate(
    "errors",
    "Only an administrator may do this for {username}: an officer with the admin role, whose "
    "first-login code opens an administrator's account on the laptops.",
    "datacenter_officer_admin_only",
)
translate("errors", "Officer {username} is not disabled.", "datacenter_officer_active")
translate(
    "errors",
    "There is no active officer named {username}.",
    "datacenter_officer_unknown",
)
translate(
    "errors",
    "The region file {file} cannot be read as UTF-8 text.",
    "datacenter_regions_unreadable",
)
translate(
    "errors",
    "Row {row} of the region file is not a code and a name (code,name); nothing was imported.",
    "datacenter_regions_row_invalid",
)
translate(
    "errors",
    "The plan's {field} is missing or not valid; nothing was changed.",
    "datacenter_plan_field_invalid",
)
translate(
    "errors",
    "The office package for {device} would be {size} MiB, over the {budget} MiB budget "
    "(laptops refuse a package over {cap} MiB); nothing was written. It carries {recorded} "
    "already-recorded people and {targets} targets: give each visit to its laptop "
    "(plan visit add --laptop) so a package carries only that laptop's targets.",
    "datacenter_package_too_large",
)
translate(
    "errors",
    "The plan's {field} must be one of: {choices}.",
    "datacenter_plan_choice_invalid",
)
translate("errors", "There is no plan request {request}.", "datacenter_request_unknown")
translate("errors", "There is no planned visit {visit}.", "datacenter_visit_unknown")
translate(
    "errors",
    "No single enrolled laptop is named {laptop} (a device id, a hostname or the office's "
    "name for it).",
    "datacenter_laptop_unknown",
)

# --- the commands' lines -----------------------------------------------------------
translate(
    "cli",
    "Officer {username} added. First-login code (shown only now, valid until {expires}): {code}",
    "dc.officer_added",
)
translate(
    "cli",
    "New first-login code for {username} (shown only now, valid until {expires}): {code}",
    "dc.officer_code",
)
translate("cli", "Officer {username} disabled.", "dc.officer_disabled")
translate(
    "cli",
    "Officer {username} enabled again: each laptop waits for a first login with this code "
    "(shown only now, valid until {expires}): {code}",
    "dc.officer_enabled",
)
translate("cli", "Office settings are at version {version}.", "dc.office_version")
translate(
    "cli",
    "This is a training data center: records captured with a simulator may be printed, "
    "on training cards only.",
    "dc.office_training",
)
translate(
    "cli",
    "This is a real office's data center: a record captured with a simulator is never printed.",
    "dc.office_real",
)
translate(
    "cli",
    "No office code is set, so no package is made: run fieldkit-datacenter office set CODE.",
    "dc.office_not_set",
)
translate("cli", "{count} regions imported.", "dc.regions_imported")
translate("cli", "{year}: {days} days off, {state}, {origin}: {source}", "dc.holidays_year")
translate("cli", "complete", "dc.holidays_complete")
translate("cli", "NOT complete (import the year's SKB list)", "dc.holidays_partial")
translate("cli", "imported by the office", "dc.holidays_office")
translate("cli", "shipped with FieldKit", "dc.holidays_shipped")
translate("cli", "national holiday", "dc.holiday_libur_nasional")
translate("cli", "cuti bersama", "dc.holiday_cuti_bersama")
translate(
    "cli",
    "{year}: merged into the year's list: {added} added, {changed} changed, "
    "{kept} not in the file kept",
    "dc.holidays_merged",
)
translate(
    "cli",
    "{year}: the year's list replaced (--replace): {added} added, {changed} changed, "
    "{removed} removed",
    "dc.holidays_replaced",
)
translate("cli", "  added    {date}  {kind}  {name}", "dc.holidays_added")
translate(
    "cli",
    "  changed  {date}  {kind_before}  {name_before}  ->  {kind}  {name}",
    "dc.holidays_changed",
)
translate("cli", "  removed  {date}  {kind}  {name}", "dc.holidays_removed")
translate(
    "cli",
    "  {kept} days of {year} that the file does not list were kept. To make the file "
    "the year's whole list, import it again with --replace.",
    "dc.holidays_kept",
)
translate("cli", "{count} targets imported for visit {visit}.", "dc.targets_imported")
translate(
    "cli",
    "The target file was refused ({reason}); nothing was imported.",
    "dc.targets_refused",
)
translate("cli", "Row {row}: {code}", "dc.targets_row_error")
translate("cli", "{device}: {path} (version {version})", "dc.package_written")
translate(
    "cli",
    "{device}: no package (the laptop has not reported its package key yet)",
    "dc.package_no_key",
)
translate(
    "cli",
    "{path}: the health report was refused ({message})",
    "dc.health_refused",
)
translate(
    "errors",
    "No office code is set, so no package is made: run fieldkit-datacenter office set CODE.",
    "datacenter_office_not_set",
)
translate(
    "cli",
    "FieldKit {version} offered to the laptops: {file}, {size} bytes, sha256 {sha256}",
    "dc.release_offered",
)
translate(
    "cli",
    "FieldKit {version} is no longer offered.",
    "dc.release_withdrawn",
)
translate(
    "cli",
    "No FieldKit update was offered.",
    "dc.release_none",
)
translate(
    "errors",
    "The FieldKit {version} installer is not signed by a FieldKit release key, so it is not "
    "offered: every laptop would refuse it. Sign it with the release key "
    "(scripts/sign_release.py) and offer the .sig written for this very file.",
    "release_signature_invalid",
)
translate("cli", "{username} {role} {state} {waiting} {name}", "dc.officer_line")
translate("cli", "waiting for a first login", "dc.officer_waiting")
translate("cli", "first login on {laptop}", "dc.officer_first_login_on")
translate("cli", "{n} targets  {laptop}", "dc.plan_visit_targets")
translate("cli", "every laptop", "dc.every_laptop")
translate("errors", "A laptop's name cannot be empty; nothing was changed.", "laptop_name_empty")
translate(
    "errors",
    "A laptop's name may be at most {max} characters long; nothing was changed.",
    "laptop_name_too_long",
)
translate(
    "errors",
    "A laptop's name cannot hold control characters; nothing was changed.",
    "laptop_name_invalid",
)
translate(
    "errors",
    "A team's name may be at most {max} characters long; nothing was changed.",
    "laptop_team_too_long",
)
translate(
    "errors",
    "A team's name cannot hold control characters; nothing was changed.",
    "laptop_team_invalid",
)
translate(
    "errors",
    "Another laptop is already named {name}; choose another name. Nothing was changed.",
    "laptop_name_taken",
)
translate(
    "cli",
    "Laptop {device} is now named {name}{team}.",
    "dc.laptop_named",
)
translate("cli", ", team {team}", "dc.laptop_named_team")
translate(
    "cli",
    "DEVICE                   NAME               FIELDKIT  PKG LAST SEEN            UNSENT  FREE GB"
    "  FLAGS",
    "dc.laptops_header",
)

# --- issue 47, finding B3: the office code not set yet ---------------------------
translate(
    "cli",
    "Nothing of this reaches the laptops until the office code is set: without it the data "
    "center makes no office package (no officers, rules or plan). Run fieldkit-datacenter "
    "office set CODE --name NAME.",
    "dc.office_not_set_yet",
)

# --- the hand-on to an ABIS: MOSIP's ABIS API over a folder queue (sync.server.dedup.abis) ---
translate(
    "errors",
    "The ABIS message is larger than {max} bytes, so it is not one; it was refused.",
    "abis_message_too_large",
)
translate(
    "errors",
    "The ABIS message is not a JSON object; it was refused.",
    "abis_not_json",
)
translate(
    "errors",
    "The ABIS message has a field the ABIS API v1.1 does not know ({field}); it was refused.",
    "abis_field_unknown",
)
translate(
    "errors",
    "The ABIS message lacks its {field}; it was refused.",
    "abis_field_missing",
)
translate(
    "errors",
    "The ABIS message's {field} is not of the ABIS API's form; it was refused.",
    "abis_field_invalid",
)
translate(
    "errors",
    "The ABIS message's id {value} is none of the ABIS API's operations (insert, identify, "
    "delete, ping, pendingJobs, referenceCount); it was refused.",
    "abis_id_invalid",
)
translate(
    "errors",
    "The ABIS message's version {value} is not 1.1; it was refused.",
    "abis_version_invalid",
)
translate(
    "errors",
    "The ABIS answer's returnValue {value} is neither 1 (success) nor 2 (failure); it was refused.",
    "abis_return_value_invalid",
)
translate(
    "errors",
    "The ABIS answer's failureReason {value} is not one of the ABIS API's (1 to 18); "
    "it was refused.",
    "abis_failure_reason_invalid",
)
translate(
    "errors",
    "The ABIS answer counts {count} candidates but lists {listed}; it was refused.",
    "abis_count_mismatch",
)
translate(
    "errors",
    "The ABIS answer is for request {request_id}, which this data center never sent; "
    "it was refused and nothing was decided.",
    "abis_request_unknown",
)
translate(
    "errors",
    "The ABIS answer to request {request_id} is not for a {operation}; it was refused and "
    "nothing was decided.",
    "abis_operation_mismatch",
)
translate(
    "errors",
    "Request {request_id} was answered already; this second answer was refused and "
    "nothing was decided again.",
    "abis_answer_replayed",
)
translate(
    "errors",
    "{folder} is not a folder (a file, or a link to another place); the ABIS queue needs "
    "a folder of its own.",
    "abis_queue_not_a_folder",
)
translate(
    "errors",
    "The ABIS could not take this reference; its answer gives the failure reason.",
    "abis_engine_refused",
)
# An ENROLL_FAILURE's words from an ABIS's answer, for the team (the laptop shows them).
translate(
    "abis",
    "The office's search found no biometric data in this record. Record the fingers, "
    "face and eyes again.",
    "abis.failure_11",
)
translate(
    "abis",
    "The office's search could not read this record's biometric images. Record the "
    "fingers, face and eyes again.",
    "abis.failure_16",
)
translate(
    "abis",
    "The office's search found this record's biometric images of too low a quality. "
    "Record the fingers, face and eyes again, with care.",
    "abis.failure_18",
)
# fieldkit-datacenter abis submit / answer / collect / status
translate("cli", "{record}: {reference} -> ABIS queue", "dc.abis_sent")
translate("cli", "{record}: not sent ({code})", "dc.abis_skipped")
translate("cli", "No record is waiting for the ABIS.", "dc.abis_none_waiting")
translate(
    "cli",
    "The office's search answered {count} requests; it holds {held} references.",
    "dc.abis_answered",
)
translate("cli", "{record}: the ABIS answered {verdict}", "dc.abis_decided")
translate("cli", "{file}: refused ({code})", "dc.abis_refused")
translate("cli", "No answer from the ABIS is waiting.", "dc.abis_nothing_answered")
translate(
    "cli",
    "ABIS queue {folder}: {open} requests not answered yet ({requests} in requests/, "
    "{answers} answers in responses/), {refused} files refused.",
    "dc.abis_status",
)
translate(
    "errors",
    "Give the ABIS queue's folder: --abis-queue DIR, or FIELDKIT_DATACENTER_ABIS_QUEUE.",
    "abis_queue_not_set",
)

# fieldkit-datacenter records reindex (issue 49 §3): the console's search index.
translate(
    "cli",
    "Search index: {indexed} records indexed, {unopened} could not be opened.",
    "dc.reindexed",
)

# fieldkit-datacenter cards printed / list (issue 49 §2) and their refusals
translate("cli", "{record}: card {uid} printed on {day}, marked by {actor}", "dc.card_printed")
translate("cli", "{record}  {uid}  {day}  {actor}", "dc.card_line")
translate("cli", "No card has been printed yet.", "dc.cards_none")
translate(
    "errors",
    "The card UID {uid} is not one: write its 8, 14 or 20 hex digits (0-9, A-F), "
    "as the card reader shows them.",
    "datacenter_card_uid_invalid",
)
translate(
    "errors",
    "The print date {day} is after today ({today}): write the day the card was printed.",
    "datacenter_card_date_future",
)
translate(
    "errors",
    "The print date {day} is before record {record_id} was recorded ({recorded}). "
    "Nothing was stored.",
    "datacenter_card_date_before_recording",
)
translate(
    "errors",
    "Write the print date as YYYY-MM-DD, for example 2026-11-27 (not {day}).",
    "datacenter_card_date_invalid",
)
translate(
    "errors",
    "Record {record_id} is not ready to print (it is {state}): a card is marked printed "
    "only for a PRINT_READY_RECORD.",
    "datacenter_card_not_print_ready",
)
translate(
    "errors",
    "The card UID {uid} is already stored for another card: check the UID read from the card.",
    "datacenter_card_uid_used",
)
translate(
    "errors",
    "Record {record_id} was captured with a simulator: its card is printed only by a "
    "training data center (fieldkit-datacenter office training on), never on a real KTP-el.",
    "datacenter_card_simulated_prints",
)

# fieldkit-datacenter cards deliver / deliveries (issue 49 §2): the distribution schedule
translate(
    "cli",
    "{number}: {count} cards to desa {desa} on {day}, team {team}",
    "dc.delivery_scheduled",
)
translate("cli", "{record}: not in the delivery: {why}", "dc.delivery_card_refused")
translate(
    "cli",
    "{number}  {day}  {desa}  {team}  {count} cards, {handed} handed over",
    "dc.delivery_line",
)
translate("cli", "No delivery has been scheduled yet.", "dc.deliveries_none")
translate(
    "errors",
    "The delivery date {day} is before today ({today}): a delivery is for today or later.",
    "datacenter_delivery_date_past",
)
translate(
    "errors",
    "Write the delivery date as YYYY-MM-DD, for example 2026-12-01 (not {day}).",
    "datacenter_delivery_date_invalid",
)
translate("errors", "Name at least one card for the delivery.", "datacenter_delivery_no_cards")
translate(
    "errors",
    "A laptop would refuse this delivery in its office package ({field}): nothing was "
    "stored. Check the desa code the cards' records were placed with.",
    "datacenter_delivery_package_invalid",
)
translate(
    "errors",
    "A delivery takes at most {max} cards ({count} were named): make two deliveries.",
    "datacenter_delivery_too_many",
)
translate(
    "errors",
    "No printed card of laptop {laptop} waits for a delivery to desa {desa}.",
    "datacenter_delivery_none_waiting",
)
translate(
    "errors",
    "None of the {count} cards could be put in the delivery; nothing was stored.",
    "datacenter_delivery_nothing_valid",
)
translate(
    "errors",
    "Another delivery was being stored at the same moment; try again.",
    "datacenter_delivery_busy",
)
translate(
    "errors",
    "Record {record_id} was not recorded by this laptop: its team does not deliver it.",
    "datacenter_delivery_other_laptop",
)
translate(
    "errors",
    "Record {record_id} is not a printed card waiting for delivery (it is {state}).",
    "datacenter_delivery_not_printed",
)
translate(
    "errors",
    "Record {record_id} has no printed card stored: mark its card printed in the print queue.",
    "datacenter_delivery_no_card",
)
translate(
    "errors",
    "Record {record_id} was recorded in another desa ({desa}).",
    "datacenter_delivery_other_desa",
)
translate(
    "errors",
    "Record {record_id}'s card is already in delivery {number}.",
    "datacenter_delivery_already",
)

# --- issue 61.4 and issue 57 (holes 4, 6, 11): the whole ABIS API, its folder's files ---
translate(
    "errors",
    "The ABIS answer's {field} is not a finite number (NaN or infinity decides nothing); "
    "it was refused and nothing was decided.",
    "abis_score_not_finite",
)
translate(
    "errors",
    "{file} in the ABIS queue's {folder} is not a plain file (a link, a second name of "
    "another file, a folder or a pipe); it was not read.",
    "abis_file_not_regular",
)
translate(
    "errors",
    "Another process is answering with the office's search in {folder} already; one at a "
    "time (stop it first, or let it answer).",
    "abis_engine_busy",
)
translate(
    "errors",
    "Record {record} was sent to the ABIS by another submit at the same moment; it was "
    "not sent twice.",
    "abis_already_sent",
)
translate("cli", "{record}: {reference} leaves the ABIS's gallery (delete)", "dc.abis_deleted")
translate(
    "cli",
    "No keys were in this data folder: made them in {folder}, as serve does at its first "
    "start. Keep them (and the passphrase) as the data center's own.",
    "dc.abis_keys_made",
)
translate(
    "cli",
    "Answering the ABIS queue {folder} with the office's search ({held} references held); "
    "Ctrl+C stops it.",
    "dc.abis_watching",
)
translate("cli", "{request}: {operation} answered {value}", "dc.abis_answered_one")
translate(
    "cli",
    "Stopped: {count} requests answered; the office's search holds {held} references.",
    "dc.abis_stopped",
)
translate(
    "cli",
    "{file}: an answer to a ping, pendingJobs or referenceCount, left for whoever asked",
    "dc.abis_left",
)
