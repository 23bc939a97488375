"""Keeps ``None``, ``True`` and ``False`` alive under PySide6 6.12 on CPython 3.11.

The PySide6 6.12.0 wheel (tagged ``cp310-abi3``) returns these singletons
without taking a reference to them, as code compiled for CPython 3.12's
immortal objects may: every wrapped method that returns nothing (``setText``,
``setPixmap``, ``clear``...) gives back a reference to ``None`` it never took,
and every ``SignalInstance.emit()`` one to ``True``.  The caller's discard of
the result then removes a reference that belonged to someone else.  The live
preview alone does this about 45 times a second, so ``True`` (about 15,000
references after start-up) and then ``None`` reach zero within minutes of
capturing: CPython 3.11 aborts with ``Fatal Python error: bool_dealloc`` (or
``none_dealloc``), at the latest while the interpreter tears down at exit,
which is where issue 14 saw it.  Measured: 200 ``QLabel.setText`` calls take
200 references from ``None``, 200 emits 200 from ``True``; PySide's other
return paths (ints, strings, ``False`` from ``isVisible``) are correct.

CPython 3.12 made these objects immortal, which is why the bug is harmless
there.  On 3.11 this module does what 3.12 does: it adds a margin of 2**40
references to each, which no run of the app can use up (one call per
microsecond would need 12 days), and which costs nothing since the objects
are static and never freed anyway.  ``NotImplemented`` and ``Ellipsis`` get
the same margin: they are returned the same way by C code built like that.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

#: References added to ``True`` and ``False``: far more than any run can drop.
MARGIN = 1 << 40
_PYTHON_WITH_IMMORTAL_BOOLS = (3, 12)


#: The singletons CPython 3.12 made immortal and PySide6 6.12 treats as such.
_SINGLETONS: tuple[object, ...] = (None, True, False, NotImplemented, Ellipsis)


def keep_singletons_alive() -> bool:
    """Give each singleton the margin once; whether it was needed (CPython < 3.12).

    Call it before any signal is emitted (``ui`` does on import), while only one
    thread runs Python code: the count is changed with a plain read and write.
    """
    if sys.version_info >= _PYTHON_WITH_IMMORTAL_BOOLS or sys.implementation.name != "cpython":
        return False
    for value in _SINGLETONS:
        if sys.getrefcount(value) < MARGIN:
            # ob_refcnt is a PyObject's first field (a release build has no trace-refs links).
            count = ctypes.c_ssize_t.from_address(id(value))
            count.value += MARGIN
    log.debug("None, True and False kept alive against PySide6's missing references")
    return True
