"""Sentences of the ketua tim's countersign on the spot (``fieldkit.enrollment.cosign``).

Written once here in English; the Indonesian is in ``assets/i18n/fieldkit_id.ts``
(docs/architecture.md, "How to add a sentence").
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate(
    "errors",
    "The office does not offer the ketua tim's countersign on the spot on this laptop;"
    " the record goes to the ketua tim's review.",
    "cosign_not_offered",
)
translate(
    "errors",
    "This staff card is not a ketua tim's: only the ketua tim may countersign on the spot.",
    "cosign_not_ketua",
)
translate(
    "errors",
    "The officer who recorded this person cannot countersign it; another ketua tim may,"
    " or it goes to the review.",
    "cosign_own_work",
)
translate(
    "errors",
    "Nothing here waits for a countersign: it may be countersigned already.",
    "cosign_nothing",
)
