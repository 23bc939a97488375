"""Verifying an installer against the release keys: each refusal, and what is accepted."""

from __future__ import annotations

import base64
import hashlib
import os
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from fieldkit._version import __version__
from fieldkit.update import release_keys, versions
from fieldkit.update.release_keys import ReleaseKey, builtin_keys, key_from_text, parse_keys
from fieldkit.update.verify import (
    UpdateError,
    sign,
    statement,
    verify_installer,
    verify_signature,
)
from fieldkit.update.versions import installed_version, is_newer, release_order


@pytest.fixture
def key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


@pytest.fixture
def trusted(key: ed25519.Ed25519PrivateKey) -> list[ReleaseKey]:
    return [ReleaseKey("test", key.public_key())]


@pytest.fixture
def installer(tmp_path: Path) -> Path:
    path = tmp_path / "setup.exe"
    path.write_bytes(b"MZ" + os.urandom(50_000))
    return path


def _signed(key: ed25519.Ed25519PrivateKey, installer: Path, version: str) -> str:
    return sign(key, version, hashlib.sha256(installer.read_bytes()).hexdigest())


def test_statement_is_the_documented_bytes() -> None:
    assert statement("0.2.0", "ab" * 32) == b"fieldkit-release-v1|0.2.0|" + b"ab" * 32


def test_a_signed_newer_installer_verifies(
    key: ed25519.Ed25519PrivateKey, trusted: list[ReleaseKey], installer: Path
) -> None:
    signature = _signed(key, installer, "0.2.0")
    verified = verify_installer(
        installer, "0.2.0", signature, trusted_keys=trusted, installed="0.1.0"
    )
    assert verified.version == "0.2.0"
    assert verified.sha256 == hashlib.sha256(installer.read_bytes()).hexdigest()
    assert verified.size == installer.stat().st_size
    assert verified.key_name == "test"
    assert verified.signature == signature


def test_one_flipped_byte_is_refused(
    key: ed25519.Ed25519PrivateKey, trusted: list[ReleaseKey], installer: Path
) -> None:
    signature = _signed(key, installer, "0.2.0")
    data = bytearray(installer.read_bytes())
    data[1234] ^= 0x01
    installer.write_bytes(data)
    with pytest.raises(UpdateError) as refused:
        verify_installer(installer, "0.2.0", signature, trusted_keys=trusted, installed="0.1.0")
    assert refused.value.code == "update_signature_invalid"
    assert refused.value.params == {"version": "0.2.0"}


def test_an_unknown_key_is_refused(trusted: list[ReleaseKey], installer: Path) -> None:
    stranger = ed25519.Ed25519PrivateKey.generate()
    with pytest.raises(UpdateError) as refused:
        verify_installer(
            installer,
            "0.2.0",
            _signed(stranger, installer, "0.2.0"),
            trusted_keys=trusted,
            installed="0.1.0",
        )
    assert refused.value.code == "update_signature_invalid"


def test_a_signature_for_another_version_is_refused(
    key: ed25519.Ed25519PrivateKey, trusted: list[ReleaseKey], installer: Path
) -> None:
    """An old signed installer cannot be offered as a new version: the version is signed."""
    old_signature = _signed(key, installer, "0.1.5")
    with pytest.raises(UpdateError) as refused:
        verify_installer(installer, "0.2.0", old_signature, trusted_keys=trusted, installed="0.1.0")
    assert refused.value.code == "update_signature_invalid"


@pytest.mark.parametrize("signature", ["", "not base64!", base64.b64encode(b"x" * 63).decode()])
def test_a_malformed_signature_is_refused(
    trusted: list[ReleaseKey], installer: Path, signature: str
) -> None:
    with pytest.raises(UpdateError) as refused:
        verify_installer(installer, "0.2.0", signature, trusted_keys=trusted, installed="0.1.0")
    assert refused.value.code == "update_signature_invalid"


@pytest.mark.parametrize("offered", ["0.1.0", "0.0.9", "0.1.0-rc1"])
def test_a_version_not_newer_is_refused_even_when_signed(
    key: ed25519.Ed25519PrivateKey, trusted: list[ReleaseKey], installer: Path, offered: str
) -> None:
    with pytest.raises(UpdateError) as refused:
        verify_installer(
            installer,
            offered,
            _signed(key, installer, offered),
            trusted_keys=trusted,
            installed="0.1.0",
        )
    assert refused.value.code == "update_version_not_newer"
    assert refused.value.params == {"version": offered, "installed": "0.1.0"}


@pytest.mark.parametrize("version", ["", "one", "0.1.0/../x", "1.2.3.4.5", "0.1.0-", "0.1.0 "])
def test_a_version_that_is_not_one_is_refused(
    key: ed25519.Ed25519PrivateKey, trusted: list[ReleaseKey], installer: Path, version: str
) -> None:
    with pytest.raises(UpdateError) as refused:
        verify_signature(installer, version, "", trusted_keys=trusted)
    assert refused.value.code == "update_version_invalid"


def test_an_unreadable_installer_is_refused(trusted: list[ReleaseKey], tmp_path: Path) -> None:
    with pytest.raises(UpdateError) as refused:
        verify_signature(tmp_path / "missing.exe", "0.2.0", "", trusted_keys=trusted)
    assert refused.value.code == "update_file_unreadable"


def test_no_trusted_key_refuses_everything(key: ed25519.Ed25519PrivateKey, installer: Path) -> None:
    with pytest.raises(UpdateError) as refused:
        verify_signature(installer, "0.2.0", _signed(key, installer, "0.2.0"), trusted_keys=[])
    assert refused.value.code == "update_signature_invalid"


def test_built_in_keys_are_the_shipped_file_and_refuse_a_test_key(
    key: ed25519.Ed25519PrivateKey, installer: Path
) -> None:
    shipped = Path(release_keys.__file__).with_name(release_keys.KEYS_FILE).read_text()
    assert [k.as_text() for k in builtin_keys()] == [k.as_text() for k in parse_keys(shipped)]
    assert builtin_keys()
    with pytest.raises(UpdateError) as refused:
        verify_signature(installer, "0.2.0", _signed(key, installer, "0.2.0"))
    assert refused.value.code == "update_signature_invalid"


def test_keys_file_parsing(key: ed25519.Ed25519PrivateKey) -> None:
    line = ReleaseKey("office-2026", key.public_key()).as_text()
    keys = parse_keys(f"# a comment\n\n{line}\n")
    assert [k.name for k in keys] == ["office-2026"]
    assert keys[0].raw() == ReleaseKey("x", key.public_key()).raw()
    with pytest.raises(ValueError, match="line 2"):
        parse_keys(f"{line}\nAAAA short\n")
    with pytest.raises(ValueError, match="not base64"):
        key_from_text("%%%")


def test_no_key_in_the_file_is_update_keys_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(release_keys, "parse_keys", lambda _text: ())
    with pytest.raises(release_keys.KnownError) as refused:
        builtin_keys()
    assert refused.value.code == "update_keys_missing"


@pytest.mark.parametrize(
    ("offered", "installed", "newer"),
    [
        ("0.1.0", "0.1.0-previous", True),  # a release comes after its pre-release
        ("0.1.0-previous", "0.1.0", False),
        ("0.1.0", "0.1.0", False),
        ("0.1.0-rc2", "0.1.0-rc1", False),  # two pre-releases of one version: neither
        ("0.2", "0.1.9", True),
        ("0.1.0.1", "0.1.0", True),
        ("0.1", "0.1.0", False),
        ("1.0.0", "0.99.99", True),
        ("garbage", "0.1.0", False),
        ("0.2.0", "garbage", False),
    ],
)
def test_is_newer(offered: str, installed: str, newer: bool) -> None:
    assert is_newer(offered, installed) is newer


def test_release_order_refuses_what_would_not_name_a_file() -> None:
    assert release_order("0.1.0-previous") == ((0, 1, 0), 0)
    assert release_order("0.1.0") == ((0, 1, 0), 1)
    assert release_order("0.1.0-a/b") is None
    assert release_order("0.1.0+build") is None
    assert release_order("1" * 70) is None


def test_installed_version_of_a_source_checkout_is_its_own() -> None:
    assert installed_version() == __version__


def test_installed_version_of_an_installed_build_is_the_installers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exe = tmp_path / "fieldkit.exe"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert installed_version() == __version__  # no stamp: the program's own
    stamp = tmp_path / versions.INSTALLED_VERSION_FILE
    stamp.write_text("\ufeff0.1.0-previous\r\n", encoding="utf-8")
    assert installed_version() == "0.1.0-previous"
    stamp.write_text("not a version", encoding="utf-8")
    assert installed_version() == __version__
