"""The app's first screens, as real widgets on Qt's offscreen platform."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QThread
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from drivers import Modality
from drivers.base import StatusReason
from fieldkit.devices import DeviceSupervisor
from fieldkit.events import DeviceStatus
from fieldkit.workspace import IdleLock, Workspace
from tests.support import ADMIN, ADMIN_PASSWORD
from ui import demo, i18n
from ui.app import LOGIN_READY_MARKER, READY_MARKER, Warmup, demo_login_steps
from ui.design.pill import PillKind
from ui.dialogs import FirstRunDialog, LockReason, LoginDialog, UnlockDialog
from ui.main_window import MainWindow, Page
from ui.workers import NamedThread


def _ok(dialog: FirstRunDialog | LoginDialog | UnlockDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _log_in(qtbot: QtBot, dialog: LoginDialog) -> None:
    """Masuk, and wait for the login's worker to come back (in or refused)."""
    with qtbot.waitSignal(dialog.login_finished, timeout=20_000):
        _ok(dialog)


def test_indonesian_is_the_default_language(indonesian: None) -> None:
    assert i18n.chosen_language() == "id"
    assert QCoreApplication.translate("LoginDialog", "Password") == "Kata sandi"


def test_first_run_creates_the_store(qtbot: QtBot, home: Path, indonesian: None) -> None:
    dialog = FirstRunDialog(home)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Siapkan FieldKit di laptop ini"
    dialog.office_code.setText("3505")
    dialog.username.setText("ketua")
    dialog.full_name.setText("Ketua Uji")
    dialog.password.setText("sandi-ketua-1")
    dialog.repeat.setText("sandi-lain-99")
    _ok(dialog)
    assert dialog.error_label.isVisibleTo(dialog)
    assert dialog.error_label.text() == "⚠ Kedua kata sandi tidak sama."
    dialog.repeat.setText("sandi-ketua-1")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        _ok(dialog)
    assert dialog.workspace is not None
    assert dialog.workspace.officer.username == "ketua"
    dialog.workspace.close()


def test_first_run_shows_bad_office_code_in_place(qtbot: QtBot, home: Path) -> None:
    dialog = FirstRunDialog(home)
    qtbot.addWidget(dialog)
    dialog.office_code.setText("9999")
    dialog.username.setText("ketua")
    dialog.password.setText("sandi-ketua-1")
    dialog.repeat.setText("sandi-ketua-1")
    _ok(dialog)
    assert "9999" in dialog.error_label.text()
    assert dialog.workspace is None
    assert not (home / "keyring.json").exists()


def test_login_wrong_password_stays_open_with_a_clear_message(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    workspace.close()
    dialog = LoginDialog(workspace.directory, ADMIN)
    qtbot.addWidget(dialog)
    assert dialog.username.text() == ADMIN
    dialog.show()
    dialog.password.setText("bukan-sandinya")
    _log_in(qtbot, dialog)
    assert dialog.focusWidget() is dialog.password  # to type it again
    assert dialog.buttons.isEnabled()
    assert dialog.error_label.text() == (
        "⚠ Kata sandi salah. Periksa Caps Lock lalu coba lagi; sisa 4 kali percobaan sebelum"
        " akun dikunci sementara."
    )
    assert dialog.password.text() == ""
    dialog.password.setText(ADMIN_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        _ok(dialog)
    assert dialog.workspace is not None
    dialog.workspace.close()


def test_the_login_opens_the_store_off_the_gui_thread_and_cannot_be_closed_meanwhile(
    qtbot: QtBot, workspace: Workspace, indonesian: None, caplog: pytest.LogCaptureFixture
) -> None:
    """Opening checks every page and may write the day's backup: seconds the window lives."""
    workspace.close()
    dialog = LoginDialog(workspace.directory, ADMIN)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.offer_card(lambda: None)  # a reader was found: the card box is there too
    assert dialog.card_box is not None
    dialog.password.setText(ADMIN_PASSWORD)
    caplog.set_level("INFO", logger="fieldkit.workspace")
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        _ok(dialog)
        # The click came back at once, with the login still on its worker.
        assert dialog.logging_in
        assert dialog.status_label.text() == "Membuka penyimpanan data…"
        assert not dialog.buttons.isEnabled()
        assert not dialog.card_box.isEnabled()  # one session, not a card's too
        _ok(dialog)  # a second press starts no second login
        dialog.reject()  # nor does Esc close the window on a store being opened
        assert dialog.isVisible()
    assert dialog.workspace is not None
    logged_in = [r for r in caplog.records if r.getMessage().startswith("officer logged in")]
    assert len(logged_in) == 1
    assert logged_in[0].threadName != "MainThread"
    assert not dialog.status_label.isVisibleTo(dialog)
    dialog.workspace.close()


def test_a_damaged_store_is_restored_from_the_login_window_and_opens(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    """The same restore as ``fieldkit store restore``, offered where the damage is met."""
    workspace.backup()
    workspace.close()
    with workspace.store.path.open("r+b") as handle:
        handle.seek(4096 + 100)
        handle.write(b"\xde\xad\xbe\xef" * 64)
    dialog = LoginDialog(workspace.directory, ADMIN)
    qtbot.addWidget(dialog)
    assert dialog.restore_button.isHidden()
    dialog.password.setText(ADMIN_PASSWORD)
    _log_in(qtbot, dialog)
    assert dialog.workspace is None
    assert dialog.error_label.text().startswith("⚠ Berkas data rusak")
    assert not dialog.restore_button.isHidden()
    assert dialog.password.text() == ADMIN_PASSWORD  # kept for the restore
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.restore_button.click()
    assert dialog.workspace is not None
    assert dialog.workspace.check().ok
    assert list((workspace.directory / "damaged").glob("fieldkit-*.db"))
    dialog.workspace.close()


def test_a_store_bug_at_login_points_to_the_log_and_keeps_the_window_open(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    """A table gone from the store is a bug, not the disk: the officer is told where to look."""
    with workspace.store.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE officers")
    workspace.close()
    dialog = LoginDialog(workspace.directory, ADMIN)
    qtbot.addWidget(dialog)
    dialog.password.setText(ADMIN_PASSWORD)
    _log_in(qtbot, dialog)
    assert dialog.workspace is None
    assert dialog.result() == 0  # not accepted: the officer may try again
    shown = dialog.error_label.text()
    assert "berkas log" in shown.lower(), shown
    assert "disk" not in shown.lower()


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_main_window_locks_when_idle_and_keeps_the_session(
    qtbot: QtBot, workspace: Workspace
) -> None:
    clock = FakeClock()
    workspace.idle = IdleLock(dt.timedelta(minutes=10), clock=clock)
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    # The store's and the audit chain's checks read all of it: off the GUI thread.
    assert window.store_label.text() == window.audit_label.text() == "◌ Checking…"
    with qtbot.waitSignal(window.home.health_shown, timeout=10_000):
        window.show()
    assert window.store_label.text().startswith("✔")
    assert window.audit_label.text().startswith("✔")
    clock.now += 10 * 60
    window.check_idle()
    assert workspace.idle.locked
    unlock = window.findChild(UnlockDialog)
    assert unlock is not None
    qtbot.keyClick(unlock, Qt.Key.Key_Escape)  # Escape must not get past the lock
    assert workspace.idle.locked
    unlock.password.setText(ADMIN_PASSWORD)
    with qtbot.waitSignal(unlock.accepted, timeout=10_000):
        _ok(unlock)
    assert not workspace.idle.locked
    assert workspace.verify_audit().ok  # same open store, nothing was closed


def test_back_up_now_adds_a_backup(qtbot: QtBot, workspace: Workspace) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    before = window.backups_label.text()
    window.backup_action.trigger()
    assert window.backups_label.text() != before


def test_home_shows_live_device_lights_in_indonesian(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    supervisor = DeviceSupervisor(workspace.events, sim=True, interval_s=0.2)
    window = MainWindow(workspace, supervisor)
    qtbot.addWidget(window)
    panel = window.devices_panel
    assert panel.title() == "Perangkat"

    ready = DeviceStatus(
        kind="fingerprint",
        state="ready",
        reason="ready",
        error="",
        backend="sim",
        simulated=True,
    )
    # Heard the way a screen hears it: a typed subscription, delivered on the GUI thread.
    heard: list[DeviceStatus] = []
    window.bridge.subscribe(DeviceStatus, heard.append, window)
    supervisor.start()
    qtbot.waitUntil(lambda: ready in heard, timeout=15_000)
    assert panel.lights["fingerprint"].text() == "● Siap"  # symbol and word, not colour alone
    assert panel.lights["fingerprint"].kind() is PillKind.OK  # drawn as the green pill
    assert panel.details["fingerprint"].text() == "simulator (latihan)"
    window.close()  # stops the supervisor with the window
    assert supervisor.device(Modality.FINGERPRINT) is None


# --- start-up: what loads when (benchmarks/bench_startup.py has the timings) ----------

#: What the login dialog must paint without: the store's code and the capture stack.
_STORE_CODE = ("sqlalchemy", "alembic", "fieldkit.workspace", "fieldkit.store.models", "cv2")


def test_the_login_window_paints_without_the_store_code(workspace: Workspace) -> None:
    workspace.close()
    probe = f"""
import sys
from PySide6.QtWidgets import QApplication
from ui import app
from ui.dialogs import LoginDialog
qt = QApplication([])
dialog = LoginDialog(__import__("pathlib").Path({str(workspace.directory)!r}), "admin")
app.demo_login_steps(__import__("pathlib").Path({str(workspace.directory)!r}), dialog)  # as --demo
dialog.show()
dialog.repaint()
print(sorted(m for m in {_STORE_CODE!r} if m in sys.modules))
"""
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
        check=True,
    )
    assert done.stdout.strip() == "[]", done.stdout


def test_warmup_imports_and_loads_on_a_background_thread(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "fk_warm_probe.py").write_text(
        "import threading\nTHREAD = threading.current_thread().name\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "fk_warm_probe", raising=False)
    loaded: list[str] = []

    qt_threads: list[bool] = []

    def load_data() -> None:
        loaded.append(threading.current_thread().name)
        qt_threads.append(isinstance(QThread.currentThread(), NamedThread))

    warmup = Warmup(["fk_warm_probe", "fk_no_such_module", load_data])
    with qtbot.waitSignal(warmup.finished, timeout=10_000) as done:
        warmup.start()
    warmup.wait()
    assert done.args == [["fk_warm_probe", "load_data"]]  # the missing module is skipped
    probe = sys.modules["fk_warm_probe"]
    assert probe.THREAD == loaded[0] == "fieldkit-warmup"  # not the GUI thread
    assert qt_threads == [True]  # Qt's own thread, not a Python one: ui.workers.NamedThread


def _in_a_fresh_interpreter(script: str) -> subprocess.CompletedProcess[str]:
    """``script`` run by a new Python (offscreen Qt): what it imports is its own."""
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_the_warmup_thread_loads_what_the_screens_need_but_no_qt_class() -> None:
    # A ui module defines QObject subclasses; defining one on the warm-up thread while the
    # GUI thread ran crashed the app at start-up (a segfault in the GUI thread, seen in CI).
    # In a fresh interpreter: warm up as the app does, then see who imported what.
    script = (
        "import sys\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from ui.app import LOGIN_WARMUP, Warmup\n"
        "from ui.main_window import PAGE_MODULES\n"
        "app = QCoreApplication([])\n"
        "before = {m for m in sys.modules if m.startswith('ui.')}\n"
        "steps = [s for s in LOGIN_WARMUP if isinstance(s, str)] + list(PAGE_MODULES)\n"
        "warmup = Warmup(steps)\n"
        "warmup.start()\n"
        "warmup.wait()\n"
        "after = {m for m in sys.modules if m.startswith('ui.')}\n"
        "print(sorted(after - before))\n"
        "print(all(m in sys.modules for m in ('sqlalchemy', 'cv2', 'reportlab', 'httpx')))\n"
    )
    done = _in_a_fresh_interpreter(script)
    new_ui_modules, heavy_loaded = done.stdout.splitlines()
    assert new_ui_modules == "[]", "the warm-up thread imported ui modules"
    assert heavy_loaded == "True", "the warm-up did not load the screens' libraries"


def test_the_live_checks_models_are_built_by_the_warmup_not_by_the_first_capture() -> None:
    # In a fresh interpreter, as the app's page warm-up runs its last step on its thread.
    script = (
        "from ui.app import Warmup, _load_capture_checks\n"
        "from fieldkit.enrollment import assess\n"
        "from fieldkit.quality import finger, iris\n"
        "warmup = Warmup([_load_capture_checks])\n"
        "warmup.start()\n"
        "warmup.wait()\n"
        "print(finger._extractor.cache_info().currsize,"
        " assess._face_analyzer.cache_info().currsize,"
        " iris._analyzer.cache_info().currsize)\n"
    )
    done = _in_a_fresh_interpreter(script)
    # NFIQ 2's extractor and the minutiae one; the face analyzer the capture path uses
    # (assess's) and the iris one.
    assert done.stdout.split() == ["2", "1", "1"], done.stderr[-2000:]


def test_a_real_start_paints_the_login_then_the_main_window(workspace: Workspace) -> None:
    workspace.close()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "FIELDKIT_HOME": str(workspace.directory),
    }
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("fieldkit-app")),
            *("--password-stdin", "--report-ready", "--quit-after", "0.5", "--verbose"),
        ],
        input=ADMIN_PASSWORD + "\n",  # typed into the dialog's field, then its button pressed
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [LOGIN_READY_MARKER, READY_MARKER]
    log = (workspace.directory / "logs" / "fieldkit.log").read_text()
    assert "officer logged in" in log
    assert log.index("LoginDialog painted") < log.index("warm-up done: fieldkit.login")


def test_screens_other_than_home_are_built_when_first_shown(
    qtbot: QtBot, workspace: Workspace
) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    assert set(window.pages) == {Page.HOME}
    assert window.stack.count() == len(Page)
    window.show_page(Page.SYNC)
    assert set(window.pages) == {Page.HOME, Page.SYNC}
    assert window.shown_page() is window.sync
    assert type(window.sync).__name__ == "SyncPage"
    planning = window.planning  # built on access too, into its slot's scroll area
    assert planning.parentWidget() is not None
    assert window.stack.widget(Page.PLANNING).isAncestorOf(planning)


def test_devices_start_when_the_app_asks_and_never_after_close(
    qtbot: QtBot, workspace: Workspace
) -> None:
    supervisor = DeviceSupervisor(workspace.events, sim=True, interval_s=0.2)
    window = MainWindow(workspace, supervisor)
    qtbot.addWidget(window)
    assert supervisor.status(Modality.FINGERPRINT).reason is StatusReason.NOT_WATCHED  # not yet
    window.start_devices()  # ui.app calls it on the first paint
    assert supervisor.status(Modality.FINGERPRINT).reason is not StatusReason.NOT_WATCHED
    window.close()  # stops them
    assert supervisor.status(Modality.FINGERPRINT).reason is StatusReason.NOT_WATCHED
    window.start_devices()  # a first paint after closing must not restart them
    assert supervisor.status(Modality.FINGERPRINT).reason is StatusReason.NOT_WATCHED


def test_a_login_pressed_before_the_code_loads_goes_ahead_once_it_has(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    workspace.close()
    dialog = LoginDialog(workspace.directory, ADMIN)
    qtbot.addWidget(dialog)
    released = threading.Event()

    def slow_store_code() -> None:
        assert released.wait(30)

    warmup = Warmup([slow_store_code], dialog)
    dialog.hold_until(warmup.finished)
    dialog.show()
    warmup.start()
    dialog.password.setText(ADMIN_PASSWORD)
    _ok(dialog)  # the GUI thread does not wait: the press is kept, and said so
    assert dialog.workspace is None
    assert dialog.status_label.isVisibleTo(dialog)
    assert dialog.status_label.text() == "Sedang bersiap… sebentar lagi dilanjutkan."
    assert not dialog.buttons.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        released.set()
    warmup.wait()
    assert dialog.workspace is not None
    assert dialog.workspace.officer.username == ADMIN
    assert not dialog.status_label.isVisibleTo(dialog)
    dialog.workspace.close()


def test_the_demo_login_names_its_accounts_and_says_when_its_store_cannot_be_made(
    qtbot: QtBot, tmp_path: Path, indonesian: None
) -> None:
    not_a_folder = tmp_path / "demo"
    not_a_folder.write_text("a file where the demo's folder should be")
    home = not_a_folder / "data"
    dialog = LoginDialog(home, demo.ADMIN)
    qtbot.addWidget(dialog)
    warmup = Warmup(demo_login_steps(home, dialog), dialog)
    warmup.failed.connect(dialog.refuse)
    dialog.hold_until(warmup.finished)
    note = dialog.findChild(QLabel, "demo_note")
    assert note is not None
    assert "<b>admin</b> (admin), <b>ketua</b> (ketua tim), <b>petugas</b> (petugas)" in note.text()
    assert dialog.password.text() == demo.DEMO_PASSWORD
    dialog.show()
    _ok(dialog)  # pressed at once, while the store is being made
    with qtbot.waitSignal(warmup.finished, timeout=30_000):
        warmup.start()
    qtbot.waitUntil(lambda: dialog.error_label.isVisibleTo(dialog), timeout=5_000)
    assert str(home) in dialog.error_label.text()  # where it could not write, not "try again"
    # The error's lines grow the window rather than squeeze the note above them.
    assert note.height() >= note.heightForWidth(note.width())
    assert dialog.error_label.height() >= dialog.error_label.heightForWidth(
        dialog.error_label.width()
    )
    assert not dialog.buttons.isEnabled()
    assert not dialog.status_label.isVisibleTo(dialog)
    _ok(dialog)
    assert dialog.workspace is None
    assert not home.exists()


def test_switching_user_is_worded_apart_from_quitting_and_ends_in_a_login(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    words = {action.text() for action in window.findChildren(QAction)}
    assert {"Ganti pengguna", "Keluar"} <= words
    assert not any("Keluar /" in word for word in words)  # one word, one action
    action = {
        reason: UnlockDialog(workspace, window, reason)
        .buttons.button(QDialogButtonBox.StandardButton.Ok)
        .text()
        for reason in LockReason
    }
    assert action[LockReason.SWITCH] == "Masuk"  # as on the login window
    assert action[LockReason.IDLE] == action[LockReason.MANUAL] == "Buka kunci"
