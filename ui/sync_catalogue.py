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
            "sync", "See the data center's reason.", "refused.hint"
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


def sync_reason_text(reason: SyncReason) -> str:
    """The reason's sentence in the UI's language."""
    return sync_texts()[reason.value]


def detail_texts() -> dict[str, str]:
    """What a raise adds to its reason: ``detail.<code>`` (and its ``.hint``), ``hint.<code>``."""
    return {
        "detail.receipt_malformed": QCoreApplication.translate(
            "sync", "A receipt is malformed.", "detail.receipt_malformed"
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
    language; the data center's own words follow as it gave them.  A hint the raise
    (or the data center) gave replaces the reason's own.
    """
    texts = sync_texts()
    extra = detail_texts()
    words = texts.get(error.reason.value)
    if words is None:
        log.warning("no sentence in the sync catalogue for %s", error.reason.value)
        words = error.message
    added = error.server_message
    if error.detail:
        template = extra.get(f"detail.{error.detail}")
        if template is None:
            log.warning("no sentence in the sync catalogue for detail %s", error.detail)
        added = sentences.render(template, error.params) if template else error.message
    if added:
        words = f"{words} ({added})"
    hint = texts.get(f"{error.reason.value}.hint", "")
    own_hint = extra.get(f"detail.{error.detail}.hint") if error.detail else None
    if error.hint_code:
        hint = sentences.render(extra.get(f"hint.{error.hint_code}", ""), error.params)
    elif error.server_hint:
        hint = error.server_hint
    elif own_hint:
        hint = sentences.render(own_hint, error.params)
    return f"{words} {hint}".strip()
