"""A serial device emulator on a pseudo-terminal or a loopback socket: the line, the thread.

An emulator plays the device's end of a serial line and a client opens the
other end exactly as it would a USB-UART adapter, so the real driver is what
gets tested.  The line is one of two transports:

* ``pty`` (where ``os.openpty`` exists: Linux, macOS): the emulator sits on the
  master side in raw mode (no echo, no CR/LF translation, all 256 byte values
  pass) and the client opens the slave path (``/dev/pts/N``), with the line
  speed set on it as a real adapter would report it;
* ``socket`` (Windows, which has no pty; or forced anywhere): a TCP server on
  127.0.0.1 with an ephemeral port that one client at a time connects to, as
  ``socket://127.0.0.1:PORT``, which pyserial's ``serial_for_url`` opens like
  a port.  A socket has no line speed; the bytes are the same.

``start()`` returns what a client opens (the pty path or the ``socket://`` URL);
pass ``transport=`` (or set ``FIELDKIT_SERIAL_SIM_TRANSPORT=socket``) to force
the socket on Linux, which is how the Windows path runs in the Linux tests.

The ZFM scanner and the ISDV4 pad emulators differ only in what they answer;
this base owns the rest once:

* ``start()`` opens the line and a wake-up socket pair and starts the serving
  thread; ``stop()`` (and ``unplug()``, which is the same to the client: a pty
  is hung up and vanishes, a socket is closed) joins it and closes everything;
* the serving loop waits on the line and the wake-up pair, hands what the
  client wrote to :meth:`PtyEmulator._received` and lets the device do timed
  work in :meth:`PtyEmulator._tick`;
* :meth:`PtyEmulator._write_out` writes an answer as the client reads it, paced at
  the UART's byte rate if asked.
"""

from __future__ import annotations

import abc
import contextlib
import enum
import logging
import os
import select
import socket
import sys
import threading
from typing import ClassVar

if sys.platform != "win32":
    import tty

#: How long the serving thread waits at most before it looks at ``stop`` again.
POLL_S = 0.05
_READ_SIZE = 4096
#: Small writes keep the pacing at the byte rate smooth.
_WRITE_CHUNK = 256
#: Set to ``socket`` (or ``pty``) to choose every emulator's transport in this process.
ENV_TRANSPORT = "FIELDKIT_SERIAL_SIM_TRANSPORT"


class Transport(enum.Enum):
    """How a client reaches an emulator: a pty path, or a ``socket://`` URL."""

    PTY = "pty"
    SOCKET = "socket"


def default_transport() -> Transport:
    """``$FIELDKIT_SERIAL_SIM_TRANSPORT`` if set, else the pty where the OS has one."""
    forced = os.environ.get(ENV_TRANSPORT, "").strip().lower()
    if forced:
        return Transport(forced)
    return Transport.PTY if hasattr(os, "openpty") else Transport.SOCKET


class _Line(abc.ABC):
    """The emulator's end of the serial line, whichever transport carries it."""

    #: The descriptor whose line settings a device may set (the pty slave), if any.
    line_fd: int | None = None

    @abc.abstractmethod
    def open(self) -> str:
        """Make the line; return what a client opens."""

    @abc.abstractmethod
    def waitables(self) -> list[socket.socket | int]:
        """What the serving loop waits on for bytes (or a client) to arrive."""

    @abc.abstractmethod
    def receive(self, ready: list[socket.socket | int], idle: threading.Event) -> bytes:
        """What the client wrote, given what ``select`` found ready (may be empty)."""

    @abc.abstractmethod
    def send(self, data: memoryview, timeout_s: float) -> int | None:
        """Bytes written; 0 if the client reads nothing for ``timeout_s``; None: no client."""

    @abc.abstractmethod
    def close(self) -> None:
        """Close everything; the client sees its adapter pulled."""

    @abc.abstractmethod
    def descriptors(self) -> int:
        """How many descriptors the line holds open now (for tests of ``stop()``)."""


if sys.platform != "win32":

    class _PtyLine(_Line):
        """The master side of a raw pty; the client opens the slave path."""

        def __init__(self) -> None:
            self._master = -1
            self._slave = -1

        def open(self) -> str:
            self._master, self._slave = os.openpty()
            tty.setraw(self._slave)
            os.set_blocking(self._master, False)
            self.line_fd = self._slave
            return os.ttyname(self._slave)

        def waitables(self) -> list[socket.socket | int]:
            return [self._master]

        def receive(self, ready: list[socket.socket | int], idle: threading.Event) -> bytes:
            if self._master not in ready:
                return b""
            try:
                return os.read(self._master, _READ_SIZE)
            except BlockingIOError:
                return b""
            except OSError:  # EIO while no client holds the slave open
                idle.wait(POLL_S)
                return b""

        def send(self, data: memoryview, timeout_s: float) -> int | None:
            _, writable, _ = select.select([], [self._master], [], timeout_s)
            if not writable:
                return 0
            try:
                return os.write(self._master, data)
            except BlockingIOError:
                return 0
            except OSError:
                return None

        def close(self) -> None:
            # Give the numbers up before closing them: a descriptor number is reused
            # at once, so a second close of the same number would close someone
            # else's file (the next emulator's socket, in the tests that showed it).
            fds = (self._master, self._slave)
            self._master = self._slave = -1
            self.line_fd = None
            for fd in fds:
                if fd >= 0:
                    with contextlib.suppress(OSError):
                        os.close(fd)

        def descriptors(self) -> int:
            return sum(fd >= 0 for fd in (self._master, self._slave))


class _SocketLine(_Line):
    """A TCP server on 127.0.0.1 that serves one client at a time, as one port has one user.

    A second client while one is connected is closed at once (a real port would
    refuse it as busy); a client that leaves makes room for the next, as a
    program closing a port does.
    """

    def __init__(self) -> None:
        self._listener: socket.socket | None = None
        self._client: socket.socket | None = None
        self._log = logging.getLogger(__name__)

    def open(self) -> str:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.bind(("127.0.0.1", 0))
            listener.listen(1)
            listener.setblocking(False)  # noqa: FBT003 - the socket API
        except OSError:
            listener.close()
            raise
        self._listener = listener
        host, port = listener.getsockname()[:2]
        return f"socket://{host}:{port}"

    def waitables(self) -> list[socket.socket | int]:
        return [s for s in (self._client, self._listener) if s is not None]

    def receive(self, ready: list[socket.socket | int], idle: threading.Event) -> bytes:  # noqa: ARG002 - a socket has no EIO to wait out
        data = b""
        client = self._client
        if client is not None and client in ready:
            try:
                data = client.recv(_READ_SIZE)
            except BlockingIOError:
                pass
            except OSError as exc:  # reset by the client (Windows says so when it closes)
                self._log.debug("serial emulator client went away: %s", exc)
                self._drop_client()
            else:
                if not data:
                    self._drop_client()  # the client closed its port
        if self._listener is not None and self._listener in ready:
            self._accept()
        return data

    def _accept(self) -> None:
        assert self._listener is not None  # noqa: S101 - only called when listening
        try:
            conn, _ = self._listener.accept()
        except (BlockingIOError, ConnectionError):
            return
        if self._client is not None:
            self._log.warning("serial emulator already has a client; closing a second one")
            conn.close()
            return
        conn.setblocking(False)  # noqa: FBT003 - the socket API
        # A UART sends each byte as it comes: no Nagle delay on 9-byte pen packets.
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._client = conn

    def _drop_client(self) -> None:
        if self._client is not None:
            with contextlib.suppress(OSError):
                self._client.close()
            self._client = None

    def send(self, data: memoryview, timeout_s: float) -> int | None:
        client = self._client
        if client is None:
            return None
        try:
            _, writable, _ = select.select([], [client], [], timeout_s)
            if not writable:
                return 0
            return client.send(data)
        except BlockingIOError:
            return 0
        except OSError:
            self._drop_client()
            return None

    def close(self) -> None:
        if self._client is not None:
            with contextlib.suppress(OSError):
                self._client.shutdown(socket.SHUT_RDWR)
        self._drop_client()
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def descriptors(self) -> int:
        return sum(s is not None for s in (self._client, self._listener))


def _make_line(transport: Transport) -> _Line:
    if transport is Transport.SOCKET:
        return _SocketLine()
    if sys.platform != "win32":
        return _PtyLine()
    raise RuntimeError("Windows has no pseudo-terminals; use the socket transport")


class PtyEmulator(abc.ABC):
    """One emulated serial device; ``start()`` returns the port a client opens."""

    #: The device's short name in thread names, log lines and errors ("ZFM", "ISDV4").
    label: ClassVar[str]

    def __init__(self, *, transport: Transport | str | None = None) -> None:
        """``transport``: ``pty`` or ``socket``; default :func:`default_transport`."""
        self.transport = Transport(transport) if transport else default_transport()
        self._stop = threading.Event()
        self._line: _Line | None = None
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        self._address = ""
        self._thread: threading.Thread | None = None
        # ``unplug()`` is often called from a timer thread while the owner's ``stop()``
        # runs on its own; one at a time, so nothing is joined or closed twice.
        self._lifecycle = threading.Lock()
        # Log as the concrete emulator's module, where a reader of the log looks.
        self._log = logging.getLogger(type(self).__module__)

    @property
    def port(self) -> str:
        """What a client opens: a pty path or ``socket://127.0.0.1:PORT`` (kept after stop)."""
        return self._address

    @property
    def slave_path(self) -> str:
        """The same as :attr:`port` (the name from when there was only the pty)."""
        return self._address

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def open_descriptors(self) -> int:
        """Descriptors and sockets held now: the line's and the wake-up pair's."""
        line = self._line.descriptors() if self._line is not None else 0
        return line + sum(s is not None for s in (self._wake_r, self._wake_w))

    def start(self) -> str:
        with self._lifecycle:
            return self._start()

    def _start(self) -> str:
        line = _make_line(self.transport)
        self._address = line.open()
        self._line = line
        # A control call from another thread (replay a signature) must wake the server
        # at once, or what it schedules waits for the next poll and bunches up.  A
        # socket pair, not a pipe: Windows' select waits on sockets only.
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)  # noqa: FBT003 - the socket API
        self._wake_w.setblocking(False)  # noqa: FBT003 - the socket API
        self._stop.clear()
        self._prepare(line.line_fd)
        self._thread = threading.Thread(
            target=self._serve, name=f"{self.label.lower()}-emulator", daemon=True
        )
        self._thread.start()
        self._log.info("%s emulator serving on %s", self.label, self._address)
        return self._address

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop serving and close the line; safe to call again, and from several threads."""
        with self._lifecycle:
            self._stop.set()
            self.wake()  # a thread in a long wait sees ``stop`` now
            if self._thread is not None:
                self._thread.join(timeout_s)
                if self._thread.is_alive():
                    raise RuntimeError(f"{self.label} emulator thread did not stop")
                self._thread = None
            line, self._line = self._line, None
            if line is not None:
                line.close()
            wake_socks = (self._wake_r, self._wake_w)
            self._wake_r = self._wake_w = None
            for sock in wake_socks:
                if sock is not None:
                    sock.close()

    def unplug(self) -> None:
        """Vanish like a pulled USB adapter: the pty is hung up, the socket closed."""
        self.stop()

    def ensure_started(self) -> str:
        """The port, starting first if not running (a simulated backend's ``open()``)."""
        if not self.running:
            return self.start()
        return self._address

    def stop_if_running(self) -> None:
        """Stop, unless already stopped (a simulated backend's ``close()``)."""
        if self.running:
            self.stop()

    def wake(self) -> None:
        """Make the serving thread look at its schedule now rather than at the next poll."""
        wake_w = self._wake_w
        if wake_w is not None:
            with contextlib.suppress(OSError):  # full (a wake-up is pending) or closed
                wake_w.send(b"!")

    # --- what a device fills in ---------------------------------------------

    @abc.abstractmethod
    def _prepare(self, line_fd: int | None) -> None:
        """Ready the device before serving (line speed on a pty's ``line_fd``, warm caches).

        ``line_fd`` is None on the socket transport, which has no line settings.
        """

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
        line, wake_r = self._line, self._wake_r
        assert line is not None  # noqa: S101 - start() made it
        assert wake_r is not None  # noqa: S101
        while not self._stop.is_set():
            ready: list[socket.socket | int]
            ready, _, _ = select.select([*line.waitables(), wake_r], [], [], self._wait_s())
            if wake_r in ready:
                with contextlib.suppress(OSError):
                    wake_r.recv(64)
            data = line.receive(ready, self._stop)
            if data:
                self._received(data)
            self._tick()

    def _write_out(
        self, data: bytes, *, byte_time_s: float = 0.0, drop_if_unread: bool = False
    ) -> None:
        """Write ``data`` to the client as it reads it.

        ``byte_time_s`` paces the output as a UART would; ``drop_if_unread`` gives up
        when nobody reads for one poll (a pad streams whether or not anyone listens),
        where a command's answer otherwise waits for its reader until ``stop()``.
        On the socket transport an answer with no client connected is dropped: the
        one who asked has gone.
        """
        line = self._line
        if line is None:
            return
        view = memoryview(data)
        while view and not self._stop.is_set():
            written = line.send(view[:_WRITE_CHUNK], POLL_S)
            if written is None:
                return
            if not written:
                if drop_if_unread:
                    self._log.debug(
                        "%s emulator: nobody reads the line, dropping a packet", self.label
                    )
                    return
                continue
            view = view[written:]
            if byte_time_s:
                self._stop.wait(written * byte_time_s)
