"""On a shared laptop, the data folder, store, backups and logs are the officer's alone."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldkit import logs
from fieldkit.store.database import BACKUP_DIR, DB_FILE
from fieldkit.workspace import Workspace
from tests.support import ADMIN, ADMIN_PASSWORD, init_workspace


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The common default: new files 0644 and folders 0755 unless FieldKit says otherwise."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.usefixtures("loose_umask")
def test_store_backups_and_data_folder_are_private(home: Path) -> None:
    home.mkdir(mode=0o755)  # made by someone else before FieldKit ran
    ws = init_workspace(home)
    try:
        with ws.transaction():
            pass
        backup = ws.store.backup(reason="manual")
    finally:
        ws.close()
    ws = Workspace.login(home, ADMIN, ADMIN_PASSWORD)
    ws.close()
    assert mode(home) == 0o700
    assert mode(home / DB_FILE) == 0o600
    for side in ("-wal", "-shm"):
        path = home / f"{DB_FILE}{side}"
        if path.exists():
            assert mode(path) == 0o600, side
    assert mode(home / BACKUP_DIR) == 0o700
    assert mode(backup.path) == 0o600
    loose = [p for p in home.rglob("*") if mode(p) & 0o077]
    assert loose == [], loose


@pytest.mark.usefixtures("loose_umask")
def test_logs_are_private_also_after_rotation(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    path = logs.configure(log_dir=folder)
    assert path is not None
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "_fieldkit", False))
    try:
        logging.getLogger("fieldkit.test").info("one line")
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        handler.doRollover()
        logging.getLogger("fieldkit.test").info("another line")
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    assert mode(folder) == 0o700
    files = sorted(folder.iterdir())
    assert len(files) == 2  # fieldkit.log and fieldkit.log.1
    assert {mode(p) for p in files} == {0o600}
