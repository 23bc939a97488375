"""The data center's private keys can be protected by a passphrase (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.server.errors import DataCenterError
from sync.server.keys import PASSPHRASE_ENV, DataCenterKeys
from tests.sync.server.dcsupport import DataCenterProcess, Laptop, new_code

PASSPHRASE = b"kunci-pusat-data-2026"


def private_key_files(keys: Path) -> list[Path]:
    return [keys / "ca.key", keys / "receipt.key", *sorted((keys / "encryption").glob("*.key"))]


def test_keys_made_with_a_passphrase_are_encrypted_and_need_it(tmp_path: Path) -> None:
    made = DataCenterKeys(tmp_path / "keys", PASSPHRASE)
    for path in private_key_files(tmp_path / "keys"):
        assert path.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----"), path.name
    with pytest.raises(DataCenterError, match="protected by a passphrase"):
        DataCenterKeys(tmp_path / "keys")
    with pytest.raises(DataCenterError, match="does not open"):
        DataCenterKeys(tmp_path / "keys", b"not-the-passphrase")
    again = DataCenterKeys(tmp_path / "keys", PASSPHRASE)
    assert (again.fingerprint, again.active_kid) == (made.fingerprint, made.active_kid)
    assert again.receipt_public_key == made.receipt_public_key


def test_keys_kept_in_the_clear_are_protected_when_a_passphrase_is_first_given(
    tmp_path: Path,
) -> None:
    clear = DataCenterKeys(tmp_path / "keys")
    assert not (tmp_path / "keys" / "ca.key").read_bytes().startswith(b"-----BEGIN ENCRYPTED")
    protected = DataCenterKeys(tmp_path / "keys", PASSPHRASE)
    for path in private_key_files(tmp_path / "keys"):
        assert path.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----"), path.name
        assert path.stat().st_mode & 0o077 == 0
    assert protected.fingerprint == clear.fingerprint
    assert protected.encryption_keys.keys() == clear.encryption_keys.keys()


def test_a_data_center_with_protected_keys_serves_and_refuses_without_the_passphrase(
    start_datacenter: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert callable(start_datacenter)
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE.decode())
    server: DataCenterProcess = start_datacenter(tmp_path / "dc")
    with server.client() as client:
        laptop = Laptop(client)
        laptop.enroll(new_code(server))
        assert laptop.sync(laptop.seal())[0].state == "ACCEPTED"
    server.stop()
    assert (server.data / "keys" / "server.key").read_bytes().startswith(b"-----BEGIN ENCRYPTED")
    monkeypatch.delenv(PASSPHRASE_ENV)
    with pytest.raises(pytest.fail.Exception, match="did not start"):
        server.start()
    assert "protected by a passphrase" in server.log.read_text()
