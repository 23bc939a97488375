"""PySide6 6.12 drops references to True and None it never took; the app must outlive it."""

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
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QApplication, QLabel

    class Source(QObject):
        changed = Signal(int)

    app = QApplication([])
    source = Source()
    source.changed.connect(lambda _value: None)
    label = QLabel()
    for value in range(200_000):
        source.changed.emit(value)  # returns True without a reference of its own
        label.setText("x")  # returns None the same way
    print("survived")
    """
)


def test_more_emits_and_setters_than_true_and_none_have_references_do_not_abort() -> None:
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
