"""The sync screen enrolls with, and pushes to, a real data center running as a subprocess."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from pytestqt.qtbot import QtBot

from fieldkit.records import outbox
from fieldkit.workspace import Workspace
from tests.sync.client.syncsupport import FixedPortDataCenter, seal_records, server, states
from tests.sync.server.dcsupport import list_records, new_code
from tests.ui.conftest import SCREENSHOTS
from ui.main_window import TARGET_SIZE, MainWindow, Page
from ui.sync_page import SyncPage

__all__ = ["server"]  # the data center fixture, shared with tests/sync/client

PUSH_MS = 60_000


def test_enroll_then_push_shows_100_percent_and_the_summary(
    qtbot: QtBot, workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    page = SyncPage(workspace)
    window.replace_page(Page.SYNC, page)
    window.resize(TARGET_SIZE)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(Page.SYNC)
    assert page.server_state.text().startswith("○")

    page.url.setText(server.url)
    page.code.setText(new_code(server.data))
    page.fingerprint.setText(server.fingerprint)
    with qtbot.waitSignal(page.enrolled, timeout=PUSH_MS):
        qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
    assert page.server_state.text().startswith("✔")

    ids = seal_records(workspace, 12, size=200_000)
    progress: list[int] = []
    page.bar.valueChanged.connect(progress.append)
    with qtbot.waitSignal(page.pushed, timeout=PUSH_MS) as pushed:
        qtbot.mouseClick(page.push_button, Qt.MouseButton.LeftButton)
    summary = pushed.args[0]
    assert summary.ok, summary.as_json()
    assert page.bar.value() == 100
    assert len(set(progress)) > 2  # the bar moved record by record, not in one jump
    assert "12" in page.summary_label.text()
    assert page.problems.rowCount() == 0
    assert "/s" in page.progress_text.text() or ":" in page.progress_text.text()
    assert sorted(r["record_id"] for r in list_records(server.data)) == sorted(ids)
    assert set(states(workspace).values()) == {outbox.RecordStatus.PURGED.value}
    page.refresh()  # the counts in words, not the outbox's state names
    assert page.progress_text.text() == "On this laptop: accepted and removed from this laptop: 12"

    qtbot.wait(0)
    image = window.grab()
    assert image.size() == QSize(1366, 768) * image.devicePixelRatio()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert image.save(str(SCREENSHOTS / "sync.png"))


def test_push_without_enrollment_says_what_to_do(qtbot: QtBot, workspace: Workspace) -> None:
    page = SyncPage(workspace)
    qtbot.addWidget(page)
    page.refresh()
    seal_records(workspace, 1)
    with qtbot.waitSignal(page.failed, timeout=PUSH_MS) as failed:
        page.push()
    assert failed.args[0]
    assert page.status.text().startswith("⚠")
    assert page.push_button.isEnabled()


def test_export_to_a_usb_folder(
    qtbot: QtBot, workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    page = SyncPage(workspace)
    qtbot.addWidget(page)
    page.url.setText(server.url)
    page.code.setText(new_code(server.data))
    page.fingerprint.setText(server.fingerprint)
    with qtbot.waitSignal(page.enrolled, timeout=PUSH_MS):
        page.enroll()
    seal_records(workspace, 3)
    usb = tmp_path / "usb"
    usb.mkdir()
    with qtbot.waitSignal(page.exported, timeout=PUSH_MS) as exported:
        page.export_to(usb)
    assert exported.args[0].records == 3
    assert exported.args[0].path.is_dir()
    assert page.status.text().startswith("✔")
