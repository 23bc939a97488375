"""The ketua tim signs the equipment out before the trip and back in after it (SOP 004)."""

from __future__ import annotations

from tests.e2e.desktop import Desktop, Hands
from tests.e2e.journeys import log_in, open_page, problems_on_screen

POWER_BANK = "Power bank"
NOTE = "Retak, tidak mau mengisi daya"


def _set_row(hands: Hands, item: str, condition: str, note: str) -> None:
    hands.click("table cell", contains=item)
    combo = hands.find("combo box", inside="Baris terpilih")
    x, y = combo.center
    hands.desktop.xdotool("mousemove", str(x), str(y), "click", "1")
    hands.tally.clicks += 1
    hands.click("list item", contains=condition)
    hands.click("text", inside="Baris terpilih")
    hands.key("ctrl+a")
    hands.type(note)
    hands.click("push button", "Simpan baris")
    hands.wait_text(f"Tersimpan: {item}")


def test_the_ketua_signs_the_sarpras_out_with_a_broken_item_and_back_in(
    launch, desktop: Desktop
) -> None:
    app = launch(desktop, "--demo")
    hands = app.hands
    log_in(hands, "ketua")
    open_page(hands, "Sarpras")
    problems = problems_on_screen(hands.look(), desktop.width, desktop.height)
    hands.click("push button", "Jalankan uji mandiri perangkat")
    hands.wait_text("lulus uji mandiri", timeout=60)
    _set_row(hands, POWER_BANK, "rusak", NOTE)
    hands.click("push button", "Tandai baris lainnya baik")
    hands.wait_text("ditandai")
    hands.screenshot("checkout-before-signing")
    # The broken power bank stays broken: "mark the others" must not overwrite it.
    row = hands.look().find("table cell", contains=NOTE)
    assert row, "the power bank's note is gone after marking the other rows"
    hands.click("push button", "Tanda tangani sebagai ketua tim")
    hands.wait_text("Daftar periksa ditandatangani")
    hands.screenshot("checkout-signed")
    problems += problems_on_screen(hands.look(), desktop.width, desktop.height)
    assert not problems, "\n".join(problems)
    assert not app.crashes()
