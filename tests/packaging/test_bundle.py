"""Builds the real Linux bundle and tarball, installs it, and runs it as a laptop would.

Slow by nature (about 1-2 minutes on two cores), so it runs last.  It uses
``packaging/build.py``, the same code ``make package`` runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from fieldkit._version import __version__

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fieldkit" / "store" / "fixtures"
FIXTURE_PASSWORD = "fixture-password"
MAX_BUNDLE_BYTES = 500 * 1000 * 1000
BUILD_TIMEOUT_S = 1200

# Every test here runs in the one PC/SC process (scripts/run-tests.sh), because the installed
# self-test needs the machine's pcscd: so the bundle is built once per run, not once per
# pytest-xdist worker that happens to take one of this module's tests (two minutes each).
pytestmark = [pytest.mark.timeout(BUILD_TIMEOUT_S + 300), pytest.mark.pcsc]


class Built:
    def __init__(self, dist: Path, seconds: float) -> None:
        self.dist = dist
        self.seconds = seconds
        self.bundle = dist / "fieldkit"
        self.tarball = dist / f"fieldkit-{__version__}-linux-x86_64.tar.gz"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("package")
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            str(REPO / "packaging" / "build.py"),
            *("--dist", str(root / "dist"), "--work", str(root / "build")),
        ],
        cwd=REPO,
        check=True,
        timeout=BUILD_TIMEOUT_S,
    )
    return Built(root / "dist", time.monotonic() - started)


@pytest.fixture(scope="module")
def installed(built: Built, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The tarball unpacked and put in place by its own install.sh: (prefix, user's home)."""
    root = tmp_path_factory.mktemp("install")
    with tarfile.open(built.tarball) as tar:
        tar.extractall(root / "unpacked", filter="tar")
    [top] = (root / "unpacked").iterdir()
    home = root / "home"
    home.mkdir()
    prefix = root / "opt" / "fieldkit"
    env = {**os.environ, "PREFIX": str(prefix), "HOME": str(home)}
    env.pop("XDG_DATA_HOME", None)
    env.pop("SUDO_USER", None)
    subprocess.run(["sh", str(top / "install.sh")], env=env, check=True, timeout=300)
    return prefix, home


def _laptop_env(data: Path) -> dict[str, str]:
    """No display, no source tree on the path, a data folder of its own."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PYTHONPATH"}
        and not k.startswith(("FIELDKIT_", "VIRTUAL_ENV"))
    }
    env["FIELDKIT_HOME"] = str(data)
    return env


def test_bundle_is_under_budget(
    built: Built, record_property: pytest.RecordProperty, request: pytest.FixtureRequest
) -> None:
    size = sum(
        (Path(folder) / name).lstat().st_size
        for folder, _, names in os.walk(built.bundle)
        for name in names
    )
    record_property("bundle_bytes", size)
    record_property("build_seconds", round(built.seconds))
    artifacts = REPO / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "bundle-size.txt").write_text(
        f"bundle {size / 1e6:.1f} MB ({size} bytes), tarball "
        f"{built.tarball.stat().st_size / 1e6:.1f} MB, built in {built.seconds:.0f} s\n",
        encoding="utf-8",
    )
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"\nbundle: {size / 1e6:.1f} MB, tarball {built.tarball.stat().st_size / 1e6:.1f} MB, "
            f"built in {built.seconds:.0f} s"
        )
    assert size < MAX_BUNDLE_BYTES
    assert int((built.dist / "bundle-size.txt").read_text()) == size


def test_tarball_holds_the_bundle_menu_entry_icon_and_installer(built: Built) -> None:
    top = f"fieldkit-{__version__}-linux-x86_64"
    with tarfile.open(built.tarball) as tar:
        names = set(tar.getnames())
        installer = tar.getmember(f"{top}/install.sh")
        desktop = tar.extractfile(f"{top}/fieldkit.desktop")
        assert desktop is not None
        entry = desktop.read().decode()
    # The release keys an update must be signed with travel with the program (issue 38).
    assert f"{top}/app/_internal/fieldkit/update/release_keys.txt" in names
    for name in ("app/fieldkit-app", "app/fieldkit", "fieldkit.png", "fieldkit.svg"):
        assert f"{top}/{name}" in names
    assert installer.mode & 0o111
    assert "Exec=fieldkit-app" in entry
    assert "Categories=Office;" in entry


def test_installed_app_passes_its_self_test_without_a_display(
    installed: tuple[Path, Path], pcscd: object, tmp_path: Path
) -> None:
    prefix, home = installed
    menu = (home / ".local/share/applications/fieldkit.desktop").read_text()
    assert f"Exec={prefix}/fieldkit-app" in menu
    assert (home / ".local/share/icons/hicolor/256x256/apps/fieldkit.png").is_file()

    data = tmp_path / "data"
    result = subprocess.run(
        [str(prefix / "fieldkit-app"), "--self-test"],
        env=_laptop_env(data),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    report = result.stdout
    assert result.returncode == 0, report + result.stderr
    for line in (
        f"OK   version: FieldKit {__version__} (bundle {prefix})",
        f"OK   assets: 7 files in {prefix}/_internal/assets",
        "OK   face cascades: OpenCV Haar face and eye cascades load",
        "OK   sealing: Ed25519 + HPKE seal and open a record",
        f"OK   data folder: no store yet in {data} (the first start makes one)",
        "OK   card pcsc: card simulator read through pcscd + Virtual PCD 00 00",
        "OK   translation id: Bahasa Indonesia loads from fieldkit_id.qm",
        "OK   ui: the app's windows and dialogs import",
    ):
        assert line in report.splitlines(), report
    for prefix_ in (
        "OK   regions:",
        "OK   sim media:",
        "OK   signatures:",
        "OK   nfiq2:",
        "OK   wsq:",
        "OK   store: encrypted store created, migrated to",
        "OK   qt platforms: Qt runs on 'offscreen'",
        "OK   icons: 9 Fluent icons draw with QtSvg",
        *(f"OK   {kind} {m}:" for kind in ("driver", "sim") for m in _MODALITIES),
        *(f"OK   sbi {m}:" for m in ("fingerprint", "iris", "face")),
    ):
        assert any(line.startswith(prefix_) for line in report.splitlines()), prefix_
    assert report.splitlines()[-1].startswith("PASSED: ")
    assert "0 warning(s)" in report.splitlines()[-1]
    assert not data.exists(), "the self-test must not write to the data folder"


_MODALITIES = ("face", "fingerprint", "iris", "signature", "card")


def test_installed_cli_migrates_an_older_store(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    """An update keeps the data: the bundled Alembic scripts upgrade a store of the first schema."""
    prefix, _ = installed
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "rev-0001", data)
    env = {**_laptop_env(data), "FIELDKIT_OFFICER": "admin", "FIELDKIT_PASSWORD": FIXTURE_PASSWORD}

    check = subprocess.run(
        [str(prefix / "fieldkit"), "store", "check", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert check.returncode == 0, check.stdout + check.stderr
    assert json.loads(check.stdout)["ok"] is True
    assert list((data / "backups").glob("fieldkit-*-premigration.db"))
    selftest = subprocess.run(
        [str(prefix / "fieldkit"), "--self-test"],
        env=_laptop_env(data),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert f"OK   data folder: store in {data}: keyring parses (office" in selftest.stdout
