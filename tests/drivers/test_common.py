"""Registry, discovery, chain, simulators' card logic and synthetic prints."""

from __future__ import annotations

import subprocess
import sys
import threading

import numpy as np
import pytest

from drivers import (
    BackendError,
    CancelToken,
    CaptureChain,
    CardEventKind,
    CardReader,
    CardReadRequest,
    DeviceState,
    FingerprintScanner,
    Modality,
    available_backends,
    discover,
    get_backend,
)
from drivers.cardreader.sim import SimCardReader
from drivers.cardreader.vpcd_card import VirtualCard, build_atr
from drivers.chain import GENESIS_HASH
from drivers.errors import BackendReason, DeviceReason, DeviceUnavailable
from drivers.fingerprint.synth import ImageQuality, synthesize
from drivers.iso7816 import read_binary, select_aid, select_file
from drivers.staff_card import STAFF_AID, StaffCard


def test_importing_drivers_loads_no_backend_library() -> None:
    script = (
        "import sys, drivers\n"
        "from drivers import get_backend\n"
        "get_backend('card', 'sim')\n"
        "print(sorted(m for m in ('smartcard', 'serial', 'cv2', 'PySide6') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=30, check=True
    )
    assert out.stdout.strip() == "[]"


def test_registry_resolves_and_validates() -> None:
    assert available_backends(Modality.CARD) == ["pcsc", "sim"]
    assert available_backends("fingerprint") == ["sbi", "sim", "zfm", "zfm-sim"]
    assert isinstance(get_backend(Modality.CARD, "sim"), CardReader)
    assert isinstance(get_backend("fingerprint", "zfm", port="/dev/null"), FingerprintScanner)
    with pytest.raises(BackendError) as info:
        get_backend("card", "nfc-magic")
    assert info.value.reason is BackendReason.UNKNOWN_BACKEND
    with pytest.raises(BackendError) as info:
        get_backend("smell")
    assert info.value.reason is BackendReason.UNKNOWN_MODALITY
    with pytest.raises(BackendError) as info:
        get_backend("card", "sim", colour="red")
    assert info.value.reason is BackendReason.BAD_OPTION
    with pytest.raises(BackendError) as info:
        get_backend("face")
    assert info.value.reason is BackendReason.UNKNOWN_BACKEND


def test_discovery_is_fast_and_finds_pcsc_readers(pcscd) -> None:
    found = discover(timeout_s=2.0)
    assert found.duration_s < 2.0
    names = [d.address for d in found.for_modality(Modality.CARD)]
    assert "Virtual PCD 00 00" in names
    assert not [p for p in found.problems if p.startswith("pcsc")]


def test_chain_links_and_detects_tampering() -> None:
    chain = CaptureChain()
    a = chain.append(b"first", {"position": "1"})
    b = chain.append(b"second", {"position": "2"})
    assert a.previous_hash == GENESIS_HASH
    assert b.previous_hash == a.hash
    assert len(chain) == 2
    assert CaptureChain.verify([a, b], [b"first", b"second"])
    assert not CaptureChain.verify([a, b], [b"first", b"tampered"])
    assert not CaptureChain.verify([b])
    resumed = CaptureChain(head=b.hash, length=2)
    assert resumed.append(b"third", {}).previous_hash == b.hash


def test_virtual_card_status_words() -> None:
    card = VirtualCard(bytes.fromhex("01020304"), StaffCard("PTG-1", "3201"))
    card.power_on()
    assert card.process(bytes.fromhex("FFCA000000")) == bytes.fromhex("010203049000")
    assert card.process(bytes.fromhex("FFCA010000"))[-2:] == b"\x6a\x81"
    assert card.process(read_binary(0, 1)) == b"\x69\x86"  # no EF selected yet
    assert card.process(select_file(0x0101)) == b"\x6a\x82"  # application not selected
    assert card.process(select_aid(STAFF_AID))[-2:] == b"\x90\x00"
    assert card.process(select_aid(b"\xa0\x00\x00\x00\x01"))[-2:] == b"\x6a\x82"
    assert card.process(select_aid(STAFF_AID))[-2:] == b"\x90\x00"
    assert card.process(select_file(0x0101))[-2:] == b"\x90\x00"
    record = StaffCard("PTG-1", "3201").encode()
    assert card.process(read_binary(2, 3)) == record[2:5] + b"\x90\x00"
    assert card.process(read_binary(len(record) - 1, 4)) == record[-1:] + b"\x62\x82"
    assert card.process(read_binary(len(record), 1)) == b"\x6b\x00"
    assert card.process(b"\x00\xb0") == b"\x67\x00"
    assert card.process(bytes.fromhex("00A40400FF00")) == b"\x67\x00"
    assert card.process(bytes.fromhex("0012000000")) == b"\x6d\x00"
    assert card.process(bytes.fromhex("A0A4040000")) == b"\x6e\x00"
    with pytest.raises(ValueError, match="UID"):
        VirtualCard(b"\x01\x02")


def test_atr_checksum() -> None:
    atr = build_atr()
    tck = 0
    for byte in atr[1:]:
        tck ^= byte
    assert tck == 0
    assert atr[:4] == bytes.fromhex("3B8B8001")


def test_sim_card_reader() -> None:
    reader = get_backend(Modality.CARD, "sim", uid="0A0B0C0D", inserted=False)
    assert isinstance(reader, SimCardReader)
    with reader:
        assert reader.status().state is DeviceState.NOT_READY
        cancel = CancelToken()
        events = reader.events(cancel)
        threading.Timer(0.1, reader.insert_card).start()
        assert next(events).kind is CardEventKind.INSERTED
        result = reader.capture(CardReadRequest(timeout_s=2.0))
        assert result.uid == bytes.fromhex("0A0B0C0D")
        reader.remove_card()
        assert next(events).kind is CardEventKind.REMOVED
        cancel.cancel()
        with pytest.raises(DeviceUnavailable) as info:
            reader.connect()
        assert info.value.reason is DeviceReason.NO_CARD
        assert reader.health_check().ok


def _dominant_period(block: np.ndarray) -> float:
    spectrum = np.abs(np.fft.fftshift(np.fft.fft2(block - block.mean())))
    cy, cx = np.array(block.shape) // 2
    y, x = np.unravel_index(np.argmax(spectrum), spectrum.shape)
    radius = np.hypot((y - cy) / block.shape[0], (x - cx) / block.shape[1])
    return float(1.0 / radius)


def test_synthetic_print_has_ridges_not_noise() -> None:
    high = synthesize(2, ImageQuality.HIGH)
    low = synthesize(2, ImageQuality.LOW)
    assert high.shape == low.shape == (288, 256)
    block = high[80:208, 64:192].astype(np.float64)
    # Ridges repeat every ~9 px (about 0.46 mm at 500 ppi).
    assert 7.0 < _dominant_period(block) < 11.5
    # Energy concentrates in the ridge band, unlike white noise.
    spectrum = np.abs(np.fft.fft2(block - block.mean())) ** 2
    fy = np.fft.fftfreq(block.shape[0])[:, None]
    fx = np.fft.fftfreq(block.shape[1])[None, :]
    band = (np.hypot(fx, fy) > 1 / 14) & (np.hypot(fx, fy) < 1 / 6)
    assert spectrum[band].sum() / spectrum.sum() > 0.6
    assert high[:4, :4].mean() > 230  # background outside the finger
    centre = (slice(100, 190), slice(80, 176))
    assert low[centre].std() < 0.7 * high[centre].std()
    np.testing.assert_array_equal(high, synthesize(2, ImageQuality.HIGH))
    assert not np.array_equal(high, synthesize(3, ImageQuality.HIGH))
