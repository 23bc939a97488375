"""What the attached devices can give decides what the enrollment asks of them."""

from __future__ import annotations

from drivers.base import CaptureRequest
from drivers.registry import get_backend
from fieldkit.enrollment.capture import finger_mode_for
from fieldkit.enrollment.machine import FingerMode


def test_the_finger_mode_follows_what_the_scanner_can_take() -> None:
    # A single-finger ZFM sensor cannot give a slap: 4-4-2 would be refused on every try.
    zfm = get_backend("fingerprint", "zfm-sim")
    slap_scanner = get_backend("fingerprint", "sim")
    assert finger_mode_for(zfm, FingerMode.SLAPS) is FingerMode.SINGLE
    assert finger_mode_for(slap_scanner, FingerMode.SLAPS) is FingerMode.SLAPS
    assert finger_mode_for(slap_scanner, FingerMode.SINGLE) is FingerMode.SINGLE
    assert finger_mode_for(None, FingerMode.SLAPS) is FingerMode.SLAPS


def test_the_training_scanners_give_what_the_defaults_ask_for() -> None:
    # The demo's defaults are 4-4-2 slaps and both irises in one capture (issue 14): its
    # scanners used to be a one-finger ZFM emulator and a one-eye clip camera.
    with get_backend("fingerprint", "sim") as scanner:
        for slap, count in (("14", 4), ("13", 4), ("15", 2)):
            assert len(scanner.capture(CaptureRequest(position=slap)).images) == count
        skipped = scanner.capture(CaptureRequest(position="14", exceptions=("7", "8")))
        assert len(skipped.images) == 2
    with get_backend("iris", "sim") as camera:
        assert camera.eyes_per_capture == 2
        assert len(camera.capture(CaptureRequest(position="both")).images) == 2
