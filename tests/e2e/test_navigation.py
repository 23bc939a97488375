"""The navigation rail tells a person where work waits, and tells a screen reader too.

The petugas begins a recording: Perekaman's row counts one unfinished draft.  They
finish and seal it: the draft is gone from the count, and Sinkronisasi's row counts
one record waiting to be sent.  The counts are read from the accessibility tree (each
row's description), as a screen reader says them; the badges are in the screenshots.
"""

from __future__ import annotations

from tests.e2e.desktop import Desktop, Hands, Node
from tests.e2e.journeys import (
    PAGES,
    close_receipt,
    log_in,
    open_page,
    problems_on_screen,
    rail_rows,
)
from tests.e2e.test_petugas import SEAL, START, _hands_free_until_review

#: Windows 11's navigation rows are 40 px high.
ROW_MIN_PX = 40


def _row(hands: Hands, page: str) -> Node:
    """The rail's row for ``page`` (named as the screen, and its count while work waits)."""
    (row,) = [n for n in rail_rows(hands.look(), page) if n.rect and n.rect[2] > 0]
    return row


def _says(hands: Hands, page: str, words: str) -> None:
    hands.wait(
        f"{page}'s row to say {words!r}",
        lambda s: any(
            n.description == words and n.name == (f"{page}, {words}" if words else page)
            for n in rail_rows(s, page)
        ),
        30,
    )


def test_the_rail_counts_drafts_and_records_to_send_as_they_happen(
    launch, desktop: Desktop
) -> None:
    app = launch(desktop, "--demo")
    hands = app.hands
    log_in(hands, "petugas")
    # Rows of 40 px at least, one per screen the petugas may use, and nothing waits yet.
    for page in PAGES[:7]:
        row = _row(hands, page)
        assert row.rect is not None
        assert row.rect[3] >= ROW_MIN_PX, row
        assert not row.description, row
    hands.screenshot("nothing-waits")

    open_page(hands, "Perekaman")
    hands.click("table cell", "Demo Sasaran 1")
    hands.click("push button", START)
    _says(hands, "Perekaman", "1 draf belum selesai")
    hands.screenshot("one-draft")
    assert not _row(hands, "Sinkronisasi").description

    hands.click("push button", "Catat persetujuan")
    _hands_free_until_review(hands)
    hands.click_seen("push button", SEAL)
    close_receipt(hands)
    _says(hands, "Sinkronisasi", "1 menunggu dikirim")
    _says(hands, "Perekaman", "")
    hands.screenshot("one-to-send")
    problems = problems_on_screen(hands.look(), desktop.width, desktop.height)
    assert not problems, "\n".join(problems)
    assert not app.crashes()
