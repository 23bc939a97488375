"""The app's demo has printed cards to hand over (issue 36, finding 5)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fieldkit.handover import cards
from fieldkit.handover.cards import HandoverState
from fieldkit.records import outbox
from fieldkit.records.outbox import RecordStatus
from ui import demo


def test_the_demo_has_yesterdays_people_whose_cards_the_data_center_printed(
    tmp_path: Path,
) -> None:
    made = demo.create(tmp_path / "home", printed_cards=1)
    ws = made.workspace
    try:
        (waiting,) = cards.handover_list(ws)
        assert waiting.record_id == made.printed[0]
        assert waiting.state is HandoverState.READY
        assert waiting.name == f"Demo Sasaran {demo.TARGETS + 1}"  # not one of today's five
        assert waiting.desa == demo.DESA
        today = dt.datetime.now().astimezone().date()
        assert waiting.visit_date == today - dt.timedelta(days=1)
        # As a laptop holds a sent person: accepted, purged to a tombstone, then printed.
        with ws.transaction() as session:
            info = outbox.record_info(session, waiting.record_id)
        assert info is not None
        assert (info.state, info.server_state) == (RecordStatus.PURGED, "PRINTED")
    finally:
        ws.close()
