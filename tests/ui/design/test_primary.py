"""One primary action a screen: never two accent buttons in sight (issue 36, "Actions")."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from fieldkit.workspace import Workspace
from ui.main_window import MainWindow, Page


def _primaries_in_sight(screen: QWidget) -> list[str]:
    return [
        button.text()
        for button in screen.findChildren(QPushButton)
        if button.property("role") == "primary" and button.isVisible()
    ]


def test_no_screen_or_tab_shows_two_primary_buttons(qtbot: QtBot, demo_ws: Workspace) -> None:
    window = MainWindow(demo_ws, demo=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    seen: dict[str, list[str]] = {}
    for page in Page:
        window.show_page(page)
        screen = window.stack.currentWidget()
        tab_sets = [t for t in screen.findChildren(QTabWidget) if t.isVisible()]
        views = [(page.name, None, -1)]
        views += [(page.name, tabs, index) for tabs in tab_sets for index in range(tabs.count())]
        for name, tabs, index in views:
            if tabs is not None:
                tabs.setCurrentIndex(index)
            label = name if tabs is None else f"{name}/{tabs.tabText(index)}"
            seen[label] = _primaries_in_sight(screen)
    crowded = {label: texts for label, texts in seen.items() if len(texts) > 1}
    assert not crowded, crowded
    # The screens whose main action is one button have it marked.
    for label in ("PLANNING/Requests", "PLANNING/Targets", "SARPRAS", "SYNC", "REPORTS"):
        matches = [texts for key, texts in seen.items() if key.startswith(label)]
        assert matches, (label, sorted(seen))
        assert any(len(texts) == 1 for texts in matches), (label, matches)
