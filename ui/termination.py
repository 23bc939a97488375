"""SIGTERM, SIGINT and SIGHUP (SIGBREAK on Windows) end the app in order, as its own Quit does.

The laptop shutting down (SIGTERM), Ctrl+C in the terminal that started the
demo (SIGINT) or the terminal closing (SIGHUP) used to end the process at
once: Python's default action for SIGTERM and SIGHUP kills it, and a Ctrl+C
waited, unseen, until Qt next called into Python.  The store was safe (every
write is a committed transaction), but the demo's throwaway folder stayed in
``/tmp`` and the devices were not stopped.

Python runs a signal handler only between bytecodes, and the GUI thread sits
in Qt's C++ event loop, so the handler itself does nothing; the signal's
number is written to a socket by the interpreter's C-level handler
(:func:`signal.set_wakeup_fd`), a :class:`QSocketNotifier` wakes the event
loop, and the loop is ended with an exit code of 128 + the signal, as a shell
reports it.  The app's usual shutdown then runs: the window is closed without
asking (nobody is there to answer), the devices stop, the store closes, the
demo folder is deleted.  This is how qutebrowser does it (``crashsignal.py``).

On Windows the same wiring holds: ``set_wakeup_fd`` takes a socket handle there
(Python 3.5+, and only a socket, hence :func:`socket.socketpair` rather than a
pipe), and Qt's Windows event dispatcher watches sockets.  Windows has no
SIGHUP; a console sends SIGINT for Ctrl+C and SIGBREAK for Ctrl+Break, and
SIGTERM is kept for a ``raise`` inside the process (another process's
``os.kill`` is a TerminateProcess that no handler sees).
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier

if TYPE_CHECKING:
    from types import FrameType

log = logging.getLogger(__name__)


def ending_signals() -> tuple[int, ...]:
    """The signals that end the app on this platform (looked up by name: each OS has its own)."""
    if sys.platform == "win32":
        names = ("SIGTERM", "SIGINT", "SIGBREAK")
    else:
        names = ("SIGTERM", "SIGINT", "SIGHUP")
    return tuple(int(getattr(signal, name)) for name in names if hasattr(signal, name))


ENDING_SIGNALS = ending_signals()
SHELL_SIGNAL_BASE = 128  # a shell's exit status for "ended by signal N" is 128 + N


def _noted(_signum: int, _frame: FrameType | None) -> None:
    """The Python-level handler: nothing to do, the wake-up socket carries the signal."""


class TerminationSignals(QObject):
    """While it lives, the ending signals end ``app``'s event loop instead of the process."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.app = app
        self.received: int | None = None
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)  # noqa: FBT003 - the socket API
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        # A signal ignored on purpose (``nohup`` ignores SIGHUP) stays ignored.
        self._previous = {
            sig: signal.signal(sig, _noted)
            for sig in ENDING_SIGNALS
            if signal.getsignal(sig) is not signal.SIG_IGN
        }
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)

    def _woken(self) -> None:
        try:
            data = self._reader.recv(64)
        except BlockingIOError:
            return
        ending = [n for n in data if n in ENDING_SIGNALS]
        if not ending or self.received is not None:
            return
        self.received = ending[0]
        log.info("ending on %s, as if Quit had been chosen", signal.Signals(self.received).name)
        # exit(), not quit(): Qt 6's quit() first asks every window to close, and the main
        # window asks the officer; after exec() returns the app closes it without asking.
        self.app.exit(SHELL_SIGNAL_BASE + self.received)

    def restore(self) -> None:
        """Give the signals back their earlier handlers (after the event loop has ended)."""
        with contextlib.suppress(RuntimeError):  # already deleted with the application
            self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        for end in (self._reader, self._writer):
            with contextlib.suppress(OSError):
                end.close()
