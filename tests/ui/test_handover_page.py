"""Serah terima in the window: the card read over a real pcscd, the signature from the pad."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from drivers import Device, Modality
from drivers.base import PenSample
from drivers.cardreader.pcsc import PcscCardReader
from drivers.cardreader.vpcd_card import VirtualCard, VpcdCard
from fieldkit import office
from fieldkit.handover import cards
from fieldkit.handover.cards import HandoverState, Relation
from fieldkit.workspace import Workspace
from tests.fieldkit.handover.handover_support import (
    VIRTUAL_READER,
    VPCD_PORT,
    delivery_package,
    mark_printed,
    paced_pad,
    sign,
)
from tests.fieldkit.reports.report_support import RecordedVisit, pdf_text, recorded_visit
from tests.support import init_workspace
from tests.ui.conftest import SCREENSHOTS
from ui.design.pill import PILL_ROLE, PillDelegate, PillKind
from ui.handover_page import HandoverPage
from ui.labels_catalogue import handover_state_texts

CARD = "04A1B2C3D4E5F6"
OTHER_CARD = "04B2C3D4E5F607"


@pytest.fixture
def workspace(home: Path) -> Iterator[Workspace]:
    ws = init_workspace(home, training=True)
    yield ws
    ws.close()


@pytest.fixture
def printed(workspace: Workspace, tmp_path: Path) -> RecordedVisit:
    """A visit with two sealed records, the first of them printed by the data center."""
    visit = recorded_visit(workspace, tmp_path)
    mark_printed(workspace, visit.records[0])
    return visit


@pytest.fixture
def kit(pcscd: object) -> Iterator[dict[Modality, Device]]:
    """The reader on a real pcscd and the ISDV4 pad simulator, as the supervisor keeps them."""
    del pcscd
    pad = paced_pad("initials")
    pad.open()
    with PcscCardReader(VIRTUAL_READER, apdu_timeout_s=1.0) as reader:
        yield {Modality.CARD: reader, Modality.SIGNATURE: pad}
    pad.close()


def _card_on_the_reader(reader: PcscCardReader, uid: str) -> VpcdCard:
    card = VpcdCard(VirtualCard(bytes.fromhex(uid), staff=None), port=VPCD_PORT)
    card.insert()
    return card


def _take_off(card: VpcdCard, reader: PcscCardReader) -> None:
    card.remove()
    reader.wait_for_removal(5.0)  # the next read must not be told a card is there


def test_a_printed_card_is_read_signed_for_and_handed_over(
    qtbot: QtBot,
    workspace: Workspace,
    printed: RecordedVisit,
    kit: dict[Modality, Device],
    indonesian: None,
) -> None:
    del indonesian
    reader = kit[Modality.CARD]
    assert isinstance(reader, PcscCardReader)
    page = HandoverPage(workspace, kit.get)
    qtbot.addWidget(page)
    page.refresh()
    assert page.table.rowCount() == 1  # only the printed one waits
    assert not page.read_button.isEnabled()  # nothing chosen yet
    page.table.selectRow(0)
    assert "Sasaran Uji 0" in page.person.text()
    assert not page.sign_button.isEnabled()  # the card first

    card = _card_on_the_reader(reader, CARD)
    try:
        with qtbot.waitSignal(page.card_read, timeout=30_000) as read:
            qtbot.mouseClick(page.read_button, Qt.MouseButton.LeftButton)
    finally:
        _take_off(card, reader)
    assert read.args == [CARD]
    assert CARD in page.card_label.text()
    assert "Periksa nama dan NIK" in page.card_label.text()  # a first read compares nothing

    with qtbot.waitSignal(page.signed, timeout=30_000):
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    assert not page.give_button.isEnabled()  # who receives it, first
    qtbot.keyClicks(page.recipient, "Siti Aminah")
    page.relation.setCurrentIndex(page.relation.findData(Relation.GUARDIAN.value))
    qtbot.mouseClick(page.give_button, Qt.MouseButton.LeftButton)
    assert page.status.text() == "✔ Kartu sudah diserahkan kepada Siti Aminah.", page.status.text()
    assert page.table.rowCount() == 0
    (handed,) = cards.handovers(workspace, on=dt.datetime.now().astimezone().date())
    assert (handed.record_id, handed.card_uid, handed.relation) == (
        printed.records[0],
        CARD,
        Relation.GUARDIAN,
    )


@pytest.mark.usefixtures("printed", "indonesian")
def test_a_signature_the_handover_refuses_is_never_called_signed(
    qtbot: QtBot,
    workspace: Workspace,
    kit: dict[Modality, Device],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 59 §6: a dot on the pad showed "✔ Sudah ditandatangani", and Serahkan then said
    "Tanda tangan tidak diterima" beside it.  The signature is judged as the pad gives it."""
    reader = kit[Modality.CARD]
    assert isinstance(reader, PcscCardReader)
    page = HandoverPage(workspace, kit.get)
    qtbot.addWidget(page)
    page.refresh()
    page.table.selectRow(0)
    card = _card_on_the_reader(reader, CARD)
    try:
        with qtbot.waitSignal(page.card_read, timeout=30_000):
            qtbot.mouseClick(page.read_button, Qt.MouseButton.LeftButton)
    finally:
        _take_off(card, reader)
    a_dot = cards.SignatureInput(tuple(PenSample(100.0, 100.0, 0.5, t) for t in range(0, 40, 10)))
    monkeypatch.setattr(cards, "capture_signature", lambda _pad, **_wait: a_dot)
    with qtbot.waitSignal(page.signed, timeout=30_000) as signed:
        qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    assert isinstance(signed.args[0], cards.SignatureRejected)
    assert "Tanda tangan tidak diterima" in page.status.text()
    assert "ditandatangani" not in page.signature_label.text()
    assert page.signature_label.text().startswith("✖ Tanda tangan tidak diterima")
    qtbot.keyClicks(page.recipient, "Siti Aminah")
    assert not page.give_button.isEnabled()  # a signature first, again
    assert page.sign_button.isEnabled()
    page.resize(1366, 700)
    page.grab().save(str(SCREENSHOTS / "handover-signature-refused.png"))


def test_another_card_is_refused_in_words_and_nothing_is_handed_over(
    qtbot: QtBot,
    workspace: Workspace,
    printed: RecordedVisit,
    kit: dict[Modality, Device],
    indonesian: None,
) -> None:
    del indonesian
    reader = kit[Modality.CARD]
    assert isinstance(reader, PcscCardReader)
    cards.check_card(workspace, printed.records[0], CARD)  # bound at an earlier read
    page = HandoverPage(workspace, kit.get)
    qtbot.addWidget(page)
    page.refresh()
    page.table.selectRow(0)
    card = _card_on_the_reader(reader, OTHER_CARD)
    try:
        with qtbot.waitSignal(page.card_read, timeout=30_000):
            qtbot.mouseClick(page.read_button, Qt.MouseButton.LeftButton)
    finally:
        _take_off(card, reader)
    assert page.status.text().startswith("⚠"), page.status.text()
    assert not page.sign_button.isEnabled()
    assert cards.handovers(workspace) == []


def test_no_card_reader_says_so_and_the_page_carries_on(
    qtbot: QtBot, workspace: Workspace, printed: RecordedVisit, indonesian: None
) -> None:
    del indonesian, printed
    page = HandoverPage(workspace, lambda _kind: None)
    qtbot.addWidget(page)
    page.refresh()
    page.table.selectRow(0)
    with qtbot.waitSignal(page.card_read, timeout=10_000):
        qtbot.mouseClick(page.read_button, Qt.MouseButton.LeftButton)
    assert page.status.text().startswith("⚠"), page.status.text()
    assert page.read_button.isEnabled()  # plug it in and try again


def _read_into_batch(qtbot: QtBot, page: HandoverPage, reader: PcscCardReader, uid: str) -> None:
    card = _card_on_the_reader(reader, uid)
    try:
        with qtbot.waitSignal(page.card_read, timeout=30_000) as read:
            qtbot.mouseClick(page.courier.batch_add_button, Qt.MouseButton.LeftButton)
    finally:
        _take_off(card, reader)
    assert read.args == [uid], page.status.text()


def test_two_cards_go_to_a_courier_and_the_delivery_is_recorded_later(
    qtbot: QtBot,
    workspace: Workspace,
    printed: RecordedVisit,
    kit: dict[Modality, Device],
    indonesian: None,
) -> None:
    del indonesian
    reader = kit[Modality.CARD]
    assert isinstance(reader, PcscCardReader)
    first, second = printed.records
    mark_printed(workspace, second)
    page = HandoverPage(workspace, kit.get)
    qtbot.addWidget(page)
    page.refresh()
    page.ways.setCurrentIndex(1)
    assert not page.courier.batch_add_button.isEnabled()  # nothing chosen yet

    page.table.selectRow(0)
    _read_into_batch(qtbot, page, reader, CARD)
    assert not page.courier.batch_add_button.isEnabled()  # one card, once
    page.table.selectRow(1)
    _read_into_batch(qtbot, page, reader, OTHER_CARD)
    assert page.courier.batch.count() == 2
    assert page.status.text().endswith("Di kiriman kurir: 2 kartu."), page.status.text()
    with qtbot.waitSignal(page.signed, timeout=30_000):
        qtbot.mouseClick(page.courier.courier_sign_button, Qt.MouseButton.LeftButton)
    assert not page.courier.courier_give_button.isEnabled()  # the courier's name and organisation
    qtbot.keyClicks(page.courier.courier_name, "Pak Kurir Uji")
    qtbot.keyClicks(page.courier.courier_organisation, "Becak Pintar")
    qtbot.mouseClick(page.courier.courier_give_button, Qt.MouseButton.LeftButton)
    assert page.status.text() == "✔ 2 kartu diserahkan ke kurir Pak Kurir Uji.", page.status.text()
    assert page.courier.batch.count() == 0
    assert {i.state for i in cards.handover_list(workspace)} == {HandoverState.WITH_COURIER}

    # Days later the courier reports the first card delivered to the owner's child.
    page.ways.setCurrentIndex(2)
    page.table.selectRow(0)
    assert page.chosen_record() == first
    assert not page.delivery_button.isEnabled()  # who received it, first
    qtbot.keyClicks(page.delivery_recipient, "Budi Uji")
    page.delivery_relation.setCurrentIndex(page.delivery_relation.findData(Relation.FAMILY.value))
    assert not page.delivery_button.isEnabled()  # a signature, or the courier's report
    qtbot.mouseClick(page.by_report, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.delivery_button, Qt.MouseButton.LeftButton)
    assert page.status.text() == "✔ Pengantaran kepada Budi Uji sudah dicatat.", page.status.text()
    assert [i.record_id for i in cards.handover_list(workspace)] == [second]
    delivered = [h for h in cards.handovers(workspace) if h.record_id == first]
    assert [(h.kind.value, h.source) for h in delivered] == [
        ("courier", None),
        ("delivery", "courier_report"),
    ]


def test_a_card_with_the_courier_is_not_handed_over_directly(
    qtbot: QtBot, workspace: Workspace, printed: RecordedVisit, indonesian: None
) -> None:
    """The owner's tab says where the card is, instead of offering a read that is refused."""
    del indonesian
    cards.give_to_courier(
        workspace,
        [(printed.records[0], CARD)],
        courier="Pak Kurir Uji",
        organisation="Becak Pintar",
        signature=sign(),
    )
    page = HandoverPage(workspace, lambda _kind: None)
    qtbot.addWidget(page)
    page.refresh()
    page.table.selectRow(0)
    assert not page.read_button.isEnabled()
    assert "ada di kurir" in page.person.text(), page.person.text()
    page.ways.setCurrentIndex(2)
    assert page.delivery_sign_button.isEnabled()


def test_no_pad_for_the_courier_says_so_and_the_batch_stays(
    qtbot: QtBot,
    workspace: Workspace,
    printed: RecordedVisit,
    kit: dict[Modality, Device],
    indonesian: None,
) -> None:
    """The pad unplugged at the courier's signature: said in words, the batch kept."""
    del indonesian
    reader = kit[Modality.CARD]
    assert isinstance(reader, PcscCardReader)
    page = HandoverPage(workspace, lambda kind: reader if kind is Modality.CARD else None)
    qtbot.addWidget(page)
    page.refresh()
    page.ways.setCurrentIndex(1)
    page.table.selectRow(0)
    _read_into_batch(qtbot, page, reader, CARD)
    with qtbot.waitSignal(page.signed, timeout=10_000) as failed:
        qtbot.mouseClick(page.courier.courier_sign_button, Qt.MouseButton.LeftButton)
    assert failed.args
    assert not isinstance(failed.args[0], cards.SignatureInput)
    assert page.status.text().startswith("⚠"), page.status.text()
    assert page.courier.batch.count() == 1
    assert page.courier.courier_sign_button.isEnabled()  # plug it in and try again


def test_an_empty_list_says_where_printed_cards_come_from(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    """Issue 36, finding 5: the list only said no card waits, and a new user was stuck."""
    del indonesian
    page = HandoverPage(workspace, lambda _kind: None)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.table.rowCount() == 0
    assert page.empty_hint.isVisible()
    words = page.empty_hint.text()
    assert words.startswith("Belum ada kartu tercetak yang menunggu diserahkan.")
    assert "setelah pusat data menandainya tercetak" in words
    assert "Sinkronisasi" in words
    assert "Kirim rekaman sekarang" in words  # the button that brings the news


def test_a_printed_card_hides_the_empty_list_words(
    qtbot: QtBot, workspace: Workspace, printed: RecordedVisit
) -> None:
    del printed
    page = HandoverPage(workspace, lambda _kind: None)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.table.rowCount() == 1
    assert not page.empty_hint.isVisible()
    # Its state is the app's pill: a symbol and the word in the cell, the kind for the colour.
    state = page.table.item(0, 4)
    assert state is not None
    assert state.text() == "● " + handover_state_texts()[HandoverState.READY]
    assert state.data(PILL_ROLE) == PillKind.OK.value
    assert isinstance(page.table.itemDelegateForColumn(4), PillDelegate)
    # The empty words are over the list, where its rows would be, for a screen reader too.
    assert page.empty_hint.parent() is page.table.viewport()


def _read_for_the_owner(qtbot: QtBot, page: HandoverPage, reader: PcscCardReader, uid: str) -> None:
    card = _card_on_the_reader(reader, uid)
    try:
        with qtbot.waitSignal(page.card_read, timeout=30_000):
            qtbot.mouseClick(page.read_button, Qt.MouseButton.LeftButton)
    finally:
        _take_off(card, reader)


def test_a_delivery_narrows_the_list_refuses_a_card_it_does_not_list_and_makes_its_ba(
    qtbot: QtBot,
    workspace: Workspace,
    printed: RecordedVisit,
    kit: dict[Modality, Device],
    indonesian: None,
) -> None:
    """Issue 49 §2: the office's delivery of the first card, with the UID it printed.

    The second card is printed too but in no delivery: "Semua kartu" still shows it.
    """
    del indonesian
    reader = kit[Modality.CARD]
    assert isinstance(reader, PcscCardReader)
    first, second = printed.records
    mark_printed(workspace, second)
    package = delivery_package([first, "rec-elsewhere"])
    package["deliveries"][0]["cards"][0]["card_uid"] = CARD
    office.apply_package(workspace, office.OfficePackage.from_document(package))
    page = HandoverPage(workspace, kit.get)
    qtbot.addWidget(page)
    page.resize(1366 - 220, 700)  # the page beside the navigation rail at 1366x768
    page.show()
    page.refresh()
    assert page.deliveries.isVisible()
    assert page.deliveries.box.itemText(0) == "Semua kartu"
    assert page.table.rowCount() == 2  # every printed card, in a delivery or not
    assert not page.deliveries.heading.isVisible()
    assert not page.deliveries.report_button.isEnabled()

    # Keyboard only: the chooser takes the focus, the arrow moves to the delivery.
    page.deliveries.box.setFocus()
    qtbot.keyClick(page.deliveries.box, Qt.Key.Key_Down)
    assert page.deliveries.box.currentText().startswith(
        "DST-2026-0001 · Sel, 01-12-2026 · Desa Kalipucung"
    )
    assert page.deliveries.heading.text() == (
        "Pengiriman DST-2026-0001 · Sel, 01-12-2026 · Desa Kalipucung · Tim 2 · 3 kartu,"
        " 0 sudah diserahkan"
    ), page.deliveries.heading.text()
    assert page.table.rowCount() == 1
    assert page.table.item(0, 0).text() == "Sasaran Uji 0"
    assert page.deliveries.report_button.isEnabled()

    page.table.selectRow(0)
    _read_for_the_owner(qtbot, page, reader, OTHER_CARD)
    said = page.status.text()
    assert said.startswith("⚠"), said
    assert OTHER_CARD in said
    assert CARD in said
    assert "DST-2026-0001" in said
    assert not page.sign_button.isEnabled()  # nothing bound, nothing to sign for

    _read_for_the_owner(qtbot, page, reader, CARD)
    assert "dicetak kantor untuk rekaman ini" in page.card_label.text(), page.card_label.text()

    page.deliveries.report_button.setFocus()
    with qtbot.waitSignal(page.deliveries.report_written, timeout=60_000) as written:
        qtbot.keyClick(page.deliveries.report_button, Qt.Key.Key_Space)
    path = written.args[0]
    assert path is not None, page.status.text()
    assert path.parent == workspace.directory / "reports"
    text = pdf_text(path)
    assert "DST-2026-0001" in text
    assert "Sasaran Uji 0" in text
    assert "Sasaran Uji 1" not in text  # in no delivery
    assert "Belum diserahkan" in text
    assert path.name in page.status.text()
