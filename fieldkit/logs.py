"""Logging to a rotating file, with a last line of defence against personal data.

Code must never log a NIK or a name in the first place; the filter below
masks any 16-digit run anyway, because one slip in a log file that travels
to the office for support is a leak.

A windowed program (``fieldkit-app.exe``, built with ``console=False``) has no
console: Python starts it with ``sys.stdout``, ``sys.stderr`` and ``sys.stdin``
set to None, so a ``write`` or a ``print`` there is an ``AttributeError``.
:func:`give_missing_streams_a_sink` gives them the null device; what matters
goes to the log file instead: uncaught exceptions on any thread
(:func:`log_uncaught_exceptions`) and, for a crash in C code, ``faulthandler``'s
traceback (:func:`record_faults`, its own file: the rotating log is renamed on
rotation, which Windows refuses while another handle holds it open).
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import re
import sys
import threading
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from fieldkit import paths
from fieldkit.durable import O_BINARY
from fieldkit.printable import PrintableFormatter

if TYPE_CHECKING:
    from io import TextIOWrapper
    from types import TracebackType

LOG_FILE = "fieldkit.log"
#: Where ``faulthandler`` writes the Python traceback of a crash in C code (a segfault).
FAULT_FILE = "faults.log"
_SIXTEEN_DIGITS = re.compile(r"(?<!\d)(\d{4})\d{8}(\d{4})(?!\d)")
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Each log file, the first and every rotated one, is created 0600."""

    def _open(self) -> TextIOWrapper:
        # Created with 0600 before logging opens it, so it is never readable even briefly.
        os.close(
            os.open(self.baseFilename, os.O_WRONLY | O_BINARY | os.O_CREAT | os.O_APPEND, 0o600)
        )
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


def configure(
    *,
    verbose: bool = False,
    log_dir: Path | None = None,
    file_name: str = LOG_FILE,
    echo: logging.Handler | None = None,
) -> Path | None:
    """Send logs to the rotating file; returns its path, or None if it cannot be written.

    A read-only or full disk must not stop the app from starting: the user
    gets the real error from the store, not a traceback from logging.  ``echo`` (a
    command's ``-v``) shows the same lines on the terminal too: without it a command's
    output is its own lines only, never a log line among them (issue 59 §8).
    """
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_fieldkit", False):
            root.removeHandler(handler)
            handler.close()
    if echo is not None:
        echo.addFilter(RedactNikFilter())
        echo._fieldkit = True  # type: ignore[attr-defined]  # noqa: SLF001
        root.addHandler(echo)
    directory = log_dir or paths.log_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=paths.PRIVATE_DIR_MODE)
        paths.make_private(directory)
        file_handler = _PrivateRotatingFileHandler(
            directory / file_name, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        return None
    file_handler.setFormatter(PrintableFormatter(_FORMAT))
    file_handler.addFilter(RedactNikFilter())
    file_handler._fieldkit = True  # type: ignore[attr-defined]  # noqa: SLF001
    root.addHandler(file_handler)
    global _current  # noqa: PLW0603 - one process, one log file
    _current = directory / file_name
    return _current


_current: Path | None = None


def terminal() -> logging.Handler:
    """A handler showing log lines on stderr (a command's ``-v``), one printable line each.

    INFO and up: the file keeps ``-v``'s DEBUG lines (locks taken and let go), which would
    bury what the command said.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.INFO)
    handler.setFormatter(PrintableFormatter(_FORMAT))
    return handler


def current_file() -> Path | None:
    """Where this process logs, for a message that sends the officer to the details."""
    return _current


def current_folder() -> Path:
    """The folder of this process's log file (or where it would be): shown to the officer."""
    return _current.parent if _current is not None else paths.log_dir()


#: The null-device files standing in for missing streams (kept open for the process).
_sinks: list[TextIO] = []


def give_missing_streams_a_sink() -> list[str]:
    """Point a None ``sys.stdout``/``stderr``/``stdin`` (a windowed program) at the null device.

    Returns the names of the streams replaced.  A write there is then lost
    quietly, as it would be on a console nobody reads; the log file keeps what
    matters.  ``sys.__stdout__`` and the others are set too, since some code
    (and Qt's own Python glue) falls back to them.
    """
    replaced = []
    for name, mode in (("stdout", "w"), ("stderr", "w"), ("stdin", "r")):
        if getattr(sys, name) is not None:
            continue
        sink = cast("TextIO", open(os.devnull, mode, encoding="utf-8"))  # noqa: PTH123, SIM115
        _sinks.append(sink)
        setattr(sys, name, sink)
        if getattr(sys, f"__{name}__") is None:
            setattr(sys, f"__{name}__", sink)
        replaced.append(name)
    return replaced


#: The open fault file: faulthandler keeps only its descriptor, so the object must live.
_fault_file: list[TextIO] = []


def record_faults(directory: Path) -> Path | None:
    """``faulthandler`` into ``directory/faults.log`` (appended, 0600); None if it cannot be opened.

    Without a file faulthandler writes to ``sys.stderr``, which a windowed
    program does not have.  On Windows it also reports fatal Windows
    exceptions (an access violation in a driver's DLL).
    """
    path = directory / FAULT_FILE
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=paths.PRIVATE_DIR_MODE)
        os.close(os.open(path, os.O_WRONLY | O_BINARY | os.O_CREAT | os.O_APPEND, 0o600))
        paths.make_private(path)
        handle = path.open("a", encoding="utf-8")
    except OSError:
        return None
    faulthandler.enable(file=handle, all_threads=True)
    for old in _fault_file:
        old.close()
    _fault_file[:] = [handle]
    return path


_uncaught = logging.getLogger("fieldkit.uncaught")


def _log_uncaught(
    kind: type[BaseException],
    value: BaseException | None,
    tb: TracebackType | None,
    where: str,
) -> None:
    # The traceback goes into the message (not exc_info) so the NIK filter sees its text too.
    text = "".join(traceback.format_exception(kind, value, tb)).rstrip()
    _uncaught.critical("uncaught exception %s:\n%s", where, text)


def log_uncaught_exceptions() -> None:
    """Uncaught exceptions, on the main thread or any other, go to the log file.

    The earlier hooks still run after (they write to ``sys.stderr``, which is
    the null device in a windowed program): a console start still shows them.
    """
    previous = sys.excepthook
    previous_thread = threading.excepthook

    def excepthook(
        kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            _log_uncaught(kind, value, tb, "in the main thread")
        previous(kind, value, tb)

    def thread_excepthook(args: threading.ExceptHookArgs) -> None:
        if not issubclass(args.exc_type, SystemExit):
            name = args.thread.name if args.thread is not None else "?"
            _log_uncaught(args.exc_type, args.exc_value, args.exc_traceback, f"in thread {name}")
        previous_thread(args)

    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook
