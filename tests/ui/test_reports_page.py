"""Laporan's lists and form (issue 36): an empty documents list says how to make one, and a
document that needs a visit, asked for with none planned, is refused under the Visit field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fieldkit.workspace import Workspace
from ui.design import field_error
from ui.design.empty import EmptyState
from ui.reports_page import ReportsPage


def test_no_documents_says_how_to_make_one_and_no_visit_is_said_at_the_visit(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    page = ReportsPage(workspace)
    qtbot.addWidget(page)
    page.refresh()
    page.show()
    qtbot.waitExposed(page)
    words = page.documents.viewport().findChild(EmptyState)
    assert words is not None
    assert words.isVisible()
    assert words.text() == (
        "Belum ada dokumen di laptop ini.\nPilih dokumen dan kunjungan di atas, lalu klik Buat PDF."
    )
    page.kind.setCurrentIndex(page.kind.findData("ba-perekaman"))
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    assert field_error(page.visit).startswith("Belum ada kunjungan untuk dipilih")
    assert page.status.text() == ""
    page.kind.setCurrentIndex(page.kind.findData("rekap-harian"))  # a day's document: no visit
    assert field_error(page.visit) == ""
