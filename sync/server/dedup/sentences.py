"""Penunggalan's sentences (``sync.server.dedup``): lines, refusals, ENROLL_FAILURE's reason.

The reason an ENROLL_FAILURE gives the team is in context ``dedup`` (the laptop shows it).

Written once here; ``scripts/i18n.py --update`` extracts them into
``assets/i18n/fieldkit_id.ts``, where their Indonesian is written.
"""

from __future__ import annotations

from fieldkit.sentences import translate

# The reason an ENROLL_FAILURE carries to the laptop, in the team's words (its message).
translate(
    "dedup",
    "The office cannot search this person's record: too few fingerprints could be read "
    "and the face photo shows no clear face. Record the fingers and face again.",
    "dedup.images_unsearchable",
)
translate(
    "dedup",
    "The office cannot search this person's record: one of its images declares a size far "
    "larger than any capture, so it was not opened. Record the fingers and face again.",
    "dedup.image_too_large",
)

# fieldkit-datacenter dedup run
translate(
    "cli",
    "Penunggalan: {searched} searched: {duplicates} with candidates, {print_ready} ready "
    "to print, {failures} to record again, {unopened} could not be opened.",
    "dc.dedup_summary",
)
translate("cli", "  {record}: {state} {detail}", "dc.dedup_record")
translate("cli", "{record}: {state} ({decision})", "dc.adjudicated")

translate(
    "errors",
    "Give the decision's reason in at least {min} characters.",
    "dedup_reason_too_short",
)
translate(
    "errors",
    "Record {record_id} is {state}: only a record waiting for adjudication "
    "(DUPLICATE_RECORD) can be decided.",
    "dedup_not_awaiting_adjudication",
)
translate(
    "errors",
    "A duplicate needs the other record: --duplicate-of RECORD_ID.",
    "dedup_other_needed",
)
translate(
    "errors",
    "'Not a duplicate' names no other record.",
    "dedup_other_unexpected",
)
translate(
    "errors",
    "Record {other} is not among record {record_id}'s candidates ({candidates}).",
    "dedup_other_not_candidate",
)
translate(
    "errors",
    "Two laptops used the record id {other}, and both records are candidates (laptops "
    "{devices}); name the one meant with --duplicate-of-device. Nothing was changed.",
    "dedup_other_ambiguous",
)
translate(
    "errors",
    "Record {other} is newer than {record_id} and would be closed, but it is {state}: "
    "its card may be printed already. Settle it at the office first.",
    "dedup_other_not_closable",
)
translate(
    "errors",
    "The decision must be 'not_duplicate' or 'duplicate', not {decision}.",
    "dedup_decision_unknown",
)
