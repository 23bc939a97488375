"""Laporan through the real window: a berita acara made, saved where the person types, found.

Issue 36, finding 4: Laporan had no Save as, and "Buka di penampil PDF" was the only way
out of a ``reports/`` folder nobody looks in.  Here the admin of the demo makes a berita
acara perekaman, saves it with "Simpan sebagai…" into a folder typed in the file
dialog (a USB stick's, say), and the page says where the file is and where the copy is;
then prints it through Qt's print dialog, to a PDF file (the printer every computer has),
and every page of the document is on the printout.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.e2e.desktop import Desktop, Snapshot
from tests.e2e.journeys import choose_containing, log_in, open_page, problems_on_screen


def _pdf_text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def _pages(pdf: Path) -> int:
    done = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("Pages:")]
    return int(line.split()[1])


def _file_field(snap: Snapshot) -> object:
    """The print dialog's output file: the one text field holding a path."""
    fields = [n for n in snap.find("text") if (n.text or "").startswith("/")]
    return fields[0] if len(fields) == 1 else None


def test_a_berita_acara_is_saved_where_the_person_types_and_the_page_says_where(
    launch, desktop: Desktop, tmp_path: Path
) -> None:
    usb = tmp_path / "flashdisk"
    usb.mkdir()
    app = launch(desktop, "--demo")
    hands = app.hands
    log_in(hands, "admin")
    open_page(hands, "Laporan")
    choose_containing(hands, "Surat tugas", "Berita acara perekaman")
    hands.click("push button", "Buat PDF")
    hands.wait_text("Berkas ada di: ")
    (made,) = app.find_files("ba-perekaman-*.pdf")
    hands.wait_text(f"Berkas ada di: {made}")  # the whole path, not only the name
    assert hands.look().find("push button", "Buka folder")
    hands.screenshot("made")
    problems = problems_on_screen(hands.look(), desktop.width, desktop.height)

    hands.click("push button", "Simpan sebagai…")
    dialog = hands.find("dialog", "Simpan dokumen sebagai")
    hands.screenshot("save-as-dialog")
    problems += problems_on_screen(hands.look(), desktop.width, desktop.height)
    name = hands.find("text", within=dialog, contains="Nama berkas")
    hands.click_node(name)
    hands.key("ctrl+a")
    hands.type(str(usb / "ba-perekaman-sumberjo"))
    hands.key("Return")
    copy = usb / "ba-perekaman-sumberjo.pdf"
    hands.wait_text(f"Salinan disimpan di: {copy}")
    hands.screenshot("saved")
    problems += problems_on_screen(hands.look(), desktop.width, desktop.height)

    text = _pdf_text(copy)
    assert "BERITA ACARA" in text.upper()
    assert "Demo Sasaran 1" in text
    assert made.exists(), "the original left the reports folder"

    # Cetak…: Qt's print dialog, printing to a PDF file named in it.
    hands.click("push button", "Cetak…")
    field = hands.wait("the print dialog's output file", _file_field, 30)
    hands.screenshot("print-dialog")
    problems += problems_on_screen(hands.look(), desktop.width, desktop.height)
    printout = tmp_path / "dicetak.pdf"
    hands.click_node(field)  # type: ignore[arg-type]
    hands.key("ctrl+a")
    hands.type(str(printout))
    hands.click("push button", "Cetak")
    hands.wait_text("sudah dikirim ke pencetak", 90)
    hands.screenshot("printed")
    assert _pages(printout) == _pages(made)
    assert not problems, "\n".join(problems)
    assert not app.crashes()
