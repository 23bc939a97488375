"""The navigation rail: an icon and a name per screen, 40 px rows, counts where work waits."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget

from fieldkit import demo as field_demo
from fieldkit import overview
from fieldkit.enrollment import flow, intake, outcomes
from fieldkit.review import queue
from ui import demo, icons
from ui.main_window import MainWindow, Page
from ui.navigation import ROW_MIN_PX, WAITING_ROLE, NavigationRail, badge_text
from ui.screens import SCREENS
from ui.window_fit import TITLE_PX, PageFrame

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from fieldkit.workspace import Workspace

DESCRIPTION = Qt.ItemDataRole.AccessibleDescriptionRole


def _window(qtbot: QtBot, ws: Workspace) -> MainWindow:
    window = MainWindow(ws, demo=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_every_screen_has_a_vendored_icon_that_draws() -> None:
    for screen in SCREENS:
        assert screen.icon, screen.page
        assert icons.renders(screen.icon), icons.icon_path(screen.icon)
    licence = icons.icon_path("home").parent / "LICENSE"
    assert "MIT License" in licence.read_text(encoding="utf-8")


def test_an_icon_takes_the_palette_colour_it_is_given(qtbot: QtBot) -> None:
    red = QColor(200, 0, 0)
    image = icons.tinted_pixmap("home", 24, red).toImage()
    inked = [
        image.pixelColor(x, y)
        for x in range(24)
        for y in range(24)
        if image.pixelColor(x, y).alpha() == 255
    ]
    assert inked, "the icon drew nothing"
    assert {(c.red(), c.green(), c.blue()) for c in inked} == {(200, 0, 0)}


def test_the_rail_names_each_screen_exactly_with_its_icon_in_rows_of_40_px(
    qtbot: QtBot, demo_ws: Workspace, indonesian: None
) -> None:
    window = _window(qtbot, demo_ws)
    rail = window.sidebar
    assert isinstance(rail, NavigationRail)
    assert rail.objectName() == "sidebar"
    names = [rail.item(row).text() for row in range(rail.count())]
    assert names == [window.page_names[page] for page in Page]
    assert names[Page.SYNC] == "Sinkronisasi"
    for row in range(rail.count()):
        item = rail.item(row)
        if item.isHidden():
            continue
        assert not item.icon().isNull(), item.text()
        rect = rail.visualItemRect(item)
        assert rect.height() >= ROW_MIN_PX, (item.text(), rect)
        # The name is never cut: the row (with room for a badge) fits the rail.
        assert rail.sizeHintForIndex(rail.model().index(row, 0)).width() <= rail.viewport().width()


def test_each_screen_has_its_name_as_a_20_px_title(
    qtbot: QtBot, demo_ws: Workspace, indonesian: None
) -> None:
    window = _window(qtbot, demo_ws)
    for page in Page:
        window.show_page(page)
        frame = window.stack.currentWidget()
        assert isinstance(frame, PageFrame)
        assert frame.page is window.current_screen()
        title = frame.title
        assert title is not None
        assert title.text() == window.page_names[page]
        assert title.accessibleName() == title.text()
        assert title.font().pixelSize() == TITLE_PX
        assert title.isVisible()
    assert window.page_names[Page.REVIEW] == "Tinjauan"


def test_a_frame_without_a_title_holds_the_screen_alone(qtbot: QtBot) -> None:
    page = QWidget()
    frame = PageFrame(page)
    qtbot.addWidget(frame)
    assert frame.widget() is page
    assert frame.title is None
    assert not frame.findChildren(QLabel)


def test_the_counts_follow_drafts_and_seals_and_are_said_to_a_screen_reader(
    qtbot: QtBot, demo_data: demo.Demo, indonesian: None
) -> None:
    ws = demo_data.workspace
    window = _window(qtbot, ws)
    rail = window.sidebar
    assert [rail.waiting(p) for p in (Page.SYNC, Page.REVIEW, Page.ENROLLMENT)] == [0, 0, 0]
    assert not rail.item(Page.SYNC).data(DESCRIPTION)
    # A recording begun: the DraftsChanged event counts it, no refresh by hand.
    target = next(iter(intake_targets(ws, demo_data.visit_id)))
    draft = intake.start_enrollment(ws, demo_data.visit_id, target_ref=target).id
    qtbot.waitUntil(lambda: rail.waiting(Page.ENROLLMENT) == 1)
    assert rail.item(Page.ENROLLMENT).data(DESCRIPTION) == "1 draf belum selesai"
    flow.discard_enrollment(ws, draft, "Persetujuan ditarik")
    qtbot.waitUntil(lambda: rail.waiting(Page.ENROLLMENT) == 0)
    assert not rail.item(Page.ENROLLMENT).data(DESCRIPTION)
    # Two sealed records, one flagged for the ketua tim: one to send, one to review.
    field_demo.prepare_sarpras(ws, demo_data.visit_id)
    region = field_demo.demo_region(ws)
    with field_demo.SimKit() as kit:
        for n, flagged in ((1, False), (2, True)):
            field_demo.enroll_one(ws, kit, demo_data.visit_id, n, region, with_exception=flagged)
    qtbot.waitUntil(lambda: rail.waiting(Page.SYNC) == 1 and rail.waiting(Page.REVIEW) == 1)
    assert rail.item(Page.SYNC).data(DESCRIPTION) == "1 menunggu dikirim"
    assert rail.item(Page.REVIEW).data(DESCRIPTION) == "1 menunggu tinjauan"
    assert rail.item(Page.ENROLLMENT).data(WAITING_ROLE) == 0
    assert overview.waiting_work(ws) == overview.WaitingWork(to_send=1, to_review=1, drafts=0)
    # The ketua tim approves the flagged one: it joins the records to send.
    ws.switch_officer(demo.KETUA, demo.DEMO_PASSWORD)
    waiting = queue.list_reviews(ws)
    queue.approve(ws, waiting[0].record_id, "Jari diamputasi, sudah dicek")
    qtbot.waitUntil(lambda: rail.waiting(Page.SYNC) == 2 and rail.waiting(Page.REVIEW) == 0)
    assert rail.item(Page.SYNC).data(DESCRIPTION) == "2 menunggu dikirim"


def intake_targets(ws: Workspace, visit_id: str) -> list[str]:
    return [t for t, o in outcomes.visit_outcomes(ws, visit_id).items() if not o]


def test_the_badge_is_painted_in_the_palettes_accent(qtbot: QtBot) -> None:
    rail = NavigationRail()
    qtbot.addWidget(rail)
    palette = rail.palette()
    accent = QColor(0, 120, 60)
    palette.setColor(QPalette.ColorRole.Highlight, accent)
    rail.setPalette(palette)
    rail.add_screen("Sinkronisasi", "arrow_sync", "")
    rail.add_screen("Laporan", "document_text", "")
    rail.fit_width()
    rail.resize(rail.width(), 200)
    rail.show()
    qtbot.waitExposed(rail)
    rail.show_waiting(Page.HOME, 7, "7 menunggu dikirim")
    row = rail.visualItemRect(rail.item(0))
    image = rail.viewport().grab().toImage()
    # The right end of the first row holds the pill; the second row has none.
    right = [image.pixelColor(x, row.center().y()) for x in range(row.right() - 30, row.right())]
    assert accent in right
    other = rail.visualItemRect(rail.item(1))
    assert accent not in [
        image.pixelColor(x, other.center().y()) for x in range(other.right() - 30, other.right())
    ]
    assert rail.item(0).data(DESCRIPTION) == "7 menunggu dikirim"
    assert badge_text(7) == "7"
    assert badge_text(120) == "99+"


def test_icons_are_tinted_again_when_the_theme_changes(qtbot: QtBot) -> None:
    rail = NavigationRail()
    qtbot.addWidget(rail)
    rail.add_screen("Beranda", "home", "")
    palette = rail.palette()
    palette.setColor(QPalette.ColorRole.Text, QColor(10, 200, 10))
    rail.setPalette(palette)
    image = rail.item(0).icon().pixmap(QSize(20, 20)).toImage()
    inked = [
        image.pixelColor(x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() >= 160  # the strokes, not their soft edges
    ]
    assert inked, "the icon drew nothing"
    for colour in inked:
        assert abs(colour.red() - 10) <= 3, colour
        assert abs(colour.green() - 200) <= 3, colour
        assert abs(colour.blue() - 10) <= 3, colour


@pytest.mark.parametrize("count", [0, -1])
def test_nothing_waiting_shows_no_badge_and_says_nothing(qtbot: QtBot, count: int) -> None:
    rail = NavigationRail()
    qtbot.addWidget(rail)
    rail.add_screen("Beranda", "home", "")
    rail.show_waiting(Page.HOME, count, "words")
    assert rail.waiting(Page.HOME) == 0
    assert not rail.item(0).data(DESCRIPTION)


def _spoken_rows(rail: NavigationRail) -> list[str]:
    """The rows' names as a screen reader gets them: the list's accessible children."""
    face = QAccessible.queryAccessibleInterface(rail)
    assert face is not None
    names = []
    for n in range(face.childCount()):
        child = face.child(n)
        if child is not None and child.role() == QAccessible.Role.ListItem:
            names.append(child.text(QAccessible.Text.Name))
    return names


def test_a_rows_count_is_part_of_its_accessible_name(qtbot: QtBot) -> None:
    """Issue 47, finding 12: a reader heard "Tinjauan" alone, the badge's "3" unsaid."""
    rail = NavigationRail()
    qtbot.addWidget(rail)
    rail.add_screen("Beranda", "home", "")
    rail.add_screen("Tinjauan", "checkmark", "")
    rail.show()
    qtbot.waitExposed(rail)
    rail.show_waiting(Page(1), 3, "3 menunggu tinjauan")
    assert _spoken_rows(rail) == ["Beranda", "Tinjauan, 3 menunggu tinjauan"]
    # The row's text (what the rail shows and the journeys click) is the name alone.
    assert rail.item(1).text() == "Tinjauan"
    # Nothing waits any more: the name is the screen's alone again.
    rail.show_waiting(Page(1), 0, "")
    assert _spoken_rows(rail) == ["Beranda", "Tinjauan"]
