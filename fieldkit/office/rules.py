"""What the settings screen and the enrollment screens ask about the office's package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldkit import office_sent
from fieldkit.workspace import Workspace

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session


def office_rules(ws: Workspace) -> dict[str, object]:
    """The rules the office set: settings key -> the office's value (the screen marks them)."""
    with ws.transaction() as session:
        return office_sent.office_rules_in(session)


def already_recorded(session_or_ws: Session | Workspace, nik: str) -> dt.date | None:
    """The day the data center accepted a record of ``nik``, per the office's list."""
    if isinstance(session_or_ws, Workspace):
        with session_or_ws.transaction() as session:
            return office_sent.recorded_on(session, nik)
    return office_sent.recorded_on(session_or_ws, nik)
