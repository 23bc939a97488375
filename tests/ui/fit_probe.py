"""Open the demo's main window on a screen of a given size and list what does not fit.

Run as ``python -m tests.ui.fit_probe WIDTH HEIGHT`` from the repository, in its
own process: the screen's size is fixed when Qt starts (Qt's offscreen plugin
takes it from a config file; under Xvfb the X server has it), so each size
needs a fresh process.  It prints one JSON object: the screen, the window's
frame after each screen was shown, and every problem found.  The test in
``test_fits_the_screen.py`` runs it and asserts there are no problems.

A problem is: the window's frame outside the screen's free area; a control
(button, field, list, table) outside the window or hidden even after its
screen is scrolled to it; a screen that needs a horizontal scroll bar; a
table whose columns are wider than the table, or a column narrower than its
title.  The app's theme is applied as at start-up: its type scale and paddings
are what made screens wider than a 1280-px window (1920 at 150 %, issue 47 D9).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path


def _configure_platform(width: int, height: int) -> None:
    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    if platform.startswith("offscreen"):
        config = Path(tempfile.mkdtemp(prefix="fit-probe-")) / "screens.json"
        screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height}
        screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
        config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def main(width: int, height: int) -> dict[str, object]:  # noqa: C901, PLR0915 - one walk
    _configure_platform(width, height)
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QApplication,
        QComboBox,
        QLineEdit,
        QScrollArea,
        QTableView,
        QTableWidget,
        QTabWidget,
        QWidget,
    )

    app = QApplication([])
    from ui import (
        demo,
        i18n,
        main_window,
    )
    from ui.main_window import MainWindow, Page

    # Any scroll area holding a whole screen (so the probe also runs on older layouts).
    page_frame = getattr(main_window, "PageFrame", QScrollArea)

    i18n.install(app, "id")
    from ui.design import theme

    theme.install(app, None)  # the app's type scale and paddings, as a laptop runs it
    made = demo.create(Path(tempfile.mkdtemp(prefix="fit-probe-home-")))
    window = MainWindow(made.workspace, demo=True)
    window.show()
    QTest.qWaitForWindowExposed(window)
    QTest.qWait(400)  # the fits after the window manager's frame (see MainWindow.showEvent)
    available = window.screen().availableGeometry()
    problems: list[str] = []
    frames: dict[str, list[int]] = {}

    def name_of(widget: QWidget) -> str:
        text = getattr(widget, "text", None)
        label = text() if callable(text) else ""
        return (
            f"{type(widget).__name__} {label or widget.accessibleName() or widget.objectName()!r}"
        )

    def frame_of(widget: QWidget) -> QScrollArea | None:
        parent = widget.parentWidget()
        while parent is not None and not isinstance(parent, page_frame):
            parent = parent.parentWidget()
        return parent

    def check(where: str) -> None:
        app.processEvents()
        frame = window.frameGeometry()
        frames[where] = list(frame.getRect())
        if not available.contains(frame):
            problems.append(
                f"{where}: window frame {frame.getRect()} outside {available.getRect()}"
            )
        shown = window.stack.currentWidget()
        if isinstance(shown, page_frame) and shown.horizontalScrollBar().maximum() > 0:
            problems.append(
                f"{where}: the screen needs a horizontal scroll bar "
                f"({shown.widget().minimumSizeHint().width()} px wide in {shown.width()} px)"
            )
        controls = (QAbstractButton, QComboBox, QLineEdit, QAbstractItemView)
        for widget in window.findChildren(QWidget):
            if not isinstance(widget, controls) or not widget.isVisible():
                continue
            if isinstance(widget.parentWidget(), QComboBox | QAbstractItemView):
                continue  # a combo's own list, a table's corner button
            problems.extend(f"{where}: {name_of(widget)} {p}" for p in control_problems(widget))

    def control_problems(widget: QWidget) -> list[str]:
        scroller = frame_of(widget)
        if scroller is not None and widget.visibleRegion().boundingRect() != widget.rect():
            # Reachable if scrolling its screen (up or down: a long screen scrolls; the
            # issue asks for scroll areas where content is long) shows it whole.
            # The whole widget, not ensureWidgetVisible's: for a line edit that shows only
            # the text cursor's rectangle, leaving the field's bottom edge under the fold.
            centre = widget.mapTo(scroller.widget(), widget.rect().center())
            scroller.ensureVisible(
                centre.x(), centre.y(), widget.width() // 2 + 1, widget.height() // 2 + 1
            )
            app.processEvents()
        rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        if not window.rect().contains(rect):
            return [f"at {rect.getRect()} outside the window"]
        found = []
        if widget.visibleRegion().boundingRect() != widget.rect():
            found.append("is cut off or hidden")
        if isinstance(widget, QTableView):
            columns, room = widget.horizontalHeader().length(), widget.viewport().width()
            if columns > room + 1:
                found.append(f"columns are {columns} px in {room} px")
            header = widget.horizontalHeader()
            # A header cut to "incia" (Pengaturan's "Rincian", issue 47 D9): a list's
            # column never goes under its own title.  (Perencanaan's targets view keeps
            # fixed widths for its 100 000 rows: not judged here.)
            judged = isinstance(widget, QTableWidget)
            for column in range(header.count() if judged else 0):
                cut = header.sectionSizeHint(column) - header.sectionSize(column)
                if not header.isSectionHidden(column) and cut > 1:
                    title = widget.model().headerData(column, Qt.Orientation.Horizontal)
                    found.append(f"column {title!r} is {cut} px short of its title")
        return found

    for page in Page:
        window.show_page(page)
        app.processEvents()
        shown = window.stack.currentWidget()
        if page is Page.SARPRAS:
            window.sarpras.table.selectRow(0)
        tabs = [t for t in shown.findChildren(QTabWidget) if t.isVisible()] if shown else []
        check(page.name.lower())
        for tab_widget in tabs:
            for index in range(tab_widget.count()):
                tab_widget.setCurrentIndex(index)
                check(f"{page.name.lower()}/{tab_widget.tabText(index)}")
    # Pengaturan with a serial backend chosen: the port list shows, with Windows' long names.
    from serial.tools import list_ports
    from serial.tools.list_ports_common import ListPortInfo

    listed = []
    for device, description in [
        ("COM10", "Silicon Labs CP210x USB to UART Bridge (COM10)"),
        ("COM1", "Communications Port (COM1)"),
    ]:
        port = ListPortInfo(device, skip_link_detection=True)
        port.description = description
        listed.append(port)
    list_ports.comports = lambda: listed
    window.show_page(Page.SETTINGS)
    settings = window.settings
    ports_seen: list[object] = []
    settings.ports_listed.connect(ports_seen.append)
    settings.pin_kind.setCurrentIndex(settings.pin_kind.findData("fingerprint"))
    settings.pin_backend.setCurrentIndex(settings.pin_backend.findData("zfm"))
    for _ in range(1000):  # the list comes from a worker thread: up to 10 s
        if ports_seen:
            break
        QTest.qWait(10)
    if settings.pin_port.count() != len(listed):
        problems.append(f"settings/serial port: {settings.pin_port.count()} ports listed")
    check("settings/serial port")
    # Tinjauan's review tab is the ketua tim's alone: walk it as the ketua tim too.
    window.close()
    made.workspace.switch_officer(demo.KETUA, demo.DEMO_PASSWORD)
    window = MainWindow(made.workspace, demo=True)
    window.show()
    QTest.qWaitForWindowExposed(window)
    QTest.qWait(400)
    window.show_page(Page.REVIEW)
    app.processEvents()
    shown = window.stack.currentWidget()
    for tab_widget in [t for t in shown.findChildren(QTabWidget) if t.isVisible()]:
        for index in range(tab_widget.count()):
            tab_widget.setCurrentIndex(index)
            check(f"review as ketua tim/{tab_widget.tabText(index)}")
    window.close()
    made.workspace.close()
    return {
        "screen": list(window.screen().geometry().getRect()),
        "available": list(available.getRect()),
        "frames": frames,
        "problems": problems,
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))  # noqa: T201 - the test reads it
