"""Error sentences both sides of sync raise or read (context "errors").

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.

``sync/__init__.py`` imports this module, so the client and the data center both have them.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate(
    "errors",
    "The request's signature does not match this laptop's enrolled key.",
    "auth_invalid",
)
translate("errors", "Enroll the laptop again if its key was replaced.", "auth_invalid.hint")
translate("errors", "The request is not signed by an enrolled device.", "auth_missing")
translate(
    "errors",
    "Enroll this laptop with a code from the data-center operator.",
    "auth_missing.hint",
)
translate(
    "errors",
    "The request is larger than the data center accepts ({limit} bytes).",
    "body_too_large",
)
translate(
    "errors",
    "The body stopped arriving for {seconds} seconds; the data center stopped waiting.",
    "body_too_slow",
)
translate(
    "errors",
    "This laptop's FieldKit is older than the data center accepts ({minimum} or "
    "newer). Nothing was sent.",
    "client_too_old",
)
translate(
    "errors",
    "Update FieldKit on this laptop (its records are kept), then sync again.",
    "client_too_old.hint",
)
translate("errors", "The laptop's clock differs too much from the data center's.", "clock_skew")
translate("errors", "This enrollment code has expired.", "code_expired")
translate(
    "errors",
    "Ask the operator for a new code and use it the same day.",
    "code_expired.hint",
)
translate("errors", "This enrollment code is not known to the data center.", "code_unknown")
translate(
    "errors",
    "Check the code for typos, or ask the operator for a new one.",
    "code_unknown.hint",
)
translate("errors", "This enrollment code has already been used.", "code_used")
translate(
    "errors",
    "Each code enrolls one laptop once; ask the operator for a new one.",
    "code_used.hint",
)
translate(
    "errors",
    "The data center already holds record {record_id} with different content.",
    "conflict",
)
translate("errors", "The data center could not open the sealed record.", "decrypt_failed")
translate("errors", "This laptop's enrollment was revoked by the data center.", "device_revoked")
translate(
    "errors",
    "Contact the data-center operator; records stay sealed on the laptop.",
    "device_revoked.hint",
)
translate("errors", "This laptop is not enrolled at this data center.", "device_unknown")
translate("errors", "Enroll it with a code from the data-center operator.", "device_unknown.hint")
translate(
    "errors",
    "The record file {name} listed in the export's manifest is missing.",
    "file_missing",
)
translate(
    "errors",
    "Copy the whole export folder again, or export again from the laptop.",
    "file_missing.hint",
)
translate("errors", "The file {name} of the export cannot be read.", "file_unreadable")
translate(
    "errors",
    "The stick may be failing: copy the export to another stick, or export again.",
    "file_unreadable.hint",
)
translate(
    "errors",
    "The data center failed on this request; nothing was changed.",
    "internal_error",
)
translate("errors", "The record id has characters or a length not allowed.", "invalid_record_id")
translate("errors", "The data center refused the request as not valid.", "invalid_request")
translate("errors", "The record's SHA-256 is not valid.", "invalid_sha256")
translate(
    "errors",
    "This laptop's key is already enrolled or was revoked.",
    "key_already_enrolled",
)
translate(
    "errors",
    "The laptop makes a new key when it enrolls again.",
    "key_already_enrolled.hint",
)
translate("errors", "The record was not announced in a manifest by this laptop.", "not_announced")
translate(
    "errors",
    "Send the manifest first; the client does this on its own.",
    "not_announced.hint",
)
translate("errors", "The record belongs to another laptop.", "owned_by_other_device")
translate("errors", "The record's content is not valid.", "payload_invalid")
translate("errors", "The record is not signed by this laptop's key.", "record_signature_invalid")
translate(
    "errors",
    "The record may have been copied from another laptop; it was not stored.",
    "record_signature_invalid.hint",
)
translate("errors", "The data center holds no record {record_id}.", "record_unknown")
translate("errors", "The ketua tim's review sent with the record is not valid.", "review_invalid")
translate("errors", "The received bytes do not match the announced hash.", "sha256_mismatch")
translate("errors", "The upload was altered on the way; send it again.", "sha256_mismatch.hint")
translate("errors", "The record's size is not allowed.", "size_invalid")
translate(
    "errors",
    "Received {received} bytes, but {announced} were announced.",
    "size_mismatch",
)
translate("errors", "The upload was cut short or altered; send it again.", "size_mismatch.hint")

# --- the office package (docs/sync-protocol.md §14.2) ------------------------
translate(
    "errors",
    "The office package is not a package this laptop can read ({field}); nothing was changed.",
    "package_malformed",
)
translate(
    "errors",
    "Ask the data-center operator for a new package, or sync again.",
    "package_malformed.hint",
)
translate(
    "errors",
    "This office package is for office {office}, not this laptop's office ({this_office}); "
    "nothing was changed.",
    "package_other_office",
)
translate(
    "errors",
    "This office package is for another laptop; nothing was changed.",
    "package_other_laptop",
)
translate(
    "errors",
    "Each laptop has its own package in its own folder on the stick; use this laptop's.",
    "package_other_laptop.hint",
)
translate(
    "errors",
    "This office package does not open with this laptop's key; nothing was changed.",
    "package_unreadable",
)
translate(
    "errors",
    "Sync once so the data center learns this laptop's package key, then try again.",
    "package_unreadable.hint",
)
translate(
    "errors",
    "This office package is not signed by this laptop's data center; nothing was changed.",
    "package_unverified",
)
translate(
    "errors",
    "Do not use this package; tell the data-center operator where it came from.",
    "package_unverified.hint",
)
translate(
    "errors",
    "This package (version {version}) is older than the one this laptop has ({applied}); "
    "nothing was changed.",
    "package_older",
)
translate(
    "errors",
    "The laptop's health report is not valid ({field}).",
    "health_invalid",
)
