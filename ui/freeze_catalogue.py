"""Why new enrollments are blocked, in words: the one place each sentence is written.

``fieldkit.enrollment.freeze`` gives each reason as a code and the numbers it names
(:class:`~fieldkit.enrollment.freeze.FreezeReason`); the enrollment screen shows the
sentence here, translated by Qt.  ``scripts/i18n.py --update`` copies the English
into the fallback the command line prints (``FreezeReason.message``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from fieldkit import sentences

if TYPE_CHECKING:
    from fieldkit.enrollment.freeze import FreezeReason

log = logging.getLogger(__name__)


def freeze_texts() -> dict[str, str]:
    """Code -> sentence; built per call so the installed translation applies."""
    return {
        "days_without_sync": QCoreApplication.translate(
            "freeze",
            "{age} days since the last successful sync (the limit is {days}). Sync with the "
            "data center to record new people; drafts already started can still be finished.",
            "days_without_sync",
        ),
        "days_since_first_record": QCoreApplication.translate(
            "freeze",
            "{age} days since the first record and no sync since (the limit is {days}). Sync "
            "with the data center to record new people; drafts already started can still be "
            "finished.",
            "days_since_first_record",
        ),
        "records_waiting": QCoreApplication.translate(
            "freeze",
            "{waiting} sealed records are waiting for the data center (the limit is {limit}). "
            "Sync first; drafts already started can still be finished.",
            "records_waiting",
        ),
    }


def reason_text(reason: FreezeReason) -> str:
    """One freeze reason in the UI's language."""
    text = freeze_texts().get(reason.code)
    if text is None:
        log.warning("no sentence in the freeze catalogue for %s", reason.code)
        return reason.message
    return sentences.render(text, reason.params)
