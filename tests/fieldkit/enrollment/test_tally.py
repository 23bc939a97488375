"""One day, one set of numbers: Beranda, Tinjauan, the berita acara and the rekap agree (issue 47).

The day: six people on one visit.  Two recorded (the first with two amputated
fingers, so her record waits for the ketua tim, who then returns it for
recapture), one not at home, one deceased, one to revisit, and a walk-in met on
the spot without a category, whose recording is not finished.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from fieldkit import nik, overview
from fieldkit.demo import synthetic_person
from fieldkit.enrollment import intake, tally
from fieldkit.records import outbox
from fieldkit.reports import berita_acara
from fieldkit.review import day, queue
from fieldkit.workspace import Workspace
from tests.fieldkit.planning.planning_support import KECAMATAN, KETUA, PASSWORD, VISIT_DATE
from tests.fieldkit.reports.report_support import pdf_text, recorded_visit


def _walk_in_without_a_category(ws: Workspace, visit_id: str) -> str:
    born = dt.date(1951, 4, 9)
    walk_in = dataclasses.replace(
        synthetic_person(60, KECAMATAN),
        nik=nik.synthetic_nik(KECAMATAN, born, nik.Sex.MALE, 60),
        birth_date=born,
        sex="L",
        name="Pejalan Kaki",
        categories=(),
    )
    return intake.add_person(ws, visit_id, walk_in)


def test_the_screen_the_rekap_and_the_ba_count_one_day_the_same(
    workspace: Workspace, tmp_path: Path
) -> None:
    visit = recorded_visit(workspace, tmp_path)
    _walk_in_without_a_category(workspace, visit.visit_id)
    workspace.switch_officer(KETUA, PASSWORD)
    queue.return_for_recapture(workspace, visit.records[0], "foto bukti kabur")

    report = berita_acara.visit_report(workspace, visit.visit_id)
    recap = berita_acara.daily_recap(workspace, VISIT_DATE)
    (progress,) = overview.visits_on(workspace, VISIT_DATE)
    today = day.day_view(workspace, VISIT_DATE)
    with workspace.transaction() as session:
        shared = tally.counts_per_visit(session, [visit.visit_id])[visit.visit_id]

    # Recorded: one (the returned one is not), on Beranda's "Selesai" as on paper.
    assert shared["recorded"] == 1
    assert progress.recorded == 1, "Beranda counted a returned person as done"
    assert report.counts["recorded"] == recap.counts["recorded"] == 1
    assert progress.remaining == len(report.people) - 1 == 5
    states = today.counts()
    assert states[day.TargetState.RECORDED] + states[day.TargetState.AWAITING_REVIEW] == 1
    assert states[day.TargetState.RETURNED] == report.counts[tally.RETURNED_KEY] == 1
    assert sum(shared.values()) == len(report.people) == len(today.targets) == 6

    # By category: everyone is in a row, the walk-in under "Tanpa kategori".
    rows = recap.by_category
    assert rows[tally.NO_CATEGORY] == {"targets": 1, "recorded": 0}
    listed = sum(len(p.categories) or 1 for p in report.people)
    assert sum(r["targets"] for r in rows.values()) == listed == 6
    assert sum(r["recorded"] for r in rows.values()) == 1

    # The records: the returned one is held, never "sealed, not sent yet".
    assert recap.record_states == {"RETURNED": 1, "SEALED": 1}
    text = pdf_text(berita_acara.rekap_harian(workspace, VISIT_DATE, tmp_path / "rekap.pdf"))
    section_e = text[text.index("E. Rekaman Tersegel") :]
    assert "Tersegel, belum dikirim 1" in section_e
    assert "Dikembalikan ketua tim, tidak akan dikirim 1" in section_e
    assert "Jumlah rekaman tersegel 2" in section_e
    section_c = text[text.index("C. Per Kategori") : text.index("D. Waktu")]
    assert "Tanpa kategori 1 0" in section_c
    section_a = text[text.index("A. Kunjungan") : text.index("B. Hasil")]
    assert section_a.strip().endswith("6 1 5"), section_a  # sasaran, terekam, belum terekam

    # Beranda's own line of the outbox: the returned record is not "not sent yet".
    assert overview.queue_overview(workspace).not_sent == 1


def test_a_record_the_data_center_refused_is_not_recorded_on_tinjauan_either(
    workspace: Workspace, tmp_path: Path
) -> None:
    """The day view said "terekam" for a person the berita acara lists as refused."""
    visit = recorded_visit(workspace, tmp_path)
    with workspace.transaction() as session:
        outbox.mark_server_state(
            session, visit.records[1], outbox.RecordStatus.REJECTED, reason="kid_unknown"
        )
    today = day.day_view(workspace, VISIT_DATE)
    report = berita_acara.visit_report(workspace, visit.visit_id)
    (progress,) = overview.visits_on(workspace, VISIT_DATE)
    states = {t.target_id: t.state for t in today.targets}
    assert states[visit.targets[1]] is day.TargetState.REJECTED
    assert report.counts[tally.REJECTED_KEY] == 1
    recorded = today.counts()
    assert recorded[day.TargetState.RECORDED] + recorded[day.TargetState.AWAITING_REVIEW] == 1
    assert progress.recorded == report.counts["recorded"] == 1


def test_a_person_waiting_for_review_counts_as_recorded_everywhere(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Waiting is not returned: still "terekam" on paper, and done on Beranda."""
    visit = recorded_visit(workspace, tmp_path)
    (progress,) = overview.visits_on(workspace, VISIT_DATE)
    report = berita_acara.visit_report(workspace, visit.visit_id)
    assert progress.recorded == report.counts["recorded"] == 2
    recap = berita_acara.daily_recap(workspace, VISIT_DATE)
    assert recap.record_states == {"AWAITING_REVIEW": 1, "SEALED": 1}
    assert overview.queue_overview(workspace).not_sent == 2
