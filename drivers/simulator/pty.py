"""A serial device emulator on a pseudo-terminal: the pty, the serving thread, start and stop.

An emulator sits on the master side of ``os.openpty()`` in raw mode (no echo, no
CR/LF translation, all 256 byte values pass) and a client opens the slave path
exactly as it would a USB-UART adapter, so the real driver is what gets tested.
The ZFM scanner and the ISDV4 pad emulators differ only in what they answer;
this base owns the rest once:

* ``start()`` makes the pty and a wake-up pipe and starts the serving thread;
  ``stop()`` (and ``unplug()``, which is the same to the client: the port is hung
  up and vanishes) joins it and closes every descriptor;
* the serving loop waits on the master and the wake-up pipe, hands what the
  client wrote to :meth:`PtyEmulator._received` and lets the device do timed work
  in :meth:`PtyEmulator._tick`; an EIO while no client holds the slave is waited out;
* :meth:`PtyEmulator._write_out` writes an answer as the client reads it, paced at
  the UART's byte rate if asked.
"""

from __future__ import annotations

import abc
import contextlib
import logging
import os
import select
import threading
import tty
from typing import ClassVar

#: How long the serving thread waits at most before it looks at ``stop`` again.
POLL_S = 0.05
_READ_SIZE = 4096
#: Small writes keep the pacing at the byte rate smooth.
_WRITE_CHUNK = 256


class PtyEmulator(abc.ABC):
    """One emulated serial device; ``start()`` returns the slave pty path to open."""

    #: The device's short name in thread names, log lines and errors ("ZFM", "ISDV4").
    label: ClassVar[str]

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._master = -1
        self._slave = -1
        self._wake_r = -1
        self._wake_w = -1
        self._slave_path = ""
        self._thread: threading.Thread | None = None
        # Log as the concrete emulator's module, where a reader of the log looks.
        self._log = logging.getLogger(type(self).__module__)

    @property
    def slave_path(self) -> str:
        return self._slave_path

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> str:
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        os.set_blocking(self._master, False)
        # A control call from another thread (replay a signature) must wake the server
        # at once, or what it schedules waits for the next poll and bunches up.
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        self._slave_path = os.ttyname(self._slave)
        self._stop.clear()
        self._prepare(self._slave)
        self._thread = threading.Thread(
            target=self._serve, name=f"{self.label.lower()}-emulator", daemon=True
        )
        self._thread.start()
        self._log.info("%s emulator serving on %s", self.label, self._slave_path)
        return self._slave_path

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        self.wake()  # a thread in a long wait sees ``stop`` now
        if self._thread is not None:
            self._thread.join(timeout_s)
            if self._thread.is_alive():
                raise RuntimeError(f"{self.label} emulator thread did not stop")
            self._thread = None
        for fd in (self._master, self._slave, self._wake_r, self._wake_w):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._master = self._slave = self._wake_r = self._wake_w = -1

    def unplug(self) -> None:
        """Vanish like a pulled USB adapter: the pty is hung up and disappears."""
        self.stop()

    def ensure_started(self) -> str:
        """The slave path, starting first if not running (a simulated backend's ``open()``)."""
        if not self.running:
            return self.start()
        return self._slave_path

    def stop_if_running(self) -> None:
        """Stop, unless already stopped (a simulated backend's ``close()``)."""
        if self.running:
            self.stop()

    def wake(self) -> None:
        """Make the serving thread look at its schedule now rather than at the next poll."""
        if self._wake_w >= 0:
            with contextlib.suppress(OSError):
                os.write(self._wake_w, b"!")

    # --- what a device fills in ---------------------------------------------

    @abc.abstractmethod
    def _prepare(self, slave_fd: int) -> None:
        """Ready the device before serving (line speed on ``slave_fd``, warm caches)."""

    @abc.abstractmethod
    def _received(self, data: bytes) -> None:
        """Handle bytes the client wrote; answer with :meth:`_write_out`."""

    def _tick(self) -> None:  # noqa: B027 - optional: a device that only answers has none
        """Timed work after each wait (send what is due); nothing by default."""

    def _wait_s(self) -> float:
        """How long the next wait may last before :meth:`_tick` is due."""
        return POLL_S

    # --- serving -------------------------------------------------------------

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master, self._wake_r], [], [], self._wait_s())
            if self._wake_r in ready:
                with contextlib.suppress(OSError):
                    os.read(self._wake_r, 64)
            if self._master in ready:
                data = self._read_master()
                if data:
                    self._received(data)
            self._tick()

    def _read_master(self) -> bytes:
        try:
            return os.read(self._master, _READ_SIZE)
        except BlockingIOError:
            return b""
        except OSError:  # EIO while no client holds the slave open
            self._stop.wait(POLL_S)
            return b""

    def _write_out(
        self, data: bytes, *, byte_time_s: float = 0.0, drop_if_unread: bool = False
    ) -> None:
        """Write ``data`` to the client as it reads it.

        ``byte_time_s`` paces the output as a UART would; ``drop_if_unread`` gives up
        when nobody reads for one poll (a pad streams whether or not anyone listens),
        where a command's answer otherwise waits for its reader until ``stop()``.
        """
        view = memoryview(data)
        while view and not self._stop.is_set():
            _, writable, _ = select.select([], [self._master], [], POLL_S)
            if not writable:
                if drop_if_unread:
                    self._log.debug(
                        "%s emulator: nobody reads the pty, dropping a packet", self.label
                    )
                    return
                continue
            try:
                written = os.write(self._master, view[:_WRITE_CHUNK])
            except BlockingIOError:
                continue
            except OSError:
                return
            view = view[written:]
            if byte_time_s:
                self._stop.wait(written * byte_time_s)
