"""The berita acara of the sarpras return (SOP 004 step 11), as the pengurus barang signs it.

Each item with how it left (check-out) and how it came back: baik, lengkap,
bersih, the count of consumables and the note; then the ketua tim's sign-off
and the pengurus barang's acceptance.  An item taken out rusak and returned
baik shows both, with the note that explains it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fieldkit import audit
from fieldkit.errors import InvalidInput
from fieldkit.officers import require_role
from fieldkit.permissions import REPORTERS
from fieldkit.planning import schedule
from fieldkit.reports.letters import is_training_document, office_profile, officer_signatory
from fieldkit.reports.pdf import PdfDocument, Signatory, hari_tanggal, tanggal
from fieldkit.sarpras import checklist
from fieldkit.sarpras.checklist import ItemKind, ItemStatus, ItemView, Phase

if TYPE_CHECKING:
    from pathlib import Path

    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

_LEFT = {ItemStatus.OK: "baik", ItemStatus.FAULTY: "rusak", ItemStatus.MISSING: "tidak ada"}


def _answer(value: bool | None) -> str:
    return "-" if value is None else "Ya" if value else "Tidak"


def _row(n: int, item: ItemView) -> list[str]:
    left = _LEFT[item.checkout_status] if item.checkout_status else "-"
    if item.kind is ItemKind.CONSUMABLE:
        back = "-" if item.quantity is None else str(item.quantity)
        count = f"{back} {item.unit or ''}".strip()
        return [str(n), item.label, left, "", "", "", count, item.notes or ""]
    return [
        str(n),
        item.label,
        left,
        _answer(item.baik),
        _answer(item.lengkap),
        _answer(item.bersih),
        "",
        item.notes or "",
    ]


def ba_pengembalian_sarpras(ws: Workspace, visit_ref: str, out: Path) -> Path:
    """The return of one visit's equipment, item by item, for the pengurus barang."""
    require_role(ws.officer, *REPORTERS)
    visit = schedule.get_visit(ws, visit_ref)
    view = checklist.get_checklist(ws, visit.id, Phase.CHECKIN)
    if view is None:
        raise InvalidInput(
            code="no_checkin_checklist",
            params={"visit": visit.id[:8]},
        )
    profile = office_profile(ws)
    day = view.accepted_at or view.signed_at
    returned = day.date() if day else visit.visit_date
    doc = PdfDocument(
        profile.letterhead,
        title="Berita Acara Pengembalian Sarpras",
        training=is_training_document(ws, visit.id),
    )
    doc.heading("BERITA ACARA PENGEMBALIAN SARANA DAN PRASARANA PEREKAMAN")
    doc.paragraph(
        f"Pada hari ini {hari_tanggal(returned)}, tim perekaman KTP-el jemput bola yang "
        f"bertugas pada {hari_tanggal(visit.visit_date)} di Desa/Kelurahan {visit.desa_name}, "
        f"Kecamatan {visit.kecamatan_name} mengembalikan sarana dan prasarana perekaman "
        "kepada pengurus barang dengan kondisi sebagai berikut:"
    )
    doc.table(
        ["No", "Barang", "Saat diambil", "Baik", "Lengkap", "Bersih", "Jumlah", "Catatan"],
        [_row(n, item) for n, item in enumerate(view.items, start=1)],
        widths_mm=[8, 58, 18, 11, 14, 13, 16, 32],
        nowrap=(2, 6),
    )
    if view.accepted:
        accepted = (
            f"Sarana dan prasarana tersebut telah diterima kembali oleh pengurus barang, "
            f"{view.accepted_by_name}, pada {tanggal(view.accepted_at.date())}."
            if view.accepted_at
            else ""
        )
    else:
        accepted = "Sarana dan prasarana tersebut belum dinyatakan diterima oleh pengurus barang."
    doc.signatures(
        f"{profile.city}, {tanggal(returned)}",
        [
            (
                "Yang menyerahkan,",
                officer_signatory(ws, view.signed_by, "Ketua Tim Perekaman"),
            ),
            ("Yang menerima,", Signatory("Pengurus Barang", view.accepted_by_name)),
        ],
        closing=accepted,
    )
    path = doc.save(out)
    with ws.transaction() as session:
        audit.append(
            session, ws.officer.username, "report.generated", visit.id, {"kind": "ba_sarpras"}
        )
    return path
