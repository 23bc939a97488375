"""An installed build finds its data folder from the installer's file, not the environment."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

import platformdirs
import pytest

from fieldkit import paths

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A frozen build in ``tmp_path/app``: PyInstaller sets ``sys.frozen``, ``sys.executable``."""
    app = tmp_path / "app"
    app.mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app / "fieldkit-app.exe"))
    monkeypatch.delenv(paths.ENV_HOME, raising=False)
    monkeypatch.delenv(paths.ENV_LOG_DIR, raising=False)
    return app


def test_the_installers_folder_is_the_data_folder(installed: Path, tmp_path: Path) -> None:
    store = tmp_path / "ProgramData" / "FieldKit"
    (installed / paths.INSTALL_HOME_FILE).write_text(f"{store}\r\n", encoding="utf-8")
    assert paths.data_dir() == store
    assert paths.log_dir() == store / "logs"


def test_a_byte_order_mark_and_blank_lines_are_tolerated(installed: Path, tmp_path: Path) -> None:
    store = tmp_path / "Data Lapangan"
    (installed / paths.INSTALL_HOME_FILE).write_text(f"\n{store}\n", encoding="utf-8-sig")
    assert paths.data_dir() == store


def test_the_environment_still_wins(
    installed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (installed / paths.INSTALL_HOME_FILE).write_text(str(tmp_path / "file"), encoding="utf-8")
    monkeypatch.setenv(paths.ENV_HOME, str(tmp_path / "env"))
    assert paths.data_dir() == tmp_path / "env"
    assert paths.log_dir() == tmp_path / "env" / "logs"


@pytest.mark.parametrize("line", ["", "   \n", "FieldKit\\data", "relative/data"])
def test_an_empty_or_relative_line_is_ignored_with_a_warning(
    installed: Path, line: str, caplog: pytest.LogCaptureFixture
) -> None:
    (installed / paths.INSTALL_HOME_FILE).write_text(line, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger=paths.__name__):
        assert paths.data_dir() == paths.Path(platformdirs.user_data_dir("FieldKit", "Disdukcapil"))
        assert paths.log_dir() == paths.Path(platformdirs.user_log_dir("FieldKit", "Disdukcapil"))
    assert paths.INSTALL_HOME_FILE in caplog.text
    assert "ignored" in caplog.text


def test_no_file_means_the_users_folder(installed: Path) -> None:
    assert paths.installed_home() is None
    assert paths.data_dir() == paths.Path(platformdirs.user_data_dir("FieldKit", "Disdukcapil"))


def test_a_source_run_never_reads_a_file_beside_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a frozen build: a file beside a venv's python must not move a developer's store."""
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    (tmp_path / paths.INSTALL_HOME_FILE).write_text(str(tmp_path / "elsewhere"), encoding="utf-8")
    assert paths.installed_home() is None


def test_make_private_leaves_windows_to_the_folder_acl(monkeypatch, tmp_path, caplog) -> None:
    """On Windows chmod only flips read-only; an open SQLite file refuses even that."""
    opened = tmp_path / "fieldkit.db-shm"
    opened.write_bytes(b"")
    opened.chmod(0o644)
    monkeypatch.setattr(sys, "platform", "win32")
    with caplog.at_level(logging.WARNING, logger="fieldkit.paths"):
        paths.make_private(opened)
    assert oct(opened.stat().st_mode & 0o777) == "0o644"
    assert caplog.records == []
    monkeypatch.setattr(sys, "platform", "linux")
    paths.make_private(opened)
    assert oct(opened.stat().st_mode & 0o777) == "0o600"
