"""PySide6 6.12's emit() drops a reference to True it never took; the app must outlive it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

#: Far more emits than True has references in a fresh interpreter (a few thousand):
#: unguarded, they free it and CPython aborts.
_EMIT_PAST_ZERO = textwrap.dedent(
    """
    import ui  # the app's own package: importing it applies the guard
    from PySide6.QtCore import QCoreApplication, QObject, Signal

    class Source(QObject):
        changed = Signal(int)

    app = QCoreApplication([])
    source = Source()
    source.changed.connect(lambda _value: None)
    for value in range(200_000):
        source.changed.emit(value)
    print("survived")
    """
)


def test_emitting_more_signals_than_true_has_references_does_not_abort() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", _EMIT_PAST_ZERO],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Fatal Python error" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "survived"
