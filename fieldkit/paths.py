"""Where FieldKit keeps things on disk.

Everything the app writes lives under one data directory so that a backup,
a wipe or a move is one folder.  Logs may live elsewhere (the platform's log
directory) unless ``FIELDKIT_HOME`` pins everything in one place.

An installed Windows build finds its data folder without the environment:
the installer writes that folder's path into :data:`INSTALL_HOME_FILE` beside
the executables.  The first start after setup is launched by the installer
itself, which never sees a system variable set during the same setup, so
``FIELDKIT_HOME`` alone would put that first start's store in the wrong place.
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
#: One UTF-8 line, an absolute folder: the data folder of an installed (frozen) build.
#: Written by the Windows installer beside ``fieldkit.exe``; read only by a frozen build.
INSTALL_HOME_FILE = "fieldkit-home.txt"

#: The data folder, its backups and the logs are the officer's alone: a shared laptop's
#: other accounts must not read them (the store is encrypted, the logs and names are not).
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
#: A process that writes only private files sets this first: nothing it makes (a file some
#: library opens with the default mode, a folder) is readable by another account even for
#: the moment before a ``chmod``.  ``os.umask`` exists on Windows too (the read-only bit).
PRIVATE_UMASK = 0o077

log = logging.getLogger(__name__)


def make_private(path: Path) -> None:
    """Give a folder 0700 or a file 0600, whatever the umask made it; best effort.

    A filesystem without Unix modes (a FAT stick) or a folder owned by someone
    else keeps its modes: that is logged, never an error that stops the app.
    On Windows a mode is only the read-only flag, and setting it on a file SQLite
    holds open is a sharing violation: there the data folder's ACL, set by the
    installer (Administrators, SYSTEM, the FieldKit group), keeps it private.
    """
    if sys.platform == "win32":
        return
    try:
        mode = PRIVATE_DIR_MODE if path.is_dir() else PRIVATE_FILE_MODE
        if stat.S_IMODE(path.stat().st_mode) != mode:
            path.chmod(mode)
    except FileNotFoundError:
        return
    except OSError as exc:
        log.warning("cannot make %s private: %s", path.name, exc.strerror)


def installed_home() -> Path | None:
    """The data folder named in :data:`INSTALL_HOME_FILE` beside a frozen build's executable.

    None when not frozen, when there is no such file, or when its line is empty
    or relative (logged: a relative folder would depend on where the app was
    started from, and would split the store in two).
    """
    if not getattr(sys, "frozen", False):
        return None
    marker = Path(sys.executable).parent / INSTALL_HOME_FILE
    try:
        text = marker.read_text(encoding="utf-8-sig")  # a BOM from a Windows editor is fine
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("%s unreadable, ignored: %s", INSTALL_HOME_FILE, exc)
        return None
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    if not line:
        log.warning("%s is empty, ignored", INSTALL_HOME_FILE)
        return None
    folder = Path(line)
    if not folder.is_absolute():
        log.warning("%s names a relative folder, ignored: %r", INSTALL_HOME_FILE, line)
        return None
    return folder


def data_dir() -> Path:
    """``FIELDKIT_HOME``, else the installer's :data:`INSTALL_HOME_FILE`, else the user's folder."""
    override = os.environ.get(ENV_HOME)
    if override:
        return Path(override).expanduser()
    installed = installed_home()
    if installed is not None:
        return installed
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    override = os.environ.get(ENV_LOG_DIR)
    if override:
        return Path(override).expanduser()
    if os.environ.get(ENV_HOME) or installed_home() is not None:
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
