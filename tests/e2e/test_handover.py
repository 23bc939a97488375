"""The card handover through the real window: the data center reports a card PRINTED, the
operator's sync brings the state back, Serah terima gives the card to a courier and records
the delivery the courier reports, and Laporan makes every document, on the smallest screen
FieldKit fits.  The demo has printed cards to hand over.

The card printed and scheduled in the console, then handed to a guardian in a delivery, is
``tests/e2e/test_card_journey.py``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from fieldkit import demo, referral
from fieldkit.sarpras import checklist
from fieldkit.sarpras.checklist import Phase
from tests.e2e.conftest import RunningApp
from tests.e2e.desktop import Desktop
from tests.e2e.journeys import choose_containing, log_in, open_page, problems_on_screen
from tests.support import ADMIN, ADMIN_PASSWORD, init_workspace
from tests.sync.client.syncsupport import FixedPortDataCenter, client, enroll, server
from tests.sync.server.dcsupport import searched, set_state

__all__ = ["server"]  # the data center fixture, shared with tests/sync/client


def _a_printed_card(home: Path, datacenter: FixedPortDataCenter) -> None:
    """A training store, enrolled, one person recorded and sent; the data center prints.

    The team is back at the office: the equipment is checked in and the person, an
    elderly resident, is proposed to Dinsos, so every document has its content.
    """
    with init_workspace(home, training=True) as ws:
        enroll(ws, datacenter)
        visit = demo.demo_visit(ws)
        demo.prepare_sarpras(ws, visit)
        with demo.SimKit() as kit:
            record = demo.enroll_one(ws, kit, visit, 0, demo.demo_region(ws)).record_id
        checklist.run_self_tests(ws, visit, Phase.CHECKIN, sim=True)
        for key in checklist.mark_rest_ok(ws, visit, Phase.CHECKIN).incomplete:
            checklist.record_checkin_item(ws, visit, key, quantity=1)
        for target in referral.candidates(ws):
            referral.mark(ws, target)
        sent = client(ws).push()
        assert sent.error is None, sent.error
        assert sent.accepted == 1
    searched(datacenter.data, record)
    set_state(datacenter.data, record, "PRINTED")


def _synced_with_a_printed_card(
    launch,
    desktop: Desktop,
    server: FixedPortDataCenter,
    tmp_path: Path,
) -> RunningApp:
    """The operator logs in and syncs: the PRINTED state comes back with that sync."""
    home = tmp_path / "home"
    _a_printed_card(home, server)
    app = launch(desktop, home=home)
    log_in(app.hands, ADMIN, ADMIN_PASSWORD)
    open_page(app.hands, "Sinkronisasi")
    app.hands.click("push button", "Kirim rekaman sekarang")
    # The record went with the CLI's push: this one has nothing to send, and says so
    # (issue 47: "Semua rekaman terkirim" is said only when this push delivered them).
    app.hands.wait_text("Tidak ada rekaman yang menunggu dikirim.", timeout=90)
    return app


# Every document Laporan makes, as its list names it, and the file it writes.
DOCUMENTS = (
    ("Berita acara serah terima KTP-el", "ba-serah-terima-"),
    ("Surat tugas", "surat-tugas-"),
    ("Surat balasan", "surat-balasan-"),
    ("Berita acara perekaman", "ba-perekaman-"),
    ("Rekap harian", "rekap-harian-"),
    ("Berita acara pengembalian sarpras", "ba-sarpras-"),
    ("Usulan DTKS", "usulan-dtks-"),
)


def _pdf_text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def _every_document(app: RunningApp, desktop: Desktop) -> list[str]:
    """Laporan makes each document in turn, as the operator picks it from the list."""
    hands = app.hands
    open_page(hands, "Laporan")
    problems: list[str] = []
    shown = "Surat tugas"
    for name, prefix in DOCUMENTS:
        choose_containing(hands, shown, name)
        shown = name
        hands.click("push button", "Buat PDF")
        hands.wait_text(prefix)
        assert app.find_files(f"{prefix}*.pdf"), f"{name} was not written"
        hands.screenshot(prefix.rstrip("-"))
        problems += problems_on_screen(hands.look(), desktop.width, desktop.height)
    return problems


COURIER = "Pak Kurir Uji"
RECEIVER = "Budi Sasaran"


def test_a_courier_takes_the_card_then_laporan_makes_every_document_on_a_small_screen(
    launch, small_desktop: Desktop, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    desktop = small_desktop
    app = _synced_with_a_printed_card(launch, desktop, server, tmp_path)
    hands = app.hands
    open_page(hands, "Serah terima")
    hands.click("page tab", "Lewat kurir")
    hands.click("table cell", "Demo Sasaran 0")
    hands.click("push button", "1. Baca kartu ke dalam kiriman")
    hands.wait_text("Di kiriman kurir: 1 kartu.", timeout=40)
    hands.fill("text", "Kurir", COURIER)
    hands.fill("text", "Instansi/ekspedisi", "Becak Pintar")
    hands.click("push button", "2. Kurir tanda tangan di bantalan")
    hands.wait_text("Sudah ditandatangani", timeout=60)
    hands.screenshot("courier-batch-signed")
    problems = problems_on_screen(hands.look(), desktop.width, desktop.height)
    hands.click("push button", "3. Serahkan kartu ke kurir")
    hands.wait_text(f"1 kartu diserahkan ke kurir {COURIER}.")

    # The courier comes back with the report: the owner's son received the card.
    hands.click("page tab", "Pengantaran kurir")
    hands.click("table cell", "Demo Sasaran 0")
    hands.fill("text", "Penerima", RECEIVER)
    choose_containing(hands, "Pemilik kartu", "Keluarga")
    hands.click("check box", contains="menurut laporan kurir")
    hands.click("push button", "Catat pengantaran")
    hands.wait_text(f"Pengantaran kepada {RECEIVER} sudah dicatat.")
    assert not hands.look().find("table cell", "Demo Sasaran 0"), "the card still waits"
    hands.screenshot("delivery-recorded")
    problems += problems_on_screen(hands.look(), desktop.width, desktop.height)

    problems += _every_document(app, desktop)
    text = _pdf_text(app.find_files("ba-serah-terima-*.pdf")[0])
    assert "Becak Pintar" in text
    assert COURIER in text
    assert RECEIVER in text
    assert not problems, "\n".join(problems)
    assert not app.crashes()


def test_the_demo_has_a_printed_card_to_hand_over(launch, desktop: Desktop) -> None:
    """Issue 36, finding 5: in the demo the list only said no printed card waits.

    Yesterday's people of the demo have their cards printed: the admin chooses one and
    starts the handover by reading it on the (simulated) card reader.  Issue 56.1: the
    office printed Demo Sasaran 6's card with the simulated card's UID, so the same card
    read for Demo Sasaran 7 (under "Semua kartu", in no delivery) is refused by the name
    of the person it was printed for, and nothing is bound; read for Demo Sasaran 6 it is
    the card the office printed.
    """
    app = launch(desktop, "--demo")
    hands = app.hands
    log_in(hands, "admin")
    open_page(hands, "Serah terima")
    hands.find("table cell", "Demo Sasaran 6")
    hands.find("table cell", "Demo Sasaran 7")
    hands.screenshot("printed-cards-in-the-demo")
    problems = problems_on_screen(hands.look(), desktop.width, desktop.height)
    hands.click("table cell", "Demo Sasaran 7")
    hands.wait_text("Kartu milik Demo Sasaran 7")
    hands.click("push button", "1. Baca kartu di pembaca kartu")
    hands.wait_text("dicetak kantor untuk Demo Sasaran 6, bukan kartu Demo Sasaran 7", timeout=40)
    hands.screenshot("someone-elses-card-refused")
    problems += problems_on_screen(hands.look(), desktop.width, desktop.height)
    hands.click("table cell", "Demo Sasaran 6")
    hands.wait_text("Kartu milik Demo Sasaran 6")
    hands.click("push button", "1. Baca kartu di pembaca kartu")
    hands.wait_text("adalah kartu yang dicetak kantor untuk rekaman ini", timeout=40)
    hands.screenshot("card-read")
    problems += problems_on_screen(hands.look(), desktop.width, desktop.height)
    assert not problems, "\n".join(problems)
    assert not app.crashes()
