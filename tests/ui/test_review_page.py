"""Tinjauan: the ketua tim decides from the summary, in Indonesian, on a 1366x768 screen."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QLineEdit,
    QTableWidget,
    QToolButton,
    QWidget,
)

from fieldkit import demo as field_demo
from fieldkit import finish
from fieldkit.enrollment import outcomes
from fieldkit.finish import FinishedRecord
from fieldkit.records.models import RecordReview
from fieldkit.review import day, queue, revisits
from tests.fieldkit.review.review_support import (
    GUARDIAN_NAME,
    GUARDIAN_RELATION,
    enroll_by_guardian_with_thumbprint,
)
from tests.ui.test_no_english import Findings, _walk_pages_of
from ui import demo
from ui.design.pill import PILL_ROLE, PillDelegate, PillKind
from ui.main_window import MainWindow, Page
from ui.review_page import REVIEW_TAB, THUMB_PX, ReviewPage
from ui.review_words import ReviewWords
from ui.sync_catalogue import refusal_text

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


@pytest.fixture
def flagged(demo_data: demo.Demo) -> list[FinishedRecord]:
    """Today's demo visit: two people recorded with an amputated finger, one without."""
    ws = demo_data.workspace
    field_demo.prepare_sarpras(ws, demo_data.visit_id)
    region = field_demo.demo_region(ws)
    with field_demo.SimKit() as kit:
        records = [
            field_demo.enroll_one(ws, kit, demo_data.visit_id, n, region, with_exception=n < 2)
            for n in range(3)
        ]
    absent = next(t for t, o in outcomes.visit_outcomes(ws, demo_data.visit_id).items() if not o)
    finish.record_outcome(
        ws,
        demo_data.visit_id,
        absent,
        outcomes.Outcome.NOT_AT_HOME,
        reason="Sedang ke pasar",
        revisit_date=dt.datetime.now(dt.UTC).date() + dt.timedelta(days=2),
    )
    return records


def _window(qtbot: QtBot, demo_data: demo.Demo, username: str) -> MainWindow:
    ws = demo_data.workspace
    if ws.officer.username != username:
        ws.switch_officer(username, demo.DEMO_PASSWORD)
    window = MainWindow(ws, demo=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def _review(window: MainWindow) -> ReviewPage:
    window.show_page(Page.REVIEW)
    page = window.screen_in(Page.REVIEW)
    assert isinstance(page, ReviewPage)
    return page


def test_the_ketua_tim_approves_and_returns_from_the_screen(  # noqa: PLR0915 - one walk
    qtbot: QtBot, demo_data: demo.Demo, flagged: list[FinishedRecord], indonesian: None
) -> None:
    del indonesian
    window = _window(qtbot, demo_data, demo.KETUA)
    assert not window.sidebar.item(Page.REVIEW).isHidden()
    page = _review(window)
    assert page.tabs.currentIndex() == 0
    assert "Menunggu tinjauan: 2" in page.day_summary.text()
    page.to_review_button.click()  # the day leads to what waits
    assert page.tabs.currentIndex() == 1
    assert page.tabs.tabText(1) == "Menunggu tinjauan"
    assert page.review_table.rowCount() == 2
    page.review_table.selectRow(0)
    assert "kelingking kiri" in page.flags_label.text()
    assert "diamputasi" in page.flags_label.text()
    thumbs = page.thumbs.findChildren(QToolButton)
    # Named by the exception it proves, with its finger under the picture.
    assert [w.accessibleName() for w in thumbs] == [
        "Pengecualian, kelingking kiri: diamputasi / tidak ada, permanen"
    ]
    assert thumbs[0].text() == "kelingking kiri"
    qtbot.mouseClick(thumbs[0], Qt.MouseButton.LeftButton)  # enlarged on a click
    enlarged = page.enlarged
    assert enlarged is not None
    assert enlarged.isVisible()
    picture = max(enlarged.findChildren(QLabel), key=lambda label: label.pixmap().width())
    assert picture.pixmap().width() > THUMB_PX
    qtbot.keyClick(enlarged, Qt.Key.Key_Escape)
    assert not enlarged.isVisible()

    # Every text on every tab is Indonesian; every control has a name a screen reader reads.
    found = Findings()
    _walk_pages_of(found, "tinjauan", page)
    assert found.report() == []
    assert found.texts
    controls: list[QWidget] = [
        *page.findChildren(QAbstractButton),
        *page.findChildren(QLineEdit),
        *page.findChildren(QTableWidget),
    ]
    assert len(controls) > 8
    for control in controls:
        if control.objectName().startswith("qt_"):
            continue  # Qt's own parts (a table's corner button, a date edit's line edit)
        text = control.text() if isinstance(control, (QAbstractButton, QLineEdit)) else ""
        assert control.accessibleName() or text, control

    # Everything is on the 1366x768 screen: the table, the thumbnails and both decisions.
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(page.approve_button.isVisible)
    for control in (page.approve_button, page.return_button, page.note, page.reason):
        corner = control.mapTo(window, control.rect().bottomRight())
        assert window.rect().contains(corner), control.accessibleName()

    page.review_table.selectRow(0)
    first = page.selected_record()
    page.note.setText("Foto bukti jelas")
    page.approve()
    assert page.status.text().startswith("✔ Disetujui")
    page.review_table.selectRow(1)  # the decided one keeps its row until another is chosen
    second = page.selected_record()
    page.return_button.click()  # no reason: refused, in words
    assert page.status.text() == "⚠ Tuliskan mengapa rekaman dikembalikan untuk rekam ulang."
    page.reason.setText("Foto bukti tidak menunjukkan tangan")
    page.return_button.click()
    _answer_return(page, confirm=True)
    assert page.selected_record() == second  # still chosen, marked returned
    assert page.review_table.rowCount() == 1
    page.refresh()
    assert page.review_table.rowCount() == 1  # until another row is chosen
    states = {
        i.record_id: i.state for i in queue.list_reviews(demo_data.workspace, queue.ReviewState)
    }
    assert states == {first: queue.ReviewState.APPROVED, second: queue.ReviewState.RETURNED}

    # The returned person is on the revisit list, with the not-at-home one, reasons in words.
    page.tabs.setCurrentIndex(2)
    whys = {page.revisit_table.item(r, 2).text() for r in range(page.revisit_table.rowCount())}
    assert whys == {
        "dikembalikan ketua tim: Foto bukti tidak menunjukkan tangan",
        "tidak di rumah: Sedang ke pasar",
    }
    page.revisit_table.selectRow(0)
    page.unreachable_button.click()
    assert page.revisit_table.item(0, 4).text() == "keluarga tidak dapat dihubungi"
    assert page.plan_button.isHidden()  # planning is the operator's

    # The day: every person of today's visit with its state in words, the ones still
    # needing the team first, a tile per state (zeros too), and nothing left to review.
    page.tabs.setCurrentIndex(0)
    # Each state is the app's pill: its symbol and word in the cell, its kind for the colour.
    cells = [page.day_table.item(r, 3) for r in range(page.day_table.rowCount())]
    state_words = [cell.text() for cell in cells]
    assert {"✔ terekam", "↩ dikembalikan", "⌂ tidak di rumah", "○ belum"} <= set(state_words)
    assert state_words[0] == "↩ dikembalikan"
    assert state_words[-1] == "✔ terekam"
    kinds = {cell.text(): cell.data(PILL_ROLE) for cell in cells}
    assert kinds["↩ dikembalikan"] == PillKind.WARNING.value
    assert kinds["✔ terekam"] == PillKind.OK.value
    assert kinds["⌂ tidak di rumah"] == PillKind.WARNING.value
    assert kinds["○ belum"] == PillKind.NEUTRAL.value
    assert isinstance(page.day_table.itemDelegateForColumn(3), PillDelegate)
    tiles = {t.text() for t in page.day_tiles.values()}
    assert "0\nmenunggu tinjauan" in tiles
    assert "1\ndikembalikan" in tiles
    assert "Menunggu tinjauan: 0" in page.day_summary.text()
    assert not page.to_review_button.isEnabled()
    page.to_revisits_button.click()
    assert page.tabs.currentWidget() is page.revisits_tab


def _answer_return(page: ReviewPage, *, confirm: bool) -> str:
    """Answer Kembalikan's question (Enter's default: cancel); returns what it asked."""
    question = page.return_question
    assert question is not None, "Kembalikan did not ask"
    assert question.isVisible()
    asked = question.text() + " | " + question.informativeText()
    default = question.defaultButton()
    assert default is not None
    if confirm:
        [button] = [b for b in question.buttons() if b is not default]
        button.click()
    else:
        default.click()
    assert page.return_question is None
    return asked


def test_a_decision_keeps_the_person_chosen_and_a_return_asks_by_name(
    qtbot: QtBot, demo_data: demo.Demo, flagged: list[FinishedRecord], indonesian: None
) -> None:
    """Issue 47, finding 8: after Setujui the next person was chosen with Setujui focused,
    so a second press approved someone else; Kembalikan acted without a word."""
    del indonesian
    window = _window(qtbot, demo_data, demo.KETUA)
    page = _review(window)
    page.tabs.setCurrentIndex(REVIEW_TAB)
    assert page.review_table.rowCount() == 2
    page.review_table.selectRow(0)
    first = page.items[page.selected_record() or ""]
    second_id = next(r for r in page.items if r != first.record_id)
    second = page.items[second_id]
    assert first.name
    assert second.name
    assert first.name != second.name

    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    assert page.selected_record() == first.record_id, "the selection moved to the next person"
    assert first.name in page.status.text()
    assert f"Disetujui: {first.name}" in page.flags_label.text()
    assert not page.approve_button.isEnabled()
    assert not page.return_button.isEnabled()
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)  # the second press
    page.approve()  # Enter or a shortcut: still nobody else
    decided = queue.list_reviews(demo_data.workspace, queue.ReviewState)
    states = {i.record_id: i.state for i in decided}
    assert states == {
        first.record_id: queue.ReviewState.APPROVED,
        second.record_id: queue.ReviewState.WAITING,
    }

    # Kembalikan asks, naming the person; Enter's answer (the default) cancels.
    page.review_table.selectRow(1)
    assert page.selected_record() == second.record_id
    assert page.approve_button.isEnabled()
    page.reason.setText("Foto bukti kabur")
    qtbot.mouseClick(page.return_button, Qt.MouseButton.LeftButton)
    asked = _answer_return(page, confirm=False)
    assert second.name in asked
    assert "Foto bukti kabur" in asked
    assert queue.list_reviews(demo_data.workspace)[0].record_id == second.record_id  # waits
    qtbot.mouseClick(page.return_button, Qt.MouseButton.LeftButton)
    _answer_return(page, confirm=True)
    assert page.selected_record() == second.record_id
    assert f"Dikembalikan untuk rekam ulang: {second.name}" in page.flags_label.text()
    assert not page.return_button.isEnabled()
    assert queue.list_reviews(demo_data.workspace) == []


def test_the_days_tile_and_the_line_under_it_say_the_same_queue(
    qtbot: QtBot, demo_data: demo.Demo, flagged: list[FinishedRecord], indonesian: None
) -> None:
    """Issue 47, finding 6: the tile said 2 waiting, the line under it and the badge 3 (a
    record of another day waits too), and nothing said why."""
    del indonesian
    with demo_data.workspace.transaction() as session:
        session.add(
            RecordReview(
                record_id="rec-of-yesterday",
                flags=json.dumps(["exception:finger:10:amputated:permanent"]),
                details=json.dumps([{"kind": "exception", "part": "finger:10"}]),
                state=queue.ReviewState.WAITING.value,
                created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=1),
            )
        )
    window = _window(qtbot, demo_data, demo.KETUA)
    page = _review(window)
    tile = page.day_tiles[day.TargetState.AWAITING_REVIEW].text()
    assert tile == "2\nmenunggu tinjauan"
    assert window.sidebar.waiting(Page.REVIEW) == 3
    assert "Menunggu tinjauan: 3 (1 di antaranya dari hari lain)." in page.day_summary.text()
    # The team records on the admin's leave, the check-out unsigned (issue 59 §6): said as a
    # warning with who allowed it and why, not as a plain "pengambilan ..." state.
    sarpras = page.day_sarpras.text()
    assert sarpras.startswith("⚠ "), sarpras
    assert "tanpa pemeriksaan sarpras" in sarpras, sarpras
    assert "Latihan dengan simulator" in sarpras, sarpras
    assert page.day_sarpras.property("status") == "warning"


def test_a_petugas_is_not_offered_the_page(
    qtbot: QtBot, demo_data: demo.Demo, indonesian: None
) -> None:
    del indonesian
    window = _window(qtbot, demo_data, demo.PETUGAS)
    assert window.sidebar.item(Page.REVIEW).isHidden()
    assert not window.page_actions[Page.REVIEW].isEnabled()


def test_the_operator_plans_a_revisit_and_sees_no_queue(
    qtbot: QtBot, demo_data: demo.Demo, flagged: list[FinishedRecord], indonesian: None
) -> None:
    del indonesian, flagged
    window = _window(qtbot, demo_data, demo.ADMIN)
    page = _review(window)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Hari ini",
        "Daftar kunjungan ulang",
    ]
    page.revisit_table.selectRow(0)
    page.plan()
    assert page.status.text().startswith("✔ Kunjungan ulang direncanakan")
    planned = revisits.list_revisits(demo_data.workspace, (revisits.RevisitState.PLANNED,))
    assert len(planned) == 1
    assert planned[0].planned_visit_id is not None


def test_a_record_the_data_center_refused_says_why_in_the_officers_language(
    qtbot: QtBot, demo_data: demo.Demo, flagged: list[FinishedRecord], indonesian: None
) -> None:
    del indonesian
    ws = demo_data.workspace
    with ws.transaction() as session:
        revisits.from_datacenter(
            session,
            flagged[0].record_id,
            recapture=False,
            reason_code="payload_invalid",
            reason="The record's content is not valid.",  # the stored English, for the log
            actor="datacenter",
        )
    window = _window(qtbot, demo_data, demo.ADMIN)
    page = _review(window)
    why = [page.revisit_table.item(r, 2).text() for r in range(page.revisit_table.rowCount())]
    refused = [w for w in why if w.startswith("ditolak")]
    assert refused, why
    assert "not valid" not in refused[0]
    assert refusal_text("payload_invalid") in refused[0]


@pytest.fixture
def guarded(demo_data: demo.Demo) -> FinishedRecord:
    """Today's demo visit: a person a wali consented for, who gave a thumbprint."""
    ws = demo_data.workspace
    field_demo.prepare_sarpras(ws, demo_data.visit_id)
    with field_demo.SimKit() as kit:
        return enroll_by_guardian_with_thumbprint(
            ws, kit, demo_data.visit_id, 0, field_demo.demo_region(ws)
        )


def test_the_ketua_judges_the_thumbprint_and_the_guardian_then_undoes_a_return(
    qtbot: QtBot, demo_data: demo.Demo, guarded: FinishedRecord, indonesian: None
) -> None:
    """Issue 36, finding 7: something to judge, and a decision that can be taken back."""
    del indonesian
    window = _window(qtbot, demo_data, demo.KETUA)
    page = _review(window)
    page.tabs.setCurrentIndex(REVIEW_TAB)
    page.review_table.selectRow(0)
    words = page.flags_label.text()
    assert "Cap ibu jari sebagai ganti tanda tangan (Tangan gemetar" in words
    assert f"{GUARDIAN_NAME} (hubungan: {GUARDIAN_RELATION})" in words
    assert "NIK " in words
    assert "foto suratnya ada di bawah" in words
    tiles = {w.text(): w for w in page.thumbs.findChildren(QToolButton)}
    assert set(tiles) == {"cap ibu jari", "surat persetujuan"}
    assert tiles["cap ibu jari"].accessibleName().startswith("Cap ibu jari sebagai ganti")
    assert tiles["surat persetujuan"].accessibleName().startswith("Foto surat persetujuan")
    print_icon = tiles["cap ibu jari"].icon().pixmap(THUMB_PX, THUMB_PX).toImage()
    assert min(print_icon.width(), print_icon.height()) > THUMB_PX // 2  # a picture, not a dot

    # Returned, then undone from the button beside the news: it waits again, words back.
    assert page.undo_button.isHidden()
    page.reason.setText("Cap jempol tidak terbaca")
    page.return_button.click()
    _answer_return(page, confirm=True)
    assert page.review_table.rowCount() == 1  # still chosen, marked returned
    assert not page.return_button.isEnabled()
    assert page.undo_button.isVisible()
    assert page.undo_button.text() == "Urungkan"
    assert "30 detik" in page.undo_button.toolTip()
    assert len(revisits.list_revisits(demo_data.workspace)) == 1
    page.undo_button.click()
    assert page.status.text() == "✔ Keputusan diurungkan: rekaman kembali menunggu tinjauan."
    assert page.undo_button.isHidden()
    assert page.selected_record() == guarded.record_id
    assert page.reason.text() == "Cap jempol tidak terbaca"
    assert [i.state for i in queue.list_reviews(demo_data.workspace)] == [queue.ReviewState.WAITING]
    assert revisits.list_revisits(demo_data.workspace) == []

    # Approved: the button goes by itself after its time, and the decision stays.
    page.approve()
    assert page.undo_button.isVisible()
    page.undo_timer.setInterval(10)
    page.undo_timer.start()
    qtbot.waitUntil(page.undo_button.isHidden, timeout=2_000)
    assert page.undoable is None
    (item,) = queue.list_reviews(demo_data.workspace, tuple(queue.ReviewState))
    assert item.state is queue.ReviewState.APPROVED


def test_the_empty_lists_say_why_and_where_their_rows_come_from(
    qtbot: QtBot, demo_data: demo.Demo, indonesian: None
) -> None:
    """The demo's morning: nothing recorded, so nothing waits for review or a revisit."""
    del indonesian
    page = _review(_window(qtbot, demo_data, demo.KETUA))
    page.tabs.setCurrentIndex(REVIEW_TAB)
    assert page.review_table.rowCount() == 0
    assert page.review_empty.isVisible()
    assert page.review_empty.text() == (
        "Tidak ada rekaman yang menunggu tinjauan.\nRekaman yang diselesaikan petugas dengan"
        " tanda (pengecualian, cap ibu jari, persetujuan wali) muncul di sini."
    )
    page.tabs.setCurrentWidget(page.revisits_tab)
    assert page.revisit_empty.isVisible()
    assert page.revisit_empty.text().startswith("Tidak ada orang di daftar kunjungan ulang.")
    # Today's people are listed, so that list says nothing.
    page.tabs.setCurrentIndex(0)
    assert page.day_table.rowCount() == demo.TARGETS
    assert not page.day_empty.isVisible()
    # A person not at home joins the revisit list: its words go.
    ws, visit = demo_data.workspace, demo_data.visit_id
    absent = next(iter(outcomes.visit_outcomes(ws, visit)))
    finish.record_outcome(ws, visit, absent, outcomes.Outcome.NOT_AT_HOME, reason="Ke sawah")
    page.refresh()
    page.tabs.setCurrentWidget(page.revisits_tab)
    assert page.revisit_table.rowCount() == 1
    assert not page.revisit_empty.isVisible()


def test_every_state_of_a_person_has_a_pill(indonesian: None) -> None:
    """The states a table shows only now and then (waiting, another outcome) are pills too."""
    del indonesian
    words = ReviewWords()
    pills = {state: words.state_pill(state) for state in day.TargetState}
    assert pills[day.TargetState.AWAITING_REVIEW] == ("⚑ menunggu tinjauan", PillKind.WARNING)
    assert pills[day.TargetState.OTHER][1] is PillKind.NEUTRAL
    assert pills[day.TargetState.REJECTED][1] is PillKind.DANGER  # as on Perekaman
    assert all(text.split(" ", 1)[0] in "✔↩✖⚑⌂○•" for text, _kind in pills.values())
