"""Issue 36, status on the office screens: a refusal is said at its field, a state is a pill,
an empty list says why and what to do next.

Before, Perencanaan said a missing desa in one line at the bottom of the page, far
from the field; a visit's state was a bare word; an empty table on Sinkronisasi was a
grey box a new officer read as broken.
"""

from __future__ import annotations

from tests.e2e.desktop import Desktop, Hands, Node, Snapshot
from tests.e2e.journeys import log_in, open_page, problems_on_screen

DESA_MISSING = "Nama desa/kelurahan wajib diisi."
#: A visit's state cell: its symbol before the word (◌ terjadwal, ✔ selesai, ✖ dibatalkan).
STATE_PILLS = ("◌ terjadwal", "✔ selesai", "✖ dibatalkan")
NO_PROBLEMS = "Tidak ada rekaman yang bermasalah."


def _under(message: Node, field: Node, next_field: Node) -> bool:
    """The message lies between the field it is about and the next field down."""
    assert message.rect is not None
    assert field.rect is not None
    assert next_field.rect is not None
    return field.rect[1] + field.rect[3] <= message.rect[1] < next_field.rect[1]


def test_office_lists_say_states_as_pills_errors_at_the_field_and_why_empty(
    launch, desktop: Desktop
) -> None:
    app = launch(desktop, "--demo")
    hands: Hands = app.hands
    log_in(hands, "admin")  # plans visits (the demo has no operator)
    open_page(hands, "Perencanaan")
    hands.click("page tab", "Kunjungan dan tim")

    def state_cells(snap: Snapshot) -> list[Node]:
        return [n for n in snap.find("table cell") if n.name in STATE_PILLS]

    cells = hands.wait("a visit's state as a pill", state_cells)
    assert isinstance(cells, list)
    assert cells, "no visit state with its symbol"

    # The desa left empty: the refusal stands under the Desa field, not at the page's foot.
    hands.click("push button", "Jadwalkan kunjungan")

    def said_under_desa(snap: Snapshot) -> list[Node]:
        desa, code = snap.one("text", "Desa/kelurahan"), snap.one("text", "Kode desa")
        return [n for n in snap.find("label", DESA_MISSING) if _under(n, desa, code)]

    hands.wait("the desa's error under the desa", said_under_desa)
    hands.screenshot("desa-missing")
    snap = hands.look()
    assert snap.one("text", "Desa/kelurahan").description == DESA_MISSING
    problems = problems_on_screen(snap, desktop.width, desktop.height)
    assert not problems, "\n".join(problems)

    # Typed, the mark goes away.
    hands.fill("text", "Desa/kelurahan", "Tegalrejo")  # no office desa: no list pops up
    hands.wait("the desa's error gone", lambda s: not s.find("label", DESA_MISSING))

    # Sinkronisasi, before any push: the problems table says what fills it.
    open_page(hands, "Sinkronisasi")

    def empty_words(snap: Snapshot) -> list[str]:
        # The words on the table's empty area, or the table's description (a reader's way).
        return [t for n in snap.nodes for t in (n.name, n.description) if t and NO_PROBLEMS in t]

    words = hands.wait("the empty problems table's words", empty_words)
    assert isinstance(words, list)
    assert "Kirim rekaman sekarang" in words[0]  # the next step, by the button's name
    hands.screenshot("sync-nothing-to-fix")
    assert not app.crashes()
