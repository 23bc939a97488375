"""The family's receipt at the end of a recording, printed to a PDF through Qt's print dialog.

The real window on Xvfb: the petugas records a cooperative person, the receipt
window opens by itself after the seal, "Cetak…" opens Qt's print dialog, which
prints to a PDF file; the QR on the printed page is decoded from its pixels.
Qt's print dialog, with its options shown, is checked like every screen: it
fits the screen and shows no English (Qt's texts come from our catalogue).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import cv2

from tests.e2e.desktop import Desktop, Snapshot
from tests.e2e.journeys import close_receipt, log_in, open_page, problems_on_screen
from tests.e2e.test_petugas import SEAL, START
from tests.e2e.test_petugas import _hands_free_until_review as capture_until_review

PERSON = "Demo Sasaran 1"
QR_PREFIX = "FKBP1|"


def _file_field(snap: Snapshot) -> object:
    """The print dialog's output file: the one text field holding a path."""
    fields = [n for n in snap.find("text") if (n.text or "").startswith("/")]
    return fields[0] if len(fields) == 1 else None


def _qr_on_printed_page(pdf: Path, tmp_path: Path) -> str | None:
    """The QR's text read off the printed page, as a phone's scanner would.

    Tried at three resolutions: OpenCV's detector misses some codes at one scale and
    reads them at another (each receipt's record id makes a different code), which
    made this test fail now and then while the page was right.
    """
    for dpi in ("150", "200", "300"):
        prefix = tmp_path / f"printed-page-{dpi}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", dpi, "-singlefile", str(pdf), str(prefix)], check=True
        )
        image = cv2.imread(str(prefix.with_suffix(".png")))
        assert image is not None
        decoded, points, _ = cv2.QRCodeDetector().detectAndDecode(image)
        if points is not None and decoded:
            return str(decoded)
    return None


def test_the_petugas_prints_the_familys_receipt_to_a_pdf(
    launch, desktop: Desktop, tmp_path: Path
) -> None:
    app = launch(desktop, "--demo")
    hands = app.hands
    size = (desktop.width, desktop.height)
    log_in(hands, "petugas")
    open_page(hands, "Perekaman")
    hands.click("table cell", PERSON)
    hands.click("push button", START)
    hands.click("push button", "Catat persetujuan")
    capture_until_review(hands)  # every step takes its capture by itself (issue 35)
    hands.click("push button", SEAL)
    hands.wait_text("Bukti perekaman", 60)
    hands.screenshot("receipt-offered")
    hands.click("check box", "Tampilkan kode QR")  # a toggle: AT-SPI calls it a check box
    hands.screenshot("receipt-qr-on-screen")
    hands.click("check box", "Tampilkan ringkasan")

    hands.click("push button", "Cetak…")
    field = hands.wait("the print dialog's output file", _file_field, 30)
    hands.screenshot("print-dialog")
    # Qt's own print dialog is checked like every other screen: it fits, nothing in English.
    problems = problems_on_screen(hands.look(), *size)
    assert problems == [], "\n".join(problems)
    hands.click("push button", "Opsi >>")
    hands.find("push button", "Opsi <<", timeout=30)
    hands.screenshot("print-dialog-options")
    problems = problems_on_screen(hands.look(), *size)
    assert problems == [], "\n".join(problems)
    out = tmp_path / "bukti-cetak.pdf"
    hands.click_node(field)  # type: ignore[arg-type]
    hands.key("ctrl+a")
    hands.type(str(out))
    hands.click("push button", "Cetak")
    hands.wait("the printed PDF", lambda _: out.exists() and out.stat().st_size > 1000, 60)
    hands.wait_text("Bukti perekaman dikirim ke pencetak", 30)
    hands.screenshot("receipt-printed")

    decoded = _qr_on_printed_page(out, tmp_path)
    assert decoded is not None, "no QR code on the printed page"
    assert decoded.startswith(QR_PREFIX), decoded
    close_receipt(hands)
    assert not app.crashes()
