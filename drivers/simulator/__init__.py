"""What every simulator's command line shares: its first stdout line, and stopping on a signal.

Scripts and tests start a simulator, read the first line it prints (a pty
path, a ``socket://`` URL or a TCP port) and connect there; SIGTERM or SIGINT
stops it cleanly.  What the serial emulators share beyond their command line
(the line, the serving thread, start and stop) is
:class:`drivers.simulator.pty.PtyEmulator`.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from typing import TYPE_CHECKING

from drivers.simulator.pty import PtyEmulator, Transport, default_transport

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable
    from types import FrameType

__all__ = [
    "PtyEmulator",
    "Transport",
    "add_transport_argument",
    "announce",
    "default_transport",
    "run_pty_emulator",
    "run_until_signalled",
]


def announce(address: str | int) -> None:
    """Write where to connect as the first stdout line, for scripts that start us."""
    sys.stdout.write(f"{address}\n")
    sys.stdout.flush()


def add_transport_argument(parser: argparse.ArgumentParser) -> None:
    """``--transport pty|socket`` for a serial emulator's command line (default: the OS's)."""
    parser.add_argument(
        "--transport",
        choices=[t.value for t in Transport],
        default=None,
        help="the line clients open: a pty path, or a socket:// URL on 127.0.0.1 "
        "(default: the pty where there is one, the socket on Windows)",
    )


def run_pty_emulator(emulator: PtyEmulator, stop: threading.Event) -> None:
    """Serve until ``stop`` is set (``fieldkit sim zfm|pad`` call this).

    The first stdout line is the address to open: a pty path or a ``socket://`` URL.
    """
    announce(emulator.start())
    try:
        stop.wait()
    finally:
        emulator.stop()


def run_until_signalled(serve: Callable[[threading.Event], int | None]) -> int:
    """Run ``serve`` with an event that SIGTERM and SIGINT set; its int result is the exit code."""
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )
    stop = threading.Event()

    def _on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    return serve(stop) or 0
