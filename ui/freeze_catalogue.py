"""Why new enrollments are blocked, in the officer's language.

``fieldkit.enrollment.freeze`` gives each reason as a code and the numbers it names
(:class:`~fieldkit.enrollment.freeze.FreezeReason`); the enrollment screen shows the
sentence written in ``fieldkit/enrollment/sentences.py``, translated by Qt; the command
line prints its English (``FreezeReason.message``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fieldkit import sentences
from ui.core_sentences import core_text

if TYPE_CHECKING:
    from fieldkit.enrollment.freeze import FreezeReason

log = logging.getLogger(__name__)


def freeze_texts() -> dict[str, str]:
    """Code -> sentence; built per call so the installed translation applies."""
    return {
        "days_without_sync": core_text("freeze", "days_without_sync"),
        "days_since_first_record": core_text("freeze", "days_since_first_record"),
        "records_waiting": core_text("freeze", "records_waiting"),
    }


def reason_text(reason: FreezeReason) -> str:
    """One freeze reason in the UI's language."""
    text = freeze_texts().get(reason.code)
    if text is None:
        log.warning("no sentence in the freeze catalogue for %s", reason.code)
        return reason.message
    return sentences.render(text, reason.params)
