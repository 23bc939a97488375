"""``backup --with-keys`` carries private keys only encrypted, and ``keys protect`` gets them so.

A passphrase in the environment is not enough: keys made before it was set stay in the
clear until ``fieldkit-datacenter keys protect`` encrypts them in place.
"""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import x25519

from sync.client.client import SyncClient
from sync.client.enroll import enroll_laptop
from sync.server.keys import PASSPHRASE_ENV, DataCenterKeys
from tests.sync.client.syncsupport import free_port, seal_records, states
from tests.sync.server.backupsupport import unstarted_site
from tests.sync.server.dcsupport import DataCenterProcess, dc_cli, list_records, new_code

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from fieldkit.workspace import Workspace

PASSPHRASE = "kunci-pusat-data-2026"
ENCRYPTED = b"-----BEGIN ENCRYPTED PRIVATE KEY-----"


def _private_keys(keys: Path) -> list[Path]:
    return [
        keys / "ca.key",
        keys / "receipt.key",
        keys / "server.key",
        *sorted((keys / "encryption").glob("*.key")),
    ]


def test_keys_made_in_the_clear_go_into_a_backup_only_after_keys_protect(
    start_datacenter: Callable[..., DataCenterProcess],
    workspace: Workspace,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = free_port()
    dc = start_datacenter(None, "--port", str(port))  # no passphrase: keys in the clear
    enroll_laptop(workspace, dc.url, new_code(dc), ca_fingerprint_expected=dc.fingerprint)
    first = seal_records(workspace, 2)
    assert SyncClient(workspace).push().ok
    keys = dc.data / "keys"
    assert not (keys / "ca.key").read_bytes().startswith(ENCRYPTED)

    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    out = tmp_path / "out"
    done = dc_cli(dc, "backup", "--output", str(out / "with-keys.zip"), "--with-keys")
    assert done.returncode == 2, done.stdout
    assert "in the clear" in done.stderr
    assert "fieldkit-datacenter keys protect" in done.stderr
    assert not out.exists() or list(out.iterdir()) == [], "no file, not even a partial one"

    done = dc_cli(dc, "keys", "protect")  # while it serves; the passphrase from the environment
    assert done.returncode == 0, done.stderr
    assert PASSPHRASE not in done.stdout + done.stderr
    for path in _private_keys(keys):
        assert path.read_bytes().startswith(ENCRYPTED), path.name
        assert path.stat().st_mode & 0o077 == 0

    archive = out / "with-keys.zip"
    done = dc_cli(dc, "backup", "--output", str(archive), "--with-keys")
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(archive) as backup:
        held = {n: backup.read(n) for n in backup.namelist() if n.startswith("keys/")}
    kid = next((keys / "encryption").glob("*.key")).name
    assert set(held) == {"keys/ca.pem", "keys/ca.key", "keys/receipt.key", f"keys/encryption/{kid}"}
    assert all(data.startswith(ENCRYPTED) for name, data in held.items() if name.endswith(".key"))
    dc.stop()

    # Another machine: the backup, the offline copy of backup.key, the passphrase.
    fresh = unstarted_site(request, tmp_path / "fresh", "--port", str(port))
    done = dc_cli(fresh, "restore", str(archive), "--backup-key", str(keys / "backup.key"))
    assert done.returncode == 0, done.stderr
    fresh.start()
    assert fresh.fingerprint == dc.fingerprint, "the laptops' pinned CA"
    assert sorted(r["record_id"] for r in list_records(fresh)) == sorted(first)
    later = seal_records(workspace, 1)
    assert SyncClient(workspace).push().ok, "receipts signed with the same receipt key"
    assert states(workspace)[later[0]] == "PURGED"


def _raw_x25519() -> bytes:
    return x25519.X25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def _pem(protection: serialization.KeySerializationEncryption) -> bytes:
    return x25519.X25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, protection
    )


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (_raw_x25519, "keys protect"),
        (lambda: _pem(serialization.NoEncryption()), "keys protect"),
        (lambda: _pem(serialization.BestAvailableEncryption(b"another")), "does not open"),
    ],
    ids=["raw X25519 bytes", "a clear PEM", "another passphrase's"],
)
def test_a_key_a_copy_would_give_away_keeps_every_key_out_of_the_backup(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content: Callable[[], bytes],
    words: str,
) -> None:
    data = tmp_path / "dc"
    DataCenterKeys(data / "keys", PASSPHRASE.encode())  # all encrypted, but for the one below
    odd = data / "keys" / "encryption" / "dc-20200101-abcdef.key"
    odd.write_bytes(content())
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    done = dc_cli(data, "backup", "--output", str(tmp_path / "b.zip"), "--with-keys")
    assert done.returncode == 2, done.stdout
    assert odd.name in done.stderr
    assert words in done.stderr
    assert not (tmp_path / "b.zip").exists()
