"""The berita acara of the sarpras return, read back from a real PDF."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from fieldkit.accounts import Accounts
from fieldkit.errors import InvalidInput
from fieldkit.reports import sarpras_report
from fieldkit.sarpras import checklist
from fieldkit.sarpras.checklist import ItemStatus, Phase
from fieldkit.workspace import Workspace
from tests.fieldkit.planning.planning_support import KETUA, PASSWORD, plan_visit
from tests.fieldkit.reports.report_support import (
    assert_page_one_is_not_blank,
    assert_signatures_keep_their_closing,
    pdf_text,
)
from tests.support import ADMIN, ADMIN_PASSWORD, cli


def test_the_return_lists_each_item_and_the_pengurus_barang_accepts(
    workspace: Workspace, tmp_path: Path
) -> None:
    visit = plan_visit(workspace)[0].id
    Accounts(workspace).set_officer_details(KETUA, nip="197001012000031001", rank="Penata, III/c")
    with pytest.raises(InvalidInput) as early:
        sarpras_report.ba_pengembalian_sarpras(workspace, visit, tmp_path / "x.pdf")
    assert early.value.code == "no_checkin_checklist"
    checklist.run_self_tests(workspace, visit, Phase.CHECKOUT, sim=True)
    checklist.record_checkout_item(
        workspace, visit, "power_bank", status=ItemStatus.FAULTY, notes="tidak mengisi daya"
    )
    checklist.mark_rest_ok(workspace, visit, Phase.CHECKOUT)
    checklist.run_self_tests(workspace, visit, Phase.CHECKIN, sim=True)
    checklist.record_checkin_item(
        workspace,
        visit,
        "power_bank",
        baik=True,
        lengkap=True,
        bersih=True,
        notes="baterai diganti baru",
    )
    checklist.record_checkin_item(
        workspace, visit, "cables", baik=True, lengkap=True, bersih=False, notes="berdebu"
    )
    view = checklist.mark_rest_ok(workspace, visit, Phase.CHECKIN)
    for key in view.incomplete:
        checklist.record_checkin_item(workspace, visit, key, quantity=1)
    with Workspace.login(workspace.directory, KETUA, PASSWORD) as ketua:
        checklist.sign_checklist(ketua, visit, Phase.CHECKIN)
        checklist.record_acceptance(ketua, visit, "Sutrisno")

    out = tmp_path / "ba-sarpras.pdf"
    done = cli(
        "report",
        "ba-sarpras",
        "--visit",
        visit,
        "--out",
        str(out),
        "--json",
        env={"FIELDKIT_PASSWORD": ADMIN_PASSWORD, "FIELDKIT_OFFICER": ADMIN},
    )
    assert done.returncode == 0, done.stdout
    assert json.loads(done.stdout)["report"] == "ba-sarpras"
    assert_page_one_is_not_blank(out, tmp_path)
    text = pdf_text(out)
    for expected in (
        "BERITA ACARA PENGEMBALIAN SARANA DAN PRASARANA PEREKAMAN",
        "Saat diambil",
        "Baik",
        "Lengkap",
        "Bersih",
        "baterai diganti baru",
        "berdebu",
        "Desa/Kelurahan Sumberjo",
        "diterima kembali oleh pengurus barang, Sutrisno",
        "Budi Santoso",  # the ketua tim who signed
        "Pengurus Barang",
        "NIP. 19700101 200003 1 001",  # the ketua's, from the officer record
        "Penata, III/c",
    ):
        assert expected in text, expected
    layout = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    power_bank = next(line for line in layout.splitlines() if "Power bank" in line)
    assert "rusak" in power_bank  # how it left, beside how it came back
    assert "Ya" in power_bank
    # 17 rows push the signatures to page 2: the acceptance sentence goes with them.
    assert_signatures_keep_their_closing(out, "Yang menerima,", "telah diterima kembali")
