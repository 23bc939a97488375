"""A petugas starts a walk-in on next week's visit: told so first, then reminded in amber.

Issue 36, finding 3: recording on a visit planned for another day gave no sign, and
the recording header cut the person's name to "Demo Sa…".  In the demo (next week's
visit to the panti is planned beside today's) the petugas picks next week's visit,
adds a person met on the spot with a long full name and starts them.  Before the
first capture a question says the visit is planned for that day, not today; going on,
the header shows the whole name and an amber chip saying "bukan hari ini", read by
its accessible name and description and seen in the screenshot's pixels.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PIL import Image

from tests.e2e.desktop import Desktop, Node, Snapshot
from tests.e2e.journeys import choose_containing, log_in, open_page, problems_on_screen

if TYPE_CHECKING:
    from pathlib import Path

LONG_NAME = "Raden Ajeng Siti Nurhaliza Kusumawardhani Purnamasari"
#: Synthetic: Kedungjati (331501), a woman (day + 40) born 12-03-1950, serial 9123.
NIK = "3315015203509123"
QUESTION = "Bukan kunjungan hari ini"
GO_ON = "Tetap rekam di kunjungan ini"
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
BULAN = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
#: The header's name is this much larger than the NIK's bold text beside it (``ui.enrollment``).
NAME_SCALE = 1.25
#: Letters are narrower than the NIK's digits and stars: the room asked for is this share.
ROOM_MARGIN = 0.7
#: The demo plans its second visit this many days after today's (``ui.demo``).
NEXT_VISIT_IN_DAYS = 7


def _in_words(day: dt.date) -> str:
    """``Kamis, 3 Desember 2026``, as the screen says a day in Indonesian."""
    return f"{HARI[day.weekday()]}, {day.day} {BULAN[day.month - 1]} {day.year}"


def _amber_share(shot: Path, rect: tuple[int, int, int, int]) -> float:
    """How much of the chip's area is amber (red high, green middling, blue low)."""
    x, y, w, h = rect
    with Image.open(shot) as image:
        area = image.convert("RGB").crop((x, y, x + w, y + h))
    colours = area.getcolors(maxcolors=max(w * h, 1)) or []
    amber = sum(n for n, (r, g, b) in colours if r > 200 and 130 < g < 215 and b < 90)
    return amber / max(w * h, 1)


def _header_name(snap: Snapshot) -> Node | None:
    found = snap.find("label", LONG_NAME)
    return found[0] if found else None


def _the_whole_name_beside(snap: Snapshot, chip: Node, desktop: Desktop) -> None:
    """The whole name, drawn whole, beside the NIK and the chip.

    The label has no accessible name of its own, so the tree reads what it shows; its
    rect, not clipped by the window or the screen, has the room the name needs,
    measured against the NIK beside it in the same bold face (the name's is larger).
    """
    name = _header_name(snap)
    assert name is not None, "the header does not show the person's whole name"
    assert "…" not in name.name
    assert name.rect is not None
    x, y, w, h = name.rect
    assert w > 0
    assert h > 0
    assert x >= 0
    assert y >= 0
    assert x + w <= desktop.width
    assert y + h <= desktop.height
    assert snap.visible_rect(name) == name.rect, "the name's label is clipped"
    (nik,) = snap.find("label", contains="NIK 3315")
    assert nik.rect is not None
    per_char, line = nik.rect[2] / len(nik.name), nik.rect[3] * NAME_SCALE
    lines = max(1, round(h / line))
    needed = len(LONG_NAME) * per_char * NAME_SCALE * ROOM_MARGIN
    assert w * lines >= needed, f"{lines} line(s) of {w} px cannot hold the name ({needed:.0f})"
    assert chip.rect is not None
    assert x + w <= nik.rect[0] <= chip.rect[0], "the name runs under the NIK or the chip"


def test_a_walk_in_on_next_weeks_visit_is_warned_and_the_header_shows_it_whole(
    launch, desktop: Desktop
) -> None:
    app = launch(desktop, "--demo")
    hands = app.hands
    log_in(hands, "petugas")
    open_page(hands, "Perekaman")
    today = dt.datetime.now().astimezone().date()
    next_week = today + dt.timedelta(days=NEXT_VISIT_IN_DAYS)
    # The page opens on today's visit, not on the newest plan.
    assert hands.look().find("combo box", contains=today.strftime("%d-%m-%Y")), (
        "Perekaman did not open on today's visit"
    )
    choose_containing(hands, "Sumberjo", next_week.strftime("%d-%m-%Y"))

    hands.click("page tab", "Tambah orang di tempat")
    hands.fill("text", "NIK", NIK)
    hands.fill("text", "Nama lengkap", LONG_NAME)
    hands.fill("text", "Tempat lahir", "Grobogan")
    hands.click("push button", "Tambah dan mulai perekaman")

    # Before anything is recorded: the visit's day in words, "not today", and a choice.
    hands.find("alert", QUESTION)
    expected = f"Kunjungan ini dijadwalkan {_in_words(next_week)}, bukan hari ini."
    hands.wait_text(expected)
    snap = hands.look()
    assert snap.find("push button", "Pilih kunjungan hari ini"), "no way to today's visit"
    assert not snap.find("push button", "Catat persetujuan"), "recording began unasked"
    hands.screenshot("not-todays-visit-question")
    problems = problems_on_screen(snap, desktop.width, desktop.height)

    hands.click("push button", GO_ON)
    hands.find("push button", "Catat persetujuan")
    snap = hands.look()
    chips = snap.find("label", contains="bukan hari ini")
    assert len(chips) == 1, f"the header's visit-day chip: {chips}"
    chip = chips[0]
    assert _in_words(next_week) in chip.name
    assert "Peringatan" in chip.description, chip.description
    assert chip.rect is not None
    shot = hands.screenshot("header-amber-chip-whole-name")
    share = _amber_share(shot, chip.rect)
    assert share > 0.3, f"the chip is not amber ({share:.0%} of it)"

    _the_whole_name_beside(snap, chip, desktop)

    # The first capture's step, with the header above it, fits the screen as before.
    hands.click("push button", "Catat persetujuan")
    hands.find("push button", "Rekam")
    hands.screenshot("face-step-with-header")
    problems += problems_on_screen(hands.look(), desktop.width, desktop.height)
    problems += problems_on_screen(snap, desktop.width, desktop.height)
    assert not problems, "\n".join(problems)
    assert not app.crashes()
