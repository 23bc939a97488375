"""Perekaman's lists draw each state as the app's pill and say why they are empty (issue 36)."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from fieldkit import finish
from fieldkit.enrollment import flow, intake, outcomes
from fieldkit.enrollment.outcomes import Outcome
from ui import demo
from ui.design.pill import PILL_ROLE, PillDelegate, PillKind
from ui.enrollment.page import EnrollmentPage


def _pills(table: QTableWidget, column: int) -> dict[str, tuple[str, str]]:
    """Each row's name -> (its state cell's text, its pill kind)."""
    pills = {}
    for row in range(table.rowCount()):
        name, state = table.item(row, 0), table.item(row, column)
        assert name is not None
        assert state is not None
        pills[name.text()] = (state.text(), str(state.data(PILL_ROLE)))
    return pills


def test_each_persons_state_is_a_pill_of_its_kind(
    qtbot: QtBot, demo_data: demo.Demo, indonesian: None
) -> None:
    del indonesian
    ws, visit = demo_data.workspace, demo_data.visit_id
    page = EnrollmentPage(ws)
    qtbot.addWidget(page)
    page.refresh()
    start = page.start_screen
    assert isinstance(start.targets.itemDelegateForColumn(3), PillDelegate)
    assert isinstance(start.drafts.itemDelegateForColumn(2), PillDelegate)
    targets = list(outcomes.visit_outcomes(ws, visit))
    finish.record_outcome(ws, visit, targets[0], Outcome.NOT_AT_HOME, reason="Ke pasar")
    finish.record_outcome(ws, visit, targets[1], Outcome.REFUSED, reason="Tidak mau")
    finish.record_outcome(ws, visit, targets[2], Outcome.DECEASED, reason="")
    draft = intake.start_enrollment(ws, visit, target_ref=targets[3])
    flow.pause_enrollment(ws, draft.id)
    start.load_visit()
    pills = set(_pills(start.targets, 3).values())
    assert pills == {
        ("⌂ tidak di rumah", PillKind.WARNING.value),
        ("✖ menolak", PillKind.DANGER.value),
        ("✝ meninggal dunia", PillKind.NEUTRAL.value),
        ("◐ draf", PillKind.NEUTRAL.value),
        ("○ belum ada hasil", PillKind.NEUTRAL.value),
    }, pills
    assert set(_pills(start.drafts, 2).values()) == {("◐ dijeda", PillKind.NEUTRAL.value)}


def test_the_lists_say_why_they_are_empty_and_what_to_do(
    qtbot: QtBot, demo_data: demo.Demo, indonesian: None
) -> None:
    del indonesian
    ws, visit = demo_data.workspace, demo_data.visit_id
    page = EnrollmentPage(ws)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    start = page.start_screen
    start.tabs.setCurrentWidget(start.drafts_tab)
    # No draft yet: the Draf tab says what would be here and how it comes.
    assert start.drafts_tab.empty.isVisible()
    assert start.drafts_tab.empty.text() == (
        "Tidak ada perekaman yang dijeda pada kunjungan ini.\n"
        "Perekaman yang dijeda dengan tombol Jeda muncul di sini dan dapat dilanjutkan nanti."
    )
    target = next(iter(outcomes.visit_outcomes(ws, visit)))
    flow.pause_enrollment(ws, intake.start_enrollment(ws, visit, target_ref=target).id)
    start.load_visit()
    assert start.drafts.rowCount() == 1
    assert not start.drafts_tab.empty.isVisible()
    # Next week's visit has no list yet: where a list comes from, or a walk-in.
    start.tabs.setCurrentIndex(0)
    other = next(
        n for n in range(page.visit.count()) if page.visit.itemData(n) not in (None, visit)
    )
    page.visit.setCurrentIndex(other)
    assert start.targets.rowCount() == 0
    assert start.targets_empty.isVisible()
    assert "Perencanaan → Sasaran" in start.targets_empty.text()
    assert start.targets_empty.text().startswith("Belum ada orang di daftar kunjungan ini.")
    page.visit.setCurrentIndex(page.visit.findData(visit))
    assert start.targets.rowCount() == demo.TARGETS
    assert not start.targets_empty.isVisible()
