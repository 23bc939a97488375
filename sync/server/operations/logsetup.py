"""The data center's log lines: plain text for a person, or one JSON object per line.

An office that ships its logs to a collector (journald's JSON export, Loki, an ELK
stack) asks for ``--log-format json`` / ``FIELDKIT_DATACENTER_LOG_FORMAT=json``.  The
fields are fixed (time, level, logger, process, message, and the exception's text when
there is one); like the text lines they hold no personal data, which the service never
logs (record ids and device ids only).

Every record is one line in either format, whatever its arguments held: a folder name
from a USB stick with a newline or an escape sequence in it neither forges a second
line nor reaches the operator's terminal raw (``fieldkit.printable``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from typing import TYPE_CHECKING

from fieldkit.printable import PrintableFormatter, json_printable

if TYPE_CHECKING:
    from pathlib import Path

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s"
FORMATS = ("text", "json")


class JsonLines(logging.Formatter):
    """One JSON object per record, on one line (U+2028, C1 controls and bidi overrides too)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "process": record.process,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json_printable(json.dumps(line, ensure_ascii=False))


#: The log file of the operator's commands (every one but ``serve``), in ``DATA/logs``.
COMMAND_LOG_FILE = "datacenter.log"


def terminal(log_format: str) -> logging.Handler:
    """A handler writing each record to stderr in ``log_format`` ("text" or "json")."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines() if log_format == "json" else PrintableFormatter(TEXT_FORMAT))
    return handler


def configure_command(log_format: str, data: Path | None, *, verbose: bool) -> Path | None:
    """An operator's command logs to ``DATA/logs/datacenter.log``, and to stderr with ``-v``.

    A command's output is its own sentences (issue 59 §8): an INFO line among them
    ("Officer rudi added" beside a log line saying the same) confused the operator and
    any script reading it.  ``serve`` keeps :func:`configure` (stderr, the journal's).
    """
    from fieldkit import logs  # noqa: PLC0415 - the core's rotating, private file

    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    echo = terminal(log_format) if verbose else None
    if data is None:  # a command with no data folder (openapi): nowhere to keep a file
        if echo is not None:
            root.addHandler(echo)
        root.setLevel(logging.INFO)
        return None
    written = logs.configure(
        verbose=verbose, log_dir=data / "logs", file_name=COMMAND_LOG_FILE, echo=echo
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return written


def configure(log_format: str) -> None:
    """Send every log record to stderr in ``log_format`` ("text" or "json"), INFO and up."""
    handler = terminal(log_format)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    # Alembic says at INFO which plugins it set up, at every command; the store logs
    # itself when a migration really runs.
    logging.getLogger("alembic").setLevel(logging.WARNING)
