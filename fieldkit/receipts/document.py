"""The bukti perekaman as a one-page PDF, and its QR code as a picture.

The PDF is built in memory (:func:`receipt_pdf`) so the app can print it
without a file; :func:`save_receipt_pdf` writes it only where the officer
chooses.  The QR is made with segno (pure Python, no dependencies) at error
correction level M, so a creased or smudged print still scans.
"""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

import segno

from fieldkit import audit
from fieldkit.officers import format_nip
from fieldkit.receipts.content import ReceiptContent, receipt
from fieldkit.reports.pdf import Letterhead, PdfDocument, hari_tanggal

if TYPE_CHECKING:
    from pathlib import Path

    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

QR_WIDTH_MM = 42


def qr_png(payload: str, *, scale: int = 10) -> bytes:
    """The QR code as a PNG: black on white, with the standard 4-module quiet zone."""
    buffer = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def _sentence(items: tuple[str, ...]) -> str:
    joined = "; ".join(items)
    return joined[:1].upper() + joined[1:] + "."


def _document(content: ReceiptContent) -> PdfDocument:
    letterhead = Letterhead(content.government, content.office, content.address, content.contact)
    doc = PdfDocument(letterhead, title="Bukti Perekaman KTP-el")
    doc.heading("BUKTI PEREKAMAN KTP-EL")
    if content.training:
        doc.paragraph(
            "<b>LATIHAN: perekaman dengan simulator, bukan bukti perekaman resmi.</b>",
            markup=True,
            style="center",
        )
    nip = f" (NIP. {format_nip(content.officer_nip)})" if content.officer_nip else ""
    officer = content.officer_name + nip
    doc.fields(
        [
            ("Nama", content.person_name),
            ("NIK", content.nik_masked),
            ("Tanggal perekaman", hari_tanggal(content.recorded_on)),
            ("Tempat", content.place),
            ("Petugas perekaman", officer),
            ("Nomor rekaman", content.record_id),
        ]
    )
    doc.subheading("Yang sudah direkam")
    doc.paragraph(_sentence(content.captured))
    doc.subheading("Yang tidak dapat direkam (pengecualian)")
    doc.paragraph(
        _sentence(content.excepted)
        if content.excepted
        else "Tidak ada: semua data biometrik terekam."
    )
    doc.subheading(f"Langkah berikutnya ({content.promise_days} hari kerja)")
    doc.paragraph(content.next_steps)
    doc.subheading("Kontak kantor")
    doc.paragraph(", ".join(filter(None, [content.office_name, content.address, content.contact])))
    doc.image(
        qr_png(content.qr),
        width_mm=QR_WIDTH_MM,
        caption="Kode QR berisi nomor rekaman dan kode kantor (tanpa data pribadi): "
        "tunjukkan kepada petugas Disdukcapil.",
    )
    return doc


def receipt_pdf(content: ReceiptContent) -> bytes:
    """The one-page receipt, in memory."""
    return _document(content).to_bytes()


def save_receipt_pdf(ws: Workspace, record_ref: str, out: Path) -> Path:
    """Write the receipt where the officer chose; the record's id goes in the audit log."""
    content = receipt(ws, record_ref)
    path = _document(content).save(out)
    with ws.transaction() as session:
        audit.append(
            session, ws.officer.username, "receipt.saved", content.record_id, {"kind": "pdf"}
        )
    return path


def note_printed(ws: Workspace, record_id: str) -> None:
    """The receipt went to a printer: the audit log says so (no content, only the record id)."""
    with ws.transaction() as session:
        audit.append(session, ws.officer.username, "receipt.printed", record_id)
