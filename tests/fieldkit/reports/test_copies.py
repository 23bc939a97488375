"""Save as: a copy where the person chose, whole or not at all, the original never touched."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from fieldkit.reports import copies
from fieldkit.reports.copies import ReportCopyError

PDF = b"%PDF-1.4 a made document\n%%EOF\n"


@pytest.fixture
def made(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    path = folder / "ba-perekaman-1234abcd-20261126-101010.pdf"
    path.write_bytes(PDF)
    return path


def test_the_copy_is_where_the_person_chose_with_pdf_added(made: Path, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = copies.save_copy(made, usb / "berita acara desa")
    assert copy == usb / "berita acara desa.pdf"
    assert copy.read_bytes() == PDF
    assert made.read_bytes() == PDF
    # Saved again over the first copy: replaced, and no temporary file is left behind.
    assert copies.save_copy(made, usb / "BERITA.PDF") == usb / "BERITA.PDF"
    assert copies.save_copy(made, copy) == copy
    assert sorted(p.name for p in usb.iterdir()) == ["BERITA.PDF", "berita acara desa.pdf"]


def test_saving_onto_the_original_leaves_it_as_it_is(made: Path) -> None:
    assert copies.save_copy(made, made) == made
    assert made.read_bytes() == PDF


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "report_copy_disk_full"),
        (PermissionError(errno.EACCES, "Permission denied"), "report_copy_not_allowed"),
        (OSError(errno.EROFS, "Read-only file system"), "report_copy_not_allowed"),
        (OSError(errno.EIO, "Input/output error"), "report_copy_failed"),
    ],
)
def test_a_refused_copy_says_why_leaves_nothing_and_keeps_the_original(
    made: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, code: str
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    (usb / "old.pdf").write_bytes(b"%PDF the earlier copy")

    def half_written(source: Path, destination: Path) -> None:
        Path(destination).write_bytes(PDF[:5])  # a full disk stops mid-file
        raise error

    monkeypatch.setattr(shutil, "copyfile", half_written)
    with pytest.raises(ReportCopyError) as refused:
        copies.save_copy(made, usb / "old.pdf")
    assert refused.value.code == code
    assert refused.value.params["source"] == str(made)
    assert refused.value.params["folder"] == str(usb)
    assert str(made) in refused.value.message  # where the document still is
    assert made.read_bytes() == PDF
    assert (usb / "old.pdf").read_bytes() == b"%PDF the earlier copy"
    assert [p.name for p in usb.iterdir()] == ["old.pdf"]


def test_a_folder_that_is_not_there_and_a_document_that_is_gone(made: Path, tmp_path: Path) -> None:
    with pytest.raises(ReportCopyError) as refused:
        copies.save_copy(made, tmp_path / "no such folder" / "x.pdf")
    assert refused.value.code == "report_copy_folder_missing"
    gone = made.with_name("gone.pdf")
    with pytest.raises(ReportCopyError) as refused:
        copies.save_copy(gone, tmp_path / "x.pdf")
    assert refused.value.code == "report_copy_source_missing"
    assert not (tmp_path / "x.pdf").exists()
