"""The card handover's error sentences (context "errors").

Each ``translate(context, English, code)`` is written once, here, beside the code that
raises or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

translate("errors", "Card UID {uid} must have 4, 7 or 10 bytes.", "card_uid_length")
translate("errors", "Card UID {uid} is not hexadecimal.", "card_uid_not_hex")
translate("errors", "The {field} is required.", "handover_field_required")
translate("errors", "The {field} is longer than 160 characters.", "handover_field_too_long")
translate(
    "errors",
    "A courier signs a courier receipt: use the courier handover.",
    "courier_uses_courier_handover",
)
translate("errors", "Name at least one record for the courier.", "courier_needs_records")
translate("errors", "The final recipient cannot be the courier.", "recipient_is_courier")
translate("errors", "There is no record {record} on this laptop.", "unknown_record")
translate("errors", "A record id needs at least {min} characters.", "record_id_too_short")
translate(
    "errors",
    "More than one record starts with {record}; type more of its id.",
    "record_id_ambiguous",
)
translate(
    "errors",
    "The card of record {record} is not printed yet (data center state: {state}); only"
    " printed cards can be handed over.",
    "not_printed",
)
translate(
    "errors",
    "This card (UID {uid}) is not the card of record {record}, which is bound to UID"
    " {bound_uid}. Do not hand it over; check the name and NIK on the card against the"
    " list.",
    "wrong_card",
)
translate(
    "errors",
    "This card (UID {uid}) is {name}'s card (record {other}), not the card of record"
    " {record}. Do not hand it over; give it to {name}.",
    "card_of_another_record",
)
translate(
    "errors",
    "This card (UID {uid}) is the one the office printed for {name}, not {person}'s card"
    " (record {record}). Do not hand it over; give it to {name}.",
    "card_printed_for_another",
)
translate(
    "errors",
    "This card (UID {uid}) is not the card the office printed for record {record}: delivery"
    " {delivery} lists UID {office_uid}. Do not hand it over; look for the card with that UID.",
    "not_the_delivery_card",
)
translate(
    "errors",
    "This card (UID {uid}) is not the card the office printed for record {record}, which has"
    " UID {office_uid}. Do not hand it over; look for the card with that UID.",
    "not_the_printed_card",
)
translate(
    "errors",
    "The office printed no card with UID {uid} for this laptop's records. Do not hand it"
    " over for record {record} unless the ketua tim, logged in, has checked the name and"
    " NIK on the card and accepts it.",
    "card_not_recorded_by_office",
)
translate("errors", "No card delivery {delivery} on this laptop.", "unknown_delivery")
translate(
    "errors",
    "Delivery {delivery} has no cards: there is nothing to report.",
    "delivery_without_cards",
)
translate("errors", "The signature was not accepted; ask for it again.", "signature_rejected")
translate(
    "errors",
    "The card of record {record} was already handed over or has left the office.",
    "already_handed_over",
)
translate(
    "errors",
    "The card of record {record} is not with a courier (handover state: {state}); only a"
    " card given to a courier can be delivered.",
    "card_not_with_courier",
)
translate(
    "errors",
    "The card of record {record} is with a courier; record its delivery instead.",
    "handover_with_courier",
)
translate(
    "errors",
    "Run 'fieldkit sync status' to pull the data center's latest states.",
    "not_printed.hint",
)
