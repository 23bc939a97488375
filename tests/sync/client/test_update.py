"""The signed update against the real data center on 127.0.0.1: offer, download, verify.

The data center offers an installer signed by a test key (written into DATA/releases as
``release offer`` would, without its check, since the test key is not built in); the
laptop is given the test key as ``trusted_keys``, exactly as the built-in ones are used.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from fieldkit.update.release_keys import ReleaseKey
from fieldkit.update.verify import UpdateError, sign
from fieldkit.workspace import Workspace
from sync.client import update
from sync.client.client import SyncClient
from sync.client.errors import SyncError, SyncReason
from sync.client.update import (
    START_AGAIN_FLAG,
    UPDATES_DIR,
    check_update,
    download_update,
    install_command,
    start_installer,
)
from sync.server.office.releases import current_offer, withdraw, write_offer
from tests.support import cli
from tests.sync.client.syncsupport import FixedPortDataCenter, cli_env, enroll

INSTALLED = "0.1.0-previous"
OFFERED = "0.1.0"


@pytest.fixture
def release_key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


@pytest.fixture
def trusted(release_key: ed25519.Ed25519PrivateKey) -> list[ReleaseKey]:
    return [ReleaseKey("test", release_key.public_key())]


def _installer(folder: Path, size: int = 300_000) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "setup.exe"
    path.write_bytes(b"MZ" + os.urandom(size))
    return path


def _offer(
    server: FixedPortDataCenter,
    tmp_path: Path,
    key: ed25519.Ed25519PrivateKey,
    *,
    version: str = OFFERED,
    tamper: bool = False,
) -> Path:
    installer = _installer(tmp_path / "release")
    signature = sign(key, version, hashlib.sha256(installer.read_bytes()).hexdigest())
    if tamper:
        data = bytearray(installer.read_bytes())
        data[len(data) // 2] ^= 0x01
        installer.write_bytes(data)
    write_offer(server.data, installer, version, signature)
    return installer


def _left_in_updates(ws: Workspace) -> list[str]:
    folder = ws.directory / UPDATES_DIR
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_nothing_offered_answers_204_and_the_laptop_says_so(
    workspace: Workspace, server: FixedPortDataCenter, trusted: list[ReleaseKey]
) -> None:
    enroll(workspace, server)
    found = check_update(workspace)
    assert found.offered is None
    assert not found.newer
    with pytest.raises(UpdateError) as refused:
        download_update(workspace, trusted_keys=trusted, installed=INSTALLED)
    assert refused.value.code == "update_not_offered"
    assert _left_in_updates(workspace) == []


def test_offered_update_is_downloaded_verified_and_kept(
    workspace: Workspace,
    server: FixedPortDataCenter,
    tmp_path: Path,
    release_key: ed25519.Ed25519PrivateKey,
    trusted: list[ReleaseKey],
) -> None:
    enroll(workspace, server)
    installer = _offer(server, tmp_path, release_key)
    found = check_update(workspace, min_version="0.1.0")
    assert found.offered is not None
    assert found.offered.version == OFFERED
    assert found.offered.size == installer.stat().st_size
    assert (
        found.as_json()["offered"]["sha256"] == hashlib.sha256(installer.read_bytes()).hexdigest()
    )

    seen: list[tuple[int, int]] = []
    verified = download_update(
        workspace,
        trusted_keys=trusted,
        installed=INSTALLED,
        progress=lambda got, size: seen.append((got, size)),
    )
    assert verified.version == OFFERED
    assert verified.key_name == "test"
    assert verified.path.read_bytes() == installer.read_bytes()
    assert verified.path.parent == workspace.directory / UPDATES_DIR
    assert _left_in_updates(workspace) == [verified.path.name]  # no .part left behind
    assert seen[-1] == (installer.stat().st_size, installer.stat().st_size)


def test_check_says_below_minimum() -> None:
    found = update.UpdateCheck(INSTALLED, None, min_version="0.1.0")
    assert found.below_minimum
    assert not update.UpdateCheck("0.1.0", None, min_version="0.1.0").below_minimum
    assert not update.UpdateCheck("0.1.0", None).below_minimum


def test_tampered_installer_is_deleted_and_refused(
    workspace: Workspace,
    server: FixedPortDataCenter,
    tmp_path: Path,
    release_key: ed25519.Ed25519PrivateKey,
    trusted: list[ReleaseKey],
) -> None:
    enroll(workspace, server)
    _offer(server, tmp_path, release_key, tamper=True)
    with pytest.raises(UpdateError) as refused:
        download_update(workspace, trusted_keys=trusted, installed=INSTALLED)
    assert refused.value.code == "update_signature_invalid"
    assert "deleted and not installed" in refused.value.message
    assert _left_in_updates(workspace) == []


def test_installer_signed_by_an_unknown_key_is_refused(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path, trusted: list[ReleaseKey]
) -> None:
    enroll(workspace, server)
    _offer(server, tmp_path, ed25519.Ed25519PrivateKey.generate())
    with pytest.raises(UpdateError) as refused:
        download_update(workspace, trusted_keys=trusted, installed=INSTALLED)
    assert refused.value.code == "update_signature_invalid"
    assert _left_in_updates(workspace) == []


def test_built_in_keys_do_not_trust_a_test_key(
    workspace: Workspace,
    server: FixedPortDataCenter,
    tmp_path: Path,
    release_key: ed25519.Ed25519PrivateKey,
) -> None:
    """No trusted_keys: only the keys built into FieldKit count, and the test key is not one."""
    enroll(workspace, server)
    _offer(server, tmp_path, release_key)
    with pytest.raises(UpdateError) as refused:
        download_update(workspace, installed=INSTALLED)
    assert refused.value.code == "update_signature_invalid"
    assert _left_in_updates(workspace) == []


def test_version_not_newer_is_refused_before_downloading(
    workspace: Workspace,
    server: FixedPortDataCenter,
    tmp_path: Path,
    release_key: ed25519.Ed25519PrivateKey,
    trusted: list[ReleaseKey],
) -> None:
    enroll(workspace, server)
    _offer(server, tmp_path, release_key, version="0.1.0")
    with pytest.raises(UpdateError) as refused:
        download_update(workspace, trusted_keys=trusted, installed="0.1.0")
    assert refused.value.code == "update_version_not_newer"
    assert refused.value.params == {"version": "0.1.0", "installed": "0.1.0"}
    assert _left_in_updates(workspace) == []


def test_installer_over_the_cap_is_not_downloaded(
    workspace: Workspace,
    server: FixedPortDataCenter,
    tmp_path: Path,
    release_key: ed25519.Ed25519PrivateKey,
    trusted: list[ReleaseKey],
) -> None:
    enroll(workspace, server)
    _offer(server, tmp_path, release_key)
    with pytest.raises(UpdateError) as refused:
        download_update(workspace, trusted_keys=trusted, installed=INSTALLED, max_bytes=1000)
    assert refused.value.code == "update_too_large"
    assert _left_in_updates(workspace) == []


def test_cancelled_download_is_incomplete_and_deleted(
    workspace: Workspace,
    server: FixedPortDataCenter,
    tmp_path: Path,
    release_key: ed25519.Ed25519PrivateKey,
    trusted: list[ReleaseKey],
) -> None:
    enroll(workspace, server)
    _offer(server, tmp_path, release_key)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(UpdateError) as refused:
        download_update(workspace, trusted_keys=trusted, installed=INSTALLED, cancel=cancel)
    assert refused.value.code == "update_incomplete"
    assert _left_in_updates(workspace) == []


def test_a_newer_download_replaces_an_older_one(
    workspace: Workspace,
    server: FixedPortDataCenter,
    tmp_path: Path,
    release_key: ed25519.Ed25519PrivateKey,
    trusted: list[ReleaseKey],
) -> None:
    enroll(workspace, server)
    _offer(server, tmp_path, release_key, version="0.1.0")
    first = download_update(workspace, trusted_keys=trusted, installed=INSTALLED)
    _offer(server, tmp_path, release_key, version="0.2.0")
    second = download_update(workspace, trusted_keys=trusted, installed=INSTALLED)
    assert not first.path.exists()
    assert _left_in_updates(workspace) == [second.path.name]


def test_withdrawn_offer_is_no_longer_served(
    workspace: Workspace,
    server: FixedPortDataCenter,
    tmp_path: Path,
    release_key: ed25519.Ed25519PrivateKey,
) -> None:
    enroll(workspace, server)
    _offer(server, tmp_path, release_key)
    assert withdraw(server.data) is not None
    assert current_offer(server.data) is None
    assert check_update(workspace).offered is None


def test_not_enrolled_cannot_ask(workspace: Workspace) -> None:
    with pytest.raises(SyncError) as refused:
        check_update(workspace)
    assert refused.value.reason is SyncReason.NOT_ENROLLED


def test_start_installer_is_for_windows_only(
    workspace: Workspace,
    server: FixedPortDataCenter,
    tmp_path: Path,
    release_key: ed25519.Ed25519PrivateKey,
    trusted: list[ReleaseKey],
) -> None:
    enroll(workspace, server)
    _offer(server, tmp_path, release_key)
    verified = download_update(workspace, trusted_keys=trusted, installed=INSTALLED)
    with pytest.raises(UpdateError) as refused:
        start_installer(workspace, verified, trusted_keys=trusted, platform="linux")
    assert refused.value.code == "update_windows_only"


def test_install_command_is_inno_setups_silent_update(tmp_path: Path) -> None:
    command = install_command(tmp_path / "setup.exe", tmp_path / "setup.log")
    assert command[0] == str(tmp_path / "setup.exe")
    assert command[1:5] == ["/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/CLOSEAPPLICATIONS"]
    assert START_AGAIN_FLAG in command
    assert command[-1] == f"/LOG={tmp_path / 'setup.log'}"
    iss = (Path(__file__).parents[3] / "packaging/windows/fieldkit.iss").read_text()
    assert "{param:" + START_AGAIN_FLAG.strip("/").split("=")[0] + "|0}" in iss


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux build's answer")
def test_cli_check_and_install_on_linux(
    workspace: Workspace,
    server: FixedPortDataCenter,
    tmp_path: Path,
    release_key: ed25519.Ed25519PrivateKey,
) -> None:
    enroll(workspace, server)
    env = cli_env(workspace.directory)
    workspace.close()
    nothing = cli("update", "check", "--json", env=env)
    assert nothing.returncode == 0, nothing.stderr
    assert json.loads(nothing.stdout)["offered"] is None
    _offer(server, tmp_path, release_key, version="99.0.0")
    offered = cli("update", "check", env=env)
    assert offered.returncode == 0, offered.stderr
    assert "The office offers FieldKit 99.0.0" in offered.stdout
    install = cli("update", "install", "--json", env=env)
    assert install.returncode == 1
    assert json.loads(install.stdout)["error"]["code"] == "update_windows_only"


def test_a_laptop_below_the_data_centers_minimum_still_fetches_its_update(
    workspace: Workspace,
    server: FixedPortDataCenter,
    tmp_path: Path,
    release_key: ed25519.Ed25519PrivateKey,
    trusted: list[ReleaseKey],
) -> None:
    """The push is refused as too old (``client_too_old``); the update must still arrive."""
    enroll(workspace, server)
    server.stop()
    server.extra = ("--min-client-version", "99.0")
    server.start()
    _offer(server, tmp_path, release_key, version="99.0.0")
    summary = SyncClient(workspace).push()
    assert summary.error is not None
    assert summary.error.server_reason == "client_too_old"
    assert check_update(workspace).offered is not None
    verified = download_update(workspace, trusted_keys=trusted, installed=INSTALLED)
    assert verified.version == "99.0.0"
