"""The demo's store, made once a day and copied on every later ``--demo`` start.

Making it records yesterday's people with the simulators (issue 36, finding 5): their
fingers' minutiae, the sealing, the data center's answers.  That is some 12 s of CPU on
a field laptop, spent again on each start while the trainee looks at the login dialog,
and again in each of the test suite's demo starts.  A copy of a made store takes a few
milliseconds.

The kept store is a store like any other (SQLCipher, keys wrapped under the demo's
published password), of made-up people; it lives in the platform's cache folder, private
to the account.  It is never opened there: a start copies it into its own throwaway
folder first.  It is keyed by the day (the demo's visit is today's, its printed cards
yesterday's), FieldKit's version and, in a source checkout, the code's files, so a store
made by other code is never reused.  A key's folder appears by one rename with its marker
inside, so a start never copies half of one; two starts that both make it keep the first
and drop the other's.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from fieldkit import __version__, paths

if TYPE_CHECKING:
    import datetime as dt

log = logging.getLogger(__name__)

#: Overrides the platform's cache folder (a test's own, a shared laptop's other disk).
ENV_CACHE_DIR = "FIELDKIT_CACHE_DIR"
#: Written last into a kept store: a folder without it is never copied.
COMPLETE_MARKER = "demo-store-complete"
#: A copy being made; one older than an hour was left by a start that died meanwhile.
STAGING_PREFIX = ".making-"
STAGING_STALE_S = 3600
#: The packages whose code makes the store: a change to any of them makes another one.
SOURCE_PACKAGES = ("fieldkit", "drivers", "sync", "ui")


def cache_root() -> Path:
    """Where kept demo stores live: ``FIELDKIT_CACHE_DIR``, else the platform's cache folder.

    Not under the data folder: ``FIELDKIT_HOME`` names one store's place (each test's),
    and a cache is worth keeping across them.
    """
    override = os.environ.get(ENV_CACHE_DIR)
    base = (
        Path(override).expanduser()
        if override
        else Path(platformdirs.user_cache_dir(paths.APP_NAME, paths.APP_AUTHOR))
    )
    return base / "demo"


def store_key(today: dt.date, recipe: str) -> str:
    """The kept store's name: the day, the version, the demo's ``recipe`` and the code."""
    parts = [today.isoformat(), __version__, recipe, _source_stamp()]
    return f"{today.isoformat()}-{hashlib.sha256('|'.join(parts).encode()).hexdigest()[:16]}"


def copy_kept(key: str, home: Path) -> bool:
    """Copy the kept store ``key`` into ``home``; False when there is none (or it failed).

    A copy that fails halfway (a full disk, a kept store removed meanwhile by a start of
    another day) leaves ``home`` empty again, for the caller to make the store there.
    """
    kept = cache_root() / key
    if not (kept / COMPLETE_MARKER).is_file():
        return False
    try:
        shutil.copytree(
            kept, home, dirs_exist_ok=True, ignore=shutil.ignore_patterns(COMPLETE_MARKER)
        )
    except OSError as error:
        log.warning("the kept demo store could not be copied (%s); it is made again", error)
        _empty(home)
        return False
    log.info("demo store copied from the one kept for today (%s)", key)
    return True


def keep(key: str, home: Path) -> None:
    """Keep a copy of the store just made in ``home`` as ``key``; drop other days' stores.

    Best effort: a start that cannot keep it (a read-only cache, a full disk) still has
    its own store, and only the next start is slower.
    """
    root = cache_root()
    try:
        root.mkdir(parents=True, exist_ok=True)
        paths.make_private(root.parent)
        paths.make_private(root)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    except OSError as error:
        log.warning("the demo store is not kept for later starts: %s", error)
        return
    try:
        shutil.copytree(home, staging, dirs_exist_ok=True)
        (staging / COMPLETE_MARKER).write_text(key, encoding="utf-8")
        staging.replace(root / key)
    except OSError as error:
        # Another start kept the same store first (the rename finds its folder), or the
        # disk refused: either way this copy goes.
        log.info("the demo store made here is not kept: %s", error)
        shutil.rmtree(staging, ignore_errors=True)
        return
    _drop_others(root, key)
    log.info("demo store kept for today's later starts (%s)", key)


def _drop_others(root: Path, key: str) -> None:
    """Drop the stores of other days and versions, and copies a start left half made.

    A copy being made by a start right now is younger than :data:`STAGING_STALE_S`.
    """
    now = time.time()
    for other in root.iterdir():
        if other.name == key:
            continue
        if other.name.startswith(STAGING_PREFIX):
            with contextlib.suppress(OSError):
                if now - other.stat().st_mtime < STAGING_STALE_S:
                    continue
        shutil.rmtree(other, ignore_errors=True)


def _empty(folder: Path) -> None:
    for child in folder.iterdir() if folder.is_dir() else ():
        if child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def _source_stamp() -> str:
    """The code's files by name, size and time, in a source checkout; nothing in a build.

    A built app's code changes only with its version.  A checkout's changes with every
    edit, and a store made by yesterday's edit of the demo must not be reused.
    """
    if getattr(sys, "frozen", False):
        return ""
    digest = hashlib.sha256()
    for package in SOURCE_PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        root = Path(next(iter(spec.submodule_search_locations)))
        for path in sorted(root.rglob("*.py")):
            info = path.stat()
            digest.update(f"{path.relative_to(root)}:{info.st_size}:{info.st_mtime_ns};".encode())
    return digest.hexdigest()
