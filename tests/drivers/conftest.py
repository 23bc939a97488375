"""Fixtures with real parts: a pcscd we start ourselves, vpcd cards, ZFM emulators on real lines.

Every serial emulator test that takes ``transport`` (or the ``emulator``
fixture) runs twice: on a real pty, as on Linux, and on a real ``socket://``
line on 127.0.0.1, as on Windows, where there is no pty.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.fingerprint.zfm_sim import ZfmEmulator
from drivers.simulator.pty import Transport


@pytest.fixture(params=list(Transport), ids=[t.value for t in Transport])
def transport(request: pytest.FixtureRequest) -> Transport:
    """The serial emulators' line: the pty (Linux, macOS) or the socket (Windows)."""
    chosen: Transport = request.param
    return chosen


@pytest.fixture
def emulator(transport: Transport) -> Iterator[ZfmEmulator]:
    emu = ZfmEmulator(transport=transport)
    emu.start()
    yield emu
    emu.stop()


@pytest.fixture
def port_prefix(transport: Transport) -> str:
    """How the port an emulator on ``transport`` announces begins."""
    return {Transport.PTY: "/dev/pts/", Transport.SOCKET: "socket://127.0.0.1:"}[transport]
