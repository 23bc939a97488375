"""scripts/sign_release.py: a new key's public line, a signature the laptop's check accepts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fieldkit.update.release_keys import parse_keys
from fieldkit.update.verify import UpdateError, verify_installer

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "sign_release.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_new_key_then_sign_then_the_laptop_accepts_it_and_nothing_else(tmp_path: Path) -> None:
    private = tmp_path / "release.pem"
    made = _run("--new-key", str(private), "--name", "test-2026")
    assert made.returncode == 0, made.stderr
    keys = parse_keys(made.stdout)
    assert [k.name for k in keys] == ["test-2026"]
    if os.name == "posix":
        assert private.stat().st_mode & 0o777 == 0o600
    again = _run("--new-key", str(private))
    assert again.returncode == 1
    assert "never overwritten" in again.stderr

    installer = tmp_path / "fieldkit-0.2.0-windows-x64-setup.exe"
    installer.write_bytes(b"MZ" + os.urandom(10_000))
    signed = _run("--key", str(private), "--version", "0.2.0", str(installer))
    assert signed.returncode == 0, signed.stderr
    signature = installer.with_name(installer.name + ".sig").read_text().strip()
    verified = verify_installer(installer, "0.2.0", signature, trusted_keys=keys, installed="0.1.0")
    assert verified.key_name == "test-2026"
    with pytest.raises(UpdateError):
        verify_installer(installer, "0.3.0", signature, trusted_keys=keys, installed="0.1.0")


def test_sign_refuses_a_version_that_is_not_one(tmp_path: Path) -> None:
    private = tmp_path / "release.pem"
    assert _run("--new-key", str(private)).returncode == 0
    installer = tmp_path / "setup.exe"
    installer.write_bytes(b"MZ")
    done = _run("--key", str(private), "--version", "../x", str(installer))
    assert done.returncode == 1
    assert "is not a FieldKit version number" in done.stderr
    assert not installer.with_name("setup.exe.sig").exists()
