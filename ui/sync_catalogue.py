"""Why a sync failed, in words: the one place each sync reason's sentence and hint are written.

The sync client raises :class:`~sync.client.errors.SyncError` with a
:class:`~sync.client.errors.SyncReason` only; here each reason gets its
sentence (code: the reason's value) and what to do about it (code
``<reason>.hint``), in English that Qt's translator turns into the officer's
language.  A hint for the window says what to do *in the window* (the
Sinkronisasi page's enrollment form); where the command line needs another
one, it is ``<reason>.cli_hint``, read only by the CLI through the generated
English fallback (``fieldkit.sentences``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from fieldkit import sentences

if TYPE_CHECKING:
    from sync.client.anchoring import AuditCheck
    from sync.client.client import RecordOutcome
    from sync.client.errors import SyncError, SyncReason

log = logging.getLogger(__name__)


def sync_texts() -> dict[str, str]:
    """Code -> sentence; built per call so the installed translation applies."""
    return {
        "not_enrolled": QCoreApplication.translate(
            "sync", "This laptop is not enrolled with a data center yet.", "not_enrolled"
        ),
        "not_enrolled.hint": QCoreApplication.translate(
            "sync",
            "Fill in the Data center form on this page (or open the enrollment file from the"
            " operator), then press Enroll this laptop.",
            "not_enrolled.hint",
        ),
        "not_enrolled.cli_hint": QCoreApplication.translate(
            "sync", "Run: fieldkit sync enroll URL CODE --ca-fingerprint F", "not_enrolled.cli_hint"
        ),
        "already_enrolled": QCoreApplication.translate(
            "sync", "This laptop is already enrolled with a data center.", "already_enrolled"
        ),
        "already_enrolled.hint": QCoreApplication.translate(
            "sync",
            "Ask the data-center operator before moving a laptop to another data center.",
            "already_enrolled.hint",
        ),
        "invalid_url": QCoreApplication.translate(
            "sync", "The data center's address must start with https://.", "invalid_url"
        ),
        "invalid_url.hint": QCoreApplication.translate(
            "sync", "Copy the address exactly as the operator gave it.", "invalid_url.hint"
        ),
        "invalid_fingerprint": QCoreApplication.translate(
            "sync", "The CA fingerprint must be 64 hexadecimal characters.", "invalid_fingerprint"
        ),
        "invalid_fingerprint.hint": QCoreApplication.translate(
            "sync",
            "Type the CA fingerprint the operator gave you, in 16 groups of 4, or open the"
            " enrollment file.",
            "invalid_fingerprint.hint",
        ),
        "invalid_fingerprint.cli_hint": QCoreApplication.translate(
            "sync",
            "Copy the fingerprint printed by 'fieldkit-datacenter serve'.",
            "invalid_fingerprint.cli_hint",
        ),
        "fingerprint_mismatch": QCoreApplication.translate(
            "sync",
            "The data center's certificate does not match the fingerprint you were given.",
            "fingerprint_mismatch",
        ),
        "fingerprint_mismatch.hint": QCoreApplication.translate(
            "sync",
            "Nothing was sent and the code is still valid. Check the address and each group of"
            " the fingerprint with the operator (or use the enrollment bundle), then try again"
            " with the same code. If they are right, do not enroll on this network: tell the"
            " operator.",
            "fingerprint_mismatch.hint",
        ),
        "fingerprint_required": QCoreApplication.translate(
            "sync",
            "The data center's CA fingerprint is required to enroll.",
            "fingerprint_required",
        ),
        "fingerprint_required.hint": QCoreApplication.translate(
            "sync",
            "Open the enrollment file from the operator (or read its QR code with the camera),"
            " or type the CA fingerprint the operator gave you.",
            "fingerprint_required.hint",
        ),
        "fingerprint_required.cli_hint": QCoreApplication.translate(
            "sync",
            "Use the enrollment bundle from 'fieldkit-datacenter codes new --bundle-out FILE'"
            " (fieldkit sync enroll --bundle FILE), or type the fingerprint that"
            " 'fieldkit-datacenter serve' prints as 'CA fingerprint (SHA-256)'.",
            "fingerprint_required.cli_hint",
        ),
        "bundle_invalid": QCoreApplication.translate(
            "sync", "The file is not a readable enrollment bundle.", "bundle_invalid"
        ),
        "bundle_invalid.hint": QCoreApplication.translate(
            "sync",
            "Choose the .json or .png enrollment file the operator gave you.",
            "bundle_invalid.hint",
        ),
        "bundle_invalid.cli_hint": QCoreApplication.translate(
            "sync",
            "Choose the .json or .png file written by 'fieldkit-datacenter codes new"
            " --bundle-out'.",
            "bundle_invalid.cli_hint",
        ),
        "no_network": QCoreApplication.translate(
            "sync",
            "No network connection: the data center's network cannot be reached.",
            "no_network",
        ),
        "no_network.hint": QCoreApplication.translate(
            "sync",
            "Connect the laptop to the office network or Wi-Fi, then try again.",
            "no_network.hint",
        ),
        "dns_failed": QCoreApplication.translate(
            "sync", "The data center's name could not be looked up (DNS).", "dns_failed"
        ),
        "dns_failed.hint": QCoreApplication.translate(
            "sync", "Check the address, or use the server's IP address.", "dns_failed.hint"
        ),
        "connection_refused": QCoreApplication.translate(
            "sync",
            "The data center's computer answered, but the sync service is not running.",
            "connection_refused",
        ),
        "connection_refused.hint": QCoreApplication.translate(
            "sync",
            "Ask the operator to start the data center's sync service, then try again.",
            "connection_refused.hint",
        ),
        "connection_refused.cli_hint": QCoreApplication.translate(
            "sync",
            "Ask the operator to start 'fieldkit-datacenter serve', then try again.",
            "connection_refused.cli_hint",
        ),
        "timeout": QCoreApplication.translate(
            "sync", "The data center did not answer in time.", "timeout"
        ),
        "timeout.hint": QCoreApplication.translate(
            "sync", "The network may be slow or the server busy; try again later.", "timeout.hint"
        ),
        "connection_lost": QCoreApplication.translate(
            "sync",
            "The connection to the data center broke off during the transfer.",
            "connection_lost",
        ),
        "connection_lost.hint": QCoreApplication.translate(
            "sync",
            "Nothing was lost; try again and only the unfinished records are sent.",
            "connection_lost.hint",
        ),
        "tls_pin_mismatch": QCoreApplication.translate(
            "sync",
            "The server's certificate is not from the data center this laptop enrolled with.",
            "tls_pin_mismatch",
        ),
        "tls_pin_mismatch.hint": QCoreApplication.translate(
            "sync",
            "Do not sync over this network; tell the operator (possible impostor server).",
            "tls_pin_mismatch.hint",
        ),
        "tls_error": QCoreApplication.translate(
            "sync", "A secure connection to the data center could not be set up.", "tls_error"
        ),
        "tls_error.hint": QCoreApplication.translate(
            "sync", "Check the address and port with the operator.", "tls_error.hint"
        ),
        "clock_skew": QCoreApplication.translate(
            "sync", "The laptop's clock is wrong.", "clock_skew"
        ),
        "clock_skew.hint": QCoreApplication.translate(
            "sync", "Set the laptop's date and time.", "clock_skew.hint"
        ),
        "device_revoked": QCoreApplication.translate(
            "sync", "The data center has revoked this laptop's enrollment.", "device_revoked"
        ),
        "device_revoked.hint": QCoreApplication.translate(
            "sync",
            "Contact the data-center operator; records stay sealed on the laptop.",
            "device_revoked.hint",
        ),
        "device_unknown": QCoreApplication.translate(
            "sync", "The data center does not know this laptop.", "device_unknown"
        ),
        "device_unknown.hint": QCoreApplication.translate(
            "sync",
            "Enroll the laptop again with a new code from the operator.",
            "device_unknown.hint",
        ),
        "auth_invalid": QCoreApplication.translate(
            "sync", "The data center did not accept this laptop's signature.", "auth_invalid"
        ),
        "auth_invalid.hint": QCoreApplication.translate(
            "sync", "Enroll the laptop again if its key was replaced.", "auth_invalid.hint"
        ),
        "refused": QCoreApplication.translate(
            "sync", "The data center refused the request.", "refused"
        ),
        "refused.hint": QCoreApplication.translate(
            "sync",
            "Tell the operator; this laptop's FieldKit may need an update.",
            "refused.hint",
        ),
        "server_error": QCoreApplication.translate(
            "sync", "The data center hit an internal error.", "server_error"
        ),
        "server_error.hint": QCoreApplication.translate(
            "sync", "Try again later; tell the operator if it persists.", "server_error.hint"
        ),
        "disk_full": QCoreApplication.translate(
            "sync", "The data center's disk is full.", "disk_full"
        ),
        "disk_full.hint": QCoreApplication.translate(
            "sync", "Tell the operator; nothing was lost on the laptop.", "disk_full.hint"
        ),
        "bad_response": QCoreApplication.translate(
            "sync",
            "The data center sent an answer this laptop does not understand.",
            "bad_response",
        ),
        "bad_response.hint": QCoreApplication.translate(
            "sync",
            "Check that laptop and data center run compatible FieldKit versions.",
            "bad_response.hint",
        ),
        "key_set_invalid": QCoreApplication.translate(
            "sync", "The data center's key list is not signed by its pinned CA.", "key_set_invalid"
        ),
        "key_set_invalid.hint": QCoreApplication.translate(
            "sync", "Do not sync; tell the operator.", "key_set_invalid.hint"
        ),
        "receipt_invalid": QCoreApplication.translate(
            "sync",
            "A receipt from the data center did not verify; the record was kept.",
            "receipt_invalid",
        ),
        "receipt_invalid.hint": QCoreApplication.translate(
            "sync", "Tell the operator; the record will be sent again.", "receipt_invalid.hint"
        ),
        "export_invalid": QCoreApplication.translate(
            "sync", "The export folder is incomplete or damaged.", "export_invalid"
        ),
        "export_invalid.hint": QCoreApplication.translate(
            "sync", "Export again, or check the USB drive.", "export_invalid.hint"
        ),
    }


def server_texts() -> dict[str, str]:
    """The data center's refusal reasons (``server.<reason>``, and a ``.hint`` where one helps).

    One entry per :class:`sync.protocol.Reason` the laptop meets as a refusal or as the
    reason a record was refused; params come from the refusal's ``details``.
    """
    return {
        "server.hint": QCoreApplication.translate(
            "sync", "Tell the data-center operator if this happens again.", "server.hint"
        ),
        "server.code_unknown": QCoreApplication.translate(
            "sync",
            "The data center does not know this enrollment code.",
            "server.code_unknown",
        ),
        "server.code_unknown.hint": QCoreApplication.translate(
            "sync",
            "Check the code with the operator, or ask for a new one.",
            "server.code_unknown.hint",
        ),
        "server.code_used": QCoreApplication.translate(
            "sync",
            "This enrollment code has already been used.",
            "server.code_used",
        ),
        "server.code_used.hint": QCoreApplication.translate(
            "sync",
            "Ask the operator for a new code.",
            "server.code_used.hint",
        ),
        "server.code_expired": QCoreApplication.translate(
            "sync",
            "This enrollment code has expired.",
            "server.code_expired",
        ),
        "server.code_expired.hint": QCoreApplication.translate(
            "sync",
            "Ask the operator for a new code.",
            "server.code_expired.hint",
        ),
        "server.key_already_enrolled": QCoreApplication.translate(
            "sync",
            "The data center already knows this laptop's key.",
            "server.key_already_enrolled",
        ),
        "server.client_too_old": QCoreApplication.translate(
            "sync",
            "The data center needs FieldKit {minimum} or newer on this laptop.",
            "server.client_too_old",
        ),
        "server.client_too_old.hint": QCoreApplication.translate(
            "sync",
            "Ask for the FieldKit update, install it, then try again.",
            "server.client_too_old.hint",
        ),
        "server.invalid_request": QCoreApplication.translate(
            "sync",
            "The data center could not read the request.",
            "server.invalid_request",
        ),
        "server.invalid_record_id": QCoreApplication.translate(
            "sync",
            "The record's identifier is not valid.",
            "server.invalid_record_id",
        ),
        "server.invalid_sha256": QCoreApplication.translate(
            "sync",
            "The record's checksum is not valid.",
            "server.invalid_sha256",
        ),
        "server.size_invalid": QCoreApplication.translate(
            "sync",
            "The record is larger than the data center accepts.",
            "server.size_invalid",
        ),
        "server.kid_unknown": QCoreApplication.translate(
            "sync",
            "The record was sealed to a key the data center does not have.",
            "server.kid_unknown",
        ),
        "server.not_announced": QCoreApplication.translate(
            "sync",
            "The data center was not told about the record before it was sent.",
            "server.not_announced",
        ),
        "server.conflict": QCoreApplication.translate(
            "sync",
            "The data center holds other content under this record's identifier.",
            "server.conflict",
        ),
        "server.owned_by_other_device": QCoreApplication.translate(
            "sync",
            "The data center holds this record from another laptop.",
            "server.owned_by_other_device",
        ),
        "server.size_mismatch": QCoreApplication.translate(
            "sync",
            "The record's size is not the size announced.",
            "server.size_mismatch",
        ),
        "server.sha256_mismatch": QCoreApplication.translate(
            "sync",
            "The record's content does not match its checksum.",
            "server.sha256_mismatch",
        ),
        "server.record_signature_invalid": QCoreApplication.translate(
            "sync",
            "The record's signature does not check out.",
            "server.record_signature_invalid",
        ),
        "server.decrypt_failed": QCoreApplication.translate(
            "sync",
            "The data center could not open the sealed record.",
            "server.decrypt_failed",
        ),
        "server.payload_invalid": QCoreApplication.translate(
            "sync",
            "The record's content is not valid.",
            "server.payload_invalid",
        ),
        "server.record_unknown": QCoreApplication.translate(
            "sync",
            "The data center does not know this record.",
            "server.record_unknown",
        ),
        "server.review_invalid": QCoreApplication.translate(
            "sync",
            "The ketua tim's decision sent with the record does not verify.",
            "server.review_invalid",
        ),
        "server.recapture_requested": QCoreApplication.translate(
            "sync",
            "The data center asks for this record to be captured again.",
            "server.recapture_requested",
        ),
        "server.file_missing": QCoreApplication.translate(
            "sync",
            "The record's file is missing from the USB export.",
            "server.file_missing",
        ),
        "server.file_unreadable": QCoreApplication.translate(
            "sync",
            "The record's file on the USB drive cannot be read.",
            "server.file_unreadable",
        ),
        "server.body_too_large": QCoreApplication.translate(
            "sync",
            "The request is larger than the data center accepts.",
            "server.body_too_large",
        ),
        "server.body_too_slow": QCoreApplication.translate(
            "sync",
            "The connection stalled while sending; the data center stopped waiting.",
            "server.body_too_slow",
        ),
        "server.not_ready": QCoreApplication.translate(
            "sync",
            "The data center cannot store records right now; it will be tried again.",
            "server.not_ready",
        ),
        "server.busy": QCoreApplication.translate(
            "sync",
            "The data center is busy with this laptop's other records; it will be tried again.",
            "server.busy",
        ),
    }


def record_texts() -> dict[str, str]:
    """A record's own outcomes the laptop words itself (``record.<code>``)."""
    return {
        "record.demo": QCoreApplication.translate(
            "sync",
            "A training (demo) record: it is never sent.",
            "record.demo",
        ),
        "record.kid_not_held": QCoreApplication.translate(
            "sync",
            "Sealed to key {kid}, which this data center does not have.",
            "record.kid_not_held",
        ),
        "record.damaged": QCoreApplication.translate(
            "sync",
            "The sealed copy on this laptop no longer matches its hash (damaged storage); it was"
            " not sent.",
            "record.damaged",
        ),
        "record.pending": QCoreApplication.translate(
            "sync",
            "Not sent yet; it is sent at the next sync.",
            "record.pending",
        ),
        "record.rejected": QCoreApplication.translate(
            "sync",
            "The data center rejected this record.",
            "record.rejected",
        ),
        "record.held_for_review": QCoreApplication.translate(
            "sync",
            "Waiting for the ketua tim's decision: not exported.",
            "record.held_for_review",
        ),
        "record.not_on_laptop": QCoreApplication.translate(
            "sync",
            "The receipt names a record that is not on this laptop.",
            "record.not_on_laptop",
        ),
        "record.unsigned": QCoreApplication.translate(
            "sync",
            "The receipt is not signed by the data center.",
            "record.unsigned",
        ),
        "record.malformed": QCoreApplication.translate(
            "sync",
            "This line of receipts.json is malformed ({field} is not what a receipt holds); it"
            " changed nothing.",
            "record.malformed",
        ),
        "record.unknown": QCoreApplication.translate(
            "sync",
            "Refused for a reason this laptop does not know ({reason}).",
            "record.unknown",
        ),
    }


def refusal_text(reason: str) -> str | None:
    """Why the data center refused a record, from its reason code; None for a code unknown here."""
    return server_texts().get(f"server.{reason}")


def record_text(outcome: RecordOutcome) -> str:
    """Why a record was refused or is waiting, in the UI's language; the operator's words follow."""
    texts = {**sync_texts(), **server_texts(), **record_texts()}
    template = texts.get(outcome.sentence_code)
    if template is None:
        log.warning("no sentence in the sync catalogue for %s", outcome.sentence_code)
        words = sentences.render(texts["record.unknown"], {"reason": outcome.reason or ""})
    else:
        words = sentences.render(template, outcome.params)
    return f"{words} ({outcome.note})" if outcome.note else words


def audit_text(check: AuditCheck) -> str:
    """The data center's finding on the audit log, in the UI's language."""
    texts = detail_texts()
    return check.sentence(lambda _context, code, params: sentences.render(texts[code], params))


def sync_reason_text(reason: SyncReason) -> str:
    """The reason's sentence in the UI's language."""
    return sync_texts()[reason.value]


def detail_texts() -> dict[str, str]:
    """What a raise adds to its reason: ``detail.<code>`` (and its ``.hint``), ``hint.<code>``."""
    return {
        "detail.receipt_malformed": QCoreApplication.translate(
            "sync", "A receipt is malformed.", "detail.receipt_malformed"
        ),
        "detail.audit_differs": QCoreApplication.translate(
            "sync",
            "The data center finds this laptop's audit log changed since an earlier sync: "
            "{problems}. The records were sent; tell the admin.",
            "detail.audit_differs",
        ),
        "detail.audit_anchor_not_renewed": QCoreApplication.translate(
            "sync",
            "The data center's mark on the audit log was not renewed this time; the next "
            "sync tries again.",
            "detail.audit_anchor_not_renewed",
        ),
        "detail.audit.rewritten": QCoreApplication.translate(
            "sync", "events it had seen were rewritten", "detail.audit.rewritten"
        ),
        "detail.audit.rolled_back": QCoreApplication.translate(
            "sync", "an older copy of the store is in use", "detail.audit.rolled_back"
        ),
        "detail.audit.unproven": QCoreApplication.translate(
            "sync",
            "the laptop no longer holds the data center's last mark",
            "detail.audit.unproven",
        ),
        "detail.audit.broken_on_laptop": QCoreApplication.translate(
            "sync", "the laptop's own check of the log failed", "detail.audit.broken_on_laptop"
        ),
        "detail.receipt_other_record": QCoreApplication.translate(
            "sync", "The receipt names another record or laptop.", "detail.receipt_other_record"
        ),
        "detail.receipt_other_content": QCoreApplication.translate(
            "sync", "The receipt is for different content.", "detail.receipt_other_content"
        ),
        "detail.manifest_incomplete": QCoreApplication.translate(
            "sync", "The manifest answer left out a record.", "detail.manifest_incomplete"
        ),
        "detail.announcement_lost": QCoreApplication.translate(
            "sync",
            "The data center keeps losing the announcement.",
            "detail.announcement_lost",
        ),
        "detail.clock_behind.days": QCoreApplication.translate(
            "sync",
            "The laptop's clock is {amount} days ({seconds} s) behind the data center's.",
            "detail.clock_behind.days",
        ),
        "detail.clock_behind.hours": QCoreApplication.translate(
            "sync",
            "The laptop's clock is {amount} hours ({seconds} s) behind the data center's.",
            "detail.clock_behind.hours",
        ),
        "detail.clock_behind.seconds": QCoreApplication.translate(
            "sync",
            "The laptop's clock is {seconds} seconds behind the data center's.",
            "detail.clock_behind.seconds",
        ),
        "detail.clock_ahead.days": QCoreApplication.translate(
            "sync",
            "The laptop's clock is {amount} days ({seconds} s) ahead of the data center's.",
            "detail.clock_ahead.days",
        ),
        "detail.clock_ahead.hours": QCoreApplication.translate(
            "sync",
            "The laptop's clock is {amount} hours ({seconds} s) ahead of the data center's.",
            "detail.clock_ahead.hours",
        ),
        "detail.clock_ahead.seconds": QCoreApplication.translate(
            "sync",
            "The laptop's clock is {seconds} seconds ahead of the data center's.",
            "detail.clock_ahead.seconds",
        ),
        "detail.enrolled_elsewhere": QCoreApplication.translate(
            "sync",
            "This laptop is already enrolled with {url} as {device}.",
            "detail.enrolled_elsewhere",
        ),
        "detail.still_enrolled": QCoreApplication.translate(
            "sync",
            "This laptop is enrolled with {url} as {device}; no new code is needed.",
            "detail.still_enrolled",
        ),
        "detail.bundle_not_json": QCoreApplication.translate(
            "sync", "The file is not an enrollment bundle.", "detail.bundle_not_json"
        ),
        "detail.bundle_not_bundle": QCoreApplication.translate(
            "sync", "The file is not an enrollment bundle.", "detail.bundle_not_bundle"
        ),
        "detail.bundle_version": QCoreApplication.translate(
            "sync",
            "Enrollment bundle version {version} is not supported.",
            "detail.bundle_version",
        ),
        "detail.bundle_incomplete": QCoreApplication.translate(
            "sync",
            "The enrollment bundle lacks its address, code or key.",
            "detail.bundle_incomplete",
        ),
        "detail.bundle_unreadable": QCoreApplication.translate(
            "sync", "Cannot read {file}: {error}.", "detail.bundle_unreadable"
        ),
        "detail.bundle_no_qr": QCoreApplication.translate(
            "sync", "No readable QR code was found in the picture.", "detail.bundle_no_qr"
        ),
        "detail.bundle_no_camera_qr": QCoreApplication.translate(
            "sync",
            "No enrollment QR code was seen by the camera.",
            "detail.bundle_no_camera_qr",
        ),
        "detail.export_not_written": QCoreApplication.translate(
            "sync",
            "Could not write the export to {directory}: {error}.",
            "detail.export_not_written",
        ),
        "detail.export_not_written.hint": QCoreApplication.translate(
            "sync",
            "Check that the USB drive is plugged in, writable and has space.",
            "detail.export_not_written.hint",
        ),
        "detail.receipts_not_json": QCoreApplication.translate(
            "sync", "{path} cannot be read as JSON.", "detail.receipts_not_json"
        ),
        "detail.receipts_not_a_file": QCoreApplication.translate(
            "sync",
            "{path} is not a regular file (a link, a pipe or a device); it was not read.",
            "detail.receipts_not_a_file",
        ),
        "detail.receipts_too_large": QCoreApplication.translate(
            "sync",
            "{path} is {size} bytes; a receipts file is at most {max} bytes, so it was not read.",
            "detail.receipts_too_large",
        ),
        "detail.receipts_too_deep": QCoreApplication.translate(
            "sync",
            "{path} is nested deeper than {max_depth} levels: it is not a receipts file.",
            "detail.receipts_too_deep",
        ),
        "detail.receipts_unreadable": QCoreApplication.translate(
            "sync", "{path} cannot be read from the drive.", "detail.receipts_unreadable"
        ),
        "detail.receipts_not_a_list": QCoreApplication.translate(
            "sync", "{path} is not a list of receipts.", "detail.receipts_not_a_list"
        ),
        "detail.no_receipts": QCoreApplication.translate(
            "sync", "No {file} under {directory}.", "detail.no_receipts"
        ),
        "detail.no_receipts.hint": QCoreApplication.translate(
            "sync",
            "Run 'fieldkit-datacenter import' on the drive first.",
            "detail.no_receipts.hint",
        ),
        "hint.url_example": QCoreApplication.translate(
            "sync", "For example: https://10.0.0.5:8443", "hint.url_example"
        ),
    }


def sync_error_text(error: SyncError) -> str:
    """What the officer reads for a failed sync step: the reason, its detail, what to do.

    What the raise added (a detail's code and params) follows in brackets, in the UI's
    language.  A refusal is worded by the data center's reason code (``server.<reason>``,
    params from its details); a reason this laptop does not know is named by its code in
    brackets after the generic refusal.  A hint the raise (or the reason) gave replaces
    the generic one.
    """
    texts = sync_texts()
    extra = detail_texts()
    server = server_texts()
    words = texts.get(error.reason.value)
    if words is None:
        log.warning("no sentence in the sync catalogue for %s", error.reason.value)
        words = error.message
    hint = texts.get(f"{error.reason.value}.hint", "")
    added = None
    if error.server_code and error.server_code in server:
        words = sentences.render(server[error.server_code], error.details)
        hint = server.get(f"{error.server_code}.hint", server["server.hint"])
    elif error.server_reason and error.reason.value == "refused":
        added = error.server_reason
    if error.detail:
        template = extra.get(f"detail.{error.detail}")
        if template is None:
            log.warning("no sentence in the sync catalogue for detail %s", error.detail)
        added = sentences.render(template, error.params) if template else error.message
    if added:
        words = f"{words} ({added})"
    own_hint = extra.get(f"detail.{error.detail}.hint") if error.detail else None
    if error.hint_code:
        hint = sentences.render(extra.get(f"hint.{error.hint_code}", ""), error.params)
    elif own_hint:
        hint = sentences.render(own_hint, error.params)
    return f"{words} {hint}".strip()
