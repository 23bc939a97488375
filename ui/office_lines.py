"""What the office's package did, in the officer's words, for the sync screen.

After a push or a stick, ``OfficeResult`` says the package was applied (an
``ApplySummary`` of change codes) or refused (a ``KnownError``).  The summary is
worded from the core's ``office`` sentences (``core_text``), the refusal by its
error code; a line follows when this FieldKit is older than the office's minimum.
The words keep the sync screen's translation context (``SyncPage``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ui.core_sentences import core_text
from ui.messages import explain, fill

if TYPE_CHECKING:
    from fieldkit.office import ApplySummary, ReleaseStatus
    from sync.client.office import OfficeResult

#: A bare call, which lupdate extracts with its literal context.
translate = QCoreApplication.translate


def _modality(code: str) -> str:
    words = {
        "face": translate("SyncPage", "face"),
        "finger": translate("SyncPage", "fingerprint"),
        "iris": translate("SyncPage", "iris"),
        "signature": translate("SyncPage", "signature"),
    }
    return words.get(code, code)


def summary_text(summary: ApplySummary) -> str:
    """``Dari kantor: 2 petugas baru, ambang wajah 61``."""
    parts = []
    for change in summary.changes:
        params = dict(change.params)
        if "modality" in params:
            params["modality"] = _modality(params["modality"])
        count = int(params["n"]) if "n" in params else -1  # Qt's %n, in the right form
        parts.append(fill(core_text("office", change.code, count), params))
    if not parts:
        parts.append(core_text("office", "nothing_new"))
    return fill(core_text("office", "summary"), {"changes": ", ".join(parts)})


def office_text(result: OfficeResult | None) -> str | None:
    """The package's line: what it changed, or why it was refused; None when none came."""
    if result is None:
        return None
    if result.refused is not None:
        return translate("SyncPage", "Office package refused: %1").replace(
            "%1", explain(result.refused)
        )
    if result.applied is not None:
        return summary_text(result.applied)
    return None


def release_text(status: ReleaseStatus) -> str | None:
    """When this FieldKit is older than the office requires: what to do."""
    if not status.below or status.min_version is None:
        return None
    return (
        translate(
            "SyncPage",
            "The office requires FieldKit %1 or newer; this laptop has %2. Ask the office for "
            "the new installer and install it before the next visit.",
        )
        .replace("%1", status.min_version)
        .replace("%2", status.current)
    )
