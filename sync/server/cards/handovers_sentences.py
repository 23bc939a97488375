"""The refusals of a laptop's handover report (``sync.server.cards.handovers``), in the catalogue.

Written once here as ``translate(context, English, code)``; the Indonesian is in
``assets/i18n/fieldkit_id.ts``.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate(
    "errors",
    "The handover report holds no event: nothing to keep.",
    "datacenter_handovers_empty",
)
translate(
    "errors",
    "The handover report holds more than {max} events: send them in smaller reports.",
    "datacenter_handovers_too_many",
)
translate(
    "errors",
    "A handover event has no {field}: nothing of the report was kept.",
    "datacenter_handover_field_missing",
)
translate(
    "errors",
    "A handover event's {field} is longer than {max} characters: nothing of the report was kept.",
    "datacenter_handover_field_too_long",
)
translate(
    "errors",
    "A handover event's {field} is not a valid id: nothing of the report was kept.",
    "datacenter_handover_field_invalid",
)
translate(
    "errors",
    'A handover event names the outcome "{outcome}", which is none of {known}: nothing '
    "of the report was kept.",
    "datacenter_handover_outcome_unknown",
)
translate(
    "errors",
    "A card handed to a courier needs the courier's receipt number: nothing of the report "
    "was kept.",
    "datacenter_handover_courier_receipt_missing",
)
translate(
    "errors",
    'A handover event\'s date "{date}" is not a day (YYYY-MM-DD) up to today: nothing of '
    "the report was kept.",
    "datacenter_handover_date_invalid",
)
