"""The sync screen enrolls with, and pushes to, a real data center running as a subprocess."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from drivers import Modality
from fieldkit import audit, catalogue
from fieldkit.accounts import Accounts
from fieldkit.delivery import requeue, settle
from fieldkit.delivery.flow import DeliveryOutcome
from fieldkit.devices import DeviceConfig
from fieldkit.officers import Role
from fieldkit.records import outbox
from fieldkit.records.models import RecordReview, ReviewState
from fieldkit.store.keyring import TEST_KDF
from fieldkit.workspace import Workspace
from sync.bundle import group_fingerprint
from sync.client.client import SyncClient
from sync.client.progress import BatchEvent, RecordEvent
from sync.server.intake.sentences import ENROLL_BUTTON, ENROLL_PAGE
from tests.sync.client.syncsupport import (
    FixedPortDataCenter,
    rewrite_audit_from,
    seal_records,
    server,
    states,
)
from tests.sync.server.dcsupport import dc_cli, list_records, new_code
from tests.ui.conftest import SCREENSHOTS
from ui.dates import moment_text
from ui.design.pill import PILL_ROLE, PillKind
from ui.main_window import MainWindow, Page
from ui.screens import SCREENS
from ui.sync_page import SyncPage
from ui.window_fit import TARGET_SIZE

__all__ = ["server"]  # the data center fixture, shared with tests/sync/client

PUSH_MS = 60_000
OTHER_PASSWORD = "kata-sandi-uji-coba"


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
    page.fingerprint.setText(server.fingerprint)  # pasted whole: accepted as well
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
    last = SyncClient(workspace).local_status().last_success_at
    assert last is not None
    assert moment_text(dt.datetime.fromisoformat(last)) in page.server_state.text()
    assert last not in page.server_state.text()  # the laptop's time, not the stored UTC

    qtbot.wait(0)
    image = window.grab()
    assert image.size() == QSize(1366, 768) * image.devicePixelRatio()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert image.save(str(SCREENSHOTS / "sync.png"))


@pytest.mark.usefixtures("indonesian")
def test_a_push_s_sizes_and_counts_are_written_the_indonesian_way(
    qtbot: QtBot, workspace: Workspace
) -> None:
    """Issue 47, D11: "1.5 MiB" and "1200" on an Indonesian screen; MB, "1,5" and "1.200"."""
    page = SyncPage(workspace)
    qtbot.addWidget(page)
    page.show_progress(BatchEvent(1, 2, 1300, 1200, 100, 0))
    assert page.progress_text.text().startswith("Kelompok 1 dari 2: 1.200 akan")
    page.show_progress(
        RecordEvent(
            "r1", DeliveryOutcome.PURGED, 750_000, None, None, 1, 1200,
            1_500_000, 1_234_500_000, 340_000.0, 3630.0,
        )
    )  # fmt: skip
    shown = page.progress_text.text()
    assert shown.startswith("1 dari 1.200 rekaman · 1,5 MB dari 1.234,5 MB · 340 KB/dtk"), shown
    assert "MiB" not in shown
    assert "KiB" not in shown


def test_a_push_says_only_what_happened_not_every_record_sent(
    qtbot: QtBot, workspace: Workspace, server: FixedPortDataCenter
) -> None:
    """Issue 47, finding 6: "Every record was sent and confirmed" after a push that sent
    nothing, and after one that left a record waiting for the ketua tim's review."""
    page = SyncPage(workspace)
    qtbot.addWidget(page)
    page.url.setText(server.url)
    page.code.setText(new_code(server.data))
    page.fingerprint.setText(server.fingerprint)
    with qtbot.waitSignal(page.enrolled, timeout=PUSH_MS):
        page.enroll()

    with qtbot.waitSignal(page.pushed, timeout=PUSH_MS) as pushed:
        page.push()
    assert pushed.args[0].accepted == 0
    assert page.status.text() == "Nothing was waiting to be sent."

    held, plain = seal_records(workspace, 2)
    with workspace.transaction() as session:
        session.add(
            RecordReview(
                record_id=held,
                flags=json.dumps(["exception:finger:10:amputated:permanent"]),
                details=json.dumps([{"kind": "exception", "part": "finger:10"}]),
                state=ReviewState.WAITING.value,
                created_at=dt.datetime.now(dt.UTC),
            )
        )
    with qtbot.waitSignal(page.pushed, timeout=PUSH_MS) as pushed:
        page.push()
    summary = pushed.args[0]
    assert (summary.accepted, summary.awaiting_review, summary.pending) == (1, 1, 0)
    assert [r["record_id"] for r in list_records(server.data)] == [plain]
    assert "Every record" not in page.status.text()
    assert page.status.text() == (
        "Sent and confirmed: 1. Not sent: 1 waiting for the ketua tim's review."
    )


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


def test_enrolls_from_the_operators_file_on_a_usb_stick_without_typing_then_pushes(
    qtbot: QtBot, workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    stick = tmp_path / "media" / "operator" / "USB"
    stick.mkdir(parents=True)
    done = dc_cli(
        server.data,
        "codes",
        "new",
        "--bundle-out",
        str(stick / "laptop-3.json"),
        "--url",
        server.url,
    )
    assert done.returncode == 0, done.stderr
    page = SyncPage(workspace)
    qtbot.addWidget(page)
    assert not page.enroll_button.isEnabled()  # nothing to send yet
    page.find_bundle_on_usb((tmp_path / "media",))
    assert page.url.text() == server.url
    assert page.fingerprint.text().replace(" ", "") == server.fingerprint
    assert "✖" not in page.fingerprint_check.text()
    assert page.enroll_button.isEnabled()
    with qtbot.waitSignal(page.enrolled, timeout=PUSH_MS):
        qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
    ids = seal_records(workspace, 2)
    with qtbot.waitSignal(page.pushed, timeout=PUSH_MS) as pushed:
        qtbot.mouseClick(page.push_button, Qt.MouseButton.LeftButton)
    assert pushed.args[0].ok
    assert sorted(r["record_id"] for r in list_records(server.data)) == sorted(ids)


def test_the_qr_png_fills_the_form_too(
    qtbot: QtBot, workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    done = dc_cli(
        server.data, "codes", "new", "--bundle-out", str(tmp_path / "b.json"), "--url", server.url
    )
    assert done.returncode == 0, done.stderr
    page = SyncPage(workspace)
    qtbot.addWidget(page)
    assert page.load_bundle_file(tmp_path / "b.png")
    assert page.fingerprint.text().replace(" ", "") == server.fingerprint


def test_a_typed_fingerprint_is_checked_by_group_before_anything_is_sent(
    qtbot: QtBot, workspace: Workspace, server: FixedPortDataCenter
) -> None:
    page = SyncPage(workspace)
    qtbot.addWidget(page)
    page.url.setText(server.url)
    page.code.setText(new_code(server.data))
    groups = group_fingerprint(server.fingerprint).split()
    groups[2] = groups[2][:3] + "g"  # a slip in the third group: not hexadecimal
    page.fingerprint.setText(" ".join(groups))
    assert not page.enroll_button.isEnabled()
    assert "3" in page.fingerprint_check.text()
    assert page.fingerprint_check.text().count("✖") == 1
    page.fingerprint.setText(" ".join(groups[:15]))  # one group short
    assert "16" in page.fingerprint_check.text()
    assert not page.enroll_button.isEnabled()
    page.fingerprint.setText(group_fingerprint(server.fingerprint))
    assert page.enroll_button.isEnabled()
    assert "✖" not in page.fingerprint_check.text()


def test_a_wrong_fingerprint_shows_one_language_and_not_the_servers_fingerprint(
    qtbot: QtBot, workspace: Workspace, server: FixedPortDataCenter, indonesian: None
) -> None:
    """Observation 1 on screen: a mixed Indonesian/English error that printed the fingerprint."""
    page = SyncPage(workspace)
    qtbot.addWidget(page)
    code = new_code(server.data)
    page.url.setText(server.url)
    page.code.setText(code)
    page.fingerprint.setText(group_fingerprint("ab" * 32))
    with qtbot.waitSignal(page.failed, timeout=PUSH_MS) as failed:
        qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
    text = failed.args[0]
    assert server.fingerprint not in text
    assert "Nothing was sent" not in text  # Indonesian only
    assert "kode" in text.lower()
    page.fingerprint.setText(group_fingerprint(server.fingerprint))  # the same code, again
    with qtbot.waitSignal(page.enrolled, timeout=PUSH_MS):
        qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)


def test_a_file_that_is_not_an_enrollment_file_is_refused_plainly(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    wrong = tmp_path / "photo.json"
    wrong.write_text("{}")
    page = SyncPage(workspace)
    qtbot.addWidget(page)
    assert not page.load_bundle_file(wrong)
    assert "enrollment file" in page.status.text()
    assert page.url.text() == ""


def test_the_camera_reads_the_qr_code_where_one_is_attached(
    qtbot: QtBot, workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    done = dc_cli(
        server.data, "codes", "new", "--bundle-out", str(tmp_path / "b.json"), "--url", server.url
    )
    assert done.returncode == 0, done.stderr
    frames = tmp_path / "frames"
    frames.mkdir()
    for n in range(3):  # the file-based camera: an image sequence read by OpenCV
        shutil.copy(tmp_path / "b.png", frames / f"qr_{n:03d}.png")
    config = DeviceConfig.load(workspace.directory)
    config.use(Modality.FACE, "opencv", {"device": str(frames / "qr_%03d.png")})
    config.save(workspace.directory)
    page = SyncPage(workspace)
    qtbot.addWidget(page)
    qtbot.mouseClick(page.camera_bundle_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.url.text() == server.url, timeout=PUSH_MS)
    assert page.fingerprint.text().replace(" ", "") == server.fingerprint
    assert page.enroll_button.isEnabled()


def test_without_a_camera_the_page_says_to_open_the_file(
    qtbot: QtBot, workspace: Workspace
) -> None:
    config = DeviceConfig.load(workspace.directory)
    config.use(Modality.FACE, "sim", {})
    config.save(workspace.directory)
    page = SyncPage(workspace)
    qtbot.addWidget(page)
    qtbot.mouseClick(page.camera_bundle_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.camera_bundle_button.isEnabled, timeout=PUSH_MS)
    assert "No camera is attached" in page.status.text()


def test_refused_records_are_worded_in_indonesian_from_their_codes(
    qtbot: QtBot, workspace: Workspace, server: FixedPortDataCenter, indonesian: None
) -> None:
    demo_ids = seal_records(workspace, 1)  # sealed before enrollment: the demo key
    page = SyncPage(workspace)
    qtbot.addWidget(page)
    page.url.setText(server.url)
    page.code.setText(new_code(server.data))
    page.fingerprint.setText(server.fingerprint)
    with qtbot.waitSignal(page.enrolled, timeout=PUSH_MS):
        qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.pushed, timeout=PUSH_MS):
        qtbot.mouseClick(page.push_button, Qt.MouseButton.LeftButton)
    assert page.problems.rowCount() == 1
    assert page.problems.item(0, 0).text() == demo_ids[0][:8]
    assert page.problems.item(0, 2).text() == "Rekaman latihan (demo): tidak pernah dikirim."
    assert page.problems.item(0, 1).text() == "✖ ditolak"  # the state as a pill, with its symbol
    assert page.problems.item(0, 1).data(PILL_ROLE) == PillKind.DANGER.value
    assert page.problems.empty.isHidden()


def test_an_empty_problems_table_says_what_fills_it(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    """Issue 36: an empty table is a grey box a new officer reads as broken."""
    page = SyncPage(workspace)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.problems.rowCount() == 0
    assert page.problems.empty.isVisible()
    assert page.problems.empty.text().startswith("Tidak ada rekaman yang bermasalah.\n")
    assert "Kirim rekaman sekarang" in page.problems.empty.text()  # the real button's name
    assert page.problems.accessibleDescription() == page.problems.empty.text()  # for a reader


def test_no_text_on_the_page_is_a_terminal_command(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    """Issue 23, finding 7: the page quoted 'fieldkit-datacenter codes new --bundle-out FILE'."""
    del indonesian
    page = SyncPage(workspace)
    qtbot.addWidget(page)
    page.refresh()
    qtbot.mouseClick(page.push_button, Qt.MouseButton.LeftButton)  # not enrolled: says what to do
    shown = [label.text() for label in page.findChildren(QLabel) if label.isVisibleTo(page)]
    assert shown
    commands = [text for text in shown if "fieldkit" in text or "--" in text]
    assert commands == []


def test_a_rewritten_audit_log_is_told_to_the_officer_after_the_push(
    qtbot: QtBot, workspace: Workspace, server: FixedPortDataCenter, indonesian: None
) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    page = SyncPage(workspace)
    window.replace_page(Page.SYNC, page)
    window.resize(TARGET_SIZE)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(Page.SYNC)
    page.url.setText(server.url)
    page.code.setText(new_code(server.data))
    page.fingerprint.setText(server.fingerprint)
    with qtbot.waitSignal(page.enrolled, timeout=PUSH_MS):
        qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
    seal_records(workspace, 1)
    with qtbot.waitSignal(page.pushed, timeout=PUSH_MS):
        qtbot.mouseClick(page.push_button, Qt.MouseButton.LeftButton)
    assert "audit" not in page.status.text()

    rewrite_audit_from(workspace, 2, actor="orang-lain")
    seal_records(workspace, 1)
    with qtbot.waitSignal(page.pushed, timeout=PUSH_MS) as pushed:
        qtbot.mouseClick(page.push_button, Qt.MouseButton.LeftButton)
    assert pushed.args[0].accepted == 1, "the record still went"
    assert page.status.text().startswith("⚠")
    assert "log audit laptop ini berubah" in page.status.text()
    assert "telah ditulis ulang" in page.status.text()

    # Every wrapped line has its height (one line was given, the second cut off) and is
    # scrolled into view once the page is laid out with them.
    status = page.status
    qtbot.waitUntil(lambda: status.height() >= status.heightForWidth(status.width()))
    qtbot.waitUntil(lambda: status.visibleRegion().boundingRect() == status.rect())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / "sync-audit-differs.png"))


# --- records refused by the data center: see them, and (the office) send one again ----


def _refused_record(ws: Workspace) -> str:
    """A record REJECTED as an unsigned receipts line used to leave one (issue 24)."""
    [record_id] = seal_records(ws, 1)
    with ws.transaction() as session:
        settle.refused(session, record_id, "payload_invalid", "unsigned")
    return record_id


def _page_as(qtbot: QtBot, workspace: Workspace, role: Role | None) -> tuple[SyncPage, Workspace]:
    """The sync page as an officer of ``role`` (``None``: the admin who made the store)."""
    ws = workspace
    if role is not None:
        Accounts(workspace).add_officer("uji", "Uji Coba", role, OTHER_PASSWORD, kdf=TEST_KDF)
        ws = Workspace.login(workspace.directory, "uji", OTHER_PASSWORD)
    page = SyncPage(ws)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    return page, ws


@pytest.mark.parametrize(
    ("role", "may"),
    [(Role.PETUGAS, False), (Role.KETUA_TIM, False), (Role.OPERATOR, True), (None, True)],
)
def test_refused_records_are_listed_for_all_and_the_office_may_put_one_back(
    qtbot: QtBot, workspace: Workspace, role: Role | None, may: bool, indonesian: None
) -> None:
    record_id = _refused_record(workspace)
    page, ws = _page_as(qtbot, workspace, role)
    try:
        assert page.refused_box.isVisible()
        assert page.refused_box.table.rowCount() == 1
        assert page.refused_box.table.item(0, 0).text() == record_id[:8]
        assert page.refused_box.table.item(0, 2).text()  # the reason, worded
        state = page.refused_box.table.item(0, 1)
        assert state.text() == "✖ ditolak"  # a danger pill: the symbol says it without colour
        assert state.data(PILL_ROLE) == PillKind.DANGER.value
        assert page.refused_box.requeue_button.isVisible() is may
        assert page.refused_box.requeue_note.isVisible() is not may
    finally:
        if ws is not workspace:
            ws.close()


def _answer(page: SyncPage, *, put_back: bool, seen: list[str]) -> None:
    box = page.refused_box.requeue_question
    assert box is not None
    seen.append(box.text() + " | " + box.informativeText())
    default = box.defaultButton()
    assert default is not None
    if put_back:
        [button] = [b for b in box.buttons() if b is not default]
        button.click()
    else:
        default.click()  # what Enter does: cancel


def test_putting_a_refused_record_back_asks_first_and_enter_cancels(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    record_id = _refused_record(workspace)
    page, _ = _page_as(qtbot, workspace, None)
    page.refused_box.table.selectRow(0)
    assert page.refused_box.requeue_button.isEnabled()
    seen: list[str] = []

    QTimer.singleShot(0, lambda: _answer(page, put_back=False, seen=seen))
    qtbot.mouseClick(page.refused_box.requeue_button, Qt.MouseButton.LeftButton)
    assert record_id[:8] in seen[0]
    assert "Data center menolaknya" in seen[0]
    assert states(workspace)[record_id] == "REJECTED", "cancel changes nothing"

    QTimer.singleShot(0, lambda: _answer(page, put_back=True, seen=seen))
    qtbot.mouseClick(page.refused_box.requeue_button, Qt.MouseButton.LeftButton)
    assert states(workspace)[record_id] == "SEALED"
    assert page.status.text() == f"✔ Rekaman {record_id[:8]} menunggu dikirim lagi."
    assert not page.refused_box.isVisible(), "nothing refused is left to show"
    with workspace.transaction() as session:
        [event] = [e for e in audit.recent(session, 5) if e.action == "record.requeued"]
    assert event.record_id == record_id


def test_a_record_no_longer_refused_is_explained_not_a_crash(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    record_id = _refused_record(workspace)
    page, _ = _page_as(qtbot, workspace, None)
    page.refused_box.table.selectRow(0)
    # Meanwhile the CLI (another process) put it back already.
    requeue.requeue(workspace, record_id)
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _answer(page, put_back=True, seen=seen))
    qtbot.mouseClick(page.refused_box.requeue_button, Qt.MouseButton.LeftButton)
    assert page.status.text().startswith("⚠")
    assert record_id[:8] in page.status.text()
    assert states(workspace)[record_id] == "SEALED"


@pytest.mark.parametrize(
    ("role", "may"),
    [(Role.PETUGAS, False), (Role.KETUA_TIM, False), (Role.OPERATOR, True), (None, True)],
)
def test_only_the_office_can_enroll_the_laptop_from_the_window(
    qtbot: QtBot,
    *,
    workspace: Workspace,
    server: FixedPortDataCenter,
    role: Role | None,
    may: bool,
    indonesian: None,
) -> None:
    page, ws = _page_as(qtbot, workspace, role)
    try:
        page.url.setText(server.url)
        page.code.setText(new_code(server.data))
        page.fingerprint.setText(server.fingerprint)
        assert page.enroll_button.isEnabled() is may
        assert page.bundle_button.isEnabled() is may
        assert page.usb_bundle_button.isEnabled() is may
        if not may:
            assert "Operator atau admin" in page.bundle_state.text()
    finally:
        if ws is not workspace:
            ws.close()


def test_the_page_and_button_codes_new_names_are_the_windows_own(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    """``codes new`` sends the operator to the window's page and button by the window's words.

    It named "Open enrollment file", which the Indonesian window never showed (issue 59 §8);
    now it reads them from the catalogue by the window's own (context, source), checked here
    against what the window shows.
    """
    page, _ws = _page_as(qtbot, workspace, None)
    buttons = [b.text() for b in page.findChildren(QPushButton) if b.isVisible()]
    assert catalogue.window_words(*ENROLL_BUTTON, "id") in buttons, buttons
    assert catalogue.window_words(*ENROLL_BUTTON, "id") == "Buka berkas pendaftaran…"
    titles = [screen.name() for screen in SCREENS if screen.page is Page.SYNC]
    assert titles == [catalogue.window_words(*ENROLL_PAGE, "id")] == ["Sinkronisasi"]
