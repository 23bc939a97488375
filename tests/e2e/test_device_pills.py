"""Issue 36, "Status": one set of device-state pills, and errors said at their field.

Pengaturan's devices table and the Sarpras self-tests show a device's state as the
same pill Beranda does (the word with its symbol, on a coloured pill): before, the
table's cell was plain text and Sarpras said "✔ lulus" in words of its own.  A
faulty item saved without a note is said under the note, not in a line at the bottom.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PIL import Image

from tests.e2e.desktop import Desktop, Hands, Node, Snapshot
from tests.e2e.journeys import log_in, open_page, problems_on_screen
from tests.e2e.test_devices import SCANNER, _beranda_light, _same_row
from tests.e2e.test_ketua import POWER_BANK
from ui.design.tokens import LIGHT

if TYPE_CHECKING:
    from pathlib import Path

READY = "● Siap"
SETTLE_S = 30
#: The fewest pixels of a pill's fill on a cell's middle line for the cell to be a pill.
MIN_FILL_PX = 8


def _fill_pixels(shot: Path, cell: Node, colour: str) -> int:
    """How many pixels on the cell's middle line have the pill's fill colour."""
    x, y, w, h = cell.rect or (0, 0, 0, 0)
    wanted = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    with Image.open(shot) as image:
        rgb = image.convert("RGB")
        return sum(1 for dx in range(w) if rgb.getpixel((x + dx, y + h // 2)) == wanted)


def _scanner_state_cell(snap: Snapshot) -> Node | None:
    """The scanner's state cell in Pengaturan's devices table (the one after its module)."""
    names = snap.find("table cell", SCANNER)
    if len(names) != 1:
        return None
    cells = _same_row(snap, names[0], "table cell")
    return cells[1] if len(cells) > 1 else None


def _pengaturan_pill(hands: Hands) -> Node:
    open_page(hands, "Pengaturan")
    found = hands.wait(
        f"Pengaturan: {SCANNER} {READY}",
        lambda s: (cell := _scanner_state_cell(s)) is not None and cell.name == READY and cell,
        SETTLE_S,
    )
    assert isinstance(found, Node)
    return found


def test_device_states_are_berandas_pills_and_a_missing_note_is_said_under_it(
    launch, desktop: Desktop
) -> None:
    app = launch(desktop, "--demo")
    hands: Hands = app.hands
    log_in(hands, "ketua")
    width, height = desktop.width, desktop.height
    problems: list[str] = []
    open_page(hands, "Beranda")
    hands.wait(f"Beranda: {SCANNER} {READY}", lambda s: _beranda_light(s) == READY, SETTLE_S)

    # Pengaturan: the same word, drawn as the same green pill.
    cell = _pengaturan_pill(hands)
    shot = hands.screenshot("pengaturan-device-pills")
    assert _fill_pixels(shot, cell, LIGHT.colours.success_bg) >= MIN_FILL_PX, cell
    problems += problems_on_screen(hands.look(), width, height)

    # Sarpras: each device's self-test in Beranda's word and pill, not a word of its own.
    open_page(hands, "Sarpras")
    hands.click("push button", "Jalankan uji mandiri perangkat")
    hands.wait_text("Semua perangkat lulus uji mandiri.", timeout=60)
    snap = hands.look()
    table = snap.one(name="Daftar periksa sarpras")
    ready = [c for c in snap.find("table cell", READY) if snap.is_inside(c, table)]
    assert ready, "no self-test says Siap"
    assert not snap.find("table cell", contains="lulus"), "a self-test in words of its own"
    shot = hands.screenshot("sarpras-self-test-pills")
    assert _fill_pixels(shot, ready[0], LIGHT.colours.success_bg) >= MIN_FILL_PX, ready[0]
    problems += problems_on_screen(snap, width, height)

    # A faulty item saved without a note: said under the note, with its red border.
    hands.click("table cell", contains=POWER_BANK)
    combo = hands.find("combo box", inside="Baris terpilih")
    x, y = combo.center
    hands.desktop.xdotool("mousemove", str(x), str(y), "click", "1")
    hands.click("list item", contains="rusak")
    hands.click("push button", "Simpan baris")
    said = hands.wait(
        "the note's error",
        lambda s: s.find("label", contains="tuliskan di catatan apa masalahnya"),
    )
    assert isinstance(said, list)
    shot = hands.screenshot("sarpras-note-needed")
    snap = hands.look()
    message = snap.one("label", contains="tuliskan di catatan apa masalahnya")
    note = snap.one("text", "Catatan baris")
    assert message.rect is not None
    assert note.rect is not None
    assert note.rect[1] + note.rect[3] <= message.rect[1] < note.rect[1] + 3 * note.rect[3]
    x, y, _w, h = note.rect
    with Image.open(shot) as image:
        r, g, b = image.convert("RGB").getpixel((x, y + h // 2))  # type: ignore[misc]
    assert f"#{r:02x}{g:02x}{b:02x}" == LIGHT.colours.danger
    problems += problems_on_screen(snap, width, height)
    # Typing the note takes the message away, and the row saves.
    hands.click("text", "Catatan baris")
    hands.type("Kabel putus")
    hands.wait("the error gone", lambda s: not s.find("label", contains="tuliskan di catatan"))
    hands.click("push button", "Simpan baris")
    hands.wait_text(f"Disimpan: {POWER_BANK}")
    hands.screenshot("sarpras-note-saved")
    assert not problems, "\n".join(problems)
    assert not app.crashes()
