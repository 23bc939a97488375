"""Where each printed card is, in Rekaman's words (issue 49 §2).

The laptops report their cards' handovers (``sync.server.cards.handovers``); the records
list adds the latest one's outcome under a record's state ("Card: handed to a family
member"), and a record's page lists each step in its "Kartu" section:
the day, the outcome, the receiver's role, the courier's receipt and the laptop.
Nothing here is personal: the data center holds no receiver's name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sync.protocol import HandoverOutcome
from sync.server.console import handover_view_sentences
from sync.server.console.formats import iso_day_text

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from sync.server.cards.handovers import CardStep

__all__ = ["card_words", "handover_view_sentences", "outcome_words", "steps_view"]

#: The receipt is the laptop's batch id (a UUID): its first characters name it, as ids are.
_SHOWN_RECEIPT = 8


def outcome_words(outcome: str, t: Callable[..., str]) -> str:
    """A reported outcome in words; one this console does not know is said as it came."""
    try:
        return t(f"console_handover.outcome_{HandoverOutcome(outcome).value}")
    except ValueError:
        return outcome


def card_words(outcome: str | None, t: Callable[..., str]) -> str | None:
    """The line under a record's state once its card's handover is reported, else None."""
    if outcome is None:
        return None
    return t("console_handover.card_outcome", outcome=outcome_words(outcome, t))


def steps_view(
    steps: list[CardStep], laptops: Mapping[str, str], t: Callable[..., str]
) -> list[dict[str, Any]]:
    """The "Kartu" section's rows, in the page's words."""
    return [
        {
            "day": iso_day_text(step.handed_over_on),
            "outcome": outcome_words(step.outcome, t),
            "role": step.receiver_role,
            "receipt": (step.courier_receipt or "")[:_SHOWN_RECEIPT],
            "laptop": laptops.get(step.device_id, step.device_id[:12]),
        }
        for step in steps
    ]
