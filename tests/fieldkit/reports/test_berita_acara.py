"""The berita acara of a visit and the daily recap, built from outcomes kept after sealing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fieldkit.enrollment.errors import UnknownVisit
from fieldkit.errors import InvalidInput
from fieldkit.records import outbox
from fieldkit.reports import berita_acara
from fieldkit.reports.pdf import tanggal
from fieldkit.review import queue
from fieldkit.workspace import Workspace
from tests.fieldkit.planning.planning_support import KETUA, PASSWORD, VISIT_DATE
from tests.fieldkit.reports.report_support import (
    WALI,
    assert_page_one_is_not_blank,
    assert_signatures_keep_their_closing,
    embedded_images,
    pdf_text,
    recorded_visit,
)


def test_the_berita_acara_says_who_consented_and_a_wali_s_relation(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Issue 47: the BA names who consented for each recorded person, a wali with the relation."""
    visit = recorded_visit(workspace, tmp_path, wali=True)
    report = berita_acara.visit_report(workspace, visit.visit_id)
    own, for_her = report.people[0], report.people[1]
    assert own.consent is None
    assert for_her.consent == berita_acara.ConsentEntry("guardian", WALI.name, WALI.relation)
    text = pdf_text(berita_acara.ba_perekaman(workspace, visit.visit_id, tmp_path / "b.pdf"))
    section = text[text.index("E. Persetujuan Perekaman") : text.index("F. Waktu Perekaman")]
    assert "1 (satu) orang yang direkam memberikan persetujuan sendiri; 1 (satu) orang" in section
    for cell in ("Sasaran Uji 1", "wali", WALI.relation, WALI.name):
        assert cell in section, cell
    assert "Sasaran Uji 0" not in section  # she consented herself


def test_ba_perekaman_and_rekap_harian(workspace: Workspace, tmp_path: Path) -> None:
    visit = recorded_visit(workspace, tmp_path)

    report = berita_acara.visit_report(workspace, visit.visit_id[:8])
    assert report.counts["recorded"] == 2
    assert report.counts["not_at_home"] == report.counts["deceased"] == 1
    assert report.counts["revisit"] == 1
    assert report.counts["none"] == 0
    amputee = report.people[0]
    assert [e.part for e in amputee.flags.exceptions] == ["finger:8", "finger:9"]
    assert report.time.count == 2
    assert report.time.over_sop == 0

    pdf = berita_acara.ba_perekaman(workspace, visit.visit_id, tmp_path / "ba.pdf")
    assert_page_one_is_not_blank(pdf, tmp_path)
    assert embedded_images(pdf) == 0  # no photo of any kind, ever
    text = pdf_text(pdf)
    for expected in (
        "BERITA ACARA PELAKSANAAN PEREKAMAN KTP-EL",
        "PEMERINTAH KABUPATEN GROBOGAN",
        "Senin, 30 November 2026",
        "A. Tim Pelaksana",
        "Budi Santoso",
        "Siti Aminah",
        "B. Sasaran dan Hasil Perekaman (5 (lima) orang)",
        "Sasaran Uji 0",
        "Sasaran Uji 4",
        "Terekam",
        f"Tidak di tempat (kunjungan ulang {tanggal(visit.revisit)})",
        "Meninggal dunia",
        f"Kunjungan ulang ({tanggal(visit.revisit)})",
        "C. Rekapitulasi Hasil",
        "D. Pengecualian Biometrik",
        "jari tengah kiri (8): Diamputasi / tidak ada (permanen)",
        "E. Persetujuan Perekaman",
        "F. Waktu Perekaman (standar SOP: 30 menit per orang)",
        "Melebihi 30 menit : 0 orang",
        "Ketua Tim Perekaman",
        "Saksi",
        "Aparat Desa/Kelurahan Sumberjo",
    ):
        assert expected in text, expected
    assert_signatures_keep_their_closing(pdf, "Saksi,", "Demikian berita acara ini dibuat")

    recap = berita_acara.daily_recap(workspace, VISIT_DATE)
    assert recap.counts["recorded"] == 2
    assert recap.by_category["lansia"] == {"targets": 1, "recorded": 1}
    assert recap.by_category["odgj"] == {"targets": 1, "recorded": 0}
    # The amputee's record waits for the ketua tim: held, not "sealed, not sent yet".
    assert recap.record_states == {"AWAITING_REVIEW": 1, "SEALED": 1}
    pdf = berita_acara.rekap_harian(workspace, VISIT_DATE, tmp_path / "rekap.pdf")
    assert_page_one_is_not_blank(pdf, tmp_path)
    text = pdf_text(pdf)
    for expected in (
        "REKAPITULASI HARIAN PEREKAMAN KTP-EL JEMPUT BOLA",
        "Senin, 30 November 2026",
        "Sumberjo",
        "B. Hasil per Jenis",
        "C. Per Kategori Penduduk Rentan",
        "ODGJ",
        "Terbaring sakit",
        "E. Rekaman Tersegel dan Status Sinkronisasi",
        "Menunggu tinjauan ketua tim, belum dikirim 1",
        "Tersegel, belum dikirim 1",
        "Jumlah rekaman tersegel 2",
    ):
        assert expected in text, expected


def test_a_report_for_an_unknown_visit_or_an_empty_day_is_refused(
    workspace: Workspace, tmp_path: Path
) -> None:
    with pytest.raises(UnknownVisit) as unknown:
        berita_acara.ba_perekaman(workspace, "deadbeef", tmp_path / "x.pdf")
    assert unknown.value.params["visit"] == "deadbeef"
    assert "There is no visit deadbeef" in unknown.value.message
    with pytest.raises(InvalidInput, match="no visit on 2026-01-05"):
        berita_acara.rekap_harian(workspace, dt.date(2026, 1, 5), tmp_path / "y.pdf")
    assert not (tmp_path / "x.pdf").exists()
    assert not (tmp_path / "y.pdf").exists()


def test_flags_are_sorted_into_exceptions_forced_and_thumbprint() -> None:
    summary = berita_acara.FlagSummary.parse(
        (
            "exception:eye:left:blind_or_eye_disease:permanent",
            "forced:face:3:device_limit",
            "thumbprint_for_signature",
            "warning:nik_date_mismatch",
        )
    )
    assert summary.forced == 1
    assert summary.thumbprint
    assert summary.text_id == (
        "mata kiri: Disabilitas netra / penyakit mata (permanen); 1 pengambilan di bawah "
        "ambang mutu; cap jempol pengganti tanda tangan"
    )


def test_a_record_the_ketua_returned_is_not_counted_as_recorded(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Issue 36, finding 1: a person the ketua tim returned for recapture printed as
    "Terekam" in the berita acara and the rekap harian, while Tinjauan said the record is
    not sent and the person is on the revisit list.  A signed document says what happened.
    """
    visit = recorded_visit(workspace, tmp_path)
    workspace.switch_officer(KETUA, PASSWORD)
    queue.return_for_recapture(workspace, visit.records[0], "foto bukti kabur")
    report = berita_acara.visit_report(workspace, visit.visit_id)
    assert report.counts["recorded"] == 1
    assert report.counts[berita_acara.RETURNED_KEY] == 1
    returned = report.people[0]
    assert returned.returned
    assert returned.outcome_id == f"{berita_acara.RETURNED_LABEL}: foto bukti kabur"
    assert not report.people[1].returned  # the other recorded person, not flagged
    recap = berita_acara.daily_recap(workspace, report.visit.visit_date)
    assert recap.counts["recorded"] == 1
    assert recap.counts[berita_acara.RETURNED_KEY] == 1
    for pdf in (
        berita_acara.ba_perekaman(workspace, visit.visit_id, tmp_path / "ba.pdf"),
        berita_acara.rekap_harian(workspace, report.visit.visit_date, tmp_path / "rekap.pdf"),
    ):
        text = " ".join(pdf_text(pdf).split())
        assert "Dikembalikan ketua tim (perlu rekam ulang)" in text, pdf.name
        # The time section counts the recordings timed (two), not people "terekam" (one).
        assert "Perekaman diukur : 2" in text, pdf.name
        assert "Orang terekam" not in text, pdf.name


def test_a_record_the_data_center_rejected_is_not_counted_as_recorded(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Observation 3: the BA counted as "terekam" records the data center had refused."""
    visit = recorded_visit(workspace, tmp_path)
    with workspace.transaction() as session:
        outbox.mark_server_state(
            session, visit.records[1], outbox.RecordStatus.REJECTED, reason="kid_unknown"
        )
    report = berita_acara.visit_report(workspace, visit.visit_id)
    assert report.counts["recorded"] == 1
    assert report.counts[berita_acara.REJECTED_KEY] == 1
    assert report.people[1].outcome_id == berita_acara.REJECTED_LABEL
    recap = berita_acara.daily_recap(workspace, report.visit.visit_date)
    assert recap.counts["recorded"] == 1
    pdf = berita_acara.ba_perekaman(workspace, visit.visit_id, tmp_path / "ba.pdf")
    assert "Ditolak data center (perlu rekam ulang)" in pdf_text(pdf)


def test_the_rekap_says_a_closed_duplicate_and_where_its_card_comes_from(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Issue 48: the office closed a second recording; the rekap says so in words."""
    visit = recorded_visit(workspace, tmp_path)
    with workspace.transaction() as session:
        outbox.mark_server_state(
            session, visit.records[1], outbox.RecordStatus.SENT, server_state="DUPLICATE_CLOSED"
        )
    report = berita_acara.visit_report(workspace, visit.visit_id)
    pdf = berita_acara.rekap_harian(workspace, report.visit.visit_date, tmp_path / "rekap.pdf")
    text = " ".join(pdf_text(pdf).split())
    assert "Data center: ditutup, rekaman ganda (KTP-el dari rekaman sebelumnya) 1" in text
