"""Sarpras's sentences: what a checklist row still needs (context "sarpras") and its errors.

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate("errors", "A damage photo must be a JPEG or PNG image.", "photo_type")
translate("errors", "The checklist has no row {key}.", "checklist_row_unknown")
translate(
    "errors",
    "This checklist was signed by {by}; a signed checklist can no longer change.",
    "checklist_signed",
)
translate("errors", "A photo may be at most {max_mib} MiB.", "photo_too_large")
translate(
    "errors",
    "Give a reason of at least {min} characters for the override.",
    "override_reason_too_short",
)
translate(
    "errors",
    "{item}: a device is marked ok only by passing its self-test; run the self-test, "
    "or mark it faulty or missing with a note.",
    "device_ok_only_by_self_test",
)
translate("errors", "A quantity cannot be negative.", "quantity_negative")
translate("errors", "{item} is not counted; leave out the quantity.", "item_not_counted")
translate("errors", "{item}: say in a note what is wrong.", "checkout_note_required")
translate(
    "errors",
    "Type the name of the goods keeper who accepted the equipment.",
    "keeper_name_required",
)
translate(
    "errors",
    "The goods keeper's name may have at most {max} characters.",
    "keeper_name_too_long",
)
translate("errors", "The goods keeper has already accepted this return.", "already_accepted")
translate(
    "errors",
    "The checklist is not complete ({count} row(s) still to do), so it cannot be signed.",
    "checklist_incomplete",
)
translate(
    "errors",
    "Recording cannot start: the pre-trip sarpras checklist of visit {visit} has not"
    " been started. Complete it on the Sarpras screen and have the ketua tim sign it.",
    "recording_blocked",
)
translate(
    "errors",
    "Recording cannot start: the pre-trip sarpras checklist of visit {visit} is not"
    " complete (still to do: {missing}). Complete it on the Sarpras screen and have the"
    " ketua tim sign it.",
    "recording_blocked_incomplete",
)
translate(
    "errors",
    "Recording cannot start: the pre-trip sarpras checklist of visit {visit} is complete"
    " but not signed. Ask the ketua tim to sign it on the Sarpras screen.",
    "recording_blocked_unsigned",
)
translate(
    "errors",
    "{item} failed its self-test, so it cannot be called good.",
    "checkin_failed_self_test",
)
translate(
    "errors",
    "{item}: a quantity is only for consumables, and at least 0.",
    "checkin_quantity_invalid",
)
translate(
    "errors",
    "{item}: say in a note what is damaged, missing or dirty.",
    "checkin_note_required",
)
translate(
    "errors",
    "{item} was faulty when it was taken out. To check it in as good, say in the note"
    " why it is good now (repaired, replaced).",
    "checkin_baik_after_rusak",
)
translate(
    "errors",
    "The return checklist is not complete ({count} row(s) still to do), so the goods"
    " keeper cannot accept it yet.",
    "acceptance_incomplete",
)
translate(
    "errors",
    "Complete it with: fieldkit sarpras checkout --visit {visit}, then have the "
    "ketua tim sign it: fieldkit sarpras sign --visit {visit}.",
    "recording_blocked.hint",
)
translate(
    "errors",
    "Complete it with: fieldkit sarpras checkout --visit {visit}, then have the "
    "ketua tim sign it: fieldkit sarpras sign --visit {visit}.",
    "recording_blocked_incomplete.hint",
)
translate(
    "errors",
    "The ketua tim signs it with: fieldkit sarpras sign --visit {visit}.",
    "recording_blocked_unsigned.hint",
)
translate("sarpras", "self-test not run", "self_test_not_run")
translate("sarpras", "not checked yet", "not_checked")
translate("sarpras", "quantity not entered", "quantity_not_entered")
translate("sarpras", "quantity returned not entered", "quantity_returned_not_entered")
translate("sarpras", "good / complete / clean not answered", "condition_not_answered")
translate("sarpras", "a note is needed", "note_needed")
translate("sarpras", "faulty when taken out: a note is needed", "note_for_rusak")
