"""Keeps ``True`` and ``False`` alive under PySide6 6.12 on CPython 3.11.

PySide6 6.12.0's ``SignalInstance.emit()`` returns ``True`` without taking a
reference to it.  Every emit made from Python therefore gives back one
reference to ``True`` that was never taken, and the caller's discard of the
result removes it.  The app emits tens of signals a second (the live preview
alone about 45), so ``True``'s reference count, about 15,000 after start-up,
reaches zero within minutes of capturing: CPython 3.11 then aborts with
``Fatal Python error: bool_dealloc`` (at the latest when the interpreter
tears down at exit, which is where issue 14 saw it).

CPython 3.12 made ``True`` and ``False`` immortal, which is why the bug is
harmless there.  On 3.11 this module does what 3.12 does: it adds a margin of
2**40 references to both, which no run of the app can use up (one emit per
microsecond would need 12 days), and which costs nothing since the two
objects are static and never freed anyway.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

#: References added to ``True`` and ``False``: far more than any run can drop.
MARGIN = 1 << 40
_PYTHON_WITH_IMMORTAL_BOOLS = (3, 12)


def keep_bools_alive() -> bool:
    """Give ``True`` and ``False`` the margin once; whether it was needed (CPython < 3.12).

    Call it before any signal is emitted (``ui`` does on import), while only one
    thread runs Python code: the count is changed with a plain read and write.
    """
    if sys.version_info >= _PYTHON_WITH_IMMORTAL_BOOLS or sys.implementation.name != "cpython":
        return False
    for value in (True, False):
        if sys.getrefcount(value) < MARGIN:
            # ob_refcnt is a PyObject's first field (a release build has no trace-refs links).
            count = ctypes.c_ssize_t.from_address(id(value))
            count.value += MARGIN
    log.debug("True and False kept alive against PySide6's emit() reference bug")
    return True
