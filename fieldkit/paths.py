"""Where FieldKit keeps things on disk.

Everything the app writes lives under one data directory so that a backup,
a wipe or a move is one folder.  Logs may live elsewhere (the platform's log
directory) unless ``FIELDKIT_HOME`` pins everything in one place.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from pathlib import Path

import platformdirs

APP_NAME = "FieldKit"
APP_AUTHOR = "Disdukcapil"

ENV_HOME = "FIELDKIT_HOME"
ENV_LOG_DIR = "FIELDKIT_LOG_DIR"
ENV_ASSETS = "FIELDKIT_ASSETS"

#: The data folder, its backups and the logs are the officer's alone: a shared laptop's
#: other accounts must not read them (the store is encrypted, the logs and names are not).
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600

log = logging.getLogger(__name__)


def make_private(path: Path) -> None:
    """Give a folder 0700 or a file 0600, whatever the umask made it; best effort.

    A filesystem without Unix modes (a FAT stick) or a folder owned by someone
    else keeps its modes: that is logged, never an error that stops the app.
    """
    try:
        mode = PRIVATE_DIR_MODE if path.is_dir() else PRIVATE_FILE_MODE
        if stat.S_IMODE(path.stat().st_mode) != mode:
            path.chmod(mode)
    except FileNotFoundError:
        return
    except OSError as exc:
        log.warning("cannot make %s private: %s", path.name, exc.strerror)


def data_dir() -> Path:
    override = os.environ.get(ENV_HOME)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    override = os.environ.get(ENV_LOG_DIR)
    if override:
        return Path(override).expanduser()
    if os.environ.get(ENV_HOME):
        return data_dir() / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def assets_dir() -> Path:
    """Find ``assets/`` in a source checkout, an editable install or a PyInstaller bundle."""
    override = os.environ.get(ENV_ASSETS)
    if override:
        return Path(override)
    bundle_root = getattr(sys, "_MEIPASS", None)
    if bundle_root is not None:
        return Path(bundle_root) / "assets"
    return Path(__file__).resolve().parent.parent / "assets"
