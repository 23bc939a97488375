"""The sealed records' error sentences (context "errors").

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate("errors", "The record file is damaged.", "record_container_invalid")
translate("errors", "The sealed record is missing or damaged on this laptop.", "record_not_found")
translate(
    "errors",
    "Record {record} was deleted from this laptop after the data center accepted it.",
    "record_purged",
)
translate(
    "errors",
    "The sealed file of record {record} is missing from {folder}. Ask the operator to"
    " restore the latest backup.",
    "sealed_file_missing",
)
translate(
    "errors",
    "The sealed file of record {record} is damaged. Ask the operator to restore the latest backup.",
    "sealed_file_damaged",
)
translate(
    "errors",
    "Record {record} is {state}; it is deleted only after the data center has accepted"
    " it and its receipt was checked.",
    "purge_refused",
)

# A sent record's state at the data center, as Perekaman, Tinjauan and Serah terima say it
# (context "server_state"; :func:`fieldkit.records.server_states.state_words` picks one).
translate("server_state", "Received by the data center, not checked yet", "received")
translate("server_state", "Accepted by the data center", "accepted")
translate("server_state", "Refused by the data center", "rejected")
translate("server_state", "Deduplication passed", "deduplicated")
translate("server_state", "Ready to print", "print_ready")
translate(
    "server_state", "Possible duplicate: waiting for the office's decision", "duplicate_record"
)
translate("server_state", "Closed: a second recording of the same person", "duplicate_closed")
translate(
    "server_state",
    "Closed: a second recording; the card comes from the earlier one ({reason})",
    "duplicate_closed_reason",
)
translate("server_state", "Card printed", "printed")
translate("server_state", "Card ready to hand over", "ready_for_handover")
translate("server_state", "Record again", "recapture")
translate("server_state", "Record again: {reason}", "recapture_reason")
translate("server_state", "Data center: {state}", "unknown")
