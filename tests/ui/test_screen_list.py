"""The screens are listed once (``ui.screens``): the sidebar, shortcuts, roles and build follow.

The end-to-end journeys find each screen by its sidebar name, and people by its
Ctrl+<n>: both must stay as they were when the list moved into one table.  Who
is offered which screen is tested with the screens themselves (a petugas on
Tinjauan, ``test_review_page``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence

from ui.main_window import MainWindow
from ui.screens import PAGE_MODULES, SCREENS, Page

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from fieldkit.workspace import Workspace


def test_the_table_lists_every_screen_once_in_sidebar_order() -> None:
    assert [screen.page for screen in SCREENS] == list(Page)
    assert [screen.shortcut for screen in SCREENS] == [f"Ctrl+{n}" for n in range(1, 10)]
    # Every screen but Home is built on first show, and warmed meanwhile; OpenCV's last.
    assert sorted(PAGE_MODULES) == sorted(s.module for s in SCREENS if s.module is not None)
    assert PAGE_MODULES[-1] == "ui.enrollment.page"


def test_the_sidebar_and_go_menu_follow_the_table(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    names = [window.sidebar.item(row).text() for row in range(window.sidebar.count())]
    assert names == [
        "Beranda",
        "Perencanaan",
        "Perekaman",
        "Sarpras",
        "Sinkronisasi",
        "Laporan",
        "Pengaturan",
        "Tinjauan",
        "Serah terima",
    ]
    assert [a.text() for a in window.page_actions] == names
    assert [a.shortcut() for a in window.page_actions] == [
        QKeySequence(f"Ctrl+{n}") for n in range(1, 10)
    ]


def test_each_screen_is_built_as_its_row_says(qtbot: QtBot, workspace: Workspace) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    for screen in SCREENS:
        assert isinstance(window.page(screen.page), screen.widget_class()), screen.page.name
    window.close()
