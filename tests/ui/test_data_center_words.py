"""The data center's state of each sent record, in words, on the three screens (issue 48).

Perekaman's visit list, Tinjauan's day and Serah terima's list say "Siap cetak",
"Data ganda — menunggu keputusan kantor", "Rekam ulang: <alasan>" from the one mapping
(``fieldkit.records.server_states``), as a pill; and a start of a person whose record waits
for the office's decision asks first.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QTableWidget
from pytestqt.qtbot import QtBot

from fieldkit import promise
from fieldkit.enrollment import flow, intake
from fieldkit.handover import cards
from fieldkit.planning import schedule, targets_import
from fieldkit.records import server_states
from tests.ui.penunggalan_support import NOT_READABLE, Answered, answered_visit
from ui import data_center_words
from ui.design.pill import PILL_ROLE, PillDelegate, PillKind
from ui.enrollment.lists import DATA_CENTER_COLUMN
from ui.enrollment.page import EnrollmentPage
from ui.handover_page import HandoverPage
from ui.main_window import MainWindow
from ui.review_page import ReviewPage
from ui.screens import Page

#: What each state reads on every screen, in Indonesian, and its pill.
SAID = {
    server_states.PRINT_READY_RECORD: ("✔ Siap cetak", PillKind.OK),
    server_states.DUPLICATE_RECORD: ("⚠ Data ganda — menunggu keputusan kantor", PillKind.WARNING),
    server_states.ENROLL_FAILURE: (f"⚠ Rekam ulang: {NOT_READABLE}", PillKind.WARNING),
    server_states.PRINTED: ("✔ KTP-el sudah dicetak", PillKind.OK),
}


@pytest.fixture(scope="module")
def answered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Answered]:
    made = answered_visit(tmp_path_factory.mktemp("answered") / "home")
    yield made
    made.workspace.close()


def said_by_name(table: QTableWidget, column: int) -> dict[str, tuple[str, str]]:
    """Each row's name (its first cell) -> (the data center's cell's text, its pill kind)."""
    found = {}
    for row in range(table.rowCount()):
        name, said = table.item(row, 0), table.item(row, column)
        assert name is not None
        assert said is not None
        found[name.text()] = (said.text(), str(said.data(PILL_ROLE)))
    return found


def expected(answered: Answered, *states: str) -> dict[str, tuple[str, str]]:
    return {answered.people[state][0]: (SAID[state][0], SAID[state][1].value) for state in states}


def test_perekaman_says_each_persons_data_center_state(
    qtbot: QtBot, answered: Answered, indonesian: None
) -> None:
    del indonesian
    page = EnrollmentPage(answered.workspace)
    qtbot.addWidget(page)
    page.refresh()
    table = page.start_screen.targets
    heading = table.horizontalHeaderItem(DATA_CENTER_COLUMN)
    assert heading is not None
    assert heading.text() == "Pusat data"
    assert isinstance(table.itemDelegateForColumn(DATA_CENTER_COLUMN), PillDelegate)
    found = said_by_name(table, DATA_CENTER_COLUMN)
    assert expected(answered, *SAID).items() <= found.items(), found
    # The listed people nobody recorded yet: nothing from the data center, no pill.
    assert {v for k, v in found.items() if k not in expected(answered, *SAID)} == {("-", "None")}


def test_tinjauan_says_it_beside_todays_people_and_lists_the_recapture(
    qtbot: QtBot, answered: Answered, indonesian: None
) -> None:
    del indonesian
    page = ReviewPage(answered.workspace)
    qtbot.addWidget(page)
    page.refresh()
    found = said_by_name(page.day_table, 4)
    assert expected(answered, *SAID).items() <= found.items()
    heading = page.day_table.horizontalHeaderItem(4)
    assert heading is not None
    assert heading.text() == "Pusat data"
    # ENROLL_FAILURE is a recapture: the person is on the revisit list, with the reason.
    name = answered.people[server_states.ENROLL_FAILURE][0]
    rows = [
        [page.revisit_table.item(r, c).text() for c in range(page.revisit_table.columnCount())]
        for r in range(page.revisit_table.rowCount())
    ]
    (row,) = [r for r in rows if r[0] == name]
    assert any(NOT_READABLE in cell for cell in row), row


def test_serah_terima_lists_the_printed_card_and_says_its_state_when_chosen(
    qtbot: QtBot, answered: Answered, indonesian: None
) -> None:
    """Every card listed is one the data center printed, as the list's title says.

    The state is not a column of its own here: it would say "KTP-el sudah dicetak" on
    every row and push the names behind a scroll bar on a 1280-px window.  The chosen
    card's line says it.
    """
    del indonesian
    page = HandoverPage(answered.workspace, lambda _kind: None)
    qtbot.addWidget(page)
    page.refresh()
    names = [page.table.item(row, 0).text() for row in range(page.table.rowCount())]
    assert names == [answered.people[server_states.PRINTED][0]]
    titles = [box.title() for box in page.findChildren(QGroupBox)]
    assert "Kartu tercetak dari data center" in titles
    # The chosen card's line says the data center's words, and the receipt's promise date
    # (issue 49 §1): the visit's day + 14 working days, the shipped days off skipped.
    page.table.selectRow(0)
    assert page.person.text().endswith(f"Pusat data: {SAID[server_states.PRINTED][0]}.")
    (item,) = cards.handover_list(answered.workspace)
    assert item.visit_date is not None
    due = promise.add_working_days(item.visit_date, 14, promise.default_calendar())
    assert item.promise_date == due
    assert f"Dijanjikan paling lambat {due.strftime('%d-%m-%Y')}. Pusat data:" in (
        page.person.text()
    )


def test_a_person_waiting_for_the_offices_decision_is_warned_before_recording_again(
    qtbot: QtBot, answered: Answered, indonesian: None
) -> None:
    del indonesian
    ws = answered.workspace
    page = EnrollmentPage(ws)
    qtbot.addWidget(page)
    page.refresh()
    # Met again a week later (the demo's next visit), as a person met on the spot.
    visits = [v.id for v in schedule.list_visits(ws) if v.id != answered.made.visit_id]
    waiting = answered.people[server_states.DUPLICATE_RECORD][0]
    listed_today = targets_import.list_targets(ws, answered.made.visit_id)
    (listed,) = [t for t in listed_today if t.name == waiting]
    person = intake.PersonInput(
        nik=listed.nik, name=listed.name, birth_date=listed.birth_date, sex=listed.sex
    )
    start = page.start_screen
    start._begin(visits[0], person=person)
    dialog = start.awaits_decision_dialog
    assert dialog is not None
    assert dialog.isVisible()
    words = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert f"{person.name}: Rekaman NIK ini tanggal" in words
    assert "menunggu keputusan kantor atas kemungkinan data ganda" in words
    assert "merekam lagi menambah satu data ganda" in words
    assert not dialog.record_button.isEnabled()  # no reason, no recording
    dialog.reason.setText("Kantor meminta rekam ulang")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert page.view is not None
    assert [d.id for d in flow.list_drafts(ws, visits[0])] == [page.view.id]


def test_the_column_heading_is_the_catalogues(indonesian: None) -> None:
    del indonesian
    assert data_center_words.heading() == "Pusat data"
    assert data_center_words.state_text(None) == "-"


def test_the_words_fit_whole_in_the_window_at_1366x768(
    qtbot: QtBot, answered: Answered, indonesian: None
) -> None:
    """No state is cut to "⚠ Data ganda — menu…" on any of the three screens."""
    del indonesian
    window = MainWindow(answered.workspace, demo=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    tables = {
        Page.ENROLLMENT: lambda: window.screen_in(Page.ENROLLMENT).start_screen.targets,
        Page.REVIEW: lambda: window.screen_in(Page.REVIEW).day_table,
        Page.HANDOVER: lambda: window.screen_in(Page.HANDOVER).table,
    }
    # The pills beside them too: the outcome's was cut to "✔ terek…" by the new column.
    columns = {
        Page.ENROLLMENT: (3, DATA_CENTER_COLUMN),
        Page.REVIEW: (3, 4),
        Page.HANDOVER: (0, 4),
    }
    for page, table_of in tables.items():
        window.show_page(page)
        table = table_of()

        def whole(table: QTableWidget = table, page: Page = page) -> bool:
            return table.rowCount() > 0 and all(
                table.columnWidth(c) >= table.sizeHintForColumn(c) for c in columns[page]
            )

        qtbot.waitUntil(whole, timeout=5000)
        last = max(columns[page])
        right = table.columnViewportPosition(last) + table.columnWidth(last)
        assert right <= table.viewport().width(), page  # and no horizontal scrolling
