"""Berita acara serah terima KTP-el: which cards went to whom, on which day, how.

Built from the handover rows (recipient, relation, card UID, courier) and the
planning target of each record (name and NIK as listed).  Each recipient's
signature was captured on the pad and kept in the encrypted store; the PDF
says so and shows the quality score, and draws the signature itself only when
the office allows pictures in reports (``reports.include_photos``).
"""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

from PIL import Image

from drivers.pen import render_signature
from fieldkit import audit
from fieldkit.errors import InvalidInput
from fieldkit.handover import cards
from fieldkit.handover.cards import HandoverKind
from fieldkit.officers import require_role
from fieldkit.permissions import REPORTERS
from fieldkit.reports import agenda, letter_numbers
from fieldkit.reports.letters import is_training_document, office_profile
from fieldkit.reports.pdf import PdfDocument, Signatory, hari_tanggal, tanggal, terbilang
from fieldkit.reports.photos import include_photos

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable
    from pathlib import Path

    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)


def _signature_png(signature: cards.SignatureInput) -> bytes:
    image = render_signature(signature.samples, units_per_mm=signature.units_per_mm)
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG")
    return buffer.getvalue()


def _rows(
    entries: list[cards.HandoverInfo], names: dict[str, cards.HandoverItem]
) -> list[list[str]]:
    rows = []
    for n, entry in enumerate(entries, start=1):
        item = names.get(entry.record_id)
        receiver = f"{entry.recipient_name} ({entry.relation.document_term})"
        if entry.organisation:
            receiver += f", {entry.organisation}"
        receiver += f"; {entry.kind.document_term.lower()}"
        if entry.kind is HandoverKind.DELIVERY and entry.source == "courier_report":
            signed = "Laporan kurir"
        elif entry.signature_score is not None:
            signed = f"TTD pad, mutu {entry.signature_score:.0f}"
        else:
            signed = "-"
        rows.append(
            [
                str(n),
                item.name if item and item.name else entry.record_id[:8],
                item.nik if item and item.nik else "-",
                # A delivery reported by the courier read no card: it is the one bound before.
                entry.card_uid or (item.card_uid if item else None) or "-",
                receiver,
                signed,
            ]
        )
    return rows


def ba_serah_terima(
    ws: Workspace,
    out: Path,
    *,
    date: dt.date | None = None,
    handover_ids: Iterable[str] | None = None,
    number: str | None = None,
) -> Path:
    """The handover report of one local day (the office's calendar) or of chosen handovers."""
    require_role(ws.officer, *REPORTERS)
    if date is None and handover_ids is None:
        raise InvalidInput(
            code="handover_report_needs_date",
        )
    entries = cards.handovers(ws, on=date, ids=handover_ids)
    if not entries:
        when = date.isoformat() if date else "the given ids"
        raise InvalidInput(
            code="no_handover_on_date",
            params={"when": when},
        )
    names = {i.record_id: i for i in cards.handover_list(ws, include_done=True)}
    profile = office_profile(ws)
    day = date or cards.local_day(entries[0].handed_at)
    pictures = include_photos(ws)
    doc = PdfDocument(
        profile.letterhead,
        title="Berita Acara Serah Terima KTP-el",
        training=is_training_document(ws),
    )
    # A card handed to a courier and then delivered is two rows but one card.
    count = len({entry.record_id for entry in entries})
    number = agenda.issue_number(
        ws,
        letter_numbers.LetterType.BA_SERAH_TERIMA,
        subject=f"Berita acara serah terima {count} KTP-el, {tanggal(day)}",
        letter_date=day,
        ref_id=f"handover-{day.isoformat()}" if handover_ids is None else None,
        given=number,
    ).number
    doc.heading("BERITA ACARA SERAH TERIMA KTP-EL", number)
    doc.paragraph(
        f"Pada hari ini {hari_tanggal(day)}, telah dilaksanakan serah terima KTP-el hasil "
        f"perekaman jemput bola penduduk rentan sebanyak {count} ({terbilang(count)}) "
        "keping, dengan rincian sebagai berikut:"
    )
    rows = _rows(entries, names)
    doc.table(
        ["No", "Nama pemilik", "NIK", "UID kartu", "Diterima oleh", "Bukti"],
        rows,
        widths_mm=[8, 27, 38, 37, 38, 22],
        nowrap=(2,),
    )
    couriers = sorted(
        {
            (e.recipient_name, e.organisation or "-")
            for e in entries
            if e.kind is HandoverKind.COURIER
        }
    )
    if couriers:
        doc.subheading("Penyerahan melalui jasa ekspedisi (SOP Becak Pintar)")
        doc.paragraph(
            "KTP-el diserahkan kepada kurir disertai tanda terima yang ditandatangani kurir "
            "pada bantalan tanda tangan: "
            + "; ".join(f"{name} ({org})" for name, org in couriers)
            + "."
        )
    if pictures:
        doc.subheading("Tanda tangan penerima")
        for entry in entries:
            signature = cards.signature_samples(ws, entry.id)
            if signature is not None and signature.samples:
                doc.image(
                    _signature_png(signature),
                    width_mm=45,
                    caption=f"{entry.recipient_name} ({entry.relation.document_term})",
                )
    else:
        doc.paragraph(
            "Tanda tangan penerima direkam secara elektronik pada bantalan tanda tangan dan "
            "tersimpan terenkripsi di Dinas Kependudukan dan Pencatatan Sipil."
        )
    doc.signatures(
        f"{profile.city}, {tanggal(day)}",
        [
            ("Yang Menyerahkan,", Signatory("Petugas Disdukcapil", ws.officer.full_name)),
            ("Mengetahui,", Signatory("Kepala Bidang Pelayanan Pendaftaran Penduduk", None)),
        ],
        closing="Demikian berita acara serah terima ini dibuat untuk dipergunakan sebagaimana "
        "mestinya.",
    )
    path = doc.save(out)
    with ws.transaction() as session:
        audit.append(
            session, ws.officer.username, "report.generated", None, {"kind": "ba_serah_terima"}
        )
    return path
