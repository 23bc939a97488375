"""Issue 47, finding 10: after a message box, or the lock of "Ganti pengguna", closes,
the window takes the keys back, so Ctrl+Shift+L works at once; the demo's lock names
its accounts and password as its login did; Beranda's "Isi kop surat" is the admin's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from ui import demo, one_click
from ui.dialogs import LockReason
from ui.main_window import MainWindow, Page

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from fieldkit.workspace import Workspace

SWITCH_KEYS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _window(qtbot: QtBot, ws: Workspace) -> MainWindow:
    window = MainWindow(ws, demo=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def _press_switch_user(window: MainWindow) -> None:
    """Ctrl+Shift+L where the keyboard is: the focused widget, or the window."""
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_L, SWITCH_KEYS)


def _switch_to(qtbot: QtBot, window: MainWindow, username: str) -> None:
    """Ganti pengguna, as the officer does it: the lock, the next one's name and password."""
    window.lock(LockReason.SWITCH)
    lock = window.unlock_dialog
    assert lock is not None
    lock.username.setText(username)
    lock.password.setText(demo.DEMO_PASSWORD)
    lock.submit()
    qtbot.waitUntil(lambda: window.workspace.officer.username == username)


def test_ctrl_shift_l_works_right_after_a_message_box_closed(
    qtbot: QtBot, demo_ws: Workspace, indonesian: None
) -> None:
    window = _window(qtbot, demo_ws)
    box = window.about_box()
    box.open()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)  # the officer reads it
    box.button(QMessageBox.StandardButton.Close).click()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    _press_switch_user(window)
    qtbot.waitUntil(lambda: demo_ws.idle.locked)
    assert window.unlock_dialog is not None
    assert window.unlock_dialog.reason is LockReason.SWITCH


def test_after_ganti_pengguna_the_next_officer_has_the_keys_and_the_demos_hint(
    qtbot: QtBot, demo_ws: Workspace, indonesian: None
) -> None:
    window = _window(qtbot, demo_ws)
    window.switch_user()
    lock = window.unlock_dialog
    assert lock is not None
    # The demo's hint, as on its login: the accounts and their one password, filled in.
    (note,) = [label for label in lock.findChildren(QLabel) if label.objectName() == "demo_note"]
    assert "Mode latihan" in note.text(), note.text()
    for user, _role in demo.ACCOUNTS:
        assert f"<b>{user}</b>" in note.text()
    assert demo.DEMO_PASSWORD.replace("-", "\u2011") in note.text()
    assert lock.password.text() == demo.DEMO_PASSWORD
    lock.username.setText(demo.PETUGAS)
    lock.submit()
    qtbot.waitUntil(lambda: not demo_ws.idle.locked)
    assert demo_ws.officer.username == demo.PETUGAS
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    _press_switch_user(window)
    qtbot.waitUntil(lambda: demo_ws.idle.locked)


def test_the_letterhead_button_is_the_admins_even_after_ganti_pengguna(
    qtbot: QtBot, demo_ws: Workspace, indonesian: None
) -> None:
    """A petugas is told whom to ask, not offered a button to a dialog they cannot use."""
    assert demo_ws.officer.username == demo.ADMIN
    window = _window(qtbot, demo_ws)
    home = window.home
    assert not home.letterhead_button.isHidden()
    assert "Minta admin" not in home.letterhead_text.text()
    _switch_to(qtbot, window, demo.PETUGAS)
    assert home.letterhead_button.isHidden()
    assert "Minta admin mengisi kop surat di Laporan" in home.letterhead_text.text()
    # Laporan's letterhead dialog (anyone may read it) says why its fields take no typing.
    window.show_page(Page.REPORTS)
    reports = window.reports
    note = reports.office_read_only_note
    assert not note.isHidden()
    assert note.text() == "Hanya admin yang dapat mengubah kop surat; di sini hanya dapat dibaca."
    assert all(field.isReadOnly() for field in reports.office_fields.values())


def test_through_the_one_click_guard_the_window_hears_its_dialogs_without_a_filter_of_its_own(
    qtbot: QtBot, demo_ws: Workspace, indonesian: None
) -> None:
    # Issue 60: a second application event filter made every event of the app a second
    # call into Python; in the app the dialogs are heard through the one-click guard's.
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    guard = one_click.install(app)
    try:
        # Not handed to qtbot, which would close it after the test: it is deleted below.
        window = MainWindow(demo_ws, demo=True)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        assert guard.on_dialog_hidden == [window.return_focus._dialog_hidden]
        box = window.about_box()
        box.open()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
        box.button(QMessageBox.StandardButton.Close).click()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        _press_switch_user(window)
        qtbot.waitUntil(lambda: demo_ws.idle.locked)
        # A window gone is no longer told (a new one is made after each login).
        window.deleteLater()
        qtbot.waitUntil(lambda: guard.on_dialog_hidden == [])
    finally:
        app.removeEventFilter(guard)
        guard.deleteLater()
