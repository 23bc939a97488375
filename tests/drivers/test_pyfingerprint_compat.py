"""The third-party ``pyfingerprint`` client accepts our emulator as a real module.

pyfingerprint opens its port with ``serial.Serial(path)``, which takes a device
path only, so these run on the pty transport (the socket one carries the same
bytes; our own driver checks it in test_zfm).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from PIL import Image
from pyfingerprint.pyfingerprint import PyFingerprint

from drivers.fingerprint.synth import ImageQuality, synthesize
from drivers.fingerprint.zfm_sim import ZfmEmulator
from drivers.simulator.pty import Transport


@pytest.fixture
def emulator() -> Iterator[ZfmEmulator]:
    emu = ZfmEmulator(transport=Transport.PTY)
    emu.start()
    yield emu
    emu.stop()


def test_pyfingerprint_talks_to_the_emulator(emulator: ZfmEmulator, tmp_path) -> None:
    emulator.templates = 7
    sensor = PyFingerprint(emulator.slave_path, 57600, 0xFFFFFFFF, 0x00000000)
    assert sensor.verifyPassword() is True
    assert sensor.getTemplateCount() == 7
    assert sensor.getStorageCapacity() == emulator.library_size
    assert sensor.getMaxPacketSize() == 128
    assert sensor.getBaudRate() == 57600
    assert sensor.readImage() is True
    target = tmp_path / "finger.bmp"
    sensor.downloadImage(str(target))
    with Image.open(target) as bmp:
        downloaded = np.asarray(bmp.convert("L"))
    expected = (synthesize(emulator.seed, ImageQuality.HIGH) >> 4) * 17
    np.testing.assert_array_equal(downloaded, expected)
    emulator.lift_finger()
    assert sensor.readImage() is False
    del sensor  # closes its port


def test_pyfingerprint_sees_a_wrong_password() -> None:
    emu = ZfmEmulator(password=0x01020304, transport=Transport.PTY)
    emu.start()
    try:
        assert PyFingerprint(emu.slave_path, 57600, 0xFFFFFFFF, 0).verifyPassword() is False
        assert PyFingerprint(emu.slave_path, 57600, 0xFFFFFFFF, 0x01020304).verifyPassword()
    finally:
        emu.stop()
