"""Beranda (``ui.home_page``): what the laptop and its officer are at a glance."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui import demo
from ui.dialogs import LockReason, UnlockDialog
from ui.main_window import MainWindow


def test_beranda_names_the_officer_who_took_the_laptop_over(
    qtbot: QtBot, demo_data: demo.Demo, indonesian: None
) -> None:
    del indonesian
    ws = demo_data.workspace
    ws.switch_officer(demo.PETUGAS, demo.DEMO_PASSWORD)
    window = MainWindow(ws, demo=True)
    qtbot.addWidget(window)
    window.show()
    assert window.home.officer_label.text().startswith("Petugas Demo (petugas)")
    window.lock(LockReason.SWITCH)  # Ganti pengguna: the ketua logs in at the lock
    unlock = window.findChild(UnlockDialog)
    assert unlock is not None
    unlock.username.setText(demo.KETUA)
    unlock.password.setText(demo.DEMO_PASSWORD)
    with qtbot.waitSignal(unlock.accepted, timeout=10_000):
        unlock.submit()
    assert window.home.officer_label.text().startswith("Ketua Tim Demo (ketua)")
    assert window.home.officer_label.text().endswith("Ketua tim")
