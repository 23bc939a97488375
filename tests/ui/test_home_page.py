"""Beranda (``ui.home_page``): what the laptop and its officer are at a glance."""

from __future__ import annotations

import json

import sqlalchemy as sa
from pytestqt.qtbot import QtBot

from fieldkit import audit
from fieldkit.store.models import AuditEvent, Setting
from fieldkit.workspace import Workspace
from sync.client.client import SyncClient
from tests.sync.client.syncsupport import FixedPortDataCenter, enroll, seal_records, server
from ui import demo
from ui.dialogs import LockReason, UnlockDialog
from ui.main_window import MainWindow

__all__ = ["server"]  # the data center fixture, shared with tests/sync/client


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


def test_beranda_says_when_the_log_is_older_than_the_data_center_saw(
    qtbot: QtBot, workspace: Workspace, server: FixedPortDataCenter, indonesian: None
) -> None:
    enroll(workspace, server)
    seal_records(workspace, 1)
    summary = SyncClient(workspace).push()
    assert summary.audit is not None
    anchored = summary.audit.anchored_seq
    assert anchored is not None
    with workspace.transaction() as session:  # what a copy of last week's store looks like
        session.execute(sa.delete(AuditEvent).where(AuditEvent.seq > anchored - 2))
        kept = session.get(AuditEvent, anchored - 2)
        head = session.get(Setting, audit.HEAD_KEY)
        assert kept is not None
        assert head is not None
        head.value = json.dumps([anchored - 2, kept.hash])

    window = MainWindow(workspace)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.home.health_shown, timeout=10_000):
        window.show()
    text = window.audit_label.text()
    assert text.startswith("✖ LEBIH LAMA"), text
    assert str(anchored - 1) in text
    assert "admin" in text
