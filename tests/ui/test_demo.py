"""The app's demo has printed cards to hand over (issue 36, finding 5)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fieldkit import overview
from fieldkit.handover import cards
from fieldkit.handover.cards import HandoverState
from fieldkit.records import outbox
from fieldkit.records.outbox import RecordStatus
from fieldkit.review import queue
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


def test_the_demo_tells_one_story_a_sync_printed_and_nobody_waits_twice(
    tmp_path: Path,
) -> None:
    """Issue 47, finding 6: the demo said "2 accepted" beside "last sync: never", and
    Demo Sasaran 7 waited for the ketua tim's review while their card was printed."""
    made = demo.create(tmp_path / "home", printed_cards=demo.PRINTED_CARDS)
    ws = made.workspace
    try:
        assert len(made.printed) == demo.PRINTED_CARDS
        queue_now = overview.queue_overview(ws)
        assert queue_now.accepted == demo.PRINTED_CARDS
        assert queue_now.last_sync_at is not None, "accepted records, yet never synced"
        ws.switch_officer(demo.KETUA, demo.DEMO_PASSWORD)
        waiting = {i.record_id: i.name for i in queue.list_reviews(ws)}
        printed = {card.record_id for card in cards.handover_list(ws)}
        assert printed == set(made.printed)
        assert not printed & set(waiting), f"printed while waiting for review: {waiting}"
        assert waiting == {}  # yesterday's people were recorded with their backdrop hung
    finally:
        ws.close()
