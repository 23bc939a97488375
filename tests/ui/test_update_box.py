"""Pembaruan FieldKit against a real data center on 127.0.0.1: check, download, verify."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from pytestqt.qtbot import QtBot

from fieldkit.update.release_keys import ReleaseKey
from fieldkit.update.verify import sign
from fieldkit.workspace import Workspace
from sync.client.update import UPDATES_DIR
from sync.server.office.releases import write_offer
from tests.sync.client.syncsupport import FixedPortDataCenter, enroll, server
from ui.update_box import UpdateBox

__all__ = ["server"]  # the data center fixture, shared with tests/sync/client

WAIT_MS = 60_000
INSTALLED = "0.1.0-previous"


@pytest.fixture
def key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


def _offer(
    server: FixedPortDataCenter,
    tmp_path: Path,
    key: ed25519.Ed25519PrivateKey,
    *,
    tamper: bool = False,
    size: int = 200_002,
) -> None:
    installer = tmp_path / "setup.exe"
    installer.write_bytes(b"MZ" + os.urandom(size - 2))
    signature = sign(key, "0.1.0", hashlib.sha256(installer.read_bytes()).hexdigest())
    if tamper:
        installer.write_bytes(installer.read_bytes()[:-1] + b"!")
    write_offer(server.data, installer, "0.1.0", signature)


def _box(
    qtbot: QtBot, ws: Workspace, key: ed25519.Ed25519PrivateKey
) -> tuple[UpdateBox, list[int]]:
    quits: list[int] = []
    box = UpdateBox(
        ws,
        trusted_keys=[ReleaseKey("test", key.public_key())],
        installed=INSTALLED,
        quit_app=lambda: quits.append(1),
    )
    qtbot.addWidget(box)
    return box, quits


def _updates(ws: Workspace) -> list[str]:
    folder = ws.directory / UPDATES_DIR
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_offered_update_is_verified_then_linux_says_it_is_for_windows(
    qtbot: QtBot,
    workspace: Workspace,
    server: FixedPortDataCenter,
    tmp_path: Path,
    key: ed25519.Ed25519PrivateKey,
) -> None:
    enroll(workspace, server)
    _offer(server, tmp_path, key)
    box, quits = _box(qtbot, workspace, key)
    assert not box.update_button.isEnabled()
    with qtbot.waitSignal(box.checked, timeout=WAIT_MS):
        box.check_button.click()
    assert "FieldKit 0.1.0" in box.offer_label.text()
    assert box.update_button.isEnabled()

    with qtbot.waitSignal(box.failed, timeout=WAIT_MS) as failed:
        box.update_button.click()
    # Downloaded and verified (kept in updates/); on Linux the installer is not run.
    assert getattr(failed.args[0], "code", None) == "update_windows_only"
    assert "for FieldKit on Windows" in box.status.text()
    assert _updates(workspace) == ["fieldkit-0.1.0-windows-x64-setup.exe"]
    assert quits == []


@pytest.mark.usefixtures("indonesian")
def test_the_offers_size_is_written_the_indonesian_way(
    qtbot: QtBot,
    workspace: Workspace,
    server: FixedPortDataCenter,
    tmp_path: Path,
    key: ed25519.Ed25519PrivateKey,
) -> None:
    """Issue 47, D11: "(2 MB)" for 1.5 MB (a whole number, rounded), never "1.5"."""
    enroll(workspace, server)
    _offer(server, tmp_path, key, size=1_500_000)
    box, _quits = _box(qtbot, workspace, key)
    with qtbot.waitSignal(box.checked, timeout=WAIT_MS):
        box.check_button.click()
    assert box.offer_label.text() == "Kantor menawarkan FieldKit 0.1.0 (1,5 MB)."


def test_tampered_update_is_refused_and_deleted(
    qtbot: QtBot,
    workspace: Workspace,
    server: FixedPortDataCenter,
    tmp_path: Path,
    key: ed25519.Ed25519PrivateKey,
) -> None:
    enroll(workspace, server)
    _offer(server, tmp_path, key, tamper=True)
    box, quits = _box(qtbot, workspace, key)
    with qtbot.waitSignal(box.checked, timeout=WAIT_MS):
        box.check()
    with qtbot.waitSignal(box.failed, timeout=WAIT_MS) as failed:
        box.update_button.click()
    assert getattr(failed.args[0], "code", None) == "update_signature_invalid"
    assert "not signed by a FieldKit release key" in box.status.text()
    assert _updates(workspace) == []
    assert quits == []
    assert box.update_button.isEnabled()  # the office may offer a good one: try again


def test_nothing_offered_and_below_the_minimum(
    qtbot: QtBot,
    workspace: Workspace,
    server: FixedPortDataCenter,
    key: ed25519.Ed25519PrivateKey,
) -> None:
    enroll(workspace, server)
    box, _quits = _box(qtbot, workspace, key)
    box.set_minimum("0.1.0")
    assert not box.minimum_label.isHidden()
    assert "older than FieldKit 0.1.0, the minimum" in box.minimum_label.text()
    with qtbot.waitSignal(box.checked, timeout=WAIT_MS):
        box.check()
    assert box.offer_label.text() == "The office offers no FieldKit update."
    assert not box.update_button.isEnabled()
    box.set_minimum("0.0.9")
    assert box.minimum_label.isHidden()


def test_not_enrolled_says_so(
    qtbot: QtBot, workspace: Workspace, key: ed25519.Ed25519PrivateKey
) -> None:
    box, _quits = _box(qtbot, workspace, key)
    with qtbot.waitSignal(box.failed, timeout=WAIT_MS):
        box.check()
    assert box.status.text().startswith("⚠")
    # Worded by the sync catalogue (its reason and what to do), not the core's English.
    assert "not enrolled with a data center" in box.status.text()
    assert "Enroll this laptop" in box.status.text()  # the hint: what to do about it
    assert box.check_button.isEnabled()
