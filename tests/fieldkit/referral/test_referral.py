"""Referral of recorded vulnerable people to Dinsos: marking, CSV for Excel, PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit import referral
from fieldkit.enrollment.errors import UnknownTarget
from fieldkit.workspace import Workspace
from tests.fieldkit.reports.report_support import (
    assert_page_one_is_not_blank,
    pdf_text,
    recorded_visit,
)
from tests.support import wildcard_twin


def test_mark_and_export_csv_and_pdf(workspace: Workspace, tmp_path: Path) -> None:
    ws = workspace
    with pytest.raises(referral.EmptyReferralList, match="nothing to export"):
        referral.export_csv(ws, tmp_path / "empty.csv")
    assert not (tmp_path / "empty.csv").exists()

    visit = recorded_visit(ws, tmp_path)
    recorded_lansia, recorded_disabled, not_at_home = visit.targets[:3]
    assert referral.candidates(ws) == [recorded_lansia, recorded_disabled]
    with pytest.raises(referral.NotEligible) as refused:
        referral.mark(ws, not_at_home)
    assert refused.value.params["problem"] == "not_recorded"
    entry = referral.mark(ws, recorded_lansia[:8], note="Belum menerima PKH")
    assert entry.name == "Sasaran Uji 0"
    referral.mark(ws, recorded_disabled)
    assert referral.candidates(ws) == []

    raw = referral.export_csv(ws, tmp_path / "dtks.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("No;NIK;No. KK;Nama Lengkap;")
    assert len(lines) == 3
    first = lines[1].split(";")
    assert first[1].startswith('"=""')  # ="..." keeps all 16 digits in Excel
    assert first[1].endswith('"""')
    assert "Sasaran Uji 0" in lines[1]
    assert "Belum menerima PKH" in lines[1]
    assert "Disabilitas" in lines[2]

    pdf = referral.export_pdf(ws, tmp_path / "dtks.pdf")
    assert_page_one_is_not_blank(pdf, tmp_path)
    text = pdf_text(pdf)
    for expected in ("DAFTAR USULAN DTKS", "2 (dua) orang", "Sasaran Uji 0", "Sasaran Uji 1"):
        assert expected in text, expected


def test_percent_and_underscore_in_an_id_prefix_match_only_themselves(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Issue 24: a target or visit id prefix is literal, not an SQL LIKE pattern."""
    ws = workspace
    visit = recorded_visit(ws, tmp_path)
    recorded = visit.targets[0]
    for ref in (wildcard_twin(recorded), "%%%%"):
        with pytest.raises(UnknownTarget) as unknown:
            referral.mark(ws, ref)
        assert unknown.value.code == "unknown_target", ref
    assert referral.candidates(ws, wildcard_twin(visit.visit_id)) == []
    assert referral.candidates(ws, "%") == []
    assert referral.candidates(ws, visit.visit_id[:8]) == visit.targets[:2]
    assert referral.list_referrals(ws) == []


def test_formula_like_text_is_defused_for_excel() -> None:
    assert referral._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert referral._cell("Jalan Mawar") == "Jalan Mawar"
