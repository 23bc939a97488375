"""Berita acara serah terima KTP-el: which cards went to whom, on which day, how.

Built from the handover rows (recipient, relation, card UID, courier) and the
planning target of each record (name and NIK as listed).  Made for one local day,
for chosen handovers, or for one delivery the office scheduled (issue 49 §2,
:func:`ba_serah_terima_delivery`): its number, date, desa and team in the header,
and every card of it with its outcome, handed over or not.  Each recipient's
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
from fieldkit import audit, regions
from fieldkit.errors import InvalidInput
from fieldkit.handover import cards, deliveries
from fieldkit.handover.cards import HandoverKind
from fieldkit.officers import require_role
from fieldkit.permissions import REPORTERS
from fieldkit.reports import agenda, letter_numbers
from fieldkit.reports.letters import is_training_document, office_profile
from fieldkit.reports.pdf import (
    PdfDocument,
    Signatory,
    hari_tanggal,
    tanggal,
    terbilang,
)
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


def _outcome(entries: list[cards.HandoverInfo]) -> tuple[str, str]:
    """A card's outcome in the delivery's BA, and its proof: the last step its handover took."""
    final = [e for e in entries if e.kind is not HandoverKind.COURIER]
    if final:
        entry = final[-1]
        receiver = f"Diserahkan kepada {entry.recipient_name} ({entry.relation.document_term})"
        if entry.kind is HandoverKind.DELIVERY:
            receiver += "; diantar kurir"
        if entry.kind is HandoverKind.DELIVERY and entry.source == "courier_report":
            return receiver, "Laporan kurir"
        if entry.signature_score is not None:
            return receiver, f"TTD pad, mutu {entry.signature_score:.0f}"
        return receiver, "-"
    if entries:
        entry = entries[-1]
        return (
            f"Pada kurir {entry.recipient_name} ({entry.organisation or '-'})",
            "Tanda terima kurir",
        )
    return "Belum diserahkan", "-"


def _kecamatan(code: str) -> str:
    """``Kedungjati (331501)``: the name the region table (or the office) gives, and the code."""
    found = regions.district(code)
    return f"{found.name} ({code})" if found is not None else code


def ba_serah_terima_delivery(
    ws: Workspace, out: Path, delivery_ref: str, *, number: str | None = None
) -> Path:
    """The handover report of one delivery the office scheduled: every card, and its outcome.

    Made whether or not every card reached its owner: a card not handed over is listed as
    such, so the report says what the team brought back too.
    """
    require_role(ws.officer, *REPORTERS)
    delivery = deliveries.find_delivery(ws, delivery_ref)
    if not delivery.cards:
        raise InvalidInput(code="delivery_without_cards", params={"delivery": delivery.number})
    steps: dict[str, list[cards.HandoverInfo]] = {}
    for entry in cards.handovers(ws, records=[c.record_id for c in delivery.cards]):
        steps.setdefault(entry.record_id, []).append(entry)
    profile = office_profile(ws)
    day = delivery.delivery_date
    doc = PdfDocument(
        profile.letterhead,
        title=f"Berita Acara Serah Terima KTP-el {delivery.number}",
        training=is_training_document(ws),
    )
    count, given = len(delivery.cards), delivery.handed_over
    number = agenda.issue_number(
        ws,
        letter_numbers.LetterType.BA_SERAH_TERIMA,
        subject=f"Berita acara serah terima KTP-el pengiriman {delivery.number}",
        letter_date=day,
        ref_id=f"delivery-{delivery.id}",
        given=number,
    ).number
    doc.heading("BERITA ACARA SERAH TERIMA KTP-EL", number)
    doc.fields(
        [
            ("Pengiriman", delivery.number),
            ("Tanggal pengiriman", hari_tanggal(day)),
            ("Desa/kelurahan", f"{delivery.desa_name} ({delivery.desa_code})"),
            ("Kecamatan", _kecamatan(delivery.kecamatan_code)),
            ("Tim", delivery.team),
        ]
    )
    if given == 0:
        handed = "belum ada yang diserahkan"
    elif given == count:
        handed = "semuanya telah diserahkan"
    else:
        handed = f"{given} ({terbilang(given)}) keping di antaranya telah diserahkan"
    doc.paragraph(
        f"Pada hari ini {hari_tanggal(day)}, telah dilaksanakan serah terima KTP-el hasil "
        f"perekaman jemput bola penduduk rentan pengiriman {delivery.number} ke Desa/Kelurahan "
        f"{delivery.desa_name} oleh {delivery.team}, sebanyak {count} ({terbilang(count)}) "
        f"keping, {handed}, dengan rincian sebagai berikut:"
    )
    rows = []
    for n, card in enumerate(delivery.cards, start=1):
        item = card.item
        outcome, proof = _outcome(steps.get(card.record_id, []))
        rows.append(
            [
                str(n),
                item.name if item and item.name else f"Rekaman {card.record_id[:8]}",
                item.nik if item and item.nik else "-",
                (item.card_uid if item else None) or card.office_uid or "-",
                outcome,
                proof,
            ]
        )
    doc.table(
        ["No", "Nama pemilik", "NIK", "UID kartu", "Hasil serah terima", "Bukti"],
        rows,
        widths_mm=[8, 27, 38, 37, 38, 22],
        nowrap=(2,),
    )
    if given < count:
        doc.paragraph(
            f"KTP-el yang belum diserahkan sebanyak {count - given} ({terbilang(count - given)}) "
            "keping dibawa kembali ke kantor Dinas Kependudukan dan Pencatatan Sipil."
        )
    doc.paragraph(
        "Tanda tangan penerima direkam secara elektronik pada bantalan tanda tangan dan "
        "tersimpan terenkripsi di Dinas Kependudukan dan Pencatatan Sipil."
    )
    doc.signatures(
        f"{profile.city}, {tanggal(day)}",
        [
            (
                "Yang Menyerahkan,",
                Signatory(f"Petugas Disdukcapil, {delivery.team}", ws.officer.full_name),
            ),
            ("Mengetahui,", Signatory("Kepala Bidang Pelayanan Pendaftaran Penduduk", None)),
        ],
        closing="Demikian berita acara serah terima ini dibuat untuk dipergunakan sebagaimana "
        "mestinya.",
    )
    path = doc.save(out)
    with ws.transaction() as session:
        audit.append(
            session,
            ws.officer.username,
            "report.generated",
            None,
            {"kind": "ba_serah_terima", "delivery": delivery.number},
        )
    log.info("berita acara of delivery %s written (%s cards)", delivery.number, count)
    return path
