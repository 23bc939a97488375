r"""A made document copied where the person chooses: Laporan's "Save as…".

The documents are written into ``reports/`` in the data folder (``C:\\ProgramData``
on the office laptops), where nobody looks for them; the operator saves a copy to a
USB stick or Documents to print it on the office's computer or to send it.  The copy
goes to a temporary file beside the destination first and is renamed over it, so a
full disk or a pulled stick never leaves half a PDF that looks like a whole one, and
the original in ``reports/`` is only ever read.  Every refusal names the folder and
where the original still is.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import tempfile
from pathlib import Path

from fieldkit.errors import KnownError

log = logging.getLogger(__name__)

SUFFIX = ".pdf"
#: errno values that mean "you may not write here" (a read-only stick, a folder of another
#: user; Windows' ERROR_ACCESS_DENIED and ERROR_WRITE_PROTECT arrive as EACCES).
_NOT_ALLOWED = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


class ReportCopyError(KnownError):
    """A copy that could not be made; the original is untouched."""

    code = "report_copy_failed"


def pdf_destination(chosen: Path) -> Path:
    """The chosen name with ``.pdf`` (a name typed without it still opens in a PDF viewer)."""
    return chosen if chosen.suffix.lower() == SUFFIX else chosen.with_name(chosen.name + SUFFIX)


def save_copy(source: Path, chosen: Path) -> Path:
    """Copy ``source`` to ``chosen`` (``.pdf`` added), replacing a file there; return the path.

    Raises :class:`ReportCopyError` with the reason in its code; ``source`` is never changed.
    """
    destination = pdf_destination(chosen)
    params = {"name": source.name, "source": source, "folder": destination.parent}
    if not source.is_file():
        raise ReportCopyError(code="report_copy_source_missing", params=params)
    if not destination.parent.is_dir():
        raise ReportCopyError(code="report_copy_folder_missing", params=params)
    if destination.exists() and _same_file(source, destination):
        return destination  # saved onto itself: it is already there
    try:
        fd, tmp_name = tempfile.mkstemp(dir=destination.parent, prefix=".fieldkit-", suffix=SUFFIX)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            shutil.copyfile(source, tmp)
            tmp.replace(destination)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise _refusal(exc, params) from exc
    log.info("a report was saved to a chosen folder")  # no path: it may name a person
    return destination


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def _refusal(exc: OSError, params: dict[str, object]) -> ReportCopyError:
    if exc.errno == errno.ENOSPC:
        return ReportCopyError(code="report_copy_disk_full", params=params)
    if exc.errno in _NOT_ALLOWED or isinstance(exc, PermissionError):
        return ReportCopyError(code="report_copy_not_allowed", params=params)
    return ReportCopyError(
        code="report_copy_failed", params={**params, "problem": exc.strerror or str(exc)}
    )
