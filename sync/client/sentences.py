"""The laptop's sync sentences: why a sync failed and what to do ("sync"), its CLI lines.

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.

A reason's sentence has the reason's value as its code, its hint ``<reason>.hint`` (what
to do in the window) and, where the terminal needs another, ``<reason>.cli_hint``.
"""

from __future__ import annotations

from fieldkit.sentences import PLURAL, plural, translate

translate(
    "cli",
    "Enrolled as {device} with {url}.",
    "sync.enrolled",
)
translate(
    "cli",
    "Exported %n record(s), {size}, to {path}.",
    "sync.exported",
    PLURAL,
)
plural(
    "cli",
    "sync.exported",
    "Exported %n record, {size}, to {path}.",
    "Exported %n records, {size}, to {path}.",
)
translate(
    "cli",
    "CA fingerprint verified before the code was sent: {fingerprint}",
    "sync.fingerprint_verified",
)
translate(
    "cli",
    "Last complete sync: {when}",
    "sync.last_success",
)
translate(
    "cli",
    "Last complete sync: never",
    "sync.last_success_never",
)
translate(
    "cli",
    "  left out {record}: {why}",
    "sync.left_out",
)
translate(
    "cli",
    "  … and %n more",
    "sync.more",
    PLURAL,
)
plural("cli", "sync.more", "  … and %n more", "  … and %n more")
translate(
    "cli",
    "Could not fetch news from the data center: {problem}",
    "sync.pull_failed",
)
translate(
    "cli",
    "Accepted {accepted}, rejected {rejected}, purged {purged}, still "
    "waiting {pending} ({size} sent in {seconds} s).",
    "sync.pushed",
)
translate(
    "cli",
    "Receipts: {accepted} accepted and purged, {rejected} rejected, {pending} still waiting.",
    "sync.receipts",
)
translate(
    "cli",
    "  Not read: {problem}",
    "sync.receipts_not_read",
)
translate("cli", "  {summary}", "sync.office_applied")
translate(
    "cli",
    "  The office's package was refused, nothing changed: {problem}",
    "sync.office_refused",
)
translate(
    "cli",
    "Records: {counts}",
    "sync.records",
)
translate(
    "cli",
    "This replaces the revoked enrollment {device}.",
    "sync.replaces",
)
translate(
    "cli",
    "Record {record} is back in the queue: the next sync or USB export sends it"
    " (it was refused: {reason}).",
    "sync.requeued",
)
translate(
    "cli",
    "Run: fieldkit sync --help",
    "sync.run_help",
)
translate(
    "cli",
    "(device {device})",
    "sync.status_device",
)
translate(
    "cli",
    "Data center: not enrolled",
    "sync.status_not_enrolled",
)
translate(
    "cli",
    "Data center: {url}",
    "sync.status_url",
)
translate(
    "cli",
    "Stopped: {problem}",
    "sync.stopped",
)
translate(
    "cli",
    "%n record(s) were signed by the revoked key and cannot be "
    "delivered; they stay on this laptop, marked REJECTED "
    "(signed_by_revoked_key). Record these people again:",
    "sync.stranded",
    PLURAL,
)
plural(
    "cli",
    "sync.stranded",
    "%n record were signed by the revoked key and cannot be delivered; they stay on this"
    " laptop, marked REJECTED (signed_by_revoked_key). Record these people again:",
    "%n records were signed by the revoked key and cannot be delivered; they stay on this"
    " laptop, marked REJECTED (signed_by_revoked_key). Record these people again:",
)
translate(
    "errors",
    "Give either --bundle FILE or URL CODE --ca-fingerprint F, not both.",
    "cli_enroll_bundle_or_code",
)
translate(
    "errors",
    "Give the data center's URL and one-time code, or --bundle FILE.",
    "cli_enroll_needs_code",
)
translate("sync", "This laptop is not enrolled with a data center yet.", "not_enrolled")
translate(
    "sync",
    "Fill in the Data center form on this page (or open the enrollment file from the"
    " operator), then press Enroll this laptop.",
    "not_enrolled.hint",
)
translate("sync", "Run: fieldkit sync enroll URL CODE --ca-fingerprint F", "not_enrolled.cli_hint")
translate("sync", "This laptop is already enrolled with a data center.", "already_enrolled")
translate(
    "sync",
    "Ask the data-center operator before moving a laptop to another data center.",
    "already_enrolled.hint",
)
translate("sync", "The data center's address must start with https://.", "invalid_url")
translate("sync", "Copy the address exactly as the operator gave it.", "invalid_url.hint")
translate("sync", "The CA fingerprint must be 64 hexadecimal characters.", "invalid_fingerprint")
translate(
    "sync",
    "Type the CA fingerprint the operator gave you, in 16 groups of 4, or open the"
    " enrollment file.",
    "invalid_fingerprint.hint",
)
translate(
    "sync",
    "Copy the fingerprint printed by 'fieldkit-datacenter serve'.",
    "invalid_fingerprint.cli_hint",
)
translate(
    "sync",
    "The data center's certificate does not match the fingerprint you were given.",
    "fingerprint_mismatch",
)
translate(
    "sync",
    "Nothing was sent and the code is still valid. Check the address and each group of"
    " the fingerprint with the operator (or use the enrollment bundle), then try again"
    " with the same code. If they are right, do not enroll on this network: tell the"
    " operator.",
    "fingerprint_mismatch.hint",
)
translate(
    "sync",
    "The data center's CA fingerprint is required to enroll.",
    "fingerprint_required",
)
translate(
    "sync",
    "Open the enrollment file from the operator (or read its QR code with the camera),"
    " or type the CA fingerprint the operator gave you.",
    "fingerprint_required.hint",
)
translate(
    "sync",
    "Use the enrollment bundle from 'fieldkit-datacenter codes new --bundle-out FILE'"
    " (fieldkit sync enroll --bundle FILE), or type the fingerprint that"
    " 'fieldkit-datacenter serve' prints as 'CA fingerprint (SHA-256)'.",
    "fingerprint_required.cli_hint",
)
translate("sync", "The file is not a readable enrollment bundle.", "bundle_invalid")
translate(
    "sync",
    "Choose the .json or .png enrollment file the operator gave you.",
    "bundle_invalid.hint",
)
translate(
    "sync",
    "Choose the .json or .png file written by 'fieldkit-datacenter codes new --bundle-out'.",
    "bundle_invalid.cli_hint",
)
translate(
    "sync",
    "No network connection: the data center's network cannot be reached.",
    "no_network",
)
translate(
    "sync",
    "Connect the laptop to the office network or Wi-Fi, then try again.",
    "no_network.hint",
)
translate("sync", "The data center's name could not be looked up (DNS).", "dns_failed")
translate("sync", "Check the address, or use the server's IP address.", "dns_failed.hint")
translate(
    "sync",
    "The data center's computer answered, but the sync service is not running.",
    "connection_refused",
)
translate(
    "sync",
    "Ask the operator to start the data center's sync service, then try again.",
    "connection_refused.hint",
)
translate(
    "sync",
    "Ask the operator to start 'fieldkit-datacenter serve', then try again.",
    "connection_refused.cli_hint",
)
translate("sync", "The data center did not answer in time.", "timeout")
translate("sync", "The network may be slow or the server busy; try again later.", "timeout.hint")
translate(
    "sync",
    "The connection to the data center broke off during the transfer.",
    "connection_lost",
)
translate(
    "sync",
    "Nothing was lost; try again and only the unfinished records are sent.",
    "connection_lost.hint",
)
translate(
    "sync",
    "The server's certificate is not from the data center this laptop enrolled with.",
    "tls_pin_mismatch",
)
translate(
    "sync",
    "Do not sync over this network; tell the operator (possible impostor server).",
    "tls_pin_mismatch.hint",
)
translate("sync", "A secure connection to the data center could not be set up.", "tls_error")
translate("sync", "Check the address and port with the operator.", "tls_error.hint")
translate("sync", "The laptop's clock is wrong.", "clock_skew")
translate("sync", "Set the laptop's date and time.", "clock_skew.hint")
translate("sync", "The data center has revoked this laptop's enrollment.", "device_revoked")
translate(
    "sync",
    "Contact the data-center operator; records stay sealed on the laptop.",
    "device_revoked.hint",
)
translate("sync", "The data center does not know this laptop.", "device_unknown")
translate(
    "sync",
    "Enroll the laptop again with a new code from the operator.",
    "device_unknown.hint",
)
translate("sync", "The data center did not accept this laptop's signature.", "auth_invalid")
translate("sync", "Enroll the laptop again if its key was replaced.", "auth_invalid.hint")
translate("sync", "The data center refused the request.", "refused")
translate(
    "sync",
    "Tell the operator; this laptop's FieldKit may need an update.",
    "refused.hint",
)
translate("sync", "The data center hit an internal error.", "server_error")
translate("sync", "Try again later; tell the operator if it persists.", "server_error.hint")
translate("sync", "The data center's disk is full.", "disk_full")
translate("sync", "Tell the operator; nothing was lost on the laptop.", "disk_full.hint")
translate(
    "sync",
    "The data center sent an answer this laptop does not understand.",
    "bad_response",
)
translate(
    "sync",
    "Check that laptop and data center run compatible FieldKit versions.",
    "bad_response.hint",
)
translate("sync", "The data center's key list is not signed by its pinned CA.", "key_set_invalid")
translate("sync", "Do not sync; tell the operator.", "key_set_invalid.hint")
translate(
    "sync",
    "A receipt from the data center did not verify; the record was kept.",
    "receipt_invalid",
)
translate("sync", "Tell the operator; the record will be sent again.", "receipt_invalid.hint")
translate("sync", "The export folder is incomplete or damaged.", "export_invalid")
translate("sync", "Export again, or check the USB drive.", "export_invalid.hint")
translate("sync", "Tell the data-center operator if this happens again.", "server.hint")
translate(
    "sync",
    "The data center does not know this enrollment code.",
    "server.code_unknown",
)
translate(
    "sync",
    "Check the code with the operator, or ask for a new one.",
    "server.code_unknown.hint",
)
translate(
    "sync",
    "This enrollment code has already been used.",
    "server.code_used",
)
translate(
    "sync",
    "Ask the operator for a new code.",
    "server.code_used.hint",
)
translate(
    "sync",
    "This enrollment code has expired.",
    "server.code_expired",
)
translate(
    "sync",
    "Ask the operator for a new code.",
    "server.code_expired.hint",
)
translate(
    "sync",
    "The data center already knows this laptop's key.",
    "server.key_already_enrolled",
)
translate(
    "sync",
    "The data center needs FieldKit {minimum} or newer on this laptop.",
    "server.client_too_old",
)
translate(
    "sync",
    "Ask for the FieldKit update, install it, then try again.",
    "server.client_too_old.hint",
)
translate(
    "sync",
    "The data center could not read the request.",
    "server.invalid_request",
)
translate(
    "sync",
    "The record's identifier is not valid.",
    "server.invalid_record_id",
)
translate(
    "sync",
    "The record's checksum is not valid.",
    "server.invalid_sha256",
)
translate(
    "sync",
    "The record is larger than the data center accepts.",
    "server.size_invalid",
)
translate(
    "sync",
    "The record was sealed to a key the data center does not have.",
    "server.kid_unknown",
)
translate(
    "sync",
    "The data center was not told about the record before it was sent.",
    "server.not_announced",
)
translate(
    "sync",
    "The data center holds other content under this record's identifier.",
    "server.conflict",
)
translate(
    "sync",
    "The data center holds this record from another laptop.",
    "server.owned_by_other_device",
)
translate(
    "sync",
    "The record's size is not the size announced.",
    "server.size_mismatch",
)
translate(
    "sync",
    "The record's content does not match its checksum.",
    "server.sha256_mismatch",
)
translate(
    "sync",
    "The record's signature does not check out.",
    "server.record_signature_invalid",
)
translate(
    "sync",
    "The data center could not open the sealed record.",
    "server.decrypt_failed",
)
translate(
    "sync",
    "The record's content is not valid.",
    "server.payload_invalid",
)
translate(
    "sync",
    "The record's visit date is outside the days FieldKit takes (2000 to 2100); the data "
    "center refused it. Check the laptop's date and the visit's.",
    "server.visit_date_out_of_range",
)
translate(
    "sync",
    "The data center does not know this record.",
    "server.record_unknown",
)
translate(
    "sync",
    "The ketua tim's decision sent with the record does not verify.",
    "server.review_invalid",
)
translate(
    "sync",
    "The data center asks for this record to be captured again.",
    "server.recapture_requested",
)
translate(
    "sync",
    "The data center found records that may be the same person; someone at the office decides.",
    "server.duplicate_candidates",
)
translate(
    "sync",
    "An image in this record is exactly one already sent in another record.",
    "server.replayed_images",
)
translate(
    "sync",
    "Too few usable fingers and no usable face to search for the same person.",
    "server.images_unsearchable",
)
translate(
    "sync",
    "Someone at the office decided whether this is the same person as another record.",
    "server.adjudicated",
)
translate(
    "sync",
    "The record's file is missing from the USB export.",
    "server.file_missing",
)
translate(
    "sync",
    "The record's file on the USB drive cannot be read.",
    "server.file_unreadable",
)
translate(
    "sync",
    "The request is larger than the data center accepts.",
    "server.body_too_large",
)
translate(
    "sync",
    "The connection stalled while sending; the data center stopped waiting.",
    "server.body_too_slow",
)
translate(
    "sync",
    "The data center cannot store records right now; it will be tried again.",
    "server.not_ready",
)
translate(
    "sync",
    "The data center is busy with this laptop's other records; it will be tried again.",
    "server.busy",
)
translate(
    "sync",
    "A training (demo) record: it is never sent.",
    "record.demo",
)
translate(
    "sync",
    "Sealed to key {kid}, which this data center does not have.",
    "record.kid_not_held",
)
translate(
    "sync",
    "The sealed copy on this laptop no longer matches its hash (damaged storage); it was not sent.",
    "record.damaged",
)
translate(
    "sync",
    "Not sent yet; it is sent at the next sync.",
    "record.pending",
)
translate(
    "sync",
    "The data center rejected this record.",
    "record.rejected",
)
translate(
    "sync",
    "Waiting for the ketua tim's decision: not exported.",
    "record.held_for_review",
)
translate(
    "sync",
    "The receipt names a record that is not on this laptop.",
    "record.not_on_laptop",
)
translate(
    "sync",
    "The receipt is not signed by the data center.",
    "record.unsigned",
)
translate(
    "sync",
    "This line of receipts.json is malformed ({field} is not what a receipt holds); it"
    " changed nothing.",
    "record.malformed",
)
translate(
    "sync",
    "Refused for a reason this laptop does not know ({reason}).",
    "record.unknown",
)
translate("sync", "A receipt is malformed.", "detail.receipt_malformed")
translate(
    "sync",
    "The data center finds this laptop's audit log changed since an earlier sync: "
    "{problems}. The records were sent; tell the admin.",
    "detail.audit_differs",
)
translate(
    "sync",
    "The data center's mark on the audit log was not renewed this time; the next sync tries again.",
    "detail.audit_anchor_not_renewed",
)
translate(
    "sync",
    "The office's package and this laptop's report were not exchanged this time; the records "
    "were sent, and the next sync tries again.",
    "detail.office_not_fetched",
)
translate("sync", "events it had seen were rewritten", "detail.audit.rewritten")
translate("sync", "an older copy of the store is in use", "detail.audit.rolled_back")
translate(
    "sync",
    "the laptop no longer holds the data center's last mark",
    "detail.audit.unproven",
)
translate("sync", "the laptop's own check of the log failed", "detail.audit.broken_on_laptop")
translate("sync", "The receipt names another record or laptop.", "detail.receipt_other_record")
translate("sync", "The receipt is for different content.", "detail.receipt_other_content")
translate("sync", "The manifest answer left out a record.", "detail.manifest_incomplete")
translate(
    "sync",
    "The data center keeps losing the announcement.",
    "detail.announcement_lost",
)
translate(
    "sync",
    "The laptop's clock is {amount} days ({seconds} s) behind the data center's.",
    "detail.clock_behind.days",
)
translate(
    "sync",
    "The laptop's clock is {amount} hours ({seconds} s) behind the data center's.",
    "detail.clock_behind.hours",
)
translate(
    "sync",
    "The laptop's clock is {seconds} seconds behind the data center's.",
    "detail.clock_behind.seconds",
)
translate(
    "sync",
    "The laptop's clock is {amount} days ({seconds} s) ahead of the data center's.",
    "detail.clock_ahead.days",
)
translate(
    "sync",
    "The laptop's clock is {amount} hours ({seconds} s) ahead of the data center's.",
    "detail.clock_ahead.hours",
)
translate(
    "sync",
    "The laptop's clock is {seconds} seconds ahead of the data center's.",
    "detail.clock_ahead.seconds",
)
translate(
    "sync",
    "This laptop is already enrolled with {url} as {device}.",
    "detail.enrolled_elsewhere",
)
translate(
    "sync",
    "This laptop is enrolled with {url} as {device}; no new code is needed.",
    "detail.still_enrolled",
)
translate("sync", "The file is not an enrollment bundle.", "detail.bundle_not_json")
translate("sync", "The file is not an enrollment bundle.", "detail.bundle_not_bundle")
translate(
    "sync",
    "Enrollment bundle version {version} is not supported.",
    "detail.bundle_version",
)
translate(
    "sync",
    "The enrollment bundle lacks its address, code or key.",
    "detail.bundle_incomplete",
)
translate("sync", "Cannot read {file}: {error}.", "detail.bundle_unreadable")
translate("sync", "No readable QR code was found in the picture.", "detail.bundle_no_qr")
translate(
    "sync",
    "The picture declares a size far larger than a QR code needs; it was not opened.",
    "detail.bundle_image_too_large",
)
translate(
    "sync",
    "No enrollment QR code was seen by the camera.",
    "detail.bundle_no_camera_qr",
)
translate(
    "sync",
    "Could not write the export to {directory}: {error}.",
    "detail.export_not_written",
)
translate(
    "sync",
    "Check that the USB drive is plugged in, writable and has space.",
    "detail.export_not_written.hint",
)
translate("sync", "{path} cannot be read as JSON.", "detail.receipts_not_json")
translate(
    "sync",
    "{path} is not a regular file (a link, a pipe or a device); it was not read.",
    "detail.receipts_not_a_file",
)
translate(
    "sync",
    "{path} is {size} bytes; a receipts file is at most {max} bytes, so it was not read.",
    "detail.receipts_too_large",
)
translate(
    "sync",
    "{path} is nested deeper than {max_depth} levels: it is not a receipts file.",
    "detail.receipts_too_deep",
)
translate("sync", "{path} cannot be read from the drive.", "detail.receipts_unreadable")
translate("sync", "{path} is not a list of receipts.", "detail.receipts_not_a_list")
translate("sync", "No {file} under {directory}.", "detail.no_receipts")
translate(
    "sync",
    "Run 'fieldkit-datacenter import' on the drive first.",
    "detail.no_receipts.hint",
)
translate("sync", "For example: https://10.0.0.5:8443", "hint.url_example")
translate(
    "cli",
    "FieldKit {version} is installed.",
    "update.installed",
)
translate(
    "cli",
    "The office offers FieldKit {version} ({size}): run 'fieldkit update install'.",
    "update.offered",
)
translate(
    "cli",
    "The office offers FieldKit {version}, which is not newer: nothing to do.",
    "update.offered_not_newer",
)
translate(
    "cli",
    "The office offers no FieldKit update.",
    "update.none",
)
translate(
    "cli",
    "FieldKit {installed} is older than FieldKit {minimum}, the office's minimum: keep "
    "recording, and update before the sync deadline ('fieldkit update install', or "
    "Perbarui sekarang on the Sinkronisasi page).",
    "update.below_minimum",
)
translate(
    "cli",
    "FieldKit {version} downloaded and verified (release key {key}): {path}",
    "update.verified",
)
translate(
    "cli",
    "Installing FieldKit {version} silently; FieldKit starts again when it is done "
    "(setup's log: {log}).",
    "update.installing",
)
