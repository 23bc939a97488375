"""Each screen drives its fieldkit action through real widgets, on a real encrypted store."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from serial.tools import list_ports
from serial.tools.list_ports_common import ListPortInfo

from fieldkit.devices import DeviceSupervisor
from fieldkit.enrollment import outcomes, rules
from fieldkit.enrollment.outcomes import Outcome
from fieldkit.planning import kinds, requests, schedule, targets_import
from fieldkit.planning.models import Target
from fieldkit.quality.result import QualityModality
from fieldkit.records import outbox
from fieldkit.sarpras import checklist
from fieldkit.sarpras.checklist import Phase
from fieldkit.store.models import Setting
from fieldkit.workspace import Workspace
from tests.fieldkit.planning.planning_support import add_team, person, plan_visit, write_csv
from ui import demo, i18n
from ui.bridge import EventBridge
from ui.design import field_error
from ui.design.pill import PILL_ROLE, PillKind
from ui.device_catalogue import backend_text
from ui.main_window import MainWindow, Page
from ui.planning_page import PlanningPage
from ui.reports_page import ReportsPage
from ui.sarpras_page import SarprasPage
from ui.settings_page import SettingsPage
from ui.unsaved import typed_fields
from ui.window_fit import TARGET_SIZE

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.datetime.now().astimezone().date()


def _set(ws: Workspace, key: str, value: str) -> None:
    with ws.transaction() as session:
        session.merge(Setting(key=key, value=value))


# --- the shell -----------------------------------------------------------------------


def test_sidebar_and_ctrl_number_shortcuts_reach_every_page(
    qtbot: QtBot, demo_ws: Workspace
) -> None:
    window = MainWindow(demo_ws, demo=True)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert window.sidebar.count() == len(Page) == 9  # Serah terima is the ninth
    for page in reversed(Page):
        shortcut = f"Ctrl+{page.value + 1}"
        assert shortcut in window.sidebar.item(page).toolTip()
        key = Qt.Key(Qt.Key.Key_1 + page.value)
        qtbot.keyClick(window.sidebar, key, Qt.KeyboardModifier.ControlModifier)
        assert window.current_page() is page
    assert window.stack.widget(Page.ENROLLMENT).isAncestorOf(window.enrollment)
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    window.lock_action.trigger()
    assert demo_ws.idle.locked


def test_enrollment_slot_takes_the_real_screen(qtbot: QtBot, demo_ws: Workspace) -> None:
    window = MainWindow(demo_ws)
    qtbot.addWidget(window)
    real = QLabel("enrollment")
    window.replace_page(Page.ENROLLMENT, real)
    window.show_page(Page.ENROLLMENT)
    assert window.shown_page() is real
    assert window.stack.count() == len(Page)


def test_main_window_fits_a_1366x768_screen(qtbot: QtBot, demo_ws: Workspace) -> None:
    window = MainWindow(demo_ws, demo=True)
    qtbot.addWidget(window)
    window.resize(TARGET_SIZE)
    window.show()
    qtbot.waitExposed(window)
    for page in Page:
        window.show_page(page)
        needed = window.minimumSizeHint().expandedTo(window.minimumSize())
        assert needed.width() <= TARGET_SIZE.width(), (page, needed)
        assert needed.height() <= TARGET_SIZE.height(), (page, needed)
        assert window.size() == TARGET_SIZE, (page, window.size())


# --- home ----------------------------------------------------------------------------


def test_home_shows_todays_visit_queue_and_demo_banner(
    qtbot: QtBot, demo_data: demo.Demo, indonesian: None
) -> None:
    ws = demo_data.workspace
    with ws.transaction() as session:
        outbox.seal_record(session, "rec-1", b"synthetic record", visit_id=demo_data.visit_id)
        # Beranda counts people by their outcome (issue 47 C7): one of the visit's five
        # is recorded, as the capture's seal leaves them.
        first = session.scalars(
            sa.select(Target.id).where(Target.visit_id == demo_data.visit_id).order_by(Target.id)
        ).first()
        assert first is not None
        outcomes.put_outcome(
            session,
            target_id=first,
            visit_id=demo_data.visit_id,
            outcome=Outcome.RECORDED,
            officer="demo",
            record_id="rec-1",
        )
    window = MainWindow(ws, demo=True)
    qtbot.addWidget(window)
    window.show()
    home = window.home
    assert home.demo_banner.isVisible()
    assert home.demo_banner.text() == (
        "⚠ Data center belum terdaftar: rekaman disegel dengan kunci demo"
    )
    table = home.visits_table
    assert table.rowCount() == 1
    cells = [table.item(0, c).text() for c in range(table.columnCount())]
    assert cells[0] == "08:00"
    assert "Sumberjo" in cells[1]
    assert "Ketua Tim Demo" in cells[2]
    assert cells[3:] == ["5", "1", "4"]  # targets, done, left
    assert home.waiting_label.text().startswith("1 ")
    assert home.last_sync_label.text() == "belum pernah"
    assert home.freeze_label.text().startswith("✔")


def test_home_warns_in_words_before_and_at_the_freeze(qtbot: QtBot, demo_ws: Workspace) -> None:
    window = MainWindow(demo_ws)
    qtbot.addWidget(window)
    now = dt.datetime.now(dt.UTC)
    _set(demo_ws, "sync.last_success_at", (now - dt.timedelta(days=6)).isoformat())
    window.home.refresh()
    assert window.home.last_sync_label.text().startswith("6 days ago")
    assert window.home.freeze_label.text().startswith("⚠ Sync soon: in 1 day new")
    _set(demo_ws, "sync.last_success_at", (now - dt.timedelta(days=9)).isoformat())
    window.home.refresh()
    assert window.home.freeze_label.text().startswith("⛔ New enrollments are blocked")


def test_home_asks_for_the_letterhead_until_the_office_contact_is_set(
    qtbot: QtBot, demo_ws: Workspace, indonesian: None
) -> None:
    """Issue 23, finding 10: the receipt printed "Kontak kantor: -" and nothing asked for it."""
    window = MainWindow(demo_ws, demo=True)
    qtbot.addWidget(window)
    window.resize(TARGET_SIZE)
    window.show()
    home = window.home
    with qtbot.waitSignal(home.health_shown, timeout=30_000):
        home.refresh()
    assert home.letterhead_prompt.isVisible()
    assert home.letterhead_button.isVisible()  # the demo's admin fills it in
    qtbot.mouseClick(home.letterhead_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is Page.REPORTS
    dialog = window.reports.office_dialog
    qtbot.waitUntil(dialog.isVisible)
    window.reports.office_fields["address"].setText("Jl. Gajah Mada No. 1, Purwodadi")
    window.reports.office_fields["contact"].setText("(0292) 421000")
    qtbot.mouseClick(window.reports.save_office_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(home.health_shown, timeout=30_000):
        window.show_page(Page.HOME)
    assert not home.letterhead_prompt.isVisible()


# --- planning ------------------------------------------------------------------------


def test_plan_a_request_and_visit_through_the_forms(qtbot: QtBot, workspace: Workspace) -> None:
    add_team(workspace)
    page = PlanningPage(workspace)
    qtbot.addWidget(page)
    page.follow(EventBridge(workspace.events, page))  # as the main window does
    page.refresh()
    page.request_number.setText("470/55/2026")
    page.request_name.setText("Pemerintah Desa Sumberjo")
    page.request_region.setText("33.15.01.2005")
    qtbot.mouseClick(page.create_request_button, Qt.MouseButton.LeftButton)
    assert page.status.text().startswith("✔"), page.status.text()
    assert page.requests_table.rowCount() == 1
    assert typed_fields(page) == []  # saved: quitting has nothing to warn about

    # The region code was typed once, on the request: the visit takes its codes from it.
    assert (page.visit_kecamatan.text(), page.visit_desa_code.text()) == ("331501", "3315012005")
    assert page.visit_weeks.text() == page.visit_weeks.specialValueText()  # "once", not "1"
    page.visit_desa.setText("Sumberjo")
    page.visit_date.setDate(TODAY + dt.timedelta(days=3))
    assert page.team.ketua.currentData() == "ketua1"
    qtbot.mouseClick(page.create_visit_button, Qt.MouseButton.LeftButton)
    # No petugas ticked: the core's rule, said at the petugas list (issue 36).
    assert field_error(page.team.petugas)
    page.team.tick("petugas1")
    assert field_error(page.team.petugas) == ""  # ticked: the mark goes
    qtbot.mouseClick(page.create_visit_button, Qt.MouseButton.LeftButton)
    assert page.status.text().startswith("✔"), page.status.text()
    assert page.visits_table.rowCount() == 1
    assert typed_fields(page) == []
    assert "Siti Aminah" in page.visits_table.item(0, 2).text()
    assert page.visits_table.item(0, 4).text() == "◌ " + page.tr("planned")  # a word, not the enum
    (visit,) = schedule.list_visits(workspace)
    assert visit.visit_date == TODAY + dt.timedelta(days=3)
    assert [m.username for m in visit.team] == ["ketua1", "petugas1"]

    page.visits_table.selectRow(0)
    assert "1 ketua tim" in page.suggestion.text()
    page.team.tick("ketua1")  # the ketua is not offered as a petugas too (issue 36)
    assert page.team.chosen_petugas() == ["petugas1"]


def test_a_visit_is_cancelled_from_the_visits_tab_with_a_reason(
    qtbot: QtBot, workspace: Workspace
) -> None:
    """Issue 23, finding 3: a visit planned twice could not be cancelled, in the app or CLI."""
    first, second = plan_visit(workspace, weeks=2)
    page = PlanningPage(workspace)
    qtbot.addWidget(page)
    page.follow(EventBridge(workspace.events, page))
    page.refresh()
    qtbot.mouseClick(page.cancel_visit_button, Qt.MouseButton.LeftButton)
    assert page.status.text().startswith("⚠")  # nothing chosen: said, nothing cancelled
    page.visits_table.selectRow(0)
    qtbot.mouseClick(page.cancel_visit_button, Qt.MouseButton.LeftButton)
    dialog = page._reason_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.action_button.isEnabled()  # no reason yet
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # Enter cancels nothing
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.reason, "terjadwal dua kali")
    qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)
    assert page.status.text().startswith("✔"), page.status.text()
    states = {v.id: v.status for v in schedule.list_visits(workspace)}
    assert states[first.id] is schedule.VisitStatus.CANCELLED
    assert states[second.id] is schedule.VisitStatus.PLANNED
    assert page.visits_table.item(0, 4).text() == "✖ " + page.tr("cancelled")
    assert page.visits_table.item(0, 4).data(PILL_ROLE) == PillKind.DANGER.value
    # Nothing more to do on it: the targets tab no longer offers it.
    offered = [
        page.targets.target_visit.itemData(i) for i in range(page.targets.target_visit.count())
    ]
    assert offered == [second.id]


def test_a_visit_is_moved_from_the_visits_tab_and_a_bad_hour_is_said_in_place(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    """Issue 23: a visit could not be edited; a family asks for another day."""
    (visit,) = plan_visit(workspace)
    page = PlanningPage(workspace)
    qtbot.addWidget(page)
    page.follow(EventBridge(workspace.events, page))
    page.refresh()
    page.visits_table.selectRow(0)
    qtbot.mouseClick(page.move_visit_button, Qt.MouseButton.LeftButton)
    dialog = page._move_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    later = visit.visit_date + dt.timedelta(days=3)
    dialog.date.setDate(later)
    dialog.time.setText("jam 9")
    qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # refused in place, what was typed kept
    assert dialog.status.text().startswith("⚠"), dialog.status.text()
    dialog.time.setText("09:30")
    qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert page.status.text() == f"✔ Kunjungan dipindahkan ke {later.strftime('%d-%m-%Y')} 09:30."
    moved = schedule.get_visit(workspace, visit.id)
    assert (moved.visit_date, moved.start_time) == (later, "09:30")
    assert page.visits_table.item(0, 0).text() == f"{later.strftime('%d-%m-%Y')} 09:30"


def test_a_target_import_in_the_window_reloads_the_list_once_and_nothing_else(
    qtbot: QtBot, demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18: the import's own reload and the window's reload of the whole page both ran."""
    window = MainWindow(demo_ws, demo=True)
    qtbot.addWidget(window)
    window.show()
    window.show_page(Page.PLANNING)
    page = window.planning
    calls: list[str] = []
    load_targets, refresh = page.targets.load_targets, page.refresh
    monkeypatch.setattr(
        page.targets, "load_targets", lambda: (calls.append("targets"), load_targets())
    )
    monkeypatch.setattr(page, "refresh", lambda: (calls.append("page"), refresh()))
    with qtbot.waitSignal(page.targets.import_finished, timeout=30_000):
        page.targets.import_file(write_csv(tmp_path / "sasaran.csv", [person(i) for i in range(3)]))
    assert page.targets.targets_model.rowCount() == 5 + 3  # the demo's five and the three imported
    assert calls == ["targets"]


def test_import_targets_shows_row_problems_then_filters(
    qtbot: QtBot, demo_ws: Workspace, tmp_path: Path
) -> None:
    page = PlanningPage(demo_ws)
    qtbot.addWidget(page)
    page.follow(EventBridge(demo_ws.events, page))  # as the main window does
    page.refresh()
    rows = [person(i) for i in range(12)]
    broken = [*rows, [*person(20)]]
    broken[-1][1] = "33150112"  # a NIK that is too short
    with qtbot.waitSignal(page.targets.import_finished, timeout=30_000) as imported:
        page.targets.import_file(write_csv(tmp_path / "broken.csv", broken))
    assert isinstance(imported.args[0], targets_import.ImportReport)
    assert page.status.text().startswith("⚠ Nothing was imported")
    problem_rows = {
        page.targets.import_problems.item(r, 0).text()
        for r in range(page.targets.import_problems.rowCount())
    }
    assert "14" in problem_rows  # the header is row 1
    assert page.targets.targets_model.rowCount() == 5  # the demo's targets, untouched

    with qtbot.waitSignal(page.targets.import_finished, timeout=30_000):
        page.targets.import_file(write_csv(tmp_path / "good.csv", rows))
    assert page.status.text().startswith("✔ Imported 12 targets")
    assert page.targets.targets_model.rowCount() == 17
    assert page.targets.targets_proxy.rowCount() == 17
    assert "*" in page.targets.targets_model.item(0, 0).text()  # NIKs are masked on screen
    page.targets.search.setText("sasaran uji 11")
    assert page.targets.targets_proxy.rowCount() == 1
    page.targets.search.setText(person(3)[1])  # the full NIK finds its row although it is masked
    assert page.targets.targets_proxy.rowCount() == 1
    page.targets.search.clear()
    page.targets.category.setCurrentIndex(page.targets.category.findData("odgj"))
    odgj = page.targets.targets_proxy.rowCount()
    assert 0 < odgj < 17
    assert page.targets.targets_count.text() == f"{odgj} of 17 shown"


# --- sarpras -------------------------------------------------------------------------


def _run_self_tests(qtbot: QtBot, page: SarprasPage) -> None:
    page.use_sim.setChecked(True)
    with qtbot.waitSignal(page.self_tests_finished, timeout=90_000) as done:
        qtbot.mouseClick(page.self_test_button, Qt.MouseButton.LeftButton)
    view = done.args[0]
    assert isinstance(view, checklist.ChecklistView), view
    failed = {i.key: i.self_test_message for i in view.items if i.self_test_ok is False}
    assert not failed, failed


def test_sarpras_self_tests_with_simulators_then_the_ketua_signs(
    qtbot: QtBot, demo_data: demo.Demo
) -> None:
    home = demo_data.workspace.directory
    demo_data.workspace.close()
    ketua = Workspace.login(home, demo.KETUA, demo.DEMO_PASSWORD)
    try:
        page = SarprasPage(ketua, simulated=lambda: True)
        qtbot.addWidget(page)
        page.refresh()
        assert page.visit.visit_id() == demo_data.visit_id
        assert not page.sign_button.isEnabled()
        _run_self_tests(qtbot, page)
        devices = [i for i in page.view.items if i.kind is checklist.ItemKind.DEVICE]
        assert len(devices) == 5
        assert all(i.self_test_ok for i in devices), [(i.key, i.self_test_message) for i in devices]
        assert page.status.text() == "✔ Every device passed its self-test."
        device_rows = [
            r for r in range(page.table.rowCount()) if page.table.item(r, 1).text() != ""
        ]
        assert [page.table.item(r, 1).text() for r in device_rows] == [
            "● Ready"
        ] * 5  # Beranda's word
        # a consumable row: 8 pairs of gloves taken instead of 10
        gloves = next(
            r for r in range(page.table.rowCount()) if "Sarung" in page.table.item(r, 0).text()
        )
        page.table.selectRow(gloves)
        page.quantity.setValue(8)
        qtbot.mouseClick(page.save_row_button, Qt.MouseButton.LeftButton)
        assert page.table.item(gloves, 3).text() == "8 / 10 pasang"
        assert not page.sign_button.isEnabled()
        qtbot.mouseClick(page.rest_ok_button, Qt.MouseButton.LeftButton)
        assert page.view.complete
        assert page.sign_button.isEnabled()
        assert [page.table.item(r, 5).text() for r in device_rows] == ["✔ done"] * 5
        # Asked first; "Not yet" (the default, what Enter does) signs nothing.
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
        question = page.sign_question
        assert question is not None
        assert "can no longer be changed" in question.informativeText()
        not_yet = question.defaultButton()
        assert not_yet is not None
        qtbot.mouseClick(not_yet, Qt.MouseButton.LeftButton)
        view = checklist.get_checklist(ketua, demo_data.visit_id, Phase.CHECKOUT)
        assert view is not None
        assert not view.signed
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
        sign = next(b for b in page.sign_question.buttons() if b.text() == "Sign")
        qtbot.mouseClick(sign, Qt.MouseButton.LeftButton)
        assert page.sign_note.text().startswith("✔ Signed by ketua")
        view = checklist.get_checklist(ketua, demo_data.visit_id, Phase.CHECKOUT)
        assert view is not None
        assert view.signed_by == demo.KETUA
        assert not page.rest_ok_button.isEnabled()  # a signed list no longer changes
    finally:
        ketua.close()


def test_sarpras_sign_off_is_only_for_the_ketua_tim(qtbot: QtBot, demo_ws: Workspace) -> None:
    page = SarprasPage(demo_ws)  # the admin
    qtbot.addWidget(page)
    page.refresh()
    qtbot.mouseClick(page.rest_ok_button, Qt.MouseButton.LeftButton)
    _run_self_tests(qtbot, page)
    assert page.view is not None
    assert page.view.complete
    assert not page.sign_button.isEnabled()
    assert "Only the ketua tim may sign" in page.sign_note.text()
    page.sign()  # even called directly, the core refuses and the page says why
    assert page.status.text().startswith("⚠")
    view = checklist.get_checklist(demo_ws, page.visit.visit_id() or "", Phase.CHECKOUT)
    assert view is not None
    assert not view.signed


# --- reports -------------------------------------------------------------------------


def test_generate_a_surat_tugas_and_see_its_preview(
    qtbot: QtBot, demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = ReportsPage(demo_ws)
    qtbot.addWidget(page)
    page.refresh()
    assert "KABUPATEN GROBOGAN" in page.government_label.text()
    with qtbot.waitSignal(page.preview_ready, timeout=60_000) as ready:
        qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    path = ready.args[0]
    assert isinstance(path, Path)
    assert path.parent == demo_ws.directory / "reports"
    assert path.read_bytes().startswith(b"%PDF")
    assert page.documents.count() == 1
    pixmap = page.preview_label.pixmap()
    assert not pixmap.isNull()
    assert pixmap.height() > pixmap.width()  # an A4 page, upright
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(path))]

    page.kind.setCurrentIndex(page.kind.findData("surat-balasan"))
    with qtbot.waitSignal(page.preview_ready, timeout=60_000) as ready:
        qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    assert ready.args[0].name.startswith("surat-balasan-")
    assert page.documents.count() == 2


def test_every_sop_document_is_made_from_the_reports_page(
    qtbot: QtBot, demo_ws: Workspace, indonesian: None
) -> None:
    """Issue 23, finding 2: the berita acara, the rekap and the DTKS list were CLI-only."""
    page = ReportsPage(demo_ws)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    titles = {
        "ba-perekaman": "BERITA ACARA",
        "rekap-harian": "REKAP",
    }
    for kind, title in titles.items():
        page.kind.setCurrentIndex(page.kind.findData(kind))
        with qtbot.waitSignal(page.preview_ready, timeout=60_000):  # and its preview is shown
            qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
        assert page.status.text().startswith("✔"), (kind, page.status.text())
        (pdf,) = (demo_ws.directory / "reports").glob(f"{kind}-*.pdf")
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert title in text.upper(), (kind, text[:200])
    # Only the fields a document is made from are shown: nothing typed is ignored.
    page.kind.setCurrentIndex(page.kind.findData("rekap-harian"))
    assert (page.visit.isVisible(), page.date.isVisible(), page.number.isVisible()) == (
        False,
        True,
        False,
    )
    page.kind.setCurrentIndex(page.kind.findData("ba-perekaman"))
    assert (page.visit.isVisible(), page.date.isVisible(), page.number.isVisible()) == (
        True,
        False,
        True,
    )
    # With nothing to report yet, each says so in words, and writes nothing.
    for kind, words in (
        ("ba-sarpras", "daftar periksa pengembalian"),
        ("ba-serah-terima", "Tidak ada serah terima kartu"),
        ("usulan-dtks", "Belum ada orang yang ditandai"),
    ):
        page.kind.setCurrentIndex(page.kind.findData(kind))
        qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
        assert page.status.text().startswith("⚠"), (kind, page.status.text())
        assert words in page.status.text(), (kind, page.status.text())
        assert not list((demo_ws.directory / "reports").glob(f"{kind}-*.pdf"))


def test_the_letterhead_is_set_in_its_own_dialog(
    qtbot: QtBot, demo_ws: Workspace, indonesian: None
) -> None:
    """Issue 23, finding 8: "Kop surat disimpan." was below the fold of a scrolling page."""
    window = MainWindow(demo_ws, demo=True)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    window.show_page(Page.REPORTS)
    page = window.reports
    page.refresh()
    qtbot.mouseClick(page.office_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.office_dialog.isVisible)
    page.office_fields["contact"].setText("(0292) 421000")
    qtbot.mouseClick(page.save_office_button, Qt.MouseButton.LeftButton)
    assert not page.office_dialog.isVisible()
    assert page.status.text() == "✔ Kop surat disimpan."
    qtbot.waitUntil(  # seen whole, once the layout has taken the new text in
        lambda: page.status.visibleRegion().boundingRect().height() == page.status.height()
    )


# --- settings ------------------------------------------------------------------------


def test_switching_language_says_a_restart_is_needed(
    qtbot: QtBot, workspace: Workspace, indonesian: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FIELDKIT_LANG", raising=False)
    page = SettingsPage(workspace)
    qtbot.addWidget(page)
    page.refresh()
    assert page.language.currentData() == "id"
    page.language.setCurrentIndex(page.language.findData("en"))
    qtbot.mouseClick(page.save_language_button, Qt.MouseButton.LeftButton)
    assert "Mulai ulang aplikasi untuk menerapkan bahasa" in page.language_note.text()
    assert i18n.chosen_language(workspace.directory) == "en"
    assert page.datacenter_url.text() == "belum diatur"
    assert page.thresholds_box.isVisibleTo(page)  # reserved, for the admin


def test_pin_a_backend_and_list_devices(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    page = SettingsPage(workspace, simulated=lambda: True)
    qtbot.addWidget(page)
    page.refresh()
    page.pin_kind.setCurrentIndex(page.pin_kind.findData("fingerprint"))
    page.pin_backend.setCurrentIndex(page.pin_backend.findData("zfm"))
    page.pin_options.setText("port=/dev/ttyUSB0")
    qtbot.mouseClick(page.pin_button, Qt.MouseButton.LeftButton)
    saved = json.loads((workspace.directory / "devices.json").read_text())
    assert saved["devices"]["fingerprint"] == {
        "backend": "zfm",
        "options": {"port": "/dev/ttyUSB0"},
    }
    # The backend is named in words (issue 47 D11), never by its code.
    assert backend_text("zfm") in page.pinned_label.text()
    assert "zfm" not in page.pinned_label.text()
    # A second device pinned: both are listed (sorting them by modality crashed the screen).
    page.pin_kind.setCurrentIndex(page.pin_kind.findData("face"))
    page.pin_backend.setCurrentIndex(page.pin_backend.findData("sim"))
    page.pin_options.setText("")
    qtbot.mouseClick(page.pin_button, Qt.MouseButton.LeftButton)
    page.refresh()
    assert page.pinned_label.text() == (
        f"Ditetapkan: Kamera wajah: {backend_text('sim')}, "
        f"Pemindai sidik jari: {backend_text('zfm')}"
    )
    page.pin_options.setText("no-equals-sign")
    qtbot.mouseClick(page.pin_button, Qt.MouseButton.LeftButton)
    assert page.status.text().startswith("⚠")
    with qtbot.waitSignal(page.devices_listed, timeout=30_000):
        qtbot.mouseClick(page.list_button, Qt.MouseButton.LeftButton)
    assert page.devices_table.rowCount() == 5
    rows = {
        page.devices_table.item(row, 0).text(): page.devices_table.item(row, 3).text()
        for row in range(5)
    }
    assert rows["Kamera wajah"] == "siap"  # the driver's "ready", in the UI's language
    assert rows["Pembaca kartu"] == "kartu ada di pembaca"


def _listed_port(device: str, description: str, usb: tuple[int, int] | None = None) -> ListPortInfo:
    """A port as pyserial lists it (its Windows naming: ``COM5``, described with "(COM5)")."""
    port = ListPortInfo(device, skip_link_detection=True)
    port.description = description
    if usb is not None:
        port.vid, port.pid = usb
    return port


def test_a_serial_backend_offers_the_listed_ports_and_fills_the_chosen_one(
    qtbot: QtBot, workspace: Workspace, indonesian: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = [
        _listed_port("COM1", "Communications Port (COM1)"),
        _listed_port("COM5", "USB-SERIAL CH340 (COM5)", (0x1A86, 0x7523)),
    ]
    monkeypatch.setattr(list_ports, "comports", lambda: listed)
    page = SettingsPage(workspace, simulated=lambda: True)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert not page.port_row.isVisible()  # "automatic" needs no port
    page.pin_kind.setCurrentIndex(page.pin_kind.findData("fingerprint"))
    with qtbot.waitSignal(page.ports_listed) as listing:
        page.pin_backend.setCurrentIndex(page.pin_backend.findData("zfm"))
    assert [p.device for p in listing.args[0]] == ["COM5", "COM1"]
    assert page.port_row.isVisible()
    assert page.pin_port.accessibleName() == "Port serial"
    texts = [page.pin_port.itemText(i) for i in range(page.pin_port.count())]
    assert texts == ["COM5 — USB-SERIAL CH340", "COM1 — Communications Port"]
    tip = page.pin_port.itemData(0, Qt.ItemDataRole.ToolTipRole)
    assert tip == "Adaptor USB-UART WCH CH340 (USB 1A86:7523)"
    assert page.pin_port.currentIndex() == -1  # nothing chosen yet
    assert page.pin_port.placeholderText() == "Pilih port adaptornya"
    page.pin_options.setText("password=0")
    page.pin_port.setFocus()
    qtbot.keyClick(page.pin_port, Qt.Key.Key_Down)  # the person picks the first: the CH340
    assert page.pin_options.text() == "password=0, port=COM5"
    qtbot.mouseClick(page.pin_button, Qt.MouseButton.LeftButton)
    saved = json.loads((workspace.directory / "devices.json").read_text())
    assert saved["devices"]["fingerprint"] == {
        "backend": "zfm",
        "options": {"password": "0", "port": "COM5"},
    }
    page.pin_backend.setCurrentIndex(page.pin_backend.findData("sbi"))  # a TCP port: no list
    assert not page.port_row.isVisible()


def test_no_serial_port_is_said_in_indonesian_and_a_refresh_finds_one(
    qtbot: QtBot, workspace: Workspace, indonesian: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed: list[ListPortInfo] = []
    monkeypatch.setattr(list_ports, "comports", lambda: list(listed))
    page = SettingsPage(workspace, simulated=lambda: True)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.pin_kind.setCurrentIndex(page.pin_kind.findData("signature"))
    with qtbot.waitSignal(page.ports_listed):
        page.pin_backend.setCurrentIndex(page.pin_backend.findData("isdv4"))
    assert page.pin_port.currentText() == "Tidak ada port serial terdeteksi"
    assert page.pin_port.currentData() is None  # the words, no port to choose
    listed.append(_listed_port("COM5", "USB-SERIAL CH340 (COM5)", (0x1A86, 0x7523)))
    page.pin_options.setText("port=COM5")  # typed before: shown as the chosen one
    with qtbot.waitSignals([page.ports_listed, page.devices_listed], timeout=30_000):
        qtbot.mouseClick(page.list_button, Qt.MouseButton.LeftButton)  # "Periksa perangkat"
    assert page.pin_port.currentText() == "COM5 — USB-SERIAL CH340"
    assert page.pin_port.currentData() == "COM5"
    listed.clear()
    with qtbot.waitSignal(page.ports_listed):
        qtbot.mouseClick(page.refresh_ports_button, Qt.MouseButton.LeftButton)
    assert page.pin_port.currentText() == "Tidak ada port serial terdeteksi"


def test_an_admin_sets_the_thresholds_on_the_settings_page(
    qtbot: QtBot, demo_ws: Workspace
) -> None:
    page = SettingsPage(demo_ws)  # the admin
    qtbot.addWidget(page)
    page.refresh()
    assert page.thresholds_box.isVisibleTo(page)
    face = page.threshold_inputs[QualityModality.FACE]
    assert (face.value(), page.freeze_days_input.value()) == (50, 7)
    face.setValue(60)
    page.freeze_days_input.setValue(3)
    qtbot.mouseClick(page.save_rules_button, Qt.MouseButton.LeftButton)
    assert page.status.text().startswith("✔")
    current = rules.current_rules(demo_ws)
    assert (current.policy.threshold(QualityModality.FACE), current.freeze_days) == (60, 3)
    again = SettingsPage(demo_ws)
    qtbot.addWidget(again)
    again.refresh()
    assert again.threshold_inputs[QualityModality.FACE].value() == 60


def test_settings_hide_the_thresholds_from_non_admins(qtbot: QtBot, demo_data: demo.Demo) -> None:
    home = demo_data.workspace.directory
    demo_data.workspace.close()
    petugas = Workspace.login(home, demo.PETUGAS, demo.DEMO_PASSWORD)
    try:
        page = SettingsPage(petugas)
        qtbot.addWidget(page)
        assert not page.thresholds_box.isVisibleTo(page)
        # NIP and pangkat are the admin's; a newcomer's first login is anyone's to open.
        assert not page.officers_box.open_button.isVisibleTo(page)
        assert page.officers_box.first_login_button.isVisibleTo(page)
    finally:
        petugas.close()


# --- the app itself --------------------------------------------------------------------


def test_fieldkit_app_demo_starts_shows_its_window_and_cleans_up() -> None:
    app = Path(sys.executable).with_name("fieldkit-app")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("FIELDKIT_HOME", None)
    done = subprocess.run(
        # The login button pressed the moment the dialog shows: before the store is made.
        [str(app), "--demo", "--password-stdin", "--quit-after", "2", "--report-ready"],
        input=demo.DEMO_PASSWORD + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2:] == ["FIELDKIT_LOGIN_READY", "FIELDKIT_READY"]
    assert f"password for all: {demo.DEMO_PASSWORD}" in done.stdout
    folder = Path(done.stdout.split("training data in ", 1)[1].split(",", 1)[0])
    assert folder.name.startswith("fieldkit-demo-")
    assert not folder.exists()  # the throwaway store is gone


def test_demo_data_is_a_planned_visit_today_with_five_valid_targets(demo_ws: Workspace) -> None:
    visit, next_week = schedule.list_visits(demo_ws)
    # Made today: between this module's import and now (a run may cross midnight).
    assert TODAY <= visit.visit_date <= dt.datetime.now().astimezone().date()
    assert visit.targets == demo.TARGETS
    # Next week's visit, to practise the "not today" warning on (issue 36): no list yet.
    assert next_week.visit_date == visit.visit_date + dt.timedelta(days=demo.NEXT_VISIT_IN_DAYS)
    assert next_week.targets == 0
    from fieldkit import nik

    for target in targets_import.list_targets(demo_ws, visit.id):
        assert nik.check_nik(target.nik).valid, target.nik


# --- screenshots -----------------------------------------------------------------------


def test_screenshots_of_every_screen_at_1366x768(
    qtbot: QtBot,
    demo_data: demo.Demo,
    indonesian: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.ui.conftest import SCREENSHOTS

    ws = demo_data.workspace
    supervisor = DeviceSupervisor(ws.events, sim=True, interval_s=0.2)
    window = MainWindow(ws, supervisor, demo=True)
    qtbot.addWidget(window)
    window.resize(TARGET_SIZE)
    window.show()
    qtbot.waitExposed(window)
    supervisor.start()
    lights = window.devices_panel.lights.values()
    qtbot.waitUntil(lambda: all(light.text() == "● Siap" for light in lights), timeout=30_000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def shot(name: str) -> None:
        qtbot.wait(0)  # let queued layout and paint events run
        image = window.grab()
        assert image.size() == QSize(1366, 768) * image.devicePixelRatio()
        assert image.save(str(SCREENSHOTS / f"{name}.png"))

    shot("home")
    window.show_page(Page.PLANNING)
    window.planning.tabs.setCurrentIndex(2)
    shot("planning")
    window.show_page(Page.SARPRAS)
    _run_self_tests(qtbot, window.sarpras)
    window.sarpras.table.selectRow(0)
    shot("sarpras")
    window.show_page(Page.REPORTS)
    with qtbot.waitSignal(window.reports.preview_ready, timeout=60_000):
        window.reports.generate()
    shot("reports")
    window.show_page(Page.SETTINGS)
    with qtbot.waitSignal(window.settings.devices_listed, timeout=30_000):
        window.settings.list_devices()
    shot("settings")
    listed = [  # a Windows laptop with a scanner on a CH340 and its own COM1
        _listed_port("COM1", "Communications Port (COM1)"),
        _listed_port("COM5", "USB-SERIAL CH340 (COM5)", (0x1A86, 0x7523)),
    ]
    monkeypatch.setattr(list_ports, "comports", lambda: listed)
    settings = window.settings
    settings.pin_kind.setCurrentIndex(settings.pin_kind.findData("fingerprint"))
    with qtbot.waitSignal(settings.ports_listed, timeout=30_000):
        settings.pin_backend.setCurrentIndex(settings.pin_backend.findData("zfm"))
    settings.pin_port.setCurrentIndex(0)
    settings.pin_port.activated.emit(0)
    assert settings.pin_options.text() == "port=COM5"
    shot("settings-serial-port")
    listed.clear()  # the adapter pulled: the list says there is none
    with qtbot.waitSignal(settings.ports_listed, timeout=30_000):
        qtbot.mouseClick(settings.refresh_ports_button, Qt.MouseButton.LeftButton)
    assert settings.pin_port.currentText() == "Tidak ada port serial terdeteksi"
    shot("settings-no-serial-port")
    assert {p.stem for p in SCREENSHOTS.glob("*.png")} >= {
        "home",
        "planning",
        "sarpras",
        "reports",
        "settings",
        "settings-serial-port",
        "settings-no-serial-port",
    }


def test_about_names_the_one_version(qtbot: QtBot, demo_ws: Workspace) -> None:
    from fieldkit._version import __version__

    window = MainWindow(demo_ws, demo=True)
    qtbot.addWidget(window)
    assert window.about_action in window.actions()
    text = window.about_text()
    assert f"FieldKit {__version__}" in text
    assert str(demo_ws.directory) in text


def test_a_code_typed_in_the_visit_form_is_not_replaced_by_the_request_s(
    qtbot: QtBot, workspace: Workspace
) -> None:
    add_team(workspace)
    for number, region in (("470/1/2026", "33.15.01.2005"), ("470/2/2026", "33.15.02")):
        requests.create_request(
            workspace,
            number=number,
            letter_date=TODAY,
            requester_type=kinds.RequesterType.DESA,
            requester_name="Pemerintah Desa",
            region_code=region,
        )
    page = PlanningPage(workspace)
    qtbot.addWidget(page)
    page.refresh()
    page.visit_request.setCurrentIndex(
        page.visit_request.findText("470/1/2026", Qt.MatchFlag.MatchStartsWith)
    )
    assert page.visit_desa_code.text() == "3315012005"
    qtbot.keyClicks(page.visit_kecamatan, "9")  # the person's own edit
    page.visit_request.setCurrentIndex(
        page.visit_request.findText("470/2/2026", Qt.MatchFlag.MatchStartsWith)
    )
    assert page.visit_kecamatan.text() == "3315019"  # theirs, kept
    assert page.visit_desa_code.text() == ""  # a kecamatan request names no desa
    assert typed_fields(page) == [page.visit_kecamatan]
