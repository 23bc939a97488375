"""The card's journey's sentences: cards printed, delivery schedules and their refusals.

``fieldkit-datacenter``'s lines ("cli", ``dc.*``) and refusals ("errors") of this room.
Each ``translate(context, English, code)`` is written once, here, in the room that raises
or prints it; Qt's lupdate extracts it into ``assets/i18n/fieldkit_id.ts`` for the
screens, and :mod:`fieldkit.sentences` renders its English for logs, the CLI and ``--json``.
:mod:`sync.server` imports every room's sentences, so all are registered together.
docs/architecture.md, "How to add a sentence", says how to add one.
"""

from __future__ import annotations

from fieldkit.sentences import translate

# fieldkit-datacenter cards printed / list (issue 49 §2) and their refusals
translate("cli", "{record}: card {uid} printed on {day}, marked by {actor}", "dc.card_printed")
translate("cli", "{record}  {uid}  {day}  {actor}", "dc.card_line")
translate("cli", "No card has been printed yet.", "dc.cards_none")
translate(
    "errors",
    "The card UID {uid} is not one: write its 8, 14 or 20 hex digits (0-9, A-F), "
    "as the card reader shows them.",
    "datacenter_card_uid_invalid",
)
translate(
    "errors",
    "The print date {day} is after today ({today}): write the day the card was printed.",
    "datacenter_card_date_future",
)
translate(
    "errors",
    "The print date {day} is before record {record_id} was recorded ({recorded}). "
    "Nothing was stored.",
    "datacenter_card_date_before_recording",
)
translate(
    "errors",
    "Write the print date as YYYY-MM-DD, for example 2026-11-27 (not {day}).",
    "datacenter_card_date_invalid",
)
translate(
    "errors",
    "Record {record_id} is not ready to print (it is {state}): a card is marked printed "
    "only for a PRINT_READY_RECORD.",
    "datacenter_card_not_print_ready",
)
translate(
    "errors",
    "The card UID {uid} is already stored for another card: check the UID read from the card.",
    "datacenter_card_uid_used",
)
translate(
    "errors",
    "Record {record_id} was captured with a simulator: its card is printed only by a "
    "training data center (fieldkit-datacenter office training on), never on a real KTP-el.",
    "datacenter_card_simulated_prints",
)
# fieldkit-datacenter cards deliver / deliveries (issue 49 §2): the distribution schedule
translate(
    "cli",
    "{number}: {count} cards to desa {desa} on {day}, team {team}",
    "dc.delivery_scheduled",
)
translate("cli", "{record}: not in the delivery: {why}", "dc.delivery_card_refused")
translate(
    "cli",
    "{number}  {day}  {desa}  {team}  {count} cards, {handed} handed over",
    "dc.delivery_line",
)
translate("cli", "No delivery has been scheduled yet.", "dc.deliveries_none")
translate(
    "errors",
    "The delivery date {day} is before today ({today}): a delivery is for today or later.",
    "datacenter_delivery_date_past",
)
translate(
    "errors",
    "Write the delivery date as YYYY-MM-DD, for example 2026-12-01 (not {day}).",
    "datacenter_delivery_date_invalid",
)
translate("errors", "Name at least one card for the delivery.", "datacenter_delivery_no_cards")
translate(
    "errors",
    "A laptop would refuse this delivery in its office package ({field}): nothing was "
    "stored. Check the desa code the cards' records were placed with.",
    "datacenter_delivery_package_invalid",
)
translate(
    "errors",
    "A delivery takes at most {max} cards ({count} were named): make two deliveries.",
    "datacenter_delivery_too_many",
)
translate(
    "errors",
    "No printed card of laptop {laptop} waits for a delivery to desa {desa}.",
    "datacenter_delivery_none_waiting",
)
translate(
    "errors",
    "No printed card of laptop {laptop} recorded without a desa waits for a delivery.",
    "datacenter_delivery_none_unplaced",
)
translate(
    "errors",
    "{desa} is not a desa's 10-digit code; nothing was scheduled.",
    "datacenter_delivery_desa_invalid",
)
translate(
    "errors",
    "None of the {count} cards could be put in the delivery; nothing was stored.",
    "datacenter_delivery_nothing_valid",
)
translate(
    "errors",
    "Another delivery was being stored at the same moment; try again.",
    "datacenter_delivery_busy",
)
translate(
    "errors",
    "Record {record_id} was not recorded by this laptop: its team does not deliver it.",
    "datacenter_delivery_other_laptop",
)
translate(
    "errors",
    "Record {record_id} is not a printed card waiting for delivery (it is {state}).",
    "datacenter_delivery_not_printed",
)
translate(
    "errors",
    "Record {record_id} has no printed card stored: mark its card printed in the print queue.",
    "datacenter_delivery_no_card",
)
translate(
    "errors",
    "Record {record_id} was recorded in another desa ({desa}).",
    "datacenter_delivery_other_desa",
)
translate(
    "errors",
    "Record {record_id}'s card is already in delivery {number}.",
    "datacenter_delivery_already",
)
