"""Whether pictures may appear in reports that leave the office (default: never).

A berita acara travels: to the village, to the courier, into a folder at the
kecamatan.  Pictures of people (and of their signatures) stay inside the
encrypted store unless an admin sets ``reports.include_photos``; the
letterhead itself is drawn as text, so a default report embeds no image.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from fieldkit import audit
from fieldkit.officers import require_role
from fieldkit.permissions import ADMINISTRATORS
from fieldkit.store.models import Setting

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace

INCLUDE_PHOTOS_KEY = "reports.include_photos"


def include_photos(ws: Workspace) -> bool:
    with ws.transaction() as session:
        row = session.get(Setting, INCLUDE_PHOTOS_KEY)
    return bool(json.loads(row.value)) if row is not None else False


def set_include_photos(ws: Workspace, *, enabled: bool) -> None:
    """Allow (or forbid again) pictures in reports; admin only, audited."""
    require_role(ws.officer, *ADMINISTRATORS)
    with ws.transaction() as session:
        session.merge(Setting(key=INCLUDE_PHOTOS_KEY, value=json.dumps(enabled)))
        audit.append(
            session, ws.officer.username, "settings.changed", None, {INCLUDE_PHOTOS_KEY: enabled}
        )
