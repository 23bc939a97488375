"""The official documents' error sentences (context "errors").

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate("errors", "There is no visit on {date} on this laptop.", "no_visit_on_date")
translate(
    "errors",
    "Name a date or the handovers for the berita acara serah terima.",
    "handover_report_needs_date",
)
translate(
    "errors",
    "There is no card handover for {when}; nothing to report.",
    "no_handover_on_date",
)
translate(
    "errors",
    "Visit {visit} has no return checklist yet; there is nothing to report.",
    "no_checkin_checklist",
)
translate(
    "errors",
    "The letter-number format uses {{field}}; it may use only {fields}.",
    "letter_pattern_field",
)
translate(
    "errors",
    "The letter-number format {pattern} is not valid: it must contain the running"
    " number ({urut}) and make a number of at most 120 characters.",
    "letter_pattern_invalid",
)
translate("errors", "A letter number may have at most {max} characters.", "letter_number_too_long")
translate(
    "errors",
    "The document {name} is no longer in the reports folder; make it again.",
    "report_copy_source_missing",
)
translate(
    "errors",
    "The folder {folder} does not exist; choose another folder. Nothing was saved, and"
    " the document is still at {source}.",
    "report_copy_folder_missing",
)
translate(
    "errors",
    "The disk of {folder} is full: the copy was not saved. Free some space or choose"
    " another disk (a USB stick); the document is still at {source}.",
    "report_copy_disk_full",
)
translate(
    "errors",
    "FieldKit may not write to {folder} (no permission, the disk is write-protected, or a"
    " file of that name is open in another program): choose another folder or name; the"
    " document is still at {source}.",
    "report_copy_not_allowed",
)
translate(
    "errors",
    "The copy to {folder} failed ({problem}); nothing was saved there, and the document"
    " is still at {source}.",
    "report_copy_failed",
)
