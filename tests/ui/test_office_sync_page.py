"""Sinkronisasi says what the office's package did, after a push and after a USB stick.

The data center is the real service set up with its real CLI (the office adds Sari,
sets the face threshold to 61 and plans a visit with three targets); the laptop is a
real store enrolled with it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fieldkit.office import pending_officers
from fieldkit.workspace import Workspace
from sync.client.usb import export_records
from tests.sync.client.officesupport import dc_json, office_plans
from tests.sync.client.syncsupport import FixedPortDataCenter, enroll, seal_records, server
from tests.sync.server.dcsupport import dc_cli
from ui.sync_page import SyncPage

__all__ = ["server"]  # the data center fixture, shared with tests/sync/client

PUSH_MS = 60_000


def test_a_push_says_what_the_office_sent_and_a_fieldkit_below_its_minimum(
    qtbot: QtBot,
    workspace: Workspace,
    server: FixedPortDataCenter,
    tmp_path: Path,
    indonesian: None,
) -> None:
    del indonesian
    office_plans(server, tmp_path, "2026-12-01")
    enroll(workspace, server)
    page = SyncPage(workspace)
    qtbot.addWidget(page)
    page.refresh()
    assert page.office_label.text() == ""  # nothing from the office yet
    with qtbot.waitSignal(page.pushed, timeout=PUSH_MS):
        qtbot.mouseClick(page.push_button, Qt.MouseButton.LeftButton)
    line = page.office_label.text()
    assert line.startswith("Dari kantor: "), line
    assert "1 petugas baru" in line
    assert "ambang wajah 61" in line
    assert "3 sasaran" in line
    assert [o.username for o in pending_officers(workspace)] == ["sari"]

    # The office requires a FieldKit newer than this one: the next push says what to do.
    dc_json(server, "release", "set", "--min-version", "99.0.0")
    with qtbot.waitSignal(page.pushed, timeout=PUSH_MS):
        qtbot.mouseClick(page.push_button, Qt.MouseButton.LeftButton)
    lines = page.office_label.text().splitlines()
    assert lines[0].startswith("Dari kantor: "), lines
    assert "FieldKit 99.0.0 atau lebih baru" in lines[-1]
    assert "Minta penginstal baru ke kantor" in lines[-1]
    page.refresh()  # the minimum stays in sight on the screen, not only after a push
    assert "FieldKit 99.0.0 atau lebih baru" in page.office_label.text()


def test_a_stick_brings_the_receipts_and_the_office_package_and_a_bad_one_is_refused(
    qtbot: QtBot,
    workspace: Workspace,
    server: FixedPortDataCenter,
    tmp_path: Path,
    indonesian: None,
) -> None:
    del indonesian
    office_plans(server, tmp_path, "2026-12-01")
    enroll(workspace, server)
    seal_records(workspace, 1)
    stick = tmp_path / "stick"
    exported = export_records(workspace, stick)
    done = dc_cli(server.data, "import", str(stick))
    assert done.returncode == 0, done.stderr
    dc_json(server, "package", "export", str(stick))
    page = SyncPage(workspace)
    qtbot.addWidget(page)
    page.refresh()
    assert page.import_button.text() == "Impor dari USB…"
    with qtbot.waitSignal(page.imported, timeout=PUSH_MS):
        page.import_from(stick)
    assert page.status.text() == "✔ Tanda terima dibaca: diterima 1 · ditolak 0 · menunggu 0"
    assert page.office_label.text().startswith("Dari kantor: ")
    assert "1 petugas baru" in page.office_label.text()
    assert [o.username for o in pending_officers(workspace)] == ["sari"]

    # A stick with only a broken package for this laptop: refused in words, nothing else.
    bad = tmp_path / "bad-stick"
    device = exported.path.parent.name
    (bad / device).mkdir(parents=True)
    (bad / device / "office-package.json").write_bytes(b"{" * 5000)
    with qtbot.waitSignal(page.imported, timeout=PUSH_MS):
        page.import_from(bad)
    assert page.status.text().startswith("Tidak ada tanda terima di flashdisk")
    assert page.office_label.text().startswith("Paket kantor ditolak: "), page.office_label.text()
    assert "package_malformed" not in page.office_label.text()
