"""Fixtures with real parts: a pcscd we start ourselves, vpcd cards, ZFM emulators on ptys."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.fingerprint.zfm_sim import ZfmEmulator


@pytest.fixture
def emulator() -> Iterator[ZfmEmulator]:
    emu = ZfmEmulator()
    emu.start()
    yield emu
    emu.stop()
