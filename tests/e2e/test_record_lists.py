"""Issue 36, status: the record screens draw each state as a pill and say why a list is empty.

In the demo, the ketua tim's Tinjauan shows today's people with their state pills
("○ belum"), and the revisit list, empty this morning, says where its people come from;
Serah terima's printed cards are "● siap …" pills.  Then the petugas's Draf tab (nothing
paused yet) says how a draft comes, and a person recorded as not at home shows the amber
"⌂ tidak di rumah" pill.  Pills and words are read from the accessibility tree (a screen
reader reads the same); the screenshots show they are whole.
"""

from __future__ import annotations

from tests.e2e.desktop import Desktop, Snapshot
from tests.e2e.journeys import log_in, open_page, problems_on_screen, switch_user
from ui import demo

OUTCOME_BOX = "Tidak direkam: sebutkan alasannya"
NO_REVISIT = "Tidak ada orang di daftar kunjungan ulang."
REVISIT_HINT = "Orang yang tidak di rumah, dikembalikan untuk rekam ulang"
NO_DRAFT = "Tidak ada perekaman yang dijeda pada kunjungan ini."
DRAFT_HINT = "Perekaman yang dijeda dengan tombol Jeda muncul di sini"


def _cells(snap: Snapshot) -> set[str]:
    return {n.name for n in snap.find("table cell")}


def test_states_are_pills_and_empty_lists_say_what_to_do(launch, desktop: Desktop) -> None:
    app = launch(desktop, "--demo")
    hands = app.hands
    size = (desktop.width, desktop.height)
    log_in(hands, demo.KETUA)

    # The ketua tim's day: each person's state as a pill, symbol and word.
    open_page(hands, "Tinjauan")
    hands.wait("today's states", lambda s: s.find("table cell", "○ belum"))
    hands.screenshot("tinjauan-hari-ini-pil")
    problems = problems_on_screen(hands.look(), *size)
    # Nobody to visit again yet: the list says who comes onto it.
    hands.click("page tab", "Daftar kunjungan ulang")
    hands.wait_text(NO_REVISIT)
    hands.wait_text(REVISIT_HINT)
    hands.screenshot("tinjauan-kunjungan-ulang-kosong")
    problems += problems_on_screen(hands.look(), *size)
    # The demo's printed cards wait for their owners: "● siap …".
    open_page(hands, "Serah terima")
    hands.wait("a card's state", lambda s: [c for c in _cells(s) if c.startswith("● ")])
    hands.screenshot("serah-terima-pil")

    # The petugas: nothing paused yet, so the Draf tab says how a draft comes.
    switch_user(hands, demo.PETUGAS, demo.DEMO_PASSWORD)
    open_page(hands, "Perekaman")
    hands.wait("the visit's people", lambda s: s.find("table cell", "○ belum ada hasil"))
    hands.click("page tab", "Draf (dijeda)")
    hands.wait_text(NO_DRAFT)
    hands.wait_text(DRAFT_HINT)
    hands.screenshot("perekaman-draf-kosong")
    problems += problems_on_screen(hands.look(), *size)

    # A person not at home: the outcome cell is the amber pill, symbol and word.
    hands.click("page tab", "Daftar sasaran")
    hands.click("table cell", "Demo Sasaran 2")
    hands.click("combo box", inside=OUTCOME_BOX)
    hands.click("list item", "Tidak di rumah")
    hands.click("push button", "Catat hasil")
    hands.wait(
        "the pill in the list",
        lambda s: [c for c in _cells(s) if c.startswith("⌂ tidak di rumah")],
    )
    hands.screenshot("perekaman-pil-status")
    problems += problems_on_screen(hands.look(), *size)
    assert not problems, "\n".join(problems)
    assert not app.crashes()
