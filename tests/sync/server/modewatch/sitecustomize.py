"""Watches every file mode a data-center process makes, from inside it (``test_file_modes``).

Python imports ``sitecustomize`` at every start when it is on the path: the test puts
this folder on ``PYTHONPATH``, so the ``serve`` parent, its spawned workers and each
chore load it.  It does nothing unless ``FIELDKIT_TEST_WATCH_MODES`` names folders.

Then an audit hook (PEP 578) runs before each operation that may make or change a
file: an ``open`` for writing, ``chmod``, ``rename``/``replace``, ``mmap``, ``mkdir``,
``truncate``.  At each, every file and folder under the watched folders is looked at,
and any a group or other may use (mode & 0o077) is written to the report file.  A
file made with the default mode and tightened by a ``chmod`` afterwards is caught
at that ``chmod`` (the hook runs before it), a file never tightened at the next such
operation: each moment a file could be read by another account, seen in order, with
no timing involved.
"""

from __future__ import annotations

import os
import stat
import sys

_WATCHED = [
    root for root in os.environ.get("FIELDKIT_TEST_WATCH_MODES", "").split(os.pathsep) if root
]
_EVENTS = frozenset({"os.chmod", "os.rename", "mmap.__new__", "os.mkdir", "os.truncate"})
_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def _writes(args: tuple[object, ...]) -> bool:
    mode, flags = (args[1], args[2]) if len(args) >= 3 else (None, 0)
    if isinstance(mode, str) and any(c in mode for c in "wax+"):
        return True
    return isinstance(flags, int) and bool(flags & _WRITING)


def _install(report_path: str) -> None:
    report = os.open(report_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    busy = False

    def scan(event: str) -> None:
        for root in _WATCHED:
            for folder, _dirs, files in os.walk(root):
                for name in [".", *files]:
                    path = os.path.join(folder, name)  # noqa: PTH118 - os.walk's strings, in a hook
                    try:
                        mode = stat.S_IMODE(os.lstat(path).st_mode)
                    except FileNotFoundError:
                        continue  # renamed or removed since the listing
                    if mode & 0o077:
                        line = f"{os.getpid()} {event} {os.path.normpath(path)} {mode:o}\n"
                        os.write(report, line.encode("utf-8", "backslashreplace"))

    def hook(event: str, args: tuple[object, ...]) -> None:
        nonlocal busy
        if busy or not (event in _EVENTS or (event == "open" and _writes(args))):
            return
        busy = True  # the scan's own listing raises audit events too
        try:
            scan(event)
        finally:
            busy = False

    sys.addaudithook(hook)


if _WATCHED:
    _install(os.environ["FIELDKIT_TEST_WATCH_REPORT"])
