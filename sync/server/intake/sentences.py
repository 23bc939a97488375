"""The intake's sentences: enrollment, the USB import, receipts, states, the audit answer.

``fieldkit-datacenter``'s lines ("cli", ``dc.*``) and refusals ("errors") of this room.
Each ``translate(context, English, code)`` is written once, here, in the room that raises
or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
:mod:`sync.server` imports every room's sentences, so all are registered together.
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
#: Where the laptop's window opens an enrollment file, for ``dc.on_the_laptop``: its page's
#: and its button's words as the window writes them (Qt context, English source), shown in
#: the command's language (``fieldkit.catalogue.window_words``), so the sentence cannot name
#: a button the window does not have.  ``tests/ui/test_sync_page.py`` checks the window.
ENROLL_PAGE = ("MainWindow", "Sync")
ENROLL_BUTTON = ("SyncPage", "Open enrollment file…")
translate(
    "cli",
    "On the laptop: {page} > {button}, or fieldkit sync enroll --bundle {name}",
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
# fieldkit-datacenter records reindex (issue 49 §3): the console's search index.
translate(
    "cli",
    "Search index: {indexed} records indexed, {unopened} could not be opened.",
    "dc.reindexed",
)
# fieldkit-datacenter devices list / revoke: a laptop's state.
translate("cli", "active", "dc.device_active")
translate("cli", "REVOKED", "dc.device_revoked")
translate("cli", "{device}: revoked", "dc.device_revoked_now")
