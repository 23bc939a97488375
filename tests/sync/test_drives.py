"""USB sticks: the mount folders on Linux, the removable drive letters on Windows.

Wine cannot show a removable drive, so Windows' two kernel32 calls are played
by a stand-in that answers as Windows does; everything above them is real.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pytest

from sync import drives
from sync.bundle import EnrollmentBundle, find_bundles

DRIVE_FIXED, DRIVE_REMOTE, DRIVE_CDROM = 3, 4, 5


class StandInKernel32:
    """Answers ``GetLogicalDrives``/``GetDriveTypeW`` for a laptop's drives, by letter."""

    def __init__(self, kinds: dict[str, int]) -> None:
        self.kinds = kinds
        self.asked: list[str] = []

    def GetLogicalDrives(self) -> int:  # noqa: N802 - Windows' name
        return sum(1 << (ord(letter) - ord("A")) for letter in self.kinds)

    def GetDriveTypeW(self, root: str, /) -> int:  # noqa: N802 - Windows' name
        self.asked.append(root)
        return self.kinds[root[0]]


LAPTOP = {
    "C": DRIVE_FIXED,  # the system disk
    "D": DRIVE_CDROM,
    "E": drives.DRIVE_REMOVABLE,  # a USB stick
    "G": drives.DRIVE_REMOVABLE,  # a card in the card reader
    "H": DRIVE_FIXED,  # a USB hard disk reports fixed: left to the file dialog
    "Z": DRIVE_REMOTE,  # the office's share
}


def test_only_removable_drive_letters_are_kept_in_order() -> None:
    api = StandInKernel32(LAPTOP)
    assert drives.removable_drive_roots(api) == [Path("E:\\"), Path("G:\\")]
    assert api.asked == ["C:\\", "D:\\", "E:\\", "G:\\", "H:\\", "Z:\\"]  # only letters in use


def test_no_letters_no_roots() -> None:
    assert drives.removable_drive_roots(StandInKernel32({})) == []


def test_on_windows_the_sticks_are_the_removable_letters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(drives, "kernel32", lambda: StandInKernel32(LAPTOP))
    assert drives.usb_roots() == [Path("E:\\"), Path("G:\\")]


def test_on_windows_a_failed_call_finds_no_stick_and_says_so(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refused() -> drives.Kernel32:
        raise OSError(5, "Access is denied")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(drives, "kernel32", refused)
    with caplog.at_level(logging.WARNING, logger=drives.__name__):
        assert drives.usb_roots() == []
    assert "drive letters" in caplog.text


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux branch")
def test_on_linux_the_sticks_are_under_the_mount_folders() -> None:
    assert drives.usb_roots() == [Path("/media"), Path("/run/media"), Path("/mnt")]
    with pytest.raises(OSError, match="only on Windows"):
        drives.kernel32()


@pytest.mark.skipif(sys.platform == "win32", reason="plays a drive letter as a Linux folder")
def test_the_enrollment_file_is_found_on_a_windows_stick(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``find_bundles()`` with no folders given looks on the removable letters.

    On Linux ``E:\\`` is a relative name, so a folder of that name in the
    working directory stands for the stick's root.
    """
    monkeypatch.chdir(tmp_path)
    stick = tmp_path / "E:\\" / "FieldKit"
    stick.mkdir(parents=True)
    bundle = EnrollmentBundle("https://dc.example:8443", "ABCD-EFGH", "ab" * 32)
    (stick / "laptop-3.json").write_text(json.dumps(bundle.as_json()), encoding="utf-8")
    (tmp_path / "C:\\").mkdir()  # the system disk: never searched
    (tmp_path / "C:\\" / "other.json").write_text(json.dumps(bundle.as_json()), encoding="utf-8")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(drives, "kernel32", lambda: StandInKernel32(LAPTOP))
    found = find_bundles()
    assert found == [Path("E:\\") / "FieldKit" / "laptop-3.json"]
    assert drives.first_usb_root() == Path("E:\\")
