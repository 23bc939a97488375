"""Completing a listed person's missing field, in place, after the list was imported.

A village list may say "disabilitas" with no kind (disabilitas netra, fisik, ...: UU
8/2016's words): it imports with a warning on its row, and recording such a person is
refused until the kind is known (``intake``: ``disability_kind_required``).  Re-importing
the whole list for one cell is no job for a ketua at home the evening before the visit,
nor for a petugas in the person's living room, who can see the answer: either completes it
here (issue 59 §2).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fieldkit import audit
from fieldkit.errors import InvalidInput
from fieldkit.events import TargetsChanged
from fieldkit.officers import require_role
from fieldkit.permissions import RECORDERS
from fieldkit.planning.kinds import Category
from fieldkit.planning.models import Target
from fieldkit.planning.targets_import import TargetInfo

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

#: As long as the list's own column may be (``targets.disability_kind``).
MAX_DISABILITY_KIND = 80


def needs_disability_kind(target: TargetInfo) -> bool:
    """Listed as disabilitas with no kind: recording is refused until it is completed."""
    return Category.DISABILITAS in target.categories and not (target.disability_kind or "").strip()


def complete_disability_kind(ws: Workspace, target_id: str, kind: str) -> TargetInfo:
    """Set the kind of disability of a listed person (the list left it empty); audited.

    Any officer who records may: the petugas sees the person, the ketua knows the list.
    The person is then listed as disabilitas, whatever the list said.
    """
    require_role(ws.officer, *RECORDERS)
    words = " ".join(kind.split())
    if not words:
        raise InvalidInput(code="disability_kind_required")
    if len(words) > MAX_DISABILITY_KIND:
        raise InvalidInput(code="disability_kind_too_long", params={"max": MAX_DISABILITY_KIND})
    with ws.transaction() as session:
        target = session.get(Target, target_id)
        if target is None:
            raise InvalidInput(code="id_not_found", params={"what": "target", "id": target_id})
        categories = [c for c in target.categories.split(",") if c]
        if Category.DISABILITAS.value not in categories:
            categories.append(Category.DISABILITAS.value)
        target.categories = ",".join(categories)
        target.disability_kind = words
        session.flush()
        audit.append(session, ws.officer.username, "planning.target_completed", target.id)
        info = TargetInfo.from_row(target)
    log.info("a target's kind of disability was completed")  # no name, no kind in the log
    ws.events.emit(TargetsChanged(info.visit_id))
    return info
