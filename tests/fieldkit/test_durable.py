"""A folder's fsync: a real one on POSIX, none on Windows (no handle to a folder; NTFS journals)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import pytest

from fieldkit import durable

if TYPE_CHECKING:
    from pathlib import Path


def _count(monkeypatch: pytest.MonkeyPatch, name: str) -> list[object]:
    calls: list[object] = []
    real = getattr(os, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, counted)
    return calls


@pytest.mark.skipif(sys.platform == "win32", reason="the POSIX branch")
def test_on_posix_the_folder_itself_is_fsynced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "new").write_bytes(b"x")
    opened = _count(monkeypatch, "open")
    fsyncs = _count(monkeypatch, "fsync")
    durable.fsync_dir(tmp_path)
    assert opened == [tmp_path]
    assert len(fsyncs) == 1
    assert durable.can_fsync_dirs()


@pytest.mark.skipif(sys.platform == "win32", reason="the POSIX branch")
def test_on_posix_a_folder_that_cannot_be_synced_is_an_error(tmp_path: Path) -> None:
    """A write whose name cannot be made durable must not pass as done."""
    with pytest.raises(FileNotFoundError):
        durable.fsync_dir(tmp_path / "gone")
    (tmp_path / "file").write_bytes(b"x")
    with pytest.raises(NotADirectoryError):  # O_DIRECTORY: a file is not a folder
        durable.fsync_dir(tmp_path / "file")


def test_on_windows_no_folder_is_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``os.open`` on a folder fails on Windows; NTFS has journaled the rename already."""
    missing = tmp_path / "gone"  # made before the platform changes: pathlib reads it
    monkeypatch.setattr(sys, "platform", "win32")
    opened = _count(monkeypatch, "open")
    fsyncs = _count(monkeypatch, "fsync")
    durable.fsync_dir(tmp_path)
    durable.fsync_dir(missing)
    assert opened == []
    assert fsyncs == []
    assert not durable.can_fsync_dirs()
