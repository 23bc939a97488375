"""The data center's offer of a FieldKit update: files in DATA/releases, and its CLI."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from fieldkit.update.release_keys import ReleaseKey
from fieldkit.update.verify import UpdateError, sign
from sync.server.office.releases import (
    OFFER_FILE,
    current_offer,
    offer_release,
    releases_dir,
)
from tests.sync.server.dcsupport import dc_cli

VERSION = "0.2.0"


@pytest.fixture
def key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


@pytest.fixture
def installer(tmp_path: Path) -> Path:
    path = tmp_path / "upload" / "setup.exe"
    path.parent.mkdir()
    path.write_bytes(b"MZ" + os.urandom(20_000))
    return path


def _signature(key: ed25519.Ed25519PrivateKey, installer: Path, version: str = VERSION) -> str:
    return sign(key, version, hashlib.sha256(installer.read_bytes()).hexdigest())


def test_cli_offer_refuses_a_signature_no_built_in_key_made(
    tmp_path: Path, installer: Path, key: ed25519.Ed25519PrivateKey
) -> None:
    data = tmp_path / "dc"
    sig = installer.with_name("setup.exe.sig")
    sig.write_text(_signature(key, installer) + "\n")
    done = dc_cli(
        data, "release", "offer", str(installer), "--version", VERSION, "--signature", str(sig)
    )
    assert done.returncode == 2
    assert "not signed by a FieldKit release key" in done.stderr
    assert current_offer(data) is None
    assert not (releases_dir(data) / OFFER_FILE).exists()


@pytest.mark.parametrize(
    ("version", "signature", "code"),
    [
        ("0.2.0", "garbage", "not signed by a FieldKit release key"),
        ("not-a-version", "garbage", "is not a FieldKit version number"),
    ],
)
def test_cli_offer_refuses_bad_input(
    tmp_path: Path, installer: Path, version: str, signature: str, code: str
) -> None:
    sig = installer.with_name("setup.exe.sig")
    sig.write_text(signature)
    done = dc_cli(
        tmp_path / "dc",
        "release",
        "offer",
        str(installer),
        "--version",
        version,
        "--signature",
        str(sig),
    )
    assert done.returncode == 2
    assert code in done.stderr


def test_cli_offer_names_a_missing_signature_file(tmp_path: Path, installer: Path) -> None:
    done = dc_cli(
        tmp_path / "dc",
        "release",
        "offer",
        str(installer),
        "--version",
        VERSION,
        "--signature",
        str(tmp_path / "none.sig"),
    )
    assert done.returncode == 2
    assert "none.sig cannot be read" in done.stderr


def test_offer_with_a_trusted_key_writes_the_offer_and_withdraw_removes_it(
    tmp_path: Path, installer: Path, key: ed25519.Ed25519PrivateKey
) -> None:
    data = tmp_path / "dc"
    trusted = [ReleaseKey("test", key.public_key())]
    offer = offer_release(
        data, installer, VERSION, _signature(key, installer), trusted_keys=trusted
    )
    assert offer.file == f"fieldkit-{VERSION}-windows-x64-setup.exe"
    assert (releases_dir(data) / offer.file).read_bytes() == installer.read_bytes()
    assert offer.sha256 == hashlib.sha256(installer.read_bytes()).hexdigest()
    assert current_offer(data) == offer
    on_disk = json.loads((releases_dir(data) / OFFER_FILE).read_text())
    assert set(on_disk) == {"version", "sha256", "size", "file", "signature"}

    newer = installer.with_name("newer.exe")
    newer.write_bytes(b"MZ" + os.urandom(1000))
    second = offer_release(
        data, newer, "0.3.0", _signature(key, newer, "0.3.0"), trusted_keys=trusted
    )
    assert not (releases_dir(data) / offer.file).exists()  # the older offer's file is gone
    assert current_offer(data) == second

    done = dc_cli(data, "release", "withdraw", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["version"] == "0.3.0"
    assert current_offer(data) is None
    assert sorted(p.name for p in releases_dir(data).iterdir()) == []
    again = dc_cli(data, "release", "withdraw")
    assert again.returncode == 0
    assert "No FieldKit update was offered." in again.stdout


def test_offer_refuses_a_tampered_installer(
    tmp_path: Path, installer: Path, key: ed25519.Ed25519PrivateKey
) -> None:
    signature = _signature(key, installer)
    installer.write_bytes(installer.read_bytes() + b"\0")
    with pytest.raises(UpdateError) as refused:
        offer_release(
            tmp_path / "dc",
            installer,
            VERSION,
            signature,
            trusted_keys=[ReleaseKey("test", key.public_key())],
        )
    assert refused.value.code == "release_signature_invalid"
    assert "so it is not offered" in refused.value.message
    assert current_offer(tmp_path / "dc") is None


@pytest.mark.parametrize(
    "offer",
    [
        "not json",
        "[]",
        '{"version": "0.2.0"}',
        json.dumps(
            {"version": "0.2.0", "sha256": "a" * 64, "size": 1, "file": "../x", "signature": "s"}
        ),
        json.dumps(
            {"version": "0.2.0", "sha256": "a" * 64, "size": 1, "file": OFFER_FILE, "signature": ""}
        ),
        json.dumps({"version": "x", "sha256": "a" * 64, "size": 1, "file": "f", "signature": ""}),
        json.dumps({"version": "0.2.0", "sha256": "a", "size": 1, "file": "f", "signature": ""}),
    ],
)
def test_an_offer_file_that_is_not_one_offers_nothing(tmp_path: Path, offer: str) -> None:
    folder = releases_dir(tmp_path)
    folder.mkdir()
    (folder / OFFER_FILE).write_text(offer)
    assert current_offer(tmp_path) is None
