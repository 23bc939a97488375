"""The receipts' error sentences (context "errors").

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate(
    "errors",
    "There is no receipt for record {record}: it was deleted with the record after the"
    " data center accepted it, or the record was not sealed on this laptop.",
    "receipt_gone",
)
translate(
    "errors",
    "The receipt is kept only until the record is purged; the office can look "
    "the person up by the record id on an earlier printed receipt.",
    "receipt_gone.hint",
)
