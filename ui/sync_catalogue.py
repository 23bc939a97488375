"""Why a sync failed, in the officer's language: each reason's sentence and hint.

The sync client raises :class:`~sync.client.errors.SyncError` with a
:class:`~sync.client.errors.SyncReason` only; each reason's sentence (code: the
reason's value) and what to do about it (code ``<reason>.hint``) are written once, in
English, in ``sync/client/sentences.py``, and Qt's translator turns them into the
officer's language here.  A hint for the window says what to do *in the window* (the
Sinkronisasi page's enrollment form); where the command line needs another
one, it is ``<reason>.cli_hint``, read only by the CLI through its
English (``fieldkit.sentences``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fieldkit import sentences
from ui.core_sentences import core_text

if TYPE_CHECKING:
    from sync.client.anchoring import AuditCheck
    from sync.client.errors import SyncError, SyncReason
    from sync.client.outcomes import RecordOutcome

log = logging.getLogger(__name__)


def sync_texts() -> dict[str, str]:
    """Code -> sentence; built per call so the installed translation applies."""
    return {
        "not_enrolled": core_text("sync", "not_enrolled"),
        "not_enrolled.hint": core_text("sync", "not_enrolled.hint"),
        "not_enrolled.cli_hint": core_text("sync", "not_enrolled.cli_hint"),
        "already_enrolled": core_text("sync", "already_enrolled"),
        "already_enrolled.hint": core_text("sync", "already_enrolled.hint"),
        "invalid_url": core_text("sync", "invalid_url"),
        "invalid_url.hint": core_text("sync", "invalid_url.hint"),
        "invalid_fingerprint": core_text("sync", "invalid_fingerprint"),
        "invalid_fingerprint.hint": core_text("sync", "invalid_fingerprint.hint"),
        "invalid_fingerprint.cli_hint": core_text("sync", "invalid_fingerprint.cli_hint"),
        "fingerprint_mismatch": core_text("sync", "fingerprint_mismatch"),
        "fingerprint_mismatch.hint": core_text("sync", "fingerprint_mismatch.hint"),
        "fingerprint_required": core_text("sync", "fingerprint_required"),
        "fingerprint_required.hint": core_text("sync", "fingerprint_required.hint"),
        "fingerprint_required.cli_hint": core_text("sync", "fingerprint_required.cli_hint"),
        "bundle_invalid": core_text("sync", "bundle_invalid"),
        "bundle_invalid.hint": core_text("sync", "bundle_invalid.hint"),
        "bundle_invalid.cli_hint": core_text("sync", "bundle_invalid.cli_hint"),
        "no_network": core_text("sync", "no_network"),
        "no_network.hint": core_text("sync", "no_network.hint"),
        "dns_failed": core_text("sync", "dns_failed"),
        "dns_failed.hint": core_text("sync", "dns_failed.hint"),
        "connection_refused": core_text("sync", "connection_refused"),
        "connection_refused.hint": core_text("sync", "connection_refused.hint"),
        "connection_refused.cli_hint": core_text("sync", "connection_refused.cli_hint"),
        "timeout": core_text("sync", "timeout"),
        "timeout.hint": core_text("sync", "timeout.hint"),
        "connection_lost": core_text("sync", "connection_lost"),
        "connection_lost.hint": core_text("sync", "connection_lost.hint"),
        "tls_pin_mismatch": core_text("sync", "tls_pin_mismatch"),
        "tls_pin_mismatch.hint": core_text("sync", "tls_pin_mismatch.hint"),
        "tls_error": core_text("sync", "tls_error"),
        "tls_error.hint": core_text("sync", "tls_error.hint"),
        "clock_skew": core_text("sync", "clock_skew"),
        "clock_skew.hint": core_text("sync", "clock_skew.hint"),
        "device_revoked": core_text("sync", "device_revoked"),
        "device_revoked.hint": core_text("sync", "device_revoked.hint"),
        "device_unknown": core_text("sync", "device_unknown"),
        "device_unknown.hint": core_text("sync", "device_unknown.hint"),
        "auth_invalid": core_text("sync", "auth_invalid"),
        "auth_invalid.hint": core_text("sync", "auth_invalid.hint"),
        "refused": core_text("sync", "refused"),
        "refused.hint": core_text("sync", "refused.hint"),
        "server_error": core_text("sync", "server_error"),
        "server_error.hint": core_text("sync", "server_error.hint"),
        "disk_full": core_text("sync", "disk_full"),
        "disk_full.hint": core_text("sync", "disk_full.hint"),
        "bad_response": core_text("sync", "bad_response"),
        "bad_response.hint": core_text("sync", "bad_response.hint"),
        "key_set_invalid": core_text("sync", "key_set_invalid"),
        "key_set_invalid.hint": core_text("sync", "key_set_invalid.hint"),
        "receipt_invalid": core_text("sync", "receipt_invalid"),
        "receipt_invalid.hint": core_text("sync", "receipt_invalid.hint"),
        "export_invalid": core_text("sync", "export_invalid"),
        "export_invalid.hint": core_text("sync", "export_invalid.hint"),
    }


def server_texts() -> dict[str, str]:
    """The data center's refusal reasons (``server.<reason>``, and a ``.hint`` where one helps).

    One entry per :class:`sync.protocol.Reason` the laptop meets as a refusal or as the
    reason a record was refused; params come from the refusal's ``details``.
    """
    return {
        "server.hint": core_text("sync", "server.hint"),
        "server.code_unknown": core_text("sync", "server.code_unknown"),
        "server.code_unknown.hint": core_text("sync", "server.code_unknown.hint"),
        "server.code_used": core_text("sync", "server.code_used"),
        "server.code_used.hint": core_text("sync", "server.code_used.hint"),
        "server.code_expired": core_text("sync", "server.code_expired"),
        "server.code_expired.hint": core_text("sync", "server.code_expired.hint"),
        "server.key_already_enrolled": core_text("sync", "server.key_already_enrolled"),
        "server.client_too_old": core_text("sync", "server.client_too_old"),
        "server.client_too_old.hint": core_text("sync", "server.client_too_old.hint"),
        "server.invalid_request": core_text("sync", "server.invalid_request"),
        "server.invalid_record_id": core_text("sync", "server.invalid_record_id"),
        "server.invalid_sha256": core_text("sync", "server.invalid_sha256"),
        "server.size_invalid": core_text("sync", "server.size_invalid"),
        "server.kid_unknown": core_text("sync", "server.kid_unknown"),
        "server.not_announced": core_text("sync", "server.not_announced"),
        "server.conflict": core_text("sync", "server.conflict"),
        "server.owned_by_other_device": core_text("sync", "server.owned_by_other_device"),
        "server.size_mismatch": core_text("sync", "server.size_mismatch"),
        "server.sha256_mismatch": core_text("sync", "server.sha256_mismatch"),
        "server.record_signature_invalid": core_text("sync", "server.record_signature_invalid"),
        "server.decrypt_failed": core_text("sync", "server.decrypt_failed"),
        "server.payload_invalid": core_text("sync", "server.payload_invalid"),
        "server.visit_date_out_of_range": core_text("sync", "server.visit_date_out_of_range"),
        "server.record_unknown": core_text("sync", "server.record_unknown"),
        "server.review_invalid": core_text("sync", "server.review_invalid"),
        "server.recapture_requested": core_text("sync", "server.recapture_requested"),
        "server.duplicate_candidates": core_text("sync", "server.duplicate_candidates"),
        "server.replayed_images": core_text("sync", "server.replayed_images"),
        "server.images_unsearchable": core_text("sync", "server.images_unsearchable"),
        "server.adjudicated": core_text("sync", "server.adjudicated"),
        "server.file_missing": core_text("sync", "server.file_missing"),
        "server.file_unreadable": core_text("sync", "server.file_unreadable"),
        "server.body_too_large": core_text("sync", "server.body_too_large"),
        "server.body_too_slow": core_text("sync", "server.body_too_slow"),
        "server.not_ready": core_text("sync", "server.not_ready"),
        "server.busy": core_text("sync", "server.busy"),
    }


def record_texts() -> dict[str, str]:
    """A record's own outcomes the laptop words itself (``record.<code>``)."""
    return {
        "record.demo": core_text("sync", "record.demo"),
        "record.kid_not_held": core_text("sync", "record.kid_not_held"),
        "record.damaged": core_text("sync", "record.damaged"),
        "record.pending": core_text("sync", "record.pending"),
        "record.rejected": core_text("sync", "record.rejected"),
        "record.held_for_review": core_text("sync", "record.held_for_review"),
        "record.not_on_laptop": core_text("sync", "record.not_on_laptop"),
        "record.unsigned": core_text("sync", "record.unsigned"),
        "record.malformed": core_text("sync", "record.malformed"),
        "record.unknown": core_text("sync", "record.unknown"),
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
        "detail.receipt_malformed": core_text("sync", "detail.receipt_malformed"),
        "detail.audit_differs": core_text("sync", "detail.audit_differs"),
        "detail.audit_anchor_not_renewed": core_text("sync", "detail.audit_anchor_not_renewed"),
        "detail.audit.rewritten": core_text("sync", "detail.audit.rewritten"),
        "detail.audit.rolled_back": core_text("sync", "detail.audit.rolled_back"),
        "detail.audit.unproven": core_text("sync", "detail.audit.unproven"),
        "detail.audit.broken_on_laptop": core_text("sync", "detail.audit.broken_on_laptop"),
        "detail.receipt_other_record": core_text("sync", "detail.receipt_other_record"),
        "detail.receipt_other_content": core_text("sync", "detail.receipt_other_content"),
        "detail.manifest_incomplete": core_text("sync", "detail.manifest_incomplete"),
        "detail.announcement_lost": core_text("sync", "detail.announcement_lost"),
        "detail.clock_behind.days": core_text("sync", "detail.clock_behind.days"),
        "detail.clock_behind.hours": core_text("sync", "detail.clock_behind.hours"),
        "detail.clock_behind.seconds": core_text("sync", "detail.clock_behind.seconds"),
        "detail.clock_ahead.days": core_text("sync", "detail.clock_ahead.days"),
        "detail.clock_ahead.hours": core_text("sync", "detail.clock_ahead.hours"),
        "detail.clock_ahead.seconds": core_text("sync", "detail.clock_ahead.seconds"),
        "detail.enrolled_elsewhere": core_text("sync", "detail.enrolled_elsewhere"),
        "detail.still_enrolled": core_text("sync", "detail.still_enrolled"),
        "detail.bundle_not_json": core_text("sync", "detail.bundle_not_json"),
        "detail.bundle_not_bundle": core_text("sync", "detail.bundle_not_bundle"),
        "detail.bundle_version": core_text("sync", "detail.bundle_version"),
        "detail.bundle_incomplete": core_text("sync", "detail.bundle_incomplete"),
        "detail.bundle_unreadable": core_text("sync", "detail.bundle_unreadable"),
        "detail.bundle_no_qr": core_text("sync", "detail.bundle_no_qr"),
        "detail.bundle_image_too_large": core_text("sync", "detail.bundle_image_too_large"),
        "detail.bundle_no_camera_qr": core_text("sync", "detail.bundle_no_camera_qr"),
        "detail.export_not_written": core_text("sync", "detail.export_not_written"),
        "detail.export_not_written.hint": core_text("sync", "detail.export_not_written.hint"),
        "detail.receipts_not_json": core_text("sync", "detail.receipts_not_json"),
        "detail.receipts_not_a_file": core_text("sync", "detail.receipts_not_a_file"),
        "detail.receipts_too_large": core_text("sync", "detail.receipts_too_large"),
        "detail.receipts_too_deep": core_text("sync", "detail.receipts_too_deep"),
        "detail.receipts_unreadable": core_text("sync", "detail.receipts_unreadable"),
        "detail.receipts_not_a_list": core_text("sync", "detail.receipts_not_a_list"),
        "detail.no_receipts": core_text("sync", "detail.no_receipts"),
        "detail.no_receipts.hint": core_text("sync", "detail.no_receipts.hint"),
        "hint.url_example": core_text("sync", "hint.url_example"),
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
