"""Delivery's error sentences (context "errors").

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate(
    "errors",
    "Record {record} is {state}, not refused: only a refused (REJECTED) record can be put"
    " back in the queue.",
    "requeue_not_rejected",
)
