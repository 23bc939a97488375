"""Quitting as a person does: Ctrl+Q, read what will happen, confirm; a clean exit every time."""

from __future__ import annotations

import pytest

from fieldkit.logs import LOG_FILE
from tests.e2e.desktop import Desktop
from tests.e2e.journeys import log_in, open_page, problems_on_screen

#: A crash on the way out once printed this twice in two quits (issue 14).
FATAL = ("Fatal Python error", "Traceback (most recent call last)", "Segmentation fault")


@pytest.mark.parametrize("where", ["home", "capture"])
def test_ctrl_q_asks_in_the_demo_then_quits_cleanly(launch, desktop: Desktop, where: str) -> None:
    app = launch(desktop, "--demo")
    hands = app.hands
    log_in(hands, "petugas")
    if where == "capture":  # the live preview's worker is running when the officer quits
        open_page(hands, "Perekaman")
        hands.click("table cell", "Demo Sasaran 3")
        hands.click("push button", "Mulai perekaman orang yang dipilih")
        hands.click("push button", "Catat persetujuan")
        hands.click("push button", "Rekam")
        hands.wait("the face captured", lambda s: s.find("push button", "Rekam"), 30)
    else:  # a number typed on Laporan and no PDF made: quitting says it would be lost
        open_page(hands, "Laporan")
        hands.fill("text", "Nomor", "474/123/Disdukcapil/XI/2026")
    hands.key("ctrl+q")
    hands.find("alert", "Keluar dari FieldKit?")
    hands.wait_text("data")
    if where == "home":
        hands.wait_text("Yang sudah diketik dan belum disimpan di Laporan akan hilang.")
    else:  # what would be lost is named: the recording on screen (issue 36)
        hands.wait_text("Perekaman Demo Sasaran 3 yang sedang terbuka ikut dihapus")
    hands.screenshot(f"quit-question-{where}")
    problems = problems_on_screen(hands.look(), desktop.width, desktop.height)
    # First "stay": nothing is lost and the window is still there.
    hands.click("push button", "Tetap di sini")
    hands.wait("the window again", lambda s: not s.find("alert", "Keluar dari FieldKit?"))
    assert app.process.poll() is None
    # Then quit for real, this time from the menu.
    hands.click("menu item", "FieldKit")
    hands.click("menu item", "Keluar")
    hands.find("alert", "Keluar dari FieldKit?")
    hands.click("push button", "Keluar")
    demo_folder = app.demo_folder()
    assert app.process.wait(timeout=30) == 0
    # The training data is gone; the log it wrote is not (a bug's message points at it).
    assert demo_folder is not None
    assert not demo_folder.exists()
    assert (app.log_dir / "demo" / LOG_FILE).stat().st_size > 0
    stderr = app.stderr_path.read_text(errors="replace")
    assert not [f for f in FATAL if f in stderr], stderr[-3000:]
    assert not problems, "\n".join(problems)
    assert not app.crashes()
