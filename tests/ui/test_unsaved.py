"""Typing nobody saved (``ui.unsaved``): quitting or another officer says so before it goes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit, QSpinBox, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from fieldkit import demo as sim
from fieldkit.enrollment.machine import Step
from ui import demo
from ui.dialogs import LockReason, UnlockDialog
from ui.enrollment.page import EnrollmentPage
from ui.main_window import MainWindow, Page
from ui.quitting import quit_warning
from ui.reports_page import ReportsPage
from ui.unsaved import mark_saved, not_work, typed_fields


@pytest.fixture(scope="module")
def kit() -> Iterator[sim.SimKit]:
    with sim.SimKit(slaps=True) as devices:
        yield devices


def test_only_what_a_person_typed_and_nobody_saved_counts(qtbot: QtBot) -> None:
    form = QWidget()
    qtbot.addWidget(form)
    layout = QVBoxLayout(form)
    typed, filled, secret, search = QLineEdit(), QLineEdit(), QLineEdit(), not_work(QLineEdit())
    secret.setEchoMode(QLineEdit.EchoMode.Password)
    count = QSpinBox()
    for widget in (typed, filled, secret, search, count):
        layout.addWidget(widget)
    assert typed_fields(form) == []
    qtbot.keyClicks(typed, "Pemerintah Desa Sumberjo")
    filled.setText("08:00")  # put there by the program: nothing to lose
    qtbot.keyClicks(secret, "kata-sandi")  # never kept anyway
    qtbot.keyClicks(search, "Demo")
    qtbot.keyClicks(count, "3")
    assert typed_fields(form) == [typed]
    mark_saved(form)
    assert typed_fields(form) == []
    qtbot.keyClicks(typed, " 2")
    assert typed_fields(form) == [typed]
    typed.clear()
    assert typed_fields(form) == []
    qtbot.keyClicks(typed, "   ")  # only blanks: nothing would be lost
    assert typed_fields(form) == []


def test_quitting_names_the_screen_whose_typing_would_be_lost(
    qtbot: QtBot, demo_data: demo.Demo, indonesian: None
) -> None:
    del indonesian
    window = MainWindow(demo_data.workspace, demo=True)
    qtbot.addWidget(window)
    assert window.unsaved_screens() == []
    reports = window.page(Page.REPORTS)
    assert isinstance(reports, ReportsPage)
    qtbot.keyClicks(reports.number, "474/123/Disdukcapil/XI/2026")
    assert window.unsaved_screens() == ["Laporan"]
    warning = quit_warning(demo_data.workspace, demo=True, unsaved=window.unsaved_screens())
    assert warning is not None
    assert warning.startswith("Yang sudah diketik dan belum disimpan di Laporan akan hilang.")
    assert "datanya dihapus saat FieldKit ditutup" in warning  # the demo's own warning stays


def test_switch_user_asks_first_and_no_keeps_the_typing(
    qtbot: QtBot, demo_data: demo.Demo, indonesian: None
) -> None:
    del indonesian
    window = MainWindow(demo_data.workspace, demo=True)
    qtbot.addWidget(window)
    window.show()
    reports = window.page(Page.REPORTS)
    assert isinstance(reports, ReportsPage)
    qtbot.keyClicks(reports.number, "474/123")
    asked: list[str] = []

    def stay() -> None:
        box = window.switch_question
        assert box is not None
        asked.append(box.informativeText())
        default = box.defaultButton()
        assert default is not None
        default.click()  # what Enter does: stay

    QTimer.singleShot(0, stay)
    window.switch_user()
    said = (
        "Yang sudah diketik dan belum disimpan di Laporan akan hilang. "
        "Isian tetap ada bila petugas yang sama masuk lagi."
    )
    assert asked == [said]
    assert not demo_data.workspace.idle.locked  # No: nothing locked, the typing is there
    assert reports.number.text() == "474/123"


def test_another_officer_after_an_idle_lock_is_told_what_was_not_kept(
    qtbot: QtBot, demo_data: demo.Demo, indonesian: None
) -> None:
    del indonesian
    ws = demo_data.workspace
    window = MainWindow(ws, demo=True)
    qtbot.addWidget(window)
    window.show()
    reports = window.page(Page.REPORTS)
    assert isinstance(reports, ReportsPage)
    qtbot.keyClicks(reports.number, "474/123")
    window.lock(LockReason.IDLE)
    unlock = window.findChild(UnlockDialog)
    assert unlock is not None
    unlock.username.setText(demo.KETUA)
    unlock.password.setText(demo.DEMO_PASSWORD)
    with qtbot.waitSignal(unlock.accepted, timeout=10_000):
        unlock.submit()
    notice = window.typing_lost_notice
    assert notice is not None
    assert notice.isVisible()
    assert "Laporan" in notice.text(), notice.text()


def test_what_a_draft_saved_is_not_unsaved_typing(
    qtbot: QtBot, demo_data: demo.Demo, kit: sim.SimKit
) -> None:
    """The guardian's name, typed, is unsaved until the consent is recorded in the draft."""
    page = EnrollmentPage(demo_data.workspace, kit)
    qtbot.addWidget(page)
    page.refresh()
    page.start_screen.targets.selectRow(3)
    page.start_screen.start_selected()
    consent = page.consent_screen
    consent.guardian.setChecked(True)
    qtbot.keyClicks(consent.guardian_name, "Siti Aminah")
    qtbot.keyClicks(consent.guardian_relation, "anak")
    assert typed_fields(page) == [consent.guardian_name, consent.guardian_relation]
    consent.record_consent()
    assert page.view is not None
    assert page.view.progress.current is not Step.CONSENT  # recorded: the draft moved on
    assert typed_fields(page) == []


def test_quitting_names_the_open_recording_before_typing_elsewhere(
    qtbot: QtBot, demo_data: demo.Demo, kit: sim.SimKit, indonesian: None
) -> None:
    """Issue 36: the demo's quit question named Sinkronisasi's fields, not the recording."""
    del indonesian
    page = EnrollmentPage(demo_data.workspace, kit)
    qtbot.addWidget(page)
    page.refresh()
    assert page.open_recording() is None
    page.start_screen.targets.selectRow(2)
    page.start_screen.start_selected()
    person = page.open_recording()
    assert person is not None
    assert person.startswith("Demo Sasaran")
    warning = quit_warning(
        demo_data.workspace, demo=True, unsaved=["Sinkronisasi"], recording=person
    )
    assert warning is not None
    assert warning.startswith(f"Perekaman {person} yang sedang terbuka ikut dihapus"), warning
    kept = quit_warning(demo_data.workspace, demo=False, recording=person)
    assert kept is not None
    assert kept.startswith(f"Perekaman {person} yang sedang terbuka disimpan sebagai draf")
