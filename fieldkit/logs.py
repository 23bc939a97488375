"""Logging to a rotating file, with a last line of defence against personal data.

Code must never log a NIK or a name in the first place; the filter below
masks any 16-digit run anyway, because one slip in a log file that travels
to the office for support is a leak.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from fieldkit import paths

if TYPE_CHECKING:
    from io import TextIOWrapper

LOG_FILE = "fieldkit.log"
_SIXTEEN_DIGITS = re.compile(r"(?<!\d)(\d{4})\d{8}(\d{4})(?!\d)")
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Each log file, the first and every rotated one, is created 0600."""

    def _open(self) -> TextIOWrapper:
        # Created with 0600 before logging opens it, so it is never readable even briefly.
        os.close(os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        paths.make_private(Path(self.baseFilename))
        stream: TextIOWrapper = super()._open()
        return stream


class RedactNikFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _SIXTEEN_DIGITS.sub(r"\1********\2", message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True


def configure(*, verbose: bool = False, log_dir: Path | None = None) -> Path | None:
    """Send logs to the rotating file; returns its path, or None if it cannot be written.

    A read-only or full disk must not stop the app from starting: the user
    gets the real error from the store, not a traceback from logging.
    """
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_fieldkit", False):
            root.removeHandler(handler)
            handler.close()
    directory = log_dir or paths.log_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=paths.PRIVATE_DIR_MODE)
        paths.make_private(directory)
        file_handler = _PrivateRotatingFileHandler(
            directory / LOG_FILE, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        return None
    file_handler.setFormatter(logging.Formatter(_FORMAT))
    file_handler.addFilter(RedactNikFilter())
    file_handler._fieldkit = True  # type: ignore[attr-defined]  # noqa: SLF001
    root.addHandler(file_handler)
    global _current  # noqa: PLW0603 - one process, one log file
    _current = directory / LOG_FILE
    return _current


_current: Path | None = None


def current_file() -> Path | None:
    """Where this process logs, for a message that sends the officer to the details."""
    return _current
