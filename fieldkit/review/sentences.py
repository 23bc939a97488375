"""The ketua tim's review and revisit errors in words (context "errors").

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate("errors", "Record {record_id} is not waiting for review.", "review_not_found")
translate(
    "errors",
    "Record {record_id} was already decided by the ketua tim.",
    "review_already_decided",
)
translate("errors", "Say why the record goes back for recapture.", "review_reason_required")
translate("errors", "The reason is longer than {max} characters.", "review_reason_too_long")
translate("errors", "The note is longer than {max} characters.", "review_note_too_long")
translate("errors", "This record has no decision to undo.", "review_undo_not_decided")
translate(
    "errors",
    "Only {officer}, who made this decision, can undo it.",
    "review_undo_not_yours",
)
translate(
    "errors",
    "The record was already sent with this decision; it can no longer be undone.",
    "review_undo_sent",
)
translate("errors", "This person is no longer on the revisit list.", "revisit_not_found")
translate("errors", "A revisit is already planned for this person.", "revisit_already_planned")
translate("errors", "Choose at least one person to visit again.", "revisit_none")
translate(
    "errors",
    "The first visit of this person is not on this laptop; plan the visit by hand.",
    "revisit_visit_unknown",
)
translate(
    "errors",
    "The first visit had no ketua tim; plan the visit by hand with a team.",
    "revisit_team_required",
)
