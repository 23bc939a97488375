"""Printed cards in a real pcscd (vpcd) and signatures from the ISDV4 emulator's pty."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from drivers.cardreader.pcsc import PcscCardReader
from drivers.cardreader.vpcd_card import VirtualCard, VpcdCard
from drivers.signature.pad_sim import SimIsdv4SignaturePad
from fieldkit.handover import cards
from fieldkit.records import outbox
from fieldkit.records.outbox import RecordStatus
from fieldkit.workspace import Workspace
from tests.fieldkit.office.office_support import ISSUED, document
from tests.fieldkit.reports.report_support import recorded_visit
from tests.support import ADMIN, ADMIN_PASSWORD, init_workspace

VIRTUAL_READER = "Virtual PCD 00 00"
VPCD_PORT = 35963
#: The office's delivery of :func:`delivery_package` (issue 49 §2).
OFFICE_UID = "04A1B2C3D4E5F6"
NUMBER = "DST-2026-0001"
GONE = "rec-gone-0001"  # a record the office lists that this laptop no longer has


@contextlib.contextmanager
def printed_card(reader: PcscCardReader, uid: str) -> Iterator[VpcdCard]:
    """A printed KTP-el in the reader: a plain card with this UID (no staff application)."""
    card = VpcdCard(VirtualCard(bytes.fromhex(uid), staff=None), port=VPCD_PORT)
    card.insert()
    try:
        yield card
    finally:
        card.remove()
        reader.wait_for_removal(5.0)


def read_card(reader: PcscCardReader, uid: str) -> str:
    """Put the card in, read its UID over PC/SC as the handover screen does, take it out."""
    with printed_card(reader, uid):
        return cards.read_card_uid(reader, timeout_s=5.0)


def paced_pad(strokes: str = "initials") -> SimIsdv4SignaturePad:
    """The ISDV4 pad simulator signing ``strokes`` fast, with margins a loaded machine keeps.

    The pace keeps every recording well clear of the quality check's limits on a loaded
    machine: at three times the recorded pace the shortest (``flourish``, 2 s) still lasts
    0.67 s against the 0.3 s "too short" limit, and the longest pen-up inside a signature
    (0.3 s recorded, 0.1 s here) stays far below ``idle_s``.  At six times the pace with
    0.15 s of idle, one stalled emulator thread ended a signature early in CI.
    """
    return SimIsdv4SignaturePad(strokes=strokes, speed=3.0, lead_in_s=0.0, idle_s=0.4)


def sign(strokes: str = "initials", timeout_s: float = 5.0) -> cards.SignatureInput:
    """One signature on the ISDV4 emulator; ``empty`` signs nothing (the capture times out)."""
    pad = paced_pad(strokes)
    pad.open()
    try:
        return cards.capture_signature(pad, timeout_s=timeout_s)
    finally:
        pad.close()


def mark_printed(ws: Workspace, record_id: str, state: str = "PRINTED") -> None:
    """What the sync client's status pull writes when the data center reports a state."""
    with ws.transaction() as session:
        outbox.mark_server_state(session, record_id, RecordStatus.ACCEPTED, server_state=state)


def delivery_package(records: list[str], version: int = 3) -> dict[str, Any]:
    """A package with one delivery: the first card with the UID the office printed."""
    doc = document(version=version, issued_at=ISSUED + dt.timedelta(minutes=version))
    doc["deliveries"] = [
        {
            "id": "a" * 32,
            "number": NUMBER,
            "delivery_date": "2026-12-01",
            "desa_code": "3505012001",
            "desa_name": "Kalipucung",
            "kecamatan_code": "350501",
            "team": "Tim 2",
            "cards": [
                {"record_id": records[0], "card_uid": OFFICE_UID},
                {"record_id": records[1], "card_uid": None},
                {"record_id": GONE, "card_uid": None},
            ],
        }
    ]
    return doc


def printed_store(folder: Path) -> list[str]:
    """A training store in ``folder``: two people recorded, their cards printed; their ids.

    Recording two people with the simulators is what costs (about ten seconds of CPU): a
    module makes it once and each test works on its own copy (:func:`copy_of`).
    """
    with init_workspace(folder, training=True) as ws:
        records = recorded_visit(ws, folder.parent).records
        for record in records:
            mark_printed(ws, record)
    return records


def copy_of(template: Path, home: Path) -> Workspace:
    """The store made by :func:`printed_store`, copied to ``home`` and logged in as the admin."""
    shutil.copytree(template, home)
    return Workspace.login(home, ADMIN, ADMIN_PASSWORD)
